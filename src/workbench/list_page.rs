//! The workbench's first screen (`/_pinpai/`): a new page, material
//! imported by dropping it, the site packaged, and every page by section
//! with its state and problems. Made on the server (it works before the
//! script loads); `ui/list.js` makes its buttons send their requests.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::pages::{PageList, Problem};
use super::{Workbench, PREFIX};
use crate::html::escape;

/// Sections a new page can go in: the site's own, and the four every
/// site has a form for even before it has a page there.
fn section_choices(list: &PageList) -> Vec<(String, String)> {
    let mut choices: Vec<(String, String)> = list
        .sections
        .iter()
        .filter(|s| !s.folder.is_empty())
        .map(|s| (s.folder.clone(), s.title.clone()))
        .collect();
    for folder in ["branches", "members", "volunteer", "news"] {
        if !choices.iter().any(|(f, _)| f == folder) {
            choices.push((
                folder.to_string(),
                crate::model::default_section_title(folder),
            ));
        }
    }
    choices
}

fn options(choices: &[(String, String)], chosen: &str) -> String {
    choices
        .iter()
        .map(|(value, label)| {
            format!(
                "<option value=\"{}\"{}>{}</option>",
                escape(value),
                if value == chosen { " selected" } else { "" },
                escape(label)
            )
        })
        .collect()
}

/// The new-page form, the import drop zone and the package button.
fn tools(list: &PageList) -> String {
    let sections = section_choices(list);
    let mut kinds = sections.clone();
    kinds.push(("page".to_string(), "独立页面（如“关于我们”）".to_string()));
    format!(
        "<div class=\"tools\">\
<form id=\"new-page\" class=\"tool\" aria-labelledby=\"new-heading\"><h2 id=\"new-heading\">新建页面</h2>\
<div class=\"field\"><label for=\"new-kind\">栏目</label><select id=\"new-kind\">{}</select></div>\
<div class=\"field\"><label for=\"new-title\">标题</label><input id=\"new-title\" type=\"text\" required></div>\
<button type=\"submit\">新建页面</button><p id=\"new-status\" class=\"status\" role=\"status\"></p></form>\
<section id=\"import\" class=\"tool drop\" aria-labelledby=\"import-heading\"><h2 id=\"import-heading\">导入材料</h2>\
<p>把 Word 文档（.docx）、保存的公众号文章（.html）或志愿服务台账（.xlsx、.csv）拖到这里。</p>\
<div class=\"field\"><label for=\"import-section\">文档导入到栏目</label><select id=\"import-section\">{}</select></div>\
<button type=\"button\" id=\"import-button\" class=\"secondary\">导入文件</button>\
<input type=\"file\" id=\"import-file\" hidden multiple accept=\".docx,.html,.htm,.xlsx,.csv\">\
<p id=\"import-status\" class=\"status\" role=\"status\"></p><ul id=\"import-result\"></ul></section>\
<section class=\"tool\" aria-labelledby=\"package-heading\"><h2 id=\"package-heading\">发布</h2>\
<p>生成正式网站（审核中的页面不发布），打包成一个 zip，拷到内网服务器。</p>\
<button type=\"button\" id=\"package\">打包网站</button>\
<p id=\"package-status\" class=\"status\" role=\"status\"></p><ul id=\"package-problems\" class=\"problems\"></ul></section>\
</div>",
        options(&kinds, "news"),
        options(&sections, "news"),
    )
}

fn problem_items(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| {
            format!(
                "<li class=\"{}\">{}{}</li>",
                if p.error { "error" } else { "warning" },
                p.line.map(|l| format!("第 {l} 行：")).unwrap_or_default(),
                escape(&p.message)
            )
        })
        .collect()
}

/// Every page by section with its state and problems, each linked to its
/// preview and its form.
fn sections(list: &PageList) -> String {
    let mut body = String::new();
    for section in &list.sections {
        body.push_str(&format!(
            "<section class=\"pages\"><h2>{}</h2><ul>",
            escape(&section.title)
        ));
        for page in &section.pages {
            let problems = problem_items(&page.problems);
            body.push_str(&format!(
                "<li><a href=\"{}\">{}</a> <span class=\"state\">{}</span> <a class=\"edit\" href=\"{PREFIX}edit?path={}\" aria-label=\"编辑：{}\">编辑</a> <code>{}</code>{}</li>",
                escape(&page.url),
                escape(&page.title),
                escape(&page.state),
                escape(&url_component(&page.path)),
                escape(&page.title),
                escape(&crate::paths::native(&page.path)),
                if problems.is_empty() {
                    String::new()
                } else {
                    format!("<ul class=\"problems\">{problems}</ul>")
                }
            ));
        }
        body.push_str("</ul></section>");
    }
    if !list.other.is_empty() {
        body.push_str("<section class=\"pages\"><h2>其他问题</h2><ul class=\"problems\">");
        for p in &list.other {
            body.push_str(&format!(
                "<li class=\"{}\"><code>{}{}</code>：{}</li>",
                if p.error { "error" } else { "warning" },
                escape(&crate::paths::native(&p.path)),
                p.line.map(|l| format!(":{l}")).unwrap_or_default(),
                escape(&p.message)
            ));
        }
        body.push_str("</ul></section>");
    }
    body
}

/// The whole screen.
pub fn page(wb: &Workbench, list: &PageList) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"pinpai-token\" content=\"{}\"><title>工作台</title>\
<link rel=\"stylesheet\" href=\"{PREFIX}ui/workbench.css\"></head>\
<body><header class=\"bar\"><h1>工作台</h1><a href=\"/\">打开网站预览</a></header>{}\
<main class=\"list\">{}{}</main>\
<script src=\"{PREFIX}ui/common.js\"></script><script src=\"{PREFIX}ui/list.js\"></script></body></html>",
        escape(wb.guard().token()),
        super::screen::OLD_BROWSER,
        tools(list),
        sections(list),
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, super::screen::CSP),
        ],
        html,
    )
        .into_response()
}

/// A query value: every byte but letters, digits and `-._~/` escaped.
fn url_component(text: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'/');
    percent_encoding::utf8_percent_encode(text, KEEP).to_string()
}
