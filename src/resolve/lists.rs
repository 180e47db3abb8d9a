//! What the site lists: sections, tags, the home section and the site's
//! totals; and the check that no two pages (or a page and a list) share
//! an address.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::references::sort_pages;
use super::{Page, Section, SiteTotals, Tag};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostics};
use crate::load::{SectionSource, SourcePage};
use crate::model::Kind;

/// Checks that no two pages, and no page and a generated list, share a URL.
pub(super) fn check_urls(
    pages: &[Arc<SourcePage>],
    sections: &BTreeMap<String, SectionSource>,
    config: &Config,
    diags: &mut Diagnostics,
) {
    let mut generated: HashMap<String, String> = HashMap::new();
    generated.insert("/tags/".into(), "标签列表".into());
    if config.search {
        generated.insert("/search/".into(), "搜索页".into());
    }
    for s in sections.values() {
        generated.insert(s.dir_url.clone(), format!("栏目“{}”的列表", s.title));
    }
    let mut seen: FxHashMap<&str, &SourcePage> =
        FxHashMap::with_capacity_and_hasher(pages.len(), Default::default());
    for page in pages {
        if let Some(what) = generated.get(&page.url) {
            diags.error(
                Code::Url,
                &page.source,
                None,
                format!(
                    "网址 {} 与自动生成的{what}重复，请换一个文件名或写 slug",
                    page.url
                ),
            );
        } else if let Some(first) = seen.get(page.url.as_str()) {
            for (this, other) in [(&**page, *first), (*first, &**page)] {
                diags.error(
                    Code::Url,
                    &this.source,
                    None,
                    format!(
                        "与 {} 的网址相同（{}），请改文件名或用 slug 字段区分",
                        other.source, page.url
                    ),
                );
            }
        } else {
            seen.insert(&page.url, page);
        }
    }
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
