//! Bad input: the build exits with 1, names the file and the line to fix,
//! and leaves the previous `output/` exactly as it was. Most bad inputs are
//! rows of [`CASES`]; the tests after the table check what a row cannot.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::{assert_same_tree, fixture, Run, Site, SITE_YAML};
use Contents::{Append, Bytes, Replace, Text};

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

/// One bad input: the fixture, changed by `setup` (it must still build),
/// then broken by `spoil`; the build must fail as [`fails_keeping_output`]
/// checks, with a stderr line for each of `lines`.
struct Case {
    name: &'static str,
    setup: &'static [(&'static str, Contents)],
    spoil: &'static [(&'static str, Contents)],
    lines: &'static [Line],
}

/// What a case writes into a file of the site.
enum Contents {
    Text(&'static str),
    /// For a file not in UTF-8.
    Bytes(&'static [u8]),
    /// The site's file with one line (which it must hold exactly once)
    /// replaced by another.
    Replace(&'static str, &'static str),
    /// The site's file with lines added at its end.
    Append(&'static str),
}

/// A stderr line a case expects: how it starts, and words the first line
/// starting so must contain.
struct Line {
    starts: &'static str,
    contains: &'static [&'static str],
}

/// A line that only has to start with `prefix`.
const fn line_starting(prefix: &'static str) -> Line {
    Line {
        starts: prefix,
        contains: &[],
    }
}

const MEMBER: &str = "content/members/杜杰.md";

/// Switches on the forbidden-word check for 内部资料.
const FORBID_INTERNAL: &[(&str, Contents)] =
    &[("site.yaml", Append("lint:\n  forbidden: [内部资料]\n"))];

fn write_files(site: &Site, files: &[(&str, Contents)]) {
    for (path, contents) in files {
        match contents {
            Text(text) => site.write(path, text),
            Bytes(bytes) => site.write(path, bytes),
            Replace(line, replacement) => {
                let text = site.read(path);
                assert_eq!(
                    text.matches(line).count(),
                    1,
                    "{line:?} should be in {path} once"
                );
                site.write(path, text.replacen(line, replacement, 1));
            }
            Append(lines) => site.write(path, site.read(path) + lines),
        }
    }
}

fn check(case: &Case) {
    let site = fixture();
    write_files(&site, case.setup);
    let prefixes: Vec<&str> = case.lines.iter().map(|l| l.starts).collect();
    let run = fails_keeping_output(&site, |s| write_files(s, case.spoil), &prefixes);
    for line in case.lines {
        let found = run.stderr_line(line.starts);
        for word in line.contains {
            assert!(found.contains(word), "no {word:?} in: {found}");
        }
    }
}

/// Runs every row, then fails naming each row that failed and why.
#[test]
fn each_bad_input_fails_keeping_output() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|case| {
            let panic = catch_unwind(AssertUnwindSafe(|| check(case))).err()?;
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            Some(format!("{}: {why}", case.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

/// Every bad input whose failure is checked the same way.
const CASES: &[Case] = &[
    Case {
        // A colon inside an unquoted title, the most common slip.
        name: "yaml_syntax_error",
        setup: &[],
        spoil: &[(
            MEMBER,
            Replace(
                "title: 杜杰：把急救课堂搬进社区",
                "title: 杜杰: 把急救课堂搬进社区",
            ),
        )],
        lines: &[line_starting("content/members/杜杰.md:2: title 的值里有“: ”")],
    },
    Case {
        name: "unknown_reference_suggests_the_nearest_brand",
        setup: &[],
        spoil: &[(MEMBER, Replace("branch: jizhen-120", "branch: 急诊党支部"))],
        lines: &[Line {
            starts: "content/members/杜杰.md:4: ",
            contains: &["急诊党支部", "是不是", "急诊科党支部"],
        }],
    },
    Case {
        name: "missing_required_field",
        setup: &[],
        spoil: &[(
            "content/volunteer/2024-yizhen.md",
            Text("---\ntitle: 社区义诊进万家\nbranch: 急诊科党支部\nvolunteers: 3\n---\n"),
        )],
        lines: &[Line {
            starts: "content/volunteer/2024-yizhen.md:2: ",
            contains: &["缺少必填字段 date"],
        }],
    },
    Case {
        name: "negative_count",
        setup: &[],
        spoil: &[(
            "content/volunteer/2023-shaicha.md",
            Replace("volunteers: 45", "volunteers: -45"),
        )],
        lines: &[Line {
            starts: "content/volunteer/2023-shaicha.md:6: ",
            contains: &["volunteers 不能是负数"],
        }],
    },
    Case {
        name: "invalid_date",
        setup: &[],
        spoil: &[(
            "content/volunteer/2024-yizhen.md",
            Replace("date: 2024-03-05", "date: 2024-13-45"),
        )],
        lines: &[Line {
            starts: "content/volunteer/2024-yizhen.md:3: ",
            contains: &["2024-13-45", "日期"],
        }],
    },
    Case {
        name: "missing_image",
        setup: &[],
        spoil: &[(
            MEMBER,
            Replace("position: 急诊科主治医师", "photo: /images/du-jie.jpg"),
        )],
        lines: &[Line {
            starts: "content/members/杜杰.md:5: ",
            // Also says where to put it.
            contains: &["找不到图片 /images/du-jie.jpg", "static/images/du-jie.jpg"],
        }],
    },
    Case {
        name: "missing_image_in_a_body",
        setup: &[],
        spoil: &[(
            "content/branches/yanke-shouming/index.md",
            Replace("![义诊现场](xianchang.png)", "![义诊现场](xianchang-2.png)"),
        )],
        lines: &[line_starting(
            "content/branches/yanke-shouming/index.md:9: 找不到图片 xianchang-2.png",
        )],
    },
    Case {
        name: "broken_page_link",
        setup: &[],
        spoil: &[(
            "content/news/2024-dangke.md",
            Text("---\ntitle: 七一专题党课\ndate: 2024-07-01\n---\n党课。\n\n见[单雪梅](@/members/单雪梅.md)。\n"),
        )],
        lines: &[line_starting(
            "content/news/2024-dangke.md:7: 链接 @/members/单雪梅.md 指向的页面不存在",
        )],
    },
    Case {
        name: "duplicate_url_names_both_files",
        setup: &[],
        spoil: &[(
            "content/members/du-jie-2.md",
            Text("---\ntitle: 另一篇\nname: 杜杰二\nbranch: jizhen-120\nslug: du-jie\n---\n"),
        )],
        lines: &[
            Line {
                starts: "content/members/du-jie-2.md: ",
                contains: &["content/members/杜杰.md", "/members/du-jie/"],
            },
            Line {
                starts: "content/members/杜杰.md: ",
                contains: &["content/members/du-jie-2.md"],
            },
        ],
    },
    Case {
        name: "forbidden_word",
        setup: FORBID_INTERNAL,
        spoil: &[(
            "content/news/2024-dangke.md",
            Text("---\ntitle: 七一专题党课\ndate: 2024-07-01\n---\n党课。\n\n本文为内部资料。\n"),
        )],
        lines: &[Line {
            starts: "content/news/2024-dangke.md:7: ",
            contains: &["内部资料", "lint.forbidden"],
        }],
    },
    Case {
        name: "forbidden_word_in_front_matter",
        setup: FORBID_INTERNAL,
        spoil: &[(
            MEMBER,
            Replace("position: 急诊科主治医师", "position: 内部资料"),
        )],
        lines: &[line_starting(
            "content/members/杜杰.md:5: 出现了禁止发布的词语“内部资料”",
        )],
    },
    Case {
        name: "unknown_config_key_names_line_and_closest_key",
        setup: &[],
        spoil: &[("site.yaml", Append("paginte: 5\n"))],
        lines: &[line_starting(
            "site.yaml:3: site.yaml 不认识字段 paginte，是不是想写 paginate？",
        )],
    },
    Case {
        name: "unknown_front_matter_field_names_closest_field",
        setup: &[],
        spoil: &[(
            MEMBER,
            Replace("position: 急诊科主治医师", "postion: 急诊科主治医师"),
        )],
        lines: &[line_starting(
            "content/members/杜杰.md:5: 先锋风采页面不认识字段 postion，是不是想写 position？",
        )],
    },
    Case {
        name: "unclosed_front_matter",
        setup: &[],
        spoil: &[("content/about.md", Text("---\ntitle: 关于本站\n\n关于本站。\n"))],
        lines: &[line_starting("content/about.md:1: 文件开头的字段区没有结束")],
    },
    Case {
        // "杜杰" saved as GBK by an old editor, on the second line.
        name: "file_not_in_utf8",
        setup: &[],
        spoil: &[(
            MEMBER,
            Bytes(b"---\ntitle: \xB6\xC5\xBD\xDC\nname: x\nbranch: jizhen-120\n---\n"),
        )],
        lines: &[Line {
            starts: "content/members/杜杰.md:2: ",
            contains: &["UTF-8"],
        }],
    },
    Case {
        name: "template_error_names_the_site_template_and_line",
        setup: &[],
        spoil: &[(
            "templates/branch.html",
            Text("{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n"),
        )],
        lines: &[Line {
            starts: "templates/branch.html:3: ",
            contains: &["模板"],
        }],
    },
    Case {
        name: "template_runtime_error_names_the_site_template",
        setup: &[],
        spoil: &[(
            "templates/member.html",
            Text("{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.no_such_field }}</h1>\n{% endblock main %}\n"),
        )],
        lines: &[Line {
            starts: "templates/member.html:3: 模板出错：变量 page.no_such_field 不存在",
            contains: &["生成 content/members/", "共 2 个页面出现同样的错误", "Tera 的原话"],
        }],
    },
    Case {
        name: "two_errors_in_two_files_are_both_reported",
        setup: &[],
        spoil: &[
            ("content/volunteer/2023-shaicha.md", Replace("hours: 7", "hours: -7")),
            (MEMBER, Replace("branch: jizhen-120", "branch: jizhen-12O")),
        ],
        lines: &[
            line_starting("content/volunteer/2023-shaicha.md:7: "),
            line_starting("content/members/杜杰.md:4: "),
            line_starting("失败：2 个错误"),
        ],
    },
    Case {
        // A new brand whose title is another brand's branch name.
        name: "ambiguous_reference_names_every_match",
        setup: &[],
        spoil: &[(
            "content/branches/qita.md",
            Text("---\ntitle: 急诊科党支部\nbranch: 其他党支部\n---\n"),
        )],
        lines: &[Line {
            starts: "content/volunteer/2024-yizhen.md:4: ",
            contains: &["content/branches/jizhen-120.md", "content/branches/qita.md"],
        }],
    },
    Case {
        name: "a_page_on_a_generated_list_url",
        setup: &[],
        spoil: &[("content/news.md", Text("---\ntitle: 新闻\n---\n"))],
        lines: &[Line {
            starts: "content/news.md: ",
            contains: &["/news/"],
        }],
    },
    Case {
        name: "a_config_error_does_not_hide_content_errors",
        setup: &[],
        spoil: &[
            ("site.yaml", Append("paginte: 5\n")),
            (MEMBER, Replace("branch: jizhen-120", "branch: jizhen-12")),
        ],
        lines: &[
            line_starting("site.yaml:3: "),
            line_starting("content/members/杜杰.md:4: "),
        ],
    },
    Case {
        name: "site_yaml_errors_have_lines_too",
        setup: &[],
        spoil: &[("site.yaml", Append("paginate: 0\nfeed: 是\n"))],
        lines: &[
            line_starting("site.yaml:3: paginate"),
            line_starting("site.yaml:4: feed"),
        ],
    },
    Case {
        name: "site_yaml_not_in_utf8",
        setup: &[],
        spoil: &[("site.yaml", Bytes(b"title: \xB6\xC5\xBD\xDC\n"))],
        lines: &[line_starting("site.yaml:1: 文件不是 UTF-8 编码")],
    },
    Case {
        name: "windows_line_endings_keep_line_numbers",
        setup: &[],
        spoil: &[(
            "content/news/crlf.md",
            Text("---\r\ntitle: 通知\r\ndate: 2024-01-01\r\n---\r\n正文。\r\n\r\n[x](@/members/nobody.md)\r\n"),
        )],
        lines: &[line_starting(
            "content/news/crlf.md:7: 链接 @/members/nobody.md",
        )],
    },
    Case {
        name: "template_error_in_an_included_site_template",
        setup: &[],
        spoil: &[(
            "templates/macros.html",
            Text("{% macro x() %}\n{{ oops( }}\n{% endmacro x %}\n"),
        )],
        lines: &[line_starting("templates/macros.html:2: ")],
    },
    Case {
        // Paths as Windows Explorer shows them: a drive letter and a
        // network share are files of one computer; in a ledger too.
        name: "windows_paths_of_one_computer",
        setup: &[],
        spoil: &[
            (
                "content/news/win.md",
                Text("---\ntitle: 通知\ndate: 2024-01-01\ncover: C:\\Users\\王芳\\Desktop\\合影.jpg\n---\n![现场](\\\\fileserver\\宣传科\\现场.jpg)\n"),
            ),
            (
                "data/volunteer/台账.csv",
                Text("日期,活动名称,支部,照片\n2024-06-01,送医下乡,急诊科党支部,D:\\照片\\义诊.jpg\n"),
            ),
        ],
        lines: &[
            Line {
                starts: "content/news/win.md:4: 图片 C:\\Users\\王芳\\Desktop\\合影.jpg 是某台电脑上的文件，别人打不开",
                contains: &["请把图片保存到这个页面文件旁边"],
            },
            // In Markdown `\\\\` is one backslash.
            line_starting("content/news/win.md:6: 图片 \\fileserver\\宣传科\\现场.jpg 是某台电脑上的文件"),
            line_starting("data/volunteer/台账.csv:D2: 图片 D:\\照片\\义诊.jpg 是某台电脑上的文件"),
        ],
    },
];

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

/// `/_pinpai/` is the workbench's and `/__pinpai/` the preview's own: no
/// file of `static/` may take them, whatever the case of the letters (pages
/// and sections cannot: their slugs have no `_`).
#[test]
fn the_workbench_address_is_reserved() {
    let site = fixture()
        .file("static/_PinPai/index.html", "<p>自己的页面</p>")
        .file("static/__pinpai/client.js", "alert(1)")
        .file("content/__pinpai/a.md", "---\ntitle: 甲\n---\n正文\n");
    let run = site.build(&[]);
    run.expect(1);
    let page = run.stderr_line("static/_PinPai/index.html: ");
    assert!(page.contains("留给预览和工作台使用"), "{page}");
    run.stderr_has_line_starting("static/__pinpai/client.js: ");
    assert_eq!(
        run.stderr.lines().filter(|l| l.contains("留给")).count(),
        2,
        "{}",
        run.stderr
    );
    assert!(!site.exists("output"));
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
content/volunteer/v.md:3: date 不是有效的日期：“2024-02-30”。可以这样写：2024-03-05、2024/3/5、2024年3月5日 或 2024-03-05 09:30
content/volunteer/v.md:5: served 不能是负数（写的是 -1）
content/volunteer/v.md:7: 链接 @/news/x.md 指向的页面不存在（路径从 content/ 算起，例如 @/members/杜杰.md）
失败：4 个错误，1 个警告。output 保持原样。
";
