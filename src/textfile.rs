//! Reading the files users write (`site.yaml`, pages, templates) as text:
//! one rule for every stage, so an encoding problem reads the same
//! wherever it is found.

use std::path::Path;

use crate::diagnostics::{Code, Diagnostics};

/// Reads a file as UTF-8 text without its byte-order mark. Problems are
/// reported against `shown` (the path as messages show it), with the line
/// of the first byte that is not UTF-8: a file saved as GBK by a Chinese
/// Windows editor is the usual cause.
pub fn read_utf8(path: &Path, shown: &str, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            diags.error(Code::Read, shown, None, format!("无法读取：{err}"));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Some(text)
        }
        Err(err) => {
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
}
