//! Stage 2: read `content/` into source pages, sections and assets.
//!
//! Every file is read exactly once, in parallel. Front-matter problems are
//! reported with the file and the line of the field; the body is kept for
//! the resolve stage, which needs to know every page before it can turn
//! links and references into URLs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{line_of_byte, Config};
use crate::dates::Date;
use crate::diagnostics::Diagnostics;
use crate::lint;
use crate::slug::slugify;
use crate::stamp::Stamp;
use crate::yaml::{parse_mapping, scalar_text, Fields, KeyLines};

pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Branch,
    Member,
    Volunteer,
    Page,
}

impl Kind {
    fn of_section(section_dir: &str) -> Kind {
        match section_dir {
            "branches" => Kind::Branch,
            "members" => Kind::Member,
            "volunteer" => Kind::Volunteer,
            _ => Kind::Page,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Branch => "branch",
            Kind::Member => "member",
            Kind::Volunteer => "volunteer",
            Kind::Page => "page",
        }
    }
}

/// A value from front matter together with the line it was written on.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Honor {
    pub year: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BranchFields {
    pub branch: String,
    pub department: String,
    pub secretary: String,
    pub slogan: String,
    pub method: String,
    pub founded: Option<Date>,
    pub logo: Option<Located<String>>,
    pub featured: bool,
    pub honors: Vec<Honor>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MemberFields {
    pub name: String,
    pub branch: Option<Located<String>>,
    pub position: String,
    pub photo: Option<Located<String>>,
    pub honors: Vec<Honor>,
    pub featured: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct VolunteerFields {
    pub branches: Vec<Located<String>>,
    pub members: Vec<Located<String>>,
    pub location: String,
    pub volunteers: u64,
    pub hours: f64,
    pub served: u64,
    pub photos: Vec<Located<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum KindFields {
    Branch(BranchFields),
    Member(MemberFields),
    Volunteer(VolunteerFields),
    Page,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SourcePage {
    /// Relative to the site root: `content/members/杜杰.md`.
    pub source: String,
    /// Relative to `content/`, as `@/` links name it: `members/杜杰.md`.
    pub content_path: String,
    /// Folder that relative image paths are resolved against.
    pub dir: PathBuf,
    /// Site-root URL under which the files of `dir` are published.
    pub dir_url: String,
    /// Folder name under `content/`; empty for top-level pages.
    pub section: String,
    pub kind: Kind,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub date: Option<Date>,
    pub summary: Option<String>,
    pub tags: Vec<Located<String>>,
    pub weight: i64,
    pub draft: bool,
    pub cover: Option<Located<String>>,
    pub extra: serde_json::Value,
    pub fields: KindFields,
    /// Shared, so the copies `serve` keeps between rebuilds cost nothing.
    pub body: Arc<str>,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// `_index.md` of a section, or of the home page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SectionSource {
    pub source: String,
    /// Folder name under `content/`; empty for the home page.
    pub name: String,
    pub title: String,
    pub summary: Option<String>,
    pub extra: serde_json::Value,
    pub body: String,
    pub body_line: usize,
    pub dir: PathBuf,
    pub dir_url: String,
}

/// A non-Markdown file in `content/`, published as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub source: PathBuf,
    pub url: String,
}

#[derive(Debug, Default)]
pub struct Content {
    /// Shared with `serve`'s cache of parsed files.
    pub pages: Vec<Arc<SourcePage>>,
    /// Every folder under `content/`, by folder name.
    pub sections: BTreeMap<String, SectionSource>,
    pub home: Option<SectionSource>,
    pub assets: Vec<Asset>,
    /// Pages skipped because they are drafts.
    pub drafts: usize,
}

const COMMON_FIELDS: &[&str] = &[
    "title", "date", "slug", "summary", "tags", "weight", "draft", "cover", "extra",
];
const BRANCH_FIELDS: &[&str] = &[
    "branch",
    "department",
    "secretary",
    "slogan",
    "method",
    "founded",
    "logo",
    "featured",
    "honors",
];
const MEMBER_FIELDS: &[&str] = &["name", "branch", "position", "photo", "honors", "featured"];
const VOLUNTEER_FIELDS: &[&str] = &[
    "branch",
    "members",
    "location",
    "volunteers",
    "hours",
    "served",
    "photos",
];
const SECTION_FIELDS: &[&str] = &["title", "summary", "extra", "weight", "paginate"];

/// Default titles of the sections the contract names.
pub fn default_section_title(name: &str) -> String {
    match name {
        "branches" => "支部品牌".into(),
        "members" => "先锋风采".into(),
        "volunteer" => "志愿服务".into(),
        "news" => "新闻动态".into(),
        other => other.into(),
    }
}

/// The URL name of a section folder.
pub fn section_slug(name: &str) -> String {
    let slug = slugify(name);
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Entry {
    Page { path: PathBuf, bundle: bool },
    Index(PathBuf),
}

impl Entry {
    fn path(&self) -> &Path {
        match self {
            Entry::Page { path, .. } | Entry::Index(path) => path,
        }
    }
}

/// What a walk of `content/` found, before any file is read.
struct Walk {
    /// Pages and section intros, in walk order.
    entries: Vec<Entry>,
    /// (bundle folder, file) of every file inside a page bundle.
    bundle_assets: Vec<(PathBuf, PathBuf)>,
    assets: Vec<Asset>,
    /// Every folder directly under `content/`, before its `_index.md` is read.
    sections: BTreeMap<String, SectionSource>,
    diags: Diagnostics,
    /// Every file found, sorted, to tell an edited file from a new one.
    files: Vec<PathBuf>,
}

/// Parsed files kept between rebuilds by `serve`. Told which files changed
/// (by the file watcher), it reads only those and does not walk `content/`
/// again unless a file or folder came or went. Told nothing, it walks and
/// re-reads each file whose modification time, size or inode changed. A
/// cached file's problems are reported again exactly as they were found.
/// `build` uses no cache.
#[derive(Default)]
pub struct LoadCache {
    /// What parsing depends on besides the file (root, lint words, drafts);
    /// every parse is dropped when it changes.
    settings: String,
    /// The previous walk, and the parse of each of its entries.
    walk: Option<Walk>,
    parses: Vec<Option<Cached>>,
    /// Changes happened that no load was told about.
    missed_changes: bool,
}

#[derive(Clone)]
struct Cached {
    /// `None` when the file could not be looked at: never trusted.
    stamp: Option<Stamp>,
    parsed: Parsed,
    diags: Diagnostics,
}

impl LoadCache {
    /// Changes went by unread: the next load walks and stats every file.
    pub fn forget_changes(&mut self) {
        self.missed_changes = true;
    }
}

/// Files changed since the previous load, relative to the site folder, as
/// the file watcher reported them; `None` when that is not known.
pub type Changed<'a> = Option<&'a [PathBuf]>;

pub fn load(root: &Path, config: &Config, drafts: bool, diags: &mut Diagnostics) -> Content {
    load_with(root, config, drafts, None, None, diags)
}

/// [`load`], reusing the parse of every file unchanged since the previous
/// call with the same `cache`.
pub fn load_cached(
    root: &Path,
    config: &Config,
    drafts: bool,
    cache: &mut LoadCache,
    changed: Changed,
    diags: &mut Diagnostics,
) -> Content {
    load_with(root, config, drafts, Some(cache), changed, diags)
}

fn load_with(
    root: &Path,
    config: &Config,
    drafts: bool,
    mut cache: Option<&mut LoadCache>,
    changed: Changed,
    diags: &mut Diagnostics,
) -> Content {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        diags.error(
            CONTENT_DIR,
            None,
            "找不到 content 文件夹：网站的页面都写在 content/ 下（可用 pinpai init 新建示例网站）",
        );
        if let Some(cache) = cache {
            cache.walk = None;
            cache.parses.clear();
        }
        return Content::default();
    }

    let mut previous: Vec<Option<Cached>> = Vec::new();
    let mut previous_walk = None;
    let mut changed = changed;
    if let Some(cache) = cache.as_deref_mut() {
        if std::mem::take(&mut cache.missed_changes) {
            changed = None;
        }
        let settings = format!("{root:?} {:?} {drafts}", config.lint);
        if cache.settings != settings {
            cache.parses.clear();
            cache.settings = settings;
        }
        previous = std::mem::take(&mut cache.parses);
        previous_walk = cache.walk.take();
    }
    let edited: Option<HashSet<PathBuf>> =
        changed.map(|paths| paths.iter().map(|p| root.join(p)).collect());
    // The previous walk stands when every change since is an edit of a file
    // it found; its entries then line up with the previous parses.
    let still_valid = |walk: &Walk, edited: &HashSet<PathBuf>| {
        edited.iter().all(|path| {
            !path.starts_with(&content_dir)
                || (walk.files.binary_search(path).is_ok() && path.is_file())
        })
    };
    let (walk, walk_reused) = match (previous_walk, &edited) {
        (Some(walk), Some(edited))
            if walk.entries.len() == previous.len() && still_valid(&walk, edited) =>
        {
            (walk, true)
        }
        (old, _) => {
            let walk = walk_content(root, &content_dir);
            previous = match old {
                Some(old) if old.entries.len() == previous.len() => {
                    let mut by_entry: HashMap<Entry, Cached> = old
                        .entries
                        .into_iter()
                        .zip(previous)
                        .filter_map(|(entry, cached)| Some((entry, cached?)))
                        .collect();
                    walk.entries.iter().map(|e| by_entry.remove(e)).collect()
                }
                _ => Vec::new(),
            };
            (walk, false)
        }
    };
    previous.resize_with(walk.entries.len(), || None);

    let use_cache = cache.is_some();
    let now = SystemTime::now();
    let parses: Vec<Cached> = walk
        .entries
        .par_iter()
        .zip(previous.into_par_iter())
        .map(|(entry, hit)| {
            let path = entry.path();
            let is_edited = edited.as_ref().is_some_and(|e| e.contains(path));
            let mut stamp = None;
            if let Some(hit) = hit.filter(|_| !is_edited) {
                // The watcher names every change: an unnamed file is as it was.
                if walk_reused {
                    return hit;
                }
                // The stamp is taken before reading: a change while reading
                // shows as a different stamp next time.
                stamp = Stamp::of(path);
                if stamp.is_some_and(|s| hit.stamp == Some(s) && s.trusted(now)) {
                    return hit;
                }
            } else if use_cache {
                stamp = Stamp::of(path);
            }
            let mut diags = Diagnostics::new();
            let parsed = match entry {
                Entry::Page { path, bundle } => parse_page(
                    root,
                    &content_dir,
                    path,
                    *bundle,
                    config,
                    drafts,
                    &mut diags,
                ),
                Entry::Index(path) => parse_index(root, &content_dir, path, config, &mut diags),
            };
            Cached {
                stamp,
                parsed,
                diags,
            }
        })
        .collect();

    let mut content = Content {
        sections: walk.sections.clone(),
        assets: walk.assets.clone(),
        ..Content::default()
    };
    diags.extend(walk.diags.clone());
    for cached in &parses {
        diags.extend(cached.diags.clone());
        match &cached.parsed {
            Parsed::Page(page) => content.pages.push(Arc::clone(page)),
            Parsed::Draft => content.drafts += 1,
            Parsed::Index(index) if index.name.is_empty() => content.home = Some(index.clone()),
            Parsed::Index(index) => {
                content.sections.insert(index.name.clone(), index.clone());
            }
            Parsed::Nothing => {}
        }
    }

    let page_urls: BTreeMap<&Path, &str> = content
        .pages
        .iter()
        .filter(|p| p.source.ends_with("/index.md"))
        .map(|p| (p.dir.as_path(), p.url.as_str()))
        .collect();
    let mut bundle_assets = Vec::new();
    for (dir, path) in &walk.bundle_assets {
        let Some(url) = page_urls.get(dir.as_path()) else {
            continue; // the bundle's page is a draft or failed to load
        };
        let rel = path.strip_prefix(dir).unwrap_or(path);
        bundle_assets.push(Asset {
            url: format!("{url}{}", url_path(rel)),
            source: path.clone(),
        });
    }
    content.assets.extend(bundle_assets);
    if let Some(cache) = cache {
        cache.walk = Some(walk);
        cache.parses = parses.into_iter().map(Some).collect();
    }
    content
}

/// Finds every file and section folder in `content/`, and what each file is.
fn walk_content(root: &Path, content_dir: &Path) -> Walk {
    let mut walk = Walk {
        entries: Vec::new(),
        bundle_assets: Vec::new(),
        assets: Vec::new(),
        sections: BTreeMap::new(),
        diags: Diagnostics::new(),
        files: Vec::new(),
    };
    let mut files = Vec::new();
    for entry in WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()))
    {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(e) if e.file_type().is_dir() && e.depth() == 1 => {
                let name = e.file_name().to_string_lossy().into_owned();
                walk.sections.insert(
                    name.clone(),
                    SectionSource {
                        title: default_section_title(&name),
                        dir_url: format!("/{}/", section_slug(&name)),
                        dir: e.path().to_path_buf(),
                        name,
                        ..Default::default()
                    },
                );
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_default();
                walk.diags.error(path, None, format!("无法读取：{err}"));
            }
        }
    }

    // The three collections always have their list page, even before their
    // folder exists: the default menu and the home page link to them.
    for name in ["branches", "members", "volunteer"] {
        walk.sections
            .entry(name.to_string())
            .or_insert_with(|| SectionSource {
                title: default_section_title(name),
                dir_url: format!("/{name}/"),
                dir: content_dir.join(name),
                name: name.to_string(),
                ..Default::default()
            });
    }

    // A folder holding `index.md` is a page bundle: its other files belong
    // to that page.
    let bundles: HashSet<PathBuf> = files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| dir != content_dir)
        .collect();

    for path in &files {
        let bundle = if bundles.is_empty() {
            None
        } else {
            path.ancestors()
                .skip(1)
                .take_while(|a| *a != content_dir)
                .find(|a| bundles.contains(*a))
        };
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        let name = path.file_name().map(|n| n.to_string_lossy());
        let path = path.clone();
        match (bundle, is_markdown, name.as_deref()) {
            (Some(dir), _, Some("index.md")) if path.parent() == Some(dir) => {
                walk.entries.push(Entry::Page { path, bundle: true })
            }
            (Some(dir), _, _) => walk.bundle_assets.push((dir.to_path_buf(), path)),
            (None, true, Some("_index.md")) => walk.entries.push(Entry::Index(path)),
            (None, true, _)
                if path.parent() == Some(content_dir) && name.as_deref() == Some("index.md") =>
            {
                walk.diags.error(
                    relative(root, &path),
                    None,
                    "content/index.md 请改名为 content/_index.md（首页介绍）",
                );
            }
            (None, true, _) => walk.entries.push(Entry::Page {
                path,
                bundle: false,
            }),
            (None, false, _) => {
                let rel = path.strip_prefix(content_dir).unwrap_or(&path);
                walk.assets.push(Asset {
                    url: asset_url(rel),
                    source: path.clone(),
                });
            }
        }
    }
    files.sort();
    walk.files = files;
    walk
}

#[derive(Clone)]
enum Parsed {
    Page(Arc<SourcePage>),
    Index(SectionSource),
    Draft,
    Nothing,
}

/// Editor backups, swap files and hidden files are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

pub fn relative(root: &Path, path: &Path) -> String {
    url_path(path.strip_prefix(root).unwrap_or(path))
}

/// A relative path with `/` separators.
fn url_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn asset_url(rel: &Path) -> String {
    format!("/{}", url_path(rel))
}

/// Reads a file as UTF-8 text; problems are reported against `rel`.
fn read_text(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            diags.error(rel, None, format!("无法读取：{err}"));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Some(text)
        }
        Err(err) => {
            let line = line_of_byte(err.as_bytes(), err.utf8_error().valid_up_to());
            diags.error(
                rel,
                Some(line),
                "文件不是 UTF-8 编码（可能是 GBK），请在编辑器里“另存为”UTF-8 编码",
            );
            None
        }
    }
}

/// Splits `---` front matter from the body: (front matter, body, body's first line).
fn split_front_matter<'t>(
    text: &'t str,
    rel: &str,
    diags: &mut Diagnostics,
) -> Option<(&'t str, &'t str, usize)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        diags.error(
            rel,
            Some(1),
            "文件开头缺少 front matter：第一行应当是 ---，接着写 title 等字段，再以 --- 结束",
        );
        return None;
    }
    let start = first.len();
    let mut offset = start;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            let body_start = offset + line.len();
            return Some((&text[start..offset], &text[body_start..], i + 3));
        }
        offset += line.len();
    }
    diags.error(
        rel,
        Some(1),
        "front matter 没有结束：第 1 行的 --- 之后找不到结束的 ---",
    );
    None
}

fn parse_page(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    bundle: bool,
    config: &Config,
    include_drafts: bool,
    diags: &mut Diagnostics,
) -> Parsed {
    let rel = relative(root, path);
    let Some(text) = read_text(path, &rel, diags) else {
        return Parsed::Nothing;
    };
    let Some((front, body, body_line)) = split_front_matter(&text, &rel, diags) else {
        return Parsed::Nothing;
    };
    let map = match parse_mapping(front) {
        Ok(map) => map,
        Err(err) => {
            diags.error(&rel, Some(err.line + 1), err.message);
            return Parsed::Nothing;
        }
    };
    let lines = KeyLines::new(front);
    let in_content = path.strip_prefix(content_dir).unwrap_or(path);
    let components: Vec<String> = in_content
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let section = if components.len() >= 2 && !(bundle && components.len() == 2) {
        components[0].clone()
    } else {
        String::new()
    };
    let kind = Kind::of_section(&section);
    let dir = path.parent().unwrap_or(content_dir).to_path_buf();

    let mut f = Fields::new(&map, &lines, &rel, 1, diags);
    let draft = f.bool("draft").unwrap_or(false);
    if draft && !include_drafts {
        return Parsed::Draft;
    }
    let mut known: Vec<&str> = COMMON_FIELDS.to_vec();
    known.extend(match kind {
        Kind::Branch => BRANCH_FIELDS,
        Kind::Member => MEMBER_FIELDS,
        Kind::Volunteer => VOLUNTEER_FIELDS,
        Kind::Page => &[],
    });
    let what = match kind {
        Kind::Branch => "支部品牌页面",
        Kind::Member => "先锋风采页面",
        Kind::Volunteer => "志愿服务记录",
        Kind::Page => "页面",
    };
    f.reject_unknown(&known, what);

    let title = f.required_string("title", "标题").unwrap_or_default();
    let date_required = kind == Kind::Volunteer || section == "news";
    let date = read_date(&mut f, "date", date_required);
    let summary = f.string("summary").filter(|s| !s.trim().is_empty());
    let tags = located_list(&mut f, "tags");
    let weight = f.integer("weight").unwrap_or(0);
    let cover = located_string(&mut f, "cover");
    let extra = f.extra("extra");
    let fields = match kind {
        Kind::Branch => KindFields::Branch(BranchFields {
            branch: f
                .required_string("branch", "所属党支部名称，例如 急诊科党支部")
                .unwrap_or_default(),
            department: f.string("department").unwrap_or_default(),
            secretary: f.string("secretary").unwrap_or_default(),
            slogan: f.string("slogan").unwrap_or_default(),
            method: f.string("method").unwrap_or_default(),
            founded: read_date(&mut f, "founded", false),
            logo: located_string(&mut f, "logo"),
            featured: f.bool("featured").unwrap_or(false),
            honors: read_honors(&mut f),
        }),
        Kind::Member => KindFields::Member(MemberFields {
            name: f.required_string("name", "人物姓名").unwrap_or_default(),
            branch: f
                .required_string(
                    "branch",
                    "所属支部品牌：品牌页面的网址名、支部名称或品牌名称",
                )
                .map(|value| Located {
                    line: f.line("branch"),
                    value,
                }),
            position: f.string("position").unwrap_or_default(),
            photo: located_string(&mut f, "photo"),
            honors: read_honors(&mut f),
            featured: f.bool("featured").unwrap_or(false),
        }),
        Kind::Volunteer => {
            let branches = located_list(&mut f, "branch");
            if branches.is_empty() && !f.has("branch") {
                let line = f.line("branch");
                f.error(
                    line,
                    "缺少必填字段 branch（组织活动的支部品牌，可以写一个或一个列表）",
                );
            }
            KindFields::Volunteer(VolunteerFields {
                branches,
                members: located_list(&mut f, "members"),
                location: f.string("location").unwrap_or_default(),
                volunteers: f.count("volunteers").unwrap_or(0),
                hours: f.amount("hours").unwrap_or(0.0),
                served: f.count("served").unwrap_or(0),
                photos: located_list(&mut f, "photos"),
            })
        }
        Kind::Page => KindFields::Page,
    };

    let slug_line = f.line("slug");
    let written_slug = f.string("slug");
    let stem = if bundle {
        dir.file_name()
    } else {
        path.file_stem()
    }
    .map(|s| s.to_string_lossy().into_owned())
    .unwrap_or_default();
    let slug = slugify(written_slug.as_deref().unwrap_or(&stem));
    if slug.is_empty() {
        f.error(
            slug_line,
            "无法从文件名生成网址：请在 front matter 里写 slug（只用字母、数字和 -）",
        );
    }
    // A page with field errors is still kept, so that its references and
    // links are checked in the same run; the build fails on the errors anyway.
    if slug.is_empty() {
        return Parsed::Nothing;
    }
    lint::check(&text, &config.lint, &rel, f.diags);

    let url = if section.is_empty() {
        format!("/{slug}/")
    } else {
        format!("/{}/{slug}/", section_slug(&section))
    };
    let dir_url = if bundle {
        url.clone()
    } else {
        let parent = in_content.parent().unwrap_or(Path::new(""));
        let p = url_path(parent);
        if p.is_empty() {
            "/".into()
        } else {
            format!("/{p}/")
        }
    };
    Parsed::Page(Arc::new(SourcePage {
        source: rel,
        content_path: url_path(in_content),
        dir,
        dir_url,
        section,
        kind,
        slug,
        url,
        title,
        date,
        summary,
        tags,
        weight,
        draft,
        cover,
        extra,
        fields,
        body: body.into(),
        body_line,
    }))
}

fn parse_index(
    root: &Path,
    content_dir: &Path,
    path: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> Parsed {
    let rel = relative(root, path);
    let Some(text) = read_text(path, &rel, diags) else {
        return Parsed::Nothing;
    };
    let Some((front, body, body_line)) = split_front_matter(&text, &rel, diags) else {
        return Parsed::Nothing;
    };
    let map = match parse_mapping(front) {
        Ok(map) => map,
        Err(err) => {
            diags.error(&rel, Some(err.line + 1), err.message);
            return Parsed::Nothing;
        }
    };
    let lines = KeyLines::new(front);
    let dir = path.parent().unwrap_or(content_dir).to_path_buf();
    let name = if dir == content_dir {
        String::new()
    } else {
        match dir.strip_prefix(content_dir).map(url_path) {
            Ok(name) if !name.contains('/') => name,
            _ => {
                diags.warning(
                    &rel,
                    None,
                    "_index.md 只能放在 content/ 或栏目文件夹的第一层，这个文件没有用到",
                );
                return Parsed::Nothing;
            }
        }
    };
    let mut f = Fields::new(&map, &lines, &rel, 1, diags);
    f.reject_unknown(SECTION_FIELDS, "栏目介绍");
    let title = f
        .string("title")
        .unwrap_or_else(|| default_section_title(&name));
    let summary = f.string("summary");
    let extra = f.extra("extra");
    lint::check(&text, &config.lint, &rel, f.diags);
    let dir_url = if name.is_empty() {
        "/".into()
    } else {
        format!("/{}/", section_slug(&name))
    };
    Parsed::Index(SectionSource {
        source: rel,
        name,
        title,
        summary,
        extra,
        body: body.to_string(),
        body_line,
        dir,
        dir_url,
    })
}

fn read_date(f: &mut Fields, key: &str, required: bool) -> Option<Date> {
    let Some(text) = f.string(key) else {
        if required && !f.has(key) {
            let line = f.line(key);
            f.error(line, format!("缺少必填字段 {key}（日期，例如 2024-03-05）"));
        }
        return None;
    };
    match Date::parse(&text) {
        Some(d) => Some(d),
        None => {
            let line = f.line(key);
            f.error(
                line,
                format!("{key} 不是有效的日期：“{text}”。请写成 2024-03-05 或 2024-03-05 09:30"),
            );
            None
        }
    }
}

fn located_string(f: &mut Fields, key: &str) -> Option<Located<String>> {
    let value = f.string(key).filter(|s| !s.trim().is_empty())?;
    Some(Located {
        line: f.line(key),
        value: value.trim().to_string(),
    })
}

fn located_list(f: &mut Fields, key: &str) -> Vec<Located<String>> {
    f.string_list(key)
        .into_iter()
        .filter(|(s, _)| !s.trim().is_empty())
        .map(|(value, line)| Located {
            value: value.trim().to_string(),
            line,
        })
        .collect()
}

fn read_honors(f: &mut Fields) -> Vec<Honor> {
    let Some(value) = f.get("honors") else {
        return Vec::new();
    };
    let Some(items) = value.as_sequence() else {
        let line = f.line("honors");
        f.error(
            line,
            "honors 应当是列表，每项写 year（年份）和 title（荣誉名称）",
        );
        return Vec::new();
    };
    let mut honors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let year = item.get("year").and_then(scalar_text);
        let title = item.get("title").and_then(scalar_text);
        match (year, title) {
            (Some(year), Some(title)) => honors.push(Honor { year, title }),
            _ => {
                let line = f.item_line("honors", i);
                f.error(
                    line,
                    format!(
                        "honors 的第 {} 项需要 year（年份）和 title（荣誉名称）",
                        i + 1
                    ),
                );
            }
        }
    }
    honors.sort_by(|a, b| a.year.cmp(&b.year));
    honors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split_and_body_line() {
        let mut d = Diagnostics::new();
        let (front, body, line) =
            split_front_matter("---\ntitle: a\n---\n正文\n", "x.md", &mut d).unwrap();
        assert_eq!((front, body, line), ("title: a\n", "正文\n", 4));
        assert!(split_front_matter("---\ntitle: a\n", "x.md", &mut d).is_none());
        assert!(split_front_matter("title: a\n", "x.md", &mut d).is_none());
        let shown: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert!(shown[0].starts_with("x.md:1: "), "{shown:?}");
        assert_eq!(shown.len(), 2);
    }

    #[test]
    fn ignores_editor_files() {
        for name in [".DS_Store", "a.md~", ".a.md.swp", "#a.md#", "~$a.docx"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("杜杰.md"));
    }
}
