//! What a body embeds or links to besides pages: photos (with their web
//! versions), video and sound players, attachments — and the sources that
//! must not be used because they are not part of the site (a picture on
//! the internet, a file on someone's PC).

use super::img_tag::{img_tag, push_href};
use super::ImageFacts;
use crate::html::escape_into as push_attr;

/// An image event resolved in pass 1, written as HTML in pass 2. Pass 1
/// puts [`marker`] in the event's URL to find it again.
#[derive(Debug, Clone)]
pub(super) enum Media {
    /// A photo with web versions.
    Photo {
        src: String,
        facts: ImageFacts,
    },
    /// An image shown as it is (no web versions, or not a local file).
    Plain(String),
    Video(String),
    Audio(String),
}

/// What kind of file a body embeds, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Embed {
    Image,
    Video,
    Audio,
}

impl Embed {
    pub(super) fn of(path: &str) -> Embed {
        match extension(path).as_deref() {
            Some("mp4" | "webm" | "m4v" | "ogv") => Embed::Video,
            Some("mp3" | "m4a" | "wav" | "ogg" | "aac") => Embed::Audio,
            _ => Embed::Image,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Embed::Image => "图片",
            Embed::Video => "视频",
            Embed::Audio => "音频",
        }
    }
}

/// The lowercase extension of a path's last segment.
fn extension(path: &str) -> Option<String> {
    let name = path.rsplit(['/', '\\']).next()?;
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// The URL pass 1 puts in an image event so pass 2 finds its [`Media`].
pub(super) fn marker(index: usize) -> String {
    format!("\u{1}pinpai-media:{index}")
}

pub(super) fn index_of_marker(url: &str) -> Option<usize> {
    url.strip_prefix("\u{1}pinpai-media:")?.parse().ok()
}

/// Where a source that is not part of the site comes from: the internet,
/// or a file on the writer's computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outside {
    Internet,
    ThisComputer,
    Embedded,
}

/// Whether `url` (as written) points outside the site.
pub(super) fn outside(url: &str, scheme: Option<&str>) -> Option<Outside> {
    let bytes = url.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    // `\\server\share` (in Markdown `\\` is one backslash, so also
    // `\server`) and `\folder` (the root of the current drive).
    if drive || url.starts_with('\\') {
        return Some(Outside::ThisComputer);
    }
    if url.starts_with("//") {
        return Some(Outside::Internet);
    }
    match scheme.map(str::to_ascii_lowercase).as_deref() {
        Some("file") => Some(Outside::ThisComputer),
        Some("data") => Some(Outside::Embedded),
        Some(_) => Some(Outside::Internet),
        None => None,
    }
}

/// The error for an embedded source outside the site.
pub(super) fn outside_message(url: &str, embed: Embed, from: Outside) -> String {
    let noun = embed.noun();
    let shown: String = url.chars().take(80).collect();
    let cause = match from {
        Outside::Internet => format!("{noun} {shown} 在互联网上，内网电脑打不开"),
        Outside::ThisComputer => format!("{noun} {shown} 是某台电脑上的文件，别人打不开"),
        Outside::Embedded => format!(
            "{noun}是直接嵌在文字里的数据（{}…）",
            shown.chars().take(20).collect::<String>()
        ),
    };
    format!("{cause}：请把{noun}保存到这个页面文件旁边，再写文件名，例如 ![说明](现场.jpg)")
}

/// The error for a link to a file on the writer's computer.
pub(super) fn local_link_message(url: &str) -> String {
    let shown: String = url.chars().take(80).collect();
    format!("链接 {shown} 指向某台电脑上的文件，别人打不开：请把文件保存到这个页面文件旁边，再写文件名，例如 [下载通知](通知.pdf)")
}

/// Whether a link without a scheme names a file to publish (an
/// attachment) rather than a page address: its last segment has an
/// extension that is not a web page's.
pub(super) fn is_attachment(path: &str) -> bool {
    !path.ends_with('/')
        && extension(path).is_some_and(|ext| {
            !matches!(
                ext.as_str(),
                "html" | "htm" | "php" | "asp" | "aspx" | "jsp"
            )
        })
}

/// The HTML of a resolved image event: a photo linked to its original
/// (unless already inside a link), a player, or a plain image.
pub(super) fn media_html(media: &Media, alt: &str, title: &str, in_link: bool) -> String {
    match media {
        Media::Plain(src) => img_tag(src, alt, title),
        Media::Photo { src, facts } => {
            let mut html = String::with_capacity(src.len() * 4 + alt.len() + 160);
            if !in_link {
                html.push_str("<a class=\"photo\" href=\"");
                push_href(&mut html, &facts.original);
                // A photo without a description still names its link.
                if alt.trim().is_empty() {
                    html.push_str("\" aria-label=\"查看原图");
                }
                html.push_str("\">");
            }
            html.push_str("<img src=\"");
            push_href(&mut html, src);
            html.push('"');
            if !facts.srcset.is_empty() {
                html.push_str(" srcset=\"");
                push_attr(&mut html, &facts.srcset);
                html.push_str("\" sizes=\"(max-width: 800px) 100vw, 800px\"");
            }
            if facts.width > 0 {
                html.push_str(&format!(
                    " width=\"{}\" height=\"{}\"",
                    facts.width, facts.height
                ));
            }
            html.push_str(" alt=\"");
            push_attr(&mut html, alt);
            if !title.is_empty() {
                html.push_str("\" title=\"");
                push_attr(&mut html, title);
            }
            html.push_str("\" loading=\"lazy\" decoding=\"async\" />");
            if !in_link {
                html.push_str("</a>");
            }
            html
        }
        Media::Video(src) | Media::Audio(src) => player(media, src, alt),
    }
}

/// `<video controls>` or `<audio controls>`; the description is its name
/// for screen readers, and a download link stands in where it cannot play.
fn player(media: &Media, src: &str, alt: &str) -> String {
    let tag = if matches!(media, Media::Video(_)) {
        "video"
    } else {
        "audio"
    };
    let mut html = format!("<{tag} controls preload=\"metadata\" src=\"");
    push_href(&mut html, src);
    html.push('"');
    if !alt.is_empty() {
        html.push_str(" aria-label=\"");
        push_attr(&mut html, alt);
        html.push('"');
    }
    html.push_str("><a href=\"");
    push_href(&mut html, src);
    html.push_str("\">");
    if alt.is_empty() {
        html.push_str("下载");
    } else {
        push_attr(&mut html, alt);
    }
    html.push_str(&format!("</a></{tag}>"));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(Embed::of("宣传片.MP4"), Embed::Video);
        assert_eq!(Embed::of("a/b.m4a"), Embed::Audio);
        assert_eq!(Embed::of("现场.jpg"), Embed::Image);
        assert!(is_attachment("通知.pdf") && is_attachment("/files/表.XLSX"));
        assert!(!is_attachment("/about/") && !is_attachment("a.html") && !is_attachment("关于"));
    }

    #[test]
    fn outside_sources() {
        assert_eq!(
            outside("C:\\Users\\xck\\a.jpg", None),
            Some(Outside::ThisComputer)
        );
        assert_eq!(
            outside("file:///C:/a.jpg", Some("file")),
            Some(Outside::ThisComputer)
        );
        assert_eq!(outside("//cdn/a.jpg", None), Some(Outside::Internet));
        assert_eq!(
            outside("http://mmbiz.qpic.cn/a", Some("http")),
            Some(Outside::Internet)
        );
        assert_eq!(
            outside("data:image/png;base64,xx", Some("data")),
            Some(Outside::Embedded)
        );
        assert_eq!(outside("现场.jpg", None), None);
        assert_eq!(outside("/images/a.jpg", None), None);
    }

    #[test]
    fn players_name_their_content_and_offer_a_download() {
        let video = media_html(
            &Media::Video("/v/宣传片.mp4".into()),
            "宣传片 \"2024\"",
            "",
            false,
        );
        assert_eq!(
            video,
            "<video controls preload=\"metadata\" src=\"/v/%E5%AE%A3%E4%BC%A0%E7%89%87.mp4\" aria-label=\"宣传片 &quot;2024&quot;\"><a href=\"/v/%E5%AE%A3%E4%BC%A0%E7%89%87.mp4\">宣传片 &quot;2024&quot;</a></video>"
        );
        assert!(media_html(&Media::Audio("/a.mp3".into()), "", "", false)
            .starts_with("<audio controls"));
    }
}
