//! A ledger file → sheets of plain values, whatever wrote it.
//!
//! Errors here are about the whole file (it cannot be opened, is not a
//! workbook, is in an unknown encoding) and come back as one message.

use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::dates::{Date, Precision};

/// What one cell holds, reduced to what a ledger needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    /// Text as written (also every CSV cell, and formula errors: `#DIV/0!`).
    Text(String),
    Number(f64),
    /// A cell formatted as a date (or date and time).
    Date(Date),
    /// A cell formatted as a duration (`[h]:mm`) or a time of day (`h:mm`),
    /// in hours: in a 服务时长 column `2:30` means two and a half hours.
    Hours(f64),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as the user sees it, for messages and text fields.
    pub fn shown(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(text) => text.trim().to_string(),
            Value::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Value::Date(date) => date.iso(),
            Value::Hours(hours) => format!("{hours}小时"),
        }
    }
}

/// One worksheet, or the one table of a CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// `None` for a CSV.
    pub name: Option<String>,
    /// The 0-based row and column of `rows[0][0]` in the sheet: calamine
    /// starts a range at its first used cell, not at A1.
    pub origin: (u32, u32),
    pub rows: Vec<Vec<Value>>,
}

/// Every sheet of a workbook, in the workbook's order.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    // calamine is a parser of untrusted zip and XML: a panic inside it on a
    // damaged file must become this file's error, not end the build.
    match catch_unwind(AssertUnwindSafe(|| read_workbook(bytes))) {
        Ok(result) => result,
        Err(_) => Err(damaged()),
    }
}

fn damaged() -> String {
    "无法读取这个台账：文件可能已损坏，或不是 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 打开后重新保存".to_string()
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let reader = std::io::Cursor::new(bytes);
    let mut workbook: Xlsx<_> = Xlsx::new(reader).map_err(|e| match e {
        calamine::XlsxError::Io(e) => format!("无法读取这个台账：{e}"),
        calamine::XlsxError::Password => {
            "这个台账设置了打开密码，无法读取。请在 Excel 或 WPS 里取消密码后再保存".to_string()
        }
        _ => damaged(),
    })?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        // A sheet that cannot be read (a chart sheet) is not a ledger sheet.
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        let origin = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .map(|row| row.iter().map(from_cell).collect())
            .collect();
        sheets.push(Sheet {
            name: Some(name),
            origin,
            rows,
        });
    }
    Ok(sheets)
}

fn from_cell(cell: &Data) -> Value {
    match cell {
        Data::Empty => Value::Empty,
        Data::Int(n) => Value::Number(*n as f64),
        Data::Float(n) => Value::Number(*n),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            Value::Text(crate::textfile::without_controls(s))
        }
        Data::Bool(b) => Value::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::Error(e) => Value::Text(e.to_string()),
        // Excel keeps times as fractions of a day; a time alone has no day.
        Data::DateTime(dt) if dt.is_duration() || (0.0..1.0).contains(&dt.as_f64()) => {
            // Whole seconds, as typed: days × 24 alone gives 2.500000000000001.
            Value::Hours((dt.as_f64() * 86_400.0).round() / 3_600.0)
        }
        Data::DateTime(dt) => excel_date(dt),
    }
}

/// A date-formatted cell. Outside Excel's range (calamine would clamp it)
/// it stays a number, which the 日期 column then reports.
fn excel_date(dt: &calamine::ExcelDateTime) -> Value {
    let serial = dt.as_f64();
    if !(1.0..2_958_466.0).contains(&serial) {
        return Value::Number(serial);
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    let day = NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d));
    let time = NaiveTime::from_hms_opt(u32::from(h), u32::from(mi), u32::from(s));
    match (day, time) {
        (Some(day), Some(time)) => Value::Date(Date {
            local: NaiveDateTime::new(day, time),
            precision: if time == NaiveTime::MIN {
                Precision::Day
            } else {
                Precision::Minute
            },
            offset_secs: None,
        }),
        _ => Value::Number(serial),
    }
}

/// A CSV as one sheet of text cells.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let text = decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        // Excel writes a title row as a single field: rows differ in length.
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("无法读取这个台账（CSV 格式有误）：{e}"))?;
        rows.push(
            record
                .iter()
                .map(|s| Value::Text(crate::textfile::without_controls(s)))
                .collect(),
        );
    }
    Ok(vec![Sheet {
        name: None,
        origin: (0, 0),
        rows,
    }])
}

/// UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else GB18030,
/// the superset of GBK that Excel on a Chinese Windows PC writes.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(
            "无法读取这个台账：文字编码既不是 UTF-8 也不是 GBK。请在 Excel 里另存为“CSV UTF-8（逗号分隔）”"
                .to_string(),
        );
    }
    Ok(text.into_owned())
}
