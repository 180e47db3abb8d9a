//! URLs in links and images: their scheme (to neutralise `javascript:`),
//! percent-decoding, and `#中文` fragments as the pinyin ids headings get.

use crate::slug::slugify;
use std::borrow::Cow;

/// The scheme of a URL (`https` in `https://…`), if it has one. Leading
/// spaces and embedded tabs/newlines are ignored the way browsers do, so
/// `java\tscript:` is still seen as `javascript`.
pub(super) fn url_scheme(url: &str) -> Option<Cow<'_, str>> {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let end = url.find([':', '/', '?', '#'])?;
    if !url[end..].starts_with(':') || end == 0 {
        return None;
    }
    let scheme = &url[..end];
    let scheme: Cow<str> = if scheme.contains(|c: char| c.is_ascii_control()) {
        Cow::Owned(scheme.chars().filter(|c| !c.is_ascii_control()).collect())
    } else {
        Cow::Borrowed(scheme)
    };
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

pub(super) fn has_scheme(url: &str, schemes: &[&str]) -> bool {
    url_scheme(url).is_some_and(|s| schemes.iter().any(|n| s.eq_ignore_ascii_case(n)))
}

/// Decodes `%XX` escapes; input that does not decode to UTF-8 is kept as is.
pub(super) fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                // Two hex digits are at most 255.
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_or(Cow::Borrowed(s), Cow::Owned)
}

/// A link fragment as a heading id: non-ASCII fragments are headings named
/// in Chinese, which get pinyin ids.
pub(super) fn fragment_id(fragment: &str) -> Cow<'_, str> {
    let decoded = percent_decode(fragment);
    if decoded.is_ascii() {
        Cow::Borrowed(fragment)
    } else {
        Cow::Owned(slugify(&decoded))
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::inline;

    #[test]
    fn unsafe_schemes_are_neutralised() {
        assert_eq!(inline("[x](javascript:alert(1))"), "<a href=\"#\">x</a>");
        assert_eq!(inline("[x](JavaScript:alert(1))"), "<a href=\"#\">x</a>");
        assert_eq!(
            inline("[x](<java\tscript:alert(1)>)"),
            "<a href=\"#\">x</a>"
        );
        assert_eq!(inline("[x](vbscript:x)"), "<a href=\"#\">x</a>");
        assert_eq!(inline("[x](data:text/html,x)"), "<a href=\"#\">x</a>");
        assert_eq!(
            inline("<javascript:alert(1)>"),
            "<a href=\"#\">javascript:alert(1)</a>"
        );
        assert!(inline("![x](javascript:alert(1))").contains("src=\"#\""));
        assert_eq!(
            inline("[x](https://a.cn/b)"),
            "<a href=\"https://a.cn/b\">x</a>"
        );
    }
}
