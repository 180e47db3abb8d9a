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

/// `pinpai init --empty`: the configuration and the folders, no example
/// content; every setting a new site is likely to change, explained.
const EMPTY_CONFIG: &str = "# 网站配置：改成自己医院的名称后运行 pinpai serve 预览\n\
title: 医院党建之窗\n\
description: 医院党委主办，展示支部品牌、先锋风采与志愿服务。\n\
hospital: 医院名称\n\
base_url: \"/\"\n\
# 双击 output/index.html 也能正常浏览（见 docs/DEPLOY.md）\n\
relative_urls: true\n\
paginate: 12\n\
# 院徽或党委标志：把图片放进 static/images/，再去掉下一行开头的 #\n\
# logo: /images/logo.png\n\
# 主题颜色（主色用于通栏和菜单，强调色用于金色点缀），不写就用默认的党建红和金色\n\
# colors:\n\
#   primary: \"#C8161D\"\n\
#   accent: \"#D4A64A\"\n\
# 菜单：不需要的栏目整行删掉即可\n\
nav:\n\
  - {title: 首页, url: /}\n\
  - {title: 支部品牌, url: /branches/}\n\
  - {title: 先锋风采, url: /members/}\n\
  - {title: 志愿服务, url: /volunteer/}\n\
  - {title: 新闻动态, url: /news/}\n\
  - {title: 荣誉榜, url: /honors/}\n\
  - {title: 大事记, url: /timeline/}\n\
# 审核：改为 required: true 后，页面要按顺序通过各级审核才会发布\n\
review:\n  required: false\n  levels: [初审, 复审, 终审]\n";

/// The folders of an empty site, each with its intro (`_index.md`).
const EMPTY_CONTENT: &[(&str, &str)] = &[
    ("content/_index.md", "---\ntitle: 党建引领　守护健康\n---\n\n在这里写首页的介绍。\n"),
    ("content/branches/_index.md", "---\ntitle: 支部品牌\n---\n\n在这里介绍“一支部一品牌”。新建品牌：pinpai new branch 品牌名称\n"),
    ("content/members/_index.md", "---\ntitle: 先锋风采\n---\n\n在这里介绍先锋风采栏目。新建人物：pinpai new member 姓名\n"),
    ("content/volunteer/_index.md", "---\ntitle: 志愿服务\n---\n\n在这里介绍党员志愿服务。新建记录：pinpai new volunteer 活动名称；台账放在 data/volunteer/\n"),
    ("content/news/_index.md", "---\ntitle: 新闻动态\n---\n"),
];

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
    /// `new` with a KIND that is neither a kind nor a folder of `content/`.
    UnknownKind {
        typed: String,
        sections: Vec<String>,
    },
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
            ScaffoldError::UnknownKind { typed, sections } => write!(
                f,
                "“{typed}”既不是页面类型（branch 支部品牌、member 先锋风采、volunteer 志愿服务、page 独立页面），也不是 content/ 里的栏目文件夹（现有：{}）。要新建栏目，请先建文件夹 content/{typed}",
                sections.join("、")
            ),
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
    let bytes = crate::textfile::for_this_system(path, bytes);
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
    init_example(dir)
}

/// Writes a new site without example content (`init --empty`): the
/// configuration, the section folders with their intros, `static/` and
/// `data/volunteer/` for ledgers.
pub fn init_empty(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.join("site.yaml").exists() || dir.join("content").exists() {
        return Err(ScaffoldError::SiteExists(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    write_file(&dir.join("site.yaml"), EMPTY_CONFIG.as_bytes())?;
    written.push(dir.join("site.yaml"));
    for (path, text) in EMPTY_CONTENT {
        write_file(&dir.join(path), text.as_bytes())?;
        written.push(dir.join(path));
    }
    for folder in ["static", "data/volunteer"] {
        let path = dir.join(folder);
        fs::create_dir_all(&path).map_err(|error| ScaffoldError::CreateFolder { path, error })?;
    }
    Ok(written)
}

fn init_example(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
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

/// What `pinpai new` writes: a page kind (`branch`, `member`, `volunteer`,
/// `page`) or a section folder of the site (`news`, `notices`…), whose
/// pages are plain dated pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKind {
    kind: Kind,
    /// The folder under `content/`; empty for a top-level page.
    folder: String,
}

impl NewKind {
    /// `KIND` as typed: a kind's name (English, as in the docs, or its
    /// folder's name), else the name of an existing folder of `content/`.
    pub fn parse(root: &Path, typed: &str) -> Result<NewKind, ScaffoldError> {
        let typed = typed.trim().trim_end_matches(['/', '\\']);
        let known = match typed {
            "branch" | "branches" => Some(Kind::Branch),
            "member" | "members" => Some(Kind::Member),
            "volunteer" => Some(Kind::Volunteer),
            "page" => Some(Kind::Page),
            _ => None,
        };
        if let Some(kind) = known {
            let folder = kind.info().section.unwrap_or("").to_string();
            return Ok(NewKind { kind, folder });
        }
        let content = root.join("content");
        let plain =
            !typed.is_empty() && !typed.starts_with('.') && !typed.contains(['/', '\\', ':']);
        if plain && content.join(typed).is_dir() {
            return Ok(NewKind {
                kind: Kind::of_section(typed),
                folder: typed.to_string(),
            });
        }
        Err(ScaffoldError::UnknownKind {
            typed: typed.to_string(),
            sections: section_folders(&content),
        })
    }
}

/// The section folders of `content/`, sorted, as messages offer them.
pub fn section_folders(content: &Path) -> Vec<String> {
    let mut sections: Vec<String> = fs::read_dir(content)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    sections.sort();
    sections
}

/// Writes a new content file with every field of its kind; returns its path.
pub fn new_page(
    root: &Path,
    kind: &NewKind,
    title: &str,
    today: &str,
) -> Result<PathBuf, ScaffoldError> {
    let planned = plan_new_page(root, kind, title, today)?;
    let path = root.join(&planned.path);
    write_file(&path, planned.text.as_bytes())?;
    Ok(path)
}

/// A new page's place and text, before anything is written (the workbench
/// writes it through its editor, `pinpai new` straight away).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedPage {
    /// Relative to the site, `/`-separated: `content/news/qi-yi.md`.
    pub path: String,
    /// Unix line ends (the writer makes them the system's).
    pub text: String,
}

/// Where `pinpai new KIND TITLE` would write, and what: refused when the
/// file exists or another page of the folder has the same URL.
pub fn plan_new_page(
    root: &Path,
    kind: &NewKind,
    title: &str,
    today: &str,
) -> Result<PlannedPage, ScaffoldError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::NoFileName(title.to_string()));
    }
    let folder = if kind.folder.is_empty() {
        "content".to_string()
    } else {
        format!("content/{}", kind.folder)
    };
    let path = format!("{folder}/{slug}.md");
    if root.join(&path).exists() {
        return Err(ScaffoldError::FileExists(path));
    }
    if let Some(other) = page_with_slug(&root.join(&folder), &slug) {
        let shown = crate::paths::relative(root, &other);
        return Err(ScaffoldError::SameUrl { other: shown, slug });
    }
    Ok(PlannedPage {
        path,
        text: model::scaffold(kind.kind, title, today),
    })
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
