//! The commands besides a plain build: `check`, `init`, `new`, exit codes
//! and what a build prints.

mod common;

use common::{fixture, run_in, Site};

#[test]
fn check_reports_what_build_would_and_writes_nothing() {
    let site = fixture();
    site.write(
        "content/members/杜杰.md",
        site.read("content/members/杜杰.md")
            .replace("branch: jizhen-120", "branch: 急诊党支部"),
    );
    site.write(
        "content/volunteer/2023-shaicha.md",
        site.read("content/volunteer/2023-shaicha.md")
            .replace("hours: 7", "hours: -7"),
    );
    let before = site.snapshot("");
    let check = site.run(&["check"]);
    check.expect(1);
    assert_eq!(site.snapshot(""), before, "check changed the site folder");
    assert!(!site.exists("output"), "check created output/");

    let build = site.build(&[]);
    build.expect(1);
    let diagnostics = |stderr: &str| -> Vec<String> {
        stderr
            .lines()
            .filter(|l| l.starts_with("content/"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(diagnostics(&check.stderr).len(), 2, "{}", check.stderr);
    assert_eq!(diagnostics(&check.stderr), diagnostics(&build.stderr));
    assert!(check.stderr.contains("失败：2 个错误"), "{}", check.stderr);
}

#[test]
fn check_of_a_good_site_passes_and_writes_nothing() {
    let site = fixture();
    let before = site.snapshot("");
    let run = site.run(&["check"]);
    run.ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(run.stdout.starts_with("检查通过"), "{}", run.stdout);
    assert_eq!(site.snapshot(""), before, "check changed the site folder");
    assert!(!site.exists("output") && !site.exists(".pinpai-cache"));
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let dir = Site::empty();
    run_in(dir.root(), &["init", "新网站"]).ok();
    assert!(dir.exists("新网站/site.yaml"));
    assert!(dir.exists("新网站/content"));
    let build = run_in(dir.root(), &["--root", "新网站", "build"]);
    build.ok();
    assert!(build.stderr.is_empty(), "{}", build.stderr);
    for file in [
        "index.html",
        "branches/index.html",
        "members/index.html",
        "volunteer/index.html",
        // A row of the example ledger, with its photo.
        "volunteer/2025-04-12-jian-kang-kuai-che-she-qu-dao-zhen/index.html",
        "volunteer/2025-04-12-jian-kang-kuai-che-she-qu-dao-zhen/照片/2025-04-daozhen-1.jpg",
    ] {
        assert!(
            dir.exists(&format!("新网站/output/{file}")),
            "{file} missing"
        );
    }
    // A second init into the same folder refuses to overwrite it.
    let again = run_in(dir.root(), &["init", "新网站"]);
    again.expect(1);
    assert!(again.stderr.contains("不会覆盖"), "{}", again.stderr);
}

/// The lines between the opening and closing `---`.
fn front_matter(text: &str) -> Vec<&str> {
    text.lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .collect()
}

/// Every field's comment (`# …` after the value, commented-out fields
/// included) starts in the same column, measured as a Chinese editor
/// shows it (a Han character is two columns wide).
fn assert_comments_aligned(front: &[&str], text: &str) {
    let columns: Vec<usize> = front
        .iter()
        .filter(|l| !l.starts_with("# -") && !l.starts_with("#   "))
        .filter_map(|l| {
            let from = if l.starts_with("# ") { 2 } else { 0 };
            let at = l[from..].find(" # ")? + from;
            Some(unicode_width::UnicodeWidthStr::width(&l[..at]) + 1)
        })
        .collect();
    assert!(columns.len() > 5, "{text}");
    assert!(
        columns.iter().all(|&c| c == columns[0]),
        "comments not aligned: {columns:?}\n{text}"
    );
}

#[test]
fn new_brand_and_record_offer_founded_and_weight_without_setting_them() {
    let site = Site::new();
    site.run(&["new", "branch", "急救先锋"]).ok();
    let text = site.read("content/branches/ji-jiu-xian-feng.md");
    let front = front_matter(&text);
    // Today is no brand's founding date, and no order is imposed: both are
    // offered commented out, to be filled in on purpose.
    assert!(
        !front
            .iter()
            .any(|l| l.starts_with("founded:") || l.starts_with("weight:")),
        "{text}"
    );
    assert!(front.iter().any(|l| l.starts_with("# founded: ")), "{text}");
    assert!(front.iter().any(|l| l.starts_with("# weight: ")), "{text}");
    assert_comments_aligned(&front, &text);

    site.run(&["new", "volunteer", "社区义诊进万家"]).ok();
    let text = site.read("content/volunteer/she-qu-yi-zhen-jin-wan-jia.md");
    let front = front_matter(&text);
    // No tag the officer did not choose.
    assert!(front.iter().any(|l| l.starts_with("tags: [] ")), "{text}");
    assert!(!front.iter().any(|l| l.starts_with("weight:")), "{text}");
    assert_comments_aligned(&front, &text);
    // Both are drafts, so the site still builds as they are.
    site.build(&[]).ok();
}

#[test]
fn new_member_writes_every_field_and_never_overwrites() {
    let site = Site::new();
    let run = site.run(&["new", "member", "杜杰"]);
    run.ok();
    let path = "content/members/du-jie.md";
    assert!(run.stdout.contains(path), "{}", run.stdout);
    let text = site.read(path);
    let front = front_matter(&text);
    for field in [
        "title", "name", "branch", "position", "photo", "honors", "featured", "tags", "summary",
        "draft",
    ] {
        assert!(
            front.iter().any(|l| l.starts_with(&format!("{field}:"))),
            "field {field} missing:\n{text}"
        );
    }
    assert!(
        front.iter().any(|l| l.starts_with("name: \"杜杰\"")),
        "{text}"
    );
    // Its comments are Chinese, for the publicity staff who fill it in,
    // and line up; an optional order is offered, not set.
    assert!(text.contains("# 必填：姓名"), "{text}");
    assert_comments_aligned(&front, &text);
    assert!(front.iter().any(|l| l.starts_with("# weight: 1")), "{text}");

    // The new file is a draft: the site still builds.
    site.build(&[]).ok();

    site.write(path, format!("{text}我写的内容。\n"));
    let again = site.run(&["new", "member", "杜杰"]);
    again.expect(1);
    assert!(again.stderr.contains("已经存在"), "{}", again.stderr);
    assert!(
        site.read(path).ends_with("我写的内容。\n"),
        "the file was overwritten"
    );
}

#[test]
fn new_refuses_a_second_page_on_an_existing_url() {
    let site = common::fixture();
    // 杜杰.md is /members/du-jie/: a new du-jie.md would be a second page there.
    let run = site.run(&["new", "member", "杜杰"]);
    run.expect(1);
    assert!(
        run.stderr
            .contains("content/members/杜杰.md 的网址名已经是 du-jie"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("content/members/du-jie.md"));
}

#[test]
fn new_writes_each_kind_to_its_folder() {
    let site = Site::new();
    for (kind, title, path) in [
        ("branch", "血液科", "content/branches/xue-ye-ke.md"),
        (
            "volunteer",
            "社区义诊",
            "content/volunteer/she-qu-yi-zhen.md",
        ),
        ("page", "关于本站", "content/guan-yu-ben-zhan.md"),
    ] {
        site.run(&["new", kind, title]).ok();
        assert!(site.exists(path), "{path} missing after new {kind}");
    }
    let volunteer = site.read("content/volunteer/she-qu-yi-zhen.md");
    for field in [
        "date:",
        "branch:",
        "members:",
        "location:",
        "volunteers:",
        "hours:",
        "served:",
        "photos:",
        "participants:",
    ] {
        assert!(volunteer.contains(field), "{field} missing:\n{volunteer}");
    }
}

#[test]
fn new_writes_into_any_section_folder_and_init_empty_builds() {
    let site = fixture();
    site.run(&["new", "news", "七一表彰"]).ok();
    let text = site.read("content/news/qi-yi-biao-zhang.md");
    assert!(text.contains("title: \"七一表彰\""), "{text}");
    assert!(text.contains("draft: true"), "{text}");
    // A typo names the folders there are.
    let typo = site.run(&["new", "nwes", "七一表彰"]);
    typo.expect(2);
    assert!(
        typo.stderr
            .contains("现有：branches、members、news、volunteer"),
        "{}",
        typo.stderr
    );

    let dir = Site::empty();
    run_in(dir.root(), &["init", "空网站", "--empty"]).ok();
    assert!(dir.exists("空网站/site.yaml"));
    assert!(dir.root().join("空网站/data/volunteer").is_dir());
    assert!(
        !dir.exists("空网站/content/branches/jizhen-120.md"),
        "no example content"
    );
    run_in(dir.root(), &["--root", "空网站", "new", "news", "第一篇"]).ok();
    let build = run_in(dir.root(), &["--root", "空网站", "build", "--drafts"]);
    build.ok();
    assert!(build.stderr.is_empty(), "{}", build.stderr);
    assert!(dir.exists("空网站/output/news/di-yi-pian/index.html"));
    // Relative links: the site opens from disk (double-click).
    let home = dir.read("空网站/output/index.html");
    assert!(home.contains("href=\"members/index.html\""), "{home}");
}

#[test]
fn a_wrong_command_line_exits_with_2() {
    let site = fixture();
    for args in [
        &["buidl"][..],
        &["build", "--no-such-flag"],
        &["new", "支部", "x"],
        &["new", "member"],
        &["serve", "--port", "abc"],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 2, "pinpai {args:?}: {run:?}");
        assert!(!run.stderr.is_empty(), "pinpai {args:?} explains nothing");
    }
    assert!(!site.exists("output"));
}

/// `pinpai` with no command outside a site (a double-clicked exe in the
/// Downloads folder): how to make a site, and exit 2; nothing written.
#[test]
fn no_command_outside_a_site_says_how_to_make_one() {
    let empty = Site::empty();
    let run = empty.run(&[]);
    run.expect(2);
    assert!(run.stdout.contains("里没有 site.yaml"), "{}", run.stdout);
    assert!(
        run.stdout.contains("pinpai init 党建之窗"),
        "{}",
        run.stdout
    );
    assert!(empty.top_level().is_empty(), "{:?}", empty.top_level());
}

/// `pinpai` with no command in a site folder: the preview starts, and once
/// the site is built the default browser ($BROWSER here) is sent to its
/// workbench.
#[test]
fn no_command_in_a_site_serves_it_and_opens_the_browser() {
    use std::io::{BufRead, BufReader};
    let site = fixture();
    let opened = site.path("browser-was-asked.txt");
    let browser = site.path("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let mut child = std::process::Command::new(common::BIN)
        .current_dir(site.root())
        .env("BROWSER", &browser)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    let told = lines.by_ref().map_while(Result::ok).find(|l| {
        seen.push(l.clone());
        l.starts_with("已在浏览器中打开 ")
    });
    let _ = child.kill();
    let _ = child.wait();
    let told = told.unwrap_or_else(|| panic!("no browser line in {seen:?}"));
    let url = told.trim_start_matches("已在浏览器中打开 ");
    // The workbench: the officer's place (CONTENT-MODEL §9).
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/_pinpai/"),
        "{url}"
    );
    assert!(seen[0].starts_with("网站文件夹："), "{seen:?}");
    // The browser runs beside pinpai: give it a moment to start.
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&opened).map_or(true, |t| !t.ends_with('\n'))
        && started.elapsed() < std::time::Duration::from_secs(10)
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let asked = std::fs::read_to_string(&opened).unwrap();
    assert_eq!(asked.trim(), url);
}

#[test]
fn a_successful_build_prints_one_summary_line_and_quiet_prints_nothing() {
    let site = fixture().file(
        "content/news/caogao.md",
        "---\ntitle: 草稿\ndate: 2024-01-01\ndraft: true\n---\n",
    );
    let run = site.build(&[]);
    run.ok();
    assert_eq!(run.stderr, "", "stderr of a clean build");
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    let line = run.stdout.trim_end();
    // 2 brands, 2 members, 2 records, 2 other pages, 1 draft, 2 images.
    assert!(line.starts_with("已生成：8 个页面"), "{line}");
    assert!(
        line.contains("支部品牌 2") && line.contains("先锋风采 2"),
        "{line}"
    );
    assert!(
        line.contains("志愿服务 2") && line.contains("其他 2"),
        "{line}"
    );
    assert!(line.contains("草稿 1 篇未发布"), "{line}");
    assert!(line.contains("警告 0 个"), "{line}");
    assert!(line.ends_with("→ output/"), "{line}");

    let quiet = site.build(&["--quiet"]);
    quiet.ok();
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    let quiet = site.run(&["-q", "check"]);
    quiet.ok();
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
}

#[test]
fn quiet_still_shows_errors() {
    let site = fixture().file("content/about.md", "---\ntitle: 关于\n");
    let run = site.build(&["--quiet"]);
    run.expect(1)
        .stderr_has_line_starting("content/about.md:1: ");
}

#[test]
fn root_option_and_output_option() {
    let site = fixture();
    let elsewhere = Site::empty();
    let root = site.root().to_str().unwrap();
    run_in(
        elsewhere.root(),
        &["--root", root, "build", "--output", "网站"],
    )
    .ok();
    assert!(
        site.exists("网站/index.html"),
        "--output is taken from the site folder"
    );
    assert!(!site.exists("output"));
    assert!(
        elsewhere.top_level().is_empty(),
        "wrote into the current folder"
    );
}

#[test]
fn outside_a_site_says_what_is_missing() {
    let dir = Site::empty();
    let run = run_in(dir.root(), &["build"]);
    run.expect(1)
        .stderr_has_line_starting("site.yaml: 找不到网站配置文件");
    assert!(run.stderr.contains("pinpai init"), "{}", run.stderr);
    assert!(
        dir.top_level().is_empty(),
        "wrote into a folder that is not a site"
    );
}

#[test]
fn import_writes_one_record_per_ledger_row_that_builds_and_never_overwrites() {
    let site = fixture();
    let ledger = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledgers/good.xlsx"),
    )
    .unwrap();
    site.write("data/volunteer/2024台账.xlsx", ledger);
    site.write("data/volunteer/义诊1.jpg", common::png(30, 20));
    let run = site.run(&["import", "data/volunteer/2024台账.xlsx"]);
    run.ok();
    assert!(run.stdout.contains("已导入 3 条记录"), "{}", run.stdout);
    let record = site.read("content/volunteer/2024-03-05-she-qu-yi-zhen-jin-wan-jia.md");
    for line in [
        "title: \"社区义诊进万家\"",
        "date: 2024-03-05",
        "branch: [\"急诊科党支部\", \"眼科党支部\"]",
        "members: [\"杜杰\"]",
        "participants: [\"李明\", \"王芳\"]",
        "volunteers: 12",
        "hours: 36",
        "served: 150",
        "photos: [\"2024-03-05-she-qu-yi-zhen-jin-wan-jia-义诊1.jpg\"]",
    ] {
        assert!(
            record.lines().any(|l| l == line),
            "{line:?} not in:\n{record}"
        );
    }
    assert!(
        record.contains("为居民测血压、讲解用药。"),
        "the 备注 is the body"
    );
    assert!(site.exists("content/volunteer/2024-03-05-she-qu-yi-zhen-jin-wan-jia-义诊1.jpg"));
    // The records build with the site (the ledger moved out, as the message says).
    site.remove("data/volunteer/2024台账.xlsx");
    site.build(&[]).ok();
    assert!(site.exists("output/volunteer/2024-03-05-she-qu-yi-zhen-jin-wan-jia/index.html"));
    // A second import overwrites nothing.
    site.write(
        "data/volunteer/2024台账.xlsx",
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/ledgers/good.xlsx"),
        )
        .unwrap(),
    );
    let again = site.run(&["import", "data/volunteer/2024台账.xlsx"]);
    again.ok();
    assert!(
        again.stdout.contains("已导入 0 条记录") && again.stdout.contains("没有覆盖"),
        "{}",
        again.stdout
    );
}

#[test]
fn import_of_a_ledger_with_errors_writes_nothing() {
    let site = fixture();
    let ledger = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledgers/errors.xlsx"),
    )
    .unwrap();
    site.write("data/volunteer/错误台账.xlsx", ledger);
    let before = site.files("content/volunteer");
    let run = site.run(&["import", "data/volunteer/错误台账.xlsx"]);
    run.expect(1);
    run.stderr_has_line_starting(
        "data/volunteer/错误台账.xlsx:Sheet1!E7: 服务时长应当是数字，这里写的是“两小时”",
    );
    assert_eq!(site.files("content/volunteer"), before);
}

/// `pinpai package`: one zip of the built site whose SHA256SUMS checks
/// every file, and in which every link of every page leads to a file of
/// the zip (what the server will serve once it is unpacked).
#[test]
fn package_writes_a_zip_whose_sums_and_links_check_out() {
    use sha2::{Digest, Sha256};
    use std::collections::BTreeMap;
    use std::io::Read;

    let site = common::fixture();
    let run = site.run(&["package", "--output", "发布/站点.zip"]);
    run.expect(1); // the folder 发布/ does not exist: a clear message, no zip
    assert!(
        run.stderr.contains("文件夹 ") && run.stderr.contains("发布 不存在"),
        "{}",
        run.stderr
    );
    std::fs::create_dir(site.path("发布")).unwrap();
    let run = site.run(&["package", "--output", "发布/站点.zip"]);
    run.ok();
    assert!(run.stdout.contains("SHA256SUMS"), "{}", run.stdout);

    let file = std::fs::File::open(site.path("发布/站点.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        files.insert(entry.name().unwrap().to_string(), bytes);
    }
    let sums = String::from_utf8(files.remove("SHA256SUMS").expect("SHA256SUMS")).unwrap();
    let listed: BTreeMap<&str, &str> = sums
        .lines()
        .map(|l| {
            let (hash, name) = l.split_once("  ").unwrap();
            (name, hash)
        })
        .collect();
    assert_eq!(
        listed.keys().copied().collect::<Vec<_>>(),
        files.keys().map(String::as_str).collect::<Vec<_>>()
    );
    for (name, bytes) in &files {
        let hash: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(listed[name.as_str()], hash, "{name}");
    }
    // The same files as output/, without pinpai's marker.
    let output: Vec<String> = site
        .files("output")
        .into_iter()
        .filter(|f| f != ".pinpai-output")
        .collect();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), output);

    let mut checked = 0;
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for link in common::links(&html) {
            let Some(path) = link.strip_prefix('/') else {
                continue; // outside links, anchors, relative ones
            };
            if path.starts_with('/') {
                continue;
            }
            let path = path.split(['#', '?']).next().unwrap();
            let path = percent_encoding::percent_decode_str(path)
                .decode_utf8()
                .unwrap();
            let target = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            assert!(
                files.contains_key(&target),
                "{name}: {link} leads nowhere in the zip"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}
