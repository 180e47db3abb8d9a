//! `pinpai build` on small fixture sites: the pages, links and totals a
//! reader of the built site sees.

mod common;

use std::path::{Component, Path, PathBuf};

use common::{fixture, links, png, visible_text, Site};

/// `n` as the theme may print it: `1801` or `1,801`.
#[track_caller]
fn assert_shows_number(text: &str, plain: &str, grouped: &str, what: &str) {
    assert!(
        text.contains(plain) || text.contains(grouped),
        "{what}: {plain} not shown in:\n{text}"
    );
}

/// Output file a site-root URL path is served from (`/a/` → `a/index.html`).
#[test]
fn theme_urls_in_any_quoting_and_inline_styles_follow_the_sub_path_and_relative_mode() {
    // A theme author's own about page, written the way people write HTML.
    let template = "{% extends \"base.html\" %}{% block main %}\
<a href='/about/' id=single>关于</a>\
<img src=/img/a.png alt=\"\" id=unquoted>\
<div id=styled style=\"background:url(/img/b.png) no-repeat\"></div>\
{% endblock main %}";
    for (config, expect) in [
        (
            format!("{}base_url: /dangjian/\n", common::SITE_YAML),
            [
                "href=\"/dangjian/about/\"",
                "src=\"/dangjian/img/a.png\"",
                "url(/dangjian/img/b.png)",
            ],
        ),
        (
            format!("{}relative_urls: true\n", common::SITE_YAML),
            [
                "href=\"../about/index.html\"",
                "src=\"../img/a.png\"",
                "url(../img/b.png)",
            ],
        ),
    ] {
        let site = fixture()
            .file("site.yaml", config)
            .file("templates/page.html", template)
            .file("static/img/a.png", common::png(8, 8))
            .file("static/img/b.png", common::png(8, 8));
        site.build(&[]).ok();
        let page = site.read("output/about/index.html");
        for want in expect {
            assert!(page.contains(want), "{want} missing in:\n{page}");
        }
        // From /about/ the relative links lead to files that exist.
        assert!(site.exists("output/img/a.png") && site.exists("output/about/index.html"));
    }
}

fn output_file(url_path: &str) -> String {
    let path = url_path.split(['#', '?']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// `%E7%8E%B0` → `现`: how a browser turns a link back into a file name.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Every internal link of every page that does not lead to a file of the
/// output, as (page, link). Site-root links must start with `prefix`.
fn broken_links(site: &Site, prefix: &str) -> Vec<(String, String)> {
    let mut broken = Vec::new();
    for (page, html) in site.html_files() {
        for link in links(&html) {
            let link = percent_decode(&link);
            if link.starts_with('#') || link.contains("://") || link.starts_with("data:") {
                continue;
            }
            let target = if let Some(rest) = link.strip_prefix('/') {
                match format!("/{rest}").strip_prefix(prefix) {
                    Some(inside) => output_file(inside),
                    None => {
                        broken.push((page.clone(), link));
                        continue;
                    }
                }
            } else {
                // Relative to the page's folder.
                let dir = Path::new(&page).parent().unwrap_or(Path::new(""));
                let joined = dir.join(link.split(['#', '?']).next().unwrap_or(""));
                let mut clean = PathBuf::new();
                let mut escaped = false;
                for c in joined.components() {
                    match c {
                        Component::ParentDir => escaped |= !clean.pop(),
                        Component::Normal(n) => clean.push(n),
                        _ => {}
                    }
                }
                if escaped {
                    broken.push((page.clone(), link));
                    continue;
                }
                let mut s = clean.to_string_lossy().replace('\\', "/");
                if link.ends_with('/') || s.is_empty() {
                    s = format!("{}/index.html", s)
                        .trim_start_matches('/')
                        .to_string();
                }
                s
            };
            if !site.exists(&format!("output/{target}")) {
                broken.push((page.clone(), link));
            }
        }
    }
    broken
}

#[test]
fn every_page_kind_is_produced_with_members_records_and_totals() {
    let site = fixture();
    site.build(&[]).ok();
    for file in [
        "index.html",
        "branches/index.html",
        "branches/jizhen-120/index.html",
        "branches/yanke-shouming/index.html",
        "members/index.html",
        "members/du-jie/index.html",
        "members/shan-xuemei/index.html",
        "volunteer/index.html",
        "volunteer/2024-yizhen/index.html",
        "volunteer/2023-shaicha/index.html",
        "volunteer/year/2024/index.html",
        "volunteer/year/2023/index.html",
        "news/index.html",
        "news/2024-dangke/index.html",
        "about/index.html",
        "tags/index.html",
        "tags/zhi-yuan-fu-wu/index.html",
        "tags/ji-jiu/index.html",
        "search/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(
            site.exists(&format!("output/{file}")),
            "output/{file} missing; output has:\n{}",
            site.files("output").join("\n")
        );
    }

    // The brand page: its own members and records, not the other brand's.
    let brand = site.read("output/branches/jizhen-120/index.html");
    let brand_links = links(&brand);
    for url in [
        "/members/du-jie/",
        "/volunteer/2024-yizhen/",
        "/volunteer/2023-shaicha/",
    ] {
        assert!(
            brand_links.iter().any(|l| l == url),
            "brand page lacks {url}"
        );
    }
    assert!(!brand_links.iter().any(|l| l == "/members/shan-xuemei/"));
    let text = visible_text(&brand);
    assert!(text.contains("120救在身边") && text.contains("生命至上 分秒必争"));
    // Both records: 37 + 45 volunteers, 12.5 + 7 hours, 1234 + 567 served.
    assert_shows_number(&text, "82", "82", "brand volunteers");
    assert_shows_number(&text, "19.5", "19.5", "brand hours");
    assert_shows_number(&text, "1801", "1,801", "brand served");

    let other = site.read("output/branches/yanke-shouming/index.html");
    let other_links = links(&other);
    assert!(other_links.iter().any(|l| l == "/members/shan-xuemei/"));
    assert!(other_links.iter().any(|l| l == "/volunteer/2023-shaicha/"));
    assert!(!other_links.iter().any(|l| l == "/volunteer/2024-yizhen/"));
    let text = visible_text(&other);
    assert_shows_number(&text, "567", "567", "second brand served");
    assert!(!text.contains("1,801") && !text.contains("1801"), "{text}");

    // The home page: headline totals of the whole site.
    let home = visible_text(&site.read("output/index.html"));
    assert_shows_number(&home, "1801", "1,801", "home served");
    assert_shows_number(&home, "19.5", "19.5", "home hours");
    assert!(home.contains("欢迎访问党建之窗"), "{home}");

    // The member page links back to its brand.
    let member = site.read("output/members/du-jie/index.html");
    assert!(links(&member).iter().any(|l| l == "/branches/jizhen-120/"));
    assert!(visible_text(&member).contains("杜杰"));

    // The volunteer list shows totals, and the year page only its year.
    let list = visible_text(&site.read("output/volunteer/index.html"));
    assert_shows_number(&list, "1801", "1,801", "volunteer list served");
    let year = site.read("output/volunteer/year/2023/index.html");
    assert!(links(&year).iter().any(|l| l == "/volunteer/2023-shaicha/"));
    assert!(!links(&year).iter().any(|l| l == "/volunteer/2024-yizhen/"));

    // The tag page lists what is tagged with it.
    let tag = site.read("output/tags/zhi-yuan-fu-wu/index.html");
    for url in [
        "/branches/jizhen-120/",
        "/members/du-jie/",
        "/volunteer/2024-yizhen/",
    ] {
        assert!(links(&tag).iter().any(|l| l == url), "tag page lacks {url}");
    }
    // The plain section lists its page; the `@/` link became a URL.
    assert!(links(&site.read("output/news/index.html"))
        .iter()
        .any(|l| l == "/news/2024-dangke/"));
    assert!(links(&site.read("output/news/2024-dangke/index.html"))
        .iter()
        .any(|l| l == "/members/du-jie/"));
}

#[test]
fn every_reference_form_resolves() {
    let site = Site::new()
        .file(
            "content/branches/jia.md",
            "---\ntitle: 甲品牌\nbranch: 甲党支部\n---\n",
        )
        .file(
            "content/branches/yi.md",
            "---\ntitle: 乙品牌\nbranch: 乙党支部\n---\n",
        )
        .file(
            "content/branches/bing.md",
            "---\ntitle: 丙品牌\nbranch: 丙党支部\n---\n",
        )
        // A member's brand by slug, by `branch` name and by title.
        .file(
            "content/members/by-slug.md",
            "---\ntitle: 网址名\nname: 张一\nbranch: jia\n---\n",
        )
        .file(
            "content/members/by-name.md",
            "---\ntitle: 支部名\nname: 王二\nbranch: 乙党支部\n---\n",
        )
        .file(
            "content/members/by-title.md",
            "---\ntitle: 品牌名\nname: 李三\nbranch: 丙品牌\n---\n",
        )
        // A record's brands as a list; its members by slug and by `name`.
        .file(
            "content/volunteer/huodong.md",
            "---\n\
title: 联合义诊\n\
date: 2024-05-01\n\
branch:\n  - jia\n  - 乙党支部\n  - 丙品牌\n\
members: [by-slug, 王二]\n\
volunteers: 3\n\
---\n",
        );
    site.build(&[]).ok();

    for (brand, member) in [("jia", "by-slug"), ("yi", "by-name"), ("bing", "by-title")] {
        let page = links(&site.read(&format!("output/branches/{brand}/index.html")));
        assert!(
            page.iter().any(|l| *l == format!("/members/{member}/")),
            "brand {brand} should list member {member}: {page:?}"
        );
        assert!(
            page.iter().any(|l| l == "/volunteer/huodong/"),
            "brand {brand} record"
        );
        let back = links(&site.read(&format!("output/members/{member}/index.html")));
        assert!(back.iter().any(|l| *l == format!("/branches/{brand}/")));
    }
    let record = links(&site.read("output/volunteer/huodong/index.html"));
    for url in [
        "/branches/jia/",
        "/branches/yi/",
        "/branches/bing/",
        "/members/by-slug/",
        "/members/by-name/",
    ] {
        assert!(
            record.iter().any(|l| l == url),
            "record lacks {url}: {record:?}"
        );
    }
    assert!(!record.iter().any(|l| l == "/members/by-title/"));
    // A member's own page lists the records they took part in.
    let member = links(&site.read("output/members/by-name/index.html"));
    assert!(member.iter().any(|l| l == "/volunteer/huodong/"));
}

#[test]
fn root_urls_all_lead_to_built_files() {
    let site = fixture();
    site.build(&[]).ok();
    let broken = broken_links(&site, "/");
    assert!(broken.is_empty(), "broken links: {broken:?}");
    let home = site.read("output/index.html");
    assert!(links(&home).iter().any(|l| l == "/branches/"));
}

#[test]
fn base_url_with_a_sub_path_prefixes_every_link() {
    let site = fixture().file(
        "site.yaml",
        format!("{}base_url: /dangjian/\n", common::SITE_YAML),
    );
    site.build(&[]).ok();
    let member = site.read("output/members/du-jie/index.html");
    assert!(links(&member)
        .iter()
        .any(|l| l == "/dangjian/branches/jizhen-120/"));
    let broken = broken_links(&site, "/dangjian/");
    assert!(
        broken.is_empty(),
        "links outside /dangjian/ or broken: {broken:?}"
    );
    // The files themselves are still at the root of output/.
    assert!(site.exists("output/members/du-jie/index.html"));
    let sitemap = site.read("output/sitemap.xml");
    assert!(
        sitemap.contains("/dangjian/members/du-jie/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = fixture().file(
        "site.yaml",
        format!("{}base_url: /dangjian/\n", common::SITE_YAML),
    );
    site.build(&["--base-url", "/zhibu/"]).ok();
    let member = site.read("output/members/du-jie/index.html");
    assert!(links(&member)
        .iter()
        .any(|l| l == "/zhibu/branches/jizhen-120/"));
    assert!(
        !member.contains("/dangjian/"),
        "site.yaml's base_url leaked"
    );
    let broken = broken_links(&site, "/zhibu/");
    assert!(
        broken.is_empty(),
        "links outside /zhibu/ or broken: {broken:?}"
    );
}

#[test]
fn relative_urls_work_from_any_folder() {
    let site = fixture().file(
        "site.yaml",
        format!("{}relative_urls: true\n", common::SITE_YAML),
    );
    site.build(&[]).ok();
    let member = site.read("output/members/du-jie/index.html");
    let member_links = links(&member);
    assert!(
        member_links
            .iter()
            .any(|l| l == "../../branches/index.html"),
        "{member_links:?}"
    );
    assert!(member_links
        .iter()
        .any(|l| l == "../../branches/jizhen-120/index.html"));
    for (page, html) in site.html_files() {
        // The server answers a missing page at any depth with 404.html: it
        // links from base_url, as relative links would lead nowhere there.
        if page == "404.html" {
            assert!(html.contains("href=\"/theme/pinpai.css\""), "{html}");
            continue;
        }
        for attr in ["href=\"/", "src=\"/", "action=\"/", "srcset=\"/"] {
            assert!(!html.contains(attr), "{page} still has {attr}…");
        }
    }
    let broken = broken_links(&site, "/");
    assert!(
        broken.is_empty(),
        "relative links that lead nowhere: {broken:?}"
    );
}

#[test]
fn chinese_and_spaced_names_become_pinyin_urls_and_bundles_keep_their_images() {
    let logo = png(30, 30);
    let site = Site::new()
        .file(
            "content/branches/血液科.md",
            "---\ntitle: 血液守护\nbranch: 血液科党支部\ntags: [志愿服务]\n---\n",
        )
        .file(
            "content/members/杜杰.md",
            "---\ntitle: 杜杰的故事\nname: 杜杰\nbranch: 血液科党支部\n---\n",
        )
        .file(
            "content/branches/眼科 守明/index.md",
            "---\ntitle: 守明\nbranch: 眼科党支部\nlogo: 标识 图.png\n---\n![现场](现场.png)\n",
        )
        .file("content/branches/眼科 守明/标识 图.png", &logo)
        .file("content/branches/眼科 守明/现场.png", png(50, 20))
        .file(
            "content/news/Party Day 2024.md",
            "---\ntitle: 主题党日\ndate: 2024-06-01\n---\n",
        )
        .file("content/重症 医学科.md", "---\ntitle: 重症医学科\n---\n")
        .file(
            "content/通知公告/停诊 通知.md",
            "---\ntitle: 停诊通知\ndate: 2024-06-02\n---\n",
        );
    site.build(&[]).ok();
    for file in [
        "members/du-jie/index.html",
        "branches/xue-ye-ke/index.html",
        "tags/zhi-yuan-fu-wu/index.html",
        "branches/yan-ke-shou-ming/index.html",
        "news/party-day-2024/index.html",
        "zhong-zheng-yi-xue-ke/index.html",
        "tong-zhi-gong-gao/index.html",
        "tong-zhi-gong-gao/ting-zhen-tong-zhi/index.html",
    ] {
        assert!(
            site.exists(&format!("output/{file}")),
            "output/{file} missing; output has:\n{}",
            site.files("output").join("\n")
        );
    }
    // The bundle's files are published beside its page, bytes unchanged.
    let published = site.snapshot("output/branches/yan-ke-shou-ming");
    assert_eq!(
        published.get("标识 图.png"),
        Some(&logo),
        "{:?}",
        published.keys()
    );
    assert!(published.contains_key("现场.png"), "{:?}", published.keys());
    // …and the page shows them from there.
    let page = site.read("output/branches/yan-ke-shou-ming/index.html");
    let srcs: Vec<String> = links(&page).iter().map(|l| percent_decode(l)).collect();
    assert!(
        srcs.iter()
            .any(|l| l == "/branches/yan-ke-shou-ming/现场.png"),
        "body image not shown: {srcs:?}"
    );
    assert!(
        page.contains("<img") && srcs.iter().filter(|l| l.ends_with(".png")).count() >= 2,
        "logo not shown: {srcs:?}"
    );
    let broken = broken_links(&site, "/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = fixture().file(
        "content/news/caogao.md",
        "---\ntitle: 还没写完的稿子\ndate: 2024-08-01\ndraft: true\n---\n草稿正文。\n",
    );
    let run = site.build(&[]);
    run.ok();
    assert!(!site.exists("output/news/caogao/index.html"));
    for (page, html) in site.html_files() {
        assert!(!html.contains("还没写完的稿子"), "draft shown on {page}");
    }
    assert!(!site.read("output/atom.xml").contains("还没写完的稿子"));
    assert!(!site.read("output/sitemap.xml").contains("/news/caogao/"));

    site.build(&["--drafts"]).ok();
    assert!(site.exists("output/news/caogao/index.html"));
    assert!(site
        .read("output/news/index.html")
        .contains("还没写完的稿子"));
}

#[test]
fn long_lists_are_paginated_with_previous_and_next_links() {
    let mut site = Site::new().file("site.yaml", format!("{}paginate: 2\n", common::SITE_YAML));
    for n in 1..=5 {
        site = site.file(
            &format!("content/news/n{n}.md"),
            format!("---\ntitle: 第{n}条新闻\ndate: 2024-0{n}-10\n---\n"),
        );
    }
    site.build(&[]).ok();
    assert!(site.exists("output/news/page/2/index.html"));
    assert!(site.exists("output/news/page/3/index.html"));
    assert!(!site.exists("output/news/page/4/index.html"));
    assert!(!site.exists("output/news/page/1/index.html"));

    // Newest first, two to a page.
    let first = links(&site.read("output/news/index.html"));
    assert!(first.iter().any(|l| l == "/news/n5/") && first.iter().any(|l| l == "/news/n4/"));
    assert!(!first.iter().any(|l| l == "/news/n3/"));
    assert!(
        first.iter().any(|l| l == "/news/page/2/"),
        "next link: {first:?}"
    );

    let second = links(&site.read("output/news/page/2/index.html"));
    assert!(second.iter().any(|l| l == "/news/n3/") && second.iter().any(|l| l == "/news/n2/"));
    assert!(
        second.iter().any(|l| l == "/news/"),
        "previous link: {second:?}"
    );
    assert!(
        second.iter().any(|l| l == "/news/page/3/"),
        "next link: {second:?}"
    );

    let third = site.read("output/news/page/3/index.html");
    let third_links = links(&third);
    assert!(third_links.iter().any(|l| l == "/news/n1/"));
    assert!(!third_links.iter().any(|l| l == "/news/n2/"));
    assert!(
        third_links.iter().any(|l| l == "/news/page/2/"),
        "{third_links:?}"
    );
    assert!(!third_links.iter().any(|l| l.contains("/page/4/")));
    assert!(
        third.contains("下一页"),
        "the theme shows a (disabled) 下一页"
    );
}

#[test]
fn feed_and_sitemap_are_well_formed_xml() {
    let site = fixture().file(
        "content/news/amp.md",
        "---\ntitle: \"学习<二十大> & 党章\"\ndate: 2024-09-01\nsummary: \"A & B <c>\"\n---\n",
    );
    site.build(&[]).ok();

    let atom = site.read("output/atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap_or_else(|e| panic!("atom.xml: {e}\n{atom}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let titles: Vec<&str> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|n| n.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert!(titles.contains(&"学习<二十大> & 党章"), "{titles:?}");
    assert!(titles.contains(&"社区义诊进万家"), "{titles:?}");

    let sitemap = site.read("output/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap)
        .unwrap_or_else(|e| panic!("sitemap.xml: {e}\n{sitemap}"));
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for url in [
        "/",
        "/members/du-jie/",
        "/branches/yanke-shouming/",
        "/about/",
        "/news/amp/",
    ] {
        assert!(locs.contains(&url), "sitemap lacks {url}: {locs:?}");
    }
}

#[test]
fn script_in_titles_and_bodies_is_never_output_as_html() {
    let site = fixture()
        .file(
            "content/news/xss.md",
            "---\n\
title: \"<script>alert(1)</script>标题\"\n\
date: 2024-09-09\n\
tags: [\"<script>alert(1)</script>\"]\n\
---\n\
正文里有 <script>alert(1)</script> 一段。\n\
\n\
<script>alert(1)</script>\n",
        )
        .file(
            "content/members/xss.md",
            "---\ntitle: 人物\nname: \"<script>alert(1)</script>\"\nbranch: jizhen-120\nposition: \"<b onmouseover=x>职务</b>\"\n---\n",
        );
    site.build(&[]).ok();
    let page = site.read("output/news/xss/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;标题"),
        "title not shown escaped"
    );
    let mut files = site.html_files();
    files.push(("atom.xml".into(), site.read("output/atom.xml")));
    for (file, text) in files {
        assert!(
            !text.contains("<script>alert(1)"),
            "unescaped <script> in {file}"
        );
        assert!(!text.contains("<b onmouseover"), "unescaped tag in {file}");
    }
}

#[test]
fn bold_next_to_chinese_punctuation() {
    let site = fixture().file(
        "content/news/tongzhi.md",
        "---\ntitle: 就诊须知\ndate: 2024-02-02\n---\n**注意：**请按时就诊\n\n请带好**医保卡（社保卡）**，谢谢。\n",
    );
    site.build(&[]).ok();
    let page = site.read("output/news/tongzhi/index.html");
    assert!(page.contains("<strong>注意：</strong>请按时就诊"), "{page}");
    assert!(
        page.contains("<strong>医保卡（社保卡）</strong>，谢谢"),
        "{page}"
    );
    assert!(!page.contains("**"), "asterisks left in the page");
}

#[test]
fn a_rebuild_leaves_nothing_stale() {
    let site = fixture();
    site.build(&[]).ok();
    assert!(site.exists("output/about/index.html"));
    site.remove("content/about.md");
    site.build(&[]).ok();
    assert!(
        !site.exists("output/about/index.html"),
        "stale page survived"
    );
    let names = site.top_level();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("pinpai-new") && !n.contains("pinpai-old")),
        "temporary folders left behind: {names:?}"
    );
}

#[test]
fn the_menu_never_leads_to_a_missing_page() {
    // A new site with only one brand: the default menu still links to
    // 先锋风采 and 志愿服务, which must exist (empty) rather than 404.
    let site = Site::new().file(
        "content/branches/jia.md",
        "---\ntitle: 甲品牌\nbranch: 甲党支部\n---\n",
    );
    site.build(&[]).ok();
    for file in [
        "branches/index.html",
        "members/index.html",
        "volunteer/index.html",
    ] {
        assert!(
            site.exists(&format!("output/{file}")),
            "output/{file} missing"
        );
    }
    let broken = broken_links(&site, "/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn windows_line_endings_build_like_any_other_file() {
    let site = fixture().file(
        "content/news/crlf.md",
        "---\r\ntitle: 通知\r\ndate: 2024-01-01\r\ntags: [就诊]\r\n---\r\n**注意：**请按时就诊\r\n",
    );
    site.build(&[]).ok();
    let page = site.read("output/news/crlf/index.html");
    assert!(page.contains("<strong>注意：</strong>请按时就诊"), "{page}");
    assert!(site.exists("output/tags/jiu-zhen/index.html"));
}

#[test]
fn iis_true_ships_a_web_config_with_the_404_page_and_mime_types() {
    let site = fixture();
    site.build(&[]).ok();
    assert!(
        !site.exists("output/web.config"),
        "only when site.yaml asks"
    );
    site.write("site.yaml", format!("{}iis: true\n", common::SITE_YAML));
    site.build(&["--base-url", "/dangjian/"]).ok();
    let config = site.read("output/web.config");
    assert!(
        config.contains(
            r#"<error statusCode="404" path="/dangjian/404.html" responseMode="ExecuteURL" />"#
        ),
        "{config}"
    );
    for (extension, mime) in [
        (".webp", "image/webp"),
        (".json", "application/json"),
        (".mp4", "video/mp4"),
    ] {
        assert!(
            config.contains(&format!(
                r#"<mimeMap fileExtension="{extension}" mimeType="{mime}"#
            )),
            "{extension} missing"
        );
    }
}

/// Written the way Windows Explorer shows them, `照片\现场.png` is the
/// file `照片/现场.png` beside the page, in front matter and body alike.
#[test]
fn backslash_paths_beside_a_page_are_found() {
    let site = fixture()
        .file("content/news/tu/照片/现场.png", common::png(64, 48))
        .file(
            "content/news/tu/index.md",
            "---\ntitle: 图\ndate: 2024-01-01\ncover: 照片\\现场.png\n---\n![现场](照片\\现场.png)\n",
        );
    let run = site.build(&[]);
    run.ok();
    let page = site.read("output/news/tu/index.html");
    assert!(page.contains("alt=\"现场\""), "{page}");
    assert!(site.exists("output/news/tu/照片/现场.png"));
    // Climbing out is refused however it is written.
    site.write(
        "content/news/tu/index.md",
        "---\ntitle: 图\ndate: 2024-01-01\n---\n![x](..\\..\\..\\site.yaml)\n",
    );
    site.build(&[]).expect(1);
}

#[test]
fn a_build_failing_while_it_writes_leaves_the_old_output_and_no_temporary_folder() {
    let site = fixture();
    site.build(&[]).ok();
    let before = site.snapshot("output");
    // A render-time error: pages are written as they are made, so some are
    // already in the new folder when this one fails.
    site.write(
        "templates/page.html",
        "{{ page.title }}{{ no_such_variable }}",
    );
    site.build(&[]).expect(1);
    common::assert_same_tree(&before, &site.snapshot("output"));
    assert_no_temporary_folders(&site);
    // And a build that works leaves no lock file in the output.
    site.remove("templates/page.html");
    site.build(&[]).ok();
    assert!(!site.exists("output/.pinpai-building"));
    assert!(site.exists("output/.pinpai-output"));
}

#[test]
fn timings_name_each_stage_and_template_with_its_slowest_page() {
    let site = fixture();
    let run = site.build(&["--timings"]);
    run.ok();
    for wanted in [
        "各阶段用时：",
        "  load ",
        "  render ",
        "  search ",
        "各模板用时",
        "page.html",
        "branch.html",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(
            run.stdout.contains(wanted),
            "no {wanted:?} in\n{}",
            run.stdout
        );
    }
    // Calls per template: one home page, one sitemap.
    for (template, calls) in [("index.html", "1"), ("sitemap.xml", "1")] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(template))
            .unwrap_or_default();
        assert_eq!(
            line.split_whitespace().nth(1),
            Some(calls),
            "{line}\n{}",
            run.stdout
        );
    }
    let page_line = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("page.html"))
        .unwrap_or_default();
    assert!(
        page_line.contains("  /") && page_line.contains(" ms）"),
        "{page_line}"
    );
}

#[test]
fn a_file_that_cannot_be_written_fails_the_build_and_keeps_the_old_output() {
    let site = fixture();
    site.build(&[]).ok();
    let before = site.snapshot("output");
    // A static file where the news list's folder must go: pages are being
    // written when `news/index.html` cannot be.
    site.write("static/news", "not a folder");
    let run = site.build(&[]);
    run.expect(1);
    assert!(run.stderr.contains("output"), "{}", run.stderr);
    common::assert_same_tree(&before, &site.snapshot("output"));
    assert_no_temporary_folders(&site);
}

/// No `.output.pinpai-new-*` or `-old-*` folder is left beside the output.
#[track_caller]
fn assert_no_temporary_folders(site: &Site) {
    let leftovers: Vec<String> = site
        .top_level()
        .into_iter()
        .filter(|name| name.contains("pinpai-new") || name.contains("pinpai-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
