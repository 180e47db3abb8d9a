//! The workbench (工作台, CONTENT-MODEL §9): the office's work in the
//! browser, served by `pinpai serve` at `/_pinpai/`.
//!
//! - [`guard`] decides who may ask (Host, Origin, the page's token,
//!   content types, read-only on the LAN);
//! - [`access`] and [`session`]: with accounts (§9.4), who is signed in
//!   and what their role allows; [`signin`] is the page and request that
//!   open a session;
//! - [`api`] answers: the page list, a file, a field or body saved, a
//!   delete, the history and a restore, an upload;
//! - every change goes through [`crate::edit`], the one place that proves
//!   paths, detects conflicts, keeps history and writes atomically;
//! - [`screen`] is the page the officer opens, which holds the token.
//!
//! The serve's watcher sees each saved file and rebuilds, so the preview
//! shows a change as it shows one made in Notepad: one renderer, no other.

pub mod access;
pub mod api;
mod dispatch;
pub mod drafts;
pub mod form;
pub mod guard;
mod list_page;
mod log_page;
pub mod pages;
pub mod presence;
mod scope;
pub mod screen;
pub mod session;
pub mod signin;

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
    accounts: access::Accounts,
    sessions: session::Sessions,
    /// Served to other PCs (`--bind` to a LAN address): then nobody
    /// changes anything without signing in, accounts or not.
    lan: bool,
    /// Served over HTTPS (`--tls`): the cookie is then `Secure`.
    https: bool,
    /// Who has which page open.
    presence: presence::Presence,
}

/// How the server was started, as far as the workbench cares.
#[derive(Debug, Clone, Copy, Default)]
pub struct Served {
    pub lan: bool,
    pub https: bool,
}

impl Workbench {
    /// The workbench of the site at `root`, with the settings of its
    /// site.yaml (`workbench: {history, upload_limit}`) as they are now.
    pub fn new(root: &Path, guard: Guard, served: Served) -> Workbench {
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
            accounts: access::Accounts::of(root),
            sessions: session::Sessions::new(std::time::Duration::from_secs(
                settings.session_hours.saturating_mul(3600),
            )),
            lan: served.lan,
            https: served.https,
            presence: presence::Presence::default(),
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

    pub fn accounts(&self) -> &access::Accounts {
        &self.accounts
    }

    pub fn sessions(&self) -> &session::Sessions {
        &self.sessions
    }

    pub fn https(&self) -> bool {
        self.https
    }

    pub fn presence(&self) -> &presence::Presence {
        &self.presence
    }

    /// Whether every request must come from a signed-in account: when
    /// accounts exist, and always on the LAN.
    pub fn needs_sign_in(&self) -> bool {
        self.lan || self.accounts.exist()
    }

    /// Who is asking: the holder of the folder on this PC without
    /// accounts; with accounts, the signed-in account of the request's
    /// cookie, as `users.yaml` says it is now (`None`: not signed in, or
    /// the account has since been removed). `active`: the request counts
    /// as the person's activity (see [`session::Sessions::find`]).
    pub fn who(&self, headers: &axum::http::HeaderMap, active: bool) -> Option<access::Who> {
        if !self.needs_sign_in() {
            return Some(access::Who::Local {
                token: self.guard.token().to_string(),
            });
        }
        let id = session::cookie_id(headers, self.https)?;
        let session = self.sessions.find(&id, active)?;
        let users = self.accounts.current();
        let account = users.as_ref().as_ref().ok()?.find(&session.name)?.clone();
        if account.password != session.credential {
            return None;
        }
        Some(access::Who::Signed {
            account,
            session: id,
            token: session.token,
        })
    }
}
