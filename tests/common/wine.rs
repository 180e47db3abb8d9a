//! pinpai.exe under Wine, for the Windows suites (`tests/windows*.rs`):
//! found once, run to the end or left running (serve).
//!
//! The exe is `target/windows/pinpai.exe` (`bash tools/build-windows.sh`),
//! or `PINPAI_WINDOWS_EXE`; Wine is `/usr/lib/wine/wine64` or `WINE64`.
//! Without them the tests say so and pass on a developer's machine, but
//! fail under CI (`CI` set), where `.ci/run` builds the exe first.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use super::Run;

/// The exe and Wine, or `None` (after saying why) when this machine has
/// not built them.
pub fn windows() -> Option<&'static Wine> {
    static WINE: OnceLock<Option<Wine>> = OnceLock::new();
    WINE.get_or_init(Wine::find).as_ref()
}

pub struct Wine {
    pub wine64: PathBuf,
    pub exe: PathBuf,
    pub prefix: PathBuf,
}

impl Wine {
    fn find() -> Option<Wine> {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let exe = std::env::var_os("PINPAI_WINDOWS_EXE")
            .map_or_else(|| repo.join("target/windows/pinpai.exe"), PathBuf::from);
        let wine64 = std::env::var_os("WINE64")
            .map_or_else(|| PathBuf::from("/usr/lib/wine/wine64"), PathBuf::from);
        if !exe.is_file() || !wine64.is_file() {
            let why = format!(
                "the Windows suite needs {} (bash tools/build-windows.sh) and {} (apt-get install wine64)",
                exe.display(),
                wine64.display()
            );
            assert!(std::env::var_os("CI").is_none(), "{why}");
            eprintln!("skipped: {why}");
            return None;
        }
        warn_if_older_than_the_source(repo, &exe);
        let wine = Wine {
            wine64,
            exe,
            prefix: repo.join("target/wineprefix"),
        };
        // The first start makes the prefix (half a minute): once, before
        // the tests start Windows programs side by side.
        let made = wine.command(repo).args(["cmd", "/c", "ver"]).output();
        assert!(
            made.as_ref().is_ok_and(|o| o.status.success()),
            "wine does not start: {made:?}"
        );
        Some(wine)
    }

    /// `wine64 …` in `dir` (which Wine shows the program as `Z:\…`).
    pub fn command(&self, dir: &Path) -> Command {
        let mut command = Command::new(&self.wine64);
        command
            .current_dir(dir)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            // No "Wine Mono/Gecko missing" dialogs in a prefix made here,
            // and no browser opened on this machine by winebrowser.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=;winebrowser.exe=d")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null());
        command
    }

    /// `pinpai.exe ARGS…` in `dir`, to the end.
    pub fn run(&self, dir: &Path, args: &[&str]) -> Run {
        let out = self
            .command(dir)
            .arg(&self.exe)
            .args(args)
            .output()
            .expect("run wine64");
        finished(out)
    }

    /// `pinpai.exe ARGS…` in `dir` with `input` on its stdin (a password
    /// typed into a script), to the end.
    pub fn run_with_input(&self, dir: &Path, args: &[&str], input: &str) -> Run {
        let mut child = self
            .command(dir)
            .arg(&self.exe)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start wine64");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(input.as_bytes()).expect("write stdin");
        drop(stdin);
        finished(child.wait_with_output().expect("run wine64"))
    }

    /// `pinpai.exe ARGS…` in `dir`, left running (serve).
    pub fn spawn(&self, dir: &Path, args: &[&str]) -> Running {
        let mut child = self
            .command(dir)
            .arg(&self.exe)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start wine64");
        let out = child.stdout.take().expect("stdout");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }
}

/// On a developer's machine an exe built before the last edit tests old
/// code: said, so a pass is not misread (CI builds it first).
fn warn_if_older_than_the_source(repo: &Path, exe: &Path) {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(built) = modified(exe) else { return };
    let newer = walkdir::WalkDir::new(repo.join("src"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| modified(e.path()).is_some_and(|m| m > built));
    if let Some(source) = newer {
        eprintln!(
            "note: {} is newer than {}: run bash tools/build-windows.sh to test the current code",
            source.path().display(),
            exe.display()
        );
    }
}

/// A program started with [`Wine::spawn`], killed when dropped.
pub struct Running {
    pub child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

/// How long a line the program should print may take (a first build of a
/// site under Wine on a busy CI machine included).
pub const LINE_LIMIT: Duration = Duration::from_secs(120);

impl Running {
    /// Reads stdout until a line holds `needle`; the line. Fails, showing
    /// what the program printed, if none comes in time.
    pub fn wait_for_line(&mut self, needle: &str) -> String {
        let started = Instant::now();
        while let Some(left) = LINE_LIMIT.checked_sub(started.elapsed()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => self.seen.push(line),
                Err(_) => break,
            }
        }
        let _ = self.child.kill();
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        panic!(
            "no line with {needle:?}\n--- stdout\n{}\n--- stderr\n{err}",
            self.seen.join("\n")
        );
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // SIGKILL to the Wine process is TerminateProcess to the program.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// What a finished program gave: its exit code and its output as text.
fn finished(out: std::process::Output) -> Run {
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}
