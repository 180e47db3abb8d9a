//! 支部品牌: a branch's featured brand (`content/branches/`).

use serde_json::{json, Map, Value};

use super::read::{honors_value, located_string, object, read_date, read_honors, Honor, Located};
use crate::dates::Date;
use crate::yaml::Fields;

/// Front-matter fields of a brand page, besides the common ones.
pub const FIELDS: &[&str] = &[
    "branch",
    "department",
    "secretary",
    "slogan",
    "method",
    "founded",
    "logo",
    "featured",
    "honors",
];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BranchFields {
    /// The branch: 急诊科党支部 (required; references may name it).
    pub branch: String,
    /// 科室.
    pub department: String,
    /// 支部书记.
    pub secretary: String,
    /// 品牌口号.
    pub slogan: String,
    /// The brand's working method: 一二三工作法.
    pub method: String,
    /// When the brand was created.
    pub founded: Option<Date>,
    /// Brand logo (an image).
    pub logo: Option<Located<String>>,
    /// Shown on the home page brand wall.
    pub featured: bool,
    pub honors: Vec<Honor>,
}

impl BranchFields {
    pub fn read(f: &mut Fields) -> Self {
        BranchFields {
            branch: f
                .required_string("branch", "所属党支部名称，例如 急诊科党支部")
                .unwrap_or_default(),
            department: f.string("department").unwrap_or_default(),
            secretary: f.string("secretary").unwrap_or_default(),
            slogan: f.string("slogan").unwrap_or_default(),
            method: f.string("method").unwrap_or_default(),
            founded: read_date(f, "founded", false),
            logo: located_string(f, "logo"),
            featured: f.bool("featured").unwrap_or(false),
            honors: read_honors(f),
        }
    }

    /// Only the brand page and its card show these (and 荣誉榜 and 大事记,
    /// which are rendered again on every change); the title, branch name
    /// and logo are structural (references and totals use them).
    pub fn blank_descriptive(&mut self) {
        self.department.clear();
        self.secretary.clear();
        self.slogan.clear();
        self.method.clear();
        self.founded = None;
        self.featured = false;
        self.honors.clear();
    }

    pub fn card_fields(&self) -> Map<String, Value> {
        object(json!({
            "branch": self.branch,
            "department": self.department,
            "secretary": self.secretary,
            "slogan": self.slogan,
            "method": self.method,
            "founded": self.founded.map(|d| d.short()),
            "founded_zh": self.founded.map(|d| d.zh()),
            "featured": self.featured,
            "honors": honors_value(&self.honors),
        }))
    }

    pub fn search_words(&self) -> Vec<String> {
        let mut words: Vec<String> = [
            &self.branch,
            &self.department,
            &self.secretary,
            &self.slogan,
            &self.method,
        ]
        .into_iter()
        .cloned()
        .collect();
        words.extend(self.honors.iter().map(|h| h.title.clone()));
        words
    }
}
