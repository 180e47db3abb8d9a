//! An imported [`Document`] as a page body: Markdown where Markdown can say
//! it (headings, paragraphs, bold, italic, lists, simple tables, pictures,
//! footnotes), and the HTML the sanitizer keeps (§7.1) where it cannot
//! (underline, colour, tables with merged cells). The result is meant to be
//! read and edited by a person, so nothing is escaped that need not be.

use super::document::{is_light, Block, Document, Inline, Style, Table};
use crate::html::escape as escape_html;
use crate::markdown::RawHtml;

/// The body of the page; `pictures[i]` is the file name the i-th picture
/// was saved as (empty for one not held locally).
pub fn body(doc: &Document, pictures: &[String]) -> String {
    body_for(doc, pictures, RawHtml::Sanitize)
}

/// The body for a site whose `markdown.html` is `mode`: where raw HTML is
/// shown as text (`escape`) the body holds none (no colour, no underline;
/// tables as Markdown tables, a merged cell's text once); where it is
/// passed through unchecked (`trust`) a table with pictures is a Markdown
/// table too, since only Markdown's pictures are published then.
pub fn body_for(doc: &Document, pictures: &[String], mode: RawHtml) -> String {
    let writer = Writer {
        mode,
        pictures,
        alts: doc.pictures.iter().map(|p| p.alt.clone()).collect(),
        heading_shift: heading_shift(&doc.blocks),
    };
    let mut out = String::new();
    for block in &doc.blocks {
        let text = writer.block(block);
        if !text.trim().is_empty() {
            out.push_str(text.trim_end());
            out.push_str("\n\n");
        }
    }
    for (i, note) in doc.footnotes.iter().enumerate() {
        let text: Vec<String> = note.iter().map(|p| writer.inlines(p)).collect();
        out.push_str(&format!("[^{}]: {}\n", i + 1, text.join(" ")));
    }
    let trimmed = out.trim_end();
    format!("{trimmed}\n")
}

struct Writer<'a> {
    mode: RawHtml,
    pictures: &'a [String],
    alts: Vec<String>,
    /// Added to every heading level: the page title is the page's only
    /// first-level heading, so a document's top headings become `##`.
    heading_shift: u8,
}

fn heading_shift(blocks: &[Block]) -> u8 {
    let top = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(level, _) => Some(*level),
            _ => None,
        })
        .min();
    match top {
        Some(1) => 1,
        _ => 0,
    }
}

impl Writer<'_> {
    fn block(&self, block: &Block) -> String {
        match block {
            Block::Heading(level, inlines) => {
                let level = (level + self.heading_shift).clamp(2, 6);
                let text = self.one_line(inlines);
                format!("{} {}", "#".repeat(usize::from(level)), text)
            }
            Block::Paragraph(inlines) => self.inlines(inlines),
            Block::List {
                ordered,
                items,
                start,
            } => self.list(*ordered, *start, items),
            Block::Table(table) => self.table(table),
            Block::Quote(blocks) => {
                let inner: Vec<String> = blocks.iter().map(|b| self.block(b)).collect();
                prefix_lines(&inner.join("\n\n"), "> ")
            }
            Block::Note(text) => format!("> **导入说明：**{}", note_markdown(text)),
        }
    }

    fn list(&self, ordered: bool, start: u32, items: &[Vec<Block>]) -> String {
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}. ", u64::from(start) + i as u64)
            } else {
                "- ".to_string()
            };
            let indent = " ".repeat(marker.len());
            let parts: Vec<String> = item.iter().map(|b| self.block(b)).collect();
            let text = parts.join("\n\n");
            let mut lines = text.lines();
            let first = lines.next().unwrap_or("");
            let mut entry = format!("{marker}{first}");
            for line in lines {
                entry.push('\n');
                if !line.is_empty() {
                    entry.push_str(&indent);
                    entry.push_str(line);
                }
            }
            out.push(entry);
        }
        out.join("\n")
    }

    fn table(&self, table: &Table) -> String {
        let simple = table.rows.iter().flatten().all(|cell| {
            cell.colspan == 1
                && cell.rowspan == 1
                && cell.content.len() <= 1
                && cell
                    .content
                    .iter()
                    .flatten()
                    .all(|i| matches!(i, Inline::Text(..) | Inline::Link { .. }))
        });
        let width = table.rows.first().map_or(0, Vec::len);
        let rectangular = table.rows.iter().all(|row| row.len() == width);
        let pictures = table
            .rows
            .iter()
            .flatten()
            .flat_map(|c| c.content.iter().flatten())
            .any(|i| matches!(i, Inline::Picture(_)));
        let no_html = self.mode == RawHtml::Escape || (self.mode == RawHtml::Trust && pictures);
        if simple && rectangular && width > 0 {
            self.pipe_table(table)
        } else if no_html {
            self.grid_table(table)
        } else {
            self.html_table(table)
        }
    }

    /// A table with merged cells as a Markdown table: each merged cell's
    /// text once, in its first grid cell; the cells it covers left empty.
    fn grid_table(&self, table: &Table) -> String {
        let mut grid: Vec<Vec<Option<String>>> = vec![Vec::new(); table.rows.len()];
        for (r, row) in table.rows.iter().enumerate() {
            let mut column = 0;
            for cell in row {
                while grid[r].get(column).is_some_and(Option::is_some) {
                    column += 1;
                }
                let text: Vec<String> = cell.content.iter().map(|p| self.one_line(p)).collect();
                let rows = usize::try_from(cell.rowspan)
                    .unwrap_or(1)
                    .min(table.rows.len() - r);
                let columns = usize::try_from(cell.colspan).unwrap_or(1);
                for (dr, grid_row) in grid.iter_mut().skip(r).take(rows).enumerate() {
                    for dc in 0..columns {
                        if grid_row.len() <= column + dc {
                            grid_row.resize(column + dc + 1, None);
                        }
                        let shown = if dr == 0 && dc == 0 {
                            text.join(" ")
                        } else {
                            String::new()
                        };
                        grid_row[column + dc] = Some(shown);
                    }
                }
                column += columns;
            }
        }
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        let mut out = Vec::new();
        for (i, row) in grid.iter().enumerate() {
            let cells: Vec<&str> = (0..width)
                .map(|c| row.get(c).and_then(Option::as_deref).unwrap_or(""))
                .collect();
            out.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                out.push(format!("|{}", "---|".repeat(width)));
            }
        }
        out.join("\n")
    }

    fn pipe_table(&self, table: &Table) -> String {
        let mut out = Vec::new();
        for (i, row) in table.rows.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| {
                    cell.content
                        .first()
                        .map(|p| self.one_line(p))
                        .unwrap_or_default()
                })
                .collect();
            out.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                out.push(format!("|{}", "---|".repeat(row.len())));
            }
        }
        out.join("\n")
    }

    /// A table Markdown cannot hold, as one HTML block with no blank line
    /// (a blank line would end the block half-way).
    fn html_table(&self, table: &Table) -> String {
        let mut out = String::from("<table>\n");
        for row in &table.rows {
            out.push_str("<tr>");
            for cell in row {
                let tag = if cell.header { "th" } else { "td" };
                out.push('<');
                out.push_str(tag);
                if cell.colspan > 1 {
                    out.push_str(&format!(" colspan=\"{}\"", cell.colspan));
                }
                if cell.rowspan > 1 {
                    out.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
                }
                out.push('>');
                let paragraphs: Vec<String> =
                    cell.content.iter().map(|p| self.html_inlines(p)).collect();
                out.push_str(&paragraphs.join("<br>"));
                out.push_str(&format!("</{tag}>"));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>");
        out
    }

    /// The picture's own description (Word's alt text), escaped for `![…]`.
    fn alt(&self, index: usize) -> String {
        let alt = self.alts.get(index).map(String::as_str).unwrap_or_default();
        escape_markdown(&one_line_text(alt))
    }

    fn picture_name(&self, index: usize) -> Option<&str> {
        self.pictures
            .get(index)
            .map(String::as_str)
            .filter(|n| !n.is_empty())
    }

    /// Inlines as Markdown.
    fn inlines(&self, inlines: &[Inline]) -> String {
        self.markdown_inlines(inlines, "\\\n")
    }

    /// Inlines on one line, for a heading or a table cell, where a line
    /// break can only be a space.
    fn one_line(&self, inlines: &[Inline]) -> String {
        self.markdown_inlines(inlines, " ")
    }

    fn markdown_inlines(&self, inlines: &[Inline], line_break: &str) -> String {
        let mut out = String::new();
        for inline in merge_runs(inlines) {
            match &inline {
                Inline::Text(text, style) => {
                    if self.mode == RawHtml::Escape {
                        out.push_str(&styled_markdown(text, &markdown_only(style)));
                    } else {
                        out.push_str(&styled_markdown(text, style));
                    }
                }
                Inline::Break => out.push_str(line_break),
                Inline::Picture(i) => match self.picture_name(*i) {
                    Some(name) => out.push_str(&format!("![{}]({name})", self.alt(*i))),
                    None => out.push_str(&missing_picture(*i)),
                },
                Inline::Link { href, children } => {
                    let text = self.markdown_inlines(children, line_break);
                    match safe_href(href) {
                        Some(href) if !text.trim().is_empty() => {
                            out.push_str(&format!("[{text}](<{href}>)"));
                        }
                        _ => out.push_str(&text),
                    }
                }
                Inline::FootnoteRef(n) => out.push_str(&format!("[^{}]", n + 1)),
            }
        }
        // A trailing hard break would end the paragraph with a backslash.
        let trimmed = out.trim_end_matches("\\\n").trim();
        escape_line_starts(trimmed)
    }

    /// Inlines as HTML, for inside an HTML table.
    fn html_inlines(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in merge_runs(inlines) {
            match &inline {
                Inline::Text(text, style) => {
                    out.push_str(&styled_html(&escape_html(&one_line_text(text)), style))
                }
                Inline::Break => out.push_str("<br>"),
                Inline::Picture(i) => match self.picture_name(*i) {
                    Some(name) => out.push_str(&format!(
                        "<img src=\"{}\" alt=\"{}\">",
                        escape_html(name),
                        escape_html(
                            &self
                                .alts
                                .get(*i)
                                .map_or(String::new(), |a| one_line_text(a))
                        )
                    )),
                    None => out.push_str(&escape_html(&missing_picture(*i))),
                },
                Inline::Link { href, children } => {
                    let text = self.html_inlines(children);
                    match safe_href(href) {
                        Some(href) => {
                            out.push_str(&format!("<a href=\"{}\">{text}</a>", escape_html(&href)))
                        }
                        None => out.push_str(&text),
                    }
                }
                Inline::FootnoteRef(n) => out.push_str(&format!("<sup>{}</sup>", n + 1)),
            }
        }
        out.trim().to_string()
    }
}

fn missing_picture(index: usize) -> String {
    format!("〔原文第 {} 张图片没有保存在电脑上，请补上〕", index + 1)
}

/// Only links a reader can follow from the intranet page: web and mail;
/// what would end the link's `<…>` or a table's cell (`\`, `|`, spaces)
/// is percent-encoded.
fn safe_href(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    if !allowed || href.contains(['<', '>', '"']) || href.chars().any(char::is_control) {
        return None;
    }
    Some(
        href.replace('\\', "%5C")
            .replace('|', "%7C")
            .replace(' ', "%20"),
    )
}

/// Adjacent text runs of one style as one (Word splits a sentence into many
/// runs for spell-checking and revisions).
fn merge_runs(inlines: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for inline in inlines {
        if let (Some(Inline::Text(text, style)), Inline::Text(next, next_style)) =
            (out.last_mut(), inline)
        {
            if style == next_style {
                text.push_str(next);
                continue;
            }
        }
        out.push(inline.clone());
    }
    out
}

/// What Markdown itself can say of a style: bold, italic, struck through.
fn markdown_only(style: &Style) -> Style {
    Style {
        bold: style.bold,
        italic: style.italic,
        strike: style.strike,
        ..Style::default()
    }
}

/// Text in Markdown with its style; spaces stay outside the markers, where
/// CommonMark needs them to be.
fn styled_markdown(text: &str, style: &Style) -> String {
    let core = text.trim();
    if core.is_empty() {
        return if text.is_empty() {
            String::new()
        } else {
            " ".into()
        };
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let tail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let escaped = escape_markdown(core);
    let inner = match colour_span(&escaped, style) {
        // Coloured text: bold and italic as tags around the colour, so the
        // theme's colour for <strong> does not cover the text's own.
        Some(span) => emphasis_tags(underline_tags(span, style), style),
        None => {
            let mut inner = escaped;
            if style.strike {
                inner = format!("~~{inner}~~");
            }
            if style.italic {
                inner = format!("*{inner}*");
            }
            if style.bold {
                inner = format!("**{inner}**");
            }
            underline_tags(inner, style)
        }
    };
    format!("{lead}{inner}{tail}")
}

fn styled_html(escaped: &str, style: &Style) -> String {
    if escaped.trim().is_empty() {
        return escaped.to_string();
    }
    let inner = colour_span(escaped, style).unwrap_or_else(|| escaped.to_string());
    emphasis_tags(underline_tags(inner, style), style)
}

fn emphasis_tags(mut inner: String, style: &Style) -> String {
    if style.strike {
        inner = format!("<s>{inner}</s>");
    }
    if style.italic {
        inner = format!("<em>{inner}</em>");
    }
    if style.bold {
        inner = format!("<strong>{inner}</strong>");
    }
    inner
}

/// What only HTML can say: underline, super/subscript.
fn underline_tags(mut inner: String, style: &Style) -> String {
    if style.underline {
        inner = format!("<u>{inner}</u>");
    }
    if style.superscript {
        inner = format!("<sup>{inner}</sup>");
    } else if style.subscript {
        inner = format!("<sub>{inner}</sub>");
    }
    inner
}

/// The text in a span of its colours, if it has any worth keeping: white
/// text shows only on a coloured band; a white band is no band.
fn colour_span(inner: &str, style: &Style) -> Option<String> {
    let background = style.background.as_ref().filter(|b| !is_light(b));
    let color = style
        .color
        .as_ref()
        .filter(|c| !is_light(c) || background.is_some());
    let mut css = Vec::new();
    if let Some(color) = color {
        css.push(format!("color: {}", readable(color, background)));
    }
    if let Some(background) = background {
        css.push(format!("background-color: {background}"));
    }
    (!css.is_empty()).then(|| format!("<span style=\"{}\">{inner}</span>", css.join("; ")))
}

/// A text colour that reads on its background (the page's white without
/// one) at the contrast WCAG asks for (4.5:1): Word's pure red #ff0000 is
/// 4.0:1 on white, so it is darkened until it passes; on a dark band,
/// white or black, whichever reads.
fn readable(color: &str, background: Option<&String>) -> String {
    use crate::config::colors::{contrast, Rgb};
    const AA: f64 = 4.5;
    let (Some(fg), Some(bg)) = (
        Rgb::parse(color),
        Rgb::parse(background.map_or("#ffffff", String::as_str)),
    ) else {
        return color.to_string();
    };
    if contrast(fg, bg) >= AA {
        return color.to_string();
    }
    let white = Rgb(255, 255, 255);
    let darker = fg.readable_on(0.0, &[bg]);
    if contrast(darker, bg) >= AA {
        darker.hex()
    } else if contrast(white, bg) >= contrast(Rgb(0, 0, 0), bg) {
        white.hex()
    } else {
        "#000000".to_string()
    }
}

/// Text without line breaks: inside an HTML block or an attribute a blank
/// line would end the block and let what follows be read as markup. (The
/// readers already make them spaces; this writer does not rely on it.)
fn one_line_text(text: &str) -> String {
    text.replace(['\n', '\r', '\u{2028}', '\u{2029}'], " ")
}

/// A note of our own: its text escaped, except what it quotes between
/// backticks (`![说明](音频.mp3)`), which stays as the writer should type it.
fn note_markdown(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{part}`")
            } else {
                escape_markdown(part)
            }
        })
        .collect()
}

/// Characters Markdown would read as markup, escaped with a backslash.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line that would start a list, a heading or a quote is escaped at its
/// start: `1. ` written in a paragraph stays text.
fn escape_line_starts(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let trimmed = line.trim_start();
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            if trimmed.starts_with(['#', '-', '+', '=', '>']) {
                format!("\\{trimmed}")
            } else if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
                format!("{}\\{}", &trimmed[..digits], &trimmed[digits..])
            } else {
                trimmed.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn prefix_lines(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                prefix.trim_end().to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::document::{Picture, PictureSource, TableCell};
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text(t.into(), Style::default())
    }

    fn styled(t: &str, f: impl Fn(&mut Style)) -> Inline {
        let mut style = Style::default();
        f(&mut style);
        Inline::Text(t.into(), style)
    }

    fn cell(t: &str, colspan: u32, rowspan: u32) -> TableCell {
        TableCell {
            content: vec![vec![text(t)]],
            colspan,
            rowspan,
            header: false,
        }
    }

    #[test]
    fn a_document_becomes_readable_markdown() {
        let doc = Document {
            blocks: vec![
                Block::Heading(1, vec![text("一、活动概况")]),
                Block::Paragraph(vec![
                    text("3月5日，"),
                    styled("急诊科党支部", |s| s.bold = true),
                    text("开展"),
                    styled("义诊", |s| s.color = Some("#c00000".into())),
                    text("活动"),
                    Inline::FootnoteRef(0),
                    text("。"),
                    Inline::Break,
                    text("1. 不是列表 *也不是强调*"),
                ]),
                Block::List {
                    ordered: true,
                    items: vec![
                        vec![Block::Paragraph(vec![text("测血压")])],
                        vec![
                            Block::Paragraph(vec![text("讲急救")]),
                            Block::List {
                                ordered: false,
                                items: vec![vec![Block::Paragraph(vec![text("心肺复苏")])]],
                                start: 1,
                            },
                        ],
                    ],
                    start: 1,
                },
                Block::Paragraph(vec![Inline::Picture(0)]),
                Block::Paragraph(vec![Inline::Picture(1)]),
                Block::Note("原文此处有一段语音".into()),
            ],
            pictures: vec![
                Picture {
                    extension: "jpg".into(),
                    source: PictureSource::Bytes(vec![]),
                    alt: String::new(),
                    place: String::new(),
                };
                2
            ],
            footnotes: vec![vec![vec![text("见院办通知")]]],
            ..Document::default()
        };
        let body = body(&doc, &["图1.jpg".into(), String::new()]);
        assert_eq!(
            body,
            "## 一、活动概况\n\n\
             3月5日，**急诊科党支部**开展<span style=\"color: #c00000\">义诊</span>活动[^1]。\\\n\
             1\\. 不是列表 \\*也不是强调\\*\n\n\
             1. 测血压\n2. 讲急救\n\n   - 心肺复苏\n\n\
             ![](图1.jpg)\n\n\
             〔原文第 2 张图片没有保存在电脑上，请补上〕\n\n\
             > **导入说明：**原文此处有一段语音\n\n\
             [^1]: 见院办通知\n"
        );
    }

    #[test]
    fn colours_are_made_readable() {
        // Word's red on white is 4.0:1: darkened until it reads.
        let red = readable("#ff0000", None);
        assert_ne!(red, "#ff0000");
        assert!(red.starts_with('#') && red.len() == 7, "{red}");
        assert_eq!(readable("#c00000", None), "#c00000");
        // White on a red band reads as it is.
        assert_eq!(readable("#ffffff", Some(&"#c00000".to_string())), "#ffffff");
        // Pale yellow on a pale band: darkened until it reads.
        use crate::config::colors::{contrast, Rgb};
        let pale = readable("#ffff80", Some(&"#ffffa0".to_string()));
        let (fg, bg) = (Rgb::parse(&pale).unwrap(), Rgb::parse("#ffffa0").unwrap());
        assert!(contrast(fg, bg) >= 4.5, "{pale}");
    }

    #[test]
    fn merged_cells_make_an_html_table_and_plain_ones_a_pipe_table() {
        let merged = Table {
            rows: vec![
                vec![cell("项目", 2, 1), cell("人数", 1, 2)],
                vec![cell("义诊", 1, 1), cell("<讲座>", 1, 1)],
            ],
        };
        let doc = Document {
            blocks: vec![Block::Table(merged)],
            ..Document::default()
        };
        assert_eq!(
            body(&doc, &[]),
            "<table>\n<tr><td colspan=\"2\">项目</td><td rowspan=\"2\">人数</td></tr>\n\
             <tr><td>义诊</td><td>&lt;讲座&gt;</td></tr>\n</table>\n"
        );
        let plain = Table {
            rows: vec![
                vec![cell("项目", 1, 1), cell("人数", 1, 1)],
                vec![cell("义诊|讲座", 1, 1), cell("12", 1, 1)],
            ],
        };
        let doc = Document {
            blocks: vec![Block::Table(plain)],
            ..Document::default()
        };
        assert_eq!(
            body(&doc, &[]),
            "| 项目 | 人数 |\n|---|---|\n| 义诊\\|讲座 | 12 |\n"
        );
    }

    #[test]
    fn text_never_escapes_a_table_or_an_attribute() {
        let alt = "q\n\n<p><a href=\"https://a/onerror=alert(1)//\">z</a>\n\n**x**";
        let doc = Document {
            blocks: vec![Block::Table(Table {
                rows: vec![vec![TableCell {
                    content: vec![vec![
                        Inline::Picture(0),
                        text("\n\n<script>alert(1)</script>"),
                    ]],
                    colspan: 2,
                    rowspan: 1,
                    header: false,
                }]],
            })],
            pictures: vec![Picture {
                extension: "png".into(),
                source: PictureSource::Bytes(vec![]),
                alt: alt.into(),
                place: String::new(),
            }],
            ..Document::default()
        };
        let written = body(&doc, &["图1.png".into()]);
        assert!(!written.contains("\n\n<"), "{written}");
        crate::fuzzing::assert_imported_body_is_safe(&written);
    }

    #[test]
    fn a_site_that_shows_html_as_text_gets_none() {
        let merged = Table {
            rows: vec![
                vec![cell("项目", 2, 1), cell("人数", 1, 2)],
                vec![cell("义诊", 1, 1), cell("讲座", 1, 1)],
            ],
        };
        let doc = Document {
            blocks: vec![
                Block::Paragraph(vec![styled("红字", |s| {
                    s.color = Some("#c00000".into());
                    s.bold = true;
                    s.underline = true;
                })]),
                Block::Table(merged),
            ],
            ..Document::default()
        };
        assert_eq!(
            body_for(&doc, &[], RawHtml::Escape),
            "**红字**\n\n| 项目 |  | 人数 |\n|---|---|---|\n| 义诊 | 讲座 |  |\n"
        );
    }

    #[test]
    fn only_web_and_mail_links_are_kept() {
        let link = |href: &str| Inline::Link {
            href: href.into(),
            children: vec![text("通知")],
        };
        let doc = Document {
            blocks: vec![Block::Paragraph(vec![
                link("https://www.nhc.gov.cn/"),
                link("javascript:alert(1)"),
                link("file:///C:/a.doc"),
            ])],
            ..Document::default()
        };
        assert_eq!(
            body(&doc, &[]),
            "[通知](<https://www.nhc.gov.cn/>)通知通知\n"
        );
    }
}
