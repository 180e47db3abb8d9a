//! `pinpai init` and `pinpai new`: files a user starts from.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::model::{self, Kind};
use crate::slug::slugify;

/// The example site of this repository, so `init` works anywhere.
static EXAMPLE_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EXAMPLE_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");
const EXAMPLE_CONFIG: &str = include_str!("../site.yaml");

/// Writes a new site into `dir`. Refuses a folder that already holds a site
/// or any of the files it would write.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.join("site.yaml").exists() || dir.join("content").exists() {
        return Err(format!(
            "{} 里已经有网站（site.yaml 或 content/），pinpai init 不会覆盖。请换一个空文件夹",
            dir.display()
        ));
    }
    let mut written = Vec::new();
    let write = |path: PathBuf, bytes: &[u8], written: &mut Vec<PathBuf>| -> Result<(), String> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("无法创建文件夹 {}：{e}", parent.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
        written.push(path);
        Ok(())
    };
    write(
        dir.join("site.yaml"),
        EXAMPLE_CONFIG.as_bytes(),
        &mut written,
    )?;
    for (base, tree) in [("content", &EXAMPLE_CONTENT), ("static", &EXAMPLE_STATIC)] {
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
pub fn new_page(root: &Path, kind: NewKind, title: &str, today: &str) -> Result<PathBuf, String> {
    let title = title.trim();
    if title.is_empty() {
        return Err("标题不能为空".into());
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!("无法从“{title}”生成文件名，请换一个标题"));
    }
    let kind = kind.kind();
    let folder = match kind.info().section {
        Some(section) => format!("content/{section}"),
        None => "content".to_string(),
    };
    let path = root.join(&folder).join(format!("{slug}.md"));
    if path.exists() {
        return Err(format!(
            "{folder}/{slug}.md 已经存在，pinpai 不会覆盖它。请换一个标题，或直接编辑这个文件"
        ));
    }
    let text = model::scaffold(kind, title, today);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("无法创建文件夹 {}：{e}", parent.display()))?;
    }
    fs::write(&path, text).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    Ok(path)
}
