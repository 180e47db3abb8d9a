//! One ledger row → one [`LedgerRow`]: dates, numbers and lists, each
//! problem reported at its cell.

use std::sync::Arc;

use chrono::{Days, NaiveDate, NaiveTime};

use super::header::{Columns, Field};
use super::source::{Sheet, Value};
use super::{Cell, LedgerRow};
use crate::dates::{Date, Precision};
use crate::diagnostics::{Code, Diagnostics, Place as At, SheetCell};
use crate::model::split_names;

/// The ledger and sheet that messages name.
pub struct Place<'a> {
    pub ledger: &'a str,
    pub sheet: Option<Arc<str>>,
}

impl Place<'_> {
    /// An error at the cell of 0-based `row` and `column` (both absolute).
    fn error(&self, diags: &mut Diagnostics, (row, column): (u32, u32), message: String) {
        let cell = SheetCell {
            sheet: self.sheet.clone(),
            row,
            column,
        };
        diags.error_at(Code::Field, At::cell(self.ledger, cell), message);
    }
}

/// No activity has more people or hours (a pasted phone or ID number is
/// not a count), and with it no total can overflow: the same bound as in
/// front matter.
const LARGEST: f64 = crate::yaml::LARGEST_AMOUNT;

static EMPTY: Value = Value::Empty;

/// Every record below the header row of one sheet.
pub fn read_rows(
    sheet: &Sheet,
    columns: &Columns,
    place: &Place,
    diags: &mut Diagnostics,
) -> Vec<LedgerRow> {
    let (row0, col0) = sheet.origin;
    let absolute = |index: usize, origin: u32| {
        u32::try_from(index)
            .unwrap_or(u32::MAX)
            .saturating_add(origin)
    };
    let at = |row: usize, column: usize| (absolute(row, row0), absolute(column, col0));
    if columns.index(Field::Branches).is_none() {
        // Without the column every row would miss its branch: say it once.
        let date_column = columns.index(Field::Date).unwrap_or(0);
        place.error(
            diags,
            at(columns.header_row, date_column),
            "表头里没有“支部”这一列：每条记录都要写组织活动的支部（例如 急诊科党支部）".to_string(),
        );
    }
    let mut records = Vec::new();
    for (i, cells) in sheet.rows.iter().enumerate().skip(columns.header_row + 1) {
        if is_skipped(cells, columns) {
            continue;
        }
        let row = RowCells {
            cells,
            columns,
            row: absolute(i, row0),
            col0,
        };
        if let Some(record) = read_row(&row, place, diags) {
            records.push(record);
        }
    }
    records
}

/// Rows with nothing in any known column (a row numbered in advance in a
/// 序号 column is still empty), and total rows: 合计, 总计, 小计 as the first
/// thing written, spaces anywhere (`合 计`) and a trailing colon allowed.
fn is_skipped(cells: &[Value], columns: &Columns) -> bool {
    let known_empty = columns
        .fields
        .iter()
        .all(|(i, _)| cells.get(*i).is_none_or(Value::is_empty));
    if known_empty {
        return true;
    }
    let Some(first) = cells.iter().find(|v| !v.is_empty()) else {
        return true;
    };
    let text: String = first
        .shown()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let text = text.trim_end_matches([':', '：']);
    matches!(text, "合计" | "总计" | "小计")
}

struct RowCells<'a> {
    cells: &'a [Value],
    columns: &'a Columns,
    /// 0-based, counted from the sheet's A1.
    row: u32,
    /// The sheet's first used column, which `cells[0]` is.
    col0: u32,
}

impl RowCells<'_> {
    /// The field's value (empty when the column is missing or the row is
    /// short, as CSV rows may be) and its cell as (row, column), counted
    /// from A1; a missing column is given as the row's first.
    fn get(&self, field: Field) -> (&Value, (u32, u32)) {
        match self.columns.index(field) {
            Some(i) => {
                let column = u32::try_from(i)
                    .unwrap_or(u32::MAX)
                    .saturating_add(self.col0);
                (self.cells.get(i).unwrap_or(&EMPTY), (self.row, column))
            }
            None => (&EMPTY, (self.row, self.col0)),
        }
    }

    fn cell(&self, field: Field) -> Cell<String> {
        let (value, (_, column)) = self.get(field);
        Cell {
            value: value.shown(),
            column,
        }
    }

    fn text(&self, field: Field) -> String {
        self.get(field).0.shown()
    }

    fn list(&self, field: Field) -> Vec<Cell<String>> {
        let (value, (_, column)) = self.get(field);
        split_names(&value.shown())
            .into_iter()
            .map(|value| Cell { value, column })
            .collect()
    }
}

fn read_row(row: &RowCells<'_>, place: &Place, diags: &mut Diagnostics) -> Option<LedgerRow> {
    let (value, date_at) = row.get(Field::Date);
    let date = match read_date(value) {
        Ok(date) => Some(date),
        Err(message) => {
            place.error(diags, date_at, message);
            None
        }
    };
    let (_, title_at) = row.get(Field::Title);
    let title = row.cell(Field::Title);
    let title = Cell {
        value: title.value.trim().to_string(),
        ..title
    };
    if title.value.is_empty() {
        place.error(diags, title_at, "缺少活动名称".to_string());
    }
    let branches = row.list(Field::Branches);
    if branches.is_empty() && row.columns.index(Field::Branches).is_some() {
        let (_, branch_at) = row.get(Field::Branches);
        place.error(
            diags,
            branch_at,
            "支部不能为空（组织活动的支部品牌，例如 急诊科党支部；多个用“、”隔开）".to_string(),
        );
    }
    let mut count = |field, name| {
        let (value, at) = row.get(field);
        read_number(value, name, true)
            .map(|n| n as u64)
            .unwrap_or_else(|message| {
                place.error(diags, at, message);
                0
            })
    };
    let volunteers = count(Field::Volunteers, "志愿者人次");
    let served = count(Field::Served, "服务群众人次");
    let (value, hours_at) = row.get(Field::Hours);
    let hours = read_number(value, "服务时长", false).unwrap_or_else(|message| {
        place.error(diags, hours_at, message);
        0.0
    });
    if title.value.is_empty() || branches.is_empty() {
        return None;
    }
    Some(LedgerRow {
        ledger: place.ledger.to_string(),
        sheet: place.sheet.clone(),
        row: row.row.saturating_add(1),
        date: date?,
        date_column: date_at.1,
        title,
        branches,
        members: row.list(Field::Members),
        participants: split_names(&row.text(Field::Participants)),
        location: row.text(Field::Location),
        volunteers,
        hours,
        served,
        notes: row.cell(Field::Notes),
        photos: row.list(Field::Photos),
    })
}

/// 日期: a date cell, an Excel date number (a date cell whose format was
/// lost), or text in the ways people write dates.
pub(super) fn read_date(value: &Value) -> Result<Date, String> {
    let date = match value {
        Value::Empty => return Err("缺少日期（例如 2024-03-05）".to_string()),
        Value::Date(date) => Some(*date),
        Value::Number(serial) => from_serial(*serial),
        Value::Text(text) => parse_text_date(text),
        Value::Hours(_) => None,
    };
    date.ok_or_else(|| {
        format!(
            "日期看不懂：“{}”。请写成 2024-03-05、2024/3/5 或 2024年3月5日",
            value.shown()
        )
    })
}

fn day(date: NaiveDate) -> Date {
    Date {
        local: date.and_time(NaiveTime::MIN),
        precision: Precision::Day,
        offset_secs: None,
    }
}

/// Excel's serial days, counted from 1899-12-30 (right from 1900-03-01 on;
/// Excel's phantom 1900-02-29 only shifts dates no ledger holds).
fn from_serial(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    // In range, so the cast is exact.
    epoch
        .checked_add_days(Days::new(serial.floor() as u64))
        .map(day)
}

fn parse_text_date(text: &str) -> Option<Date> {
    // `2024-03` is a month, not the day of an activity.
    Date::parse(text).filter(|date| date.precision != Precision::Month)
}

/// A number ≥ 0 (`whole`: an integer); empty is 0. Text holding a number
/// (`12`, also with full-width digits) is fine; `两小时`, `NaN` and `inf`
/// are not.
fn read_number(value: &Value, name: &str, whole: bool) -> Result<f64, String> {
    let kind = if whole { "整数" } else { "数字" };
    let wrong = || format!("{name}应当是{kind}，这里写的是“{}”", value.shown());
    let n = match value {
        Value::Empty => return Ok(0.0),
        Value::Number(n) => *n,
        Value::Hours(hours) if !whole => *hours,
        Value::Date(_) | Value::Hours(_) => return Err(wrong()),
        Value::Text(text) => {
            let text = half_width(text.trim());
            if text.is_empty() {
                return Ok(0.0);
            }
            let plain = text
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
            match text.parse::<f64>() {
                Ok(n) if plain => n,
                _ => return Err(wrong()),
            }
        }
    };
    if !n.is_finite() {
        return Err(wrong());
    }
    if n < 0.0 {
        return Err(format!("{name}不能是负数，这里写的是“{}”", value.shown()));
    }
    if n > LARGEST {
        return Err(format!(
            "{name}太大了（上限 10 亿），这里写的是“{}”：请检查是不是多写了几位",
            value.shown()
        ));
    }
    if whole && n.fract() != 0.0 {
        return Err(wrong());
    }
    Ok(n)
}

/// Full-width digits and signs (`１２`, typed with a Chinese input method)
/// as ASCII.
fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | '．' | '－' | '＋' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}
