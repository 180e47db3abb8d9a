//! `pinpai import LEDGER`: one Markdown volunteer record per ledger row, in
//! `content/volunteer/`, for staff who prefer to illustrate and edit each
//! activity on its own. An existing file is never overwritten.

use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};

use super::{read_ledger, LedgerRow};
use crate::diagnostics::Diagnostics;
use crate::model::yaml_quote;
use crate::slug::slugify;

/// What an import wrote and what it left alone.
#[derive(Debug, Default)]
pub struct Imported {
    pub written: Vec<PathBuf>,
    /// Records whose file already exists.
    pub skipped: Vec<PathBuf>,
}

/// Why nothing (more) could be written.
#[derive(Debug)]
pub enum ImportError {
    /// The ledger has errors (reported in the diagnostics): nothing written.
    LedgerErrors,
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::LedgerErrors => {
                write!(f, "台账里有错误（见上），没有导入任何记录：改好后再导入")
            }
            ImportError::Write { path, error } => write!(f, "无法写入 {}：{error}", path.display()),
        }
    }
}

/// Writes a record for every row of `ledger` (shown in messages as
/// `shown`) into `root/content/volunteer/`.
pub fn import(
    root: &Path,
    ledger: &Path,
    shown: &str,
    diags: &mut Diagnostics,
) -> Result<Imported, ImportError> {
    let rows = read_ledger(ledger, shown, diags);
    if diags.has_errors() {
        return Err(ImportError::LedgerErrors);
    }
    let folder = root.join("content").join("volunteer");
    let ledger_dir = ledger.parent().unwrap_or(Path::new("."));
    let mut imported = Imported::default();
    for row in &rows {
        let slug = format!("{}-{}", row.date.short(), slugify(&row.title.value));
        let path = folder.join(format!("{slug}.md"));
        if path.exists() {
            imported.skipped.push(path);
            continue;
        }
        let photos = copy_photos(row, ledger_dir, &folder, &slug)?;
        let text = record_text(row, shown, &photos);
        write(&path, text.as_bytes())?;
        imported.written.push(path);
    }
    Ok(imported)
}

/// The row's photos copied next to the record as `<slug>-<name>`, so no
/// two records' photos clash; photos that are not there are left out (the
/// build of the ledger would have said so).
fn copy_photos(
    row: &LedgerRow,
    ledger_dir: &Path,
    folder: &Path,
    slug: &str,
) -> Result<Vec<String>, ImportError> {
    let mut names = Vec::new();
    for photo in &row.photos {
        let source = ledger_dir.join(&photo.value);
        let Some(name) = Path::new(&photo.value).file_name() else {
            continue;
        };
        // Only a file beside the ledger (or in a folder below it).
        let plain = Path::new(&photo.value)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !plain || !source.is_file() {
            continue;
        }
        let name = format!("{slug}-{}", name.to_string_lossy());
        let target = folder.join(&name);
        if !target.exists() {
            fs::create_dir_all(folder).map_err(|error| ImportError::Write {
                path: folder.to_path_buf(),
                error,
            })?;
            fs::copy(&source, &target).map_err(|error| ImportError::Write {
                path: target.clone(),
                error,
            })?;
        }
        names.push(name);
    }
    Ok(names)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let fail = |error| ImportError::Write {
        path: path.to_path_buf(),
        error,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    fs::write(path, crate::textfile::for_this_system(path, bytes)).map_err(fail)
}

/// `[a, b]` with every item quoted.
fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = items.into_iter().map(yaml_quote).collect();
    format!("[{}]", quoted.join(", "))
}

/// The Markdown record of one row: every field of a volunteer record, the
/// 备注 as its body, and where it came from.
fn record_text(row: &LedgerRow, shown: &str, photos: &[String]) -> String {
    let origin = match &row.sheet {
        Some(sheet) => format!("{shown} 的“{sheet}”表第 {} 行", row.row),
        None => format!("{shown} 第 {} 行", row.row),
    };
    let mut text = String::from("---\n");
    text.push_str(&format!("# 由 {origin} 导入\n"));
    text.push_str(&format!("title: {}\n", yaml_quote(&row.title.value)));
    text.push_str(&format!("date: {}\n", row.date.short()));
    text.push_str(&format!(
        "branch: {}\n",
        list(row.branches.iter().map(|c| c.value.as_str()))
    ));
    text.push_str(&format!(
        "members: {}\n",
        list(row.members.iter().map(|c| c.value.as_str()))
    ));
    text.push_str(&format!(
        "participants: {}\n",
        list(row.participants.iter().map(String::as_str))
    ));
    text.push_str(&format!("location: {}\n", yaml_quote(&row.location)));
    text.push_str(&format!("volunteers: {}\n", row.volunteers));
    text.push_str(&format!("hours: {}\n", row.hours));
    text.push_str(&format!("served: {}\n", row.served));
    text.push_str(&format!(
        "photos: {}\n",
        list(photos.iter().map(String::as_str))
    ));
    text.push_str("---\n\n");
    if !row.notes.value.trim().is_empty() {
        text.push_str(row.notes.value.trim());
        text.push('\n');
    }
    text
}
