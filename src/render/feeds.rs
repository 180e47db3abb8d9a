//! The Atom feed, the sitemap and (for IIS) `web.config`, rendered with
//! built-in templates (`render/builtins/`) that a theme or site overrides by
//! shipping its own template of that name.

use std::time::Instant;

use chrono::Datelike;
use serde::Serialize;
use serde_json::json;
use tera::{Context, Tera};

use super::template_errors::{error_chain, RenderFailure};
use super::timings::JobTime;
use super::{Milestones, OutputFile, RenderOptions};
use crate::resolve::{Page, Site};

const FEED_ENTRIES: usize = 20;

/// The built-in templates: (name, text).
pub(super) const BUILTINS: [(&str, &str); 3] = [
    ("atom.xml", include_str!("builtins/atom.xml")),
    ("sitemap.xml", include_str!("builtins/sitemap.xml")),
    ("web.config", include_str!("builtins/web.config")),
];

/// `atom.xml` (unless `feed: false`) and `sitemap.xml`; a template error
/// comes back as (template, message).
pub(super) fn feed_and_sitemap(
    site: &Site,
    tera: &Tera,
    options: &RenderOptions,
    milestones: Milestones,
) -> Vec<(Result<OutputFile, RenderFailure>, JobTime)> {
    let mut files = Vec::with_capacity(2);
    if site.config.feed {
        files.push(timed("atom.xml", || {
            render(tera, "atom.xml", &feed_context(site, options))
        }));
    }
    files.push(timed("sitemap.xml", || {
        render(tera, "sitemap.xml", &sitemap_context(site, milestones))
    }));
    if site.config.iis {
        files.push(timed("web.config", || {
            let mut context = Context::new();
            // Escaped for an XML attribute here; `/` stays as it is.
            context.insert("prefix", &crate::html::escape(site.config.url_prefix()));
            render(tera, "web.config", &context)
        }));
    }
    files
}

/// One file made, with its time for `--timings` (a slow custom feed
/// template shows there like any page's).
fn timed(
    name: &'static str,
    make: impl FnOnce() -> Result<OutputFile, RenderFailure>,
) -> (Result<OutputFile, RenderFailure>, JobTime) {
    let start = Instant::now();
    let file = make();
    let time = JobTime {
        template: name,
        url: name.to_string(),
        time: start.elapsed(),
    };
    (file, time)
}

fn render(tera: &Tera, name: &str, context: &Context) -> Result<OutputFile, RenderFailure> {
    match tera.render(name, context) {
        Ok(xml) => Ok(OutputFile {
            path: name.into(),
            bytes: xml.into_bytes(),
        }),
        Err(err) => Err(RenderFailure {
            template: name.to_string(),
            message: error_chain(&err),
            page: name.to_string(),
        }),
    }
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    /// Absolute.
    url: String,
    /// RFC 3339.
    date: String,
    summary: &'a str,
}

/// The newest dated pages, newest first, with what the feed says of the
/// site.
fn feed_context(site: &Site, options: &RenderOptions) -> Context {
    let c = &site.config;
    let mut dated: Vec<&Page> = site
        .pages
        .iter()
        .map(|p| &**p)
        .filter(|p| p.src.date.is_some())
        .collect();
    // URLs are unique, so this order is total and the newest entries are
    // the same however they are picked.
    let newest_first =
        |a: &&Page, b: &&Page| b.src.date.cmp(&a.src.date).then(a.src.url.cmp(&b.src.url));
    if dated.len() > FEED_ENTRIES {
        dated.select_nth_unstable_by(FEED_ENTRIES - 1, newest_first);
        dated.truncate(FEED_ENTRIES);
    }
    dated.sort_by(newest_first);
    let updated = dated
        .first()
        .and_then(|p| p.src.date)
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| format!("{}+08:00", options.built.format("%Y-%m-%dT%H:%M:%S")));
    let entries: Vec<FeedEntry> = dated
        .iter()
        .map(|p| FeedEntry {
            title: &p.src.title,
            url: c.absolute_url(&p.src.url),
            date: p.src.date.map(|d| d.rfc3339()).unwrap_or_default(),
            summary: &p.summary,
        })
        .collect();
    let author = if c.hospital.is_empty() {
        &c.title
    } else {
        &c.hospital
    };
    let mut context = Context::new();
    context.insert(
        "site",
        &json!({"title": c.title, "description": c.description, "language": c.language, "hospital": c.hospital}),
    );
    context.insert("feed_url", &c.absolute_url("/atom.xml"));
    context.insert("site_url", &c.absolute_url("/"));
    context.insert("updated", &updated);
    context.insert("author", author);
    context.insert("entries", &entries);
    context
}

#[derive(Serialize)]
struct SitemapEntry {
    /// Absolute.
    loc: String,
    /// `2024-03-05`, for dated pages.
    lastmod: Option<String>,
}

/// Every list and page of the site.
fn sitemap_context(site: &Site, milestones: Milestones) -> Context {
    let c = &site.config;
    let entry = |url: &str, date: Option<&crate::dates::Date>| SitemapEntry {
        loc: c.absolute_url(url),
        lastmod: date.map(|d| {
            format!(
                "{:04}-{:02}-{:02}",
                d.local.year(),
                d.local.month(),
                d.local.day()
            )
        }),
    };
    let mut entries =
        Vec::with_capacity(site.pages.len() + site.sections.len() + site.tags.len() + 2);
    entries.push(entry("/", None));
    entries.extend(site.sections.iter().map(|s| entry(&s.url, None)));
    entries.extend(
        site.pages
            .iter()
            .map(|p| entry(&p.src.url, p.src.date.as_ref())),
    );
    entries.push(entry("/tags/", None));
    entries.extend(site.tags.iter().map(|t| entry(&t.url, None)));
    entries.extend(milestones.urls().map(|url| entry(url, None)));
    let mut context = Context::new();
    context.insert("site", &json!({"title": c.title, "base_url": c.base_url}));
    context.insert("entries", &entries);
    context
}
