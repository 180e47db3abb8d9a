//! Hostile input (issue 15): files a hospital's PCs and servers really
//! hold, and some a careless or malicious hand could put there. Each one
//! ends in a clear message naming the file (and line, where there is one)
//! or in a correct build, within bounded time and memory: never a panic, a
//! hang, an abort or a file published from outside the site.
//!
//! Every case runs the real binary on the fixture site with the case's
//! files, under a time limit and an address-space limit, and reads its
//! peak memory from the kernel. All cases run, then the test fails naming
//! each case that did not behave.

#[path = "hostile/cases.rs"]
mod cases;
mod common;

use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cases::cases;
use common::{fixture, Site, BIN};

/// Far more than any case needs: a case that takes longer has hung.
const TIME_LIMIT: Duration = Duration::from_secs(120);
/// Each case takes under 2 s here (the debug build); one that takes this
/// long has gone quadratic somewhere.
const SLOW: Duration = Duration::from_secs(15);
/// Address space a build may reserve; past it an allocation fails, which
/// Rust turns into an abort, reported below.
const ADDRESS_SPACE: u64 = 6 << 30;
/// Peak resident memory a build may reach on any of these inputs.
const PEAK_MEMORY_MB: u64 = 1500;

/// What a case must end in.
enum Expect {
    /// Exit 0, and the check (if any) holds of the output.
    Builds,
    /// Exit 1 with a line of stderr starting with this (a file, its line).
    Fails(&'static str),
    /// Exit 0 with a warning line starting with this.
    Warns(&'static str),
}

struct Case {
    name: &'static str,
    setup: fn(&Site),
    expect: Expect,
    /// What else must hold of the site or messages afterwards.
    check: Option<fn(&Site, &Bounded)>,
}

/// One bounded run of `pinpai build`.
pub struct Bounded {
    /// `None` when killed by a signal (an abort, a stack overflow).
    code: Option<i32>,
    signal: Option<i32>,
    stderr: String,
    elapsed: Duration,
    peak_mb: u64,
    timed_out: bool,
}

/// Runs `pinpai build` in `dir` with the limits above; as `nobody` when
/// `unprivileged` (so that an unreadable file is unreadable to it).
// The child is reaped by `wait4` in `wait_bounded`, which also gives its
// peak memory; std's `wait` cannot.
#[allow(clippy::zombie_processes)]
fn run_bounded(binary: &Path, dir: &Path, unprivileged: bool) -> Bounded {
    let err_path = dir.join(".hostile-stderr");
    let stderr = fs::File::create(&err_path).unwrap();
    let mut command = Command::new(binary);
    command
        .arg("build")
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    // SAFETY: only async-signal-safe calls (setrlimit, setgid, setuid)
    // between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            if unprivileged && (libc::setgid(65534) != 0 || libc::setuid(65534) != 0) {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let child = command.spawn().expect("start pinpai");
    let pid = child.id() as libc::pid_t;
    let (status, usage, timed_out) = wait_bounded(pid, start);
    let mut text = String::new();
    let _ = fs::File::open(&err_path).and_then(|mut f| f.read_to_string(&mut text));
    let _ = fs::remove_file(&err_path);
    Bounded {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        stderr: text,
        elapsed: start.elapsed(),
        peak_mb: (usage.ru_maxrss as u64) / 1024,
        timed_out,
    }
}

/// Waits for `pid`, killing it at the time limit; its status and usage.
fn wait_bounded(pid: libc::pid_t, start: Instant) -> (i32, libc::rusage, bool) {
    let mut timed_out = false;
    loop {
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our own child; both pointers are valid.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            return (status, usage, timed_out);
        }
        if !timed_out && start.elapsed() > TIME_LIMIT {
            // SAFETY: killing our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            timed_out = true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Why a run did not behave, or `None`.
fn verdict(case: &Case, run: &Bounded, site: &Site) -> Option<String> {
    let problem = if run.timed_out {
        Some(format!("hung: killed after {:?}", TIME_LIMIT))
    } else if let Some(signal) = run.signal {
        Some(format!(
            "killed by signal {signal} (abort or stack overflow)"
        ))
    } else if run.stderr.contains("panicked") {
        Some("panicked".to_string())
    } else if run.elapsed > SLOW {
        Some(format!("took {:.1} s", run.elapsed.as_secs_f64()))
    } else if run.peak_mb > PEAK_MEMORY_MB {
        Some(format!("peak memory {} MB", run.peak_mb))
    } else {
        let has_line = |prefix: &str| run.stderr.lines().any(|l| l.starts_with(prefix));
        match &case.expect {
            Expect::Builds if run.code != Some(0) => Some("failed".to_string()),
            Expect::Warns(prefix) if run.code != Some(0) || !has_line(prefix) => {
                Some(format!("expected exit 0 and a warning starting {prefix:?}"))
            }
            Expect::Fails(prefix) if run.code != Some(1) || !has_line(prefix) => {
                Some(format!("expected exit 1 and a line starting {prefix:?}"))
            }
            _ => None,
        }
    };
    let problem = problem.or_else(|| {
        let check = case.check?;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(site, run)));
        result.err().map(|panic| {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            format!("check failed: {}", why.unwrap_or_default())
        })
    })?;
    Some(format!(
        "{}: {problem} (exit {:?}, {:.1} s, {} MB)\n{}",
        case.name,
        run.code,
        run.elapsed.as_secs_f64(),
        run.peak_mb,
        run.stderr.lines().take(8).collect::<Vec<_>>().join("\n")
    ))
}

fn run_case(case: &Case) -> Option<String> {
    let site = fixture();
    (case.setup)(&site);
    let unprivileged = case.name == "unreadable_file" && is_root();
    let binary = if unprivileged {
        // `nobody` may not reach the build's folder: a copy it can run.
        let copy = site.path(".pinpai-bin");
        fs::copy(BIN, &copy).unwrap();
        make_world_writable(site.root());
        copy
    } else {
        Path::new(BIN).to_path_buf()
    };
    let run = run_bounded(&binary, site.root(), unprivileged);
    if std::env::var_os("HOSTILE_SHOW").is_some() {
        eprintln!(
            "== {}: exit {:?} signal {:?}, {:.1} s, {} MB\n{}",
            case.name,
            run.code,
            run.signal,
            run.elapsed.as_secs_f64(),
            run.peak_mb,
            run.stderr.lines().take(6).collect::<Vec<_>>().join("\n")
        );
    }
    verdict(case, &run, &site)
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn make_world_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.path_is_symlink() || entry.file_name() == "unreadable.md" {
            continue;
        }
        let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(0o777));
    }
    // The temporary folder's parent is the system's, open to all.
}

#[test]
fn every_hostile_input_ends_in_a_message_or_a_correct_build() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(run_case).collect();
    assert!(
        failures.is_empty(),
        "{} of {} hostile inputs misbehaved:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
