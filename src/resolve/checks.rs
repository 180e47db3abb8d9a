//! Site-wide checks that need every page: the menu leads somewhere, the
//! logo is there, and no volunteer activity is entered twice.

use std::collections::HashSet;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Page, Section, Tag};
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Code, Diagnostics};
use crate::load::{PendingPage, SourcePage};
use crate::model::Kind;

/// The site's logo as templates get it: its own size, so it keeps its
/// aspect ratio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Logo {
    pub src: String,
    pub width: u32,
    pub height: u32,
}

/// `logo` of site.yaml: an image in `static/` that can be read.
pub(super) fn logo(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Logo> {
    let src = config.logo.as_ref()?;
    let file = super::files::inside(&root.join("static"), src.trim_start_matches('/'));
    let line = config.line_of("logo").or(config.line_of("extra"));
    let Some(file) = file.filter(|f| f.is_file()) else {
        diags.error(
            Code::Image,
            CONFIG_FILE,
            line,
            format!("找不到标志图片 {src}：请把它放在 static{src}"),
        );
        return None;
    };
    let size = if src.to_ascii_lowercase().ends_with(".svg") {
        Some(svg_size(&file))
    } else {
        crate::images::dimensions(&file).ok()
    };
    match size {
        Some((width, height)) => Some(Logo {
            src: src.clone(),
            width,
            height,
        }),
        None => {
            diags.error(
                Code::Image,
                CONFIG_FILE,
                line,
                format!(
                    "标志图片 {src} 无法读取（文件损坏或格式不支持），请用 PNG、JPG 或 SVG 图片"
                ),
            );
            None
        }
    }
}

/// An SVG's size from its `viewBox` (or `width`/`height`); 0×0 when it
/// says neither, and the theme then sizes it by height alone.
fn svg_size(file: &Path) -> (u32, u32) {
    let Ok(text) = std::fs::read_to_string(file) else {
        return (0, 0);
    };
    let attribute = |name: &str| -> Option<&str> {
        let start = text.find(&format!("{name}=\""))? + name.len() + 2;
        let len = text[start..].find('"')?;
        Some(&text[start..start + len])
    };
    let number = |s: &str| s.trim().trim_end_matches("px").parse::<f64>().ok();
    if let Some(view_box) = attribute("viewBox") {
        let parts: Vec<f64> = view_box
            .split([' ', ','])
            .filter_map(|p| p.parse().ok())
            .collect();
        if let [_, _, w, h] = parts[..] {
            return (w.round() as u32, h.round() as u32);
        }
    }
    match (
        attribute("width").and_then(number),
        attribute("height").and_then(number),
    ) {
        (Some(w), Some(h)) => (w.round() as u32, h.round() as u32),
        _ => (0, 0),
    }
}

/// Every menu entry inside the site must lead to a page, a list or a file
/// the build makes.
pub(super) fn nav_targets(
    root: &Path,
    config: &Config,
    pages: &[Page],
    sections: &[Section],
    tags: &[Tag],
    pending: &[PendingPage],
    diags: &mut Diagnostics,
) {
    let mut known: HashSet<&str> = HashSet::new();
    // 荣誉榜 and 大事记 are made by render when the theme has their
    // templates; it reports a menu entry for one it cannot make.
    known.extend(["/", "/tags/", "/honors/", "/timeline/"]);
    if config.search {
        known.insert("/search/");
    }
    known.extend(pages.iter().map(|p| p.src.url.as_str()));
    known.extend(sections.iter().map(|s| s.url.as_str()));
    known.extend(tags.iter().map(|t| t.url.as_str()));
    for item in &config.nav {
        let url = item.url.as_str();
        if !url.starts_with('/') || url.starts_with("//") {
            continue; // another site: not ours to check
        }
        let path = url.split(['#', '?']).next().unwrap_or(url);
        let leads_somewhere = known.contains(path)
            || known.contains(format!("{path}/").as_str())
            || root
                .join("static")
                .join(path.trim_start_matches('/'))
                .is_file()
            || path.contains("/page/")
            || path.contains("/year/");
        let in_review = pending
            .iter()
            .find(|p| !p.url.is_empty() && (p.url == path || p.url == format!("{path}/")));
        if let (false, Some(page)) = (leads_somewhere, in_review) {
            diags.error(
                Code::Url,
                CONFIG_FILE,
                item.line,
                format!(
                    "菜单“{}”指向的页面 {} 还在审核中（{}），没有发布：请先完成它的审核，或暂时从菜单里去掉",
                    item.title,
                    page.source,
                    page.state.label()
                ),
            );
        } else if !leads_somewhere {
            diags.error(
                Code::Url,
                CONFIG_FILE,
                item.line,
                format!(
                    "菜单“{}”的网址 {url} 没有对应的页面：每个页面上点它都会“找不到页面”。请改成已有的网址（例如 /branches/），或先建好这个页面",
                    item.title
                ),
            );
        }
    }
}

/// A ledger row and a Markdown record of the same activity: reported once,
/// by [`duplicate_records`], not again as two pages with one address.
pub(super) fn ledger_and_page_of_one_activity(a: &SourcePage, b: &SourcePage) -> bool {
    let key = |p: &SourcePage| p.date.map(|d| (d.short(), p.title.trim().to_string()));
    a.kind == Kind::Volunteer
        && b.kind == Kind::Volunteer
        && a.is_ledger_row() != b.is_ledger_row()
        && key(a).is_some()
        && key(a) == key(b)
}

/// Two volunteer records with the same date and title are one activity
/// entered twice (a copied file, a row pasted twice): every total would
/// count it twice. A warning; an error when one is a ledger row and the
/// other a Markdown record, the activity having been kept in both places.
pub(super) fn duplicate_records(pages: &[Page], diags: &mut Diagnostics) {
    let mut seen: FxHashMap<(String, &str), &SourcePage> = FxHashMap::default();
    for page in pages.iter().filter(|p| p.src.kind == Kind::Volunteer) {
        let Some(date) = page.src.date else {
            continue;
        };
        let key = (date.short(), page.src.title.trim());
        let Some(first) = seen.get(&key) else {
            seen.insert(key, &page.src);
            continue;
        };
        let (day, title) = (&key.0, key.1);
        if first.is_ledger_row() == page.src.is_ledger_row() {
            diags.warning_at(
                Code::Url,
                page.src.place(None),
                format!(
                    "与 {} 是同一天、同一名称的活动（{day} {title}），统计会算两次：如果是复制出来的，请删掉一个",
                    first.shown()
                ),
            );
            continue;
        }
        for (this, other) in [(&**first, &*page.src), (&*page.src, &**first)] {
            diags.error_at(
                Code::Url,
                this.place(None),
                format!(
                    "与 {} 是同一天、同一名称的活动（{day} {title}）：同一次活动既记在台账里又写成了页面，统计会算两次。请删掉其中一处：Markdown 页面，或台账里的这一行（用 pinpai import 导入过的台账，请整个移出 data/volunteer/）",
                    other.shown()
                ),
            );
        }
    }
}
