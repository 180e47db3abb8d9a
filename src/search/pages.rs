//! The site's pages as the index sees them: one [`Doc`] per published page, with the
//! label of its kind, and the list pages to suggest when nothing matches.

use crate::load::{Kind, KindFields};
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

/// The label shown beside a result for what the page is: 品牌 / 先锋 /
/// 志愿, or for other pages the title of their section (页面 without one).
fn kind_label(site: &Site, kind: Kind, section: &str) -> String {
    match kind {
        Kind::Branch => "品牌".to_string(),
        Kind::Member => "先锋".to_string(),
        Kind::Volunteer => "志愿".to_string(),
        Kind::Page => site
            .section(section)
            .map(|sec| sec.title.clone())
            .unwrap_or_else(|| "页面".into()),
    }
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
    match &s.fields {
        KindFields::Branch(b) => {
            meta.extend(
                [&b.branch, &b.department, &b.secretary, &b.slogan, &b.method]
                    .into_iter()
                    .cloned(),
            );
            meta.extend(b.honors.iter().map(|h| h.title.clone()));
        }
        KindFields::Member(m) => {
            meta.extend([m.name.clone(), m.position.clone()]);
            meta.extend(m.honors.iter().map(|h| h.title.clone()));
            meta.extend(page.links.brand.and_then(brand));
        }
        KindFields::Volunteer(v) => {
            meta.push(v.location.clone());
            meta.extend(page.links.brands.iter().filter_map(|&b| brand(b)));
            meta.extend(page.links.members.iter().filter_map(|&m| {
                site.pages.get(m).map(|p| match &p.src.fields {
                    KindFields::Member(f) => f.name.clone(),
                    _ => p.src.title.clone(),
                })
            }));
        }
        KindFields::Page => {}
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
    let rank = |name: &str| match name {
        "branches" => 0,
        "members" => 1,
        "volunteer" => 2,
        _ => 3,
    };
    let mut sections: Vec<_> = site
        .sections
        .iter()
        .filter(|s| !s.pages.is_empty())
        .collect();
    sections.sort_by_key(|s| rank(&s.name));
    let mut out: Vec<(String, String)> = sections
        .into_iter()
        .map(|s| (s.title.clone(), s.url.clone()))
        .collect();
    if !site.tags.is_empty() {
        out.push(("全部标签".into(), "/tags/".into()));
    }
    out
}
