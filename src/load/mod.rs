//! Stage 2: read `content/` into source pages, sections and assets.
//!
//! A walk ([`walk`]) finds every file and what it is; each page and section
//! intro is then read and parsed exactly once, in parallel ([`parse`]).
//! Front-matter problems are reported with the file and the line of the
//! field; the body is kept for the resolve stage, which needs to know every
//! page before it can turn links and references into URLs. `serve` keeps
//! the parses between rebuilds ([`cache`]).

mod cache;
mod parse;
mod walk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::dates::Date;
use crate::diagnostics::{Code, Diagnostics};
use crate::model::{Kind, KindFields, Located};
use crate::paths::url_path;
use crate::slug::slugify;

pub use cache::{load_cached, Changed, LoadCache};

pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone, PartialEq)]
pub struct SourcePage {
    /// Relative to the site root: `content/members/杜杰.md`.
    pub source: String,
    /// Relative to `content/`, as `@/` links name it: `members/杜杰.md`.
    pub content_path: String,
    /// Folder that relative image paths are resolved against.
    pub dir: PathBuf,
    /// Site-root URL under which the files of `dir` are published.
    pub dir_url: String,
    /// Folder name under `content/`; empty for top-level pages.
    pub section: String,
    pub kind: Kind,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub tags: Vec<Located<String>>,
    pub weight: i64,
    pub draft: bool,
    pub cover: Option<Located<String>>,
    pub extra: serde_json::Value,
    pub fields: KindFields,
    /// Shared, so the copies `serve` keeps between rebuilds cost nothing.
    pub body: Arc<str>,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// `_index.md` of a section, or of the home page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SectionSource {
    pub source: String,
    /// Folder name under `content/`; empty for the home page.
    pub name: String,
    pub title: String,
    pub summary: Option<String>,
    pub extra: serde_json::Value,
    pub body: String,
    pub body_line: usize,
    pub dir: PathBuf,
    pub dir_url: String,
}

/// A non-Markdown file in `content/`, published as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub source: PathBuf,
    pub url: String,
}

#[derive(Debug, Default)]
pub struct Content {
    /// Shared with `serve`'s cache of parsed files.
    pub pages: Vec<Arc<SourcePage>>,
    /// Every folder under `content/`, by folder name.
    pub sections: BTreeMap<String, SectionSource>,
    pub home: Option<SectionSource>,
    pub assets: Vec<Asset>,
    /// Pages skipped because they are drafts.
    pub drafts: usize,
}

/// The URL name of a section folder.
pub fn section_slug(name: &str) -> String {
    let slug = slugify(name);
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
}

/// What reading one file gave, with its problems.
#[derive(Clone)]
struct FileParse {
    parsed: Parsed,
    diags: Diagnostics,
}

#[derive(Clone)]
enum Parsed {
    Page(Arc<SourcePage>),
    Index(SectionSource),
    Draft,
    Nothing,
}

pub fn load(root: &Path, config: &Config, drafts: bool, diags: &mut Diagnostics) -> Content {
    let content_dir = root.join(CONTENT_DIR);
    if !has_content_dir(&content_dir, diags) {
        return Content::default();
    }
    let walk = walk::walk_content(root, &content_dir);
    let parses: Vec<FileParse> = walk
        .entries
        .par_iter()
        .map(|entry| parse::parse_entry(root, &content_dir, entry, config, drafts))
        .collect();
    assemble(&walk, &parses, diags)
}

fn has_content_dir(content_dir: &Path, diags: &mut Diagnostics) -> bool {
    let found = content_dir.is_dir();
    if !found {
        diags.error(
            Code::Layout,
            CONTENT_DIR,
            None,
            "找不到 content 文件夹：网站的页面都写在 content/ 下（可用 pinpai init 新建示例网站）",
        );
    }
    found
}

/// The content of a walk and the parse of each of its entries (in walk
/// order): pages, section intros, and the files of page bundles whose page
/// was loaded.
fn assemble<'p>(
    walk: &walk::Walk,
    parses: impl IntoIterator<Item = &'p FileParse>,
    diags: &mut Diagnostics,
) -> Content {
    let mut content = Content {
        sections: walk.sections.clone(),
        assets: walk.assets.clone(),
        ..Content::default()
    };
    diags.extend(walk.diags.clone());
    for parse in parses {
        diags.extend(parse.diags.clone());
        match &parse.parsed {
            Parsed::Page(page) => content.pages.push(Arc::clone(page)),
            Parsed::Draft => content.drafts += 1,
            Parsed::Index(index) if index.name.is_empty() => content.home = Some(index.clone()),
            Parsed::Index(index) => {
                content.sections.insert(index.name.clone(), index.clone());
            }
            Parsed::Nothing => {}
        }
    }
    let page_urls: BTreeMap<&Path, &str> = content
        .pages
        .iter()
        .filter(|p| p.source.ends_with("/index.md"))
        .map(|p| (p.dir.as_path(), p.url.as_str()))
        .collect();
    let mut bundle_assets = Vec::new();
    for (dir, path) in &walk.bundle_assets {
        let Some(url) = page_urls.get(dir.as_path()) else {
            continue; // the bundle's page is a draft or failed to load
        };
        let rel = path.strip_prefix(dir).unwrap_or(path);
        bundle_assets.push(Asset {
            url: format!("{url}{}", url_path(rel)),
            source: path.clone(),
        });
    }
    content.assets.extend(bundle_assets);
    content
}
