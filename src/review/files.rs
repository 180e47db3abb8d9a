//! What an approval covers beyond a page's text (CONTENT-MODEL §9.5): the
//! bytes of every file the page publishes, so that a photo replaced after
//! 终审 makes the page pending again.
//!
//! A page's files are, for a bundle (`…/index.md`), every file of its
//! folder; for a single file, the files its fields and its body name by a
//! relative path that exists beside it (`cover: 合影.jpg`, `![](现场.jpg)`,
//! `[下载](通知.pdf)`, `<img src="…">`). `@/` links name pages, which are
//! reviewed on their own; web addresses are not the site's.
//!
//! The digest of such a page is written `v2-` + 16 hex digits. One written
//! before files were covered (16 hex digits, no prefix) still counts while
//! the text it approved is unchanged: see [`Digests::approves`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use serde_yaml::{Mapping, Value};
use sha2::{Digest, Sha256};

/// The prefix of digests that cover files.
pub const V2: &str = "v2-";

/// A page's two fingerprints: of its text only (what approvals recorded
/// before files were covered), and of its text and files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Digests {
    pub text: String,
    pub full: String,
}

impl Digests {
    /// One fingerprint for both (a ledger: the file's bytes).
    pub fn plain(digest: String) -> Digests {
        Digests {
            text: digest.clone(),
            full: digest,
        }
    }

    /// Whether an approval of `recorded` approves the page as it is now.
    pub fn approves(&self, recorded: &str) -> bool {
        if recorded.starts_with(V2) {
            recorded == self.full
        } else {
            // Recorded before files were covered: counts until the text
            // changes (its files were never fingerprinted).
            recorded == self.text
        }
    }

    /// A page's fingerprints from its text fingerprint and its files.
    pub fn of(text: String, files: &BTreeMap<String, PathBuf>) -> Digests {
        let mut all = text.clone();
        for (name, path) in files {
            all.push('\n');
            all.push_str(name);
            all.push(':');
            all.push_str(&file_hash(path));
        }
        Digests {
            full: format!("{V2}{}", super::short_sha256(all.as_bytes())),
            text,
        }
    }
}

/// The files a page at `page` (its `.md`) publishes: relative name (with
/// `/`) → file.
pub fn page_files(page: &Path, front: &Mapping, body: &str) -> BTreeMap<String, PathBuf> {
    let dir = page.parent().unwrap_or(Path::new("."));
    let mut files = BTreeMap::new();
    if page.file_name().is_some_and(|n| n == "index.md") {
        // What the build publishes of the folder: editors' backups and
        // hidden files are not (`paths::is_ignored`).
        for entry in walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !crate::paths::is_ignored(&e.file_name().to_string_lossy()))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.path() != page)
        {
            if let Ok(rel) = entry.path().strip_prefix(dir) {
                files.insert(slashed(rel), entry.path().to_path_buf());
            }
        }
        return files;
    }
    let mut names = Vec::new();
    for (key, value) in front {
        if key.as_str() != Some(super::KEY) {
            strings_of(value, &mut names);
        }
    }
    names.extend(body_targets(body));
    for name in names {
        if let Some((rel, path)) = beside(dir, &name) {
            files.insert(rel, path);
        }
    }
    files
}

/// Every string in a YAML value.
fn strings_of(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Sequence(items) => items.iter().for_each(|v| strings_of(v, out)),
        Value::Mapping(map) => map.values().for_each(|v| strings_of(v, out)),
        Value::Tagged(t) => strings_of(&t.value, out),
        _ => {}
    }
}

/// The addresses a body's links, images and HTML `src`/`href` name.
fn body_targets(body: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out = Vec::new();
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Image { dest_url, .. } | Tag::Link { dest_url, .. }) => {
                out.push(dest_url.to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => html_targets(&html, &mut out),
            _ => {}
        }
    }
    out
}

/// `src="…"` and `href="…"` in raw HTML (single or double quotes).
fn html_targets(html: &str, out: &mut Vec<String>) {
    let lower = html.to_ascii_lowercase();
    for attribute in ["src=", "href="] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(attribute) {
            let start = from + at + attribute.len();
            from = start;
            let Some(quote) = html[start..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
            else {
                continue;
            };
            let rest = &html[start + 1..];
            if let Some(end) = rest.find(quote) {
                out.push(rest[..end].to_string());
            }
        }
    }
}

/// `name` as a file beside the page, when it is one: relative, not a web
/// address or a page link, inside `dir`, existing.
fn beside(dir: &Path, name: &str) -> Option<(String, PathBuf)> {
    let name = name.split(['#', '?']).next()?.trim();
    if name.is_empty() || name.contains("://") || name.starts_with(['@', '/', '\\']) {
        return None;
    }
    if name.starts_with("mailto:") || name.starts_with("tel:") || name.starts_with("data:") {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(name)
        .decode_utf8()
        .ok()?;
    let rel = Path::new(decoded.as_ref());
    if rel
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return None;
    }
    // Another page (a link to `other.md`) is reviewed on its own; editors'
    // backups are not published.
    let file_name = rel.file_name()?.to_string_lossy();
    if crate::paths::is_ignored(&file_name) || file_name.to_ascii_lowercase().ends_with(".md") {
        return None;
    }
    let path = dir.join(rel);
    path.is_file().then(|| (slashed(rel), path))
}

fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The SHA-256 of a file's bytes, in hex; remembered by path, size and
/// modified time, so that a rebuild (serve) does not read every photo
/// again. A file that cannot be read hashes as `unreadable`, which no
/// approval matches.
fn file_hash(path: &Path) -> String {
    type Seen = HashMap<PathBuf, (u64, Option<SystemTime>, String)>;
    static SEEN: Mutex<Option<Seen>> = Mutex::new(None);
    let Ok(meta) = std::fs::metadata(path) else {
        return "unreadable".into();
    };
    let stamp = (meta.len(), meta.modified().ok());
    {
        let seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((len, modified, hash)) = seen.as_ref().and_then(|s| s.get(path)) {
            if (*len, *modified) == stamp {
                return hash.clone();
            }
        }
    }
    let hash: String = match std::fs::File::open(path) {
        Ok(mut file) => {
            let mut hasher = Sha256::new();
            match std::io::copy(&mut file, &mut hasher) {
                Ok(_) => hasher
                    .finalize()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
                Err(_) => return "unreadable".into(),
            }
        }
        Err(_) => return "unreadable".into(),
    };
    let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
    seen.get_or_insert_with(HashMap::new)
        .insert(path.to_path_buf(), (stamp.0, stamp.1, hash.clone()));
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_single_page_covers_the_files_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("dangke.md");
        for name in ["合影.jpg", "现场 1.jpg", "通知.pdf", "旁边.png", "别的.jpg"] {
            std::fs::write(dir.path().join(name), name).unwrap();
        }
        let files = page_files(
            &page,
            &front("cover: 合影.jpg\nreview: [{digest: 别的.jpg}]\n"),
            "![](现场%201.jpg)\n[下载](通知.pdf#p1) [页](@/news/a.md) [外](https://x.cn/a.jpg)\n<img src='旁边.png'> [无](没有.jpg) [上](../site.yaml) [另一页](dangke.md)\n",
        );
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(names, ["合影.jpg", "旁边.png", "现场 1.jpg", "通知.pdf"]);
    }

    #[test]
    fn a_bundle_covers_its_folder_and_a_replaced_photo_changes_the_digest() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("index.md");
        std::fs::write(&page, "x").unwrap();
        std::fs::create_dir(dir.path().join("照片")).unwrap();
        std::fs::write(dir.path().join("照片/1.jpg"), "old").unwrap();
        let files = page_files(&page, &Mapping::new(), "");
        assert_eq!(files.keys().collect::<Vec<_>>(), ["照片/1.jpg"]);
        let before = Digests::of("abc".into(), &files);
        assert!(before.full.starts_with(V2));
        assert!(before.approves(&before.full));
        assert!(
            before.approves("abc"),
            "an approval made before files counted"
        );
        // A different size, so the remembered hash is not used.
        std::fs::write(dir.path().join("照片/1.jpg"), "replaced").unwrap();
        let after = Digests::of("abc".into(), &page_files(&page, &Mapping::new(), ""));
        assert!(!after.approves(&before.full));
        assert!(after.approves("abc"));
        assert!(!after.approves("abd"));
    }
}
