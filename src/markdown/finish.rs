//! Pass 2, over the events of pass 1: heading ids and the table of
//! contents, `<img loading="lazy">` tags, the plain text for search and
//! summaries, and where `<!-- more -->` cuts the summary.

use super::cjk::Class;
use super::first_pass::is_inline_tag_end;
use super::img_tag::img_tag;
use super::media::{index_of_marker, media_html, Media};
use super::{Heading, MORE_MARKER};
use crate::slug::slugify;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashSet;

pub(super) struct Finished<'a> {
    pub(super) events: Vec<Event<'a>>,
    pub(super) toc: Vec<Heading>,
    pub(super) text: String,
    pub(super) summary_text: Option<String>,
}

/// Pass 2 over the events pass 1 made.
pub(super) fn finish<'a>(events: Vec<Event<'a>>, media: &[Media], body_len: usize) -> Finished<'a> {
    let mut out = Vec::with_capacity(events.len());
    let mut text = PlainText {
        text: String::with_capacity(body_len),
        space_owed: false,
    };
    let mut toc = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    // Output index of the open heading's Start event, and its title so far.
    let mut heading: Option<(usize, String)> = None;
    let mut summary_at = None;
    // Photos inside a link are not linked to their original again.
    let mut links_open = 0usize;

    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        match event {
            Event::InlineHtml(ref marker) | Event::Html(ref marker)
                if marker.trim_end() == MORE_MARKER =>
            {
                if summary_at.is_none() {
                    summary_at = Some(text.text.len());
                }
            }
            // Raw HTML kept as HTML (trust, sanitize): a block's words count
            // as text for summaries and search, its tags do not.
            Event::Html(ref html) => {
                text.push(&super::sanitize::text_of(html));
                out.push(event);
            }
            Event::InlineHtml(_) => out.push(event),
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((out.len(), String::new()));
                out.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, title)) = heading.take() {
                    let title = title.trim().to_string();
                    let id = unique_id(slugify(&title), toc.len() + 1, &mut used_ids);
                    if let Some(Event::Start(Tag::Heading { id: slot, .. })) = out.get_mut(at) {
                        *slot = Some(id.clone().into());
                    }
                    toc.push(Heading {
                        level: level as u8,
                        id,
                        title,
                    });
                }
                out.push(event);
                text.end_block();
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let alt = image_alt(&mut events);
                let html = match index_of_marker(&dest_url).and_then(|i| media.get(i)) {
                    Some(item) => media_html(item, &alt, &title, links_open > 0),
                    None => img_tag(&dest_url, &alt, &title),
                };
                out.push(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Table(_)) => {
                // A box that scrolls sideways on a phone (see the theme's CSS).
                out.push(Event::Html("<div class=\"table-scroll\">".into()));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html("</div>\n".into()));
                text.end_block();
            }
            Event::Start(Tag::Link { .. }) => {
                links_open += 1;
                out.push(event);
            }
            Event::End(TagEnd::Link) => {
                links_open = links_open.saturating_sub(1);
                out.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                text.push(t);
                if let Some((_, title)) = &mut heading {
                    title.push_str(t);
                }
                out.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                if matches!(event, Event::HardBreak) {
                    text.end_block();
                } else {
                    text.space_owed = true;
                }
                if let Some((_, title)) = &mut heading {
                    title.push(' ');
                }
                out.push(event);
            }
            Event::End(TagEnd::TableCell) => {
                text.space_owed = true;
                out.push(event);
            }
            Event::End(tag) if !is_inline_tag_end(tag) => {
                text.end_block();
                out.push(event);
            }
            _ => out.push(event),
        }
    }

    let summary_text = summary_at
        .and_then(|at| text.text.get(..at))
        .map(|s| s.trim().to_string());
    let mut text = text.text;
    text.truncate(text.trim_end().len());
    Finished {
        events: out,
        toc,
        text,
        summary_text,
    }
}

/// The alt text of an image whose start tag was just taken from `events`:
/// the plain text up to its end tag, which is consumed too.
fn image_alt<'a>(events: &mut impl Iterator<Item = Event<'a>>) -> String {
    let mut alt = String::new();
    let mut depth = 1;
    for inner in events {
        match inner {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}

struct PlainText {
    text: String,
    /// A soft break or cell boundary owes a space before the next text.
    space_owed: bool,
}

impl PlainText {
    fn push(&mut self, s: &str) {
        if self.space_owed {
            self.space_owed = false;
            // Chinese lines are joined without a space, like browsers do.
            let prev = self.text.chars().next_back();
            let cjk = |c: char| Class::of(c).is_cjk();
            let joins_cjk = prev.is_some_and(cjk) && s.chars().next().is_some_and(cjk);
            if !joins_cjk && prev.is_some_and(|c| !c.is_whitespace()) {
                self.text.push(' ');
            }
        }
        self.text.push_str(s);
    }

    fn end_block(&mut self) {
        self.space_owed = false;
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            // A cell's trailing space is not wanted before the newline.
            self.text.truncate(self.text.trim_end_matches(' ').len());
            self.text.push('\n');
        }
    }
}

/// `base`, or `section-N` when empty, made unique with `-1`, `-2`, ….
fn unique_id(base: String, n: usize, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        format!("section-{n}")
    } else {
        base
    };
    if used.insert(base.clone()) {
        return base;
    }
    let mut i = 1;
    loop {
        let candidate = format!("{base}-{i}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;
    use crate::markdown::test_support::no_links;

    #[test]
    fn headings_get_pinyin_ids_and_toc() {
        let r = render(
            "# 党建工作\n\n## 党建工作\n\n### `code` *x*\n\n## ！！！\n",
            &no_links,
        );
        assert!(r
            .html
            .contains("<h1 id=\"dang-jian-gong-zuo\">党建工作</h1>"));
        assert!(r.html.contains("<h2 id=\"dang-jian-gong-zuo-1\">"));
        assert!(r.html.contains("<h2 id=\"section-4\">"));
        let ids: Vec<_> = r
            .toc
            .iter()
            .map(|h| (h.level, h.id.as_str(), h.title.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                (1, "dang-jian-gong-zuo", "党建工作"),
                (2, "dang-jian-gong-zuo-1", "党建工作"),
                (3, "code-x", "code x"),
                (2, "section-4", "！！！"),
            ]
        );
    }

    #[test]
    fn plain_text_and_summary() {
        let body =
            "# 标题\n\n第一段**重点**，\n接着。\n\n<!-- more -->\n\n- 甲\n- 乙\n\n```\ncode\n```\n";
        let r = render(body, &no_links);
        assert_eq!(r.text, "标题\n第一段重点，接着。\n甲\n乙\ncode");
        assert_eq!(r.summary_text.as_deref(), Some("标题\n第一段重点，接着。"));
        assert!(!r.html.contains("more"));

        let r = render("前言<!-- more -->正文", &no_links);
        assert_eq!(r.summary_text.as_deref(), Some("前言"));
        assert_eq!(r.text, "前言正文");

        assert_eq!(render("no marker", &no_links).summary_text, None);
        assert_eq!(render("one\ntwo", &no_links).text, "one two");
    }
}
