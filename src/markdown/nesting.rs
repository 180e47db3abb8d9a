//! How deep raw HTML in a body nests, counted as a browser would, before
//! the HTML parser sees it: html5ever looks through every open element at
//! each new one, so a hundred thousand nested `<div>`s would take half a
//! minute (issue 15's hostile input). Deeper than [`MAX_DEPTH`] is refused.

/// Deeper than any editor's layout (秀米 nests about 20). Browsers stop
/// nesting at 512.
pub(super) const MAX_DEPTH: usize = 256;

/// Elements without content: never open.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out (`<p>`, `<li>`, `<td>` in old
/// CMS tables): the next one closes them, so they never nest.
const OPTIONAL_END: [&str; 17] = [
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
    "colgroup", "caption", "rb", "rt", "rp",
];

/// The elements open so far in a body's raw HTML, across its fragments.
#[derive(Debug, Default)]
pub(super) struct OpenElements {
    stack: Vec<String>,
    /// Inside `<svg>` or `<math>`, where `<path/>` closes itself.
    foreign: usize,
}

impl OpenElements {
    /// Takes in one fragment of raw HTML; the most elements open at any
    /// point of it.
    pub(super) fn take(&mut self, html: &str) -> usize {
        let mut deepest = self.stack.len();
        for tag in html.split('<').skip(1) {
            let inside = tag.split('>').next().unwrap_or("");
            if let Some(end) = inside.strip_prefix('/') {
                self.close(&tag_name(end));
                continue;
            }
            let name = tag_name(inside);
            let self_closed = inside.ends_with('/') && self.foreign > 0;
            if name.is_empty()
                || self_closed
                || VOID.contains(&name.as_str())
                || OPTIONAL_END.contains(&name.as_str())
            {
                continue;
            }
            if name == "svg" || name == "math" {
                self.foreign += 1;
            }
            self.stack.push(name);
            deepest = deepest.max(self.stack.len());
        }
        deepest
    }

    /// An end tag closes its element and any left open inside it; one
    /// without an open element is ignored, as the parser does.
    fn close(&mut self, name: &str) {
        if let Some(at) = self.stack.iter().rposition(|open| open == name) {
            for closed in self.stack.drain(at..) {
                if closed == "svg" || closed == "math" {
                    self.foreign = self.foreign.saturating_sub(1);
                }
            }
        }
    }
}

fn tag_name(inside: &str) -> String {
    let name: String = inside
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deepest(html: &str) -> usize {
        OpenElements::default().take(html)
    }

    #[test]
    fn counts_as_a_browser_nests() {
        assert_eq!(
            deepest("<section><p>一<br>二<img src=a.jpg></p></section>"),
            1
        );
        assert_eq!(deepest("<div><div><span>x</span></div></div>"), 3);
        // An old CMS table: rows and cells without end tags never nest.
        let table = format!("<table>{}</table>", "<tr><td>1<td>2<td>3".repeat(200));
        assert_eq!(deepest(&table), 1);
        // 秀米's SVG decorations close their own shapes.
        assert_eq!(
            deepest("<svg><g><path d=\"M0 0\"/><circle r=\"1\"/></g></svg>"),
            2
        );
    }

    #[test]
    fn tricks_do_not_hide_depth() {
        // `<div/>` opens a div in HTML.
        assert_eq!(deepest(&"<div/>".repeat(300)), 300);
        // An end tag with nothing open is ignored, not counted down.
        assert_eq!(deepest(&"<div></b>".repeat(300)), 300);
        // Across fragments.
        let mut open = OpenElements::default();
        open.take(&"<div>".repeat(200));
        assert_eq!(open.take(&"<span>".repeat(100)), 300);
        // A closing tag closes what is left open inside it.
        let mut open = OpenElements::default();
        open.take("<div><span><b>");
        open.take("</div>");
        assert_eq!(open.take("<i>"), 1);
    }
}
