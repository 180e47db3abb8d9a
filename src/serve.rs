//! `pinpai serve`: a live preview that rebuilds on every change and reloads
//! open browsers.
//!
//! Three parts, each on its own thread(s):
//! - a watcher ([`watch`]) turns file changes under the site into messages;
//! - one builder thread rebuilds the site in memory (incrementally, see
//!   [`crate::render::Incremental`]) and swaps the new files in atomically;
//! - an HTTP server ([`http`]) answers from the last good build and tells
//!   open pages (Server-Sent Events) to reload or to show the errors.
//!
//! Nothing is written to `output/`: pages live in memory, static files,
//! content files and image web versions are streamed from where they are.

mod address;
mod error;
mod http;
pub use http::Peer;
mod rebuild;
pub mod tls;
mod watch;

pub use error::ServeError;

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use bytes::Bytes;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::build::{self, BuildOptions, Caches, Prepared};
use crate::diagnostics::Diagnostics;
use crate::load::Changed;
use crate::render::Incremental;
use crate::resolve::Site;
use crate::theme::{StaticFile, Theme};
use crate::write::{file_plan, Outputs, Source};

/// How old a file event must be before it is passed on: editors' atomic
/// saves (write a temporary file, rename it over the original) come as a
/// burst of events within a millisecond or two.
pub const DEBOUNCE: Duration = Duration::from_millis(20);
/// How often the debouncer passes on the events old enough.
pub const DEBOUNCE_TICK: Duration = Duration::from_millis(5);
/// A burst can straddle two ticks: while a changed file is missing, events
/// arriving this soon after others join the same rebuild, so a half-saved
/// file is not built.
const SETTLE: Duration = Duration::from_millis(8);
/// How often `--poll` looks at every file (network shares send no events).
pub const POLL_INTERVAL: Duration = Duration::from_millis(1000);
/// How long Ctrl-C waits for open connections before closing them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// How to run the preview server.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub bind: String,
    /// 0 picks a free port (tests).
    pub port: u16,
    pub poll: bool,
    /// Print nothing to the terminal (tests).
    pub quiet: bool,
    /// Stop on Ctrl-C (the command); tests stop with [`Server::stop`].
    pub ctrl_c: bool,
    /// `--tls CERT KEY`: HTTPS.
    pub tls: Option<tls::TlsFiles>,
    /// `--allow-http`: the LAN with accounts over plain HTTP, knowingly.
    pub allow_http: bool,
}

/// How long `--open` waits for the first build before opening the browser
/// anyway (it then shows the build's progress or errors itself).
const OPEN_AFTER: Duration = Duration::from_secs(60);

/// `pinpai serve`: runs until Ctrl-C (or, double-clicked on Windows, until
/// its window is closed). With `open`, the default browser is sent to the
/// preview once the first build is done.
pub fn serve(opts: BuildOptions, options: Options, open: bool) -> Result<(), ServeError> {
    let server = Server::start(
        opts,
        Options {
            quiet: false,
            ctrl_c: true,
            ..options
        },
    )?;
    if open {
        server.wait_for_generation(1, OPEN_AFTER);
        // On this PC the officer's place is the workbench (§9); on the LAN
        // it changes nothing without accounts, so the site is opened.
        let loopback = server.addr().ip().is_loopback();
        let url = if loopback {
            format!(
                "{}{}",
                server.url(),
                crate::workbench::PREFIX.trim_start_matches('/')
            )
        } else {
            server.url().to_string()
        };
        open_browser(&url);
    }
    server.wait();
    println!("已停止预览。");
    Ok(())
}

/// Sends the default browser to `url`; a PC without one (or a server with
/// no screen) is told to open it by hand, and serving goes on.
fn open_browser(url: &str) {
    match webbrowser::open(url) {
        Ok(()) => println!("已在浏览器中打开 {url}"),
        Err(_) => println!("没能自动打开浏览器：请打开浏览器，在地址栏输入 {url}"),
    }
}

/// What open pages are told after every build.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Status {
    /// Id of the site being served; empty until a build succeeds. Pages
    /// reload when it changes.
    pub build: String,
    /// Errors of the latest build, as `path:line: message`; empty when it
    /// succeeded.
    pub errors: Vec<String>,
    /// Builds finished so far, good or bad.
    pub generation: u64,
}

/// A file served from disk (or from the binary, for the embedded theme).
#[derive(Debug, Clone)]
pub enum DiskFile {
    Path(PathBuf),
    Embedded(&'static [u8]),
}

/// One good build, as served.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// `/dangjian/` for a site under a sub-path, else `/`.
    pub prefix: String,
    /// Rendered files by output path (`members/du-jie/index.html`).
    pub files: FxHashMap<Arc<str>, Bytes>,
    /// Static files, content files and image web versions by output path.
    pub disk: HashMap<String, DiskFile>,
    pub build: String,
    /// Pages rendered for this build, and pages reused from the previous one.
    pub rendered: usize,
    pub reused: usize,
    /// Drafts left out (`serve` without `--drafts`): their addresses answer
    /// with a 404 page saying so.
    pub drafts: Vec<crate::load::DraftPage>,
}

/// Rebuilds the site in memory, re-rendering only what an edit touched.
pub struct Builder {
    opts: BuildOptions,
    renderer: Incremental,
    /// Parsed files and rendered bodies of earlier builds.
    caches: Caches,
    builds: u64,
    instance: String,
    /// The search index files of the last good build.
    search: Vec<(Arc<str>, Bytes)>,
}

impl Builder {
    pub fn new(opts: BuildOptions) -> Self {
        // Distinguishes this server's builds from an earlier run's, so a page
        // left open across a restart reloads too.
        let instance = format!(
            "{:x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0)
        );
        Builder {
            opts,
            renderer: Incremental::new(),
            caches: Caches::default(),
            builds: 0,
            instance,
            search: Vec::new(),
        }
    }

    /// Shows drafts in the next builds, or leaves them out: the next build
    /// starts afresh, as every list and total changes with them.
    pub fn show_drafts(&mut self, show: bool) {
        if self.opts.drafts != show {
            self.opts.drafts = show;
            self.opts.lenient_drafts = show;
            self.renderer = Incremental::new();
            // The web versions of photos do not depend on drafts: kept, so
            // no photo is read again.
            self.caches = Caches {
                images: self.caches.images.take(),
                ..Caches::default()
            };
        }
    }

    /// Builds the site, search index included; `None` when it has errors
    /// (all of them in `diags`). `changed` names the files changed since
    /// the previous build, relative to the site folder, when that is known:
    /// then no other file is looked at again.
    pub fn build(&mut self, changed: Changed, diags: &mut Diagnostics) -> Option<Snapshot> {
        let mut snapshot = self.build_pages(changed, diags)?;
        self.add_search(&mut snapshot);
        Some(snapshot)
    }

    /// Builds everything but the search index, which keeps the previous
    /// build's files until [`Builder::add_search`] replaces them: the index
    /// covers the whole site and takes far longer than re-rendering an edited
    /// page, so `serve` reloads the browsers first and indexes afterwards.
    pub fn build_pages(&mut self, changed: Changed, diags: &mut Diagnostics) -> Option<Snapshot> {
        let Prepared {
            site,
            theme,
            options,
            mut timings,
            ..
        } = build::prepare_site(&self.opts, true, Some((&mut self.caches, changed)), diags)?;
        let lap = Instant::now();
        let disk = disk_files(&site, &theme);
        let prefix = site.config.url_prefix().to_string();
        let search = site.config.search;
        let drafts = site.draft_pages.clone();
        let output = self.renderer.render(site, &theme, &options, diags)?;
        timings.push(("render", lap.elapsed()));
        if diags.has_errors() {
            return None;
        }
        let mut files = FxHashMap::with_capacity_and_hasher(
            output.files.len() + self.search.len(),
            Default::default(),
        );
        for f in output.files {
            files.insert(f.path, f.bytes);
        }
        if search {
            // Same order as `build`: the search index wins over a page on a clash.
            for (path, bytes) in &self.search {
                files.insert(path.clone(), bytes.clone());
            }
        }
        self.builds += 1;
        if std::env::var_os("PINPAI_TIMINGS").is_some() {
            print_timings(&timings);
        }
        Some(Snapshot {
            prefix,
            files,
            disk,
            build: format!("{}-{}", self.instance, self.builds),
            rendered: output.rendered,
            reused: output.reused,
            drafts,
        })
    }

    /// Puts the search index of the last good build into `snapshot`.
    pub fn add_search(&mut self, snapshot: &mut Snapshot) {
        let start = Instant::now();
        let fresh = self
            .shared_site()
            .map(|s| search_files(&s))
            .unwrap_or_default();
        if std::env::var_os("PINPAI_TIMINGS").is_some() {
            print_timings(&[("search", start.elapsed())]);
        }
        self.set_search(snapshot, fresh);
    }

    /// Replaces the search index files in `snapshot` (and for later builds).
    pub fn set_search(&mut self, snapshot: &mut Snapshot, fresh: Vec<(Arc<str>, Bytes)>) {
        for (path, _) in &self.search {
            snapshot.files.remove(&**path);
        }
        for (path, bytes) in &fresh {
            snapshot.files.insert(path.clone(), bytes.clone());
        }
        self.search = fresh;
    }

    pub fn shared_site(&self) -> Option<Arc<Site>> {
        self.renderer.shared_site()
    }

    /// The site of the last good build.
    pub fn site(&self) -> Option<&Site> {
        self.renderer.site()
    }
}

fn search_files(site: &Site) -> Vec<(Arc<str>, Bytes)> {
    build::extra_files(site)
        .into_iter()
        .map(|f| (f.path.into(), Bytes::from(f.bytes)))
        .collect()
}

/// For measuring: `PINPAI_TIMINGS=1 pinpai serve` prints each stage.
fn print_timings(timings: &[(&'static str, Duration)]) {
    let stages: Vec<String> = timings
        .iter()
        .map(|(name, t)| format!("{name} {:.1} ms", t.as_secs_f64() * 1000.0))
        .collect();
    eprintln!("  {}", stages.join(" · "));
}

/// Files copied as they are, by output path, as `build` writes them (its
/// file plan, without the rendered pages that `serve` keeps in memory).
fn disk_files(site: &Site, theme: &Theme) -> HashMap<String, DiskFile> {
    let outputs = Outputs {
        files: &[],
        statics: theme.statics.values().collect(),
        assets: &site.assets,
        derivatives: &site.derivatives,
    };
    file_plan(&outputs)
        .into_iter()
        .filter_map(|(path, source)| {
            let file = match source {
                Source::Static(StaticFile::Embedded { bytes, .. }) => DiskFile::Embedded(bytes),
                Source::Static(StaticFile::Disk { source, .. }) => DiskFile::Path(source.clone()),
                Source::Copy(path) => DiskFile::Path(path.to_path_buf()),
                Source::Bytes(_) => return None,
            };
            Some((path, file))
        })
        .collect()
}

/// State shared by the builder and the HTTP server.
pub(crate) struct Shared {
    site: RwLock<Option<Arc<Snapshot>>>,
    /// The last build's errors and warnings, where the workbench shows them.
    problems: RwLock<Vec<crate::diagnostics::Diagnostic>>,
    /// The workbench at `/_pinpai/` (CONTENT-MODEL §9).
    pub(crate) workbench: Arc<crate::workbench::Workbench>,
    status: tokio::sync::watch::Sender<Status>,
    /// Set once when the server stops; ends the event streams.
    stopping: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    /// The last build's errors and warnings.
    pub(crate) fn problems(&self) -> Vec<crate::diagnostics::Diagnostic> {
        match self.problems.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_problems(&self, problems: Vec<crate::diagnostics::Diagnostic>) {
        match self.problems.write() {
            Ok(mut guard) => *guard = problems,
            Err(poisoned) => *poisoned.into_inner() = problems,
        }
    }

    pub(crate) fn current(&self) -> Option<Arc<Snapshot>> {
        match self.site.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn publish(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        match self.site.write() {
            Ok(mut guard) => *guard = Some(snapshot),
            Err(poisoned) => *poisoned.into_inner() = Some(snapshot),
        }
    }
}

enum Message {
    /// Files changed, relative to the site folder.
    Changed(Vec<PathBuf>),
    /// Changes were missed (the system's event queue overflowed): look at
    /// every file again.
    Rescan,
    /// The search index of one build, made on a thread of its own.
    Searched {
        build: String,
        files: Vec<(Arc<str>, Bytes)>,
    },
    WatchError(String),
    /// The workbench's 预览草稿: rebuild with drafts shown or left out.
    ShowDrafts(bool),
    Stop,
}

/// A running preview server.
pub struct Server {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    to_builder: mpsc::Sender<Message>,
    http: Option<thread::JoinHandle<()>>,
    builder: Option<thread::JoinHandle<()>>,
}

impl Server {
    /// Binds the port, starts watching and the first build, and returns at
    /// once; the first build goes on in the background.
    pub fn start(opts: BuildOptions, options: Options) -> Result<Server, ServeError> {
        let ip = address::parse_bind(&options.bind)?;
        let offered = address::Offered::decide(&opts.root, ip, &options)?;
        let tls_config = match &options.tls {
            Some(files) => Some(tls::load(files).map_err(ServeError::Tls)?),
            None => None,
        };
        let listener = address::bind(ip, options.port)?;
        let addr = listener.local_addr().map_err(|error| ServeError::Start {
            what: "网络服务（读取监听地址）",
            error,
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|error| ServeError::Start {
                what: "网络服务（设置监听端口）",
                error,
            })?;
        let url = address::preview_url(offered.scheme(), ip, addr.port());
        let (status, _) = tokio::sync::watch::channel(Status::default());
        let (stopping, _) = tokio::sync::watch::channel(false);
        let guard = crate::workbench::Guard::new(
            &address::served_hosts(ip, addr.port()),
            offered.scheme(),
            offered.writable(),
        )
        .map_err(|error| ServeError::Start {
            what: "工作台（生成令牌）",
            error,
        })?;
        let shared = Arc::new(Shared {
            site: RwLock::new(None),
            problems: RwLock::new(Vec::new()),
            workbench: Arc::new(crate::workbench::Workbench::new(
                &opts.root,
                guard,
                crate::workbench::Served {
                    lan: offered.lan,
                    https: offered.https,
                },
            )),
            status,
            stopping,
        });

        let (to_builder, from_watcher) = mpsc::channel();
        let switch = to_builder.clone();
        shared.workbench.drafts().connect(opts.drafts, move |show| {
            let _ = switch.send(Message::ShowDrafts(show));
        });
        let watcher = watch::Watcher::start(&opts.root, options.poll, to_builder.clone())?;

        if !options.quiet {
            address::print_banner(ip, addr.port(), offered, opts.drafts, options.poll);
        }

        let builder_shared = Arc::clone(&shared);
        let quiet = options.quiet;
        let to_itself = to_builder.clone();
        let builder = thread::Builder::new()
            .name("pinpai-build".into())
            .spawn(move || {
                rebuild::build_loop(
                    opts,
                    builder_shared,
                    (to_itself, from_watcher),
                    watcher,
                    quiet,
                )
            })
            .map_err(|error| ServeError::Start {
                what: "生成线程",
                error,
            })?;

        let http = start_http(listener, tls_config, Arc::clone(&shared), options.ctrl_c)?;

        Ok(Server {
            addr,
            url,
            shared,
            to_builder,
            http: Some(http),
            builder: Some(builder),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:1111/`
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn status(&self) -> Status {
        self.shared.status.borrow().clone()
    }

    /// Waits until at least `generation` builds have finished.
    pub fn wait_for_generation(&self, generation: u64, timeout: Duration) -> Option<Status> {
        let deadline = Instant::now() + timeout;
        loop {
            let status = self.status();
            if status.generation >= generation {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Blocks until the server stops (Ctrl-C when `ctrl_c` was set).
    pub fn wait(mut self) {
        if let Some(http) = self.http.take() {
            let _ = http.join();
        }
        self.shutdown();
    }

    /// Stops serving and watching; returns when every thread has ended.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stopping.send_replace(true);
        if let Some(http) = self.http.take() {
            let _ = http.join();
        }
        let _ = self.to_builder.send(Message::Stop);
        // A build in progress finishes first, so the image cache is never
        // left half written.
        if let Some(builder) = self.builder.take() {
            let _ = builder.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The HTTP server on a thread of its own, with its own small runtime.
fn start_http(
    listener: TcpListener,
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    shared: Arc<Shared>,
    ctrl_c: bool,
) -> Result<thread::JoinHandle<()>, ServeError> {
    let start_error = |error| ServeError::Start {
        what: "网络服务",
        error,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(start_error)?;
    thread::Builder::new()
        .name("pinpai-http".into())
        .spawn(move || {
            runtime.block_on(http::run(listener, tls, shared, ctrl_c));
            runtime.shutdown_timeout(Duration::from_millis(500));
        })
        .map_err(start_error)
}
