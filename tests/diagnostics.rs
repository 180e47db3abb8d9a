//! Every message family, table-driven: each case spoils the fixture site in
//! one way and names the kind of problem and the `path:line` it must be
//! reported at (through the library, so the kind is visible). The wording of
//! each family is kept in one golden file (`tests/snapshots/`, insta): a
//! changed message shows up as a reviewed snapshot change.

mod common;

use std::collections::BTreeMap;

use common::{fixture, Site, SITE_YAML};
use pinpai::build::{self, BuildOptions};
use pinpai::diagnostics::{Code, Diagnostics};

/// One bad input: files written over the fixture, and the diagnostics it
/// must give (kind, then `path:line` or `path` for a whole file).
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    expect: &'static [(Code, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        name: "GBK file",
        files: &[("content/about.md", "")], // replaced by bytes below
        expect: &[(Code::Read, "content/about.md:1")],
    },
    Case {
        name: "no front matter",
        files: &[("content/about.md", "关于本站\n")],
        expect: &[(Code::FrontMatter, "content/about.md:1")],
    },
    Case {
        name: "front matter not closed",
        files: &[("content/about.md", "---\ntitle: 关于\n")],
        expect: &[(Code::FrontMatter, "content/about.md:1")],
    },
    Case {
        name: "colon inside an unquoted title",
        files: &[(
            "content/members/杜杰.md",
            "---\ntitle: 杜杰: 把急救课堂搬进社区\nname: 杜杰\nbranch: jizhen-120\n---\n",
        )],
        expect: &[(Code::Yaml, "content/members/杜杰.md:2")],
    },
    Case {
        name: "full-width colon",
        files: &[(
            "content/volunteer/2024-yizhen.md",
            "---\ndate: 2024-03-05\ntitle：社区健康讲座\nbranch: 急诊科党支部\n---\n",
        )],
        expect: &[(Code::Yaml, "content/volunteer/2024-yizhen.md:3")],
    },
    Case {
        name: "tab before a list item",
        files: &[(
            "content/branches/jizhen-120.md",
            "---\ntitle: 120救在身边\nbranch: 急诊科党支部\nhonors:\n\t- year: 2023\n---\n",
        )],
        expect: &[(Code::Yaml, "content/branches/jizhen-120.md:5")],
    },
    Case {
        name: "unquoted value holding a colon",
        files: &[(
            "content/news/2024-dangke.md",
            "---\ndate: 2024-07-01\ntitle: 学雷锋: 讲座\n---\n",
        )],
        expect: &[(Code::Yaml, "content/news/2024-dangke.md:3")],
    },
    Case {
        name: "quote closed with a full-width one",
        files: &[("content/about.md", "---\ntitle: \"关于本站”\n---\n")],
        expect: &[(Code::Yaml, "content/about.md:2")],
    },
    Case {
        name: "misspelt field",
        files: &[(
            "content/members/杜杰.md",
            "---\ntitle: 杜杰\nname: 杜杰\nbranch: jizhen-120\npositon: 医师\n---\n",
        )],
        expect: &[(Code::UnknownField, "content/members/杜杰.md:5")],
    },
    Case {
        name: "unknown site.yaml key",
        files: &[("site.yaml", "title: 测试\nbase_ur: /x/\n")],
        expect: &[(Code::UnknownField, "site.yaml:2")],
    },
    Case {
        name: "missing date, negative count, bad date",
        files: &[
            (
                "content/volunteer/2024-yizhen.md",
                "---\ntitle: 社区义诊进万家\nbranch: 急诊科党支部\nvolunteers: -3\n---\n",
            ),
            (
                "content/branches/jizhen-120.md",
                "---\ntitle: 120救在身边\nbranch: 急诊科党支部\nfounded: 2021-13-45\n---\n",
            ),
        ],
        expect: &[
            (Code::Field, "content/volunteer/2024-yizhen.md:2"),
            (Code::Field, "content/volunteer/2024-yizhen.md:4"),
            (Code::Field, "content/branches/jizhen-120.md:4"),
        ],
    },
    Case {
        name: "site.yaml values",
        files: &[("site.yaml", "title: 测试\npaginate: 0\nfeed: 是\n")],
        expect: &[(Code::Field, "site.yaml:2"), (Code::Field, "site.yaml:3")],
    },
    Case {
        name: "unknown and ambiguous references",
        files: &[
            (
                "content/members/杜杰.md",
                "---\ntitle: 杜杰\nname: 杜杰\nbranch: 急诊党支部\n---\n",
            ),
            (
                "content/branches/two.md",
                "---\ntitle: 守护光明\nbranch: 另一个支部\n---\n",
            ),
        ],
        expect: &[
            (Code::Reference, "content/members/杜杰.md:4"),
            (Code::Reference, "content/volunteer/2023-shaicha.md:4"),
        ],
    },
    Case {
        name: "missing front-matter image",
        files: &[(
            "content/members/杜杰.md",
            "---\ntitle: 杜杰\nname: 杜杰\nbranch: jizhen-120\nphoto: /images/nobody.jpg\n---\n",
        )],
        expect: &[(Code::Image, "content/members/杜杰.md:5")],
    },
    Case {
        name: "broken link and image in a body",
        files: &[(
            "content/about.md",
            "---\ntitle: 关于本站\n---\n见[无](@/members/nobody.md)。\n\n![图](missing.png)\n",
        )],
        expect: &[
            (Code::Body, "content/about.md:4"),
            (Code::Body, "content/about.md:6"),
        ],
    },
    Case {
        name: "two pages, one URL; a page on a list URL",
        files: &[
            ("content/guanyu.md", "---\ntitle: 关于\nslug: about\n---\n"),
            ("content/tags.md", "---\ntitle: 标签\n---\n"),
        ],
        expect: &[
            (Code::Url, "content/about.md"),
            (Code::Url, "content/guanyu.md"),
            (Code::Url, "content/tags.md"),
        ],
    },
    Case {
        name: "a folder on the search page, a page on a tag's page",
        files: &[
            ("content/search/_index.md", "---\ntitle: 搜索\n---\n"),
            (
                "content/news/jiu.md",
                "---\ntitle: 急救\ndate: 2024-01-01\nslug: x\n---\n",
            ),
            ("content/tags/ji-jiu.md", "---\ntitle: 急救专题\n---\n"),
        ],
        expect: &[
            (Code::Url, "content/search/_index.md"),
            (Code::Url, "content/tags/ji-jiu.md"),
        ],
    },
    Case {
        name: "empty branch, a javascript: link in extra, a copied record",
        files: &[
            (
                "content/volunteer/2024-yizhen.md",
                "---\ntitle: 社区义诊进万家\ndate: 2024-03-05\nbranch: \"\"\nextra:\n  link: \"javascript:alert(1)\"\n---\n",
            ),
            (
                "content/volunteer/2023-shaicha - 副本.md",
                "---\ntitle: 眼健康筛查\ndate: 2023-10-08\nbranch: 眼科党支部\n---\n",
            ),
        ],
        expect: &[
            (Code::Field, "content/volunteer/2024-yizhen.md:4"),
            (Code::Field, "content/volunteer/2024-yizhen.md:6"),
            (Code::Url, "content/volunteer/2023-shaicha.md"),
        ],
    },
    Case {
        name: "menu to nowhere, a script in the menu, a missing logo, a bad colour",
        files: &[(
            "site.yaml",
            "title: 测试\nlogo: /images/nosuch.png\ncolors:\n  primary: red\nnav:\n  - title: 关于\n    url: /guanyu/\n  - title: 坏\n    url: \"javascript:alert(4)\"\n  - title: 首页\n    url: /\nmarkdown:\n  html: allow\n",
        )],
        expect: &[
            (Code::Image, "site.yaml:2"),
            (Code::Field, "site.yaml:4"),
            (Code::Url, "site.yaml:6"),
            (Code::Field, "site.yaml:8"),
            (Code::Field, "site.yaml:13"),
        ],
    },
    Case {
        name: "stray files and sources outside the site",
        files: &[
            ("content/news/新闻稿.docx", "PK"),
            ("content/news/新建文本文档.txt", ""),
            (
                "content/about.md",
                "---\ntitle: 关于本站\n---\n![公众号配图](http://mmbiz.qpic.cn/a.jpg)\n\n![](file:///C:/Users/xck/Desktop/a.jpg)\n\n[通知](通知.pdf)\n",
            ),
        ],
        expect: &[
            (Code::Layout, "content"),
            (Code::Body, "content/about.md:4"),
            (Code::Body, "content/about.md:6"),
            (Code::Body, "content/about.md:8"),
        ],
    },
    Case {
        name: "content/index.md",
        files: &[("content/index.md", "---\ntitle: 首页\n---\n")],
        expect: &[(Code::Layout, "content/index.md")],
    },
    Case {
        name: "forbidden and outdated words",
        files: &[
            (
                "site.yaml",
                "title: 测试\nlint:\n  forbidden: [内部资料]\n  replace:\n    十八大: 二十大\n",
            ),
            (
                "content/about.md",
                "---\ntitle: 关于本站\n---\n内部资料。\n\n学习十八大精神。\n",
            ),
        ],
        expect: &[
            (Code::Lint, "content/about.md:4"),
            (Code::Lint, "content/about.md:6"),
        ],
    },
    Case {
        name: "missing theme",
        files: &[("site.yaml", "title: 测试\ntheme: nosuch\n")],
        expect: &[(Code::Theme, "site.yaml:2")],
    },
    Case {
        name: "template syntax error",
        files: &[("templates/page.html", "<p>\n{{ page.title }\n</p>\n")],
        expect: &[(Code::Template, "templates/page.html:2")],
    },
    Case {
        name: "template error while rendering",
        files: &[(
            "templates/member.html",
            "<p>\n{{ page.no_such_field | upper }}\n</p>\n",
        )],
        expect: &[(Code::Template, "templates/member.html:2")],
    },
];

/// The fixture with a case's files written over it.
fn spoiled(case: &Case) -> Site {
    let site = fixture();
    if !case.files.iter().any(|(path, _)| *path == "site.yaml") {
        site.write("site.yaml", SITE_YAML);
    }
    for (path, text) in case.files {
        site.write(path, text);
    }
    if case.name == "GBK file" {
        site.write("content/about.md", b"\xb9\xd8\xd3\xda\n".as_slice());
    }
    site
}

fn check(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    build::check(&BuildOptions::new(site.root()), &mut diags);
    diags
}

fn position(d: &pinpai::diagnostics::Diagnostic) -> String {
    match d.line {
        Some(line) => format!("{}:{line}", d.path),
        None => d.path.clone(),
    }
}

#[test]
fn every_family_is_reported_with_its_kind_and_position() {
    let mut golden: BTreeMap<&str, String> = BTreeMap::new();
    for case in CASES {
        let diags = check(&spoiled(case));
        let found: Vec<(Code, String)> = diags.iter().map(|d| (d.code, position(d))).collect();
        for (code, at) in case.expect {
            assert!(
                found.iter().any(|(c, p)| c == code && p == at),
                "{}: expected {code:?} at {at}, got:\n{}",
                case.name,
                diags
                    .sorted()
                    .iter()
                    .map(|d| format!("{:?} {d}\n", d.code))
                    .collect::<String>()
            );
        }
        for d in diags.sorted() {
            let text = golden.entry(d.code.name()).or_default();
            text.push_str(&format!("[{}] {d}\n", case.name));
        }
    }
    for code in Code::ALL {
        if let Some(text) = golden.get(code.name()) {
            insta::assert_snapshot!(code.name(), text);
        }
    }
}

#[test]
fn the_fixture_itself_has_no_problems() {
    let site = fixture();
    site.write("site.yaml", SITE_YAML);
    let diags = check(&site);
    assert!(diags.is_empty(), "{:?}", diags.sorted());
}
