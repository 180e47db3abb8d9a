//! Previous versions of a file under `.pinpai/history/`, and deleted files
//! under `.pinpai/回收站/` (CONTENT-MODEL §9.2). `.pinpai/` is never read as
//! content and never published: the build reads only `content/`, `data/`,
//! `static/`, `templates/` and `themes/`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::site_path::SitePath;

/// The folder of pinpai's own records in a site.
pub const PINPAI_DIR: &str = ".pinpai";
/// Previous versions, one folder per file, mirroring its path.
pub const HISTORY_DIR: &str = "history";
/// Deleted files, one folder per deletion.
pub const TRASH_DIR: &str = "回收站";

/// One kept version of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The kept file's name: `20261207-101502.123-1a2b3c4d.md`, which sorts
    /// by time and is what [`super::Editor::restore`] is given.
    pub id: String,
    /// When it was replaced, `2026-12-07 10:15:02`.
    pub saved: String,
    pub bytes: u64,
}

/// Where the versions of `path` are kept.
pub fn folder_of(root: &Path, path: &SitePath) -> PathBuf {
    root.join(PINPAI_DIR).join(HISTORY_DIR).join(path.as_str())
}

/// Keeps `bytes` (the version about to be replaced or deleted) and drops
/// the oldest beyond `keep`.
pub fn keep(root: &Path, path: &SitePath, bytes: &[u8], keep: usize) -> io::Result<Version> {
    let folder = folder_of(root, path);
    fs::create_dir_all(&folder)?;
    let now = chrono::Local::now();
    let digest = super::digest(bytes);
    let extension = Path::new(path.as_str())
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let id = format!(
        "{}-{}{extension}",
        now.format("%Y%m%d-%H%M%S%.3f"),
        &digest[..8]
    );
    super::write_atomically(&folder.join(&id), bytes)?;
    prune(&folder, keep, &id)?;
    Ok(Version {
        saved: now.format("%Y-%m-%d %H:%M:%S").to_string(),
        bytes: bytes.len() as u64,
        id,
    })
}

/// The kept versions of `path`, newest first.
pub fn versions(root: &Path, path: &SitePath) -> io::Result<Vec<Version>> {
    let folder = folder_of(root, path);
    let entries = match fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let meta = entry.metadata()?;
        if !meta.is_file() {
            continue;
        }
        let id = entry.file_name().to_string_lossy().into_owned();
        let Some(saved) = saved_time(&id) else {
            continue;
        };
        found.push(Version {
            id,
            saved,
            bytes: meta.len(),
        });
    }
    found.sort_by(|a, b| b.id.cmp(&a.id));
    Ok(found)
}

/// The bytes of one kept version; `None` when there is no such version
/// (an id is a plain file name: anything else is not one).
pub fn read(root: &Path, path: &SitePath, id: &str) -> io::Result<Option<Vec<u8>>> {
    if saved_time(id).is_none() || id.contains(['/', '\\']) {
        return Ok(None);
    }
    match fs::read(folder_of(root, path).join(id)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Moves a deleted file into the 回收站, under the time of deletion and its
/// own path; where it went.
pub fn to_trash(root: &Path, path: &SitePath, file: &Path) -> io::Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f").to_string();
    let target = root
        .join(PINPAI_DIR)
        .join(TRASH_DIR)
        .join(stamp)
        .join(path.as_str());
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::rename(file, &target)?;
    Ok(target)
}

/// `2026-12-07 10:15:02` from an id, or `None` when the name is not one.
fn saved_time(id: &str) -> Option<String> {
    let stamp = id.get(..19)?; // 20261207-101502.123
    let b = stamp.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..8) && b[8] == b'-' && digits(9..15) && b[15] == b'.' && digits(16..19)) {
        return None;
    }
    Some(format!(
        "{}-{}-{} {}:{}:{}",
        &stamp[0..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13],
        &stamp[13..15]
    ))
}

/// Drops the oldest versions beyond `keep` (at least one is always kept),
/// never the one `just` written: a clock set back would make it look the
/// oldest.
fn prune(folder: &Path, keep: usize, just: &str) -> io::Result<()> {
    let mut ids: Vec<String> = fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|id| saved_time(id).is_some() && id != just)
        .collect();
    ids.sort();
    let excess = (ids.len() + 1).saturating_sub(keep.max(1));
    for id in &ids[..excess] {
        fs::remove_file(folder.join(id))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_tells_its_time_and_nothing_else_is_an_id() {
        assert_eq!(
            saved_time("20261207-101502.123-1a2b3c4d.md").as_deref(),
            Some("2026-12-07 10:15:02")
        );
        for bad in [
            "../../site.yaml",
            "2026-12-07.md",
            "",
            "20261207-101502x123-a.md",
        ] {
            assert_eq!(saved_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn versions_are_kept_newest_first_and_bounded() {
        let site = tempfile::tempdir().unwrap();
        let path = SitePath::parse("content/news/七一.md").unwrap();
        for n in 0..5 {
            keep(site.path(), &path, format!("第 {n} 版").as_bytes(), 3).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(3));
        }
        let kept = versions(site.path(), &path).unwrap();
        assert_eq!(kept.len(), 3, "{kept:?}");
        let newest = read(site.path(), &path, &kept[0].id).unwrap().unwrap();
        assert_eq!(newest, "第 4 版".as_bytes());
        let oldest = read(site.path(), &path, &kept[2].id).unwrap().unwrap();
        assert_eq!(oldest, "第 2 版".as_bytes());
        assert_eq!(read(site.path(), &path, "../../x").unwrap(), None);
    }
}
