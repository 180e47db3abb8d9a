//! The Atom feed and the sitemap.

use super::{OutputFile, RenderOptions};
use crate::dates;
use crate::resolve::{Page, Site};

const FEED_ENTRIES: usize = 20;

pub(super) fn feed_and_sitemap(site: &Site, options: &RenderOptions) -> Vec<OutputFile> {
    let mut files = Vec::with_capacity(2);
    if site.config.feed {
        files.push(feed(site, options));
    }
    files.push(sitemap(site));
    files
}

fn feed(site: &Site, options: &RenderOptions) -> OutputFile {
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
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    xml.push_str(&crate::html::escape(&c.language));
    xml.push_str("\">\n");
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        crate::html::escape(&c.title)
    ));
    if !c.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            crate::html::escape(&c.description)
        ));
    }
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n",
        crate::html::escape(&c.absolute_url("/atom.xml")),
        crate::html::escape(&c.absolute_url("/")),
        crate::html::escape(&c.absolute_url("/")),
    ));
    if !c.hospital.is_empty() {
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            crate::html::escape(&c.hospital)
        ));
    } else {
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            crate::html::escape(&c.title)
        ));
    }
    for p in dated {
        let url = crate::html::escape(&c.absolute_url(&p.src.url));
        let date = p.src.date.map(|d| d.rfc3339()).unwrap_or_default();
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <id>{url}</id>\n    <published>{date}</published>\n    <updated>{date}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            crate::html::escape(&p.src.title),
            crate::html::escape(&p.summary),
        ));
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: "atom.xml".into(),
        bytes: xml.into_bytes(),
    }
}

fn sitemap(site: &Site) -> OutputFile {
    use chrono::Datelike;
    use std::fmt::Write;
    let c = &site.config;
    let mut xml = String::with_capacity(120 * (site.pages.len() + site.tags.len() + 8));
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut add = |url: &str, lastmod: Option<&dates::Date>| {
        xml.push_str("  <url><loc>");
        crate::html::escape_into(&mut xml, &c.base_url);
        crate::html::escape_into(&mut xml, url.trim_start_matches('/'));
        xml.push_str("</loc>");
        if let Some(d) = lastmod {
            let _ = write!(
                xml,
                "<lastmod>{:04}-{:02}-{:02}</lastmod>",
                d.local.year(),
                d.local.month(),
                d.local.day()
            );
        }
        xml.push_str("</url>\n");
    };
    add("/", None);
    for s in &site.sections {
        add(&s.url, None);
    }
    for p in &site.pages {
        add(&p.src.url, p.src.date.as_ref());
    }
    add("/tags/", None);
    for t in &site.tags {
        add(&t.url, None);
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}
