//! The words of raw HTML, for summaries, meta descriptions and search:
//! tags out, entities decoded, block ends as line breaks.

/// The plain text of an HTML fragment.
pub(super) fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let tag = &rest[open..];
        let Some(close) = tag.find('>') else {
            rest = "";
            break;
        };
        let closing = tag[1..].starts_with('/');
        let name: String = tag[1..close]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &tag[close + 1..];
        if !closing && (name == "script" || name == "style") {
            // Their content is never text a reader sees.
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower.find(&end).map_or("", |at| &rest[at..]);
            continue;
        }
        if is_block(&name) {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(rest));
    let lines: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "br" | "p"
            | "div"
            | "section"
            | "li"
            | "tr"
            | "td"
            | "th"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "table"
            | "ul"
            | "ol"
            | "figure"
            | "figcaption"
            | "hr"
    )
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` `&nbsp;` and numeric entities.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let entity = &rest[at..];
        let end = entity.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| decode_one(&entity[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &entity[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &entity[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" | "ensp" | "emsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::text_of;

    #[test]
    fn pasted_markup_reads_as_text() {
        let html =
            "<section style=\"color:red\"><p>学雷锋&nbsp;志愿服务</p><p>A &amp; B &#20826;</p>\
<script>alert(1)</script><style>p{}</style><span>结束</span></section>";
        assert_eq!(text_of(html), "学雷锋 志愿服务\nA & B 党\n结束");
        assert_eq!(text_of("未闭合 <b"), "未闭合");
    }
}
