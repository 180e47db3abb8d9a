//! What an imported document says, whatever it came from: the readers of
//! Word drafts and WeChat articles both give these blocks, and one writer
//! ([`super::markdown`]) makes the page body of them, so both imports keep
//! the same things the same way.

/// How a stretch of text looks, as far as a page keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub superscript: bool,
    pub subscript: bool,
    /// Text colour as `#rrggbb`, only when it is not plain black.
    pub color: Option<String>,
    /// Highlight (background) colour as `#rrggbb`.
    pub background: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String, Style),
    /// A line break inside a paragraph (Shift+Enter in Word, `<br>`).
    Break,
    /// A picture in the text: index into [`Document::pictures`].
    Picture(usize),
    Link {
        href: String,
        children: Vec<Inline>,
    },
    /// A footnote reference: index into [`Document::footnotes`].
    FootnoteRef(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1–6.
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
        /// The number of the first item of a numbered list (a list that
        /// goes on after a picture starts at 3).
        start: u32,
    },
    Table(Table),
    Quote(Vec<Block>),
    /// Something that was there and cannot be kept (a voice message, a
    /// video, a mini-program card): said where it was, for the writer.
    Note(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub rows: Vec<Vec<TableCell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableCell {
    /// The cell's paragraphs.
    pub content: Vec<Vec<Inline>>,
    pub colspan: u32,
    pub rowspan: u32,
    pub header: bool,
}

/// A picture of the document, to be saved beside the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// What the picture is, for its file name (`jpg`, `png`, `gif`…).
    pub extension: String,
    pub source: PictureSource,
    /// Its description (Word's alt text), if any.
    pub alt: String,
    /// The text just before it, to say where a missing picture was.
    pub place: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PictureSource {
    /// The picture's bytes (Word keeps them inside the document).
    Bytes(Vec<u8>),
    /// A file on disk (a saved web page's `_files` folder).
    File(std::path::PathBuf),
    /// Not held locally: where it was (the web address), never fetched.
    Missing(String),
    /// Left out on purpose (an account's QR code or banner): not saved,
    /// not reported missing.
    Dropped,
}

/// A whole document, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub title: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` when the document says when it
    /// was published (a WeChat article); Word drafts have none.
    pub date: Option<String>,
    pub author: String,
    pub blocks: Vec<Block>,
    pub pictures: Vec<Picture>,
    /// Each footnote's paragraphs.
    pub footnotes: Vec<Vec<Vec<Inline>>>,
    /// What the reader dropped or could not keep, for the command's report
    /// (`公众号二维码 1 个`…).
    pub dropped: Vec<String>,
}

impl Inline {
    /// The plain text of inlines (titles, alt text, emptiness checks).
    pub fn plain(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            match inline {
                Inline::Text(text, _) => out.push_str(text),
                Inline::Break => out.push(' '),
                Inline::Link { children, .. } => out.push_str(&Inline::plain(children)),
                Inline::Picture(_) | Inline::FootnoteRef(_) => {}
            }
        }
        out
    }

    /// Whether inlines show nothing: no text but spaces, no picture.
    pub fn is_blank(inlines: &[Inline]) -> bool {
        inlines.iter().all(|inline| match inline {
            Inline::Text(text, _) => text.trim().is_empty(),
            Inline::Break => true,
            Inline::Link { children, .. } => Inline::is_blank(children),
            Inline::Picture(_) | Inline::FootnoteRef(_) => false,
        })
    }
}

/// How deep a reader follows nested elements (sections in sections, tables
/// in cells): real documents stay far below; past it the text is read
/// flat, so a crafted file cannot exhaust the stack.
pub const MAX_DEPTH: usize = 48;

/// Blocks as lines of inlines, for where only lines fit (a table cell):
/// list items get their marker, nested tables and quotes their text.
pub fn flatten(blocks: Vec<Block>, out: &mut Vec<Vec<Inline>>) {
    for block in blocks {
        match block {
            Block::Heading(_, inlines) | Block::Paragraph(inlines) => out.push(inlines),
            Block::List { ordered, items, .. } => {
                for (i, item) in items.into_iter().enumerate() {
                    let mut lines = Vec::new();
                    flatten(item, &mut lines);
                    for (j, mut line) in lines.into_iter().enumerate() {
                        if j == 0 {
                            let marker = if ordered {
                                format!("{}. ", i + 1)
                            } else {
                                "• ".to_string()
                            };
                            line.insert(0, Inline::Text(marker, Style::default()));
                        }
                        out.push(line);
                    }
                }
            }
            Block::Table(table) => {
                for cell in table.rows.into_iter().flatten() {
                    out.extend(cell.content);
                }
            }
            Block::Quote(blocks) => flatten(blocks, out),
            Block::Note(text) => out.push(vec![Inline::Text(text, Style::default())]),
        }
    }
}

/// Text as a document gives it, with what no reader should see removed:
/// zero-width characters (WeChat editors scatter them), the byte-order
/// mark, and control characters.
pub fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            ) && (!c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        })
        .map(|c| match c {
            // A non-breaking space is a space to a reader. A line break in
            // a text run is a space too: breaks the document means are
            // `Inline::Break`, and a raw one would end the HTML block of a
            // table (or an attribute's line) half-way in the page body.
            '\u{00A0}' | '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect()
}

/// A CSS or Word colour as `#rrggbb`, or `None` for black, greys, "auto"
/// and anything unreadable.
pub fn normalise_color(value: &str) -> Option<String> {
    let value = value.trim().to_ascii_lowercase();
    let hex = if let Some(hex) = value.strip_prefix('#') {
        match hex.len() {
            6 => hex.to_string(),
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            _ => return None,
        }
    } else if let Some(args) = value
        .strip_prefix("rgb(")
        .or_else(|| value.strip_prefix("rgba("))
    {
        let parts: Vec<u8> = args
            .trim_end_matches(')')
            .split(',')
            .take(3)
            .filter_map(|p| p.trim().parse::<f32>().ok())
            .map(|v| v.clamp(0.0, 255.0).round() as u8)
            .collect();
        if parts.len() != 3 {
            return None;
        }
        format!("{:02x}{:02x}{:02x}", parts[0], parts[1], parts[2])
    } else if value.len() == 6 && value.chars().all(|c| c.is_ascii_hexdigit()) {
        value.clone()
    } else {
        return None;
    };
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    // Black and greys are the text's own colour (WeChat and 秀米 bodies are
    // #3e3e3e, #595959…): only a colour picks out a phrase. White and near
    // white are kept for text on a coloured band (the writer drops them
    // where there is no band).
    let colour = format!("#{hex}");
    (is_light(&colour) || saturation(&colour) > 0x30).then_some(colour)
}

fn channels(hex: &str) -> (u32, u32, u32) {
    let rgb = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    (rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff)
}

fn saturation(hex: &str) -> u32 {
    let (r, g, b) = channels(hex);
    r.max(g).max(b) - r.min(g).min(b)
}

/// White and the palest greys: invisible as text on the page's white.
pub fn is_light(hex: &str) -> bool {
    let (r, g, b) = channels(hex);
    r.min(g).min(b) >= 0xd8 && saturation(hex) <= 0x30
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_hex_and_black_is_no_colour() {
        assert_eq!(normalise_color("FF0000"), Some("#ff0000".into()));
        assert_eq!(normalise_color("#C00"), Some("#cc0000".into()));
        assert_eq!(normalise_color("rgb(192, 0, 0)"), Some("#c00000".into()));
        // WeChat's body grey (62, 62, 62) is text colour, not a highlight.
        assert_eq!(normalise_color("rgba(62, 62, 62, 1)"), None);
        assert_eq!(normalise_color("auto"), None);
        assert_eq!(normalise_color("000000"), None);
        assert_eq!(normalise_color("#595959"), None);
        assert_eq!(normalise_color("#fff"), Some("#ffffff".into()));
        assert!(is_light("#ffffff") && !is_light("#fffb00") && !is_light("#c00000"));
        assert_eq!(normalise_color("ffff00"), Some("#ffff00".into()));
        assert_eq!(normalise_color("#zzzzzz"), None);
        assert_eq!(normalise_color("red;background:url(x)"), None);
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(
            clean_text("七\u{200B}一\u{FEFF}表\u{0007}彰\u{00A0}大会"),
            "七一表彰 大会"
        );
    }
}
