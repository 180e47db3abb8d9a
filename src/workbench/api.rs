//! The workbench's requests (`/_pinpai/api/…`). Every one has passed the
//! [`super::Guard`] first; every change goes through [`crate::edit`].
//!
//! Answers are JSON. A refused change says why in `message` (Chinese, for
//! the officer), with the status: 400 a request the page would never make,
//! 404 no such file or version, 409 the file changed since it was opened
//! (with `now`: what is on disk), 413 too large, 422 a value that cannot be
//! written.

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{pages, Workbench, JSON_LIMIT};
use crate::diagnostics::Diagnostic;
use crate::edit::fields::{set_field, FieldValue};
use crate::edit::{EditError, Expected, Opened, SitePath};

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
    match super::form::form(wb.root(), path.as_str(), &text, &opened.digest) {
        Some(form) => match serde_json::to_value(form) {
            Ok(value) => reply(StatusCode::OK, value),
            Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e),
        },
        None => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{path} 开头没有字段区（--- 之间的部分），请在文件里直接编辑"),
        ),
    }
}

impl AboutFile for BodyRequest {
    fn path(&self) -> &str {
        &self.path
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
    let (request, path) = match parse_request::<BodyRequest>(body) {
        Ok(parsed) => parsed,
        Err(refused) => return *refused,
    };
    let opened = match opened_as(wb, &path, &request.digest) {
        Ok(o) => o,
        Err(refused) => return *refused,
    };
    let Ok(text) = std::str::from_utf8(&opened.bytes) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{path} 不是 UTF-8 文本"),
        );
    };
    let Some(new_text) = super::form::with_body(text, &request.body) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{path} 开头没有字段区（--- 之间的部分），请在文件里直接编辑"),
        );
    };
    saved(
        wb,
        &path,
        new_text.as_bytes(),
        &Expected::Digest(request.digest),
    )
}

impl AboutFile for FieldRequest {
    fn path(&self) -> &str {
        &self.path
    }
}

#[derive(Deserialize)]
struct FieldRequest {
    path: String,
    digest: String,
    key: String,
    /// A string, number, true/false, a list of strings, or null (remove).
    value: Value,
}

/// `POST api/field`: one front-matter field set in place.
pub fn field(wb: &Workbench, body: &[u8]) -> Response {
    let (request, path) = match parse_request::<FieldRequest>(body) {
        Ok(parsed) => parsed,
        Err(refused) => return *refused,
    };
    let Some(value) = field_value(&request.value) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            format!("字段 {} 的值不是文字、数字、是否或文字列表", request.key),
        );
    };
    if !is_field_key(&request.key) {
        return refuse(
            StatusCode::BAD_REQUEST,
            format!("“{}”不是字段名", request.key),
        );
    }
    let opened = match opened_as(wb, &path, &request.digest) {
        Ok(o) => o,
        Err(refused) => return *refused,
    };
    let Ok(text) = std::str::from_utf8(&opened.bytes) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{path} 不是 UTF-8 文本"),
        );
    };
    let new_text = match set_field(text, &request.key, &value) {
        Ok(t) => t,
        Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, e),
    };
    saved(
        wb,
        &path,
        new_text.as_bytes(),
        &Expected::Digest(request.digest),
    )
}

impl AboutFile for SaveRequest {
    fn path(&self) -> &str {
        &self.path
    }
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

impl AboutFile for DeleteRequest {
    fn path(&self) -> &str {
        &self.path
    }
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

impl AboutFile for RestoreRequest {
    fn path(&self) -> &str {
        &self.path
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

/// `POST api/upload?folder=…&name=…`: a photo, video or attachment beside a
/// page, streamed to disk (never held whole in memory), under its own name
/// made safe and never over another file: `现场.jpg`, `现场-2.jpg` ….
pub async fn upload(wb: &Workbench, query: Option<&str>, body: Body) -> Response {
    let params = query_params(query.unwrap_or(""));
    let (Some(folder), Some(name)) = (params.get("folder"), params.get("name")) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "上传要写明文件夹（folder）和文件名（name）",
        );
    };
    let folder = match SitePath::parse(folder) {
        Ok(f) if f.as_str().starts_with("content/") || f.as_str() == "content" => f,
        Ok(f) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!("只能上传到 content 里的页面旁边（这里是 {f}）"),
            )
        }
        Err(e) => return refuse(StatusCode::BAD_REQUEST, e),
    };
    let name = safe_file_name(name);
    if let Some(why) = not_an_attachment(&name) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, why);
    }
    let folder_on_disk = match folder.on_disk(wb.root()) {
        Ok(p) => p,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, e),
    };
    if let Err(e) = std::fs::create_dir_all(&folder_on_disk) {
        return refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("无法创建文件夹 {folder}：{e}"),
        );
    }
    let temp = match tempfile::Builder::new()
        .prefix(".pinpai-upload-")
        .tempfile_in(&folder_on_disk)
    {
        Ok(t) => t,
        Err(e) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法写入 {folder}：{e}"),
            )
        }
    };
    if let Err(response) = stream_into(body, temp.as_file(), wb.upload_limit()).await {
        return response; // the temporary file goes with `temp`
    }
    match wb.editor().adopt(&folder, &name, temp) {
        Ok(path) => reply(
            StatusCode::CREATED,
            json!({ "path": path.as_str(), "name": path.as_str().rsplit('/').next() }),
        ),
        Err(e) => edit_error(e),
    }
}

/// What may be uploaded beside a page: photos, video, sound and the
/// documents an office attaches. Anything else is refused: a Markdown file
/// would become a page (import makes pages), and a web page, SVG or script
/// opened from the preview could act on this same address.
const ATTACHMENTS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "avif", "bmp", "tif", "tiff", "mp4",
    "m4v", "mov", "webm", "mp3", "m4a", "wav", "ogg", "pdf", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "wps", "et", "dps", "ofd", "txt", "csv", "zip", "rar", "7z",
];

fn not_an_attachment(name: &str) -> Option<String> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if ATTACHMENTS.contains(&extension.as_str()) {
        return None;
    }
    Some(match extension.as_str() {
        "md" | "markdown" => format!(
            "{name} 是页面文件，不能作为附件上传：新建页面请用“新建”，Word 和公众号文章请用“导入”"
        ),
        _ => format!(
            "{name} 不能作为附件上传：可以上传照片、视频、音频、PDF、Word、Excel、PPT、WPS 文件和压缩包"
        ),
    })
}

/// Copies the request body into `file`, refusing beyond `limit` bytes.
async fn stream_into(body: Body, file: &std::fs::File, limit: u64) -> Result<(), Response> {
    use std::io::Write;
    let mut stream = body.into_data_stream();
    let mut written: u64 = 0;
    let mut out = std::io::BufWriter::new(file);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| refuse(StatusCode::BAD_REQUEST, format!("上传中断：{e}")))?;
        written += chunk.len() as u64;
        if written > limit {
            return Err(refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("文件太大：上限是 {} MB", limit / 1024 / 1024),
            ));
        }
        out.write_all(&chunk)
            .map_err(|e| refuse(StatusCode::INTERNAL_SERVER_ERROR, format!("无法写入：{e}")))?;
    }
    out.flush()
        .map_err(|e| refuse(StatusCode::INTERNAL_SERVER_ERROR, format!("无法写入：{e}")))?;
    Ok(())
}

/// A file name that is safe on Windows and Linux, keeping what it can of
/// the original: characters Windows refuses become `_`, a device name gets
/// a `_` in front, trailing dots and spaces go.
pub fn safe_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut safe: String = last
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    safe = safe.trim_end_matches(['.', ' ']).trim_start().to_string();
    if safe.is_empty() || safe.starts_with('.') {
        safe = format!("文件{safe}");
    }
    if crate::edit::SitePath::parse(&format!("content/{safe}")).is_err() {
        safe = format!("_{safe}");
    }
    safe
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
fn query_params(query: &str) -> std::collections::HashMap<String, String> {
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

/// A value as a form sends it.
fn field_value(value: &Value) -> Option<FieldValue> {
    Some(match value {
        Value::Null => FieldValue::Remove,
        Value::String(s) => FieldValue::Text(s.clone()),
        Value::Bool(b) => FieldValue::Bool(*b),
        Value::Number(n) => FieldValue::Number(n.as_f64()?),
        Value::Array(items) => FieldValue::List(
            items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()?,
        ),
        Value::Object(_) => return None,
    })
}

/// A top-level key as front matter writes them.
fn is_field_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_beyond_the_limit_is_refused_as_it_arrives() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let file = tempfile::tempfile().unwrap();
        let big = Body::from(vec![7u8; 3 * 1024 * 1024]);
        let refused = runtime.block_on(stream_into(big, &file, 1024 * 1024));
        assert_eq!(refused.unwrap_err().status(), StatusCode::PAYLOAD_TOO_LARGE);
        // Refused at the limit: not the whole upload written first.
        assert!(file.metadata().unwrap().len() <= 1024 * 1024);
        let small = Body::from(vec![7u8; 1000]);
        assert!(runtime
            .block_on(stream_into(small, &file, 1024 * 1024))
            .is_ok());
    }

    #[test]
    fn uploaded_names_are_kept_where_safe() {
        assert_eq!(safe_file_name("现场 1.jpg"), "现场 1.jpg");
        assert_eq!(
            safe_file_name(r"C:\Users\王芳\Desktop\合影.jpg"),
            "合影.jpg"
        );
        assert_eq!(safe_file_name("../../site.yaml"), "site.yaml");
        assert_eq!(safe_file_name("a:b?.jpg"), "a_b_.jpg");
        assert_eq!(safe_file_name("CON.txt"), "_CON.txt");
        assert_eq!(safe_file_name("报告.docx. "), "报告.docx");
        assert_eq!(safe_file_name(".htaccess"), "文件.htaccess");
        assert_eq!(safe_file_name(""), "文件");
        assert_eq!(safe_file_name("a\0b.jpg"), "a_b.jpg");
    }
}
