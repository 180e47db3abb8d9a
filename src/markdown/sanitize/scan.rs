//! Reading a fragment the way a browser tokenizer would and noting what
//! the rules would remove, in words for the writer.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[allow(unused_imports)]
use super::*;

/// What the lol_html scan found.
pub(super) struct Scan {
    /// What [`clean`] removes, described and de-duplicated in order.
    pub(super) findings: Vec<String>,
    /// Every element opened is closed by its own end tag, in order, and
    /// there is no stray end tag. (A whole body should be; a fragment need not be.)
    pub(super) balanced: bool,
}

/// Reads `html` with lol_html and checks every element, attribute and
/// comment against the allow-lists.
pub(super) fn scan(html: &str) -> Scan {
    let findings: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let note = |finding: String| note_once(&mut findings.borrow_mut(), finding);
    let opened = Cell::new(0usize);
    let started = Cell::new(0usize);
    let closed = Rc::new(Cell::new(0usize));
    let misnested = Rc::new(Cell::new(false));

    let elements = lol_html::element!("*", |el| {
        started.set(started.get() + 1);
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
    // Likewise `<` and a letter is a start tag, unless the tag never ends
    // (`<div a="…` to the end of the body): lol_html then reports no
    // element, but the page around the body would close its quote.
    let start_tags = html
        .as_bytes()
        .windows(2)
        .filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
        .count();
    Scan {
        findings,
        balanced: complete
            && !misnested.get()
            && opened.get() == closed
            && end_tags == closed
            && start_tags == started.get(),
    }
}

pub(super) fn note_once(findings: &mut Vec<String>, finding: String) {
    if !findings.contains(&finding) {
        findings.push(finding);
    }
}

/// What is removed of one attribute of a kept element (`value` as written,
/// entities not yet decoded).
pub(super) fn attribute_findings(tag: &str, name: &str, value: &str) -> Vec<String> {
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
    if fixed_value_problem(name, &value) {
        return vec![format!("{name} 属性")];
    }
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

pub(super) fn is_css_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `<script> 脚本`: the tag, and what it is where a writer may not know.
pub(super) fn tag_description(tag: &str) -> String {
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
