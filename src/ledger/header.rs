//! The header row of a ledger sheet and the columns it names.

use super::source::{Sheet, Value};

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

/// Every header a column may have, by field: the name pinpai's own ledgers
/// and messages use first, then what branches write instead (after
/// [`normalise`]: no spaces, ASCII parentheses). docs/CONTENT.md lists the
/// same table for the officer.
pub const SYNONYMS: &[(Field, &[&str])] = &[
    (Field::Date, &["日期", "活动日期", "服务日期", "活动时间"]),
    (
        Field::Title,
        &[
            "活动名称",
            "活动主题",
            "项目名称",
            "活动项目",
            "服务项目",
            "主题",
        ],
    ),
    (
        Field::Branches,
        &[
            "支部",
            "所属支部",
            "党支部",
            "责任支部",
            "支部名称",
            "所属党支部",
        ],
    ),
    (Field::Members, &["先锋人物", "先锋党员"]),
    (Field::Participants, &["参与人员", "参加人员", "参与人"]),
    (Field::Location, &["地点", "活动地点", "服务地点"]),
    (
        Field::Volunteers,
        &[
            "志愿者人次",
            "参与人数",
            "志愿者人数",
            "参与人次",
            "参加人数",
            "志愿者人数(人)",
            "参与人数(人)",
        ],
    ),
    (
        Field::Hours,
        &[
            "服务时长",
            "服务时长(小时)",
            "时长(小时)",
            "志愿服务时长",
            "志愿服务时长(小时)",
            "服务时长(h)",
        ],
    ),
    (
        Field::Served,
        &[
            "服务群众人次",
            "受益人数",
            "服务人次",
            "服务对象人数",
            "受益群众人次",
            "服务群众人数",
            "受益人次",
        ],
    ),
    (Field::Notes, &["备注", "说明"]),
    (Field::Photos, &["照片", "图片", "现场照片"]),
];

impl Field {
    /// The column name of a normalised header text.
    fn from_header(name: &str) -> Option<Field> {
        SYNONYMS
            .iter()
            .find(|(_, names)| names.contains(&name))
            .map(|(field, _)| *field)
    }
}

/// Whether a header says its column holds a count or hours: such a column
/// not understood would drop a figure from every total without a word.
fn holds_a_figure(name: &str) -> bool {
    ["人次", "人数", "时长", "小时"]
        .iter()
        .any(|word| name.contains(word))
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
    /// Columns (index into a row, header as written) that name no field
    /// but say they hold a count or hours, and whether they repeat a known
    /// column: errors at their cell.
    pub unknown_figures: Vec<(usize, String, bool)>,
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

/// The first row with both a date and a title column (日期 and 活动名称, or
/// a synonym of each); rows above it (a title, a unit name) are not part
/// of the table.
pub fn find(sheet: &Sheet) -> Option<Columns> {
    let header_row = sheet.rows.iter().position(|row| {
        let fields: Vec<Option<Field>> = row
            .iter()
            .map(|v| Field::from_header(&normalise(&v.shown())))
            .collect();
        fields.contains(&Some(Field::Date)) && fields.contains(&Some(Field::Title))
    })?;
    // Every named column first: where two name one field (活动时间 and 日期),
    // the name listed first in SYNONYMS wins wherever it stands.
    let mut named: Vec<(usize, String, String)> = Vec::new();
    for (i, value) in sheet.rows[header_row].iter().enumerate() {
        let written = match value {
            Value::Empty => continue,
            value => value.shown(),
        };
        let name = normalise(&written);
        if !written.is_empty() && !ROW_NUMBERS.contains(&name.as_str()) {
            named.push((i, written, name));
        }
    }
    let rank = |name: &str| {
        SYNONYMS
            .iter()
            .find_map(|(_, names)| names.iter().position(|n| *n == name))
    };
    let mut fields: Vec<(usize, Field)> = Vec::new();
    for (field, _) in SYNONYMS {
        let best = named
            .iter()
            .filter(|(_, _, name)| Field::from_header(name) == Some(*field))
            .min_by_key(|(i, _, name)| (rank(name), *i));
        if let Some((i, _, _)) = best {
            fields.push((*i, *field));
        }
    }
    fields.sort_by_key(|(i, _)| *i);
    let mut unknown = Vec::new();
    let mut unknown_figures = Vec::new();
    for (i, written, name) in named {
        let known = Field::from_header(&name);
        if fields.iter().any(|(at, _)| *at == i) {
            continue;
        }
        match known {
            // A second column of the same field would be silently ignored
            // otherwise: name it like an unknown one.
            Some(_) if holds_a_figure(&name) => unknown_figures.push((i, written, true)),
            Some(_) => unknown.push(format!("{written}（重复）")),
            None if holds_a_figure(&name) => unknown_figures.push((i, written, false)),
            None => unknown.push(written),
        }
    }
    Some(Columns {
        header_row,
        fields,
        unknown,
        unknown_figures,
    })
}

/// The message for an unknown column that holds a figure.
pub fn unknown_figure_message(written: &str, duplicate: bool) -> String {
    if duplicate {
        format!(
            "表头“{written}”和另一列说的是同一个数，这一列的数字不会计入合计：请删掉重复的一列，或把它改名（例如 备注）"
        )
    } else {
        format!(
            "表头“{written}”看起来是人数或时长，但网站不认识这一列，它的数字不会计入合计：请把列名改成 志愿者人次、服务时长（小时）或 服务群众人次 之一（其他认得的写法见使用说明“表头的其他写法”）"
        )
    }
}

/// How many rows of each sheet the message for a missing header shows.
const ROWS_SHOWN: usize = 3;

/// The message for a ledger none of whose sheets has a header row: which
/// rows were looked at, and what they hold, so the officer sees why.
pub fn missing_message(sheets: &[Sheet]) -> String {
    let mut seen = Vec::new();
    for sheet in sheets {
        let filled = sheet.rows.iter().enumerate().filter_map(|(i, row)| {
            let texts: Vec<String> = row
                .iter()
                .map(|v| v.shown().trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            (!texts.is_empty()).then_some((i, texts))
        });
        for (i, texts) in filled.take(ROWS_SHOWN) {
            let row = u32::try_from(i)
                .unwrap_or(u32::MAX)
                .saturating_add(sheet.origin.0)
                .saturating_add(1);
            let sheet_name = sheet
                .name
                .as_deref()
                .map(|n| format!("{n} "))
                .unwrap_or_default();
            seen.push(format!("{sheet_name}第 {row} 行：{}", texts.join("、")));
        }
    }
    let seen = if seen.is_empty() {
        "表格是空的".to_string()
    } else {
        format!("看到的是 {}", seen.join("；"))
    };
    format!(
        "台账里找不到表头：需要有一行同时写着“日期”（或 活动日期、服务日期）和“活动名称”（或 活动主题、项目名称），{seen}（其余列：支部、先锋人物、参与人员、地点、志愿者人次、服务时长、服务群众人次、备注、照片）"
    )
}

/// The names of the known columns, as the warning about unknown ones lists them.
pub fn known_names() -> Vec<&'static str> {
    SYNONYMS.iter().map(|(_, names)| names[0]).collect()
}
