//! Page bodies: Markdown to HTML, plus the table of contents, plain text and
//! summary split the templates and search index need.
//!
//! The work is two passes over pulldown-cmark's events and then its HTML
//! writer:
//! 1. while parsing (`first_pass`): raw HTML becomes escaped text
//!    (comments are dropped, `<!-- more -->` becomes a marker), `@/` links
//!    and local images go through the caller's resolver, unsafe URL schemes
//!    are neutralised (`links`), and each run of inline events gets the CJK
//!    emphasis fix (`cjk`);
//! 2. heading ids, the TOC, `<img loading="lazy">` (`img_tag`), and the
//!    plain text (`finish`).

mod cjk;
mod finish;
mod first_pass;
mod img_tag;
mod links;
mod media;
mod nesting;
mod sanitize;
pub use sanitize::{clean as sanitize_html, removed as removed_by_sanitizer};

#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod test_support;

use cjk::{is_cjk_letter, is_cjk_punct};
use pulldown_cmark::Options;

/// What a body refers to, for the caller to turn into a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTarget<'a> {
    /// A page by its content path, from `@/members/杜杰.md` (without `@/`,
    /// fragment and percent-encoding).
    Page(&'a str),
    /// An image `src` that is relative (`photo.jpg`) or site-absolute
    /// (`/images/a.jpg`), percent-decoded.
    Image(&'a str),
    /// A video or sound file written as an image (`![宣传片](宣传片.mp4)`),
    /// relative or site-absolute, percent-decoded.
    Media(&'a str),
    /// A local file a link points to (`[下载通知](通知.pdf)`), relative or
    /// site-absolute, percent-decoded.
    File(&'a str),
}

/// What the caller found for a [`LinkTarget`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    /// Where it is published.
    pub url: String,
    /// A photo's web versions, when it has them.
    pub image: Option<ImageFacts>,
    /// Something the writer should know (a very large photo).
    pub warning: Option<String>,
}

impl From<String> for Found {
    fn from(url: String) -> Self {
        Found {
            url,
            ..Found::default()
        }
    }
}

/// What becomes of raw HTML written in a body (`markdown.html` in
/// site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RawHtml {
    /// Safe markup kept (what staff paste from WeChat and 秀米), the rest
    /// removed with a warning.
    #[default]
    Sanitize,
    /// Shown as text.
    Escape,
    /// Passed through unchanged, for sites whose authors are all trusted.
    Trust,
}

/// The web versions of a body photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFacts {
    pub srcset: String,
    pub width: u32,
    pub height: u32,
    /// The original, which the photo links to.
    pub original: String,
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
    /// A warning rather than an error: the page still builds.
    pub warning: bool,
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

/// The caller's lookup of `@/` links and local files: what was found, or a
/// message naming what is missing.
type Resolve<'r> = &'r dyn Fn(LinkTarget) -> Result<Found, String>;

/// Stands in for `<!-- more -->` between the passes. Every raw HTML event is
/// turned into text in pass 1, so an HTML event in pass 2 can only be this.
const MORE_MARKER: &str = "<!--pinpai:more-->";

/// Renders a page body. Never fails: problems (unresolvable links and images,
/// an unclosed comment) are reported in [`Rendered::problems`] and the rest of
/// the body is rendered normally.
pub fn render(body: &str, resolve: Resolve) -> Rendered {
    render_with(body, RawHtml::Escape, resolve)
}

/// [`render`] with raw HTML handled as `raw` says.
pub fn render_with(body: &str, raw: RawHtml, resolve: Resolve) -> Rendered {
    // Smart punctuation stays off: it would turn quotes in Chinese text into
    // the wrong (Western) forms. Heading attributes stay off so `{…}` at the
    // end of a Chinese heading is shown, not swallowed.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;

    let pass = first_pass::run(body, options, raw, resolve);

    let finished = finish::finish(pass.events, &pass.media, body.len());
    let mut html = String::with_capacity(body.len() + body.len() / 2 + 64);
    pulldown_cmark::html::push_html(&mut html, finished.events.into_iter());
    // Pasted HTML is cleaned in the rendered body as a whole: a pasted
    // `<span>` and its `</span>` are separate pieces of the source.
    if pass.has_raw_html {
        html = sanitize::clean(&html);
    }
    let problems = pass.problems;

    Rendered {
        html,
        toc: finished.toc,
        text: finished.text,
        summary_text: finished.summary_text,
        problems,
    }
}

/// The photos a body's Markdown images name (`![…](现场.jpg)`), as
/// [`render`] asks its resolver for them (`LinkTarget::Image`), in body
/// order: so that a build can make their web versions in parallel before
/// the body, which asks for them one after another, renders. Web
/// addresses, videos and sounds are not among them.
pub fn image_sources(body: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    // Most bodies name no image: not parsed an extra time for nothing.
    if !body.contains("![") {
        return Vec::new();
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    Parser::new_ext(body, options)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url),
            _ => None,
        })
        .filter(|url| links::url_scheme(url).is_none() && !url.starts_with("//"))
        .map(|url| links::percent_decode(&url).into_owned())
        .filter(|src| matches!(media::Embed::of(src), media::Embed::Image))
        .collect()
}

/// At most `max` characters (chars, not bytes), cut at a char boundary, with
/// "…" appended when cut (the "…" is not counted); trims whitespace.
/// The message for a front-matter image that is not a file of the site (a
/// drive letter, a network share, a web address), or `None` for a name of
/// the site.
pub fn outside_image_message(src: &str) -> Option<String> {
    let scheme = src.split_once(':').map(|(s, _)| s).filter(|s| {
        s.len() > 1
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let from = media::outside(src, scheme)?;
    Some(media::outside_message(src, media::Embed::of(src), from))
}

/// Text on one line, as a summary and a meta description must be: every
/// run of white space (a paragraph's end, a line break in pasted HTML) is
/// one space, so paragraphs do not run together.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

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

#[cfg(test)]
mod tests {
    use super::test_support::{html, site};
    use super::*;

    #[test]
    fn image_sources_are_the_photos_the_body_shows_in_order() {
        let body = "![合影](合影%201.jpg) 文字 [附件](通知.pdf)\n\n\
                    ![](https://mp.weixin.qq.com/x.jpg) ![](视频.mp4) ![](/images/a.png)\n";
        assert_eq!(image_sources(body), ["合影 1.jpg", "/images/a.png"]);
        assert!(image_sources("没有图片的正文，只有 [链接](a.md)。").is_empty());
    }

    #[test]
    fn summaries_are_one_line() {
        assert_eq!(
            one_line(" 七一表彰\n\n大会 Party\n  day "),
            "七一表彰 大会 Party day"
        );
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
