//! Shared helpers of the integration tests: a fixture site in a temporary
//! folder, the real `pinpai` binary run on it, and ways to look at what a
//! user would see (pages, links, messages, the whole output tree).

#![allow(dead_code)] // each test crate uses a different part of this module

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub mod bench;
pub mod lan;
pub mod tls;
pub mod wine;

pub const BIN: &str = env!("CARGO_BIN_EXE_pinpai");

/// The minimal configuration every fixture starts from.
pub const SITE_YAML: &str = "title: 测试医院党建之窗\nhospital: 测试市人民医院\n";

/// A menu leading to 荣誉榜 and 大事记, which are made only when the menu
/// has them (to append to [`SITE_YAML`]).
#[allow(dead_code)] // not every test crate uses it
pub const MILESTONES_NAV: &str =
    "nav:\n  - {title: 首页, url: /}\n  - {title: 荣誉榜, url: /honors/}\n  - {title: 大事记, url: /timeline/}\n";

/// A fixture site in its own temporary folder, removed when dropped.
pub struct Site {
    dir: TempDir,
}

/// What one run of the binary gave back.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails with both streams shown unless the exit code is `code`.
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code {} (expected {code})\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn ok(&self) -> &Self {
        self.expect(0)
    }

    /// Fails unless some line of stderr starts with `prefix`.
    #[track_caller]
    pub fn stderr_has_line_starting(&self, prefix: &str) -> &Self {
        assert!(
            self.stderr.lines().any(|l| l.starts_with(prefix)),
            "no stderr line starts with {prefix:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    /// The stderr line that starts with `prefix`.
    #[track_caller]
    pub fn stderr_line(&self, prefix: &str) -> &str {
        self.stderr
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| {
                panic!(
                    "no stderr line starts with {prefix:?}\n--- stderr\n{}",
                    self.stderr
                )
            })
    }
}

impl Default for Site {
    fn default() -> Self {
        Self::new()
    }
}

impl Site {
    /// A site holding only `site.yaml` (see [`SITE_YAML`]).
    pub fn new() -> Self {
        Site::empty().file("site.yaml", SITE_YAML)
    }

    /// A folder with nothing in it.
    pub fn empty() -> Self {
        Site {
            dir: tempfile::Builder::new()
                .prefix("pinpai-test-")
                .tempdir()
                .expect("temporary folder"),
        }
    }

    /// Adds (or replaces) a file, creating its folders.
    pub fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> Self {
        self.write(rel, contents);
        self
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, contents).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// A file of the site as text; fails with the list of output files when
    /// it is missing, so a wrong URL is easy to see.
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        match fs::read(self.path(rel)) {
            Ok(bytes) => String::from_utf8(bytes).expect("UTF-8 file"),
            Err(e) => panic!(
                "cannot read {rel}: {e}\nfiles of output/:\n{}",
                self.files("output").join("\n")
            ),
        }
    }

    /// Runs `pinpai ARGS…` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// Runs `pinpai build ARGS…` in the site's folder.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Every file under `rel` (relative to it, `/`-separated, sorted).
    pub fn files(&self, rel: &str) -> Vec<String> {
        self.snapshot(rel).into_keys().collect()
    }

    /// Every file under `rel` with its bytes, to compare a tree byte for byte.
    pub fn snapshot(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.path(rel))
    }

    /// Every `.html` file of `output/` with its text.
    pub fn html_files(&self) -> Vec<(String, String)> {
        self.snapshot("output")
            .into_iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8(b).expect("UTF-8 page")))
            .collect()
    }

    /// Entries of the site folder itself (to spot leftover temporary folders).
    pub fn top_level(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run pinpai");
    Run {
        code: out
            .status
            .code()
            .expect("exit code (not killed by a signal)"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if dir.is_dir() {
        walk(dir, dir, &mut files);
    }
    files
}

fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(base, &path, files);
        } else {
            let rel = path.strip_prefix(base).unwrap();
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.insert(rel.join("/"), fs::read(&path).unwrap());
        }
    }
}

/// Fails, naming the files that differ, unless two trees are byte for byte
/// the same.
#[track_caller]
pub fn assert_same_tree(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    let missing: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let changed: Vec<&String> = before
        .iter()
        .filter(|(k, v)| after.get(*k).is_some_and(|a| a != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty() && added.is_empty() && changed.is_empty(),
        "output/ changed: missing {missing:?}, added {added:?}, changed {changed:?}"
    );
    assert!(!before.is_empty(), "the tree compared is empty");
}

/// Every `href="…"` and `src="…"` value of a page.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
    }
    out
}

/// The text a reader sees: tags removed, white space collapsed.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A small valid PNG of `width`×`height` pixels.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 11) as u8, 120])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

/// A complete small site: two brands (one a bundle with a logo and a body
/// image), two members, two volunteer records, a news section, a top-level
/// page and tags. Every reference in it resolves; it builds with exit 0.
pub fn fixture() -> Site {
    Site::new()
        .file(
            "content/_index.md",
            "---\ntitle: 首页\n---\n欢迎访问党建之窗。\n",
        )
        .file(
            "content/branches/jizhen-120.md",
            "---\n\
title: 120救在身边\n\
branch: 急诊科党支部\n\
department: 急诊科\n\
secretary: 王明\n\
slogan: 生命至上 分秒必争\n\
method: 一二三工作法\n\
founded: 2021-07-01\n\
featured: true\n\
tags: [急救, 志愿服务]\n\
honors:\n  - year: 2023\n    title: 市级优秀党支部\n\
---\n\
急诊科党支部的品牌介绍。\n",
        )
        .file(
            "content/branches/yanke-shouming/index.md",
            "---\n\
title: 守护光明\n\
branch: 眼科党支部\n\
department: 眼科\n\
logo: logo.png\n\
---\n\
眼科党支部。\n\n![义诊现场](xianchang.png)\n",
        )
        .file("content/branches/yanke-shouming/logo.png", png(40, 40))
        .file("content/branches/yanke-shouming/xianchang.png", png(64, 48))
        .file(
            "content/members/杜杰.md",
            "---\n\
title: 杜杰：把急救课堂搬进社区\n\
name: 杜杰\n\
branch: jizhen-120\n\
position: 急诊科主治医师\n\
featured: true\n\
tags: [志愿服务]\n\
---\n\
杜杰的故事。\n",
        )
        .file(
            "content/members/shan-xuemei.md",
            "---\n\
title: 单雪梅：点亮光明\n\
name: 单雪梅\n\
branch: 眼科党支部\n\
---\n\
单雪梅的故事。\n",
        )
        .file(
            "content/volunteer/2024-yizhen.md",
            "---\n\
title: 社区义诊进万家\n\
date: 2024-03-05\n\
branch: 急诊科党支部\n\
members: [杜杰]\n\
location: 汉丰街道社区\n\
volunteers: 37\n\
hours: 12.5\n\
served: 1234\n\
tags: [志愿服务]\n\
---\n\
义诊活动。\n",
        )
        .file(
            "content/volunteer/2023-shaicha.md",
            "---\n\
title: 眼健康筛查\n\
date: 2023-10-08\n\
branch: [守护光明, jizhen-120]\n\
members: [shan-xuemei]\n\
volunteers: 45\n\
hours: 7\n\
served: 567\n\
---\n\
筛查活动。\n",
        )
        .file(
            "content/news/2024-dangke.md",
            "---\ntitle: 七一专题党课\ndate: 2024-07-01\n---\n党课。见[杜杰](@/members/杜杰.md)。\n",
        )
        .file("content/about.md", "---\ntitle: 关于本站\n---\n关于本站。\n")
}

/// One answer of a server, as a raw HTTP/1.1 client saw it.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A connection that can be told how long to wait for an answer.
pub trait TimeoutStream {
    fn read_timeout(&mut self, wait: std::time::Duration);
}

impl TimeoutStream for std::net::TcpStream {
    fn read_timeout(&mut self, wait: std::time::Duration) {
        self.set_read_timeout(Some(wait)).expect("timeout");
    }
}

/// A raw HTTP/1.1 request with exactly these headers (and a length), so
/// that paths and headers reach the server as written.
pub fn http(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let stream = std::net::TcpStream::connect(addr).expect("connect");
    http_over(stream, method, path, headers, body)
}

/// The same from another address of this machine (`127.0.0.2`), as a
/// second PC on the LAN would come.
#[allow(dead_code)] // not every test crate uses it
pub fn http_from(
    source: std::net::IpAddr,
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    socket
        .bind(&std::net::SocketAddr::new(source, 0).into())
        .expect("bind the source address");
    socket.connect(&addr.into()).expect("connect");
    http_over(
        std::net::TcpStream::from(socket),
        method,
        path,
        headers,
        body,
    )
}

/// One request and its answer over an open connection (plain or TLS).
pub fn http_over(
    mut stream: impl std::io::Read + std::io::Write + TimeoutStream,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    stream.read_timeout(std::time::Duration::from_secs(30));
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send");
    // A server may refuse before reading the whole body.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}
