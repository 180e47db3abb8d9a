//! `pinpai init` and `pinpai new`: files a user starts from.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::model::{self, Kind};
use crate::slug::slugify;

/// The example site of this repository, so `init` works anywhere.
static EXAMPLE_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EXAMPLE_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");
/// The example volunteer ledger (and its photos), so staff see the feature.
static EXAMPLE_DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");
const EXAMPLE_CONFIG: &str = include_str!("../site.yaml");

/// Why `init` or `new` wrote nothing, in words for the user.
#[derive(Debug)]
pub enum ScaffoldError {
    /// `init` in a folder that already has `site.yaml` or `content/`.
    SiteExists(PathBuf),
    EmptyTitle,
    /// No file name can be made from the title.
    NoFileName(String),
    /// `new` would overwrite this file (shown relative to the site).
    FileExists(String),
    /// Another page in the folder already has the URL the new one would get.
    SameUrl {
        other: String,
        slug: String,
    },
    CreateFolder {
        path: PathBuf,
        error: io::Error,
    },
    Write {
        path: PathBuf,
        error: io::Error,
    },
}

impl fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScaffoldError::SiteExists(dir) => write!(
                f,
                "{} 里已经有网站（site.yaml 或 content/），pinpai init 不会覆盖。请换一个空文件夹",
                dir.display()
            ),
            ScaffoldError::EmptyTitle => write!(f, "标题不能为空"),
            ScaffoldError::NoFileName(title) => {
                write!(f, "无法从“{title}”生成文件名，请换一个标题")
            }
            ScaffoldError::FileExists(path) => write!(
                f,
                "{path} 已经存在，pinpai 不会覆盖它。请换一个标题，或直接编辑这个文件"
            ),
            ScaffoldError::SameUrl { other, slug } => write!(
                f,
                "{other} 的网址名已经是 {slug}，再建一个会有两个页面用同一个网址。请直接编辑 {other}，或换一个标题"
            ),
            ScaffoldError::CreateFolder { path, error } => {
                write!(f, "无法创建文件夹 {}：{error}", path.display())
            }
            ScaffoldError::Write { path, error } => {
                write!(f, "无法写入 {}：{error}", path.display())
            }
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// Writes `bytes` to `path`, creating its folder.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|error| ScaffoldError::CreateFolder {
            path: parent.to_path_buf(),
            error,
        })?;
    }
    fs::write(path, bytes).map_err(|error| ScaffoldError::Write {
        path: path.to_path_buf(),
        error,
    })
}

/// Writes a new site into `dir`. Refuses a folder that already holds a site
/// or any of the files it would write.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.join("site.yaml").exists() || dir.join("content").exists() {
        return Err(ScaffoldError::SiteExists(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    let write = |path: PathBuf, bytes: &[u8], written: &mut Vec<PathBuf>| {
        write_file(&path, bytes)?;
        written.push(path);
        Ok::<(), ScaffoldError>(())
    };
    write(
        dir.join("site.yaml"),
        EXAMPLE_CONFIG.as_bytes(),
        &mut written,
    )?;
    let trees = [
        ("content", &EXAMPLE_CONTENT),
        ("static", &EXAMPLE_STATIC),
        ("data", &EXAMPLE_DATA),
    ];
    for (base, tree) in trees {
        let mut files = Vec::new();
        collect(tree, &mut files);
        for file in files {
            write(
                dir.join(base).join(file.path()),
                file.contents(),
                &mut written,
            )?;
        }
    }
    Ok(written)
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        collect(d, out);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// 支部品牌
    Branch,
    /// 先锋风采
    Member,
    /// 志愿服务记录
    Volunteer,
    /// 独立页面（如“关于本站”）
    Page,
}

impl NewKind {
    fn kind(self) -> Kind {
        match self {
            NewKind::Branch => Kind::Branch,
            NewKind::Member => Kind::Member,
            NewKind::Volunteer => Kind::Volunteer,
            NewKind::Page => Kind::Page,
        }
    }
}

/// Writes a new content file with every field of its kind; returns its path.
pub fn new_page(
    root: &Path,
    kind: NewKind,
    title: &str,
    today: &str,
) -> Result<PathBuf, ScaffoldError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::NoFileName(title.to_string()));
    }
    let kind = kind.kind();
    let folder = match kind.info().section {
        Some(section) => format!("content/{section}"),
        None => "content".to_string(),
    };
    let path = root.join(&folder).join(format!("{slug}.md"));
    if path.exists() {
        return Err(ScaffoldError::FileExists(format!("{folder}/{slug}.md")));
    }
    if let Some(other) = page_with_slug(&root.join(&folder), &slug) {
        let shown = crate::paths::relative(root, &other);
        return Err(ScaffoldError::SameUrl { other: shown, slug });
    }
    let text = model::scaffold(kind, title, today);
    write_file(&path, text.as_bytes())?;
    Ok(path)
}

/// A page in `folder` (a file or a bundle) whose URL name is `slug`: from
/// its file name, or the `slug:` its front matter gives.
fn page_with_slug(folder: &Path, slug: &str) -> Option<PathBuf> {
    let entries = fs::read_dir(folder).ok()?;
    entries.flatten().map(|e| e.path()).find(|path| {
        let (file, stem) = if path.is_dir() {
            (path.join("index.md"), path.file_name())
        } else {
            (path.clone(), path.file_stem())
        };
        let is_page = file.is_file()
            && file.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown")
            });
        if !is_page {
            return false;
        }
        let written = fs::read_to_string(&file).ok().and_then(|text| {
            text.lines().take(40).find_map(|l| {
                l.strip_prefix("slug:")
                    .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
            })
        });
        let name = stem
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        slugify(written.as_deref().unwrap_or(&name)) == slug
    })
}
