//! Reading the committed ledgers in `tests/fixtures/ledgers/` (made by
//! openpyxl and Python's csv module: `make_fixtures.py` there).

use std::path::{Path, PathBuf};

use super::*;
use crate::diagnostics::column_letters;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ledgers")
        .join(name)
}

/// The rows and every message, printed as the build prints them.
fn read(name: &str) -> (Vec<LedgerRow>, Vec<String>) {
    let mut diags = Diagnostics::new();
    let shown = format!("data/volunteer/{name}");
    let rows = read_ledger(&fixture(name), &shown, &mut diags);
    let messages = diags.sorted().iter().map(|d| d.to_string()).collect();
    (rows, messages)
}

fn values(cells: &[Cell<String>]) -> Vec<&str> {
    cells.iter().map(|c| c.value.as_str()).collect()
}

/// What the three good ledgers must agree on.
fn summary(rows: &[LedgerRow]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            format!(
                "{} {} [{}] [{}] [{}] {} {} {} {} {:?} [{}]",
                r.date.iso(),
                r.title.value,
                values(&r.branches).join("|"),
                values(&r.members).join("|"),
                r.participants.join("|"),
                r.location,
                r.volunteers,
                r.hours,
                r.served,
                r.notes.value.as_str(),
                values(&r.photos).join("|"),
            )
        })
        .collect()
}

const GOOD: [&str; 3] = [
    "2024-03-05 社区义诊进万家 [急诊科党支部|眼科党支部] [杜杰] [李明|王芳] 汉丰街道社区 12 36 150 \"为居民测血压、讲解用药。\" [义诊1.jpg|义诊2.jpg]",
    "2024-04-02 健康知识讲座 [眼科党支部] [] [] 社区活动中心 8 2.5 60 \"\" []",
    "2024-05-20 爱眼日义诊 [眼科党支部] [] [赵敏|钱进] 滨江公园 6 10.5 80 \"\" []",
];

#[test]
fn good_workbook_gives_its_records_and_hand_computed_totals() {
    let (rows, messages) = read("good.xlsx");
    assert_eq!(summary(&rows), GOOD);
    // 12 + 8 + 6, 36 + 2.5 + 10.5, 150 + 60 + 80; the 合计 row is not a record.
    assert_eq!(rows.iter().map(|r| r.volunteers).sum::<u64>(), 26);
    assert_eq!(rows.iter().map(|r| r.hours).sum::<f64>(), 49.0);
    assert_eq!(rows.iter().map(|r| r.served).sum::<u64>(), 290);
    assert_eq!(
        messages,
        [format!(
            "data/volunteer/good.xlsx: 警告：台账里有不认识的列，已忽略：联系人（认识的列：{}）",
            header::known_names().join("、")
        )]
    );
}

#[test]
fn good_workbook_rows_know_their_cells() {
    let (rows, _) = read("good.xlsx");
    let first = &rows[0];
    assert_eq!(first.sheet.as_deref(), Some("Sheet1"));
    assert_eq!(first.row, 3);
    assert_eq!(first.cell(first.title.column).to_string(), "Sheet1!B3");
    assert_eq!(
        first.cell(first.branches[1].column).to_string(),
        "Sheet1!C3"
    );
    assert_eq!(
        first.place(first.branches[1].column).to_string(),
        "data/volunteer/good.xlsx:Sheet1!C3"
    );
    assert_eq!(first.cell(first.photos[0].column).to_string(), "Sheet1!L3");
    // The empty row 5 is skipped, not renumbered.
    assert_eq!(rows[2].row, 6);
}

#[test]
fn gbk_and_bom_csv_give_the_same_records_as_the_workbook() {
    let (gbk, gbk_messages) = read("good-gbk.csv");
    assert_eq!(summary(&gbk), GOOD);
    assert_eq!(gbk_messages.len(), 1, "{gbk_messages:?}"); // 联系人
    assert_eq!(gbk[0].sheet, None);
    assert_eq!(gbk[0].row, 3);
    // Rows are numbered as Excel shows the CSV, a cell with a line break
    // (row 4's 参与人员) being one row.
    assert_eq!(gbk[2].row, 5);
    assert_eq!(
        gbk[0].place(gbk[0].title.column).to_string(),
        "data/volunteer/good-gbk.csv:B3"
    );

    let (bom, bom_messages) = read("good-bom.csv");
    assert_eq!(summary(&bom), GOOD);
    assert_eq!(bom_messages, Vec::<String>::new());
    // Columns in another order: 活动名称 first.
    assert_eq!(bom[0].cell(bom[0].title.column).to_string(), "A2");
}

#[test]
fn every_error_names_ledger_sheet_and_cell() {
    let (rows, messages) = read("errors.xlsx");
    let p = "data/volunteer/errors.xlsx:Sheet1";
    assert_eq!(
        messages,
        [
            // Top to bottom, then left to right, as staff work through a sheet.
            format!("{p}!F3: 服务群众人次应当是整数，这里写的是“2.5”"),
            format!("{p}!A4: 缺少日期（例如 2024-03-05）"),
            format!(
                "{p}!C5: 支部不能为空（组织活动的支部品牌，例如 急诊科党支部；多个用“、”隔开）"
            ),
            format!("{p}!D6: 志愿者人次不能是负数，这里写的是“-3”"),
            format!("{p}!E7: 服务时长应当是数字，这里写的是“两小时”"),
            format!(
                "{p}!A8: 日期看不懂：“2024年13月5日”。请写成 2024-03-05、2024/3/5 或 2024年3月5日"
            ),
            format!("{p}!B8: 缺少活动名称"),
            format!("{p}!F8: 服务群众人次应当是整数，这里写的是“NaN”"),
            format!("{p}!D9: 志愿者人次太大了（上限 10 亿），这里写的是“1000000000000000000000000000000”：请检查是不是多写了几位"),
        ]
    );
    // Rows whose date, title and branch are fine still come back, with 0
    // for a wrong number, so their references can be checked too.
    let titles: Vec<&str> = rows.iter().map(|r| r.title.value.as_str()).collect();
    assert_eq!(titles, ["整数写成小数", "负数", "两小时", "很大"]);
}

#[test]
fn a_workbook_without_a_header_row_is_one_error() {
    let (rows, messages) = read("no-header.xlsx");
    assert!(rows.is_empty());
    assert_eq!(
        messages,
        [format!(
            "data/volunteer/no-header.xlsx: {}",
            header::missing_message(
                &source::read_xlsx(&std::fs::read(fixture("no-header.xlsx")).unwrap()).unwrap()
            )
        )]
    );
}

#[test]
fn three_hundred_generated_rows_come_back() {
    let (rows, messages) = read("big.xlsx");
    assert_eq!(messages, Vec::<String>::new());
    assert_eq!(rows.len(), 300);
    // Row i has i % 7 + 0.5 hours.
    let expected: f64 = (0..300).map(|i| f64::from(i % 7) + 0.5).sum();
    assert_eq!(rows.iter().map(|r| r.hours).sum::<f64>(), expected);
    assert_eq!(expected, 1047.0);
    assert_eq!(rows[299].date.iso(), "2024-10-26");
    assert_eq!(rows[299].row, 301);
}

#[test]
fn every_sheet_with_a_header_is_read_and_addresses_count_from_a1() {
    let (rows, messages) = read("two-sheets.xlsx");
    assert_eq!(
        messages,
        ["data/volunteer/two-sheets.xlsx:上半年!E4: 服务时长应当是数字，这里写的是“两小时”"]
    );
    let found: Vec<(Option<&str>, u32, String, f64)> = rows
        .iter()
        .map(|r| {
            let address = SheetCell {
                sheet: None,
                ..r.cell(r.title.column)
            };
            (r.sheet.as_deref(), r.row, address.to_string(), r.hours)
        })
        .collect();
    assert_eq!(
        found,
        [
            (Some("上半年"), 4, "C4".into(), 0.0),
            (Some("下半年"), 2, "B2".into(), 3.0),
            // Typed as times: 2:30 as a duration, 1:30 as a time of day.
            (Some("下半年"), 3, "B3".into(), 2.5),
            (Some("下半年"), 4, "B4".into(), 1.5),
        ]
    );
}

/// A ledger written into a temporary folder: the cases below are about
/// bytes no spreadsheet program would hand over, or small CSVs.
fn read_bytes(name: &str, bytes: &[u8]) -> (Vec<LedgerRow>, Vec<(Code, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut diags = Diagnostics::new();
    let rows = read_ledger(&path, name, &mut diags);
    let messages = diags
        .sorted()
        .iter()
        .map(|d| (d.code, d.to_string()))
        .collect();
    (rows, messages)
}

fn read_csv_text(text: &str) -> (Vec<LedgerRow>, Vec<String>) {
    let (rows, messages) = read_bytes("a.csv", text.as_bytes());
    (rows, messages.into_iter().map(|(_, m)| m).collect())
}

#[test]
fn damaged_or_foreign_files_are_one_read_error_each() {
    let good = std::fs::read(fixture("good.xlsx")).unwrap();
    let cases: [(&str, &[u8]); 6] = [
        ("truncated.xlsx", &good[..good.len() / 2]),
        ("tail.xlsx", &good[good.len() / 2..]),
        ("random.xlsx", b"\x00\x01PK\x03\x04garbage\xff\xfe"),
        ("empty.xlsx", b""),
        ("old.xls", b"\xd0\xcf\x11\xe0"),
        ("binary.csv", b"\xff\xfe\xff\xfe,\x81\x30"),
    ];
    for (name, bytes) in cases {
        let (rows, messages) = read_bytes(name, bytes);
        assert!(rows.is_empty(), "{name}");
        assert_eq!(messages.len(), 1, "{name}: {messages:?}");
        assert_eq!(messages[0].0, Code::Read, "{name}: {messages:?}");
        assert!(
            messages[0].1.starts_with(&format!("{name}: ")),
            "{messages:?}"
        );
    }
    let mut diags = Diagnostics::new();
    assert!(read_ledger(Path::new("/nonexistent/a.xlsx"), "a.xlsx", &mut diags).is_empty());
    assert_eq!(diags.error_count(), 1);
}

#[test]
fn an_empty_csv_has_no_header_row() {
    for text in ["", "\u{feff}", "\n\n"] {
        let (rows, messages) = read_csv_text(text);
        assert!(rows.is_empty());
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with("a.csv: 台账里找不到表头")
                && messages[0].contains("表格是空的"),
            "{messages:?}"
        );
    }
}

#[test]
fn a_missing_header_names_the_rows_looked_at_and_what_they_hold() {
    let text = "2024年志愿服务登记表\n名称,支部\n义诊,急诊科党支部\n讲座,眼科党支部\n";
    let (rows, messages) = read_csv_text(text);
    assert!(rows.is_empty());
    assert_eq!(
        messages,
        ["a.csv: 台账里找不到表头：需要有一行同时写着“日期”（或 活动日期、服务日期）和“活动名称”（或 活动主题、项目名称），\
看到的是 第 1 行：2024年志愿服务登记表；第 2 行：名称、支部；第 3 行：义诊、急诊科党支部\
（其余列：支部、先锋人物、参与人员、地点、志愿者人次、服务时长、服务群众人次、备注、照片）"]
    );
}

#[test]
fn a_branch_s_own_headers_are_understood() {
    // The headers of a branch's own sheet in a trial: before, 活动日期 was
    // not a date column and every row went out with 0 volunteers and served.
    let text = "序号,活动日期,活动主题,所属支部,活动地点,参与人数,服务人次,时长（小时）,说明\n\
1,2024年3月5日,社区义诊,急诊科党支部,汉丰街道,12,150,36,测血压\n\
2,2024/4/1,健康讲座,急诊科党支部,第二中学,8,60,2.5,\n";
    let (rows, messages) = read_csv_text(text);
    assert_eq!(messages, Vec::<String>::new());
    assert_eq!(rows.len(), 2);
    assert_eq!(rows.iter().map(|r| r.volunteers).sum::<u64>(), 20);
    assert_eq!(rows.iter().map(|r| r.served).sum::<u64>(), 210);
    assert_eq!(rows.iter().map(|r| r.hours).sum::<f64>(), 38.5);
    assert_eq!(rows[0].location, "汉丰街道");
    assert_eq!(rows[0].notes.value, "测血压");
    for (field, names) in header::SYNONYMS {
        for name in *names {
            assert_eq!(
                header::normalise(name),
                *name,
                "{field:?} {name} is written normalised"
            );
        }
    }
}

#[test]
fn the_name_listed_first_wins_wherever_it_stands() {
    // 活动时间 (a time of day here) stands left of 日期: 日期 is the date.
    let text = "活动时间,日期,活动名称,支部\n8:30-11:30,2024-03-05,义诊,急诊科党支部\n";
    let (rows, messages) = read_csv_text(text);
    assert_eq!(rows.len(), 1, "{messages:?}");
    assert_eq!(rows[0].date.iso(), "2024-03-05");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("活动时间（重复）"), "{messages:?}");
}

#[test]
fn an_unknown_column_of_figures_is_an_error_at_its_cell() {
    let text =
        "日期,活动名称,支部,志愿者人次,慰问人数,参与人数\n2024-03-05,义诊,急诊科党支部,12,30,12\n";
    let (rows, messages) = read_csv_text(text);
    assert_eq!(rows.len(), 1);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("a.csv:E1: 表头“慰问人数”看起来是人数或时长，但网站不认识这一列"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with(
            "a.csv:F1: 表头“参与人数”和另一列说的是同一个数，这一列的数字不会计入合计"
        ),
        "{messages:?}"
    );
}

#[test]
fn ragged_rows_huge_numbers_and_not_numbers_are_reported_not_panicked_on() {
    let text = "标题\n\
                日期,活动名称,支部,志愿者人次,服务时长,服务群众人次\n\
                2024-03-05,短行,急诊科党支部\n\
                2024-03-06,长行,急诊科党支部,1,2,3,多余,更多\n\
                2024-03-07,很大,急诊科党支部,99999999999999999999,1e400,-0\n\
                2024-03-08,不是数,急诊科党支部,inf,NaN,１２\n";
    let (rows, messages) = read_csv_text(text);
    assert_eq!(
        messages,
        [
            "a.csv:D5: 志愿者人次太大了（上限 10 亿），这里写的是“99999999999999999999”：请检查是不是多写了几位",
            "a.csv:E5: 服务时长应当是数字，这里写的是“1e400”",
            "a.csv:D6: 志愿者人次应当是整数，这里写的是“inf”",
            "a.csv:E6: 服务时长应当是数字，这里写的是“NaN”",
        ]
    );
    let numbers: Vec<(u64, f64, u64)> = rows
        .iter()
        .map(|r| (r.volunteers, r.hours, r.served))
        .collect();
    assert_eq!(
        numbers,
        [(0, 0.0, 0), (1, 2.0, 3), (0, 0.0, 0), (0, 0.0, 12)]
    );
}

#[test]
fn total_rows_and_rows_without_known_values_are_skipped() {
    let text = "序号,日期,活动名称,支部,志愿者人次\n\
                1,2024-03-05,小计划大爱心,急诊科党支部,2\n\
                2,,,,\n\
                合 计,,,,2\n\
                ,总计：,,,2\n\
                小计,,,,2\n";
    let (rows, messages) = read_csv_text(text);
    let titles: Vec<&str> = rows.iter().map(|r| r.title.value.as_str()).collect();
    assert_eq!(titles, ["小计划大爱心"]);
    // 序号, in nearly every ledger, is known and ignored without a warning.
    assert_eq!(messages, Vec::<String>::new());
}

#[test]
fn header_names_are_matched_however_they_are_spaced_and_bracketed() {
    for hours in [
        "服务时长",
        "服务时长（小时）",
        "服务时长 (小时)",
        " 服务 时长\n（小时） ",
    ] {
        let text = format!("日 期,活动名称,支部,\"{hours}\"\n2024-03-05,义诊,急诊科党支部,1.5\n");
        let (rows, messages) = read_csv_text(&text);
        assert_eq!(messages, Vec::<String>::new(), "{hours}");
        assert_eq!(rows[0].hours, 1.5, "{hours}");
    }
}

#[test]
fn a_missing_branch_column_and_a_repeated_column_are_said_once() {
    let text = "日期,活动名称,地点,地点\n2024-03-05,义诊,社区,广场\n2024-03-06,讲座,社区,\n";
    let (rows, messages) = read_csv_text(text);
    assert!(rows.is_empty());
    assert_eq!(
        messages,
        [
            "a.csv: 警告：台账里有不认识的列，已忽略：地点（重复）（认识的列：日期、活动名称、支部、先锋人物、参与人员、地点、志愿者人次、服务时长、服务群众人次、备注、照片）",
            "a.csv:A1: 表头里没有“支部”这一列：每条记录都要写组织活动的支部（例如 急诊科党支部）",
        ]
    );
}

#[test]
fn dates_in_the_ways_people_write_them() {
    for (written, iso) in [
        ("2024-03-05", "2024-03-05"),
        ("2024-3-5", "2024-03-05"),
        ("2024/3/5", "2024-03-05"),
        ("2024.3.5", "2024-03-05"),
        ("2024年3月5日", "2024-03-05"),
        (" 2024年03月05日 ", "2024-03-05"),
        ("2024/3/5 9:30", "2024-03-05T09:30:00+08:00"),
    ] {
        let date = row::read_date(&source::Value::Text(written.into()));
        assert_eq!(date.map(|d| d.iso()), Ok(iso.to_string()), "{written}");
    }
    // 45356 is 2024-03-05 in Excel's serial days (a date cell whose format was lost).
    let serial = row::read_date(&source::Value::Number(45356.0));
    assert_eq!(serial.map(|d| d.iso()), Ok("2024-03-05".to_string()));
    for wrong in ["2024-03", "2024年13月5日", "三月五日", "45356"] {
        assert!(
            row::read_date(&source::Value::Text(wrong.into())).is_err(),
            "{wrong}"
        );
    }
    for wrong in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e12] {
        assert!(
            row::read_date(&source::Value::Number(wrong)).is_err(),
            "{wrong}"
        );
    }
}

#[test]
fn columns_are_lettered_like_excel() {
    let letters: Vec<String> = [0, 25, 26, 51, 701, 702, 16383]
        .into_iter()
        .map(column_letters)
        .collect();
    assert_eq!(letters, ["A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"]);
    assert_eq!(column_letters(u32::MAX), "MWLQKWV");
}

#[test]
fn a_workbook_damaged_anywhere_never_panics() {
    let good = std::fs::read(fixture("errors.xlsx")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.xlsx");
    // Every 37th byte (a prime, so every part of the zip is hit) flipped in turn.
    for at in (0..good.len()).step_by(37) {
        let mut bytes = good.clone();
        bytes[at] ^= 0xA5;
        std::fs::write(&path, &bytes).unwrap();
        let mut diags = Diagnostics::new();
        read_ledger(&path, "damaged.xlsx", &mut diags);
    }
}
