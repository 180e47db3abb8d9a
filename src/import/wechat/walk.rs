//! The walk through an article's (or a paste's) elements that makes its
//! blocks: paragraphs, headings, lists, tables and pictures, with the
//! account's furniture (QR codes, 阅读原文, hidden text) left out and
//! counted.

use std::path::{Path, PathBuf};

use ego_tree::NodeRef;
use scraper::{ElementRef, Node, Selector};

use super::super::document::{
    clean_text, flatten, normalise_color, Block, Inline, Picture, PictureSource, Style, Table,
    TableCell, MAX_DEPTH,
};

/// Paragraph texts that are the account's furniture, not the article.
const FURNITURE: &[&str] = &[
    "阅读原文",
    "长按识别二维码",
    "长按二维码",
    "扫码关注",
    "扫描二维码",
    "点击上方蓝字",
    "点击蓝字关注",
    "关注我们",
    "关注公众号",
    "预览时标签不可点",
    "微信扫一扫",
];

/// The bytes of a `data:image/…;base64,…` address.
fn data_image(src: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let rest = src.trim().strip_prefix("data:image/")?;
    let (_, encoded) = rest.split_once(";base64,")?;
    let cleaned: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(cleaned)
        .ok()
        .filter(|b| !b.is_empty())
}

/// What was left out, counted for the import's message.
#[derive(Default)]
pub(super) struct Dropped {
    pub qr_codes: usize,
    pub furniture: usize,
    pub hidden: usize,
}

/// What the walk found besides blocks.
#[derive(Default)]
pub(super) struct Found {
    pub pictures: Vec<Picture>,
    pub dropped: Dropped,
}

pub(super) struct Walker {
    /// The saved page's folder: local pictures must be inside it.
    base: PathBuf,
    pub found: Found,
    /// How deeply the element being read is nested (see [`MAX_DEPTH`]).
    depth: usize,
    /// The end of the text read so far, to say where a picture stood.
    last_text: String,
    /// Read from the clipboard: pictures the browser put in the HTML itself
    /// (`data:image/…`) are kept; no file is ever local.
    pasted: bool,
}

/// Blocks being made, with the paragraph being filled.
#[derive(Default)]
struct Flow {
    blocks: Vec<Block>,
    para: Vec<Inline>,
}

impl Flow {
    fn end_paragraph(&mut self, found: &mut Found) {
        let inlines = std::mem::take(&mut self.para);
        if Inline::is_blank(&inlines) {
            return;
        }
        let text = Inline::plain(&inlines);
        let only_text = inlines.iter().all(|i| !matches!(i, Inline::Picture(_)));
        if only_text && is_furniture(&text) {
            found.dropped.furniture += 1;
            // "长按识别二维码关注我们" under a picture: the picture is the
            // account's banner or code, not the article's.
            if text.contains("二维码") || text.contains("关注") {
                self.drop_picture_above(found);
            }
            return;
        }
        if let Some(caption) = text.trim().strip_prefix(['▲', '△', '↑']) {
            self.caption_picture_above(caption.trim(), found);
        }
        self.blocks.push(Block::Paragraph(trim_inlines(inlines)));
    }

    /// The pictures of a picture-only paragraph just above this one.
    fn pictures_above(&self) -> Vec<usize> {
        let Some(Block::Paragraph(above)) = self.blocks.last() else {
            return Vec::new();
        };
        if !Inline::plain(above).trim().is_empty() {
            return Vec::new();
        }
        above
            .iter()
            .filter_map(|i| match i {
                Inline::Picture(index) => Some(*index),
                _ => None,
            })
            .collect()
    }

    /// "▲党员志愿者为市民测量血压" under a picture is what the picture
    /// shows: its description for readers who cannot see it.
    fn caption_picture_above(&self, caption: &str, found: &mut Found) {
        for index in self.pictures_above() {
            if let Some(picture) = found.pictures.get_mut(index) {
                if picture.alt.is_empty() {
                    picture.alt = caption.to_string();
                }
            }
        }
    }

    fn drop_picture_above(&mut self, found: &mut Found) {
        let pictures = self.pictures_above();
        if pictures.is_empty() {
            return;
        }
        self.blocks.pop();
        for index in pictures {
            if let Some(picture) = found.pictures.get_mut(index) {
                picture.source = PictureSource::Dropped;
                found.dropped.qr_codes += 1;
            }
        }
    }

    fn push_block(&mut self, block: Block, found: &mut Found) {
        self.end_paragraph(found);
        self.blocks.push(block);
    }
}

impl Walker {
    /// A walk of a saved page whose folder is `base`, or of a paste.
    pub fn new(base: PathBuf, pasted: bool) -> Walker {
        Walker {
            base,
            found: Found::default(),
            depth: 0,
            last_text: String::new(),
            pasted,
        }
    }

    pub fn blocks(&mut self, root: NodeRef<Node>, style: &Style) -> Vec<Block> {
        let mut flow = Flow::default();
        self.children(root, style, &mut flow);
        flow.end_paragraph(&mut self.found);
        flow.blocks
    }

    fn children(&mut self, node: NodeRef<Node>, style: &Style, flow: &mut Flow) {
        for child in node.children() {
            match child.value() {
                Node::Text(text) => {
                    let text = collapse_spaces(&clean_text(text));
                    if !text.is_empty() {
                        self.remember(&text);
                        flow.para.push(Inline::Text(text, style.clone()));
                    }
                }
                Node::Element(_) => {
                    if let Some(element) = ElementRef::wrap(child) {
                        self.element(element, style, flow);
                    }
                }
                _ => {}
            }
        }
    }

    fn remember(&mut self, text: &str) {
        self.last_text.push_str(text);
        let excess = self.last_text.chars().count().saturating_sub(20);
        if excess > 0 {
            self.last_text = self.last_text.chars().skip(excess).collect();
        }
    }

    fn element(&mut self, element: ElementRef, style: &Style, flow: &mut Flow) {
        if self.depth >= MAX_DEPTH {
            // Sections nested deeper than any editor makes: their text, flat.
            let text = collapse_spaces(&clean_text(&element.text().collect::<String>()));
            flow.para.push(Inline::Text(text, style.clone()));
            return;
        }
        self.depth += 1;
        self.element_within(element, style, flow);
        self.depth -= 1;
    }

    fn element_within(&mut self, element: ElementRef, style: &Style, flow: &mut Flow) {
        let e = element.value();
        let name = e.name();
        let css = e.attr("style").unwrap_or_default().to_ascii_lowercase();
        if matches!(name, "script" | "style" | "noscript" | "template" | "head") {
            return;
        }
        if hidden(&css) && e.id() != Some("js_content") {
            self.found.dropped.hidden += 1;
            return;
        }
        if let Some(note) = self.embedded(element) {
            flow.push_block(Block::Note(note), &mut self.found);
            return;
        }
        let style = styled(style, name, &css);
        match name {
            "br" => flow.para.push(Inline::Break),
            "img" => {
                if let Some(picture) = self.picture(element) {
                    flow.para.push(picture);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse().unwrap_or(2);
                let inlines = self.inline_content(element, &Style::default());
                if !Inline::is_blank(&inlines) {
                    flow.push_block(
                        Block::Heading(level, trim_inlines(inlines)),
                        &mut self.found,
                    );
                }
            }
            "blockquote" => {
                let blocks = self.blocks(*element, &style);
                if !blocks.is_empty() {
                    flow.push_block(Block::Quote(blocks), &mut self.found);
                }
            }
            "ul" | "ol" => {
                let items: Vec<Vec<Block>> = element
                    .children()
                    .filter_map(ElementRef::wrap)
                    .map(|li| self.blocks(*li, &style))
                    .filter(|b| !b.is_empty())
                    .collect();
                if !items.is_empty() {
                    let ordered = name == "ol";
                    let start = e
                        .attr("start")
                        .and_then(|s| s.trim().parse().ok())
                        .unwrap_or(1);
                    flow.push_block(
                        Block::List {
                            ordered,
                            items,
                            start,
                        },
                        &mut self.found,
                    );
                }
            }
            "table" => {
                let table = self.table(element);
                if !table.rows.is_empty() {
                    flow.push_block(Block::Table(table), &mut self.found);
                }
            }
            "a" => {
                let children = self.inline_content(element, &style);
                match e.attr("href").filter(|h| h.starts_with("http")) {
                    Some(href) => flow.para.push(Inline::Link {
                        href: href.to_string(),
                        children,
                    }),
                    None => flow.para.extend(children),
                }
            }
            "p" | "section" | "div" | "figure" | "figcaption" | "pre" | "center" | "article"
            | "header" | "footer" | "li" | "dl" | "dt" | "dd" | "hr" => {
                flow.end_paragraph(&mut self.found);
                self.children(*element, &style, flow);
                flow.end_paragraph(&mut self.found);
            }
            _ => self.children(*element, &style, flow),
        }
    }

    /// The inline content of an element, as one paragraph's inlines.
    fn inline_content(&mut self, element: ElementRef, style: &Style) -> Vec<Inline> {
        let mut inner = Flow::default();
        self.children(*element, style, &mut inner);
        let mut lines = Vec::new();
        flatten(inner.blocks, &mut lines);
        let mut inlines = Vec::new();
        for line in lines {
            if !inlines.is_empty() {
                inlines.push(Inline::Break);
            }
            inlines.extend(line);
        }
        inlines.extend(inner.para);
        inlines
    }

    /// A voice message, video, mini-program or vote: what it was, said in
    /// its place.
    fn embedded(&self, element: ElementRef) -> Option<String> {
        let e = element.value();
        let class = e.attr("class").unwrap_or_default();
        let label = [
            "name",
            "data-miniprogram-title",
            "data-title",
            "title",
            "data-name",
        ]
        .iter()
        .find_map(|a| e.attr(a))
        // No backticks: the note quotes what to type between them.
        .map(|t| clean_text(t).replace('`', "").trim().to_string())
        .filter(|t| !t.is_empty())
        .map(|t| format!("“{t}”"))
        .unwrap_or_default();
        let name = e.name();
        if name == "mpvoice" || name == "mp-common-mpaudio" || class.contains("audio_card") {
            return Some(format!(
                "原文此处有一段语音{label}，网页上无法播放。如有音频文件，可放在页面文件夹里，在这里写 `![说明](音频.mp3)`"
            ));
        }
        if name == "mpvideo"
            || name == "mp-common-videosnap"
            || (name == "iframe"
                && (class.contains("video")
                    || e.attr("data-src").is_some_and(|s| s.contains("v.qq.com"))))
        {
            return Some(format!(
                "原文此处有一段视频{label}，无法导入。如有视频文件，可放在页面文件夹里，在这里写 `![说明](视频.mp4)`"
            ));
        }
        if name == "mp-miniprogram"
            || name == "mp-common-miniprogram"
            || class.contains("weapp_text_link")
            || class.contains("weapp_display_element")
        {
            let text =
                collapse_spaces(&clean_text(&element.text().collect::<String>())).replace('`', "");
            let title = match (label.is_empty(), text.trim()) {
                (false, _) | (true, "") => label,
                (true, text) => format!("“{text}”"),
            };
            return Some(format!("原文此处有一个小程序{title}，网页上无法打开"));
        }
        if name == "mpvote"
            || name == "mp-vote"
            || class.contains("vote_area")
            || class.contains("js_vote")
        {
            return Some("原文此处有一个投票，网页上无法使用".to_string());
        }
        if name == "iframe" {
            return Some("原文此处嵌入了其他网页的内容，无法导入".to_string());
        }
        None
    }

    fn picture(&mut self, element: ElementRef) -> Option<Inline> {
        let e = element.value();
        let class = e.attr("class").unwrap_or_default();
        let id = e.attr("id").unwrap_or_default();
        let alt = e.attr("alt").unwrap_or_default();
        if class.contains("qr_code") || id.contains("qr_code") || alt.contains("二维码") {
            self.found.dropped.qr_codes += 1;
            return None;
        }
        if let Some(bytes) = e.attr("src").filter(|_| self.pasted).and_then(data_image) {
            let index = self.found.pictures.len();
            self.found.pictures.push(Picture {
                extension: String::new(),
                source: PictureSource::Bytes(bytes),
                alt: clean_text(alt).trim().to_string(),
                place: self.last_text.clone(),
            });
            return Some(Inline::Picture(index));
        }
        let remote = e
            .attr("data-src")
            .filter(|s| s.starts_with("http") || s.starts_with("//"));
        let local = e
            .attr("src")
            .filter(|_| !self.pasted)
            .filter(|s| !s.starts_with("data:") && !s.starts_with("http") && !s.starts_with("//"))
            .and_then(|src| self.local_file(src));
        let format_hint = remote
            .or(e.attr("src"))
            .and_then(|u| u.split("wx_fmt=").nth(1))
            .map(|f| f.split(['&', '#']).next().unwrap_or(f).to_ascii_lowercase());
        let (source, extension) = match local {
            Some(file) => {
                let extension = file
                    .extension()
                    .map(|x| x.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                (PictureSource::File(file), extension)
            }
            None => {
                let address = remote.or(e.attr("src")).unwrap_or_default();
                if address.is_empty() || address.starts_with("data:") {
                    return None;
                }
                (PictureSource::Missing(address.to_string()), String::new())
            }
        };
        let extension = format_hint
            .filter(|_| extension.is_empty())
            .unwrap_or(extension);
        let index = self.found.pictures.len();
        self.found.pictures.push(Picture {
            extension,
            source,
            alt: clean_text(alt).trim().to_string(),
            place: self.last_text.clone(),
        });
        Some(Inline::Picture(index))
    }

    /// A picture's file in the saved folder, only if it is inside the
    /// folder the page was saved in.
    ///
    /// Only a picture in the folder the browser saved beside the page
    /// (`文章_files/`, `文章.files/`): nothing else of the folder the page
    /// was saved in (all of 下载, perhaps) is ever copied into the site.
    fn local_file(&self, src: &str) -> Option<PathBuf> {
        let decoded = percent_encoding::percent_decode_str(src.split(['?', '#']).next()?)
            .decode_utf8()
            .ok()?;
        let relative = Path::new(decoded.trim_start_matches("./"));
        let folder = relative.components().next()?.as_os_str().to_string_lossy();
        if relative.components().count() != 2
            || !(folder.ends_with("_files") || folder.ends_with(".files"))
        {
            return None;
        }
        let real = self.base.join(relative).canonicalize().ok()?;
        let saved = self.base.join(folder.as_ref()).canonicalize().ok()?;
        (real.starts_with(&saved) && real.is_file() && is_picture(&real)).then_some(real)
    }

    fn table(&mut self, table: ElementRef) -> Table {
        let mut rows = Vec::new();
        let row_selector = Selector::parse("tr").ok();
        let Some(row_selector) = row_selector else {
            return Table::default();
        };
        for tr in table.select(&row_selector) {
            // Only this table's rows, not a table's inside one of its cells.
            let own = tr
                .ancestors()
                .find(|a| a.value().as_element().is_some_and(|e| e.name() == "table"))
                .map(|a| a.id())
                == Some(table.id());
            if !own {
                continue;
            }
            let mut row = Vec::new();
            for cell in tr.children().filter_map(ElementRef::wrap) {
                let name = cell.value().name();
                if name != "td" && name != "th" {
                    continue;
                }
                let span = |a: &str| {
                    cell.value()
                        .attr(a)
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .unwrap_or(1)
                        .clamp(1, 64)
                };
                let blocks = self.blocks(*cell, &Style::default());
                let mut content = Vec::new();
                flatten(blocks, &mut content);
                row.push(TableCell {
                    content,
                    colspan: span("colspan"),
                    rowspan: span("rowspan"),
                    header: name == "th",
                });
            }
            if !row.is_empty() {
                rows.push(row);
            }
        }
        Table { rows }
    }
}

/// Whether a file holds a picture a page can show, by its first bytes.
fn is_picture(file: &Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(64);
    let read = std::fs::File::open(file).and_then(|f| f.take(64).read_to_end(&mut head));
    read.is_ok() && (image::guess_format(&head).is_ok() || crate::images::is_heif(&head))
}

/// `display: none` or `visibility: hidden`. (A `font-size: 0` container is
/// not hidden: layout editors use it to close gaps, and its children set
/// their own size.)
fn hidden(css: &str) -> bool {
    let compact: String = css.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// The style an element gives its text.
fn styled(parent: &Style, name: &str, css: &str) -> Style {
    let mut style = parent.clone();
    match name {
        "strong" | "b" => style.bold = true,
        "em" | "i" => style.italic = true,
        "u" => style.underline = true,
        "s" | "del" | "strike" => style.strike = true,
        "sup" => style.superscript = true,
        "sub" => style.subscript = true,
        _ => {}
    }
    for declaration in css.split(';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_end_matches("!important").trim();
        match property.trim() {
            "color" => style.color = normalise_color(value).or(style.color),
            "background-color" | "background" => {
                style.background = normalise_color(value).or(style.background)
            }
            "font-weight" => {
                style.bold = value == "bold"
                    || value == "bolder"
                    || value.parse::<u32>().is_ok_and(|w| w >= 600)
            }
            "font-style" => style.italic = value == "italic",
            "text-decoration" | "text-decoration-line" => {
                style.underline |= value.contains("underline");
                style.strike |= value.contains("line-through");
            }
            _ => {}
        }
    }
    style
}

/// Whether a paragraph is essentially one of the account's set phrases
/// ("长按识别二维码关注我们", "阅读原文"), not a sentence that happens to
/// use one ("居民表示会持续关注我们医院的义诊").
fn is_furniture(text: &str) -> bool {
    let letters: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let length = letters.chars().count();
    FURNITURE
        .iter()
        .any(|phrase| letters.contains(phrase) && length <= phrase.chars().count() + 6)
}

/// HTML's white space: runs of spaces and line breaks are one space.
pub(super) fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// A paragraph without the spaces HTML's indentation left at its ends.
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(text, _)) = inlines.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text(text, _)) = inlines.last_mut() {
        *text = text.trim_end().to_string();
    }
    while matches!(inlines.last(), Some(Inline::Break)) {
        inlines.pop();
    }
    inlines
}
