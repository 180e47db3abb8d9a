//! Review before publishing (CONTENT-MODEL.md §7.4), end to end through
//! the commands staff run: a page goes 待初审 → 待复审 → 待终审 → 已通过
//! and is published only at the end; changing it puts it back; a preview
//! shows it with its 送审稿 band, a normal build never does.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{fixture, Run, Site};

const REVIEWED: &str = "title: 测试医院党建之窗\nhospital: 测试市人民医院\n# 三审\nreview:\n  required: true\n  levels: [初审, 复审, 终审]\n";
const LEVELS: [&str; 3] = ["初审", "复审", "终审"];
const NEWS: &str = "content/news/2024-dangke.md";

fn approve(site: &Site, path: &str, level: &str, by: &str) -> Run {
    site.run(&["review", "approve", path, "--level", level, "--by", by])
}

/// The fixture with review required and every page and intro but the
/// news item through all three levels.
fn reviewed_site() -> Site {
    let site = fixture();
    site.write("site.yaml", REVIEWED);
    let pages: Vec<String> = site
        .files("content")
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .map(|f| format!("content/{f}"))
        .filter(|f| f != NEWS)
        .collect();
    for page in &pages {
        for level in LEVELS {
            approve(&site, page, level, "张三").ok();
        }
    }
    site
}

/// The state `pinpai review` shows for a file.
fn state_of(site: &Site, path: &str) -> String {
    let run = site.run(&["review"]);
    run.ok();
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with(path))
        .unwrap_or_else(|| panic!("{path} not listed:\n{}", run.stdout));
    line.split_whitespace()
        .find(|w| w.starts_with('待') || *w == "已通过")
        .unwrap_or_else(|| panic!("no state in {line}"))
        .to_string()
}

fn published(site: &Site) -> bool {
    site.build(&[]).ok();
    let page = site.exists("output/news/2024-dangke/index.html");
    let listed = site.read("output/news/index.html").contains("七一专题党课");
    let in_feed = site.read("output/atom.xml").contains("七一专题党课");
    let searchable = site
        .snapshot("output/search")
        .values()
        .any(|b| String::from_utf8_lossy(b).contains("七一专题党课"));
    assert!(
        page == listed && listed == in_feed && in_feed == searchable,
        "page {page}, list {listed}, feed {in_feed}, search {searchable}"
    );
    page
}

fn no_band_anywhere(site: &Site) {
    for (path, html) in site.html_files() {
        assert!(!html.contains("review-band"), "{path} has the band");
        assert!(!html.contains("送审稿"), "{path} says 送审稿");
    }
}

#[test]
fn a_page_is_published_only_after_every_level_in_order_and_again_after_a_change() {
    let site = reviewed_site();
    assert_eq!(state_of(&site, NEWS), "待初审");
    let run = site.build(&[]);
    run.ok();
    assert!(
        run.stdout
            .contains("未发布（待初审）：content/news/2024-dangke.md“七一专题党课”"),
        "{}",
        run.stdout
    );
    assert!(!published(&site));

    // Out of order: refused, nothing written.
    let before = site.read(NEWS);
    let early = approve(&site, NEWS, "复审", "李四");
    early.expect(1);
    assert!(
        early.stderr.contains("还在等初审，不能先复审"),
        "{}",
        early.stderr
    );
    assert_eq!(site.read(NEWS), before);

    for (level, by, next) in [("初审", "张三", "待复审"), ("复审", "李四", "待终审")]
    {
        let run = approve(&site, NEWS, level, by);
        run.ok();
        assert!(
            run.stdout.contains(&format!("现在{next}")),
            "{}",
            run.stdout
        );
        assert_eq!(state_of(&site, NEWS), next);
        assert!(!published(&site), "published at {next}");
    }
    approve(&site, NEWS, "终审", "王书记").ok();
    assert_eq!(state_of(&site, NEWS), "已通过");
    assert!(published(&site));
    no_band_anywhere(&site);

    // The body changes: the approvals were of another version. What was
    // approved stays published until the change passes (§9.5).
    site.write(
        NEWS,
        site.read(NEWS).replace("党课。", "党课，全体党员参加。"),
    );
    assert_eq!(state_of(&site, NEWS), "待初审（网站上仍是通过的版本）");
    assert!(published(&site));
    let page = site.read("output/news/2024-dangke/index.html");
    assert!(!page.contains("全体党员参加"), "{page}");
}

/// As if the page had been approved by a pinpai that kept no copy of
/// what it approved, and never built since: an edit takes it off the site.
fn forget_approved_copy(site: &Site, path: &str) {
    std::fs::remove_dir_all(site.path(&format!(".pinpai/approved/{path}"))).unwrap();
}

#[test]
fn approving_keeps_every_other_byte_of_the_file() {
    let site = fixture();
    site.write("site.yaml", REVIEWED);
    let original = "---\r\n# 撰稿：王芳\r\ntitle: \"七一专题党课\"   # 标题\r\ndate: 2024-07-01\r\n\r\n---\r\n党课。\r\n\r\n见[杜杰](@/members/杜杰.md)。\r\n";
    site.write(NEWS, original);
    approve(&site, NEWS, "初审", "张三: 科长").ok();
    let after = site.read(NEWS);
    let added_at = after.find("review:").unwrap();
    let added_end = after[added_at..].find("}\r\n").unwrap() + added_at + 3;
    // Removing the added lines gives the file back, byte for byte.
    assert_eq!(
        format!("{}{}", &after[..added_at], &after[added_end..]),
        original
    );
    assert!(after[added_at..added_end]
        .starts_with("review:\r\n  - {level: \"初审\", by: \"张三: 科长\", date: \""));
}

#[test]
fn a_reference_to_a_page_in_review_fails_the_build_and_warns_in_a_preview() {
    let site = reviewed_site();
    // The brand changes after approval: pending again, while the member
    // page that names it is published.
    let brand = "content/branches/jizhen-120.md";
    forget_approved_copy(&site, brand);
    site.write(
        brand,
        site.read(brand).replace("生命至上 分秒必争", "生命至上"),
    );
    let before = site.snapshot("output");
    let run = site.build(&[]);
    run.expect(1);
    run.stderr_has_line_starting(
        "content/members/杜杰.md:4: “jizhen-120”（content/branches/jizhen-120.md）还在审核中（待初审），没有发布",
    );
    assert_eq!(site.snapshot("output"), before);

    let preview = site.build(&["--preview"]);
    preview.ok();
    preview.stderr_has_line_starting(
        "content/members/杜杰.md:4: 警告：引用的“jizhen-120”（content/branches/jizhen-120.md）还在审核中（待初审）",
    );
    let page = site.read("output-preview/branches/jizhen-120/index.html");
    assert!(
        page.contains("review-band"),
        "no band on the page in review"
    );
    let text = common::visible_text(&page);
    assert!(
        text.contains("送审稿（未经审核）") && text.contains("本页待初审"),
        "{text}"
    );
    let member = site.read("output-preview/members/du-jie/index.html");
    assert!(
        !member.contains("review-band"),
        "a published page has no band"
    );
    // The normal output was not touched by the preview.
    assert_eq!(site.snapshot("output"), before);

    // An `@/` link to a page in review names it so.
    for level in LEVELS {
        approve(&site, NEWS, level, "张三").ok();
    }
    let member = "content/members/杜杰.md";
    forget_approved_copy(&site, member);
    site.write(
        member,
        site.read(member).replace("杜杰的故事", "杜杰的故事。"),
    );
    let run = site.build(&[]);
    run.expect(1);
    run.stderr_has_line_starting(
        // Line 9: the four lines of approvals came above the body.
        "content/news/2024-dangke.md:9: 链接 @/members/杜杰.md 指向的页面还在审核中（待初审）",
    );
}

#[test]
fn the_review_sheet_opens_in_excel_with_who_approved_what() {
    let site = reviewed_site();
    approve(&site, NEWS, "初审", "张三").ok();
    site.run(&["review", "--output", "审核单.xlsx"]).ok();
    let mut book: Xlsx<_> = open_workbook(site.path("审核单.xlsx")).unwrap();
    let sheet = book.worksheet_range("审核单").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    assert_eq!(
        rows[1],
        ["文件", "标题", "栏目", "作者", "状态", "初审", "复审", "终审"]
    );
    let news = rows.iter().find(|r| r[0] == NEWS).unwrap();
    assert_eq!(news[1], "七一专题党课");
    assert_eq!(news[4], "待复审");
    assert!(news[5].starts_with("张三 "), "{news:?}");
    assert_eq!(news[6], "");
    let brand = rows
        .iter()
        .find(|r| r[0] == "content/branches/jizhen-120.md")
        .unwrap();
    assert_eq!(brand[4], "已通过");
}

#[test]
fn a_ledger_is_reviewed_as_a_whole_file() {
    let site = reviewed_site();
    let ledger = "data/volunteer/台账.csv";
    site.write(
        ledger,
        "日期,活动名称,支部\n2024-06-01,送医下乡,急诊科党支部\n",
    );
    let run = site.build(&[]);
    run.ok();
    assert!(
        run.stdout
            .contains("未发布（待初审）：data/volunteer/台账.csv“台账（1 条记录）”"),
        "{}",
        run.stdout
    );
    assert!(!site.exists("output/volunteer/2024-06-01-song-yi-xia-xiang/index.html"));
    for level in LEVELS {
        approve(&site, ledger, level, "张三").ok();
    }
    assert!(site.exists("data/volunteer/台账.csv.review.yaml"));
    site.build(&[]).ok();
    assert!(site.exists("output/volunteer/2024-06-01-song-yi-xia-xiang/index.html"));
    // A row added to the ledger: the whole file waits again.
    site.write(
        ledger,
        "日期,活动名称,支部\n2024-06-01,送医下乡,急诊科党支部\n2024-07-01,健康讲座,急诊科党支部\n",
    );
    assert_eq!(state_of(&site, ledger), "待初审");
    site.build(&[]).ok();
    assert!(!site.exists("output/volunteer/2024-06-01-song-yi-xia-xiang/index.html"));
}

#[test]
fn wrong_approvals_say_what_to_do() {
    let site = reviewed_site();
    let cases = [
        (
            vec!["--level", "四审", "--by", "张三"],
            "没有“四审”这一级审核：site.yaml 里的审核级别是 初审、复审、终审",
        ),
        (
            vec!["--level", "初审", "--by", " "],
            "请用 --by 写上审核人的姓名",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["review", "approve", NEWS];
        all.extend(args);
        let run = site.run(&all);
        run.expect(1);
        assert!(run.stderr.contains(message), "{}", run.stderr);
    }
    let missing = approve(&site, "content/news/没有.md", "初审", "张三");
    missing.expect(1);
    assert!(
        missing.stderr.contains("找不到文件 content/news/没有.md"),
        "{}",
        missing.stderr
    );
    let twice = approve(&site, "content/about.md", "初审", "张三");
    twice.expect(1);
    assert!(twice.stderr.contains("已经通过了初审"), "{}", twice.stderr);
    // Not pages to approve: a draft, a file outside the site.
    site.write(
        "content/news/draft.md",
        "---\ntitle: 草稿\ndate: 2024-01-01\ndraft: true\n---\n",
    );
    let draft = approve(&site, "content/news/draft.md", "初审", "张三");
    draft.expect(1);
    assert!(
        draft
            .stderr
            .contains("还是草稿（draft: true）：先把 draft 改为 false 再送审"),
        "{}",
        draft.stderr
    );
    std::fs::write(site.root().join("../outside.md"), "---\ntitle: x\n---\n").unwrap();
    let outside = approve(&site, "content/../../outside.md", "初审", "张三");
    outside.expect(1);
    assert!(outside.stderr.contains("不是页面"), "{}", outside.stderr);
    // An absolute path, as dragged into PowerShell, is fine.
    let absolute = site.path(NEWS).canonicalize().unwrap();
    approve(&site, absolute.to_str().unwrap(), "初审", "张三").ok();
    // Without review in site.yaml, approving is refused with the setting to add.
    site.write("site.yaml", common::SITE_YAML);
    let off = approve(&site, NEWS, "初审", "张三");
    off.expect(1);
    assert!(
        off.stderr.contains("review: {required: true}"),
        "{}",
        off.stderr
    );
}

/// Notepad's UTF-8 with a byte-order mark and CRLF: approved by the
/// command, counted as approved by the build (the same digest).
#[test]
fn a_notepad_page_with_a_byte_order_mark_is_approved_and_published() {
    let site = reviewed_site();
    site.write(
        NEWS,
        "\u{feff}---\r\ntitle: 七一专题党课\r\ndate: 2024-07-01\r\n---\r\n党课。\r\n",
    );
    for level in LEVELS {
        approve(&site, NEWS, level, "张三").ok();
    }
    assert!(site.read(NEWS).starts_with("\u{feff}---\r\n"));
    assert_eq!(state_of(&site, NEWS), "已通过");
    assert!(published(&site));
}

#[test]
fn a_page_with_invisible_control_characters_is_approved_and_published() {
    let site = reviewed_site();
    // Pasted from Word: a backspace in the title, a vertical tab in the body.
    site.write(
        NEWS,
        "---\ntitle: 七一专题党课\u{8}\ndate: 2024-07-01\n---\n党课。\u{b}\n",
    );
    for level in LEVELS {
        approve(&site, NEWS, level, "张三").ok();
    }
    assert_eq!(state_of(&site, NEWS), "已通过");
    assert!(published(&site));
}

/// A site turning review on: a whole folder approved at one level by one
/// command; pages waiting for another level are left as they are.
#[test]
fn a_folder_is_approved_at_one_level_in_one_command() {
    let site = fixture();
    site.write("site.yaml", REVIEWED);
    approve(&site, "content/branches/jizhen-120.md", "初审", "张三").ok();
    let run = approve(&site, "content/branches", "初审", "李四");
    run.ok();
    assert!(
        run.stdout
            .contains("content/branches 里：1 个页面通过初审（李四，"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 个不在等初审，没有改动"),
        "{}",
        run.stdout
    );
    assert_eq!(state_of(&site, "content/branches/jizhen-120.md"), "待复审");
    assert_eq!(
        state_of(&site, "content/branches/yanke-shouming/index.md"),
        "待复审"
    );
    assert_eq!(state_of(&site, "content/members/杜杰.md"), "待初审");
    // The bundle's logo and photo are not pages: untouched.
    assert!(!site
        .read("content/branches/yanke-shouming/index.md")
        .is_empty());
}

/// A site with its own `base.html` (no band in it) still shows the band on
/// a page in review: the preview must never look like the published site.
#[test]
fn a_theme_without_the_band_gets_it_in_a_preview() {
    let site = reviewed_site();
    site.write(
        "templates/base.html",
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>{% block title %}{% endblock title %}</title></head>\n<body class=\"mine\">\n{% block main %}{% endblock main %}\n</body>\n</html>\n",
    );
    site.build(&["--preview"]).ok();
    let pending = site.read("output-preview/news/2024-dangke/index.html");
    assert!(
        pending.contains("<body class=\"mine\"><div class=\"review-band\""),
        "{pending}"
    );
    assert!(common::visible_text(&pending).contains("送审稿（未经审核）"));
    let published = site.read("output-preview/about/index.html");
    assert!(!published.contains("review-band"));
}

/// `眼科党支部、急诊科党支部`, the second brand in review: named as in
/// review, not as missing. And `-q` keeps approving quiet.
#[test]
fn one_name_of_a_list_in_review_is_named_so() {
    let site = reviewed_site();
    let record = "content/volunteer/2024-shuangzhi.md";
    site.write(
        record,
        "---\ntitle: 双支部义诊\ndate: 2024-08-01\nbranch: 眼科党支部、急诊科党支部\n---\n义诊。\n",
    );
    for level in LEVELS {
        let quiet = site.run(&[
            "-q", "review", "approve", record, "--level", level, "--by", "张三",
        ]);
        quiet.ok();
        assert_eq!(quiet.stdout, "");
    }
    let brand = "content/branches/jizhen-120.md";
    forget_approved_copy(&site, brand);
    site.write(
        brand,
        site.read(brand).replace("生命至上 分秒必争", "生命至上"),
    );
    let run = site.build(&[]);
    run.expect(1);
    run.stderr_has_line_starting(
        "content/volunteer/2024-shuangzhi.md:4: “急诊科党支部”（content/branches/jizhen-120.md）还在审核中（待初审）",
    );
    assert!(!run.stderr.contains("找不到"), "{}", run.stderr);
}

#[test]
fn a_photo_replaced_after_approval_makes_the_page_pending_again() {
    let site = reviewed_site();
    let bundle = "content/branches/yanke-shouming/index.md";
    assert_eq!(state_of(&site, bundle), "已通过");
    let text = site.read(bundle);
    assert!(text.contains("digest: v2-"), "{text}");
    // Same name, other bytes: the photo a reader sees is not the approved one.
    site.write(
        "content/branches/yanke-shouming/xianchang.png",
        common::png(64, 49),
    );
    assert_eq!(state_of(&site, bundle), "待初审（网站上仍是通过的版本）");
    // Put back, byte for byte: approved again.
    site.write(
        "content/branches/yanke-shouming/xianchang.png",
        common::png(64, 48),
    );
    assert_eq!(state_of(&site, bundle), "已通过");
    // A single page covers the files it names beside it.
    site.write("content/news/合影.png", common::png(30, 20));
    site.write(
        NEWS,
        "---\ntitle: 七一专题党课\ndate: 2024-07-01\ncover: 合影.png\n---\n党课。\n",
    );
    for level in LEVELS {
        approve(&site, NEWS, level, "李四").ok();
    }
    assert_eq!(state_of(&site, NEWS), "已通过");
    site.write("content/news/合影.png", common::png(30, 21));
    assert_eq!(state_of(&site, NEWS), "待初审（网站上仍是通过的版本）");
}

#[test]
fn approvals_recorded_before_photos_counted_still_count_until_the_text_changes() {
    let site = fixture();
    site.write("site.yaml", REVIEWED);
    // As `review approve` wrote them before: the digest of the text only.
    let front = "title: 七一专题党课\ndate: 2024-07-01\ncover: 合影.png\n";
    let body = "党课。\n";
    let old = pinpai::review::page_digest(&pinpai::yaml::parse_mapping(front).unwrap(), body);
    assert_eq!(old.len(), 16);
    let steps: String = LEVELS
        .iter()
        .map(|l| format!("  - {{level: {l}, by: 张三, date: 2024-07-02, digest: {old}}}\n"))
        .collect();
    site.write("content/news/合影.png", common::png(30, 20));
    site.write(NEWS, format!("---\n{front}review:\n{steps}---\n{body}"));
    assert_eq!(state_of(&site, NEWS), "已通过");
    // Its photo was never fingerprinted: the old approval still counts …
    site.write("content/news/合影.png", common::png(30, 21));
    assert_eq!(state_of(&site, NEWS), "已通过");
    // … until the page itself changes.
    site.write(
        NEWS,
        format!("---\n{front}review:\n{steps}---\n党课，改过。\n"),
    );
    assert_eq!(state_of(&site, NEWS), "待初审");
}

#[test]
fn an_edit_in_review_keeps_the_approved_version_published_byte_for_byte() {
    let site = reviewed_site();
    for level in LEVELS {
        approve(&site, NEWS, level, "张三").ok();
    }
    let brand = "content/branches/jizhen-120.md";
    let bundle = "content/branches/yanke-shouming/index.md";
    site.build(&[]).ok();
    let before = site.snapshot("output");
    assert!(site.exists(".pinpai/approved/content/news/2024-dangke.md/2024-dangke.md"));
    // One character changed in a brand other pages refer to, a photo of a
    // bundle replaced, the news item rewritten: all three in review now.
    let text = site.read(brand).replace("品牌介绍", "品牌简介");
    site.write(brand, text);
    site.write(
        "content/branches/yanke-shouming/xianchang.png",
        common::png(64, 49),
    );
    site.write(NEWS, site.read(NEWS).replace("党课。", "党课，改写过。"));
    for path in [brand, bundle, NEWS] {
        assert_eq!(
            state_of(&site, path),
            "待初审（网站上仍是通过的版本）",
            "{path}"
        );
    }
    let run = site.build(&[]);
    run.ok();
    assert!(
        run.stdout.contains("改动待初审：content/branches/jizhen-120.md“120救在身边”（网站上仍是上次审核通过的版本）"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("3 项改动待审核（仍发布通过的版本）"),
        "{}",
        run.stdout
    );
    // The site is what was approved, file for file, byte for byte.
    common::assert_same_tree(&before, &site.snapshot("output"));
    // A preview shows the edits, with their band.
    site.build(&["--preview"]).ok();
    let preview = site.read("output-preview/news/2024-dangke/index.html");
    assert!(
        preview.contains("改写过")
            && preview.contains("送审稿")
            && preview.contains("正式生成的网站上仍是上次审核通过的版本"),
        "{preview}"
    );
    // Passed at every level: the edit is what is published.
    for path in [brand, bundle, NEWS] {
        for level in LEVELS {
            approve(&site, path, level, "王五").ok();
        }
    }
    site.build(&[]).ok();
    assert!(site
        .read("output/news/2024-dangke/index.html")
        .contains("改写过"));
    assert!(site
        .read("output/branches/jizhen-120/index.html")
        .contains("品牌简介"));
    assert_eq!(
        std::fs::read(site.path("output/branches/yanke-shouming/xianchang.png")).unwrap(),
        common::png(64, 49)
    );
}

#[test]
fn a_page_approved_before_copies_were_kept_gets_one_at_the_next_build() {
    let site = reviewed_site();
    for level in LEVELS {
        approve(&site, NEWS, level, "张三").ok();
    }
    // As an older pinpai left it: approvals, no copy.
    std::fs::remove_dir_all(site.path(".pinpai/approved")).unwrap();
    site.build(&[]).ok();
    let before = site.read("output/news/2024-dangke/index.html");
    assert!(site.exists(".pinpai/approved/content/news/2024-dangke.md/2024-dangke.md"));
    site.write(NEWS, site.read(NEWS).replace("党课。", "党课，改写过。"));
    site.build(&[]).ok();
    assert_eq!(site.read("output/news/2024-dangke/index.html"), before);
}

#[test]
fn intros_are_reviewed_and_an_edited_one_keeps_its_approved_version_published() {
    let site = reviewed_site();
    let home = "content/_index.md";
    assert_eq!(state_of(&site, home), "已通过");
    let listed = site.run(&["review"]);
    assert!(listed.stdout.contains("首页介绍"), "{}", listed.stdout);
    site.build(&[]).ok();
    let before = site.snapshot("output");
    assert!(site.read("output/index.html").contains("欢迎访问党建之窗"));
    // The home intro rewritten: the site keeps the approved one.
    site.write(home, "---\ntitle: 首页\n---\n欢迎访问，改写过的介绍。\n");
    assert_eq!(state_of(&site, home), "待初审（网站上仍是通过的版本）");
    let run = site.build(&[]);
    run.ok();
    assert!(
        run.stdout
            .contains("改动待初审：content/_index.md“首页”（网站上仍是上次审核通过的版本）"),
        "{}",
        run.stdout
    );
    common::assert_same_tree(&before, &site.snapshot("output"));
    site.build(&["--preview"]).ok();
    let preview = site.read("output-preview/index.html");
    assert!(
        preview.contains("改写过的介绍")
            && preview.contains("首页介绍待初审，尚未通过审核")
            && preview.contains("正式生成的网站上仍是上次审核通过的版本"),
        "{preview}"
    );
    for level in LEVELS {
        approve(&site, home, level, "王五").ok();
    }
    site.build(&[]).ok();
    let home_page = site.read("output/index.html");
    assert!(home_page.contains("改写过的介绍"), "{home_page}");
    assert!(!home_page.contains("送审稿"), "{home_page}");
}

#[test]
fn a_new_intro_waits_for_review_and_its_section_is_published_without_it() {
    let site = reviewed_site();
    let intro = "content/members/_index.md";
    site.write(
        intro,
        "---\ntitle: 身边的榜样\nsummary: 新写的栏目说明\n---\n这段介绍还没审。\n",
    );
    let run = site.build(&[]);
    run.ok();
    assert!(
        run.stdout.contains(
            "介绍未发布（待初审）：content/members/_index.md“身边的榜样”（栏目照常发布，先不显示这段介绍）"
        ),
        "{}",
        run.stdout
    );
    let list = site.read("output/members/index.html");
    assert!(list.contains("杜杰"), "the section's pages are listed");
    assert!(list.contains("<h1>身边的榜样</h1>"), "under its own name");
    for unreviewed in ["新写的栏目说明", "这段介绍还没审"] {
        assert!(!list.contains(unreviewed), "{unreviewed} published");
    }
    site.build(&["--preview"]).ok();
    let preview = site.read("output-preview/members/index.html");
    assert!(
        preview.contains("这段介绍还没审")
            && preview.contains("本栏目的介绍待初审")
            && preview.contains("正式生成的网站上先不显示这段介绍"),
        "{preview}"
    );
    // Approving the folder at each level takes the intro along.
    for level in LEVELS {
        site.run(&[
            "review",
            "approve",
            "content/members",
            "--level",
            level,
            "--by",
            "李四",
        ])
        .ok();
    }
    assert_eq!(state_of(&site, intro), "已通过");
    site.build(&[]).ok();
    let list = site.read("output/members/index.html");
    assert!(
        list.contains("这段介绍还没审") && list.contains("身边的榜样"),
        "{list}"
    );
    assert!(site.exists(".pinpai/approved/content/members/_index.md/_index.md"));
}
