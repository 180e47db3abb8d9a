//! `pinpai review`: every page with where it stands, on screen or as a
//! review sheet (审核单) in `.xlsx` or `.csv`, one row per page (a ledger
//! is one row: it is reviewed as a whole).

use std::collections::HashMap;
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::{PageReview, State};
use crate::config::Review;
use crate::load::{Content, SourcePage};
use crate::stats::{write_csv_rows, SheetFile, WriteError};

/// One line of the review sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The file, as `review approve` takes it.
    pub path: String,
    pub title: String,
    /// 支部品牌, 先锋风采, 志愿服务台账…
    pub kind: String,
    pub author: String,
    /// 待初审, 已通过.
    pub state: String,
    /// For each level in order: `张三 2024-03-05`, or empty.
    pub steps: Vec<String>,
}

/// Review steps recorded by someone signed in to the workbench, as the
/// change log (`.pinpai/log.jsonl`) has them: (file, level, account).
pub type SignedSteps = std::collections::HashSet<(String, String, String)>;

/// The signed-in review steps of the change log.
pub fn signed_steps(root: &Path) -> SignedSteps {
    crate::accounts::log::read(root)
        .into_iter()
        .filter(|e| e.action == "review")
        .map(|e| (e.file, e.detail, e.account))
        .collect()
}

/// Every page and intro of a load that took in pending pages (drafts are
/// not sent for review), in file order. A step the log shows was recorded
/// by the account signed in under that name reads `张三（登录） 2024-03-05`.
pub fn entries(content: &Content, review: &Review, signed: &SignedSteps) -> Vec<Entry> {
    let mut rows_of: HashMap<&str, usize> = HashMap::new();
    for page in content.pages.iter().filter(|p| p.is_ledger_row()) {
        *rows_of.entry(&page.source).or_default() += 1;
    }
    let mut entries: Vec<Entry> = Vec::new();
    for page in &content.pages {
        if !page.is_ledger_row() {
            entries.push(page_entry(page, review, signed));
        } else if let Some(rows) = rows_of.remove(page.source.as_str()) {
            // The ledger's first row stands for the whole file.
            entries.push(Entry {
                title: format!("台账（{rows} 条记录）"),
                kind: "志愿服务台账".to_string(),
                ..page_entry(page, review, signed)
            });
        }
    }
    let intros = content.home.iter().chain(content.sections.values());
    for intro in intros.filter(|s| !s.source.is_empty()) {
        let kind = if intro.name.is_empty() {
            "首页介绍"
        } else {
            "栏目介绍"
        };
        let about = Reviewed {
            source: &intro.source,
            title: &intro.title,
            kind: kind.to_string(),
            review: &intro.review,
        };
        entries.push(about.entry(review, signed));
    }
    // In file order, each folder's intro first (as the workbench lists it).
    entries.sort_by(|a, b| sort_key(&a.path).cmp(sort_key(&b.path)));
    entries
}

/// `content/news/_index.md` sorts as `content/news/`: before the files
/// of its folder, which all start so; the rest by their path.
fn sort_key(path: &str) -> &str {
    path.strip_suffix("_index.md").unwrap_or(path)
}

fn page_entry(page: &SourcePage, review: &Review, signed: &SignedSteps) -> Entry {
    let about = Reviewed {
        source: &page.source,
        title: &page.title,
        kind: page.kind.label(None),
        review: &page.review,
    };
    about.entry(review, signed)
}

/// What a line of the sheet is about.
struct Reviewed<'a> {
    source: &'a str,
    title: &'a str,
    kind: String,
    review: &'a PageReview,
}

impl Reviewed<'_> {
    fn entry(self, review: &Review, signed: &SignedSteps) -> Entry {
        let steps = review
            .levels
            .iter()
            .map(|level| {
                self.review
                    .approvals
                    .iter()
                    .find(|a| &a.level == level)
                    .map(|a| {
                        let key = (self.source.to_string(), level.clone(), a.by.clone());
                        let mark = if signed.contains(&key) {
                            "（登录）"
                        } else {
                            ""
                        };
                        format!("{}{mark} {}", a.by, a.date)
                    })
                    .unwrap_or_default()
            })
            .collect();
        Entry {
            path: self.source.to_string(),
            title: self.title.to_string(),
            kind: self.kind,
            author: self.review.author.clone(),
            state: match &self.review.state {
                State::NotRequired => "不需审核".to_string(),
                state if self.review.approved_live => {
                    format!("{}（网站上仍是通过的版本）", state.label())
                }
                state => state.label(),
            },
            steps,
        }
    }
}

fn header(review: &Review) -> Vec<String> {
    let mut header: Vec<String> = ["文件", "标题", "栏目", "作者", "状态"]
        .map(String::from)
        .to_vec();
    header.extend(review.levels.iter().cloned());
    header
}

fn cells(e: &Entry) -> Vec<String> {
    let mut cells = vec![
        e.path.clone(),
        e.title.clone(),
        e.kind.clone(),
        e.author.clone(),
        e.state.clone(),
    ];
    cells.extend(e.steps.iter().cloned());
    cells
}

/// The sheet as aligned text (a Chinese character is two columns wide),
/// with a count of what waits at each level.
pub fn to_text(entries: &[Entry], review: &Review) -> String {
    let mut rows = vec![header(review)];
    rows.extend(entries.iter().map(cells));
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.width())))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    let pending = entries.iter().filter(|e| e.state.starts_with('待')).count();
    out.push_str(&format!(
        "共 {} 项，待审核 {pending} 项，已通过 {} 项\n",
        entries.len(),
        entries.iter().filter(|e| e.state == "已通过").count()
    ));
    out
}

/// `.xlsx` or `.csv`, by the file name's extension.
pub fn write_file(entries: &[Entry], review: &Review, path: &Path) -> Result<(), WriteError> {
    match SheetFile::of(path)? {
        SheetFile::Csv => {
            let rows = std::iter::once(header(review)).chain(entries.iter().map(cells));
            write_csv_rows(rows, path)
        }
        SheetFile::Xlsx => write_xlsx(entries, review, path),
    }
}

/// A title row, a bold header, one row per page, columns wide enough to
/// print as a form.
fn write_xlsx(entries: &[Entry], review: &Review, path: &Path) -> Result<(), WriteError> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| WriteError::Xlsx(path.to_path_buf(), e.to_string());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("审核单").map_err(fail)?;
    let bold = Format::new().set_bold();
    sheet
        .write_string_with_format(0, 0, "网站内容审核单", &bold)
        .map_err(fail)?;
    for (c, name) in header(review).iter().enumerate() {
        sheet
            .write_string_with_format(1, c as u16, name, &bold)
            .map_err(fail)?;
    }
    for (r, e) in entries.iter().enumerate() {
        for (c, cell) in cells(e).iter().enumerate() {
            sheet
                .write_string(r as u32 + 2, c as u16, cell)
                .map_err(fail)?;
        }
    }
    let widths = [40.0, 36.0, 12.0, 10.0, 10.0];
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *width).map_err(fail)?;
    }
    for c in 0..review.levels.len() {
        sheet
            .set_column_width((widths.len() + c) as u16, 18)
            .map_err(fail)?;
    }
    book.save(path).map_err(fail)
}
