//! WeChat 公众号 articles saved by a browser ("网页，全部": `文章.html` with
//! its `文章_files/` folder), or their HTML alone, read into a
//! [`Document`].
//!
//! What open-source exporters of such articles learned, followed here: the
//! body is `#js_content` (hidden with `visibility: hidden` until the
//! page's script runs, which a saved copy may keep); a picture's real
//! address is `data-src` (its `src` is a placeholder until the script
//! swaps it in) and its type the `wx_fmt=` parameter; the publish time is
//! `var ct` (seconds since 1970) in a script. Pictures are taken only from
//! the saved folder, never fetched.

use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};

use super::document::{clean_text, Document, Style};

mod walk;
use walk::{collapse_spaces, Walker};

/// A saved page's text: UTF-8 as browsers save it, or GBK/GB18030 for an
/// old page that says so.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    if head.contains("charset=gb") || head.contains("charset=\"gb") {
        return encoding_rs::GB18030.decode(bytes).0.into_owned();
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// What `html` (the saved file at `file`) says.
pub fn read(html: &str, file: &Path) -> Document {
    let page = Html::parse_document(html);
    let base = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    let title = meta(&page, "meta[property=\"og:title\"]")
        .or_else(|| text_of(&page, "#activity-name"))
        .or_else(|| text_of(&page, "h1.rich_media_title"))
        .or_else(|| text_of(&page, "title"))
        .unwrap_or_default();
    let author = meta(&page, "meta[name=\"author\"]")
        .or_else(|| text_of(&page, "#js_author_name"))
        .unwrap_or_default();
    let date = publish_time(html).or_else(|| {
        text_of(&page, "#publish_time")
            .and_then(|t| crate::dates::Date::parse(&t))
            .map(|d| d.iso().chars().take(10).collect())
    });

    let mut walker = Walker::new(base, false);
    let content = select(&page, "#js_content").or_else(|| select(&page, "body"));
    let blocks = content
        .map(|root| walker.blocks(*root, &Style::default()))
        .unwrap_or_default();
    let mut dropped = Vec::new();
    let d = &walker.found.dropped;
    for (count, what) in [
        (d.qr_codes, "二维码和关注图片"),
        (d.furniture, "关注、阅读原文等公众号栏目"),
        (d.hidden, "隐藏的文字"),
    ] {
        if count > 0 {
            dropped.push(format!("{what} {count} 处"));
        }
    }
    Document {
        title: clean_text(&title).trim().to_string(),
        date,
        author: clean_text(&author).trim().to_string(),
        blocks,
        pictures: walker.found.pictures,
        footnotes: Vec::new(),
        dropped,
    }
}

/// What was pasted from Word, WPS, WeChat or 秀米 (the clipboard's HTML):
/// its content, read as an article's body is. Pictures held in the HTML
/// (`data:image/…`) are kept; the others (WeChat's web addresses, Word's
/// `file:///…clip_image001.png`, which a browser cannot read) are missing.
/// All of it is read: what the officer copied is what is wanted.
pub fn read_pasted(html: &str) -> Document {
    let page = Html::parse_document(html);
    let mut walker = Walker::new(PathBuf::new(), true);
    let content = select(&page, "body");
    let blocks = content
        .map(|root| walker.blocks(*root, &Style::default()))
        .unwrap_or_default();
    Document {
        blocks,
        pictures: walker.found.pictures,
        ..Document::default()
    }
}

fn select<'a>(page: &'a Html, selector: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(selector).ok()?;
    page.select(&selector).next()
}

fn meta(page: &Html, selector: &str) -> Option<String> {
    let content = select(page, selector)?
        .value()
        .attr("content")?
        .trim()
        .to_string();
    (!content.is_empty()).then_some(content)
}

fn text_of(page: &Html, selector: &str) -> Option<String> {
    let text: String = select(page, selector)?.text().collect();
    let text = collapse_spaces(&clean_text(&text)).trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// `var ct = "1711500000"` as the day and time in China (UTC+8).
fn publish_time(html: &str) -> Option<String> {
    let at = html.find("var ct")?;
    // `var ct = "1711500000"`: the number within a few characters.
    let near: String = html[at + 6..].chars().take(24).collect();
    let digits: String = near
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let seconds: i64 = digits.parse().ok()?;
    let utc = chrono::DateTime::from_timestamp(seconds, 0)?;
    let china = utc.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600)?);
    Some(china.format("%Y-%m-%d %H:%M").to_string())
}

#[cfg(test)]
mod tests {
    use super::super::document::PictureSource;
    use super::*;

    #[test]
    fn publish_time_is_read_in_china_time() {
        let html = "<script>var ct = \"1711500000\";</script>";
        assert_eq!(publish_time(html).as_deref(), Some("2024-03-27 08:40"));
        assert_eq!(publish_time("var ct = \"\";"), None);
    }

    #[test]
    fn a_minimal_article_is_read() {
        let html = r#"<html><head><meta property="og:title" content="七一表彰大会"></head><body>
          <h1 id="activity-name">七一表彰大会</h1>
          <div id="js_content" style="visibility: hidden;">
            <section><p>会议<span style="color: rgb(192, 0, 0);">隆重</span>召开<span style="display:none">隐藏</span>。</p></section>
            <p><img data-src="https://mmbiz.qpic.cn/a/640?wx_fmt=png" src="data:image/svg+xml,x"></p>
            <mpvoice name="书记讲话"></mpvoice>
            <p>阅读原文</p>
            <img class="qr_code_pc_img" src="qr.png">
          </div></body></html>"#;
        let doc = read(html, Path::new("/nonexistent/文章.html"));
        assert_eq!(doc.title, "七一表彰大会");
        assert_eq!(doc.blocks.len(), 3, "{:#?}", doc.blocks);
        let body = super::super::markdown::body(&doc, &[String::new()]);
        assert!(
            body.starts_with("会议<span style=\"color: #c00000\">隆重</span>召开。\n"),
            "{body}"
        );
        assert!(
            body.contains("〔原文第 1 张图片没有保存在电脑上，请补上〕"),
            "{body}"
        );
        assert!(body.contains("语音“书记讲话”"), "{body}");
        assert!(
            !body.contains("阅读原文") && !body.contains("隐藏"),
            "{body}"
        );
        assert_eq!(doc.pictures[0].extension, "png");
        assert!(
            matches!(doc.pictures[0].source, PictureSource::Missing(ref u) if u.starts_with("https://mmbiz"))
        );
    }
}
