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
/// The state of pass 2 over one body.
struct Pass2<'a, 'm> {
    out: Vec<Event<'a>>,
    text: PlainText,
    toc: Vec<Heading>,
    used_ids: HashSet<String>,
    /// Output index of the open heading's Start event, and its title so far.
    heading: Option<(usize, String)>,
    summary_at: Option<usize>,
    /// Photos inside a link are not linked to their original again.
    links_open: usize,
    /// Tables so far, to name each table's box uniquely.
    tables: usize,
    /// Inside a table cell, where a narrow column would break `2015年`
    /// between the number and its unit.
    in_cell: bool,
    media: &'m [Media],
}

/// Pass 2 over the events pass 1 made.
pub(super) fn finish<'a>(events: Vec<Event<'a>>, media: &[Media], body_len: usize) -> Finished<'a> {
    let mut pass = Pass2 {
        out: Vec::with_capacity(events.len()),
        text: PlainText {
            text: String::with_capacity(body_len),
            space_owed: false,
        },
        toc: Vec::new(),
        used_ids: HashSet::new(),
        heading: None,
        summary_at: None,
        links_open: 0,
        tables: 0,
        in_cell: false,
        media,
    };
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        pass.event(event, &mut events);
    }
    let summary_text = pass
        .summary_at
        .and_then(|at| pass.text.text.get(..at))
        .map(|s| s.trim().to_string());
    let mut text = pass.text.text;
    text.truncate(text.trim_end().len());
    Finished {
        events: pass.out,
        toc: pass.toc,
        text,
        summary_text,
    }
}

impl<'a> Pass2<'a, '_> {
    /// Text: counted for summaries and search, a heading's title, and in a
    /// table cell each number kept with its unit.
    fn text_event(&mut self, event: Event<'a>) {
        let (Event::Text(t) | Event::Code(t)) = &event else {
            return self.out.push(event);
        };
        self.text.push(t);
        if let Some((_, title)) = &mut self.heading {
            title.push_str(t);
        }
        match (&event, self.in_cell) {
            (Event::Text(t), true) if has_number_and_unit(t) => self
                .out
                .push(Event::InlineHtml(numbers_with_units(t).into())),
            _ => self.out.push(event),
        }
    }

    fn event(&mut self, event: Event<'a>, events: &mut impl Iterator<Item = Event<'a>>) {
        match event {
            Event::InlineHtml(ref marker) | Event::Html(ref marker)
                if marker.trim_end() == MORE_MARKER =>
            {
                if self.summary_at.is_none() {
                    self.summary_at = Some(self.text.text.len());
                }
            }
            // Raw HTML kept as HTML (trust, sanitize): a block's words count
            // as self.text for summaries and search, its tags do not.
            Event::Html(ref html) => {
                self.text.push(&super::sanitize::text_of(html));
                self.out.push(event);
            }
            Event::InlineHtml(_) => self.out.push(event),
            Event::Start(Tag::Heading { .. }) => {
                self.heading = Some((self.out.len(), String::new()));
                self.out.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, title)) = self.heading.take() {
                    let entry =
                        toc_entry(level as u8, &title, self.toc.len() + 1, &mut self.used_ids);
                    if let Some(Event::Start(Tag::Heading { id: slot, .. })) = self.out.get_mut(at)
                    {
                        *slot = Some(entry.id.clone().into());
                    }
                    self.toc.push(entry);
                }
                self.out.push(event);
                self.text.end_block();
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let alt = image_alt(events);
                let html = image_html(&dest_url, &alt, &title, self.media, self.links_open > 0);
                self.out.push(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Table(_)) => {
                // A box that scrolls sideways on a phone (see the theme's CSS),
                // reachable and named for keyboard and screen-reader users.
                self.tables += 1;
                self.out.push(Event::Html(
                    format!(
                        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"表格 {}\">",
                        self.tables
                    )
                    .into(),
                ));
                self.out.push(event);
            }
            Event::End(TagEnd::Table) => {
                self.out.push(event);
                self.out.push(Event::Html("</div>\n".into()));
                self.text.end_block();
            }
            Event::Start(Tag::Link { .. }) => {
                self.links_open += 1;
                self.out.push(event);
            }
            Event::End(TagEnd::Link) => {
                self.links_open = self.links_open.saturating_sub(1);
                self.out.push(event);
            }
            Event::Text(_) | Event::Code(_) => self.text_event(event),
            Event::Start(Tag::TableCell) => {
                self.in_cell = true;
                self.out.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                if matches!(event, Event::HardBreak) {
                    self.text.end_block();
                } else {
                    self.text.space_owed = true;
                }
                if let Some((_, title)) = &mut self.heading {
                    title.push(' ');
                }
                self.out.push(event);
            }
            Event::End(TagEnd::TableCell) => {
                self.in_cell = false;
                self.text.space_owed = true;
                self.out.push(event);
            }
            Event::End(tag) if !is_inline_tag_end(tag) => {
                self.text.end_block();
                self.out.push(event);
            }
            _ => self.out.push(event),
        }
    }
}

/// Whether text has a number directly followed by a Chinese unit (`2015年`,
/// `12人次`, `3.5小时`).
fn has_number_and_unit(text: &str) -> bool {
    let mut digit = false;
    for c in text.chars() {
        if digit && super::cjk::Class::of(c) == super::cjk::Class::Cjk {
            return true;
        }
        digit = c.is_ascii_digit();
    }
    false
}

/// Text as HTML with each number and the Chinese character after it kept on
/// one line (`<span class="num-unit">2015年</span>`).
fn numbers_with_units(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || matches!(chars[i], '.' | ',' | '%'))
            {
                i += 1;
            }
            let number: String = chars[start..i].iter().collect();
            match chars.get(i) {
                Some(&unit) if super::cjk::Class::of(unit) == super::cjk::Class::Cjk => {
                    out.push_str("<span class=\"num-unit\">");
                    crate::html::escape_into(&mut out, &number);
                    crate::html::escape_into(&mut out, unit.encode_utf8(&mut [0; 4]));
                    out.push_str("</span>");
                    i += 1;
                }
                _ => crate::html::escape_into(&mut out, &number),
            }
        } else {
            crate::html::escape_into(&mut out, chars[i].encode_utf8(&mut [0; 4]));
            i += 1;
        }
    }
    out
}

/// A heading's contents entry, with an id no other heading has.
fn toc_entry(level: u8, title: &str, n: usize, used_ids: &mut HashSet<String>) -> Heading {
    let title = title.trim().to_string();
    Heading {
        level,
        id: unique_id(slugify(&title), n, used_ids),
        title,
    }
}

/// An image event as HTML: the photo or player pass 1 resolved, else a
/// plain `<img>`.
fn image_html(url: &str, alt: &str, title: &str, media: &[Media], in_link: bool) -> String {
    match index_of_marker(url).and_then(|i| media.get(i)) {
        Some(item) => media_html(item, alt, title, in_link),
        None => img_tag(url, alt, title),
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
    use super::{has_number_and_unit, numbers_with_units};
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
    fn numbers_keep_their_unit_in_table_cells() {
        assert!(has_number_and_unit("2015年") && !has_number_and_unit("2015 年"));
        assert_eq!(
            numbers_with_units("2015年起<共>12.5小时"),
            "<span class=\"num-unit\">2015年</span>起&lt;共&gt;<span class=\"num-unit\">12.5小</span>时"
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
