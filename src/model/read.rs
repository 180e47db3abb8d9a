//! Reading typed values out of front matter, each with the line it was
//! written on, for the kinds' field readers.

use crate::dates::Date;
use crate::yaml::{scalar_text, Fields};

/// A value from front matter together with the line it was written on.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
}

/// One entry of `honors`: 荣誉.
#[derive(Debug, Clone, PartialEq)]
pub struct Honor {
    pub year: String,
    pub title: String,
}

pub fn read_date(f: &mut Fields, key: &str, required: bool) -> Option<Date> {
    let Some(text) = f.string(key) else {
        if required && !f.has(key) {
            let line = f.line(key);
            f.error(line, format!("缺少必填字段 {key}（日期，例如 2024-03-05）"));
        }
        return None;
    };
    match Date::parse(&text) {
        Some(d) => Some(d),
        None => {
            let line = f.line(key);
            f.error(
                line,
                format!(
                    "{key} 不是有效的日期：“{text}”。可以这样写：{}",
                    if key == "founded" {
                        crate::dates::ACCEPTED_FOUNDED_FORMS
                    } else {
                        crate::dates::ACCEPTED_FORMS
                    }
                ),
            );
            None
        }
    }
}

/// A non-empty string field, trimmed, with its line.
pub fn located_string(f: &mut Fields, key: &str) -> Option<Located<String>> {
    let value = f.string(key).filter(|s| !s.trim().is_empty())?;
    Some(Located {
        line: f.line(key),
        value: value.trim().to_string(),
    })
}

/// A string or a list of strings, each trimmed and with its line; empty
/// items are dropped.
pub fn located_list(f: &mut Fields, key: &str) -> Vec<Located<String>> {
    f.string_list(key)
        .into_iter()
        .filter(|(s, _)| !s.trim().is_empty())
        .map(|(value, line)| Located {
            value: value.trim().to_string(),
            line,
        })
        .collect()
}

/// `honors`: a list of {year, title}, sorted by year.
pub fn read_honors(f: &mut Fields) -> Vec<Honor> {
    let Some(value) = f.get("honors") else {
        return Vec::new();
    };
    let Some(items) = value.as_sequence() else {
        let line = f.line("honors");
        f.error(
            line,
            "honors 应当是列表，每项写 year（年份）和 title（荣誉名称）",
        );
        return Vec::new();
    };
    let mut honors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let year = item.get("year").and_then(scalar_text);
        let title = item.get("title").and_then(scalar_text);
        match (year, title) {
            (Some(year), Some(title)) => honors.push(Honor { year, title }),
            _ => {
                let line = f.item_line("honors", i);
                f.error(
                    line,
                    format!(
                        "honors 的第 {} 项需要 year（年份）和 title（荣誉名称）",
                        i + 1
                    ),
                );
            }
        }
    }
    honors.sort_by(|a, b| a.year.cmp(&b.year));
    honors
}

/// Names written in one string the way people write them in Chinese:
/// `李明、曾长青`, `李明，曾长青`, `李明; 曾长青` (also what a ledger cell
/// holds). Empty parts are dropped.
pub fn split_names(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The fields of a `json!({…})` object; empty for anything else.
pub fn object(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match value {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// Honours as templates see them.
pub fn honors_value(honors: &[Honor]) -> serde_json::Value {
    serde_json::Value::Array(
        honors
            .iter()
            .map(|h| serde_json::json!({"year": h.year, "title": h.title}))
            .collect(),
    )
}
