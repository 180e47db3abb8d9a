//! Brand and member references: each resolved to one page (or an error
//! naming the nearest candidates), giving every page its links and every
//! brand its totals.

use rustc_hash::FxHashMap;

use super::{Links, Page, PageId, Totals};
use crate::diagnostics::{Code, Diagnostics};
use crate::load::PendingPage;
use crate::model::{split_names, Kind, KindFields, Located};

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
pub(super) fn link_references(
    pages: &[Page],
    pending: &[PendingPage],
) -> (Vec<Links>, Diagnostics) {
    let (brand_keys, member_keys) = reference_keys(pages);
    let in_review = PendingNames::new(pending);
    let mut problems = Diagnostics::new();
    let mut member_links: Vec<(PageId, PageId)> = Vec::new(); // (member, brand)
    let mut record_links: Vec<(PageId, Vec<PageId>, Vec<PageId>)> = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        let find = |r: &Located<String>, keys, kind, problems: &mut Diagnostics| {
            if in_review.report(page, r, kind, keys, problems) {
                return Vec::new();
            }
            let found = lookup_list(pages, page, keys, r, kind, &in_review, problems);
            warn_if_pending(pages, page, r, &found, problems);
            found
        };
        match &page.src.fields {
            KindFields::Member(m) => {
                let Some(r) = &m.branch else { continue };
                if in_review.report(page, r, Kind::Branch, &brand_keys, &mut problems) {
                    continue;
                }
                // One brand: `A、B` is not split here, a member has one.
                if let Some(brand) =
                    lookup(pages, page, &brand_keys, r, Kind::Branch, &mut problems)
                {
                    warn_if_pending(pages, page, r, &[brand], &mut problems);
                    member_links.push((id, brand));
                }
            }
            KindFields::Volunteer(v) => {
                let brands: Vec<PageId> = v
                    .branches
                    .iter()
                    .flat_map(|r| find(r, &brand_keys, Kind::Branch, &mut problems))
                    .collect();
                let members: Vec<PageId> = v
                    .members
                    .iter()
                    .flat_map(|r| find(r, &member_keys, Kind::Member, &mut problems))
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

/// The pages left out because they are in review, by every name a
/// reference may call them.
struct PendingNames<'a> {
    by_name: FxHashMap<(Kind, &'a str), &'a PendingPage>,
}

impl<'a> PendingNames<'a> {
    fn new(pending: &'a [PendingPage]) -> Self {
        let mut by_name = FxHashMap::default();
        for page in pending {
            for name in &page.names {
                by_name.entry((page.kind, name.as_str())).or_insert(page);
            }
        }
        PendingNames { by_name }
    }

    /// Reports a reference to a page that is only left out because it is
    /// in review (it would be a dead link); true when it did.
    fn report(
        &self,
        page: &Page,
        reference: &Located<String>,
        kind: Kind,
        keys: &FxHashMap<&str, Vec<PageId>>,
        problems: &mut Diagnostics,
    ) -> bool {
        let name = reference.value.as_str();
        if keys.contains_key(name) {
            return false;
        }
        let Some(pending) = self.by_name.get(&(kind, name)) else {
            return false;
        };
        problems.error_at(
            Code::Reference,
            page.src.place(Some(reference.line)),
            format!(
                "“{name}”（{}）还在审核中（{}），没有发布，这里的链接会打不开：请先完成它的审核，或暂时去掉这个引用（用 pinpai build --preview 可以连同送审稿一起预览）",
                pending.source,
                pending.state.label()
            ),
        );
        true
    }
}

/// In a preview (pending pages included), a published page that refers to
/// a page still in review: fine now, a dead link once published.
fn warn_if_pending(
    pages: &[Page],
    page: &Page,
    reference: &Located<String>,
    found: &[PageId],
    problems: &mut Diagnostics,
) {
    if page.src.review.is_pending() {
        return;
    }
    for &id in found {
        let target = &pages[id].src;
        if target.review.is_pending() {
            problems.warning_at(
                Code::Reference,
                page.src.place(Some(reference.line)),
                format!(
                    "引用的“{}”（{}）还在审核中（{}）：正式生成网站时它不会发布，这里会出错",
                    reference.value,
                    target.source,
                    target.review.label()
                ),
            );
        }
    }
}

/// The pages a reference in a list names: the one it names as written, or,
/// when it names none and holds several names the Chinese way
/// (`李明、曾长青`), each of those.
fn lookup_list(
    pages: &[Page],
    page: &Page,
    keys: &FxHashMap<&str, Vec<PageId>>,
    reference: &Located<String>,
    kind: Kind,
    in_review: &PendingNames,
    problems: &mut Diagnostics,
) -> Vec<PageId> {
    let names = split_names(&reference.value);
    if keys.contains_key(reference.value.as_str()) || names.len() < 2 {
        return lookup(pages, page, keys, reference, kind, problems)
            .into_iter()
            .collect();
    }
    names
        .into_iter()
        .filter_map(|name| {
            let part = Located {
                value: name,
                line: reference.line,
            };
            // One of the names may be a page in review: said so, not “找不到”.
            if in_review.report(page, &part, kind, keys, problems) {
                return None;
            }
            lookup(pages, page, keys, &part, kind, problems)
        })
        .collect()
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
            let files: Vec<String> = ids.iter().map(|&i| pages[i].src.shown()).collect();
            problems.error_at(
                Code::Reference,
                page.src.place(Some(reference.line)),
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
            problems.error_at(
                Code::Reference,
                page.src.place(Some(reference.line)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Level};
    use crate::resolve::test_support::{brand, member, pages, record};

    #[test]
    fn a_shortened_chinese_name_suggests_the_full_one_first() {
        // Edit distance alone scores 心血管内科党支部 below 0.9; the shared
        // characters put it first.
        assert_eq!(
            nearest(
                "心内科支部",
                &["jizhen-120", "急诊科党支部", "心血管内科党支部"]
            ),
            "，是不是：心血管内科党支部、急诊科党支部？"
        );
    }

    #[test]
    fn at_most_three_suggestions_best_first() {
        let names = [
            "急诊科",
            "心内科党支部",
            "眼科党支部",
            "急诊科党支部",
            "财务科",
        ];
        assert_eq!(
            nearest("急诊党支部", &names),
            "，是不是：急诊科党支部、眼科党支部、心内科党支部？"
        );
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert_eq!(nearest("放射科", &["jizhen-120", "守护光明"]), "");
        assert_eq!(nearest("放射科", &[]), "");
    }

    #[test]
    fn shared_chars_is_the_share_of_the_wrong_name_found() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(shared_chars("心内科支部", "心血管内科党支部"), 0.9));
        assert!(close(shared_chars("心内科支部", "眼科党支部"), 0.54));
        assert!(close(shared_chars("心内科支部", "jizhen-120"), 0.0));
        assert!(close(shared_chars("", "心血管内科党支部"), 0.0));
    }

    #[test]
    fn dedup_keeps_the_first_of_each_in_order() {
        assert_eq!(dedup(vec![3, 1, 3, 2, 1]), [3, 1, 2]);
        assert_eq!(dedup(Vec::new()), Vec::<PageId>::new());
    }

    const JIZHEN: PageId = 0;
    const YANKE: PageId = 1;
    const DU_JIE: PageId = 2;
    const WANG_MING: PageId = 3;
    const SHAN_XUEMEI: PageId = 4;
    const SHAICHA_2023: PageId = 5;
    const YIZHEN_2024: PageId = 6;

    /// Two brands; three members, each naming its brand another way; two
    /// records, the older first and naming one brand twice.
    fn linked_pages() -> Vec<Page> {
        pages([
            brand("branches/jizhen-120.md", "急诊科党支部", "120救在身边"),
            brand("branches/yanke-shouming/index.md", "眼科党支部", "守护光明"),
            // By the brand's slug, its branch and its title.
            member("members/杜杰.md", "杜杰", "jizhen-120"),
            member("members/wang-ming.md", "王明", "守护光明"),
            member("members/shan-xuemei.md", "单雪梅", "眼科党支部"),
            record(
                "volunteer/2023-shaicha.md",
                "2023-10-08",
                &["守护光明", "jizhen-120", "眼科党支部"],
                &["王明", "shan-xuemei"],
                45,
                7.0,
                567,
            ),
            record(
                "volunteer/2024-yizhen.md",
                "2024-03-05",
                &["急诊科党支部"],
                &["杜杰"],
                37,
                12.5,
                1234,
            ),
        ])
    }

    #[test]
    fn a_member_names_its_brand_by_slug_branch_or_title() {
        let (links, problems) = link_references(&linked_pages(), &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(links[DU_JIE].brand, Some(JIZHEN));
        assert_eq!(links[WANG_MING].brand, Some(YANKE));
        assert_eq!(links[SHAN_XUEMEI].brand, Some(YANKE));
        assert_eq!(links[JIZHEN].members, [DU_JIE]);
        // A brand's members by slug: shan-xuemei before wang-ming.
        assert_eq!(links[YANKE].members, [SHAN_XUEMEI, WANG_MING]);
    }

    #[test]
    fn a_record_links_its_brands_and_members_once_in_the_order_written() {
        let (links, _) = link_references(&linked_pages(), &[]);
        let record = &links[SHAICHA_2023];
        assert_eq!(record.brands, [YANKE, JIZHEN]);
        assert_eq!(record.members, [WANG_MING, SHAN_XUEMEI]);
        assert_eq!(
            record.totals,
            Totals {
                activities: 1,
                volunteers: 45,
                hours: 7.0,
                served: 567,
            }
        );
        assert_eq!(links[DU_JIE].records, [YIZHEN_2024]);
        assert_eq!(links[SHAN_XUEMEI].records, [SHAICHA_2023]);
    }

    #[test]
    fn each_brand_adds_up_its_records_newest_first() {
        let (links, _) = link_references(&linked_pages(), &[]);
        assert_eq!(links[JIZHEN].records, [YIZHEN_2024, SHAICHA_2023]);
        assert_eq!(
            links[JIZHEN].totals,
            Totals {
                activities: 2,
                volunteers: 37 + 45,
                hours: 12.5 + 7.0,
                served: 1234 + 567,
            }
        );
        // Named twice by one record, counted once.
        assert_eq!(links[YANKE].records, [SHAICHA_2023]);
        assert_eq!(links[YANKE].totals, links[SHAICHA_2023].totals);
    }

    fn error(path: &str, line: usize, message: &str) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            code: Code::Reference,
            path: path.to_string(),
            line: Some(line),
            cell: None,
            message: message.to_string(),
        }
    }

    #[test]
    fn an_unknown_name_is_an_error_at_its_line_with_suggestions() {
        let pages = pages([
            brand("branches/jizhen-120.md", "急诊科党支部", "120救在身边"),
            member("members/杜杰.md", "杜杰", "急诊党支部"),
            record(
                "volunteer/2024-yizhen.md",
                "2024-03-05",
                &["急诊科党支部"],
                &["李四"],
                37,
                12.5,
                1234,
            ),
        ]);
        let (links, problems) = link_references(&pages, &[]);
        let problems: Vec<Diagnostic> = problems.into_iter().collect();
        assert_eq!(
            problems,
            [
                error(
                    "content/members/杜杰.md",
                    4,
                    "找不到支部品牌“急诊党支部”，是不是：急诊科党支部？"
                ),
                // Nothing near: no question.
                error(
                    "content/volunteer/2024-yizhen.md",
                    5,
                    "找不到先锋人物“李四”"
                ),
            ]
        );
        assert_eq!(links[1].brand, None);
        assert!(links[0].members.is_empty());
        assert!(links[2].members.is_empty());
        // The brand that was found still counts the record.
        assert_eq!(links[2].brands, [0]);
        assert_eq!(links[0].totals.activities, 1);
    }

    #[test]
    fn an_ambiguous_name_is_an_error_naming_both_files() {
        // A new brand whose title is another brand's branch.
        let pages = pages([
            brand("branches/jizhen-120.md", "急诊科党支部", "120救在身边"),
            brand("branches/qita.md", "其他党支部", "急诊科党支部"),
            record(
                "volunteer/2024-yizhen.md",
                "2024-03-05",
                &["急诊科党支部"],
                &[],
                37,
                12.5,
                1234,
            ),
        ]);
        let (links, problems) = link_references(&pages, &[]);
        let problems: Vec<Diagnostic> = problems.into_iter().collect();
        assert_eq!(
            problems,
            [error(
                "content/volunteer/2024-yizhen.md",
                4,
                "“急诊科党支部”同时匹配多个支部品牌\
                 （content/branches/jizhen-120.md、content/branches/qita.md），\
                 请改用网址名（slug）"
            )]
        );
        assert!(links[2].brands.is_empty());
        assert_eq!(links[0].totals, Totals::default());
        assert_eq!(links[1].totals, Totals::default());
    }
}
