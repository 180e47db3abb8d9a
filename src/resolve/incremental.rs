//! What `serve` keeps of the resolve stage between rebuilds: rendered
//! bodies, and the last site resolved without problems, which stands but
//! for the edited pages when an edit can only have changed what those pages
//! alone show.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::bodies::{Answers, BodyCache};
use super::images::image_alt;
use super::{resolve_with, ImageMode, Page, PageId, Site};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostics};
use crate::load::{Asset, Changed, Content, SectionSource, SourcePage, CONTENT_DIR};
use crate::model::Kind;

/// Rendered Markdown bodies kept between rebuilds by `serve` (see
/// [`BodyCache`]), and the last site resolved without problems: when the
/// files changed since are only pages edited in what they alone show, that
/// site stands but for those pages (see [`resolve_cached`]).
#[derive(Default)]
pub struct ResolveCache {
    bodies: BodyCache,
    last: Option<LastSite>,
}

/// A site with what it was resolved from, besides its pages.
struct LastSite {
    site: Arc<Site>,
    config: Config,
    sections: BTreeMap<String, SectionSource>,
    home: Option<SectionSource>,
    assets: Vec<Asset>,
    drafts: usize,
    /// What resolving it reported (warnings only: a site with errors is
    /// not kept), to report again while it stands.
    diagnostics: Diagnostics,
}

/// [`super::resolve`], reusing the rendered bodies in `cache` that are still valid.
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
    if let Some((old, edited)) = own_edits(&config, &content, cache, changed) {
        // `None` when an edited body uses other files: what is published
        // changes, so the whole site is resolved.
        if let Some((pages, found)) =
            with_edited_pages(root, &content, &old, &edited, &images, cache)
        {
            return keep_site(config, content, &old, pages, found, &edited, cache, diags);
        }
    }
    let sections = content.sections.clone();
    let home = content.home.clone();
    let assets = content.assets.clone();
    let drafts = content.drafts;
    let config_kept = config.clone();
    let mut found = Diagnostics::new();
    let site = Arc::new(resolve_with(
        root,
        config,
        content,
        images,
        Some(&mut cache.bodies),
        &mut found,
    ));
    let clean = !found.has_errors();
    cache.last = clean.then(|| LastSite {
        site: Arc::clone(&site),
        config: config_kept,
        sections,
        home,
        assets,
        drafts,
        diagnostics: found.clone(),
    });
    diags.extend(found);
    site
}

/// The last site and the ids of the pages edited since, when the edits
/// cannot have changed anything but those pages' own data; `None`
/// otherwise.
fn own_edits(
    config: &Config,
    content: &Content,
    cache: &ResolveCache,
    changed: Changed,
) -> Option<(Arc<Site>, Vec<PageId>)> {
    let last = cache.last.as_ref()?;
    // Images (in static/, beside pages or beside ledgers) are read here;
    // templates are not. A ledger's rows are records: totals everywhere.
    let reads_files = changed?.iter().any(|path| {
        path.starts_with("static")
            || path.starts_with("data")
            || (path.starts_with(CONTENT_DIR) && path.extension().is_none_or(|e| e != "md"))
    });
    let old = &last.site.pages;
    if reads_files
        || *config != last.config
        || content.pages.len() != old.len()
        || content.drafts != last.drafts
        || content.draft_pages != last.site.draft_pages
        || content.pending != last.site.pending
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
    // A message about an edited page's fields (a large photo, at a line of
    // its front matter) may have moved: only body messages are made again.
    let stale = last.diagnostics.iter().any(|d| {
        d.code != Code::Body && edited.iter().any(|&id| content.pages[id].source == d.path)
    });
    if stale {
        return None;
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
    // A brand's title is a name references use; a record's title (with its
    // date) tells a copied record apart.
    if !matches!(s.kind, Kind::Branch | Kind::Volunteer) {
        s.title.clear();
    }
    s.fields.blank_descriptive();
    s
}

/// The `edited` pages of the last site with their own data (source, body,
/// summary, image descriptions) made again, and their body problems;
/// `None` when an edited body now uses other files than before.
fn with_edited_pages(
    root: &Path,
    content: &Content,
    old: &Site,
    edited: &[PageId],
    images: &ImageMode,
    cache: &mut ResolveCache,
) -> Option<(Vec<(PageId, Page)>, Diagnostics)> {
    let answers = Answers::new(
        root,
        &content.pages,
        &content.sections,
        images,
        old.config.html,
    )
    .with_pending(&content.pending);
    let mut found = Diagnostics::new();
    let mut pages = Vec::with_capacity(edited.len());
    for &id in edited {
        let src = &content.pages[id];
        let body = cache.bodies.body(src, &answers, &mut found);
        let mut page = Page::clone(&old.pages[id]);
        if body.uses != page.uses {
            return None;
        }
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
        pages.push((id, page));
    }
    Some((pages, found))
}

/// The last site with the edited pages replaced; its problems are the last
/// ones but for the edited bodies', which are reported afresh.
#[allow(clippy::too_many_arguments)]
fn keep_site(
    config: Config,
    content: Content,
    old: &Site,
    edited_pages: Vec<(PageId, Page)>,
    body_problems: Diagnostics,
    edited: &[PageId],
    cache: &mut ResolveCache,
    diags: &mut Diagnostics,
) -> Arc<Site> {
    let edited_sources: Vec<&str> = edited
        .iter()
        .map(|&id| content.pages[id].source.as_str())
        .collect();
    let mut found: Diagnostics = cache
        .last
        .as_ref()
        .map(|last| {
            last.diagnostics
                .iter()
                .filter(|d| !(d.code == Code::Body && edited_sources.contains(&d.path.as_str())))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    found.extend(body_problems);
    let mut pages = old.pages.clone();
    for (id, page) in edited_pages {
        pages[id] = Arc::new(page);
    }
    let site = Arc::new(Site {
        config,
        pages,
        sections: old.sections.clone(),
        home: old.home.clone(),
        tags: old.tags.clone(),
        totals: old.totals.clone(),
        assets: old.assets.clone(),
        derivatives: old.derivatives.clone(),
        by_content_path: Arc::clone(&old.by_content_path),
        drafts: old.drafts,
        draft_pages: old.draft_pages.clone(),
        pending: old.pending.clone(),
        images: old.images,
        logo: old.logo.clone(),
    });
    // With errors the last site stays the last good one: the next edit is
    // compared with it.
    if let Some(last) = cache.last.as_mut().filter(|_| !found.has_errors()) {
        last.site = Arc::clone(&site);
        last.diagnostics = found.clone();
    }
    diags.extend(found);
    site
}
