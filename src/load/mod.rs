//! Stage 2: read `content/` into source pages, sections and assets.
//!
//! A walk ([`walk`]) finds every file and what it is; each page and section
//! intro is then read and parsed exactly once, in parallel ([`parse`]).
//! Front-matter problems are reported with the file and the line of the
//! field; the body is kept for the resolve stage, which needs to know every
//! page before it can turn links and references into URLs. The rows of the
//! volunteer ledgers in `data/volunteer/` become volunteer records beside
//! them ([`ledgers`]). `serve` keeps the parses between rebuilds ([`cache`]).

mod cache;
mod intro;
mod ledgers;
mod parse;
pub(crate) use parse::parse_page_text;
mod walk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::dates::Date;
use crate::diagnostics::{Code, Diagnostics, Place, SheetCell};
use crate::model::{Kind, KindFields, Located};
use crate::paths::url_path;
use crate::review::{PageReview, State};
use crate::slug::slugify;

pub use cache::{load_cached, Changed, LoadCache};
pub use ledgers::LEDGER_DIR;
pub(crate) use parse::split_front_matter;

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
    /// A Markdown file, or a row of a volunteer ledger.
    pub origin: Origin,
    /// Where the page stands in review (`review.required`): a pending page
    /// is only loaded for a preview.
    pub review: PageReview,
}

/// Which unfinished pages a load takes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Include {
    /// `draft: true` pages (`--drafts`).
    pub drafts: bool,
    /// Pages still in review (`build --preview`, `serve`).
    pub pending: bool,
    /// With `drafts`: a draft with errors is left out, its errors told as
    /// warnings, instead of stopping the build (the workbench's 预览草稿: a
    /// half-written draft must not take the preview of every page away).
    pub lenient_drafts: bool,
}

/// A draft left out of the build: where it would be published.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftPage {
    pub source: String,
    pub url: String,
    /// Left out, with drafts shown leniently, for the problems it still has.
    pub unfinished: bool,
}

/// A page left out because it has not passed review: listed by `build`,
/// and named when a published page refers to it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingPage {
    /// The file (or ledger) as messages name it.
    pub source: String,
    pub title: String,
    pub state: State,
    /// As `@/` links name it (empty for a ledger).
    pub content_path: String,
    /// Where it would be published (empty for a ledger).
    pub url: String,
    /// What references may call it: slug, title, branch or person's name.
    pub names: Vec<String>,
    pub kind: Kind,
    /// Its version last approved at every level is published meanwhile
    /// (§9.5): the site keeps the page, its links and references.
    pub approved_published: bool,
    /// A section or home intro (`_index.md`): the section is published
    /// anyway, without the intro's text (or with the version approved).
    pub intro: bool,
}

/// Where a page was written.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A Markdown file: `source`, whose lines the `line` of each located
    /// value counts.
    Markdown,
    /// A row of a volunteer ledger (`source` is the ledger). The `line` of
    /// each located value of such a page is the 1-based column of its
    /// cell; [`SourcePage::place`] turns it into the cell.
    LedgerRow {
        sheet: Option<Arc<str>>,
        /// 1-based, as Excel numbers rows.
        row: u32,
        /// 0-based columns of 活动名称 and of 备注 (the body).
        title_column: u32,
        notes_column: u32,
    },
}

impl SourcePage {
    /// Where a value of this page (at `line`) was written, for messages: a
    /// line of its file, or a cell of its ledger row. `None` is the page as
    /// a whole: its file, or its row's 活动名称 cell.
    pub fn place(&self, line: Option<usize>) -> Place {
        match &self.origin {
            Origin::Markdown => Place {
                line,
                ..Place::file(&self.source)
            },
            Origin::LedgerRow {
                sheet,
                row,
                title_column,
                ..
            } => {
                let column = match line {
                    Some(line) => u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX),
                    None => *title_column,
                };
                Place::cell(&self.source, ledger_cell(sheet, *row, column))
            }
        }
    }

    /// Where a line of the body was written: that line of the file, or the
    /// 备注 cell of a ledger row.
    pub fn body_place(&self, line_in_body: usize) -> Place {
        match &self.origin {
            Origin::Markdown => Place::line(&self.source, self.body_line + line_in_body - 1),
            Origin::LedgerRow {
                sheet,
                row,
                notes_column,
                ..
            } => Place::cell(&self.source, ledger_cell(sheet, *row, *notes_column)),
        }
    }

    /// The page as another page's message names it: `content/a.md`, or
    /// `data/volunteer/台账.xlsx:Sheet1!B5` (its row's title cell).
    pub fn shown(&self) -> String {
        match self.origin {
            Origin::Markdown => self.source.clone(),
            Origin::LedgerRow { .. } => self.place(None).to_string(),
        }
    }

    pub fn is_ledger_row(&self) -> bool {
        matches!(self.origin, Origin::LedgerRow { .. })
    }
}

fn ledger_cell(sheet: &Option<Arc<str>>, row: u32, column: u32) -> SheetCell {
    SheetCell {
        sheet: sheet.clone(),
        row: row.saturating_sub(1),
        column,
    }
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
    /// Reviewed like a page when `review.required` is on (§9.5).
    pub review: PageReview,
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
    /// Those drafts, for `serve` to explain an address that shows nothing.
    pub draft_pages: Vec<DraftPage>,
    /// Pages (and ledgers) skipped because they are still in review.
    pub pending: Vec<PendingPage>,
}

impl Content {
    fn add_intro(&mut self, intro: SectionSource) {
        if intro.name.is_empty() {
            self.home = Some(intro);
        } else {
            self.sections.insert(intro.name.clone(), intro);
        }
    }
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
pub(crate) enum Parsed {
    Page(Arc<SourcePage>),
    Index(SectionSource),
    Draft(DraftPage),
    Pending(PendingPage),
    /// An edit in review, and the approved copy published in its place
    /// with the files kept beside it.
    Approved(Arc<SourcePage>, PendingPage, Vec<Asset>),
    /// An intro in review, and what is published in its place: its
    /// approved copy with the files kept beside it, or only its title.
    IntroInReview(SectionSource, PendingPage, Vec<Asset>),
    Nothing,
}

pub fn load(root: &Path, config: &Config, include: Include, diags: &mut Diagnostics) -> Content {
    let content_dir = root.join(CONTENT_DIR);
    if !has_content_dir(&content_dir, diags) {
        return Content::default();
    }
    let walk = walk::walk_content(root, &content_dir);
    let parses: Vec<FileParse> = walk
        .entries
        .par_iter()
        .map(|entry| parse::parse_entry(root, &content_dir, entry, config, include))
        .collect();
    let mut content = assemble(&walk, &parses, diags);
    let (paths, found_diags) = ledgers::find_ledgers(root);
    diags.extend(found_diags);
    let read = ledgers::read_all(root, &paths, config);
    for parse in &read {
        diags.extend(parse.diags.clone());
    }
    let ledgers = paths.iter().map(PathBuf::as_path).zip(&read);
    let (pages, pending) = ledgers::pages(root, ledgers, include);
    content.pending.extend(pending);
    add_ledger_pages(&mut content, &content_dir, pages);
    content
}

/// The records of the ledgers, after the Markdown pages; their section
/// exists even when `content/` has no folder for it.
fn add_ledger_pages(content: &mut Content, content_dir: &Path, pages: Vec<Arc<SourcePage>>) {
    let Some(first) = pages.first() else {
        return;
    };
    let name = first.section.clone();
    content
        .sections
        .entry(name.clone())
        .or_insert_with(|| SectionSource {
            title: crate::model::default_section_title(&name),
            dir_url: format!("/{}/", section_slug(&name)),
            dir: content_dir.join(&name),
            name,
            ..Default::default()
        });
    content.pages.extend(pages);
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
    let mut kept_files: Vec<Asset> = Vec::new();
    for parse in parses {
        diags.extend(parse.diags.clone());
        match &parse.parsed {
            Parsed::Page(page) => content.pages.push(Arc::clone(page)),
            Parsed::Draft(page) => {
                content.drafts += 1;
                content.draft_pages.push(page.clone());
            }
            Parsed::Pending(page) => content.pending.push(page.clone()),
            Parsed::Approved(page, pending, files) => {
                content.pages.push(Arc::clone(page));
                content.pending.push(pending.clone());
                kept_files.extend(files.iter().cloned());
            }
            Parsed::Index(index) => content.add_intro(index.clone()),
            Parsed::IntroInReview(index, pending, files) => {
                content.add_intro(index.clone());
                content.pending.push(pending.clone());
                kept_files.extend(files.iter().cloned());
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
    // The files of approved copies are published at their URLs in place
    // of what `content/` holds there now (a photo replaced by the edit in
    // review).
    if !kept_files.is_empty() {
        let kept_urls: std::collections::HashSet<&str> =
            kept_files.iter().map(|a| a.url.as_str()).collect();
        content
            .assets
            .retain(|a| !kept_urls.contains(a.url.as_str()));
        content.assets.extend(kept_files);
    }
    content
}
