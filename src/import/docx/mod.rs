//! Word drafts (`.docx`) read into a [`Document`].
//!
//! Written on `zip` (already used for ledgers and packages) and roxmltree
//! rather than a docx crate: `undocx` goes straight to Markdown with its
//! own picture names and no HTML for merged cells or colour, and
//! `docx-rs` is a writer first whose reader drops numbering formats. What
//! a draft needs is small — paragraphs, runs, styles by name (Chinese Word
//! names its heading style `1`), numbering, tables with merges, pictures,
//! footnotes — and every read here is bounded and fuzzed
//! (`fuzz/fuzz_targets/docx.rs`).

mod body;
mod lists;
mod package;
mod styles;

use roxmltree::{Document as Xml, Node, ParsingOptions};

use super::document::{clean_text, Document};
use super::ImportError;
use package::Package;
use styles::{Numbering, Styles};

/// What a `.docx` says. `bytes` is the whole file.
pub fn read(bytes: &[u8]) -> Result<Document, ImportError> {
    let mut package = Package::open(bytes)?;
    let main = package.main_part()?;
    let folder = main.rsplit_once('/').map_or("", |(f, _)| f).to_string();
    let part = |name: &str| format!("{folder}/{name}");

    // Each side part is read into plain maps and let go before the next:
    // a bomb's parts are never all held at once. The text is in the main
    // part; a damaged side part costs headings or notes, not the draft.
    let styles = {
        let xml = package.xml(&part("styles.xml"))?;
        Styles::read(xml.as_deref().and_then(optional_xml).as_ref())
    };
    let numbering = {
        let xml = package.xml(&part("numbering.xml"))?;
        Numbering::read(xml.as_deref().and_then(optional_xml).as_ref())
    };
    let rels = package.rels_of(&main)?;
    let note_parts = [part("footnotes.xml"), part("endnotes.xml")];
    let mut note_rels = Vec::new();
    for name in &note_parts {
        note_rels.push(package.rels_of(name)?);
    }
    let mut notes_xml = Vec::new();
    for name in &note_parts {
        notes_xml.push(package.xml(name)?);
    }
    let mut reader = body::Reader::new(&mut package, rels, &styles, &numbering);
    for ((xml, rels), endnote) in notes_xml.into_iter().zip(note_rels).zip([false, true]) {
        if let Some(doc) = xml.as_deref().and_then(optional_xml) {
            reader.notes(&doc, rels, endnote);
        }
    }
    let blocks = {
        let Some(main_xml) = reader.package().xml(&main)? else {
            return Err(ImportError::Damaged);
        };
        let main_doc = parse_xml(&main_xml)?;
        let Some(body) = main_doc
            .descendants()
            .find(|n| n.tag_name().name() == "body")
        else {
            return Err(ImportError::Damaged);
        };
        reader.blocks(body)
    };
    let mut doc = reader.finish(blocks);

    let core = package.xml("docProps/core.xml")?;
    let core = core.as_deref().and_then(optional_xml);
    let property = |name: &str| {
        core.as_ref()
            .and_then(|c| c.descendants().find(|n| n.tag_name().name() == name))
            .and_then(|n| n.text())
            .map(|t| clean_text(t).trim().to_string())
            .unwrap_or_default()
    };
    body::take_title(&mut doc, &property("title"));
    doc.author = author(&property("creator"));
    Ok(doc)
}

/// The document's author, unless it is what Word writes for no one in
/// particular (the PC's user account, a template's maker).
fn author(creator: &str) -> String {
    const NOBODY: &[&str] = &[
        "administrator",
        "admin",
        "user",
        "微软用户",
        "微软中国",
        "windows 用户",
        "windows user",
        "microsoft office user",
        "microsoft office 用户",
        "python-docx",
        "unknown",
        "lenovo",
        "dell",
        "hp",
        "thinkpad",
    ];
    let lower = creator.to_lowercase();
    if NOBODY.contains(&lower.as_str()) || creator.chars().count() > 20 {
        String::new()
    } else {
        creator.to_string()
    }
}

/// XML of a part: no DTD (so no entity expansion), as Word never writes one.
pub(super) fn parse_xml(text: &str) -> Result<Xml<'_>, ImportError> {
    let options = ParsingOptions {
        allow_dtd: false,
        // A 300-page report has a few hundred thousand; a zip bomb's
        // millions would take gigabytes as a tree.
        nodes_limit: 4_000_000,
    };
    Xml::parse_with_options(text, options).map_err(|_| ImportError::Damaged)
}

/// A part whose loss the import survives, if it can be read.
fn optional_xml(text: &str) -> Option<Xml<'_>> {
    parse_xml(text).ok()
}

/// An attribute by local name (`w:val` → `val`): Word's own and "strict"
/// documents use different namespaces for the same names.
pub(super) fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

/// The first child element with a local name.
pub(super) fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// A toggle property (`<w:b/>`, `<w:b w:val="false"/>`).
pub(super) fn flag(node: Node) -> bool {
    !matches!(attr(node, "val"), Some("0" | "false" | "off" | "none"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_name_is_no_author() {
        assert_eq!(author("Administrator"), "");
        assert_eq!(author("微软用户"), "");
        assert_eq!(author("张伟"), "张伟");
    }

    #[test]
    fn a_dtd_is_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>"#;
        assert!(matches!(parse_xml(bomb), Err(ImportError::Damaged)));
    }
}
