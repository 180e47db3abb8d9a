//! The workbench's list of pages (CONTENT-MODEL §9.1): every page by
//! section, with its state (草稿, 待初审 …, 已发布) and the last build's
//! errors and warnings at the page and line they are about.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Level};
use crate::load::{self, Include};
use crate::review::State;

#[derive(Debug, Serialize, PartialEq)]
pub struct PageList {
    pub sections: Vec<Section>,
    /// Problems not about a page of the list (site.yaml, a ledger, a
    /// template, a file that could not be read as a page).
    pub other: Vec<Problem>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Section {
    /// The folder under `content/` (`""` for top-level pages).
    pub folder: String,
    pub title: String,
    /// `branch`, `member`, `volunteer` or `page`: which form its pages use.
    pub kind: &'static str,
    pub pages: Vec<PageItem>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct PageItem {
    /// As the API takes it: `content/branches/jizhen-120.md`.
    pub path: String,
    pub title: String,
    /// Where the preview shows it.
    pub url: String,
    /// 草稿, 待初审 …, 已发布.
    pub state: String,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub error: bool,
    pub message: String,
}

impl Problem {
    pub fn of(d: &Diagnostic) -> Problem {
        Problem {
            path: d.path.clone(),
            line: d.line,
            error: d.level == Level::Error,
            message: d.message.clone(),
        }
    }
}

/// The pages of the site at `root`, drafts and pages in review included,
/// with `problems` (the last build's) placed at their pages.
pub fn list(root: &Path, problems: &[Diagnostic]) -> PageList {
    let mut diags = Diagnostics::new();
    let mut other: Vec<Problem> = Vec::new();
    let mut by_path: BTreeMap<&str, Vec<Problem>> = BTreeMap::new();
    for d in problems {
        by_path
            .entry(d.path.as_str())
            .or_default()
            .push(Problem::of(d));
    }
    let Some(config) = Config::load(root, &mut diags) else {
        other.extend(diags.sorted().iter().map(|d| Problem::of(d)));
        return PageList {
            sections: Vec::new(),
            other,
        };
    };
    let include = Include {
        drafts: true,
        pending: true,
        lenient_drafts: false,
    };
    let content = load::load(root, &config, include, &mut diags);
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    for page in content
        .pages
        .iter()
        .filter(|p| p.source.starts_with("content/"))
    {
        let section = sections
            .entry(page.section.clone())
            .or_insert_with(|| Section {
                folder: page.section.clone(),
                title: match content.sections.get(&page.section) {
                    _ if page.section.is_empty() => "独立页面".to_string(),
                    Some(s) => s.title.clone(),
                    None => crate::model::default_section_title(&page.section),
                },
                kind: page.kind.name(),
                pages: Vec::new(),
            });
        let state = if page.draft {
            "草稿".to_string()
        } else {
            shown_state(&page.review)
        };
        section.pages.push(PageItem {
            path: page.source.clone(),
            title: page.title.clone(),
            url: page.url.clone(),
            state,
            problems: by_path.remove(page.source.as_str()).unwrap_or_default(),
        });
    }
    add_intros(&content, &mut sections, &mut by_path);
    other.extend(by_path.into_values().flatten());
    PageList {
        sections: sections.into_values().collect(),
        other,
    }
}

/// 已发布, or where it waits in review.
fn shown_state(review: &crate::review::PageReview) -> String {
    match &review.state {
        State::NotRequired | State::Passed => "已发布".to_string(),
        state if review.approved_live => format!("{}（网站上仍是通过的版本）", state.label()),
        state => state.label(),
    }
}

/// Each section's intro (`_index.md`) first in its section, the home
/// intro first among the pages outside sections: reviewed like pages
/// (§9.5), so a reviewer finds them here.
fn add_intros(
    content: &load::Content,
    sections: &mut BTreeMap<String, Section>,
    problems: &mut BTreeMap<&str, Vec<Problem>>,
) {
    let intros = content.home.iter().chain(content.sections.values());
    for intro in intros.filter(|s| !s.source.is_empty()) {
        let section = sections
            .entry(intro.name.clone())
            .or_insert_with(|| Section {
                folder: intro.name.clone(),
                title: if intro.name.is_empty() {
                    "独立页面".to_string()
                } else {
                    intro.title.clone()
                },
                kind: crate::model::Kind::of_section(&intro.name).name(),
                pages: Vec::new(),
            });
        let title = if intro.name.is_empty() {
            "首页介绍".to_string()
        } else {
            format!("栏目介绍：{}", intro.title)
        };
        section.pages.insert(
            0,
            PageItem {
                path: intro.source.clone(),
                title,
                url: intro.dir_url.clone(),
                state: shown_state(&intro.review),
                problems: problems.remove(intro.source.as_str()).unwrap_or_default(),
            },
        );
    }
}
