//! The content model: the page kinds a site is made of and everything that
//! is particular to each — its section folder, labels, templates, the typed
//! front matter it may carry (one module per kind: [`branch`], [`member`],
//! [`volunteer`]), what its card shows and the file `pinpai new` writes.
//!
//! Adding a field to a kind touches that kind's module, a template and the
//! docs; the stages (load, resolve, render, search) ask this module.

pub mod branch;
pub mod member;
mod read;
pub mod schema;
pub mod volunteer;

use serde_json::{Map, Value};

use crate::yaml::Fields;

pub use branch::BranchFields;
pub use member::MemberFields;
pub use read::{located_list, located_string, read_date, split_names, Honor, Located};
pub use volunteer::VolunteerFields;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Branch,
    Member,
    Volunteer,
    /// Any other folder's pages, and top-level pages.
    Page,
}

/// What is fixed about a kind.
pub struct KindInfo {
    /// Its name in templates (`page.kind`) and on the command line.
    pub name: &'static str,
    /// Its folder under `content/`; `None` for plain pages, which live in
    /// any other folder.
    pub section: Option<&'static str>,
    /// The section's title when its `_index.md` gives none.
    pub section_title: &'static str,
    /// Names a page of this kind in messages: “支部品牌页面的字段”.
    pub what: &'static str,
    /// The short label on cards and search results (plain pages show their
    /// section's title instead).
    pub label: &'static str,
    /// What a reference to a page of this kind names, in messages:
    /// “找不到支部品牌……”.
    pub referred_as: &'static str,
    /// Template of a page, and of its section's list.
    pub page_template: &'static str,
    pub list_template: &'static str,
    /// `page_kind` in templates, for a page and for its list.
    pub page_kind: &'static str,
    pub list_kind: &'static str,
    /// Front-matter fields of this kind besides [`COMMON_FIELDS`].
    pub fields: &'static [&'static str],
    /// The file `pinpai new` writes, with `{title}` and `{today}` filled in.
    pub scaffold: &'static str,
}

const BRANCH: KindInfo = KindInfo {
    name: "branch",
    section: Some("branches"),
    section_title: "支部品牌",
    what: "支部品牌页面",
    label: "品牌",
    referred_as: "支部品牌",
    page_template: "branch.html",
    list_template: "branches.html",
    page_kind: "branch",
    list_kind: "branches",
    fields: branch::FIELDS,
    scaffold: include_str!("scaffolds/branch.md"),
};

const MEMBER: KindInfo = KindInfo {
    name: "member",
    section: Some("members"),
    section_title: "先锋风采",
    what: "先锋风采页面",
    label: "先锋",
    referred_as: "先锋人物",
    page_template: "member.html",
    list_template: "members.html",
    page_kind: "member",
    list_kind: "members",
    fields: member::FIELDS,
    scaffold: include_str!("scaffolds/member.md"),
};

const VOLUNTEER: KindInfo = KindInfo {
    name: "volunteer",
    section: Some("volunteer"),
    section_title: "志愿服务",
    what: "志愿服务记录",
    label: "志愿",
    referred_as: "志愿服务记录",
    page_template: "volunteer.html",
    list_template: "volunteers.html",
    page_kind: "volunteer",
    list_kind: "volunteers",
    fields: volunteer::FIELDS,
    scaffold: include_str!("scaffolds/volunteer.md"),
};

const PAGE: KindInfo = KindInfo {
    name: "page",
    section: None,
    section_title: "",
    what: "页面",
    label: "页面",
    referred_as: "页面",
    page_template: "page.html",
    list_template: "section.html",
    page_kind: "page",
    list_kind: "section",
    fields: &[],
    scaffold: include_str!("scaffolds/page.md"),
};

impl Kind {
    /// Every kind, collections first.
    pub const ALL: [Kind; 4] = [Kind::Branch, Kind::Member, Kind::Volunteer, Kind::Page];

    pub fn info(self) -> &'static KindInfo {
        match self {
            Kind::Branch => &BRANCH,
            Kind::Member => &MEMBER,
            Kind::Volunteer => &VOLUNTEER,
            Kind::Page => &PAGE,
        }
    }

    /// The kind of the pages in a folder under `content/`.
    pub fn of_section(section_dir: &str) -> Kind {
        Kind::ALL
            .into_iter()
            .find(|k| k.info().section == Some(section_dir))
            .unwrap_or(Kind::Page)
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The collections' folders (`branches`, `members`, `volunteer`): they
    /// always have a list page, even before the folder exists.
    pub fn collection_sections() -> impl Iterator<Item = &'static str> {
        Kind::ALL.into_iter().filter_map(|k| k.info().section)
    }

    /// The short label on cards and search results: plain pages show
    /// their section's title (新闻动态), when they are in one.
    pub fn label(self, section_title: Option<&str>) -> String {
        match (self, section_title) {
            (Kind::Page, Some(title)) => title.to_string(),
            _ => self.info().label.to_string(),
        }
    }

    /// Whether a page of this kind (in `section`) must have a date.
    pub fn date_required(self, section: &str) -> bool {
        self == Kind::Volunteer || section == "news"
    }
}

/// Front-matter fields every page may have.
pub const COMMON_FIELDS: &[&str] = &[
    "title", "date", "slug", "summary", "tags", "weight", "draft", "cover", "extra", "review",
    "author",
];

/// Fields of a section's `_index.md`.
/// `review` and `author` as on pages: intros are reviewed too (§9.5).
pub const SECTION_FIELDS: &[&str] = &[
    "title", "summary", "extra", "weight", "paginate", "review", "author",
];

/// Default titles of the sections the contract names.
pub fn default_section_title(name: &str) -> String {
    match Kind::ALL
        .into_iter()
        .find(|k| k.info().section == Some(name))
    {
        Some(kind) => kind.info().section_title.into(),
        None if name == "news" => "新闻动态".into(),
        None => name.into(),
    }
}

/// Which front-matter image of a page an image is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSlot {
    Cover,
    Logo,
    Photo,
    Photos,
}

/// The fields of a page that belong to its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum KindFields {
    Branch(BranchFields),
    Member(MemberFields),
    Volunteer(VolunteerFields),
    Page,
}

impl KindFields {
    /// Reads the fields of `kind` from front matter; problems go to `f`.
    pub fn read(kind: Kind, f: &mut Fields) -> KindFields {
        match kind {
            Kind::Branch => KindFields::Branch(BranchFields::read(f)),
            Kind::Member => KindFields::Member(MemberFields::read(f)),
            Kind::Volunteer => KindFields::Volunteer(VolunteerFields::read(f)),
            Kind::Page => KindFields::Page,
        }
    }

    /// Blanks every field that only the page itself shows, so that two
    /// versions of a page that differ only there compare equal (an edit
    /// that cannot change any other page). A field added later is kept, so
    /// it counts as structural until it is listed here.
    pub fn blank_descriptive(&mut self) {
        match self {
            KindFields::Branch(b) => b.blank_descriptive(),
            KindFields::Member(m) => m.blank_descriptive(),
            KindFields::Volunteer(v) => v.blank_descriptive(),
            KindFields::Page => {}
        }
    }

    /// The front-matter images of this kind, with their slot.
    pub fn images(&self) -> Vec<(ImageSlot, &Located<String>)> {
        match self {
            KindFields::Branch(b) => b.logo.iter().map(|l| (ImageSlot::Logo, l)).collect(),
            KindFields::Member(m) => m.photo.iter().map(|l| (ImageSlot::Photo, l)).collect(),
            KindFields::Volunteer(v) => v.photos.iter().map(|l| (ImageSlot::Photos, l)).collect(),
            KindFields::Page => Vec::new(),
        }
    }

    /// What a card shows of this kind's own fields (images, references and
    /// totals are added by the renderer, which knows them).
    pub fn card_fields(&self) -> Map<String, Value> {
        match self {
            KindFields::Branch(b) => b.card_fields(),
            KindFields::Member(m) => m.card_fields(),
            KindFields::Volunteer(v) => v.card_fields(),
            KindFields::Page => Map::new(),
        }
    }

    /// Words the search index should find the page by, besides its title
    /// and text.
    pub fn search_words(&self) -> Vec<String> {
        match self {
            KindFields::Branch(b) => b.search_words(),
            KindFields::Member(m) => m.search_words(),
            KindFields::Volunteer(v) => v.search_words(),
            KindFields::Page => Vec::new(),
        }
    }

    /// The names a reference may use for the page besides its slug: a
    /// brand's branch name and title, a member's name. Other kinds cannot
    /// be referred to.
    pub fn reference_names<'a>(&'a self, title: &'a str) -> Vec<&'a str> {
        match self {
            KindFields::Branch(b) => vec![b.branch.as_str(), title],
            KindFields::Member(m) => vec![m.name.as_str()],
            _ => Vec::new(),
        }
    }

    /// A brand's `featured` or a member's; other kinds are never featured.
    pub fn featured(&self) -> bool {
        match self {
            KindFields::Branch(b) => b.featured,
            KindFields::Member(m) => m.featured,
            _ => false,
        }
    }
}

/// `pinpai new`'s text for a kind: the scaffold with the title (quoted for
/// YAML) and today's date filled in.
pub fn scaffold(kind: Kind, title: &str, today: &str) -> String {
    let title = yaml_quote(title);
    let mut out = String::new();
    for line in kind.info().scaffold.lines() {
        // Split before filling in: a title may hold ` # ` or `{today}`.
        // An optional field is written commented out (`# weight: 1 # …`).
        let from = if line.starts_with("# ") { 2 } else { 0 };
        let (value, comment) = match line[from..].find(" # ").map(|at| at + from) {
            Some(at) => (line[..at].trim_end(), &line[at + 1..]),
            None => (line, ""),
        };
        let value = value.replace("{today}", today).replace("{title}", &title);
        out.push_str(&value);
        if !comment.is_empty() {
            // Comments line up, however wide the title (a Chinese
            // character is two columns in an editor).
            let width = unicode_width::UnicodeWidthStr::width(value.as_str());
            out.push_str(&" ".repeat(SCAFFOLD_COMMENT_COLUMN.saturating_sub(width).max(1)));
            out.push_str(comment);
        }
        out.push('\n');
    }
    out
}

/// The column the comments of a `pinpai new` file start at.
const SCAFFOLD_COMMENT_COLUMN: usize = 28;

/// A YAML double-quoted string, safe for any title.
pub(crate) fn yaml_quote(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_map_to_kinds_and_back() {
        for kind in [Kind::Branch, Kind::Member, Kind::Volunteer] {
            let section = kind.info().section.unwrap();
            assert_eq!(Kind::of_section(section), kind);
            assert_eq!(default_section_title(section), kind.info().section_title);
        }
        assert_eq!(Kind::of_section("news"), Kind::Page);
        assert_eq!(default_section_title("news"), "新闻动态");
        assert_eq!(default_section_title("专题"), "专题");
    }

    #[test]
    fn a_title_is_filled_in_as_written() {
        let text = scaffold(Kind::Page, "{today} 的通知", "2024-03-05");
        assert!(text.contains("title: \"{today} 的通知\""), "{text}");
    }

    #[test]
    fn scaffolds_parse_and_name_only_known_fields() {
        for kind in Kind::ALL {
            let text = scaffold(kind, "标题 \"引号\"", "2024-03-05");
            let front = text
                .strip_prefix("---\n")
                .and_then(|t| t.split_once("\n---\n"))
                .map(|(front, _)| front)
                .unwrap_or_else(|| panic!("{kind:?}: no front matter"));
            let map = crate::yaml::parse_mapping(front).unwrap();
            for key in map.keys() {
                let key = key.as_str().unwrap();
                assert!(
                    COMMON_FIELDS.contains(&key) || kind.info().fields.contains(&key),
                    "{kind:?}: {key}"
                );
            }
            assert_eq!(map["title"].as_str(), Some("标题 \"引号\""));
        }
    }
}
