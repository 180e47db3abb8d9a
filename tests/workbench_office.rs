//! The workbench's office work over real HTTP (CONTENT-MODEL §9.1): a new
//! page written as `pinpai new` writes it, a Word draft or a ledger dropped
//! in, a paste from WeChat or Word, a review level recorded, the site
//! packaged — and each refused when it would write outside the site, over
//! another file, or for a request not from the workbench page.

mod common;

use common::bench::{encode, start, without, Json};
use common::{fixture, run_in, snapshot, SITE_YAML};
use serde_json::json;

const DOCX: &str = "tests/fixtures/import/libreoffice.docx";

fn fixture_file(rel: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn a_new_page_is_what_pinpai_new_writes_and_never_replaces_another() {
    let site = fixture();
    let twin = fixture();
    let bench = start(&site, "127.0.0.1");
    let made = bench.post(
        "/_pinpai/api/new",
        json!({"kind": "news", "title": "七一表彰"}),
    );
    assert_eq!(made.status, 201, "{}", made.text());
    assert_eq!(made.json()["path"], "content/news/qi-yi-biao-zhang.md");
    let run = run_in(twin.root(), &["new", "news", "七一表彰"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(site.path("content/news/qi-yi-biao-zhang.md")).unwrap(),
        std::fs::read(twin.path("content/news/qi-yi-biao-zhang.md")).unwrap(),
    );
    let before = snapshot(site.root());
    for (kind, title, why) in [
        ("news", "七一表彰", "已经存在"),
        ("news", "  ", "请先填写标题"),
        ("../static", "x", "不是页面类型"),
        ("content/../..", "x", "不是页面类型"),
        (r"C:\Windows", "x", "不是页面类型"),
        ("members", "杜杰", "网址"),
    ] {
        let refused = bench.post("/_pinpai/api/new", json!({"kind": kind, "title": title}));
        assert_eq!(refused.status, 422, "{kind} {title}: {}", refused.text());
        let message = refused.json()["message"].as_str().unwrap().to_string();
        assert!(message.contains(why), "{kind} {title}: {message}");
    }
    // Not from the workbench page: nothing is made.
    let headers = without(&bench.own_headers("application/json"), "X-Pinpai-Token");
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    for api in ["new", "package", "review", "paste"] {
        let body = json!({"kind": "news", "title": "偷偷新建"}).to_string();
        let path = format!("/_pinpai/api/{api}");
        let reply = common::bench::request(&bench.server, "POST", &path, &headers, body.as_bytes());
        assert_eq!(reply.status, 403, "{api}: {}", reply.text());
    }
    assert_eq!(before, snapshot(site.root()));
}

#[test]
fn a_dropped_word_draft_becomes_a_draft_page_and_a_ledger_is_kept_for_the_build() {
    let site = fixture();
    let bench = start(&site, "127.0.0.1");
    let docx = fixture_file(DOCX);
    let imported = bench.send_file(
        "import",
        &[
            ("name", r"C:\Users\王芳\Desktop\..\急诊科.docx"),
            ("section", "news"),
        ],
        &docx,
    );
    assert_eq!(imported.status, 201, "{}", imported.text());
    let page = imported.json()["path"].as_str().unwrap().to_string();
    assert!(
        page.starts_with("content/news/") && page.ends_with("/index.md"),
        "{page}"
    );
    let text = std::fs::read_to_string(site.path(&page)).unwrap();
    assert!(text.contains("\ndraft: true"), "{text}");
    assert_eq!(imported.json()["pictures"], 2);
    // The dropped file itself is not kept anywhere in the site.
    let work = site.path(".pinpai/导入");
    assert!(std::fs::read_dir(&work).map_or(true, |mut d| d.next().is_none()));
    assert!(!site.path("content/news/急诊科.docx").exists());

    let before = snapshot(site.root());
    for (name, section, status, why) in [
        ("草稿.doc", "news", 422, "旧版 Word"),
        ("程序.exe", "news", 422, "不能导入"),
        ("页面.md", "news", 422, "不能导入"),
        ("急诊科.docx", "../../", 422, "栏目"),
        ("急诊科.docx", "news", 422, "已经存在"),
    ] {
        let body = if name.ends_with(".doc") {
            fixture_file("tests/fixtures/import/old-word.doc")
        } else {
            docx.clone()
        };
        let reply = bench.send_file("import", &[("name", name), ("section", section)], &body);
        assert_eq!(reply.status, status, "{name} {section}: {}", reply.text());
        let message = reply.json()["message"].as_str().unwrap().to_string();
        assert!(message.contains(why), "{name}: {message}");
    }
    let after = snapshot(site.root());
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k) && !k.starts_with(".pinpai/"))
        .collect();
    assert!(changed.is_empty(), "{changed:?}");

    let ledger = "日期,活动名称,支部,志愿者人次\n2024-03-05,社区义诊,jizhen-120,5\n";
    let kept = bench.send_file("import", &[("name", "../台账.csv")], ledger.as_bytes());
    assert_eq!(kept.status, 201, "{}", kept.text());
    assert_eq!(kept.json()["path"], "data/volunteer/台账.csv");
    let again = bench.send_file("import", &[("name", "台账.csv")], b"x");
    assert_eq!(again.json()["path"], "data/volunteer/台账-2.csv");
    assert_eq!(
        std::fs::read_to_string(site.path("data/volunteer/台账.csv")).unwrap(),
        ledger
    );
}

#[test]
fn a_paste_becomes_markdown_with_its_pictures_beside_the_page() {
    let site = fixture();
    let bench = start(&site, "127.0.0.1");
    let png = common::png(4, 3);
    let data = format!(
        "data:image/png;base64,{}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &png)
    );
    let html = format!(
        "<html><body><!--StartFragment--><section style=\"margin:0 8px\"><h2>义诊现场</h2>\
<p><strong>急诊科党支部</strong>开展义诊<script>alert(1)</script></p>\
<p><img src=\"{data}\" alt=\"现场\"></p>\
<p><img src=\"file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image002.jpg\"></p>\
<p onclick=\"steal()\">完</p></section><!--EndFragment--></body></html>"
    );
    let page = "content/news/2024-dangke.md";
    let reply = bench.post("/_pinpai/api/paste", json!({"path": page, "html": html}));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let answer = reply.json();
    let markdown = answer["markdown"].as_str().unwrap();
    assert!(markdown.contains("**急诊科党支部**开展义诊"), "{markdown}");
    assert!(markdown.contains("![现场](粘贴的图片.png)"), "{markdown}");
    for never in ["<script", "alert", "onclick", "steal", "margin", "<section"] {
        assert!(!markdown.contains(never), "{never} in {markdown}");
    }
    assert_eq!(answer["pictures"], 1);
    assert_eq!(answer["missing"].as_array().unwrap().len(), 1);
    assert_eq!(
        std::fs::read(site.path("content/news/粘贴的图片.png")).unwrap(),
        png
    );
    // The page itself is not written: the officer saves it.
    assert_eq!(
        std::fs::read_to_string(site.path(page)).unwrap(),
        "---\ntitle: 七一专题党课\ndate: 2024-07-01\n---\n党课。见[杜杰](@/members/杜杰.md)。\n"
    );
    for outside in [
        "site.yaml",
        "../../x.md",
        "data/volunteer/a.md",
        ".pinpai/x.md",
    ] {
        let refused = bench.post("/_pinpai/api/paste", json!({"path": outside, "html": html}));
        assert_eq!(refused.status, 400, "{outside}: {}", refused.text());
    }
}

#[test]
fn review_levels_are_recorded_in_order_for_what_the_reviewer_saw() {
    let site = fixture().file(
        "site.yaml",
        format!("{SITE_YAML}review:\n  required: true\n  levels: [初审, 复审, 终审]\n"),
    );
    let bench = start(&site, "127.0.0.1");
    let page = "content/news/2024-dangke.md";
    let opened = bench.open(page);
    let approve = |digest: &serde_json::Value, level: &str| {
        bench.post(
            "/_pinpai/api/review",
            json!({"path": page, "digest": digest, "level": level, "by": "张书记"}),
        )
    };
    let skipped = approve(&opened["digest"], "复审");
    assert_eq!(skipped.status, 422, "{}", skipped.text());
    assert!(skipped.json()["message"]
        .as_str()
        .unwrap()
        .contains("按顺序"));
    let stale = approve(&json!("0".repeat(64)), "初审");
    assert_eq!(stale.status, 409, "{}", stale.text());
    let first = approve(&opened["digest"], "初审");
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.json()["state"], "待复审");
    let text = std::fs::read_to_string(site.path(page)).unwrap();
    assert!(text.contains("level: \"初审\", by: \"张书记\""), "{text}");

    let form = bench.get(&format!("/_pinpai/api/form?path={}", encode(page)));
    let review = &form.json()["review"];
    assert_eq!(review["next"], "复审");
    assert_eq!(review["approvals"][0]["valid"], true);
    // An edit afterwards voids it, and the form says so.
    let now = bench.open(page);
    let edited = bench.post(
        "/_pinpai/api/field",
        json!({"path": page, "digest": now["digest"], "key": "title", "value": "七一党课"}),
    );
    assert_eq!(edited.status, 200, "{}", edited.text());
    let form = bench.get(&format!("/_pinpai/api/form?path={}", encode(page)));
    let review = &form.json()["review"];
    assert_eq!(review["next"], "初审");
    assert_eq!(review["approvals"][0]["valid"], false);

    for outside in ["../site.yaml", "/etc/passwd", "content/../../x.md"] {
        let refused = bench.post(
            "/_pinpai/api/review",
            json!({"path": outside, "digest": "x", "level": "初审", "by": "x"}),
        );
        assert_eq!(refused.status, 400, "{outside}: {}", refused.text());
    }
}

#[test]
fn packaging_builds_and_zips_the_site_or_names_what_stops_it() {
    let site = fixture();
    let bench = start(&site, "127.0.0.1");
    let packaged = bench.post("/_pinpai/api/package", json!({}));
    assert_eq!(packaged.status, 200, "{}", packaged.text());
    let zip = packaged.json()["zip"].as_str().unwrap().to_string();
    let zip = std::path::PathBuf::from(zip);
    assert_eq!(zip.parent(), Some(site.root()));
    let names = zip_names(&zip);
    assert!(names.contains(&"index.html".to_string()), "{names:?}");
    assert!(names.contains(&"SHA256SUMS".to_string()));
    assert!(site.path("output/index.html").is_file());

    std::fs::write(
        site.path("content/news/2024-dangke.md"),
        "---\ntitle: 七一专题党课\ndate: 2024-13-01\n---\n党课。\n",
    )
    .unwrap();
    let refused = bench.post("/_pinpai/api/package", json!({}));
    assert_eq!(refused.status, 422, "{}", refused.text());
    let problems = refused.json()["problems"].clone();
    assert_eq!(problems[0]["path"], "content/news/2024-dangke.md");
    assert_eq!(problems[0]["line"], 3);
}

fn zip_names(zip: &std::path::Path) -> Vec<String> {
    let file = std::fs::File::open(zip).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect()
}

#[test]
fn a_new_draft_is_previewed_after_预览草稿_and_only_then() {
    let site = fixture();
    let bench = start(&site, "127.0.0.1");
    let generation = bench.server.status().generation;
    let made = bench.post(
        "/_pinpai/api/new",
        json!({"kind": "news", "title": "草稿预览"}),
    );
    assert_eq!(made.status, 201, "{}", made.text());
    let path = made.json()["path"].as_str().unwrap().to_string();
    let wait = |after: u64| {
        bench
            .server
            .wait_for_generation(after + 1, std::time::Duration::from_secs(60))
            .expect("the preview rebuilt")
            .generation
    };
    let generation = wait(generation);
    let form = bench.get(&format!("/_pinpai/api/form?path={}", encode(&path)));
    assert_eq!(form.json()["drafts_shown"], false);
    let url = form.json()["url"].as_str().unwrap().to_string();
    let hidden = bench.get(&url);
    assert_eq!(hidden.status, 404);
    assert!(hidden.text().contains("预览草稿"), "{}", hidden.text());

    // Not from the workbench page: the preview stays as it is.
    let headers = without(&bench.own_headers("application/json"), "X-Pinpai-Token");
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let body = json!({"show": true}).to_string();
    let refused = common::bench::request(
        &bench.server,
        "POST",
        "/_pinpai/api/drafts",
        &headers,
        body.as_bytes(),
    );
    assert_eq!(refused.status, 403, "{}", refused.text());
    let wrong = bench.post("/_pinpai/api/drafts", json!({"show": "是"}));
    assert_eq!(wrong.status, 400, "{}", wrong.text());

    let shown = bench.post("/_pinpai/api/drafts", json!({"show": true}));
    assert_eq!(shown.status, 200, "{}", shown.text());
    assert_eq!(shown.json()["drafts_shown"], true);
    let generation = wait(generation);
    let page = bench.get(&url);
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.text().contains("草稿预览"));
    let news = bench.get("/news/").text();
    assert!(
        news.contains("草稿预览"),
        "the draft is listed in the preview"
    );

    // A draft not yet filled in (a member without its brand) does not take
    // the preview away: it is left out, its problems shown as warnings.
    let member = bench.post(
        "/_pinpai/api/new",
        json!({"kind": "members", "title": "李明"}),
    );
    assert_eq!(member.status, 201, "{}", member.text());
    let member = member.json()["path"].as_str().unwrap().to_string();
    let status = bench
        .server
        .wait_for_generation(generation + 1, std::time::Duration::from_secs(60))
        .expect("rebuilt");
    let generation = status.generation;
    assert!(status.errors.is_empty(), "{:?}", status.errors);
    assert_eq!(
        bench.get(&url).status,
        200,
        "the other draft is still shown"
    );
    let problems = bench.get(&format!("/_pinpai/api/problems?path={}", encode(&member)));
    let problems = problems.json()["problems"].as_array().unwrap().clone();
    assert!(
        problems
            .iter()
            .any(|p| p["field"] == "branch" && p["error"] == false),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p["message"].as_str().unwrap().contains("预览里先不显示它")),
        "{problems:?}"
    );
    let member_url = bench
        .get(&format!("/_pinpai/api/form?path={}", encode(&member)))
        .json()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let left_out = bench.get(&member_url);
    assert_eq!(left_out.status, 404);
    assert!(
        left_out.text().contains("还有要改的地方"),
        "{}",
        left_out.text()
    );

    // Hidden again; and `pinpai build` never had it.
    let hidden = bench.post("/_pinpai/api/drafts", json!({"show": false}));
    assert_eq!(hidden.json()["drafts_shown"], false);
    wait(generation);
    assert_eq!(bench.get(&url).status, 404);
    let built = run_in(site.root(), &["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!site.path(&format!("output{url}index.html")).exists());
}

#[test]
fn a_save_of_several_fields_and_the_body_is_one_change_or_none() {
    let site = fixture();
    let bench = start(&site, "127.0.0.1");
    let made = bench.post(
        "/_pinpai/api/new",
        json!({"kind": "news", "title": "一次保存"}),
    );
    let path = made.json()["path"].as_str().unwrap().to_string();
    let opened = bench.open(&path);
    let before = std::fs::read_to_string(site.path(&path)).unwrap();

    // One field the file cannot take: nothing is written.
    let refused = bench.post(
        "/_pinpai/api/edit",
        json!({"path": path, "digest": opened["digest"], "fields": [
            {"key": "summary", "value": "先改的一句话"},
            {"key": "tags", "value": {"不是": "列表"}},
        ]}),
    );
    assert_eq!(refused.status, 400, "{}", refused.text());
    assert_eq!(std::fs::read_to_string(site.path(&path)).unwrap(), before);

    let saved = bench.post(
        "/_pinpai/api/edit",
        json!({"path": path, "digest": opened["digest"], "fields": [
            {"key": "summary", "value": "一句话介绍"},
            {"key": "draft", "value": false},
        ], "body": "第一段。\n"}),
    );
    assert_eq!(saved.status, 200, "{}", saved.text());
    let after = std::fs::read_to_string(site.path(&path)).unwrap();
    assert!(after.contains("summary: 一句话介绍"), "{after}");
    assert!(after.contains("draft: false"), "{after}");
    assert!(after.ends_with("第一段。\n"), "{after}");
    // One previous version for the one save.
    let history = bench.get(&format!("/_pinpai/api/history?path={}", encode(&path)));
    assert_eq!(
        history.json()["versions"].as_array().map(Vec::len),
        Some(1),
        "{}",
        history.text()
    );

    // Nothing to save is not a save.
    let digest = bench.open(&path)["digest"].clone();
    let empty = bench.post("/_pinpai/api/edit", json!({"path": path, "digest": digest}));
    assert_eq!(empty.status, 400, "{}", empty.text());

    // The digest it was opened with is now stale.
    let stale = bench.post(
        "/_pinpai/api/edit",
        json!({"path": path, "digest": opened["digest"], "fields": [{"key": "summary", "value": "又改"}]}),
    );
    assert_eq!(stale.status, 409, "{}", stale.text());
}
