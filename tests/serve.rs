//! `pinpai serve`: serving, content types, 404, traversal, sub-paths, live
//! rebuilds, and incremental rebuilds that equal a full build byte for byte.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{Reply, Site};
use pinpai::build::{self, BuildOptions};
use pinpai::diagnostics::Diagnostics;
use pinpai::serve::{Builder, Options, Server};

const BRANCH: &str = "---\ntitle: 120救在身边\nbranch: 急诊科党支部\nfeatured: true\ntags: [急救]\n---\n急诊科党支部的品牌。\n";
const MEMBER: &str = "---\ntitle: 杜杰的故事\nname: 杜杰\nbranch: jizhen-120\ntags: [急救, 先锋]\n---\n杜杰是急诊科医生。\n";
const RECORD: &str = "---\ntitle: 社区义诊\ndate: 2024-03-05\nbranch: 急诊科党支部\nmembers: [杜杰]\nvolunteers: 12\nhours: 30\nserved: 200\n---\n在社区开展义诊。\n";
const NEWS: &str = "---\ntitle: 院内新闻\ndate: 2024-04-01\ntags: [新闻]\n---\n一则新闻。\n";

fn fixture(site_yaml: &str) -> Site {
    Site::empty()
        .file("site.yaml", site_yaml)
        .file("content/_index.md", "---\ntitle: 首页\n---\n欢迎。\n")
        .file("content/branches/jizhen-120.md", BRANCH)
        .file("content/members/杜杰.md", MEMBER)
        .file("content/volunteer/yizhen.md", RECORD)
        .file("content/news/xinwen.md", NEWS)
        .file(
            "content/about.md",
            "---\ntitle: 关于\n---\n关于本站。[通知](files/通知%202024.txt)\n",
        )
        .file("content/files/通知 2024.txt", "附件")
        .file("static/css/extra.css", "body{}")
        .file(
            "static/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
}

fn start(site: &Site) -> Server {
    let server = Server::start(
        BuildOptions::new(site.root()),
        Options {
            bind: "127.0.0.1".into(),
            port: 0,
            poll: false,
            quiet: true,
            ctrl_c: false,
            ..Default::default()
        },
    )
    .expect("server starts");
    let status = server
        .wait_for_generation(1, Duration::from_secs(120))
        .expect("first build finishes");
    assert!(status.errors.is_empty(), "{:?}", status.errors);
    server
}

/// A raw HTTP/1.1 GET, so paths reach the server exactly as written;
/// `extra` is more header lines, each ending in CRLF.
fn get(server: &Server, path: &str, extra: &str) -> Reply {
    let mut headers = vec![("Host", "localhost")];
    headers.extend(
        extra
            .split("\r\n")
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim(), v.trim())),
    );
    common::http(server.addr(), "GET", path, &headers, b"")
}

#[test]
fn serves_pages_files_and_errors() {
    let site = fixture(common::SITE_YAML);
    let server = start(&site);

    let home = get(&server, "/", "");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.text().contains("/__pinpai/client.js"),
        "reload script injected"
    );
    assert!(home.header("etag").is_some());

    let member = get(&server, "/members/du-jie/", "");
    assert_eq!(member.status, 200);
    assert!(member.text().contains("杜杰是急诊科医生"));

    // ETag revalidation.
    let etag = member.header("etag").unwrap().to_string();
    let again = get(
        &server,
        "/members/du-jie/",
        &format!("If-None-Match: {etag}\r\n"),
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let css = get(&server, "/css/extra.css", "");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.body, b"body{}");
    let svg = get(&server, "/logo.svg", "");
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    let feed = get(&server, "/atom.xml", "");
    assert_eq!(
        feed.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    assert!(
        !feed.text().contains("__pinpai"),
        "only HTML gets the script"
    );
    // A content file with a Chinese name and a space.
    let file = get(&server, "/files/%E9%80%9A%E7%9F%A5%202024.txt", "");
    assert_eq!(
        (file.status, file.body.as_slice()),
        (200, "附件".as_bytes())
    );
    // Disk files revalidate with Last-Modified.
    let modified = css
        .header("last-modified")
        .expect("last-modified")
        .to_string();
    let again = get(
        &server,
        "/css/extra.css",
        &format!("If-Modified-Since: {modified}\r\n"),
    );
    assert_eq!(again.status, 304);

    // The site's own 404 page, with status 404.
    let missing = get(&server, "/no/such/page/", "");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(without_script(&missing.text()), build_404(&site));

    // A folder without its slash is redirected.
    let folder = get(&server, "/branches", "");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("location"), Some("/branches/"));

    // Traversal attempts never reach a file outside the site.
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/css/..%2f..%2fsite.yaml",
        "/..%5csite.yaml",
        "/css\\..\\..\\site.yaml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
    ] {
        let r = get(&server, path, "");
        assert!(
            r.status == 400 || r.status == 404,
            "{path} gave {}",
            r.status
        );
        assert!(!r.text().contains("title:"), "{path} leaked a file");
    }
    server.stop();
    let leftovers: Vec<String> = site
        .top_level()
        .into_iter()
        .filter(|n| n != ".pinpai-cache")
        .collect();
    assert_eq!(
        leftovers,
        ["content", "site.yaml", "static"],
        "serve writes nothing but the image cache"
    );
}

/// A served page as `build` writes it: without the reload script.
fn without_script(html: &str) -> String {
    let start = html
        .find("<script src=\"/__pinpai/")
        .expect("reload script");
    let end = start + html[start..].find("</script>").expect("script end") + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

fn build_404(site: &Site) -> String {
    let mut diags = Diagnostics::new();
    let rendered =
        build::render_site(&BuildOptions::new(site.root()), true, &mut diags).expect("site builds");
    let file = rendered
        .files
        .iter()
        .find(|f| f.path == "404.html")
        .expect("404.html");
    String::from_utf8(file.bytes.clone()).unwrap()
}

#[test]
fn sub_path_sites_are_served_under_their_path() {
    let site = fixture("title: 测试医院党建之窗\nbase_url: /dangjian/\n");
    let server = start(&site);
    let root = get(&server, "/", "");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/dangjian/"));
    let home = get(&server, "/dangjian/", "");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("href=\"/dangjian/branches/\""));
    assert_eq!(get(&server, "/dangjian/members/du-jie/", "").status, 200);
    assert_eq!(get(&server, "/dangjian/css/extra.css", "").status, 200);
    assert_eq!(get(&server, "/members/du-jie/", "").status, 404);
    assert_eq!(get(&server, "/dangjian", "").status, 302);
}

#[test]
fn rebuilds_on_change_and_survives_errors() {
    let site = fixture(common::SITE_YAML);
    let server = start(&site);
    let first = server.status();
    let wait_next = |after: u64| {
        server
            .wait_for_generation(after + 1, Duration::from_secs(60))
            .expect("a rebuild after the change")
    };

    site.write(
        "content/members/杜杰.md",
        MEMBER.replace("急诊科医生", "急诊科主任医师"),
    );
    let status = wait_next(first.generation);
    assert!(status.errors.is_empty());
    assert_ne!(status.build, first.build);
    assert!(get(&server, "/members/du-jie/", "")
        .text()
        .contains("急诊科主任医师"));

    // A broken file: errors reported, the last good site still served.
    site.write(
        "content/news/bad.md",
        "---\ntitle: 坏\ndate: 不是日期\n---\n",
    );
    let broken = wait_next(status.generation);
    assert_eq!(broken.build, status.build, "last good site kept");
    assert!(
        broken
            .errors
            .iter()
            .any(|e| e.starts_with("content/news/bad.md:3: ")),
        "{:?}",
        broken.errors
    );
    assert_eq!(get(&server, "/members/du-jie/", "").status, 200);

    // Fixed with an atomic save (temporary file renamed over it).
    site.write(
        "content/news/.bad.md.tmp",
        NEWS.replace("院内新闻", "修好了"),
    );
    std::fs::rename(
        site.path("content/news/.bad.md.tmp"),
        site.path("content/news/bad.md"),
    )
    .unwrap();
    let fixed = wait_next(broken.generation);
    assert!(fixed.errors.is_empty(), "{:?}", fixed.errors);
    assert!(get(&server, "/news/bad/", "").text().contains("修好了"));

    // A new folder and a deleted page.
    site.write(
        "content/notices/tongzhi.md",
        "---\ntitle: 通知一则\n---\n通知。\n",
    );
    let added = wait_next(fixed.generation);
    assert!(added.errors.is_empty(), "{:?}", added.errors);
    assert!(get(&server, "/notices/tongzhi/", "")
        .text()
        .contains("通知一则"));
    site.remove("content/news/bad.md");
    // The new folder's file may still bring a rebuild of its own (the
    // folder and the file can come as two events): wait for the one that
    // sees the removal rather than for the next one.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut generation = added.generation;
    while get(&server, "/news/bad/", "").status != 404 {
        assert!(
            Instant::now() < deadline,
            "the removed page is still served"
        );
        generation = wait_next(generation).generation;
    }
    server.stop();
}

#[test]
fn first_build_failing_keeps_the_server_up() {
    let site = fixture(common::SITE_YAML).file(
        "content/news/bad.md",
        "---\ntitle: 坏\ndate: 不是日期\n---\n",
    );
    let server = Server::start(
        BuildOptions::new(site.root()),
        Options {
            bind: "127.0.0.1".into(),
            port: 0,
            poll: false,
            quiet: true,
            ctrl_c: false,
            ..Default::default()
        },
    )
    .unwrap();
    let status = server
        .wait_for_generation(1, Duration::from_secs(60))
        .unwrap();
    assert!(!status.errors.is_empty());
    let page = get(&server, "/", "");
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("content/news/bad.md:3: "),
        "{}",
        page.text()
    );
    site.remove("content/news/bad.md");
    let fixed = server
        .wait_for_generation(2, Duration::from_secs(60))
        .unwrap();
    assert!(fixed.errors.is_empty());
    assert_eq!(get(&server, "/", "").status, 200);
}

#[test]
fn port_in_use_names_another_port() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = fixture(common::SITE_YAML);
    let err = Server::start(
        BuildOptions::new(site.root()),
        Options {
            bind: "127.0.0.1".into(),
            port,
            poll: false,
            quiet: true,
            ctrl_c: false,
            ..Default::default()
        },
    )
    .err()
    .expect("port in use is refused");
    assert!(
        matches!(err, pinpai::serve::ServeError::PortInUse { port: p, .. } if p == port),
        "{err:?}"
    );
    let err = err.to_string();
    assert!(err.contains(&format!("端口 {port} 已被占用")), "{err}");
    assert!(err.contains("--port "), "{err}");
}

/// Makes every file written since the last call look old, as files are
/// between edits (`serve`'s load cache does not trust a file modified within
/// the last seconds); each one gets a time of its own, so no two versions of
/// a file share one.
fn settle(root: &std::path::Path) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};
    static TICK: AtomicU64 = AtomicU64::new(0);
    let recent = SystemTime::now() - Duration::from_secs(5);
    for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
        let fresh = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .is_some_and(|t| t > recent);
        if entry.file_type().is_file() && fresh {
            let tick = TICK.fetch_add(1, Ordering::SeqCst);
            let old = UNIX_EPOCH + Duration::from_secs(1_600_000_000 + tick);
            std::fs::File::options()
                .write(true)
                .open(entry.path())
                .and_then(|f| f.set_modified(old))
                .unwrap();
        }
    }
}

/// A builder told either every changed file, as `serve`'s watcher tells it,
/// or nothing (then it looks at every file's time and size).
struct Rebuilds {
    builder: Builder,
    /// What the full builds compared with are made with.
    opts: BuildOptions,
    told: bool,
}

impl Rebuilds {
    fn new(root: &std::path::Path, told: bool) -> Self {
        Self::with(BuildOptions::new(root), told)
    }

    /// As `serve` builds: pages in review included, with their band.
    fn preview(root: &std::path::Path, told: bool) -> Self {
        let opts = BuildOptions {
            preview: true,
            ..BuildOptions::new(root)
        };
        Self::with(opts, told)
    }

    fn with(opts: BuildOptions, told: bool) -> Self {
        Rebuilds {
            builder: Builder::new(opts.clone()),
            opts,
            told,
        }
    }

    fn build(
        &mut self,
        changed: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<pinpai::serve::Snapshot> {
        let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let known = self.told.then_some(changed.as_slice());
        self.builder.build(known, diags)
    }
}

/// Rebuilds after `changed` and checks every file against a fresh full
/// build.
fn check_equal(
    builds: &mut Rebuilds,
    root: &std::path::Path,
    what: &str,
    changed: &[&str],
    expect_partial: bool,
) -> pinpai::serve::Snapshot {
    settle(root);
    let mut diags = Diagnostics::new();
    let snapshot = builds
        .build(changed, &mut diags)
        .unwrap_or_else(|| panic!("{what}: {:?}", diags.sorted()));
    let served: BTreeMap<String, Vec<u8>> = snapshot
        .files
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    let expected = full(&builds.opts);
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{what}: same files"
    );
    for (path, bytes) in &expected {
        assert!(
            served[path] == *bytes,
            "{what}: {path} differs from a full build"
        );
    }
    if expect_partial {
        assert!(snapshot.reused > 0, "{what}: nothing reused");
    }
    snapshot
}

/// Rebuilds after `changed`, which must fail with exactly the errors a full
/// build reports, among them `expected`.
fn check_fails(
    builds: &mut Rebuilds,
    root: &std::path::Path,
    what: &str,
    changed: &[&str],
    expected: &str,
) {
    settle(root);
    let mut diags = Diagnostics::new();
    assert!(
        builds.build(changed, &mut diags).is_none(),
        "{what}: build passes"
    );
    let shown: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
    let mut full_diags = Diagnostics::new();
    assert!(build::render_site(&builds.opts, true, &mut full_diags).is_none());
    let full_shown: Vec<String> = full_diags
        .sorted()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown, full_shown, "{what}: same problems as a full build");
    assert!(
        shown.iter().any(|d| d.contains(expected)),
        "{what}: no {expected:?} in {shown:?}"
    );
}

/// What a fresh full build renders, by output path.
fn full(opts: &BuildOptions) -> BTreeMap<String, Vec<u8>> {
    let mut diags = Diagnostics::new();
    let rendered = build::render_site(opts, true, &mut diags)
        .unwrap_or_else(|| panic!("full build fails: {:?}", diags.sorted()));
    rendered
        .files
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect()
}

#[test]
fn incremental_rebuilds_equal_a_full_build() {
    incremental_rebuilds(true);
}

#[test]
fn incremental_rebuilds_equal_a_full_build_without_a_watcher() {
    incremental_rebuilds(false);
}

fn incremental_rebuilds(told: bool) {
    let with_milestones = format!("{}{}", common::SITE_YAML, common::MILESTONES_NAV);
    let site = fixture(&with_milestones)
        .file(
            "content/members/李娜.md",
            "---\ntitle: 李娜\nname: 李娜\nbranch: jizhen-120\n---\n护士。\n",
        )
        .file(
            "content/branches/xinnei.md",
            "---\ntitle: 心内品牌\nbranch: 心内科党支部\n---\n心内科。\n",
        );
    let mut builds = Rebuilds::new(site.root(), told);
    let mut check = |what: &str, changed: &[&str], expect_partial: bool| {
        check_equal(&mut builds, site.root(), what, changed, expect_partial)
    };
    check("first build", &[], false);
    // Body text only.
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace("急诊科医生", "急诊科的好医生"),
    );
    check("body edit", &["content/members/杜杰.md"], true);
    // A title shown in lists, the brand page and the record.
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace("杜杰的故事", "杜杰：生命的守护者"),
    );
    check("title edit", &["content/members/杜杰.md"], true);
    // A brand's name, referenced by members and records.
    site.write(
        "content/branches/jizhen-120.md",
        BRANCH
            .replace("急诊科党支部的品牌", "品牌介绍")
            .replace("title: 120救在身边", "title: 120就在身边"),
    );
    check("brand title", &["content/branches/jizhen-120.md"], true);
    // Fields only cards show: a brand's slogan (on member and record cards
    // as a reference), a member's position (on record cards), a record's
    // place (on its own card in every list).
    site.write(
        "content/branches/jizhen-120.md",
        BRANCH.replace("featured: true", "featured: true\nslogan: 生命至上"),
    );
    check("brand slogan", &["content/branches/jizhen-120.md"], true);
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace(
            "branch: jizhen-120",
            "branch: jizhen-120\nposition: 主治医师",
        ),
    );
    check("member position", &["content/members/杜杰.md"], true);
    // Honours and a founding date: shown on 荣誉榜 and 大事记 as well.
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace(
            "branch: jizhen-120",
            "branch: jizhen-120\nposition: 主治医师\nhonors:\n  - {year: 2024, title: 优秀共产党员}",
        ),
    );
    check("member honour", &["content/members/杜杰.md"], true);
    site.write(
        "content/branches/xinnei.md",
        "---\ntitle: 心内品牌\nbranch: 心内科党支部\nfounded: 2019-05-01\n---\n心内科。\n",
    );
    check("brand founded", &["content/branches/xinnei.md"], true);
    // A page of the site's own at /honors/ replaces the generated one, and
    // removing it brings that back.
    site.write(
        "content/honors.md",
        "---\ntitle: 我院荣誉\n---\n自己写的。\n",
    );
    check("own honours page", &["content/honors.md"], true);
    site.remove("content/honors.md");
    check("own honours page removed", &["content/honors.md"], true);
    site.write(
        "content/volunteer/yizhen.md",
        RECORD.replace("members: [杜杰]", "members: [杜杰]\nlocation: 汉丰街道"),
    );
    check("record location", &["content/volunteer/yizhen.md"], true);
    // Numbers that change totals and charts everywhere.
    site.write(
        "content/volunteer/yizhen.md",
        RECORD.replace("hours: 30", "hours: 45"),
    );
    check("record hours", &["content/volunteer/yizhen.md"], false);
    // Tags added and removed.
    site.write(
        "content/news/xinwen.md",
        NEWS.replace("tags: [新闻]", "tags: [新闻, 急救]"),
    );
    check("tag added", &["content/news/xinwen.md"], true);
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace("tags: [急救, 先锋]", "tags: [先锋]"),
    );
    check("tag removed", &["content/members/杜杰.md"], true);
    // Member moves to another brand.
    site.write(
        "content/members/李娜.md",
        "---\ntitle: 李娜\nname: 李娜\nbranch: xinnei\n---\n护士。\n",
    );
    check("member moved", &["content/members/李娜.md"], true);
    // A new page, a featured flag, a deleted page.
    site.write(
        "content/news/second.md",
        "---\ntitle: 第二则新闻\ndate: 2024-05-01\n---\n又一则。\n",
    );
    check("page added", &["content/news/second.md"], true);
    site.write(
        "content/branches/xinnei.md",
        "---\ntitle: 心内品牌\nbranch: 心内科党支部\nfeatured: true\n---\n心内科。\n",
    );
    check("featured", &["content/branches/xinnei.md"], true);
    site.remove("content/news/xinwen.md");
    check("page removed", &["content/news/xinwen.md"], true);
    // Section intro, a template override, site.yaml.
    site.write(
        "content/news/_index.md",
        "---\ntitle: 医院新闻\n---\n新闻栏目。\n",
    );
    check("section intro", &["content/news/_index.md"], true);
    site.write("site.yaml", "title: 改过名的党建之窗\npaginate: 1\n");
    check("site.yaml", &["site.yaml"], false);
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace("杜杰是急诊科医生", "第三次修改"),
    );
    check("edit with paginate 1", &["content/members/杜杰.md"], true);
}

/// Edits that `serve`'s caches (parsed files, rendered bodies) must notice.
#[test]
fn cached_rebuilds_equal_a_full_build() {
    cached_rebuilds(true);
}

#[test]
fn cached_rebuilds_equal_a_full_build_without_a_watcher() {
    cached_rebuilds(false);
}

fn cached_rebuilds(told: bool) {
    let site = fixture(common::SITE_YAML)
        .file(
            "content/about.md",
            "---\ntitle: 关于\n---\n关于本站，见[新闻](@/news/later.md)。\n\n![标志](/img/logo.png)\n",
        )
        .file("static/img/logo.png", common::png(12, 8))
        .file("content/news/old-name.md", "---\ntitle: 旧名\ndate: 2024-02-01\n---\n改名前。\n");
    let root = site.root();
    let mut builds = Rebuilds::new(root, told);
    let missing_link = "链接 @/news/later.md 指向的页面不存在";
    check_fails(&mut builds, root, "link target missing", &[], missing_link);
    // Nothing changed: the unchanged file's error is reported again.
    check_fails(&mut builds, root, "still missing", &[], missing_link);
    // The page a link names appears: the linking page is rendered again.
    site.write(
        "content/news/later.md",
        "---\ntitle: 后来的新闻\ndate: 2024-06-01\n---\n后来。\n",
    );
    check_equal(
        &mut builds,
        root,
        "link target added",
        &["content/news/later.md"],
        false,
    );
    check_equal(&mut builds, root, "nothing changed", &[], true);
    // A body edit.
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace("急诊科医生", "急诊科的好医生"),
    );
    check_equal(
        &mut builds,
        root,
        "body edit",
        &["content/members/杜杰.md"],
        true,
    );
    // A body edit that breaks a link fails as a full build does; mending it
    // passes again.
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace("急诊科医生", "急诊科[医生](@/nowhere.md)"),
    );
    check_fails(
        &mut builds,
        root,
        "broken link in an edited body",
        &["content/members/杜杰.md"],
        "content/members/杜杰.md:",
    );
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace("急诊科医生", "急诊科的好医生"),
    );
    check_equal(
        &mut builds,
        root,
        "body mended",
        &["content/members/杜杰.md"],
        true,
    );
    // The image a body shows is deleted, then comes back.
    site.remove("static/img/logo.png");
    check_fails(
        &mut builds,
        root,
        "image deleted",
        &["static/img/logo.png"],
        "找不到图片 /img/logo.png",
    );
    site.write("static/img/logo.png", common::png(12, 9));
    check_equal(
        &mut builds,
        root,
        "image restored",
        &["static/img/logo.png"],
        true,
    );
    // A rename: the old URL goes, the new one comes.
    std::fs::rename(
        site.path("content/news/old-name.md"),
        site.path("content/news/new-name.md"),
    )
    .unwrap();
    check_equal(
        &mut builds,
        root,
        "renamed",
        &["content/news/old-name.md", "content/news/new-name.md"],
        true,
    );
    // The linked page is renamed away: the unchanged linking page fails.
    std::fs::rename(
        site.path("content/news/later.md"),
        site.path("content/news/later-renamed.md"),
    )
    .unwrap();
    check_fails(
        &mut builds,
        root,
        "link target renamed",
        &["content/news/later.md", "content/news/later-renamed.md"],
        missing_link,
    );
    std::fs::rename(
        site.path("content/news/later-renamed.md"),
        site.path("content/news/later.md"),
    )
    .unwrap();
    check_equal(
        &mut builds,
        root,
        "link target back",
        &["content/news/later-renamed.md", "content/news/later.md"],
        true,
    );
    // New lint words: unchanged, cached pages are linted again.
    site.write(
        "site.yaml",
        format!("{}lint:\n  forbidden: [好医生]\n", common::SITE_YAML),
    );
    check_fails(
        &mut builds,
        root,
        "lint words",
        &["site.yaml"],
        "content/members/杜杰.md:",
    );
    site.write("site.yaml", common::SITE_YAML);
    check_equal(
        &mut builds,
        root,
        "lint words removed",
        &["site.yaml"],
        false,
    );
    // An error introduced, kept while nothing changes, then fixed.
    site.write(
        "content/news/xinwen.md",
        NEWS.replace("date: 2024-04-01", "date: 2024-13-45"),
    );
    check_fails(
        &mut builds,
        root,
        "bad date",
        &["content/news/xinwen.md"],
        "content/news/xinwen.md:3: ",
    );
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于本站。\n");
    check_fails(
        &mut builds,
        root,
        "other file edited",
        &["content/about.md"],
        "content/news/xinwen.md:3: ",
    );
    site.write("content/news/xinwen.md", NEWS);
    check_equal(
        &mut builds,
        root,
        "bad date fixed",
        &["content/news/xinwen.md"],
        true,
    );
    // site.yaml breaks while a page is edited: that build stops at the
    // config, so once site.yaml is mended the page edit must still show.
    site.write("site.yaml", "title: [未闭合\n");
    site.write("content/about.md", "---\ntitle: 关于\n---\n改过的关于。\n");
    check_fails(
        &mut builds,
        root,
        "site.yaml broken",
        &["site.yaml", "content/about.md"],
        "site.yaml:",
    );
    site.write("site.yaml", common::SITE_YAML);
    check_equal(&mut builds, root, "site.yaml mended", &["site.yaml"], false);
    // A member photo, then the picture replaced under the same name: the
    // page shows the new picture's web versions.
    site.write("static/img/dujie.png", common::png(200, 100));
    site.write(
        "content/members/杜杰.md",
        MEMBER
            .replace(
                "branch: jizhen-120\n",
                "branch: jizhen-120\nphoto: /img/dujie.png\n",
            )
            .replace("急诊科医生", "急诊科的好医生"),
    );
    check_equal(
        &mut builds,
        root,
        "photo added",
        &["static/img/dujie.png", "content/members/杜杰.md"],
        true,
    );
    site.write("static/img/dujie.png", common::png(120, 160));
    check_equal(
        &mut builds,
        root,
        "photo replaced",
        &["static/img/dujie.png"],
        true,
    );
    // A page's title describes its cover picture: a new title, a new
    // description.
    let with_cover = |title: &str| {
        NEWS.replace(
            "title: 院内新闻\n",
            &format!("title: {title}\ncover: /img/dujie.png\n"),
        )
    };
    site.write("content/news/xinwen.md", with_cover("院内新闻"));
    check_equal(
        &mut builds,
        root,
        "cover added",
        &["content/news/xinwen.md"],
        true,
    );
    site.write("content/news/xinwen.md", with_cover("院内要闻"));
    check_equal(
        &mut builds,
        root,
        "title of a page with a cover",
        &["content/news/xinwen.md"],
        true,
    );
}

/// A ledger as Excel writes it, with one row per (date, title, hours).
fn ledger_xlsx(rows: &[(&str, &str, f64)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "日期",
        "活动名称",
        "支部",
        "志愿者人次",
        "服务时长",
        "服务群众人次",
    ];
    for (column, name) in header.iter().enumerate() {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    for (i, (date, title, hours)) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, *date).unwrap();
        sheet.write_string(row, 1, *title).unwrap();
        sheet.write_string(row, 2, "急诊科党支部").unwrap();
        sheet.write_number(row, 3, 5).unwrap();
        sheet.write_number(row, 4, *hours).unwrap();
        sheet.write_number(row, 5, 40).unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// Excel (and WPS) never write a workbook in place: the new version goes
/// to a temporary file, the old one is renamed away, the new one renamed
/// to the ledger's name, the old one deleted; a lock file `~$…` sits
/// beside the ledger while it is open. `serve` must see the new ledger.
#[test]
fn a_ledger_saved_by_excel_rebuilds_the_site() {
    let site = fixture(common::SITE_YAML).file(
        "data/volunteer/2024台账.xlsx",
        ledger_xlsx(&[("2024-06-01", "送医下乡", 6.0)]),
    );
    let server = start(&site);
    assert!(get(&server, "/volunteer/2024-06-01-song-yi-xia-xiang/", "")
        .text()
        .contains("送医下乡"));
    let before = server.status();

    site.write("data/volunteer/~$2024台账.xlsx", b"owner".as_slice());
    let new = ledger_xlsx(&[
        ("2024-06-01", "送医下乡", 6.0),
        ("2024-07-01", "健康讲座", 2.5),
    ]);
    site.write("data/volunteer/8D3A1F20", new);
    std::fs::rename(
        site.path("data/volunteer/2024台账.xlsx"),
        site.path("data/volunteer/~WRL0003.tmp"),
    )
    .unwrap();
    std::fs::rename(
        site.path("data/volunteer/8D3A1F20"),
        site.path("data/volunteer/2024台账.xlsx"),
    )
    .unwrap();
    site.remove("data/volunteer/~WRL0003.tmp");
    site.remove("data/volunteer/~$2024台账.xlsx");

    let deadline = Instant::now() + Duration::from_secs(60);
    let mut generation = before.generation;
    while get(&server, "/volunteer/2024-07-01-jian-kang-jiang-zuo/", "").status != 200 {
        assert!(Instant::now() < deadline, "the new row is not served");
        let status = server
            .wait_for_generation(generation + 1, Duration::from_secs(60))
            .expect("a rebuild after the save");
        assert!(status.errors.is_empty(), "{:?}", status.errors);
        generation = status.generation;
    }
    // 30 (the Markdown record) + 6 + 2.5 hours.
    assert!(get(&server, "/volunteer/", "").text().contains("38.5"));
    server.stop();
}

#[test]
fn ledger_rebuilds_equal_a_full_build() {
    ledger_rebuilds(true);
}

#[test]
fn ledger_rebuilds_equal_a_full_build_without_a_watcher() {
    ledger_rebuilds(false);
}

fn ledger_rebuilds(told: bool) {
    let site = fixture(common::SITE_YAML);
    let root = site.root();
    let mut builds = Rebuilds::new(root, told);
    check_equal(&mut builds, root, "no ledger", &[], false);
    let csv = "日期,活动名称,支部,先锋人物,服务时长\n2024-06-01,送医下乡,急诊科党支部,杜杰,6\n";
    site.write("data/volunteer/台账.csv", csv);
    let ledger = ["data/volunteer/台账.csv"];
    check_equal(&mut builds, root, "ledger added", &ledger, false);
    site.write("data/volunteer/台账.csv", csv.replace(",6\n", ",8\n"));
    check_equal(&mut builds, root, "ledger hours", &ledger, false);
    // A Markdown edit keeps the ledger's records as they were.
    site.write(
        "content/members/杜杰.md",
        MEMBER.replace("急诊科医生", "急诊科的好医生"),
    );
    check_equal(
        &mut builds,
        root,
        "body edit beside a ledger",
        &["content/members/杜杰.md"],
        true,
    );
    site.write(
        "data/volunteer/台账.csv",
        csv.replace("急诊科党支部", "急诊党支部"),
    );
    check_fails(
        &mut builds,
        root,
        "wrong branch in a ledger",
        &ledger,
        "data/volunteer/台账.csv:C2: 找不到支部品牌“急诊党支部”",
    );
    site.write(
        "data/volunteer/台账.csv",
        csv.replace("2024-06-01,送医下乡", "2024-03-05,社区义诊"),
    );
    check_fails(
        &mut builds,
        root,
        "a ledger row that is also a Markdown record",
        &ledger,
        "data/volunteer/台账.csv:B2: 与 content/volunteer/yizhen.md 是同一天、同一名称的活动",
    );
    site.remove("data/volunteer/台账.csv");
    check_equal(&mut builds, root, "ledger removed", &ledger, false);
}

/// `pinpai new member 王芳` while serving: the new file is a draft, so its
/// address is a 404, and that 404 says why and how to see it.
#[test]
fn a_draft_s_address_says_it_is_a_draft() {
    let site = fixture(common::SITE_YAML);
    let server = start(&site);
    let first = server.status();
    site.write(
        "content/members/王芳.md",
        "---\ntitle: 王芳\nname: 王芳\nbranch: jizhen-120\ndraft: true\n---\n草稿。\n",
    );
    server
        .wait_for_generation(first.generation + 1, Duration::from_secs(60))
        .expect("a rebuild after the new file");
    let reply = get(&server, "/members/wang-fang/", "");
    assert_eq!(reply.status, 404);
    let text = reply.text();
    assert!(text.contains("这是草稿"), "{text}");
    assert!(
        text.contains("content/members/王芳.md 里写着 draft: true"),
        "{text}"
    );
    assert!(text.contains("pinpai serve --drafts"), "{text}");
    // Any other missing address is a plain 404.
    let other = get(&server, "/members/nobody/", "");
    assert_eq!(other.status, 404);
    assert!(!other.text().contains("这是草稿"));
    server.stop();
}

/// Review in serve: a page in review shows its band and card tags; once
/// approved the band goes, after a change it is back, each rebuild equal
/// to a full build of the same preview.
#[test]
fn review_rebuilds_equal_a_full_build() {
    let site = fixture(
        "title: 测试医院党建之窗\nhospital: 测试市人民医院\nreview:\n  required: true\n  levels: [初审]\n",
    );
    let root = site.root();
    let approve = |path: &str| {
        let mut diags = Diagnostics::new();
        let config = pinpai::config::Config::load(root, &mut diags).unwrap();
        pinpai::review::approve::approve(
            root,
            &config,
            std::path::Path::new(path),
            "初审",
            "张三",
            "2024-07-01",
        )
        .unwrap();
    };
    let mut builds = Rebuilds::preview(root, true);
    let mut check =
        |what: &str, changed: &[&str]| check_equal(&mut builds, root, what, changed, false);
    let first = check("first build", &[]);
    let band = |s: &pinpai::serve::Snapshot, path: &str| {
        String::from_utf8_lossy(&s.files[path]).contains("review-band")
    };
    assert!(band(&first, "members/du-jie/index.html"));
    approve("content/members/杜杰.md");
    let approved = check("approved", &["content/members/杜杰.md"]);
    assert!(!band(&approved, "members/du-jie/index.html"));
    assert!(
        band(&approved, "news/xinwen/index.html"),
        "others still in review"
    );
    site.write(
        "content/members/杜杰.md",
        site.read("content/members/杜杰.md")
            .replace("杜杰是急诊科医生", "杜杰是急诊科的医生"),
    );
    let changed = check("changed after approval", &["content/members/杜杰.md"]);
    assert!(band(&changed, "members/du-jie/index.html"));
}
