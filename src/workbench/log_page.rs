//! `/_pinpai/log`: the change log (`.pinpai/log.jsonl`) for 管理, newest
//! first: who did what to which file, from which address, when.

use axum::response::Response;

use super::access::Who;
use super::list_page::{who_bar, who_meta};
use super::screen::html_page;
use super::{Workbench, PREFIX};
use crate::accounts::log;
use crate::html::escape;

/// The most lines shown; the file keeps them all.
const SHOWN: usize = 500;

pub fn page(wb: &Workbench, who: &Who) -> Response {
    let entries = log::read(wb.root());
    let total = entries.len();
    let rows: String = entries
        .iter()
        .rev()
        .take(SHOWN)
        .map(|e| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                escape(&shown_time(&e.time)),
                escape(&e.account),
                escape(&e.address),
                escape(log::action_label(&e.action)),
                escape(&crate::paths::native(&e.file)),
                escape(&e.detail),
                escape(&digests(&e.before, &e.after)),
            )
        })
        .collect();
    let shown = if total > SHOWN {
        format!("共 {total} 条，这里显示最近的 {SHOWN} 条；全部记录在网站文件夹的 .pinpai/log.jsonl 里。")
    } else {
        format!("共 {total} 条。记录保存在网站文件夹的 .pinpai/log.jsonl 里。")
    };
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{}\
<title>操作记录 - 工作台</title><link rel=\"stylesheet\" href=\"{PREFIX}ui/workbench.css\"></head>\
<body><header class=\"bar\"><a href=\"{PREFIX}\">返回工作台</a><h1>操作记录</h1>{}</header>\
<main class=\"log\"><p>{shown}</p><div class=\"table\"><table><caption class=\"visually-hidden\">操作记录，最新的在前</caption>\
<thead><tr><th scope=\"col\">时间</th><th scope=\"col\">账号</th><th scope=\"col\">地址</th><th scope=\"col\">操作</th>\
<th scope=\"col\">文件</th><th scope=\"col\">说明</th><th scope=\"col\">文件指纹（前 → 后）</th></tr></thead>\
<tbody>{rows}</tbody></table></div></main>\
<script src=\"{PREFIX}ui/common.js\"></script><script src=\"{PREFIX}ui/list.js\"></script></body></html>",
        who_meta(who),
        who_bar(who),
    );
    html_page(html)
}

/// `2026-12-07 15:04:05`: the local time the log wrote, without its
/// offset from UTC, which means nothing to the office.
fn shown_time(time: &str) -> String {
    time.get(..19).unwrap_or(time).replace('T', " ")
}

/// `a1b2c3d4 → e5f6a7b8`, short enough to read; `新文件`/`已删除` for
/// a file that was not there before or is gone after.
fn digests(before: &str, after: &str) -> String {
    let short = |d: &str| d.chars().take(8).collect::<String>();
    match (before.is_empty(), after.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("新文件 → {}", short(after)),
        (false, true) => format!("{} → 已删除", short(before)),
        (false, false) => format!("{} → {}", short(before), short(after)),
    }
}
