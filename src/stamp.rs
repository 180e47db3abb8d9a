//! What identifies one version of a file without reading it: `serve`'s
//! caches (parsed pages, processed images) trust an unchanged stamp.

use std::path::Path;
use std::time::{Duration, SystemTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    modified: SystemTime,
    len: u64,
    inode: u64,
}

/// A file modified this recently may be written again within the same
/// timestamp tick, with the same size; such a version is never trusted.
const RACY: Duration = Duration::from_secs(2);

impl Stamp {
    /// `None` when the file cannot be looked at.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            modified: meta.modified().ok()?,
            len: meta.len(),
            inode,
        })
    }

    /// True when this version is old enough to stand for the file's content.
    pub fn trusted(&self, now: SystemTime) -> bool {
        now.duration_since(self.modified)
            .is_ok_and(|age| age >= RACY)
    }
}
