//! Finding what is in `content/`: pages, section intros, page bundles and
//! the other files, before any file is read.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{section_slug, Asset, SectionSource};
use crate::diagnostics::{Code, Diagnostics};
use crate::model::{default_section_title, Kind};
use crate::paths::{is_ignored, relative, url_path};

#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) enum Entry {
    Page { path: PathBuf, bundle: bool },
    Index(PathBuf),
}

impl Entry {
    pub(super) fn path(&self) -> &Path {
        match self {
            Entry::Page { path, .. } | Entry::Index(path) => path,
        }
    }
}

/// What a walk of `content/` found, before any file is read.
pub(super) struct Walk {
    /// Pages and section intros, in walk order.
    pub(super) entries: Vec<Entry>,
    /// (bundle folder, file) of every file inside a page bundle.
    pub(super) bundle_assets: Vec<(PathBuf, PathBuf)>,
    pub(super) assets: Vec<Asset>,
    /// Every folder directly under `content/`, before its `_index.md` is read.
    pub(super) sections: BTreeMap<String, SectionSource>,
    pub(super) diags: Diagnostics,
    /// Every file found, sorted, to tell an edited file from a new one.
    pub(super) files: Vec<PathBuf>,
}

/// Finds every file and section folder in `content/`, and what each file is.
pub(super) fn walk_content(root: &Path, content_dir: &Path) -> Walk {
    let mut walk = Walk {
        entries: Vec::new(),
        bundle_assets: Vec::new(),
        assets: Vec::new(),
        sections: BTreeMap::new(),
        diags: Diagnostics::new(),
        files: Vec::new(),
    };
    let mut files = Vec::new();
    for entry in WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()))
    {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(e) if e.file_type().is_dir() && e.depth() == 1 => {
                let name = e.file_name().to_string_lossy().into_owned();
                walk.sections.insert(
                    name.clone(),
                    SectionSource {
                        title: default_section_title(&name),
                        dir_url: format!("/{}/", section_slug(&name)),
                        dir: e.path().to_path_buf(),
                        name,
                        ..Default::default()
                    },
                );
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_default();
                walk.diags
                    .error(Code::Read, path, None, crate::textfile::walk_problem(&err));
            }
        }
    }

    // The three collections always have their list page, even before their
    // folder exists: the default menu and the home page link to them.
    for name in Kind::collection_sections() {
        walk.sections
            .entry(name.to_string())
            .or_insert_with(|| SectionSource {
                title: default_section_title(name),
                dir_url: format!("/{name}/"),
                dir: content_dir.join(name),
                name: name.to_string(),
                ..Default::default()
            });
    }

    classify(root, content_dir, &files, &mut walk);
    files.sort();
    walk.files = files;
    walk
}

/// Sorts the files found into pages, section intros, bundle files and
/// other files.
fn classify(root: &Path, content_dir: &Path, files: &[PathBuf], walk: &mut Walk) {
    // A folder holding `index.md` is a page bundle: its other files belong
    // to that page.
    let bundles: HashSet<PathBuf> = files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| dir != content_dir)
        .collect();

    for path in files {
        let bundle = if bundles.is_empty() {
            None
        } else {
            path.ancestors()
                .skip(1)
                .take_while(|a| *a != content_dir)
                .find(|a| bundles.contains(*a))
        };
        let is_markdown = is_markdown(path);
        let name = path.file_name().map(|n| n.to_string_lossy());
        let path = path.clone();
        match (bundle, is_markdown, name.as_deref()) {
            (Some(dir), _, Some("index.md")) if path.parent() == Some(dir) => {
                walk.entries.push(Entry::Page { path, bundle: true })
            }
            (Some(dir), _, _) => walk.bundle_assets.push((dir.to_path_buf(), path)),
            (None, true, Some("_index.md")) => walk.entries.push(Entry::Index(path)),
            (None, true, _)
                if path.parent() == Some(content_dir) && name.as_deref() == Some("index.md") =>
            {
                walk.diags.error(
                    Code::Layout,
                    relative(root, &path),
                    None,
                    "content/index.md 请改名为 content/_index.md（首页介绍）",
                );
            }
            (None, true, _) => walk.entries.push(Entry::Page {
                path,
                bundle: false,
            }),
            (None, false, _) => {
                let rel = path.strip_prefix(content_dir).unwrap_or(&path);
                walk.assets.push(Asset {
                    url: asset_url(rel),
                    source: path.clone(),
                });
            }
        }
    }
}

/// `.md`, `.MD` and `.markdown` files are pages (Windows hides extensions,
/// and some editors save in capitals).
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn asset_url(rel: &Path) -> String {
    format!("/{}", url_path(rel))
}
