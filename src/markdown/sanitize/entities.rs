//! Character references in attribute values, decoded as a browser does,
//! so an entity-encoded `javascript:` is seen for what it is.

use std::borrow::Cow;

#[allow(unused_imports)]
use super::*;

/// Decodes character references in an attribute value as written (lol_html
/// gives values undecoded), the way the HTML tokenizer does for attributes.
/// Exact for every reference that stands for ASCII, which is all the URL
/// and style checks read: a scheme is made of ASCII letters, and a style
/// value of anything else is not a plain value. Other named references are
/// left as written.
pub(super) fn decode_attribute(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match character_reference(after) {
            Some((decoded, used)) => {
                out.push_str(&decoded);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The text of a character reference at the start of `after` (what follows
/// `&`), and the bytes it takes.
pub(super) fn character_reference(after: &str) -> Option<(Cow<'static, str>, usize)> {
    if let Some(number) = after.strip_prefix('#') {
        let (radix, prefix) = match number.as_bytes().first() {
            Some(b'x' | b'X') => (16, 1),
            _ => (10, 0),
        };
        let digits = &number[prefix..];
        let len = digits
            .bytes()
            .take_while(|b| char::from(*b).is_digit(radix))
            .count();
        if len == 0 {
            return None;
        }
        let code = digits[..len].chars().fold(0u32, |code, c| {
            code.saturating_mul(radix)
                .saturating_add(c.to_digit(radix).unwrap_or(0))
        });
        // The semicolon may be missing: `&#106avascript:` is `javascript:`.
        let semicolon = usize::from(digits[len..].starts_with(';'));
        let c = match code {
            0 => '\u{fffd}',
            code => char::from_u32(code).unwrap_or('\u{fffd}'),
        };
        return Some((Cow::Owned(c.to_string()), 1 + prefix + len + semicolon));
    }
    let len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &after[..len];
    if after[len..].starts_with(';') {
        return ascii_entity(name).map(|text| (Cow::Borrowed(text), len + 1));
    }
    // In attributes the old entities without `;` count only when not
    // followed by `=` (a letter or digit would have made the name longer).
    if matches!(
        name,
        "amp" | "AMP" | "lt" | "LT" | "gt" | "GT" | "quot" | "QUOT"
    ) && !after[len..].starts_with('=')
    {
        return ascii_entity(name).map(|text| (Cow::Borrowed(text), len));
    }
    None
}

/// Every named character reference of HTML that stands for ASCII text.
pub(super) fn ascii_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "Tab" => "\t",
        "NewLine" => "\n",
        "excl" => "!",
        "quot" | "QUOT" => "\"",
        "num" => "#",
        "dollar" => "$",
        "percnt" => "%",
        "amp" | "AMP" => "&",
        "apos" => "'",
        "lpar" => "(",
        "rpar" => ")",
        "ast" | "midast" => "*",
        "plus" => "+",
        "comma" => ",",
        "period" => ".",
        "sol" => "/",
        "colon" => ":",
        "semi" => ";",
        "lt" | "LT" => "<",
        "equals" => "=",
        "gt" | "GT" => ">",
        "quest" => "?",
        "commat" => "@",
        "lsqb" | "lbrack" => "[",
        "bsol" => "\\",
        "rsqb" | "rbrack" => "]",
        "Hat" => "^",
        "lowbar" | "UnderBar" => "_",
        "grave" | "DiacriticalGrave" => "`",
        "lcub" | "lbrace" => "{",
        "verbar" | "vert" | "VerticalLine" => "|",
        "rcub" | "rbrace" => "}",
        "fjlig" => "fj",
        _ => return None,
    })
}

/// Text as html5ever writes it: only `&amp;`, `&lt;`, `&gt;` and `&nbsp;`
/// (a no-break space reads as a space in plain text).
pub(super) fn unescape_serialized(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&nbsp;", " ")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}
