//! 志愿服务: one volunteer service activity (`content/volunteer/`).

use serde_json::{json, Map, Value};

use super::read::{located_list, object, split_names, Located};
use crate::yaml::Fields;

/// Front-matter fields of a volunteer record, besides the common ones.
pub const FIELDS: &[&str] = &[
    "branch",
    "members",
    "location",
    "volunteers",
    "hours",
    "served",
    "photos",
    "participants",
];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct VolunteerFields {
    /// References to the organising brands (`branch`: one or a list; required).
    pub branches: Vec<Located<String>>,
    /// References to the member stories of people who took part.
    pub members: Vec<Located<String>>,
    pub location: String,
    /// 参与志愿者人次.
    pub volunteers: u64,
    /// Total service hours.
    pub hours: f64,
    /// 服务群众人次.
    pub served: u64,
    /// Gallery images.
    pub photos: Vec<Located<String>>,
    /// People who took part and have no story page: plain names, shown as
    /// written, never links.
    pub participants: Vec<String>,
}

impl VolunteerFields {
    pub fn read(f: &mut Fields) -> Self {
        let branches = located_list(f, "branch");
        if branches.is_empty() {
            let line = f.line("branch");
            let problem = if f.has("branch") {
                "branch 不能为空"
            } else {
                "缺少必填字段 branch"
            };
            f.error(
                line,
                format!("{problem}（组织活动的支部品牌，例如 branch: 急诊科党支部；多个写成 [急诊科党支部, 眼科党支部]）"),
            );
        }
        VolunteerFields {
            branches,
            members: located_list(f, "members"),
            location: f.string("location").unwrap_or_default(),
            volunteers: f.count("volunteers").unwrap_or(0),
            hours: f.amount("hours").unwrap_or(0.0),
            served: f.count("served").unwrap_or(0),
            photos: located_list(f, "photos"),
            participants: located_list(f, "participants")
                .into_iter()
                .flat_map(|name| split_names(&name.value))
                .collect(),
        }
    }

    /// Only the record and its card show the place; the numbers, date and
    /// references feed totals and other pages.
    pub fn blank_descriptive(&mut self) {
        self.location.clear();
        self.participants.clear();
    }

    pub fn card_fields(&self) -> Map<String, Value> {
        object(json!({
            "location": self.location,
            "volunteers": self.volunteers,
            "hours": self.hours,
            "served": self.served,
            "participants": self.participants,
        }))
    }

    pub fn search_words(&self) -> Vec<String> {
        let mut words = vec![self.location.clone()];
        words.extend(self.participants.iter().cloned());
        words
    }
}
