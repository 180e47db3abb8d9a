//! What a publicity office really holds, in one site: a phone photo of
//! several megabytes dropped into the text, a promotional video, a PDF
//! notice, an article pasted from a 秀米/WeChat editor (sections, spans,
//! styles, a table, a script), a Word draft and a blank text file left in
//! the folder, a Windows copy of a volunteer record. The build reports each
//! at its `path:line` and publishes only what is safe and used.

mod common;

use common::{fixture, Site};

/// A photo as a phone takes it: noise does not compress, so a 3000×2000
/// JPEG is several megabytes, as a real one is.
fn phone_photo() -> Vec<u8> {
    let mut seed: u32 = 7;
    let img = image::RgbImage::from_fn(3000, 2000, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [a, b, c, _] = seed.to_le_bytes();
        image::Rgb([a, b, c])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 95);
    img.write_with_encoder(encoder).unwrap();
    bytes.into_inner()
}

const PASTED: &str = r#"<section style="color:#c00;font-size:16px;position:absolute;box-sizing:border-box" data-tools="135编辑器">
<p style="text-align:center"><span style="font-weight:bold;color:rgb(200,22,29)">学雷锋志愿服务月</span></p>
<table><tr><th colspan="2">科室</th><th>人次</th></tr><tr><td>急诊</td><td>内科</td><td>1,234</td></tr></table>
<script>alert(1)</script><p onclick="alert(2)">义诊现场</p><p><img src="合影.png" alt="合影"></p>
</section>"#;

fn real_site() -> Site {
    let site = fixture();
    site.write("content/news/2024-yizhen/现场.jpg", phone_photo());
    site.write(
        "content/news/2024-yizhen/宣传片.mp4",
        include_bytes!("fixtures/media/tiny.mp4").as_slice(),
    );
    site.write(
        "content/news/2024-yizhen/通知.pdf",
        b"%PDF-1.4\n%%EOF\n".as_slice(),
    );
    site.write("content/news/2024-yizhen/合影.png", common::png(40, 30));
    site.write(
        "content/news/2024-yizhen/index.md",
        format!(
            "---\ntitle: 学雷锋义诊\ndate: 2024-03-05\n---\n现场照片：\n\n![志愿者为群众量血压](现场.jpg)\n\n![医院宣传片](宣传片.mp4)\n\n[下载通知](通知.pdf)\n\n{PASTED}\n"
        ),
    );
    site.write("content/news/新闻稿.docx", b"PK\x03\x04 word".as_slice());
    site.write("content/news/新建文本文档.txt", "");
    let record = site.read("content/volunteer/2024-yizhen.md");
    site.write("content/volunteer/2024-yizhen - 副本.md", &record);
    // People without a story page, written the Chinese way.
    site.write(
        "content/volunteer/2024-yizhen.md",
        record.replace(
            "members: [杜杰]",
            "members: [杜杰]\nparticipants: 李明、王芳",
        ),
    );
    // Saved with a capital extension by a Windows editor: still a page.
    site.write(
        "content/news/新闻稿.MD",
        "---\ntitle: 院内新闻稿\ndate: 2024-05-01\n---\n正文。\n",
    );
    site
}

#[test]
fn real_content_builds_with_the_warnings_it_deserves() {
    let site = real_site();
    let run = site.build(&[]);
    run.ok();
    let page = "content/news/2024-yizhen/index.md";
    // The big photo (line 7), the pasted HTML (line 13), the stray files,
    // the copied record: warnings, each at its place.
    let photo = run.stderr_line(&format!("{page}:7: 警告：照片 现场.jpg 有"));
    assert!(photo.contains("MB"), "{photo}");
    let pasted = run.stderr_line(&format!("{page}:13: 警告：粘贴的网页内容"));
    for removed in [
        "<script> 脚本",
        "onclick 事件属性",
        "位置和布局（网站用自己的排版）",
        "宽度和高度（网站用自己的排版）",
        "编辑器留下的隐藏标记",
    ] {
        assert!(pasted.contains(removed), "{removed} not named in: {pasted}");
    }
    let stray = run.stderr_line("content: 警告：这些文件没有被任何页面用到");
    assert!(
        stray.contains("news/新闻稿.docx") && stray.contains("news/新建文本文档.txt"),
        "{stray}"
    );
    run.stderr_line("content/volunteer/2024-yizhen.md: 警告：与 content/volunteer/2024-yizhen - 副本.md 是同一天");

    let html = site.read("output/news/2024-yizhen/index.html");
    // The photo: web versions, size, lazy, linked to the original.
    assert!(html.contains("<a class=\"photo\" href=\"/news/2024-yizhen/%E7%8E%B0%E5%9C%BA.jpg\"><img src=\"/_img/"), "{html}");
    assert!(html.contains("srcset=\"/_img/") && html.contains("width=\"960\" height=\"640\""));
    // The video and the notice are published; the player names its content.
    // (The page holds pasted HTML, so the sanitizer wrote it out again:
    // attributes as a browser would, `controls=""`.)
    let video = html.split("<video").nth(1).unwrap_or_default();
    assert!(
        video.contains("src=\"/news/2024-yizhen/%E5%AE%A3%E4%BC%A0%E7%89%87.mp4\""),
        "{video}"
    );
    assert!(
        video.contains("controls") && video.contains("aria-label=\"医院宣传片\""),
        "{video}"
    );
    assert!(site.exists("output/news/2024-yizhen/宣传片.mp4"));
    assert!(site.exists("output/news/2024-yizhen/通知.pdf"));
    assert!(
        site.exists("output/news/2024-yizhen/现场.jpg"),
        "the original stays available"
    );
    // The paste: text, table and allowed styles kept; the rest gone.
    assert!(html.contains("学雷锋志愿服务月") && html.contains("<th colspan=\"2\">科室</th>"));
    assert!(html.contains("color:#c00") && html.contains("text-align:center"));
    // (The theme's own print button may use a script; the body may not.)
    let body = html
        .split("article-body")
        .nth(1)
        .and_then(|rest| rest.split("btn-print").next())
        .unwrap_or_default();
    assert!(body.contains("义诊现场"), "{body}");
    for gone in [
        "<script",
        "alert(",
        "onclick",
        "position:absolute",
        "box-sizing",
        "data-tools",
    ] {
        assert!(!body.contains(gone), "{gone} published: {body}");
    }
    // Participants are plain names; a .MD file is a page.
    let record = site.read("output/volunteer/2024-yizhen/index.html");
    assert!(
        record.contains("参与人员") && record.contains("李明、王芳"),
        "{record}"
    );
    assert!(site.exists("output/news/xin-wen-gao/index.html"));
    // A local picture inside the paste is published, shown by its web
    // version.
    assert!(site.exists("output/news/2024-yizhen/合影.png"));
    // The phone photo and the pasted 合影, each by its web version.
    assert!(body.matches("<img src=\"/_img/").count() >= 2, "{body}");
    // Stray files are not published.
    assert!(!site.exists("output/news/新闻稿.docx"));
    assert!(!site.exists("output/news/新建文本文档.txt"));
    // Summaries, the feed and search text are plain text.
    let list = site.read("output/news/index.html");
    assert!(
        !list.contains("&lt;section") && !list.contains("<section style"),
        "markup in a card"
    );
    let feed = site.read("output/atom.xml");
    assert!(
        !feed.contains("&lt;section") && !feed.contains("&lt;img"),
        "markup in the feed"
    );
}

#[test]
fn a_picture_from_the_internet_fails_the_build_at_its_line() {
    let site = real_site();
    site.write(
        "content/about.md",
        "---\ntitle: 关于本站\n---\n转自公众号：\n\n![](http://mmbiz.qpic.cn/a.jpg)\n\n<p><img src=\"https://mmbiz.qpic.cn/b.jpg\"></p>\n\n![密码](.//etc/hostname) ![密码](/%2Fetc/hostname)\n\n<section>\n<p>宣传片：</p>\n<video src=\"https://v.qq.com/a.mp4\"></video>\n</section>\n",
    );
    let run = site.build(&[]);
    run.expect(1);
    run.stderr_has_line_starting("content/about.md:6: 图片 http://mmbiz.qpic.cn/a.jpg 在互联网上");
    run.stderr_has_line_starting("content/about.md:8: 图片 https://mmbiz.qpic.cn/b.jpg 在互联网上");
    // Files outside the site are never read or published, however written.
    run.stderr_has_line_starting("content/about.md:10: 找不到图片 .//etc/hostname");
    run.stderr_has_line_starting("content/about.md:10: 找不到图片 //etc/hostname");
    // A video from outside inside a pasted block: at its own line.
    run.stderr_has_line_starting("content/about.md:14: 视频 https://v.qq.com/a.mp4 在互联网上");
}
