//! The workbench (工作台, CONTENT-MODEL §9): the office's work in the
//! browser, served by `pinpai serve` at `/_pinpai/`.
//!
//! - [`guard`] decides who may ask (Host, Origin, the page's token,
//!   content types, read-only on the LAN);
//! - [`api`] answers: the page list, a file, a field or body saved, a
//!   delete, the history and a restore, an upload;
//! - every change goes through [`crate::edit`], the one place that proves
//!   paths, detects conflicts, keeps history and writes atomically;
//! - [`screen`] is the page the officer opens, which holds the token.
//!
//! The serve's watcher sees each saved file and rebuilds, so the preview
//! shows a change as it shows one made in Notepad: one renderer, no other.

pub mod api;
pub mod drafts;
pub mod form;
pub mod guard;
mod list_page;
pub mod pages;
pub mod screen;

use std::path::{Path, PathBuf};

use crate::edit::Editor;
pub use guard::{Guard, Refusal};

/// Where the workbench lives.
pub const PREFIX: &str = "/_pinpai/";

/// The largest JSON request (a page's text with room to spare).
pub const JSON_LIMIT: usize = 16 * 1024 * 1024;

/// One site's workbench.
#[derive(Debug)]
pub struct Workbench {
    root: PathBuf,
    guard: Guard,
    editor: Editor,
    upload_limit: u64,
    /// Held while `打包` builds and zips: one at a time.
    packaging: std::sync::Mutex<()>,
    /// Whether the preview shows drafts (button 预览草稿).
    drafts: drafts::DraftPreview,
}

impl Workbench {
    /// The workbench of the site at `root`, with the settings of its
    /// site.yaml (`workbench: {history, upload_limit}`) as they are now.
    pub fn new(root: &Path, guard: Guard) -> Workbench {
        crate::edit::remove_stale_temporaries(root);
        let settings =
            crate::config::Config::load(root, &mut crate::diagnostics::Diagnostics::new())
                .map(|c| c.workbench)
                .unwrap_or_default();
        Workbench {
            root: root.to_path_buf(),
            editor: Editor::keeping(root, settings.history),
            guard,
            upload_limit: settings.upload_limit_mb.saturating_mul(1024 * 1024),
            packaging: std::sync::Mutex::new(()),
            drafts: drafts::DraftPreview::default(),
        }
    }

    /// The same, with another upload limit (tests).
    pub fn with_upload_limit(mut self, bytes: u64) -> Workbench {
        self.upload_limit = bytes;
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn guard(&self) -> &Guard {
        &self.guard
    }

    pub fn editor(&self) -> &Editor {
        &self.editor
    }

    pub fn upload_limit(&self) -> u64 {
        self.upload_limit
    }

    pub fn drafts(&self) -> &drafts::DraftPreview {
        &self.drafts
    }
}
