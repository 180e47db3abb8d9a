//! The workbench's requests, once the guard has let them through and the
//! one asking is known: what each asks to do ([`action_of`]), its answer
//! ([`route`]), and the line each change adds to `.pinpai/log.jsonl`
//! ([`logged`]).

use std::net::IpAddr;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::Value;

use super::access::{Action, Who};
use super::{api, pages, Workbench};
use crate::accounts::log;
use crate::diagnostics::Diagnostic;
use crate::edit::SitePath;

/// What a request to `rest` (the path after `/_pinpai/`) does.
pub fn action_of(method: &Method, rest: &str) -> Action {
    if !matches!(*method, Method::POST) {
        return if rest == "log" {
            Action::Log
        } else {
            Action::Read
        };
    }
    match rest {
        "api/new" | "api/import" => Action::Create,
        "api/field" | "api/save" | "api/body" | "api/edit" | "api/paste" => Action::Edit,
        "api/upload" => Action::Upload,
        "api/delete" => Action::Delete,
        "api/restore" => Action::Restore,
        "api/review" => Action::Review,
        "api/package" => Action::Package,
        "api/drafts" => Action::Drafts,
        // Signing out, and requests that name nothing: anyone signed in
        // (the route then says there is no such thing).
        _ => Action::Read,
    }
}

/// What a request brought: its JSON, read whole, or the stream of a file.
pub enum Payload {
    Json(Bytes),
    Stream(Body),
    None,
}

/// One request, its asker known and allowed.
pub struct Asked<'a> {
    pub method: &'a Method,
    pub rest: &'a str,
    pub query: Option<String>,
    pub who: &'a Who,
    pub problems: Vec<Diagnostic>,
}

/// The answer to a request.
pub async fn route(wb: &Arc<Workbench>, asked: Asked<'_>, payload: Payload) -> Response {
    let Asked {
        method,
        rest,
        query,
        who,
        problems,
    } = asked;
    let today = today();
    match (method, rest, payload) {
        (&Method::GET | &Method::HEAD, "", _) => {
            let (wb, who) = (Arc::clone(wb), who.clone());
            blocking(move || super::list_page::page(&pages::list(wb.root(), &problems), &who)).await
        }
        (&Method::GET | &Method::HEAD, "edit", _) => super::screen::editor_page(who),
        (&Method::GET, "api/pages", _) => {
            let wb = Arc::clone(wb);
            blocking(move || api::page_list(&wb, &problems)).await
        }
        (&Method::GET, "api/presence", _) => api::presence(wb, query.as_deref(), who),
        (&Method::GET | &Method::HEAD, "log", _) => {
            let (wb, who) = (Arc::clone(wb), who.clone());
            blocking(move || super::log_page::page(&wb, &who)).await
        }
        (&Method::GET, "api/form" | "api/file" | "api/history" | "api/problems", _) => {
            let (wb, rest) = (Arc::clone(wb), rest.to_string());
            blocking(move || match rest.as_str() {
                "api/form" => api::form(&wb, query.as_deref()),
                "api/file" => api::file(&wb, query.as_deref()),
                "api/problems" => api::problems(&wb, query.as_deref(), &problems),
                _ => api::history(&wb, query.as_deref()),
            })
            .await
        }
        (&Method::POST, "api/upload", Payload::Stream(body)) => {
            api::upload(wb, query.as_deref(), body).await
        }
        (&Method::POST, "api/import", Payload::Stream(body)) => {
            api::import(wb, query.as_deref(), body, &today).await
        }
        (&Method::POST, "api/package", _) => {
            let wb = Arc::clone(wb);
            blocking(move || api::package(&wb, &today)).await
        }
        (&Method::POST, rest, Payload::Json(bytes)) if rest.starts_with("api/") => {
            let (wb, rest, who) = (Arc::clone(wb), rest.to_string(), who.clone());
            blocking(move || match rest.as_str() {
                "api/field" => api::field(&wb, &bytes),
                "api/save" => api::save(&wb, &bytes),
                "api/body" => api::body(&wb, &bytes),
                "api/delete" => api::delete(&wb, &bytes),
                "api/new" => api::new_page(&wb, &bytes, &today),
                "api/review" => api::review(&wb, &bytes, &today, &who),
                "api/paste" => api::paste(&wb, &bytes),
                "api/drafts" => api::show_drafts(&wb, &bytes),
                "api/edit" => api::edit(&wb, &bytes),
                "api/restore" => api::restore(&wb, &bytes),
                _ => api::refuse(StatusCode::NOT_FOUND, "工作台没有这个地址"),
            })
            .await
        }
        (&Method::GET | &Method::HEAD, _, _) => {
            api::refuse(StatusCode::NOT_FOUND, "工作台没有这个地址")
        }
        _ => api::refuse(StatusCode::METHOD_NOT_ALLOWED, "工作台不接受这种请求"),
    }
}

/// The day as review steps and new pages record it.
fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// Runs `work` on the blocking pool: the file work never runs on the two
/// threads that answer every request of the preview (a save on a network
/// share can take seconds).
pub async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| api::refuse(StatusCode::INTERNAL_SERVER_ERROR, "工作台内部出错"))
}

/// The file a JSON request is about (its `path`) and its digest now.
pub fn file_before(wb: &Workbench, payload: &Payload) -> Option<(String, String)> {
    let Payload::Json(bytes) = payload else {
        return None;
    };
    let value: Value = serde_json::from_slice(bytes).ok()?;
    let path = value.get("path")?.as_str()?.to_string();
    let digest = digest_now(wb, &path);
    Some((path, digest))
}

/// The digest of a site file now; empty when it is not there.
fn digest_now(wb: &Workbench, path: &str) -> String {
    SitePath::parse(path)
        .ok()
        .and_then(|p| wb.editor().open(&p).ok().flatten())
        .map(|o| o.digest)
        .unwrap_or_default()
}

/// A change, once made (a success answer), written to the log; the
/// answer passed on unchanged.
pub async fn logged(
    wb: &Arc<Workbench>,
    change: Change<'_>,
    before: Option<(String, String)>,
    response: Response,
) -> Response {
    let code = change.code;
    if code.is_empty() || !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, super::JSON_LIMIT)
        .await
        .unwrap_or_default();
    let answer: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let answered_path = answer.get("path").and_then(Value::as_str);
    let (file, before_digest) = match (before, answered_path) {
        (Some((path, digest)), _) => (path, digest),
        (None, Some(path)) => (path.to_string(), String::new()),
        (None, None) => (String::new(), String::new()),
    };
    let detail = change.detail.unwrap_or_else(|| {
        answer
            .get("zip")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    });
    let entry = log::Entry {
        time: log::now(),
        account: change.who.log_name().to_string(),
        address: change.address.to_string(),
        action: code.to_string(),
        after: if file.is_empty() {
            String::new()
        } else {
            digest_now(wb, &file)
        },
        file,
        before: before_digest,
        detail,
    };
    if let Err(e) = log::append(wb.root(), &entry) {
        eprintln!("警告：写不进操作记录 .pinpai/log.jsonl：{e}");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// What `.pinpai/log.jsonl` calls the change a request to `rest` makes
/// (see [`log::ACTIONS`]); empty for one that changes nothing.
pub fn log_code(method: &Method, rest: &str) -> &'static str {
    if *method != Method::POST {
        return "";
    }
    match rest {
        "api/new" => "new",
        "api/import" => "import",
        "api/field" | "api/save" | "api/body" | "api/edit" => "edit",
        "api/paste" => "paste",
        "api/upload" => "upload",
        "api/delete" => "delete",
        "api/restore" => "restore",
        "api/review" => "review",
        "api/package" => "package",
        "api/drafts" => "drafts",
        _ => "",
    }
}

/// Who made a change, from where, and what it was.
pub struct Change<'a> {
    pub who: &'a Who,
    pub address: IpAddr,
    /// Its code in the log ([`log_code`]).
    pub code: &'static str,
    /// The review level; else the zip's name is taken from the answer.
    pub detail: Option<String>,
}

/// The review level a JSON request names.
pub fn level_of(payload: &Payload) -> Option<String> {
    let Payload::Json(bytes) = payload else {
        return None;
    };
    let value: Value = serde_json::from_slice(bytes).ok()?;
    value.get("level")?.as_str().map(str::to_string)
}
