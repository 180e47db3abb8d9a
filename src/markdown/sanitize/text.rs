//! Plain text of pasted HTML for summaries, descriptions and search.

#[allow(unused_imports)]
use super::*;

/// Elements [`text_of`] turns into line breaks (and `td`/`th`, which part
/// cells with a space).
pub(super) const TEXT_TAGS: &[&str] = &[
    "br",
    "hr",
    "p",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "address",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "center",
    "details",
    "summary",
];

/// Plain text built the way a browser shows it: runs of white space are one
/// space, lines are trimmed, empty lines dropped.
#[derive(Default)]
pub(super) struct PlainText {
    pub(super) out: String,
    /// White space seen since the last character, and whether it held a
    /// line break of the source.
    pub(super) pending_space: Option<bool>,
}

impl PlainText {
    pub(super) fn push(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{3000}' {
                let newline = c == '\n' || c == '\r';
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
                continue;
            }
            if let Some(newline) = self.pending_space.take() {
                let prev = self.out.chars().next_back();
                let cjk = |c: char| crate::markdown::cjk::Class::of(c).is_cjk();
                // A source line break between Chinese characters is no
                // space (as in the Markdown text, see `finish`).
                let joins_cjk = newline && prev.is_some_and(cjk) && cjk(c);
                if prev.is_some_and(|p| p != '\n') && !joins_cjk {
                    self.out.push(' ');
                }
            }
            self.out.push(c);
        }
    }

    /// Between cells: a space unless at the start of a line.
    pub(super) fn space(&mut self) {
        self.pending_space = Some(self.pending_space.unwrap_or(false));
    }

    pub(super) fn line_break(&mut self) {
        self.pending_space = None;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    pub(super) fn finish(mut self) -> String {
        let len = self.out.trim_end().len();
        self.out.truncate(len);
        self.out
    }
}
