//! Rewrites the site-root URLs templates write (`href="/branches/"`) for
//! where the site is hosted: under a sub-path, or relative so that it works
//! from any folder and from disk.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlMode {
    /// Prefix every `/…` URL with the path of `base_url` (`/dangjian/`).
    Prefix(String),
    /// Make every `/…` URL relative to the page, with `index.html` spelled
    /// out because `file://` does not resolve folders.
    Relative,
}

/// Whether a URL would run code or embed data when followed
/// (`javascript:`, `vbscript:`, `data:`), the way browsers read it:
/// leading spaces and embedded tabs or newlines ignored, any case.
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| cleaned.starts_with(scheme))
}

/// Output file for a site-root URL: `/a/b/` → `a/b/index.html`.
pub fn output_path(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Attributes whose whole value is one URL.
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "action", "poster"];

/// Rewrites every site-root URL of a rendered page for `mode`: in `href`,
/// `src`, `action`, `poster` and `srcset`, and in `url(…)` inside inline
/// `style`, however the attribute is quoted (a theme author may write
/// `href='/about/'` or `src=/a.png`). An HTML tokenizer finds them, so text
/// that merely looks like an attribute (`data-href`, a code sample) is left
/// alone. Attributes that do not change keep their bytes.
pub fn rewrite(html: &str, current_url: &str, mode: &UrlMode) -> String {
    if mode == &UrlMode::Prefix("/".into()) {
        return html.to_string();
    }
    // The text of the `<noscript>` being read (see below).
    let mut noscript = String::new();
    let handler = lol_html::element!(
        "[href], [src], [action], [poster], [srcset], [style]",
        |el| {
            for name in URL_ATTRIBUTES {
                if let Some(value) = el.get_attribute(name) {
                    let mapped = map_url(&value, current_url, mode);
                    if mapped != value {
                        el.set_attribute(name, &mapped)?;
                    }
                }
            }
            if let Some(value) = el.get_attribute("srcset") {
                let mapped = map_srcset(&value, current_url, mode);
                if mapped != value {
                    el.set_attribute("srcset", &mapped)?;
                }
            }
            if let Some(value) = el.get_attribute("style") {
                let mapped = map_css_urls(&value, current_url, mode);
                if mapped != value {
                    el.set_attribute("style", &mapped)?;
                }
            }
            Ok(())
        }
    );
    // A browser with scripting parses `<noscript>` as text, and so does the
    // rewriter: its links are rewritten as a fragment of their own.
    let fallback = lol_html::text!("noscript", |chunk| {
        noscript.push_str(chunk.as_str());
        if chunk.last_in_text_node() {
            let inner = rewrite(&std::mem::take(&mut noscript), current_url, mode);
            chunk.replace(&inner, lol_html::html_content::ContentType::Html);
        } else {
            chunk.remove();
        }
        Ok(())
    });
    let settings = lol_html::RewriteStrSettings::new()
        .append_element_content_handler(handler)
        .append_element_content_handler(fallback);
    // The rewriter fails only on its memory limit, far above any page;
    // the page as rendered is then better than none.
    lol_html::rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// `srcset="/a-480.jpg 480w, /a-960.jpg 960w"`, each candidate's URL
/// mapped; as written when no candidate is a site-root URL.
fn map_srcset(value: &str, current_url: &str, mode: &UrlMode) -> String {
    let maps_any = value.split(',').any(|c| {
        let url = c.trim().split(' ').next().unwrap_or("");
        map_url(url, current_url, mode) != url
    });
    if !maps_any {
        return value.to_string();
    }
    value
        .split(',')
        .map(|candidate| {
            let candidate = candidate.trim();
            match candidate.split_once(' ') {
                Some((url, size)) => format!("{} {size}", map_url(url, current_url, mode)),
                None => map_url(candidate, current_url, mode),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every `url(/…)` in CSS text mapped, quoted or not.
fn map_css_urls(css: &str, current_url: &str, mode: &UrlMode) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("url(") {
        let (before, after) = rest.split_at(start + 4);
        out.push_str(before);
        let inner = after.trim_start();
        out.push_str(&after[..after.len() - inner.len()]);
        let quote = inner.chars().next().filter(|c| *c == '"' || *c == '\'');
        let body = quote.map_or(inner, |q| &inner[q.len_utf8()..]);
        let end = match quote {
            Some(q) => body.find(q),
            None => body.find(')'),
        };
        let Some(end) = end else {
            out.push_str(inner);
            return out;
        };
        if let Some(q) = quote {
            out.push(q);
        }
        out.push_str(&map_url(body[..end].trim(), current_url, mode));
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

pub fn map_url(url: &str, current_url: &str, mode: &UrlMode) -> String {
    if !url.starts_with('/') || url.starts_with("//") {
        return url.to_string();
    }
    match mode {
        UrlMode::Prefix(prefix) => format!("{prefix}{}", &url[1..]),
        UrlMode::Relative => {
            let (path, suffix) = match url.find(['#', '?']) {
                Some(i) => (&url[..i], &url[i..]),
                None => (url, ""),
            };
            let depth = current_url.trim_start_matches('/').matches('/').count();
            let mut out = "../".repeat(depth);
            out.push_str(&output_path(path));
            if out.is_empty() {
                out.push_str("index.html");
            }
            out.push_str(suffix);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/branches/x/"), "branches/x/index.html");
        assert_eq!(output_path("/404.html"), "404.html");
    }

    #[test]
    fn prefix_mode() {
        let mode = UrlMode::Prefix("/dangjian/".into());
        let html = r#"<a href="/branches/">x</a><img src="/_img/a-480.jpg" srcset="/_img/a-480.jpg 480w, /_img/a-960.jpg 960w"><a href="http://x/">y</a><a data-href="/no/">"#;
        assert_eq!(
            rewrite(html, "/", &mode),
            r#"<a href="/dangjian/branches/">x</a><img src="/dangjian/_img/a-480.jpg" srcset="/dangjian/_img/a-480.jpg 480w, /dangjian/_img/a-960.jpg 960w"><a href="http://x/">y</a><a data-href="/no/">"#
        );
    }

    #[test]
    fn any_quoting_and_inline_styles() {
        let mode = UrlMode::Prefix("/dangjian/".into());
        let html = "<a href='/about/' class=x>a</a><img src=/img/a.png alt=\"\">\
<div style=\"background:url(/img/b.png); border-image: url('/img/c.png') 1\">\
</div><p>href=\"/not-an-attribute/\"</p>";
        let out = rewrite(html, "/", &mode);
        for url in [
            "/dangjian/about/",
            "/dangjian/img/a.png",
            "url(/dangjian/img/b.png)",
            "url('/dangjian/img/c.png')",
        ] {
            assert!(out.contains(url), "{url} in {out}");
        }
        assert!(out.contains("<p>href=\"/not-an-attribute/\"</p>"), "{out}");
        let relative = rewrite(html, "/members/du-jie/", &UrlMode::Relative);
        assert!(
            relative.contains("href=\"../../about/index.html\""),
            "{relative}"
        );
        assert!(relative.contains("url(../../img/b.png)"), "{relative}");
        let noscript = "<noscript><a href=\"/tags/\">标签</a> &amp; <img src='/a.png'></noscript>";
        assert_eq!(
            rewrite(noscript, "/", &mode),
            "<noscript><a href=\"/dangjian/tags/\">标签</a> &amp; <img src=\"/dangjian/a.png\"></noscript>"
        );
    }

    #[test]
    fn relative_mode_spells_out_index_html() {
        let m = UrlMode::Relative;
        assert_eq!(map_url("/", "/branches/x/", &m), "../../index.html");
        assert_eq!(map_url("/branches/", "/", &m), "branches/index.html");
        assert_eq!(
            map_url("/theme/a.css", "/members/du-jie/", &m),
            "../../theme/a.css"
        );
        assert_eq!(map_url("/a/#top", "/b/", &m), "../a/index.html#top");
        assert_eq!(
            map_url("/search/?q=1", "/404.html", &m),
            "search/index.html?q=1"
        );
        assert_eq!(map_url("#x", "/b/", &m), "#x");
    }
}
