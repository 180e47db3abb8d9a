//! Reading a section intro or the home intro (`_index.md`), and, with
//! `review.required`, reviewing it like a page (CONTENT-MODEL §9.5): an
//! intro not yet passed at every level is not published by a normal
//! build. Its version last approved is published in its place when one is
//! kept (`.pinpai/approved/…`); else the section is published without it:
//! under the title it gives, without its text, summary or `extra`.

use std::path::{Path, PathBuf};

use super::parse::{review_state, Document};
use super::{section_slug, Asset, Include, Parsed, PendingPage, SectionSource};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostics};
use crate::lint;
use crate::model::{default_section_title, Kind, SECTION_FIELDS};
use crate::paths::{relative, url_path};
use crate::yaml::{Fields, KeyLines};

/// Where an `_index.md` is.
pub(super) struct IndexFile<'a> {
    pub root: &'a Path,
    pub content_dir: &'a Path,
    pub path: &'a Path,
}

pub(super) fn parse_index(
    file: &IndexFile,
    config: &Config,
    include: Include,
    diags: &mut Diagnostics,
) -> Parsed {
    let rel = relative(file.root, file.path);
    let Some(name) = section_name(file, &rel, diags) else {
        return Parsed::Nothing;
    };
    let Some(doc) = Document::read(file.path, &rel, diags) else {
        return Parsed::Nothing;
    };
    let dir = file.path.parent().unwrap_or(file.content_dir);
    let mut intro = read_intro(&doc, &name, &rel, dir, file.path, config, diags);
    if !intro.review.is_pending() {
        return Parsed::Index(intro);
    }
    let copy = crate::review::approved::page(file.root, &rel);
    if include.pending {
        // Shown with its 送审稿 band, which says what the site has meanwhile.
        intro.review.approved_live = copy.is_some();
        return Parsed::Index(intro);
    }
    let published = copy.and_then(|copy| approved_intro(&copy, &name, &rel, config));
    let pending = PendingPage {
        source: rel,
        title: intro.title.clone(),
        state: intro.review.state.clone(),
        content_path: String::new(),
        url: intro.dir_url.clone(),
        names: Vec::new(),
        kind: Kind::of_section(&name),
        approved_published: published.is_some(),
        intro: true,
    };
    match published {
        Some((intro, files)) => Parsed::IntroInReview(intro, pending, files),
        // The section keeps the name its intro gives it (as the menu in
        // site.yaml names it, unreviewed too): a folder name such as
        // `dangshi` would head the page otherwise. Nothing else of it.
        None => {
            let named_only = SectionSource {
                summary: None,
                extra: serde_json::Value::Null,
                body: String::new(),
                review: Default::default(),
                ..intro
            };
            Parsed::IntroInReview(named_only, pending, Vec::new())
        }
    }
}

/// The folder name under `content/` (empty for the home intro); `None`,
/// with a warning, for an `_index.md` deeper down, which nothing uses.
fn section_name(file: &IndexFile, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let dir = file.path.parent().unwrap_or(file.content_dir);
    if dir == file.content_dir {
        return Some(String::new());
    }
    match dir.strip_prefix(file.content_dir).map(url_path) {
        Ok(name) if !name.contains('/') => Some(name),
        _ => {
            diags.warning(
                Code::Layout,
                rel,
                None,
                "_index.md 只能放在 content/ 或栏目文件夹的第一层，这个文件没有用到",
            );
            None
        }
    }
}

/// The intro as written; `dir` is where the files it names are (the
/// section's folder, or the folder of its approved copy), `on_disk` the
/// file read.
fn read_intro(
    doc: &Document,
    name: &str,
    rel: &str,
    dir: &Path,
    on_disk: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> SectionSource {
    let lines = KeyLines::new(doc.front());
    let mut f = Fields::new(&doc.map, &lines, rel, 1, diags);
    f.reject_unknown(SECTION_FIELDS, "栏目介绍");
    let title = f
        .string("title")
        .unwrap_or_else(|| default_section_title(name));
    let summary = f.string("summary");
    let extra = f.extra("extra");
    let review = review_state(&mut f, config, doc, on_disk);
    lint::check(&doc.text, &config.lint, rel, f.diags);
    let dir_url = if name.is_empty() {
        "/".into()
    } else {
        format!("/{}/", section_slug(name))
    };
    SectionSource {
        source: rel.to_string(),
        name: name.to_string(),
        title,
        summary,
        extra,
        body: doc.body().to_string(),
        body_line: doc.body_line,
        dir: dir.to_path_buf(),
        dir_url,
        review,
    }
}

/// The copy of an intro last approved at every level, with the files kept
/// beside it as the assets they are published as; `None` when it does not
/// load without problems (as for pages: its messages would name lines of
/// a copy the officer never sees).
fn approved_intro(
    copy: &Path,
    name: &str,
    rel: &str,
    config: &Config,
) -> Option<(SectionSource, Vec<Asset>)> {
    let mut own = Diagnostics::new();
    let doc = Document::read(copy, rel, &mut own)?;
    let dir: PathBuf = copy.parent()?.to_path_buf();
    let intro = read_intro(&doc, name, rel, &dir, copy, config, &mut own);
    if own.has_errors() || intro.review.is_pending() {
        return None;
    }
    let files = super::parse::kept_assets(copy, &intro.dir_url);
    Some((intro, files))
}
