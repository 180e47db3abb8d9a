//! Reading and changing one text file: its text, its form, a field, its
//! body, the whole file, a delete, its history and a restore.

use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    about_file, edit_error, opened_as, opened_json, parse_request, path_param, refuse, reply, saved,
};
use crate::diagnostics::Diagnostic;
use crate::edit::fields::{set_field, FieldValue, Honor};
use crate::edit::{Expected, SitePath};
use crate::workbench::{Workbench, JSON_LIMIT};

about_file!(
    BodyRequest,
    FieldRequest,
    EditRequest,
    SaveRequest,
    DeleteRequest,
    RestoreRequest
);

/// `GET api/file?path=…`: the text and its digest, which a save sends back.
pub fn file(wb: &Workbench, query: Option<&str>) -> Response {
    let path = match path_param(query) {
        Ok(p) => p,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, why),
    };
    match wb.editor().open(&path) {
        Ok(Some(opened)) => match not_editable_text(&path, &opened.bytes) {
            Some(why) => refuse(StatusCode::UNPROCESSABLE_ENTITY, why),
            None => reply(StatusCode::OK, opened_json(&path, &opened)),
        },
        Ok(None) => refuse(StatusCode::NOT_FOUND, format!("找不到 {path}")),
        Err(e) => edit_error(e),
    }
}

/// Why a file cannot be edited as text here: too big to send whole, or not
/// UTF-8 (a GBK file from an old Notepad would come back with its Chinese
/// replaced).
fn not_editable_text(path: &SitePath, bytes: &[u8]) -> Option<String> {
    if bytes.len() > JSON_LIMIT / 2 {
        return Some(format!("{path} 太大，不能在工作台里编辑"));
    }
    std::str::from_utf8(bytes).is_err().then(|| {
        format!(
            "{path} 不是 UTF-8 编码，不能在工作台里编辑：请用记事本打开，“另存为”时编码选 UTF-8"
        )
    })
}

/// `GET api/problems?path=…`: the last build's errors and warnings about
/// the file, each with the field its line is in (none for the body).
pub fn problems(wb: &Workbench, query: Option<&str>, all: &[Diagnostic]) -> Response {
    let path = match path_param(query) {
        Ok(p) => p,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, why),
    };
    let text = match wb.editor().open(&path) {
        Ok(Some(opened)) => String::from_utf8_lossy(&opened.bytes).into_owned(),
        Ok(None) => String::new(),
        Err(e) => return edit_error(e),
    };
    let problems: Vec<Value> = all
        .iter()
        .filter(|d| d.path == path.as_str())
        .map(|d| {
            json!({
                "line": d.line,
                "error": d.level == crate::diagnostics::Level::Error,
                "message": d.message,
                "field": crate::workbench::form::field_of_message(&text, d.line, &d.message),
            })
        })
        .collect();
    reply(
        StatusCode::OK,
        json!({ "path": path.as_str(), "problems": problems }),
    )
}

/// `GET api/history?path=…`: the kept versions, newest first.
pub fn history(wb: &Workbench, query: Option<&str>) -> Response {
    let path = match path_param(query) {
        Ok(p) => p,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, why),
    };
    match wb.editor().versions(&path) {
        Ok(versions) => reply(
            StatusCode::OK,
            json!({
                "path": path.as_str(),
                "versions": versions.iter().map(|v| json!({
                    "id": v.id, "saved": v.saved, "bytes": v.bytes
                })).collect::<Vec<_>>(),
            }),
        ),
        Err(e) => edit_error(e),
    }
}

/// `GET api/form?path=…`: the page as its form shows it.
pub fn form(wb: &Workbench, query: Option<&str>) -> Response {
    let path = match path_param(query) {
        Ok(p) => p,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, why),
    };
    let opened = match wb.editor().open(&path) {
        Ok(Some(o)) => o,
        Ok(None) => return refuse(StatusCode::NOT_FOUND, format!("找不到 {path}")),
        Err(e) => return edit_error(e),
    };
    if let Some(why) = not_editable_text(&path, &opened.bytes) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, why);
    }
    let text = String::from_utf8_lossy(&opened.bytes);
    match crate::workbench::form::form(wb.root(), path.as_str(), &text, &opened.digest) {
        Some(form) => match serde_json::to_value(form) {
            Ok(mut value) => {
                // The editor offers 预览草稿 for a draft when they are hidden.
                value["drafts_shown"] = wb.drafts().shown().into();
                reply(StatusCode::OK, value)
            }
            Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e),
        },
        None => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{path} 开头没有字段区（--- 之间的部分），请在文件里直接编辑"),
        ),
    }
}

#[derive(Deserialize)]
struct BodyRequest {
    path: String,
    digest: String,
    body: String,
}

/// `POST api/body`: the body replaced, the front matter kept byte for byte.
pub fn body(wb: &Workbench, body: &[u8]) -> Response {
    match parse_request::<BodyRequest>(body) {
        Ok((request, path)) => apply_edit(wb, &path, request.digest, &[], Some(&request.body)),
        Err(refused) => *refused,
    }
}

#[derive(Deserialize)]
struct FieldRequest {
    path: String,
    digest: String,
    #[serde(flatten)]
    change: FieldChange,
}

/// `POST api/field`: one front-matter field set in place.
pub fn field(wb: &Workbench, body: &[u8]) -> Response {
    match parse_request::<FieldRequest>(body) {
        Ok((request, path)) => apply_edit(wb, &path, request.digest, &[request.change], None),
        Err(refused) => *refused,
    }
}

#[derive(Deserialize)]
struct EditRequest {
    path: String,
    digest: String,
    /// Fields in the order the form shows them.
    #[serde(default)]
    fields: Vec<FieldChange>,
    /// The new body, when it was changed.
    body: Option<String>,
}

#[derive(Deserialize)]
struct FieldChange {
    key: String,
    /// A string, number, true/false, a list of strings, or null (remove).
    value: Value,
}

/// `POST api/edit`: what 保存 sends — every changed field set in place and
/// the body, if changed, replaced; written in one save, so one previous
/// version is kept and one rebuild follows, and a refused field leaves the
/// file as it was.
pub fn edit(wb: &Workbench, body: &[u8]) -> Response {
    match parse_request::<EditRequest>(body) {
        Ok((request, path)) => apply_edit(
            wb,
            &path,
            request.digest,
            &request.fields,
            request.body.as_deref(),
        ),
        Err(refused) => *refused,
    }
}

/// Fields set in place in order, then the body replaced, then one save
/// against the digest the page was opened with. A request that names no
/// field or gives a value no field can take is refused before the file is
/// read.
fn apply_edit(
    wb: &Workbench,
    path: &SitePath,
    digest: String,
    fields: &[FieldChange],
    body: Option<&str>,
) -> Response {
    if fields.is_empty() && body.is_none() {
        return refuse(StatusCode::BAD_REQUEST, "没有要保存的改动");
    }
    let mut values = Vec::with_capacity(fields.len());
    for change in fields {
        let Some(value) = field_value(&change.value) else {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("字段 {} 的值不是文字、数字、是否或文字列表", change.key),
            );
        };
        if !is_field_key(&change.key) {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("“{}”不是字段名", change.key),
            );
        }
        values.push((change.key.as_str(), value));
    }
    let opened = match opened_as(wb, path, &digest) {
        Ok(o) => o,
        Err(refused) => return *refused,
    };
    let Ok(text) = std::str::from_utf8(&opened.bytes) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{path} 不是 UTF-8 文本"),
        );
    };
    let mut new_text = text.to_string();
    for (key, value) in &values {
        new_text = match set_field(&new_text, key, value) {
            Ok(t) => t,
            Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, e),
        };
    }
    if let Some(body) = body {
        let Some(with_body) = crate::workbench::form::with_body(&new_text, body) else {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{path} 开头没有字段区（--- 之间的部分），请在文件里直接编辑"),
            );
        };
        new_text = with_body;
    }
    saved(wb, path, new_text.as_bytes(), &Expected::Digest(digest))
}

#[derive(Deserialize)]
struct SaveRequest {
    path: String,
    /// `null` for a new file.
    digest: Option<String>,
    text: String,
}

/// `POST api/save`: a whole text file (the body editor), or a new page.
pub fn save(wb: &Workbench, body: &[u8]) -> Response {
    let (request, path) = match parse_request::<SaveRequest>(body) {
        Ok(parsed) => parsed,
        Err(refused) => return *refused,
    };
    let expected = request.digest.map_or(Expected::Nothing, Expected::Digest);
    // The file's own line ends kept (a browser sends LF): Notepad on
    // Windows 7 shows an LF-only file as one line.
    let text = match wb.editor().open(&path) {
        Ok(Some(old)) => {
            if let Some(why) = not_editable_text(&path, &old.bytes) {
                return refuse(StatusCode::UNPROCESSABLE_ENTITY, why);
            }
            if old.bytes.windows(2).any(|w| w == b"\r\n") {
                request.text.replace("\r\n", "\n").replace('\n', "\r\n")
            } else {
                request.text
            }
        }
        Ok(None) => request.text,
        Err(e) => return edit_error(e),
    };
    saved(wb, &path, text.as_bytes(), &expected)
}

#[derive(Deserialize)]
struct DeleteRequest {
    path: String,
    digest: String,
}

/// `POST api/delete`: to the 回收站.
pub fn delete(wb: &Workbench, body: &[u8]) -> Response {
    let (request, path) = match parse_request::<DeleteRequest>(body) {
        Ok(parsed) => parsed,
        Err(refused) => return *refused,
    };
    match wb.editor().delete(&path, &Expected::Digest(request.digest)) {
        Ok(moved) => reply(
            StatusCode::OK,
            json!({
                "path": path.as_str(),
                "trash": crate::paths::relative(wb.root(), &moved),
                "message": format!("已把 {path} 移到回收站（.pinpai/回收站），可以恢复"),
            }),
        ),
        Err(e) => edit_error(e),
    }
}

#[derive(Deserialize)]
struct RestoreRequest {
    path: String,
    id: String,
    /// What is there now (`null`: the file was deleted).
    digest: Option<String>,
}

/// `POST api/restore`: a kept version back in place.
pub fn restore(wb: &Workbench, body: &[u8]) -> Response {
    let (request, path) = match parse_request::<RestoreRequest>(body) {
        Ok(parsed) => parsed,
        Err(refused) => return *refused,
    };
    let expected = request.digest.map_or(Expected::Nothing, Expected::Digest);
    match wb.editor().restore(&path, &request.id, &expected) {
        Ok(s) => reply(
            StatusCode::OK,
            json!({ "path": path.as_str(), "digest": s.digest }),
        ),
        Err(e) => edit_error(e),
    }
}

/// A value as a form sends it.
fn field_value(value: &Value) -> Option<FieldValue> {
    Some(match value {
        Value::Null => FieldValue::Remove,
        Value::String(s) => FieldValue::Text(s.clone()),
        Value::Bool(b) => FieldValue::Bool(*b),
        Value::Number(n) => FieldValue::Number(n.as_f64()?),
        Value::Array(items) if items.iter().any(Value::is_object) => {
            FieldValue::Honors(items.iter().map(honor).collect::<Option<Vec<_>>>()?)
        }
        Value::Array(items) => FieldValue::List(
            items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()?,
        ),
        Value::Object(_) => return None,
    })
}

/// `{year, title}` (the year may be left out), as the honours field sends it.
fn honor(item: &Value) -> Option<Honor> {
    let map = item.as_object()?;
    if map.keys().any(|k| k != "year" && k != "title") {
        return None;
    }
    let title = map.get("title")?.as_str()?.trim().to_string();
    let year = match map.get("year") {
        None | Some(Value::Null) => None,
        Some(y) => Some(y.as_i64()?),
    };
    (!title.is_empty()).then_some(Honor { year, title })
}

/// A top-level key as front matter writes them.
fn is_field_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}
