//! Reading the files users write (`site.yaml`, pages, templates) as text:
//! one rule for every stage, so an encoding problem reads the same
//! wherever it is found.

use std::borrow::Cow;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostics};

/// A text file pinpai writes for a person to open (`init`, `new`,
/// `import`), with this system's line ends: CRLF on Windows, where the
/// Notepad of Windows 7 shows a file with LF alone as one long line. pinpai
/// reads either the same way, so the built site does not change. Other files
/// (pictures, spreadsheets) are returned as they are.
pub fn for_this_system<'a>(path: &Path, bytes: &'a [u8]) -> Cow<'a, [u8]> {
    if cfg!(windows) && opened_in_notepad(path) {
        Cow::Owned(with_crlf(bytes))
    } else {
        Cow::Borrowed(bytes)
    }
}

fn opened_in_notepad(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["md", "yaml", "yml", "csv", "txt"]
            .iter()
            .any(|t| e.eq_ignore_ascii_case(t))
    })
}

/// Every LF not already after a CR becomes CRLF.
fn with_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    let mut previous = 0u8;
    for &b in bytes {
        if b == b'\n' && previous != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        previous = b;
    }
    out
}

/// Reads a file as UTF-8 text without its byte-order mark. Problems are
/// reported against `shown` (the path as messages show it), with the line
/// of the first byte that is not UTF-8: a file saved as GBK by a Chinese
/// Windows editor is the usual cause.
pub fn read_utf8(path: &Path, shown: &str, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            diags.error(Code::Read, shown, None, read_problem(&err));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            if text.contains(is_invisible_control) {
                text.retain(|c| !is_invisible_control(c));
            }
            Some(text)
        }
        Err(err) => {
            if let Some(problem) = not_text(err.as_bytes()) {
                diags.error(Code::Read, shown, Some(1), problem);
                return None;
            }
            let line = line_of_byte(err.as_bytes(), err.utf8_error().valid_up_to());
            diags.error(
                Code::Read,
                shown,
                Some(line),
                "文件不是 UTF-8 编码（可能是 GBK），请在编辑器里“另存为”UTF-8 编码",
            );
            None
        }
    }
}

/// Why a file could not be read, in words a writer can act on.
pub fn read_problem(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::PermissionDenied => {
            "无法读取：没有读取这个文件的权限（请检查文件的“属性 → 安全”，或它是否正被其他程序占用）".into()
        }
        ErrorKind::NotFound => "无法读取：文件不见了（可能刚被移动或删除）".into(),
        _ => format!("无法读取：{err}"),
    }
}

/// [`read_problem`] for a folder walk's error (a loop of links has no
/// system error behind it).
pub fn walk_problem(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) => read_problem(io),
        None => format!("无法读取：{err}"),
    }
}

/// A file that is not UTF-8 and not text at all: saved as UTF-16
/// (Notepad's “Unicode”), or a picture or document renamed to `.md` (text
/// in any 8-bit encoding has no NUL bytes).
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(
            "文件是 UTF-16 编码（记事本里叫“Unicode”）：请在记事本里“另存为”，编码选 UTF-8",
        );
    }
    let head = &bytes[..bytes.len().min(8000)];
    head.contains(&0).then_some(
        "这不是文字文件（看起来是图片、Word 文档或其他程序的文件）：页面文件应当是用记事本等编辑器写的文字",
    )
}

/// Control characters that text pasted from Word, a PDF or a terminal
/// carries invisibly (NUL, backspace, escape, the C1 range): no page may
/// hold them (XML forbids them in the feed, HTML checkers reject them), so
/// they are dropped as files are read. Tab, line feed and carriage return
/// stay.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` without [`is_invisible_control`] characters.
pub fn without_controls(text: &str) -> String {
    text.chars().filter(|&c| !is_invisible_control(c)).collect()
}

/// 1-based line of a byte offset.
pub fn line_of_byte(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_control_characters_are_dropped_and_lines_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(
            &path,
            "---\ntitle: 退格\u{8}转义\u{1b}[31m\u{0}\r\n---\n\t正文\u{85}\n",
        )
        .unwrap();
        let text = read_utf8(&path, "content/a.md", &mut Diagnostics::new());
        assert_eq!(
            text.as_deref(),
            Some("---\ntitle: 退格转义[31m\r\n---\n\t正文\n")
        );
    }

    #[test]
    fn gbk_is_reported_at_its_line_and_bom_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let gbk = dir.path().join("a.md");
        std::fs::write(&gbk, b"---\ntitle: a\n\xd6\xd0\xce\xc4\n").unwrap();
        let bom = dir.path().join("b.md");
        std::fs::write(&bom, "\u{feff}---\n").unwrap();
        let mut d = Diagnostics::new();
        assert_eq!(read_utf8(&gbk, "content/a.md", &mut d), None);
        assert_eq!(
            read_utf8(&bom, "content/b.md", &mut d).as_deref(),
            Some("---\n")
        );
        let shown: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(shown.len(), 1);
        assert!(
            shown[0].starts_with("content/a.md:3: 文件不是 UTF-8 编码"),
            "{shown:?}"
        );
    }

    #[test]
    fn notepad_gets_crlf_once() {
        assert_eq!(with_crlf(b"a\nb\r\nc\n"), b"a\r\nb\r\nc\r\n");
        assert!(opened_in_notepad(Path::new("content/news/a.MD")));
        assert!(!opened_in_notepad(Path::new("static/a.jpg")));
    }
}
