//! The builder thread of `serve`: rebuild on every change the watcher
//! reports, publish the result, index for search afterwards.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::{
    print_timings, search_files, watch, Builder, Message, Shared, Snapshot, Status, SETTLE,
};
use crate::build::BuildOptions;
use crate::diagnostics::{Diagnostics, Level};
use crate::resolve::Site;

/// The builder thread: builds, publishes the result, then waits for the
/// next changes and builds again, until told to stop.
pub(super) fn build_loop(
    opts: BuildOptions,
    shared: Arc<Shared>,
    (to_itself, messages): (mpsc::Sender<Message>, mpsc::Receiver<Message>),
    mut watcher: watch::Watcher,
    quiet: bool,
) {
    let root = opts.root.clone();
    let mut builder = Builder::new(opts);
    let mut generation = 0;
    let indexer = Indexer::new(to_itself);
    let mut changes = Changes {
        paths: Vec::new(),
        // Not every change is known for the first build.
        all_known: false,
        drafts: None,
    };
    loop {
        let start = Instant::now();
        let mut diags = Diagnostics::new();
        if let Some(show) = changes.drafts.take() {
            builder.show_drafts(show);
        }
        let known = changes.all_known.then_some(changes.paths.as_slice());
        // The first build is complete; later ones index for search after
        // the browsers have reloaded.
        let snapshot = if generation == 0 {
            builder.build(known, &mut diags)
        } else {
            builder.build_pages(known, &mut diags)
        };
        generation += 1;
        if !quiet {
            report(
                &changes.paths,
                &diags,
                snapshot.as_ref(),
                start.elapsed(),
                generation,
            );
        }
        let index_later = generation > 1 && snapshot.is_some();
        let build = publish(&shared, snapshot, &diags, generation);
        if index_later {
            if let Some(site) = builder.shared_site() {
                indexer.index(site, build, generation);
            }
        }
        if !wait_for_changes(&messages, &shared, &mut builder, &mut changes, &root, quiet) {
            break;
        }
        // New or re-created folders (content/, templates/, …) need watching.
        watcher.refresh(&changes.paths);
    }
}

/// The files changed since the last build, and whether that list is
/// complete (not so after the watcher missed events).
struct Changes {
    paths: Vec<PathBuf>,
    all_known: bool,
    /// Drafts shown or left out from now on (the workbench's 预览草稿).
    drafts: Option<bool>,
}

/// Serves a good build and tells open pages the outcome; returns the id of
/// the build being served.
fn publish(
    shared: &Shared,
    snapshot: Option<Snapshot>,
    diags: &Diagnostics,
    generation: u64,
) -> String {
    shared.set_problems(diags.sorted().into_iter().cloned().collect());
    let errors: Vec<String> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.level == Level::Error)
        .map(ToString::to_string)
        .collect();
    let build = match snapshot {
        Some(snapshot) => {
            let id = snapshot.build.clone();
            shared.publish(snapshot);
            id
        }
        None => shared.status.borrow().build.clone(),
    };
    shared.status.send_replace(Status {
        build: build.clone(),
        errors,
        generation,
    });
    build
}

/// Builds the search index after the browsers have reloaded, on a thread
/// of its own so the next edit does not wait for it either. It has a
/// one-thread pool, so the next rebuild's parallel work never queues
/// behind it; an index whose build was already replaced is skipped.
struct Indexer {
    pool: Option<rayon::ThreadPool>,
    to_builder: mpsc::Sender<Message>,
    /// The newest build; an index started for an older one is not wanted.
    latest: Arc<AtomicU64>,
}

impl Indexer {
    fn new(to_builder: mpsc::Sender<Message>) -> Self {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "pinpai-search".into())
            .build()
            .ok();
        Indexer {
            pool,
            to_builder,
            latest: Arc::new(AtomicU64::new(0)),
        }
    }

    fn index(&self, site: Arc<Site>, build: String, generation: u64) {
        let to_builder = self.to_builder.clone();
        let timings = std::env::var_os("PINPAI_TIMINGS").is_some();
        self.latest.store(generation, Ordering::Relaxed);
        let latest = Arc::clone(&self.latest);
        let index = move || {
            if latest.load(Ordering::Relaxed) != generation {
                return;
            }
            let start = Instant::now();
            let files = search_files(&site);
            if timings {
                print_timings(&[("search", start.elapsed())]);
            }
            let _ = to_builder.send(Message::Searched { build, files });
        };
        match &self.pool {
            Some(pool) => pool.spawn(index),
            None => {
                let _ = thread::Builder::new()
                    .name("pinpai-search".into())
                    .spawn(index);
            }
        }
    }
}

/// Waits for the next change and gathers everything that arrives meanwhile
/// into `changes`; search indexes that arrive are served. False on stop.
fn wait_for_changes(
    messages: &mpsc::Receiver<Message>,
    shared: &Shared,
    builder: &mut Builder,
    changes: &mut Changes,
    root: &Path,
    quiet: bool,
) -> bool {
    changes.paths.clear();
    changes.all_known = true;
    let mut stop = false;
    loop {
        let Ok(message) = messages.recv() else {
            return false;
        };
        if let Message::Searched { build, files } = message {
            match shared.current() {
                Some(current) if current.build == build => {
                    let mut complete = (*current).clone();
                    builder.set_search(&mut complete, files);
                    shared.publish(complete);
                }
                // A newer build is already served; its own index follows.
                _ => {}
            }
            continue;
        }
        stop |= take(message, changes, quiet);
        break;
    }
    while !stop {
        // A changed file that is not there may be mid-way through an
        // atomic save (renamed away, the new version not yet in place):
        // wait a moment for the rest of it.
        let midway = changes.paths.iter().any(|p| !root.join(p).exists());
        let next = if midway {
            messages.recv_timeout(SETTLE).ok()
        } else {
            messages.try_recv().ok()
        };
        let Some(message) = next else {
            break;
        };
        if let Message::Searched { .. } = message {
            continue; // for a build about to be replaced
        }
        stop |= take(message, changes, quiet);
    }
    // A file saved twice is one change.
    changes.paths.sort();
    changes.paths.dedup();
    !stop
}

/// Adds a message's paths to `changes` (or marks the list incomplete when
/// changes were missed); true on stop.
fn take(message: Message, changes: &mut Changes, quiet: bool) -> bool {
    match message {
        Message::Rescan => {
            changes.all_known = false;
            false
        }
        Message::Changed(paths) => {
            changes.paths.extend(paths);
            false
        }
        Message::WatchError(message) => {
            changes.all_known = false;
            if !quiet {
                eprintln!("警告：监视文件时出错：{message}（如果改动没有自动生效，可以重新运行 pinpai serve，网络共享盘上请加 --poll）");
            }
            false
        }
        Message::ShowDrafts(show) => {
            changes.drafts = Some(show);
            changes.all_known = false;
            false
        }
        Message::Stop => true,
        Message::Searched { .. } => false,
    }
}

/// A path relative to the site folder, with `/` separators.
fn shown(path: &Path) -> String {
    crate::paths::relative(Path::new(""), path)
}

fn report(
    changed: &[PathBuf],
    diags: &Diagnostics,
    snapshot: Option<&Snapshot>,
    elapsed: Duration,
    generation: u64,
) {
    let clock = chrono::Local::now().format("%H:%M:%S");
    let what = match changed {
        [] => String::new(),
        [one] => format!("{} 有改动，", crate::paths::native(&shown(one))),
        [first, rest @ ..] => format!(
            "{} 等 {} 个文件有改动，",
            crate::paths::native(&shown(first)),
            rest.len() + 1
        ),
    };
    let time = if elapsed.as_secs_f64() >= 1.0 {
        format!("{:.2} 秒", elapsed.as_secs_f64())
    } else {
        format!("{} 毫秒", elapsed.as_millis())
    };
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    match snapshot {
        Some(s) if generation == 1 => println!(
            "[{clock}] 网站已生成：{} 个文件，用时 {time}。",
            s.files.len() + s.disk.len()
        ),
        Some(s) => println!(
            "[{clock}] {what}已更新：重新生成 {} 个页面（{} 个没有变化），用时 {time}。",
            s.rendered, s.reused
        ),
        None => eprintln!(
            "[{clock}] {what}生成失败：{} 个错误（见上）。浏览器里显示这些错误，改好并保存后自动恢复{}。",
            diags.error_count(),
            if generation == 1 { "" } else { "；在此之前继续提供上一次成功生成的网站" }
        ),
    }
    // A writer who just made or edited a draft must not wonder where it went.
    for draft in snapshot.iter().flat_map(|s| &s.drafts) {
        if changed.iter().any(|p| shown(p) == draft.source) {
            println!(
                "          {} 是草稿（draft: true），预览里不显示（{} 是“找不到页面”）：写好后把 draft 改为 false，或用 pinpai serve --drafts 预览草稿（工作台里按“预览草稿”也可以）。",
                crate::paths::native(&draft.source),
                draft.url
            );
        }
    }
}
