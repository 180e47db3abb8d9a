//! What the site lists: sections, tags, the home section and the site's
//! totals; and the check that no two pages (or a page and a list) share
//! an address.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::checks;
use super::references::sort_pages;
use super::{Page, Section, SiteTotals, Tag};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostics};
use crate::load::CONTENT_DIR;
use crate::load::{SectionSource, SourcePage};
use crate::model::Kind;
use crate::slug::slugify;

/// Checks that no two pages, and no page and a generated list, share a URL.
pub(super) fn check_urls(
    pages: &[Arc<SourcePage>],
    sections: &BTreeMap<String, SectionSource>,
    config: &Config,
    diags: &mut Diagnostics,
) {
    let generated = generated_urls(pages, sections, config, diags);
    let mut seen: FxHashMap<&str, &SourcePage> =
        FxHashMap::with_capacity_and_hasher(pages.len(), Default::default());
    for page in pages {
        if let Some(what) = generated.get(&page.url) {
            diags.error_at(
                Code::Url,
                page.place(None),
                format!(
                    "网址 {} 与自动生成的{what}重复，请换一个文件名或写 slug",
                    page.url
                ),
            );
        } else if let Some(first) = seen.get(page.url.as_str()) {
            if checks::ledger_and_page_of_one_activity(first, page) {
                continue;
            }
            for (this, other) in [(&**page, *first), (*first, &**page)] {
                diags.error_at(
                    Code::Url,
                    this.place(None),
                    format!(
                        "与 {} 的网址相同（{}），请改文件名或用 slug 字段区分",
                        other.shown(),
                        page.url
                    ),
                );
            }
        } else {
            seen.insert(&page.url, page);
        }
    }
}

/// Every URL pinpai makes itself — the tag list and each tag's page, the
/// search page, each section's list — with what it is. A section folder
/// whose list would take one of the others' (or another section's) URL is
/// an error: one of the two pages would silently replace the other.
fn generated_urls(
    pages: &[Arc<SourcePage>],
    sections: &BTreeMap<String, SectionSource>,
    config: &Config,
    diags: &mut Diagnostics,
) -> HashMap<String, String> {
    let mut generated: HashMap<String, String> = HashMap::new();
    generated.insert("/tags/".into(), "标签列表".into());
    if config.search {
        generated.insert("/search/".into(), "搜索页".into());
    }
    for tag in pages.iter().flat_map(|p| &p.tags) {
        let slug = slugify(&tag.value);
        if !slug.is_empty() {
            generated
                .entry(format!("/tags/{slug}/"))
                .or_insert_with(|| format!("标签“{}”的页面", tag.value));
        }
    }
    for s in sections.values() {
        let what = format!("栏目“{}”的列表", s.title);
        match generated.get(&s.dir_url) {
            Some(taken) => {
                let folder = format!("{CONTENT_DIR}/{}", s.name);
                diags.error(
                    Code::Url,
                    if s.source.is_empty() { &folder } else { &s.source },
                    None,
                    format!(
                        "栏目文件夹 {folder} 的网址 {} 与自动生成的{taken}重复，请给文件夹换一个名字",
                        s.dir_url
                    ),
                );
            }
            None => {
                generated.insert(s.dir_url.clone(), what);
            }
        }
    }
    generated
}

pub(super) fn collect_tags(pages: &[Page]) -> Vec<Tag> {
    let mut tags: BTreeMap<&str, Tag> = BTreeMap::new();
    for (id, page) in pages.iter().enumerate() {
        for t in &page.tags {
            let tag = tags.entry(&t.slug).or_insert_with(|| Tag {
                name: t.name.clone(),
                slug: t.slug.clone(),
                url: t.url.clone(),
                pages: Vec::new(),
            });
            // Pages come in id order: a page naming one tag twice (in two
            // spellings) is the last one added.
            if tag.pages.last() != Some(&id) {
                tag.pages.push(id);
            }
        }
    }
    let mut tags: Vec<Tag> = tags.into_values().collect();
    tags.par_iter_mut().for_each(|tag| {
        tag.pages.sort_by(|&a, &b| {
            let (a, b) = (&pages[a].src, &pages[b].src);
            b.date.cmp(&a.date).then(a.slug.cmp(&b.slug))
        });
    });
    tags
}

/// Every section with its pages in list order.
pub(super) fn sections(
    sources: BTreeMap<String, SectionSource>,
    html: Vec<String>,
    pages: &[Page],
) -> Vec<Section> {
    let mut sections: Vec<Section> = sources
        .into_values()
        .zip(html)
        .map(|(s, html)| Section {
            url: s.dir_url.clone(),
            kind: Kind::of_section(&s.name),
            html,
            summary: s.summary.clone().unwrap_or_default(),
            extra: s.extra.clone(),
            title: s.title.clone(),
            name: s.name,
            pages: Vec::new(),
            source: s.source,
            review: s.review,
            dir: s.dir,
        })
        .collect();
    for (id, page) in pages.iter().enumerate() {
        if let Some(section) = sections.iter_mut().find(|s| s.name == page.src.section) {
            section.pages.push(id);
        }
    }
    for section in &mut sections {
        sort_pages(&mut section.pages, pages, section.kind);
    }
    sections
}

/// The home page's section: `content/_index.md`, else the site's title
/// and description.
pub(super) fn home_section(
    source: Option<SectionSource>,
    html: Option<String>,
    config: &Config,
) -> Section {
    match source {
        Some(h) => Section {
            name: String::new(),
            title: h.title,
            url: "/".into(),
            kind: Kind::Page,
            html: html.unwrap_or_default(),
            summary: h.summary.unwrap_or_default(),
            extra: h.extra,
            pages: Vec::new(),
            source: h.source,
            review: h.review,
            dir: h.dir,
        },
        None => Section {
            name: String::new(),
            title: config.title.clone(),
            url: "/".into(),
            kind: Kind::Page,
            html: String::new(),
            summary: config.description.clone(),
            extra: serde_json::Value::Null,
            pages: Vec::new(),
            source: String::new(),
            review: Default::default(),
            dir: Default::default(),
        },
    }
}

/// The headline totals: brands, members and every record's numbers.
pub(super) fn site_totals(pages: &[Page]) -> SiteTotals {
    let mut totals = SiteTotals::default();
    for page in pages {
        match page.src.kind {
            Kind::Branch => totals.brands += 1,
            Kind::Member => totals.members += 1,
            Kind::Volunteer => {
                let t = &page.links.totals;
                totals.activities += 1;
                totals.volunteers += t.volunteers;
                totals.hours += t.hours;
                totals.served += t.served;
            }
            Kind::Page => {}
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Level};
    use crate::resolve::test_support::{brand, date, located, member, pages, record, source};
    use crate::resolve::{PageId, Totals};

    fn config(search: bool) -> Config {
        let mut diags = Diagnostics::new();
        let config =
            Config::parse("title: 测试医院党建之窗\n", &mut diags).expect("a valid site.yaml");
        Config { search, ..config }
    }

    fn url_problems(
        sources: Vec<SourcePage>,
        sections: &BTreeMap<String, SectionSource>,
        config: &Config,
    ) -> Vec<Diagnostic> {
        let sources: Vec<Arc<SourcePage>> = sources.into_iter().map(Arc::new).collect();
        let mut diags = Diagnostics::new();
        check_urls(&sources, sections, config, &mut diags);
        diags.into_iter().collect()
    }

    fn url_error(path: &str, message: &str) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            code: Code::Url,
            path: path.to_string(),
            line: None,
            cell: None,
            message: message.to_string(),
        }
    }

    #[test]
    fn pages_on_their_own_urls_are_fine() {
        let sources = vec![
            source("members/杜杰.md"),
            source("members/shan-xuemei.md"),
            source("about.md"),
        ];
        assert_eq!(url_problems(sources, &BTreeMap::new(), &config(true)), []);
    }

    #[test]
    fn two_pages_on_one_url_each_name_the_other() {
        let du_jie = source("members/杜杰.md");
        assert_eq!(du_jie.url, "/members/du-jie/");
        let second = SourcePage {
            slug: "du-jie".into(),
            url: du_jie.url.clone(),
            ..source("members/du-jie-2.md")
        };
        assert_eq!(
            url_problems(vec![du_jie, second], &BTreeMap::new(), &config(true)),
            [
                url_error(
                    "content/members/du-jie-2.md",
                    "与 content/members/杜杰.md 的网址相同（/members/du-jie/），请改文件名或用 slug 字段区分"
                ),
                url_error(
                    "content/members/杜杰.md",
                    "与 content/members/du-jie-2.md 的网址相同（/members/du-jie/），请改文件名或用 slug 字段区分"
                ),
            ]
        );
    }

    #[test]
    fn a_page_on_a_generated_list_url_is_an_error() {
        let news = SectionSource {
            name: "news".into(),
            title: "新闻动态".into(),
            dir_url: "/news/".into(),
            ..SectionSource::default()
        };
        let sections = BTreeMap::from([("news".to_string(), news)]);
        let sources = || vec![source("tags.md"), source("search.md"), source("news.md")];
        assert_eq!(
            url_problems(sources(), &sections, &config(true)),
            [
                url_error(
                    "content/tags.md",
                    "网址 /tags/ 与自动生成的标签列表重复，请换一个文件名或写 slug"
                ),
                url_error(
                    "content/search.md",
                    "网址 /search/ 与自动生成的搜索页重复，请换一个文件名或写 slug"
                ),
                url_error(
                    "content/news.md",
                    "网址 /news/ 与自动生成的栏目“新闻动态”的列表重复，请换一个文件名或写 slug"
                ),
            ]
        );
        // Without search there is no search page to collide with.
        let problems = url_problems(sources(), &sections, &config(false));
        let paths: Vec<&str> = problems.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["content/tags.md", "content/news.md"]);
    }

    #[test]
    fn a_tag_lists_each_page_once_newest_first() {
        let tagged = |src: SourcePage, tags: &[&str]| SourcePage {
            tags: tags.iter().map(|t| located(t, 3)).collect(),
            ..src
        };
        let dated = |path: &str, day: &str| SourcePage {
            date: Some(date(day)),
            ..source(path)
        };
        let pages = pages([
            // One tag in two spellings (one slug), and another between them.
            tagged(
                dated("news/a.md", "2023-06-01"),
                &["120急救", "志愿服务", "１２０急救"],
            ),
            tagged(source("branches/b.md"), &["志愿服务"]),
            tagged(dated("news/c.md", "2024-01-01"), &["志愿服务"]),
            tagged(source("about.md"), &["志愿服务"]),
        ]);
        let tags = collect_tags(&pages);
        let listed: Vec<(&str, &str, &str, &[PageId])> = tags
            .iter()
            .map(|t| {
                (
                    t.name.as_str(),
                    t.slug.as_str(),
                    t.url.as_str(),
                    t.pages.as_slice(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                // The spelling of the first page naming it.
                ("120急救", "120-ji-jiu", "/tags/120-ji-jiu/", &[0][..]),
                // Dated pages newest first, then undated ones by slug.
                (
                    "志愿服务",
                    "zhi-yuan-fu-wu",
                    "/tags/zhi-yuan-fu-wu/",
                    &[2, 0, 3, 1][..]
                ),
            ]
        );
    }

    #[test]
    fn site_totals_count_brands_members_and_every_record() {
        let mut pages = pages([
            brand("branches/jizhen-120.md", "急诊科党支部", "120救在身边"),
            brand("branches/yanke.md", "眼科党支部", "守护光明"),
            member("members/杜杰.md", "杜杰", "jizhen-120"),
            record(
                "volunteer/a.md",
                "2023-10-08",
                &["jizhen-120"],
                &[],
                45,
                7.0,
                567,
            ),
            record(
                "volunteer/b.md",
                "2024-03-05",
                &["yanke"],
                &[],
                37,
                12.5,
                1234,
            ),
            source("about.md"),
        ]);
        // The totals come from each record's links, as references set them.
        pages[3].links.totals = Totals {
            activities: 1,
            volunteers: 45,
            hours: 7.0,
            served: 567,
        };
        pages[4].links.totals = Totals {
            activities: 1,
            volunteers: 37,
            hours: 12.5,
            served: 1234,
        };
        let totals = site_totals(&pages);
        assert_eq!(
            (totals.brands, totals.members, totals.activities),
            (2, 1, 2)
        );
        assert_eq!(totals.volunteers, 45 + 37);
        assert_eq!(totals.hours, 7.0 + 12.5);
        assert_eq!(totals.served, 567 + 1234);
    }
}
