//! User text is safe in every context it reaches (issue 15, item 4): HTML
//! text and attributes, URLs, the search index's JSON, the feed's and
//! sitemap's XML, chart SVG, and CSS from site.yaml. Each context is parsed
//! back and must give the text as written, never markup.

mod common;

use common::Site;

/// The usual vectors, in one string: a tag, both quotes, an ampersand, a
/// CDATA end, an entity, a JSON/JS string end, a comment end, JavaScript's
/// own line ends (U+2028, U+2029: a line break inside a string literal
/// for older browsers), and a template expression (never evaluated).
const EVIL: &str = "<script>alert(1)</script>\"'&]]>&amp;\\\"</textarea><img src=x onerror=alert(2)>-->\u{2028}\u{2029}{{ 7*7 }}";

fn hostile_site() -> Site {
    let yaml_evil = EVIL.replace('\\', "\\\\").replace('"', "\\\"");
    Site::empty()
        .file(
            "site.yaml",
            format!("title: \"测试{yaml_evil}\"\nhospital: \"医院{yaml_evil}\"\ndescription: \"描述{yaml_evil}\"\n{}", common::MILESTONES_NAV),
        )
        .file(
            "content/branches/b.md",
            format!("---\ntitle: \"品牌{yaml_evil}\"\nbranch: \"支部{yaml_evil}\"\nslogan: \"口号{yaml_evil}\"\nfeatured: true\ntags: [\"标签{yaml_evil}\"]\nhonors:\n  - year: 2024\n    title: \"荣誉{yaml_evil}\"\n---\n正文。\n"),
        )
        .file(
            "content/volunteer/v.md",
            format!("---\ntitle: \"活动{yaml_evil}\"\ndate: 2024-03-05\nbranch: b\nlocation: \"地点{yaml_evil}\"\nhours: 3\n---\n正文。\n"),
        )
}

/// Every output file's text.
fn outputs(site: &Site) -> Vec<(String, String)> {
    site.files("output")
        .into_iter()
        .filter(|p| {
            [".html", ".xml", ".js", ".json", ".svg"]
                .iter()
                .any(|e| p.ends_with(e))
        })
        .map(|p| {
            let text = site.read(&format!("output/{p}"));
            (p, text)
        })
        .collect()
}

#[test]
fn no_user_text_becomes_markup_in_any_page() {
    let site = hostile_site();
    site.build(&[]).ok();
    for (path, text) in outputs(&site) {
        if path.ends_with(".html") {
            assert!(
                !text.contains("<script>alert(1)"),
                "{path}: a script tag from user text"
            );
            assert!(
                !text.contains("<img src=x"),
                "{path}: an img tag from user text"
            );
            assert!(
                !text.contains("</textarea>"),
                "{path}: an end tag from user text"
            );
            // In attributes: a quote from user text never closes one.
            assert!(!text.contains("\"'&"), "{path}: raw quotes from user text");
        }
    }
    let home = site.read("output/index.html");
    assert!(
        home.contains("{{ 7*7 }}"),
        "template syntax in user text is shown as written"
    );
    assert!(
        home.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || home.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped text is shown"
    );
}

#[test]
fn feed_sitemap_and_charts_parse_back_to_the_text_as_written() {
    let site = hostile_site();
    site.build(&[]).ok();
    let atom = site.read("output/atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap_or_else(|e| panic!("atom.xml: {e}"));
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles.contains(&format!("活动{EVIL}").as_str()),
        "{titles:?}"
    );
    let sitemap = site.read("output/sitemap.xml");
    roxmltree::Document::parse(&sitemap).unwrap_or_else(|e| panic!("sitemap.xml: {e}"));

    // Chart SVG: each <svg> of the volunteer page parses as XML, and the
    // brand's name comes back as written.
    let list = site.read("output/volunteer/index.html");
    let mut charts = 0;
    let mut all_text: Vec<String> = Vec::new();
    let mut rest = list.as_str();
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..]
            .find("</svg>")
            .map(|e| start + e + 6)
            .unwrap_or(rest.len());
        let svg = &rest[start..end];
        let parsed =
            roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("chart svg: {e}\n{svg}"));
        for node in parsed.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert!(
                !["script", "img", "textarea"].contains(&name),
                "<{name}> in a chart"
            );
            assert!(
                node.attributes().all(|a| !a.name().starts_with("on")),
                "an event handler in a chart"
            );
        }
        all_text.extend(
            parsed
                .descendants()
                .filter_map(|n| n.text().map(String::from)),
        );
        charts += 1;
        rest = &rest[end..];
    }
    assert!(charts >= 2, "charts on the volunteer page: {charts}");
    // The by-branch chart labels the brand by its branch name, as text.
    assert!(
        all_text.iter().any(|t| t.starts_with("支部<")),
        "the branch's name as text: {all_text:?}"
    );
}

#[test]
fn the_search_index_is_json_that_gives_back_the_title() {
    let site = hostile_site();
    site.build(&[]).ok();
    let index = site.read("output/search/index.js");
    let json = index
        .trim_end()
        .strip_prefix("pinpaiSearch.index(")
        .and_then(|s| s.strip_suffix(");"))
        .unwrap_or_else(|| panic!("search/index.js is a call of pinpaiSearch.index: {index}"));
    assert!(
        !index.contains(['\u{2028}', '\u{2029}']),
        "JavaScript line ends written raw in search/index.js"
    );
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
    let as_text = value.to_string();
    assert!(
        as_text.contains("活动<script>alert(1)</script>"),
        "the title as written, inside a JSON string"
    );
}

#[test]
fn colours_and_urls_from_site_yaml_cannot_inject() {
    let site = Site::empty()
        .file(
            "site.yaml",
            "title: 测试\ncolors:\n  primary: \"#fff;}body{display:none}\"\nnav:\n  - {title: 首页, url: /}\n  - {title: 坏, url: \"javascript:alert(1)\"}\n",
        )
        .file("content/about.md", "---\ntitle: 关于\n---\n正文\n");
    let run = site.build(&[]);
    run.expect(1);
    assert!(run.stderr.contains("colors.primary"), "{}", run.stderr);
    assert!(run.stderr.contains("javascript:"), "{}", run.stderr);
    assert!(!site.exists("output/index.html"));
}

#[test]
fn script_urls_in_a_body_never_become_links() {
    let body = "[一](javascript:alert(1)) [二](JaVaScRiPt:alert(2)) [三](vbscript:x) \
[四](data:text/html;base64,PHNjcmlwdD4=) ![五](javascript:alert(5))\n\n\
<a href=\"jav&#x61;script&colon;alert(6)\">六</a> <a href=\"  javascript:alert(7)\">七</a> \
<img src=x onerror=alert(8)> <svg onload=alert(9)></svg> <iframe src=\"javascript:alert(10)\"></iframe>\n";
    let site = Site::empty().file("site.yaml", "title: 测试\n").file(
        "content/news/a.md",
        format!("---\ntitle: 链接\ndate: 2024-03-05\n---\n{body}"),
    );
    site.build(&[]);
    let Some(html) = site
        .exists("output/news/a/index.html")
        .then(|| site.read("output/news/a/index.html"))
    else {
        // Refused with a message is as safe as cleaned.
        return;
    };
    let article = html.split("<article").nth(1).unwrap_or("");
    for tag in article.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or("").to_ascii_lowercase();
        let decoded = inside.replace("&#x61;", "a").replace("&colon;", ":");
        for scheme in ["javascript:", "vbscript:", "data:text/html"] {
            assert!(!decoded.contains(scheme), "{scheme} in <{inside}>");
        }
        assert!(
            !inside.starts_with("iframe") && !inside.starts_with("script"),
            "<{inside}>"
        );
        assert!(!inside.contains(" on"), "an event attribute in <{inside}>");
    }
}
