//! Page bodies: Markdown to HTML, plus the table of contents, plain text and
//! summary split the templates and search index need.
//!
//! The work is two passes over pulldown-cmark's events and then its HTML
//! writer:
//! 1. while parsing: raw HTML becomes escaped text (comments are dropped,
//!    `<!-- more -->` becomes a marker), `@/` links and local images go through
//!    the caller's resolver, unsafe URL schemes are neutralised, and each run of
//!    inline events gets the CJK emphasis fix (see [`cjk_emphasis`]);
//! 2. heading ids, the TOC, `<img loading="lazy">`, and the plain text.

use crate::slug::slugify;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

#[cfg(test)]
mod snapshot_tests;

/// What a body refers to, for the caller to turn into a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTarget<'a> {
    /// A page by its content path, from `@/members/杜杰.md` (without `@/`,
    /// fragment and percent-encoding).
    Page(&'a str),
    /// An image `src` that is relative (`photo.jpg`) or site-absolute
    /// (`/images/a.jpg`), percent-decoded.
    Image(&'a str),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct BodyProblem {
    /// 1-based line within the body.
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    pub toc: Vec<Heading>,
    /// Plain text of the whole body, blocks separated by `\n`.
    pub text: String,
    /// Plain text before a `<!-- more -->` comment, if the body has one.
    pub summary_text: Option<String>,
    pub problems: Vec<BodyProblem>,
}

/// Stands in for `<!-- more -->` between the passes. Every raw HTML event is
/// turned into text in pass 1, so an HTML event in pass 2 can only be this.
const MORE_MARKER: &str = "<!--pinpai:more-->";

/// Renders a page body. Never fails: problems (unresolvable links and images,
/// an unclosed comment) are reported in [`Rendered::problems`] and the rest of
/// the body is rendered normally.
pub fn render(body: &str, resolve: &dyn Fn(LinkTarget) -> Result<String, String>) -> Rendered {
    // Smart punctuation stays off: it would turn quotes in Chinese text into
    // the wrong (Western) forms. Heading attributes stay off so `{…}` at the
    // end of a Chinese heading is shown, not swallowed.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;

    let mut first = FirstPass {
        body,
        resolve,
        out: Vec::with_capacity(body.len() / 8 + 16),
        run: Vec::new(),
        problems: Vec::new(),
        line_starts: None,
        reverted_em: Vec::new(),
        in_code_block: false,
        html_block: None,
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        first.event(event, range);
    }
    first.flush_run();
    let problems = first.problems;

    let finished = finish(first.out, body.len());
    let mut html = String::with_capacity(body.len() + body.len() / 2 + 64);
    pulldown_cmark::html::push_html(&mut html, finished.events.into_iter());

    Rendered {
        html,
        toc: finished.toc,
        text: finished.text,
        summary_text: finished.summary_text,
        problems,
    }
}

/// At most `max` characters (chars, not bytes), cut at a char boundary, with
/// "…" appended when cut (the "…" is not counted); trims whitespace.
pub fn truncate_chars(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => {
            let kept = text[..cut].trim_end();
            let mut out = String::with_capacity(kept.len() + '…'.len_utf8());
            out.push_str(kept);
            out.push('…');
            out
        }
    }
}

/// Reading time in whole minutes, at least 1: CJK characters at 400/min plus
/// other words at 200/min.
pub fn reading_minutes(text: &str) -> u32 {
    let mut cjk: u64 = 0;
    let mut words: u64 = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk_letter(c) {
            cjk += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
                in_word = true;
            }
        } else if c.is_whitespace() || is_cjk_punct(c) {
            in_word = false;
        }
        // Other punctuation (apostrophes, hyphens) stays inside a word.
    }
    // cjk/400 + words/200, rounded up, in integers.
    let minutes = (cjk + 2 * words).div_ceil(400).max(1);
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------
// Pass 1

struct FirstPass<'a, 'r> {
    body: &'a str,
    resolve: &'r dyn Fn(LinkTarget) -> Result<String, String>,
    out: Vec<Event<'a>>,
    /// Inline events of the current block, with source ranges, waiting for
    /// the CJK emphasis fix.
    run: Vec<(Event<'a>, Range<usize>)>,
    problems: Vec<BodyProblem>,
    /// Byte offsets where lines start; built on the first problem only.
    line_starts: Option<Vec<usize>>,
    /// For each open `Emphasis`, whether it was turned back into `*` text.
    reverted_em: Vec<bool>,
    in_code_block: bool,
    /// Raw HTML block being collected, and its source offset.
    html_block: Option<(String, usize)>,
}

impl<'a> FirstPass<'a, '_> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.flush_run();
                self.html_block = Some((String::new(), range.start));
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((html, start)) = self.html_block.take() {
                    self.html_block_events(&html, start);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some((block, _)) = &mut self.html_block {
                    block.push_str(&html);
                } else if html.starts_with("<!--") {
                    if is_more_comment(&html) {
                        self.run.push((Event::InlineHtml(MORE_MARKER.into()), 0..0));
                    }
                } else {
                    // The empty range marks the text as not from Markdown
                    // source, so the emphasis fix leaves its `*` alone.
                    self.run.push((Event::Text(html), 0..0));
                }
            }
            Event::Text(text) if self.in_code_block => self.out.push(Event::Text(text)),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush_run();
                self.in_code_block = true;
                self.out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Emphasis) => {
                let revert = is_multiplication(self.body, &range);
                self.reverted_em.push(revert);
                if revert {
                    self.run
                        .push((Event::Text("*".into()), range.start..range.start + 1));
                } else {
                    self.run.push((Event::Start(Tag::Emphasis), range));
                }
            }
            Event::End(TagEnd::Emphasis) => {
                if self.reverted_em.pop().unwrap_or(false) {
                    let end = range.end;
                    self.run
                        .push((Event::Text("*".into()), end.saturating_sub(1)..end));
                } else {
                    self.run.push((Event::End(TagEnd::Emphasis), range));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.link_url(dest_url, range.start);
                let tag = Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                self.run.push((Event::Start(tag), range));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.image_url(dest_url, range.start);
                let tag = Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                self.run.push((Event::Start(tag), range));
            }
            Event::Start(tag) if is_inline_tag(&tag) => self.run.push((Event::Start(tag), range)),
            Event::End(tag) if is_inline_tag_end(tag) => self.run.push((Event::End(tag), range)),
            Event::Start(_) | Event::End(_) | Event::Rule => {
                self.flush_run();
                self.out.push(event);
            }
            _ => self.run.push((event, range)),
        }
    }

    fn flush_run(&mut self) {
        if !self.run.is_empty() {
            let run = std::mem::take(&mut self.run);
            cjk_emphasis(run, self.body, &mut self.out);
        }
    }

    /// A raw HTML block: comments are dropped (noting `<!-- more -->`), and
    /// anything else is shown as escaped text in a paragraph.
    fn html_block_events(&mut self, html: &str, start: usize) {
        let mut pieces: Vec<Event<'a>> = Vec::new();
        let mut has_text = false;
        let mut push_text = |pieces: &mut Vec<Event<'a>>, s: &str| {
            if !s.trim().is_empty() {
                has_text = true;
            }
            if !s.is_empty() {
                pieces.push(Event::Text(s.to_string().into()));
            }
        };
        let mut rest = html;
        while let Some(open) = rest.find("<!--") {
            push_text(&mut pieces, &rest[..open]);
            let comment = &rest[open..];
            // Searching from offset 2 also accepts `<!-->` and `<!--->`.
            match comment[2..].find("-->") {
                Some(close) => {
                    let comment_len = 2 + close + 3;
                    if is_more_comment(&comment[..comment_len]) {
                        pieces.push(Event::InlineHtml(MORE_MARKER.into()));
                    }
                    rest = &comment[comment_len..];
                }
                None => {
                    let line_offset = html.len() - comment.len();
                    let lines_in = html[..line_offset].matches('\n').count();
                    let line = self.line_of(start) + lines_in;
                    self.problems.push(BodyProblem {
                        line,
                        message: "HTML 注释 <!-- 没有用 --> 结束，之后的内容都不会显示".to_string(),
                    });
                    rest = "";
                }
            }
        }
        push_text(&mut pieces, rest);

        if has_text {
            // Trailing newlines of the block would only pad the paragraph.
            if let Some(Event::Text(last)) = pieces.last_mut() {
                let trimmed = last.trim_end();
                if trimmed.len() != last.len() {
                    *last = trimmed.to_string().into();
                }
            }
            self.out.push(Event::Start(Tag::Paragraph));
            self.out.extend(pieces);
            self.out.push(Event::End(TagEnd::Paragraph));
        } else {
            self.out.extend(
                pieces
                    .into_iter()
                    .filter(|e| matches!(e, Event::InlineHtml(_))),
            );
        }
    }

    fn link_url(&mut self, url: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if let Some(rest) = url.strip_prefix("@/") {
            let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
            let path = percent_decode(path);
            return match (self.resolve)(LinkTarget::Page(&path)) {
                Ok(mut resolved) => {
                    if !fragment.is_empty() {
                        resolved.push('#');
                        resolved.push_str(&fragment_id(fragment));
                    }
                    resolved.into()
                }
                Err(message) => {
                    // The resolver's message already names the target.
                    self.problem(offset, message);
                    CowStr::Borrowed("#")
                }
            };
        }
        if let Some(fragment) = url.strip_prefix('#') {
            // Headings get pinyin ids, so `#会议纪要` must become
            // `#hui-yi-ji-yao` to land on its heading.
            let id = fragment_id(fragment);
            if id != fragment {
                return format!("#{id}").into();
            }
            return url;
        }
        if has_scheme(&url, &["javascript", "vbscript", "data"]) {
            return CowStr::Borrowed("#");
        }
        url
    }

    fn image_url(&mut self, url: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if has_scheme(&url, &["javascript", "vbscript"]) {
            return CowStr::Borrowed("#");
        }
        // Other schemes (http, https, data, …) and protocol-relative URLs are
        // external and left alone.
        if url_scheme(&url).is_some() || url.starts_with("//") {
            return url;
        }
        let src = percent_decode(&url);
        match (self.resolve)(LinkTarget::Image(&src)) {
            Ok(resolved) => resolved.into(),
            Err(message) => {
                self.problem(offset, message);
                url
            }
        }
    }

    fn problem(&mut self, offset: usize, message: String) {
        let line = self.line_of(offset);
        self.problems.push(BodyProblem { line, message });
    }

    /// 1-based line of a byte offset in the body.
    fn line_of(&mut self, offset: usize) -> usize {
        let body = self.body;
        let starts = self.line_starts.get_or_insert_with(|| {
            std::iter::once(0)
                .chain(body.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        match starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }
}

fn is_inline_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_tag_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn is_more_comment(comment: &str) -> bool {
    let inner = comment.strip_prefix("<!--").unwrap_or(comment);
    let inner = inner.strip_suffix("-->").unwrap_or(inner);
    inner.trim().eq_ignore_ascii_case("more")
}

/// `2*3*4` (sizes such as `3*4*5cm` are common in medical text) is
/// emphasis in CommonMark; with digits on both sides of both `*` it is far
/// more likely a multiplication, so it is shown as written.
fn is_multiplication(body: &str, range: &Range<usize>) -> bool {
    let b = body.as_bytes();
    let at = |i: Option<usize>| i.and_then(|i| b.get(i)).copied();
    let digit = |i: Option<usize>| at(i).is_some_and(|c| c.is_ascii_digit());
    let (start, end) = (range.start, range.end);
    at(Some(start)) == Some(b'*')
        && at(end.checked_sub(1)) == Some(b'*')
        && end >= start + 3
        && digit(start.checked_sub(1))
        && digit(Some(start + 1))
        && digit(end.checked_sub(2))
        && digit(Some(end))
}

/// The scheme of a URL (`https` in `https://…`), if it has one. Leading
/// spaces and embedded tabs/newlines are ignored the way browsers do, so
/// `java\tscript:` is still seen as `javascript`.
fn url_scheme(url: &str) -> Option<Cow<'_, str>> {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let end = url.find([':', '/', '?', '#'])?;
    if !url[end..].starts_with(':') || end == 0 {
        return None;
    }
    let scheme = &url[..end];
    let scheme: Cow<str> = if scheme.contains(|c: char| c.is_ascii_control()) {
        Cow::Owned(scheme.chars().filter(|c| !c.is_ascii_control()).collect())
    } else {
        Cow::Borrowed(scheme)
    };
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

fn has_scheme(url: &str, schemes: &[&str]) -> bool {
    url_scheme(url).is_some_and(|s| schemes.iter().any(|n| s.eq_ignore_ascii_case(n)))
}

/// Decodes `%XX` escapes; input that does not decode to UTF-8 is kept as is.
fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                // Two hex digits are at most 255.
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_or(Cow::Borrowed(s), Cow::Owned)
}

/// A link fragment as a heading id: non-ASCII fragments are headings named
/// in Chinese, which get pinyin ids.
fn fragment_id(fragment: &str) -> Cow<'_, str> {
    let decoded = percent_decode(fragment);
    if decoded.is_ascii() {
        Cow::Borrowed(fragment)
    } else {
        Cow::Owned(slugify(&decoded))
    }
}

// ---------------------------------------------------------------------------
// CJK emphasis

/// Character classes for the flanking rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    /// Punctuation and symbols outside CJK.
    Punct,
    /// CJK punctuation: `，。：；（）「」` and the like.
    CjkPunct,
    /// Han, kana, hangul, full-width letters and digits.
    Cjk,
    /// Other letters and digits.
    Other,
}

impl Class {
    fn of(c: char) -> Class {
        if c.is_whitespace() {
            Class::Space
        } else if is_cjk_punct(c) {
            Class::CjkPunct
        } else if is_cjk_letter(c) || ('\u{FF10}'..='\u{FF5A}').contains(&c) {
            Class::Cjk
        } else if c.is_alphanumeric() {
            Class::Other
        } else {
            Class::Punct
        }
    }

    fn is_punct(self) -> bool {
        matches!(self, Class::Punct | Class::CjkPunct)
    }

    fn is_cjk(self) -> bool {
        matches!(self, Class::Cjk | Class::CjkPunct)
    }
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3004}'
        | '\u{3008}'..='\u{3020}'
        | '\u{3030}'
        | '\u{303D}'
        | '\u{30FB}'
        | '\u{FE10}'..='\u{FE1F}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
}

fn is_cjk_letter(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3040}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{3100}'..='\u{312F}'
        | '\u{3130}'..='\u{318F}'
        | '\u{31A0}'..='\u{31BF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Adjacent `Text` events of a run, joined.
struct TextNode {
    text: String,
    /// Byte offsets of `*`/`~` that are not Markdown delimiters: escaped
    /// (`\*`), from entities, or from raw HTML shown as text.
    literal: Vec<usize>,
}

enum Node {
    Text(usize),
    Event(usize),
}

/// A `*`/`**`/`~~` run that pulldown-cmark left as text and that may pair
/// under the CJK-friendly rules.
struct Delim {
    node: usize,
    start: usize,
    len: usize,
    ch: u8,
    can_open: bool,
    can_close: bool,
    remaining: usize,
    /// Delimiters used for openings / closings, in the order they matched
    /// (innermost first).
    opens: Vec<usize>,
    closes: Vec<usize>,
}

/// CommonMark's flanking rules do not let `**注意：**请` close: the closing
/// `**` follows punctuation and precedes a letter. Following the spirit of
/// the "CommonMark CJK-friendly amendments", a delimiter run next to CJK text
/// may open or close when punctuation is on one side and a CJK character on
/// the other. pulldown-cmark has already paired everything CommonMark can;
/// this pairs the leftover `*`/`~~` text, only where a CJK character or CJK
/// punctuation touches the run, so non-CJK text renders exactly as
/// CommonMark says. Pairs never cross an inline element's boundary.
fn cjk_emphasis<'a>(run: Vec<(Event<'a>, Range<usize>)>, body: &str, out: &mut Vec<Event<'a>>) {
    let candidates = run
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if t.contains(['*', '~'])));
    if !candidates {
        out.extend(run.into_iter().map(|(e, _)| e));
        return;
    }

    let mut texts: Vec<TextNode> = Vec::new();
    let mut nodes: Vec<Node> = Vec::with_capacity(run.len());
    for (i, (event, range)) in run.iter().enumerate() {
        let Event::Text(t) = event else {
            nodes.push(Node::Event(i));
            continue;
        };
        if !matches!(nodes.last(), Some(Node::Text(_))) {
            nodes.push(Node::Text(texts.len()));
            texts.push(TextNode {
                text: String::new(),
                literal: Vec::new(),
            });
        }
        let Some(node) = texts.last_mut() else {
            continue;
        };
        // Text that is exactly its source is Markdown; pulldown-cmark starts
        // a new Text event after a backslash escape, so only the first byte
        // can be escaped.
        let verbatim = body.get(range.clone()) == Some(&**t);
        let escaped_first = range.start > 0 && body.as_bytes().get(range.start - 1) == Some(&b'\\');
        let base = node.text.len();
        for (j, b) in t.bytes().enumerate() {
            if (b == b'*' || b == b'~') && (!verbatim || (j == 0 && escaped_first)) {
                node.literal.push(base + j);
            }
        }
        node.text.push_str(t);
    }

    let mut delims: Vec<Delim> = Vec::new();
    // Delimiters of each open inline element (and of the run itself); pairs
    // are only made within one list.
    let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
    let mut matched = false;
    for (n, node) in nodes.iter().enumerate() {
        match node {
            Node::Event(i) => match run.get(*i).map(|(e, _)| e) {
                Some(Event::Start(_)) => groups.push(Vec::new()),
                Some(Event::End(_)) if groups.len() > 1 => {
                    if let Some(group) = groups.pop() {
                        matched |= pair_delims(&mut delims, &group);
                    }
                }
                _ => {}
            },
            Node::Text(k) => {
                let before = n.checked_sub(1).map(|p| boundary_class(&nodes, &run, p));
                let after = boundary_class(&nodes, &run, n + 1);
                if let (Some(text), Some(group)) = (texts.get(*k), groups.last_mut()) {
                    find_delims(
                        text,
                        *k,
                        before.unwrap_or(Class::Space),
                        after,
                        &mut delims,
                        group,
                    );
                }
            }
        }
    }
    while let Some(group) = groups.pop() {
        matched |= pair_delims(&mut delims, &group);
    }

    if !matched {
        out.extend(run.into_iter().map(|(e, _)| e));
        return;
    }

    let mut events: Vec<Option<Event<'a>>> = run.into_iter().map(|(e, _)| Some(e)).collect();
    let mut d = 0;
    for node in &nodes {
        match *node {
            Node::Event(i) => {
                if let Some(e) = events.get_mut(i).and_then(Option::take) {
                    out.push(e);
                }
            }
            Node::Text(k) => {
                let Some(TextNode { text, .. }) = texts.get(k) else {
                    continue;
                };
                let mut pos = 0;
                while let Some(delim) = delims.get(d).filter(|dl| dl.node == k) {
                    d += 1;
                    if delim.opens.is_empty() && delim.closes.is_empty() {
                        continue;
                    }
                    push_owned_text(out, text.get(pos..delim.start));
                    for &n in &delim.closes {
                        out.push(Event::End(emphasis_tag(delim.ch, n).to_end()));
                    }
                    // Closings use the run's leftmost characters, openings its
                    // rightmost; unused ones stay text in between.
                    let used_left: usize = delim.closes.iter().sum();
                    let lit = delim.start + used_left;
                    push_owned_text(out, text.get(lit..lit + delim.remaining));
                    for &n in delim.opens.iter().rev() {
                        out.push(Event::Start(emphasis_tag(delim.ch, n)));
                    }
                    pos = delim.start + delim.len;
                }
                push_owned_text(out, text.get(pos..));
            }
        }
    }
}

fn push_owned_text(out: &mut Vec<Event<'_>>, text: Option<&str>) {
    if let Some(text) = text.filter(|t| !t.is_empty()) {
        out.push(Event::Text(text.to_string().into()));
    }
}

fn emphasis_tag(ch: u8, n: usize) -> Tag<'static> {
    match (ch, n) {
        (b'~', _) => Tag::Strikethrough,
        (_, 2) => Tag::Strong,
        _ => Tag::Emphasis,
    }
}

/// What a delimiter next to a non-text node sees: line breaks are spaces,
/// an element edge stands for its `[`, `]`, `` ` `` or `)` (punctuation), and
/// the run's edges are the start/end of a line.
fn boundary_class(nodes: &[Node], run: &[(Event, Range<usize>)], n: usize) -> Class {
    match nodes.get(n) {
        None => Class::Space,
        Some(Node::Text(_)) => Class::Other,
        Some(Node::Event(i)) => match run.get(*i).map(|(e, _)| e) {
            Some(Event::SoftBreak | Event::HardBreak | Event::TaskListMarker(_)) | None => {
                Class::Space
            }
            Some(_) => Class::Punct,
        },
    }
}

fn find_delims(
    node: &TextNode,
    node_index: usize,
    before: Class,
    after: Class,
    delims: &mut Vec<Delim>,
    group: &mut Vec<usize>,
) {
    let text = &node.text;
    let bytes = text.as_bytes();
    let is_delim = |i: usize, ch: u8| bytes.get(i) == Some(&ch) && !node.literal.contains(&i);
    let mut i = 0;
    while i < bytes.len() {
        let ch = bytes[i];
        if !(ch == b'*' || ch == b'~') || !is_delim(i, ch) {
            i += 1;
            continue;
        }
        let start = i;
        while is_delim(i, ch) {
            i += 1;
        }
        let len = i - start;
        // GFM strikethrough pairs `~~` with `~~` only.
        if ch == b'~' && len != 2 {
            continue;
        }
        let prev = text[..start].chars().next_back().map_or(before, Class::of);
        let next = text[i..].chars().next().map_or(after, Class::of);
        if !(prev.is_cjk() || next.is_cjk()) {
            continue;
        }
        let left = next != Class::Space
            && (!next.is_punct() || prev == Class::Space || prev.is_punct() || prev.is_cjk());
        let right = prev != Class::Space
            && (!prev.is_punct() || next == Class::Space || next.is_punct() || next.is_cjk());
        if !(left || right) {
            continue;
        }
        group.push(delims.len());
        delims.push(Delim {
            node: node_index,
            start,
            len,
            ch,
            can_open: left,
            can_close: right,
            remaining: len,
            opens: Vec::new(),
            closes: Vec::new(),
        });
    }
}

/// CommonMark's "process emphasis" over one group's delimiters (in order),
/// with its rule of three and openers-bottom shortcut. Returns whether
/// anything paired.
fn pair_delims(delims: &mut [Delim], group: &[usize]) -> bool {
    let mut matched = false;
    let mut stack: Vec<usize> = Vec::new();
    // Per (char, closer can open, closer length % 3): openers before this
    // delimiter index are known not to match.
    let mut bottom = [0usize; 12];
    for &c in group {
        let Some(closer) = delims.get(c) else {
            continue;
        };
        if closer.can_close {
            let key = usize::from(closer.ch == b'~') * 6
                + usize::from(closer.can_open) * 3
                + closer.len % 3;
            loop {
                // The stack is in document order, so the scan can stop at
                // the first opener below the bottom.
                let found = stack
                    .iter()
                    .rev()
                    .take_while(|&&o| o >= bottom[key])
                    .position(|&o| can_pair(&delims[o], &delims[c]))
                    .map(|from_top| stack.len() - 1 - from_top);
                let Some(k) = found else {
                    bottom[key] = c;
                    break;
                };
                let o = stack[k];
                let n = if delims[o].ch == b'~'
                    || (delims[o].remaining >= 2 && delims[c].remaining >= 2)
                {
                    2
                } else {
                    1
                };
                delims[o].remaining -= n;
                delims[o].opens.push(n);
                delims[c].remaining -= n;
                delims[c].closes.push(n);
                matched = true;
                // Delimiters between a pair can no longer pair.
                stack.truncate(k + 1);
                if delims[o].remaining == 0 {
                    stack.pop();
                }
                if delims[c].remaining == 0 {
                    break;
                }
            }
        }
        if delims[c].remaining > 0 && delims[c].can_open {
            stack.push(c);
        }
    }
    matched
}

fn can_pair(opener: &Delim, closer: &Delim) -> bool {
    if opener.ch != closer.ch || !opener.can_open || opener.remaining == 0 {
        return false;
    }
    if opener.ch == b'~' {
        return opener.remaining == 2 && closer.remaining == 2;
    }
    // Rule of three: a run that can both open and close does not pair with
    // one whose lengths sum to a multiple of 3, unless both are.
    let both = opener.can_close || closer.can_open;
    !(both && (opener.len + closer.len) % 3 == 0 && !(opener.len % 3 == 0 && closer.len % 3 == 0))
}

// ---------------------------------------------------------------------------
// Pass 2

struct Finished<'a> {
    events: Vec<Event<'a>>,
    toc: Vec<Heading>,
    text: String,
    summary_text: Option<String>,
}

fn finish(events: Vec<Event<'_>>, body_len: usize) -> Finished<'_> {
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

    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        match event {
            Event::InlineHtml(ref marker) | Event::Html(ref marker) => {
                if &**marker == MORE_MARKER && summary_at.is_none() {
                    summary_at = Some(text.text.len());
                }
            }
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
                let mut alt = String::new();
                let mut depth = 1;
                for inner in events.by_ref() {
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
                out.push(Event::InlineHtml(img_tag(&dest_url, &alt, &title).into()));
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

fn img_tag(src: &str, alt: &str, title: &str) -> String {
    let mut html = String::with_capacity(src.len() + alt.len() + title.len() + 48);
    html.push_str("<img src=\"");
    push_href(&mut html, src);
    html.push_str("\" alt=\"");
    push_attr(&mut html, alt);
    if !title.is_empty() {
        html.push_str("\" title=\"");
        push_attr(&mut html, title);
    }
    html.push_str("\" loading=\"lazy\" />");
    html
}

use crate::html::escape_into as push_attr;

/// URL escaping matching pulldown-cmark's `href` writer, so links and images
/// are encoded the same way.
fn push_href(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            b if b.is_ascii_alphanumeric() || b"!#$%()*+,-./:;=?@^_~".contains(&b) => {
                out.push(char::from(b));
            }
            b => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_links(_: LinkTarget) -> Result<String, String> {
        Err("not found".to_string())
    }

    fn html(body: &str) -> String {
        render(body, &no_links).html
    }

    /// The paragraph content of a one-paragraph body.
    fn inline(body: &str) -> String {
        let h = html(body);
        h.trim_end()
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
            .unwrap_or(&h)
            .to_string()
    }

    #[test]
    fn cjk_strong_after_punctuation() {
        assert_eq!(
            inline("**注意：**请按时就诊"),
            "<strong>注意：</strong>请按时就诊"
        );
        assert_eq!(
            inline("这是**我想做的事。**所以继续。"),
            "这是<strong>我想做的事。</strong>所以继续。"
        );
    }

    #[test]
    fn cjk_emphasis_and_strikethrough() {
        assert_eq!(inline("*强调（括号）*继续"), "<em>强调（括号）</em>继续");
        assert_eq!(
            inline("~~删除（括号）。~~继续"),
            "<del>删除（括号）。</del>继续"
        );
    }

    #[test]
    fn cjk_leftovers_pair_around_existing_strong() {
        assert_eq!(
            inline("**真，**她，**务必**带上"),
            "<strong>真，</strong>她，<strong>务必</strong>带上"
        );
    }

    #[test]
    fn cjk_strong_around_elements_and_nested() {
        assert_eq!(
            inline("**见[通知](https://a.cn)。**然后"),
            "<strong>见<a href=\"https://a.cn\">通知</a>。</strong>然后"
        );
        assert_eq!(
            inline("***注意：***请"),
            "<em><strong>注意：</strong></em>请"
        );
        // In a heading, a table cell and a tight list item.
        assert!(html("## **注意：**请").contains("<strong>注意：</strong>请</h2>"));
        assert!(
            html("| a |\n|---|\n| **注意：**请 |").contains("<td><strong>注意：</strong>请</td>")
        );
        assert!(html("- **注意：**请\n- b").contains("<li><strong>注意：</strong>请</li>"));
    }

    #[test]
    fn cjk_fix_leaves_code_escapes_and_unpaired_alone() {
        assert_eq!(inline("`**注意：**代码`"), "<code>**注意：**代码</code>");
        assert!(html("```\n**注意：**代码\n```").contains("**注意：**代码"));
        assert_eq!(inline("\\*注意：*请"), "*注意：*请");
        assert_eq!(inline("\\*\\*注意：\\*\\*请"), "**注意：**请");
        assert_eq!(inline("只有一个*星号。"), "只有一个*星号。");
        assert_eq!(inline("**注意：请"), "**注意：请");
        // Raw HTML shown as text is not Markdown.
        assert_eq!(
            inline("<b>**注意：**请"),
            "&lt;b&gt;<strong>注意：</strong>请"
        );
    }

    #[test]
    fn non_cjk_emphasis_is_commonmark() {
        assert_eq!(inline("**bold** text"), "<strong>bold</strong> text");
        assert_eq!(inline("a*b*c"), "a<em>b</em>c");
        assert_eq!(inline("**foo,**bar"), "**foo,**bar");
    }

    #[test]
    fn multiplication_is_not_emphasis() {
        assert_eq!(inline("2*3*4"), "2*3*4");
        assert_eq!(inline("大小约3.0*2.5*1.0cm"), "大小约3.0*2.5*1.0cm");
    }

    #[test]
    fn tables_footnotes_tasks() {
        let h = html("| 科室 | 电话 |\n|---|---|\n| 急诊 | 120 |\n");
        assert!(h.contains("<table>") && h.contains("<th>科室</th>") && h.contains("<td>120</td>"));
        let h = html("正文[^1]\n\n[^1]: 注释");
        assert!(h.contains("footnote-reference") && h.contains("footnote-definition"));
        let h = html("- [x] 完成\n- [ ] 待办");
        assert!(h.contains("type=\"checkbox\"") && h.contains("checked"));
        assert!(html("~~旧~~").contains("<del>旧</del>"));
    }

    #[test]
    fn raw_html_is_escaped() {
        let h = html("<script>alert(1)</script>\n\n段落<img src=x onerror=alert(1)>");
        assert!(!h.contains("<script>") && !h.contains("<img src=x"));
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(h.contains("&lt;img src=x onerror=alert(1)&gt;"));
        let h = html("<div onclick=\"x\">\n**a**\n</div>");
        assert!(h.starts_with("<p>&lt;div") && !h.contains("<div"));
    }

    #[test]
    fn comments_are_dropped() {
        assert_eq!(html("<!-- 私密 -->\n\n正文").trim(), "<p>正文</p>");
        assert_eq!(inline("正文<!-- 私密 -->继续"), "正文继续");
        let r = render("正文\n\n<!-- 未关闭\n\n隐藏", &no_links);
        assert!(!r.html.contains("隐藏"));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].line, 3);
    }

    #[test]
    fn unsafe_schemes_are_neutralised() {
        assert_eq!(inline("[x](javascript:alert(1))"), "<a href=\"#\">x</a>");
        assert_eq!(inline("[x](JavaScript:alert(1))"), "<a href=\"#\">x</a>");
        assert_eq!(
            inline("[x](<java\tscript:alert(1)>)"),
            "<a href=\"#\">x</a>"
        );
        assert_eq!(inline("[x](vbscript:x)"), "<a href=\"#\">x</a>");
        assert_eq!(inline("[x](data:text/html,x)"), "<a href=\"#\">x</a>");
        assert_eq!(
            inline("<javascript:alert(1)>"),
            "<a href=\"#\">javascript:alert(1)</a>"
        );
        assert!(inline("![x](javascript:alert(1))").contains("src=\"#\""));
        assert_eq!(
            inline("[x](https://a.cn/b)"),
            "<a href=\"https://a.cn/b\">x</a>"
        );
    }

    fn site(target: LinkTarget) -> Result<String, String> {
        match target {
            LinkTarget::Page("members/杜杰.md") => Ok("/members/du-jie/".to_string()),
            LinkTarget::Image("photo.jpg") => Ok("/news/a/photo.jpg".to_string()),
            LinkTarget::Image("/images/a.jpg") => Ok("/images/a.jpg".to_string()),
            LinkTarget::Page(p) => Err(format!("no page {p}")),
            LinkTarget::Image(p) => Err(format!("no image {p}")),
        }
    }

    #[test]
    fn internal_links_resolve() {
        let r = render(
            "[杜杰](@/members/杜杰.md) [党建](@/members/%E6%9D%9C%E6%9D%B0.md#党建工作)",
            &site,
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert!(r.html.contains("<a href=\"/members/du-jie/\">杜杰</a>"));
        assert!(r
            .html
            .contains("<a href=\"/members/du-jie/#dang-jian-gong-zuo\">党建</a>"));
    }

    #[test]
    fn broken_link_reports_its_line() {
        let body = "# 标题\n\n第一段\n\n见[王五](@/members/王五.md#x)。\n";
        let r = render(body, &site);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].line, 5);
        assert_eq!(r.problems[0].message, "no page members/王五.md");
        assert!(r.html.contains("<a href=\"#\">王五</a>"));
    }

    #[test]
    fn images_resolve_and_lazy_load() {
        let r = render("![合影](photo.jpg \"标题\")\n\n![](/images/a.jpg)", &site);
        assert!(r.problems.is_empty());
        assert!(r.html.contains(
            "<img src=\"/news/a/photo.jpg\" alt=\"合影\" title=\"标题\" loading=\"lazy\" />"
        ));
        assert!(r
            .html
            .contains("<img src=\"/images/a.jpg\" alt=\"\" loading=\"lazy\" />"));

        let r = render("文字\n\n![x](missing.png)", &site);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].line, 3);

        let r = render(
            "![x](https://a.cn/a.png) ![y](data:image/png;base64,AA)",
            &site,
        );
        assert!(r.problems.is_empty());
        assert!(r.html.contains("src=\"https://a.cn/a.png\""));
    }

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

    #[test]
    fn truncate_chars_cuts_on_chars() {
        assert_eq!(truncate_chars("  党建工作  ", 10), "党建工作");
        assert_eq!(truncate_chars("党建工作", 4), "党建工作");
        assert_eq!(truncate_chars("党建工作", 2), "党建…");
        assert_eq!(truncate_chars("ab cd", 3), "ab…");
        assert_eq!(truncate_chars("😀😀😀", 1), "😀…");
        assert_eq!(truncate_chars("", 3), "");
    }

    #[test]
    fn reading_minutes_counts_cjk_and_words() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"党".repeat(400)), 1);
        assert_eq!(reading_minutes(&"党".repeat(401)), 2);
        assert_eq!(reading_minutes(&"word ".repeat(400)), 2);
        assert_eq!(
            reading_minutes(&format!("{}{}", "党".repeat(400), " word".repeat(200))),
            2
        );
        assert_eq!(reading_minutes(&"党".repeat(1200)), 3);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            "*",
            "**",
            "~~",
            "***",
            "*~*~",
            "\\",
            "<!--",
            "<!-->",
            "[x](@/)",
            "![](%)",
            "**注意：",
            "：**",
            "*\u{3000}*",
            "中*",
            "*中",
            "**中**文**字**",
            "~~~中~~~",
            "[**注意：](x)**请",
            "**[注意：**](x)请",
            "![**注意：**请](a.png)",
            "# \n#",
            "| * | ~~ |\n|-|-|\n| *中： | ：*中 |",
            "> **注意：**请\n> 续",
            "\u{0}*\u{0}",
        ];
        for input in inputs {
            let _ = render(input, &site);
            let _ = truncate_chars(input, 2);
            let _ = reading_minutes(input);
        }
    }
}
