//! Stage 4: render every page of the site through the theme's Tera templates,
//! plus the feed and the sitemap, each output handed to a sink as soon as
//! it is made ([`render_into`]: a build writes it to disk at once; `serve`
//! and `check` keep the files in memory through [`render`]).
//!
//! Each page's template data (its card, [`cards`]) is built once and shared
//! by every list that shows it; pages render in parallel. [`context`] makes
//! each output's template data, [`stats`] the volunteer totals and charts,
//! [`templates`] parses the theme; `serve` re-renders only what an edit
//! touched ([`incremental`]).

mod cards;
mod context;
mod feeds;
mod grid;
mod incremental;
pub(crate) mod milestones;
mod stats;
mod template_errors;
mod templates;
mod timings;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{Map, Value};
use tera::Tera;

use crate::diagnostics::Diagnostics;
use crate::model::Kind;
use crate::resolve::{PageId, Site};
use crate::theme::Theme;
use crate::urls::{output_path, rewrite, UrlMode};

use cards::{all_cards, Card};
use feeds::feed_and_sitemap;
use milestones::Milestones;
use stats::Stats;
use template_errors::{error_chain, report_render_errors, RenderFailure, Shown};
use templates::build_tera;
pub use timings::TemplateTime;
use timings::{per_template, JobTime};

pub use incremental::{Incremental, IncrementalOutput, SharedFile};

/// Templates every theme must provide (a site may override each): each
/// kind's page and list, and the site's own pages.
pub fn required_templates() -> Vec<&'static str> {
    let mut names = vec!["index.html"];
    for kind in Kind::ALL {
        names.push(kind.info().list_template);
        names.push(kind.info().page_template);
    }
    names.extend(["tags.html", "tag.html", "search.html", "404.html"]);
    names
}

/// Records on the home page.
const LATEST_VOLUNTEER: usize = 6;
/// News items on the home page.
const LATEST_NEWS: usize = 8;
/// Pictures on the home page's first screen (图片新闻): one large, four small.
const PHOTO_NEWS: usize = 5;

/// A file of the built site, relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One page of output to render.
pub(crate) enum Job {
    Home,
    Page(PageId),
    List {
        section: usize,
        number: usize,
    },
    Year {
        year: i32,
        number: usize,
    },
    Tags,
    Tag {
        tag: usize,
        number: usize,
    },
    Search,
    NotFound,
    /// 荣誉榜 and 大事记 (`milestones`).
    Honors,
    Timeline,
}

pub struct RenderOptions {
    pub url_mode: UrlMode,
    pub built: chrono::NaiveDateTime,
}

/// The site's files in memory, and the time each template took.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    diags: &mut Diagnostics,
) -> (Vec<OutputFile>, Vec<TemplateTime>) {
    render_into(site, theme, options, diags, &|file| file)
}

/// Renders every output and hands each file to `sink` as soon as it is
/// made (a build writes it to disk and keeps only its path, so the site
/// is never held in memory whole); returns what `sink` gave back, and the
/// time each template took (`--timings`).
pub fn render_into<T: Send>(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    diags: &mut Diagnostics,
    sink: &(dyn Fn(OutputFile) -> T + Sync),
) -> (Vec<T>, Vec<TemplateTime>) {
    let cards: Arc<Vec<Card>> = Arc::new(all_cards(site));
    let Some((tera, shown)) = build_tera(site, theme, &cards, diags) else {
        return (Vec::new(), Vec::new());
    };
    let renderer = Renderer::new(site, &cards, &tera, options);
    let milestones = Milestones::of(site, theme);
    let jobs = jobs(site, &renderer.records_by_year, milestones);
    let (mut results, mut times): (Vec<_>, Vec<_>) = jobs
        .par_iter()
        .map(|job| {
            let start = Instant::now();
            let (result, template) = renderer.render_job(job, options);
            let time = JobTime {
                template,
                url: result
                    .as_ref()
                    .map_or_else(|_| String::new(), |f| f.path.clone()),
                time: start.elapsed(),
            };
            (result.map(sink), time)
        })
        .unzip();
    for (file, time) in feed_and_sitemap(site, &tera, options, milestones) {
        results.push(file.map(sink));
        times.push(time);
    }
    let mut kept = Vec::with_capacity(results.len());
    report_errors(results, &shown, diags, |t| kept.push(t));
    (kept, per_template(times))
}

/// Every page of output the site has, in a fixed order.
pub(crate) fn jobs(
    site: &Site,
    records_by_year: &BTreeMap<i32, Vec<PageId>>,
    milestones: Milestones,
) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::Tags, Job::NotFound];
    if site.config.search {
        jobs.push(Job::Search);
    }
    if milestones.honors {
        jobs.push(Job::Honors);
    }
    if milestones.timeline {
        jobs.push(Job::Timeline);
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for (i, section) in site.sections.iter().enumerate() {
        for number in 1..=page_count(section.pages.len(), site.config.paginate) {
            jobs.push(Job::List { section: i, number });
        }
    }
    for (year, records) in records_by_year {
        for number in 1..=page_count(records.len(), site.config.paginate) {
            jobs.push(Job::Year {
                year: *year,
                number,
            });
        }
    }
    for (i, tag) in site.tags.iter().enumerate() {
        for number in 1..=page_count(tag.pages.len(), site.config.paginate) {
            jobs.push(Job::Tag { tag: i, number });
        }
    }
    jobs
}

/// Passes on the rendered files; reports each distinct template error once.
pub(crate) fn report_errors<T>(
    results: Vec<Result<T, RenderFailure>>,
    shown: &Shown,
    diags: &mut Diagnostics,
    mut keep: impl FnMut(T),
) {
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(file) => keep(file),
            Err(failure) => failures.push(failure),
        }
    }
    report_render_errors(failures, shown, diags);
}

pub(crate) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Renders pages with the theme's templates.
pub(crate) struct Renderer<'a> {
    site: &'a Site,
    cards: &'a [Card],
    tera: &'a Tera,
    base: Map<String, Value>,
    records_by_year: BTreeMap<i32, Vec<PageId>>,
    /// Volunteer totals and charts of all records, computed once for the
    /// home page and every page of the volunteer list.
    stats: OnceLock<Stats>,
    /// The same for each year's pages.
    year_stats: BTreeMap<i32, OnceLock<Stats>>,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, cards: &'a [Card], tera: &'a Tera, options: &RenderOptions) -> Self {
        let records_by_year = stats::records_by_year(site);
        Renderer {
            site,
            cards,
            tera,
            base: context::base_context(site, options),
            year_stats: records_by_year
                .keys()
                .map(|y| (*y, OnceLock::new()))
                .collect(),
            records_by_year,
            stats: OnceLock::new(),
        }
    }

    /// One output, and the template it was rendered with.
    fn render_job(
        &self,
        job: &Job,
        options: &RenderOptions,
    ) -> (Result<OutputFile, RenderFailure>, &'static str) {
        let (template, url, context) = self.context(job);
        // The server answers with 404.html at any depth: relative links
        // would lead nowhere there, so it links from `base_url` (opened
        // from disk, a missing page shows the browser's own message anyway).
        let not_found_mode;
        let mode = match (&options.url_mode, job) {
            (UrlMode::Relative, Job::NotFound) => {
                not_found_mode = UrlMode::Prefix(self.site.config.url_prefix().to_string());
                &not_found_mode
            }
            (mode, _) => mode,
        };
        let result = match self.tera.render(template, &context) {
            Ok(html) => {
                let html = match job {
                    Job::Page(id) => {
                        with_review_band(html, &self.site.pages[*id].src.review, Band::Page)
                    }
                    Job::Home => with_review_band(html, &self.site.home.review, Band::Home),
                    Job::List { section, number: 1 } => {
                        let section = &self.site.sections[*section];
                        with_review_band(html, &section.review, Band::Section)
                    }
                    _ => html,
                };
                Ok(OutputFile {
                    path: output_path(&url),
                    bytes: rewrite(&html, &url, mode).into_bytes(),
                })
            }
            Err(err) => Err(RenderFailure {
                template: template.to_string(),
                message: error_chain(&err),
                page: match job {
                    Job::Page(id) => self.site.pages[*id].src.shown(),
                    _ => url,
                },
            }),
        };
        (result, template)
    }
}

/// What a 送审稿 band is about.
#[derive(Clone, Copy)]
enum Band {
    Page,
    Section,
    Home,
}

/// A page or intro still in review (only rendered as such for a preview)
/// always shows the 送审稿 band: a theme whose templates do not (its own
/// `base.html`) gets one at the top of the body, styled inline since its
/// CSS knows nothing of it (§7.4: “a clearly visible band”). It says the
/// same as the default theme's: what a normal build publishes meanwhile.
fn with_review_band(html: String, review: &crate::review::PageReview, about: Band) -> String {
    if !review.is_pending() || html.contains("review-band") {
        return html;
    }
    let Some(body) = html.find("<body") else {
        return html;
    };
    let Some(end) = html[body..].find('>').map(|i| body + i + 1) else {
        return html;
    };
    let what = match about {
        Band::Page => "本页",
        Band::Section => "本栏目的介绍",
        Band::Home => "首页介绍",
    };
    let meanwhile = match (about, review.approved_live) {
        (_, true) => "正式生成的网站上仍是上次审核通过的版本。",
        (Band::Page, false) => "正式生成网站时不会发布。",
        (_, false) => "正式生成的网站上先不显示这段介绍。",
    };
    let band = format!(
        "<div class=\"review-band\" role=\"note\" style=\"background:#fff3cd;color:#4a2c00;border:3px solid #b26a00;padding:0.6em 1em;font-size:1rem\"><strong>送审稿（未经审核）</strong> {what}{}，尚未通过审核：只在预览中显示，{meanwhile}</div>",
        crate::html::escape(&review.label())
    );
    format!("{}{band}{}", &html[..end], &html[end..])
}
