//! Files into the site: photos, video and attachments beside a page,
//! streamed to disk.

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::Response;
use futures_util::StreamExt;
use serde_json::json;

use super::{edit_error, query_params, refuse, reply};
use crate::edit::SitePath;
use crate::workbench::Workbench;

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
    let folder = match SitePath::parse_folder(folder) {
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
pub(super) async fn stream_into(
    body: Body,
    file: &std::fs::File,
    limit: u64,
) -> Result<(), Response> {
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
