//! The one place a change to a user's file goes through (CONTENT-MODEL
//! §9.2): the workbench's saves, uploads, deletes and restores, and
//! `review approve`.
//!
//! - The path is proven inside the site ([`SitePath`]).
//! - A save says what it expects to replace: nothing (a new file) or the
//!   content it opened, by digest. If the file on disk is anything else
//!   (changed in Notepad, by a colleague on a shared folder, by another
//!   browser), the save is refused with what is there now: nothing is
//!   overwritten silently. The digest is of the bytes, not the time stamp,
//!   which a copy or a sync tool can keep while changing the content.
//! - The version replaced is kept under `.pinpai/history/` first; a delete
//!   moves the file to `.pinpai/回收站/`.
//! - The new bytes are written beside the file and renamed over it: a crash
//!   leaves the old file or the new one, never half of one.
//!
//! Every change of one process goes through one lock, so two requests
//! cannot both pass the check and then both write. Against other programs,
//! the slow steps (writing and flushing the new bytes, keeping the old ones)
//! come first, and the file is looked at once more just before the rename:
//! what Notepad saves meanwhile is refused as a conflict, not overwritten.

pub mod fields;
pub mod history;
pub mod site_path;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

pub use history::Version;
pub use site_path::{PathError, SitePath};

/// How many previous versions of a file are kept, unless a setting says
/// otherwise.
pub const DEFAULT_KEEP: usize = 50;

/// The SHA-256 of `bytes`, in hex: what a save says it expects to replace.
pub fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in hash {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// What a save expects to find on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// No file: a page being created.
    Nothing,
    /// The file as it was opened, by [`digest`].
    Digest(String),
}

/// A file as opened: its bytes and their digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub bytes: Vec<u8>,
    pub digest: String,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The digest of what is on disk now: the next save expects it.
    pub digest: String,
    /// The version replaced, if there was one.
    pub kept: Option<Version>,
}

#[derive(Debug)]
pub enum EditError {
    Path(PathError),
    /// The file is not what the save expected: `now` is what is there
    /// (`None`: it has been deleted), to show beside the officer's version.
    Conflict {
        path: SitePath,
        now: Option<Opened>,
    },
    /// A restore named a version that is not kept.
    NoSuchVersion {
        path: SitePath,
        id: String,
    },
    Io {
        path: SitePath,
        error: io::Error,
    },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Path(e) => write!(f, "{e}"),
            EditError::Conflict { path, now: Some(_) } => write!(
                f,
                "{path} 在你打开之后被改过（也许在记事本里，或别人在共享文件夹里改了）：没有保存，以免覆盖那些改动。请对照两个版本，再决定保留哪些"
            ),
            EditError::Conflict { path, now: None } => write!(
                f,
                "{path} 在你打开之后被删除或移走了：没有保存。如要保留你的版本，请另存为新页面"
            ),
            EditError::NoSuchVersion { path, id } => {
                write!(f, "{path} 没有保存过这个版本（{id}），也许已被清理")
            }
            EditError::Io { path, error } => write!(f, "无法写入 {path}：{error}"),
        }
    }
}

impl std::error::Error for EditError {}

impl From<PathError> for EditError {
    fn from(e: PathError) -> Self {
        EditError::Path(e)
    }
}

/// Changes files of one site.
#[derive(Debug)]
pub struct Editor {
    root: PathBuf,
    keep: usize,
    lock: Mutex<()>,
}

impl Editor {
    pub fn new(root: &Path) -> Editor {
        Editor::keeping(root, DEFAULT_KEEP)
    }

    /// An editor that keeps `keep` previous versions of each file.
    pub fn keeping(root: &Path, keep: usize) -> Editor {
        Editor {
            root: root.to_path_buf(),
            keep,
            lock: Mutex::new(()),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file as it is now; `None` when there is none.
    pub fn open(&self, path: &SitePath) -> Result<Option<Opened>, EditError> {
        let file = path.on_disk(&self.root)?;
        read(&file, path)
    }

    /// Writes `bytes` to `path` if the file is what `expected` says.
    pub fn save(
        &self,
        path: &SitePath,
        bytes: &[u8],
        expected: &Expected,
    ) -> Result<Saved, EditError> {
        let _held = self.hold();
        let file = path.on_disk(&self.root)?;
        let now = check(path, &file, expected)?;
        let io_error = |error| EditError::Io {
            path: path.clone(),
            error,
        };
        // Everything slow first (the new bytes written and flushed, the old
        // ones kept), so that the last look and the rename are next to each
        // other.
        let temp = prepared(&file, bytes).map_err(io_error)?;
        let kept = match &now {
            Some(old) => {
                Some(history::keep(&self.root, path, &old.bytes, self.keep).map_err(io_error)?)
            }
            None => None,
        };
        match &now {
            None => match temp.persist_noclobber(&file) {
                Ok(_) => {}
                // Made meanwhile (a colleague, a sync tool): theirs stays.
                Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(EditError::Conflict {
                        path: path.clone(),
                        now: read(&file, path)?,
                    })
                }
                Err(e) => return Err(io_error(e.error)),
            },
            Some(old) => {
                last_look(path, &file, &old.digest)?;
                temp.persist(&file).map_err(|e| io_error(e.error))?;
            }
        }
        Ok(Saved {
            digest: digest(bytes),
            kept,
        })
    }

    /// Moves `path` to the 回收站 if it is what `expected` says; where it
    /// went.
    pub fn delete(&self, path: &SitePath, expected: &Expected) -> Result<PathBuf, EditError> {
        let _held = self.hold();
        let file = path.on_disk(&self.root)?;
        let io_error = |error| EditError::Io {
            path: path.clone(),
            error,
        };
        let Some(old) = check(path, &file, expected)? else {
            // Expected nothing, and nothing is there: nothing to delete.
            return Err(io_error(io::ErrorKind::NotFound.into()));
        };
        history::keep(&self.root, path, &old.bytes, self.keep).map_err(io_error)?;
        last_look(path, &file, &old.digest)?;
        history::to_trash(&self.root, path, &file).map_err(io_error)
    }

    /// The kept versions of `path`, newest first.
    pub fn versions(&self, path: &SitePath) -> Result<Vec<Version>, EditError> {
        history::versions(&self.root, path).map_err(|error| EditError::Io {
            path: path.clone(),
            error,
        })
    }

    /// Puts a kept version back (keeping the one it replaces, so a restore
    /// can be undone the same way).
    pub fn restore(
        &self,
        path: &SitePath,
        id: &str,
        expected: &Expected,
    ) -> Result<Saved, EditError> {
        let io_error = |error| EditError::Io {
            path: path.clone(),
            error,
        };
        let bytes = history::read(&self.root, path, id)
            .map_err(io_error)?
            .ok_or_else(|| EditError::NoSuchVersion {
                path: path.clone(),
                id: id.to_string(),
            })?;
        self.save(path, &bytes, expected)
    }

    /// Puts an uploaded file (written to `temp` in `folder` already) in
    /// place under `name`, or `name-2`, `name-3` … when that is taken:
    /// never over another file. Where it went.
    pub fn adopt(
        &self,
        folder: &SitePath,
        name: &str,
        temp: tempfile::NamedTempFile,
    ) -> Result<SitePath, EditError> {
        let _held = self.hold();
        let io_error = |error| EditError::Io {
            path: folder.clone(),
            error,
        };
        temp.as_file().sync_all().map_err(io_error)?;
        set_new_file_permissions(temp.path()).map_err(io_error)?;
        let (stem, extension) = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
            _ => (name, String::new()),
        };
        let mut temp = temp;
        for n in 1..10_000 {
            let candidate = if n == 1 {
                name.to_string()
            } else {
                format!("{stem}-{n}{extension}")
            };
            let path = SitePath::parse(&format!("{}/{candidate}", folder.as_str()))?;
            let file = path.on_disk(&self.root)?;
            match temp.persist_noclobber(&file) {
                Ok(_) => return Ok(path),
                Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => temp = e.file,
                Err(e) => {
                    return Err(EditError::Io {
                        path,
                        error: e.error,
                    })
                }
            }
        }
        Err(EditError::Io {
            path: folder.clone(),
            error: io::ErrorKind::AlreadyExists.into(),
        })
    }
}

/// Temporary files of saves and uploads that a killed program left beside
/// the files users write (hidden from the build, but up to an upload's size
/// each): removed when older than an hour, so that another program still
/// writing one is not disturbed. How many were removed.
pub fn remove_stale_temporaries(root: &Path) -> usize {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let mut removed = 0;
    for folder in ["content", "data", "static"] {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .into_iter()
            .filter_map(Result::ok)
        {
            let name = entry.file_name().to_string_lossy();
            let ours = name.starts_with(".pinpai-upload-") || name.starts_with(".pinpai-save-");
            let old = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| t < hour_ago);
            if ours
                && old
                && entry.file_type().is_file()
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

impl Editor {
    /// The one lock every change of this process takes: two requests
    /// cannot both pass the check and then both write. (A panic elsewhere
    /// while holding it leaves no half-made change: each write is atomic.)
    /// Later the place for the role check and the log line of accounts.
    fn hold(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The file as it is, if it is what `expected` says; else the conflict.
fn check(path: &SitePath, file: &Path, expected: &Expected) -> Result<Option<Opened>, EditError> {
    let now = read(file, path)?;
    let matches = match (expected, &now) {
        (Expected::Nothing, None) => true,
        (Expected::Digest(d), Some(now)) => *d == now.digest,
        _ => false,
    };
    if matches {
        Ok(now)
    } else {
        Err(EditError::Conflict {
            path: path.clone(),
            now,
        })
    }
}

/// Just before the rename: the file is still what was checked (Notepad may
/// have saved it while the history was written).
fn last_look(path: &SitePath, file: &Path, checked: &str) -> Result<(), EditError> {
    let now = read(file, path)?;
    if now.as_ref().is_some_and(|n| n.digest == checked) {
        Ok(())
    } else {
        Err(EditError::Conflict {
            path: path.clone(),
            now,
        })
    }
}

/// The new bytes in a temporary file beside `file`, flushed to disk, with
/// the permissions of the file they replace (or of a new file).
fn prepared(file: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".pinpai-save-")
        .tempfile_in(dir)?;
    io::Write::write_all(&mut temp, bytes)?;
    temp.as_file().sync_all()?;
    match std::fs::metadata(file) {
        Ok(meta) => std::fs::set_permissions(temp.path(), meta.permissions())?,
        Err(_) => set_new_file_permissions(temp.path())?,
    }
    Ok(temp)
}

/// A new file readable by others, as an editor would make it (a temporary
/// file is owner-only, which a shared folder or a web server cannot read).
#[cfg(unix)]
pub fn set_new_file_permissions(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
pub fn set_new_file_permissions(_: &Path) -> io::Result<()> {
    Ok(())
}

fn read(file: &Path, path: &SitePath) -> Result<Option<Opened>, EditError> {
    match std::fs::read(file) {
        Ok(bytes) => Ok(Some(Opened {
            digest: digest(&bytes),
            bytes,
        })),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(EditError::Io {
            path: path.clone(),
            error,
        }),
    }
}

/// Written beside the file and renamed over it: a crash never leaves half
/// a file. The file keeps its permissions (a temporary file is owner-only).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".pinpai-save-")
        .tempfile_in(dir)?;
    io::Write::write_all(&mut temp, bytes)?;
    temp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(temp.path(), meta.permissions())?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests;
