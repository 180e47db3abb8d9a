//! `pinpai review approve PATH --level 初审 --by 张三`: one approval step
//! written into the page's front matter (or beside a ledger), every other
//! byte of the file kept: comments, field order, quoting, CRLF line ends.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::{approval_of, ledger, page_digest, Approval, State, KEY};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::edit::{Editor, Expected, SitePath};
use crate::load::split_front_matter;
use crate::model::yaml_quote;
use crate::paths::relative;
use crate::yaml::parse_mapping;

/// Why nothing was written, in words for staff.
#[derive(Debug, PartialEq, Eq)]
pub enum ApproveError {
    NotRequired,
    UnknownLevel {
        level: String,
        levels: Vec<String>,
    },
    NoName,
    NotFound(PathBuf),
    NotAPage(String),
    /// A draft: what is approved must be the version to publish.
    Draft(String),
    Unreadable {
        path: String,
        problem: String,
    },
    /// An earlier level has not passed this version of the page.
    TooEarly {
        path: String,
        level: String,
        waiting: String,
    },
    AlreadyPassed {
        path: String,
        level: String,
    },
    /// A `review:` written by hand in a way pinpai cannot add to.
    Layout(String),
    /// The write itself was refused (the file changed meanwhile) or failed.
    Edit(String),
}

impl fmt::Display for ApproveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApproveError::NotRequired => write!(
                f,
                "site.yaml 里没有打开审核：请先写上 review: {{required: true}}，审核记录才会起作用"
            ),
            ApproveError::UnknownLevel { level, levels } => write!(
                f,
                "没有“{level}”这一级审核：site.yaml 里的审核级别是 {}",
                levels.join("、")
            ),
            ApproveError::NoName => write!(f, "请用 --by 写上审核人的姓名"),
            ApproveError::NotFound(path) => write!(f, "找不到文件 {}", path.display()),
            ApproveError::NotAPage(path) => write!(
                f,
                "{} 不是页面：只能审核 content/ 里的 .md 页面，或 data/volunteer/ 里的台账", crate::paths::native(path)
            ),
            ApproveError::Draft(path) => write!(
                f,
                "{} 还是草稿（draft: true）：先把 draft 改为 false 再送审，审核的应当是要发布的版本", crate::paths::native(path)
            ),
            ApproveError::Unreadable { path, problem } => write!(f, "{}：{problem}", crate::paths::native(path)),
            ApproveError::TooEarly {
                path,
                level,
                waiting,
            } => write!(
                f,
                "{} 还在等{waiting}，不能先{level}：审核要按顺序一级一级通过", crate::paths::native(path)
            ),
            ApproveError::AlreadyPassed { path, level } => {
                write!(f, "{} 的现在这个版本已经通过了{level}，不用再审", crate::paths::native(path))
            }
            ApproveError::Edit(e) => write!(f, "{e}"),
            ApproveError::Layout(path) => write!(
                f,
                "{} 的 review 记录不是 pinpai 写的格式，无法添加：请删掉手写的 review 字段后重新审核", crate::paths::native(path)
            ),
        }
    }
}

/// What was approved, for the command's message.
#[derive(Debug)]
pub struct Approved {
    /// Relative to the site, `/`-separated.
    pub path: String,
    pub approval: Approval,
    /// Where the page stands now.
    pub state: State,
    /// Passed at every level, its copy could not be kept under
    /// `.pinpai/approved/` (why): a later edit would take it off the site
    /// until approved again.
    pub not_kept: Option<String>,
}

/// Records `level` by `by` on `date` for the page or ledger at `path`
/// (relative to the site folder, or to the current folder).
pub fn approve(
    root: &Path,
    config: &Config,
    path: &Path,
    level: &str,
    by: &str,
    date: &str,
) -> Result<Approved, ApproveError> {
    let review = &config.review;
    if !review.required {
        return Err(ApproveError::NotRequired);
    }
    if !review.levels.iter().any(|l| l == level) {
        return Err(ApproveError::UnknownLevel {
            level: level.to_string(),
            levels: review.levels.clone(),
        });
    }
    if by.trim().is_empty() {
        return Err(ApproveError::NoName);
    }
    let file = [root.join(path), path.to_path_buf()]
        .into_iter()
        .find(|p| p.is_file())
        .ok_or_else(|| ApproveError::NotFound(path.to_path_buf()))?;
    let shown = inside_site(root, &file)?;
    let target = Target::of(&file, &shown)?;
    let bytes = std::fs::read(&file).map_err(|e| unreadable(&shown, e.to_string()))?;
    // What the step is written over: the write is refused if the file has
    // changed since (crate::edit), and the version replaced is kept.
    let mut opened = Expected::Digest(crate::edit::digest(&bytes));
    let (digest, record_file, record_text, record) = match target {
        Target::Page => {
            let text = String::from_utf8(bytes)
                .map_err(|_| unreadable(&shown, "不是 UTF-8 文本".to_string()))?;
            // As the build reads it (`textfile::read_utf8`), so that the
            // digest recorded is the one the build computes.
            let text = crate::textfile::without_controls(&text);
            let (map, digest) = parse_record(&text, target, &shown, &file)?;
            if map.get("draft").and_then(Value::as_bool) == Some(true) {
                return Err(ApproveError::Draft(shown));
            }
            (digest.unwrap_or_default(), file.clone(), text, map)
        }
        Target::Ledger => {
            let sidecar = ledger::sidecar(&file);
            let text = match std::fs::read_to_string(&sidecar) {
                Ok(text) => {
                    opened = Expected::Digest(crate::edit::digest(text.as_bytes()));
                    text
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    opened = Expected::Nothing;
                    String::new()
                }
                Err(e) => return Err(unreadable(&relative(root, &sidecar), e.to_string())),
            };
            let (map, _) = parse_record(&text, target, &shown, &file)?;
            let digests = super::Digests::plain(super::short_sha256(&bytes));
            (digests, sidecar, text, map)
        }
    };
    let approvals = approvals_of(&record, &shown)?;
    match State::of(review, &approvals, &digest) {
        State::Pending(waiting) if waiting != level => {
            let earlier = review.levels.iter().position(|l| l == &waiting)
                < review.levels.iter().position(|l| l == level);
            return Err(if earlier {
                ApproveError::TooEarly {
                    path: shown,
                    level: level.to_string(),
                    waiting,
                }
            } else {
                ApproveError::AlreadyPassed {
                    path: shown,
                    level: level.to_string(),
                }
            });
        }
        State::Passed | State::NotRequired => {
            return Err(ApproveError::AlreadyPassed {
                path: shown,
                level: level.to_string(),
            })
        }
        State::Pending(_) => {}
    }
    let approval = Approval {
        level: level.to_string(),
        by: by.trim().to_string(),
        date: date.to_string(),
        digest: digest.full.clone(),
    };
    let new_text = match target {
        Target::Page => with_approval_in_page(&record_text, &approval)
            .ok_or_else(|| ApproveError::Layout(shown.clone()))?,
        Target::Ledger => with_approval_in_yaml(&record_text, &approval)
            .ok_or_else(|| ApproveError::Layout(relative(root, &record_file)))?,
    };
    // Never write what would not read back as the same page plus this step.
    let reads_back = parse_record(&new_text, target, &shown, &file).is_ok_and(|(map, d)| {
        approvals_of(&map, &shown)
            .is_ok_and(|now| now.len() == approvals.len() + 1 && now.last() == Some(&approval))
            && d.is_none_or(|d| d.full == approval.digest)
    });
    if !reads_back {
        return Err(ApproveError::Layout(relative(root, &record_file)));
    }
    let record_shown = relative(root, &record_file);
    let record_path = Path::new(&shown)
        .with_file_name(record_file.file_name().unwrap_or_default())
        .to_string_lossy()
        .replace('\\', "/");
    let record_path =
        SitePath::parse(&record_path).map_err(|e| unreadable(&record_shown, e.to_string()))?;
    Editor::new(root)
        .save(&record_path, new_text.as_bytes(), &opened)
        .map_err(|e| ApproveError::Edit(e.to_string()))?;
    let mut all = approvals;
    all.push(approval.clone());
    let state = State::of(review, &all, &digest);
    // Passed at every level: this is the version published until an
    // edit of it passes in turn (§9.5).
    let not_kept = match (target, &state) {
        (Target::Page, State::Passed) => {
            super::approved::keep_page(root, &shown, &file, new_text.as_bytes(), &digest.full)
                .err()
                .map(|e| format!("{e}"))
        }
        _ => None,
    };
    Ok(Approved {
        path: shown,
        state,
        approval,
        not_kept,
    })
}

/// What approving a whole folder did.
#[derive(Debug, Default)]
pub struct FolderApproval {
    pub approved: Vec<Approved>,
    /// Pages not waiting for this level (an earlier one first, passed, or
    /// still a draft).
    pub skipped: usize,
    /// Pages that could not be approved, with why.
    pub failed: Vec<ApproveError>,
}

/// `review approve FOLDER`: every page (and ledger) under the folder that
/// waits for `level` gets it; the others are left as they are. For a site
/// that turns review on with many pages already checked.
pub fn approve_folder(
    root: &Path,
    config: &Config,
    folder: &Path,
    level: &str,
    by: &str,
    date: &str,
) -> Result<FolderApproval, ApproveError> {
    let dir = [root.join(folder), folder.to_path_buf()]
        .into_iter()
        .find(|p| p.is_dir())
        .ok_or_else(|| ApproveError::NotFound(folder.to_path_buf()))?;
    let mut done = FolderApproval::default();
    let files = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file());
    for entry in files {
        let shown = relative(root, entry.path());
        if Target::of(entry.path(), &shown).is_err() {
            continue; // photos, attachments, review files
        }
        match approve(root, config, entry.path(), level, by, date) {
            Ok(approved) => done.approved.push(approved),
            Err(
                ApproveError::TooEarly { .. }
                | ApproveError::AlreadyPassed { .. }
                | ApproveError::Draft(_),
            ) => {
                done.skipped += 1;
            }
            // The same for every file: nothing can be approved.
            Err(
                e @ (ApproveError::NotRequired
                | ApproveError::UnknownLevel { .. }
                | ApproveError::NoName),
            ) => return Err(e),
            Err(e) => done.failed.push(e),
        }
    }
    Ok(done)
}

#[derive(Clone, Copy)]
enum Target {
    Page,
    Ledger,
}

/// The file as the site names it (`content/news/a.md`), however it was
/// given (relative, absolute, dragged into PowerShell); a file outside
/// the site is refused.
fn inside_site(root: &Path, file: &Path) -> Result<String, ApproveError> {
    let outside = || ApproveError::NotAPage(file.display().to_string());
    let (Ok(root), Ok(real)) = (root.canonicalize(), file.canonicalize()) else {
        return Err(outside());
    };
    real.strip_prefix(&root)
        .map(crate::paths::url_path)
        .map_err(|_| outside())
}

impl Target {
    fn of(file: &Path, shown: &str) -> Result<Target, ApproveError> {
        let extension = file
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("md" | "markdown") if shown.starts_with("content/") => Ok(Target::Page),
            Some("xlsx" | "csv") if shown.starts_with(crate::load::LEDGER_DIR) => {
                Ok(Target::Ledger)
            }
            _ => Err(ApproveError::NotAPage(shown.to_string())),
        }
    }
}

fn unreadable(path: &str, problem: String) -> ApproveError {
    ApproveError::Unreadable {
        path: path.to_string(),
        problem,
    }
}

/// The mapping of a record file (a page's front matter, or a ledger's
/// review file) and, for a page (at `page`), the digests the build gives
/// it: both from one parse.
fn parse_record(
    text: &str,
    target: Target,
    shown: &str,
    page: &Path,
) -> Result<(Mapping, Option<super::Digests>), ApproveError> {
    let wrong = |what: &str, line: usize, message: String| {
        unreadable(
            shown,
            format!("{what}第 {line} 行有错：{message}（先改好再审核）"),
        )
    };
    match target {
        Target::Page => {
            let (front, body) = split(text).ok_or_else(|| {
                unreadable(
                    shown,
                    "文件开头没有 --- 包起来的字段区，不是页面".to_string(),
                )
            })?;
            let map = parse_mapping(front).map_err(|e| wrong("字段区", e.line + 1, e.message))?;
            let text = page_digest(&map, body);
            let files = super::files::page_files(page, &map, body);
            Ok((map, Some(super::Digests::of(text, &files))))
        }
        Target::Ledger => {
            let map = parse_mapping(text).map_err(|e| wrong("审核记录", e.line, e.message))?;
            Ok((map, None))
        }
    }
}

/// The approvals already recorded under `review:`.
fn approvals_of(map: &Mapping, shown: &str) -> Result<Vec<Approval>, ApproveError> {
    match map.get(KEY) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Sequence(items)) => items
            .iter()
            .map(|item| approval_of(item).ok_or_else(|| ApproveError::Layout(shown.to_string())))
            .collect(),
        Some(_) => Err(ApproveError::Layout(shown.to_string())),
    }
}

/// (front matter, body) of a page's text, split by the build's own
/// function; a byte-order mark (Notepad) is skipped, as the build does.
fn split(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body, _) = split_front_matter(text, "", &mut Diagnostics::new())?;
    Some((front, body))
}

/// The line recorded for one approval, in flow style so that each step is
/// one line and adding one never touches the others.
fn approval_line(approval: &Approval, indent: &str) -> String {
    format!(
        "{indent}- {{level: {}, by: {}, date: {}, digest: {}}}",
        yaml_quote(&approval.level),
        yaml_quote(&approval.by),
        yaml_quote(&approval.date),
        approval.digest
    )
}

/// The page's text with the approval added to its front matter; `None`
/// when a hand-written `review:` has a layout it cannot be added to.
pub fn with_approval_in_page(text: &str, approval: &Approval) -> Option<String> {
    let (front, _) = split(text)?;
    let start = front.as_ptr() as usize - text.as_ptr() as usize;
    let new_front = with_approval_in_yaml(front, approval)?;
    Some(format!(
        "{}{}{}",
        &text[..start],
        new_front,
        &text[start + front.len()..]
    ))
}

/// A YAML block (front matter or a review file) with the approval added
/// under `review:`, every other line as it was.
pub fn with_approval_in_yaml(yaml: &str, approval: &Approval) -> Option<String> {
    // A review file saved by Notepad may start with a byte-order mark.
    if let Some(rest) = yaml.strip_prefix('\u{feff}') {
        return with_approval_in_yaml(rest, approval).map(|text| format!("\u{feff}{text}"));
    }
    let nl = if yaml.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let key_at = lines.iter().position(|l| is_review_key(l));
    let line = approval_line(approval, "  ");
    let Some(key_at) = key_at else {
        let mut out = yaml.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str(&format!("{KEY}:{nl}{line}{nl}"));
        return Some(out);
    };
    let after_key = lines[key_at].split_once(':').map_or("", |(_, v)| v);
    let value = after_key.split(" #").next().unwrap_or("").trim();
    // What follows the value (`  # 备注`), kept as it was written.
    let comment = after_key
        .find(value)
        .map_or("", |at| after_key[at + value.len()..].trim_end());
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match value {
        "" => {
            // The block runs to the next line that is not indented.
            let end = (key_at + 1..lines.len())
                .find(|&i| {
                    let l = lines[i];
                    !l.trim().is_empty() && !l.starts_with([' ', '\t']) && !l.starts_with('-')
                })
                .unwrap_or(lines.len());
            let last = (key_at + 1..end)
                .rev()
                .find(|&i| !lines[i].trim().is_empty())
                .unwrap_or(key_at);
            // New items line up with those there (`- ` at column 0 is YAML too).
            let indent = (key_at + 1..end)
                .map(|i| lines[i])
                .find(|l| l.trim_start().starts_with('-'))
                .map_or("  ", |l| &l[..l.len() - l.trim_start().len()]);
            if !out[last].ends_with('\n') {
                out[last].push_str(nl);
            }
            out.insert(last + 1, format!("{}{nl}", approval_line(approval, indent)));
        }
        "[]" | "~" | "null" => {
            out[key_at] = format!("{KEY}:{comment}{nl}{line}{nl}");
        }
        _ => return None,
    }
    Some(out.concat())
}

fn is_review_key(line: &str) -> bool {
    line.strip_prefix(KEY)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}
