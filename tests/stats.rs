//! `pinpai stats`: the site's own figures, as a table, a CSV and an xlsx
//! that reads back (through calamine, as Excel would) to the same numbers.

mod common;

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use common::fixture;

#[test]
fn stats_of_a_year_as_xlsx_read_back_to_the_site_s_numbers() {
    let site = fixture();
    site.run(&["stats", "--year", "2024", "--output", "统计.xlsx"])
        .ok();
    let mut book: Xlsx<_> = open_workbook(site.path("统计.xlsx")).unwrap();
    let sheet = book.worksheet_range("志愿服务统计").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(
        rows[0][0],
        Data::String("2024年志愿服务统计（按支部）".into())
    );
    assert_eq!(
        rows[1],
        [
            "支部",
            "活动次数",
            "志愿者人次",
            "服务时长（小时）",
            "服务群众人次"
        ]
        .map(|s| Data::String(s.into()))
        .to_vec()
    );
    // The fixture's 2024 record: 急诊科党支部, 37 volunteers, 12.5 hours, 1234 served.
    let figures =
        |row: &[Data]| -> Vec<f64> { row[1..].iter().map(|c| c.as_f64().unwrap()).collect() };
    assert_eq!(rows[2][0], Data::String("急诊科党支部".into()));
    assert_eq!(figures(&rows[2]), [1.0, 37.0, 12.5, 1234.0]);
    assert_eq!(rows[3][0], Data::String("合计".into()));
    assert_eq!(figures(&rows[3]), [1.0, 37.0, 12.5, 1234.0]);
    // The same numbers the site shows on the volunteer list.
    site.build(&[]).ok();
    let year_page = common::visible_text(&site.read("output/volunteer/year/2024/index.html"));
    assert!(year_page.contains("1,234"), "{year_page}");
}

#[test]
fn all_years_by_branch_count_a_shared_record_for_each_branch_but_once_in_the_total() {
    let site = fixture();
    let run = site.run(&["stats"]);
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "历年志愿服务统计（按支部）");
    // 2023's screening was organised by two brands: in both rows, once in 合计.
    let row = |label: &str| -> Vec<&str> {
        lines
            .iter()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} row in\n{}", run.stdout))
            .split_whitespace()
            .collect()
    };
    assert_eq!(
        row("急诊科党支部"),
        ["急诊科党支部", "2", "82", "19.5", "1,801"]
    );
    assert_eq!(row("眼科党支部"), ["眼科党支部", "1", "45", "7", "567"]);
    assert_eq!(row("合计"), ["合计", "2", "82", "19.5", "1,801"]);
    // Columns line up: every row is as wide on screen as the header.
    let width = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    let header = width(lines[1]);
    for line in &lines[3..lines.len() - 2] {
        assert_eq!(width(line), header, "{line:?}");
    }
}

#[test]
fn stats_by_month_as_csv_opens_in_excel() {
    let site = fixture();
    site.run(&[
        "stats",
        "--by",
        "month",
        "--year",
        "2023",
        "--output",
        "月度.csv",
    ])
    .ok();
    let bytes = std::fs::read(site.path("月度.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a BOM, or Excel reads GBK"
    );
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "月份,活动次数,志愿者人次,服务时长（小时）,服务群众人次"
    );
    assert_eq!(lines.len(), 1 + 12 + 1, "every month of the year and 合计");
    assert_eq!(lines[10], "2023年10月,1,45,7,567");
    assert_eq!(lines[13], "合计,1,45,7,567");
}

#[test]
fn a_wrong_file_type_is_a_command_line_error() {
    let site = fixture();
    let run = site.run(&["stats", "--output", "统计.txt"]);
    run.expect(2);
    assert!(run.stderr.contains(".xlsx 或 .csv"), "{}", run.stderr);
}
