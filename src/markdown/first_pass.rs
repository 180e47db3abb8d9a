//! Pass 1, while parsing: raw HTML is shown as text (comments dropped,
//! `<!-- more -->` kept as a marker), `@/` links and local images are
//! resolved through the caller, and each run
//! of inline events is handed to the CJK emphasis fix.

use super::cjk::cjk_emphasis;
use super::links::{fragment_id, has_scheme, percent_decode, url_scheme};
use super::media::{self, Embed, Media};
use super::nesting::{OpenElements, MAX_DEPTH};
use super::{BodyProblem, Found, LinkTarget, RawHtml, Resolve, MORE_MARKER};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Runs pass 1 over `body`: the events for pass 2, the images and players
/// they refer to, and the problems found.
pub(super) fn run<'a>(
    body: &'a str,
    options: Options,
    raw: RawHtml,
    resolve: Resolve<'_>,
) -> PassOne<'a> {
    let mut first = FirstPass {
        body,
        raw,
        resolve,
        out: Vec::with_capacity(body.len() / 8 + 16),
        run: Vec::new(),
        problems: Vec::new(),
        line_starts: None,
        in_code_block: false,
        html_block: None,
        media: Vec::new(),
        has_raw_html: false,
        removed_html: Vec::new(),
        open_elements: OpenElements::default(),
        too_deep: false,
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        first.event(event, range);
    }
    first.flush_run();
    first.sum_up_removed_html();
    first.note_import_reminders();
    PassOne {
        events: first.out,
        media: first.media,
        problems: first.problems,
        has_raw_html: first.has_raw_html,
    }
}

/// What pass 1 gives pass 2 and the caller.
pub(super) struct PassOne<'a> {
    pub(super) events: Vec<Event<'a>>,
    pub(super) media: Vec<Media>,
    pub(super) problems: Vec<BodyProblem>,
    pub(super) has_raw_html: bool,
}

/// The state of pass 1 over one body.
struct FirstPass<'a, 'r> {
    body: &'a str,
    raw: RawHtml,
    resolve: Resolve<'r>,
    out: Vec<Event<'a>>,
    /// Inline events of the current block, with source ranges, waiting for
    /// the CJK emphasis fix.
    run: Vec<(Event<'a>, Range<usize>)>,
    problems: Vec<BodyProblem>,
    /// Byte offsets where lines start; built on the first problem only.
    line_starts: Option<Vec<usize>>,
    in_code_block: bool,
    /// Raw HTML block being collected, and its source offset.
    html_block: Option<(String, usize)>,
    /// Images and players, by the index their event's URL carries.
    media: Vec<Media>,
    /// Whether the body holds raw HTML (kept as HTML): then the sanitizer
    /// runs over the rendered body.
    has_raw_html: bool,
    /// What the sanitizer takes out of pasted HTML, by line.
    removed_html: Vec<(usize, Vec<String>)>,
    /// Elements of raw HTML still open (see [`super::nesting`]).
    open_elements: OpenElements,
    /// Raw HTML nested too deep: the rest of it is shown as text.
    too_deep: bool,
}

impl<'a> FirstPass<'a, '_> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.raw != RawHtml::Escape {
            if let Some(event) = self.passed_through(event, range.start) {
                self.markdown_event(event, range);
            }
            return;
        }
        self.markdown_event(event, range);
    }

    /// Raw HTML kept as HTML (trust, sanitize): blocks go out as they are,
    /// inline tags join the run; `<!-- more -->` becomes the marker. Any
    /// other event is handed back.
    fn passed_through(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        if self.raw == RawHtml::Trust {
            return self.trusted(event, offset);
        }
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.flush_run();
                self.html_block = Some((String::new(), offset));
            }
            Event::Html(html) => match &mut self.html_block {
                Some((block, _)) => block.push_str(&html),
                None => self.raw_block(&html, offset),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((html, start)) = self.html_block.take() {
                    self.raw_block(&html, start);
                }
            }
            Event::InlineHtml(html) if is_more_comment(&html) => {
                self.run.push((Event::InlineHtml(MORE_MARKER.into()), 0..0))
            }
            // A note to other writers, never shown.
            Event::InlineHtml(html) if html.starts_with("<!--") => {}
            Event::InlineHtml(html) => {
                let html = if self.raw == RawHtml::Sanitize {
                    self.check_pasted(&html, offset).into()
                } else {
                    html
                };
                self.run.push((Event::InlineHtml(html), 0..0));
            }
            other => return Some(other),
        }
        None
    }

    /// `trust`: raw HTML as written, comments included; only `<!-- more -->`
    /// becomes the marker.
    fn trusted(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        // Trusted HTML is not sanitized, but its text still goes through
        // the HTML parser (search, summaries).
        let event = match event {
            Event::Html(html) => match self.refused_as_too_deep(&html, offset) {
                Some(text) => Event::Html(text.into()),
                None => Event::Html(html),
            },
            Event::InlineHtml(html) => match self.refused_as_too_deep(&html, offset) {
                Some(text) => Event::InlineHtml(text.into()),
                None => Event::InlineHtml(html),
            },
            other => other,
        };
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.flush_run();
                self.out.push(event);
            }
            Event::End(TagEnd::HtmlBlock) => self.out.push(event),
            Event::Html(html) if is_more_comment(&html) => {
                self.out.push(Event::Html(MORE_MARKER.into()))
            }
            Event::Html(html) => self.out.push(Event::Html(html)),
            Event::InlineHtml(html) if is_more_comment(&html) => {
                self.run.push((Event::InlineHtml(MORE_MARKER.into()), 0..0))
            }
            Event::InlineHtml(html) => self.run.push((Event::InlineHtml(html), 0..0)),
            other => return Some(other),
        }
        None
    }

    /// A raw HTML block kept as HTML: comments dropped (`<!-- more -->`
    /// becomes the marker), the rest one HTML event.
    fn raw_block(&mut self, html: &str, start: usize) {
        let mut kept = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(open) = rest.find("<!--") {
            kept.push_str(&rest[..open]);
            let comment = &rest[open..];
            let Some(close) = comment[2..].find("-->") else {
                // Unclosed: the sanitizer would drop the rest anyway.
                rest = "";
                break;
            };
            let len = 2 + close + 3;
            if is_more_comment(&comment[..len]) {
                self.out.push(Event::Html(MORE_MARKER.into()));
            }
            rest = &comment[len..];
        }
        kept.push_str(rest);
        if kept.trim().is_empty() {
            return;
        }
        if self.raw == RawHtml::Sanitize {
            kept = self.check_pasted(&kept, start);
        }
        self.out.push(Event::Start(Tag::HtmlBlock));
        self.out.push(Event::Html(kept.into()));
        self.out.push(Event::End(TagEnd::HtmlBlock));
    }

    /// For `sanitize`: what the sanitizer will take out of a piece of
    /// pasted HTML, noted with its line (a picture from the internet is an
    /// error, the rest is summed up in one warning by [`run`]).
    ///
    /// Local pictures, videos and sounds in it are looked up like
    /// Markdown's (published, their address made the site's); one from
    /// outside the site is an error at its own line. Gives the fragment
    /// with those addresses.
    /// Raw HTML nested deeper than [`MAX_DEPTH`] (an error, once), and all
    /// raw HTML after it, as text: the HTML parser would take minutes.
    fn refused_as_too_deep(&mut self, html: &str, offset: usize) -> Option<String> {
        if !self.too_deep && self.open_elements.take(html) > MAX_DEPTH {
            self.too_deep = true;
            self.problem(
                offset,
                format!("粘贴的 HTML 嵌套超过 {MAX_DEPTH} 层，不像是正常的排版（可能粘贴时出了错）：请重新粘贴，或删掉这一段"),
            );
        }
        self.too_deep.then(|| crate::html::escape(html))
    }

    fn check_pasted(&mut self, html: &str, offset: usize) -> String {
        if let Some(escaped) = self.refused_as_too_deep(html, offset) {
            return escaped;
        }
        self.has_raw_html = true;
        let html = self.pasted_sources(html, offset);
        let removed = super::sanitize::removed(&html);
        if !removed.is_empty() {
            let line = self.line_of(offset);
            self.removed_html.push((line, removed));
        }
        html
    }

    /// The `src` of every `<img>`, `<video>`, `<audio>` and `<source>` of
    /// a pasted fragment, found like a Markdown image's.
    fn pasted_sources(&mut self, html: &str, offset: usize) -> String {
        let resolve = self.resolve;
        let mut found: Vec<(String, Result<(), String>)> = Vec::new();
        let handler = lol_html::element!("img[src], video[src], audio[src], source[src]", |el| {
            let Some(src) = el.get_attribute("src") else {
                return Ok(());
            };
            let src = src.trim().to_string();
            let scheme = url_scheme(&src).map(|s| s.into_owned());
            let result = if let Some(from) = media::outside(&src, scheme.as_deref()) {
                Err(media::outside_message(&src, Embed::of(&src), from))
            } else if src.starts_with('#') || src.is_empty() {
                Ok(Found::from(src.clone()))
            } else {
                let path = percent_decode(&src).into_owned();
                let target = match (el.tag_name().as_str(), Embed::of(&path)) {
                    ("img", _) => LinkTarget::Image(&path),
                    (_, Embed::Image) => LinkTarget::File(&path),
                    _ => LinkTarget::Media(&path),
                };
                resolve(target)
            };
            if let Ok(photo) = &result {
                el.set_attribute("src", &photo.url)?;
                // A photo in pasted HTML is a body photo: its web versions,
                // its size (no jump while the page loads), lazy loading.
                if let (Some(facts), "img") = (&photo.image, el.tag_name().as_str()) {
                    if !facts.srcset.is_empty() {
                        el.set_attribute("srcset", &facts.srcset)?;
                        el.set_attribute("sizes", "(max-width: 800px) 100vw, 800px")?;
                    }
                    if facts.width > 0 {
                        el.set_attribute("width", &facts.width.to_string())?;
                        el.set_attribute("height", &facts.height.to_string())?;
                    }
                    el.set_attribute("loading", "lazy")?;
                }
            }
            let result = result.map(|_| ());
            found.push((src, result));
            Ok(())
        });
        let settings = lol_html::RewriteStrSettings::new().append_element_content_handler(handler);
        let rewritten = lol_html::rewrite_str(html, settings).unwrap_or_else(|_| html.to_string());
        for (src, result) in found {
            if let Err(message) = result {
                // The line of the tag itself, not of the pasted block.
                let within = html.find(&src).unwrap_or(0);
                self.problem(offset + within, message);
            }
        }
        rewritten
    }

    fn markdown_event(&mut self, event: Event<'a>, range: Range<usize>) {
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
                let no_alt = self.body[range.clone()].starts_with("![]");
                let dest_url = self.image_url(dest_url, range.start, no_alt);
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
                        warning: false,
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
            return match (self.resolve)(LinkTarget::Page(&path)).map(|found| found.url) {
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
        let scheme = url_scheme(&url);
        if let Some(media::Outside::ThisComputer) = media::outside(&url, scheme.as_deref()) {
            self.problem(offset, media::local_link_message(&url));
            return url;
        }
        if scheme.is_some() || url.starts_with("//") {
            return url;
        }
        let (path, suffix) = match url.find(['?', '#']) {
            Some(at) => (&url[..at], &url[at..]),
            None => (&*url, ""),
        };
        if !media::is_attachment(path) {
            return url;
        }
        let path = percent_decode(path);
        match (self.resolve)(LinkTarget::File(&path)) {
            Ok(found) => format!("{}{suffix}", found.url).into(),
            Err(message) => {
                self.problem(offset, message);
                url
            }
        }
    }

    /// An image event's URL: the marker of its [`Media`] (a photo with web
    /// versions, a player) once the caller found the file; outside sources
    /// are errors.
    fn image_url(&mut self, url: CowStr<'a>, offset: usize, no_alt: bool) -> CowStr<'a> {
        if has_scheme(&url, &["javascript", "vbscript"]) {
            return CowStr::Borrowed("#");
        }
        let src = percent_decode(&url);
        let embed = Embed::of(&src);
        let scheme = url_scheme(&url);
        if let Some(from) = media::outside(&url, scheme.as_deref()) {
            self.problem(offset, media::outside_message(&url, embed, from));
            return url;
        }
        let target = match embed {
            Embed::Image => LinkTarget::Image(&src),
            Embed::Video | Embed::Audio => LinkTarget::Media(&src),
        };
        let found = match (self.resolve)(target) {
            Ok(found) => found,
            Err(message) => {
                self.problem(offset, message);
                return url;
            }
        };
        if let Some(warning) = &found.warning {
            self.warning(offset, warning.clone());
        }
        if no_alt && embed == Embed::Image {
            self.warning(
                offset,
                format!("图片 {src} 没有说明文字：读屏软件无法告诉视障读者图上是什么，请写在方括号里，例如 ![志愿者在社区义诊]({src})"),
            );
        }
        let item = match (embed, found.image) {
            (Embed::Video, _) => Media::Video(found.url),
            (Embed::Audio, _) => Media::Audio(found.url),
            (Embed::Image, Some(facts)) => Media::Photo {
                src: found.url,
                facts,
            },
            (Embed::Image, None) => Media::Plain(found.url),
        };
        self.media.push(item);
        media::marker(self.media.len() - 1).into()
    }

    /// What `pinpai import` left for the writer to deal with (a picture to
    /// add, a voice message that could not come along) must not be
    /// published unread: a warning at each.
    fn note_import_reminders(&mut self) {
        if !self.body.contains("〔原文") && !self.body.contains("导入说明：") {
            return;
        }
        let mut at = 0;
        for line in self.body.split_inclusive('\n') {
            if line.contains("〔原文第") || line.contains("〔原文此处") {
                self.warning(
                    at,
                    "这里还留着导入时的提示“〔原文…〕”：请补上图片（或删掉这句提示）再发布"
                        .to_string(),
                );
            } else if line.contains("**导入说明：**") {
                self.warning(
                    at,
                    "这里还留着导入说明：看过并处理后请删掉这一段再发布".to_string(),
                );
            }
            at += line.len();
        }
    }

    /// One warning for everything the sanitizer takes out of the body's
    /// pasted HTML, at the first line it concerns.
    fn sum_up_removed_html(&mut self) {
        let Some(&(first, _)) = self.removed_html.first() else {
            return;
        };
        let mut items: Vec<String> = Vec::new();
        let mut lines: Vec<String> = Vec::new();
        for (line, removed) in &self.removed_html {
            lines.push(line.to_string());
            for item in removed {
                let said = super::sanitize::in_plain_words(item);
                if !items.contains(&said) {
                    items.push(said);
                }
            }
        }
        lines.dedup();
        let more = if lines.len() > 1 {
            format!("（这里和下面另外 {} 处）", lines.len() - 1)
        } else {
            String::new()
        };
        let message = format!(
            "粘贴的网页内容里有不安全或本站不用的部分，已经去掉{more}：{}。文字和基本排版都保留了",
            items.join("、"),
        );
        self.problems.push(BodyProblem {
            line: first,
            message,
            warning: true,
        });
    }

    fn warning(&mut self, offset: usize, message: String) {
        let line = self.line_of(offset);
        self.problems.push(BodyProblem {
            line,
            message,
            warning: true,
        });
    }

    fn problem(&mut self, offset: usize, message: String) {
        let line = self.line_of(offset);
        self.problems.push(BodyProblem {
            line,
            message,
            warning: false,
        });
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

pub(super) fn is_inline_tag_end(tag: TagEnd) -> bool {
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

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{html, inline, no_links, site};
    use crate::markdown::{render, Found, LinkTarget};

    #[test]
    fn stars_between_digits_are_emphasis_as_in_commonmark() {
        // A multiplication is written 3×4 or 3\*4 (the docs say so).
        assert_eq!(inline("5*6*78"), "5<em>6</em>78");
        assert_eq!(inline("3\\*4\\*5cm"), "3*4*5cm");
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
        // The image without a description is a warning for screen readers.
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].warning && r.problems[0].line == 3);
        assert!(r.html.contains(
            "<img src=\"/news/a/photo.jpg\" alt=\"合影\" title=\"标题\" loading=\"lazy\" />"
        ));
        assert!(r
            .html
            .contains("<img src=\"/images/a.jpg\" alt=\"\" loading=\"lazy\" />"));

        let r = render("文字\n\n![x](missing.png)", &site);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].line, 3);

        // Sources outside the site are errors (the intranet cannot load
        // them); the page keeps what was written.
        let r = render(
            "![x](https://a.cn/a.png) ![y](data:image/png;base64,AA)",
            &site,
        );
        assert_eq!(r.problems.iter().filter(|p| !p.warning).count(), 2);
        assert!(r.html.contains("src=\"https://a.cn/a.png\""));
    }

    #[test]
    fn videos_attachments_and_sources_outside_the_site() {
        let found = |target: LinkTarget| -> Result<Found, String> {
            match target {
                LinkTarget::Media(p) | LinkTarget::File(p) | LinkTarget::Image(p) => {
                    Ok(format!("/news/{p}").into())
                }
                LinkTarget::Page(p) => Err(format!("no page {p}")),
            }
        };
        let r = render(
            "![宣传片](宣传片.mp4)\n\n[下载通知](通知.pdf#page=2) [官网](https://www.nhc.gov.cn/) [关于](/about/)\n\n\
![](http://mmbiz.qpic.cn/a.jpg) ![桌面](file:///C:/Users/xck/a.jpg) ![x](C:\\Users\\a.jpg)\n\n[草稿](D:/稿件/新闻稿.docx)",
            &found,
        );
        assert!(r.html.contains("<video controls preload=\"metadata\" src=\"/news/%E5%AE%A3%E4%BC%A0%E7%89%87.mp4\""), "{}", r.html);
        assert!(
            r.html.contains("href=\"/news/通知.pdf#page=2\"")
                || r.html
                    .contains("href=\"/news/%E9%80%9A%E7%9F%A5.pdf#page=2\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"https://www.nhc.gov.cn/\"")
                && r.html.contains("href=\"/about/\"")
        );
        let errors: Vec<(usize, &str)> = r
            .problems
            .iter()
            .filter(|p| !p.warning)
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].1.contains("在互联网上") && errors[0].0 == 5);
        assert!(
            errors[1].1.contains("某台电脑上的文件") && errors[2].1.contains("某台电脑上的文件")
        );
        assert!(
            errors[3].1.contains("链接") && errors[3].0 == 7,
            "{errors:?}"
        );
    }
}
