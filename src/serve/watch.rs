//! Turns file changes under the site into rebuild messages.
//!
//! Only what a build reads is watched: `site.yaml` (through the site folder
//! itself, not recursively, so atomic saves that replace the file are seen),
//! and `content/`, `static/`, `templates/`, `themes/` recursively. `output/`
//! and the image cache are never watched, so a build cannot trigger itself.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, NoCache, RecommendedCache,
};

use super::ServeError;
use super::{Message, DEBOUNCE, DEBOUNCE_TICK, POLL_INTERVAL};
use crate::paths::is_ignored;

/// Folders of the site whose files a build reads.
/// `data` holds the volunteer ledgers (`data/volunteer/`).
const WATCHED_DIRS: [&str; 5] = ["content", "data", "static", "templates", "themes"];
const WATCHED_FILES: [&str; 1] = ["site.yaml"];

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

pub(crate) struct Watcher {
    inner: Inner,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl Watcher {
    pub(crate) fn start(
        root: &Path,
        poll: bool,
        to_builder: mpsc::Sender<Message>,
    ) -> Result<Watcher, ServeError> {
        // Events name absolute paths; compare against the same spelling.
        let root = std::fs::canonicalize(root).map_err(|error| ServeError::NoSiteFolder {
            root: root.to_path_buf(),
            error,
        })?;
        let filter_root = root.clone();
        let handler = move |result: DebounceEventResult| {
            let message = match result {
                Ok(events) => {
                    let mut paths: Vec<PathBuf> = Vec::new();
                    for event in events {
                        if event.need_rescan() {
                            let _ = to_builder.send(Message::Rescan);
                        }
                        // Reading a file (our own build does) is not a change.
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for path in &event.paths {
                            if let Some(rel) = relevant(&filter_root, path) {
                                if !paths.contains(&rel) {
                                    paths.push(rel);
                                }
                            }
                        }
                    }
                    if paths.is_empty() {
                        return;
                    }
                    Message::Changed(paths)
                }
                Err(errors) => Message::WatchError(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("；"),
                ),
            };
            let _ = to_builder.send(message);
        };
        let failed = ServeError::Watch;
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Inner::Poll(
                new_debouncer_opt::<_, PollWatcher, NoCache>(
                    DEBOUNCE,
                    Some(DEBOUNCE_TICK),
                    handler,
                    NoCache,
                    config,
                )
                .map_err(failed)?,
            )
        } else {
            Inner::Native(new_debouncer(DEBOUNCE, Some(DEBOUNCE_TICK), handler).map_err(failed)?)
        };
        let mut watcher = Watcher {
            inner,
            root,
            watched: HashSet::new(),
        };
        watcher
            .watch(&watcher.root.clone(), RecursiveMode::NonRecursive)
            .map_err(failed)?;
        watcher.refresh(&[]);
        Ok(watcher)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) {
        let _ = match &mut self.inner {
            Inner::Native(d) => d.unwatch(path),
            Inner::Poll(d) => d.unwatch(path),
        };
    }

    /// Watches the site's folders that exist now: a folder created after
    /// the start, or deleted (or renamed) and made again, is picked up here.
    /// `changed` is relative to the site folder.
    pub(crate) fn refresh(&mut self, changed: &[PathBuf]) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let replaced = changed.iter().any(|p| p == Path::new(name));
            if replaced && self.watched.remove(&dir) {
                self.unwatch(&dir);
            }
            if !self.watched.contains(&dir)
                && dir.is_dir()
                && self.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(dir);
            }
        }
    }
}

/// A path whose change can change the site, relative to the site folder;
/// `None` for any other.
pub(crate) fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    let first_ok = if WATCHED_FILES.contains(&first.as_ref()) {
        parts.next().is_none()
    } else {
        WATCHED_DIRS.contains(&first.as_ref())
    };
    // Editor backups and temporary files never reach the site.
    let ignored = rel
        .components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()));
    (first_ok && !ignored).then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevance() {
        let root = Path::new("/site");
        let yes = |path: &str, rel: &str| {
            assert_eq!(relevant(root, Path::new(path)), Some(PathBuf::from(rel)))
        };
        yes("/site/site.yaml", "site.yaml");
        yes("/site/content/members/杜杰.md", "content/members/杜杰.md");
        yes("/site/content/new-folder", "content/new-folder");
        yes(
            "/site/data/volunteer/2024台账.xlsx",
            "data/volunteer/2024台账.xlsx",
        );
        // Excel's lock file while a ledger is open is not a change.
        assert_eq!(
            relevant(root, Path::new("/site/data/volunteer/~$2024台账.xlsx")),
            None
        );
        yes(
            "/site/themes/default/templates/base.html",
            "themes/default/templates/base.html",
        );
        let no = |path: &str| assert_eq!(relevant(root, Path::new(path)), None);
        no("/site/output/index.html");
        no("/site/.pinpai-cache/images/a.json");
        no("/site/content/.杜杰.md.swp");
        no("/site/content/杜杰.md~");
        no("/site/site.yaml.bak");
        no("/elsewhere/content/a.md");
    }
}
