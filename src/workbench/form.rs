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

/// The form of the page at `path` (site-relative) holding `text`.
pub fn form(root: &Path, path: &str, text: &str, digest: &str) -> Option<Form> {
    let section = section_of(path);
    let kind = Kind::of_section(&section);
    let (front, body) = split(text)?;
    let values = crate::yaml::parse_mapping(front).unwrap_or_default();
    let fields = schema::form(kind, &section)
        .into_iter()
        .map(|spec| {
            let value = values
                .get(spec.key)
                .and_then(|v| serde_json::to_value(v).ok())
                .unwrap_or(Json::Null);
            FormField { spec, value }
        })
        .collect();
    let (choices, url) = choices_and_url(root, path);
    Some(Form {
        path: path.to_string(),
        digest: digest.to_string(),
        kind: kind.name(),
        section,
        fields,
        body: body.to_string(),
        url,
        choices,
    })
}

/// (front matter, body) of a page, by the build's own rule.
fn split(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body, _) = load::split_front_matter(text, "", &mut Diagnostics::new())?;
    Some((front, body))
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

/// The site's brands and members, and the page's URL, from one load.
fn choices_and_url(root: &Path, path: &str) -> (Choices, String) {
    let mut diags = Diagnostics::new();
    let Some(config) = Config::load(root, &mut diags) else {
        return (Choices::default(), String::new());
    };
    let include = Include {
        drafts: true,
        pending: true,
    };
    let content = load::load(root, &config, include, &mut diags);
    let mut choices = Choices::default();
    let mut url = String::new();
    for page in &content.pages {
        if page.source == path {
            url = page.url.clone();
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
    (choices, url)
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
    fn a_section_is_the_first_folder_under_content() {
        assert_eq!(section_of("content/news/七一/index.md"), "news");
        assert_eq!(section_of("content/members/杜杰.md"), "members");
        assert_eq!(section_of("content/about.md"), "");
    }
}
