//! Helpers shared by the search unit tests.

use super::Doc;

pub(super) fn doc(title: &str, date: &str, text: &str) -> Doc {
    Doc {
        url: format!("/p/{}/", title.len()),
        title: title.into(),
        kind: "动态".into(),
        date: date.into(),
        text: text.into(),
        fields: Vec::new(),
    }
}

pub(super) fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}
