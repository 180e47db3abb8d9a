//! pinpai.exe, the Windows program, run under Wine as an office PC runs it
//! (CONTENT-MODEL §10): the same site gives the same bytes as on Linux,
//! messages name files as Windows writes them (`content\news\a.md:3`),
//! CRLF, BOM and GBK files, backslash paths, Chinese and spaced names,
//! ledgers, review, packaging, import, `serve` with a save picked up, and a
//! double-click with no command.
//!
//! How the exe and Wine are found: `tests/common/wine.rs`.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::wine::{free_port, windows, Wine};
use common::{assert_same_tree, fixture, run_in, snapshot, Run, Site};

/// Runs the same command with the Linux binary in `linux` and the exe in
/// `win`, and asserts the same exit code, the same stdout and stderr once
/// `\` in the Windows messages' paths is read as `/`, and returns both runs.
fn both(wine: &Wine, linux: &Path, win: &Path, args: &[&str]) -> (Run, Run) {
    let on_linux = run_in(linux, args);
    let on_windows = wine.run(win, args);
    assert_eq!(
        on_linux.code, on_windows.code,
        "exit codes differ for {args:?}\n--- Linux stderr\n{}--- Windows stderr\n{}",
        on_linux.stderr, on_windows.stderr
    );
    assert_eq!(
        timeless(&on_linux.stderr),
        timeless(&slashes(&on_windows.stderr)),
        "stderr differs for {args:?}"
    );
    assert_eq!(
        timeless(&on_linux.stdout),
        timeless(&slashes(&on_windows.stdout)),
        "stdout differs for {args:?}"
    );
    (on_linux, on_windows)
}

/// Windows messages with `/` for `\` (the one rule that differs).
fn slashes(text: &str) -> String {
    text.replace('\\', "/")
}

/// A summary line without its duration, which differs run to run.
fn timeless(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("用时 ") {
            Some(i) => {
                let rest = &l[i..];
                let end = rest.find(" 秒").map_or(rest.len(), |e| e + " 秒".len());
                format!("{}用时 …{}", &l[..i], &rest[end..])
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The tree with every CRLF of its text files read as LF.
fn without_crlf(tree: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    tree.into_iter()
        .map(|(path, bytes)| {
            let text = [".md", ".yaml", ".csv"].iter().any(|e| path.ends_with(e));
            let bytes = if text {
                String::from_utf8(bytes)
                    .expect("UTF-8 text")
                    .replace("\r\n", "\n")
                    .into_bytes()
            } else {
                bytes
            };
            (path, bytes)
        })
        .collect()
}

/// Two copies of a site: one for each program.
fn twins(site: &Site) -> (Site, Site) {
    let copy = || {
        let twin = Site::empty();
        for (rel, bytes) in snapshot(site.root()) {
            twin.write(&rel, bytes);
        }
        twin
    };
    (copy(), copy())
}

fn fixture_file(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel),
    )
    .expect("fixture file")
}

#[test]
fn the_example_site_is_made_and_built_byte_for_byte_as_on_linux() {
    let Some(wine) = windows() else { return };
    let (linux, win) = (Site::empty(), Site::empty());
    run_in(linux.root(), &["init", "党建之窗"]).ok();
    let made = wine.run(win.root(), &["init", "党建之窗"]);
    made.ok();
    // The next step on Windows is a double-click, not a command.
    assert!(
        made.stdout
            .contains("把 pinpai.exe 复制到“党建之窗”文件夹里，双击它"),
        "{}",
        made.stdout
    );
    // The same files, the text ones with Windows line ends for Notepad.
    let made = win.snapshot("党建之窗");
    assert!(
        made["site.yaml"].windows(2).any(|w| w == b"\r\n"),
        "site.yaml without CRLF"
    );
    assert_same_tree(&linux.snapshot("党建之窗"), &without_crlf(made));
    let (l, w) = (linux.path("党建之窗"), win.path("党建之窗"));
    both(wine, &l, &w, &["build"]);
    assert_same_tree(&snapshot(&l.join("output")), &snapshot(&w.join("output")));
}

#[test]
fn errors_are_the_same_with_windows_paths_and_exit_codes() {
    let Some(wine) = windows() else { return };
    let site = fixture()
        .file(
            "content/news/坏 日期.md",
            "---\ntitle: 坏日期\ndate: 2024-13-45\n---\n正文\n",
        )
        .file(
            "content/members/谁.md",
            "---\ntitle: 谁\nbranch: no-such-branch\n---\n",
        )
        .file(
            "content/news/缺图.md",
            "---\ntitle: 缺图\ndate: 2024-01-02\n---\n![现场](照片/缺.jpg)\n",
        );
    let (linux, win) = twins(&site);
    let (_, on_windows) = both(wine, linux.root(), win.root(), &["build"]);
    on_windows.expect(1);
    on_windows.stderr_has_line_starting(r"content\news\坏 日期.md:3: ");
    on_windows.stderr_has_line_starting(r"content\members\谁.md:");
    // What the user wrote is quoted as written, `/` and all.
    let missing = on_windows.stderr_line(r"content\news\缺图.md:5: ");
    assert!(missing.contains("照片/缺.jpg"), "{missing}");
    assert!(!win.exists("output"), "a failed build wrote output/");
    // A wrong command line is exit 2 on Windows too.
    let (_, wrong) = both(wine, linux.root(), win.root(), &["build", "--no-such-flag"]);
    wrong.expect(2);
    let (_, kind) = both(wine, linux.root(), win.root(), &["new", "news2", "标题"]);
    kind.expect(2);
}

#[test]
fn office_files_build_as_on_linux() {
    let Some(wine) = windows() else { return };
    let crlf_bom = "\u{feff}---\r\ntitle: 七一 党课\r\ndate: 2024-07-01\r\ncover: 照片\\现场 1.jpg\r\n---\r\n\r\n正文第一段。\r\n\r\n![现场](照片\\现场 1.jpg)\r\n";
    let site = fixture()
        .file("content/news/七一 党课/index.md", crlf_bom)
        .file("content/news/七一 党课/照片/现场 1.jpg", photo())
        .file(
            "data/volunteer/2024 台账.csv",
            fixture_file("ledgers/good-gbk.csv"),
        )
        .file("data/volunteer/义诊1.jpg", photo())
        .file("data/volunteer/义诊2.jpg", photo())
        .file(
            "data/volunteer/2024 台账二.xlsx",
            fixture_file("ledgers/good.xlsx"),
        );
    // The ledgers hold these activities: not twice.
    site.remove("content/volunteer/2024-yizhen.md");
    site.remove("content/volunteer/2023-shaicha.md");
    let (linux, win) = twins(&site);
    let (_, on_windows) = both(wine, linux.root(), win.root(), &["build"]);
    on_windows.ok();
    assert_same_tree(&linux.snapshot("output"), &win.snapshot("output"));
    on_windows.stderr_has_line_starting(r"data\volunteer\2024 台账.csv: 警告：");
    let news = win.files("output/news");
    let page = news
        .iter()
        .find(|f| {
            win.read(&format!("output/news/{f}"))
                .contains("正文第一段。")
        })
        .unwrap_or_else(|| panic!("the CRLF page is not in {news:?}"));
    assert!(page.ends_with("index.html"), "{page}");
    // The statistics and review sheets read the same ledgers the same way.
    both(wine, linux.root(), win.root(), &["stats", "--by", "month"])
        .1
        .ok();
}

/// A real JPEG, as a phone's photo folder holds.
fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Jpeg)
        .expect("encode JPEG");
    bytes.into_inner()
}

#[test]
fn review_approve_takes_a_backslash_path_and_keeps_the_file_as_on_linux() {
    let Some(wine) = windows() else { return };
    let site = fixture().file(
        "site.yaml",
        "title: 测试医院党建之窗\r\nhospital: 测试市人民医院\r\nreview:\r\n  required: true\r\n  levels: [初审, 复审, 终审]\r\n",
    );
    let page = "content/news/2024-dangke.md";
    let others: Vec<String> = site
        .files("content")
        .into_iter()
        .filter(|f| f.ends_with(".md") && !f.ends_with("_index.md"))
        .map(|f| format!("content/{f}"))
        .filter(|f| f != page)
        .collect();
    for other in &others {
        for level in ["初审", "复审", "终审"] {
            site.run(&["review", "approve", other, "--level", level, "--by", "李四"])
                .ok();
        }
    }
    let (linux, win) = twins(&site);
    for level in ["初审", "复审", "终审"] {
        let on_linux = run_in(
            linux.root(),
            &["review", "approve", page, "--level", level, "--by", "张三"],
        );
        let on_windows = wine.run(
            win.root(),
            &[
                "review",
                "approve",
                r"content\news\2024-dangke.md",
                "--level",
                level,
                "--by",
                "张三",
            ],
        );
        on_linux.ok();
        on_windows.ok();
        assert!(
            on_windows
                .stdout
                .starts_with(&format!(r"已记录：content\news\2024-dangke.md {level}通过")),
            "{}",
            on_windows.stdout
        );
    }
    assert_eq!(linux.read(page), win.read(page));
    let (_, listed) = both(wine, linux.root(), win.root(), &["review"]);
    listed.ok();
    both(wine, linux.root(), win.root(), &["build"]).1.ok();
    assert_same_tree(&linux.snapshot("output"), &win.snapshot("output"));
}

#[test]
fn package_writes_the_same_zip_entries_as_on_linux() {
    let Some(wine) = windows() else { return };
    let (linux, win) = twins(&fixture());
    let args = ["package", "--output", "发布包.zip"];
    run_in(linux.root(), &args).ok();
    let on_windows = wine.run(win.root(), &args);
    on_windows.ok();
    assert!(
        on_windows.stdout.contains("已打包 "),
        "{}",
        on_windows.stdout
    );
    assert_eq!(
        zip_entries(&linux.path("发布包.zip")),
        zip_entries(&win.path("发布包.zip"))
    );
}

/// Every entry of a zip with its bytes.
fn zip_entries(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(path).expect("zip")).expect("a zip file");
    let mut entries = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read entry");
        entries.insert(entry.name().expect("entry name").to_string(), bytes);
    }
    assert!(entries.contains_key("SHA256SUMS"), "{:?}", entries.keys());
    entries
}

#[test]
fn a_word_draft_and_a_wechat_article_import_as_on_linux() {
    let Some(wine) = windows() else { return };
    let site = fixture()
        .file("草稿 二.docx", fixture_file("import/python-docx.docx"))
        .file("下载/文章.html", fixture_file("import/wechat/文章.html"));
    for entry in std::fs::read_dir(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/wechat/文章_files"),
    )
    .expect("wechat fixture")
    {
        let entry = entry.expect("entry");
        site.write(
            &format!("下载/文章_files/{}", entry.file_name().to_string_lossy()),
            std::fs::read(entry.path()).expect("picture"),
        );
    }
    let (linux, win) = twins(&site);
    both(wine, linux.root(), win.root(), &["import", "草稿 二.docx"]);
    // Typed with `\\` on Windows, `/` on Linux: the same file.
    run_in(linux.root(), &["import", "下载/文章.html"]).ok();
    let article = wine.run(win.root(), &["import", r"下载\文章.html"]);
    article.ok();
    assert!(
        article.stdout.contains(r"已导入为草稿：content\news\"),
        "{}",
        article.stdout
    );
    assert_same_tree(
        &linux.snapshot("content"),
        &without_crlf(win.snapshot("content")),
    );
}

#[test]
fn output_redirected_to_a_file_is_utf8_and_curly_quotes_survive_cmd() {
    let Some(wine) = windows() else { return };
    let site = fixture();
    // cmd.exe, as an officer types it: a title with Chinese curly quotes,
    // and a build whose messages go to a file.
    let typed = wine
        .command(site.root())
        .args(["cmd", "/c"])
        .arg(format!(
            "{} new news “七一”前夕走访老党员 && {} build > 日志.txt 2>&1",
            wine.exe.display().to_string().replace('/', "\\"),
            wine.exe.display().to_string().replace('/', "\\")
        ))
        .output()
        .expect("wine cmd");
    assert!(typed.status.success(), "{typed:?}");
    let made = site.files("content/news");
    let page = made
        .iter()
        .find(|f| {
            site.read(&format!("content/news/{f}"))
                .contains("“七一”前夕走访老党员")
        })
        .unwrap_or_else(|| panic!("no page titled “七一”前夕走访老党员 in {made:?}"));
    assert!(page.ends_with(".md"), "{page}");
    let log = std::fs::read(site.path("日志.txt")).expect("log file");
    let log = String::from_utf8(log).expect("the redirected log is UTF-8");
    assert!(log.contains("已生成："), "{log}");
}

/// A free port on 127.0.0.1 (bound, then let go).
/// `GET path` on 127.0.0.1:`port`: the status code and the body.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).ok()?;
    let reply = String::from_utf8_lossy(&reply).into_owned();
    let status = reply.get(9..12)?.parse().ok()?;
    let body = reply.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

/// Asks until `check` holds for the page, or fails after `limit`.
fn wait_for_page(port: u16, path: &str, limit: Duration, check: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    let mut last = None;
    while started.elapsed() < limit {
        if let Some((200, body)) = get(port, path) {
            if check(&body) {
                return body;
            }
            last = Some(body);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("{path} on port {port} never became as expected; last: {last:?}");
}

#[test]
fn serve_shows_the_site_and_picks_up_a_save() {
    let Some(wine) = windows() else { return };
    let site = fixture();
    let port = free_port();
    let mut server = wine.spawn(site.root(), &["serve", "--port", &port.to_string()]);
    server.wait_for_line("网站已生成");
    let page = "/news/2024-dangke/";
    let before = wait_for_page(port, page, Duration::from_secs(30), |_| true);
    assert!(!before.contains("保存后的新句子"), "{before}");
    let file = "content/news/2024-dangke.md";
    let text = site.read(file);
    site.write(file, format!("{}\n保存后的新句子。\n", text.trim_end()));
    wait_for_page(port, page, Duration::from_secs(30), |body| {
        body.contains("保存后的新句子")
    });
}

#[test]
fn no_command_in_a_site_folder_starts_the_preview() {
    let Some(wine) = windows() else { return };
    let site = fixture();
    // 1111 may be taken (another preview): then the next free port.
    let mut started = wine.spawn(site.root(), &[]);
    let folder = started.wait_for_line("网站文件夹：");
    assert!(folder.contains(r":\"), "a Windows path: {folder}");
    let address = started.wait_for_line("预览地址：");
    let port: u16 = address
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {address:?}"));
    // Wine's browser is switched off here: the officer is told the address.
    let told = started.wait_for_line("浏览器");
    assert!(
        told.contains(&format!("http://127.0.0.1:{port}/")),
        "{told}"
    );
    wait_for_page(port, "/", Duration::from_secs(60), |body| {
        body.contains("测试医院党建之窗")
    });
}

#[test]
fn no_command_outside_a_site_folder_says_how_to_make_one() {
    let Some(wine) = windows() else { return };
    let empty = Site::empty();
    let run = wine.run(empty.root(), &[]);
    run.expect(2);
    assert!(run.stdout.contains("里没有 site.yaml"), "{}", run.stdout);
    assert!(
        run.stdout.contains("pinpai init 党建之窗"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("pinpai.exe"), "{}", run.stdout);
}

/// The release zip `tools/build-windows.sh` writes, unpacked as Explorer
/// would: its names in GBK (what Windows' own unzip reads on a Chinese PC)
/// and in UTF-8 beside them; the example site with pinpai.exe in it builds
/// the same site as `pinpai init` on Linux, and a double-click there starts
/// the preview.
#[test]
fn the_release_zip_unpacks_to_a_site_that_runs_where_it_lands() {
    let Some(wine) = windows() else { return };
    let zip = wine
        .exe
        .with_file_name(format!("pinpai-{}-windows.zip", env!("CARGO_PKG_VERSION")));
    let raw = std::fs::read(&zip).expect("the release zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&raw)).expect("a zip file");
    let unpacked = Site::empty();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        // The zip crate reads the UTF-8 name (extra field 0x7075); the name
        // in the header itself, which Explorer reads, must be the GBK bytes.
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(&name);
        assert!(!unmappable, "{name} has no GBK spelling");
        assert!(
            raw.windows(gbk.len()).any(|w| w == gbk.as_ref()),
            "{name} is not stored in GBK"
        );
        if !entry.is_dir() {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read entry");
            unpacked.write(&name, bytes);
        }
    }
    let guide = unpacked.read("使用说明.txt");
    assert!(
        guide.starts_with('\u{feff}')
            && guide.contains("双击 pinpai.exe")
            && guide.contains("\r\n"),
        "{guide}"
    );
    let site = unpacked.path("党建之窗");
    assert!(site.join("pinpai.exe").is_file() && site.join("网站写作参考.txt").is_file());
    let config = std::fs::read_to_string(site.join("site.yaml")).expect("site.yaml");
    assert!(
        config.contains("\r\n"),
        "site.yaml has LF line ends for Notepad"
    );

    let linux = Site::empty();
    run_in(linux.root(), &["init", "example"]).ok();
    run_in(&linux.path("example"), &["build"]).ok();
    let built = wine.run(&site, &["build"]);
    built.ok();
    assert_same_tree(
        &snapshot(&linux.path("example/output")),
        &snapshot(&site.join("output")),
    );

    // The double-click: no command, in the folder of the exe.
    let mut started = wine.spawn(&site, &[]);
    let address = started.wait_for_line("预览地址：");
    let port: u16 = address
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {address:?}"));
    started.wait_for_line("网站已生成");
    wait_for_page(port, "/", Duration::from_secs(30), |body| {
        body.contains("<html")
    });
}

/// In a console window (here Wine's, on a pseudo-terminal), the program
/// writes through the console's own Unicode call, whatever the code page:
/// the Chinese arrives as Chinese.
#[test]
fn a_console_window_shows_the_chinese_messages() {
    let Some(wine) = windows() else { return };
    let site = fixture();
    // cmd with the code page of a Chinese Windows (936, GBK): text written
    // as UTF-8 bytes would come out garbled; the console's Unicode call
    // does not depend on it.
    let line = format!(
        "'{}' cmd /c \"chcp 936 >nul && {} check\"",
        wine.wine64.display(),
        wine.exe.display().to_string().replace('/', "\\")
    );
    // `script` (util-linux) gives the program a terminal of its own.
    let out = Command::new("script")
        .current_dir(site.root())
        .env("WINEPREFIX", &wine.prefix)
        .env("WINEDEBUG", "-all")
        .env("LANG", "C.UTF-8")
        .args(["-qc", &line, "/dev/null"])
        .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux)");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("检查通过："), "{shown}");
}

/// A raw HTTP request to 127.0.0.1:`port`: the status and the body.
fn send(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let host = format!("127.0.0.1:{port}");
    let mut all = vec![("Host", host.as_str())];
    all.extend_from_slice(headers);
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let reply = common::http(addr, method, path, &all, body.as_bytes());
    (reply.status, reply.text())
}

/// The workbench of pinpai.exe: a field changed in a CRLF file keeps every
/// other byte, and Windows paths that lead out of the site (`..\`, a drive,
/// `\\?\`, `CON`) are refused.
#[test]
fn the_workbench_edits_in_place_and_keeps_windows_paths_inside() {
    let Some(wine) = windows() else { return };
    let page = "content/news/2024-dangke.md";
    let text =
        "---\r\n# 手写的注释\r\ntitle: 七一党课   # 标题\r\ndate: 2024-07-01\r\n---\r\n正文。\r\n";
    let site = fixture().file(page, text);
    let port = free_port();
    let mut server = wine.spawn(site.root(), &["serve", "--port", &port.to_string()]);
    server.wait_for_line("网站已生成");
    let (status, html) = send(port, "GET", "/_pinpai/", &[], "");
    assert_eq!(status, 200, "{html}");
    let token = html
        .split("name=\"pinpai-token\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page holds its token")
        .to_string();
    let origin = format!("http://127.0.0.1:{port}");
    let own = [
        ("Origin", origin.as_str()),
        ("X-Pinpai-Token", token.as_str()),
        ("Content-Type", "application/json"),
    ];
    let (status, opened) = send(
        port,
        "GET",
        &format!("/_pinpai/api/file?path={page}"),
        &[],
        "",
    );
    assert_eq!(status, 200, "{opened}");
    let digest = opened
        .split("\"digest\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("digest")
        .to_string();
    let field = format!(
        "{{\"path\":\"{page}\",\"digest\":\"{digest}\",\"key\":\"title\",\"value\":\"七一专题党课\"}}"
    );
    let (status, saved) = send(port, "POST", "/_pinpai/api/field", &own, &field);
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        site.read(page),
        text.replace("title: 七一党课   # 标题", "title: 七一专题党课 # 标题")
    );
    for bad in [
        r"..\\escaped.md",
        r"content\\..\\..\\escaped.md",
        r"C:\\escaped.md",
        r"\\\\?\\C:\\escaped.md",
        r"content\\CON.md",
        r"content\\a.md.",
    ] {
        let body = format!("{{\"path\":\"{bad}\",\"digest\":null,\"text\":\"x\"}}");
        let (status, reply) = send(port, "POST", "/_pinpai/api/save", &own, &body);
        assert_eq!(status, 400, "{bad}: {reply}");
    }
    assert!(!site.exists("escaped.md"));
}
