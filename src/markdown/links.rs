//! URLs in links and images: their scheme (to neutralise `javascript:`),
//! percent-decoding, and `#中文` fragments as the pinyin ids headings get.

use crate::slug::slugify;
use percent_encoding::percent_decode_str;
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
    percent_decode_str(s)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(s))
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
    use super::percent_decode;
    use crate::markdown::test_support::inline;

    #[test]
    fn percent_decoding_keeps_what_is_not_utf8_or_not_an_escape() {
        assert_eq!(percent_decode("%E6%9D%9C%e6%9d%b0.md"), "杜杰.md");
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        // Not UTF-8 once decoded: the original string, escapes and all.
        assert_eq!(percent_decode("%FF%FEx"), "%FF%FEx");
        assert_eq!(percent_decode("%E6%9D"), "%E6%9D");
    }

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
