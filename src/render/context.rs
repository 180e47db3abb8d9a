//! The data each output's template gets: the shared base (site, build),
//! the current URL and kind, and what the output shows (a page with its
//! linked cards, a paginated list, a year, tags).

use serde_json::{json, Map, Value};
use tera::Context;

use super::cards::section_value;
use super::stats::Stats;
use super::{page_count, Job, RenderOptions, Renderer, LATEST_NEWS, LATEST_VOLUNTEER, PHOTO_NEWS};
use crate::model::Kind;
use crate::resolve::{PageId, Site};

/// Template, its `page_kind`, and the output's URL.
type Target = (&'static str, &'static str, String);

/// What every page's context starts from: the site and the build.
pub(super) fn base_context(site: &Site, options: &RenderOptions) -> Map<String, Value> {
    let c = &site.config;
    let mut base = Map::new();
    base.insert(
        "site".into(),
        json!({
            "title": c.title,
            "description": c.description,
            "hospital": c.hospital,
            "base_url": c.base_url,
            "language": c.language,
            "feed": c.feed,
            "search": c.search,
            "extra": c.extra,
            "nav": c.nav,
            "totals": site.totals,
            "logo": site.logo,
            "colors": c.colors,
            // The theme's shades of `colors`, as CSS custom properties.
            "color_vars": crate::config::colors::css_variables(&c.colors),
        }),
    );
    let built = options.built;
    base.insert(
        "pinpai".into(),
        json!({
            "version": env!("CARGO_PKG_VERSION"),
            "built_zh": format!("{}年{}月{}日", chrono::Datelike::year(&built), chrono::Datelike::month(&built), chrono::Datelike::day(&built)),
            "year": chrono::Datelike::year(&built),
        }),
    );
    base
}

impl Renderer<'_> {
    /// The template, URL and context of one output.
    pub(super) fn context(&self, job: &Job) -> (&'static str, String, Context) {
        let mut extra = Map::new();
        let (template, kind, url) = match job {
            Job::Home => self.home(&mut extra),
            Job::Page(id) => self.page(*id, &mut extra),
            Job::List { section, number } => self.list(*section, *number, &mut extra),
            Job::Year { year, number } => self.year(*year, *number, &mut extra),
            Job::Tags => self.tags(&mut extra),
            Job::Tag { tag, number } => self.tag(*tag, *number, &mut extra),
            Job::Search => ("search.html", "search", "/search/".into()),
            Job::NotFound => ("404.html", "404", "/404.html".into()),
            Job::Honors => {
                let (honors, count) = self.honors_value();
                extra.insert("honors".into(), honors);
                extra.insert("honor_count".into(), json!(count));
                (
                    "honors.html",
                    "honors",
                    super::milestones::HONORS_URL.into(),
                )
            }
            Job::Timeline => {
                extra.insert("timeline".into(), self.timeline_value());
                (
                    "timeline.html",
                    "timeline",
                    super::milestones::TIMELINE_URL.into(),
                )
            }
        };
        let mut map = self.base.clone();
        mark_active_nav(&mut map, &url);
        map.insert("current_url".into(), Value::String(url.clone()));
        map.insert("page_kind".into(), Value::String(kind.into()));
        map.extend(extra);
        let context = Context::from_value(Value::Object(map)).unwrap_or_default();
        (template, url, context)
    }

    fn home(&self, extra: &mut Map<String, Value>) -> Target {
        let site = self.site;
        extra.insert("section".into(), section_value(&site.home));
        let featured = |kind: Kind| -> Value {
            Value::Array(
                site.sections
                    .iter()
                    .filter(|s| s.kind == kind)
                    .flat_map(|s| s.pages.iter())
                    .filter(|&&id| site.pages[id].src.fields.featured())
                    .map(|&id| self.card(id))
                    .collect(),
            )
        };
        extra.insert("featured_branches".into(), featured(Kind::Branch));
        extra.insert("featured_members".into(), featured(Kind::Member));
        let records = site.records();
        let latest = &records[..records.len().min(LATEST_VOLUNTEER)];
        extra.insert("latest_volunteer".into(), self.cards_of(latest));
        extra.insert("latest_news".into(), Value::Array(self.latest_news()));
        extra.insert("photo_news".into(), Value::Array(self.photo_news()));
        insert_stats(extra, self.all_stats(), true);
        ("index.html", "index", "/".into())
    }

    fn page(&self, id: PageId, extra: &mut Map<String, Value>) -> Target {
        let page = &self.site.pages[id];
        extra.insert("page".into(), self.full_page(id));
        let info = page.src.kind.info();
        (info.page_template, info.page_kind, page.src.url.clone())
    }

    fn list(&self, section: usize, number: usize, extra: &mut Map<String, Value>) -> Target {
        let s = &self.site.sections[section];
        let mut value = section_value(s);
        if number > 1 {
            // The intro (and so its 送审稿 band) is on the first page only.
            value["pending"] = Value::Bool(false);
        }
        extra.insert("section".into(), value);
        let (paginator, url) = self.paginator(&s.pages, &s.url, number);
        extra.insert("paginator".into(), paginator);
        if s.kind == Kind::Volunteer {
            insert_stats(extra, self.all_stats(), number == 1);
            extra.insert("year".into(), Value::Null);
        }
        let info = s.kind.info();
        (info.list_template, info.list_kind, url)
    }

    fn year(&self, year: i32, number: usize, extra: &mut Map<String, Value>) -> Target {
        let records = &self.records_by_year[&year];
        let mut section = self
            .site
            .volunteer_section()
            .map(section_value)
            .unwrap_or_else(|| json!({}));
        section["title"] = Value::String(format!("{}年志愿服务", year));
        // A year's list shows no intro.
        section["pending"] = Value::Bool(false);
        extra.insert("section".into(), section);
        let (paginator, url) = self.paginator(records, &self.site.year_url(year), number);
        extra.insert("paginator".into(), paginator);
        insert_stats(extra, self.year_stats(year), number == 1);
        extra.insert("year".into(), json!(year));
        let info = Kind::Volunteer.info();
        (info.list_template, info.list_kind, url)
    }

    fn tags(&self, extra: &mut Map<String, Value>) -> Target {
        let tags: Vec<Value> = self
            .site
            .tags
            .iter()
            .map(|t| json!({"name": t.name, "slug": t.slug, "url": t.url, "count": t.pages.len()}))
            .collect();
        extra.insert("tags".into(), Value::Array(tags));
        ("tags.html", "tags", "/tags/".into())
    }

    fn tag(&self, tag: usize, number: usize, extra: &mut Map<String, Value>) -> Target {
        let t = &self.site.tags[tag];
        extra.insert(
            "tag".into(),
            json!({"name": t.name, "slug": t.slug, "url": t.url, "count": t.pages.len()}),
        );
        let (paginator, url) = self.paginator(&t.pages, &t.url, number);
        extra.insert("paginator".into(), paginator);
        ("tag.html", "tag", url)
    }

    fn card(&self, id: PageId) -> Value {
        Value::clone(&self.cards[id])
    }

    fn cards_of(&self, ids: &[PageId]) -> Value {
        Value::Array(ids.iter().map(|&id| self.card(id)).collect())
    }

    /// The newest dated pages of the plain sections (新闻动态 …).
    fn latest_news(&self) -> Vec<Value> {
        let site = self.site;
        let mut dated: Vec<PageId> = site
            .sections
            .iter()
            .filter(|s| s.kind == Kind::Page)
            .flat_map(|s| s.pages.iter().copied())
            .filter(|&id| site.pages[id].src.date.is_some())
            .collect();
        dated.sort_by(|&a, &b| site.pages[b].src.date.cmp(&site.pages[a].src.date));
        dated
            .into_iter()
            .take(LATEST_NEWS)
            .map(|id| self.card(id))
            .collect()
    }

    /// 图片新闻: the newest activities and articles with a picture (a
    /// `cover`, else a record's first photo), each card with `image` set.
    fn photo_news(&self) -> Vec<Value> {
        let site = self.site;
        let mut pictured: Vec<(PageId, &crate::images::WebImage)> = site
            .sections
            .iter()
            .filter(|s| matches!(s.kind, Kind::Page | Kind::Volunteer))
            .flat_map(|s| s.pages.iter().copied())
            .filter(|&id| site.pages[id].src.date.is_some())
            .filter_map(|id| {
                let images = &site.pages[id].images;
                images
                    .cover
                    .as_ref()
                    .or(images.photos.first())
                    .map(|image| (id, image))
            })
            .collect();
        pictured.sort_by(|a, b| {
            let date = |id: PageId| site.pages[id].src.date;
            date(b.0).cmp(&date(a.0)).then(a.0.cmp(&b.0))
        });
        pictured
            .into_iter()
            .take(PHOTO_NEWS)
            .map(|(id, image)| {
                let mut card = self.card(id);
                card["image"] = json!(image);
                card
            })
            .collect()
    }

    /// A page's full data: its card plus body and cross-linked cards.
    fn full_page(&self, id: PageId) -> Value {
        let page = &self.site.pages[id];
        let links = &page.links;
        let mut value = self.card(id);
        value["content"] = Value::String(page.html.to_string());
        value["toc"] = json!(page.toc.as_slice());
        match page.src.kind {
            Kind::Branch => {
                value["members"] = self.cards_of(&links.members);
                value["volunteer"] = self.cards_of(&links.records);
            }
            Kind::Member => {
                value["brand"] = links.brand.map_or(Value::Null, |b| self.card(b));
                value["volunteer"] = self.cards_of(&links.records);
            }
            Kind::Volunteer => {
                value["brands"] = self.cards_of(&links.brands);
                value["members"] = self.cards_of(&links.members);
            }
            Kind::Page => {}
        }
        value
    }

    /// The paginator for page `number` of a list, and that page's URL.
    fn paginator(&self, ids: &[PageId], base: &str, number: usize) -> (Value, String) {
        let per = self.site.config.paginate;
        let total_pages = page_count(ids.len(), per);
        let url_of = |n: usize| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}page/{n}/")
            }
        };
        let start = ((number - 1) * per).min(ids.len());
        let end = (start + per).min(ids.len());
        let links: Vec<Value> = page_window(number, total_pages)
            .into_iter()
            .map(|(n, gap_before)| {
                json!({"number": n, "url": url_of(n), "current": n == number, "gap_before": gap_before})
            })
            .collect();
        // Built by hand, not with json!: json! serializes a Value it is
        // given into a new one, which copied every card of every list page
        // a second time (3 % of a 10,000-page build).
        let optional = |url: Option<String>| url.map_or(Value::Null, Value::String);
        let mut paginator = Map::with_capacity(9);
        paginator.insert("pages".into(), self.cards_of(&ids[start..end]));
        paginator.insert("number".into(), number.into());
        paginator.insert("total_pages".into(), total_pages.into());
        paginator.insert("total_items".into(), ids.len().into());
        paginator.insert(
            "previous".into(),
            optional((number > 1).then(|| url_of(number - 1))),
        );
        paginator.insert(
            "next".into(),
            optional((number < total_pages).then(|| url_of(number + 1))),
        );
        paginator.insert("first".into(), Value::String(url_of(1)));
        paginator.insert("last".into(), Value::String(url_of(total_pages)));
        paginator.insert("links".into(), Value::Array(links));
        (Value::Object(paginator), url_of(number))
    }
}

/// The page numbers a list page links to: the first, the last, and two on
/// each side of the current one, each with whether numbers are left out
/// before it (…); a gap of one page shows that page instead. A fixed
/// handful per page, so that a list of 500 pages does not carry 500 links
/// on each of them (250,000 in all).
fn page_window(number: usize, total: usize) -> Vec<(usize, bool)> {
    let mut shown: Vec<usize> = vec![1, total];
    shown.extend(number.saturating_sub(2).max(1)..=(number + 2).min(total));
    shown.sort_unstable();
    shown.dedup();
    let mut window = Vec::with_capacity(shown.len() + 2);
    let mut previous = 0;
    for n in shown {
        if n == previous + 2 {
            window.push((previous + 1, false));
        }
        window.push((n, n > previous + 2));
        previous = n;
    }
    window
}

/// `stats` and `charts` of a volunteer list. Pages after the first get the
/// totals and the years only, and no charts: the tables and charts are on
/// the first page, and copying them into each of hundreds of list pages
/// was most of what those pages cost to render.
fn insert_stats(extra: &mut Map<String, Value>, (stats, charts): &Stats, first_page: bool) {
    if first_page {
        extra.insert("stats".into(), stats.clone());
        extra.insert("charts".into(), charts.clone());
    } else {
        // Every key stays, so that a template showing them on every page
        // still renders; the tables and charts are empty.
        let light: Map<String, Value> = stats
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| match k.as_str() {
                "totals" | "by_year" | "month_year" => (k.clone(), v.clone()),
                _ => (k.clone(), json!([])),
            })
            .collect();
        let no_charts: Map<String, Value> = charts
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| (k.clone(), json!("")))
            .collect();
        extra.insert("stats".into(), Value::Object(light));
        extra.insert("charts".into(), Value::Object(no_charts));
    }
}

/// Marks the menu entry of the current page's part of the site.
fn mark_active_nav(map: &mut Map<String, Value>, url: &str) {
    let Some(nav) = map
        .get_mut("site")
        .and_then(|s| s.get_mut("nav"))
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for item in nav {
        let active = item["url"].as_str().is_some_and(|u| {
            if u == "/" {
                url == "/"
            } else {
                url.starts_with(u)
            }
        });
        item["active"] = Value::Bool(active);
    }
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn pagination_links_a_window_with_gaps() {
        let shown = |n, total| -> Vec<String> {
            page_window(n, total)
                .into_iter()
                .map(|(p, gap)| {
                    if gap {
                        format!("… {p}")
                    } else {
                        p.to_string()
                    }
                })
                .collect()
        };
        assert_eq!(shown(1, 1), ["1"]);
        assert_eq!(shown(2, 3), ["1", "2", "3"]);
        assert_eq!(shown(1, 500), ["1", "2", "3", "… 500"]);
        assert_eq!(
            shown(250, 500),
            ["1", "… 248", "249", "250", "251", "252", "… 500"]
        );
        assert_eq!(shown(4, 7), ["1", "2", "3", "4", "5", "6", "7"]);
        // A gap of one page shows the page.
        assert_eq!(shown(5, 10), ["1", "2", "3", "4", "5", "6", "7", "… 10"]);
        assert_eq!(shown(500, 500), ["1", "… 498", "499", "500"]);
    }
}
