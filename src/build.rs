//! The pipeline, stage after stage: config → load → resolve → render →
//! write. Each stage only reads what the one before produced.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{normalize_base_url, Config};
use crate::diagnostics::{Code, Diagnostics};
use crate::images::ImageProcessor;
use crate::load;
use crate::model::Kind;
use crate::render::{self, OutputFile, RenderOptions};
use crate::resolve::{self, ImageMode, Site};
use crate::search;
use crate::theme::{self, Theme};
use crate::urls::UrlMode;
use crate::write::{self, Outputs};

/// Where processed images are kept between builds, inside the site folder.
pub const CACHE_DIR: &str = ".pinpai-cache";

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Relative paths are taken from `root`.
    pub output: PathBuf,
    pub drafts: bool,
    /// Pages still in review are built too, each with a 送审稿 band
    /// (`build --preview`, `serve`).
    pub preview: bool,
    pub base_url: Option<String>,
    /// See [`load::Include::lenient_drafts`] (serve, drafts shown from the
    /// workbench).
    pub lenient_drafts: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: PathBuf::from("output"),
            drafts: false,
            preview: false,
            base_url: None,
            lenient_drafts: false,
        }
    }

    /// Which unfinished pages are built.
    pub fn include(&self) -> load::Include {
        load::Include {
            drafts: self.drafts,
            pending: self.preview,
            lenient_drafts: self.lenient_drafts,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        if self.output.is_absolute() {
            self.output.clone()
        } else {
            self.root.join(&self.output)
        }
    }
}

/// Figures for the summary line.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub branches: usize,
    pub members: usize,
    pub volunteer: usize,
    /// Of `volunteer`, the rows of ledgers in `data/volunteer/`.
    pub ledger_rows: usize,
    pub other: usize,
    pub drafts: usize,
    /// Pages left out because they are still in review.
    pub pending: Vec<load::PendingPage>,
    pub images: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub timings: Vec<(&'static str, Duration)>,
    /// Time per template, most first (`--timings`).
    pub templates: Vec<render::TemplateTime>,
}

/// A site rendered in memory, not yet written.
pub struct Rendered {
    pub site: Arc<Site>,
    pub theme: Theme,
    pub files: Vec<OutputFile>,
    pub summary: Summary,
}

/// A site loaded and resolved with its theme, ready to render (the part of
/// [`render_site`] that `serve` runs before its incremental renderer).
pub struct Prepared {
    pub site: Arc<Site>,
    pub theme: Theme,
    pub options: RenderOptions,
    pub timings: Vec<(&'static str, Duration)>,
    pub start: Instant,
}

/// What `serve` keeps between rebuilds so that unchanged files are neither
/// read and parsed (load) nor rendered from Markdown (resolve) again. Each
/// stage gets its own part; `build` and `check` use none.
#[derive(Default)]
pub struct Caches {
    pub load: load::LoadCache,
    pub resolve: resolve::ResolveCache,
    /// Remembers each image's web versions, so unchanged originals are not
    /// read again (a site may hold hundreds of large photos).
    pub images: Option<ImageProcessor>,
}

/// Runs every stage up to rendering. `None` when the site has errors (all of
/// them are in `diags`).
pub fn render_site(
    opts: &BuildOptions,
    process_images: bool,
    diags: &mut Diagnostics,
) -> Option<Rendered> {
    let Prepared {
        site,
        theme,
        options,
        mut timings,
        start,
    } = prepare_site(opts, process_images, None, diags)?;
    let render_start = Instant::now();
    // The search index is built on its own thread while the pages render.
    let ((mut files, templates), (search_files, search_time)) = rayon::join(
        || render::render(&site, &theme, &options, diags),
        || timed(|| extra_files(&site)),
    );
    files.extend(search_files);
    timings.push(("render", render_start.elapsed()));
    timings.push(("search", search_time));
    if diags.has_errors() {
        return None;
    }
    let mut summary = summarize(&site, files.len(), start, timings);
    summary.templates = templates;
    Some(Rendered {
        site,
        theme,
        files,
        summary,
    })
}

/// Config, load, resolve and theme; `None` when the site has errors.
pub fn prepare_site(
    opts: &BuildOptions,
    process_images: bool,
    caches: Option<(&mut Caches, load::Changed)>,
    diags: &mut Diagnostics,
) -> Option<Prepared> {
    let start = Instant::now();
    let mut timings = Vec::new();
    let mut lap = {
        let mut last = Instant::now();
        move |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
            timings.push((name, last.elapsed()));
            last = Instant::now();
        }
    };
    let (caches, changed) = match caches {
        Some((caches, changed)) => (Some(caches), changed),
        None => (None, None),
    };
    let Some(config) = load_config(opts, diags) else {
        // The changes seen so far were not read: the next load must look at
        // every file.
        if let Some(c) = caches {
            c.load.forget_changes();
        }
        return None;
    };
    lap("config", &mut timings);
    let image_dir = opts.root.join(CACHE_DIR).join("images");
    let (content, cached) = match caches {
        Some(Caches {
            load,
            resolve,
            images,
        }) => {
            let content =
                load::load_cached(&opts.root, &config, opts.include(), load, changed, diags);
            let processor = &*images.get_or_insert_with(|| ImageProcessor::new(image_dir.clone()));
            (content, Some((resolve, processor)))
        }
        None => (load::load(&opts.root, &config, opts.include(), diags), None),
    };
    lap("load", &mut timings);
    let theme = theme::load(&opts.root, &config.theme, config.line_of("theme"), diags);
    let own_processor;
    let site = match cached {
        Some((resolve_cache, processor)) => resolve::resolve_cached(
            &opts.root,
            config,
            content,
            image_mode(processor, process_images),
            resolve_cache,
            changed,
            diags,
        ),
        None => {
            own_processor = ImageProcessor::new(image_dir);
            let mode = image_mode(&own_processor, process_images);
            Arc::new(resolve::resolve(&opts.root, config, content, mode, diags))
        }
    };
    lap("resolve", &mut timings);
    let theme = theme?;
    // Menu entries for 荣誉榜 and 大事记 need the theme to know; reported
    // with resolve's problems.
    render::milestones::Milestones::of(&site, &theme).check_nav(&site, diags);
    if diags.has_errors() {
        return None;
    }
    let url_mode = if site.config.relative_urls {
        UrlMode::Relative
    } else {
        UrlMode::Prefix(site.config.url_prefix().to_string())
    };
    let options = RenderOptions {
        url_mode,
        built: chrono::Local::now().naive_local(),
    };
    Some(Prepared {
        site,
        theme,
        options,
        timings,
        start,
    })
}

/// A build makes web versions of images; `check` only reads them.
fn image_mode(processor: &ImageProcessor, process: bool) -> ImageMode<'_> {
    if process {
        ImageMode::Process(processor)
    } else {
        ImageMode::Verify
    }
}

/// `site.yaml`, with `--base-url` applied.
fn load_config(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Config> {
    let mut config = Config::load(&opts.root, diags)?;
    if let Some(url) = &opts.base_url {
        match normalize_base_url(url) {
            Ok(url) => config.base_url = url,
            Err(message) => {
                diags.error(Code::Option, "--base-url", None, message);
                return None;
            }
        }
    }
    Some(config)
}

/// Files made beside the rendered pages (the search index).
/// What `work` gives, and how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    (work(), start.elapsed())
}

pub fn extra_files(site: &Site) -> Vec<OutputFile> {
    if site.config.search {
        search::index_files(site)
    } else {
        Vec::new()
    }
}

pub fn summarize(
    site: &Site,
    files: usize,
    start: Instant,
    timings: Vec<(&'static str, Duration)>,
) -> Summary {
    let count = |kind: Kind| site.pages.iter().filter(|p| p.src.kind == kind).count();
    Summary {
        branches: count(Kind::Branch),
        members: count(Kind::Member),
        volunteer: count(Kind::Volunteer),
        ledger_rows: site.pages.iter().filter(|p| p.src.is_ledger_row()).count(),
        other: count(Kind::Page),
        drafts: site.drafts,
        pending: site.pending.clone(),
        images: site.images,
        files,
        elapsed: start.elapsed(),
        timings,
        templates: Vec::new(),
    }
}

/// `pinpai build`: render straight into a new output folder, then put it
/// in place of the old one. Each rendered file is written as soon as it is
/// made, so a large site is never held in memory whole. Leaves the
/// previous output untouched on any error.
pub fn build(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Summary> {
    let output = opts.output_dir();
    let output_error = |diags: &mut Diagnostics, e: write::WriteError| {
        diags.error(
            Code::Output,
            display_path(&opts.root, &output),
            None,
            e.message,
        );
    };
    // Refuse a foreign folder before spending time on the build.
    if let Err(e) = write::check_target(&output) {
        output_error(diags, e);
        return None;
    }
    let Prepared {
        site,
        theme,
        options,
        mut timings,
        start,
    } = prepare_site(opts, true, None, diags)?;
    let staging = match write::Staging::create(&output) {
        Ok(s) => s,
        Err(e) => {
            output_error(diags, e);
            return None;
        }
    };
    let copy_start = Instant::now();
    let copies = staging.put_copies(&Outputs {
        files: &[],
        statics: theme.statics.values().collect(),
        assets: &site.assets,
        derivatives: &site.derivatives,
    });
    timings.push(("copy", copy_start.elapsed()));
    let copies = match copies {
        Ok(paths) => paths,
        Err(e) => {
            output_error(diags, e);
            return None;
        }
    };
    // After the first failed write (a full disk) the rest are not tried:
    // the build has failed and the staging folder goes.
    let failed = std::sync::atomic::AtomicBool::new(false);
    let put = |file: OutputFile| {
        if failed.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(file.path);
        }
        let written = staging.put(&file.path, &file.bytes).map(|()| file.path);
        if written.is_err() {
            failed.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        written
    };
    let render_start = Instant::now();
    // The search index is built on its own thread while the pages render.
    let ((rendered, templates), (search, search_time)) = rayon::join(
        || render::render_into(&site, &theme, &options, diags, &put),
        || timed(|| extra_files(&site).into_iter().map(&put).collect::<Vec<_>>()),
    );
    timings.push(("render", render_start.elapsed()));
    timings.push(("search", search_time));
    let mut paths: std::collections::HashSet<String> = copies.into_iter().collect();
    for written in rendered.into_iter().chain(search) {
        match written {
            Ok(path) => {
                paths.insert(path);
            }
            Err(e) if !diags.has_errors() => output_error(diags, e),
            Err(_) => {}
        }
    }
    if diags.has_errors() || failed.into_inner() {
        return None; // `staging` is deleted as it drops
    }
    let swap_start = Instant::now();
    if let Err(e) = staging.finish() {
        output_error(diags, e);
        return None;
    }
    timings.push(("write", swap_start.elapsed()));
    if !opts.preview && !opts.drafts {
        // What is published now stays published while an edit of it is
        // in review (§9.5): pages approved before copies were kept get one.
        for (file, why) in crate::review::approved::refresh(&opts.root, published(&site)) {
            diags.warning(
                Code::Output,
                &file,
                None,
                format!("没能保存这个页面审核通过的版本（{why}）：以后改它时，改好的版本通过审核之前它不会发布"),
            );
        }
    }
    let mut summary = summarize(&site, paths.len(), start, timings);
    summary.templates = templates;
    Some(summary)
}

/// The pages and intros of a build, for keeping the approved ones.
fn published(site: &Site) -> impl Iterator<Item = crate::review::approved::Published<'_>> {
    use crate::review::approved::Published;
    let pages = site
        .pages
        .iter()
        .filter(|p| p.src.origin == crate::load::Origin::Markdown)
        .map(|p| Published {
            source: &p.src.source,
            review: &p.src.review,
            dir: &p.src.dir,
        });
    let intros = site
        .sections
        .iter()
        .chain(std::iter::once(&site.home))
        .filter(|s| !s.source.is_empty())
        .map(|s| Published {
            source: &s.source,
            review: &s.review,
            dir: &s.dir,
        });
    pages.chain(intros)
}

/// `pinpai check`: every validation of a build; writes nothing.
pub fn check(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Summary> {
    render_site(opts, false, diags).map(|r| r.summary)
}

pub fn display_path(root: &Path, path: &Path) -> String {
    crate::paths::relative(root, path)
}
