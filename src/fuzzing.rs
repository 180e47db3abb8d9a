//! Ways in for the fuzzer (`fuzz/`, issue 15): each takes arbitrary bytes
//! as a user might hand them to pinpai and runs them through one parser as
//! the build does. None may panic, hang or abort; each also checks what
//! must hold of its result whatever the input (no script survives the
//! sanitizer, a slug is plain letters and digits). Also run, on every
//! input the fuzzer ever crashed on, by the tests below.

use std::path::Path;
use std::sync::OnceLock;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::{parse_page_text, Parsed};
use crate::markdown::{self, Found, LinkTarget, RawHtml};

/// The kinds of page, each with its own fields.
const SECTIONS: [&str; 6] = ["branches", "members", "volunteer", "news", "", "news/2024"];

/// `site.yaml`, as its bytes.
pub fn site_config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = Config::parse(&text, &mut Diagnostics::new());
}

fn example_config() -> Option<&'static Config> {
    static CONFIG: OnceLock<Option<Config>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let text = "title: 党建之窗\nhospital: 江州市第一人民医院\n";
            Config::parse(text, &mut Diagnostics::new())
        })
        .as_ref()
}

/// A content file: front matter typed by its section, then its body as the
/// build renders it. The first byte picks the section.
pub fn page(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let section = SECTIONS[usize::from(pick) % SECTIONS.len()];
    let file = match section {
        "" => "关于我们.md".to_string(),
        s => format!("{s}/页面.md"),
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut diags = Diagnostics::new();
    let Some(config) = example_config() else {
        unreachable!("the example site.yaml parses");
    };
    if let Parsed::Page(page) = parse_page_text(&file, text, config, &mut diags) {
        assert!(
            page.url.starts_with('/') && !page.url.contains(".."),
            "{}",
            page.url
        );
        render_body(&page.body, RawHtml::Sanitize);
    }
}

/// A body's Markdown, in each way `markdown.html` can treat raw HTML (the
/// first byte picks), with `@/` links, images and files that resolve or not.
pub fn markdown(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let raw = match pick % 3 {
        0 => RawHtml::Sanitize,
        1 => RawHtml::Escape,
        _ => RawHtml::Trust,
    };
    render_body(&String::from_utf8_lossy(rest), raw);
}

fn render_body(body: &str, raw: RawHtml) {
    // Targets whose name has an even length resolve, the others do not, so
    // that both paths are taken.
    let resolve = |target: LinkTarget| -> Result<Found, String> {
        let name = match target {
            LinkTarget::Page(p)
            | LinkTarget::Image(p)
            | LinkTarget::Media(p)
            | LinkTarget::File(p) => p,
        };
        if name.len() % 2 == 0 {
            Ok(Found::from(format!("/found/{}", name.len())))
        } else {
            Err(format!("找不到 {name}"))
        }
    };
    let rendered = markdown::render_with(body, raw, &resolve);
    if raw != RawHtml::Trust {
        assert_no_script(&rendered.html);
    }
    let summary = rendered.summary_text.as_deref().unwrap_or(&rendered.text);
    let cut = markdown::truncate_chars(summary, 120);
    assert!(cut.chars().count() <= 121, "{cut}");
    let _ = markdown::reading_minutes(&rendered.text);
}

/// Pasted HTML (WeChat, 秀米), cleaned as a body's is.
pub fn sanitize(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    let cleaned = markdown::sanitize_html(&html);
    assert_no_script(&cleaned);
    let _ = markdown::removed_by_sanitizer(&html);
}

/// What a page could run: a `<script>` or `<iframe>`, an event attribute,
/// a `javascript:` URL in an attribute that holds a URL (however its
/// letters are written as entities, which a browser decodes). Text may say
/// anything, and so may `alt`, `title` or `id`: text is escaped, so
/// everything between `<` and `>` is markup.
fn assert_no_script(html: &str) {
    for tag in html.split('<').skip(1) {
        let Some((name, attributes)) = parse_tag(tag) else {
            continue;
        };
        assert!(
            !["script", "iframe", "object", "embed"].contains(&name.as_str()),
            "<{name}> in: {html}"
        );
        for (attribute, value) in attributes {
            assert!(
                !attribute.starts_with("on"),
                "event attribute {attribute} in: {html}"
            );
            if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                let url: String = decode_entities(&value)
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !["javascript:", "vbscript:", "data:text/html"]
                        .iter()
                        .any(|scheme| url.starts_with(scheme)),
                    "script URL in {attribute}: {html}"
                );
            }
        }
    }
}

/// Attributes whose value a browser follows as an address.
const URL_ATTRIBUTES: [&str; 12] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "xlink:href",
    "background",
    "srcset",
    "data",
    "cite",
    "ping",
    "manifest",
];

/// A start tag's name and attributes (lowercase names, raw values), as a
/// browser reads them: values in quotes may hold spaces and `>`-free text.
fn parse_tag(tag: &str) -> Option<(String, Vec<(String, String)>)> {
    let inside = tag.split('>').next().unwrap_or("");
    let name: String = inside
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None; // an end tag, a comment, or `<` as text (`<1`)
    }
    let mut rest = &inside[name.len()..];
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return Some((name, attributes));
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let attribute = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let value = match rest.strip_prefix('=') {
            Some(after) => {
                let after = after.trim_start();
                let (value, remaining) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = &after[1..];
                        let close = body.find(q).unwrap_or(body.len());
                        (&body[..close], body.get(close + 1..).unwrap_or(""))
                    }
                    _ => {
                        let close = after.find(char::is_whitespace).unwrap_or(after.len());
                        (&after[..close], &after[close..])
                    }
                };
                rest = remaining;
                value.to_string()
            }
            None => String::new(),
        };
        if attribute.is_empty() {
            // A stray `=`: skip a character so the loop moves on.
            rest = rest.get(1..).unwrap_or("");
            continue;
        }
        attributes.push((attribute, value));
    }
}

/// Numeric character references and the named ones that spell a URL
/// scheme (`&colon;`, `&tab;`, `&newline;`).
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let number = match name.strip_prefix('#') {
                Some(n) => match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                },
                None => None,
            };
            match name {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                _ => number.and_then(char::from_u32),
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A title or file name made into a URL slug.
pub fn slug(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let slug = crate::slug::slugify(&text);
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{text:?} → {slug:?}"
    );
    assert!(
        !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
        "{text:?} → {slug:?}"
    );
    assert_eq!(crate::slug::slugify(&slug), slug, "{text:?}");
    let _ = crate::load::section_slug(&text);
}

/// A volunteer ledger; the first byte picks `.xlsx` or `.csv`.
pub fn ledger(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = if pick % 2 == 0 {
        "台账.xlsx"
    } else {
        "台账.csv"
    };
    let mut diags = Diagnostics::new();
    let _ = crate::ledger::read_ledger_bytes(Path::new(name), rest, name, &mut diags);
}

/// Where the fuzzer's input is split into the parts of a Word document.
const PART_SEPARATOR: &[u8] = b"\xFF|";

/// The parts of a `.docx` a fuzz input holds, in this order, separated by
/// [`PART_SEPARATOR`] (tools/fuzz.py makes the seeds from real documents).
const DOCX_PARTS: [&str; 6] = [
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
    "word/_rels/document.xml.rels",
    "docProps/core.xml",
];

/// A Word document: with the first byte even, the rest is the file as it
/// is (a zip); otherwise the rest holds its XML parts, zipped here, so the
/// fuzzer works on Word's XML rather than on zip checksums. Whatever the
/// document says, the body written from it holds no markup of its own
/// text: rendered even as `markdown.html: trust` would, nothing can run.
pub fn docx(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let bytes = if pick % 2 == 0 {
        rest.to_vec()
    } else {
        zip_parts(rest)
    };
    if let Some(body) = crate::import::docx_body(&bytes) {
        assert_imported_body_is_safe(&body);
    }
}

/// A saved WeChat article's HTML, read as `pinpai import` reads it.
pub fn wechat(data: &[u8]) {
    let body = crate::import::wechat_body(&String::from_utf8_lossy(data));
    assert_imported_body_is_safe(&body);
}

/// An imported body, rendered as a site that trusts raw HTML would: its
/// text never became markup, whatever the document said.
pub(crate) fn assert_imported_body_is_safe(body: &str) {
    let resolve = |_: LinkTarget| -> Result<Found, String> { Ok(Found::from("/x".to_string())) };
    let rendered = markdown::render_with(body, RawHtml::Trust, &resolve);
    assert_no_script(&rendered.html);
    assert_no_live_markup(&rendered.html);
}

/// The same as [`assert_no_script`], asked of a real HTML parser: text
/// that escaped an attribute (a line break ending a block half-way through
/// `alt="…"`) shows here as the attribute or element it became.
fn assert_no_live_markup(html: &str) {
    let fragment = scraper::Html::parse_fragment(html);
    for node in fragment.tree.nodes() {
        let scraper::Node::Element(element) = node.value() else {
            continue;
        };
        let name = element.name();
        assert!(
            !["script", "iframe", "object", "embed", "base", "form", "meta"].contains(&name),
            "<{name}> in: {html}"
        );
        for (attribute, value) in element.attrs() {
            assert!(
                !attribute.starts_with("on"),
                "{attribute} on <{name}> in: {html}"
            );
            // Only an address is followed: `alt="javascript:…"` is text
            // a reader sees, as in the article it came from.
            if !URL_ATTRIBUTES.contains(&attribute) {
                continue;
            }
            let value = value.trim().to_ascii_lowercase();
            assert!(
                !(value.starts_with("javascript:")
                    || value.starts_with("vbscript:")
                    || value.starts_with("data:text")),
                "{attribute}={value} on <{name}> in: {html}"
            );
        }
    }
}

fn zip_parts(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut parts = split_parts(data).into_iter();
    for name in DOCX_PARTS {
        let part = parts.next().unwrap_or_default();
        if zip.start_file(name, stored).is_err() || zip.write_all(part).is_err() {
            return Vec::new();
        }
    }
    if zip.finish().is_err() {
        return Vec::new();
    }
    out.into_inner()
}

fn split_parts(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest
        .windows(PART_SEPARATOR.len())
        .position(|w| w == PART_SEPARATOR)
    {
        parts.push(&rest[..at]);
        rest = &rest[at + PART_SEPARATOR.len()..];
    }
    parts.push(rest);
    parts
}

#[cfg(test)]
mod tests {
    //! Every input that once crashed a target (`fuzz/regressions/<target>/`)
    //! is run again here, so the fix stays.

    use std::fs;
    use std::path::PathBuf;

    fn each_regression(target: &str, run: fn(&[u8])) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions")
            .join(target);
        let Ok(entries) = fs::read_dir(&dir) else {
            return;
        };
        for entry in entries.flatten() {
            let bytes = fs::read(entry.path()).unwrap_or_default();
            run(&bytes);
        }
    }

    #[test]
    fn every_input_that_once_crashed_a_target_runs_clean() {
        each_regression("site_config", super::site_config);
        each_regression("page", super::page);
        each_regression("markdown", super::markdown);
        each_regression("sanitize", super::sanitize);
        each_regression("slug", super::slug);
        each_regression("ledger", super::ledger);
        each_regression("docx", super::docx);
        each_regression("wechat", super::wechat);
    }

    #[test]
    fn the_parser_check_sees_an_attribute_escaping() {
        let caught = |html: &'static str| {
            std::panic::catch_unwind(|| super::assert_no_live_markup(html)).is_err()
        };
        assert!(caught(
            "<img src=\"a\" alt=\"q\n<p><a href=\"https://a/onerror=alert(1)//\">z</a>\">"
        ));
        assert!(caught("<a href=\" JavaScript:x\">a</a>"));
        assert!(!caught(
            "<p>onerror=1 写在文字里</p><img src=\"a.jpg\" alt=\"&quot;\">"
        ));
        assert!(caught("<img src=\"javascript:x\" alt=\"a\">"));
        // Text, not an address: a photo's caption may say anything.
        assert!(!caught("<img src=\"a.jpg\" alt=\"javascript:alert(1)\">"));
    }

    #[test]
    fn word_parts_reach_the_reader() {
        let document = br#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&lt;script&gt;alert(1)&lt;/script&gt; *x* [a](javascript:b)</w:t></w:r></w:p></w:body></w:document>"#;
        let mut input = vec![1u8];
        input.extend_from_slice(document);
        let zipped = super::zip_parts(&input[1..]);
        let body = crate::import::docx_body(&zipped).unwrap();
        assert!(body.contains("\\<script\\>"), "{body}");
        super::docx(&input);
        super::wechat(b"<div id=js_content><p>&lt;img src=x onerror=alert(1)&gt;<a href=\"javascript:x\">y</a></p></div>");
    }

    #[test]
    fn the_checks_themselves_catch_what_they_look_for() {
        let caught = |html: &'static str| {
            std::panic::catch_unwind(|| super::assert_no_script(html)).is_err()
        };
        assert!(caught("<p>a</p><SCRIPT>x</SCRIPT>"));
        assert!(caught("<img src=x onerror=alert(1)>"));
        assert!(caught("<a href=\"JavaScript:alert(1)\">a</a>"));
        assert!(caught("<a href=\"jav&#x61;script&colon;alert(1)\">a</a>"));
        assert!(!caught(
            "<p>写 &lt;script&gt;、javascript: 和 onload=1 的文字</p>"
        ));
    }

    #[test]
    fn hand_written_inputs_reach_each_parser() {
        super::site_config("title: 党建之窗\nnav:\n  - name: 首页\n    url: /\n".as_bytes());
        super::page(b"\x01---\ntitle: \xe6\x9d\x9c\xe6\x9d\xb0\nbranch: jizhen\n---\n\xe6\xad\xa3\xe6\x96\x87 [a](@/members/x.md)\n");
        super::markdown(
            b"\x00<p onclick=\"x\">\xe4\xb8\xad</p>**\xe4\xb8\xad\xe6\x96\x87**\xe3\x80\x82\n",
        );
        super::sanitize(b"<section style=\"position:fixed\"><script>alert(1)</script>ok</section>");
        super::slug("江州市 第一人民医院 2024".as_bytes());
        super::ledger(b"\x01\xe6\x97\xa5\xe6\x9c\x9f,\xe6\xb4\xbb\xe5\x8a\xa8\xe5\x90\x8d\xe7\xa7\xb0\n2024-01-01,x\n");
    }
}
