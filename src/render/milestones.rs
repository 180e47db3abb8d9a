//! 荣誉榜 (`/honors/`) and 大事记 (`/timeline/`): the two site-wide pages
//! leadership asks for first, gathered from what brands and members
//! already say (`honors`, `founded`) and from the volunteer records.
//!
//! Each is made when the menu (`nav` in `site.yaml`) leads to it, the theme
//! has its template (`honors.html`, `timeline.html`; the default theme has
//! both) and no page of the site already has its address — a site that
//! wrote its own 荣誉榜 at `content/honors.md` keeps it. The menu decides
//! because that is where staff see the two pages: deleting 大事记 from the
//! menu should leave no 大事记 behind, in the sitemap or anywhere else.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::Renderer;
use crate::config::CONFIG_FILE;
use crate::diagnostics::{Code, Diagnostics};
use crate::model::{Honor, KindFields};
use crate::resolve::{PageId, Site, Totals};
use crate::theme::Theme;

pub(crate) const HONORS_URL: &str = "/honors/";
pub(crate) const TIMELINE_URL: &str = "/timeline/";

/// Whether a page or section of the site already has `url`.
fn taken(site: &Site, url: &str) -> bool {
    site.pages.iter().any(|p| p.src.url == url) || site.sections.iter().any(|s| s.url == url)
}

/// Whether an item of the menu leads to `url` (`/honors`, `/honors/#2024`
/// and `/honors/?x` all do); → that item.
fn menu_item<'s>(site: &'s Site, url: &str) -> Option<&'s crate::config::NavItem> {
    site.config.nav.iter().find(|item| {
        let path = item.url.split(['#', '?']).next().unwrap_or("");
        path.trim_end_matches('/') == url.trim_end_matches('/')
    })
}

/// Which of the two pages this build makes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Milestones {
    pub honors: bool,
    pub timeline: bool,
}

impl Milestones {
    pub(crate) fn of(site: &Site, theme: &Theme) -> Milestones {
        let made = |name: &str, url: &str| {
            theme.templates.iter().any(|t| t.name == name)
                && menu_item(site, url).is_some()
                && !taken(site, url)
        };
        Milestones {
            honors: made("honors.html", HONORS_URL),
            timeline: made("timeline.html", TIMELINE_URL),
        }
    }

    /// A menu entry for one of the two pages where the theme does not make
    /// it (a custom theme without the template) leads nowhere: an error,
    /// as for any other menu entry. Resolve counts both as made; this runs
    /// right after it, before the build stops on errors, so one run
    /// reports everything.
    pub(crate) fn check_nav(self, site: &Site, diags: &mut Diagnostics) {
        for (made, url, template) in [
            (self.honors, HONORS_URL, "honors.html"),
            (self.timeline, TIMELINE_URL, "timeline.html"),
        ] {
            if made || taken(site, url) {
                continue;
            }
            if let Some(item) = menu_item(site, url) {
                diags.error(
                    Code::Url,
                    CONFIG_FILE,
                    item.line,
                    format!(
                        "菜单“{}”指向 {url}，但所用主题没有这个页面的模板 {template}：请从 nav 里去掉这一项，或在 templates/ 文件夹里放一个 {template}（可以从默认主题复制一份）",
                        item.title
                    ),
                );
            }
        }
    }

    pub(crate) fn urls(self) -> impl Iterator<Item = &'static str> {
        [(self.honors, HONORS_URL), (self.timeline, TIMELINE_URL)]
            .into_iter()
            .filter_map(|(made, url)| made.then_some(url))
    }
}

/// A year as written in `honors` (`2024`, `2024年`, `历年`), for grouping
/// and sorting: numbers newest first, then words, each word its own group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct YearKey {
    not_a_number: bool,
    newest_first: i64,
    word: String,
}

impl YearKey {
    fn of(year: &str) -> YearKey {
        let year = year.trim();
        let digits: String = year.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse::<i64>() {
            Ok(y) => YearKey {
                not_a_number: false,
                newest_first: -y,
                word: String::new(),
            },
            Err(_) => YearKey {
                not_a_number: true,
                newest_first: 0,
                word: year.to_string(),
            },
        }
    }

    /// What the page shows: the number (`2024`; the template adds 年), or
    /// the word as written.
    fn label(&self) -> String {
        if self.not_a_number {
            self.word.clone()
        } else {
            (-self.newest_first).to_string()
        }
    }
}

/// The honours of brands and members, and whose they are.
fn honors_of(site: &Site) -> Vec<(&Honor, PageId)> {
    let mut all = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        let honors = match &page.src.fields {
            KindFields::Branch(b) => &b.honors,
            KindFields::Member(m) => &m.honors,
            _ => continue,
        };
        all.extend(honors.iter().map(|h| (h, id)));
    }
    // Stable: within a year, brands before members, each in site order.
    all.sort_by_key(|(h, id)| {
        (
            YearKey::of(&h.year),
            site.pages[*id].src.kind != crate::model::Kind::Branch,
        )
    });
    all
}

impl Renderer<'_> {
    /// Brand or member a milestone belongs to, as a template sees it.
    fn owner(&self, id: PageId) -> Value {
        let page = &self.site.pages[id];
        let name = match &page.src.fields {
            KindFields::Member(m) => m.name.clone(),
            _ => page.branch_name(),
        };
        json!({
            "title": page.src.title,
            "url": page.src.url,
            "kind": page.src.kind.name(),
            "name": name,
        })
    }

    /// `honors`: [{year, items: [{title, page}]}], newest year first;
    /// `2024` and `2024年` are one year.
    pub(super) fn honors_value(&self) -> (Value, usize) {
        let all = honors_of(self.site);
        let count = all.len();
        let mut years: Vec<(YearKey, Vec<Value>)> = Vec::new();
        for (honor, id) in all {
            let item = json!({"title": honor.title, "page": self.owner(id)});
            let key = YearKey::of(&honor.year);
            match years.last_mut() {
                Some((year, items)) if *year == key => items.push(item),
                _ => years.push((key, vec![item])),
            }
        }
        let years = years
            .into_iter()
            .map(|(year, items)| json!({"year": year.label(), "items": items}))
            .collect();
        (Value::Array(years), count)
    }

    /// `timeline`: [{year, activities, events: [{kind, kind_zh, date,
    /// date_zh, title, page}]}], newest year first. A year's `activities`
    /// are the totals of its volunteer records, with the year page's URL.
    pub(super) fn timeline_value(&self) -> Value {
        let site = self.site;
        let mut years: BTreeMap<YearKey, Vec<Value>> = BTreeMap::new();
        let mut founded: Vec<(PageId, crate::dates::Date)> = site
            .pages
            .iter()
            .enumerate()
            .filter_map(|(id, p)| match &p.src.fields {
                KindFields::Branch(b) => b.founded.map(|d| (id, d)),
                _ => None,
            })
            .collect();
        founded.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (id, date) in founded {
            let event = json!({
                "kind": "founded", "kind_zh": "品牌创建",
                "date": date.short(), "date_zh": date.zh(),
                "title": site.pages[id].src.title, "page": self.owner(id),
            });
            years
                .entry(YearKey::of(&date.year().to_string()))
                .or_default()
                .push(event);
        }
        for (honor, id) in honors_of(site) {
            let event = json!({
                "kind": "honor", "kind_zh": "荣誉",
                "date": null, "date_zh": null,
                "title": honor.title, "page": self.owner(id),
            });
            years
                .entry(YearKey::of(&honor.year))
                .or_default()
                .push(event);
        }
        let activities = self.activities_by_year();
        for year in activities.keys() {
            years.entry(YearKey::of(&year.to_string())).or_default();
        }
        let list: Vec<Value> = years
            .into_iter()
            .map(|(key, events)| {
                let year = key.label();
                let totals = year.parse::<i32>().ok().and_then(|y| activities.get(&y).map(|t| (y, t)));
                let activities = totals.map_or(Value::Null, |(y, t)| {
                    json!({"activities": t.activities, "volunteers": t.volunteers, "hours": t.hours, "served": t.served, "url": site.year_url(y)})
                });
                json!({"year": year, "activities": activities, "events": events})
            })
            .collect();
        Value::Array(list)
    }

    fn activities_by_year(&self) -> BTreeMap<i32, Totals> {
        self.records_by_year
            .iter()
            .map(|(year, ids)| {
                let mut totals = Totals::default();
                for &id in ids {
                    totals.add(&self.site.pages[id].links.totals);
                }
                (*year, totals)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_sort_newest_first_and_words_last_each_its_own() {
        let mut years: Vec<YearKey> = ["2021", "2024年", "历年", "2023", " 2024", "近年"]
            .into_iter()
            .map(YearKey::of)
            .collect();
        years.sort();
        years.dedup();
        let labels: Vec<String> = years.iter().map(YearKey::label).collect();
        assert_eq!(labels, ["2024", "2023", "2021", "历年", "近年"]);
    }
}
