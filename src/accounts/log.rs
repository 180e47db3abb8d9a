//! `.pinpai/log.jsonl`: one line of JSON per change made through the
//! workbench (CONTENT-MODEL §9.4): when, by which account from which
//! address, what was done to which file, and the file's digest before and
//! after. 管理 reads it in the workbench; `pinpai review` takes from it who
//! signed in to record each level.
//!
//! A line is appended with one write to a file opened for appending, under
//! a lock of this process: lines never interleave, and a crash can at
//! worst cut the last line short, which reading skips.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

pub const LOG_FILE: &str = ".pinpai/log.jsonl";

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Local time with its offset: `2026-12-07T15:04:05+08:00`.
    pub time: String,
    pub account: String,
    /// The address the request came from.
    pub address: String,
    /// What was done: one of [`ACTIONS`].
    pub action: String,
    /// The file changed, relative to the site (`content/news/a.md`);
    /// empty for a change that is not about one file (a package).
    #[serde(default)]
    pub file: String,
    /// The file's digest before and after (empty: it did not exist).
    #[serde(default)]
    pub before: String,
    #[serde(default)]
    pub after: String,
    /// More about the change: the review level, the zip's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// The actions and how 管理 reads them.
pub const ACTIONS: &[(&str, &str)] = &[
    ("signin", "登录"),
    ("signin_failed", "登录失败（姓名或密码不对）"),
    ("signout", "退出"),
    ("new", "新建页面"),
    ("edit", "保存"),
    ("upload", "上传文件"),
    ("import", "导入材料"),
    ("paste", "粘贴"),
    ("delete", "删除（进回收站）"),
    ("restore", "恢复旧版本"),
    ("review", "审核通过"),
    ("package", "打包网站"),
    ("drafts", "预览草稿开关"),
];

/// The words for an action code.
pub fn action_label(code: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| label)
}

pub fn path(root: &Path) -> PathBuf {
    root.join(LOG_FILE)
}

static APPENDING: Mutex<()> = Mutex::new(());

/// Appends `entry` as one line.
pub fn append(root: &Path, entry: &Entry) -> std::io::Result<()> {
    let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
    line.push('\n');
    let file = path(root);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let _one_writer = APPENDING.lock().unwrap_or_else(|p| p.into_inner());
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)?;
    log.write_all(line.as_bytes())?;
    log.sync_data()
}

/// Every whole line of the log, oldest first; a missing log is empty.
pub fn read(root: &Path) -> Vec<Entry> {
    let Ok(text) = std::fs::read_to_string(path(root)) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// The time as the log writes it.
pub fn now() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_appended_and_a_cut_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let entry = |action: &str| Entry {
            time: now(),
            account: "张三".into(),
            address: "192.168.1.20".into(),
            action: action.into(),
            file: "content/news/a.md".into(),
            before: "aa".into(),
            after: "bb".into(),
            detail: String::new(),
        };
        append(dir.path(), &entry("edit")).unwrap();
        // A crash in the middle of a line.
        let mut log = std::fs::OpenOptions::new()
            .append(true)
            .open(path(dir.path()))
            .unwrap();
        log.write_all(b"{\"time\":\"2026").unwrap();
        log.write_all(b"\n").unwrap();
        append(dir.path(), &entry("review")).unwrap();
        let read = read(dir.path());
        assert_eq!(read.len(), 2);
        assert_eq!(read[1].action, "review");
        assert_eq!(action_label("review"), "审核通过");
    }
}
