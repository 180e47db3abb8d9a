//! The page the officer opens at `/_pinpai/`, and the dispatch of the
//! workbench's requests.
//!
//! The page holds the run's token (in a `<meta>`): only a page of this
//! origin can read it, which is what makes a request carrying it one the
//! officer's own workbench made.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use std::sync::Arc;

use super::pages;
use super::{api, Workbench, JSON_LIMIT, PREFIX};
use crate::diagnostics::Diagnostic;
use crate::html::escape;

/// Answers a request under `/_pinpai/` (the caller has matched the prefix).
pub async fn handle(wb: &Arc<Workbench>, request: Request, problems: Vec<Diagnostic>) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let rest = path.strip_prefix(PREFIX).unwrap_or("");
    let body_type = match (&method, rest) {
        (&Method::POST, "api/upload" | "api/import") => Some("application/octet-stream"),
        (&Method::POST, _) => Some("application/json"),
        _ => None,
    };
    let holds_token = matches!(rest, "" | "edit");
    let checked = wb
        .guard()
        .check(&method, request.headers(), body_type)
        .and_then(|()| {
            if holds_token {
                wb.guard().check_navigation(request.headers())
            } else {
                Ok(())
            }
        });
    if let Err(refusal) = checked {
        let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::FORBIDDEN);
        return hardened(api::refuse(status, refusal));
    }
    let body = request.into_body();
    // The file work runs on the blocking pool, never on the two threads
    // that answer every request of the preview (a save on a network share
    // can take seconds).
    let response = match (&method, rest) {
        (&Method::GET | &Method::HEAD, "") => {
            let wb = Arc::clone(wb);
            blocking(move || super::list_page::page(&wb, &pages::list(wb.root(), &problems))).await
        }
        (&Method::GET | &Method::HEAD, "edit") => editor_page(wb),
        (&Method::GET, asset_path) if asset_path.starts_with("ui/") => ui_asset(asset_path),
        (&Method::GET, "api/pages") => {
            let wb = Arc::clone(wb);
            blocking(move || api::page_list(&wb, &problems)).await
        }
        (&Method::GET, "api/form" | "api/file" | "api/history" | "api/problems") => {
            let (wb, rest) = (Arc::clone(wb), rest.to_string());
            blocking(move || match rest.as_str() {
                "api/form" => api::form(&wb, query.as_deref()),
                "api/file" => api::file(&wb, query.as_deref()),
                "api/problems" => api::problems(&wb, query.as_deref(), &problems),
                _ => api::history(&wb, query.as_deref()),
            })
            .await
        }
        (&Method::POST, "api/upload") => api::upload(wb, query.as_deref(), body).await,
        (&Method::POST, "api/import") => api::import(wb, query.as_deref(), body, &today()).await,
        (&Method::POST, "api/package") => {
            let wb = Arc::clone(wb);
            blocking(move || api::package(&wb, &today())).await
        }
        (
            &Method::POST,
            "api/field" | "api/save" | "api/body" | "api/delete" | "api/restore" | "api/new"
            | "api/review" | "api/paste" | "api/drafts" | "api/edit",
        ) => {
            let bytes = match axum::body::to_bytes(body, JSON_LIMIT).await {
                Ok(b) => b,
                Err(_) => return hardened(api::refuse(StatusCode::PAYLOAD_TOO_LARGE, "请求太大")),
            };
            let (wb, rest) = (Arc::clone(wb), rest.to_string());
            blocking(move || match rest.as_str() {
                "api/field" => api::field(&wb, &bytes),
                "api/save" => api::save(&wb, &bytes),
                "api/body" => api::body(&wb, &bytes),
                "api/delete" => api::delete(&wb, &bytes),
                "api/new" => api::new_page(&wb, &bytes, &today()),
                "api/review" => api::review(&wb, &bytes, &today()),
                "api/paste" => api::paste(&wb, &bytes),
                "api/drafts" => api::show_drafts(&wb, &bytes),
                "api/edit" => api::edit(&wb, &bytes),
                _ => api::restore(&wb, &bytes),
            })
            .await
        }
        (&Method::GET | &Method::HEAD, _) => {
            api::refuse(StatusCode::NOT_FOUND, "工作台没有这个地址")
        }
        _ => api::refuse(StatusCode::METHOD_NOT_ALLOWED, "工作台不接受这种请求"),
    };
    hardened(response)
}

/// The day as review steps and new pages record it.
fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// The front end (`src/workbench/ui/`), built into the program.
const UI: &[(&str, &str, &str)] = &[
    (
        "ui/common.js",
        "text/javascript; charset=utf-8",
        include_str!("ui/common.js"),
    ),
    (
        "ui/list.js",
        "text/javascript; charset=utf-8",
        include_str!("ui/list.js"),
    ),
    (
        "ui/editor.js",
        "text/javascript; charset=utf-8",
        include_str!("ui/editor.js"),
    ),
    (
        "ui/workbench.css",
        "text/css; charset=utf-8",
        include_str!("ui/workbench.css"),
    ),
];

fn ui_asset(path: &str) -> Response {
    match UI.iter().find(|(p, _, _)| *p == path) {
        Some((_, content_type, text)) => asset(content_type, text),
        None => api::refuse(StatusCode::NOT_FOUND, "工作台没有这个地址"),
    }
}

/// Shown until the script finds what it needs (ES2017, fetch): an old
/// browser, or 360/QQ in their IE 兼容模式, is told what to do instead of
/// showing buttons that do nothing.
pub(super) const OLD_BROWSER: &str = "<p id=\"old-browser\" class=\"old-browser\" role=\"alert\">\
这个浏览器太旧，或者正处在“兼容模式”，工作台用不了。请用 Edge 或 Chrome 打开这个地址；\
360、QQ 浏览器请点地址栏右侧的闪电图标，切换到“极速模式”。</p>";

/// Scripts only from here, no inline script, never framed.
pub(super) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src 'self'; frame-ancestors 'none'";

fn asset(content_type: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

/// The page editor: a shell the script fills from `api/form`.
fn editor_page(wb: &Workbench) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"pinpai-token\" content=\"{}\"><title>编辑页面 - 工作台</title>\
<link rel=\"stylesheet\" href=\"{PREFIX}ui/workbench.css\"></head>\
<body><header class=\"bar\"><a href=\"{PREFIX}\">返回工作台</a><h1 id=\"heading\">编辑页面</h1></header>{OLD_BROWSER}\
<main id=\"editor\" class=\"editor\"><p role=\"status\">正在打开……</p></main>\
<script src=\"{PREFIX}ui/common.js\"></script><script src=\"{PREFIX}ui/editor.js\"></script></body></html>",
        escape(wb.guard().token())
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
        ],
        html,
    )
        .into_response()
}

/// Runs `work` on the blocking pool.
async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| api::refuse(StatusCode::INTERNAL_SERVER_ERROR, "工作台内部出错"))
}

/// Headers every workbench answer carries: never framed by another page
/// (clickjacking), never cached, never sniffed, no referrer sent on.
fn hardened(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        // A window this page is opened from (a file of the preview) cannot
        // reach into it, nor it into that window.
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ] {
        headers.insert(name, header::HeaderValue::from_static(value));
    }
    response
}
