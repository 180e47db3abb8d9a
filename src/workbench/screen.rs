//! The page the officer opens at `/_pinpai/`, and the dispatch of the
//! workbench's requests.
//!
//! The page holds the run's token (in a `<meta>`): only a page of this
//! origin can read it, which is what makes a request carrying it one the
//! officer's own workbench made.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::pages::{self, PageList};
use super::{api, Workbench, PREFIX};
use crate::diagnostics::Diagnostic;
use crate::html::escape;

/// Answers a request under `/_pinpai/` (the caller has matched the prefix).
pub async fn handle(wb: &Workbench, request: Request, problems: Vec<Diagnostic>) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let rest = path.strip_prefix(PREFIX).unwrap_or("");
    let body_type = match (&method, rest) {
        (&Method::POST, "api/upload") => Some("application/octet-stream"),
        (&Method::POST, _) => Some("application/json"),
        _ => None,
    };
    if let Err(refusal) = wb.guard().check(&method, request.headers(), body_type) {
        let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::FORBIDDEN);
        return api::refuse(status, refusal);
    }
    let body = request.into_body();
    let response = match (&method, rest) {
        (&Method::GET | &Method::HEAD, "") => page(wb, &pages::list(wb.root(), &problems)),
        (&Method::GET, "api/pages") => api::page_list(wb, &problems),
        (&Method::GET, "api/file") => api::file(wb, query.as_deref()),
        (&Method::GET, "api/history") => api::history(wb, query.as_deref()),
        (&Method::POST, "api/field") => api::field(wb, body).await,
        (&Method::POST, "api/save") => api::save(wb, body).await,
        (&Method::POST, "api/delete") => api::delete(wb, body).await,
        (&Method::POST, "api/restore") => api::restore(wb, body).await,
        (&Method::POST, "api/upload") => api::upload(wb, query.as_deref(), body).await,
        (&Method::GET | &Method::HEAD, _) => {
            api::refuse(StatusCode::NOT_FOUND, "工作台没有这个地址")
        }
        _ => api::refuse(StatusCode::METHOD_NOT_ALLOWED, "工作台不接受这种请求"),
    };
    hardened(response)
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
    ] {
        headers.insert(name, header::HeaderValue::from_static(value));
    }
    response
}

/// The workbench's first screen: every page by section with its state and
/// problems, each linked to its preview.
fn page(wb: &Workbench, list: &PageList) -> Response {
    let mut body = String::new();
    if !wb.guard().writable() {
        body.push_str("<p class=\"notice\" role=\"status\">预览开放给了局域网，还没有设置账号：工作台只能查看，不能修改。</p>");
    }
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
                "<li><a href=\"{}\">{}</a> <span class=\"state\">{}</span> <code>{}</code>{}</li>",
                escape(&page.url),
                escape(&page.title),
                escape(&page.state),
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
