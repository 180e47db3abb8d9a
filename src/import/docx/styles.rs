//! What a paragraph's style and numbering make of it. Word names styles by
//! id in the text (`w:pStyle w:val="1"` in a Chinese Word, `Heading1` in
//! an English one), so headings are found through the style's name, its
//! outline level or the styles it is based on; list paragraphs point at a
//! numbering definition that says bullets or numbers per level.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::{attr, child, flag};

/// What a paragraph style makes a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The document's own title (Word's Title style, 标题).
    Title,
    Heading(u8),
    Body,
}

#[derive(Debug, Default)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    /// (numId, ilvl) from the style (List Bullet, List Number).
    numbering: Option<(String, u8)>,
    bold: Option<bool>,
    italic: Option<bool>,
    /// Left indent in twentieths of a point.
    indent: Option<i32>,
}

#[derive(Debug, Default)]
pub struct Styles {
    defs: HashMap<String, StyleDef>,
}

impl Styles {
    pub fn read(xml: Option<&Document>) -> Styles {
        let mut defs = HashMap::new();
        let Some(doc) = xml else {
            return Styles { defs };
        };
        for style in doc.descendants().filter(|n| n.tag_name().name() == "style") {
            let Some(id) = attr(style, "styleId") else {
                continue;
            };
            let ppr = child(style, "pPr");
            let rpr = child(style, "rPr");
            let def = StyleDef {
                name: child(style, "name")
                    .and_then(|n| attr(n, "val"))
                    .unwrap_or_default()
                    .to_string(),
                based_on: child(style, "basedOn")
                    .and_then(|n| attr(n, "val"))
                    .map(String::from),
                outline: ppr
                    .and_then(|p| child(p, "outlineLvl"))
                    .and_then(|n| attr(n, "val"))
                    .and_then(|v| v.parse().ok()),
                numbering: ppr.and_then(numbering_of),
                bold: rpr.and_then(|r| child(r, "b")).map(flag),
                italic: rpr.and_then(|r| child(r, "i")).map(flag),
                indent: ppr.and_then(indent_of),
            };
            defs.insert(id.to_string(), def);
        }
        Styles { defs }
    }

    /// The chain of a style and those it is based on (bounded: a loop in a
    /// damaged file ends).
    fn chain(&self, id: &str) -> Vec<&StyleDef> {
        let mut out = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let Some(def) = self.defs.get(id) else { break };
            out.push(def);
            if out.len() > 16 {
                break;
            }
            next = def.based_on.as_deref();
        }
        out
    }

    pub fn role(&self, style_id: Option<&str>, outline: Option<u8>) -> Role {
        if let Some(level) = outline.filter(|l| *l < 6) {
            return Role::Heading(level + 1);
        }
        let Some(id) = style_id else {
            return Role::Body;
        };
        for def in self.chain(id) {
            if let Some(role) = role_by_name(&def.name) {
                return role;
            }
            if let Some(level) = def.outline.filter(|l| *l < 6) {
                return Role::Heading(level + 1);
            }
        }
        // A style unknown to styles.xml still says what it is by its id.
        role_by_name(id).unwrap_or(Role::Body)
    }

    pub fn numbering(&self, style_id: &str) -> Option<(String, u8)> {
        self.chain(style_id)
            .into_iter()
            .find_map(|d| d.numbering.clone())
    }

    /// The left indent a paragraph style gives.
    pub fn indent(&self, style_id: &str) -> Option<i32> {
        self.chain(style_id).into_iter().find_map(|d| d.indent)
    }

    /// Whether a character style makes its text bold / italic
    /// (Strong, Emphasis, 要点).
    pub fn run_style(&self, style_id: &str) -> (bool, bool) {
        let chain = self.chain(style_id);
        let bold = chain.iter().find_map(|d| d.bold).unwrap_or(false);
        let italic = chain.iter().find_map(|d| d.italic).unwrap_or(false);
        (bold, italic)
    }
}

/// Heading and title styles by name, in English and Chinese Word.
fn role_by_name(name: &str) -> Option<Role> {
    let lower = name.trim().to_lowercase();
    if lower == "title" || lower == "标题" {
        return Some(Role::Title);
    }
    let digits = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?
        .trim();
    let level: u8 = digits.parse().ok()?;
    (1..=6).contains(&level).then_some(Role::Heading(level))
}

/// `w:numPr` of a paragraph's properties: (numId, ilvl); numId 0 means
/// "numbering removed".
pub fn numbering_of(ppr: Node) -> Option<(String, u8)> {
    let num_pr = child(ppr, "numPr")?;
    let id = child(num_pr, "numId").and_then(|n| attr(n, "val"))?;
    let level = child(num_pr, "ilvl")
        .and_then(|n| attr(n, "val"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((id.to_string(), level))
}

/// The left indent of paragraph properties (`w:ind w:left`, or `w:start`
/// in newer files), in twentieths of a point.
pub fn indent_of(ppr: Node) -> Option<i32> {
    let ind = child(ppr, "ind")?;
    attr(ind, "left")
        .or_else(|| attr(ind, "start"))
        .and_then(|v| v.parse().ok())
}

/// Which lists are numbered and which bulleted, per level.
#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// (abstractNumId, ilvl) → whether numbered.
    ordered: HashMap<(String, u8), bool>,
    /// (abstractNumId, ilvl) → left indent: how far in the level is shown.
    indents: HashMap<(String, u8), i32>,
}

impl Numbering {
    pub fn read(xml: Option<&Document>) -> Numbering {
        let mut numbering = Numbering::default();
        let Some(doc) = xml else {
            return numbering;
        };
        for node in doc.descendants() {
            match node.tag_name().name() {
                "abstractNum" => {
                    let Some(id) = attr(node, "abstractNumId") else {
                        continue;
                    };
                    for lvl in node.children().filter(|n| n.tag_name().name() == "lvl") {
                        let level = attr(lvl, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        let format = child(lvl, "numFmt").and_then(|n| attr(n, "val"));
                        let ordered = !matches!(format, Some("bullet" | "none") | None);
                        numbering.ordered.insert((id.to_string(), level), ordered);
                        if let Some(indent) = child(lvl, "pPr").and_then(indent_of) {
                            numbering.indents.insert((id.to_string(), level), indent);
                        }
                    }
                }
                "num" => {
                    let abstract_id = child(node, "abstractNumId").and_then(|n| attr(n, "val"));
                    if let (Some(id), Some(abstract_id)) = (attr(node, "numId"), abstract_id) {
                        numbering
                            .nums
                            .insert(id.to_string(), abstract_id.to_string());
                    }
                }
                _ => {}
            }
        }
        numbering
    }

    /// How far in list `num_id` shows `level`.
    pub fn indent(&self, num_id: &str, level: u8) -> Option<i32> {
        let abstract_id = self.nums.get(num_id)?;
        self.indents.get(&(abstract_id.clone(), level)).copied()
    }

    /// Whether list `num_id` at `level` is numbered; `None` when the
    /// paragraph is not in a list after all (numId 0, or undefined).
    pub fn ordered(&self, num_id: &str, level: u8) -> Option<bool> {
        if num_id == "0" {
            return None;
        }
        let abstract_id = self.nums.get(num_id)?;
        Some(
            self.ordered
                .get(&(abstract_id.clone(), level))
                .copied()
                .unwrap_or(false),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_found_by_name_in_either_language() {
        assert_eq!(role_by_name("heading 2"), Some(Role::Heading(2)));
        assert_eq!(role_by_name("标题 1"), Some(Role::Heading(1)));
        assert_eq!(role_by_name("Title"), Some(Role::Title));
        assert_eq!(role_by_name("Heading 9"), None);
        assert_eq!(role_by_name("Normal"), None);
        assert_eq!(role_by_name("heading"), None);
    }

    #[test]
    fn a_chinese_word_style_id_is_read_through_its_name() {
        let xml = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
          <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
          <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="我的标题"/><w:basedOn w:val="1"/></w:style>
          <w:style w:type="paragraph" w:styleId="loop"><w:name w:val="x"/><w:basedOn w:val="loop"/></w:style>
        </w:styles>"#;
        let doc = Document::parse(xml).unwrap();
        let styles = Styles::read(Some(&doc));
        assert_eq!(styles.role(Some("1"), None), Role::Heading(1));
        assert_eq!(styles.role(Some("a5"), None), Role::Heading(1));
        assert_eq!(styles.role(Some("loop"), None), Role::Body);
        assert_eq!(styles.role(Some("Heading3"), None), Role::Heading(3));
        assert_eq!(styles.role(None, Some(1)), Role::Heading(2));
    }
}
