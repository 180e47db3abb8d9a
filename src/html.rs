//! HTML escaping shared by every module that writes HTML or SVG.

/// Appends `text` escaped for HTML text and attribute values (also valid in
/// SVG and XML). `/` is left alone so URLs stay readable.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes_but_not_slashes() {
        assert_eq!(
            super::escape("</a href=\"x\">'&"),
            "&lt;/a href=&quot;x&quot;&gt;&#39;&amp;"
        );
    }
}
