//! The `<img>` tag pass 2 writes in place of pulldown-cmark's, escaped the
//! way pulldown-cmark escapes links.

use crate::html::escape_into as push_attr;

/// The `<img>` for a Markdown image; lazy loading keeps long photo reports
/// from fetching every picture at once.
pub(super) fn img_tag(src: &str, alt: &str, title: &str) -> String {
    let mut html = String::with_capacity(src.len() + alt.len() + title.len() + 48);
    html.push_str("<img src=\"");
    push_href(&mut html, src);
    html.push_str("\" alt=\"");
    push_attr(&mut html, alt);
    if !title.is_empty() {
        html.push_str("\" title=\"");
        push_attr(&mut html, title);
    }
    html.push_str("\" loading=\"lazy\" />");
    html
}

/// URL escaping matching pulldown-cmark's `href` writer, so links and images
/// are encoded the same way.
pub(super) fn push_href(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            b if b.is_ascii_alphanumeric() || b"!#$%()*+,-./:;=?@^_~".contains(&b) => {
                out.push(char::from(b));
            }
            b => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
}
