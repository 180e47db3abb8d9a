//! Volunteer ledgers (`data/volunteer/*.xlsx|csv`) as volunteer records:
//! every row a page held to the rules of a Markdown record, published at
//! `/volunteer/<date>-<pinyin of the title>/` (CONTENT-MODEL.md §7.2).
//!
//! The file is read by [`crate::ledger`]; this turns its rows into
//! [`SourcePage`]s whose positions are cells ([`Origin::LedgerRow`]), so
//! that resolve reports a wrong branch at `台账.xlsx:Sheet1!C5` the way it
//! reports one at `记录.md:4`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{section_slug, Include, Origin, PendingPage, SourcePage};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostics};
use crate::ledger::{read_ledger_bytes, Cell, LedgerRow};
use crate::lint;
use crate::model::{Kind, KindFields, Located, VolunteerFields};
use crate::paths::{is_ignored, relative};
use crate::review::{self, PageReview};
use crate::slug::slugify;

/// Where ledgers are kept, relative to the site folder.
pub const LEDGER_DIR: &str = "data/volunteer";

/// One ledger file read: its rows, where it stands in review, its problems.
#[derive(Clone)]
pub(super) struct LedgerParse {
    pub(super) rows: Vec<LedgerRow>,
    pub(super) review: PageReview,
    pub(super) diags: Diagnostics,
}

/// Every ledger under `data/volunteer/`, sorted, with a warning for each
/// spreadsheet pinpai cannot read (an old `.xls`, a WPS `.et`): staff who
/// put one there expect it counted.
pub(super) fn find_ledgers(root: &Path) -> (Vec<PathBuf>, Diagnostics) {
    let mut found = Vec::new();
    let mut diags = Diagnostics::new();
    let dir = root.join(LEDGER_DIR);
    if !dir.is_dir() {
        return (found, diags);
    }
    let entries = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in entries {
        let entry = match entry {
            Ok(entry) if entry.file_type().is_file() => entry,
            Ok(_) => continue,
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_default();
                diags.error(Code::Read, path, None, crate::textfile::walk_problem(&err));
                continue;
            }
        };
        let extension = entry
            .path()
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("xlsx" | "csv") => found.push(entry.into_path()),
            Some("xls" | "et" | "xlsm" | "ods") => diags.warning(
                Code::Read,
                relative(root, entry.path()),
                None,
                "没有读取这个表格：台账只能是 .xlsx 或 .csv。请在 Excel 或 WPS 里“另存为”Excel 工作簿（.xlsx）",
            ),
            _ => {}
        }
    }
    (found, diags)
}

/// Reads one ledger, with the `lint` wording checks on its text cells and
/// its review state (the whole file is reviewed).
pub(super) fn read(root: &Path, path: &Path, config: &Config) -> LedgerParse {
    let mut diags = Diagnostics::new();
    let shown = relative(root, path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.error(Code::Read, &shown, None, format!("无法读取这个台账：{e}"));
            return LedgerParse {
                rows: Vec::new(),
                review: PageReview::default(),
                diags,
            };
        }
    };
    let review = review::ledger::state(root, &config.review, path, &bytes, &mut diags);
    let rows = read_ledger_bytes(path, &bytes, &shown, &mut diags);
    for row in &rows {
        let texts = [&row.title, &row.notes];
        for cell in texts {
            lint::check_cell(
                &cell.value,
                &config.lint,
                row.place(cell.column),
                &mut diags,
            );
        }
    }
    LedgerParse {
        rows,
        review,
        diags,
    }
}

/// Reads every ledger, in parallel.
pub(super) fn read_all(root: &Path, paths: &[PathBuf], config: &Config) -> Vec<LedgerParse> {
    paths
        .par_iter()
        .map(|path| read(root, path, config))
        .collect()
}

/// The pages of every ledger's rows, and the ledgers left out because
/// they are still in review. Two rows with the same date and title would
/// share an address: the later ones get `-2`, `-3`… so that both are
/// published and the duplicate check can name them.
pub(super) fn pages<'a>(
    root: &Path,
    ledgers: impl IntoIterator<Item = (&'a Path, &'a LedgerParse)>,
    include: Include,
) -> (Vec<Arc<SourcePage>>, Vec<PendingPage>) {
    let section = Kind::Volunteer.info().section.unwrap_or("volunteer");
    let section_url = section_slug(section);
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut pages = Vec::new();
    let mut pending = Vec::new();
    for (path, parse) in ledgers {
        if parse.review.is_pending() && !include.pending {
            let source = relative(root, path);
            pending.push(PendingPage {
                title: format!("台账（{} 条记录）", parse.rows.len()),
                source,
                state: parse.review.state.clone(),
                content_path: String::new(),
                url: String::new(),
                names: Vec::new(),
                kind: Kind::Volunteer,
                approved_published: false,
                intro: false,
            });
            continue;
        }
        let dir = path.parent().unwrap_or(root).to_path_buf();
        for row in &parse.rows {
            let base = row_slug(row);
            let n = taken.entry(base.clone()).or_insert(0);
            *n += 1;
            let slug = match *n {
                1 => base,
                n => format!("{base}-{n}"),
            };
            let url = format!("/{section_url}/{slug}/");
            let mut page = row_page(row, section, slug, url, &dir);
            page.review = parse.review.clone();
            pages.push(Arc::new(page));
        }
    }
    (pages, pending)
}

/// `2024-03-05-she-qu-yi-zhen`: the date and the pinyin of the title.
fn row_slug(row: &LedgerRow) -> String {
    let title = slugify(&row.title.value);
    let date = row.date.local.format("%Y-%m-%d");
    if title.is_empty() {
        date.to_string()
    } else {
        format!("{date}-{title}")
    }
}

fn row_page(row: &LedgerRow, section: &str, slug: String, url: String, dir: &Path) -> SourcePage {
    let sheet = row.sheet.as_deref().unwrap_or("");
    SourcePage {
        source: row.ledger.clone(),
        // Unique, and never a path an `@/` link could name.
        content_path: format!("{}#{sheet}!{}", row.ledger, row.row),
        dir: dir.to_path_buf(),
        // The row's photos are published beside its page, like a bundle's.
        dir_url: url.clone(),
        section: section.to_string(),
        kind: Kind::Volunteer,
        slug,
        url,
        title: row.title.value.clone(),
        date: Some(row.date),
        summary: None,
        tags: Vec::new(),
        weight: 0,
        draft: false,
        cover: None,
        extra: serde_json::Value::Object(Default::default()),
        fields: KindFields::Volunteer(fields(row)),
        body: Arc::from(row.notes.value.trim()),
        body_line: 1,
        origin: Origin::LedgerRow {
            sheet: row.sheet.clone(),
            row: row.row,
            title_column: row.title.column,
            notes_column: row.notes.column,
        },
        review: PageReview::default(),
    }
}

/// A row's cells as a record's fields; each located value's `line` is its
/// cell's 1-based column ([`Origin::LedgerRow`]).
fn fields(row: &LedgerRow) -> VolunteerFields {
    VolunteerFields {
        branches: located(&row.branches, |v| v.to_string()),
        members: located(&row.members, |v| v.to_string()),
        location: row.location.clone(),
        volunteers: row.volunteers,
        hours: row.hours,
        served: row.served,
        // Typed on Windows, a path in a cell often has backslashes: the
        // photo is found all the same (resolve reads `\` as `/`).
        photos: located(&row.photos, |v| v.to_string()),
        participants: row.participants.clone(),
    }
}

fn located(cells: &[Cell<String>], value: impl Fn(&str) -> String) -> Vec<Located<String>> {
    cells
        .iter()
        .map(|cell| Located {
            value: value(&cell.value),
            line: cell.column as usize + 1,
        })
        .collect()
}
