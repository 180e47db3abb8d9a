//! Word's list paragraphs as nested lists: by how far in each is shown
//! (python-docx and older Word nest a list by starting another one further
//! in), else by Word's list level; a numbered list a picture interrupts
//! goes on counting.

use std::collections::HashMap;

use crate::import::document::{Block, Inline};

/// A paragraph of a list.
#[derive(Debug, Clone)]
pub(super) struct ListPara {
    /// Word's list level (`w:ilvl`).
    pub(super) level: u8,
    pub(super) ordered: bool,
    pub(super) inlines: Vec<Inline>,
    /// How far in it is shown: python-docx and older Word nest a list by
    /// starting another list further in, at level 0.
    pub(super) indent: Option<i32>,
    /// Word's list (`w:numId`): a list a picture or a paragraph interrupts
    /// goes on counting from where it was.
    pub(super) num_id: String,
}

/// Consecutive list paragraphs as one list, nested by how far in each is
/// shown when all say so, else by their list level.
pub(super) fn flush_list(
    out: &mut Vec<Block>,
    items: &mut Vec<ListPara>,
    counted: &mut HashMap<String, u32>,
) {
    if items.is_empty() {
        return;
    }
    let mut taken = std::mem::take(items);
    if taken.iter().all(|i| i.indent.is_some()) {
        let mut indents: Vec<i32> = taken.iter().filter_map(|i| i.indent).collect();
        indents.sort_unstable();
        indents.dedup();
        for item in &mut taken {
            let rank = indents
                .iter()
                .position(|&i| Some(i) == item.indent)
                .unwrap_or(0);
            item.level = u8::try_from(rank).unwrap_or(u8::MAX).max(item.level);
        }
    }
    let mut list = nest(&taken);
    if let Block::List {
        ordered: true,
        items,
        start,
    } = &mut list
    {
        let shown = counted.entry(taken[0].num_id.clone()).or_insert(0);
        *start = *shown + 1;
        *shown += u32::try_from(items.len()).unwrap_or(u32::MAX);
    }
    out.push(list);
}

fn nest(items: &[ListPara]) -> Block {
    let top = items.iter().map(|i| i.level).min().unwrap_or(0);
    let ordered = items
        .iter()
        .find(|i| i.level == top)
        .is_some_and(|i| i.ordered);
    let mut list_items: Vec<Vec<Block>> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let first = &items[i];
        // Deeper items before the first top-level one hang on an empty item.
        let mut item = if first.level == top {
            i += 1;
            vec![Block::Paragraph(first.inlines.clone())]
        } else {
            Vec::new()
        };
        let deeper = items[i..].iter().take_while(|p| p.level > top).count();
        if deeper > 0 {
            item.push(nest(&items[i..i + deeper]));
            i += deeper;
        }
        list_items.push(item);
    }
    Block::List {
        ordered,
        items: list_items,
        start: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::Style;

    fn item(level: u8, text: &str) -> ListPara {
        ListPara {
            level,
            ordered: true,
            inlines: vec![Inline::Text(text.into(), Style::default())],
            indent: None,
            num_id: "1".into(),
        }
    }

    #[test]
    fn list_levels_nest() {
        let list = nest(&[
            item(0, "一"),
            item(1, "一.1"),
            item(1, "一.2"),
            item(0, "二"),
        ]);
        let Block::List { items, .. } = list else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].len(), 2, "the first item holds the nested list");
        assert!(matches!(&items[0][1], Block::List { items, .. } if items.len() == 2));
        // A list starting deeper than it goes on does not lose items.
        let Block::List { items, .. } = nest(&[item(1, "a"), item(0, "b")]) else {
            panic!()
        };
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn a_list_shown_further_in_nests_even_at_level_zero() {
        let at = |indent, text| ListPara {
            indent: Some(indent),
            ..item(0, text)
        };
        let mut out = Vec::new();
        let mut items = vec![at(360, "一"), at(720, "一.1"), at(360, "二")];
        let mut counted = HashMap::new();
        flush_list(&mut out, &mut items, &mut counted);
        // The same list after a picture goes on at 3.
        flush_list(&mut out, &mut vec![at(360, "三")], &mut counted);
        assert!(matches!(&out[1], Block::List { start: 3, .. }));
        let Block::List { items, .. } = &out[0] else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[0][1], Block::List { items, .. } if items.len() == 1));
    }
}
