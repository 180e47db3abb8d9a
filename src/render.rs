//! Stage 4: render every page of the site through the theme's Tera templates,
//! plus the feed and the sitemap, into in-memory output files.
//!
//! Each page's template data (its "card") is built once and shared by every
//! list that shows it; pages render in parallel.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{json, Map, Value};
use tera::{Context, Tera};

use crate::charts::{self, Bar};
use crate::numbers::format_number;
use crate::dates;
use crate::diagnostics::Diagnostics;
use crate::load::{Kind, KindFields};
use crate::resolve::{Page, PageId, Site, Totals};
use crate::theme::Theme;
use crate::urls::{output_path, rewrite, UrlMode};

/// Templates every theme must provide (a site may override each).
pub const TEMPLATES: &[&str] = &[
    "index.html",
    "branches.html",
    "branch.html",
    "members.html",
    "member.html",
    "volunteers.html",
    "volunteer.html",
    "section.html",
    "page.html",
    "tags.html",
    "tag.html",
    "search.html",
    "404.html",
];

const LATEST_VOLUNTEER: usize = 6;
const LATEST_NEWS: usize = 8;
const FEED_ENTRIES: usize = 20;
/// Months shown in the by-month charts of the main volunteer list.
const CHART_MONTHS: usize = 24;
/// Branches shown in the by-branch chart.
const CHART_BRANCHES: usize = 15;

/// A file of the built site, relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One page of output to render.
enum Job {
    Home,
    Page(PageId),
    List { section: usize, number: usize },
    Year { year: i32, number: usize },
    Tags,
    Tag { tag: usize, number: usize },
    Search,
    NotFound,
}

pub struct RenderOptions {
    pub url_mode: UrlMode,
    pub built: chrono::NaiveDateTime,
}

pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let cards: Arc<Vec<Card>> = Arc::new(all_cards(site));
    let Some((tera, shown)) = build_tera(site, theme, &cards, diags) else {
        return Vec::new();
    };
    let renderer = Renderer::new(site, &cards, &tera, options);
    let jobs = jobs(site, &renderer.records_by_year);
    let results: Vec<Result<OutputFile, (String, String)>> = jobs
        .par_iter()
        .map(|job| renderer.render_job(job, options))
        .collect();
    let mut files = Vec::with_capacity(results.len() + 2);
    report_errors(results, &shown, diags, |file| files.push(file));
    files.extend(feed_and_sitemap(site, options));
    files
}

/// A page's card, shared between builds when it is unchanged.
type Card = Arc<Value>;

fn all_cards(site: &Site) -> Vec<Card> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| Arc::new(card(site, id)))
        .collect()
}

/// Every card, reusing the previous build's card of a page when nothing it
/// is made of can differ: the same parse of the file (shared, so compared by
/// pointer), the same body-derived data, images, totals and member count,
/// the same referenced pages (by their parses) and the same section title
/// and URL. Anything else is made again.
fn cards_since(
    old: &Site,
    old_cards: &[Card],
    site: &Site,
    old_ids: &[Option<PageId>],
) -> Vec<Card> {
    let sections_same: FxHashMap<&str, bool> = site
        .sections
        .iter()
        .map(|a| {
            let same = old
                .section(&a.name)
                .is_some_and(|b| a.title == b.title && a.url == b.url);
            (a.name.as_str(), same)
        })
        .collect();
    let section_same = |name: &str| match sections_same.get(name) {
        Some(&same) => same,
        None => old.section(name).is_none(),
    };
    let same_refs = |new: &[PageId], was: &[PageId]| {
        new.len() == was.len()
            && new
                .iter()
                .zip(was)
                .all(|(&a, &b)| Arc::ptr_eq(&site.pages[a].src, &old.pages[b].src))
    };
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let page = &site.pages[id];
            let reusable = old_ids[id].filter(|&o| {
                let was = &old.pages[o];
                let (a, b) = (&page.links, &was.links);
                let same_page = Arc::ptr_eq(page, was)
                    || (Arc::ptr_eq(&page.src, &was.src)
                        && page.summary == was.summary
                        && page.reading_minutes == was.reading_minutes
                        && page.images == was.images
                        && a.totals == b.totals
                        && a.members.len() == b.members.len());
                same_page
                    && same_refs(a.brand.as_slice(), b.brand.as_slice())
                    && same_refs(&a.brands, &b.brands)
                    && same_refs(&a.members, &b.members)
                    && section_same(&page.src.section)
            });
            match reusable {
                Some(o) => Arc::clone(&old_cards[o]),
                None => Arc::new(card(site, id)),
            }
        })
        .collect()
}

/// Each page's id in the previous site, if it was there.
fn old_ids(old: &Site, site: &Site) -> Vec<Option<PageId>> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let src = &site.pages[id].src;
            // Ids stay the same unless pages came or went.
            match old.pages.get(id) {
                Some(o) if Arc::ptr_eq(&o.src, src) || o.src.content_path == src.content_path => {
                    Some(id)
                }
                _ => old.by_content_path.get(&src.content_path).copied(),
            }
        })
        .collect()
}

/// Every page of output the site has, in a fixed order.
fn jobs(site: &Site, records_by_year: &BTreeMap<i32, Vec<PageId>>) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::Tags, Job::NotFound];
    if site.config.search {
        jobs.push(Job::Search);
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for (i, section) in site.sections.iter().enumerate() {
        for number in 1..=page_count(section.pages.len(), site.config.paginate) {
            jobs.push(Job::List { section: i, number });
        }
    }
    for (year, records) in records_by_year {
        for number in 1..=page_count(records.len(), site.config.paginate) {
            jobs.push(Job::Year {
                year: *year,
                number,
            });
        }
    }
    for (i, tag) in site.tags.iter().enumerate() {
        for number in 1..=page_count(tag.pages.len(), site.config.paginate) {
            jobs.push(Job::Tag { tag: i, number });
        }
    }
    jobs
}

/// Passes on the rendered files; reports each distinct template error once.
fn report_errors<T>(
    results: Vec<Result<T, (String, String)>>,
    shown: &Shown,
    diags: &mut Diagnostics,
    mut keep: impl FnMut(T),
) {
    let mut reported = std::collections::HashSet::new();
    for result in results {
        match result {
            Ok(file) => keep(file),
            Err((template, message)) => {
                if reported.insert(message.clone()) {
                    let (path, line) = locate_template_error(&template, &message, shown);
                    diags.error(path, line, format!("模板出错：{message}"));
                }
            }
        }
    }
}

fn feed_and_sitemap(site: &Site, options: &RenderOptions) -> Vec<OutputFile> {
    let mut files = Vec::with_capacity(2);
    if site.config.feed {
        files.push(feed(site, options));
    }
    files.push(sitemap(site));
    files
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Tera's error and its causes, which hold the useful part.
fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join("：")
}

/// The template file (and line, when Tera gives one) an error belongs to.
/// Tera names the innermost template in quotes and parse errors carry
/// `--> line:column`.
fn locate_template_error(
    template: &str,
    message: &str,
    shown: &HashMap<String, String>,
) -> (String, Option<usize>) {
    let mut name = template.to_string();
    for candidate in message.split('\'').skip(1).step_by(2) {
        if shown.contains_key(candidate) {
            name = candidate.to_string();
        }
    }
    let line = message.split("--> ").nth(1).and_then(|rest| {
        rest.split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
    });
    (shown.get(&name).cloned().unwrap_or(name), line)
}

type Shown = HashMap<String, String>;

fn build_tera(
    site: &Site,
    theme: &Theme,
    cards: &Arc<Vec<Card>>,
    diags: &mut Diagnostics,
) -> Option<(Tera, Shown)> {
    let shown: Shown = theme
        .templates
        .iter()
        .map(|t| (t.name.clone(), t.shown_path.clone()))
        .collect();
    let mut missing = false;
    for name in TEMPLATES {
        if !shown.contains_key(*name) {
            diags.error(
                format!("templates/{name}"),
                None,
                format!("主题缺少模板 {name}（可以从默认主题复制一份）"),
            );
            missing = true;
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    // Tera's default also escapes `/`, which would break URLs in attributes.
    tera.set_escape_fn(crate::html::escape);
    // Parse each template alone first, so every broken one is reported with
    // its own file and line.
    let mut broken = false;
    for t in &theme.templates {
        if let Err(err) = tera::Template::new(&t.name, None, &t.text) {
            let message = error_chain(&err);
            let (path, line) = locate_template_error(&t.name, &message, &shown);
            diags.error(path, line, format!("模板语法错误：{message}"));
            broken = true;
        }
    }
    if broken || missing {
        return None;
    }
    if let Err(err) = tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str())),
    ) {
        let message = error_chain(&err);
        let (path, line) = locate_template_error("index.html", &message, &shown);
        diags.error(path, line, format!("模板出错：{message}"));
        return None;
    }
    tera.register_filter("zh_date", zh_date_filter);
    tera.register_filter("num", num_filter);
    // What the lookup functions need is a copy of every page's card: made
    // only for themes that call them.
    let uses = |name: &str| theme.templates.iter().any(|t| t.text.contains(name));
    if uses("get_page") {
        let by_path = Arc::new(site.by_content_path.clone());
        let page_cards = Arc::clone(cards);
        tera.register_function(
            "get_page",
            move |args: &HashMap<String, Value>| -> tera::Result<Value> {
                let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
                    tera::Error::msg(
                        "get_page 需要参数 path，例如 get_page(path=\"members/杜杰.md\")",
                    )
                })?;
                by_path
                    .get(path.trim_start_matches('/'))
                    .map(|&id| Value::clone(&page_cards[id]))
                    .ok_or_else(|| tera::Error::msg(format!("get_page：找不到页面 {path}")))
            },
        );
    }
    if uses("get_section") {
        let sections: Arc<HashMap<String, Value>> = Arc::new(
            site.sections
                .iter()
                .map(|s| {
                    let pages: Vec<Value> =
                        s.pages.iter().map(|&id| Value::clone(&cards[id])).collect();
                    let mut v = section_value(s);
                    v["pages"] = Value::Array(pages);
                    (s.name.clone(), v)
                })
                .collect(),
        );
        tera.register_function(
            "get_section",
            move |args: &HashMap<String, Value>| -> tera::Result<Value> {
                let name = args.get("name").and_then(Value::as_str).ok_or_else(|| {
                    tera::Error::msg("get_section 需要参数 name，例如 get_section(name=\"news\")")
                })?;
                sections
                    .get(name)
                    .cloned()
                    .ok_or_else(|| tera::Error::msg(format!("get_section：没有栏目 {name}")))
            },
        );
    }
    Some((tera, shown))
}

fn zh_date_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(match value.as_str() {
        Some(s) => Value::String(dates::zh_from_text(s)),
        None => value.clone(),
    })
}

fn num_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(match value.as_f64() {
        Some(n) => Value::String(format_number(n)),
        None => value.clone(),
    })
}

struct Renderer<'a> {
    site: &'a Site,
    cards: &'a [Card],
    tera: &'a Tera,
    base: Map<String, Value>,
    records_by_year: BTreeMap<i32, Vec<PageId>>,
    /// Volunteer totals and charts of all records, computed once for the
    /// home page and every page of the volunteer list.
    stats: OnceLock<(Value, Value)>,
    /// The same for each year's pages.
    year_stats: BTreeMap<i32, OnceLock<(Value, Value)>>,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, cards: &'a [Card], tera: &'a Tera, options: &RenderOptions) -> Self {
        let records_by_year = records_by_year(site);
        Renderer {
            site,
            cards,
            tera,
            base: base_context(site, options),
            year_stats: records_by_year
                .keys()
                .map(|y| (*y, OnceLock::new()))
                .collect(),
            records_by_year,
            stats: OnceLock::new(),
        }
    }

    fn all_stats(&self) -> (Value, Value) {
        self.stats
            .get_or_init(|| self.volunteer_stats(self.site.records(), None))
            .clone()
    }

    fn year_stats(&self, year: i32) -> (Value, Value) {
        let Some(cell) = self.year_stats.get(&year) else {
            return self.volunteer_stats(&[], Some(year));
        };
        cell.get_or_init(|| {
            let records = self
                .records_by_year
                .get(&year)
                .map_or(&[][..], Vec::as_slice);
            let (mut stats, charts) = self.volunteer_stats(records, Some(year));
            // Year navigation always lists every year.
            stats["by_year"] = self.all_stats().0["by_year"].take();
            (stats, charts)
        })
        .clone()
    }
}

fn records_by_year(site: &Site) -> BTreeMap<i32, Vec<PageId>> {
    let mut by_year: BTreeMap<i32, Vec<PageId>> = BTreeMap::new();
    for &id in site.records() {
        if let Some(date) = site.pages[id].src.date {
            by_year.entry(date.year()).or_default().push(id);
        }
    }
    by_year
}

fn base_context(site: &Site, options: &RenderOptions) -> Map<String, Value> {
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
    fn context(&self, job: &Job) -> (&'static str, String, Context) {
        let site = self.site;
        let mut extra = Map::new();
        let (template, kind, url): (&'static str, &str, String) = match job {
            Job::Home => {
                extra.insert("section".into(), section_value(&site.home));
                let featured = |kind: Kind| -> Vec<Value> {
                    site.sections
                        .iter()
                        .filter(|s| s.kind == kind)
                        .flat_map(|s| s.pages.iter())
                        .filter(|&&id| is_featured(&site.pages[id]))
                        .map(|&id| Value::clone(&self.cards[id]))
                        .collect()
                };
                extra.insert(
                    "featured_branches".into(),
                    Value::Array(featured(Kind::Branch)),
                );
                extra.insert(
                    "featured_members".into(),
                    Value::Array(featured(Kind::Member)),
                );
                let latest: Vec<Value> = site.records()
                    [..site.records().len().min(LATEST_VOLUNTEER)]
                    .iter()
                    .map(|&id| Value::clone(&self.cards[id]))
                    .collect();
                extra.insert("latest_volunteer".into(), Value::Array(latest));
                extra.insert("latest_news".into(), Value::Array(self.latest_news()));
                let (stats, charts) = self.all_stats();
                extra.insert("stats".into(), stats);
                extra.insert("charts".into(), charts);
                ("index.html", "index", "/".into())
            }
            Job::Page(id) => {
                let page = &site.pages[*id];
                extra.insert("page".into(), self.full_page(*id));
                let (template, kind) = match page.src.kind {
                    Kind::Branch => ("branch.html", "branch"),
                    Kind::Member => ("member.html", "member"),
                    Kind::Volunteer => ("volunteer.html", "volunteer"),
                    Kind::Page => ("page.html", "page"),
                };
                (template, kind, page.src.url.clone())
            }
            Job::List { section, number } => {
                let s = &site.sections[*section];
                extra.insert("section".into(), section_value(s));
                let (paginator, url) = self.paginator(&s.pages, &s.url, *number);
                extra.insert("paginator".into(), paginator);
                let (template, kind) = match s.kind {
                    Kind::Branch => ("branches.html", "branches"),
                    Kind::Member => ("members.html", "members"),
                    Kind::Volunteer => {
                        let (stats, charts) = self.all_stats();
                        extra.insert("stats".into(), stats);
                        extra.insert("charts".into(), charts);
                        extra.insert("year".into(), Value::Null);
                        ("volunteers.html", "volunteers")
                    }
                    Kind::Page => ("section.html", "section"),
                };
                (template, kind, url)
            }
            Job::Year { year, number } => {
                let records = &self.records_by_year[year];
                let mut section = site
                    .section("volunteer")
                    .map(section_value)
                    .unwrap_or_else(|| json!({}));
                section["title"] = Value::String(format!("{}年志愿服务", year));
                extra.insert("section".into(), section);
                let (paginator, url) =
                    self.paginator(records, &format!("/volunteer/year/{year}/"), *number);
                extra.insert("paginator".into(), paginator);
                let (stats, charts) = self.year_stats(*year);
                extra.insert("stats".into(), stats);
                extra.insert("charts".into(), charts);
                extra.insert("year".into(), json!(year));
                ("volunteers.html", "volunteers", url)
            }
            Job::Tags => {
                let tags: Vec<Value> = site
                    .tags
                    .iter()
                    .map(|t| json!({"name": t.name, "slug": t.slug, "url": t.url, "count": t.pages.len()}))
                    .collect();
                extra.insert("tags".into(), Value::Array(tags));
                ("tags.html", "tags", "/tags/".into())
            }
            Job::Tag { tag, number } => {
                let t = &site.tags[*tag];
                extra.insert(
                    "tag".into(),
                    json!({"name": t.name, "slug": t.slug, "url": t.url, "count": t.pages.len()}),
                );
                let (paginator, url) = self.paginator(&t.pages, &t.url, *number);
                extra.insert("paginator".into(), paginator);
                ("tag.html", "tag", url)
            }
            Job::Search => ("search.html", "search", "/search/".into()),
            Job::NotFound => ("404.html", "404", "/404.html".into()),
        };
        let mut map = self.base.clone();
        if let Some(nav) = map
            .get_mut("site")
            .and_then(|s| s.get_mut("nav"))
            .and_then(Value::as_array_mut)
        {
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
        map.insert("current_url".into(), Value::String(url.clone()));
        map.insert("page_kind".into(), Value::String(kind.into()));
        map.extend(extra);
        let context = Context::from_value(Value::Object(map)).unwrap_or_default();
        (template, url, context)
    }

    fn render_job(
        &self,
        job: &Job,
        options: &RenderOptions,
    ) -> Result<OutputFile, (String, String)> {
        let (template, url, context) = self.context(job);
        match self.tera.render(template, &context) {
            Ok(html) => Ok(OutputFile {
                path: output_path(&url),
                bytes: rewrite(&html, &url, &options.url_mode).into_bytes(),
            }),
            Err(err) => Err((template.to_string(), error_chain(&err))),
        }
    }

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
            .map(|id| Value::clone(&self.cards[id]))
            .collect()
    }

    /// A page's full data: its card plus body and cross-linked cards.
    fn full_page(&self, id: PageId) -> Value {
        let page = &self.site.pages[id];
        let mut value = Value::clone(&self.cards[id]);
        let cards = |ids: &[PageId]| -> Value {
            Value::Array(ids.iter().map(|&i| Value::clone(&self.cards[i])).collect())
        };
        value["content"] = Value::String(page.html.to_string());
        value["toc"] = json!(page.toc.as_slice());
        match page.src.kind {
            Kind::Branch => {
                value["members"] = cards(&page.links.members);
                value["volunteer"] = cards(&page.links.records);
            }
            Kind::Member => {
                value["brand"] = page
                    .links
                    .brand
                    .map_or(Value::Null, |b| Value::clone(&self.cards[b]));
                value["volunteer"] = cards(&page.links.records);
            }
            Kind::Volunteer => {
                value["brands"] = cards(&page.links.brands);
                value["members"] = cards(&page.links.members);
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
        let pages: Vec<Value> = ids[start..end]
            .iter()
            .map(|&id| Value::clone(&self.cards[id]))
            .collect();
        let links: Vec<Value> = (1..=total_pages)
            .map(|n| json!({"number": n, "url": url_of(n), "current": n == number}))
            .collect();
        (
            json!({
                "pages": pages,
                "number": number,
                "total_pages": total_pages,
                "total_items": ids.len(),
                "previous": (number > 1).then(|| url_of(number - 1)),
                "next": (number < total_pages).then(|| url_of(number + 1)),
                "first": url_of(1),
                "last": url_of(total_pages),
                "links": links,
            }),
            url_of(number),
        )
    }

    /// Totals by year, branch and month of some records, and their charts.
    fn volunteer_stats(&self, records: &[PageId], year: Option<i32>) -> (Value, Value) {
        let site = self.site;
        let mut totals = Totals::default();
        let mut by_year: BTreeMap<i32, Totals> = BTreeMap::new();
        let mut by_month: BTreeMap<String, Totals> = BTreeMap::new();
        let mut by_branch: HashMap<PageId, Totals> = HashMap::new();
        for &id in records {
            let page = &site.pages[id];
            let t = page.links.totals;
            totals.add(&t);
            if let Some(date) = page.src.date {
                by_year.entry(date.year()).or_default().add(&t);
                by_month.entry(date.month_key()).or_default().add(&t);
            }
            for &brand in &page.links.brands {
                by_branch.entry(brand).or_default().add(&t);
            }
        }
        // Months without records still get a (zero) column.
        let months = month_range(&by_month, year);
        let month_rows: Vec<Value> = months
            .iter()
            .map(|m| {
                let t = by_month.get(m).copied().unwrap_or_default();
                json!({"month": m, "label": month_label(m), "activities": t.activities, "volunteers": t.volunteers, "hours": t.hours, "served": t.served})
            })
            .collect();
        let year_rows: Vec<Value> = by_year
            .iter()
            .rev()
            .map(|(y, t)| json!({"year": y, "url": format!("/volunteer/year/{y}/"), "activities": t.activities, "volunteers": t.volunteers, "hours": t.hours, "served": t.served}))
            .collect();
        let mut branches: Vec<(PageId, Totals)> = by_branch.into_iter().collect();
        branches.sort_by(|a, b| {
            b.1.hours
                .total_cmp(&a.1.hours)
                .then(site.pages[a.0].src.slug.cmp(&site.pages[b.0].src.slug))
        });
        let branch_rows: Vec<Value> = branches
            .iter()
            .map(|(id, t)| {
                let p = &site.pages[*id];
                json!({"title": p.src.title, "url": p.src.url, "branch": branch_name(p), "activities": t.activities, "volunteers": t.volunteers, "hours": t.hours, "served": t.served})
            })
            .collect();
        let month_bars = |f: fn(&Totals) -> f64| -> Vec<Bar> {
            months
                .iter()
                .map(|m| Bar {
                    label: short_month_label(m, year.is_some() || months.len() <= 12),
                    value: f(&by_month.get(m).copied().unwrap_or_default()),
                })
                .collect()
        };
        let scope = year.map(|y| format!("{y}年")).unwrap_or_default();
        // A chart of hundreds of bars reads as noise; the table lists them all.
        let branch_chart_title = if branches.len() > CHART_BRANCHES {
            format!("{scope}志愿服务时长最多的 {CHART_BRANCHES} 个支部")
        } else {
            format!("{scope}各支部志愿服务时长")
        };
        let charts = json!({
            "hours_by_month": charts::column_chart(&format!("{scope}每月志愿服务时长"), "小时", &month_bars(|t| t.hours)),
            "served_by_month": charts::column_chart(&format!("{scope}每月服务群众人次"), "人次", &month_bars(|t| t.served as f64)),
            "by_year": charts::column_chart("历年志愿服务时长", "小时", &by_year.iter().map(|(y, t)| Bar { label: format!("{y}年"), value: t.hours }).collect::<Vec<_>>()),
            "by_branch": charts::bar_chart(&branch_chart_title, "小时", &branches.iter().take(CHART_BRANCHES).map(|(id, t)| Bar { label: branch_name(&site.pages[*id]), value: t.hours }).collect::<Vec<_>>()),
        });
        (
            json!({"totals": totals, "by_year": year_rows, "by_month": month_rows, "by_branch": branch_rows}),
            charts,
        )
    }
}

fn month_range(by_month: &BTreeMap<String, Totals>, year: Option<i32>) -> Vec<String> {
    if let Some(y) = year {
        return (1..=12).map(|m| format!("{y}-{m:02}")).collect();
    }
    let (Some(first), Some(last)) = (by_month.keys().next(), by_month.keys().next_back()) else {
        return Vec::new();
    };
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let (Some((mut y, mut m)), Some(end)) = (parse(first), parse(last)) else {
        return Vec::new();
    };
    let mut months = Vec::new();
    while (y, m) <= end {
        months.push(format!("{y}-{m:02}"));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    let skip = months.len().saturating_sub(CHART_MONTHS);
    months.split_off(skip)
}

fn month_label(month: &str) -> String {
    match month.split_once('-') {
        Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
        None => month.to_string(),
    }
}

fn short_month_label(month: &str, within_year: bool) -> String {
    match month.split_once('-') {
        Some((_, m)) if within_year => format!("{}月", m.trim_start_matches('0')),
        Some((y, m)) => format!("{}.{}", &y[y.len().saturating_sub(2)..], m),
        None => month.to_string(),
    }
}

fn is_featured(page: &Page) -> bool {
    match &page.src.fields {
        KindFields::Branch(b) => b.featured,
        KindFields::Member(m) => m.featured,
        _ => false,
    }
}

fn branch_name(page: &Page) -> String {
    match &page.src.fields {
        KindFields::Branch(b) if !b.branch.is_empty() => b.branch.clone(),
        _ => page.src.title.clone(),
    }
}

fn section_value(s: &crate::resolve::Section) -> Value {
    json!({
        "name": s.name,
        "title": s.title,
        "url": s.url,
        "content": s.html,
        "summary": s.summary,
        "extra": s.extra,
        "count": s.pages.len(),
    })
}

fn kind_zh(site: &Site, page: &Page) -> String {
    match page.src.kind {
        Kind::Branch => "品牌".into(),
        Kind::Member => "先锋".into(),
        Kind::Volunteer => "志愿".into(),
        Kind::Page => site
            .section(&page.src.section)
            .map(|s| s.title.clone())
            .unwrap_or_else(|| "页面".into()),
    }
}

/// Short reference to a brand or member, used inside cards so that cards
/// never nest.
fn reference(page: &Page) -> Value {
    match &page.src.fields {
        KindFields::Branch(b) => {
            json!({"title": page.src.title, "url": page.src.url, "branch": b.branch, "slogan": b.slogan})
        }
        KindFields::Member(m) => {
            json!({"title": page.src.title, "url": page.src.url, "name": m.name, "position": m.position})
        }
        _ => json!({"title": page.src.title, "url": page.src.url}),
    }
}

/// The template data of a page as shown in lists.
fn card(site: &Site, id: PageId) -> Value {
    let page = &site.pages[id];
    let s = &page.src;
    let (section_title, section_url) = site
        .section(&s.section)
        .map(|sec| (sec.title.clone(), sec.url.clone()))
        .unwrap_or_default();
    let mut v = json!({
        "title": s.title,
        "url": s.url,
        "slug": s.slug,
        "kind": s.kind.name(),
        "kind_zh": kind_zh(site, page),
        "section": s.section,
        "section_title": section_title,
        "section_url": section_url,
        "source": s.source,
        "date": s.date.map(|d| d.short()),
        "datetime": s.date.map(|d| d.iso()),
        "date_zh": s.date.map(|d| d.zh()),
        "summary": page.summary,
        "reading_minutes": page.reading_minutes,
        "tags": page.tags,
        "weight": s.weight,
        "cover": page.images.cover,
        "extra": s.extra,
    });
    let refs = |ids: &[PageId]| -> Value {
        Value::Array(ids.iter().map(|&i| reference(&site.pages[i])).collect())
    };
    let honors = |h: &[crate::load::Honor]| -> Value {
        Value::Array(
            h.iter()
                .map(|h| json!({"year": h.year, "title": h.title}))
                .collect(),
        )
    };
    let extra = match &s.fields {
        KindFields::Branch(b) => json!({
            "branch": b.branch,
            "department": b.department,
            "secretary": b.secretary,
            "slogan": b.slogan,
            "method": b.method,
            "founded": b.founded.map(|d| d.short()),
            "founded_zh": b.founded.map(|d| d.zh()),
            "logo": page.images.logo,
            "featured": b.featured,
            "honors": honors(&b.honors),
            "totals": page.links.totals,
            "member_count": page.links.members.len(),
        }),
        KindFields::Member(m) => json!({
            "name": m.name,
            "position": m.position,
            "photo": page.images.photo,
            "honors": honors(&m.honors),
            "featured": m.featured,
            "brand": page.links.brand.map_or(Value::Null, |b| reference(&site.pages[b])),
        }),
        KindFields::Volunteer(r) => json!({
            "location": r.location,
            "volunteers": r.volunteers,
            "hours": r.hours,
            "served": r.served,
            "photos": page.images.photos,
            "brands": refs(&page.links.brands),
            "members": refs(&page.links.members),
        }),
        KindFields::Page => json!({}),
    };
    if let (Value::Object(map), Value::Object(add)) = (&mut v, extra) {
        map.extend(add);
    }
    v
}

fn feed(site: &Site, options: &RenderOptions) -> OutputFile {
    let c = &site.config;
    let mut dated: Vec<&Page> = site
        .pages
        .iter()
        .map(|p| &**p)
        .filter(|p| p.src.date.is_some())
        .collect();
    // URLs are unique, so this order is total and the newest entries are
    // the same however they are picked.
    let newest_first =
        |a: &&Page, b: &&Page| b.src.date.cmp(&a.src.date).then(a.src.url.cmp(&b.src.url));
    if dated.len() > FEED_ENTRIES {
        dated.select_nth_unstable_by(FEED_ENTRIES - 1, newest_first);
        dated.truncate(FEED_ENTRIES);
    }
    dated.sort_by(newest_first);
    let updated = dated
        .first()
        .and_then(|p| p.src.date)
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| format!("{}+08:00", options.built.format("%Y-%m-%dT%H:%M:%S")));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    xml.push_str(&crate::html::escape(&c.language));
    xml.push_str("\">\n");
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        crate::html::escape(&c.title)
    ));
    if !c.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            crate::html::escape(&c.description)
        ));
    }
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n",
        crate::html::escape(&c.absolute_url("/atom.xml")),
        crate::html::escape(&c.absolute_url("/")),
        crate::html::escape(&c.absolute_url("/")),
    ));
    if !c.hospital.is_empty() {
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            crate::html::escape(&c.hospital)
        ));
    } else {
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            crate::html::escape(&c.title)
        ));
    }
    for p in dated {
        let url = crate::html::escape(&c.absolute_url(&p.src.url));
        let date = p.src.date.map(|d| d.rfc3339()).unwrap_or_default();
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <id>{url}</id>\n    <published>{date}</published>\n    <updated>{date}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            crate::html::escape(&p.src.title),
            crate::html::escape(&p.summary),
        ));
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: "atom.xml".into(),
        bytes: xml.into_bytes(),
    }
}

fn sitemap(site: &Site) -> OutputFile {
    use chrono::Datelike;
    use std::fmt::Write;
    let c = &site.config;
    let mut xml = String::with_capacity(120 * (site.pages.len() + site.tags.len() + 8));
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut add = |url: &str, lastmod: Option<&dates::Date>| {
        xml.push_str("  <url><loc>");
        crate::html::escape_into(&mut xml, &c.base_url);
        crate::html::escape_into(&mut xml, url.trim_start_matches('/'));
        xml.push_str("</loc>");
        if let Some(d) = lastmod {
            let _ = write!(
                xml,
                "<lastmod>{:04}-{:02}-{:02}</lastmod>",
                d.local.year(),
                d.local.month(),
                d.local.day()
            );
        }
        xml.push_str("</url>\n");
    };
    add("/", None);
    for s in &site.sections {
        add(&s.url, None);
    }
    for p in &site.pages {
        add(&p.src.url, p.src.date.as_ref());
    }
    add("/tags/", None);
    for t in &site.tags {
        add(&t.url, None);
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

/// Identifies an output other than a page's across builds: section names
/// and tag slugs stay when pages come and go, indexes do not.
#[derive(Clone, PartialEq, Eq, Hash)]
enum JobKey {
    Home,
    Tags,
    Search,
    NotFound,
    List(String, usize),
    Year(i32, usize),
    Tag(String, usize),
}

/// `None` for a page's job: pages are matched by [`old_ids`].
fn job_key(site: &Site, job: &Job) -> Option<JobKey> {
    Some(match job {
        Job::Home => JobKey::Home,
        Job::Tags => JobKey::Tags,
        Job::Search => JobKey::Search,
        Job::NotFound => JobKey::NotFound,
        Job::Page(_) => return None,
        Job::List { section, number } => {
            JobKey::List(site.sections[*section].name.clone(), *number)
        }
        Job::Year { year, number } => JobKey::Year(*year, *number),
        Job::Tag { tag, number } => JobKey::Tag(site.tags[*tag].slug.clone(), *number),
    })
}

/// A job's index, its file and whether it was rendered (not reused); or the
/// template and message of a template error.
type JobResult = Result<(usize, SharedFile, bool), (String, String)>;

/// A rendered file whose path and bytes can be shared between builds and
/// readers.
#[derive(Debug, Clone)]
pub struct SharedFile {
    pub path: Arc<str>,
    pub bytes: bytes::Bytes,
}

impl From<OutputFile> for SharedFile {
    fn from(f: OutputFile) -> Self {
        SharedFile {
            path: f.path.into(),
            bytes: f.bytes.into(),
        }
    }
}

/// What one incremental render gave back.
pub struct IncrementalOutput {
    /// Every file [`render`] would make, in no particular order.
    pub files: Vec<SharedFile>,
    pub rendered: usize,
    pub reused: usize,
}

/// Renders a site again after an edit, re-rendering only the outputs whose
/// template data may have changed and reusing the others' bytes.
///
/// It compares the new site with the previous good one: a page's card (what
/// lists show of it), its body, table of contents and links. Anything that
/// reaches every page — templates, `site.yaml`, the shared context (site
/// totals, build date) — re-renders everything. The result is always
/// byte-for-byte what [`render`] makes.
#[derive(Default)]
pub struct Incremental {
    previous: Option<Previous>,
}

type ParsedTemplates = (Vec<(String, String, String)>, Arc<(Tera, Shown)>);

struct Previous {
    /// The parsed templates, kept when no template looks pages up (then
    /// they hold nothing of the site), with the templates they came from.
    tera: Option<ParsedTemplates>,
    site: Arc<Site>,
    cards: Arc<Vec<Card>>,
    base: Map<String, Value>,
    config: String,
    /// (name, shown path, text) of every template.
    templates: Vec<(String, String, String)>,
    url_mode: UrlMode,
    /// Each page's file, by page id.
    pages: Vec<SharedFile>,
    /// Every other rendered file.
    others: FxHashMap<JobKey, SharedFile>,
}

/// What changed since the previous render, by new page id.
struct Changes {
    /// The card differs (or the page is new): every list showing it changes.
    card: Vec<bool>,
    /// The page's own output changes (card, body, contents or links).
    own: Vec<bool>,
    /// A section's data or its pages (or their order) differ, by section index.
    section: Vec<bool>,
    /// A tag's name or its pages differ, by tag index.
    tag: Vec<bool>,
    /// Volunteer totals and charts may differ (a record's numbers, date or
    /// brands, or a brand's name changed; a record came or went).
    stats: bool,
}

impl Incremental {
    pub fn new() -> Self {
        Self::default()
    }

    /// The site of the last successful render.
    pub fn site(&self) -> Option<&Site> {
        self.previous.as_ref().map(|p| &*p.site)
    }

    /// The same, to hand to another thread (the search index).
    pub fn shared_site(&self) -> Option<Arc<Site>> {
        self.previous.as_ref().map(|p| Arc::clone(&p.site))
    }

    /// Renders `site`; `None` (and the previous state kept) on template errors.
    pub fn render(
        &mut self,
        site: Arc<Site>,
        theme: &Theme,
        options: &RenderOptions,
        diags: &mut Diagnostics,
    ) -> Option<IncrementalOutput> {
        let old_ids = match &self.previous {
            Some(p) => old_ids(&p.site, &site),
            None => Vec::new(),
        };
        let cards: Arc<Vec<Card>> = Arc::new(match &self.previous {
            Some(p) => cards_since(&p.site, &p.cards, &site, &old_ids),
            None => all_cards(&site),
        });
        let templates: Vec<(String, String, String)> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.shown_path.clone(), t.text.clone()))
            .collect();
        // Templates may look any page up by itself; then nothing is safe to keep.
        let lookups = templates
            .iter()
            .any(|(_, _, text)| text.contains("get_page") || text.contains("get_section"));
        // Without lookups, the parsed templates depend on the templates alone.
        let parsed = match self.previous.as_ref().and_then(|p| p.tera.as_ref()) {
            Some((was, tera)) if !lookups && *was == templates => Arc::clone(tera),
            _ => Arc::new(build_tera(&site, theme, &cards, diags)?),
        };
        let (tera, shown) = &*parsed;
        let config = format!("{:?}", site.config);
        let renderer = Renderer::new(&site, &cards, tera, options);
        let previous = self.previous.as_ref().filter(|p| {
            p.templates == templates
                && p.config == config
                && p.url_mode == options.url_mode
                && p.base == renderer.base
        });
        let changes = previous.map(|p| Changes::between(p, &site, &cards, &old_ids));
        let changes = changes.filter(|c| !(lookups && c.card.iter().any(|&x| x)));

        let jobs = jobs(&site, &renderer.records_by_year);
        let results: Vec<JobResult> = jobs
            .par_iter()
            .enumerate()
            .map(|(index, job)| {
                if let (Some(p), Some(c)) = (previous, &changes) {
                    if !c.is_dirty(&site, &renderer.records_by_year, job) {
                        let kept = match job {
                            Job::Page(id) => old_ids[*id].map(|o| &p.pages[o]),
                            _ => job_key(&site, job).and_then(|key| p.others.get(&key)),
                        };
                        if let Some(file) = kept {
                            return Ok((index, file.clone(), false));
                        }
                    }
                }
                renderer
                    .render_job(job, options)
                    .map(|f| (index, SharedFile::from(f), true))
            })
            .collect();
        let errors_before = diags.error_count();
        let mut pages: Vec<Option<SharedFile>> = vec![None; site.pages.len()];
        let mut others = FxHashMap::default();
        let mut rendered = 0;
        report_errors(results, shown, diags, |(index, file, fresh)| {
            rendered += usize::from(fresh);
            match &jobs[index] {
                Job::Page(id) => pages[*id] = Some(file),
                job => {
                    if let Some(key) = job_key(&site, job) {
                        others.insert(key, file);
                    }
                }
            }
        });
        if diags.error_count() > errors_before {
            return None;
        }
        // Every page's job succeeded, so every slot is filled; the slots are
        // page ids, so none may be skipped.
        let pages: Vec<SharedFile> = pages.into_iter().collect::<Option<_>>()?;
        let mut files: Vec<SharedFile> = Vec::with_capacity(pages.len() + others.len() + 2);
        files.extend(pages.iter().cloned());
        files.extend(others.values().cloned());
        files.extend(
            feed_and_sitemap(&site, options)
                .into_iter()
                .map(SharedFile::from),
        );
        let reused = pages.len() + others.len() - rendered;
        let base = renderer.base;
        let tera = (!lookups).then(|| (templates.clone(), parsed));
        let old = self.previous.replace(Previous {
            tera,
            site,
            cards,
            base,
            config,
            templates,
            url_mode: options.url_mode.clone(),
            pages,
            others,
        });
        // Freeing the previous site (every page, card and file) takes a
        // while; the browsers need not wait for it.
        if let Some(old) = old {
            let _ = std::thread::Builder::new()
                .name("pinpai-free".into())
                .spawn(move || drop(old));
        }
        Some(IncrementalOutput {
            files,
            rendered,
            reused,
        })
    }
}

impl Changes {
    fn between(
        prev: &Previous,
        site: &Site,
        cards: &[Card],
        old_ids: &[Option<PageId>],
    ) -> Changes {
        let old: &Site = &prev.site;
        // The same pages in the same order.
        let same_ids = |new: &[PageId], was: &[PageId]| {
            new.len() == was.len() && new.iter().zip(was).all(|(&a, &b)| old_ids[a] == Some(b))
        };
        let card: Vec<bool> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| old_ids[id].is_none_or(|o| prev.cards[o] != cards[id]))
            .collect();
        let own: Vec<bool> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| {
                let Some(o) = old_ids[id] else {
                    return true;
                };
                let (p, q) = (&site.pages[id], &old.pages[o]);
                let (a, b) = (&p.links, &q.links);
                card[id]
                    || (!Arc::ptr_eq(p, q) && (p.html != q.html || p.toc != q.toc))
                    || !same_ids(a.brand.as_slice(), b.brand.as_slice())
                    || !same_ids(&a.brands, &b.brands)
                    || !same_ids(&a.members, &b.members)
                    || !same_ids(&a.records, &b.records)
            })
            .collect();
        let section: Vec<bool> = site
            .sections
            .iter()
            .map(|s| match old.section(&s.name) {
                Some(o) => section_value(s) != section_value(o) || !same_ids(&s.pages, &o.pages),
                None => true,
            })
            .collect();
        let old_tags: FxHashMap<&str, &crate::resolve::Tag> =
            old.tags.iter().map(|t| (t.slug.as_str(), t)).collect();
        let tag: Vec<bool> = site
            .tags
            .iter()
            .map(|t| match old_tags.get(t.slug.as_str()) {
                Some(o) => o.name != t.name || o.url != t.url || !same_ids(&t.pages, &o.pages),
                None => true,
            })
            .collect();
        let volunteer_changed = site
            .sections
            .iter()
            .zip(&section)
            .any(|(s, &changed)| s.kind == Kind::Volunteer && changed)
            || site.section("volunteer").is_none() != old.section("volunteer").is_none();
        // Content paths are unique: fewer matched pages than before means
        // some are gone.
        let removed = old_ids.iter().flatten().count() < old.pages.len();
        // What the totals and charts are made of: a record's numbers, date
        // and brands; a brand's name and address.
        let stats_input_changed = |id: PageId| {
            let p = &site.pages[id];
            let Some(o) = old_ids[id] else {
                return matches!(p.src.kind, Kind::Volunteer | Kind::Branch);
            };
            let q = &old.pages[o];
            match p.src.kind {
                Kind::Volunteer => {
                    p.links.totals != q.links.totals
                        || p.src.date != q.src.date
                        || !same_ids(&p.links.brands, &q.links.brands)
                }
                Kind::Branch => {
                    p.src.title != q.src.title
                        || p.src.url != q.src.url
                        || p.src.slug != q.src.slug
                        || branch_name(p) != branch_name(q)
                }
                _ => false,
            }
        };
        // An unchanged card means unchanged numbers, dates and names.
        let stats = volunteer_changed
            || (0..site.pages.len()).any(|id| card[id] && stats_input_changed(id))
            // A removed record or brand changes the totals too.
            || (removed
                && old.pages.iter().any(|p| {
                    matches!(p.src.kind, Kind::Volunteer | Kind::Branch)
                        && !site.by_content_path.contains_key(&p.src.content_path)
                }));
        Changes {
            card,
            own,
            section,
            tag,
            stats,
        }
    }

    fn is_dirty(
        &self,
        site: &Site,
        records_by_year: &BTreeMap<i32, Vec<PageId>>,
        job: &Job,
    ) -> bool {
        let per = site.config.paginate;
        let slice = |ids: &[PageId], number: usize| -> bool {
            let start = ((number - 1) * per).min(ids.len());
            let end = (start + per).min(ids.len());
            ids[start..end].iter().any(|&id| self.card[id])
        };
        match job {
            // One file each, and they draw on the whole site.
            Job::Home | Job::Tags | Job::Search | Job::NotFound => true,
            Job::Page(id) => {
                let l = &site.pages[*id].links;
                self.own[*id]
                    || l.brand
                        .iter()
                        .chain(&l.brands)
                        .chain(&l.members)
                        .chain(&l.records)
                        .any(|&i| self.card[i])
            }
            Job::List { section, number } => {
                let s = &site.sections[*section];
                self.section[*section]
                    || (s.kind == Kind::Volunteer && self.stats)
                    || slice(&s.pages, *number)
            }
            Job::Year { year, number } => {
                self.stats
                    || records_by_year
                        .get(year)
                        .is_some_and(|records| slice(records, *number))
            }
            Job::Tag { tag, number } => self.tag[*tag] || slice(&site.tags[*tag].pages, *number),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_error_location() {
        let shown: Shown = [(
            "branch.html".to_string(),
            "templates/branch.html".to_string(),
        )]
        .into_iter()
        .collect();
        let (path, line) = locate_template_error(
            "x.html",
            "Failed to parse 'branch.html'： --> 12:5\n  |\n12 | {{ oops",
            &shown,
        );
        assert_eq!((path.as_str(), line), ("templates/branch.html", Some(12)));
    }

    #[test]
    fn month_ranges_fill_gaps() {
        let mut m = BTreeMap::new();
        m.insert("2023-11".to_string(), Totals::default());
        m.insert("2024-02".to_string(), Totals::default());
        assert_eq!(
            month_range(&m, None),
            ["2023-11", "2023-12", "2024-01", "2024-02"]
        );
        assert_eq!(month_range(&m, Some(2024)).len(), 12);
    }
}
