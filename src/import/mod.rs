//! `pinpai import FILE`: a Word draft (`.docx`) or a saved WeChat article
//! (`.html`) becomes a draft page bundle (CONTENT-MODEL §8.2). Ledgers
//! (`.xlsx`, `.csv`) are imported by [`crate::ledger::import`].
//!
//! - `document`: what a document says, whatever it came from;
//! - `docx`, `wechat`: the two readers;
//! - `markdown`: the page body written from a document;
//! - `bundle`: the page folder written, whole or not at all.

mod bundle;
pub mod document;
mod docx;
mod markdown;
mod wechat;

use std::fmt;
use std::path::Path;

pub use bundle::Imported;

/// Why a document was not imported; each says what to do, for an officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Old Word (`.doc`), an OLE file named `.docx`.
    OldWord,
    Wps,
    Encrypted,
    Damaged,
    NotADocument,
    TooLarge,
    Unreadable(String),
    UnknownSection {
        typed: String,
        sections: Vec<String>,
    },
    NoTitle,
    Exists(String),
    Write(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::OldWord => write!(
                f,
                "这是旧版 Word 文档（.doc），无法导入：请在 Word 或 WPS 里打开它，选“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入新的 .docx 文件"
            ),
            ImportError::Wps => write!(
                f,
                "这是 WPS 文字文档（.wps），无法导入：请在 WPS 里打开它，选“文件 → 另存为”，文件类型选“Word 文件（*.docx）”，再导入新的 .docx 文件"
            ),
            ImportError::Encrypted => write!(
                f,
                "这个文档设置了打开密码，无法导入：请在 Word 里打开它（输入密码），选“文件 → 信息 → 保护文档 → 用密码进行加密”，把密码清空后保存，再导入"
            ),
            ImportError::Damaged => write!(
                f,
                "文档已损坏，无法读取：请在 Word 或 WPS 里打开它，另存为一个新的 .docx 文件再导入；如果打不开，请向发件人重新要一份"
            ),
            ImportError::NotADocument => write!(
                f,
                "这个文件不是 Word 文档（.docx）：它可能是改了扩展名的其他文件。请在 Word 或 WPS 里打开原稿，另存为 .docx 再导入"
            ),
            ImportError::TooLarge => write!(
                f,
                "文档太大，无法导入（文字部分超过 32 MB，或图片合计超过 400 MB）：请在 Word 里压缩图片（“图片格式 → 压缩图片”）后另存，再导入；文字很多的文档可以分成几篇"
            ),
            ImportError::Unreadable(why) => write!(f, "无法读取这个文件（{why}）"),
            ImportError::UnknownSection { typed, sections } => write!(
                f,
                "没有叫“{typed}”的栏目：可以用 branches、members、volunteer、news，或 content 里已有的栏目文件夹（{}）",
                sections.join("、")
            ),
            ImportError::NoTitle => write!(
                f,
                "文档里找不到标题：请在 Word 里给第一行用“标题”样式，或在“文件 → 信息 → 属性”里填写标题，再导入"
            ),
            ImportError::Exists(path) => write!(
                f,
                "{} 已经存在（可能已经导入过）：没有覆盖它。如要重新导入，请先把它删掉或改名", crate::paths::native(path)
            ),
            ImportError::Write(why) => write!(f, "无法写入导入的页面：{why}"),
        }
    }
}

/// What kind of document a file is, from its content (and, for old Office
/// files, its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Docx,
    WeChat,
}

/// Whether `pinpai import` takes `file` as a document (not a ledger).
pub fn is_document(file: &Path) -> bool {
    let extension = extension(file);
    matches!(
        extension.as_str(),
        "docx"
            | "doc"
            | "wps"
            | "wpt"
            | "dot"
            | "dotx"
            | "docm"
            | "html"
            | "htm"
            | "mhtml"
            | "mht"
            | "rtf"
    )
}

fn extension(file: &Path) -> String {
    file.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// OLE compound files: old Word, WPS, and Word's encrypted documents.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn kind_of(file: &Path, bytes: &[u8]) -> Result<Kind, ImportError> {
    let extension = extension(file);
    if bytes.starts_with(OLE_MAGIC) {
        // Word keeps an encrypted .docx inside an OLE file with this stream.
        let encrypted: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            return Err(ImportError::Encrypted);
        }
        return Err(if extension.starts_with("wp") {
            ImportError::Wps
        } else {
            ImportError::OldWord
        });
    }
    match extension.as_str() {
        "doc" | "dot" => Err(ImportError::OldWord),
        "wps" | "wpt" => Err(ImportError::Wps),
        "mhtml" | "mht" | "rtf" => Err(ImportError::Unreadable(
            "只能导入 .docx 文档和“网页，全部”保存的 .html 文章".to_string(),
        )),
        "html" | "htm" => Ok(Kind::WeChat),
        _ if bytes.starts_with(b"PK\x03\x04") => Ok(Kind::Docx),
        _ if bytes.starts_with(b"PK") => Err(ImportError::Damaged),
        _ => Err(ImportError::NotADocument),
    }
}

/// Reads `file` and writes its page bundle into `content/<section>/` of the
/// site at `root`. Nothing is written unless everything is.
pub fn import(
    root: &Path,
    file: &Path,
    section: &str,
    today: &str,
) -> Result<Imported, ImportError> {
    // `文章.html` typed in its own folder has an empty parent: the saved
    // pictures beside it are looked up from its full path.
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let file = absolute.as_path();
    let bytes = std::fs::read(file).map_err(|e| ImportError::Unreadable(e.to_string()))?;
    let folder = bundle::section_folder(root, section)?;
    let mut doc = match kind_of(file, &bytes)? {
        Kind::Docx => docx::read(&bytes)?,
        Kind::WeChat => {
            let text = wechat::decode(&bytes);
            wechat::read(&text, file)
        }
    };
    if doc.title.trim().is_empty() {
        doc.title = file
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_string())
            .unwrap_or_default();
    }
    if doc.title.is_empty() {
        return Err(ImportError::NoTitle);
    }
    bundle::write(root, &folder, &doc, today)
}

/// What a paste into the workbench's body editor became.
#[derive(Debug, Clone, PartialEq)]
pub struct PastedBody {
    /// Markdown for the page's body (raw HTML only where `mode` lets it be).
    pub markdown: String,
    /// Pictures of the paste saved (by `save`).
    pub pictures: usize,
    /// Pictures the clipboard did not hold, each with its place.
    pub missing: Vec<String>,
}

/// The clipboard's HTML (from Word, WPS, WeChat, 秀米) as a page body by
/// the rules of an import: clutter dropped, headings, lists, tables,
/// colour kept. Each picture the paste holds is given to `save` with the
/// extension its bytes call for, which answers the name it was saved under
/// beside the page (or `None`: then it is missing).
pub fn pasted_body(
    html: &str,
    mode: crate::markdown::RawHtml,
    mut save: impl FnMut(&[u8], &str) -> Option<String>,
) -> PastedBody {
    let doc = wechat::read_pasted(html);
    let mut names = Vec::with_capacity(doc.pictures.len());
    let mut missing = Vec::new();
    for (i, picture) in doc.pictures.iter().enumerate() {
        let saved = bundle::picture_bytes(picture).and_then(|(bytes, ext)| save(&bytes, &ext));
        match saved {
            Some(name) => names.push(name),
            None => {
                missing.push(bundle::missing_line(i, picture));
                names.push(String::new());
            }
        }
    }
    PastedBody {
        markdown: markdown::body_for(&doc, &names, mode),
        pictures: names.iter().filter(|n| !n.is_empty()).count(),
        missing,
    }
}

/// The page body a `.docx` would be imported with, for the fuzzer
/// (src/fuzzing.rs): pictures named as an import names them.
pub fn docx_body(bytes: &[u8]) -> Option<String> {
    let doc = docx::read(bytes).ok()?;
    Some(body_with_picture_names(&doc))
}

/// The same for a saved WeChat article's HTML.
pub fn wechat_body(html: &str) -> String {
    let doc = wechat::read(html, Path::new("/nonexistent/文章.html"));
    body_with_picture_names(&doc)
}

fn body_with_picture_names(doc: &document::Document) -> String {
    let names: Vec<String> = (1..=doc.pictures.len())
        .map(|n| format!("图{n}.jpg"))
        .collect();
    markdown::body(doc, &names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_content() {
        let p = Path::new;
        assert_eq!(kind_of(p("a.docx"), b"PK\x03\x04rest"), Ok(Kind::Docx));
        assert_eq!(
            kind_of(p("a.DOCX"), b"PK\x05\x06"),
            Err(ImportError::Damaged)
        );
        assert_eq!(
            kind_of(p("a.docx"), b"hello"),
            Err(ImportError::NotADocument)
        );
        assert_eq!(kind_of(p("a.doc"), OLE_MAGIC), Err(ImportError::OldWord));
        assert_eq!(kind_of(p("a.docx"), OLE_MAGIC), Err(ImportError::OldWord));
        assert_eq!(kind_of(p("a.wps"), OLE_MAGIC), Err(ImportError::Wps));
        let mut encrypted = OLE_MAGIC.to_vec();
        encrypted.extend(
            "xxEncryptedPackage"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert_eq!(
            kind_of(p("a.docx"), &encrypted),
            Err(ImportError::Encrypted)
        );
        assert_eq!(kind_of(p("文章.html"), b"<html>"), Ok(Kind::WeChat));
        assert!(is_document(p("草稿.DOCX")) && !is_document(p("台账.xlsx")));
    }
}
