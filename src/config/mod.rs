//! Stage 1: `site.yaml`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostics};
use crate::model::Kind;
use crate::textfile::read_utf8;
use crate::yaml::{parse_mapping, Fields, KeyLines};

pub mod colors;
mod read;

use read::{
    read_colors, read_html_mode, read_lint, read_logo, read_nav, read_review, read_workbench,
};

pub const CONFIG_FILE: &str = "site.yaml";

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "hospital",
    "base_url",
    "relative_urls",
    "theme",
    "language",
    "paginate",
    "nav",
    "feed",
    "search",
    "extra",
    "lint",
    "logo",
    "colors",
    "markdown",
    "review",
    "iis",
    "workbench",
];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// Its line in site.yaml, for the check that it leads somewhere.
    #[serde(skip)]
    pub line: Option<usize>,
}

/// What becomes of raw HTML in bodies (`markdown.html`).
pub use crate::markdown::RawHtml as HtmlMode;

/// The theme's main and accent colours, `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Colors {
    pub primary: Option<String>,
    pub accent: Option<String>,
}

/// The approval steps before a page is published (`review`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub required: bool,
    pub levels: Vec<String>,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            required: false,
            levels: ["初审", "复审", "终审"].map(String::from).to_vec(),
        }
    }
}

/// The workbench's settings (`workbench: {history, upload_limit}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbenchSettings {
    /// Previous versions kept of each file under `.pinpai/history/`.
    pub history: usize,
    /// The largest upload, in MB.
    pub upload_limit_mb: u64,
    /// Hours a signed-in session lasts without a request (§9.4).
    pub session_hours: u64,
}

impl Default for WorkbenchSettings {
    fn default() -> Self {
        WorkbenchSettings {
            history: crate::edit::DEFAULT_KEEP,
            upload_limit_mb: 500,
            session_hours: 8,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lint {
    pub forbidden: Vec<String>,
    /// Outdated wording → what to write instead, in the order written.
    pub replace: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub hospital: String,
    pub base_url: String,
    pub relative_urls: bool,
    pub theme: String,
    pub language: String,
    pub paginate: usize,
    pub nav: Vec<NavItem>,
    pub feed: bool,
    pub search: bool,
    /// Write `web.config` (404 page, MIME types) for IIS (`iis: true`).
    pub iis: bool,
    pub extra: serde_json::Value,
    pub lint: Lint,
    /// The logo under `static/`, as a site-root path (`/images/logo.png`).
    pub logo: Option<String>,
    pub colors: Colors,
    pub html: HtmlMode,
    pub review: Review,
    pub workbench: WorkbenchSettings,
    /// The line of each top-level key written in site.yaml, so that later
    /// stages report a problem with a setting (a missing theme) at its line.
    pub key_lines: Positions,
}

/// Lines of site.yaml's keys. Two configurations that differ only here
/// build the same site (a comment added above a key moves the lines), so
/// they compare equal: `serve` keeps its renders.
#[derive(Debug, Clone, Default)]
pub struct Positions(pub BTreeMap<String, usize>);

impl PartialEq for Positions {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The home page and the three collections of the content model.
pub fn default_nav() -> Vec<NavItem> {
    let collections = Kind::ALL.into_iter().filter_map(|kind| {
        let section = kind.info().section?;
        Some((
            kind.info().section_title.to_string(),
            format!("/{section}/"),
        ))
    });
    std::iter::once(("首页".to_string(), "/".to_string()))
        .chain(collections)
        .map(|(title, url)| NavItem {
            title,
            url,
            line: None,
        })
        .collect()
}

impl Config {
    /// Reads `site.yaml` under `root`; every problem goes to `diags`.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let path = root.join(CONFIG_FILE);
        // Only a file that is not there is "not found"; a file that cannot
        // be read is reported as such by the reader.
        let missing =
            matches!(std::fs::metadata(&path), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
        if missing {
            diags.error(
                Code::Layout,
                CONFIG_FILE,
                None,
                format!(
                    "找不到网站配置文件 site.yaml（在 {} 下）。请在网站文件夹里运行，或用 --root 指定网站文件夹；新建网站请用 pinpai init",
                    root.display()
                ),
            );
            return None;
        }
        let text = read_utf8(&path, CONFIG_FILE, diags)?;
        Self::parse(&text, diags)
    }

    pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let map = match parse_mapping(text) {
            Ok(map) => map,
            Err(err) => {
                diags.error(Code::Yaml, CONFIG_FILE, Some(err.line), err.message);
                return None;
            }
        };
        let lines = KeyLines::new(text);
        let mut f = Fields::new(&map, &lines, CONFIG_FILE, 0, diags);
        f.reject_unknown(KNOWN_KEYS, "site.yaml ");
        let title = f.required_string("title", "网站标题");
        let description = f.string("description").unwrap_or_default();
        let hospital = f.string("hospital").unwrap_or_default();
        let base_url = f.string("base_url").unwrap_or_else(|| "/".into());
        let base_url = match normalize_base_url(&base_url) {
            Ok(url) => url,
            Err(message) => {
                let line = f.line("base_url");
                f.error(line, message);
                "/".into()
            }
        };
        let relative_urls = f.bool("relative_urls").unwrap_or(false);
        let theme = f.string("theme").unwrap_or_else(|| "default".into());
        let language = f.string("language").unwrap_or_else(|| "zh-CN".into());
        let paginate = match f.integer("paginate") {
            Some(n) if n >= 1 => n as usize,
            Some(n) => {
                let line = f.line("paginate");
                f.error(line, format!("paginate 是每页条数，至少为 1（写的是 {n}）"));
                12
            }
            None => 12,
        };
        let nav = read_nav(&mut f);
        let feed = f.bool("feed").unwrap_or(true);
        let search = f.bool("search").unwrap_or(true);
        let iis = f.bool("iis").unwrap_or(false);
        let extra = f.extra("extra");
        let lint = read_lint(&mut f);
        let logo = read_logo(&mut f, &extra);
        let colors = read_colors(&mut f);
        let html = read_html_mode(&mut f);
        let review = read_review(&mut f);
        let workbench = read_workbench(&mut f);
        let key_lines = Positions(
            KNOWN_KEYS
                .iter()
                .filter_map(|key| Some((key.to_string(), lines.line(key)?)))
                .collect(),
        );
        // With field errors the defaults stand in, so the content can still
        // be checked in the same run; the build fails on the errors anyway.
        Some(Config {
            title: title.unwrap_or_default(),
            description,
            hospital,
            base_url,
            relative_urls,
            theme,
            language,
            paginate,
            nav,
            feed,
            search,
            iis,
            extra,
            lint,
            logo,
            colors,
            html,
            review,
            workbench,
            key_lines,
        })
    }

    /// The line of a top-level key of site.yaml, if it was written.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.key_lines.0.get(key).copied()
    }

    /// Path part of `base_url`, always starting and ending with `/`.
    pub fn url_prefix(&self) -> &str {
        match self.base_url.find("://") {
            Some(i) => {
                let after = &self.base_url[i + 3..];
                after.find('/').map_or("/", |j| &after[j..])
            }
            None => &self.base_url,
        }
    }

    /// `base_url` joined with a site-root path, for the feed and sitemap.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// `dangjian` → `/dangjian/`; `http://host/x` → `http://host/x/`.
pub fn normalize_base_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.contains(char::is_whitespace) || raw.contains('?') || raw.contains('#') {
        return Err(format!(
            "base_url 写法不对：“{raw}”。应当像 \"/\"、\"/dangjian/\" 或 \"http://10.0.0.8/dangjian/\""
        ));
    }
    let mut url = if raw.contains("://") || raw.starts_with('/') {
        raw.to_string()
    } else {
        format!("/{raw}")
    };
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Config>, Vec<String>) {
        let mut d = Diagnostics::new();
        let c = Config::parse(text, &mut d);
        (c, d.sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn defaults() {
        let (c, errs) = parse("title: 党建之窗\n");
        let c = c.unwrap();
        assert!(errs.is_empty());
        assert_eq!(c.base_url, "/");
        assert_eq!(c.paginate, 12);
        assert!(c.feed && c.search && !c.relative_urls);
        assert_eq!(c.nav.len(), 4);
        assert_eq!(c.language, "zh-CN");
    }

    #[test]
    fn workbench_settings_are_whole_numbers_at_their_lines() {
        let (c, errs) = parse("title: x\nworkbench:\n  history: 10\n  upload_limit: 50\n");
        assert!(errs.is_empty(), "{errs:?}");
        let w = c.unwrap().workbench;
        assert_eq!((w.history, w.upload_limit_mb), (10, 50));
        let (c, errs) = parse("title: x\n");
        assert_eq!(c.unwrap().workbench, WorkbenchSettings::default());
        assert!(errs.is_empty());
        let (_, errs) = parse("title: x\nworkbench:\n  history: 0\n  upload_limit: 大\n");
        assert_eq!(
            errs,
            [
                "site.yaml:3: workbench.history 是每个文件保留的以前版本数，应当是不小于 1 的整数",
                "site.yaml:4: workbench.upload_limit 是上传文件的大小上限（MB），应当是不小于 1 的整数",
            ]
        );
    }

    #[test]
    fn unknown_key_names_line_and_closest() {
        let (_, errs) = parse("title: x\nbase_ur: /a/\n");
        assert_eq!(
            errs,
            ["site.yaml:2: site.yaml 不认识字段 base_ur，是不是想写 base_url？"]
        );
    }

    #[test]
    fn every_error_at_once() {
        let (_, errs) = parse("paginate: 0\nfeed: maybe\nlint:\n  forbid: [a]\n");
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(errs[0].starts_with("site.yaml:1: "), "{errs:?}");
        assert!(errs.iter().any(|e| e.contains("缺少必填字段 title")));
        assert!(errs.iter().any(|e| e.starts_with("site.yaml:2: feed")));
        assert!(errs
            .iter()
            .any(|e| e.starts_with("site.yaml:4: lint 下不认识字段 forbid")));
    }

    #[test]
    fn base_url_forms() {
        assert_eq!(normalize_base_url("dangjian").unwrap(), "/dangjian/");
        let (c, _) = parse("title: x\nbase_url: http://10.0.0.8/dangjian\n");
        let c = c.unwrap();
        assert_eq!(c.base_url, "http://10.0.0.8/dangjian/");
        assert_eq!(c.url_prefix(), "/dangjian/");
        assert_eq!(c.absolute_url("/a/"), "http://10.0.0.8/dangjian/a/");
    }

    #[test]
    fn lint_lists() {
        let (c, _) = parse("title: x\nlint:\n  forbidden: [机密]\n  replace:\n    病人: 患者\n");
        let c = c.unwrap();
        assert_eq!(c.lint.forbidden, ["机密"]);
        assert_eq!(c.lint.replace, [("病人".to_string(), "患者".to_string())]);
    }
}
