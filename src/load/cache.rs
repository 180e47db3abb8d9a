//! What `serve` keeps of the load stage between rebuilds: the last walk of
//! `content/` and the parse of each file, so that an edit re-reads only the
//! files it touched. `build` and `check` use none of this.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use super::ledgers::{self, LedgerParse};
use super::walk::{walk_content, Entry, Walk};
use super::{
    add_ledger_pages, assemble, has_content_dir, parse, Content, FileParse, Include, PendingPage,
    SourcePage, CONTENT_DIR,
};
use crate::config::{Config, Lint, Review};
use crate::diagnostics::Diagnostics;
use crate::review;
use crate::stamp::Stamp;

/// Files changed since the previous load, relative to the site folder, as
/// the file watcher reported them; `None` when that is not known.
pub type Changed<'a> = Option<&'a [PathBuf]>;

/// Parsed files kept between rebuilds by `serve`. Told which files changed
/// (by the file watcher), it reads only those and does not walk `content/`
/// again unless a file or folder came or went. Told nothing, it walks and
/// re-reads each file whose modification time, size or inode changed. A
/// cached file's problems are reported again exactly as they were found.
#[derive(Default)]
pub struct LoadCache {
    /// What parsing depends on besides the file; every parse is dropped
    /// when it changes.
    settings: Option<Settings>,
    /// The previous walk, and the parse of each of its entries.
    walk: Option<Walk>,
    parses: Vec<Option<Cached>>,
    /// Changes happened that no load was told about.
    missed_changes: bool,
    ledgers: LedgerCache,
}

/// The ledgers as last read, and the pages made of their rows: kept (the
/// same `Arc`s, so resolve sees them unchanged) while no ledger changed.
#[derive(Default)]
struct LedgerCache {
    files: Vec<(PathBuf, LedgerStamps, LedgerParse)>,
    pages: Vec<Arc<SourcePage>>,
    pending: Vec<PendingPage>,
}

/// The stamps of a ledger and of its review file (`None`: no such file).
#[derive(Clone, Copy, PartialEq)]
struct LedgerStamps {
    ledger: Option<Stamp>,
    review: Option<Stamp>,
}

impl LedgerStamps {
    fn of(path: &Path) -> LedgerStamps {
        LedgerStamps {
            ledger: Stamp::of(path),
            review: Stamp::of(&review::ledger::sidecar(path)),
        }
    }

    /// Unchanged since `old`, and old enough to tell.
    fn same_as(&self, old: &LedgerStamps, now: SystemTime) -> bool {
        self == old
            && self.ledger.is_some_and(|s| s.trusted(now))
            && self.review.is_none_or(|s| s.trusted(now))
    }
}

impl LedgerCache {
    /// Every ledger, re-reading those named by the watcher or whose stamp
    /// (or review file's) changed.
    fn load(
        &mut self,
        root: &Path,
        config: &Config,
        edited: Option<&HashSet<PathBuf>>,
        include: Include,
        diags: &mut Diagnostics,
    ) -> (Vec<Arc<SourcePage>>, Vec<PendingPage>) {
        let (paths, found_diags) = ledgers::find_ledgers(root);
        diags.extend(found_diags);
        let mut previous: HashMap<PathBuf, (LedgerStamps, LedgerParse)> = self
            .files
            .drain(..)
            .map(|(path, stamp, parse)| (path, (stamp, parse)))
            .collect();
        let now = SystemTime::now();
        let mut all_kept = previous.len() == paths.len();
        let files: Vec<(PathBuf, LedgerStamps, LedgerParse)> = paths
            .into_iter()
            .map(|path| {
                let stamp = LedgerStamps::of(&path);
                let is_edited = edited.is_some_and(|e| {
                    e.contains(&path) || e.contains(&review::ledger::sidecar(&path))
                });
                match previous.remove(&path) {
                    Some((old, parse)) if !is_edited && stamp.same_as(&old, now) => {
                        (path, stamp, parse)
                    }
                    _ => {
                        all_kept = false;
                        let parse = ledgers::read(root, &path, config);
                        (path, stamp, parse)
                    }
                }
            })
            .collect();
        for (_, _, parse) in &files {
            diags.extend(parse.diags.clone());
        }
        if !all_kept {
            let parses = files.iter().map(|(path, _, parse)| (path.as_path(), parse));
            (self.pages, self.pending) = ledgers::pages(root, parses, include);
        }
        self.files = files;
        (self.pages.clone(), self.pending.clone())
    }
}

#[derive(PartialEq)]
struct Settings {
    root: PathBuf,
    lint: Lint,
    review: Review,
    include: Include,
}

#[derive(Clone)]
struct Cached {
    /// `None` when the file could not be looked at: never trusted.
    stamp: Option<Stamp>,
    parse: FileParse,
}

impl LoadCache {
    /// Changes went by unread: the next load walks and stats every file.
    pub fn forget_changes(&mut self) {
        self.missed_changes = true;
    }

    /// The previous parses lined up with this load's walk, and whether
    /// that walk is the previous one (every change since was an edit of a
    /// file it found).
    fn take_walk(
        &mut self,
        root: &Path,
        content_dir: &Path,
        edited: Option<&HashSet<PathBuf>>,
    ) -> (Walk, Vec<Option<Cached>>, bool) {
        let mut previous = std::mem::take(&mut self.parses);
        let still_valid = |walk: &Walk, edited: &HashSet<PathBuf>| {
            edited.iter().all(|path| {
                !path.starts_with(content_dir)
                    || (walk.files.binary_search(path).is_ok() && path.is_file())
            })
        };
        match (self.walk.take(), edited) {
            (Some(walk), Some(edited))
                if walk.entries.len() == previous.len() && still_valid(&walk, edited) =>
            {
                (walk, previous, true)
            }
            (old, _) => {
                let walk = walk_content(root, content_dir);
                previous = match old {
                    Some(old) if old.entries.len() == previous.len() => {
                        let mut by_entry: HashMap<Entry, Cached> = old
                            .entries
                            .into_iter()
                            .zip(previous)
                            .filter_map(|(entry, cached)| Some((entry, cached?)))
                            .collect();
                        walk.entries.iter().map(|e| by_entry.remove(e)).collect()
                    }
                    _ => Vec::new(),
                };
                previous.resize_with(walk.entries.len(), || None);
                (walk, previous, false)
            }
        }
    }
}

/// [`super::load`], reusing the parse of every file unchanged since the
/// previous call with the same `cache`.
pub fn load_cached(
    root: &Path,
    config: &Config,
    include: Include,
    cache: &mut LoadCache,
    changed: Changed,
    diags: &mut Diagnostics,
) -> Content {
    let content_dir = root.join(CONTENT_DIR);
    if !has_content_dir(&content_dir, diags) {
        cache.walk = None;
        cache.parses.clear();
        return Content::default();
    }
    let changed = if std::mem::take(&mut cache.missed_changes) {
        None
    } else {
        changed
    };
    let settings = Settings {
        root: root.to_path_buf(),
        lint: config.lint.clone(),
        review: config.review.clone(),
        include,
    };
    if cache.settings.as_ref() != Some(&settings) {
        cache.parses.clear();
        cache.ledgers = LedgerCache::default();
        cache.settings = Some(settings);
    }
    let edited: Option<HashSet<PathBuf>> =
        changed.map(|paths| paths.iter().map(|p| root.join(p)).collect());
    let (walk, previous, walk_reused) = cache.take_walk(root, &content_dir, edited.as_ref());
    let now = SystemTime::now();
    let parses: Vec<Cached> = walk
        .entries
        .par_iter()
        .zip(previous.into_par_iter())
        .map(|(entry, hit)| {
            let is_edited = edited.as_ref().is_some_and(|e| e.contains(entry.path()));
            let fresh = |stamp| Cached {
                stamp,
                parse: parse::parse_entry(root, &content_dir, entry, config, include),
            };
            match hit.filter(|_| !is_edited) {
                // The watcher names every change: an unnamed file is as it was.
                Some(hit) if walk_reused => hit,
                // The stamp is taken before reading: a change while reading
                // shows as a different stamp next time.
                Some(hit) => match Stamp::of(entry.path()) {
                    Some(s) if hit.stamp == Some(s) && s.trusted(now) => hit,
                    stamp => fresh(stamp),
                },
                None => fresh(Stamp::of(entry.path())),
            }
        })
        .collect();
    let mut content = assemble(&walk, parses.iter().map(|c| &c.parse), diags);
    cache.walk = Some(walk);
    cache.parses = parses.into_iter().map(Some).collect();
    let (ledger_pages, pending) = cache
        .ledgers
        .load(root, config, edited.as_ref(), include, diags);
    content.pending.extend(pending);
    add_ledger_pages(&mut content, &content_dir, ledger_pages);
    content
}
