//! Volunteer ledgers in `data/volunteer/` built as records, the way staff
//! hand them over: workbooks written by openpyxl (not by pinpai's own
//! writer) with merged title rows, date cells and 合计 rows, and a GBK CSV
//! as Excel on a Chinese Windows PC saves it. Every row is a page, counted
//! in every total; every problem is at its ledger, sheet and cell.

mod common;

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use common::{fixture, visible_text, Site};

fn ledger(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/ledgers/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A small real JPEG, as the 照片 column names.
fn jpeg(shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(800, 600, |x, y| {
        image::Rgb([shade, (x % 256) as u8, (y % 256) as u8])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    bytes.into_inner()
}

/// The fixture site without its Markdown records, so that every total
/// is the ledger's own.
fn site_with_only(ledger_name: &str, bytes: Vec<u8>) -> Site {
    let site = fixture();
    site.remove("content/volunteer/2024-yizhen.md");
    site.remove("content/volunteer/2023-shaicha.md");
    site.write(&format!("data/volunteer/{ledger_name}"), bytes);
    site
}

#[test]
fn a_workbook_s_rows_are_records_with_their_photos_in_every_list() {
    let site = site_with_only("2024台账.xlsx", ledger("good.xlsx"));
    site.write("data/volunteer/义诊1.jpg", jpeg(200));
    site.write("data/volunteer/义诊2.jpg", jpeg(40));
    let run = site.build(&[]);
    run.ok();
    // 联系人 is not a column pinpai knows: one warning for the file.
    run.stderr_has_line_starting(
        "data/volunteer/2024台账.xlsx: 警告：台账里有不认识的列，已忽略：联系人",
    );

    let record = site.read("output/volunteer/2024-03-05-she-qu-yi-zhen-jin-wan-jia/index.html");
    let text = visible_text(&record);
    for shown in [
        "社区义诊进万家",
        "2024年3月5日",
        "汉丰街道社区",
        "李明、王芳",
        "为居民测血压、讲解用药。",
    ] {
        assert!(text.contains(shown), "{shown} missing from {text}");
    }
    // Both brands and the member are links; the photos are web versions.
    assert!(record.contains(r#"href="/branches/jizhen-120/""#));
    assert!(record.contains(r#"href="/branches/yanke-shouming/""#));
    assert!(record.contains(r#"href="/members/du-jie/""#));
    assert!(record.contains("srcset="), "{record}");
    assert!(site.exists("output/volunteer/2024-03-05-she-qu-yi-zhen-jin-wan-jia/义诊1.jpg"));
    for slug in [
        "2024-04-02-jian-kang-zhi-shi-jiang-zuo",
        "2024-05-20-ai-yan-ri-yi-zhen",
    ] {
        assert!(
            site.exists(&format!("output/volunteer/{slug}/index.html")),
            "{slug}"
        );
    }
    // No page for the 合计 row, the empty row or the 说明 sheet.
    assert_eq!(
        site.files("output/volunteer")
            .iter()
            .filter(|f| f.ends_with("/index.html") && f.starts_with("2024-"))
            .count(),
        3
    );

    // Totals: 3 activities, 26 volunteers, 49 hours, 290 served.
    let list = visible_text(&site.read("output/volunteer/index.html"));
    assert!(list.contains("49"), "{list}");
    assert!(list.contains("290"), "{list}");
    let brand = visible_text(&site.read("output/branches/yanke-shouming/index.html"));
    assert!(brand.contains("爱眼日义诊"), "{brand}");
    assert!(site.read("output/atom.xml").contains("健康知识讲座"));
    let search = site.snapshot("output/search");
    let found = |word: &str| {
        search
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains(word))
    };
    assert!(
        found("爱眼日义诊"),
        "the search index has the ledger's records"
    );
}

#[test]
fn a_gbk_csv_saved_by_excel_gives_the_same_records() {
    let site = site_with_only("2024台账.csv", ledger("good-gbk.csv"));
    site.write("data/volunteer/义诊1.jpg", jpeg(200));
    site.write("data/volunteer/义诊2.jpg", jpeg(40));
    site.build(&[]).ok();
    let record =
        visible_text(&site.read("output/volunteer/2024-05-20-ai-yan-ri-yi-zhen/index.html"));
    // 参与人员 written on two lines of one cell.
    assert!(record.contains("赵敏、钱进"), "{record}");
    assert!(record.contains("滨江公园"), "{record}");
}

#[test]
fn three_hundred_rows_are_three_hundred_records_with_hand_computed_totals() {
    let site = site_with_only("big.xlsx", ledger("big.xlsx"));
    site.build(&[]).ok();
    let pages = site
        .files("output/volunteer")
        .into_iter()
        .filter(|f| f.starts_with("2024-") && f.ends_with("/index.html"))
        .count();
    assert_eq!(pages, 300);
    // Row i (0-based) has i % 7 + 0.5 hours: 42 weeks of 0.5+…+6.5 (24.5)
    // plus 0.5+…+5.5 for the last six rows = 1029 + 18 = 1047.
    // 2 volunteers and 10 served on every row.
    let list = visible_text(&site.read("output/volunteer/index.html"));
    for total in ["300", "600", "1,047", "3,000"] {
        assert!(list.contains(total), "{total} missing from {list}");
    }

    site.run(&["stats", "--year", "2024", "--output", "t.xlsx"])
        .ok();
    let mut book: Xlsx<_> = open_workbook(site.path("t.xlsx")).unwrap();
    let sheet = book.worksheet_range("志愿服务统计").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let total = rows
        .iter()
        .find(|r| r[0] == Data::String("合计".into()))
        .unwrap();
    let figures: Vec<f64> = total[1..].iter().map(|c| c.as_f64().unwrap()).collect();
    assert_eq!(figures, [300.0, 600.0, 1047.0, 3000.0]);
}

#[test]
fn every_ledger_problem_is_reported_at_its_cell_and_the_output_is_kept() {
    let site = fixture();
    site.build(&[]).ok();
    let before = site.snapshot("output");
    site.write("data/volunteer/错误.xlsx", ledger("errors.xlsx"));
    // A brand and a member that do not exist, a photo that is not there.
    site.write(
        "data/volunteer/引用.csv",
        "日期,活动名称,支部,先锋人物,照片\n\
         2024-06-01,送医下乡,急诊党支部,杜杰,\n\
         2024-06-02,健康讲座,急诊科党支部,杜洁,现场.jpg\n",
    );
    let run = site.build(&[]);
    run.expect(1);
    let p = "data/volunteer/错误.xlsx:Sheet1";
    for line in [
        format!("{p}!F3: 服务群众人次应当是整数，这里写的是“2.5”"),
        format!("{p}!A4: 缺少日期（例如 2024-03-05）"),
        format!("{p}!C5: 支部不能为空"),
        format!("{p}!D6: 志愿者人次不能是负数，这里写的是“-3”"),
        format!("{p}!E7: 服务时长应当是数字，这里写的是“两小时”"),
        format!("{p}!A8: 日期看不懂：“2024年13月5日”"),
        format!("{p}!B8: 缺少活动名称"),
        format!("{p}!D9: 志愿者人次太大了"),
        "data/volunteer/引用.csv:C2: 找不到支部品牌“急诊党支部”".to_string(),
        "data/volunteer/引用.csv:D3: 找不到先锋人物“杜洁”".to_string(),
        "data/volunteer/引用.csv:E3: 找不到照片 现场.jpg：台账“照片”列里的照片应放在台账文件旁边"
            .to_string(),
    ] {
        run.stderr_has_line_starting(&line);
    }
    assert_eq!(
        site.snapshot("output"),
        before,
        "a failed build keeps the output"
    );
}

#[test]
fn an_activity_both_in_a_ledger_and_a_markdown_file_is_an_error_naming_both() {
    let site = fixture();
    // The fixture's content/volunteer/2024-yizhen.md, entered again in the
    // ledger; and one row pasted twice.
    site.write(
        "data/volunteer/台账.csv",
        "日期,活动名称,支部\n\
         2024/3/5,社区义诊进万家,急诊科党支部\n\
         2024-06-01,送医下乡,急诊科党支部\n\
         2024-06-01,送医下乡,急诊科党支部\n",
    );
    let run = site.build(&[]);
    run.expect(1);
    run.stderr_has_line_starting(
        "content/volunteer/2024-yizhen.md: 与 data/volunteer/台账.csv:B2 是同一天、同一名称的活动（2024-03-05 社区义诊进万家）：同一次活动既记在台账里又写成了页面",
    );
    run.stderr_has_line_starting(
        "data/volunteer/台账.csv:B2: 与 content/volunteer/2024-yizhen.md 是同一天、同一名称的活动",
    );
    run.stderr_has_line_starting(
        "data/volunteer/台账.csv:B4: 警告：与 data/volunteer/台账.csv:B3 是同一天、同一名称的活动（2024-06-01 送医下乡），统计会算两次",
    );
}

#[test]
fn an_old_xls_is_named_not_silently_skipped_and_lock_files_are_ignored() {
    let site = fixture();
    site.write(
        "data/volunteer/2022台账.xls",
        b"\xd0\xcf\x11\xe0".as_slice(),
    );
    site.write("data/volunteer/~$2024台账.xlsx", b"owner".as_slice());
    let run = site.build(&[]);
    run.ok();
    run.stderr_has_line_starting(
        "data/volunteer/2022台账.xls: 警告：没有读取这个表格：台账只能是 .xlsx 或 .csv",
    );
    assert!(!run.stderr.contains("~$"), "{}", run.stderr);
}

#[test]
fn a_ledger_imported_and_left_in_place_is_reported_once_per_activity() {
    let site = fixture();
    site.write(
        "data/volunteer/台账.csv",
        "日期,活动名称,支部\n2024-06-01,送医下乡,急诊科党支部\n",
    );
    site.run(&["import", "data/volunteer/台账.csv"]).ok();
    let run = site.build(&[]);
    run.expect(1);
    // Both places named, once each; not again as two pages with one address.
    run.stderr_has_line_starting(
        "content/volunteer/2024-06-01-song-yi-xia-xiang.md: 与 data/volunteer/台账.csv:B2 是同一天、同一名称的活动",
    );
    run.stderr_has_line_starting(
        "data/volunteer/台账.csv:B2: 与 content/volunteer/2024-06-01-song-yi-xia-xiang.md",
    );
    assert!(run.stderr.contains("失败：2 个错误"), "{}", run.stderr);
    assert!(!run.stderr.contains("网址相同"), "{}", run.stderr);
}
