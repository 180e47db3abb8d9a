//! The CommonMark 0.31.2 spec examples (tests/fixtures/commonmark/spec.txt,
//! from the npm package commonmark-spec, CC-BY-SA 4.0) through pinpai's
//! Markdown with `markdown.html: trust`: pinpai's own passes (CJK emphasis,
//! `@/` links, images) must not break standard Markdown.
//!
//! What pinpai adds on purpose is normalised away before comparing: heading
//! ids, `loading="lazy"` on images, the scrolling box around tables. A few
//! examples differ because of the extensions every pinpai site has on
//! (tables, footnotes, strikethrough, task lists) or because pinpai never
//! follows `javascript:` links; they are listed with the reason.

use pinpai::markdown::{render_with, Found, LinkTarget, RawHtml};

/// Examples that differ by design, with why.
const EXPECTED_DIFFERENCES: &[(usize, &str)] = &[];

struct Example {
    number: usize,
    markdown: String,
    html: String,
}

fn examples() -> Vec<Example> {
    let spec = include_str!("fixtures/commonmark/spec.txt");
    let fence = "````````````````````````````````";
    let mut out = Vec::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line != format!("{fence} example") {
            continue;
        }
        let mut markdown = String::new();
        let mut html = String::new();
        let mut in_html = false;
        for line in lines.by_ref() {
            if line == fence {
                break;
            }
            if line == "." && !in_html {
                in_html = true;
                continue;
            }
            let target = if in_html { &mut html } else { &mut markdown };
            target.push_str(&line.replace('→', "\t"));
            target.push('\n');
        }
        out.push(Example {
            number: out.len() + 1,
            markdown,
            html,
        });
    }
    out
}

/// Every link and image is found where it is written.
fn as_written(target: LinkTarget) -> Result<Found, String> {
    let url = match target {
        LinkTarget::Page(p) => format!("@/{p}"),
        LinkTarget::Image(p) | LinkTarget::Media(p) | LinkTarget::File(p) => p.to_string(),
    };
    Ok(Found::from(url))
}

/// pinpai's deliberate additions removed, and what HTML writers may spell
/// differently without changing the page evened out (as the spec's own
/// test normaliser does): `"` written as `&quot;` in text, indentation and
/// line breaks between block tags outside `<pre>`.
fn normalise(html: &str) -> String {
    let html = additions_removed(html);
    let mut out = String::with_capacity(html.len());
    let mut in_pre = false;
    for line in html.lines() {
        if line.contains("<pre") {
            in_pre = true;
        }
        let line = if in_pre { line } else { line.trim_start() };
        if line.is_empty() && !in_pre {
            continue;
        }
        out.push_str(&quotes_in_text(line));
        if !line.ends_with("<li>") || in_pre {
            out.push('\n');
        }
        if line.contains("</pre>") {
            in_pre = false;
        }
    }
    out.trim_end().to_string()
}

/// `&quot;` outside tags is `"`.
fn quotes_in_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if !in_tag && rest.starts_with("&quot;") {
            out.push('"');
            rest = &rest[6..];
            continue;
        }
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn additions_removed(html: &str) -> String {
    let mut s = html
        .replace(" loading=\"lazy\"", "")
        .replace(" decoding=\"async\"", "")
        .replace("</table>\n</div>\n", "</table>\n");
    // The scrolling box around each table: `<div class="table-scroll" … aria-label="表格 N">`.
    while let Some(at) = s.find("<div class=\"table-scroll\"") {
        let Some(len) = s[at..].find('>') else { break };
        s.replace_range(at..at + len + 1, "");
    }
    // Heading ids: `<h2 id="…">` → `<h2>`.
    while let Some(at) = s.find(" id=\"") {
        let Some(len) = s[at + 5..].find('"') else {
            break;
        };
        let before = &s[..at];
        if !before
            .rsplit('<')
            .next()
            .is_some_and(|t| t.starts_with('h'))
        {
            break;
        }
        s.replace_range(at..at + 5 + len + 1, "");
    }
    s.trim_end().to_string()
}

#[test]
fn commonmark_spec_examples_pass_in_trust_mode() {
    let examples = examples();
    assert_eq!(examples.len(), 652, "the spec file is complete");
    let mut failures = Vec::new();
    for ex in &examples {
        let rendered = render_with(&ex.markdown, RawHtml::Trust, &as_written);
        let (got, want) = (normalise(&rendered.html), normalise(&ex.html));
        let expected_to_differ = EXPECTED_DIFFERENCES.iter().any(|(n, _)| *n == ex.number);
        if (got != want) != expected_to_differ {
            failures.push(format!(
                "example {}:\n--- markdown\n{}--- expected\n{}\n--- got\n{}\n",
                ex.number, ex.markdown, want, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples differ:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}
