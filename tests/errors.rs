//! One test per bad input: the build exits with 1, names the file and the
//! line to fix, and leaves the previous `output/` exactly as it was.

mod common;

use common::{assert_same_tree, fixture, Run, Site, SITE_YAML};

/// Builds `site` once (it must build), lets `spoil` break it, builds again
/// and checks the failure: exit code 1, a stderr line starting with each of
/// `expected`, the previous output untouched and no temporary folder left.
#[track_caller]
fn fails_keeping_output(site: &Site, spoil: impl FnOnce(&Site), expected: &[&str]) -> Run {
    site.build(&[]).ok();
    let before = site.snapshot("output");
    spoil(site);
    let top = site.top_level();
    let run = site.build(&[]);
    run.expect(1);
    for prefix in expected {
        run.stderr_has_line_starting(prefix);
    }
    assert!(
        run.stdout.is_empty(),
        "stdout of a failed build: {}",
        run.stdout
    );
    assert!(
        run.stderr.trim_end().ends_with("output 保持原样。"),
        "last line should say output/ was kept:\n{}",
        run.stderr
    );
    assert_same_tree(&before, &site.snapshot("output"));
    assert_eq!(site.top_level(), top, "files left beside output/");
    run
}

const MEMBER: &str = "content/members/杜杰.md";

/// 杜杰.md of the fixture with one line changed.
fn member_with(line: &str, replacement: &str) -> String {
    let text = fixture().read(MEMBER);
    assert!(text.contains(line), "{line:?} not in the fixture");
    text.replacen(line, replacement, 1)
}

#[test]
fn yaml_syntax_error() {
    let site = fixture();
    // A colon inside an unquoted title, the most common slip.
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                MEMBER,
                member_with(
                    "title: 杜杰：把急救课堂搬进社区",
                    "title: 杜杰: 把急救课堂搬进社区",
                ),
            )
        },
        &["content/members/杜杰.md:2: title 的值里有“: ”"],
    );
}

#[test]
fn unknown_reference_suggests_the_nearest_brand() {
    let site = fixture();
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(
                MEMBER,
                member_with("branch: jizhen-120", "branch: 急诊党支部"),
            )
        },
        &["content/members/杜杰.md:4: "],
    );
    let line = run.stderr_line("content/members/杜杰.md:4: ");
    assert!(line.contains("急诊党支部"), "{line}");
    assert!(
        line.contains("是不是") && line.contains("急诊科党支部"),
        "{line}"
    );
}

#[test]
fn missing_required_field() {
    let site = fixture();
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/volunteer/2024-yizhen.md",
                "---\ntitle: 社区义诊进万家\nbranch: 急诊科党支部\nvolunteers: 3\n---\n",
            )
        },
        &["content/volunteer/2024-yizhen.md:2: "],
    );
    let line = run.stderr_line("content/volunteer/2024-yizhen.md:2: ");
    assert!(line.contains("缺少必填字段 date"), "{line}");
}

#[test]
fn negative_count() {
    let site = fixture();
    let path = "content/volunteer/2023-shaicha.md";
    let text = site.read(path).replace("volunteers: 45", "volunteers: -45");
    let run = fails_keeping_output(&site, |s| s.write(path, &text), &[&format!("{path}:6: ")]);
    assert!(run
        .stderr_line(&format!("{path}:6: "))
        .contains("volunteers 不能是负数"));
}

#[test]
fn invalid_date() {
    let site = fixture();
    let path = "content/volunteer/2024-yizhen.md";
    let text = site
        .read(path)
        .replace("date: 2024-03-05", "date: 2024-13-45");
    let run = fails_keeping_output(&site, |s| s.write(path, &text), &[&format!("{path}:3: ")]);
    let line = run.stderr_line(&format!("{path}:3: "));
    assert!(
        line.contains("2024-13-45") && line.contains("日期"),
        "{line}"
    );
}

#[test]
fn missing_image() {
    let site = fixture();
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(
                MEMBER,
                member_with("position: 急诊科主治医师", "photo: /images/du-jie.jpg"),
            )
        },
        &["content/members/杜杰.md:5: "],
    );
    let line = run.stderr_line("content/members/杜杰.md:5: ");
    assert!(line.contains("找不到图片 /images/du-jie.jpg"), "{line}");
    assert!(
        line.contains("static/images/du-jie.jpg"),
        "says where to put it: {line}"
    );
}

#[test]
fn missing_image_in_a_body() {
    let site = fixture();
    let path = "content/branches/yanke-shouming/index.md";
    let text = site.read(path).replace("xianchang.png", "xianchang-2.png");
    fails_keeping_output(
        &site,
        |s| s.write(path, &text),
        &[&format!("{path}:9: 找不到图片 xianchang-2.png")],
    );
}

#[test]
fn broken_page_link() {
    let site = fixture();
    let path = "content/news/2024-dangke.md";
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                path,
                "---\ntitle: 七一专题党课\ndate: 2024-07-01\n---\n党课。\n\n见[单雪梅](@/members/单雪梅.md)。\n",
            )
        },
        &[&format!(
            "{path}:7: 链接 @/members/单雪梅.md 指向的页面不存在"
        )],
    );
}

#[test]
fn duplicate_url_names_both_files() {
    let site = fixture();
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/members/du-jie-2.md",
                "---\ntitle: 另一篇\nname: 杜杰二\nbranch: jizhen-120\nslug: du-jie\n---\n",
            )
        },
        &["content/members/du-jie-2.md: ", "content/members/杜杰.md: "],
    );
    let first = run.stderr_line("content/members/du-jie-2.md: ");
    assert!(
        first.contains("content/members/杜杰.md") && first.contains("/members/du-jie/"),
        "{first}"
    );
    let second = run.stderr_line("content/members/杜杰.md: ");
    assert!(second.contains("content/members/du-jie-2.md"), "{second}");
}

#[test]
fn forbidden_word() {
    let site = fixture().file(
        "site.yaml",
        format!("{SITE_YAML}lint:\n  forbidden: [内部资料]\n"),
    );
    let path = "content/news/2024-dangke.md";
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(
                path,
                "---\ntitle: 七一专题党课\ndate: 2024-07-01\n---\n党课。\n\n本文为内部资料。\n",
            )
        },
        &[&format!("{path}:7: ")],
    );
    let line = run.stderr_line(&format!("{path}:7: "));
    assert!(
        line.contains("内部资料") && line.contains("lint.forbidden"),
        "{line}"
    );
}

#[test]
fn forbidden_word_in_front_matter() {
    let site = fixture().file(
        "site.yaml",
        format!("{SITE_YAML}lint:\n  forbidden: [内部资料]\n"),
    );
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                MEMBER,
                member_with("position: 急诊科主治医师", "position: 内部资料"),
            )
        },
        &["content/members/杜杰.md:5: 出现了禁止发布的词语“内部资料”"],
    );
}

#[test]
fn unknown_config_key_names_line_and_closest_key() {
    let site = fixture();
    fails_keeping_output(
        &site,
        |s| s.write("site.yaml", format!("{SITE_YAML}paginte: 5\n")),
        &["site.yaml:3: site.yaml 不认识字段 paginte，是不是想写 paginate？"],
    );
}

#[test]
fn unknown_front_matter_field_names_closest_field() {
    let site = fixture();
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                MEMBER,
                member_with("position: 急诊科主治医师", "postion: 急诊科主治医师"),
            )
        },
        &["content/members/杜杰.md:5: 先锋风采页面不认识字段 postion，是不是想写 position？"],
    );
}

#[test]
fn unclosed_front_matter() {
    let site = fixture();
    fails_keeping_output(
        &site,
        |s| s.write("content/about.md", "---\ntitle: 关于本站\n\n关于本站。\n"),
        &["content/about.md:1: front matter 没有结束"],
    );
}

#[test]
fn file_not_in_utf8() {
    let site = fixture();
    // "杜杰" saved as GBK by an old editor, on the second line.
    let mut gbk = b"---\ntitle: ".to_vec();
    gbk.extend_from_slice(&[0xB6, 0xC5, 0xBD, 0xDC]);
    gbk.extend_from_slice(b"\nname: x\nbranch: jizhen-120\n---\n");
    let run = fails_keeping_output(
        &site,
        |s| s.write(MEMBER, &gbk),
        &["content/members/杜杰.md:2: "],
    );
    let line = run.stderr_line("content/members/杜杰.md:2: ");
    assert!(line.contains("UTF-8"), "{line}");
}

#[test]
fn template_error_names_the_site_template_and_line() {
    let site = fixture();
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(
                "templates/branch.html",
                "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
            )
        },
        &["templates/branch.html:3: "],
    );
    assert!(run
        .stderr_line("templates/branch.html:3: ")
        .contains("模板"));
}

#[test]
fn template_runtime_error_names_the_site_template() {
    let site = fixture();
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(
                "templates/member.html",
                "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.no_such_field }}</h1>\n{% endblock main %}\n",
            )
        },
        &["templates/member.html"],
    );
    assert!(run
        .stderr_line("templates/member.html")
        .contains("no_such_field"));
}

#[test]
fn foreign_output_folder_is_refused_and_left_alone() {
    let site = fixture()
        .file("output/毕业论文.docx", "我的论文")
        .file("output/照片/a.jpg", "jpeg");
    let before = site.snapshot("output");
    let top = site.top_level();
    let run = site.build(&[]);
    run.expect(1).stderr_has_line_starting("output: ");
    assert!(run.stderr_line("output: ").contains("不是 pinpai 生成的"));
    assert_same_tree(&before, &site.snapshot("output"));
    assert_eq!(site.top_level(), top);

    // The same with --output naming a folder of someone's files.
    let site = fixture().file("文档/报告.txt", "报告");
    let run = site.build(&["--output", "文档"]);
    run.expect(1).stderr_has_line_starting("文档: ");
    assert_eq!(site.files("文档"), ["报告.txt"]);
}

#[test]
fn two_errors_in_two_files_are_both_reported() {
    let site = fixture();
    let path = "content/volunteer/2023-shaicha.md";
    let text = site.read(path).replace("hours: 7", "hours: -7");
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(path, &text);
            s.write(
                MEMBER,
                member_with("branch: jizhen-120", "branch: jizhen-12O"),
            );
        },
        &[&format!("{path}:7: "), "content/members/杜杰.md:4: "],
    );
    assert!(run.stderr.contains("失败：2 个错误"), "{}", run.stderr);
}

#[test]
fn outdated_wording_is_a_warning_with_its_replacement() {
    let site = fixture()
        .file(
            "site.yaml",
            format!("{SITE_YAML}lint:\n  replace:\n    病人: 患者\n"),
        )
        .file(
            "content/news/2024-dangke.md",
            "---\ntitle: 七一专题党课\ndate: 2024-07-01\n---\n党课。\n\n关爱每一位病人。\n",
        );
    let run = site.build(&[]);
    run.ok();
    assert_eq!(
        run.stderr,
        "content/news/2024-dangke.md:7: 警告：“病人”是过时或不规范的写法，请改为“患者”\n"
    );
    assert!(run.stdout.contains("警告 1 个"), "{}", run.stdout);
    assert!(site.exists("output/news/2024-dangke/index.html"));
}

/// The whole stderr of a build with several errors, word for word: a change
/// to any message must be deliberate.
#[test]
fn stderr_of_a_multi_error_build_verbatim() {
    let site = Site::new()
        .file(
            "site.yaml",
            format!("{SITE_YAML}lint:\n  replace:\n    病人: 患者\n"),
        )
        .file(
            "content/branches/a.md",
            "---\ntitle: 甲品牌\nbranch: 甲党支部\n---\n",
        )
        .file(
            "content/members/wang.md",
            "---\ntitle: 王医生\nname: 王五\nbranch: 甲支部\n---\n关心病人。\n",
        )
        .file(
            "content/volunteer/v.md",
            "---\ntitle: 义诊\ndate: 2024-02-30\nbranch: a\nserved: -1\n---\n[链接](@/news/x.md)\n",
        );
    let run = site.build(&[]);
    run.expect(1);
    assert_eq!(
        run.stderr, EXPECTED_MULTI_ERROR,
        "\n--- actual stderr\n{}",
        run.stderr
    );
    assert!(!site.exists("output"));
}

const EXPECTED_MULTI_ERROR: &str = "\
content/members/wang.md:4: 找不到支部品牌“甲支部”，是不是：甲党支部、甲品牌？
content/members/wang.md:6: 警告：“病人”是过时或不规范的写法，请改为“患者”
content/volunteer/v.md:3: date 不是有效的日期：“2024-02-30”。请写成 2024-03-05 或 2024-03-05 09:30
content/volunteer/v.md:5: served 不能是负数（写的是 -1）
content/volunteer/v.md:7: 链接 @/news/x.md 指向的页面不存在（路径从 content/ 算起，例如 @/members/杜杰.md）
失败：4 个错误，1 个警告。output 保持原样。
";

#[test]
fn ambiguous_reference_names_every_match() {
    // A new brand whose title is another brand's branch name.
    let site = fixture();
    let path = "content/volunteer/2024-yizhen.md";
    let run = fails_keeping_output(
        &site,
        |s| {
            s.write(
                "content/branches/qita.md",
                "---\ntitle: 急诊科党支部\nbranch: 其他党支部\n---\n",
            )
        },
        &[&format!("{path}:4: ")],
    );
    let line = run.stderr_line(&format!("{path}:4: "));
    assert!(
        line.contains("content/branches/jizhen-120.md")
            && line.contains("content/branches/qita.md"),
        "{line}"
    );
}

#[test]
fn a_page_on_a_generated_list_url() {
    let site = fixture();
    let run = fails_keeping_output(
        &site,
        |s| s.write("content/news.md", "---\ntitle: 新闻\n---\n"),
        &["content/news.md: "],
    );
    assert!(run.stderr_line("content/news.md: ").contains("/news/"));
}

#[test]
fn a_config_error_does_not_hide_content_errors() {
    let site = fixture();
    fails_keeping_output(
        &site,
        |s| {
            s.write("site.yaml", format!("{SITE_YAML}paginte: 5\n"));
            s.write(
                MEMBER,
                member_with("branch: jizhen-120", "branch: jizhen-12"),
            );
        },
        &["site.yaml:3: ", "content/members/杜杰.md:4: "],
    );
}

#[test]
fn site_yaml_errors_have_lines_too() {
    let site = fixture();
    fails_keeping_output(
        &site,
        |s| s.write("site.yaml", format!("{SITE_YAML}paginate: 0\nfeed: 是\n")),
        &["site.yaml:3: paginate", "site.yaml:4: feed"],
    );
    let site = fixture();
    let mut gbk = b"title: ".to_vec();
    gbk.extend_from_slice(&[0xB6, 0xC5, 0xBD, 0xDC, b'\n']);
    fails_keeping_output(
        &site,
        |s| s.write("site.yaml", &gbk),
        &["site.yaml:1: 文件不是 UTF-8 编码"],
    );
}

#[test]
fn windows_line_endings_keep_line_numbers() {
    let site = fixture();
    let path = "content/news/crlf.md";
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                path,
                "---\r\ntitle: 通知\r\ndate: 2024-01-01\r\n---\r\n正文。\r\n\r\n[x](@/members/nobody.md)\r\n",
            )
        },
        &[&format!("{path}:7: 链接 @/members/nobody.md")],
    );
}

#[test]
fn template_error_in_an_included_site_template() {
    let site = fixture();
    fails_keeping_output(
        &site,
        |s| {
            s.write(
                "templates/macros.html",
                "{% macro x() %}\n{{ oops( }}\n{% endmacro x %}\n",
            )
        },
        &["templates/macros.html:2: "],
    );
}
