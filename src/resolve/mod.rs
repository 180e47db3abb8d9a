//! Stage 3: turn loaded sources into a consistent site model.
//!
//! Checks that every URL is unique ([`lists`]), renders Markdown bodies
//! with their `@/` links and images ([`bodies`]), checks front-matter
//! images and makes their web versions ([`images`]), resolves brand and
//! member references ([`references`]) and computes the lists and totals (a
//! brand's members and records, the site's sections, tags and totals).
//! After this stage nothing refers to a file or a name any more:
//! everything is an index into `Site::pages`. `serve` keeps what it can
//! between rebuilds ([`incremental`]).

mod bodies;
mod checks;
mod files;
mod images;
mod incremental;
mod lists;
mod references;
#[cfg(test)]
mod test_support;

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::images::{Derivative, ImageProcessor, WebImage};
use crate::load::{Asset, Content, SectionSource, SourcePage};
use crate::markdown::Heading;
use crate::model::Kind;
use crate::slug::slugify;

use bodies::{Answers, Body, BodyCache};

pub use checks::Logo;
pub(crate) use files::Uses;
pub use incremental::{resolve_cached, ResolveCache};

pub type PageId = usize;

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
#[derive(Debug, Clone, Default, PartialEq)]
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

#[derive(Debug, Clone, PartialEq)]
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
    /// The content files and image versions the body needs published.
    pub(crate) uses: Uses,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
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
    /// Its `_index.md` as messages name it, empty when there is none.
    pub source: String,
    /// Where its intro stands in review, and the folder it was read from
    /// (its approved copy's, when that is what is published).
    pub review: crate::review::PageReview,
    pub dir: std::path::PathBuf,
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
    /// Where each draft would be, for `serve`'s explanations.
    pub draft_pages: Vec<crate::load::DraftPage>,
    /// Pages (and ledgers) left out because they are still in review.
    pub pending: Vec<crate::load::PendingPage>,
    pub images: usize,
    /// The site's logo (`logo` in site.yaml).
    pub logo: Option<checks::Logo>,
}

impl Page {
    /// A brand's branch name (急诊科党支部), else its title: how charts,
    /// tables and statistics name an organising brand.
    pub fn branch_name(&self) -> String {
        match &self.src.fields {
            crate::model::KindFields::Branch(b) if !b.branch.is_empty() => b.branch.clone(),
            _ => self.src.title.clone(),
        }
    }
}

impl Site {
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// The section of volunteer records.
    pub fn volunteer_section(&self) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == Kind::Volunteer)
    }

    /// Volunteer records, newest first.
    pub fn records(&self) -> &[PageId] {
        self.volunteer_section().map_or(&[], |s| &s.pages)
    }

    /// The list of one year's volunteer records: `/volunteer/year/2024/`.
    pub fn year_url(&self, year: i32) -> String {
        let base = self.volunteer_section().map_or("/", |s| s.url.as_str());
        format!("{base}year/{year}/")
    }
}

/// How images are handled: a build makes web versions, `check` only
/// verifies that each image can be read.
pub enum ImageMode<'a> {
    Process(&'a ImageProcessor),
    Verify,
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

/// [`resolve`], reusing (and keeping) rendered bodies in `bodies`.
fn resolve_with(
    root: &Path,
    config: Config,
    content: Content,
    images: ImageMode,
    body_cache: Option<&mut BodyCache>,
    diags: &mut Diagnostics,
) -> Site {
    let Content {
        pages: sources,
        sections: section_sources,
        home: home_source,
        assets,
        drafts,
        draft_pages,
        pending,
    } = content;
    let answers =
        Answers::new(root, &sources, &section_sources, &images, config.html).with_pending(&pending);
    // Markdown bodies, in parallel, with the URL check beside them.
    let mut url_problems = Diagnostics::new();
    let ((), bodies) = rayon::join(
        || lists::check_urls(&sources, &section_sources, &config, &mut url_problems),
        || {
            let mut d = Diagnostics::new();
            let bodies = bodies::render_bodies(&sources, &answers, body_cache, &mut d);
            (bodies, d)
        },
    );
    let (bodies, body_problems) = bodies;
    diags.extend(url_problems);
    let mut front_matter_images = 0;
    let processed =
        images::process_images(root, &sources, &images, diags, &mut front_matter_images);
    diags.extend(body_problems);
    let mut uses = processed.uses;
    let mut intro = |s: &SectionSource| {
        let (html, used) = bodies::render_intro(s, &answers, diags);
        uses.files.extend(used.files);
        uses.derivatives.extend(used.derivatives);
        html
    };
    let section_html: Vec<String> = section_sources.values().map(&mut intro).collect();
    let home_html = home_source.as_ref().map(intro);
    drop(answers);
    for body in &bodies {
        uses.files.extend(body.uses.files.iter().cloned());
        uses.derivatives
            .extend(body.uses.derivatives.iter().cloned());
    }
    // Each page's intro, photos and attachments; the rest is not published.
    let (assets, derivatives) = files::published(root, assets, uses, diags);
    let image_count = published_photos(&derivatives, front_matter_images);
    let mut pages = make_pages(&sources, bodies, processed.by_page);
    drop(sources);
    // References and the section and tag lists read different parts of the
    // pages: they are worked out side by side.
    let ((links, problems), (sections, tags)) = rayon::join(
        || references::link_references(&pages, &pending),
        || {
            let sections = lists::sections(section_sources, section_html, &pages);
            (sections, lists::collect_tags(&pages))
        },
    );
    diags.extend(problems);
    for (page, links) in pages.iter_mut().zip(links) {
        page.links = links;
    }
    checks::nav_targets(root, &config, &pages, &sections, &tags, &pending, diags);
    checks::duplicate_records(&pages, diags);
    let logo = checks::logo(root, &config, diags);
    let home = lists::home_section(home_source, home_html, &config);
    let totals = lists::site_totals(&pages);
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
        draft_pages,
        pending,
        images: image_count,
        logo,
    }
}

/// Every photo published with web versions, wherever it was given (front
/// matter, body, pasted HTML, ledger): one per original. (`check` makes no
/// web versions: it counts the front-matter photos.)
fn published_photos(derivatives: &[Derivative], front_matter: usize) -> usize {
    if derivatives.is_empty() {
        return front_matter;
    }
    derivatives
        .iter()
        .map(|d| crate::images::original_of(&d.url))
        .collect::<rustc_hash::FxHashSet<_>>()
        .len()
}

/// Each source with its body, tags and images; links come later.
fn make_pages(
    sources: &[Arc<SourcePage>],
    bodies: Vec<Body>,
    mut images: std::collections::HashMap<PageId, PageImages>,
) -> Vec<Page> {
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
    let images: Vec<PageImages> = (0..sources.len())
        .map(|id| images.remove(&id).unwrap_or_default())
        .collect();
    sources
        .par_iter()
        .zip(bodies)
        .zip(images)
        .map(|((src, body), images)| {
            let tags = src
                .tags
                .iter()
                .filter_map(|t| tag_refs.get(t.value.as_str()).cloned().flatten())
                .collect();
            Page {
                summary: src.summary.clone().unwrap_or(body.summary),
                reading_minutes: body.reading_minutes,
                html: body.html,
                toc: body.toc,
                text: body.text,
                tags,
                images,
                links: Links::default(),
                uses: body.uses,
                src: Arc::clone(src),
            }
        })
        .collect()
}
