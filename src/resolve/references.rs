//! Brand and member references: each resolved to one page (or an error
//! naming the nearest candidates), giving every page its links and every
//! brand its totals.

use rustc_hash::FxHashMap;

use super::{Links, Page, PageId, Totals};
use crate::diagnostics::{Code, Diagnostics};
use crate::model::{Kind, KindFields, Located};

/// The names references may use for brands (slug, branch name, title)
/// and for members (slug, name), each with the pages it names.
type Keys<'a> = FxHashMap<&'a str, Vec<PageId>>;

fn reference_keys(pages: &[Page]) -> (Keys<'_>, Keys<'_>) {
    let mut brand_keys: Keys = FxHashMap::default();
    let mut member_keys: Keys = FxHashMap::default();
    for (id, page) in pages.iter().enumerate() {
        let keys = match page.src.kind {
            Kind::Branch => &mut brand_keys,
            Kind::Member => &mut member_keys,
            _ => continue,
        };
        let names = page.src.fields.reference_names(&page.src.title);
        for key in std::iter::once(page.src.slug.as_str()).chain(names) {
            let ids = keys.entry(key).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    (brand_keys, member_keys)
}

/// Resolves brand and member references: each page's links and totals, by
/// page id, and the problems found.
pub(super) fn link_references(pages: &[Page]) -> (Vec<Links>, Diagnostics) {
    let (brand_keys, member_keys) = reference_keys(pages);
    let mut problems = Diagnostics::new();
    let mut member_links: Vec<(PageId, PageId)> = Vec::new(); // (member, brand)
    let mut record_links: Vec<(PageId, Vec<PageId>, Vec<PageId>)> = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        match &page.src.fields {
            KindFields::Member(m) => {
                if let Some(r) = &m.branch {
                    if let Some(brand) =
                        lookup(pages, page, &brand_keys, r, Kind::Branch, &mut problems)
                    {
                        member_links.push((id, brand));
                    }
                }
            }
            KindFields::Volunteer(v) => {
                let brands: Vec<PageId> = v
                    .branches
                    .iter()
                    .filter_map(|r| {
                        lookup(pages, page, &brand_keys, r, Kind::Branch, &mut problems)
                    })
                    .collect();
                let members: Vec<PageId> = v
                    .members
                    .iter()
                    .filter_map(|r| {
                        lookup(pages, page, &member_keys, r, Kind::Member, &mut problems)
                    })
                    .collect();
                record_links.push((id, dedup(brands), dedup(members)));
            }
            _ => {}
        }
    }
    let mut links = vec![Links::default(); pages.len()];

    for (member, brand) in member_links {
        links[member].brand = Some(brand);
        links[brand].members.push(member);
    }
    for (record, brands, members) in record_links {
        let totals = match &pages[record].src.fields {
            KindFields::Volunteer(v) => Totals {
                activities: 1,
                volunteers: v.volunteers,
                hours: v.hours,
                served: v.served,
            },
            _ => Totals::default(),
        };
        links[record].totals = totals;
        for &brand in &brands {
            links[brand].records.push(record);
            links[brand].totals.add(&totals);
        }
        for &member in &members {
            links[member].records.push(record);
        }
        links[record].brands = brands;
        links[record].members = members;
    }
    for id in 0..pages.len() {
        let mut members = std::mem::take(&mut links[id].members);
        if pages[id].src.kind == Kind::Branch {
            sort_pages(&mut members, pages, Kind::Member);
        }
        let mut records = std::mem::take(&mut links[id].records);
        sort_pages(&mut records, pages, Kind::Volunteer);
        links[id].members = members;
        links[id].records = records;
    }
    (links, problems)
}

/// The one page a reference names; an error naming the nearest candidates
/// when it names none, or the files when it names several.
fn lookup(
    pages: &[Page],
    page: &Page,
    keys: &FxHashMap<&str, Vec<PageId>>,
    reference: &Located<String>,
    kind: Kind,
    problems: &mut Diagnostics,
) -> Option<PageId> {
    let what = kind.info().referred_as;
    match keys.get(reference.value.as_str()).map(Vec::as_slice) {
        Some([id]) => Some(*id),
        Some(ids) => {
            let files: Vec<&str> = ids.iter().map(|&i| pages[i].src.source.as_str()).collect();
            problems.error(
                Code::Reference,
                &page.src.source,
                Some(reference.line),
                format!(
                    "“{}”同时匹配多个{what}（{}），请改用网址名（slug）",
                    reference.value,
                    files.join("、")
                ),
            );
            None
        }
        None => {
            let mut names: Vec<&str> = keys.keys().copied().collect();
            names.sort_unstable();
            let hint = nearest(&reference.value, &names);
            problems.error(
                Code::Reference,
                &page.src.source,
                Some(reference.line),
                format!("找不到{what}“{}”{hint}", reference.value),
            );
            None
        }
    }
}

fn dedup(ids: Vec<PageId>) -> Vec<PageId> {
    let mut kept = Vec::with_capacity(ids.len());
    for id in ids {
        // A record names a handful of pages: a scan beats a hash set.
        if !kept.contains(&id) {
            kept.push(id);
        }
    }
    kept
}

/// "，是不是：a、b？" with the closest known names.
fn nearest(wrong: &str, names: &[&str]) -> String {
    let mut scored: Vec<(f64, &str)> = names
        .iter()
        .map(|n| {
            (
                strsim::jaro_winkler(wrong, n).max(shared_chars(wrong, n)),
                *n,
            )
        })
        .filter(|(s, _)| *s > 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best: Vec<&str> = scored.iter().take(3).map(|(_, n)| *n).collect();
    if best.is_empty() {
        String::new()
    } else {
        format!("，是不是：{}？", best.join("、"))
    }
}

/// Share of the wrong name's characters found in a candidate: Chinese names
/// are short, so edit distance alone misses `心内科支部` → `心血管内科党支部`.
fn shared_chars(wrong: &str, candidate: &str) -> f64 {
    let total = wrong.chars().count();
    if total == 0 {
        return 0.0;
    }
    let hits = wrong.chars().filter(|c| candidate.contains(*c)).count();
    hits as f64 / total as f64 * 0.9
}

/// List order: dated kinds newest first; brands and members by weight, then
/// by name (pinyin slug) so the order is stable.
pub(super) fn sort_pages(ids: &mut [PageId], pages: &[Page], kind: Kind) {
    let dated = matches!(kind, Kind::Volunteer)
        || (kind == Kind::Page && ids.iter().any(|&i| pages[i].src.date.is_some()));
    ids.sort_by(|&a, &b| {
        let (a, b) = (&pages[a].src, &pages[b].src);
        if dated {
            b.date
                .cmp(&a.date)
                .then(a.weight.cmp(&b.weight))
                .then(a.slug.cmp(&b.slug))
        } else {
            a.weight.cmp(&b.weight).then(a.slug.cmp(&b.slug))
        }
    });
}
