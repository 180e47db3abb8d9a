//! Changing one field of a page's front matter in place (CONTENT-MODEL
//! §9.2): the other fields, comments, field order, quoting style, line ends
//! and byte-order mark stay byte for byte as they were. What `pinpai new`
//! writes (`branch: ""                 # 必填：…`) keeps its comment in the
//! same column once the officer fills it in.
//!
//! A change is never written unless the result reads back as the same
//! front matter with only that field changed.

use std::fmt;

use serde_yaml::{Mapping, Value};

/// A field's new value, as a form gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(f64),
    Bool(bool),
    List(Vec<String>),
    /// Honours: a year (or an empty one) and a title each, written as a
    /// block list of `{year, title}` as the docs show it.
    Honors(Vec<Honor>),
    /// The field is taken out (its line, and its comment with it).
    Remove,
}

/// One honour of a brand or a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Honor {
    pub year: Option<i64>,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// The file has no `---` front matter.
    NoFrontMatter,
    /// The front matter does not parse now (shown by the build already).
    Unreadable(String),
    /// The result would not read back as intended (a layout this editor
    /// does not understand, such as a key written twice).
    WouldChangeOtherFields(String),
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::NoFrontMatter => write!(
                f,
                "文件开头没有字段区（--- 之间的部分），无法填写字段：请先在文件开头加上字段区"
            ),
            FieldError::Unreadable(why) => write!(f, "字段区现在有错误，先改好再填写：{why}"),
            FieldError::WouldChangeOtherFields(key) => write!(
                f,
                "字段 {key} 的写法特殊（例如写了两次），自动修改可能改坏别的字段：请在文件里直接修改"
            ),
        }
    }
}

impl std::error::Error for FieldError {}

/// `text` (a whole page) with the top-level field `key` set to `value`.
pub fn set_field(text: &str, key: &str, value: &FieldValue) -> Result<String, FieldError> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let (start, end) = front_matter_span(text).ok_or(FieldError::NoFrontMatter)?;
    let front = &text[start..end];
    let before =
        crate::yaml::parse_mapping(front).map_err(|e| FieldError::Unreadable(e.message.clone()))?;
    let new_front = with_field(front, key, value);
    let after = crate::yaml::parse_mapping(&new_front)
        .map_err(|_| FieldError::WouldChangeOtherFields(key.to_string()))?;
    if !only_field_changed(&before, &after, key, value) {
        return Err(FieldError::WouldChangeOtherFields(key.to_string()));
    }
    Ok(format!(
        "{bom}{}{new_front}{}",
        &text[..start],
        &text[end..]
    ))
}

/// Byte range of the front matter (between the `---` lines), as the build
/// finds it.
fn front_matter_span(text: &str) -> Option<(usize, usize)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut offset = first.len();
    for line in lines {
        if line.trim_end() == "---" {
            return Some((first.len(), offset));
        }
        offset += line.len();
    }
    None
}

/// The front matter with the field replaced, inserted at the end, or
/// removed.
fn with_field(front: &str, key: &str, value: &FieldValue) -> String {
    let nl = if front.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = front.split_inclusive('\n').collect();
    let Some(at) = lines.iter().position(|l| key_of(l) == Some(key)) else {
        if *value == FieldValue::Remove {
            return front.to_string();
        }
        let mut out = front.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str(&field_text(key, value, None, "", nl));
        return out;
    };
    let end = block_end(&lines, at);
    let old_line = lines[at].trim_end_matches(['\n', '\r']);
    let (old_value, comment) =
        value_and_comment(&old_line[old_line.find(':').map_or(0, |i| i + 1)..]);
    let style = Style::of(old_value);
    // Where the comment was, so that it stays in its column.
    let comment_column = comment.map(|c| {
        let at = c.as_ptr() as usize - old_line.as_ptr() as usize;
        old_line[..at].chars().count()
    });
    let mut out: String = lines[..at].concat();
    if *value != FieldValue::Remove {
        let mut first = field_text(key, value, Some(style), "", nl);
        if let (Some(comment), Some(column)) = (comment, comment_column) {
            let line_end = first.find(['\r', '\n']).unwrap_or(first.len());
            let (head, rest) = first.split_at(line_end);
            let pad = column.saturating_sub(head.chars().count()).max(1);
            first = format!("{head}{}{comment}{rest}", " ".repeat(pad));
        }
        out.push_str(&first);
    }
    out.push_str(&lines[end..].concat());
    out
}

/// The key a top-level line starts (`title: …` → `title`).
fn key_of(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim_end();
    (!key.is_empty() && !key.contains(' ')).then_some(key)
}

/// The line after the field that starts at `at`: its block runs over the
/// indented lines (and block-list items at column 0) that follow, up to the
/// next top-level line or comment.
fn block_end(lines: &[&str], at: usize) -> usize {
    let mut end = at + 1;
    while end < lines.len() {
        let line = lines[end];
        let continues =
            line.starts_with([' ', '\t']) || line.starts_with("- ") || line.trim() == "-";
        if !continues {
            break;
        }
        end += 1;
    }
    // Blank lines at the end belong to what follows.
    while end > at + 1 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    end
}

/// The value after `key:` and the comment after it (`# …`), if any.
fn value_and_comment(rest: &str) -> (&str, Option<&str>) {
    let trimmed = rest.trim_start();
    let value_end = match trimmed.chars().next() {
        Some(q @ ('"' | '\'')) => closing_quote(trimmed, q).map_or(trimmed.len(), |i| i + 1),
        // `honors:   # 荣誉`: no value on the line, only the comment.
        Some('#') => 0,
        _ => trimmed.find(" #").unwrap_or(trimmed.len()),
    };
    let value = trimmed[..value_end].trim_end();
    let after = trimmed[value_end..].trim();
    (value, after.starts_with('#').then_some(after))
}

/// The byte index of the quote that closes a quoted scalar.
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                // '' inside single quotes is one quote.
                if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                    continue;
                }
                return Some(i);
            }
            _ => {}
        }
    }
    None
}

/// How the old value was quoted: kept for the new one where it can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Double,
    Single,
}

impl Style {
    fn of(value: &str) -> Style {
        // `""` is what `pinpai new` writes for "not filled in": the filled
        // value is written as a person would, plain when it can be.
        match value {
            "\"\"" | "''" => Style::Plain,
            v if v.starts_with('"') => Style::Double,
            v if v.starts_with('\'') => Style::Single,
            _ => Style::Plain,
        }
    }
}

/// `key: value` (with a line end) for a new value.
fn field_text(
    key: &str,
    value: &FieldValue,
    style: Option<Style>,
    indent: &str,
    nl: &str,
) -> String {
    match value {
        FieldValue::Text(text) if text.contains('\n') => {
            let mut out = format!("{indent}{key}: |{nl}");
            for line in text.trim_end_matches('\n').split('\n') {
                out.push_str(&format!("{indent}  {}{nl}", line.trim_end_matches('\r')));
            }
            out
        }
        FieldValue::Text(text) => format!(
            "{indent}{key}: {}{nl}",
            scalar(text, style.unwrap_or(Style::Plain))
        ),
        FieldValue::Number(n) => format!("{indent}{key}: {}{nl}", number(*n)),
        FieldValue::Bool(b) => format!("{indent}{key}: {b}{nl}"),
        FieldValue::List(items) => {
            let items: Vec<String> = items.iter().map(|i| scalar(i, Style::Plain)).collect();
            format!("{indent}{key}: [{}]{nl}", items.join(", "))
        }
        FieldValue::Honors(items) if items.is_empty() => format!("{indent}{key}: []{nl}"),
        FieldValue::Honors(items) => {
            let mut out = format!("{indent}{key}:{nl}");
            for honor in items {
                match honor.year {
                    Some(year) => {
                        out.push_str(&format!("{indent}  - year: {year}{nl}"));
                        out.push_str(&format!("{indent}    title: "));
                    }
                    None => out.push_str(&format!("{indent}  - title: ")),
                }
                out.push_str(&scalar(&honor.title, Style::Plain));
                out.push_str(nl);
            }
            out
        }
        FieldValue::Remove => String::new(),
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A text value in `style`, or double-quoted when plain would read as
/// something else (a number, `true`, a list) or not at all.
fn scalar(text: &str, style: Style) -> String {
    match style {
        Style::Single if !text.contains(['\n', '\r']) => format!("'{}'", text.replace('\'', "''")),
        Style::Plain if plain_is_safe(text) => text.to_string(),
        _ => double_quoted(text),
    }
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `text` written plain reads back as that same text.
fn plain_is_safe(text: &str) -> bool {
    if text.is_empty() || text != text.trim() || text.contains(": ") || text.contains(" #") {
        return false;
    }
    if text.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`',
    ]) || text.ends_with(':')
        || text.chars().any(char::is_control)
    {
        return false;
    }
    // It must stay a string: not a number, bool or null to YAML.
    matches!(serde_yaml::from_str::<Value>(text), Ok(Value::String(s)) if s == text)
}

/// Whether `after` is `before` with only `key` changed, to `value`.
fn only_field_changed(before: &Mapping, after: &Mapping, key: &str, value: &FieldValue) -> bool {
    let key_value = Value::String(key.to_string());
    let others_same = before
        .iter()
        .filter(|(k, _)| **k != key_value)
        .all(|(k, v)| after.get(k) == Some(v))
        && after
            .iter()
            .filter(|(k, _)| **k != key_value)
            .all(|(k, _)| before.contains_key(k));
    let now = after.get(&key_value);
    let intended = match value {
        FieldValue::Remove => now.is_none(),
        FieldValue::Text(t) => {
            let t = t.trim_end_matches('\n');
            now.and_then(Value::as_str)
                .map(|s| s.trim_end_matches('\n'))
                == Some(t)
        }
        FieldValue::Number(n) => now.and_then(Value::as_f64) == Some(*n),
        FieldValue::Bool(b) => now.and_then(Value::as_bool) == Some(*b),
        FieldValue::List(items) => now.and_then(Value::as_sequence).is_some_and(|seq| {
            seq.len() == items.len()
                && seq
                    .iter()
                    .zip(items)
                    .all(|(v, i)| v.as_str() == Some(i.as_str()))
        }),
        FieldValue::Honors(items) => now.and_then(Value::as_sequence).is_some_and(|seq| {
            seq.len() == items.len()
                && seq.iter().zip(items).all(|(v, h)| {
                    v.get("title").and_then(Value::as_str) == Some(h.title.as_str())
                        && v.get("year").and_then(Value::as_i64) == h.year
                })
        }),
    };
    others_same && intended
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCAFFOLD: &str = "---\ntitle: 杜杰            # 标题\nbranch: \"\"                 # 必填：所属支部品牌\nfeatured: false            # true：在首页展示\n# weight: 1 # 排序\nhonors:                    # 荣誉\n# - year: 2024\ntags: []\ndraft: true\n---\n\n正文。\n";

    #[test]
    fn honours_are_written_as_a_block_list_under_their_comment() {
        let honors = FieldValue::Honors(vec![
            Honor {
                year: Some(2023),
                title: "市级优秀党支部".into(),
            },
            Honor {
                year: None,
                title: "“五星级”党支部: 第一名".into(),
            },
        ]);
        let out = set_field(SCAFFOLD, "honors", &honors).unwrap();
        assert!(
            out.contains(
                "honors:                    # 荣誉\n  - year: 2023\n    title: 市级优秀党支部\n  - title: \"“五星级”党支部: 第一名\"\n# - year: 2024\ntags: []\n"
            ),
            "{out}"
        );
        // And replaced again as a whole, the comment kept.
        let again = set_field(&out, "honors", &FieldValue::Honors(Vec::new())).unwrap();
        assert!(
            again.contains("honors: []                 # 荣誉\n# - year: 2024\n"),
            "{again}"
        );
    }

    #[test]
    fn a_filled_placeholder_keeps_its_comment_in_its_column() {
        let out = set_field(SCAFFOLD, "branch", &FieldValue::Text("jizhen-120".into())).unwrap();
        assert_eq!(
            out,
            SCAFFOLD.replace(
                "branch: \"\"                 # 必填",
                "branch: jizhen-120         # 必填"
            )
        );
    }

    #[test]
    fn crlf_bom_comments_and_order_stay_as_they_were() {
        let text = "\u{feff}---\r\n# 手写的注释\r\ntitle: '七一 党课'   # 标题\r\ndate: 2024-07-01\r\nsummary: 原来的\r\n---\r\n正文\r\n";
        let out = set_field(text, "title", &FieldValue::Text("七一 专题党课".into())).unwrap();
        assert_eq!(
            out,
            "\u{feff}---\r\n# 手写的注释\r\ntitle: '七一 专题党课' # 标题\r\ndate: 2024-07-01\r\nsummary: 原来的\r\n---\r\n正文\r\n"
        );
        let added = set_field(text, "position", &FieldValue::Text("护士长".into())).unwrap();
        assert!(
            added.ends_with("summary: 原来的\r\nposition: 护士长\r\n---\r\n正文\r\n"),
            "{added:?}"
        );
    }

    #[test]
    fn values_that_would_read_as_something_else_are_quoted() {
        for (text, written) in [
            ("120", "\"120\""),
            ("true", "\"true\""),
            ("甲: 乙", "\"甲: 乙\""),
            ("- 列表", "\"- 列表\""),
            ("说\"好\"", "说\"好\""),
            ("#1 名", "\"#1 名\""),
            ("", "\"\""),
        ] {
            let out = set_field(
                "---\nsummary: x\n---\n",
                "summary",
                &FieldValue::Text(text.into()),
            )
            .unwrap();
            assert_eq!(out, format!("---\nsummary: {written}\n---\n"), "{text}");
        }
    }

    #[test]
    fn numbers_bools_lists_blocks_and_removal() {
        let text = "---\ntitle: 甲\nhours: 2\ntags:\n  - 义诊\n  - 社区\nfeatured: false\n---\n";
        let hours = set_field(text, "hours", &FieldValue::Number(2.5)).unwrap();
        assert!(hours.contains("\nhours: 2.5\n"), "{hours}");
        let tags = set_field(
            text,
            "tags",
            &FieldValue::List(vec!["义诊".into(), "true".into()]),
        )
        .unwrap();
        assert_eq!(
            tags,
            "---\ntitle: 甲\nhours: 2\ntags: [义诊, \"true\"]\nfeatured: false\n---\n"
        );
        let featured = set_field(text, "featured", &FieldValue::Bool(true)).unwrap();
        assert!(featured.contains("\nfeatured: true\n"), "{featured}");
        let gone = set_field(text, "tags", &FieldValue::Remove).unwrap();
        assert_eq!(gone, "---\ntitle: 甲\nhours: 2\nfeatured: false\n---\n");
        let summary = set_field(text, "title", &FieldValue::Text("第一行\n第二行".into())).unwrap();
        assert!(
            summary.starts_with("---\ntitle: |\n  第一行\n  第二行\nhours: 2\n"),
            "{summary}"
        );
    }

    #[test]
    fn what_it_cannot_change_safely_is_refused() {
        assert_eq!(
            set_field("正文", "title", &FieldValue::Text("甲".into())),
            Err(FieldError::NoFrontMatter)
        );
        assert!(matches!(
            set_field(
                "---\ntitle: [\n---\n",
                "title",
                &FieldValue::Text("甲".into())
            ),
            Err(FieldError::Unreadable(_))
        ));
    }
}
