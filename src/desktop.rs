//! `pinpai` with no command: what a double-clicked `pinpai.exe` does.
//!
//! An officer unzips pinpai next to (or into) the site folder and
//! double-clicks it. Windows then opens a console window whose working
//! folder is the exe's own. In a site folder, the preview starts and the
//! default browser opens it; elsewhere the window says how to make a site
//! and waits for Enter, so it does not vanish before it is read. The wait
//! happens only when the window is the program's own (nothing else runs in
//! it): typed in cmd, PowerShell or a Linux terminal, `pinpai` returns at
//! once, as any command does.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::build::BuildOptions;
use crate::serve::ServeError;

/// The port the preview is served on when nothing says otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// How `pinpai` with no command ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The preview ran and was stopped.
    Served,
    /// No site here: the user was told how to make one.
    NoSite,
    /// The preview could not start; the message was shown.
    Failed,
}

/// Runs `pinpai` with no command for the site folder `root` (`.` unless
/// `--root` was given).
pub fn start(root: &Path, root_given: bool) -> Outcome {
    let Some(site) = find_site(root, root_given) else {
        print_no_site(root);
        wait_if_window_is_ours();
        return Outcome::NoSite;
    };
    println!("网站文件夹：{}", absolute(&site));
    if cfg!(windows) {
        println!("关闭这个窗口，预览就会停止。");
    }
    // A network share sends no change notices: look at the files instead.
    let poll = on_a_network_drive(&site);
    let opts = BuildOptions {
        // A preview: pages still in review are shown, with their band.
        preview: true,
        ..BuildOptions::new(&site)
    };
    match serve_on_a_free_port(opts, poll) {
        Ok(()) => Outcome::Served,
        Err(error) => {
            eprintln!("错误：{error}");
            wait_if_window_is_ours();
            Outcome::Failed
        }
    }
}

/// The site to serve: `root` when it holds `site.yaml`; failing that, and
/// only when no `--root` was given, the folder of the program itself (a
/// shortcut on the desktop starts it elsewhere).
fn find_site(root: &Path, root_given: bool) -> Option<PathBuf> {
    if root.join("site.yaml").is_file() {
        return Some(root.to_path_buf());
    }
    if root_given {
        return None;
    }
    let beside_exe = std::env::current_exe().ok()?.parent()?.to_path_buf();
    beside_exe.join("site.yaml").is_file().then_some(beside_exe)
}

/// Port 1111, or the next free one: a second double-click, or another
/// program on 1111, must not stop the officer.
/// (Ports Windows keeps for Hyper-V or WSL answer "permission denied":
/// moved past the same way.)
fn serve_on_a_free_port(opts: BuildOptions, poll: bool) -> Result<(), ServeError> {
    let mut port = DEFAULT_PORT;
    let last = DEFAULT_PORT + 100;
    loop {
        let options = crate::serve::Options {
            bind: "127.0.0.1".into(),
            port,
            poll,
            ..Default::default()
        };
        let next = match crate::serve::serve(opts.clone(), options, true) {
            Err(ServeError::PortInUse {
                free: Some(free), ..
            }) if free != port => free,
            Err(ServeError::PortForbidden(_)) if port < last => port + 1,
            other => return other,
        };
        println!("端口 {port} 用不了（也许已经开着一个预览），改用 {next}。");
        port = next;
    }
}

fn print_no_site(root: &Path) {
    println!("这里不是网站文件夹：{} 里没有 site.yaml。", absolute(root));
    if started_inside_a_zip() {
        println!("pinpai.exe 是在压缩包里直接打开的：请先在压缩包上点右键 →“全部提取”（或“全部解压缩”），");
        println!("再打开解压出来的“党建之窗”文件夹，双击里面的 pinpai.exe。");
    } else if cfg!(windows) {
        println!(
            "· 已有网站：把 pinpai.exe 复制到网站文件夹（有 site.yaml 的那个文件夹）里，再双击它。"
        );
        println!("· 还没有网站：按住 Shift 键在这个文件夹的空白处点右键，选“在此处打开命令窗口”，在打开的窗口里输入");
        println!("      pinpai init 党建之窗");
        println!("  再按回车；然后把 pinpai.exe 复制到新建的“党建之窗”文件夹里，双击它。");
    } else {
        println!("· 已有网站：在网站文件夹（有 site.yaml 的那个文件夹）里运行 pinpai。");
        println!("· 还没有网站：运行 pinpai init 党建之窗，再到“党建之窗”文件夹里运行 pinpai。");
    }
}

/// Whether Explorer ran this program straight out of a zip: it copies just
/// the exe to a `Temp1_….zip` folder of its own, with no site beside it.
fn started_inside_a_zip() -> bool {
    std::env::current_exe().is_ok_and(|exe| {
        exe.components().any(|c| {
            let name = c.as_os_str().to_string_lossy().to_lowercase();
            name.starts_with("temp") && name.ends_with(".zip")
        })
    })
}

/// Whether the site is on a network share (`\\server\share`, or a drive
/// letter mapped to one), where file watching gets no notices.
#[cfg(windows)]
fn on_a_network_drive(site: &Path) -> bool {
    use std::os::windows::ffi::OsStrExt;
    let full = absolute(site);
    if full.starts_with(r"\\") {
        return true;
    }
    let Some(drive) = full.get(..3).filter(|d| d.ends_with(":\\")) else {
        return false;
    };
    let wide: Vec<u16> = std::ffi::OsStr::new(drive)
        .encode_wide()
        .chain(Some(0))
        .collect();
    // SAFETY: a NUL-terminated UTF-16 string that outlives the call.
    let kind = unsafe { windows_sys::Win32::Storage::FileSystem::GetDriveTypeW(wide.as_ptr()) };
    const DRIVE_REMOTE: u32 = 4; // winbase.h
    kind == DRIVE_REMOTE
}

#[cfg(not(windows))]
fn on_a_network_drive(_: &Path) -> bool {
    false
}

/// Waits for Enter when someone can press it.
fn wait_for_enter() {
    if !std::io::stdin().is_terminal() {
        return;
    }
    print!("按回车键关闭……");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}

/// After an error: waits for Enter only when closing would take the
/// message with it (a console window opened just for this program).
fn wait_if_window_is_ours() {
    if window_is_ours() {
        wait_for_enter();
    }
}

/// Whether this program is the only one in its console window: true when
/// Explorer opened the window for a double-click, false in cmd or
/// PowerShell (the shell is attached too).
#[cfg(windows)]
fn window_is_ours() -> bool {
    let mut ids = [0u32; 2];
    // SAFETY: the buffer holds `ids.len()` entries, as the call is told.
    let count =
        unsafe { windows_sys::Win32::System::Console::GetConsoleProcessList(ids.as_mut_ptr(), 2) };
    count == 1
}

#[cfg(not(windows))]
fn window_is_ours() -> bool {
    false
}

/// The folder as Explorer's address bar shows it: absolute, a mapped drive
/// letter kept (not resolved to its share, as canonicalising would).
fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .map(|p| plain(&p))
        .unwrap_or_else(|_| path.display().to_string())
}

/// A path without Windows' `\\?\` prefix, as Explorer shows it.
fn plain(path: &Path) -> String {
    let text = path.display().to_string();
    match text.strip_prefix(r"\\?\UNC\") {
        Some(share) => format!(r"\\{share}"),
        None => text.strip_prefix(r"\\?\").unwrap_or(&text).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explorer_paths_have_no_verbatim_prefix() {
        assert_eq!(plain(Path::new(r"\\?\D:\党建之窗")), r"D:\党建之窗");
        assert_eq!(
            plain(Path::new(r"\\?\UNC\server\share\站")),
            r"\\server\share\站"
        );
        assert_eq!(plain(Path::new("/srv/站")), "/srv/站");
    }

    #[test]
    fn a_folder_without_site_yaml_is_not_a_site() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(find_site(dir.path(), true), None);
        std::fs::write(dir.path().join("site.yaml"), "title: 站\n").unwrap();
        assert_eq!(find_site(dir.path(), true), Some(dir.path().to_path_buf()));
    }
}
