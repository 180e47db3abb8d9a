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

use super::pages::{self, PageList};
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
        (&Method::POST, "api/upload") => Some("application/octet-stream"),
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
            blocking(move || page(&wb, &pages::list(wb.root(), &problems))).await
        }
        (&Method::GET | &Method::HEAD, "edit") => editor_page(wb),
        (&Method::GET, "ui/workbench.js") => asset("text/javascript; charset=utf-8", UI_JS),
        (&Method::GET, "ui/workbench.css") => asset("text/css; charset=utf-8", UI_CSS),
        (&Method::GET, "api/pages") => {
            let wb = Arc::clone(wb);
            blocking(move || api::page_list(&wb, &problems)).await
        }
        (&Method::GET, "api/form" | "api/file" | "api/history") => {
            let (wb, rest) = (Arc::clone(wb), rest.to_string());
            blocking(move || match rest.as_str() {
                "api/form" => api::form(&wb, query.as_deref()),
                "api/file" => api::file(&wb, query.as_deref()),
                _ => api::history(&wb, query.as_deref()),
            })
            .await
        }
        (&Method::POST, "api/upload") => api::upload(wb, query.as_deref(), body).await,
        (&Method::POST, "api/field" | "api/save" | "api/body" | "api/delete" | "api/restore") => {
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

/// The front end (`src/workbench/ui/`), built into the program.
const UI_JS: &str = include_str!("ui/workbench.js");
const UI_CSS: &str = include_str!("ui/workbench.css");

/// Scripts only from here, no inline script, never framed.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src 'self'; frame-ancestors 'none'";

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
<body><header class=\"bar\"><a href=\"{PREFIX}\">返回工作台</a><h1 id=\"heading\">编辑页面</h1></header>\
<main id=\"editor\" class=\"editor\"><p role=\"status\">正在打开……</p></main>\
<script src=\"{PREFIX}ui/workbench.js\"></script></body></html>",
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

/// The workbench's first screen: every page by section with its state and
/// problems, each linked to its preview.
fn page(wb: &Workbench, list: &PageList) -> Response {
    let mut body = String::new();
    for section in &list.sections {
        body.push_str(&format!("<section><h2>{}</h2><ul>", escape(&section.title)));
        for page in &section.pages {
            let problems: String = page
                .problems
                .iter()
                .map(|p| {
                    format!(
                        "<li class=\"{}\">{}{}</li>",
                        if p.error { "error" } else { "warning" },
                        p.line.map(|l| format!("第 {l} 行：")).unwrap_or_default(),
                        escape(&p.message)
                    )
                })
                .collect();
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
        body.push_str("<section><h2>其他问题</h2><ul class=\"problems\">");
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
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"pinpai-token\" content=\"{}\"><title>工作台</title>\
<style>body{{font-family:system-ui,\"Microsoft YaHei\",\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.6;color:#1f2328}}\
h1{{font-size:1.5rem}}h2{{font-size:1.2rem;border-bottom:1px solid #d0d7de}}ul{{padding-left:1.2rem}}\
.state{{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#eef2f6;font-size:.9rem}}\
.error{{color:#a40e26}}.warning{{color:#7a4d00}}.notice{{background:#fff8c5;padding:.5rem}}code{{font-size:.85rem;color:#57606a}}</style>\
</head><body><header><h1>工作台</h1><p><a href=\"/\">打开网站预览</a></p></header><main>{body}</main></body></html>",
        escape(wb.guard().token())
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
            ),
        ],
        html,
    )
        .into_response()
}
