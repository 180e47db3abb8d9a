//! The workbench's first screen (`/_pinpai/`): a new page, material
//! imported by dropping it, the site packaged, and every page by section
//! with its state and problems. Made on the server (it works before the
//! script loads); `ui/list.js` makes its buttons send their requests.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::access::{Action, Who};
use super::pages::{PageList, Problem};
use super::PREFIX;
use crate::accounts::Role;
use crate::html::escape;

/// What the page's script is told of the one using it: the token its
/// requests carry and, signed in, the role and levels (to show only the
/// buttons the server will accept).
pub(super) fn who_meta(who: &Who) -> String {
    let mut meta = format!(
        "<meta name=\"pinpai-token\" content=\"{}\">",
        escape(who.token())
    );
    if let Some(account) = who.account() {
        meta.push_str(&format!(
            "<meta name=\"pinpai-name\" content=\"{}\"><meta name=\"pinpai-role\" content=\"{}\"><meta name=\"pinpai-levels\" content=\"{}\">",
            escape(&account.name),
            account.role.label(),
            escape(&account.levels.join(","))
        ));
    }
    meta
}

/// The signed-in name, role, the log for 管理, and 退出.
pub(super) fn who_bar(who: &Who) -> String {
    let Some(account) = who.account() else {
        return String::new();
    };
    let log = if who.may(Action::Log) {
        format!("<a href=\"{PREFIX}log\">操作记录</a>")
    } else {
        String::new()
    };
    format!(
        "<span class=\"who\">{}（{}）</span>{log}<button type=\"button\" id=\"sign-out\" class=\"secondary\">退出登录</button>",
        escape(&account.name),
        account.role.label()
    )
}

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

/// The new-page form, the import drop zone and the package button, each
/// only to an account whose role allows it (the server checks again).
fn tools(list: &PageList, who: &Who) -> String {
    let sections = section_choices(list);
    let mut kinds = sections.clone();
    kinds.push(("page".to_string(), "独立页面（如“关于我们”）".to_string()));
    let mut tools = String::from("<div class=\"tools\">");
    if who.may(Action::Create) {
        tools.push_str(&create_tools(&kinds, &sections));
    }
    if who.may(Action::Package) {
        tools.push_str(PACKAGE_TOOL);
    }
    if let Some(account) = who.account().filter(|a| a.role == Role::Reviewer) {
        tools.push_str(&format!(
            "<section class=\"tool\" aria-labelledby=\"review-heading\"><h2 id=\"review-heading\">审核</h2>\
<p>你的账号可以审核：{}。在下面的列表里找到“待{}”的页面，点“编辑”打开，看过后点“通过”。</p></section>",
            escape(&account.levels_label()),
            escape(account.levels.first().map_or("", String::as_str)),
        ));
    }
    tools.push_str("</div>");
    tools
}

const PACKAGE_TOOL: &str = "<section class=\"tool\" aria-labelledby=\"package-heading\"><h2 id=\"package-heading\">发布</h2>\
<p>生成正式网站（审核中的页面不发布），打包成一个 zip，拷到内网服务器。</p>\
<button type=\"button\" id=\"package\">打包网站</button>\
<p id=\"package-status\" class=\"status\" role=\"status\"></p><ul id=\"package-problems\" class=\"problems\"></ul></section>";

fn create_tools(kinds: &[(String, String)], sections: &[(String, String)]) -> String {
    format!(
        "<form id=\"new-page\" class=\"tool\" aria-labelledby=\"new-heading\"><h2 id=\"new-heading\">新建页面</h2>\
<div class=\"field\"><label for=\"new-kind\">栏目</label><select id=\"new-kind\">{}</select></div>\
<div class=\"field\"><label for=\"new-title\">标题</label><input id=\"new-title\" type=\"text\" required></div>\
<button type=\"submit\">新建页面</button><p id=\"new-status\" class=\"status\" role=\"status\"></p></form>\
<section id=\"import\" class=\"tool drop\" aria-labelledby=\"import-heading\"><h2 id=\"import-heading\">导入材料</h2>\
<p>把 Word 文档（.docx）、保存的公众号文章（.html）或志愿服务台账（.xlsx、.csv）拖到这里。</p>\
<div class=\"field\"><label for=\"import-section\">文档导入到栏目</label><select id=\"import-section\">{}</select></div>\
<button type=\"button\" id=\"import-button\" class=\"secondary\">导入文件</button>\
<input type=\"file\" id=\"import-file\" hidden multiple accept=\".docx,.html,.htm,.xlsx,.csv\">\
<p id=\"import-status\" class=\"status\" role=\"status\"></p><ul id=\"import-result\"></ul></section>",
        options(kinds, "news"),
        options(sections, "news"),
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
pub fn page(list: &PageList, who: &Who) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
{}<title>工作台</title>\
<link rel=\"stylesheet\" href=\"{PREFIX}ui/workbench.css\"></head>\
<body><header class=\"bar\"><h1>工作台</h1><a href=\"/\">打开网站预览</a>{}</header>{}\
<main class=\"list\">{}{}</main>\
<script src=\"{PREFIX}ui/common.js\"></script><script src=\"{PREFIX}ui/list.js\"></script></body></html>",
        who_meta(who),
        who_bar(who),
        super::screen::OLD_BROWSER,
        tools(list, who),
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
