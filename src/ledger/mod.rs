//! Volunteer ledgers (志愿服务台账): the `.xlsx` and `.csv` files under
//! `data/volunteer/`, one volunteer record per row (CONTENT-MODEL.md §7.2).
//!
//! [`read_ledger`] turns one file into typed [`LedgerRow`]s and pushes every
//! problem of the file into the run's [`Diagnostics`], each naming the
//! ledger, the sheet and the cell the way staff find it in Excel:
//! `data/volunteer/2024台账.xlsx:Sheet1!E7: 服务时长应当是数字，这里写的是“两小时”`.
//! It never stops at the first problem and never panics on a bad file.
//!
//! The module only reads: references (支部, 先锋人物), photos and duplicate
//! records are checked by the stages that know the site, with the cell
//! addresses kept here.
//!
//! - `source`: the file → sheets of plain `Value`s (calamine for
//!   xlsx; csv with UTF-8/GBK detection for CSV).
//! - `header`: finding the header row and the known columns.
//! - `row`: one row → a [`LedgerRow`] (dates, numbers, lists).

mod header;
pub mod import;
mod row;
mod source;

#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::Arc;

use crate::dates::Date;
use crate::diagnostics::{Code, Diagnostics, Place, SheetCell};

/// A value read from one cell of a row, with the cell's column for later
/// messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell<T> {
    pub value: T,
    /// 0-based, counted from column A.
    pub column: u32,
}

/// One volunteer record: a row of a ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    /// The ledger as shown in messages: `data/volunteer/2024台账.xlsx`.
    pub ledger: String,
    /// The worksheet's name; `None` for a CSV, which has a single sheet.
    pub sheet: Option<Arc<str>>,
    /// 1-based, as Excel numbers rows.
    pub row: u32,
    pub date: Date,
    /// 0-based column of 日期.
    pub date_column: u32,
    /// 活动名称, with its cell (duplicate records are reported there).
    pub title: Cell<String>,
    /// 支部: branch references, at least one.
    pub branches: Vec<Cell<String>>,
    /// 先锋人物: member references.
    pub members: Vec<Cell<String>>,
    /// 参与人员: plain names.
    pub participants: Vec<String>,
    /// 地点.
    pub location: String,
    /// 志愿者人次.
    pub volunteers: u64,
    /// 服务时长, in hours.
    pub hours: f64,
    /// 服务群众人次.
    pub served: u64,
    /// 备注: the record's body.
    pub notes: Cell<String>,
    /// 照片: image paths relative to the ledger.
    pub photos: Vec<Cell<String>>,
}

impl LedgerRow {
    /// The cell of this row in a 0-based `column`.
    pub fn cell(&self, column: u32) -> SheetCell {
        SheetCell {
            sheet: self.sheet.clone(),
            row: self.row.saturating_sub(1),
            column,
        }
    }

    /// Where one of this row's cells is, as messages name it:
    /// `data/volunteer/2024台账.xlsx:Sheet1!E7` (`ledger:E7` for a CSV, whose
    /// one sheet has only the file's name).
    pub fn place(&self, column: u32) -> Place {
        Place::cell(&self.ledger, self.cell(column))
    }
}

/// Every record of one ledger file. `shown` is the path messages give it
/// (relative to the site, `/`-separated). Rows with an error are reported;
/// those that still have a date, a title and a branch are returned (with 0
/// for a wrong number) so that later stages can check their references too.
pub fn read_ledger(path: &Path, shown: &str, diags: &mut Diagnostics) -> Vec<LedgerRow> {
    match std::fs::read(path) {
        Ok(bytes) => read_ledger_bytes(path, &bytes, shown, diags),
        Err(e) => {
            diags.error(Code::Read, shown, None, format!("无法读取这个台账：{e}"));
            Vec::new()
        }
    }
}

/// [`read_ledger`] of a file already read (`path` gives its kind).
pub fn read_ledger_bytes(
    path: &Path,
    bytes: &[u8],
    shown: &str,
    diags: &mut Diagnostics,
) -> Vec<LedgerRow> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let sheets = match extension.as_deref() {
        Some("xlsx") => source::read_xlsx(bytes),
        Some("csv") => source::read_csv(bytes),
        _ => Err("台账只能是 .xlsx 或 .csv 文件".to_string()),
    };
    let sheets = match sheets {
        Ok(sheets) => sheets,
        Err(problem) => {
            diags.error(Code::Read, shown, None, problem);
            return Vec::new();
        }
    };
    let mut rows = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut any_header = false;
    for sheet in &sheets {
        let Some(columns) = header::find(sheet) else {
            continue;
        };
        any_header = true;
        report_unknown_figures(sheet, &columns, shown, diags);
        for name in &columns.unknown {
            if !unknown.contains(name) {
                unknown.push(name.clone());
            }
        }
        let place = row::Place {
            ledger: shown,
            sheet: sheet.name.as_deref().map(Arc::from),
        };
        rows.extend(row::read_rows(sheet, &columns, &place, diags));
    }
    if !any_header {
        diags.error(Code::Field, shown, None, header::missing_message(&sheets));
    }
    if !unknown.is_empty() {
        diags.warning(
            Code::UnknownField,
            shown,
            None,
            format!(
                "台账里有不认识的列，已忽略：{}（认识的列：{}）",
                unknown.join("、"),
                header::known_names().join("、")
            ),
        );
    }
    rows
}

/// An unknown column whose header says it holds a count or hours is an
/// error at its header cell: its figures would be missing from every total.
fn report_unknown_figures(
    sheet: &source::Sheet,
    columns: &header::Columns,
    shown: &str,
    diags: &mut Diagnostics,
) {
    let index = |i: usize, origin: u32| u32::try_from(i).unwrap_or(u32::MAX).saturating_add(origin);
    for (column, written, duplicate) in &columns.unknown_figures {
        let cell = SheetCell {
            sheet: sheet.name.as_deref().map(Arc::from),
            row: index(columns.header_row, sheet.origin.0),
            column: index(*column, sheet.origin.1),
        };
        diags.error_at(
            Code::Field,
            Place::cell(shown, cell),
            header::unknown_figure_message(written, *duplicate),
        );
    }
}
