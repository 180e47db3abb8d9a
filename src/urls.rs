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

/// Output file for a site-root URL: `/a/b/` → `a/b/index.html`.
pub fn output_path(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

const ATTRIBUTES: [&str; 5] = ["href=\"", "src=\"", "action=\"", "poster=\"", "srcset=\""];

pub fn rewrite(html: &str, current_url: &str, mode: &UrlMode) -> String {
    if mode == &UrlMode::Prefix("/".into()) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some((pos, attr)) = next_attribute(rest) {
        let value_start = pos + attr.len();
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..value_start]);
        let value = &rest[value_start..value_start + value_len];
        if attr == "srcset=\"" {
            let parts: Vec<String> = value
                .split(',')
                .map(|candidate| {
                    let candidate = candidate.trim();
                    match candidate.split_once(' ') {
                        Some((url, size)) => format!("{} {size}", map_url(url, current_url, mode)),
                        None => map_url(candidate, current_url, mode),
                    }
                })
                .collect();
            out.push_str(&parts.join(", "));
        } else {
            out.push_str(&map_url(value, current_url, mode));
        }
        rest = &rest[value_start + value_len..];
    }
    out.push_str(rest);
    out
}

/// The next URL attribute preceded by white space, so `data-href="` is left alone.
fn next_attribute(text: &str) -> Option<(usize, &'static str)> {
    let mut from = 0;
    loop {
        let (pos, attr) = ATTRIBUTES
            .iter()
            .filter_map(|a| text[from..].find(a).map(|p| (from + p, *a)))
            .min_by_key(|(p, _)| *p)?;
        if pos > 0 && text.as_bytes()[pos - 1].is_ascii_whitespace() {
            return Some((pos, attr));
        }
        from = pos + attr.len();
    }
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
