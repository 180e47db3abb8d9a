//! A path inside the site folder, proven so before anything is written
//! (CONTENT-MODEL §9.3): whatever a request or an uploaded file's name
//! says, a write lands inside the site, never in `output/`, and never under
//! a name Windows cannot hold.

use std::fmt;
use std::path::{Path, PathBuf};

/// A path relative to the site folder, `/`-separated, every part checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SitePath(String);

/// Why a path was refused, in words for the officer (the workbench shows
/// them at the field or upload).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    Empty,
    /// `..`, or a leading `/`, `\`, drive letter or `\\?\`.
    Outside(String),
    /// NUL or another control character, or `<>:"|?*`.
    BadCharacter(String),
    /// `CON`, `NUL`, `COM1` … (with or without an extension).
    Reserved(String),
    /// A name ending in a dot or a space, which Windows drops.
    TrailingDotOrSpace(String),
    /// Not in a folder users write (`output/`, `.pinpai/`, `.git/` …).
    NotEditable(String),
    /// A symbolic link (or junction) on the way leads out of the site.
    LeadsOut(String),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Empty => write!(f, "没有文件名"),
            PathError::Outside(p) => write!(f, "“{p}”不在网站文件夹里，不能写入"),
            PathError::BadCharacter(p) => write!(
                f,
                "文件名“{p}”里有不能用的字符（< > : \" | ? * 或控制字符），请换一个名字"
            ),
            PathError::Reserved(p) => write!(
                f,
                "“{p}”是 Windows 保留的名字（CON、NUL、COM1 等），请换一个名字"
            ),
            PathError::TrailingDotOrSpace(p) => {
                write!(
                    f,
                    "文件名“{p}”以点或空格结尾，Windows 上无法保存，请换一个名字"
                )
            }
            PathError::NotEditable(p) => {
                write!(f, "“{p}”是 pinpai 自己管理的文件夹，不能在这里写入")
            }
            PathError::LeadsOut(p) => write!(f, "“{p}”经过一个指向网站文件夹外面的链接，不能写入"),
        }
    }
}

impl std::error::Error for PathError {}

/// What users write at the top of a site: an edit or upload lands in one
/// of these folders, or is `site.yaml`. Everything else there (`output/`,
/// `.pinpai/`, `.git/`, an editor's settings) is never written, whatever
/// name a request uses for it (a Windows short name such as `PINPAI~1`
/// included: [`SitePath::on_disk`] checks the folder a path really is).
const EDITABLE: [&str; 5] = ["content", "data", "static", "templates", "themes"];
const CONFIG: &str = "site.yaml";

/// Names Windows reserves for devices, in any case, with any extension.
const RESERVED_NAMES: [&str; 28] = [
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    "conin$", "conout$", "com¹", "com²",
];
/// The rest of the superscript-digit device names.
const RESERVED_MORE: [&str; 4] = ["com³", "lpt¹", "lpt²", "lpt³"];

impl SitePath {
    /// Checks a path as a request gives it (`content/news/七一.md`, with `/`
    /// or `\`). Only the text is checked here; [`SitePath::on_disk`] also
    /// follows links.
    pub fn parse(text: &str) -> Result<SitePath, PathError> {
        let shown = text.to_string();
        if text.is_empty() {
            return Err(PathError::Empty);
        }
        if text.starts_with(['/', '\\']) || text.starts_with("\\\\?\\") || has_drive(text) {
            return Err(PathError::Outside(shown));
        }
        let mut parts = Vec::new();
        for part in text.split(['/', '\\']) {
            match part {
                "" | "." => continue,
                ".." => return Err(PathError::Outside(shown)),
                _ => {}
            }
            check_name(part)?;
            parts.push(part);
        }
        let Some(first) = parts.first() else {
            return Err(PathError::Empty);
        };
        let editable = if parts.len() == 1 {
            *first == CONFIG
        } else {
            EDITABLE.contains(first)
        };
        if !editable {
            return Err(PathError::NotEditable(shown));
        }
        Ok(SitePath(parts.join("/")))
    }

    /// A folder files are put in (uploads, pasted pictures): also one of
    /// the editable folders themselves (`content` for a top-level page's
    /// photos), which is never a file to save or delete.
    pub fn parse_folder(text: &str) -> Result<SitePath, PathError> {
        let bare = text.trim_end_matches(['/', '\\']);
        if EDITABLE.contains(&bare) {
            return Ok(SitePath(bare.to_string()));
        }
        SitePath::parse(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file under `root`, after proving that no symbolic link or
    /// junction on the way leads out of the site (the parts that exist are
    /// resolved; the rest will be made as plain folders inside).
    pub fn on_disk(&self, root: &Path) -> Result<PathBuf, PathError> {
        let root = root
            .canonicalize()
            .map_err(|_| PathError::Outside(self.0.clone()))?;
        let mut path = root.clone();
        for part in self.0.split('/') {
            path.push(part);
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    let real = path
                        .canonicalize()
                        .map_err(|_| PathError::LeadsOut(self.0.clone()))?;
                    if !real.starts_with(&root) {
                        return Err(PathError::LeadsOut(self.0.clone()));
                    }
                }
                Ok(_) => {}
                // Not there yet: nothing below it can be a link.
                Err(_) => break,
            }
        }
        // The deepest folder of the path that exists, as the system resolves
        // it (links, junctions, short names, case): it must be inside the
        // site, and inside a folder users write.
        let existing = std::iter::successors(Some(root.join(&self.0)), |p| {
            p.parent().map(Path::to_path_buf)
        })
        .skip(1)
        .find(|p| p.is_dir())
        .unwrap_or_else(|| root.clone());
        let real = existing
            .canonicalize()
            .map_err(|_| PathError::LeadsOut(self.0.clone()))?;
        let Ok(inside) = real.strip_prefix(&root) else {
            return Err(PathError::LeadsOut(self.0.clone()));
        };
        let first = inside
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match first {
            // Nothing of the path exists yet below the site folder: its
            // first folder is made new, under the name `parse` checked.
            None => {}
            Some(folder) if EDITABLE.contains(&folder.as_str()) => {}
            _ => return Err(PathError::LeadsOut(self.0.clone())),
        }
        Ok(root.join(&self.0))
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::paths::native(&self.0))
    }
}

/// `C:…`, `c:` — a drive letter, absolute or drive-relative.
fn has_drive(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// One file or folder name: no character Windows refuses, no device name,
/// no trailing dot or space.
fn check_name(name: &str) -> Result<(), PathError> {
    let shown = name.to_string();
    if name
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
    {
        return Err(PathError::BadCharacter(shown));
    }
    if name.ends_with(['.', ' ']) {
        return Err(PathError::TrailingDotOrSpace(shown));
    }
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_lowercase();
    if RESERVED_NAMES
        .iter()
        .chain(&RESERVED_MORE)
        .any(|r| *r == stem)
    {
        return Err(PathError::Reserved(shown));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_inside_the_site_is_kept_with_slashes() {
        let p = SitePath::parse(r"content\news\七一 党课\现场 1.jpg").unwrap();
        assert_eq!(p.as_str(), "content/news/七一 党课/现场 1.jpg");
        assert_eq!(
            SitePath::parse("./content//a.md").unwrap().as_str(),
            "content/a.md"
        );
    }

    #[test]
    fn an_editable_folder_itself_is_only_a_folder() {
        assert_eq!(
            SitePath::parse_folder("content/").unwrap().as_str(),
            "content"
        );
        assert_eq!(
            SitePath::parse_folder("content/news").unwrap().as_str(),
            "content/news"
        );
        assert!(SitePath::parse("content").is_err());
        assert!(SitePath::parse_folder(".pinpai").is_err());
        assert!(SitePath::parse_folder("output").is_err());
        assert!(SitePath::parse_folder("../content").is_err());
    }

    #[test]
    fn every_way_out_is_refused() {
        for bad in [
            "../site.yaml",
            "content/../../etc/passwd",
            "/etc/passwd",
            r"\Windows\win.ini",
            r"C:\Windows\win.ini",
            "c:win.ini",
            r"\\?\C:\x",
            r"\\server\share\x",
        ] {
            assert!(
                matches!(SitePath::parse(bad), Err(PathError::Outside(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn names_windows_cannot_hold_are_refused() {
        for (bad, what) in [
            ("content/CON", "reserved"),
            ("content/nul.txt", "reserved"),
            ("content/Com1.md", "reserved"),
            ("content/a.md.", "trailing"),
            ("content/a.md ", "trailing"),
            ("content/a\0.md", "char"),
            ("content/a:b.md", "char"),
            ("content/a?.md", "char"),
            ("", "empty"),
            ("./", "empty"),
        ] {
            let got = SitePath::parse(bad);
            let ok = match what {
                "reserved" => matches!(got, Err(PathError::Reserved(_))),
                "trailing" => matches!(got, Err(PathError::TrailingDotOrSpace(_))),
                "char" => matches!(got, Err(PathError::BadCharacter(_))),
                _ => matches!(got, Err(PathError::Empty)),
            };
            assert!(ok, "{bad:?}: {got:?}");
        }
        assert!(SitePath::parse("content/console.md").is_ok());
        for bad in ["content/COM¹.txt", "content/lpt0", "content/CONIN$"] {
            assert!(
                matches!(SitePath::parse(bad), Err(PathError::Reserved(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn pinpais_own_folders_are_not_editable() {
        for bad in [
            "output/index.html",
            "OUTPUT/a",
            ".pinpai/history/x",
            ".pinpai-cache/a",
            ".git/config",
            "PINPAI~1/history/x",
            "Content/a.md",
            "desktop.ini",
            "a.md",
        ] {
            assert!(
                matches!(SitePath::parse(bad), Err(PathError::NotEditable(_))),
                "{bad}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_site_is_refused() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        std::os::unix::fs::symlink(outside.path(), site.path().join("content/link")).unwrap();
        let p = SitePath::parse("content/link/a.md").unwrap();
        assert!(matches!(
            p.on_disk(site.path()),
            Err(PathError::LeadsOut(_))
        ));
        let inside = SitePath::parse("content/news/a.md").unwrap();
        let path = inside.on_disk(site.path()).unwrap();
        assert!(path.starts_with(site.path().canonicalize().unwrap()));
        // A link inside the site that leads into pinpai's own folder.
        std::fs::create_dir_all(site.path().join(".pinpai/history")).unwrap();
        std::os::unix::fs::symlink(
            site.path().join(".pinpai"),
            site.path().join("content/mine"),
        )
        .unwrap();
        let sneaky = SitePath::parse("content/mine/history/x.md").unwrap();
        assert!(matches!(
            sneaky.on_disk(site.path()),
            Err(PathError::LeadsOut(_))
        ));
    }
}
