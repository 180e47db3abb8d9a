//! The search index written beside `/search/`: an inverted index of CJK
//! bigrams and lowercase words, loaded lazily by `theme/search.js`.
//!
//! Chinese has no spaces, and a dictionary segmenter splits the page and the
//! query differently (a name such as 杜杰 is in no dictionary), so pages are
//! indexed by overlapping character pairs instead: 志愿服务 → 志愿 愿服 服务.
//! A query finds the pages that hold every pair of every word; a phrase of
//! three or more characters is then checked against the page text, which is
//! kept out of the main index in small shard files that the browser loads
//! only for the results it shows. See `docs/SEARCH.md`.
//!
//! Files written (every one a script calling a global callback, because
//! `fetch()` is blocked on `file://`):
//! - `search/index.js`: `pinpaiSearch.index({...})` — pages (URL, title,
//!   kind label, date), the field labels, the shard and chunk boundaries,
//!   the list pages to suggest when nothing matches;
//! - `search/i/<n>.js`: `pinpaiSearch.chunk(n, [terms, postings])` — a
//!   sorted run of the terms with their pages;
//! - `search/t/<n>.js`: `pinpaiSearch.shard(n, [[text, [label, value, …]], …])`
//!   — the searchable text of a run of consecutive pages, for phrase checks
//!   and snippets: the body text, then the page's fields as pairs of a label
//!   (a number into the index's `labels`) and a value.
//!
//! Postings are page ids, delta-encoded as variable-length base-64 digits
//! (5 data bits per character, low bits first, a continuation flag in the
//! sixth), or as a base-64 bitmap prefixed with `~` where that is shorter.
//! Tokenising here and in `search.js` must agree: both follow [`runs`].
//!
//! One file per concern: `pages` turns the site into [`Doc`]s ([`documents`];
//! the label of each page's kind is chosen in `pages::kind_label` alone),
//! `terms` tokenises, `index` builds and queries the inverted index,
//! `postings` encodes its page lists, and `files` writes the scripts.

mod files;
mod index;
mod pages;
mod postings;
mod terms;

#[cfg(test)]
mod test_support;

use crate::render::OutputFile;
use crate::resolve::Site;
use pages::lists;

pub use files::build_files;
pub use index::{query_words, Index};
pub use pages::documents;
pub use postings::{decode_postings, encode_postings};
pub use terms::{index_terms, is_cjk, normalize, run_terms, runs, tokens, utf16_cmp, RunKind};

/// One published page as the index sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// Site-root URL: `/members/du-jie/`.
    pub url: String,
    pub title: String,
    /// 品牌 / 先锋 / 志愿 / the section title / 页面.
    pub kind: String,
    /// `2024-03-05`, or empty.
    pub date: String,
    /// Plain body text (a custom `summary` instead when the page has no
    /// body): what snippets are cut from. Shared with the page, not copied.
    pub text: std::sync::Arc<str>,
    /// The searchable fields shown on the page besides its title and body,
    /// each with the label the page shows it under: (所属支部, 急诊科党支部),
    /// (参与党员, 杜杰、何建国), (标签, 义诊、急救培训). Never empty values.
    pub fields: Vec<Field>,
}

/// A labelled field of a [`Doc`]: the label is shown in a snippet
/// (`所属支部：急诊科党支部`) but never searched; the value is.
pub type Field = (&'static str, String);

impl Doc {
    /// Everything a query may match: the title, the field values and the
    /// text, one per line (labels are not searched).
    /// What is indexed, as one text (`index::doc_terms` reads the same
    /// pieces without joining them).
    #[cfg(test)]
    pub(super) fn searchable(&self) -> String {
        let mut all = self.title.clone();
        for (_, value) in &self.fields {
            all.push('\n');
            all.push_str(value);
        }
        all.push('\n');
        all.push_str(&self.text);
        all
    }
}

/// Every search file of the site.
pub fn index_files(site: &Site) -> Vec<OutputFile> {
    let docs = documents(site);
    let lists = lists(site);
    build_files(&docs, &lists)
}
