//! The header row of a ledger sheet and the columns it names.

use super::source::{Sheet, Value};

/// The column names a ledger may use, as messages list them.
pub const KNOWN: &[&str] = &[
    "日期",
    "活动名称",
    "支部",
    "先锋人物",
    "参与人员",
    "地点",
    "志愿者人次",
    "服务时长",
    "服务群众人次",
    "备注",
    "照片",
];

/// The row-number column almost every Chinese ledger starts with: known,
/// and ignored without a warning (the row itself is the record's place).
const ROW_NUMBERS: &[&str] = &["序号", "编号", "No.", "NO."];

/// What each column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Date,
    Title,
    Branches,
    Members,
    Participants,
    Location,
    Volunteers,
    Hours,
    Served,
    Notes,
    Photos,
}

impl Field {
    /// The column name of a normalised header text.
    fn from_header(name: &str) -> Option<Field> {
        Some(match name {
            "日期" => Field::Date,
            "活动名称" => Field::Title,
            "支部" => Field::Branches,
            "先锋人物" => Field::Members,
            "参与人员" => Field::Participants,
            "地点" => Field::Location,
            "志愿者人次" => Field::Volunteers,
            "服务时长" | "服务时长(小时)" => Field::Hours,
            "服务群众人次" => Field::Served,
            "备注" => Field::Notes,
            "照片" => Field::Photos,
            _ => return None,
        })
    }
}

/// Where a sheet's records are and which column holds what.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// Index into `Sheet::rows` of the header row.
    pub header_row: usize,
    /// (index into a row, field), first column of a name only.
    pub fields: Vec<(usize, Field)>,
    /// Header texts that name no field, as written (trimmed).
    pub unknown: Vec<String>,
}

impl Columns {
    pub fn index(&self, field: Field) -> Option<usize> {
        self.fields
            .iter()
            .find(|(_, f)| *f == field)
            .map(|(i, _)| *i)
    }
}

/// Header text as people vary it: spaces anywhere (`日 期`, a line break
/// inside `服务时长\n（小时）`) dropped, full-width parentheses made ASCII.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// The first row with both 日期 and 活动名称; rows above it (a title, a
/// unit name) are not part of the table.
pub fn find(sheet: &Sheet) -> Option<Columns> {
    let header_row = sheet.rows.iter().position(|row| {
        let names: Vec<String> = row.iter().map(|v| normalise(&v.shown())).collect();
        names.iter().any(|n| n == "日期") && names.iter().any(|n| n == "活动名称")
    })?;
    let mut fields = Vec::new();
    let mut unknown = Vec::new();
    for (i, value) in sheet.rows[header_row].iter().enumerate() {
        if let Value::Empty = value {
            continue;
        }
        let written = value.shown();
        if written.is_empty() {
            continue;
        }
        let name = normalise(&written);
        if ROW_NUMBERS.contains(&name.as_str()) {
            continue;
        }
        match Field::from_header(&name) {
            Some(field) if fields.iter().all(|(_, f)| *f != field) => fields.push((i, field)),
            // A second column of the same name would be silently ignored
            // otherwise: name it like an unknown one.
            Some(_) => unknown.push(format!("{written}（重复）")),
            None => unknown.push(written),
        }
    }
    Some(Columns {
        header_row,
        fields,
        unknown,
    })
}

/// The message for a ledger none of whose sheets has a header row.
pub fn missing_message() -> String {
    "台账里找不到表头：需要有一行同时写着“日期”和“活动名称”（其余列：支部、先锋人物、参与人员、地点、志愿者人次、服务时长、服务群众人次、备注、照片）".to_string()
}
