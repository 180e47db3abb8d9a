//! A paste from Word, WPS, WeChat or 秀米 into the body editor: the
//! clipboard's HTML becomes Markdown by the import's rules (§7.1, §8.2), and
//! the pictures it holds are saved beside the page.

use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::{about_file, parse_request, refuse, reply};
use crate::diagnostics::Diagnostics;
use crate::edit::SitePath;
use crate::workbench::Workbench;

about_file!(PasteRequest);

#[derive(Deserialize)]
struct PasteRequest {
    /// The page pasted into.
    path: String,
    /// The clipboard's `text/html`.
    html: String,
}

/// `POST api/paste`: the Markdown to insert at the cursor. Nothing of the
/// page is written (the officer saves it); its pictures are, beside it.
pub fn paste(wb: &Workbench, body: &[u8]) -> Response {
    let (request, path) = match parse_request::<PasteRequest>(body) {
        Ok(parsed) => parsed,
        Err(refused) => return *refused,
    };
    let Some(folder) = folder_of(&path) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            format!("只能粘贴到 content 里的页面（这里是 {path}）"),
        );
    };
    let mode = crate::config::Config::load(wb.root(), &mut Diagnostics::new())
        .map_or(crate::markdown::RawHtml::Sanitize, |c| c.html);
    let mut failure = None;
    let pasted = crate::import::pasted_body(&request.html, mode, |bytes, extension| {
        match save_picture(wb, &folder, bytes, extension) {
            Ok(name) => Some(name),
            Err(e) => {
                failure.get_or_insert(e);
                None
            }
        }
    });
    if let Some(e) = failure {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, e);
    }
    let mut message = if pasted.pictures > 0 {
        format!(
            "已粘贴，{} 张图片保存在页面旁边。保存后生效",
            pasted.pictures
        )
    } else {
        "已粘贴。保存后生效".to_string()
    };
    if !pasted.missing.is_empty() {
        message.push_str(&format!(
            "。有 {} 张图片没有随粘贴带过来（Word 和公众号的图片不在剪贴板里）：请把图片另存到电脑上，再拖进正文",
            pasted.missing.len()
        ));
    }
    reply(
        StatusCode::OK,
        json!({
            "markdown": pasted.markdown,
            "pictures": pasted.pictures,
            "missing": pasted.missing,
            "message": message,
        }),
    )
}

/// The folder a page's pictures go in: the page's own folder.
fn folder_of(page: &SitePath) -> Option<SitePath> {
    let (folder, _) = page.as_str().rsplit_once('/')?;
    if !(folder == "content" || folder.starts_with("content/")) {
        return None;
    }
    SitePath::parse_folder(folder).ok()
}

/// One picture of the paste, as `粘贴的图片.png` (then `-2`, `-3` …).
fn save_picture(
    wb: &Workbench,
    folder: &SitePath,
    bytes: &[u8],
    extension: &str,
) -> Result<String, String> {
    use std::io::Write;
    let on_disk = folder.on_disk(wb.root()).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&on_disk).map_err(|e| format!("无法创建文件夹 {folder}：{e}"))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".pinpai-upload-")
        .tempfile_in(&on_disk)
        .map_err(|e| format!("无法写入 {folder}：{e}"))?;
    temp.write_all(bytes)
        .map_err(|e| format!("无法写入 {folder}：{e}"))?;
    let name = format!("粘贴的图片.{extension}");
    let saved = wb
        .editor()
        .adopt(folder, &name, temp)
        .map_err(|e| e.to_string())?;
    Ok(saved
        .as_str()
        .rsplit('/')
        .next()
        .unwrap_or(&name)
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_go_beside_the_page() {
        let page = SitePath::parse("content/news/七一/index.md").unwrap();
        assert_eq!(folder_of(&page).unwrap().as_str(), "content/news/七一");
        let page = SitePath::parse("content/about.md").unwrap();
        assert_eq!(folder_of(&page).unwrap().as_str(), "content");
        let page = SitePath::parse("data/volunteer/台账.csv").unwrap();
        assert!(folder_of(&page).is_none());
    }
}
