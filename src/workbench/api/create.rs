//! New pages: from the form's kind and title (`pinpai new`), or from a
//! dropped Word draft, saved WeChat article or ledger (`pinpai import`).

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::upload::{safe_file_name, stream_into};
use super::{edit_error, query_params, refuse, reply};
use crate::edit::{Expected, SitePath};
use crate::scaffold::{self, NewKind};
use crate::workbench::Workbench;

#[derive(Deserialize)]
struct NewRequest {
    /// A kind (`branch`, `member`, `volunteer`, `page`) or a section folder.
    kind: String,
    title: String,
}

/// `POST api/new`: a page with every field of its kind, as `pinpai new`
/// writes it, through the editor (never over another file).
pub fn new_page(wb: &Workbench, body: &[u8], today: &str) -> Response {
    let request: NewRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, format!("请求的格式不对：{e}")),
    };
    let planned = NewKind::parse(wb.root(), &request.kind)
        .and_then(|kind| scaffold::plan_new_page(wb.root(), &kind, &request.title, today));
    let planned = match planned {
        Ok(p) => p,
        Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, new_page_message(&e)),
    };
    let path = match SitePath::parse(&planned.path) {
        Ok(p) => p,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, e),
    };
    let file = wb.root().join(path.as_str());
    let bytes = crate::textfile::for_this_system(&file, planned.text.as_bytes());
    match wb.editor().save(&path, &bytes, &Expected::Nothing) {
        Ok(saved) => reply(
            StatusCode::CREATED,
            json!({
                "path": path.as_str(),
                "digest": saved.digest,
                "message": format!("已新建 {}：它还是草稿，填好后把“草稿”取消勾选", path),
            }),
        ),
        Err(e) => edit_error(e),
    }
}

/// `pinpai new`'s message, with what the workbench calls things: a title
/// field rather than a command's argument.
fn new_page_message(e: &scaffold::ScaffoldError) -> String {
    match e {
        scaffold::ScaffoldError::EmptyTitle => "请先填写标题".to_string(),
        other => other.to_string(),
    }
}

/// What a dropped file is.
enum Dropped {
    /// A Word draft or a saved WeChat article: a new page.
    Document,
    /// A volunteer ledger: kept in `data/volunteer/`, each row a record.
    Ledger,
}

fn dropped_kind(name: &str) -> Option<Dropped> {
    let lower = name.to_lowercase();
    if lower.ends_with(".xlsx") || lower.ends_with(".csv") {
        Some(Dropped::Ledger)
    } else if crate::import::is_document(std::path::Path::new(&lower)) {
        Some(Dropped::Document)
    } else {
        None
    }
}

/// Where dropped ledgers go (§7.2): every ledger there is published.
const LEDGER_FOLDER: &str = "data/volunteer";

/// `POST api/import?name=…&section=…`: a dropped file, streamed to disk.
/// A `.docx` or `.html` becomes a draft page bundle in the section (as
/// `pinpai import` makes it); an `.xlsx` or `.csv` ledger is kept in
/// `data/volunteer/` under its own name (never over another ledger), so its
/// rows are records from the next build on.
pub async fn import(wb: &Workbench, query: Option<&str>, body: Body, today: &str) -> Response {
    let params = query_params(query.unwrap_or(""));
    let Some(name) = params.get("name").map(|n| safe_file_name(n)) else {
        return refuse(StatusCode::BAD_REQUEST, "导入要写明文件名（name）");
    };
    let section = params.get("section").map_or("news", String::as_str);
    let Some(kind) = dropped_kind(&name) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "{name} 不能导入：可以导入 Word 文档（.docx）、保存的公众号文章（.html）和志愿服务台账（.xlsx、.csv）。照片和附件请在页面里“上传”"
            ),
        );
    };
    match kind {
        Dropped::Ledger => keep_ledger(wb, &name, body).await,
        Dropped::Document => import_document(wb, &name, section, body, today).await,
    }
}

async fn keep_ledger(wb: &Workbench, name: &str, body: Body) -> Response {
    let folder = match SitePath::parse_folder(LEDGER_FOLDER) {
        Ok(f) => f,
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e),
    };
    let temp = match streamed_beside(wb, &folder, body).await {
        Ok(t) => t,
        Err(refused) => return *refused,
    };
    match wb.editor().adopt(&folder, name, temp) {
        Ok(path) => reply(
            StatusCode::CREATED,
            json!({
                "path": path.as_str(),
                "message": format!(
                    "已把台账保存为 {path}：每一行是一条志愿服务记录，下次生成时发布。有错误会列在工作台首页，指明单元格"
                ),
            }),
        ),
        Err(e) => edit_error(e),
    }
}

/// The body in a temporary file in `folder` (made if missing).
async fn streamed_beside(
    wb: &Workbench,
    folder: &SitePath,
    body: Body,
) -> Result<tempfile::NamedTempFile, Box<Response>> {
    let on_disk = folder
        .on_disk(wb.root())
        .map_err(|e| Box::new(refuse(StatusCode::BAD_REQUEST, e)))?;
    let temp = std::fs::create_dir_all(&on_disk)
        .and_then(|()| {
            tempfile::Builder::new()
                .prefix(".pinpai-upload-")
                .tempfile_in(&on_disk)
        })
        .map_err(|e| {
            Box::new(refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法写入 {folder}：{e}"),
            ))
        })?;
    stream_into(body, temp.as_file(), wb.upload_limit())
        .await
        .map_err(Box::new)?;
    Ok(temp)
}

/// The document is read from a private folder under `.pinpai/` (never
/// published, removed afterwards) under its own name: the import takes its
/// title from the name when the document has none.
async fn import_document(
    wb: &Workbench,
    name: &str,
    section: &str,
    body: Body,
    today: &str,
) -> Response {
    let work = wb.root().join(".pinpai").join("导入");
    let folder = match std::fs::create_dir_all(&work).and_then(|()| tempfile::tempdir_in(&work)) {
        Ok(f) => f,
        Err(e) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法写入 .pinpai：{e}"),
            )
        }
    };
    let file = folder.path().join(name);
    let written = match std::fs::File::create(&file) {
        Ok(f) => stream_into(body, &f, wb.upload_limit()).await,
        Err(e) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法写入 .pinpai：{e}"),
            )
        }
    };
    if let Err(refused) = written {
        return refused;
    }
    let (root, section, today) = (
        wb.root().to_path_buf(),
        section.to_string(),
        today.to_string(),
    );
    let result = tokio::task::spawn_blocking(move || {
        let result = crate::import::import(&root, &file, &section, &today);
        drop(folder);
        result.map(|done| (done, root))
    })
    .await;
    match result {
        Ok(Ok((done, root))) => {
            let page = crate::paths::relative(&root, &done.page);
            let mut to_check = done.to_fill.clone();
            if done.date_is_today {
                to_check.insert(0, "日期".to_string());
            }
            reply(
                StatusCode::CREATED,
                json!({
                    "path": page,
                    "title": done.title,
                    "pictures": done.pictures,
                    "missing": done.missing,
                    "to_fill": done.to_fill,
                    "dropped": done.dropped,
                    "message": format!(
                        "已导入为草稿“{}”（图片 {} 张）。请打开核对{}，再取消“草稿”",
                        done.title,
                        done.pictures,
                        if to_check.is_empty() { String::new() } else { format!("，填写{}", to_check.join("、")) }
                    ),
                }),
            )
        }
        Ok(Err(e)) => refuse(StatusCode::UNPROCESSABLE_ENTITY, e),
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "导入时内部出错"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_files_are_told_apart_by_name() {
        assert!(matches!(dropped_kind("草稿.DOCX"), Some(Dropped::Document)));
        assert!(matches!(dropped_kind("文章.html"), Some(Dropped::Document)));
        assert!(matches!(
            dropped_kind("2024台账.xlsx"),
            Some(Dropped::Ledger)
        ));
        assert!(matches!(dropped_kind("台账.CSV"), Some(Dropped::Ledger)));
        assert!(dropped_kind("合影.jpg").is_none());
        assert!(dropped_kind("说明.md").is_none());
    }
}
