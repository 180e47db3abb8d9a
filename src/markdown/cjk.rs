//! The CJK emphasis pass: `**注意：**请` and the like, which CommonMark leaves
//! as literal asterisks, become emphasis (see [`cjk_emphasis`]). Also the
//! character classes the rest of the module uses to tell CJK text apart.

use pulldown_cmark::{Event, Tag};
use std::ops::Range;

/// Character classes for the flanking rules.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Space,
    /// Punctuation and symbols outside CJK.
    Punct,
    /// CJK punctuation: `，。：；（）「」` and the like.
    CjkPunct,
    /// Han, kana, hangul, full-width letters and digits.
    Cjk,
    /// Other letters and digits.
    Other,
}

impl Class {
    pub(super) fn of(c: char) -> Class {
        if c.is_whitespace() {
            Class::Space
        } else if is_cjk_punct(c) {
            Class::CjkPunct
        } else if is_cjk_letter(c) || ('\u{FF10}'..='\u{FF5A}').contains(&c) {
            Class::Cjk
        } else if c.is_alphanumeric() {
            Class::Other
        } else {
            Class::Punct
        }
    }

    fn is_punct(self) -> bool {
        matches!(self, Class::Punct | Class::CjkPunct)
    }

    pub(super) fn is_cjk(self) -> bool {
        matches!(self, Class::Cjk | Class::CjkPunct)
    }
}

pub(super) fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        // The quotes, dash and ellipsis Chinese text uses (“七一”、——、……),
        // which sit outside the CJK blocks.
        '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2014}' | '\u{2026}'
        | '\u{3001}'..='\u{3004}'
        | '\u{3008}'..='\u{3020}'
        | '\u{3030}'
        | '\u{303D}'
        | '\u{30FB}'
        | '\u{FE10}'..='\u{FE1F}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
}

pub(super) fn is_cjk_letter(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3040}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{3100}'..='\u{312F}'
        | '\u{3130}'..='\u{318F}'
        | '\u{31A0}'..='\u{31BF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Adjacent `Text` events of a run, joined.
struct TextNode {
    text: String,
    /// Byte offsets of `*`/`~` that are not Markdown delimiters: escaped
    /// (`\*`), from entities, or from raw HTML shown as text.
    literal: Vec<usize>,
}

enum Node {
    Text(usize),
    Event(usize),
}

/// A `*`/`**`/`~~` run that pulldown-cmark left as text and that may pair
/// under the CJK-friendly rules.
struct Delim {
    node: usize,
    start: usize,
    len: usize,
    ch: u8,
    can_open: bool,
    can_close: bool,
    remaining: usize,
    /// Delimiters used for openings / closings, in the order they matched
    /// (innermost first).
    opens: Vec<usize>,
    closes: Vec<usize>,
}

/// CommonMark's flanking rules do not let `**注意：**请` close: the closing
/// `**` follows punctuation and precedes a letter. Following the spirit of
/// the "CommonMark CJK-friendly amendments", a delimiter run next to CJK text
/// may open or close when punctuation is on one side and a CJK character on
/// the other. pulldown-cmark has already paired everything CommonMark can;
/// this pairs the leftover `*`/`~~` text, only where a CJK character or CJK
/// punctuation touches the run, so non-CJK text renders exactly as
/// CommonMark says. Pairs never cross an inline element's boundary.
pub(super) fn cjk_emphasis<'a>(
    run: Vec<(Event<'a>, Range<usize>)>,
    body: &str,
    out: &mut Vec<Event<'a>>,
) {
    let candidates = run
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if t.contains(['*', '~'])));
    if !candidates {
        out.extend(run.into_iter().map(|(e, _)| e));
        return;
    }

    let (texts, nodes) = text_nodes(&run, body);
    let (delims, matched) = paired_delims(&run, &nodes, &texts);
    if !matched {
        out.extend(run.into_iter().map(|(e, _)| e));
        return;
    }
    push_with_emphasis(run, &nodes, &texts, &delims, out);
}

/// The run as nodes: each stretch of adjacent `Text` events joined into one
/// [`TextNode`] (emphasis may pair across them), every other event by index.
fn text_nodes(run: &[(Event, Range<usize>)], body: &str) -> (Vec<TextNode>, Vec<Node>) {
    let mut texts: Vec<TextNode> = Vec::new();
    let mut nodes: Vec<Node> = Vec::with_capacity(run.len());
    for (i, (event, range)) in run.iter().enumerate() {
        let Event::Text(t) = event else {
            nodes.push(Node::Event(i));
            continue;
        };
        if !matches!(nodes.last(), Some(Node::Text(_))) {
            nodes.push(Node::Text(texts.len()));
            texts.push(TextNode {
                text: String::new(),
                literal: Vec::new(),
            });
        }
        let Some(node) = texts.last_mut() else {
            continue;
        };
        // Text that is exactly its source is Markdown; pulldown-cmark starts
        // a new Text event after a backslash escape, so only the first byte
        // can be escaped.
        let verbatim = body.get(range.clone()) == Some(&**t);
        let escaped_first = range.start > 0 && body.as_bytes().get(range.start - 1) == Some(&b'\\');
        let base = node.text.len();
        for (j, b) in t.bytes().enumerate() {
            if (b == b'*' || b == b'~') && (!verbatim || (j == 0 && escaped_first)) {
                node.literal.push(base + j);
            }
        }
        node.text.push_str(t);
    }
    (texts, nodes)
}

/// The delimiter runs of every text node, paired within the inline element
/// that holds them; and whether anything paired.
fn paired_delims(
    run: &[(Event, Range<usize>)],
    nodes: &[Node],
    texts: &[TextNode],
) -> (Vec<Delim>, bool) {
    let mut delims: Vec<Delim> = Vec::new();
    // Delimiters of each open inline element (and of the run itself); pairs
    // are only made within one list.
    let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
    let mut matched = false;
    for (n, node) in nodes.iter().enumerate() {
        match node {
            Node::Event(i) => match run.get(*i).map(|(e, _)| e) {
                Some(Event::Start(_)) => groups.push(Vec::new()),
                Some(Event::End(_)) if groups.len() > 1 => {
                    if let Some(group) = groups.pop() {
                        matched |= pair_delims(&mut delims, &group);
                    }
                }
                _ => {}
            },
            Node::Text(k) => {
                let before = n.checked_sub(1).map(|p| boundary_class(nodes, run, p));
                let after = boundary_class(nodes, run, n + 1);
                if let (Some(text), Some(group)) = (texts.get(*k), groups.last_mut()) {
                    find_delims(
                        text,
                        *k,
                        before.unwrap_or(Class::Space),
                        after,
                        &mut delims,
                        group,
                    );
                }
            }
        }
    }
    while let Some(group) = groups.pop() {
        matched |= pair_delims(&mut delims, &group);
    }
    (delims, matched)
}

/// The run's events with each text node re-cut around its paired
/// delimiters, which become emphasis, strong or strikethrough tags.
fn push_with_emphasis<'a>(
    run: Vec<(Event<'a>, Range<usize>)>,
    nodes: &[Node],
    texts: &[TextNode],
    delims: &[Delim],
    out: &mut Vec<Event<'a>>,
) {
    let mut events: Vec<Option<Event<'a>>> = run.into_iter().map(|(e, _)| Some(e)).collect();
    let mut d = 0;
    for node in nodes {
        match *node {
            Node::Event(i) => {
                if let Some(e) = events.get_mut(i).and_then(Option::take) {
                    out.push(e);
                }
            }
            Node::Text(k) => {
                let Some(TextNode { text, .. }) = texts.get(k) else {
                    continue;
                };
                let mut pos = 0;
                while let Some(delim) = delims.get(d).filter(|dl| dl.node == k) {
                    d += 1;
                    if delim.opens.is_empty() && delim.closes.is_empty() {
                        continue;
                    }
                    push_owned_text(out, text.get(pos..delim.start));
                    for &n in &delim.closes {
                        out.push(Event::End(emphasis_tag(delim.ch, n).to_end()));
                    }
                    // Closings use the run's leftmost characters, openings its
                    // rightmost; unused ones stay text in between.
                    let used_left: usize = delim.closes.iter().sum();
                    let lit = delim.start + used_left;
                    push_owned_text(out, text.get(lit..lit + delim.remaining));
                    for &n in delim.opens.iter().rev() {
                        out.push(Event::Start(emphasis_tag(delim.ch, n)));
                    }
                    pos = delim.start + delim.len;
                }
                push_owned_text(out, text.get(pos..));
            }
        }
    }
}

fn push_owned_text(out: &mut Vec<Event<'_>>, text: Option<&str>) {
    if let Some(text) = text.filter(|t| !t.is_empty()) {
        out.push(Event::Text(text.to_string().into()));
    }
}

fn emphasis_tag(ch: u8, n: usize) -> Tag<'static> {
    match (ch, n) {
        (b'~', _) => Tag::Strikethrough,
        (_, 2) => Tag::Strong,
        _ => Tag::Emphasis,
    }
}

/// What a delimiter next to a non-text node sees: line breaks are spaces,
/// an element edge stands for its `[`, `]`, `` ` `` or `)` (punctuation), and
/// the run's edges are the start/end of a line.
fn boundary_class(nodes: &[Node], run: &[(Event, Range<usize>)], n: usize) -> Class {
    match nodes.get(n) {
        None => Class::Space,
        Some(Node::Text(_)) => Class::Other,
        Some(Node::Event(i)) => match run.get(*i).map(|(e, _)| e) {
            Some(Event::SoftBreak | Event::HardBreak | Event::TaskListMarker(_)) | None => {
                Class::Space
            }
            Some(_) => Class::Punct,
        },
    }
}

fn find_delims(
    node: &TextNode,
    node_index: usize,
    before: Class,
    after: Class,
    delims: &mut Vec<Delim>,
    group: &mut Vec<usize>,
) {
    let text = &node.text;
    let bytes = text.as_bytes();
    let is_delim = |i: usize, ch: u8| bytes.get(i) == Some(&ch) && !node.literal.contains(&i);
    let mut i = 0;
    while i < bytes.len() {
        let ch = bytes[i];
        if !(ch == b'*' || ch == b'~') || !is_delim(i, ch) {
            i += 1;
            continue;
        }
        let start = i;
        while is_delim(i, ch) {
            i += 1;
        }
        let len = i - start;
        // GFM strikethrough pairs `~~` with `~~` only.
        if ch == b'~' && len != 2 {
            continue;
        }
        let prev = text[..start].chars().next_back().map_or(before, Class::of);
        let next = text[i..].chars().next().map_or(after, Class::of);
        if !(prev.is_cjk() || next.is_cjk()) {
            continue;
        }
        let left = next != Class::Space
            && (!next.is_punct() || prev == Class::Space || prev.is_punct() || prev.is_cjk());
        let right = prev != Class::Space
            && (!prev.is_punct() || next == Class::Space || next.is_punct() || next.is_cjk());
        if !(left || right) {
            continue;
        }
        group.push(delims.len());
        delims.push(Delim {
            node: node_index,
            start,
            len,
            ch,
            can_open: left,
            can_close: right,
            remaining: len,
            opens: Vec::new(),
            closes: Vec::new(),
        });
    }
}

/// CommonMark's "process emphasis" over one group's delimiters (in order),
/// with its rule of three and openers-bottom shortcut. Returns whether
/// anything paired.
fn pair_delims(delims: &mut [Delim], group: &[usize]) -> bool {
    let mut matched = false;
    let mut stack: Vec<usize> = Vec::new();
    // Per (char, closer can open, closer length % 3): openers before this
    // delimiter index are known not to match.
    let mut bottom = [0usize; 12];
    for &c in group {
        let Some(closer) = delims.get(c) else {
            continue;
        };
        if closer.can_close {
            let key = usize::from(closer.ch == b'~') * 6
                + usize::from(closer.can_open) * 3
                + closer.len % 3;
            loop {
                // The stack is in document order, so the scan can stop at
                // the first opener below the bottom.
                let found = stack
                    .iter()
                    .rev()
                    .take_while(|&&o| o >= bottom[key])
                    .position(|&o| can_pair(&delims[o], &delims[c]))
                    .map(|from_top| stack.len() - 1 - from_top);
                let Some(k) = found else {
                    bottom[key] = c;
                    break;
                };
                let o = stack[k];
                let n = if delims[o].ch == b'~'
                    || (delims[o].remaining >= 2 && delims[c].remaining >= 2)
                {
                    2
                } else {
                    1
                };
                delims[o].remaining -= n;
                delims[o].opens.push(n);
                delims[c].remaining -= n;
                delims[c].closes.push(n);
                matched = true;
                // Delimiters between a pair can no longer pair.
                stack.truncate(k + 1);
                if delims[o].remaining == 0 {
                    stack.pop();
                }
                if delims[c].remaining == 0 {
                    break;
                }
            }
        }
        if delims[c].remaining > 0 && delims[c].can_open {
            stack.push(c);
        }
    }
    matched
}

fn can_pair(opener: &Delim, closer: &Delim) -> bool {
    if opener.ch != closer.ch || !opener.can_open || opener.remaining == 0 {
        return false;
    }
    if opener.ch == b'~' {
        return opener.remaining == 2 && closer.remaining == 2;
    }
    // Rule of three: a run that can both open and close does not pair with
    // one whose lengths sum to a multiple of 3, unless both are.
    let both = opener.can_close || closer.can_open;
    !(both
        && (opener.len + closer.len).is_multiple_of(3)
        && !(opener.len.is_multiple_of(3) && closer.len.is_multiple_of(3)))
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::{html, inline};

    #[test]
    fn cjk_strong_after_punctuation() {
        assert_eq!(
            inline("**注意：**请按时就诊"),
            "<strong>注意：</strong>请按时就诊"
        );
        assert_eq!(
            inline("这是**我想做的事。**所以继续。"),
            "这是<strong>我想做的事。</strong>所以继续。"
        );
    }

    #[test]
    fn cjk_strong_around_curly_quotes() {
        // What imports of Word drafts and WeChat articles often hold.
        assert_eq!(
            inline("**“120救在身边”**志愿服务"),
            "<strong>“120救在身边”</strong>志愿服务"
        );
        assert_eq!(
            inline("开展*“我为群众办实事”*活动"),
            "开展<em>“我为群众办实事”</em>活动"
        );
    }

    #[test]
    fn cjk_emphasis_and_strikethrough() {
        assert_eq!(inline("*强调（括号）*继续"), "<em>强调（括号）</em>继续");
        assert_eq!(
            inline("~~删除（括号）。~~继续"),
            "<del>删除（括号）。</del>继续"
        );
    }

    #[test]
    fn cjk_leftovers_pair_around_existing_strong() {
        assert_eq!(
            inline("**真，**她，**务必**带上"),
            "<strong>真，</strong>她，<strong>务必</strong>带上"
        );
    }

    #[test]
    fn cjk_strong_around_elements_and_nested() {
        assert_eq!(
            inline("**见[通知](https://a.cn)。**然后"),
            "<strong>见<a href=\"https://a.cn\">通知</a>。</strong>然后"
        );
        assert_eq!(
            inline("***注意：***请"),
            "<em><strong>注意：</strong></em>请"
        );
        // In a heading, a table cell and a tight list item.
        assert!(html("## **注意：**请").contains("<strong>注意：</strong>请</h2>"));
        assert!(
            html("| a |\n|---|\n| **注意：**请 |").contains("<td><strong>注意：</strong>请</td>")
        );
        assert!(html("- **注意：**请\n- b").contains("<li><strong>注意：</strong>请</li>"));
    }

    #[test]
    fn cjk_fix_leaves_code_escapes_and_unpaired_alone() {
        assert_eq!(inline("`**注意：**代码`"), "<code>**注意：**代码</code>");
        assert!(html("```\n**注意：**代码\n```").contains("**注意：**代码"));
        assert_eq!(inline("\\*注意：*请"), "*注意：*请");
        assert_eq!(inline("\\*\\*注意：\\*\\*请"), "**注意：**请");
        assert_eq!(inline("只有一个*星号。"), "只有一个*星号。");
        assert_eq!(inline("**注意：请"), "**注意：请");
        // Raw HTML shown as text is not Markdown.
        assert_eq!(
            inline("<b>**注意：**请"),
            "&lt;b&gt;<strong>注意：</strong>请"
        );
    }

    #[test]
    fn non_cjk_emphasis_is_commonmark() {
        assert_eq!(inline("**bold** text"), "<strong>bold</strong> text");
        assert_eq!(inline("a*b*c"), "a<em>b</em>c");
        assert_eq!(inline("**foo,**bar"), "**foo,**bar");
    }
}
