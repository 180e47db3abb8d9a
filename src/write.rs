//! Stage 5: put the built site on disk, all or nothing.
//!
//! Everything is written into a fresh temporary folder beside the target,
//! which replaces the target only when complete. A failed build therefore
//! leaves the previous output exactly as it was, and nothing stale survives
//! a rebuild. A folder pinpai did not create is never written into.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::images::Derivative;
use crate::load::Asset;
use crate::render::OutputFile;
use crate::theme::StaticFile;

/// Marks an output folder as pinpai's, so it may be replaced.
pub const MARKER: &str = ".pinpai-output";

#[derive(Debug)]
pub struct WriteError {
    pub message: String,
}

fn err(message: impl Into<String>) -> WriteError {
    WriteError {
        message: message.into(),
    }
}

/// Everything that ends up in the output folder.
pub struct Outputs<'a> {
    pub files: &'a [OutputFile],
    pub statics: Vec<&'a StaticFile>,
    pub assets: &'a [Asset],
    pub derivatives: &'a [Derivative],
}

/// Refuses a target that exists, is not empty and was not made by pinpai.
pub fn check_target(output: &Path) -> Result<(), WriteError> {
    match fs::read_dir(output) {
        Ok(mut entries) => {
            if entries.next().is_none() || output.join(MARKER).is_file() {
                Ok(())
            } else {
                Err(err(format!(
                    "输出文件夹 {} 里已经有别的文件，且不是 pinpai 生成的。为避免覆盖，pinpai 不会写入：请换一个 --output 文件夹，或先手动清空它",
                    output.display()
                )))
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => Err(err(format!(
            "输出位置 {} 是一个文件，不是文件夹",
            output.display()
        ))),
        Err(e) => Err(err(format!("无法读取输出文件夹 {}：{e}", output.display()))),
    }
}

/// A new output folder being filled while the site renders: the copied
/// files first, then each rendered file as soon as it is made (and then
/// dropped from memory), then [`Staging::finish`] swaps it into place.
/// Dropped unfinished — a template error, a full disk — it is deleted and
/// the previous output stays as it was.
pub struct Staging {
    /// Held while this build fills the folder; the OS lets go of it when
    /// the process ends, however it ends, so a later build can tell a
    /// folder left by a killed build from one still being filled. Declared
    /// first so that it is closed before the folder is deleted on drop
    /// (Windows deletes no folder with an open file in it).
    lock: Option<fs::File>,
    /// `None` once finished.
    dir: Option<PathBuf>,
    output: PathBuf,
    parent: PathBuf,
    name: String,
}

/// The staging folder's lock file, removed just before the folder becomes
/// the output.
const LOCK: &str = ".pinpai-building";

/// How old an unlocked staging folder without a lock file must be before a
/// later build takes it for a leftover (a build makes its lock file right
/// after its folder, and removes it just before the folder is renamed).
const UNLOCKED_GRACE: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes the temporary folders that builds killed half-way (power cut,
/// `kill -9`, a closed window) left beside `output`: `.<name>.pinpai-new-*`
/// no build holds any more, and `.<name>.pinpai-old-*` (a previous site
/// whose removal was cut short). Only pinpai's own names are touched, never
/// any other folder. Errors are ignored: a folder that cannot be removed
/// now is tried again by the next build.
fn remove_leftovers(parent: &Path, name: &str, output: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let new_prefix = format!(".{name}.pinpai-new-");
    let old_prefix = format!(".{name}.pinpai-old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if file_name.starts_with(&old_prefix) {
            // Where folders cannot be swapped in one step, a build killed
            // between its two renames left the previous site here and no
            // output at all: put it back.
            let previous = path.join("site");
            if !output.exists() && previous.join(MARKER).is_file() {
                let _ = fs::rename(&previous, output);
            }
            let _ = fs::remove_dir_all(&path);
        } else if file_name.starts_with(&new_prefix) && staging_is_stale(&path) {
            discard(&path, parent, name);
        }
    }
}

/// Whether a `-new-` folder was left by a build that is gone.
fn staging_is_stale(path: &Path) -> bool {
    match fs::File::open(path.join(LOCK)) {
        // Locked: another build is filling it right now.
        Ok(lock) => lock.try_lock().is_ok(),
        // A whole site without a lock: the previous site swapped out by a
        // build killed before removing it.
        Err(_) if path.join(MARKER).is_file() => true,
        // Empty: a build killed between making the folder and its lock
        // file. (Should a live build be at that very moment, it makes a new
        // folder: see `Staging::create`.)
        Err(_) if fs::remove_dir(path).is_ok() => false,
        // Anything else should not exist (a removal always renames the
        // folder first); left alone until it is old enough to be surely dead.
        Err(_) => fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > UNLOCKED_GRACE),
    }
}

/// Removes a folder of ours, first renaming it under an `-old-` name: a
/// removal cut short (it takes a while for a site full of photos) then
/// leaves a folder that the next build surely knows for a leftover, rather
/// than a half-deleted one that has lost its lock file and marker.
fn discard(path: &Path, parent: &Path, name: &str) {
    let trash = tempfile::Builder::new()
        .prefix(&format!(".{name}.pinpai-old-"))
        .tempdir_in(parent);
    match trash {
        Ok(trash) if fs::rename(path, trash.path().join("discarded")).is_ok() => drop(trash),
        _ => {
            let _ = fs::remove_dir_all(path);
        }
    }
}

impl Staging {
    pub fn create(output: &Path) -> Result<Staging, WriteError> {
        check_target(output)?;
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)
            .map_err(|e| err(format!("无法创建文件夹 {}：{e}", parent.display())))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        remove_leftovers(&parent, &name, output);
        let mut attempts = 0;
        let (dir, lock) = loop {
            let dir = tempfile::Builder::new()
                .prefix(&format!(".{name}.pinpai-new-"))
                .tempdir_in(&parent)
                .map_err(|e| err(format!("无法在 {} 创建临时文件夹：{e}", parent.display())))?
                .keep();
            match fs::File::create(dir.join(LOCK)) {
                Ok(lock) => break (dir, lock),
                // Another build, starting at the same moment, took the
                // still-empty folder for a leftover and removed it.
                Err(e) if e.kind() == io::ErrorKind::NotFound && attempts < 3 => attempts += 1,
                Err(e) => {
                    let _ = fs::remove_dir_all(&dir);
                    return Err(err(format!("无法在 {} 创建临时文件：{e}", dir.display())));
                }
            }
        };
        // Where the file system has no locks the folder is still ours; the
        // grace period above protects it from other builds.
        let _ = lock.try_lock();
        Ok(Staging {
            lock: Some(lock),
            dir: Some(dir),
            output: output.to_path_buf(),
            parent,
            name,
        })
    }

    fn dir(&self) -> &Path {
        self.dir.as_deref().unwrap_or(Path::new("."))
    }

    /// Statics, content files and image versions (rendered files, put
    /// later, win a clash as in [`file_plan`]); their output paths.
    pub fn put_copies(&self, outputs: &Outputs) -> Result<Vec<String>, WriteError> {
        fill(self.dir(), outputs)
    }

    /// One rendered file, written at once.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let target = self.dir().join(path);
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder)
                .map_err(|e| err(format!("无法创建文件夹 {}：{e}", folder.display())))?;
        }
        let written = match fs::write(&target, bytes) {
            // A read-only static file copied to the same path (a site's own
            // `404.html`): the rendered file wins, as in `file_plan`.
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied && target.is_file() => {
                fs::remove_file(&target).and_then(|()| fs::write(&target, bytes))
            }
            other => other,
        };
        written.map_err(|e| err(format!("无法写入 {path}：{e}")))
    }

    /// Marks the folder as pinpai's and puts it in place of the output.
    pub fn finish(mut self) -> Result<(), WriteError> {
        // Again: during a long build someone may have put files in a
        // folder that was empty at the start.
        check_target(&self.output)?;
        let dir = self.dir().to_path_buf();
        fs::write(dir.join(MARKER), "pinpai\n")
            .map_err(|e| err(format!("无法写入 {MARKER}：{e}")))?;
        // Removed while still held, so that no other build ever finds the
        // folder unlocked with its lock file in it.
        fs::remove_file(dir.join(LOCK))
            .map_err(|e| err(format!("无法删除临时文件 {LOCK}：{e}")))?;
        self.lock = None;
        // From here on the folder is the new site, or (swapped) the old one.
        self.dir = None;
        swap_into_place(&dir, &self.output, &self.parent, &self.name)
    }
}

impl Drop for Staging {
    /// Unfinished (a template error, a full disk): the folder goes, the
    /// previous output stays as it was.
    fn drop(&mut self) {
        // Closed first: Windows deletes no folder with an open file in it.
        self.lock = None;
        if let Some(dir) = self.dir.take() {
            discard(&dir, &self.parent, &self.name);
        }
    }
}

/// Where one file of the output comes from.
pub enum Source<'a> {
    /// A theme's or the site's static file.
    Static(&'a StaticFile),
    /// A file copied as it is (a content file, an image's web version).
    Copy(&'a Path),
    /// A rendered file.
    Bytes(&'a [u8]),
}

/// Every file of the output with where it comes from, one per path. On a
/// clash the later kind wins: theme and site statics < content files <
/// image web versions < rendered pages. `serve` answers from this plan too.
pub fn file_plan<'a>(outputs: &Outputs<'a>) -> Vec<(String, Source<'a>)> {
    let mut plan: Vec<(String, Source)> = Vec::new();
    for s in &outputs.statics {
        plan.push((rel_of_url(s.url()), Source::Static(s)));
    }
    for a in outputs.assets {
        plan.push((rel_of_url(&a.url), Source::Copy(&a.source)));
    }
    for d in outputs.derivatives {
        plan.push((rel_of_url(&d.url), Source::Copy(&d.file)));
    }
    for f in outputs.files {
        plan.push((f.path.clone(), Source::Bytes(&f.bytes)));
    }
    let mut last: std::collections::HashMap<&str, usize> = Default::default();
    for (i, (path, _)) in plan.iter().enumerate() {
        last.insert(path.as_str(), i);
    }
    let winners: Vec<bool> = (0..plan.len())
        .map(|i| last.get(plan[i].0.as_str()) == Some(&i))
        .collect();
    plan.into_iter()
        .zip(winners)
        .filter_map(|(entry, wins)| wins.then_some(entry))
        .collect()
}

fn fill(dir: &Path, outputs: &Outputs) -> Result<Vec<String>, WriteError> {
    let plan = file_plan(outputs);
    let mut dirs: Vec<PathBuf> = plan
        .iter()
        .filter_map(|(p, _)| dir.join(p).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d).map_err(|e| err(format!("无法创建文件夹 {}：{e}", d.display())))?;
    }
    plan.par_iter().try_for_each(|(path, source)| {
        let target = dir.join(path);
        let result = match source {
            Source::Bytes(bytes) => fs::write(&target, bytes),
            Source::Static(StaticFile::Embedded { bytes, .. }) => fs::write(&target, bytes),
            // A hard link would tie the output to the cache; copy instead.
            Source::Copy(from) => fs::copy(from, &target).map(|_| ()),
            Source::Static(StaticFile::Disk { source, .. }) => {
                fs::copy(source, &target).map(|_| ())
            }
        };
        result.map_err(|e| err(format!("无法写入 {path}：{e}")))
    })?;
    Ok(plan.into_iter().map(|(path, _)| path).collect())
}

/// `/a/b.png` → `a/b.png`; `/a/` → `a/index.html`.
fn rel_of_url(url: &str) -> String {
    crate::urls::output_path(url)
}

fn swap_into_place(
    new_dir: &Path,
    output: &Path,
    parent: &Path,
    name: &str,
) -> Result<(), WriteError> {
    if output.exists() && exchange(new_dir, output).is_ok() {
        // The new site is the output; the previous one is where the new
        // one was. Moved under an `-old-` name before it is removed, so
        // that a removal cut short leaves a folder any later build knows
        // to remove (until the move, it is a whole site with its marker,
        // which a later build removes too).
        match tempfile::Builder::new()
            .prefix(&format!(".{name}.pinpai-old-"))
            .tempdir_in(parent)
        {
            Ok(old) if fs::rename(new_dir, old.path().join("site")).is_ok() => drop(old),
            _ => {
                discard(new_dir, parent, name);
            }
        }
    } else if output.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.pinpai-old-"))
            .tempdir_in(parent)
            .map_err(|e| err(format!("无法创建临时文件夹：{e}")))?;
        let old_path = old.path().join("site");
        if let Err(e) = fs::rename(output, &old_path) {
            discard(new_dir, parent, name);
            return Err(err(format!(
                "无法替换 {}：{e}（文件是否被其他程序占用？）",
                output.display()
            )));
        }
        if let Err(e) = fs::rename(new_dir, output) {
            // Put the previous site back rather than leave nothing.
            let _ = fs::rename(&old_path, output);
            discard(new_dir, parent, name);
            return Err(err(format!("无法写入 {}：{e}", output.display())));
        }
        drop(old); // removes the previous site
    } else if let Err(e) = fs::rename(new_dir, output) {
        discard(new_dir, parent, name);
        return Err(err(format!("无法写入 {}：{e}", output.display())));
    }
    Ok(())
}

/// Swaps two folders in one step (Linux `renameat2` with
/// `RENAME_EXCHANGE`), so that at no moment is there no output; an error
/// where the system or file system cannot, and the caller renames twice.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call;
    // renameat2 only reads them.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole site at once: copies and rendered files alike.
    pub fn write_site(output: &Path, outputs: &Outputs) -> Result<usize, WriteError> {
        let staging = Staging::create(output)?;
        let count = staging.put_copies(outputs)?.len();
        staging.finish()?;
        Ok(count)
    }

    fn outputs(files: &[OutputFile]) -> Outputs<'_> {
        Outputs {
            files,
            statics: Vec::new(),
            assets: &[],
            derivatives: &[],
        }
    }

    #[test]
    fn replaces_own_output_and_drops_stale_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let first = [OutputFile {
            path: "old/index.html".into(),
            bytes: b"old".to_vec(),
        }];
        write_site(&out, &outputs(&first)).unwrap();
        let second = [OutputFile {
            path: "index.html".into(),
            bytes: b"new".to_vec(),
        }];
        write_site(&out, &outputs(&second)).unwrap();
        assert!(!out.join("old").exists());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folders left behind");
    }

    #[test]
    fn refuses_foreign_folder() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("thesis.docx"), "important").unwrap();
        let e = write_site(tmp.path(), &outputs(&[])).unwrap_err();
        assert!(e.message.contains("不是 pinpai 生成的"), "{}", e.message);
        assert_eq!(
            fs::read(tmp.path().join("thesis.docx")).unwrap(),
            b"important"
        );
    }

    #[test]
    fn leftovers_of_killed_builds_go_and_everything_else_stays() {
        let tmp = tempfile::tempdir().unwrap();
        let parent = tmp.path();
        let made = |name: &str| {
            fs::create_dir_all(parent.join(name).join("news")).unwrap();
            fs::write(parent.join(name).join("index.html"), "x").unwrap();
        };
        // Killed while filling: its lock file is there, and nobody holds it.
        made(".output.pinpai-new-killed");
        fs::write(parent.join(".output.pinpai-new-killed").join(LOCK), "").unwrap();
        // Killed while removing the previous site.
        made(".output.pinpai-old-cut");
        // The previous site swapped out, its removal cut short.
        made(".output.pinpai-new-swapped");
        fs::write(
            parent.join(".output.pinpai-new-swapped").join(MARKER),
            "pinpai\n",
        )
        .unwrap();
        made("output");
        // Another build filling its folder right now.
        made(".output.pinpai-new-running");
        let running =
            fs::File::create(parent.join(".output.pinpai-new-running").join(LOCK)).unwrap();
        running.try_lock().unwrap();
        // Killed between making its folder and its lock file.
        fs::create_dir(parent.join(".output.pinpai-new-empty")).unwrap();
        // Should not happen (removals rename first), but if it does: too
        // young to be surely dead.
        made(".output.pinpai-new-young");
        // Not ours: another output's leftovers, and a user's folders.
        made(".preview.pinpai-new-other");
        made("output-backup");
        made(".output.keep");

        remove_leftovers(parent, "output", &parent.join("output"));
        let mut left: Vec<String> = fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".output.keep",
                ".output.pinpai-new-running",
                ".output.pinpai-new-young",
                ".preview.pinpai-new-other",
                "output",
                "output-backup"
            ]
        );
        drop(running);
    }

    #[test]
    fn a_site_left_between_two_renames_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let parent = tmp.path();
        let previous = parent.join(".output.pinpai-old-abc").join("site");
        fs::create_dir_all(&previous).unwrap();
        fs::write(previous.join(MARKER), "pinpai\n").unwrap();
        fs::write(previous.join("index.html"), "旧网站").unwrap();
        remove_leftovers(parent, "output", &parent.join("output"));
        assert_eq!(
            fs::read_to_string(parent.join("output/index.html")).unwrap(),
            "旧网站"
        );
        assert!(!parent.join(".output.pinpai-old-abc").exists());
    }

    #[test]
    fn a_folder_filled_by_hand_during_the_build_is_not_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        fs::create_dir(&out).unwrap();
        let staging = Staging::create(&out).unwrap();
        staging.put("index.html", b"new").unwrap();
        fs::write(out.join("thesis.docx"), "important").unwrap();
        let e = staging.finish().unwrap_err();
        assert!(e.message.contains("不是 pinpai 生成的"), "{}", e.message);
        assert_eq!(fs::read(out.join("thesis.docx")).unwrap(), b"important");
        let names: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["output"], "the new folder is gone");
    }

    #[test]
    fn a_rebuild_swaps_the_folders_and_leaves_nothing_beside_them() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        for text in ["1", "2"] {
            let staging = Staging::create(&out).unwrap();
            staging.put("index.html", text.as_bytes()).unwrap();
            staging.finish().unwrap();
        }
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        assert!(!out.join(LOCK).exists());
        let names: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["output"]);
    }
}
