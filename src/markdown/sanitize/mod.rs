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

mod entities;
mod rules;
mod scan;
#[cfg(test)]
mod tests;
mod text;

use entities::*;
use rules::*;
use scan::*;
use text::*;

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

/// A finding of [`removed`] as the officer reads it in the warning: what
/// an editor left behind, not HTML's names for it (`样式 margin` is 间距,
/// `data-* 属性` an editor's hidden marks). Scripts and event handlers keep
/// their names: those are worth knowing exactly.
pub fn in_plain_words(finding: &str) -> String {
    if finding == "<!DOCTYPE> 文档类型" {
        return "网页开头的文档声明".to_string();
    }
    if finding == "HTML 注释" {
        return "编辑器的注释".to_string();
    }
    if finding == "data-* 属性" {
        return "编辑器留下的隐藏标记".to_string();
    }
    if let Some(property) = finding.strip_prefix("样式 ") {
        if let Some(property) = property.strip_suffix(" 的值") {
            return format!("{}里不安全的写法", style_in_words(property));
        }
        if property == "写法有误" {
            return "写法有误的样式".to_string();
        }
        return format!("{}（网站用自己的排版）", style_in_words(property));
    }
    match finding.strip_suffix(" 属性") {
        Some(name) if !name.starts_with("on") => format!("编辑器留下的标记（{name}）"),
        _ => finding.to_string(),
    }
}

/// A CSS property as what it does on the page.
fn style_in_words(property: &str) -> &'static str {
    let p = property.to_ascii_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|x| p.starts_with(x));
    if starts(&[
        "margin",
        "padding",
        "line-height",
        "letter-spacing",
        "word-spacing",
        "text-indent",
    ]) {
        "间距"
    } else if starts(&["border", "outline", "box-shadow"]) {
        "边框"
    } else if starts(&["width", "height", "max-", "min-", "box-sizing"]) {
        "宽度和高度"
    } else if starts(&["font-family"]) {
        "字体"
    } else if starts(&["background"]) {
        "背景"
    } else if starts(&[
        "position",
        "display",
        "float",
        "z-index",
        "overflow",
        "top",
        "left",
        "right",
        "bottom",
        "transform",
        "vertical-align",
        "clear",
    ]) {
        "位置和布局"
    } else if starts(&["color"]) {
        "文字颜色"
    } else {
        "其他排版样式"
    }
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
