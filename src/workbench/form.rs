//! A page as its form shows it (`GET api/form?path=…`): the fields of its
//! kind from [`crate::model::schema`] with their values, the body, and the
//! site's brands and members to pick references from. And the body saved
//! alone (`POST api/body`), its front matter left byte for byte.

use std::path::Path;

use serde::Serialize;
use serde_json::Value as Json;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::{self, Include};
use crate::model::schema::{self, FieldSpec};
use crate::model::{Kind, KindFields};

/// What the form of one page needs.
#[derive(Debug, Serialize)]
pub struct Form {
    pub path: String,
    pub digest: String,
    pub kind: &'static str,
    pub section: String,
    pub fields: Vec<FormField>,
    pub body: String,
    /// Where the preview shows the page (empty until it has been built).
    pub url: String,
    pub choices: Choices,
    pub review: ReviewInfo,
}

/// Where the page stands in review (§7.4), for the review buttons.
#[derive(Debug, Default, Serialize)]
pub struct ReviewInfo {
    /// `review.required` in site.yaml.
    pub required: bool,
    /// The levels, in order.
    pub levels: Vec<String>,
    /// 待初审, 已通过; empty when review is off.
    pub state: String,
    /// The level waiting now, if any.
    pub next: Option<String>,
    /// Every approval the file records, each with whether it is of what
    /// the page says now (`valid: false`: voided by a later edit).
    pub approvals: Vec<ApprovalInfo>,
    /// In review, with the version last approved still published in its
    /// place (§9.5).
    pub approved_published: bool,
}

impl ReviewInfo {
    /// Where the page (or intro) stands, as the load found it.
    fn stands(&mut self, review: &crate::review::PageReview) {
        self.state = review.label();
        if let crate::review::State::Pending(level) = &review.state {
            self.next = Some(level.clone());
            self.approved_published = review.approved_live;
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ApprovalInfo {
    pub level: String,
    pub by: String,
    pub date: String,
    pub valid: bool,
}

#[derive(Debug, Serialize)]
pub struct FormField {
    #[serde(flatten)]
    pub spec: FieldSpec,
    /// As the file has it (`null` when it is not there).
    pub value: Json,
}

/// References a form offers: each with the value written to the file and
/// the words shown.
#[derive(Debug, Default, Serialize)]
pub struct Choices {
    pub branches: Vec<Choice>,
    pub members: Vec<Choice>,
}

#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The section a content file belongs to: its first folder under
/// `content/` (`""` for a top-level page).
pub fn section_of(path: &str) -> String {
    let inside = path.strip_prefix("content/").unwrap_or(path);
    match inside.split_once('/') {
        Some((section, _)) => section.to_string(),
        None => String::new(),
    }
}

/// A section or home intro: `content/_index.md`, `content/news/_index.md`.
pub fn is_intro(path: &str) -> bool {
    path == "content/_index.md" || path.ends_with("/_index.md")
}

/// The form of the page at `path` (site-relative) holding `text`.
pub fn form(root: &Path, path: &str, text: &str, digest: &str) -> Option<Form> {
    let section = section_of(path);
    let kind = Kind::of_section(&section);
    let (front, body) = split(text)?;
    let values = crate::yaml::parse_mapping(front).unwrap_or_default();
    let intro = is_intro(path);
    let specs = if intro {
        schema::intro_form()
    } else {
        schema::form(kind, &section)
    };
    let fields = specs
        .into_iter()
        .map(|spec| {
            let value = values
                .get(spec.key)
                .and_then(|v| serde_json::to_value(v).ok())
                .unwrap_or(Json::Null);
            FormField { spec, value }
        })
        .collect();
    let (choices, url, mut review) = from_the_site(root, path);
    review.approvals = approvals(&root.join(path), &values, body);
    Some(Form {
        path: path.to_string(),
        digest: digest.to_string(),
        kind: if intro { "intro" } else { kind.name() },
        section,
        fields,
        body: body.to_string(),
        url,
        choices,
        review,
    })
}

/// Every approval in the front matter, each checked against what the page
/// says now (the digest a build computes).
fn approvals(page: &Path, values: &serde_yaml::Mapping, body: &str) -> Vec<ApprovalInfo> {
    let text = crate::review::page_digest(values, body);
    let files = crate::review::files::page_files(page, values, body);
    let now = crate::review::Digests::of(text, &files);
    let Some(serde_yaml::Value::Sequence(items)) = values.get(crate::review::KEY) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(crate::review::approval_of)
        .map(|a| ApprovalInfo {
            valid: now.approves(&a.digest),
            level: a.level,
            by: a.by,
            date: a.date,
        })
        .collect()
}

/// (front matter, body) of a page, by the build's own rule.
fn split(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body, _) = load::split_front_matter(text, "", &mut Diagnostics::new())?;
    Some((front, body))
}

/// The field a build message is about: a missing field is named in the
/// message (its line is where the field would go, which is another field's);
/// any other message is about the field on its line.
pub fn field_of_message(text: &str, line: Option<usize>, message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("缺少必填字段 ") {
        let key: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !key.is_empty() {
            return Some(key);
        }
    }
    field_at_line(text, line?)
}

/// The top-level front-matter field whose lines hold `line` (1-based, as
/// messages count them), if `line` is in the front matter.
pub fn field_at_line(text: &str, line: usize) -> Option<String> {
    let mut lines = text.strip_prefix('\u{feff}').unwrap_or(text).lines();
    if lines.next()?.trim_end() != "---" || line < 2 {
        return None;
    }
    let mut current = None;
    for (i, l) in lines.enumerate() {
        let number = i + 2;
        if l.trim_end() == "---" {
            return None;
        }
        if !l.starts_with([' ', '\t', '#', '-']) {
            if let Some((key, _)) = l.split_once(':') {
                current = Some(key.trim().to_string());
            }
        }
        if number == line {
            return current;
        }
    }
    None
}

/// `text` with its body replaced by `body`: the front matter, its `---`
/// lines and the byte-order mark as they were; the body's line ends made
/// the file's own.
pub fn with_body(text: &str, body: &str) -> Option<String> {
    let (_, old_body) = split(text)?;
    let head = &text[..text.len() - old_body.len()];
    let body = if head.contains("\r\n") {
        body.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        body.replace("\r\n", "\n")
    };
    Some(format!("{head}{body}"))
}

/// The site's brands and members, the page's URL and where it stands in
/// review, from one load.
fn from_the_site(root: &Path, path: &str) -> (Choices, String, ReviewInfo) {
    let mut diags = Diagnostics::new();
    let Some(config) = Config::load(root, &mut diags) else {
        return (Choices::default(), String::new(), ReviewInfo::default());
    };
    let mut review = ReviewInfo {
        required: config.review.required,
        levels: config.review.levels.clone(),
        ..ReviewInfo::default()
    };
    let include = Include {
        drafts: true,
        pending: true,
        lenient_drafts: false,
    };
    let content = load::load(root, &config, include, &mut diags);
    let mut choices = Choices::default();
    let mut url = String::new();
    let intros = content.home.iter().chain(content.sections.values());
    if let Some(intro) = intros.into_iter().find(|s| s.source == path) {
        url = intro.dir_url.clone();
        review.stands(&intro.review);
    }
    for page in &content.pages {
        if page.source == path {
            url = page.url.clone();
            review.stands(&page.review);
        }
        match &page.fields {
            KindFields::Branch(b) => choices.branches.push(Choice {
                value: page.slug.clone(),
                label: if b.branch.is_empty() {
                    page.title.clone()
                } else {
                    format!("{}（{}）", page.title, b.branch)
                },
            }),
            KindFields::Member(m) if !m.name.is_empty() => choices.members.push(Choice {
                value: m.name.clone(),
                label: m.name.clone(),
            }),
            _ => {}
        }
    }
    (choices, url, review)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_replaced_and_the_front_matter_kept() {
        let text = "\u{feff}---\r\ntitle: 甲  # 注释\r\n---\r\n旧的正文\r\n";
        assert_eq!(
            with_body(text, "新的\n正文\n").as_deref(),
            Some("\u{feff}---\r\ntitle: 甲  # 注释\r\n---\r\n新的\r\n正文\r\n")
        );
        assert_eq!(
            with_body("---\ntitle: 甲\n---\n旧\n", "新\r\n").as_deref(),
            Some("---\ntitle: 甲\n---\n新\n")
        );
        assert_eq!(with_body("没有字段区", "x"), None);
    }

    #[test]
    fn a_line_of_the_front_matter_belongs_to_its_field() {
        let text = "---\ntitle: 甲\ntags:\n  - 党课\n# 注释\ndate: 2024-13-01\n---\n正文\n";
        assert_eq!(field_at_line(text, 2).as_deref(), Some("title"));
        assert_eq!(field_at_line(text, 4).as_deref(), Some("tags"));
        assert_eq!(field_at_line(text, 6).as_deref(), Some("date"));
        assert_eq!(field_at_line(text, 1), None);
        assert_eq!(field_at_line(text, 8), None);
        assert_eq!(field_at_line("正文\n", 1), None);
        assert_eq!(
            field_of_message(text, Some(2), "缺少必填字段 date（日期，例如 2024-03-05）")
                .as_deref(),
            Some("date")
        );
        assert_eq!(
            field_of_message(text, Some(6), "date 不是有效的日期").as_deref(),
            Some("date")
        );
    }

    #[test]
    fn a_section_is_the_first_folder_under_content() {
        assert_eq!(section_of("content/news/七一/index.md"), "news");
        assert_eq!(section_of("content/members/杜杰.md"), "members");
        assert_eq!(section_of("content/about.md"), "");
    }
}
