//! What `pinpai review` lists: the whole site loaded as a preview (pages
//! in review included, drafts not: they are not yet sent for review).

use std::path::Path;

use super::sheet::{self, Entry};
use crate::config::{Config, Review};
use crate::diagnostics::Diagnostics;
use crate::load::{self, Include};

/// Every page's review entry and the site's review settings; `None` when
/// `site.yaml` cannot be read. Problems of single pages are reported and
/// do not stop the list (a page with an error still waits for review).
pub fn list(root: &Path, diags: &mut Diagnostics) -> Option<(Vec<Entry>, Review)> {
    let config = Config::load(root, diags)?;
    let include = Include {
        drafts: false,
        pending: true,
        lenient_drafts: false,
    };
    let content = load::load(root, &config, include, diags);
    let signed = sheet::signed_steps(root);
    Some((
        sheet::entries(&content, &config.review, &signed),
        config.review,
    ))
}
