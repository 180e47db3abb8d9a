//! A ledger is reviewed as a whole file: its approvals are kept beside it
//! in `<ledger>.review.yaml` (a spreadsheet has no front matter), and what
//! was approved is the file's bytes.

use std::path::{Path, PathBuf};

use super::{read_approvals, short_sha256, PageReview};
use crate::config::Review;
use crate::diagnostics::Diagnostics;
use crate::paths::relative;
use crate::yaml::{parse_mapping, Fields, KeyLines};

/// `2024台账.xlsx` → `2024台账.xlsx.review.yaml`.
pub fn sidecar(ledger: &Path) -> PathBuf {
    let mut name = ledger.file_name().unwrap_or_default().to_os_string();
    name.push(".review.yaml");
    ledger.with_file_name(name)
}

/// Where a ledger stands, from its bytes and its review file (whose
/// problems are reported at their lines).
pub fn state(
    root: &Path,
    review: &Review,
    ledger: &Path,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> PageReview {
    if !review.required {
        return PageReview::default();
    }
    let file = sidecar(ledger);
    let shown = relative(root, &file);
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            diags.error(
                crate::diagnostics::Code::Read,
                &shown,
                None,
                format!("无法读取审核记录：{e}"),
            );
            String::new()
        }
    };
    let approvals = match parse_mapping(&text) {
        Ok(map) => {
            let lines = KeyLines::new(&text);
            let mut f = Fields::new(&map, &lines, &shown, 0, diags);
            read_approvals(&mut f)
        }
        Err(e) => {
            diags.error(
                crate::diagnostics::Code::Yaml,
                &shown,
                Some(e.line),
                e.message,
            );
            Vec::new()
        }
    };
    PageReview::of(
        review,
        approvals,
        &super::Digests::plain(short_sha256(bytes)),
        String::new(),
    )
}
