//! The workbench's server (CONTENT-MODEL §9.2, §9.3), attacked and used
//! over real HTTP: the Host, Origin, token and content-type checks; paths
//! that try to leave the site; uploads too large or badly named; saves
//! against a file changed on disk; history, restore and the 回收站; a field
//! changed in a hand-written CRLF file with every other byte kept.

mod common;
use common::bench::{assert_same_site, request, start, swap, without, Headers, Json};
use common::{fixture, snapshot};
use pinpai::build::BuildOptions;
use pinpai::serve::{Options, Server};
use serde_json::json;
use std::time::Duration;

const PAGE: &str = "content/news/2024-dangke.md";

#[test]
fn requests_not_from_the_workbench_page_change_nothing() {
    let site = fixture();
    let bench = start(&site, "127.0.0.1");
    let before = snapshot(site.root());
    let opened = bench.open(PAGE);
    let body = json!({ "path": PAGE, "digest": opened["digest"], "text": "被改了" }).to_string();
    let good = bench.own_headers("application/json");
    let variants: Vec<(&str, Headers, u16)> = vec![
        (
            "DNS rebinding: another Host",
            swap(&good, "Host", "evil.example"),
            421,
        ),
        (
            "Host with another port",
            swap(&good, "Host", "127.0.0.1:1"),
            421,
        ),
        ("no token", without(&good, "X-Pinpai-Token"), 403),
        ("a wrong token", swap(&good, "X-Pinpai-Token", "0123"), 403),
        (
            "another port of 127.0.0.1",
            swap(&good, "Origin", "http://127.0.0.1:8080"),
            403,
        ),
        (
            "another site",
            swap(&good, "Origin", "https://evil.example"),
            403,
        ),
        ("an opaque origin", swap(&good, "Origin", "null"), 403),
        ("no Origin", without(&good, "Origin"), 403),
        (
            "a same-site page",
            swap(&good, "Sec-Fetch-Site", "same-site"),
            403,
        ),
        (
            "a form's content type",
            swap(&good, "Content-Type", "text/plain"),
            415,
        ),
        (
            "a form's content type",
            swap(&good, "Content-Type", "application/x-www-form-urlencoded"),
            415,
        ),
    ];
    for (what, headers, status) in variants {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let reply = request(
            &bench.server,
            "POST",
            "/_pinpai/api/save",
            &headers,
            body.as_bytes(),
        );
        assert_eq!(reply.status, status, "{what}: {}", reply.text());
        assert!(reply.json()["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    // Reading a file needs the right Host too (a rebinding page reads nothing).
    let stolen = request(
        &bench.server,
        "GET",
        "/_pinpai/api/file?path=site.yaml",
        &[("Host", "evil.example")],
        b"",
    );
    assert_eq!(stolen.status, 421);
    let page = request(
        &bench.server,
        "GET",
        "/_pinpai/",
        &[("Host", "evil.example:80")],
        b"",
    );
    assert_eq!(page.status, 421);
    assert!(!page.text().contains(&bench.token));
    assert_same_site(&before, &snapshot(site.root()));
    // And the page cannot be framed by another.
    let own = bench.get("/_pinpai/");
    assert_eq!(own.header("X-Frame-Options"), Some("DENY"));
    assert!(own
        .header("Content-Security-Policy")
        .is_some_and(|c| c.contains("frame-ancestors 'none'")));
}

#[test]
fn no_path_leads_out_of_the_site_or_into_pinpais_own_folders() {
    let parent = tempfile::tempdir().unwrap();
    let site = fixture();
    let bench = start(&site, "127.0.0.1");
    let outside_before = snapshot(parent.path());
    for path in [
        "../escaped.md",
        "content/../../escaped.md",
        "/tmp/escaped.md",
        "C:\\Windows\\escaped.md",
        "c:escaped.md",
        "\\\\?\\C:\\escaped.md",
        "\\\\server\\share\\escaped.md",
        "content/CON.md",
        "content/nul",
        "content/com1.txt",
        "content/trailing.md.",
        "content/trailing.md ",
        "content/nul\u{0}byte.md",
        "output/index.html",
        ".pinpai/history/x.md",
        ".git/config",
        "PINPAI~1/history/x.md",
        "desktop.ini",
        "",
    ] {
        let reply = bench.post(
            "/_pinpai/api/save",
            json!({ "path": path, "digest": null, "text": "x" }),
        );
        assert_eq!(reply.status, 400, "{path:?}: {}", reply.text());
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(parent.path(), site.path("content/link")).unwrap();
        let reply = bench.post(
            "/_pinpai/api/save",
            json!({ "path": "content/link/escaped.md", "digest": null, "text": "x" }),
        );
        assert_eq!(reply.status, 400, "{}", reply.text());
        let upload = bench.upload("content/link", "x.jpg", b"jpeg");
        assert_eq!(upload.status, 400, "{}", upload.text());
    }
    assert_eq!(
        outside_before,
        snapshot(parent.path()),
        "something was written outside the site"
    );
    assert!(!site.exists("escaped.md") && !site.exists("output/escaped.md"));
}

#[test]
fn a_save_against_a_file_changed_on_disk_is_refused_with_both_versions() {
    let site = fixture();
    let bench = start(&site, "127.0.0.1");
    let opened = bench.open(PAGE);
    // Meanwhile, in Notepad:
    site.write(
        PAGE,
        "---\ntitle: 记事本里改的\ndate: 2024-07-01\n---\n记事本。\n",
    );
    let mine = "---\ntitle: 工作台里改的\ndate: 2024-07-01\n---\n工作台。\n";
    let reply = bench.post(
        "/_pinpai/api/save",
        json!({ "path": PAGE, "digest": opened["digest"], "text": mine }),
    );
    assert_eq!(reply.status, 409, "{}", reply.text());
    let answer = reply.json();
    assert!(answer["now"]["text"]
        .as_str()
        .unwrap()
        .contains("记事本里改的"));
    assert!(answer["message"].as_str().unwrap().contains("被改过"));
    assert!(site.read(PAGE).contains("记事本里改的"));
    // Saved against what is there now, it goes through, and the version it
    // replaced is kept and can be put back.
    let now = answer["now"]["digest"].clone();
    let saved = bench.post(
        "/_pinpai/api/save",
        json!({ "path": PAGE, "digest": now, "text": mine }),
    );
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert_eq!(site.read(PAGE), mine);
    let history = bench
        .get(&format!("/_pinpai/api/history?path={}", PAGE))
        .json();
    let id = history["versions"][0]["id"].as_str().unwrap().to_string();
    let restored = bench.post(
        "/_pinpai/api/restore",
        json!({ "path": PAGE, "id": id, "digest": saved.json()["digest"] }),
    );
    assert_eq!(restored.status, 200, "{}", restored.text());
    assert!(site.read(PAGE).contains("记事本里改的"));
    // Deleted: to the 回收站, and the preview drops the page.
    let digest = restored.json()["digest"].clone();
    let deleted = bench.post(
        "/_pinpai/api/delete",
        json!({ "path": PAGE, "digest": digest }),
    );
    assert_eq!(deleted.status, 200, "{}", deleted.text());
    assert!(!site.exists(PAGE));
    let trash = deleted.json()["trash"].as_str().unwrap().to_string();
    assert!(trash.starts_with(".pinpai/回收站/"), "{trash}");
    assert!(site.read(&trash).contains("记事本里改的"));
}

#[test]
fn a_field_changes_in_place_and_the_preview_shows_it() {
    let hand_written = "\u{feff}---\r\n# 七一专题党课（宣传科 王芳 整理）\r\ntitle: '七一专题党课'   # 标题\r\ndate: 2024-07-01\r\ntags: [党课]\r\n---\r\n\r\n正文第一段。\r\n";
    let site = fixture().file(PAGE, hand_written);
    let bench = start(&site, "127.0.0.1");
    let opened = bench.open(PAGE);
    let generation = bench.server.status().generation;
    let reply = bench.post(
        "/_pinpai/api/field",
        json!({ "path": PAGE, "digest": opened["digest"], "key": "title", "value": "“七一”专题党课" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let expected = hand_written.replace(
        "title: '七一专题党课'   # 标题",
        "title: '“七一”专题党课' # 标题",
    );
    assert_eq!(std::fs::read(site.path(PAGE)).unwrap(), expected.as_bytes());
    bench
        .server
        .wait_for_generation(generation + 1, Duration::from_secs(60))
        .expect("the preview rebuilt");
    let page = request(
        &bench.server,
        "GET",
        "/news/2024-dangke/",
        &[("Host", &bench.host)],
        b"",
    );
    assert!(page.text().contains("“七一”专题党课"), "{}", page.text());
    // A value that is not a field value, or a key that is not a key.
    let digest = reply.json()["digest"].clone();
    for (key, value) in [
        ("title", json!({"a": 1})),
        ("ti tle", json!("x")),
        ("", json!("x")),
    ] {
        let bad = bench.post(
            "/_pinpai/api/field",
            json!({ "path": PAGE, "digest": digest, "key": key, "value": value }),
        );
        assert_eq!(bad.status, 400, "{key}: {}", bad.text());
    }
}

#[test]
fn uploads_land_beside_the_page_under_safe_names_within_the_limit() {
    let site = fixture();
    let bench = start(&site, "127.0.0.1");
    let folder = "content/news/七一 党课";
    let first = bench.upload(folder, "现场 1.jpg", b"first");
    assert_eq!(first.status, 201, "{}", first.text());
    assert_eq!(first.json()["path"], "content/news/七一 党课/现场 1.jpg");
    let second = bench.upload(folder, "现场 1.jpg", b"second");
    assert_eq!(second.json()["path"], "content/news/七一 党课/现场 1-2.jpg");
    assert_eq!(
        std::fs::read(site.path("content/news/七一 党课/现场 1.jpg")).unwrap(),
        b"first"
    );
    for (name, saved) in [
        ("../../合照.jpg", "content/news/七一 党课/合照.jpg"),
        (
            r"C:\Users\王芳\Desktop\合影.jpg",
            "content/news/七一 党课/合影.jpg",
        ),
        ("CON.jpg", "content/news/七一 党课/_CON.jpg"),
        ("照片?.jpg", "content/news/七一 党课/照片_.jpg"),
    ] {
        let reply = bench.upload(folder, name, b"x");
        assert_eq!(reply.status, 201, "{name}: {}", reply.text());
        assert_eq!(reply.json()["path"], saved, "{name}");
    }
    assert_eq!(
        std::fs::read(site.path("site.yaml")).unwrap(),
        common::SITE_YAML.as_bytes()
    );
    for name in ["新页面.md", "页面.html", "图.svg", "../../site.yaml"] {
        let reply = bench.upload(folder, name, b"<script>alert(1)</script>");
        assert_eq!(reply.status, 422, "{name}: {}", reply.text());
    }
    let outside = bench.upload("static", "a.jpg", b"x");
    assert_eq!(outside.status, 400, "{}", outside.text());
    // Nothing half-written is left behind.
    let leftovers: Vec<String> = site
        .files("content/news/七一 党课")
        .into_iter()
        .filter(|f| f.starts_with(".pinpai-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn on_the_lan_without_accounts_the_workbench_answers_nothing() {
    let site = fixture();
    let server = Server::start(
        BuildOptions {
            preview: true,
            ..BuildOptions::new(site.root())
        },
        Options {
            bind: "0.0.0.0".into(),
            port: 0,
            poll: false,
            quiet: true,
            ctrl_c: false,
            ..Default::default()
        },
    )
    .expect("server starts");
    server
        .wait_for_generation(1, Duration::from_secs(120))
        .unwrap();
    let host = format!("127.0.0.1:{}", server.addr().port());
    let before = snapshot(site.root());
    // Drafts, files and the token stay off the network.
    for path in [
        "/_pinpai/",
        "/_pinpai/api/pages",
        "/_pinpai/api/file?path=site.yaml",
    ] {
        let reply = request(&server, "GET", path, &[("Host", &host)], b"");
        assert_eq!(reply.status, 403, "{path}: {}", reply.text());
        assert!(reply.text().contains("没有设置账号"), "{}", reply.text());
        assert!(!reply.text().contains("pinpai-token"));
    }
    let save = request(
        &server,
        "POST",
        "/_pinpai/api/save",
        &[
            ("Host", &host),
            ("Origin", &format!("http://{host}")),
            ("Content-Type", "application/json"),
        ],
        json!({ "path": PAGE, "digest": null, "text": "改了" })
            .to_string()
            .as_bytes(),
    );
    assert_eq!(save.status, 403);
    // The preview itself is still there.
    let home = request(&server, "GET", "/", &[("Host", &host)], b"");
    assert_eq!(home.status, 200);
    assert_eq!(before, snapshot(site.root()));
}

#[test]
fn the_token_is_given_only_to_a_navigation_and_the_preview_cannot_host_a_script() {
    let site = fixture().file("static/页面.html", "<script>alert(1)</script>");
    let bench = start(&site, "127.0.0.1");
    // A script's fetch (even from this address) does not get the page.
    let fetched = request(
        &bench.server,
        "GET",
        "/_pinpai/",
        &[
            ("Host", &bench.host),
            ("Sec-Fetch-Dest", "empty"),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        b"",
    );
    assert_eq!(fetched.status, 403);
    assert!(!fetched.text().contains(&bench.token));
    let opened = request(
        &bench.server,
        "GET",
        "/_pinpai/",
        &[
            ("Host", &bench.host),
            ("Sec-Fetch-Dest", "document"),
            ("Sec-Fetch-Site", "none"),
        ],
        b"",
    );
    assert_eq!(opened.status, 200);
    assert_eq!(
        opened.header("Cross-Origin-Opener-Policy"),
        Some("same-origin")
    );
    // Another site's page may not even make the server read.
    let cross = request(
        &bench.server,
        "GET",
        "/_pinpai/api/pages",
        &[("Host", &bench.host), ("Sec-Fetch-Site", "cross-site")],
        b"",
    );
    assert_eq!(cross.status, 403);
    // An HTML file of the site opened on its own runs sandboxed, nothing is
    // sniffed, and no service worker can be installed.
    let file = request(
        &bench.server,
        "GET",
        "/%E9%A1%B5%E9%9D%A2.html",
        &[("Host", &bench.host)],
        b"",
    );
    assert_eq!(file.status, 200, "{}", file.text());
    assert_eq!(file.header("Content-Security-Policy"), Some("sandbox"));
    assert_eq!(file.header("X-Content-Type-Options"), Some("nosniff"));
    let worker = request(
        &bench.server,
        "GET",
        "/%E9%A1%B5%E9%9D%A2.html",
        &[("Host", &bench.host), ("Service-Worker", "script")],
        b"",
    );
    assert_eq!(worker.status, 404);
    // And such files cannot be uploaded.
    for name in ["x.xml", "x.shtml", "x.xht", "x.svgz", "x.jsx", "x"] {
        let reply = bench.upload("content/news", name, b"<x/>");
        assert_eq!(reply.status, 422, "{name}: {}", reply.text());
    }
}

#[test]
fn the_page_list_shows_each_pages_state_and_problems() {
    let site = fixture()
        .file(
            "site.yaml",
            format!(
                "{}review:\n  required: true\n  levels: [初审, 复审]\n",
                common::SITE_YAML
            ),
        )
        .file(
            "content/news/caogao.md",
            "---\ntitle: 一篇草稿\ndate: 2024-01-01\ndraft: true\n---\n",
        )
        .file(
            "content/news/huai.md",
            "---\ntitle: 坏链接\ndate: 2024-01-02\n---\n[看这里](@/members/无此人.md)\n",
        );
    let bench = start(&site, "127.0.0.1");
    let list = bench.get("/_pinpai/api/pages").json();
    let news = list["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["folder"] == "news")
        .unwrap_or_else(|| panic!("{list}"));
    let page = |path: &str| {
        news["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["path"] == path)
            .unwrap_or_else(|| panic!("{path} not in {news}"))
            .clone()
    };
    assert_eq!(page("content/news/caogao.md")["state"], "草稿");
    assert_eq!(page("content/news/2024-dangke.md")["state"], "待初审");
    let broken = page("content/news/huai.md");
    let problem = &broken["problems"][0];
    assert_eq!(problem["line"], 5, "{broken}");
    assert_eq!(problem["error"], true);
    assert!(
        problem["message"].as_str().unwrap().contains("无此人"),
        "{broken}"
    );
}
