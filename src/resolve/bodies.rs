//! Markdown bodies: rendered with their `@/` links and images resolved,
//! in parallel, and kept between rebuilds by `serve` while still valid.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::files::{self, SearchScope, Uses};
use super::ImageMode;
use crate::diagnostics::{Code, Diagnostics, Place};
use crate::load::{PendingPage, SectionSource, SourcePage};
use crate::markdown::{self, Found, Heading, LinkTarget, RawHtml};

/// Characters of body text shown as a default summary.
const SUMMARY_CHARS: usize = 120;

struct CachedBody {
    body: Arc<str>,
    dir: PathBuf,
    dir_url: String,
    raw: RawHtml,
    /// Every question the renderer asked, with the answer it got.
    answers: Vec<(Asked, Result<Found, String>)>,
    rendered: Body,
}

/// A rendered body with what is derived from its text alone.
#[derive(Clone)]
pub(super) struct Body {
    pub(super) html: Arc<str>,
    pub(super) toc: Arc<Vec<Heading>>,
    pub(super) text: Arc<str>,
    /// The text before `<!-- more -->`, else the start of the text.
    pub(super) summary: String,
    pub(super) reading_minutes: u32,
    pub(super) problems: Vec<markdown::BodyProblem>,
    /// The content files and image versions the body needs published.
    pub(super) uses: Uses,
}

#[derive(Clone, PartialEq)]
enum Asked {
    Page(String),
    Image(String),
    Media(String),
    File(String),
}

impl Asked {
    fn of(target: LinkTarget) -> Asked {
        match target {
            LinkTarget::Page(p) => Asked::Page(p.to_string()),
            LinkTarget::Image(p) => Asked::Image(p.to_string()),
            LinkTarget::Media(p) => Asked::Media(p.to_string()),
            LinkTarget::File(p) => Asked::File(p.to_string()),
        }
    }

    fn target(&self) -> LinkTarget<'_> {
        match self {
            Asked::Page(p) => LinkTarget::Page(p),
            Asked::Image(p) => LinkTarget::Image(p),
            Asked::Media(p) => LinkTarget::Media(p),
            Asked::File(p) => LinkTarget::File(p),
        }
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

/// Answers the questions a body asks while it renders: where an `@/` link,
/// an image, a video or an attachment is published (or why it cannot be),
/// and what must be published for it.
pub(super) struct Answers<'a> {
    /// Built on first use: an edit of one body with no links needs none.
    link_urls: std::sync::OnceLock<LinkUrls<'a>>,
    sources: &'a [Arc<SourcePage>],
    sections: &'a BTreeMap<String, SectionSource>,
    static_dir: PathBuf,
    images: &'a ImageMode<'a>,
    /// What becomes of raw HTML (`markdown.html`).
    raw: RawHtml,
    /// Pages left out because they are in review: a link to one is named
    /// as such, not as missing.
    pending: &'a [PendingPage],
    /// Body photos made in parallel before the bodies render.
    prepared: std::sync::OnceLock<files::Prepared>,
}

impl<'a> Answers<'a> {
    pub(super) fn new(
        root: &Path,
        sources: &'a [Arc<SourcePage>],
        sections: &'a BTreeMap<String, SectionSource>,
        images: &'a ImageMode<'a>,
        raw: RawHtml,
    ) -> Self {
        Answers {
            raw,
            link_urls: std::sync::OnceLock::new(),
            sources,
            sections,
            static_dir: root.join("static"),
            images,
            pending: &[],
            prepared: std::sync::OnceLock::new(),
        }
    }

    /// Makes the web versions of the body photos of `pages` at once, in
    /// parallel (see [`files::prepare_body_images`]).
    fn prepare_images(&self, pages: &[&SourcePage]) {
        let made = files::prepare_body_images(pages, &self.static_dir, self.images);
        let _ = self.prepared.set(made);
    }

    /// Links to these pages are reported as links to pages in review.
    pub(super) fn with_pending(self, pending: &'a [PendingPage]) -> Self {
        Answers { pending, ..self }
    }

    fn missing_page(&self, path: &str) -> String {
        let path = path.trim_start_matches('/');
        match self
            .pending
            .iter()
            .find(|p| !p.content_path.is_empty() && p.content_path == path)
        {
            Some(page) => format!(
                "链接 @/{path} 指向的页面还在审核中（{}），没有发布，链接会打不开：请先完成它的审核，或暂时去掉这个链接",
                page.state.label()
            ),
            None => missing_page_message(path),
        }
    }

    /// What a target of a body in `dir` (published under `dir_url`) is.
    fn answer(
        &self,
        dir: &Path,
        dir_url: &str,
        target: LinkTarget,
    ) -> (Result<Found, String>, Uses) {
        let place = SearchScope {
            dir,
            dir_url,
            static_dir: &self.static_dir,
        };
        match target {
            LinkTarget::Page(path) => (
                self.link_urls
                    .get_or_init(|| LinkUrls::new(self.sources, self.sections))
                    .get(path)
                    .map(Found::from)
                    .ok_or_else(|| self.missing_page(path)),
                Uses::default(),
            ),
            LinkTarget::Image(src) => {
                files::body_image(src, place, self.images, self.prepared.get())
            }
            LinkTarget::Media(src) => files::body_file(src, place, media_noun(src)),
            LinkTarget::File(src) => files::body_file(src, place, "附件"),
        }
    }

    fn for_page(&self, page: &SourcePage, target: LinkTarget) -> (Result<Found, String>, Uses) {
        self.answer(&page.dir, &page.dir_url, target)
    }
}

/// 视频 or 音频, for messages.
fn media_noun(src: &str) -> &'static str {
    let lower = src.to_ascii_lowercase();
    if [".mp3", ".m4a", ".wav", ".ogg", ".aac"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        "音频"
    } else {
        "视频"
    }
}

/// Rendered bodies kept between rebuilds by `serve`, by source path. An
/// entry is reused when the page's body, folder and folder URL are the same
/// and every `@/` link and body image it resolved still resolves to the
/// same answer (so adding the page a link names, or deleting an image,
/// renders the body again). Problems are always reported again from the
/// kept result.
#[derive(Default)]
pub struct BodyCache {
    entries: FxHashMap<String, CachedBody>,
}

impl BodyCache {
    /// A page's body, reusing the kept one while it stands and keeping a
    /// new one; its problems go to `diags`.
    pub(super) fn body(
        &mut self,
        page: &SourcePage,
        answers: &Answers,
        diags: &mut Diagnostics,
    ) -> Body {
        let (body, fresh) = body_of(page, &self.entries, answers, true);
        if let Some(entry) = fresh {
            self.entries.insert(page.content_path.clone(), entry);
        }
        report_body_problems(page, &body, diags);
        body
    }
}

/// Every page's body, in page order, with its problems in `diags`; with a
/// cache, reusing what stands and keeping what is new.
pub(super) fn render_bodies(
    sources: &[Arc<SourcePage>],
    answers: &Answers,
    cache: Option<&mut BodyCache>,
    diags: &mut Diagnostics,
) -> Vec<Body> {
    let no_cache = FxHashMap::default();
    let previous = cache.as_deref().map_or(&no_cache, |c| &c.entries);
    let use_cache = cache.is_some();
    // Bodies that will render (not kept from the last build unchanged).
    let changed: Vec<&SourcePage> = sources
        .iter()
        .filter(|p| {
            previous
                .get(&p.content_path)
                .is_none_or(|hit| hit.body != p.body)
        })
        .map(|p| &**p)
        .collect();
    answers.prepare_images(&changed);
    let done: Vec<(Body, Diagnostics, Option<CachedBody>)> = sources
        .par_iter()
        .map(|page| {
            let (rendered, fresh) = body_of(page, previous, answers, use_cache);
            let mut d = Diagnostics::new();
            report_body_problems(page, &rendered, &mut d);
            (rendered, d, fresh)
        })
        .collect();
    let mut bodies = Vec::with_capacity(done.len());
    let mut fresh_entries = Vec::new();
    for (page, (body, d, fresh)) in sources.iter().zip(done) {
        diags.extend(d);
        if let Some(entry) = fresh {
            fresh_entries.push((page.content_path.clone(), entry));
        }
        bodies.push(body);
    }
    if let Some(cache) = cache {
        cache.entries.extend(fresh_entries);
        // Sources are unique, so more entries than pages means some pages
        // are gone.
        if cache.entries.len() > sources.len() {
            let live: FxHashSet<&str> = sources.iter().map(|p| p.content_path.as_str()).collect();
            cache
                .entries
                .retain(|source, _| live.contains(source.as_str()));
        }
    }
    bodies
}

/// A body's link and image problems, at their lines in the page's file.
fn report_body_problems(page: &SourcePage, body: &Body, diags: &mut Diagnostics) {
    report_problems(|line| page.body_place(line), &body.problems, diags);
}

/// Problems found in a body, each at the place `at` gives the line of the
/// body it is on.
fn report_problems(
    at: impl Fn(usize) -> Place,
    problems: &[markdown::BodyProblem],
    diags: &mut Diagnostics,
) {
    for problem in problems {
        let place = at(problem.line);
        if problem.warning {
            diags.warning_at(Code::Body, place, &problem.message);
        } else {
            diags.error_at(Code::Body, place, &problem.message);
        }
    }
}

/// A page's rendered body: the cached one while its text, folder and every
/// answer it got still hold, else rendered afresh (with the cache entry to
/// keep when `use_cache`).
fn body_of(
    page: &SourcePage,
    previous: &FxHashMap<String, CachedBody>,
    answers: &Answers,
    use_cache: bool,
) -> (Body, Option<CachedBody>) {
    let hit = previous.get(&page.content_path).filter(|hit| {
        hit.body == page.body
            && hit.dir.as_os_str() == page.dir.as_os_str()
            && hit.dir_url == page.dir_url
            && hit.raw == answers.raw
            && hit
                .answers
                .iter()
                .all(|(asked, was)| answers.for_page(page, asked.target()).0 == *was)
    });
    match hit {
        Some(hit) => (hit.rendered.clone(), None),
        None => {
            let entry = render_body(page, answers, use_cache);
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
fn render_body(page: &SourcePage, answers: &Answers, record: bool) -> CachedBody {
    let asked = std::cell::RefCell::new(Vec::new());
    let uses = std::cell::RefCell::new(Uses::default());
    let rendered = markdown::render_with(&page.body, answers.raw, &|target| {
        let (result, used) = answers.for_page(page, target);
        let mut all = uses.borrow_mut();
        all.files.extend(used.files);
        all.derivatives.extend(used.derivatives);
        if record {
            asked.borrow_mut().push((Asked::of(target), result.clone()));
        }
        result
    });
    let auto_summary = match &rendered.summary_text {
        Some(summary) => markdown::one_line(summary),
        None => markdown::truncate_chars(&markdown::one_line(&rendered.text), SUMMARY_CHARS),
    };
    let rendered = Body {
        reading_minutes: markdown::reading_minutes(&rendered.text),
        html: rendered.html.into(),
        toc: Arc::new(rendered.toc),
        text: rendered.text.into(),
        summary: auto_summary,
        problems: rendered.problems,
        uses: uses.into_inner(),
    };
    CachedBody {
        body: page.body.clone(),
        dir: page.dir.clone(),
        dir_url: page.dir_url.clone(),
        raw: answers.raw,
        answers: asked.into_inner(),
        rendered,
    }
}

fn missing_page_message(path: &str) -> String {
    format!("链接 @/{path} 指向的页面不存在（路径从 content/ 算起，例如 @/members/杜杰.md）")
}

/// A section intro's HTML and what it needs published, with its link and
/// image problems.
pub(super) fn render_intro(
    s: &SectionSource,
    answers: &Answers,
    diags: &mut Diagnostics,
) -> (String, Uses) {
    let uses = std::cell::RefCell::new(Uses::default());
    let rendered = markdown::render_with(&s.body, answers.raw, &|target| {
        let (result, used) = answers.answer(&s.dir, &s.dir_url, target);
        let mut all = uses.borrow_mut();
        all.files.extend(used.files);
        all.derivatives.extend(used.derivatives);
        result
    });
    let at = |line: usize| Place::line(&s.source, s.body_line + line - 1);
    report_problems(at, &rendered.problems, diags);
    (rendered.html, uses.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Level};
    use crate::resolve::test_support::source;

    fn news_section() -> BTreeMap<String, SectionSource> {
        let news = SectionSource {
            source: "content/news/_index.md".into(),
            name: "news".into(),
            dir_url: "/news/".into(),
            ..SectionSource::default()
        };
        BTreeMap::from([("news".to_string(), news)])
    }

    #[test]
    fn link_urls_name_pages_bundles_and_section_intros() {
        let sources = [
            source("members/杜杰.md"),
            source("branches/yanke-shouming/index.md"),
        ]
        .map(Arc::new);
        let sections = news_section();
        let urls = LinkUrls::new(&sources, &sections);
        let get = |target: &str| urls.get(target);
        assert_eq!(get("members/杜杰.md").as_deref(), Some("/members/du-jie/"));
        assert_eq!(get("/members/杜杰.md").as_deref(), Some("/members/du-jie/"));
        for bundle in [
            "branches/yanke-shouming/index.md",
            "branches/yanke-shouming/",
            "branches/yanke-shouming",
            "/branches/yanke-shouming/",
        ] {
            assert_eq!(
                get(bundle).as_deref(),
                Some("/branches/yanke-shouming/"),
                "{bundle}"
            );
        }
        assert_eq!(get("news/_index.md").as_deref(), Some("/news/"));
        assert_eq!(get("_index.md").as_deref(), Some("/"));
        assert_eq!(get("/_index.md").as_deref(), Some("/"));
        // A page file is not a folder, and is named with its `.md`.
        for unknown in ["members/nobody.md", "members/杜杰.md/", "members/杜杰"] {
            assert_eq!(get(unknown), None, "{unknown}");
        }
    }

    /// A news page linking to 杜杰 and, on its third body line, to a page
    /// that does not exist; its body starts on line 5 of its file.
    fn news_page(body: &str) -> Arc<SourcePage> {
        Arc::new(SourcePage {
            body: body.into(),
            body_line: 5,
            origin: crate::load::Origin::Markdown,
            review: Default::default(),
            ..source("news/a.md")
        })
    }

    const LINKS: &str = "见[杜杰](@/members/杜杰.md)。\n\n[无](@/members/nobody.md)\n";

    /// Renders `sources` through `cache`, with the problems found.
    fn render(sources: &[Arc<SourcePage>], cache: &mut BodyCache) -> (Vec<Body>, Vec<Diagnostic>) {
        let sections = BTreeMap::new();
        // No image is asked for: the static folder is never read.
        let answers = Answers::new(
            Path::new("/nonexistent-site"),
            sources,
            &sections,
            &ImageMode::Verify,
            RawHtml::Escape,
        );
        let mut diags = Diagnostics::new();
        let bodies = render_bodies(sources, &answers, Some(cache), &mut diags);
        (bodies, diags.into_iter().collect())
    }

    fn missing_nobody() -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            code: Code::Body,
            path: "content/news/a.md".into(),
            line: Some(7),
            cell: None,
            message: missing_page_message("members/nobody.md"),
        }
    }

    #[test]
    fn an_unchanged_body_is_reused_and_its_problems_reported_again() {
        let sources = vec![news_page(LINKS), Arc::new(source("members/杜杰.md"))];
        let mut cache = BodyCache::default();
        let (first, problems) = render(&sources, &mut cache);
        assert!(
            first[0]
                .html
                .contains(r#"<a href="/members/du-jie/">杜杰</a>"#),
            "{}",
            first[0].html
        );
        assert_eq!(problems, [missing_nobody()]);

        let (second, problems) = render(&sources, &mut cache);
        assert!(Arc::ptr_eq(&first[0].html, &second[0].html));
        assert!(Arc::ptr_eq(&first[1].html, &second[1].html));
        assert_eq!(problems, [missing_nobody()]);

        // Without the cache the same body is a new rendering.
        let sections = BTreeMap::new();
        let answers = Answers::new(
            Path::new("/nonexistent-site"),
            &sources,
            &sections,
            &ImageMode::Verify,
            RawHtml::Escape,
        );
        let uncached = render_bodies(&sources, &answers, None, &mut Diagnostics::new());
        assert!(!Arc::ptr_eq(&first[0].html, &uncached[0].html));
        assert_eq!(first[0].html, uncached[0].html);
    }

    #[test]
    fn a_changed_body_renders_again() {
        let du_jie = Arc::new(source("members/杜杰.md"));
        let mut cache = BodyCache::default();
        let (first, _) = render(&[news_page(LINKS), Arc::clone(&du_jie)], &mut cache);
        let edited = format!("新的开头。\n\n{LINKS}");
        let (second, problems) = render(&[news_page(&edited), du_jie], &mut cache);
        assert!(!Arc::ptr_eq(&first[0].html, &second[0].html));
        assert!(second[0].html.contains("新的开头"), "{}", second[0].html);
        assert!(Arc::ptr_eq(&first[1].html, &second[1].html));
        // The broken link moved down two lines.
        assert_eq!(
            problems,
            [Diagnostic {
                line: Some(9),
                cell: None,
                ..missing_nobody()
            }]
        );
    }

    #[test]
    fn a_body_renders_again_when_a_link_it_asked_about_now_resolves() {
        let du_jie = Arc::new(source("members/杜杰.md"));
        let news = news_page(LINKS);
        let mut cache = BodyCache::default();
        let (first, _) = render(&[Arc::clone(&news), Arc::clone(&du_jie)], &mut cache);
        let nobody = Arc::new(source("members/nobody.md"));
        let (second, problems) = render(&[news, du_jie, nobody], &mut cache);
        assert!(!Arc::ptr_eq(&first[0].html, &second[0].html));
        assert!(
            second[0].html.contains(r#"href="/members/nobody/""#),
            "{}",
            second[0].html
        );
        assert_eq!(problems, []);
    }

    #[test]
    fn a_removed_page_leaves_the_cache() {
        let du_jie = Arc::new(source("members/杜杰.md"));
        let mut cache = BodyCache::default();
        render(&[news_page(LINKS), Arc::clone(&du_jie)], &mut cache);
        assert_eq!(cache.entries.len(), 2);
        render(&[du_jie], &mut cache);
        let kept: Vec<&str> = cache.entries.keys().map(String::as_str).collect();
        assert_eq!(kept, ["members/杜杰.md"]);
    }
}
