//! The site's pages as the index sees them: one [`Doc`] per published page, with the
//! label of its kind and its fields labelled as the page shows them (a
//! snippet shows `所属支部：急诊科党支部`, never a list of every field), and
//! the list pages to suggest when nothing matches.

use crate::model::{Kind, KindFields};
use crate::resolve::{Page, Site};

use super::{Doc, Field};

/// The pages of the site in index order (the order of `site.pages`).
pub fn documents(site: &Site) -> Vec<Doc> {
    site.pages
        .iter()
        .map(|page| {
            let s = &page.src;
            let mut fields = fields(site, page);
            // A custom summary is searched too: as a field when the body does
            // not already hold it, or as the text of a page without a body.
            let mut text = std::sync::Arc::clone(&page.text);
            if let Some(summary) = s.summary.as_deref().filter(|t| !t.trim().is_empty()) {
                if text.trim().is_empty() {
                    text = summary.into();
                } else if !text.contains(summary) {
                    fields.push((label::SUMMARY, summary.to_string()));
                }
            }
            Doc {
                url: s.url.clone(),
                title: s.title.clone(),
                kind: kind_label(site, s.kind, &s.section),
                date: s.date.map(|d| d.short()).unwrap_or_default(),
                text,
                fields,
            }
        })
        .collect()
}

/// The label shown beside a result for what the page is (the content
/// model's: 品牌 / 先锋 / 志愿, or a plain page's section title).
fn kind_label(site: &Site, kind: Kind, section: &str) -> String {
    kind.label(site.section(section).map(|sec| sec.title.as_str()))
}

/// The labels of the fields, as the default theme shows them on the page
/// (`branch.html`, `member.html`, `volunteer.html`, the tag list).
pub(super) mod label {
    pub const BRANCH: &str = "所属支部";
    pub const DEPARTMENT: &str = "所在科室";
    pub const SECRETARY: &str = "支部书记";
    pub const SLOGAN: &str = "品牌口号";
    pub const METHOD: &str = "工作法";
    pub const BRAND_HONORS: &str = "荣誉足迹";
    pub const NAME: &str = "姓名";
    pub const POSITION: &str = "职务";
    pub const BRAND: &str = "所属品牌";
    pub const MEMBER_HONORS: &str = "个人荣誉";
    pub const LOCATION: &str = "地点";
    pub const ORGANISERS: &str = "组织支部";
    pub const MEMBERS: &str = "参与党员";
    pub const PARTICIPANTS: &str = "参与人员";
    pub const TAGS: &str = "标签";
    pub const SUMMARY: &str = "摘要";
    /// A word the content model lists for search (`search_words`) that no
    /// labelled field below holds: a field added to a kind without a label
    /// here yet is still found.
    pub const OTHER: &str = "其他信息";
}

/// The labelled fields of a page besides its title and body (see
/// [`Doc::fields`]), in the order the page shows them, then its tags. A
/// list (honours, names, tags) is one field, its items joined with 、 as
/// the page writes them; empty fields are left out.
fn fields(site: &Site, page: &Page) -> Vec<Field> {
    let s = &page.src;
    let mut out = Fields::default();
    match &s.fields {
        KindFields::Branch(f) => {
            out.one(label::BRANCH, &f.branch);
            out.one(label::DEPARTMENT, &f.department);
            out.one(label::SECRETARY, &f.secretary);
            out.one(label::SLOGAN, &f.slogan);
            out.one(label::METHOD, &f.method);
            out.list(
                label::BRAND_HONORS,
                f.honors.iter().map(|h| h.title.as_str()),
            );
        }
        KindFields::Member(f) => {
            out.one(label::NAME, &f.name);
            out.one(label::POSITION, &f.position);
            if let Some(brand) = page.links.brand.and_then(|id| site.pages.get(id)) {
                let branch = branch_of(brand);
                // A brand named after its branch is one field, not two.
                if branch != brand.src.title {
                    out.one(label::BRAND, &brand.src.title);
                }
                out.one(label::BRANCH, branch);
            }
            out.list(
                label::MEMBER_HONORS,
                f.honors.iter().map(|h| h.title.as_str()),
            );
        }
        KindFields::Volunteer(f) => {
            out.one(label::LOCATION, &f.location);
            // 急诊科党支部（120救(就)在身边）, as the record's table shows it.
            let brands = page.links.brands.iter().filter_map(|&b| site.pages.get(b));
            let mut organisers = Vec::new();
            let mut names = Vec::new();
            for brand in brands {
                let (branch, title) = (branch_of(brand), brand.src.title.as_str());
                names.extend([branch, title]);
                organisers.push(match branch {
                    "" => title.to_string(),
                    b if b == title || title.is_empty() => b.to_string(),
                    b => format!("{b}（{title}）"),
                });
            }
            out.joined(label::ORGANISERS, &names, organisers.join("、"));
            let members = page.links.members.iter().filter_map(|&m| site.pages.get(m));
            out.list(
                label::MEMBERS,
                members.map(|p| match &p.src.fields {
                    KindFields::Member(f) if !f.name.is_empty() => f.name.as_str(),
                    _ => p.src.title.as_str(),
                }),
            );
            out.list(
                label::PARTICIPANTS,
                f.participants.iter().map(String::as_str),
            );
        }
        KindFields::Page => {}
    }
    for word in s.fields.search_words() {
        if !out.holds(&word) {
            out.one(label::OTHER, &word);
        }
    }
    out.list(label::TAGS, s.tags.iter().map(|t| t.value.as_str()));
    out.fields
}

/// A brand's branch name (the page's own title for any other page).
fn branch_of(page: &Page) -> &str {
    match &page.src.fields {
        KindFields::Branch(f) => f.branch.as_str(),
        _ => page.src.title.as_str(),
    }
}

/// The fields of one page while they are gathered, with every item that
/// went into them (to tell which of the model's search words are covered).
#[derive(Default)]
struct Fields {
    fields: Vec<Field>,
    items: Vec<String>,
}

impl Fields {
    fn one(&mut self, label: &'static str, value: &str) {
        self.list(label, [value]);
    }

    /// Items joined with 、, the empty ones left out.
    fn list<'a>(&mut self, label: &'static str, items: impl IntoIterator<Item = &'a str>) {
        let items: Vec<&str> = items
            .into_iter()
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        let value = items.join("、");
        self.joined(label, &items, value);
    }

    /// `value` as written, made of `items`.
    fn joined(&mut self, label: &'static str, items: &[&str], value: String) {
        self.items
            .extend(items.iter().map(|i| i.trim().to_string()));
        if !value.trim().is_empty() {
            self.fields.push((label, value));
        }
    }

    fn holds(&self, word: &str) -> bool {
        let word = word.trim();
        word.is_empty() || self.items.iter().any(|i| i == word)
    }
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

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;
    use crate::build::{prepare_site, BuildOptions};
    use crate::diagnostics::Diagnostics;
    use crate::search::Index;

    /// A site folder of its own (tests run in parallel threads), removed
    /// when dropped.
    struct TempSite(tempfile::TempDir);

    impl TempSite {
        fn new(_name: &str, files: &[(&str, &str)]) -> TempSite {
            let dir = tempfile::tempdir().expect("temp dir");
            for (path, text) in files {
                let file = dir.path().join(path);
                fs::create_dir_all(file.parent().unwrap_or(Path::new("."))).expect("folder");
                fs::write(&file, text).expect("fixture file");
            }
            TempSite(dir)
        }

        fn path(&self) -> &Path {
            self.0.path()
        }
    }

    /// The search documents of a small site: a brand, a member, a record
    /// that names both, one without a body, and a news page.
    fn docs() -> Vec<Doc> {
        let site = TempSite::new(
            "pages",
            &[
                ("site.yaml", "title: 测试医院党建之窗\nhospital: 测试市人民医院\n"),
                (
                    "content/branches/xiaohua.md",
                    "---\ntitle: 消化健康守护者\nbranch: 消化内科党支部\ndepartment: 消化内科\n\
                     secretary: 王芳\nslogan: 护胃护肠\nmethod: 三早工作法\n\
                     honors:\n  - year: 2023\n    title: 江州市先进基层党组织\n  - year: 2024\n    title: 医院十佳党建品牌\n\
                     tags: [健康宣教]\n---\n\n支部现有党员15名，常年开展胃肠健康义诊。\n",
                ),
                (
                    "content/members/li-ming.md",
                    "---\ntitle: 李明：胃镜室里的守门人\nname: 李明\nbranch: 消化内科党支部\n\
                     position: 消化内科主任医师\nhonors:\n  - year: 2022\n    title: 江州市优秀共产党员\n---\n\n\
                     李明做了二十年胃镜。\n",
                ),
                (
                    "content/volunteer/2024-05-yizhen.md",
                    "---\ntitle: 社区胃肠健康义诊\ndate: 2024-05-10\nbranch: 消化内科党支部\nmembers: [李明]\n\
                     participants: [赵敏, 钱军]\nlocation: 滨江街道社区服务中心\nvolunteers: 6\nhours: 12\nserved: 80\n\
                     tags: [义诊]\n---\n\n党员医生为居民讲解幽门螺杆菌的防治。\n",
                ),
                (
                    "content/volunteer/2024-06-zixun.md",
                    "---\ntitle: 健康咨询\ndate: 2024-06-01\nbranch: 消化内科党支部\n\
                     summary: 为居民解答胃肠疾病问题。\nvolunteers: 2\nhours: 4\nserved: 30\n---\n",
                ),
                (
                    "content/news/2024-07-dangke.md",
                    "---\ntitle: 支部党课\ndate: 2024-07-01\nsummary: 一堂走进病房的党课。\ntags: [党课]\n---\n\n\
                     七月一日，支部在病房讲党课。\n",
                ),
            ],
        );
        let mut diags = Diagnostics::new();
        let prepared = prepare_site(&BuildOptions::new(site.path()), false, None, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        let Some(prepared) = prepared else {
            panic!("the site did not build: {diags:?}")
        };
        documents(&prepared.site)
    }

    fn doc<'a>(docs: &'a [Doc], url: &str) -> &'a Doc {
        docs.iter().find(|d| d.url == url).unwrap_or_else(|| {
            panic!(
                "{url} not in {:?}",
                docs.iter().map(|d| &d.url).collect::<Vec<_>>()
            )
        })
    }

    fn fields(doc: &Doc) -> Vec<(&str, &str)> {
        doc.fields.iter().map(|(l, v)| (*l, v.as_str())).collect()
    }

    #[test]
    fn the_body_is_the_text_and_fields_carry_the_labels_the_pages_show() {
        let docs = docs();
        let brand = doc(&docs, "/branches/xiaohua/");
        assert_eq!(
            brand.text.trim(),
            "支部现有党员15名，常年开展胃肠健康义诊。"
        );
        assert_eq!(
            fields(brand),
            [
                ("所属支部", "消化内科党支部"),
                ("所在科室", "消化内科"),
                ("支部书记", "王芳"),
                ("品牌口号", "护胃护肠"),
                ("工作法", "三早工作法"),
                ("荣誉足迹", "江州市先进基层党组织、医院十佳党建品牌"),
                ("标签", "健康宣教"),
            ]
        );
        let member = doc(&docs, "/members/li-ming/");
        assert_eq!(member.text.trim(), "李明做了二十年胃镜。");
        assert_eq!(
            fields(member),
            [
                ("姓名", "李明"),
                ("职务", "消化内科主任医师"),
                ("所属品牌", "消化健康守护者"),
                ("所属支部", "消化内科党支部"),
                ("个人荣誉", "江州市优秀共产党员"),
            ]
        );
        let record = doc(&docs, "/volunteer/2024-05-yizhen/");
        assert_eq!(
            fields(record),
            [
                ("地点", "滨江街道社区服务中心"),
                ("组织支部", "消化内科党支部（消化健康守护者）"),
                ("参与党员", "李明"),
                ("参与人员", "赵敏、钱军"),
                ("标签", "义诊"),
            ]
        );
    }

    #[test]
    fn a_summary_is_the_text_of_a_page_without_body_or_a_field_beside_one() {
        let docs = docs();
        let bare = doc(&docs, "/volunteer/2024-06-zixun/");
        assert_eq!(&*bare.text, "为居民解答胃肠疾病问题。");
        assert!(fields(bare).iter().all(|(l, _)| *l != label::SUMMARY));
        let news = doc(&docs, "/news/2024-07-dangke/");
        assert_eq!(news.text.trim(), "七月一日，支部在病房讲党课。");
        assert_eq!(
            fields(news),
            [("标签", "党课"), ("摘要", "一堂走进病房的党课。")]
        );
    }

    #[test]
    fn every_search_word_of_the_model_is_in_a_labelled_field() {
        for d in docs() {
            assert!(
                d.fields.iter().all(|(l, _)| *l != label::OTHER),
                "{}: {:?}",
                d.url,
                d.fields
            );
        }
    }

    #[test]
    fn values_are_searched_and_labels_are_not() {
        let docs = docs();
        let index = Index::build(&docs);
        let urls = |q: &str| -> Vec<&str> {
            let mut urls: Vec<&str> = index
                .query(&docs, q)
                .iter()
                .map(|&i| docs[i as usize].url.as_str())
                .collect();
            urls.sort_unstable();
            urls
        };
        assert_eq!(
            urls("消化内科党支部"),
            [
                "/branches/xiaohua/",
                "/members/li-ming/",
                "/volunteer/2024-05-yizhen/",
                "/volunteer/2024-06-zixun/",
            ]
        );
        assert_eq!(urls("钱军"), ["/volunteer/2024-05-yizhen/"]);
        assert_eq!(urls("走进病房"), ["/news/2024-07-dangke/"]);
        for label in ["所在科室", "荣誉足迹", "参与人员", "摘要"] {
            assert!(urls(label).is_empty(), "{label}: {:?}", urls(label));
        }
    }
}
