//! Reading the committed ledgers in `tests/fixtures/ledgers/` (made by
//! openpyxl and Python's csv module: `make_fixtures.py` there).

use std::path::{Path, PathBuf};

use super::*;

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
                r.notes,
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
            header::KNOWN.join("、")
        )]
    );
}

#[test]
fn good_workbook_rows_know_their_cells() {
    let (rows, _) = read("good.xlsx");
    let first = &rows[0];
    assert_eq!(first.sheet.as_deref(), Some("Sheet1"));
    assert_eq!(first.row, 3);
    assert_eq!(first.title.address, "B3");
    assert_eq!(first.branches[1].address, "C3");
    assert_eq!(
        first.cell_path(&first.branches[1].address),
        "data/volunteer/good.xlsx:Sheet1!C3"
    );
    assert_eq!(first.photos[0].address, "L3");
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
    assert_eq!(
        gbk[0].cell_path(&gbk[0].title.address),
        "data/volunteer/good-gbk.csv:B3"
    );

    let (bom, bom_messages) = read("good-bom.csv");
    assert_eq!(summary(&bom), GOOD);
    assert_eq!(bom_messages, Vec::<String>::new());
    // Columns in another order: 活动名称 first.
    assert_eq!(bom[0].title.address, "A2");
}

#[test]
fn every_error_names_ledger_sheet_and_cell() {
    let (rows, messages) = read("errors.xlsx");
    let p = "data/volunteer/errors.xlsx:Sheet1";
    assert_eq!(
        messages,
        [
            format!("{p}!A4: 缺少日期（例如 2024-03-05）"),
            format!(
                "{p}!A8: 日期看不懂：“2024年13月5日”。请写成 2024-03-05、2024/3/5 或 2024年3月5日"
            ),
            format!("{p}!B8: 缺少活动名称"),
            format!(
                "{p}!C5: 支部不能为空（组织活动的支部品牌，例如 急诊科党支部；多个用“、”隔开）"
            ),
            format!("{p}!D6: 志愿者人次不能是负数，这里写的是“-3”"),
            format!("{p}!D9: 志愿者人次太大了，这里写的是“1000000000000000000000000000000”"),
            format!("{p}!E7: 服务时长应当是数字，这里写的是“两小时”"),
            format!("{p}!F3: 服务群众人次应当是整数，这里写的是“2.5”"),
            format!("{p}!F8: 服务群众人次应当是整数，这里写的是“NaN”"),
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
            header::missing_message()
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
