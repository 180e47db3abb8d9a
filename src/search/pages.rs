//! The site's pages as the index sees them: one [`Doc`] per published page, with the
//! label of its kind, and the list pages to suggest when nothing matches.

use crate::model::{Kind, KindFields};
use crate::resolve::{Page, Site};

use super::Doc;

/// The pages of the site in index order (the order of `site.pages`).
pub fn documents(site: &Site) -> Vec<Doc> {
    site.pages
        .iter()
        .map(|page| {
            let s = &page.src;
            Doc {
                url: s.url.clone(),
                title: s.title.clone(),
                kind: kind_label(site, s.kind, &s.section),
                date: s.date.map(|d| d.short()).unwrap_or_default(),
                meta: meta(site, page).join("\n"),
                text: page.text.to_string(),
            }
        })
        .collect()
}

/// The label shown beside a result for what the page is (the content
/// model's: 品牌 / 先锋 / 志愿, or a plain page's section title).
fn kind_label(site: &Site, kind: Kind, section: &str) -> String {
    kind.label(site.section(section).map(|sec| sec.title.as_str()))
}

/// The searchable fields of a page besides its title and body (see
/// [`Doc::meta`]), without empty ones.
fn meta(site: &Site, page: &Page) -> Vec<String> {
    let s = &page.src;
    let mut meta: Vec<String> = s.tags.iter().map(|t| t.value.clone()).collect();
    let brand = |id: usize| {
        site.pages.get(id).map(|b| match &b.src.fields {
            KindFields::Branch(f) => format!("{}\n{}", b.src.title, f.branch),
            _ => b.src.title.clone(),
        })
    };
    // The kind's own fields, then the pages it is tied to.
    meta.extend(s.fields.search_words());
    match &s.fields {
        KindFields::Member(_) => meta.extend(page.links.brand.and_then(brand)),
        KindFields::Volunteer(_) => {
            meta.extend(page.links.brands.iter().filter_map(|&b| brand(b)));
            meta.extend(page.links.members.iter().filter_map(|&m| {
                site.pages.get(m).map(|p| match &p.src.fields {
                    KindFields::Member(f) => f.name.clone(),
                    _ => p.src.title.clone(),
                })
            }));
        }
        _ => {}
    }
    if let Some(summary) = &s.summary {
        if !page.text.contains(summary.as_str()) {
            meta.push(summary.clone());
        }
    }
    meta.retain(|m| !m.trim().is_empty());
    meta
}

/// The list pages offered when nothing matches: the sections that have
/// pages (brands, members and volunteer first), then the tags.
pub(super) fn lists(site: &Site) -> Vec<(String, String)> {
    // The collections first, in the content model's order.
    let rank = |kind: Kind| Kind::ALL.iter().position(|k| *k == kind);
    let mut sections: Vec<_> = site
        .sections
        .iter()
        .filter(|s| !s.pages.is_empty())
        .collect();
    sections.sort_by_key(|s| rank(s.kind));
    let mut out: Vec<(String, String)> = sections
        .into_iter()
        .map(|s| (s.title.clone(), s.url.clone()))
        .collect();
    if !site.tags.is_empty() {
        out.push(("全部标签".into(), "/tags/".into()));
    }
    out
}
