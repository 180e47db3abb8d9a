//! The body of a Word document: paragraphs, runs, lists, tables, pictures
//! and notes, with Word's clutter left behind — empty paragraphs,
//! bookmarks, spelling marks, comments, tracked deletions, hidden text,
//! field codes.

use std::collections::HashMap;

use roxmltree::{Document as Xml, Node};

use super::lists::{flush_list, ListPara};
use super::package::{Package, Rel};
use super::styles::{indent_of, numbering_of, Numbering, Role, Styles};
use super::{attr, child, flag};
use crate::import::document::{
    clean_text, flatten, normalise_color, Block, Document, Inline, Picture, PictureSource, Style,
    Table, TableCell, MAX_DEPTH,
};

/// Pictures a page can show; anything else (EMF/WMF drawings, TIFF) is
/// said in its place.
const PICTURE_TYPES: &[&str] = &["jpg", "jpeg", "png", "gif", "bmp", "webp"];
/// Pictures Word keeps that a page cannot show.
const DRAWING_TYPES: &[&str] = &["emf", "wmf", "tif", "tiff", "svg", "pict", "wdp", "jxr"];

pub struct Reader<'p, 'a> {
    package: &'p mut Package<'a>,
    /// The relationships of the part being read (the body's, or a notes
    /// part's own while its notes are read).
    rels: HashMap<String, Rel>,
    styles: &'p Styles,
    numbering: &'p Numbering,
    pictures: Vec<Picture>,
    /// A media part used twice is one picture shown twice.
    picture_of_part: HashMap<String, usize>,
    /// Notes by (endnote?, id), read up front; numbered as referenced.
    notes: HashMap<(bool, String), Vec<Vec<Inline>>>,
    footnotes: Vec<Vec<Vec<Inline>>>,
    dropped: Dropped,
    /// How deeply the containers being read are nested (see [`MAX_DEPTH`]).
    depth: usize,
    /// Items each numbered list has shown so far, by `w:numId`.
    counted: HashMap<String, u32>,
}

#[derive(Default)]
struct Dropped {
    deletions: usize,
    hidden: usize,
    drawings: Vec<String>,
    missing_media: usize,
}

/// A paragraph as the body sees it.
enum Para {
    Block(Block),
    Item(ListPara),
    Nothing,
}

impl<'p, 'a> Reader<'p, 'a> {
    pub fn new(
        package: &'p mut Package<'a>,
        rels: HashMap<String, Rel>,
        styles: &'p Styles,
        numbering: &'p Numbering,
    ) -> Self {
        Reader {
            package,
            rels,
            styles,
            numbering,
            pictures: Vec::new(),
            picture_of_part: HashMap::new(),
            notes: HashMap::new(),
            footnotes: Vec::new(),
            dropped: Dropped::default(),
            depth: 0,
            counted: HashMap::new(),
        }
    }

    /// The document's package, to read its main part with.
    pub fn package(&mut self) -> &mut Package<'a> {
        self.package
    }

    /// Reads a footnotes or endnotes part (Word's separators left out),
    /// with the part's own relationships (its pictures and links).
    pub fn notes(&mut self, doc: &Xml, rels: HashMap<String, Rel>, endnote: bool) {
        let body_rels = std::mem::replace(&mut self.rels, rels);
        let wanted = if endnote { "endnote" } else { "footnote" };
        for note in doc.descendants().filter(|n| n.tag_name().name() == wanted) {
            if attr(note, "type").is_some_and(|t| t != "normal") {
                continue;
            }
            let Some(id) = attr(note, "id") else { continue };
            let paragraphs: Vec<Vec<Inline>> = note
                .descendants()
                .filter(|n| n.tag_name().name() == "p")
                .map(|p| self.inlines(p))
                .filter(|i| !Inline::is_blank(i))
                .collect();
            self.notes.insert((endnote, id.to_string()), paragraphs);
        }
        self.rels = body_rels;
    }

    pub fn finish(self, blocks: Vec<Block>) -> Document {
        let mut dropped = Vec::new();
        let d = &self.dropped;
        if d.deletions > 0 {
            dropped.push(format!("修订中删除的文字 {} 处", d.deletions));
        }
        if d.hidden > 0 {
            dropped.push(format!("隐藏文字 {} 处", d.hidden));
        }
        if d.missing_media > 0 {
            dropped.push(format!("文档里找不到的图片 {} 张", d.missing_media));
        }
        for drawing in &d.drawings {
            dropped.push(drawing.clone());
        }
        Document {
            blocks,
            pictures: self.pictures,
            footnotes: self.footnotes,
            dropped,
            ..Document::default()
        }
    }

    /// The blocks of a container (the body, a table cell, a content control).
    pub fn blocks(&mut self, container: Node) -> Vec<Block> {
        if self.depth >= MAX_DEPTH {
            return vec![Block::Paragraph(flat_text(container))];
        }
        self.depth += 1;
        let mut out = Vec::new();
        let mut items = Vec::new();
        self.collect_blocks(container, &mut out, &mut items);
        flush_list(&mut out, &mut items, &mut self.counted);
        self.depth -= 1;
        out
    }

    fn collect_blocks(&mut self, container: Node, out: &mut Vec<Block>, items: &mut Vec<ListPara>) {
        for node in container.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "p" => match self.paragraph(node) {
                    Para::Block(block) => {
                        flush_list(out, items, &mut self.counted);
                        out.push(block);
                    }
                    Para::Item(item) => items.push(item),
                    Para::Nothing => {}
                },
                "tbl" => {
                    flush_list(out, items, &mut self.counted);
                    let table = self.table(node);
                    if !table.rows.is_empty() {
                        out.push(Block::Table(table));
                    }
                }
                "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo" => {
                    if self.depth >= MAX_DEPTH {
                        out.push(Block::Paragraph(flat_text(node)));
                    } else {
                        self.depth += 1;
                        self.collect_blocks(node, out, items);
                        self.depth -= 1;
                    }
                }
                "del" | "moveFrom" => self.dropped.deletions += 1,
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: Node) -> Para {
        let ppr = child(p, "pPr");
        let style = ppr
            .and_then(|n| child(n, "pStyle"))
            .and_then(|n| attr(n, "val"));
        let outline = ppr
            .and_then(|n| child(n, "outlineLvl"))
            .and_then(|n| attr(n, "val"))
            .and_then(|v| v.parse().ok());
        let inlines = self.inlines(p);
        if Inline::is_blank(&inlines) {
            return Para::Nothing;
        }
        match self.styles.role(style, outline) {
            Role::Title => return Para::Block(Block::Heading(1, plain_heading(inlines))),
            Role::Heading(level) => {
                return Para::Block(Block::Heading(level, plain_heading(inlines)))
            }
            Role::Body => {}
        }
        let numbered = ppr
            .and_then(numbering_of)
            .or_else(|| style.and_then(|s| self.styles.numbering(s)));
        if let Some((num_id, level)) = numbered {
            if let Some(ordered) = self.numbering.ordered(&num_id, level) {
                let indent = ppr
                    .and_then(indent_of)
                    .or_else(|| style.and_then(|s| self.styles.indent(s)))
                    .or_else(|| self.numbering.indent(&num_id, level));
                return Para::Item(ListPara {
                    level,
                    ordered,
                    inlines,
                    indent,
                    num_id,
                });
            }
        }
        Para::Block(Block::Paragraph(inlines))
    }

    /// The inline content of a paragraph (or anything holding runs).
    fn inlines(&mut self, node: Node) -> Vec<Inline> {
        if self.depth >= MAX_DEPTH {
            return flat_text(node);
        }
        self.depth += 1;
        let out = self.inlines_within(node);
        self.depth -= 1;
        out
    }

    fn inlines_within(&mut self, node: Node) -> Vec<Inline> {
        let mut out = Vec::new();
        for n in node.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "r" => self.run(n, &mut out),
                "hyperlink" => {
                    let children = self.inlines(n);
                    let target = attr(n, "id")
                        .and_then(|id| self.rels.get(id))
                        .filter(|r| r.external)
                        .map(|r| r.target.clone());
                    match target {
                        Some(href) => out.push(Inline::Link { href, children }),
                        None => out.extend(children),
                    }
                }
                "ins" | "moveTo" | "smartTag" | "customXml" | "fldSimple" | "sdt"
                | "sdtContent" | "dir" | "bdo" => out.extend(self.inlines(n)),
                "del" | "moveFrom" => self.dropped.deletions += 1,
                "oMath" | "oMathPara" => {
                    let text: String = n
                        .descendants()
                        .filter(|d| d.tag_name().name() == "t")
                        .filter_map(|d| d.text())
                        .collect();
                    out.push(Inline::Text(clean_text(&text), Style::default()));
                }
                _ => {}
            }
        }
        out
    }

    fn run(&mut self, r: Node, out: &mut Vec<Inline>) {
        let rpr = child(r, "rPr");
        if rpr
            .and_then(|p| child(p, "vanish").or_else(|| child(p, "webHidden")))
            .is_some_and(flag)
        {
            self.dropped.hidden += 1;
            return;
        }
        let style = rpr.map(|p| self.run_style(p)).unwrap_or_default();
        self.run_content(r, &style, out);
    }

    fn run_content(&mut self, node: Node, style: &Style, out: &mut Vec<Inline>) {
        for n in node.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "t" => {
                    let text = clean_text(n.text().unwrap_or_default());
                    if !text.is_empty() {
                        out.push(Inline::Text(text, style.clone()));
                    }
                }
                "tab" | "ptab" => out.push(Inline::Text(" ".into(), style.clone())),
                // A page or column break is no line break on a web page.
                "br" if !matches!(attr(n, "type"), Some("page" | "column")) => {
                    out.push(Inline::Break)
                }
                "cr" => out.push(Inline::Break),
                "noBreakHyphen" => out.push(Inline::Text("-".into(), style.clone())),
                "drawing" | "pict" | "object" => {
                    self.picture(n, out);
                    self.text_boxes(n, out);
                    self.charts(n, out);
                }
                "AlternateContent" if self.depth < MAX_DEPTH => {
                    // The newer form first (a drawing), else the fallback.
                    let choice = child(n, "Choice").or_else(|| child(n, "Fallback"));
                    if let Some(choice) = choice {
                        self.depth += 1;
                        self.run_content(choice, style, out);
                        self.depth -= 1;
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    let endnote = n.tag_name().name() == "endnoteReference";
                    if let Some(note) =
                        attr(n, "id").and_then(|id| self.notes.remove(&(endnote, id.to_string())))
                    {
                        out.push(Inline::FootnoteRef(self.footnotes.len()));
                        self.footnotes.push(note);
                    }
                }
                _ => {}
            }
        }
    }

    fn run_style(&self, rpr: Node) -> Style {
        let (style_bold, style_italic) = child(rpr, "rStyle")
            .and_then(|n| attr(n, "val"))
            .map(|id| self.styles.run_style(id))
            .unwrap_or((false, false));
        let on = |name: &str| child(rpr, name).map(flag);
        let vert = child(rpr, "vertAlign").and_then(|n| attr(n, "val"));
        Style {
            bold: on("b").unwrap_or(style_bold),
            italic: on("i").unwrap_or(style_italic),
            underline: child(rpr, "u").is_some_and(|u| attr(u, "val") != Some("none")),
            strike: on("strike").unwrap_or(false) || on("dstrike").unwrap_or(false),
            superscript: vert == Some("superscript"),
            subscript: vert == Some("subscript"),
            color: child(rpr, "color")
                .and_then(|n| attr(n, "val"))
                .and_then(normalise_color),
            background: child(rpr, "highlight")
                .and_then(|n| attr(n, "val"))
                .and_then(highlight_color)
                .or_else(|| {
                    child(rpr, "shd")
                        .and_then(|n| attr(n, "fill"))
                        .and_then(normalise_color)
                }),
        }
    }

    /// Every picture of a drawing (a group may hold several).
    fn picture(&mut self, node: Node, out: &mut Vec<Inline>) {
        let alt = node
            .descendants()
            .find(|n| n.tag_name().name() == "docPr")
            .and_then(|n| attr(n, "descr"))
            .map(|d| without_generated_note(&clean_text(d)))
            .unwrap_or_default();
        let ids: Vec<String> = node
            .descendants()
            // A text box's pictures are read with its text.
            .filter(|n| {
                n.ancestors()
                    .take_while(|a| *a != node)
                    .all(|a| a.tag_name().name() != "txbxContent")
            })
            .filter_map(|n| match n.tag_name().name() {
                "blip" => attr(n, "embed").or_else(|| attr(n, "link")),
                "imagedata" => attr(n, "id"),
                _ => None,
            })
            .map(|id: &str| id.to_string())
            .collect();
        for id in ids {
            if let Some(inline) = self.picture_of(&id, &alt) {
                out.push(inline);
            }
        }
    }

    /// The text of the text boxes in a drawing (a caption, a pull quote),
    /// in place, a line each paragraph.
    fn text_boxes(&mut self, node: Node, out: &mut Vec<Inline>) {
        let boxes: Vec<Node> = node
            .descendants()
            .filter(|n| n.tag_name().name() == "txbxContent")
            // Only outermost boxes: a box's own boxes are read with it.
            .filter(|n| {
                n.ancestors()
                    .skip(1)
                    .all(|a| a.tag_name().name() != "txbxContent")
            })
            .collect();
        for text_box in boxes {
            let mut lines = Vec::new();
            flatten(self.blocks(text_box), &mut lines);
            for line in lines.into_iter().filter(|l| !Inline::is_blank(l)) {
                if !out.is_empty() {
                    out.push(Inline::Break);
                }
                out.extend(line);
            }
        }
    }

    /// A chart or SmartArt graphic cannot be shown: said in its place.
    fn charts(&mut self, node: Node, out: &mut Vec<Inline>) {
        let what = node.descendants().find_map(|n| match n.tag_name().name() {
            "chart" => Some("Word 图表"),
            "relIds" => Some("SmartArt 图形"),
            _ => None,
        });
        if let Some(what) = what {
            self.dropped.drawings.push(what.to_string());
            out.push(Inline::Text(
                format!("〔原文此处有一个{what}，无法导入：请在 Word 里把它另存为图片后放进来〕"),
                Style::default(),
            ));
        }
    }

    fn picture_of(&mut self, rel_id: &str, alt: &str) -> Option<Inline> {
        let rel = self.rels.get(rel_id)?.clone();
        if let Some(&index) = self.picture_of_part.get(&rel.target) {
            return Some(Inline::Picture(index));
        }
        let extension = rel
            .target
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let source = if rel.external {
            PictureSource::Missing(rel.target.clone())
        } else if !PICTURE_TYPES.contains(&extension.as_str()) {
            if !DRAWING_TYPES.contains(&extension.as_str()) {
                // Not a picture at all (a damaged or unusual reference).
                return None;
            }
            let what = format!("无法导入的 Word 图形（{} 格式）", extension.to_uppercase());
            self.dropped.drawings.push(what.clone());
            return Some(Inline::Text(
                format!("〔原文此处有一个{what}，请在 Word 里把它另存为图片后放进来〕"),
                Style::default(),
            ));
        } else {
            match self.package.media(&rel.target) {
                Ok(Some(bytes)) => PictureSource::Bytes(bytes),
                _ => {
                    self.dropped.missing_media += 1;
                    return None;
                }
            }
        };
        let index = self.pictures.len();
        self.pictures.push(Picture {
            extension,
            source,
            alt: alt.to_string(),
            place: String::new(),
        });
        self.picture_of_part.insert(rel.target, index);
        Some(Inline::Picture(index))
    }

    fn table(&mut self, tbl: Node) -> Table {
        let mut rows: Vec<Vec<TableCell>> = Vec::new();
        // Grid column → (row, cell) of the cell a vertical merge continues.
        let mut merge_start: HashMap<u32, (usize, usize)> = HashMap::new();
        for tr in tbl.children().filter(|n| n.tag_name().name() == "tr") {
            let header = child(tr, "trPr")
                .and_then(|p| child(p, "tblHeader"))
                .is_some_and(flag);
            let mut column = child(tr, "trPr")
                .and_then(|p| child(p, "gridBefore"))
                .and_then(|n| attr(n, "val"))
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0);
            let mut row = Vec::new();
            for tc in tr.descendants().filter(|n| n.tag_name().name() == "tc") {
                // Only this table's cells, not those of a table inside one.
                if tc.ancestors().find(|a| a.tag_name().name() == "tbl") != Some(tbl) {
                    continue;
                }
                let tcpr = child(tc, "tcPr");
                let span = tcpr
                    .and_then(|p| child(p, "gridSpan"))
                    .and_then(|n| attr(n, "val"))
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let vmerge = tcpr.and_then(|p| child(p, "vMerge"));
                let continues =
                    vmerge.is_some_and(|v| attr(v, "val").is_none_or(|v| v == "continue"));
                if continues {
                    if let Some(&(r, c)) = merge_start.get(&column) {
                        if let Some(cell) = rows.get_mut(r).and_then(|row| row.get_mut(c)) {
                            cell.rowspan += 1;
                        }
                    }
                    column += span;
                    continue;
                }
                let content = self.cell_content(tc);
                if vmerge.is_some() {
                    merge_start.insert(column, (rows.len(), row.len()));
                } else {
                    merge_start.remove(&column);
                }
                row.push(TableCell {
                    content,
                    colspan: span,
                    rowspan: 1,
                    header,
                });
                column += span;
            }
            if !row.is_empty() {
                rows.push(row);
            }
        }
        Table { rows }
    }

    /// A cell's paragraphs; lists and tables inside a cell become lines.
    fn cell_content(&mut self, tc: Node) -> Vec<Vec<Inline>> {
        let blocks = self.blocks(tc);
        let mut out = Vec::new();
        flatten(blocks, &mut out);
        out
    }
}

/// A description without the note Word adds to one it wrote itself
/// ("A jellyfish in water  Description automatically generated").
fn without_generated_note(description: &str) -> String {
    const NOTES: [&str; 4] = [
        "Description automatically generated",
        "描述已自动生成",
        "自动生成的说明",
        "AI-generated content may be incorrect",
    ];
    let cut = NOTES
        .iter()
        .filter_map(|note| description.find(note))
        .min()
        .unwrap_or(description.len());
    description[..cut]
        .trim()
        .trim_end_matches([',', '，', '.', '。'])
        .trim()
        .to_string()
}

/// Every piece of text under a node, in order, as one run: what is read of
/// a container nested past [`MAX_DEPTH`].
fn flat_text(node: Node) -> Vec<Inline> {
    let text: String = node
        .descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect();
    vec![Inline::Text(clean_text(&text), Style::default())]
}

/// A heading's text without the bold and size Word's heading style gives
/// it anyway (the theme styles headings).
fn plain_heading(inlines: Vec<Inline>) -> Vec<Inline> {
    inlines
        .into_iter()
        .map(|inline| match inline {
            Inline::Text(text, style) => Inline::Text(
                text,
                Style {
                    bold: false,
                    ..style
                },
            ),
            other => other,
        })
        .collect()
}

/// Word's highlight colour names.
fn highlight_color(name: &str) -> Option<String> {
    let hex = match name {
        "yellow" => "#ffff00",
        "green" => "#00ff00",
        "cyan" => "#00ffff",
        "magenta" => "#ff00ff",
        "blue" => "#0000ff",
        "red" => "#ff0000",
        "darkBlue" => "#000080",
        "darkCyan" => "#008080",
        "darkGreen" => "#008000",
        "darkMagenta" => "#800080",
        "darkRed" => "#800000",
        "darkYellow" => "#808000",
        "darkGray" => "#808080",
        "lightGray" => "#c0c0c0",
        _ => return None,
    };
    Some(hex.to_string())
}

/// The page title: the document's title property, else its first heading.
/// A first heading that says the title is not repeated in the body.
pub fn take_title(doc: &mut Document, property: &str) {
    // A heading further in is a section of the draft, not its title: then
    // the file's name is (the caller's fallback).
    let first_heading = doc.blocks.iter().take(3).find_map(|b| match b {
        Block::Heading(_, inlines) => Some(Inline::plain(inlines).trim().to_string()),
        _ => None,
    });
    let title = if property.is_empty() {
        first_heading.unwrap_or_default()
    } else {
        property.to_string()
    };
    if let Some(Block::Heading(_, inlines)) = doc.blocks.first() {
        if Inline::plain(inlines).trim() == title {
            doc.blocks.remove(0);
        }
    }
    doc.title = title;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_s_own_descriptions_lose_their_note() {
        assert_eq!(
            without_generated_note("A jellyfish in water  Description automatically generated"),
            "A jellyfish in water"
        );
        assert_eq!(
            without_generated_note("图片包含 人员, 户外  描述已自动生成"),
            "图片包含 人员, 户外"
        );
        assert_eq!(without_generated_note("义诊现场"), "义诊现场");
    }
}
