//! Rendering again after an edit (`serve`): only the outputs whose
//! template data may have changed are rendered, the others' bytes are
//! reused. The result is always byte for byte what [`super::render`] makes.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value};
use tera::Tera;

use super::cards::{all_cards, card, section_value, Card, CardSource};
use super::feeds::feed_and_sitemap;
use super::template_errors::{RenderFailure, Shown};
use super::templates::build_tera;
use super::{jobs, report_errors, Job, OutputFile, RenderOptions, Renderer};
use crate::diagnostics::Diagnostics;
use crate::model::Kind;
use crate::resolve::{PageId, Site};
use crate::theme::Theme;
use crate::urls::UrlMode;

/// Every card, reusing the previous build's card of a page whose
/// [`CardSource`] is equal to the previous one.
fn cards_since(
    old: &Site,
    old_cards: &[Card],
    site: &Site,
    old_ids: &[Option<PageId>],
) -> Vec<Card> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let source = CardSource::of(site, id);
            match old_ids[id] {
                Some(o) if CardSource::of(old, o) == source => Arc::clone(&old_cards[o]),
                _ => Arc::new(card(&source)),
            }
        })
        .collect()
}

/// Each page's id in the previous site, if it was there.
fn old_ids(old: &Site, site: &Site) -> Vec<Option<PageId>> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let src = &site.pages[id].src;
            // Ids stay the same unless pages came or went.
            match old.pages.get(id) {
                Some(o) if Arc::ptr_eq(&o.src, src) || o.src.content_path == src.content_path => {
                    Some(id)
                }
                _ => old.by_content_path.get(&src.content_path).copied(),
            }
        })
        .collect()
}

/// Identifies an output other than a page's across builds: section names
/// and tag slugs stay when pages come and go, indexes do not.
#[derive(Clone, PartialEq, Eq, Hash)]
enum JobKey {
    Home,
    Tags,
    Search,
    NotFound,
    Honors,
    Timeline,
    List(String, usize),
    Year(i32, usize),
    Tag(String, usize),
}

/// `None` for a page's job: pages are matched by [`old_ids`].
fn job_key(site: &Site, job: &Job) -> Option<JobKey> {
    Some(match job {
        Job::Home => JobKey::Home,
        Job::Tags => JobKey::Tags,
        Job::Search => JobKey::Search,
        Job::NotFound => JobKey::NotFound,
        Job::Honors => JobKey::Honors,
        Job::Timeline => JobKey::Timeline,
        Job::Page(_) => return None,
        Job::List { section, number } => {
            JobKey::List(site.sections[*section].name.clone(), *number)
        }
        Job::Year { year, number } => JobKey::Year(*year, *number),
        Job::Tag { tag, number } => JobKey::Tag(site.tags[*tag].slug.clone(), *number),
    })
}

/// A job's index, its file and whether it was rendered (not reused); or the
/// template and message of a template error.
type JobResult = Result<(usize, SharedFile, bool), RenderFailure>;

/// A rendered file whose path and bytes can be shared between builds and
/// readers.
#[derive(Debug, Clone)]
pub struct SharedFile {
    pub path: Arc<str>,
    pub bytes: bytes::Bytes,
}

impl From<OutputFile> for SharedFile {
    fn from(f: OutputFile) -> Self {
        SharedFile {
            path: f.path.into(),
            bytes: f.bytes.into(),
        }
    }
}

/// What one incremental render gave back.
pub struct IncrementalOutput {
    /// Every file [`render`] would make, in no particular order.
    pub files: Vec<SharedFile>,
    pub rendered: usize,
    pub reused: usize,
}

/// Renders a site again after an edit, re-rendering only the outputs whose
/// template data may have changed and reusing the others' bytes.
///
/// It compares the new site with the previous good one: a page's card (what
/// lists show of it), its body, table of contents and links. Anything that
/// reaches every page — templates, `site.yaml`, the shared context (site
/// totals, build date) — re-renders everything. The result is always
/// byte-for-byte what [`super::render`] makes.
#[derive(Default)]
pub struct Incremental {
    previous: Option<Previous>,
}

type ParsedTemplates = (Vec<(String, String, String)>, Arc<(Tera, Shown)>);

struct Previous {
    /// The parsed templates, kept when no template looks pages up (then
    /// they hold nothing of the site), with the templates they came from.
    tera: Option<ParsedTemplates>,
    site: Arc<Site>,
    cards: Arc<Vec<Card>>,
    base: Map<String, Value>,
    /// (name, shown path, text) of every template.
    templates: Vec<(String, String, String)>,
    url_mode: UrlMode,
    /// Each page's file, by page id.
    pages: Vec<SharedFile>,
    /// Every other rendered file.
    others: FxHashMap<JobKey, SharedFile>,
}

/// What changed since the previous render, by new page id.
struct Changes {
    /// The card differs (or the page is new): every list showing it changes.
    card: Vec<bool>,
    /// The page's own output changes (card, body, contents or links).
    own: Vec<bool>,
    /// A section's data or its pages (or their order) differ, by section index.
    section: Vec<bool>,
    /// A tag's name or its pages differ, by tag index.
    tag: Vec<bool>,
    /// Volunteer totals and charts may differ (a record's numbers, date or
    /// brands, or a brand's name changed; a record came or went).
    stats: bool,
}

impl Incremental {
    pub fn new() -> Self {
        Self::default()
    }

    /// The site of the last successful render.
    pub fn site(&self) -> Option<&Site> {
        self.previous.as_ref().map(|p| &*p.site)
    }

    /// The same, to hand to another thread (the search index).
    pub fn shared_site(&self) -> Option<Arc<Site>> {
        self.previous.as_ref().map(|p| Arc::clone(&p.site))
    }

    /// Renders `site`; `None` (and the previous state kept) on template errors.
    pub fn render(
        &mut self,
        site: Arc<Site>,
        theme: &Theme,
        options: &RenderOptions,
        diags: &mut Diagnostics,
    ) -> Option<IncrementalOutput> {
        let old_ids = match &self.previous {
            Some(p) => old_ids(&p.site, &site),
            None => Vec::new(),
        };
        let cards: Arc<Vec<Card>> = Arc::new(match &self.previous {
            Some(p) => cards_since(&p.site, &p.cards, &site, &old_ids),
            None => all_cards(&site),
        });
        let templates: Vec<(String, String, String)> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.shown_path.clone(), t.text.clone()))
            .collect();
        // Templates may look any page up by itself; then nothing is safe to keep.
        let lookups = templates
            .iter()
            .any(|(_, _, text)| text.contains("get_page") || text.contains("get_section"));
        // Without lookups, the parsed templates depend on the templates alone.
        let parsed = match self.previous.as_ref().and_then(|p| p.tera.as_ref()) {
            Some((was, tera)) if !lookups && *was == templates => Arc::clone(tera),
            _ => Arc::new(build_tera(&site, theme, &cards, diags)?),
        };
        let (tera, shown) = &*parsed;
        let renderer = Renderer::new(&site, &cards, tera, options);
        let previous = self.previous.as_ref().filter(|p| {
            p.templates == templates
                && p.site.config == site.config
                && p.url_mode == options.url_mode
                && p.base == renderer.base
        });
        let changes = previous.map(|p| Changes::between(p, &site, &cards, &old_ids));
        let changes = changes.filter(|c| !(lookups && c.card.iter().any(|&x| x)));
        let kept = previous.zip(changes.as_ref());
        let milestones = super::Milestones::of(&site, theme);
        let errors_before = diags.error_count();
        let jobs = jobs(&site, &renderer.records_by_year, milestones);
        let results = render_or_keep(&renderer, &jobs, kept, &old_ids, options);
        let mut feeds = Vec::with_capacity(2);
        report_errors(
            feed_and_sitemap(&site, tera, options, milestones)
                .into_iter()
                .map(|(file, _)| file)
                .collect(),
            shown,
            diags,
            |f| feeds.push(SharedFile::from(f)),
        );
        let (pages, others, rendered) = collect_outputs(&site, &jobs, results, shown, diags)?;
        if diags.error_count() > errors_before {
            return None;
        }
        let mut files: Vec<SharedFile> = Vec::with_capacity(pages.len() + others.len() + 2);
        files.extend(pages.iter().cloned());
        files.extend(others.values().cloned());
        files.extend(feeds);
        let reused = pages.len() + others.len() - rendered;
        let base = renderer.base;
        let tera = (!lookups).then(|| (templates.clone(), parsed));
        let old = self.previous.replace(Previous {
            tera,
            site,
            cards,
            base,
            templates,
            url_mode: options.url_mode.clone(),
            pages,
            others,
        });
        // Freeing the previous site (every page, card and file) takes a
        // while; the browsers need not wait for it.
        if let Some(old) = old {
            let _ = std::thread::Builder::new()
                .name("pinpai-free".into())
                .spawn(move || drop(old));
        }
        Some(IncrementalOutput {
            files,
            rendered,
            reused,
        })
    }
}

/// Every job's file: the previous one where the job is not dirty, else
/// rendered.
fn render_or_keep(
    renderer: &Renderer,
    jobs: &[Job],
    kept: Option<(&Previous, &Changes)>,
    old_ids: &[Option<PageId>],
    options: &RenderOptions,
) -> Vec<JobResult> {
    let site = renderer.site;
    jobs.par_iter()
        .enumerate()
        .map(|(index, job)| {
            if let Some((p, c)) = kept {
                if !c.is_dirty(site, &renderer.records_by_year, job) {
                    let kept = match job {
                        Job::Page(id) => old_ids[*id].map(|o| &p.pages[o]),
                        _ => job_key(site, job).and_then(|key| p.others.get(&key)),
                    };
                    if let Some(file) = kept {
                        return Ok((index, file.clone(), false));
                    }
                }
            }
            renderer
                .render_job(job, options)
                .0
                .map(|f| (index, SharedFile::from(f), true))
        })
        .collect()
}

/// Page files by page id and the other files by key, with how many were
/// rendered; `None` after template errors (reported to `diags`).
fn collect_outputs(
    site: &Site,
    jobs: &[Job],
    results: Vec<JobResult>,
    shown: &Shown,
    diags: &mut Diagnostics,
) -> Option<(Vec<SharedFile>, FxHashMap<JobKey, SharedFile>, usize)> {
    let errors_before = diags.error_count();
    let mut pages: Vec<Option<SharedFile>> = vec![None; site.pages.len()];
    let mut others = FxHashMap::default();
    let mut rendered = 0;
    report_errors(results, shown, diags, |(index, file, fresh)| {
        rendered += usize::from(fresh);
        match &jobs[index] {
            Job::Page(id) => pages[*id] = Some(file),
            job => {
                if let Some(key) = job_key(site, job) {
                    others.insert(key, file);
                }
            }
        }
    });
    if diags.error_count() > errors_before {
        return None;
    }
    // Every page's job succeeded, so every slot is filled; the slots are
    // page ids, so none may be skipped.
    let pages: Vec<SharedFile> = pages.into_iter().collect::<Option<_>>()?;
    Some((pages, others, rendered))
}

impl Changes {
    fn between(
        prev: &Previous,
        site: &Site,
        cards: &[Card],
        old_ids: &[Option<PageId>],
    ) -> Changes {
        let old: &Site = &prev.site;
        // The same pages in the same order.
        let same_ids = |new: &[PageId], was: &[PageId]| {
            new.len() == was.len() && new.iter().zip(was).all(|(&a, &b)| old_ids[a] == Some(b))
        };
        let card: Vec<bool> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| old_ids[id].is_none_or(|o| prev.cards[o] != cards[id]))
            .collect();
        let own: Vec<bool> = (0..site.pages.len())
            .into_par_iter()
            .map(|id| {
                let Some(o) = old_ids[id] else {
                    return true;
                };
                let (p, q) = (&site.pages[id], &old.pages[o]);
                let (a, b) = (&p.links, &q.links);
                card[id]
                    || (!Arc::ptr_eq(p, q) && (p.html != q.html || p.toc != q.toc))
                    || !same_ids(a.brand.as_slice(), b.brand.as_slice())
                    || !same_ids(&a.brands, &b.brands)
                    || !same_ids(&a.members, &b.members)
                    || !same_ids(&a.records, &b.records)
            })
            .collect();
        let section: Vec<bool> = site
            .sections
            .iter()
            .map(|s| match old.section(&s.name) {
                Some(o) => section_value(s) != section_value(o) || !same_ids(&s.pages, &o.pages),
                None => true,
            })
            .collect();
        let old_tags: FxHashMap<&str, &crate::resolve::Tag> =
            old.tags.iter().map(|t| (t.slug.as_str(), t)).collect();
        let tag: Vec<bool> = site
            .tags
            .iter()
            .map(|t| match old_tags.get(t.slug.as_str()) {
                Some(o) => o.name != t.name || o.url != t.url || !same_ids(&t.pages, &o.pages),
                None => true,
            })
            .collect();
        let volunteer_changed = site
            .sections
            .iter()
            .zip(&section)
            .any(|(s, &changed)| s.kind == Kind::Volunteer && changed)
            || site.volunteer_section().is_none() != old.volunteer_section().is_none();
        // Content paths are unique: fewer matched pages than before means
        // some are gone.
        let removed = old_ids.iter().flatten().count() < old.pages.len();
        // What the totals and charts are made of: a record's numbers, date
        // and brands; a brand's name and address.
        let stats_input_changed = |id: PageId| {
            let p = &site.pages[id];
            let Some(o) = old_ids[id] else {
                return matches!(p.src.kind, Kind::Volunteer | Kind::Branch);
            };
            let q = &old.pages[o];
            match p.src.kind {
                Kind::Volunteer => {
                    p.links.totals != q.links.totals
                        || p.src.date != q.src.date
                        || !same_ids(&p.links.brands, &q.links.brands)
                }
                Kind::Branch => {
                    p.src.title != q.src.title
                        || p.src.url != q.src.url
                        || p.src.slug != q.src.slug
                        || p.branch_name() != q.branch_name()
                }
                _ => false,
            }
        };
        // An unchanged card means unchanged numbers, dates and names.
        let stats = volunteer_changed
            || (0..site.pages.len()).any(|id| card[id] && stats_input_changed(id))
            // A removed record or brand changes the totals too.
            || (removed
                && old.pages.iter().any(|p| {
                    matches!(p.src.kind, Kind::Volunteer | Kind::Branch)
                        && !site.by_content_path.contains_key(&p.src.content_path)
                }));
        Changes {
            card,
            own,
            section,
            tag,
            stats,
        }
    }

    fn is_dirty(
        &self,
        site: &Site,
        records_by_year: &BTreeMap<i32, Vec<PageId>>,
        job: &Job,
    ) -> bool {
        let per = site.config.paginate;
        let slice = |ids: &[PageId], number: usize| -> bool {
            let start = ((number - 1) * per).min(ids.len());
            let end = (start + per).min(ids.len());
            ids[start..end].iter().any(|&id| self.card[id])
        };
        match job {
            // One file each, and they draw on the whole site: 荣誉榜 and 大事记
            // on fields (honours, founding dates) that `blank_descriptive`
            // leaves out of what other pages are compared by.
            Job::Home | Job::Tags | Job::Search | Job::NotFound | Job::Honors | Job::Timeline => {
                true
            }
            Job::Page(id) => {
                let l = &site.pages[*id].links;
                self.own[*id]
                    || l.brand
                        .iter()
                        .chain(&l.brands)
                        .chain(&l.members)
                        .chain(&l.records)
                        .any(|&i| self.card[i])
            }
            Job::List { section, number } => {
                let s = &site.sections[*section];
                self.section[*section]
                    || (s.kind == Kind::Volunteer && self.stats)
                    || slice(&s.pages, *number)
            }
            Job::Year { year, number } => {
                self.stats
                    || records_by_year
                        .get(year)
                        .is_some_and(|records| slice(records, *number))
            }
            Job::Tag { tag, number } => self.tag[*tag] || slice(&site.tags[*tag].pages, *number),
        }
    }
}
