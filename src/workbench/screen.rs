//! The page the officer opens at `/_pinpai/`, and the dispatch of the
//! workbench's requests.
//!
//! The page holds the run's token (in a `<meta>`): only a page of this
//! origin can read it, which is what makes a request carrying it one the
//! officer's own workbench made.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::access::{Action, Who};
use super::dispatch::{self, action_of, blocking, Asked, Change, Payload};
use super::{api, signin, Workbench, JSON_LIMIT, PREFIX};
use crate::diagnostics::Diagnostic;

/// Answers a request under `/_pinpai/` (the caller has matched the prefix).
pub async fn handle(wb: &Arc<Workbench>, request: Request, problems: Vec<Diagnostic>) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<crate::serve::Peer>>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0 .0.ip());
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let rest = path.strip_prefix(PREFIX).unwrap_or("").to_string();
    let body_type = match (&method, rest.as_str()) {
        (&Method::POST, "api/upload" | "api/import") => Some("application/octet-stream"),
        (&Method::POST, _) => Some("application/json"),
        _ => None,
    };
    // The Host, the origin, the content type, read-only on the LAN: for
    // every request, before anything else.
    if let Err(refusal) = wb
        .guard()
        .check(&method, request.headers(), body_type, None)
    {
        return refused(refusal);
    }
    // What can be asked before anyone is known.
    match (&method, rest.as_str()) {
        (&Method::GET, asset) if asset.starts_with("ui/") => return hardened(ui_asset(asset)),
        (&Method::GET | &Method::HEAD, "signin") if wb.needs_sign_in() => {
            return hardened(signin::page(wb, query.as_deref()));
        }
        (&Method::POST, "api/signin") if wb.needs_sign_in() => {
            let Some(bytes) = json_body(request.into_body()).await else {
                return too_large();
            };
            // At most two passwords checked at once: each argon2 check takes
            // 19 MiB and a core for a few dozen milliseconds.
            static CHECKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
            let Ok(_permit) = CHECKING.acquire().await else {
                return hardened(api::refuse(StatusCode::SERVICE_UNAVAILABLE, "请稍后再试"));
            };
            let wb = Arc::clone(wb);
            let answer = blocking(move || signin::sign_in(&wb, &bytes, address)).await;
            return hardened(answer);
        }
        _ => {}
    }
    // The form asks who else is on the page every half minute: a tab
    // left open must not keep a session from ending.
    let active = rest != "api/presence";
    let Some(who) = wb.who(request.headers(), active) else {
        let navigating = matches!(rest.as_str(), "" | "edit" | "log" | "signin");
        return hardened(if navigating && method == Method::GET {
            let wanted = match &query {
                Some(q) => format!("{path}?{q}"),
                None => path.clone(),
            };
            signin::redirect_to_sign_in(&wanted)
        } else {
            signin::not_signed_in()
        });
    };
    if rest == "signin" {
        return hardened(redirect(PREFIX));
    }
    // The pages that hold the token: given only to the browser navigating
    // to them, never to a script of the same address.
    let holds_token = matches!(rest.as_str(), "" | "edit" | "log");
    let checked = if method == Method::POST {
        wb.guard().check_token(request.headers(), who.token())
    } else if holds_token {
        wb.guard().check_navigation(request.headers())
    } else {
        Ok(())
    };
    if let Err(refusal) = checked {
        return refused(refusal);
    }
    if let (
        &Method::POST,
        "api/signout",
        Who::Signed {
            account, session, ..
        },
    ) = (&method, rest.as_str(), &who)
    {
        return hardened(signin::sign_out(wb, session, &account.name, address));
    }
    let action = action_of(&method, &rest);
    if !who.may(action) {
        let role = who.account().map_or("", |a| a.role.label());
        return hardened(api::refuse(
            StatusCode::FORBIDDEN,
            format!("你的账号（{role}）不能{}", action.what()),
        ));
    }
    let payload = match body_type {
        Some("application/json") => match json_body(request.into_body()).await {
            Some(bytes) => Payload::Json(bytes),
            None => return too_large(),
        },
        Some(_) => Payload::Stream(request.into_body()),
        None => Payload::None,
    };
    let request_json = match &payload {
        Payload::Json(bytes) => serde_json::from_slice::<serde_json::Value>(bytes).ok(),
        _ => None,
    };
    if let Some(why) = super::scope::beyond_role(
        &who,
        &rest,
        request_json.as_ref(),
        query.as_deref(),
        wb.root(),
    ) {
        return hardened(api::refuse(StatusCode::FORBIDDEN, why));
    }
    let before = dispatch::file_before(wb, &payload);
    let detail = dispatch::level_of(&payload).filter(|_| action == Action::Review);
    let asked = Asked {
        method: &method,
        rest: &rest,
        query,
        who: &who,
        problems,
    };
    let answer = dispatch::route(wb, asked, payload).await;
    let change = Change {
        who: &who,
        address,
        code: dispatch::log_code(&method, &rest),
        detail,
    };
    hardened(dispatch::logged(wb, change, before, answer).await)
}

fn refused(refusal: super::Refusal) -> Response {
    let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::FORBIDDEN);
    hardened(api::refuse(status, refusal))
}

fn too_large() -> Response {
    hardened(api::refuse(StatusCode::PAYLOAD_TOO_LARGE, "请求太大"))
}

/// A JSON request's body, read whole; `None` past [`JSON_LIMIT`].
async fn json_body(body: axum::body::Body) -> Option<axum::body::Bytes> {
    axum::body::to_bytes(body, JSON_LIMIT).await.ok()
}

fn redirect(location: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)], "").into_response()
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
        "ui/signin.js",
        "text/javascript; charset=utf-8",
        include_str!("ui/signin.js"),
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
pub(super) fn editor_page(who: &Who) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
{}<title>编辑页面 - 工作台</title>\
<link rel=\"stylesheet\" href=\"{PREFIX}ui/workbench.css\"></head>\
<body><header class=\"bar\"><a href=\"{PREFIX}\">返回工作台</a><h1 id=\"heading\">编辑页面</h1>{}</header>{OLD_BROWSER}\
<main id=\"editor\" class=\"editor\"><p role=\"status\">正在打开……</p></main>\
<script src=\"{PREFIX}ui/common.js\"></script><script src=\"{PREFIX}ui/editor.js\"></script></body></html>",
        super::list_page::who_meta(who),
        super::list_page::who_bar(who),
    );
    html_page(html)
}

/// An HTML screen of the workbench: scripts only from here, never framed.
pub(super) fn html_page(html: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
        ],
        html,
    )
        .into_response()
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
