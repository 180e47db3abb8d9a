//! Helpers shared by the unit tests of the Markdown passes.

use super::{render, Found, LinkTarget};

/// A resolver for bodies without `@/` links or local images.
pub(super) fn no_links(_: LinkTarget) -> Result<Found, String> {
    Err("not found".to_string())
}

/// A resolver that knows one page and two images.
pub(super) fn site(target: LinkTarget) -> Result<Found, String> {
    match target {
        LinkTarget::Page("members/杜杰.md") => Ok(Found::from("/members/du-jie/".to_string())),
        LinkTarget::Image("photo.jpg") => Ok(Found::from("/news/a/photo.jpg".to_string())),
        LinkTarget::Image("/images/a.jpg") => Ok(Found::from("/images/a.jpg".to_string())),
        LinkTarget::Page(p) => Err(format!("no page {p}")),
        LinkTarget::Image(p) | LinkTarget::Media(p) | LinkTarget::File(p) => {
            Err(format!("no file {p}"))
        }
    }
}

pub(super) fn html(body: &str) -> String {
    render(body, &no_links).html
}

/// The paragraph content of a one-paragraph body.
pub(super) fn inline(body: &str) -> String {
    let h = html(body);
    h.trim_end()
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(&h)
        .to_string()
}
