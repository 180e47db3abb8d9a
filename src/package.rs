//! `pinpai package`: the built site as one zip, for copying to the
//! intranet server (CONTENT-MODEL.md §7.5). Inside, beside the site's
//! files, `SHA256SUMS` lists every file's SHA-256 in the format
//! `sha256sum -c` reads, so whoever unpacks it can check that nothing was
//! lost or changed on the way.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use walkdir::WalkDir;
use zip::write::SimpleFileOptions;

use crate::write::MARKER;

/// The checksum file's name inside the zip.
pub const SUMS: &str = "SHA256SUMS";

/// A local time as a zip entry's date (zip holds 1980–2107, to two seconds).
fn zip_time(now: chrono::NaiveDateTime) -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    let part = |v: u32| u8::try_from(v).unwrap_or(0);
    zip::DateTime::from_date_and_time(
        u16::try_from(now.year()).unwrap_or(1980),
        part(now.month()),
        part(now.day()),
        part(now.hour()),
        part(now.minute()),
        part(now.second()),
    )
    .unwrap_or_default()
}

/// `党建之窗-2024-03-05.zip`.
pub fn default_name(today: &str) -> String {
    format!("党建之窗-{today}.zip")
}

#[derive(Debug)]
pub struct PackageError {
    pub path: PathBuf,
    pub problem: String,
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "无法写入 {}：{}", self.path.display(), self.problem)
    }
}

/// Zips every file of the built site in `site_dir` (but pinpai's own
/// marker) into `zip_path`, with `SHA256SUMS`; returns how many files.
/// Written beside the target and renamed: a half-written zip never has the
/// final name.
pub fn package(site_dir: &Path, zip_path: &Path) -> Result<usize, PackageError> {
    let fail = |problem: String| PackageError {
        path: zip_path.to_path_buf(),
        problem,
    };
    let mut files: Vec<(String, PathBuf)> = WalkDir::new(site_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(site_dir).ok()?;
            let name = crate::paths::url_path(rel);
            (name != MARKER).then(|| (name, e.into_path()))
        })
        .collect();
    files.sort();
    let dir = zip_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(fail(format!(
            "文件夹 {} 不存在，请先建好它，或换一个位置",
            dir.display()
        )));
    }
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(e.to_string()))?;
    let mut zip = zip::ZipWriter::new(temp.as_file_mut());
    // Files dated when the package was made (local time, as zip keeps it),
    // not 1980-01-01: the intranet's administrator sees which copy this is.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip_time(chrono::Local::now().naive_local()));
    let mut sums = String::new();
    for (name, path) in &files {
        let bytes = fs::read(path).map_err(|e| fail(format!("{}：{e}", path.display())))?;
        let hash = Sha256::digest(&bytes);
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        sums.push_str(&format!("{hex}  {name}\n"));
        zip.start_file(name.as_str(), options)
            .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
            .map_err(|e| fail(e.to_string()))?;
    }
    zip.start_file(SUMS, options)
        .and_then(|()| zip.write_all(sums.as_bytes()).map_err(Into::into))
        .map_err(|e| fail(e.to_string()))?;
    zip.finish().map_err(|e| fail(e.to_string()))?;
    // A temporary file is private to its owner; a package is for sharing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let readable = fs::Permissions::from_mode(0o644);
        fs::set_permissions(temp.path(), readable).map_err(|e| fail(e.to_string()))?;
    }
    temp.persist(zip_path)
        .map_err(|e| fail(e.error.to_string()))?;
    Ok(files.len())
}
