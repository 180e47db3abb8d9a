//! Stage 3: turn loaded sources into a consistent site model.
//!
//! Checks that every URL is unique, resolves brand and member references,
//! `@/` links and images, renders Markdown bodies, and computes the
//! cross-links and totals (a brand's members and records, volunteer totals by
//! year, branch and month). After this stage nothing refers to a file or a
//! name any more: everything is an index into `Site::pages`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::images::{Derivative, ImageProcessor, WebImage};
use crate::load::{
    Asset, Changed, Content, Kind, KindFields, Located, SectionSource, SourcePage, CONTENT_DIR,
};
use crate::markdown::{self, Heading, LinkTarget};
use crate::slug::slugify;

pub type PageId = usize;

/// Characters of body text shown as a default summary.
const SUMMARY_CHARS: usize = 120;

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Totals {
    pub activities: u64,
    pub volunteers: u64,
    pub hours: f64,
    pub served: u64,
}

impl Totals {
    pub fn add(&mut self, record: &Totals) {
        self.activities += record.activities;
        self.volunteers += record.volunteers;
        self.hours += record.hours;
        self.served += record.served;
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageImages {
    pub cover: Option<WebImage>,
    pub logo: Option<WebImage>,
    pub photo: Option<WebImage>,
    pub photos: Vec<WebImage>,
}

/// Other pages a page is tied to, as ids into `Site::pages`.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// A member's brand.
    pub brand: Option<PageId>,
    /// A record's organising brands.
    pub brands: Vec<PageId>,
    /// A brand's members, or a record's participants.
    pub members: Vec<PageId>,
    /// A brand's or a member's volunteer records, newest first.
    pub records: Vec<PageId>,
    /// A brand's own totals, or a record's own numbers.
    pub totals: Totals,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Shared with `serve`'s cache of parsed files.
    pub src: Arc<SourcePage>,
    /// Shared with `serve`'s cache of rendered bodies (and compared by
    /// pointer first), so an unchanged body is never copied.
    pub html: Arc<str>,
    pub toc: Arc<Vec<Heading>>,
    /// Plain text of the body, for search.
    pub text: Arc<str>,
    pub summary: String,
    pub reading_minutes: u32,
    /// Shared by every page with the tag.
    pub tags: Vec<Arc<TagRef>>,
    pub images: PageImages,
    pub links: Links,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub name: String,
    pub title: String,
    pub url: String,
    pub kind: Kind,
    pub html: String,
    pub summary: String,
    pub extra: serde_json::Value,
    /// In list order: by date (newest first) for dated sections, else by weight.
    pub pages: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub pages: Vec<PageId>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteTotals {
    pub brands: usize,
    pub members: usize,
    pub activities: u64,
    pub volunteers: u64,
    pub hours: f64,
    pub served: u64,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Shared, so that a rebuild after a body edit copies the site cheaply
    /// and the renderer tells an unchanged page by its pointer.
    pub pages: Vec<Arc<Page>>,
    pub sections: Vec<Section>,
    pub home: Section,
    pub tags: Vec<Tag>,
    pub totals: SiteTotals,
    pub assets: Vec<Asset>,
    pub derivatives: Vec<Derivative>,
    pub by_content_path: Arc<FxHashMap<String, PageId>>,
    pub drafts: usize,
    pub images: usize,
}

impl Site {
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// Volunteer records, newest first.
    pub fn records(&self) -> &[PageId] {
        self.section("volunteer").map_or(&[], |s| &s.pages)
    }
}

/// How images are handled: a build makes web versions, `check` only
/// verifies that each image can be read.
pub enum ImageMode<'a> {
    Process(&'a ImageProcessor),
    Verify,
}

/// Rendered Markdown bodies kept between rebuilds by `serve`. An entry is
/// reused when the page's body, folder and folder URL are the same and every
/// `@/` link and body image it resolved still resolves to the same answer
/// (so adding the page a link names, or deleting an image, renders the body
/// again). Problems are always reported again from the kept result.
///
/// It also keeps the last site resolved without problems: when the files
/// changed since are only pages edited in what they alone show, that site
/// stands but for those pages (see [`resolve_cached`]).
#[derive(Default)]
pub struct ResolveCache {
    bodies: FxHashMap<String, CachedBody>,
    last: Option<LastSite>,
}

/// A site with what it was resolved from, besides its pages.
struct LastSite {
    site: Arc<Site>,
    config: String,
    sections: BTreeMap<String, SectionSource>,
    home: Option<SectionSource>,
    assets: Vec<Asset>,
    drafts: usize,
}

struct CachedBody {
    body: Arc<str>,
    dir: PathBuf,
    dir_url: String,
    /// Every question the renderer asked, with the answer it got.
    answers: Vec<(Asked, Result<String, String>)>,
    rendered: Body,
}

/// A rendered body with what is derived from its text alone.
#[derive(Clone)]
struct Body {
    html: Arc<str>,
    toc: Arc<Vec<Heading>>,
    text: Arc<str>,
    /// The text before `<!-- more -->`, else the start of the text.
    summary: String,
    reading_minutes: u32,
    problems: Vec<markdown::BodyProblem>,
}

#[derive(Clone, PartialEq)]
enum Asked {
    Page(String),
    Image(String),
}

impl Asked {
    fn of(target: LinkTarget) -> Asked {
        match target {
            LinkTarget::Page(p) => Asked::Page(p.to_string()),
            LinkTarget::Image(p) => Asked::Image(p.to_string()),
        }
    }

    fn target(&self) -> LinkTarget<'_> {
        match self {
            Asked::Page(p) => LinkTarget::Page(p),
            Asked::Image(p) => LinkTarget::Image(p),
        }
    }
}

pub fn resolve(
    root: &Path,
    config: Config,
    content: Content,
    images: ImageMode,
    diags: &mut Diagnostics,
) -> Site {
    resolve_with(root, config, content, images, None, diags)
}

/// [`resolve`], reusing the rendered bodies in `cache` that are still valid.
///
/// When `changed` (the files changed since the previous call, relative to
/// the site folder) names only Markdown files, `site.yaml`, the section
/// intros and the content files are as they were for the last site resolved
/// without problems, and each edited page differs only in what the page
/// alone shows (its body, title, summary and descriptive fields; see
/// [`same_structure`]), that site stands but for those pages, whose own data
/// is made again.
pub fn resolve_cached(
    root: &Path,
    config: Config,
    content: Content,
    images: ImageMode,
    cache: &mut ResolveCache,
    changed: Changed,
    diags: &mut Diagnostics,
) -> Arc<Site> {
    let config_text = format!("{config:?}");
    if let Some((old, edited)) = own_edits(&config_text, &content, cache, changed) {
        return with_edited_pages(root, config, content, old, edited, cache, diags);
    }
    let sections = content.sections.clone();
    let home = content.home.clone();
    let assets = content.assets.clone();
    let drafts = content.drafts;
    let problems_before = diags.error_count() + diags.warning_count();
    let site = Arc::new(resolve_with(
        root,
        config,
        content,
        images,
        Some(cache),
        diags,
    ));
    let clean = diags.error_count() + diags.warning_count() == problems_before;
    cache.last = clean.then(|| LastSite {
        site: Arc::clone(&site),
        config: config_text,
        sections,
        home,
        assets,
        drafts,
    });
    site
}

/// The last site and the ids of the pages edited since, when the edits
/// cannot have changed anything but those pages' own data; `None`
/// otherwise.
fn own_edits(
    config: &str,
    content: &Content,
    cache: &ResolveCache,
    changed: Changed,
) -> Option<(Arc<Site>, Vec<PageId>)> {
    let last = cache.last.as_ref()?;
    // Images (in static/ or beside pages) are read here; templates are not.
    let reads_files = changed?.iter().any(|path| {
        path.starts_with("static")
            || (path.starts_with(CONTENT_DIR) && path.extension().is_none_or(|e| e != "md"))
    });
    let old = &last.site.pages;
    if reads_files
        || config != last.config
        || content.pages.len() != old.len()
        || content.drafts != last.drafts
        || content.sections != last.sections
        || content.home != last.home
        || content.assets != last.assets
    {
        return None;
    }
    let mut edited = Vec::new();
    for (id, (new, was)) in content.pages.iter().zip(old).enumerate() {
        if !Arc::ptr_eq(new, &was.src) {
            if !same_structure(new, &was.src) {
                return None;
            }
            edited.push(id);
        }
    }
    Some((Arc::clone(&last.site), edited))
}

/// True when two versions of a page differ at most in what only the page
/// itself shows: its body, summary and `extra`, its title (unless it is a
/// brand, which references may name by title), and the descriptive fields
/// of its kind. Whatever places the page or ties it to others (address,
/// order, tags, references, numbers, images) is the same.
fn same_structure(a: &SourcePage, b: &SourcePage) -> bool {
    structure(a) == structure(b)
}

/// A page with what [`same_structure`] ignores blanked out; any other
/// field, including one added later, is compared.
fn structure(page: &SourcePage) -> SourcePage {
    let mut s = page.clone();
    s.body = Arc::from("");
    s.body_line = 0;
    s.summary = None;
    s.extra = serde_json::Value::Null;
    if !matches!(s.fields, KindFields::Branch(_)) {
        s.title.clear();
    }
    match &mut s.fields {
        KindFields::Branch(b) => {
            b.department.clear();
            b.secretary.clear();
            b.slogan.clear();
            b.method.clear();
            b.founded = None;
            b.featured = false;
            b.honors.clear();
        }
        KindFields::Member(m) => {
            m.position.clear();
            m.honors.clear();
            m.featured = false;
        }
        KindFields::Volunteer(v) => v.location.clear(),
        KindFields::Page => {}
    }
    s
}

/// The last site with the `edited` pages' own data (source, body, summary,
/// image descriptions) made again.
fn with_edited_pages(
    root: &Path,
    config: Config,
    content: Content,
    old: Arc<Site>,
    edited: Vec<PageId>,
    cache: &mut ResolveCache,
    diags: &mut Diagnostics,
) -> Arc<Site> {
    let static_dir = root.join("static");
    // Links are looked up only if an edited body has any.
    let link_urls = std::sync::OnceLock::new();
    let answer = |page: &SourcePage, target: LinkTarget| match target {
        LinkTarget::Page(path) => link_urls
            .get_or_init(|| LinkUrls::new(&content.pages, &content.sections))
            .get(path)
            .ok_or_else(|| missing_page_message(path)),
        LinkTarget::Image(src) => body_image_url(src, &page.dir, &page.dir_url, &static_dir),
    };
    let mut pages = old.pages.clone();
    let mut clean = true;
    for &id in &edited {
        let src = &content.pages[id];
        let (body, fresh) = body_of(src, &cache.bodies, &answer, true);
        if let Some(entry) = fresh {
            cache.bodies.insert(src.source.clone(), entry);
        }
        clean &= body.problems.is_empty();
        report_body_problems(src, &body, diags);
        let mut page = Page::clone(&old.pages[id]);
        // Images are described by the title or the member's name.
        let alt = image_alt(src);
        if alt != image_alt(&page.src) {
            let images = &mut page.images;
            let all = images
                .cover
                .iter_mut()
                .chain(&mut images.logo)
                .chain(&mut images.photo);
            for image in all.chain(&mut images.photos) {
                image.alt = alt.clone();
            }
        }
        page.src = Arc::clone(src);
        page.summary = src.summary.clone().unwrap_or(body.summary);
        page.reading_minutes = body.reading_minutes;
        page.html = body.html;
        page.toc = body.toc;
        page.text = body.text;
        pages[id] = Arc::new(page);
    }
    drop(link_urls);
    let site = Arc::new(Site {
        config,
        pages,
        sections: old.sections.clone(),
        home: old.home.clone(),
        tags: old.tags.clone(),
        totals: old.totals.clone(),
        assets: content.assets,
        derivatives: old.derivatives.clone(),
        by_content_path: Arc::clone(&old.by_content_path),
        drafts: old.drafts,
        images: old.images,
    });
    if clean {
        if let Some(last) = cache.last.as_mut() {
            last.site = Arc::clone(&site);
        }
    }
    site
}

fn resolve_with(
    root: &Path,
    config: Config,
    content: Content,
    images: ImageMode,
    cache: Option<&mut ResolveCache>,
    diags: &mut Diagnostics,
) -> Site {
    let Content {
        pages: sources,
        sections: section_sources,
        home: home_source,
        assets,
        drafts,
    } = content;

    let link_urls = LinkUrls::new(&sources, &section_sources);
    let link_url = |target: &str| link_urls.get(target);
    // Markdown bodies, in parallel; link and image problems come back with
    // lines within the body.
    let static_dir = root.join("static");
    let answer = |page: &SourcePage, target: LinkTarget| match target {
        LinkTarget::Page(path) => link_url(path).ok_or_else(|| missing_page_message(path)),
        LinkTarget::Image(src) => body_image_url(src, &page.dir, &page.dir_url, &static_dir),
    };
    let use_cache = cache.is_some();
    let no_cache = FxHashMap::default();
    let previous = cache.as_deref().map_or(&no_cache, |c| &c.bodies);
    // Each body, and its new cache entry unless the cached one stands; the
    // URL check runs beside them.
    let mut url_problems = Diagnostics::new();
    let ((), done) = rayon::join(
        || check_urls(&sources, &section_sources, &config, &mut url_problems),
        || bodies(&sources, previous, &answer, use_cache),
    );
    diags.extend(url_problems);
    let mut rendered: Vec<(Body, Diagnostics)> = Vec::with_capacity(done.len());
    match cache {
        Some(cache) => {
            for (page, (body, d, fresh)) in sources.iter().zip(done) {
                if let Some(entry) = fresh {
                    cache.bodies.insert(page.source.clone(), entry);
                }
                rendered.push((body, d));
            }
            // Sources are unique, so more entries than pages means some
            // pages are gone.
            if cache.bodies.len() > sources.len() {
                let live: FxHashSet<&str> = sources.iter().map(|p| p.source.as_str()).collect();
                cache
                    .bodies
                    .retain(|source, _| live.contains(source.as_str()));
            }
        }
        None => rendered.extend(done.into_iter().map(|(body, d, _)| (body, d))),
    }

    let mut image_count = 0;
    let (processed, derivatives) = process_images(root, &sources, &images, diags, &mut image_count);

    let (rendered, problems): (Vec<Body>, Vec<Diagnostics>) = rendered.into_iter().unzip();
    for d in problems {
        diags.extend(d);
    }
    // Section intros resolve links through `link_urls`, which borrows the
    // sources: render them before the sources become pages.
    let mut intro = |s: &SectionSource| {
        let (html, d) = render_intro(s, &link_url, &static_dir);
        diags.extend(d);
        html
    };
    let section_html: Vec<String> = section_sources.values().map(&mut intro).collect();
    let home_html = home_source.as_ref().map(intro);
    // Pages share a few tags: each distinct one is made once, and shared.
    let mut tag_refs: FxHashMap<&str, Option<Arc<TagRef>>> = FxHashMap::default();
    for tag in sources.iter().flat_map(|p| &p.tags) {
        tag_refs.entry(&tag.value).or_insert_with(|| {
            let slug = slugify(&tag.value);
            (!slug.is_empty()).then(|| {
                Arc::new(TagRef {
                    url: format!("/tags/{slug}/"),
                    name: tag.value.clone(),
                    slug,
                })
            })
        });
    }
    let mut pages: Vec<Page> = sources
        .par_iter()
        .zip(rendered)
        .enumerate()
        .map(|(id, (src, rendered))| {
            let summary = src.summary.clone().unwrap_or(rendered.summary);
            let tags = src
                .tags
                .iter()
                .filter_map(|t| tag_refs.get(t.value.as_str()).cloned().flatten())
                .collect();
            Page {
                reading_minutes: rendered.reading_minutes,
                html: rendered.html,
                toc: rendered.toc,
                text: rendered.text,
                summary,
                tags,
                images: processed.get(&id).cloned().unwrap_or_default(),
                links: Links::default(),
                src: Arc::clone(src),
            }
        })
        .collect();
    drop(processed);
    drop(tag_refs);
    drop(sources);
    // References and the section and tag lists read different parts of the
    // pages: they are worked out side by side.
    let ((links, problems), (sections, tags)) = rayon::join(
        || link_references(&pages),
        || {
            let mut sections: Vec<Section> = section_sources
                .into_values()
                .zip(section_html)
                .map(|(s, html)| {
                    let kind = match s.name.as_str() {
                        "branches" => Kind::Branch,
                        "members" => Kind::Member,
                        "volunteer" => Kind::Volunteer,
                        _ => Kind::Page,
                    };
                    Section {
                        url: s.dir_url.clone(),
                        kind,
                        html,
                        summary: s.summary.clone().unwrap_or_default(),
                        extra: s.extra.clone(),
                        title: s.title.clone(),
                        name: s.name,
                        pages: Vec::new(),
                    }
                })
                .collect();
            for (id, page) in pages.iter().enumerate() {
                if let Some(section) = sections.iter_mut().find(|s| s.name == page.src.section) {
                    section.pages.push(id);
                }
            }
            for section in &mut sections {
                sort_pages(&mut section.pages, &pages, section.kind);
            }
            (sections, collect_tags(&pages))
        },
    );
    diags.extend(problems);
    for (page, links) in pages.iter_mut().zip(links) {
        page.links = links;
    }

    let home = match home_source {
        Some(h) => {
            let html = home_html.unwrap_or_default();
            Section {
                name: String::new(),
                title: h.title.clone(),
                url: "/".into(),
                kind: Kind::Page,
                html,
                summary: h.summary.clone().unwrap_or_default(),
                extra: h.extra.clone(),
                pages: Vec::new(),
            }
        }
        None => Section {
            name: String::new(),
            title: config.title.clone(),
            url: "/".into(),
            kind: Kind::Page,
            html: String::new(),
            summary: config.description.clone(),
            extra: serde_json::Value::Null,
            pages: Vec::new(),
        },
    };

    let mut totals = SiteTotals::default();
    for page in &pages {
        match page.src.kind {
            Kind::Branch => totals.brands += 1,
            Kind::Member => totals.members += 1,
            Kind::Volunteer => {
                let t = &page.links.totals;
                totals.activities += 1;
                totals.volunteers += t.volunteers;
                totals.hours += t.hours;
                totals.served += t.served;
            }
            Kind::Page => {}
        }
    }
    Site {
        config,
        by_content_path: Arc::new(
            pages
                .iter()
                .enumerate()
                .map(|(id, p)| (p.src.content_path.clone(), id))
                .collect(),
        ),
        pages: pages.into_iter().map(Arc::new).collect(),
        sections,
        home,
        tags,
        totals,
        assets,
        derivatives,
        drafts,
        images: image_count,
    }
}

/// Every name an `@/` link may use for a page or a section intro, with the
/// URL it stands for.
struct LinkUrls<'a> {
    urls: FxHashMap<Cow<'a, str>, &'a str>,
}

impl<'a> LinkUrls<'a> {
    fn new(sources: &'a [Arc<SourcePage>], sections: &'a BTreeMap<String, SectionSource>) -> Self {
        let mut urls: FxHashMap<Cow<str>, &str> = FxHashMap::with_capacity_and_hasher(
            sources.len() + sections.len() + 1,
            Default::default(),
        );
        for p in sources {
            urls.insert(Cow::Borrowed(&p.content_path), &p.url);
            if let Some(dir) = p.content_path.strip_suffix("/index.md") {
                urls.insert(Cow::Borrowed(dir), &p.url);
            }
        }
        for s in sections.values() {
            urls.insert(Cow::Owned(format!("{}/_index.md", s.name)), &s.dir_url);
        }
        urls.insert(Cow::Borrowed("_index.md"), "/");
        LinkUrls { urls }
    }

    fn get(&self, target: &str) -> Option<String> {
        let target = target.trim_start_matches('/');
        // A bundle is also named by its folder with a trailing `/`.
        let url = self.urls.get(target).or_else(|| {
            target
                .strip_suffix('/')
                .filter(|dir| !dir.ends_with(".md"))
                .and_then(|dir| self.urls.get(dir))
        });
        url.map(|u| u.to_string())
    }
}

/// Every page's body (see [`body_of`]), with its problems.
fn bodies(
    sources: &[Arc<SourcePage>],
    previous: &FxHashMap<String, CachedBody>,
    answer: &Answer,
    use_cache: bool,
) -> Vec<(Body, Diagnostics, Option<CachedBody>)> {
    sources
        .par_iter()
        .map(|page| {
            let (rendered, fresh) = body_of(page, previous, answer, use_cache);
            let mut d = Diagnostics::new();
            report_body_problems(page, &rendered, &mut d);
            (rendered, d, fresh)
        })
        .collect()
}

/// A body's link and image problems, at their lines in the page's file.
fn report_body_problems(page: &SourcePage, body: &Body, diags: &mut Diagnostics) {
    for problem in &body.problems {
        diags.error(
            &page.source,
            Some(page.body_line + problem.line - 1),
            &problem.message,
        );
    }
}

type Answer<'a> = dyn Fn(&SourcePage, LinkTarget) -> Result<String, String> + Sync + 'a;

/// A page's rendered body: the cached one while its text, folder and every
/// answer it got still hold, else rendered afresh (with the cache entry to
/// keep when `use_cache`).
fn body_of(
    page: &SourcePage,
    previous: &FxHashMap<String, CachedBody>,
    answer: &Answer,
    use_cache: bool,
) -> (Body, Option<CachedBody>) {
    let hit = previous.get(&page.source).filter(|hit| {
        hit.body == page.body
            && hit.dir.as_os_str() == page.dir.as_os_str()
            && hit.dir_url == page.dir_url
            && hit
                .answers
                .iter()
                .all(|(asked, was)| answer(page, asked.target()) == *was)
    });
    match hit {
        Some(hit) => (hit.rendered.clone(), None),
        None => {
            let entry = render_body(page, answer, use_cache);
            if use_cache {
                (entry.rendered.clone(), Some(entry))
            } else {
                (entry.rendered, None)
            }
        }
    }
}

/// Renders one page body; with `record`, keeps what the cache needs to know
/// whether the result is still valid.
fn render_body(page: &SourcePage, answer: &Answer, record: bool) -> CachedBody {
    let answers = std::cell::RefCell::new(Vec::new());
    let rendered = markdown::render(&page.body, &|target| {
        let result = answer(page, target);
        if record {
            answers
                .borrow_mut()
                .push((Asked::of(target), result.clone()));
        }
        result
    });
    let auto_summary = rendered
        .summary_text
        .unwrap_or_else(|| markdown::truncate_chars(&rendered.text, SUMMARY_CHARS));
    let rendered = Body {
        reading_minutes: markdown::reading_minutes(&rendered.text),
        html: rendered.html.into(),
        toc: Arc::new(rendered.toc),
        text: rendered.text.into(),
        summary: auto_summary,
        problems: rendered.problems,
    };
    CachedBody {
        body: page.body.clone(),
        dir: page.dir.clone(),
        dir_url: page.dir_url.clone(),
        answers: answers.into_inner(),
        rendered,
    }
}

fn missing_page_message(path: &str) -> String {
    format!("链接 @/{path} 指向的页面不存在（路径从 content/ 算起，例如 @/members/杜杰.md）")
}

/// Where a body image is published, after checking that the file exists.
fn body_image_url(
    src: &str,
    page_dir: &Path,
    dir_url: &str,
    static_dir: &Path,
) -> Result<String, String> {
    // `markdown` has already percent-decoded `src`.
    match find_image(src, page_dir, static_dir) {
        Some(_) if src.starts_with('/') => Ok(src.to_string()),
        Some(_) => Ok(format!("{dir_url}{}", src.trim_start_matches("./"))),
        None => Err(missing_image_message(src)),
    }
}

fn missing_image_message(src: &str) -> String {
    if src.starts_with('/') {
        format!("找不到图片 {src}：以 / 开头的图片应放在 static{src}")
    } else {
        format!("找不到图片 {src}：相对路径的图片应放在这个页面文件旁边（或页面文件夹里）")
    }
}

/// A relative image is next to the page; an absolute one is in `static/`.
fn find_image(src: &str, page_dir: &Path, static_dir: &Path) -> Option<PathBuf> {
    if src.contains("..") {
        return None;
    }
    let path = match src.strip_prefix('/') {
        Some(rest) => static_dir.join(rest),
        None => page_dir.join(src.trim_start_matches("./")),
    };
    path.is_file().then_some(path)
}

/// Checks that no two pages, and no page and a generated list, share a URL.
fn check_urls(
    pages: &[Arc<SourcePage>],
    sections: &BTreeMap<String, SectionSource>,
    config: &Config,
    diags: &mut Diagnostics,
) {
    let mut generated: HashMap<String, String> = HashMap::new();
    generated.insert("/tags/".into(), "标签列表".into());
    if config.search {
        generated.insert("/search/".into(), "搜索页".into());
    }
    for s in sections.values() {
        generated.insert(s.dir_url.clone(), format!("栏目“{}”的列表", s.title));
    }
    let mut seen: FxHashMap<&str, &SourcePage> =
        FxHashMap::with_capacity_and_hasher(pages.len(), Default::default());
    for page in pages {
        if let Some(what) = generated.get(&page.url) {
            diags.error(
                &page.source,
                None,
                format!(
                    "网址 {} 与自动生成的{what}重复，请换一个文件名或写 slug",
                    page.url
                ),
            );
        } else if let Some(first) = seen.get(page.url.as_str()) {
            for (this, other) in [(&**page, *first), (*first, &**page)] {
                diags.error(
                    &this.source,
                    None,
                    format!(
                        "与 {} 的网址相同（{}），请改文件名或用 slug 字段区分",
                        other.source, page.url
                    ),
                );
            }
        } else {
            seen.insert(&page.url, page);
        }
    }
}

type ProcessedImages = (HashMap<PageId, PageImages>, Vec<Derivative>);

/// Checks every front-matter image and makes its web versions, each file
/// once however many pages use it.
fn process_images(
    root: &Path,
    pages: &[Arc<SourcePage>],
    mode: &ImageMode,
    diags: &mut Diagnostics,
    count: &mut usize,
) -> ProcessedImages {
    #[derive(Clone, Copy)]
    enum Slot {
        Cover,
        Logo,
        Photo,
        Photos,
    }
    let static_dir = root.join("static");
    // (page, slot, file, published URL of the original, line)
    let mut wanted: Vec<(PageId, Slot, PathBuf, String, usize)> = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        let mut refs: Vec<(Slot, &Located<String>)> = Vec::new();
        if let Some(c) = &page.cover {
            refs.push((Slot::Cover, c));
        }
        match &page.fields {
            KindFields::Branch(b) => refs.extend(b.logo.iter().map(|l| (Slot::Logo, l))),
            KindFields::Member(m) => refs.extend(m.photo.iter().map(|l| (Slot::Photo, l))),
            KindFields::Volunteer(v) => refs.extend(v.photos.iter().map(|l| (Slot::Photos, l))),
            KindFields::Page => {}
        }
        for (slot, located) in refs {
            let src = &located.value;
            match find_image(src, &page.dir, &static_dir) {
                Some(file) => {
                    let url = if src.starts_with('/') {
                        src.to_string()
                    } else {
                        format!("{}{}", page.dir_url, src.trim_start_matches("./"))
                    };
                    wanted.push((id, slot, file, url, located.line));
                }
                None => diags.error(&page.source, Some(located.line), missing_image_message(src)),
            }
        }
    }

    let mut unique: Vec<(&PathBuf, &String)> = wanted.iter().map(|w| (&w.2, &w.3)).collect();
    unique.sort();
    unique.dedup();
    *count = unique.len();
    let results: HashMap<&PathBuf, Result<(WebImage, Vec<Derivative>), String>> = unique
        .par_iter()
        .map(|&(file, url)| {
            let result = match mode {
                ImageMode::Process(processor) => processor.process(file, url),
                ImageMode::Verify => verify_image(file, url),
            };
            (file, result)
        })
        .collect();

    let mut out: HashMap<PageId, PageImages> = HashMap::new();
    let mut derivatives = Vec::new();
    let mut reported = std::collections::HashSet::new();
    for (id, slot, file, _, line) in &wanted {
        match results.get(file) {
            Some(Ok((image, _))) => {
                let mut image = image.clone();
                image.alt = image_alt(&pages[*id]);
                let entry = out.entry(*id).or_default();
                match slot {
                    Slot::Cover => entry.cover = Some(image),
                    Slot::Logo => entry.logo = Some(image),
                    Slot::Photo => entry.photo = Some(image),
                    Slot::Photos => entry.photos.push(image),
                }
            }
            Some(Err(message)) if reported.insert((pages[*id].source.clone(), *line)) => {
                diags.error(&pages[*id].source, Some(*line), message.clone());
            }
            _ => {}
        }
    }
    for result in results.into_values().flatten() {
        derivatives.extend(result.1);
    }
    (out, derivatives)
}

/// For `check`: the header must decode; nothing is written.
fn verify_image(file: &Path, url: &str) -> Result<(WebImage, Vec<Derivative>), String> {
    match image::image_dimensions(file) {
        Ok((width, height)) => Ok((
            WebImage {
                src: url.to_string(),
                srcset: String::new(),
                width,
                height,
                original: url.to_string(),
                alt: String::new(),
            },
            Vec::new(),
        )),
        Err(_) => Err(format!(
            "图片无法读取（文件损坏或格式不支持）：{}",
            file.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        )),
    }
}

fn image_alt(page: &SourcePage) -> String {
    match &page.fields {
        KindFields::Member(m) if !m.name.is_empty() => m.name.clone(),
        _ => page.title.clone(),
    }
}

/// Resolves brand and member references: each page's links and totals, by
/// page id, and the problems found.
fn link_references(pages: &[Page]) -> (Vec<Links>, Diagnostics) {
    let mut brand_keys: FxHashMap<&str, Vec<PageId>> = FxHashMap::default();
    let mut member_keys: FxHashMap<&str, Vec<PageId>> = FxHashMap::default();
    for (id, page) in pages.iter().enumerate() {
        match &page.src.fields {
            KindFields::Branch(b) => {
                for key in [
                    page.src.slug.as_str(),
                    b.branch.as_str(),
                    page.src.title.as_str(),
                ] {
                    let ids = brand_keys.entry(key).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            KindFields::Member(m) => {
                for key in [page.src.slug.as_str(), m.name.as_str()] {
                    let ids = member_keys.entry(key).or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            _ => {}
        }
    }

    let mut problems = Diagnostics::new();
    let mut member_links: Vec<(PageId, PageId)> = Vec::new(); // (member, brand)
    let mut record_links: Vec<(PageId, Vec<PageId>, Vec<PageId>)> = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        match &page.src.fields {
            KindFields::Member(m) => {
                if let Some(r) = &m.branch {
                    if let Some(brand) =
                        lookup(pages, page, &brand_keys, r, "支部品牌", &mut problems)
                    {
                        member_links.push((id, brand));
                    }
                }
            }
            KindFields::Volunteer(v) => {
                let brands: Vec<PageId> = v
                    .branches
                    .iter()
                    .filter_map(|r| lookup(pages, page, &brand_keys, r, "支部品牌", &mut problems))
                    .collect();
                let members: Vec<PageId> = v
                    .members
                    .iter()
                    .filter_map(|r| lookup(pages, page, &member_keys, r, "先锋人物", &mut problems))
                    .collect();
                record_links.push((id, dedup(brands), dedup(members)));
            }
            _ => {}
        }
    }
    let mut links = vec![Links::default(); pages.len()];

    for (member, brand) in member_links {
        links[member].brand = Some(brand);
        links[brand].members.push(member);
    }
    for (record, brands, members) in record_links {
        let totals = match &pages[record].src.fields {
            KindFields::Volunteer(v) => Totals {
                activities: 1,
                volunteers: v.volunteers,
                hours: v.hours,
                served: v.served,
            },
            _ => Totals::default(),
        };
        links[record].totals = totals;
        for &brand in &brands {
            links[brand].records.push(record);
            links[brand].totals.add(&totals);
        }
        for &member in &members {
            links[member].records.push(record);
        }
        links[record].brands = brands;
        links[record].members = members;
    }
    for id in 0..pages.len() {
        let mut members = std::mem::take(&mut links[id].members);
        if pages[id].src.kind == Kind::Branch {
            sort_pages(&mut members, pages, Kind::Member);
        }
        let mut records = std::mem::take(&mut links[id].records);
        sort_pages(&mut records, pages, Kind::Volunteer);
        links[id].members = members;
        links[id].records = records;
    }
    (links, problems)
}

/// The one page a reference names; an error naming the nearest candidates
/// when it names none, or the files when it names several.
fn lookup(
    pages: &[Page],
    page: &Page,
    keys: &FxHashMap<&str, Vec<PageId>>,
    reference: &Located<String>,
    what: &str,
    problems: &mut Diagnostics,
) -> Option<PageId> {
    match keys.get(reference.value.as_str()).map(Vec::as_slice) {
        Some([id]) => Some(*id),
        Some(ids) => {
            let files: Vec<&str> = ids.iter().map(|&i| pages[i].src.source.as_str()).collect();
            problems.error(
                &page.src.source,
                Some(reference.line),
                format!(
                    "“{}”同时匹配多个{what}（{}），请改用网址名（slug）",
                    reference.value,
                    files.join("、")
                ),
            );
            None
        }
        None => {
            let mut names: Vec<&str> = keys.keys().copied().collect();
            names.sort_unstable();
            let hint = nearest(&reference.value, &names);
            problems.error(
                &page.src.source,
                Some(reference.line),
                format!("找不到{what}“{}”{hint}", reference.value),
            );
            None
        }
    }
}

fn dedup(ids: Vec<PageId>) -> Vec<PageId> {
    let mut kept = Vec::with_capacity(ids.len());
    for id in ids {
        // A record names a handful of pages: a scan beats a hash set.
        if !kept.contains(&id) {
            kept.push(id);
        }
    }
    kept
}

/// "，是不是：a、b？" with the closest known names.
fn nearest(wrong: &str, names: &[&str]) -> String {
    let mut scored: Vec<(f64, &str)> = names
        .iter()
        .map(|n| {
            (
                strsim::jaro_winkler(wrong, n).max(shared_chars(wrong, n)),
                *n,
            )
        })
        .filter(|(s, _)| *s > 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best: Vec<&str> = scored.iter().take(3).map(|(_, n)| *n).collect();
    if best.is_empty() {
        String::new()
    } else {
        format!("，是不是：{}？", best.join("、"))
    }
}

/// Share of the wrong name's characters found in a candidate: Chinese names
/// are short, so edit distance alone misses `心内科支部` → `心血管内科党支部`.
fn shared_chars(wrong: &str, candidate: &str) -> f64 {
    let total = wrong.chars().count();
    if total == 0 {
        return 0.0;
    }
    let hits = wrong.chars().filter(|c| candidate.contains(*c)).count();
    hits as f64 / total as f64 * 0.9
}

/// List order: dated kinds newest first; brands and members by weight, then
/// by name (pinyin slug) so the order is stable.
fn sort_pages(ids: &mut [PageId], pages: &[Page], kind: Kind) {
    let dated = matches!(kind, Kind::Volunteer)
        || (kind == Kind::Page && ids.iter().any(|&i| pages[i].src.date.is_some()));
    ids.sort_by(|&a, &b| {
        let (a, b) = (&pages[a].src, &pages[b].src);
        if dated {
            b.date
                .cmp(&a.date)
                .then(a.weight.cmp(&b.weight))
                .then(a.slug.cmp(&b.slug))
        } else {
            a.weight.cmp(&b.weight).then(a.slug.cmp(&b.slug))
        }
    });
}

fn render_intro(
    s: &SectionSource,
    link_url: &dyn Fn(&str) -> Option<String>,
    static_dir: &Path,
) -> (String, Diagnostics) {
    let rendered = markdown::render(&s.body, &|target| match target {
        LinkTarget::Page(path) => link_url(path).ok_or_else(|| missing_page_message(path)),
        LinkTarget::Image(src) => body_image_url(src, &s.dir, &s.dir_url, static_dir),
    });
    let mut d = Diagnostics::new();
    for p in &rendered.problems {
        d.error(&s.source, Some(s.body_line + p.line - 1), &p.message);
    }
    (rendered.html, d)
}

fn collect_tags(pages: &[Page]) -> Vec<Tag> {
    let mut tags: BTreeMap<&str, Tag> = BTreeMap::new();
    for (id, page) in pages.iter().enumerate() {
        for t in &page.tags {
            let tag = tags.entry(&t.slug).or_insert_with(|| Tag {
                name: t.name.clone(),
                slug: t.slug.clone(),
                url: t.url.clone(),
                pages: Vec::new(),
            });
            // Pages come in id order: a page naming one tag twice (in two
            // spellings) is the last one added.
            if tag.pages.last() != Some(&id) {
                tag.pages.push(id);
            }
        }
    }
    let mut tags: Vec<Tag> = tags.into_values().collect();
    tags.par_iter_mut().for_each(|tag| {
        tag.pages.sort_by(|&a, &b| {
            let (a, b) = (&pages[a].src, &pages[b].src);
            b.date.cmp(&a.date).then(a.slug.cmp(&b.slug))
        });
    });
    tags
}
