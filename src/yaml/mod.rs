//! YAML parsing that keeps track of where each key stands.
//!
//! serde_yaml values carry no positions, but every message must name a
//! line. Front matter and `site.yaml` are flat, block-style documents, so the
//! line of a top-level key (and of a value inside its block) can be read off
//! the text itself.

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{closest, Code, Diagnostics};

mod hints;

/// A parse failure: the line (1-based, within the parsed text) and a
/// message written for a non-programmer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub message: String,
}

/// Parses a YAML mapping. An empty document is an empty mapping.
pub fn parse_mapping(text: &str) -> Result<Mapping, YamlError> {
    if text.trim().is_empty() {
        return Ok(Mapping::new());
    }
    if let Some(line) = too_deep(text) {
        return Err(YamlError {
            line,
            message: format!(
                "这里的 [ ] 或 {{ }} 套了超过 {MAX_FLOW_DEPTH} 层，不像是正常的字段：请检查括号"
            ),
        });
    }
    match serde_yaml::from_str::<Value>(text) {
        Ok(Value::Mapping(map)) => Ok(map),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(match hints::likely_cause(text, None) {
            Some((line, message)) => YamlError { line, message },
            None => YamlError {
                line: 1,
                message: "这里应当是“字段: 值”的列表，每行一个字段，例如 title: 社区义诊".into(),
            },
        }),
        Err(err) => {
            let line = err.location().map(|l| l.line()).unwrap_or(1);
            Err(match hints::likely_cause(text, Some(line)) {
                Some((line, message)) => YamlError { line, message },
                None => YamlError {
                    line,
                    message: parser_message(strip_location(&err.to_string())),
                },
            })
        }
    }
}

/// The largest count or amount taken (people, hours): no activity has
/// more; a bigger number is a typo, and with it no total can overflow.
pub const LARGEST_AMOUNT: f64 = 1_000_000_000.0;

fn too_large(key: &str, n: impl std::fmt::Display) -> String {
    format!("{key} 的数字 {n} 太大了（上限 10 亿）：请检查是不是多写了几位")
}

/// `.inf` and `.nan` as YAML writes them.
fn shown_number(n: &serde_yaml::Number) -> String {
    match n.as_f64() {
        Some(f) if f.is_nan() => ".nan".into(),
        Some(f) if f > 0.0 => ".inf".into(),
        Some(_) => "-.inf".into(),
        None => n.to_string(),
    }
}

/// Far deeper than any front matter (a list of honours is two levels).
/// The YAML scanner looks through every open bracket at each new token, so
/// a hundred thousand nested `[` would take it a minute.
const MAX_FLOW_DEPTH: usize = 64;

/// The line where `[` and `{` (outside quotes and comments) first nest
/// deeper than [`MAX_FLOW_DEPTH`].
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for c in line.chars() {
            match (quote, c) {
                (Some('"'), '\\') if previous == '\\' => {
                    previous = ' ';
                    continue;
                }
                (Some(q), c) if c == q && !(q == '"' && previous == '\\') => quote = None,
                (Some(_), _) => {}
                // A quote opens a string only where a value starts
                // (`it's` is a plain word).
                (None, '"' | '\'') if previous.is_whitespace() || "[{,:".contains(previous) => {
                    quote = Some(c)
                }
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_FLOW_DEPTH {
                return Some(index + 1);
            }
            previous = c;
        }
    }
    None
}

/// The parser's complaint in words a writer understands: the limits that
/// keep hostile files harmless, and numbers too long for any field.
fn parser_message(raw: &str) -> String {
    if raw.contains("recursion limit exceeded") {
        return "这里的字段一层套一层，套得太深了（超过 128 层），不像是正常的字段：请检查缩进"
            .into();
    }
    if raw.contains("repetition limit exceeded") {
        return "这里用 & 和 * 引用的内容展开后太大了：字段区里请不要用 & 和 *".into();
    }
    if let Some(number) = raw
        .split_once("integer `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(n, _)| n)
        .filter(|_| raw.contains("128"))
    {
        return format!("数字 {number} 太大了：请检查是不是多写了几位");
    }
    format!("写法有误（常见原因：冒号后缺少空格、缩进不一致、引号没有配对），解析器的原话是：{raw}")
}

/// serde_yaml appends "at line N column M"; we print our own position.
fn strip_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// Where each top-level key of a block-style mapping starts and ends.
#[derive(Debug, Clone, Default)]
pub struct KeyLines<'a> {
    lines: Vec<&'a str>,
    /// (key, 0-based line index), in document order.
    keys: Vec<(String, usize)>,
}

impl<'a> KeyLines<'a> {
    pub fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let keys = lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| top_level_key(line).map(|k| (k.to_string(), i)))
            .collect();
        KeyLines { lines, keys }
    }

    /// 1-based line of a top-level key.
    pub fn line(&self, key: &str) -> Option<usize> {
        self.keys.iter().find(|(k, _)| k == key).map(|(_, i)| i + 1)
    }

    /// 0-based range of lines that belong to a top-level key.
    fn block(&self, key: &str) -> Option<(usize, usize)> {
        let pos = self.keys.iter().position(|(k, _)| k == key)?;
        let start = self.keys[pos].1;
        let end = self.keys.get(pos + 1).map_or(self.lines.len(), |(_, i)| *i);
        Some((start, end))
    }

    /// 1-based line of the first line in `key`'s block that contains `needle`
    /// (for list items and nested keys); the key's own line if none does.
    pub fn line_within(&self, key: &str, needle: &str) -> Option<usize> {
        let (start, end) = self.block(key)?;
        let found = (start..end).find(|&i| {
            let line = self.lines[i];
            // On the key's own line only look at the value part.
            let hay = if i == start {
                line.split_once(':').map_or("", |(_, v)| v)
            } else {
                line
            };
            !needle.is_empty() && hay.contains(needle)
        });
        Some(found.unwrap_or(start) + 1)
    }

    /// 1-based line of the `index`-th list item (`- …`) in `key`'s block.
    pub fn item_line(&self, key: &str, index: usize) -> Option<usize> {
        let (start, end) = self.block(key)?;
        let indent_of_items = (start + 1..end)
            .map(|i| self.lines[i])
            .find(|l| l.trim_start().starts_with('-'))
            .map(|l| l.len() - l.trim_start().len());
        let found = (start + 1..end)
            .filter(|&i| {
                let l = self.lines[i];
                l.trim_start().starts_with('-')
                    && Some(l.len() - l.trim_start().len()) == indent_of_items
            })
            .nth(index);
        Some(found.unwrap_or(start) + 1)
    }
}

fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if first.is_whitespace() || first == '#' || first == '-' {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    Some(key.trim().trim_matches(|c| c == '"' || c == '\''))
}

/// A short description of a YAML value's type, for "expected X, found Y".
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "空值",
        Value::Bool(_) => "是/否（true/false）",
        Value::Number(_) => "数字",
        Value::String(_) => "文字",
        Value::Sequence(_) => "列表",
        Value::Mapping(_) => "“字段: 值”表",
        Value::Tagged(_) => "带标签的值",
    }
}

/// Reads typed fields out of a parsed mapping, reporting every wrong field
/// with its line instead of stopping at the first.
pub struct Fields<'a> {
    map: &'a Mapping,
    lines: &'a KeyLines<'a>,
    path: &'a str,
    /// Line of the document's first line within the file, minus one.
    offset: usize,
    pub diags: &'a mut Diagnostics,
}

impl<'a> Fields<'a> {
    pub fn new(
        map: &'a Mapping,
        lines: &'a KeyLines<'a>,
        path: &'a str,
        offset: usize,
        diags: &'a mut Diagnostics,
    ) -> Self {
        Fields {
            map,
            lines,
            path,
            offset,
            diags,
        }
    }

    /// File line of a key; the document's first line when the key is absent.
    pub fn line(&self, key: &str) -> usize {
        self.offset + self.lines.line(key).unwrap_or(1)
    }

    pub fn line_within(&self, key: &str, needle: &str) -> usize {
        self.offset + self.lines.line_within(key, needle).unwrap_or(1)
    }

    pub fn item_line(&self, key: &str, index: usize) -> usize {
        self.offset + self.lines.item_line(key, index).unwrap_or(1)
    }

    /// A field problem at `line` (missing, empty, wrong type or value).
    pub fn error(&mut self, line: usize, message: impl Into<String>) {
        self.diags
            .error(Code::Field, self.path, Some(line), message);
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value) {
        let line = self.line(key);
        let message = match found {
            // Too big for a whole number, or not whole.
            // Past i64: too large for any number field (the bound in the
            // message is that of counts and hours).
            Value::Number(n) if n.is_u64() && n.as_i64().is_none() && expected.contains("数") => {
                format!("{key} 的数字 {n} 太大了：请检查是不是多写了几位")
            }
            Value::Number(n) if !n.as_f64().is_some_and(f64::is_finite) => {
                format!("{key} 应当是{expected}，这里写的是 {}", shown_number(n))
            }
            Value::Number(n) if n.is_f64() => {
                format!("{key} 应当是{expected}，这里写的是带小数的数字 {n}")
            }
            _ => format!("{key} 应当是{expected}，这里写的是{}", type_name(found)),
        };
        self.error(line, message);
    }

    /// The value of a key; `None` when absent or explicitly empty (`key:`).
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Text fields also accept numbers and booleans (`title: 120` is text to
    /// a user).
    pub fn string(&mut self, key: &str) -> Option<String> {
        let value = self.get(key)?;
        match scalar_text(value) {
            Some(s) => Some(s),
            None => {
                self.wrong_type(key, "一段文字", value);
                None
            }
        }
    }

    /// A text field that must be present and non-empty; `what` explains it.
    pub fn required_string(&mut self, key: &str, what: &str) -> Option<String> {
        match self.string(key) {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(_) => {
                let line = self.line(key);
                self.error(line, format!("{key}（{what}）不能为空"));
                None
            }
            None if self.map.contains_key(key) && self.get(key).is_some() => None,
            None => {
                let line = self.line(key);
                self.error(line, format!("缺少必填字段 {key}（{what}）"));
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let value = self.get(key)?;
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(key, " true 或 false", other);
                None
            }
        }
    }

    pub fn integer(&mut self, key: &str) -> Option<i64> {
        let value = self.get(key)?;
        match value.as_i64() {
            Some(n) => Some(n),
            None => {
                self.wrong_type(key, "整数", value);
                None
            }
        }
    }

    /// A whole number ≥ 0 (people, activities).
    pub fn count(&mut self, key: &str) -> Option<u64> {
        let value = self.get(key)?;
        match value.as_i64() {
            Some(n) if n as f64 > LARGEST_AMOUNT => {
                let line = self.line(key);
                self.error(line, too_large(key, n));
                None
            }
            Some(n) if n >= 0 => Some(n as u64),
            Some(n) => {
                let line = self.line(key);
                self.error(line, format!("{key} 不能是负数（写的是 {n}）"));
                None
            }
            None => {
                self.wrong_type(key, "不小于 0 的整数", value);
                None
            }
        }
    }

    /// A number ≥ 0, decimals allowed (hours).
    pub fn amount(&mut self, key: &str) -> Option<f64> {
        let value = self.get(key)?;
        match value.as_f64() {
            Some(n) if n > LARGEST_AMOUNT && n.is_finite() => {
                let line = self.line(key);
                self.error(line, too_large(key, n));
                None
            }
            Some(n) if n >= 0.0 && n.is_finite() => Some(n),
            Some(n) if n < 0.0 => {
                let line = self.line(key);
                self.error(line, format!("{key} 不能是负数（写的是 {n}）"));
                None
            }
            Some(_) => {
                self.wrong_type(key, "不小于 0 的数字", value);
                None
            }
            None => {
                self.wrong_type(key, "不小于 0 的数字", value);
                None
            }
        }
    }

    /// A list of text items, each with its line; a single text is a list of
    /// one.
    pub fn string_list(&mut self, key: &str) -> Vec<(String, usize)> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        match value {
            Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match scalar_text(item) {
                        Some(s) => {
                            // Flow style (`key: [a, b]`) keeps every item on the key's line.
                            let line = if self.key_line_has_value(key) {
                                self.line(key)
                            } else {
                                self.item_line(key, i)
                            };
                            out.push((s, line));
                        }
                        None => {
                            let line = self.item_line(key, i);
                            self.error(
                                line,
                                format!(
                                    "{key} 的第 {} 项应当是一段文字，这里写的是{}",
                                    i + 1,
                                    type_name(item)
                                ),
                            );
                        }
                    }
                }
                out
            }
            other => match scalar_text(other) {
                Some(s) => vec![(s, self.line(key))],
                None => {
                    self.wrong_type(key, "文字或文字列表", other);
                    Vec::new()
                }
            },
        }
    }

    fn key_line_has_value(&self, key: &str) -> bool {
        self.lines
            .line(key)
            .and_then(|l| self.lines.lines.get(l - 1))
            .and_then(|line| line.split_once(':'))
            .is_some_and(|(_, v)| !v.trim().is_empty())
    }

    /// `extra`: anything, handed to templates untouched.
    pub fn extra(&mut self, key: &str) -> serde_json::Value {
        let Some(value) = self.get(key) else {
            return serde_json::Value::Object(Default::default());
        };
        match serde_json::to_value(value) {
            Ok(v) => {
                self.reject_script_urls(key, &v);
                v
            }
            Err(err) => {
                let line = self.line(key);
                self.error(line, format!("{key} 无法读取：{err}"));
                serde_json::Value::Null
            }
        }
    }

    /// `extra` goes to templates untouched, which may put a value in an
    /// `href`: a `javascript:` or `data:` address there would run or embed
    /// whatever it holds.
    fn reject_script_urls(&mut self, key: &str, value: &serde_json::Value) {
        let mut unsafe_strings = Vec::new();
        collect_script_urls(value, &mut unsafe_strings);
        for text in unsafe_strings {
            let needle: String = text.trim().chars().take(12).collect();
            let line = self.line_within(key, &needle);
            self.error(
                line,
                format!("{key} 里不能写 javascript: 或 data: 这样的地址（“{needle}…”）：链接请写网址或站内路径"),
            );
        }
    }

    /// Every key not in `known` is an error naming the closest known one.
    pub fn reject_unknown(&mut self, known: &[&str], what: &str) {
        let unknown: Vec<String> = self
            .map
            .keys()
            .map(|k| scalar_text(k).unwrap_or_default())
            .filter(|k| !known.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let line = self.line(&key);
            let hint = match closest(&key, known.iter().copied()) {
                Some(k) => format!("，是不是想写 {k}？"),
                None => format!("。可用的字段：{}", known.join("、")),
            };
            self.diags.error(
                Code::UnknownField,
                self.path,
                Some(line),
                format!("{what}不认识字段 {key}{hint}"),
            );
        }
    }
}

fn collect_script_urls<'v>(value: &'v serde_json::Value, out: &mut Vec<&'v str>) {
    match value {
        serde_json::Value::String(s) if crate::urls::is_script_url(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_script_urls(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_script_urls(v, out)),
        _ => {}
    }
}

pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: 标题\nmembers:\n  - 杜杰\n  - 单雪梅\nlint:\n  forbidden: [机密]\n# comment: no\nweight: 3\n";

    #[test]
    fn brackets_nested_too_deep_are_refused_at_their_line_and_at_once() {
        let deep = format!(
            "title: 深\nextra: {}1{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let start = std::time::Instant::now();
        let err = parse_mapping(&deep).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("超过 64 层"), "{}", err.message);
        assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
        // Brackets in quotes and comments are text; an apostrophe inside
        // a word opens no quote.
        let apostrophe = format!("extra: [it's, {}1{}]\n", "[".repeat(1000), "]".repeat(1000));
        assert_eq!(parse_mapping(&apostrophe).unwrap_err().line, 1);
        let quoted = format!("title: \"{}\" # {}\n", "[".repeat(100), "{".repeat(100));
        assert!(parse_mapping(&quoted).is_ok());
        assert!(parse_mapping("honors: [{year: 2024, title: [a, b]}]\n").is_ok());
    }

    #[test]
    fn finds_keys_items_and_values() {
        let k = KeyLines::new(DOC);
        assert_eq!(k.line("title"), Some(1));
        assert_eq!(k.line("weight"), Some(8));
        assert_eq!(k.line("comment"), None);
        assert_eq!(k.line_within("members", "单雪梅"), Some(4));
        assert_eq!(k.line_within("lint", "forbidden"), Some(6));
        assert_eq!(k.item_line("members", 1), Some(4));
        assert_eq!(k.item_line("members", 0), Some(3));
    }

    #[test]
    fn syntax_error_names_its_line() {
        let err = parse_mapping("title: a\nbranch: [x\nweight: 1\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
        assert!(err.message.starts_with("写法有误"), "{}", err.message);
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn empty_document_is_empty_mapping() {
        assert!(parse_mapping("\n").unwrap().is_empty());
    }
}
