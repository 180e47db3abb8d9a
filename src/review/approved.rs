//! The version of a page last approved at every level (CONTENT-MODEL
//! §9.5), kept under `.pinpai/approved/` so that an edit in review does not
//! take the page off the site: until the edit passes, `pinpai build`
//! publishes this copy, byte for byte, in the page's place.
//!
//! Each page has a folder of its own, named after its file
//! (`.pinpai/approved/content/news/七一.md/`), holding the page under its
//! own name, the files it publishes at their relative places (its bundle,
//! or the photos it names), and `.digest`, the digest it was approved at.
//! A folder of its own: two pages of one section naming the same photo
//! keep each the bytes it was approved with.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Where approved versions are kept, inside the site folder.
pub const DIR: &str = ".pinpai/approved";
const DIGEST_FILE: &str = ".digest";

/// The folder of the page at `source` (site-relative, `/`-separated).
pub fn folder(root: &Path, source: &str) -> PathBuf {
    let mut dir = root.join(DIR);
    for part in source.split('/') {
        dir.push(part);
    }
    dir
}

/// The kept copy of the page at `source`, when there is one.
pub fn page(root: &Path, source: &str) -> Option<PathBuf> {
    let name = source.rsplit('/').next()?;
    let path = folder(root, source).join(name);
    path.is_file().then_some(path)
}

/// The digest the kept copy was approved at.
pub fn digest(root: &Path, source: &str) -> Option<String> {
    std::fs::read_to_string(folder(root, source).join(DIGEST_FILE))
        .ok()
        .map(|d| d.trim().to_string())
}

/// Keeps `text` (the page at `source`, file `page`) and its `files` as the
/// version approved at `approved_digest`, replacing the one kept before.
/// The copy is checked before it replaces anything: a file changed while
/// it was being copied gives another digest, and nothing is kept. Written
/// beside and renamed into place; if the last rename fails (a virus
/// scanner holding a file on Windows), the copy before is put back.
pub fn keep(
    root: &Path,
    source: &str,
    page: &Path,
    text: &[u8],
    files: &BTreeMap<String, PathBuf>,
    approved_digest: &str,
) -> io::Result<()> {
    let target = folder(root, source);
    let parent = target.parent().unwrap_or(root);
    std::fs::create_dir_all(parent)?;
    let fresh = tempfile::Builder::new()
        .prefix(".pinpai-approving-")
        .tempdir_in(parent)?;
    let name = page.file_name().unwrap_or_default();
    let copy = fresh.path().join(name);
    std::fs::write(&copy, text)?;
    for (rel, path) in files {
        let to = fresh.path().join(rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(path, to)?;
    }
    if digest_of_copy(&copy, source).as_deref() != Some(approved_digest) {
        return Err(io::Error::other(
            "复制时页面或它的文件又被改动了，没有另存；下次生成网站时会再试",
        ));
    }
    std::fs::write(fresh.path().join(DIGEST_FILE), approved_digest)?;
    // From here the temporary folder is ours to move or remove.
    let fresh = fresh.keep();
    let swapped = if target.exists() {
        let old = tempfile::Builder::new()
            .prefix(".pinpai-replaced-")
            .tempdir_in(parent)?
            .keep();
        std::fs::remove_dir(&old)?;
        std::fs::rename(&target, &old).and_then(|()| {
            std::fs::rename(&fresh, &target)
                .inspect(|()| {
                    let _ = std::fs::remove_dir_all(&old);
                })
                .inspect_err(|_| {
                    let _ = std::fs::rename(&old, &target);
                })
        })
    } else {
        std::fs::rename(&fresh, &target)
    };
    if swapped.is_err() {
        let _ = std::fs::remove_dir_all(&fresh);
    }
    swapped
}

/// The digest a build gives the copy at `copy`: its text as the build
/// reads it, and the files kept beside it.
fn digest_of_copy(copy: &Path, source: &str) -> Option<String> {
    let text = std::fs::read_to_string(copy).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = crate::textfile::without_controls(text);
    let mut scratch = crate::diagnostics::Diagnostics::new();
    let (front, body, _) = crate::load::split_front_matter(&text, source, &mut scratch)?;
    let map = crate::yaml::parse_mapping(front).ok()?;
    let files = super::files::page_files(copy, &map, body);
    Some(super::Digests::of(super::page_digest(&map, body), &files).full)
}

/// A page or intro a build published, as [`refresh`] takes it.
pub struct Published<'p> {
    pub source: &'p str,
    pub review: &'p super::PageReview,
    /// The folder it was read from: inside [`DIR`] when it is a kept copy.
    pub dir: &'p Path,
}

/// Keeps a copy of every page (and intro) that has passed every level and
/// has none yet, or an older one: pages approved before copies were kept,
/// or approved by hand. Run after a normal build, so that a later edit of
/// such a page does not take it off the site either. Returns what could
/// not be kept, as `(file, why)`.
pub fn refresh<'p>(
    root: &Path,
    published: impl Iterator<Item = Published<'p>>,
) -> Vec<(String, String)> {
    let kept_dir = root.join(DIR);
    let mut failed = Vec::new();
    for page in published {
        let passed = page.review.state == super::State::Passed;
        if !passed || page.dir.starts_with(&kept_dir) {
            continue;
        }
        if digest(root, page.source).as_deref() == Some(page.review.digest.as_str()) {
            continue;
        }
        let file = root.join(page.source);
        if let Err(e) = keep_from_disk(root, page.source, &file, &page.review.digest) {
            failed.push((page.source.to_string(), e.to_string()));
        }
    }
    failed
}

/// The page as it is on disk now, kept if it is still what was approved.
fn keep_from_disk(root: &Path, source: &str, file: &Path, digest: &str) -> io::Result<()> {
    keep_page(root, source, file, &std::fs::read(file)?, digest)
}

/// Keeps the page at `source` (file `file`) whose text is `bytes`, with
/// the files it publishes, as the version approved at `digest`.
pub fn keep_page(
    root: &Path,
    source: &str,
    file: &Path,
    bytes: &[u8],
    digest: &str,
) -> io::Result<()> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut scratch = crate::diagnostics::Diagnostics::new();
    let (front, body, _) = crate::load::split_front_matter(text, source, &mut scratch)
        .ok_or_else(|| io::Error::other("不是页面"))?;
    let map = crate::yaml::parse_mapping(front).map_err(|e| io::Error::other(e.message))?;
    let files = super::files::page_files(file, &map, body);
    keep(root, source, file, bytes, &files, digest)
}

/// The files kept with a copy (every file of its folder but the page and
/// the digest), by relative name.
pub fn kept_files(copy: &Path) -> BTreeMap<String, PathBuf> {
    let Some(dir) = copy.parent() else {
        return BTreeMap::new();
    };
    // `.digest` is hidden, as the build's own rule leaves it out.
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !crate::paths::is_ignored(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path() != copy)
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((name, e.path().to_path_buf()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest_of(page: &Path) -> String {
        digest_of_copy(page, "content/news/七一.md").unwrap()
    }

    #[test]
    fn a_kept_copy_replaces_the_one_before_with_its_own_files() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        let page_path = root.join("content/news/七一.md");
        std::fs::write(&page_path, "v1").unwrap();
        std::fs::write(root.join("content/news/合影.jpg"), "photo 1").unwrap();
        let files: BTreeMap<String, PathBuf> =
            [("合影.jpg".to_string(), root.join("content/news/合影.jpg"))].into();
        let v1 = "---\ntitle: 七一\ncover: 合影.jpg\n---\nv1\n";
        std::fs::write(&page_path, v1).unwrap();
        let d1 = digest_of(&page_path);
        keep(
            root,
            "content/news/七一.md",
            &page_path,
            v1.as_bytes(),
            &files,
            &d1,
        )
        .unwrap();
        let copy = page(root, "content/news/七一.md").unwrap();
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), v1);
        assert_eq!(digest(root, "content/news/七一.md"), Some(d1.clone()));
        assert_eq!(kept_files(&copy).keys().collect::<Vec<_>>(), ["合影.jpg"]);
        // Not what was approved: refused, the copy before kept.
        let other = b"---\ntitle: x\n---\n";
        let refused = keep(root, "content/news/七一.md", &page_path, other, &files, &d1);
        assert!(refused.is_err());
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), v1);
        let v2 = "---\ntitle: 七一\n---\nv2\n";
        std::fs::write(&page_path, v2).unwrap();
        let d2 = digest_of(&page_path);
        let none = BTreeMap::new();
        keep(
            root,
            "content/news/七一.md",
            &page_path,
            v2.as_bytes(),
            &none,
            &d2,
        )
        .unwrap();
        let copy = page(root, "content/news/七一.md").unwrap();
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), v2);
        assert!(kept_files(&copy).is_empty(), "the old copy's photo is gone");
        let leftovers: Vec<_> = std::fs::read_dir(root.join(DIR).join("content/news"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["七一.md"]);
    }
}
