//! The allow-lists and the rules for URLs, styles and form inputs that
//! both the cleaner and the scan of pasted fragments follow.

use ammonia::url::ParseError;
use ammonia::Url;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

#[allow(unused_imports)]
use super::*;

/// Elements kept: CONTENT-MODEL §7.1's list for pasted HTML, plus what
/// pulldown-cmark writes (`input` only as a task list's disabled checkbox).
pub(super) const TAGS: &[&str] = &[
    "p",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "section",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "sup",
    "sub",
    "blockquote",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "img",
    "video",
    "audio",
    "source",
    "figure",
    "figcaption",
    "a",
    "hr",
    "div",
    "code",
    "pre",
    "del",
    "s",
    "input",
];

/// Elements that are removed with everything inside them: their content is
/// code, a form's value or fallback text for something that is gone.
/// Other removed elements (`<font>`, `<form>`, `<svg>`) keep their text.
pub(super) const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "noembed", "noframes", "template",
    "textarea", "select", "title",
];

/// Attributes allowed on every kept element. The renderer writes `id` on
/// headings and footnotes and `class` on code blocks and footnotes; `style`
/// is limited to [`STYLE_PROPERTIES`].
pub(super) const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "style", "title", "aria-label"];

/// Attributes allowed on one element each, besides the generic ones.
pub(super) const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    (
        "img",
        &[
            "src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes",
        ],
    ),
    (
        "video",
        &["src", "controls", "preload", "poster", "width", "height"],
    ),
    ("audio", &["src", "controls", "preload"]),
    ("source", &["src", "type"]),
    // The box a Markdown table scrolls in on a phone, reachable by keyboard;
    // only with the values it writes (`fixed_value_problem`).
    ("div", &["tabindex", "role"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    // pulldown-cmark numbers an ordered list that does not start at 1.
    ("ol", &["start"]),
    // A task list item: `<input disabled="" type="checkbox" checked=""/>`.
    ("input", &["type", "checked", "disabled"]),
];

/// Schemes a link (`<a href>`) may have; relative links and `#…` are kept too.
pub(super) const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The CSS properties an inline `style` may set.
pub(super) const STYLE_PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "text-align",
    "font-weight",
    "font-size",
];

/// CSS functions a kept declaration may call: colours and arithmetic. This
/// keeps out `url(…)` (nothing is loaded from outside the site) and old IE's
/// `expression(…)`.
pub(super) const STYLE_FUNCTIONS: &[&str] = &["rgb", "rgba", "hsl", "hsla", "calc", "var"];

pub(super) const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// The ammonia configuration of [`clean`].
pub(super) static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
        .collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(tag_attributes)
        // Belt and braces for an `<input>` that the lol_html pass before
        // ammonia did not see: it can only be a disabled checkbox.
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("input", "disabled", "")
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // ammonia adds `rel="noopener noreferrer"` to links by default,
        // which would change every link of every body.
        .link_rel(None)
        .strip_comments(true)
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
        .attribute_filter(|_element, attribute, value| filter_attribute(attribute, value));
    builder
});

/// The ammonia configuration of [`text_of`]: only the elements that make
/// line breaks, without attributes.
pub(super) static TEXT_READER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TEXT_TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::new())
        .link_rel(None);
    builder
});

/// ammonia's hook for the checks it has no setting for: local sources,
/// `srcset`, and style values. It receives values with entities decoded.
fn filter_attribute<'a>(attribute: &str, value: &'a str) -> Option<Cow<'a, str>> {
    if attribute == "style" {
        return filter_style(value);
    }
    if fixed_value_problem(attribute, value) {
        return None;
    }
    match url_kind(attribute) {
        Some(kind) if url_problem(kind, value).is_some() => None,
        _ => Some(Cow::Borrowed(value)),
    }
}

/// `tabindex` and `role` are kept only as the scrolling box around a
/// Markdown table writes them (`tabindex="0"`, `role="region"`): pasted
/// `tabindex="5"` would reorder keyboard focus, `role="button"` would
/// announce a button that is none.
pub(super) fn fixed_value_problem(attribute: &str, value: &str) -> bool {
    match attribute {
        "tabindex" => value.trim() != "0",
        "role" => value.trim() != "region",
        _ => false,
    }
}

/// What kind of URL an attribute holds, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UrlKind {
    /// `<a href>`: http, https, mailto, tel, relative, `#…`.
    Link,
    /// `src`, `poster`: a file of the site, relative or `/…`.
    Local,
    /// `<img srcset>`: a list of local URLs with sizes.
    SrcSet,
}

/// What kind of URL an allowed attribute holds (`href` is allowed on `<a>`
/// only; `src`, `poster` and `srcset` on media only).
pub(super) fn url_kind(attribute: &str) -> Option<UrlKind> {
    match attribute {
        "href" => Some(UrlKind::Link),
        "src" | "poster" => Some(UrlKind::Local),
        "srcset" => Some(UrlKind::SrcSet),
        _ => None,
    }
}

/// Why a URL (entities already decoded) is removed, or `None` if it stays.
/// URLs are read by the `url` crate, which follows the URL standard
/// browsers use (tabs and new lines inside a scheme are dropped, case is
/// ignored), and which ammonia uses too.
pub(super) fn url_problem(kind: UrlKind, value: &str) -> Option<String> {
    match kind {
        UrlKind::Link => match Url::parse(value) {
            Ok(url) if URL_SCHEMES.contains(&url.scheme()) => None,
            Ok(url) => Some(format!("{}: 链接", url.scheme())),
            Err(ParseError::RelativeUrlWithoutBase) => None,
            Err(_) => Some("无效链接".to_string()),
        },
        UrlKind::Local => match Url::parse(value) {
            Ok(url) => Some(format!("{}: 地址", url.scheme())),
            Err(ParseError::RelativeUrlWithoutBase) => {
                // `//host/a.png` (and `/\host`, which browsers read the
                // same) is another site's file.
                let path: String = value
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .take(2)
                    .collect();
                if path.len() == 2 && path.chars().all(|c| c == '/' || c == '\\') {
                    Some("站外地址 //".to_string())
                } else {
                    None
                }
            }
            Err(_) => Some("无效地址".to_string()),
        },
        UrlKind::SrcSet => srcset_urls(value)
            .into_iter()
            .find_map(|url| url_problem(UrlKind::Local, url)),
    }
}

/// The URLs of a `srcset` (`a-480.jpg 480w, a-960.jpg 960w`), read the way
/// the HTML standard does: a URL runs to the next space, and a comma ends it
/// only at its end (URLs may hold commas).
pub(super) fn srcset_urls(value: &str) -> Vec<&str> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}');
    let mut urls = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| is_space(c) || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        let url = &rest[..end];
        rest = &rest[end..];
        let trimmed = url.trim_end_matches(',');
        urls.push(trimmed);
        if trimmed.len() == url.len() {
            // Descriptors run to the next comma outside parentheses.
            let mut depth = 0usize;
            let mut cut = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    ',' if depth == 0 => {
                        cut = i;
                        break;
                    }
                    _ => {}
                }
            }
            rest = &rest[cut..];
        }
    }
}

/// One declaration of an inline style, as the checks see it.
pub(super) enum Declaration<'a> {
    Kept(&'a str, &'a str),
    /// A property not in [`STYLE_PROPERTIES`] (or text that is no
    /// declaration at all).
    Property(&'a str),
    /// An allowed property with a value that is not a plain value.
    Value(&'a str),
}

/// The declarations of a `style` value, split at each `;` that is not inside
/// quotes or parentheses (as a CSS parser would).
pub(super) fn declarations(style: &str) -> Vec<Declaration<'_>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in style.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match (quote, c) {
            (_, '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ';') if depth == 0 => {
                pieces.push(&style[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&style[start..]);
    pieces
        .into_iter()
        .map(str::trim)
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.split_once(':') {
            None => Declaration::Property(piece),
            Some((name, value)) => {
                let (name, value) = (name.trim(), value.trim());
                if !STYLE_PROPERTIES.contains(&name) {
                    Declaration::Property(name)
                } else if !plain_style_value(value) {
                    Declaration::Value(name)
                } else {
                    Declaration::Kept(name, value)
                }
            }
        })
        .collect()
}

/// A value such as `#c00`, `rgb(204, 0, 0)`, `16px`, `center`, `bold`:
/// no quotes, escapes, comments or URLs, and only [`STYLE_FUNCTIONS`].
pub(super) fn plain_style_value(value: &str) -> bool {
    if value.is_empty()
        || !value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" \t\n\r\x0c#%.,-+()!".contains(&b))
    {
        return false;
    }
    value.match_indices('(').all(|(at, _)| {
        let before = &value[..at];
        let name_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |p| p + 1);
        let name = before[name_start..].to_ascii_lowercase();
        STYLE_FUNCTIONS.contains(&name.as_str())
    })
}

/// A `style` value with only the kept declarations, `None` if none is
/// left. ammonia's own property filter runs after this and normalises.
pub(super) fn filter_style(style: &str) -> Option<Cow<'_, str>> {
    let declarations = declarations(style);
    if declarations
        .iter()
        .all(|d| matches!(d, Declaration::Kept(..)))
    {
        return (!declarations.is_empty()).then_some(Cow::Borrowed(style));
    }
    let kept: Vec<String> = declarations
        .iter()
        .filter_map(|d| match d {
            Declaration::Kept(name, value) => Some(format!("{name}:{value}")),
            _ => None,
        })
        .collect();
    (!kept.is_empty()).then(|| Cow::Owned(kept.join(";")))
}

/// Whether an `<input>` is the disabled checkbox of a Markdown task list.
pub(super) fn is_task_checkbox(type_value: Option<&str>, disabled: bool) -> bool {
    disabled && type_value.is_some_and(|t| t.trim().eq_ignore_ascii_case("checkbox"))
}

/// ammonia can drop attributes but not an element by its attributes, so
/// every `<input>` other than a task list's checkbox is taken out first.
pub(super) fn drop_form_inputs(html: &str) -> Cow<'_, str> {
    if !html
        .as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"<input"))
    {
        return Cow::Borrowed(html);
    }
    let handler = lol_html::element!("input", |el| {
        let type_value = el
            .get_attribute("type")
            .map(|t| decode_attribute(&t).into_owned());
        if !is_task_checkbox(type_value.as_deref(), el.has_attribute("disabled")) {
            el.remove();
        }
        Ok(())
    });
    let settings = lol_html::RewriteStrSettings::new().append_element_content_handler(handler);
    // On failure (only lol_html's memory limit) ammonia's forced
    // `type="checkbox" disabled` still makes any input harmless.
    lol_html::rewrite_str(html, settings).map_or(Cow::Borrowed(html), Cow::Owned)
}
