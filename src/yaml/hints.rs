//! The usual slips that make front matter or `site.yaml` fail to parse,
//! found on their own line and explained in Chinese. The YAML parser's own
//! words (in English, often a line late) are the last resort.

/// The line (1-based) with a usual slip, and what to do about it: the last
/// one at or before `parser_line` (the parser notices a slip on its line or
/// later), else the first one.
pub fn likely_cause(text: &str, parser_line: Option<usize>) -> Option<(usize, String)> {
    let mut slips = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| slip(line).map(|message| (i + 1, message)));
    match parser_line {
        Some(limit) => slips.take_while(|(line, _)| *line <= limit).last(),
        None => slips.next(),
    }
}

fn slip(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') || trimmed.is_empty() {
        return None;
    }
    let indent = &line[..line.len() - trimmed.len()];
    if indent.contains('\t') {
        return Some(
            "这一行用制表符（Tab）缩进了，这里只能用空格缩进：请把 Tab 换成两个空格".into(),
        );
    }
    let (key, value) = split_key(trimmed)?;
    if let Some(rest) = value.strip_prefix(|c| c == '：') {
        return Some(format!(
            "“{key}”后面用了全角冒号“：”，请改成半角冒号加一个空格：{key}: {}",
            rest.trim()
        ));
    }
    let value = value.strip_prefix(':')?;
    if !value.is_empty() && !value.starts_with([' ', '\t']) {
        return Some(format!(
            "“{key}:”后面缺少空格：冒号后面要空一格，写成 {key}: {value}"
        ));
    }
    let value = value.trim();
    quote_slip(key, value).or_else(|| colon_in_value(key, value))
}

/// `key` and what follows it (starting at its colon) on a `key: value`
/// line, or a list item's `- key: value`; `None` for other lines.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let line = line.strip_prefix("- ").unwrap_or(line);
    let end = line.find([':', '：'])?;
    let key = line[..end].trim();
    let plain_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    plain_key.then(|| (key, &line[end..]))
}

/// A value opened with one kind of quote and closed with another (a Chinese
/// input method turns `"` into `“ ”`), or never closed.
fn quote_slip(key: &str, value: &str) -> Option<String> {
    let opener = value.chars().next()?;
    if !matches!(opener, '"' | '\'' | '“' | '‘') {
        return None;
    }
    let closed = match opener {
        '"' => value.len() > 1 && value.ends_with('"') && !value.ends_with("\\\""),
        '\'' => value.len() > 1 && value.ends_with('\''),
        // Full-width quotes are ordinary text to YAML: fine when the
        // value has no other problem.
        _ => return None,
    };
    if closed {
        return None;
    }
    let fullwidth = value.contains(['“', '”', '‘', '’']);
    Some(if fullwidth {
        format!("{key} 的值以半角引号 {opener} 开头、却用全角引号结束：引号要成对，都用半角，例如 {key}: \"…\"")
    } else {
        format!("{key} 的值开头的引号 {opener} 没有配对：请在值的末尾补上同样的引号")
    })
}

/// `title: 学雷锋: 讲座`: an unquoted value holding `: ` reads as a second
/// key.
fn colon_in_value(key: &str, value: &str) -> Option<String> {
    if value.starts_with(['"', '\'', '[', '{', '|', '>']) || !value.contains(": ") {
        return None;
    }
    Some(format!(
        "{key} 的值里有“: ”（冒号加空格），冒号后面会被当成新的字段：请给整个值加上引号，写成 {key}: \"{value}\""
    ))
}

#[cfg(test)]
mod tests {
    use super::likely_cause;

    fn cause(text: &str) -> (usize, String) {
        likely_cause(text, None).unwrap_or_else(|| panic!("no cause found in {text:?}"))
    }

    #[test]
    fn fullwidth_colon_on_its_own_line() {
        let (line, message) = cause("date: 2024-03-05\ntitle：社区健康讲座\n");
        assert_eq!(line, 2);
        assert!(
            message.contains("全角冒号") && message.contains("title: 社区健康讲座"),
            "{message}"
        );
    }

    #[test]
    fn tab_missing_space_quotes_and_colons() {
        assert!(cause("honors:\n\t- year: 2024\n").1.contains("制表符"));
        assert_eq!(cause("title: a\nbranch:急诊科\n").0, 2);
        assert!(cause("branch:急诊科\n").1.contains("缺少空格"));
        assert!(cause("title: \"学雷锋”\n").1.contains("全角引号"));
        assert!(cause("title: \"学雷锋\n").1.contains("没有配对"));
        let (line, message) = cause("date: 2024-03-05\ntitle: 学雷锋: 讲座\n");
        assert_eq!(line, 2);
        assert!(message.contains("title: \"学雷锋: 讲座\""), "{message}");
    }

    #[test]
    fn the_slip_before_the_parsers_line_wins() {
        let text = "title：一\nsummary: |\n  说明\ndate: 2024:03: 05\n";
        assert_eq!(likely_cause(text, Some(1)).map(|c| c.0), Some(1));
        assert_eq!(likely_cause(text, Some(4)).map(|c| c.0), Some(4));
    }

    #[test]
    fn good_yaml_has_no_cause() {
        for text in [
            "title: \"学雷锋: 讲座\"\nurl: http://10.0.0.8/\n",
            "title: “引号”里的文字\ntags: [a, b]\n",
            "honors:\n  - year: 2024\n    title: 市级优秀\n",
            "# 注释：全角冒号也可以\nextra:\n  note: 'a: b'\n",
            "summary: |\n  第一行\n",
        ] {
            assert_eq!(likely_cause(text, None), None, "{text}");
        }
    }
}
