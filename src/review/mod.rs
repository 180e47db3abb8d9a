//! Review before publishing (审核, CONTENT-MODEL.md §7.4): with
//! `review.required: true` a page is published only once it has passed
//! every level of `review.levels` (初审, 复审, 终审…), in order.
//!
//! An approval is a line of the page's front matter,
//! `review: [{level, by, date, digest}]`, written by
//! `pinpai review approve` ([`approve`]). The digest fingerprints what was
//! approved ([`page_digest`]: title, fields and body); when the page
//! changes, its approvals no longer match and it is pending again. A
//! ledger is reviewed as a whole file, its approvals kept beside it in
//! `<ledger>.review.yaml` ([`ledger`]), its digest the file's bytes.
//!
//! [`State`] is what load gives every page; `pinpai review` lists them
//! ([`sheet`]).

pub mod approve;
pub mod approved;
pub mod command;
pub mod files;
pub mod ledger;
pub mod sheet;

use serde_yaml::{Mapping, Value};
use sha2::{Digest, Sha256};

use crate::config::Review;
use crate::yaml::{scalar_text, type_name, Fields};
pub use files::Digests;

/// The front-matter key approvals are written under.
pub const KEY: &str = "review";

/// One approval step, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub level: String,
    pub by: String,
    /// As written: `2024-03-05`.
    pub date: String,
    pub digest: String,
}

/// A page's review: where it stands, the approvals of what it says now
/// (older ones no longer count), and who wrote it (`author`), for the
/// review sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageReview {
    pub state: State,
    pub approvals: Vec<Approval>,
    pub author: String,
    /// What an approval of the page as it is now records (`v2-…`).
    pub digest: String,
    /// Pending, with a version approved at every level kept: a normal
    /// build publishes that one meanwhile (§9.5). Set for previews, where
    /// the 送审稿 band says so.
    pub approved_live: bool,
}

impl PageReview {
    pub fn of(
        review: &Review,
        approvals: Vec<Approval>,
        digests: &Digests,
        author: String,
    ) -> Self {
        let state = State::of(review, &approvals, digests);
        let approvals = if review.required {
            approvals
                .into_iter()
                .filter(|a| digests.approves(&a.digest))
                .collect()
        } else {
            Vec::new()
        };
        PageReview {
            state,
            approvals,
            author,
            digest: digests.full.clone(),
            approved_live: false,
        }
    }

    pub fn is_pending(&self) -> bool {
        self.state.is_pending()
    }

    pub fn label(&self) -> String {
        self.state.label()
    }
}

/// Where a page stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum State {
    /// `review.required` is off: every page is published.
    #[default]
    NotRequired,
    /// Every level passed for what the page says now.
    Passed,
    /// Waiting for this level (the first not passed).
    Pending(String),
}

impl State {
    /// Where a page stands, from its approvals and what it says now:
    /// the first level (in order) without an approval of these digests.
    pub fn of(review: &Review, approvals: &[Approval], digests: &Digests) -> State {
        if !review.required {
            return State::NotRequired;
        }
        for level in &review.levels {
            let passed = approvals
                .iter()
                .any(|a| &a.level == level && digests.approves(&a.digest));
            if !passed {
                return State::Pending(level.clone());
            }
        }
        State::Passed
    }

    pub fn is_pending(&self) -> bool {
        matches!(self, State::Pending(_))
    }

    /// As staff read it: 待初审, 已通过; empty when review is off.
    pub fn label(&self) -> String {
        match self {
            State::NotRequired => String::new(),
            State::Passed => "已通过".to_string(),
            State::Pending(level) => format!("待{level}"),
        }
    }
}

/// The fingerprint of what a page says: every front-matter field but the
/// approvals themselves (keys sorted, so reordering fields is no change),
/// and the body with Windows line ends made Unix ones (an editor that
/// changes them has changed nothing a reader sees). 16 hex digits of
/// SHA-256: enough to tell versions of one page apart.
pub fn page_digest(front: &Mapping, body: &str) -> String {
    let mut text = String::new();
    let mut keys: Vec<(&Value, String)> = front
        .iter()
        .filter(|(k, _)| k.as_str() != Some(KEY))
        .map(|(k, v)| (v, canonical(k)))
        .collect();
    keys.sort_by(|a, b| a.1.cmp(&b.1));
    for (value, key) in keys {
        text.push_str(&key);
        text.push(':');
        text.push_str(&canonical(value));
        text.push('\n');
    }
    text.push_str("---\n");
    text.push_str(&body.replace("\r\n", "\n"));
    short_sha256(text.as_bytes())
}

/// 16 hex digits of the SHA-256 of `bytes`.
pub fn short_sha256(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    hash.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// One text for a YAML value whatever its layout: flow or block style,
/// quoting and comments give the same text.
fn canonical(value: &Value) -> String {
    match value {
        Value::Null => "~".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", items.join(","))
        }
        Value::Mapping(map) => {
            let mut pairs: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}:{}", canonical(k), canonical(v)))
                .collect();
            pairs.sort();
            format!("{{{}}}", pairs.join(","))
        }
        Value::Tagged(tagged) => format!("!{} {}", tagged.tag, canonical(&tagged.value)),
    }
}

/// The approvals of a page's front matter (`review:`), each malformed one
/// an error at its line.
pub fn read_approvals(f: &mut Fields) -> Vec<Approval> {
    let Some(value) = f.get(KEY) else {
        return Vec::new();
    };
    let Value::Sequence(items) = value else {
        let line = f.line(KEY);
        f.error(
            line,
            format!(
                "review 是审核记录，应当是列表（由 pinpai review approve 写入），这里写的是{}",
                type_name(value)
            ),
        );
        return Vec::new();
    };
    let mut approvals = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match approval_of(item) {
            Some(approval) => approvals.push(approval),
            None => {
                let line = f.item_line(KEY, i);
                f.error(
                    line,
                    format!(
                        "review 的第 {} 项看不懂：每项应当有 level、by、date 和 digest（请用 pinpai review approve 写入，不要手改）",
                        i + 1
                    ),
                );
            }
        }
    }
    approvals
}

/// `{level, by, date, digest}`, all present and plain text.
pub fn approval_of(item: &Value) -> Option<Approval> {
    let map = item.as_mapping()?;
    let text = |key: &str| map.get(key).and_then(scalar_text);
    Some(Approval {
        level: text("level")?,
        by: text("by")?,
        date: text("date")?,
        digest: text("digest")?,
    })
}

#[cfg(test)]
mod tests;
