//! 先锋风采: a model member's story (`content/members/`).

use serde_json::{json, Map, Value};

use super::read::{honors_value, located_string, object, read_honors, Honor, Located};
use crate::yaml::Fields;

/// Front-matter fields of a member story, besides the common ones.
pub const FIELDS: &[&str] = &["name", "branch", "position", "photo", "honors", "featured"];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MemberFields {
    /// The person: 杜杰 (required; records name members by it).
    pub name: String,
    /// Reference to the brand of the member's branch (required).
    pub branch: Option<Located<String>>,
    /// 神经内科副主任医师.
    pub position: String,
    /// Portrait (an image, 3:4).
    pub photo: Option<Located<String>>,
    pub honors: Vec<Honor>,
    /// Shown on the home page.
    pub featured: bool,
}

impl MemberFields {
    pub fn read(f: &mut Fields) -> Self {
        MemberFields {
            name: f.required_string("name", "人物姓名").unwrap_or_default(),
            branch: f
                .required_string(
                    "branch",
                    "所属支部品牌：品牌页面的网址名、支部名称或品牌名称",
                )
                .map(|value| Located {
                    line: f.line("branch"),
                    value,
                }),
            position: f.string("position").unwrap_or_default(),
            photo: located_string(f, "photo"),
            honors: read_honors(f),
            featured: f.bool("featured").unwrap_or(false),
        }
    }

    /// Only the story and its card show these (and 荣誉榜, which is
    /// rendered again on every change).
    pub fn blank_descriptive(&mut self) {
        self.position.clear();
        self.honors.clear();
        self.featured = false;
    }

    pub fn card_fields(&self) -> Map<String, Value> {
        object(json!({
            "name": self.name,
            "position": self.position,
            "honors": honors_value(&self.honors),
            "featured": self.featured,
        }))
    }

    pub fn search_words(&self) -> Vec<String> {
        let mut words = vec![self.name.clone(), self.position.clone()];
        words.extend(self.honors.iter().map(|h| h.title.clone()));
        words
    }
}
