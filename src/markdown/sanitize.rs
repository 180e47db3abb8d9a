//! Raw HTML in bodies under `markdown.html: sanitize` (CONTENT-MODEL §7.1):
//! what publicity staff paste from WeChat and 秀米 is kept where it is safe
//! markup and stripped where it is not.
//!
//! - [`clean`] sanitizes a whole rendered body with ammonia. The allow-list is
//!   the contract's list for pasted HTML plus everything pinpai's own Markdown
//!   output uses, so a body without pasted HTML comes out byte for byte as it
//!   went in (see "Two paths" below).
//! - [`removed`] names, in Chinese, what [`clean`] would take out of one
//!   pasted fragment, for the build's warning.
//! - [`text_of`] is the plain text of a fragment, for summaries, meta
//!   descriptions and search.
//!
//! All three read the same allow-lists, and `clean` and `removed` the same
//! URL and style checks below, so what a warning names is what `clean`
//! takes out. (`clean` also closes elements left open, which `removed`
//! does not name: one raw HTML event is often a lone start tag.)
//!
//! Two paths: ammonia parses and re-serializes, which changes bytes but not
//! meaning (`<hr />` → `<hr>`, `&quot;` → `"`, `text-align: left` →
//! `text-align:left`). So [`clean`] first scans the body with lol_html, a
//! spec tokenizer; when every element, attribute, URL and style declaration
//! is allowed and every element is closed, the body is returned as it is.
//! The scan only accepts tags that leave the tokenizer in its plain data
//! state (no `<script>`, `<style>`, `<textarea>`, `<svg>`, `<math>`, no
//! comments), where lol_html and a browser read the same tags. Anything else
//! goes through ammonia, which has the last word.

use ammonia::url::ParseError;
use ammonia::Url;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::LazyLock;

/// Elements kept: CONTENT-MODEL §7.1's list for pasted HTML, plus what
/// pulldown-cmark writes (`input` only as a task list's disabled checkbox).
const TAGS: &[&str] = &[
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
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "noembed", "noframes", "template",
    "textarea", "select", "title",
];

/// Attributes allowed on every kept element. The renderer writes `id` on
/// headings and footnotes and `class` on code blocks and footnotes; `style`
/// is limited to [`STYLE_PROPERTIES`].
const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "style", "title", "aria-label"];

/// Attributes allowed on one element each, besides the generic ones.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
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
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The CSS properties an inline `style` may set.
const STYLE_PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "text-align",
    "font-weight",
    "font-size",
];

/// CSS functions a kept declaration may call: colours and arithmetic. This
/// keeps out `url(…)` (nothing is loaded from outside the site) and old IE's
/// `expression(…)`.
const STYLE_FUNCTIONS: &[&str] = &["rgb", "rgba", "hsl", "hsla", "calc", "var"];

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Sanitizes a rendered body: the allow-lists above, everything else removed
/// (scripts and styles with their content, other elements keeping their
/// text). A body that holds nothing to remove is returned unchanged.
pub fn clean(html: &str) -> String {
    let scan = scan(html);
    if scan.findings.is_empty() && scan.balanced {
        return html.to_string();
    }
    CLEANER.clean(&drop_form_inputs(html)).to_string()
}

/// What [`clean`] removes from one pasted fragment, each named once, in
/// the order met: `<script> 脚本`, `onclick 事件属性`, `样式 position`,
/// `javascript: 链接`, `<font>`, …. Empty when the fragment is kept as is.
/// (Unclosed elements are not named: a raw HTML event of pulldown-cmark is
/// often a lone `<span …>` whose end tag is another event.)
pub fn removed(fragment: &str) -> Vec<String> {
    scan(fragment).findings
}

/// The plain text of an HTML fragment: no tags, entities decoded (`&nbsp;`
/// as a space), a new line for `<br>` and each block (`p`, `section`, `div`,
/// `li`, `tr`, headings, …), cells separated by a space, and nothing of
/// scripts and style sheets. Spaces are collapsed the way a browser shows
/// them, and a line break between two Chinese characters joins them.
pub fn text_of(fragment: &str) -> String {
    // ammonia parses like a browser (every named entity, misnested tags);
    // its output is then simple enough to read directly: only the
    // attribute-less tags of TEXT_TAGS, and text escaped as `&amp;`, `&lt;`,
    // `&gt;` and `&nbsp;`.
    let simple = TEXT_READER.clean(fragment).to_string();
    let mut text = PlainText::default();
    let mut rest = simple.as_str();
    while let Some(open) = rest.find('<') {
        text.push(&unescape_serialized(&rest[..open]));
        let tag_and_more = &rest[open + 1..];
        let Some(close) = tag_and_more.find('>') else {
            rest = "";
            break;
        };
        let tag = &tag_and_more[..close];
        let name = tag.trim_start_matches('/');
        if name == "td" || name == "th" {
            if tag.starts_with('/') {
                text.space();
            }
        } else {
            text.line_break();
        }
        rest = &tag_and_more[close + 1..];
    }
    text.push(&unescape_serialized(rest));
    text.finish()
}

/// Elements [`text_of`] turns into line breaks (and `td`/`th`, which part
/// cells with a space).
const TEXT_TAGS: &[&str] = &[
    "br",
    "hr",
    "p",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "address",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "center",
    "details",
    "summary",
];

/// The ammonia configuration of [`clean`].
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
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
static TEXT_READER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
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
    match url_kind(attribute) {
        Some(kind) if url_problem(kind, value).is_some() => None,
        _ => Some(Cow::Borrowed(value)),
    }
}

/// What kind of URL an attribute holds, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UrlKind {
    /// `<a href>`: http, https, mailto, tel, relative, `#…`.
    Link,
    /// `src`, `poster`: a file of the site, relative or `/…`.
    Local,
    /// `<img srcset>`: a list of local URLs with sizes.
    SrcSet,
}

/// What kind of URL an allowed attribute holds (`href` is allowed on `<a>`
/// only; `src`, `poster` and `srcset` on media only).
fn url_kind(attribute: &str) -> Option<UrlKind> {
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
fn url_problem(kind: UrlKind, value: &str) -> Option<String> {
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
fn srcset_urls(value: &str) -> Vec<&str> {
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
enum Declaration<'a> {
    Kept(&'a str, &'a str),
    /// A property not in [`STYLE_PROPERTIES`] (or text that is no
    /// declaration at all).
    Property(&'a str),
    /// An allowed property with a value that is not a plain value.
    Value(&'a str),
}

/// The declarations of a `style` value, split at each `;` that is not inside
/// quotes or parentheses (as a CSS parser would).
fn declarations(style: &str) -> Vec<Declaration<'_>> {
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
fn plain_style_value(value: &str) -> bool {
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
fn filter_style(style: &str) -> Option<Cow<'_, str>> {
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
fn is_task_checkbox(type_value: Option<&str>, disabled: bool) -> bool {
    disabled && type_value.is_some_and(|t| t.trim().eq_ignore_ascii_case("checkbox"))
}

/// ammonia can drop attributes but not an element by its attributes, so
/// every `<input>` other than a task list's checkbox is taken out first.
fn drop_form_inputs(html: &str) -> Cow<'_, str> {
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

/// What the lol_html scan found.
struct Scan {
    /// What [`clean`] removes, described and de-duplicated in order.
    findings: Vec<String>,
    /// Every element opened is closed by its own end tag, in order, and
    /// there is no stray end tag. (A whole body should be; a fragment need not be.)
    balanced: bool,
}

/// Reads `html` with lol_html and checks every element, attribute and
/// comment against the allow-lists.
fn scan(html: &str) -> Scan {
    let findings: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let note = |finding: String| note_once(&mut findings.borrow_mut(), finding);
    let opened = Cell::new(0usize);
    let closed = Rc::new(Cell::new(0usize));
    let misnested = Rc::new(Cell::new(false));

    let elements = lol_html::element!("*", |el| {
        let tag = el.tag_name();
        // Inside <svg> or <math>, only they are named: everything in them
        // goes (ammonia keeps no SVG or MathML element).
        let html_element = el.namespace_uri() == HTML_NAMESPACE;
        let attributes: Vec<(String, String)> = el
            .attributes()
            .iter()
            .map(|a| (a.name(), a.value()))
            .collect();
        let kept = html_element
            && TAGS.contains(&tag.as_str())
            && (tag != "input" || {
                let type_value = attributes
                    .iter()
                    .find(|(name, _)| name == "type")
                    .map(|(_, value)| decode_attribute(value));
                let disabled = attributes.iter().any(|(name, _)| name == "disabled");
                is_task_checkbox(type_value.as_deref(), disabled)
            });
        if !kept && (html_element || tag == "svg" || tag == "math") {
            note(tag_description(&tag));
        }
        for (name, value) in &attributes {
            if name.starts_with("on") {
                note(format!("{name} 事件属性"));
            } else if kept {
                for finding in attribute_findings(&tag, name, value) {
                    note(finding);
                }
            }
        }
        if let Some(handlers) = el.end_tag_handlers() {
            opened.set(opened.get() + 1);
            let closed = Rc::clone(&closed);
            let misnested = Rc::clone(&misnested);
            handlers.push(lol_html::end_tag!(move |end| {
                closed.set(closed.get() + 1);
                // lol_html also closes the elements an end tag skips over
                // (`<b><i></b>`): the end tag is then another element's.
                if !end.name().eq_ignore_ascii_case(&tag) {
                    misnested.set(true);
                }
                Ok(())
            }));
        }
        Ok(())
    });
    let comments = lol_html::doc_comments!(|_comment| {
        note("HTML 注释".to_string());
        Ok(())
    });
    let doctype = lol_html::doctype!(|_doctype| {
        note("<!DOCTYPE> 文档类型".to_string());
        Ok(())
    });
    let settings = lol_html::Settings::new()
        .append_element_content_handler(elements)
        .append_document_content_handler(comments)
        .append_document_content_handler(doctype);
    let mut rewriter = lol_html::HtmlRewriter::new(settings, |_: &[u8]| {});
    // lol_html stops at its memory limit, and (strict mode, its default)
    // where only a full tree builder could tell how a browser reads on:
    // after a `<script>` or `<style>` inside `<select>` or `<frameset>`,
    // which are never allowed. What was found up to there is reported, and
    // `clean` leaves such HTML to ammonia.
    let complete = rewriter.write(html.as_bytes()).is_ok() && rewriter.end().is_ok();
    let mut findings = findings.take();
    if !complete {
        note_once(&mut findings, "无法逐项检查的 HTML".to_string());
    }
    // Where every tag is an allowed one, `</` and a letter is an end tag or
    // sits in an attribute value; the latter only makes the count too high,
    // which sends the body through ammonia.
    let end_tags = html
        .as_bytes()
        .windows(3)
        .filter(|w| w[0] == b'<' && w[1] == b'/' && w[2].is_ascii_alphabetic())
        .count();
    let closed = closed.get();
    Scan {
        findings,
        balanced: complete && !misnested.get() && opened.get() == closed && end_tags == closed,
    }
}

fn note_once(findings: &mut Vec<String>, finding: String) {
    if !findings.contains(&finding) {
        findings.push(finding);
    }
}

/// What is removed of one attribute of a kept element (`value` as written,
/// entities not yet decoded).
fn attribute_findings(tag: &str, name: &str, value: &str) -> Vec<String> {
    let allowed = GENERIC_ATTRIBUTES.contains(&name)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attributes)| *t == tag && attributes.contains(&name));
    if !allowed {
        let name = if name.starts_with("data-") {
            "data-*"
        } else {
            name
        };
        return vec![format!("{name} 属性")];
    }
    let value = decode_attribute(value);
    if name == "style" {
        return declarations(&value)
            .into_iter()
            .filter_map(|d| match d {
                Declaration::Kept(..) => None,
                Declaration::Property(property) if is_css_name(property) => {
                    Some(format!("样式 {property}"))
                }
                Declaration::Property(_) => Some("样式 写法有误".to_string()),
                Declaration::Value(property) => Some(format!("样式 {property} 的值")),
            })
            .collect();
    }
    url_kind(name)
        .and_then(|kind| url_problem(kind, &value))
        .into_iter()
        .collect()
}

fn is_css_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `<script> 脚本`: the tag, and what it is where a writer may not know.
fn tag_description(tag: &str) -> String {
    let what = match tag {
        "script" => "脚本",
        "style" => "样式表",
        "iframe" | "frame" | "frameset" => "嵌入网页",
        "object" | "embed" | "applet" | "param" => "嵌入对象",
        "form" => "表单",
        "input" | "textarea" | "select" | "option" | "optgroup" | "button" | "label"
        | "fieldset" | "legend" | "datalist" | "output" => "表单控件",
        "svg" => "矢量图",
        "math" => "数学公式",
        "link" => "外部资源",
        "meta" => "页面信息",
        "base" => "基准地址",
        "noscript" => "无脚本时的内容",
        "template" => "模板",
        "title" => "网页标题",
        _ => "",
    };
    if what.is_empty() {
        format!("<{tag}>")
    } else {
        format!("<{tag}> {what}")
    }
}

/// Decodes character references in an attribute value as written (lol_html
/// gives values undecoded), the way the HTML tokenizer does for attributes.
/// Exact for every reference that stands for ASCII, which is all the URL
/// and style checks read: a scheme is made of ASCII letters, and a style
/// value of anything else is not a plain value. Other named references are
/// left as written.
fn decode_attribute(raw: &str) -> Cow<'_, str> {
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
fn character_reference(after: &str) -> Option<(Cow<'static, str>, usize)> {
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
fn ascii_entity(name: &str) -> Option<&'static str> {
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
fn unescape_serialized(text: &str) -> Cow<'_, str> {
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

/// Plain text built the way a browser shows it: runs of white space are one
/// space, lines are trimmed, empty lines dropped.
#[derive(Default)]
struct PlainText {
    out: String,
    /// White space seen since the last character, and whether it held a
    /// line break of the source.
    pending_space: Option<bool>,
}

impl PlainText {
    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{3000}' {
                let newline = c == '\n' || c == '\r';
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
                continue;
            }
            if let Some(newline) = self.pending_space.take() {
                let prev = self.out.chars().next_back();
                let cjk = |c: char| super::cjk::Class::of(c).is_cjk();
                // A source line break between Chinese characters is no
                // space (as in the Markdown text, see `finish`).
                let joins_cjk = newline && prev.is_some_and(cjk) && cjk(c);
                if prev.is_some_and(|p| p != '\n') && !joins_cjk {
                    self.out.push(' ');
                }
            }
            self.out.push(c);
        }
    }

    /// Between cells: a space unless at the start of a line.
    fn space(&mut self) {
        self.pending_space = Some(self.pending_space.unwrap_or(false));
    }

    fn line_break(&mut self) {
        self.pending_space = None;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn finish(mut self) -> String {
        let len = self.out.trim_end().len();
        self.out.truncate(len);
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;
    use crate::markdown::test_support::site;

    /// The Markdown of every snapshot in `snapshots/`, as written there
    /// between `== markdown` and `== html`.
    fn snapshot_bodies() -> Vec<(String, String)> {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/src/markdown/snapshots");
        let mut bodies = Vec::new();
        for entry in std::fs::read_dir(folder).expect("snapshot folder") {
            let path = entry.expect("snapshot entry").path();
            let text = std::fs::read_to_string(&path).expect("snapshot file");
            let body = text
                .split_once("== markdown\n")
                .and_then(|(_, rest)| rest.split_once("\n== html\n"))
                .map(|(body, _)| body.to_string())
                .expect("a == markdown section");
            bodies.push((path.display().to_string(), body));
        }
        assert!(bodies.len() >= 10, "snapshots not found");
        bodies
    }

    #[test]
    fn ordinary_markdown_comes_out_byte_for_byte() {
        for (name, body) in snapshot_bodies() {
            // Images from outside the site are an error of their own
            // (CONTENT-MODEL §7.1) and `clean` drops their source: see
            // `markdown_images_from_outside_lose_their_source`.
            let body: String = body
                .lines()
                .filter(|line| !line.contains("](https:") && !line.contains("](data:"))
                .map(|line| format!("{line}\n"))
                .collect();
            let html = render(&body, &site).html;
            assert_eq!(clean(&html), html, "{name}");
        }
    }

    #[test]
    fn markdown_images_from_outside_lose_their_source() {
        let html = render(
            "![外部](https://example.org/a.png) ![内嵌](data:image/png;base64,AA)",
            &site,
        )
        .html;
        assert_eq!(
            clean(&html),
            // ammonia's attribute filter drops an attribute by swapping the
            // last one into its place (the https source); its own scheme
            // check keeps the order (the data: source).
            "<p><img loading=\"lazy\" alt=\"外部\"> <img alt=\"内嵌\" loading=\"lazy\"></p>\n"
        );
    }

    /// An XSS vector, what must not survive `clean` (compared in lower
    /// case), and what `removed` must name.
    const VECTORS: &[(&str, &[&str], &[&str])] = &[
        (
            "<script>alert(1)</script>",
            &["script", "alert"],
            &["<script> 脚本"],
        ),
        (
            "<img src=x onerror=alert(1)>",
            &["onerror", "alert"],
            &["onerror 事件属性"],
        ),
        (
            "<a href=\"javascript:alert(1)\">x</a>",
            &["javascript", "href"],
            &["javascript: 链接"],
        ),
        (
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            &["javascript", "href"],
            &["javascript: 链接"],
        ),
        (
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            &["avascript", "href"],
            &["javascript: 链接"],
        ),
        (
            "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
            &["avascript", "href"],
            &["javascript: 链接"],
        ),
        (
            "<a href=\"&#106avascript:alert(1)\">x</a>",
            &["avascript", "href"],
            &["javascript: 链接"],
        ),
        (
            "<a href=\"java\tscript:alert(1)\">x</a>",
            &["script", "href"],
            &["javascript: 链接"],
        ),
        (
            "<a href=\"java&Tab;script&colon;alert(1)\">x</a>",
            &["script", "href"],
            &["javascript: 链接"],
        ),
        (
            "<a href=\" &#9;javascript:alert(1)\">x</a>",
            &["script", "href"],
            &["javascript: 链接"],
        ),
        (
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            &["vbscript", "href"],
            &["vbscript: 链接"],
        ),
        (
            "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
            &["data:", "base64"],
            &["data: 地址"],
        ),
        (
            "<img src=\"x.png\" srcset=\"x.png 1x, data:image/png;base64,AA 2x\">",
            &["data:", "srcset"],
            &["data: 地址"],
        ),
        (
            "<video src=\"a.mp4\" poster=\"javascript:alert(1)\"></video>",
            &["javascript", "poster"],
            &["javascript: 地址"],
        ),
        (
            "<svg onload=alert(1)>",
            &["svg", "onload", "alert"],
            &["<svg> 矢量图", "onload 事件属性"],
        ),
        (
            "<svg><a href=\"javascript:alert(1)\"><text x=\"20\">点我</text></a></svg>",
            &["svg", "javascript", "href"],
            &["<svg> 矢量图"],
        ),
        (
            "<style>body{display:none}</style>",
            &["style", "display"],
            &["<style> 样式表"],
        ),
        (
            "<iframe src=\"https://example.org/\"></iframe>",
            &["iframe", "example.org"],
            &["<iframe> 嵌入网页"],
        ),
        (
            "<form action=\"https://example.org/\"><input name=\"q\"></form>",
            &["form", "input", "example.org"],
            &["<form> 表单", "<input> 表单控件"],
        ),
        (
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            &["url(", "javascript", "background"],
            &["样式 background"],
        ),
        (
            "<div style=\"width:expression(alert(1))\">x</div>",
            &["expression", "width"],
            &["样式 width"],
        ),
        (
            "<div style=\"color:expression(alert(1))\">x</div>",
            &["expression", "style"],
            &["样式 color 的值"],
        ),
        (
            "<div style=\"color:red;background-color:url(https://example.org/a.png)\">x</div>",
            &["url(", "example.org"],
            &["样式 background-color 的值"],
        ),
        (
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            &["onerror", "alert", "<style", "<math", "mglyph"],
            &["<math> 数学公式"],
        ),
        (
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
            // As in a browser, `</noscript>` ends the text inside: the
            // `<img>` is a real one, without its handler.
            &["onerror", "alert", "noscript"],
            &["<noscript> 无脚本时的内容", "onerror 事件属性"],
        ),
        (
            "<select><style></style><script>alert(1)</script></select>",
            &["script", "alert", "select"],
            &["<select> 表单控件"],
        ),
        (
            "<template><script>alert(1)</script></template>",
            &["script", "alert"],
            &["<template> 模板"],
        ),
        (
            "<object data=\"https://example.org/x.swf\"></object>",
            &["object", "example.org"],
            &["<object> 嵌入对象"],
        ),
        (
            "<embed src=\"https://example.org/x.swf\">",
            &["embed", "example.org"],
            &["<embed> 嵌入对象"],
        ),
        (
            "<base href=\"https://example.org/\">",
            &["base", "example.org"],
            &["<base> 基准地址"],
        ),
        (
            "<meta http-equiv=\"refresh\" content=\"0;url=https://example.org/\">",
            &["meta", "refresh", "example.org"],
            &["<meta> 页面信息"],
        ),
        (
            "<link rel=\"stylesheet\" href=\"https://example.org/a.css\">",
            &["link", "example.org"],
            &["<link> 外部资源"],
        ),
        (
            "<img src=\"//example.org/a.png\">",
            &["example.org"],
            &["站外地址 //"],
        ),
        (
            "<img src=\"/\\example.org/a.png\">",
            &["example.org"],
            &["站外地址 //"],
        ),
        (
            "<img src=\"https://mmbiz.qpic.cn/a.png\">",
            &["mmbiz"],
            &["https: 地址"],
        ),
    ];

    #[test]
    fn xss_vectors_are_removed_and_named() {
        for (input, gone, named) in VECTORS {
            let cleaned = clean(input);
            let lower = cleaned.to_lowercase();
            for part in *gone {
                assert!(
                    !lower.contains(part),
                    "{input}\n=> {cleaned}\nstill has {part}"
                );
            }
            let found = removed(input);
            for finding in *named {
                assert!(
                    found.iter().any(|f| f == finding),
                    "{input}\nremoved: {found:?}\nmissing: {finding}"
                );
            }
        }
    }

    /// Pasted HTML that is kept as it is.
    const SAFE: &[&str] = &[
        "<section style=\"color:#c00;font-size:16px\">文字</section>",
        "<span style=\"color: rgb(204, 0, 0); background-color: #fff; \">红</span>",
        "<p style=\"text-align:center;font-weight:bold\">居中<br>两行<br/>三行</p>",
        "<h2 id=\"x\" class=\"title\">标题</h2><h6>小</h6>",
        "<ul><li>甲</li></ul><ol start=\"3\"><li>丙</li></ol>",
        "<strong>粗</strong><b>粗</b><em>斜</em><i>斜</i><u>下划线</u><sup>上</sup><sub>下</sub>",
        "<blockquote>引用</blockquote><hr><div class=\"box\">块</div>",
        "<table><caption>表</caption><colgroup><col span=\"2\"></colgroup><thead><tr><th colspan=\"2\">科室</th></tr></thead>\
         <tbody><tr><td rowspan=\"2\">急诊</td><td>120</td></tr></tbody><tfoot><tr><td>合计</td></tr></tfoot></table>",
        "<img src=\"/static/合影.jpg\" alt=\"合影\" title=\"活动\" width=\"300\" height=\"200\" loading=\"lazy\" \
         srcset=\"/a-480.jpg 480w, /a-960.jpg 960w\" sizes=\"100vw\">",
        "<video src=\"宣传片.mp4\" controls preload=\"metadata\" poster=\"封面.jpg\" width=\"640\" height=\"360\"></video>",
        "<audio controls preload=\"none\"><source src=\"../录音.mp3\" type=\"audio/mpeg\"></audio>",
        "<figure><img src=\"a.jpg\" alt=\"\"><figcaption>说明</figcaption></figure>",
        "<a href=\"https://www.nhc.gov.cn/\">卫健委</a><a href=\"http://10.0.0.8/\">内网</a>",
        "<a href=\"mailto:dangban@example.cn\">邮件</a><a href=\"tel:120\">电话</a>",
        "<a href=\"#intro\">跳转</a><a href=\"../news/\">相对</a><a href=\"/about/\">关于</a><a href=\"\">空</a>",
        "<a href=\"https://example.org/a?b=1&amp;c=2\">参数</a>",
        "<pre><code class=\"language-rust\">fn main() {}</code></pre><code>a &lt; b</code>",
        "<del>旧</del><s>删</s>",
        "<input type=\"checkbox\" disabled>",
        "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>",
    ];

    #[test]
    fn safe_markup_is_kept_as_it_is() {
        for input in SAFE {
            assert_eq!(removed(input), Vec::<String>::new(), "{input}");
            assert_eq!(clean(input), *input);
        }
    }

    /// `removed` is empty exactly when `clean` changes nothing, on every
    /// fragment above (all of them have their end tags).
    #[test]
    fn removed_agrees_with_clean() {
        let fragments = SAFE.iter().copied().chain(VECTORS.iter().map(|v| v.0));
        for fragment in fragments {
            let names_nothing = removed(fragment).is_empty();
            let unchanged = clean(fragment) == fragment;
            assert_eq!(names_nothing, unchanged, "{fragment}");
        }
    }

    #[test]
    fn inline_tags_alone() {
        assert_eq!(
            removed("<span style=\"color:red;position:fixed\">"),
            ["样式 position"]
        );
        assert!(removed("<span style=\"color:red\">").is_empty());
        assert!(removed("</span>").is_empty());
        assert_eq!(removed("<font color=\"red\">"), ["<font>"]);
        assert_eq!(
            removed(
                "<a href=\"https://a.cn/\" target=\"_blank\" data-linktype=\"2\" data-x=\"1\">"
            ),
            ["target 属性", "data-* 属性"]
        );
        assert_eq!(removed("<!-- 秀米 -->"), ["HTML 注释"]);
        assert_eq!(removed("<input type=\"checkbox\">"), ["<input> 表单控件"]);
        assert_eq!(
            removed("<img src=x onerror=alert(1) onload=alert(2) onerror=alert(3)>"),
            ["onerror 事件属性", "onload 事件属性"]
        );
    }

    #[test]
    fn unclosed_and_stray_tags_are_mended() {
        assert_eq!(
            clean("<section><p>文字</p>"),
            "<section><p>文字</p></section>"
        );
        assert_eq!(clean("<p>文字</p></div>"), "<p>文字</p>");
        assert_eq!(clean("<b><i>文字</b></i>"), "<b><i>文字</i></b>");
        // Not named: one raw HTML event is often an unclosed tag.
        assert!(removed("<section><p>文字</p>").is_empty());
    }

    /// A body as the renderer will give it once raw HTML is let through:
    /// Markdown output and pasted HTML side by side.
    #[test]
    fn mixed_body_keeps_markdown_output() {
        let body = "<h2 id=\"huo-dong\">活动</h2>\n\
                    <section style=\"color:red;position:fixed\"><p>段落</p></section>\n\
                    <ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n完成</li>\n\
                    <li><input type=\"text\" name=\"q\"/>\n表单</li>\n</ul>\n\
                    <p>正文<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n<hr />\n";
        assert_eq!(
            clean(body),
            "<h2 id=\"huo-dong\">活动</h2>\n\
             <section style=\"color:red\"><p>段落</p></section>\n\
             <ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\">\n完成</li>\n\
             <li>\n表单</li>\n</ul>\n\
             <p>正文<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n<hr>\n"
        );
    }

    /// What 秀米 and WeChat give: nested sections with layout styles, data
    /// attributes, spans, and a table with merged cells.
    const XIUMI: &str = "<section data-tools=\"秀米\" data-id=\"123\" style=\"color:#c00;font-size:16px;position:absolute;box-sizing:border-box\">\
        <section style=\"text-align: center; margin: 10px auto; box-sizing: border-box;\">\
        <p style=\"font-weight:bold;line-height:1.75\"><span style=\"color:rgb(192, 0, 0)\">不忘初心</span>&nbsp;&nbsp;<strong>牢记使命</strong></p>\
        <p>支部&amp;科室<br>联合开展“义诊”活动</p>\
        </section>\
        <table style=\"width:100%\"><tbody>\
        <tr><td colspan=\"2\" style=\"text-align:center\">2024年3月5日</td></tr>\
        <tr><td rowspan=\"2\">急诊科</td><td>12&nbsp;人次</td></tr>\
        <tr><td>3&#x5C0F;&#26102;</td></tr>\
        </tbody></table></section>";

    #[test]
    fn xiumi_paste_keeps_structure_allowed_styles_and_text() {
        let cleaned = clean(XIUMI);
        assert_eq!(
            cleaned,
            "<section style=\"color:#c00;font-size:16px\">\
             <section style=\"text-align:center\">\
             <p style=\"font-weight:bold\"><span style=\"color:rgb(192, 0, 0)\">不忘初心</span>&nbsp;&nbsp;<strong>牢记使命</strong></p>\
             <p>支部&amp;科室<br>联合开展“义诊”活动</p>\
             </section>\
             <table><tbody>\
             <tr><td colspan=\"2\" style=\"text-align:center\">2024年3月5日</td></tr>\
             <tr><td rowspan=\"2\">急诊科</td><td>12&nbsp;人次</td></tr>\
             <tr><td>3小时</td></tr>\
             </tbody></table></section>"
        );
        assert_eq!(
            removed(XIUMI),
            [
                "data-* 属性",
                "样式 position",
                "样式 box-sizing",
                "样式 margin",
                "样式 line-height",
                "样式 width",
            ]
        );
    }

    #[test]
    fn text_of_a_paste_is_plain_text() {
        let text = text_of(XIUMI);
        assert_eq!(
            text,
            "不忘初心 牢记使命\n支部&科室\n联合开展“义诊”活动\n2024年3月5日\n急诊科 12 人次\n3小时"
        );
        assert!(!text.contains(['<', '>']) && !text.contains("&nbsp") && !text.contains("&#"));
    }

    #[test]
    fn text_of_decodes_breaks_and_drops_code() {
        assert_eq!(
            text_of("a &amp; b&nbsp;c &#x4E2D;&#25991; &lt;标签&gt; &ldquo;引号&rdquo;&hellip;"),
            "a & b c 中文 <标签> “引号”…"
        );
        assert_eq!(
            text_of("<p>前</p><script>alert(1)</script><style>p{color:red}</style><p>后</p>"),
            "前\n后"
        );
        assert_eq!(text_of("一<br>二<br/><br>三"), "一\n二\n三");
        assert_eq!(
            text_of("<h3>标题</h3><li>甲</li><li>乙</li>"),
            "标题\n甲\n乙"
        );
        assert_eq!(
            text_of("党建\n  工作 与  Party\n Building"),
            "党建工作 与 Party Building"
        );
        assert_eq!(
            text_of("<table><tr><td>科室</td><td>电话</td></tr><tr><td>急诊</td><td>120</td></tr></table>"),
            "科室 电话\n急诊 120"
        );
        assert_eq!(text_of("<span style=\"color:red\">"), "");
        assert_eq!(text_of("<img src=x alt=\"合影\"><iframe>后备</iframe>"), "");
    }

    #[test]
    fn attribute_references_decode_like_the_tokenizer() {
        let cases = [
            ("&#106;avascript:", "javascript:"),
            ("&#x6A;&#X6a&#0000106;", "jjj"),
            ("java&Tab;script&colon;", "java\tscript:"),
            ("a&amp;b&amp=c&ampx&amp/", "a&b&amp=c&ampx&/"),
            ("&lt;&unknown;&nbsp;&", "<&unknown;&nbsp;&"),
            (
                "&#;&#x;&#0;&#xD800;&#99999999999;",
                "&#;&#x;\u{fffd}\u{fffd}\u{fffd}",
            ),
            ("&fjlig;", "fj"),
        ];
        for (raw, decoded) in cases {
            assert_eq!(decode_attribute(raw), decoded, "{raw}");
        }
    }

    #[test]
    fn style_filter_keeps_only_plain_allowed_declarations() {
        assert_eq!(filter_style("color:red").as_deref(), Some("color:red"));
        assert_eq!(
            filter_style("color:red;position:fixed").as_deref(),
            Some("color:red")
        );
        assert_eq!(filter_style("position:fixed"), None);
        assert_eq!(filter_style(""), None);
        assert_eq!(filter_style("color:url(x)"), None);
        assert_eq!(filter_style("color:\"red;font-size:9px\""), None);
        assert_eq!(
            filter_style("font-size: calc(1em + 2px) !important").as_deref(),
            Some("font-size: calc(1em + 2px) !important")
        );
    }

    #[test]
    fn srcset_urls_are_read_like_the_standard() {
        assert_eq!(
            srcset_urls(" a.jpg 1x,b.jpg 2x , data:image/png;base64,A,B 3x,c.jpg,"),
            ["a.jpg", "b.jpg", "data:image/png;base64,A,B", "c.jpg"]
        );
        assert_eq!(srcset_urls("a.jpg (x, y) 1x, b.jpg"), ["a.jpg", "b.jpg"]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let deep = "<div>".repeat(5000) + &"<span>".repeat(5000);
        let inputs = [
            "",
            "<",
            "&",
            "&#",
            "&#x",
            "<a href=",
            "<!--",
            "<!-->",
            "</",
            "<>",
            "<p",
            "\u{0}<b\u{0}>",
            "<img src=\"&#xFFFFFFFF;\">",
            "<style",
            "<svg><style>",
            "<select><script>",
            deep.as_str(),
        ];
        for input in inputs {
            let _ = clean(input);
            let _ = removed(input);
            let _ = text_of(input);
        }
    }
}
