//! The workbench's requests (`/_pinpai/api/…`). Every one has passed the
//! [`super::Guard`] first; every change goes through [`crate::edit`].
//!
//! Answers are JSON. A refused change says why in `message` (Chinese, for
//! the officer), with the status: 400 a request the page would never make,
//! 404 no such file or version, 409 the file changed since it was opened
//! (with `now`: what is on disk), 413 too large, 422 a value that cannot be
//! written.

mod create;
mod files;
mod paste;
mod publish;
mod upload;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::{pages, Workbench};
use crate::diagnostics::Diagnostic;
use crate::edit::{EditError, Expected, Opened, SitePath};

pub use create::{import, new_page};
pub use files::{body, delete, edit, field, file, form, history, problems, restore, save};
pub use paste::paste;
pub use publish::{package, review};
pub use upload::{safe_file_name, upload};

/// A JSON answer.
pub fn reply(status: StatusCode, value: Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        value.to_string(),
    )
        .into_response()
}

/// A refusal with its message.
pub fn refuse(status: StatusCode, message: impl std::fmt::Display) -> Response {
    reply(status, json!({ "message": message.to_string() }))
}

/// `GET api/pages`.
pub fn page_list(wb: &Workbench, problems: &[Diagnostic]) -> Response {
    let list = pages::list(wb.root(), problems);
    match serde_json::to_value(list) {
        Ok(value) => reply(StatusCode::OK, value),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

/// `POST api/drafts` `{"show": true}`: the preview with drafts or without
/// (button 预览草稿); answers with the choice now in force.
pub fn show_drafts(wb: &Workbench, body: &[u8]) -> Response {
    #[derive(serde::Deserialize)]
    struct Wanted {
        show: bool,
    }
    let wanted: Wanted = match serde_json::from_slice(body) {
        Ok(w) => w,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, format!("请求的格式不对：{e}")),
    };
    wb.drafts().show(wanted.show);
    reply(
        StatusCode::OK,
        json!({ "drafts_shown": wb.drafts().shown() }),
    )
}

/// `GET api/presence?path=…`: this form is open; who else has the page
/// open now (signed-in people only: on this PC without accounts there is
/// nobody else).
pub fn presence(wb: &Workbench, query: Option<&str>, who: &super::access::Who) -> Response {
    let path = match path_param(query) {
        Ok(p) => p,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, why),
    };
    let others = match who {
        super::access::Who::Signed {
            account, session, ..
        } => wb.presence().here(
            path.as_str(),
            session,
            &account.name,
            std::time::Instant::now(),
        ),
        super::access::Who::Local { .. } => Vec::new(),
    };
    reply(StatusCode::OK, json!({ "others": others }))
}

/// Saves and answers with the new digest, or the conflict.
fn saved(wb: &Workbench, path: &SitePath, bytes: &[u8], expected: &Expected) -> Response {
    match wb.editor().save(path, bytes, expected) {
        Ok(s) => reply(
            StatusCode::OK,
            json!({ "path": path.as_str(), "digest": s.digest, "kept": s.kept.map(|v| v.id) }),
        ),
        Err(e) => edit_error(e),
    }
}

fn edit_error(e: EditError) -> Response {
    match e {
        EditError::Conflict { ref path, ref now } => conflict_json(path, now.as_ref()),
        EditError::Path(p) => refuse(StatusCode::BAD_REQUEST, p),
        EditError::NoSuchVersion { .. } => refuse(StatusCode::NOT_FOUND, e),
        EditError::Io { .. } => refuse(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

/// 409 with what is on disk now, to show beside the officer's version.
fn conflict_json(path: &SitePath, now: Option<&Opened>) -> Response {
    let message = EditError::Conflict {
        path: path.clone(),
        now: now.cloned(),
    }
    .to_string();
    reply(
        StatusCode::CONFLICT,
        json!({
            "message": message,
            "now": now.map(|o| opened_json(path, o)),
        }),
    )
}

fn opened_json(path: &SitePath, opened: &Opened) -> Value {
    json!({
        "path": path.as_str(),
        "digest": opened.digest,
        "text": String::from_utf8_lossy(&opened.bytes),
    })
}

/// A request about one file.
trait AboutFile {
    fn path(&self) -> &str;
}

/// Requests whose file is their `path` field.
macro_rules! about_file {
    ($($request:ty),*) => {$(
        impl crate::workbench::api::AboutFile for $request {
            fn path(&self) -> &str {
                &self.path
            }
        }
    )*};
}
use about_file;

/// A JSON request (read whole, at most [`JSON_LIMIT`] bytes, by the
/// caller) and the file it is about, proven inside the site.
fn parse_request<T>(bytes: &[u8]) -> Result<(T, SitePath), Box<Response>>
where
    T: serde::de::DeserializeOwned + AboutFile,
{
    let request: T = serde_json::from_slice(bytes).map_err(|e| {
        Box::new(refuse(
            StatusCode::BAD_REQUEST,
            format!("请求的格式不对：{e}"),
        ))
    })?;
    let path = SitePath::parse(request.path())
        .map_err(|e| Box::new(refuse(StatusCode::BAD_REQUEST, e)))?;
    Ok((request, path))
}

/// The file, if it is still as it was opened (`digest`); else the 409.
fn opened_as(wb: &Workbench, path: &SitePath, digest: &str) -> Result<Opened, Box<Response>> {
    match wb.editor().open(path) {
        Ok(Some(o)) if o.digest == digest => Ok(o),
        Ok(now) => Err(Box::new(conflict_json(path, now.as_ref()))),
        Err(e) => Err(Box::new(edit_error(e))),
    }
}

/// The `path` of a query; why not, as the 400 answer says it.
fn path_param(query: Option<&str>) -> Result<SitePath, String> {
    let params = query_params(query.unwrap_or(""));
    let raw = params.get("path").ok_or("没有写明文件（path）")?;
    SitePath::parse(raw).map_err(|e| e.to_string())
}

/// `a=1&b=%E6%9D%9C` → its pairs, decoded (`+` is a space, as forms send).
pub(crate) fn query_params(query: &str) -> std::collections::HashMap<String, String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}
