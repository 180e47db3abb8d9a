//! The statistics table as text for the terminal (columns aligned for
//! Chinese characters, which take two columns), as CSV that Excel on a
//! Chinese Windows PC opens correctly, and as an `.xlsx` with numbers as
//! numbers.

use std::fmt;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

use super::{Table, COLUMNS};
use crate::numbers::format_number;
use crate::resolve::Totals;

/// Why the statistics file could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// Neither `.xlsx` nor `.csv`.
    Extension(PathBuf),
    Io(PathBuf, std::io::Error),
    Xlsx(PathBuf, String),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Extension(path) => write!(
                f,
                "--output 的文件名要以 .xlsx 或 .csv 结尾（这里是 {}）",
                path.display()
            ),
            WriteError::Io(path, e) => write!(
                f,
                "无法写入 {}：{e}（文件是否正在 Excel 里打开？）",
                path.display()
            ),
            WriteError::Xlsx(path, e) => write!(f, "无法写入 {}：{e}", path.display()),
        }
    }
}

fn figures(t: &Totals) -> [f64; 4] {
    [
        t.activities as f64,
        t.volunteers as f64,
        t.hours,
        t.served as f64,
    ]
}

/// Every row with the 合计 row last, as text cells.
fn text_rows(table: &Table) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(table.rows.len() + 2);
    rows.push(
        std::iter::once(table.group.to_string())
            .chain(COLUMNS.map(String::from))
            .collect(),
    );
    let line = |label: &str, t: &Totals| -> Vec<String> {
        std::iter::once(label.to_string())
            .chain(figures(t).map(format_number))
            .collect()
    };
    rows.extend(table.rows.iter().map(|r| line(&r.label, &r.totals)));
    rows.push(line("合计", &table.total));
    rows
}

/// The table as aligned text: labels on the left, figures on the right.
pub fn to_text(table: &Table) -> String {
    let rows = text_rows(table);
    let columns = rows[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = format!("{}\n", table.title);
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = " ".repeat(widths[c] - cell.width());
                if c == 0 {
                    format!("{cell}{pad}")
                } else {
                    format!("{pad}{cell}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if i == 0 || i + 2 == rows.len() {
            let rule: usize = widths.iter().sum::<usize>() + 2 * (columns - 1);
            out.push_str(&"─".repeat(rule));
            out.push('\n');
        }
    }
    out
}

/// What a spreadsheet the user asked for is, by its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFile {
    Csv,
    Xlsx,
}

impl SheetFile {
    /// `.xlsx` or `.csv` (any case); anything else is the user's mistake.
    pub fn of(path: &Path) -> Result<SheetFile, WriteError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(SheetFile::Csv),
            Some("xlsx") => Ok(SheetFile::Xlsx),
            _ => Err(WriteError::Extension(path.to_path_buf())),
        }
    }
}

/// `.xlsx` or `.csv`, by the file name's extension.
pub fn write_file(table: &Table, path: &Path) -> Result<(), WriteError> {
    match SheetFile::of(path)? {
        SheetFile::Csv => write_csv(table, path),
        SheetFile::Xlsx => write_xlsx(table, path),
    }
}

/// Rows written as CSV in UTF-8 with a byte-order mark: without it Excel on
/// a Chinese Windows PC reads the file as GBK and shows garbage.
pub fn write_csv_rows<R, C>(rows: R, path: &Path) -> Result<(), WriteError>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<[u8]>,
{
    let io = |e| WriteError::Io(path.to_path_buf(), e);
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut csv = csv::Writer::from_writer(&mut bytes);
        for row in rows {
            csv.write_record(row).map_err(|e| io(e.into()))?;
        }
        csv.flush().map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(io)
}

/// Plain numbers, no grouping, and a 合计 row.
fn write_csv(table: &Table, path: &Path) -> Result<(), WriteError> {
    let header: Vec<String> = std::iter::once(table.group)
        .chain(COLUMNS)
        .map(String::from)
        .collect();
    let rows = table.rows.iter().map(|r| (r.label.as_str(), &r.totals));
    let lines = rows
        .chain(std::iter::once(("合计", &table.total)))
        .map(|(label, t)| {
            std::iter::once(label.to_string())
                .chain(figures(t).map(plain_number))
                .collect::<Vec<String>>()
        });
    write_csv_rows(std::iter::once(header).chain(lines), path)
}

/// `12`, `12.5`: what a spreadsheet reads as a number.
fn plain_number(n: f64) -> String {
    let rounded = (n * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// A title row, a bold header row, the rows and a bold 合计 row; figures
/// are numbers, so Excel and WPS can sum and chart them.
fn write_xlsx(table: &Table, path: &Path) -> Result<(), WriteError> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| WriteError::Xlsx(path.to_path_buf(), e.to_string());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("志愿服务统计").map_err(fail)?;
    let bold = Format::new().set_bold();
    let hours = Format::new().set_num_format("#,##0.0");
    let whole = Format::new().set_num_format("#,##0");
    sheet
        .write_string_with_format(0, 0, &table.title, &bold)
        .map_err(fail)?;
    sheet
        .write_string_with_format(1, 0, table.group, &bold)
        .map_err(fail)?;
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(1, c as u16 + 1, *name, &bold)
            .map_err(fail)?;
    }
    let rows = table.rows.iter().map(|r| (r.label.as_str(), &r.totals));
    for (i, (label, t)) in rows
        .chain(std::iter::once(("合计", &table.total)))
        .enumerate()
    {
        let r = i as u32 + 2;
        let label_format = if label == "合计" {
            bold.clone()
        } else {
            Format::new()
        };
        sheet
            .write_string_with_format(r, 0, label, &label_format)
            .map_err(fail)?;
        for (c, value) in figures(t).into_iter().enumerate() {
            let format = if c == 2 { &hours } else { &whole };
            sheet
                .write_number_with_format(r, c as u16 + 1, value, format)
                .map_err(fail)?;
        }
    }
    sheet.set_column_width(0, 24).map_err(fail)?;
    for c in 1..=COLUMNS.len() as u16 {
        sheet.set_column_width(c, 16).map_err(fail)?;
    }
    book.save(path).map_err(fail)
}
