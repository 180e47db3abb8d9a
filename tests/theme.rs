//! The default theme's site-wide pages and settings (issue 13): 荣誉榜 and
//! 大事记, `logo` and `colors`, the photo-led home page, balanced grids and
//! monthly charts of one calendar year. What a browser shows is checked in
//! tests/browser/theme.test.mjs; this checks the pages and the messages.

mod common;

use common::{fixture, visible_text, Site, MILESTONES_NAV, SITE_YAML};

fn site_yaml(extra: &str) -> String {
    format!("title: 江州市第一人民医院党建之窗\nhospital: 江州市第一人民医院\n{extra}")
}

/// The fixture site with 荣誉榜 and 大事记 in its menu.
fn with_milestones() -> Site {
    fixture().file("site.yaml", format!("{SITE_YAML}{MILESTONES_NAV}"))
}

#[test]
fn honours_page_lists_every_honour_by_year_and_links_back() {
    let site = with_milestones().file(
        "content/members/liu.md",
        "---\ntitle: 刘医生\nname: 刘洋\nbranch: jizhen-120\nhonors:\n  - year: 2024\n    title: 江州市优秀共产党员\n  - year: 2023\n    title: 院级先进个人\n---\n故事。\n",
    );
    site.build(&[]).ok();
    let html = site.read("output/honors/index.html");
    let text = visible_text(&html);
    assert!(text.contains("获得荣誉 3 项"), "{text}");
    // Newest year first; brands before members within a year.
    let y2024 = text.find("2024年").unwrap_or(usize::MAX);
    let y2023 = text.find("2023年").unwrap_or(usize::MAX);
    assert!(y2024 < y2023, "{text}");
    let brand = text.find("市级优秀党支部").unwrap_or(usize::MAX);
    let member = text.find("院级先进个人").unwrap_or(usize::MAX);
    assert!(y2023 < brand && brand < member, "{text}");
    assert!(
        html.contains("href=\"/branches/jizhen-120/\""),
        "links back to the brand"
    );
    assert!(
        html.contains("href=\"/members/liu/\">刘洋</a>"),
        "a member by name"
    );
    assert!(
        site.read("output/sitemap.xml").contains("/honors/</loc>"),
        "in the sitemap"
    );
}

#[test]
fn timeline_has_foundings_honours_and_each_years_service() {
    let site = with_milestones();
    site.build(&[]).ok();
    let html = site.read("output/timeline/index.html");
    let text = visible_text(&html);
    for wanted in [
        "2024年",
        "志愿者 37 人次，服务时长 12.5 小时，服务群众 1,234 人次。",
        "2023年",
        "荣获市级优秀党支部",
        "2021年",
        "2021年7月1日",
        "120救在身边 品牌创建（急诊科党支部）",
    ] {
        assert!(text.contains(wanted), "no “{wanted}” in:\n{text}");
    }
    let order: Vec<usize> = ["2024年", "2023年", "2021年"]
        .iter()
        .map(|y| text.find(y).unwrap_or(usize::MAX))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(html.contains("href=\"/volunteer/year/2024/\""));
}

#[test]
fn a_site_page_at_the_same_address_wins_and_a_theme_without_the_template_has_none() {
    let site = with_milestones().file(
        "content/honors.md",
        "---\ntitle: 我院荣誉\n---\n我们自己写的荣誉榜。\n",
    );
    site.build(&[]).ok();
    assert!(site
        .read("output/honors/index.html")
        .contains("我们自己写的荣誉榜"));

    // A custom theme with only the required templates: no 大事记, and a
    // menu entry for it is an error that names the template.
    let theme = Site::empty().file(
        "site.yaml",
        site_yaml(
            "theme: plain\nnav:\n  - {title: 首页, url: /}\n  - {title: 大事记, url: /timeline/}\n",
        ),
    );
    let plain = "{{ page_kind }}";
    let mut theme = theme;
    for name in [
        "index.html",
        "branches.html",
        "branch.html",
        "members.html",
        "member.html",
        "volunteers.html",
        "volunteer.html",
        "section.html",
        "page.html",
        "tags.html",
        "tag.html",
        "search.html",
        "404.html",
    ] {
        theme = theme.file(&format!("themes/plain/templates/{name}"), plain);
    }
    theme = theme.file("content/about.md", "---\ntitle: 关于\n---\n正文\n");
    let run = theme.build(&[]);
    run.expect(1);
    assert_eq!(
        run.stderr_line("site.yaml:6:"),
        "site.yaml:6: 菜单“大事记”指向 /timeline/，但所用主题没有这个页面的模板 timeline.html：请从 nav 里去掉这一项，或在 templates/ 文件夹里放一个 timeline.html（可以从默认主题复制一份）"
    );
    theme.write("site.yaml", site_yaml("theme: plain\n"));
    theme.build(&[]).ok();
    assert!(!theme.exists("output/timeline/index.html"));
    assert!(!theme.exists("output/honors/index.html"));
}

#[test]
fn a_page_taken_out_of_the_menu_is_not_made() {
    let site = with_milestones();
    site.build(&[]).ok();
    assert!(site.exists("output/honors/index.html"));
    assert!(site.exists("output/timeline/index.html"));
    // The officer deletes 大事记 from the menu: the page goes too, and the
    // sitemap no longer lists it; 荣誉榜 stays.
    site.write(
        "site.yaml",
        format!(
            "{SITE_YAML}{}",
            MILESTONES_NAV.replace("  - {title: 大事记, url: /timeline/}\n", "")
        ),
    );
    site.build(&[]).ok();
    assert!(site.exists("output/honors/index.html"));
    assert!(!site.exists("output/timeline/index.html"));
    let sitemap = site.read("output/sitemap.xml");
    assert!(sitemap.contains("/honors/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("/timeline/"), "{sitemap}");
    // Without a menu of its own a site gets the default one, which has
    // neither.
    site.write("site.yaml", SITE_YAML);
    site.build(&[]).ok();
    assert!(!site.exists("output/honors/index.html"));
    assert!(!site.exists("output/timeline/index.html"));
}

#[test]
fn a_brand_named_after_its_branch_shows_the_name_once() {
    let site = fixture()
        .file(
            "content/branches/xiaohua.md",
            "---\ntitle: 消化内科党支部\nbranch: 消化内科党支部\nfeatured: true\n---\n支部介绍。\n",
        )
        .file(
            "content/members/zhao.md",
            "---\ntitle: 赵医生的故事\nname: 赵敏\nbranch: xiaohua\n---\n故事。\n",
        )
        .file(
            "content/volunteer/jiangzuo.md",
            "---\ntitle: 胃肠健康讲座\ndate: 2024-05-06\nbranch: xiaohua\nvolunteers: 3\n---\n讲座。\n",
        );
    site.build(&[]).ok();
    let name = "消化内科党支部";
    for path in [
        "output/branches/xiaohua/index.html",
        "output/members/zhao/index.html",
        "output/volunteer/jiangzuo/index.html",
        "output/branches/index.html",
        "output/index.html",
    ] {
        let html = site.read(path);
        let text = visible_text(&html);
        assert!(
            !text.contains(&format!("{name}（{name}）")),
            "{path}: {text}"
        );
        let title = html
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(t, _)| t)
            .unwrap_or_default();
        assert!(
            title.matches(name).count() <= 1,
            "{path}: <title>{title}</title>"
        );
    }
    // The brand's page: the line above the heading does not repeat it.
    let page = site.read("output/branches/xiaohua/index.html");
    assert!(page.contains(&format!("<h1>{name}</h1>")), "{page}");
    assert!(
        !page.contains(&format!("<p class=\"eyebrow\">{name}")),
        "{page}"
    );
    // Its card, on the list and on the home page's brand wall: the title
    // alone, no second line with the same words.
    for path in ["output/branches/index.html", "output/index.html"] {
        let html = site.read(path);
        assert!(html.contains(&format!(">{name}</a>")), "{path}");
        assert!(
            !html.contains(&format!("<p class=\"card-branch\">{name}</p>")),
            "{path}"
        );
    }
    // The member's page names the brand once, as a link.
    let member = visible_text(&site.read("output/members/zhao/index.html"));
    let header = member.split("故事。").next().unwrap_or_default();
    assert_eq!(header.matches(name).count(), 1, "{header}");
}

#[test]
fn colors_restyle_the_theme_and_a_light_primary_is_named() {
    let site = fixture().file(
        "site.yaml",
        site_yaml("colors:\n  primary: \"#1A4F8B\"\n  accent: \"#e0b84c\"\n"),
    );
    site.build(&[]).ok();
    let home = site.read("output/index.html");
    assert!(
        home.contains("<style>:root{--pp-primary:#1a4f8b;"),
        "{home}"
    );
    assert!(home.contains("--pp-accent:#e0b84c;"));
    // Plain colours stay first for old browsers; the variables follow.
    let css = site.read("output/theme/pinpai.css");
    assert!(css.contains("background-color: #C8161D;\n  background-color: var(--pp-primary);"));

    site.write("site.yaml", site_yaml("colors:\n  primary: \"#F3D58A\"\n"));
    let run = site.build(&[]);
    run.ok();
    assert_eq!(
        run.stderr_line("site.yaml:4:"),
        "site.yaml:4: 警告：colors.primary 选的颜色 #F3D58A 与通栏和菜单上的白色文字对比度只有 1.4:1，低于无障碍标准要求的 4.5:1，文字会看不清；请选深一些的颜色"
    );
}

#[test]
fn the_hospital_name_shows_once_in_the_masthead_and_the_logo_keeps_its_size() {
    let site = fixture()
        .file("site.yaml", site_yaml("logo: /images/logo.svg\n"))
        .file(
            "static/images/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 100\"></svg>",
        );
    site.build(&[]).ok();
    let home = site.read("output/index.html");
    let masthead = &home[home.find("<header").unwrap_or(0)..home.find("</header>").unwrap_or(0)];
    assert_eq!(
        masthead.matches("江州市第一人民医院").count(),
        1,
        "{masthead}"
    );
    assert!(masthead.contains("<span class=\"site-title-main\">党建之窗</span>"));
    assert!(
        masthead.contains("src=\"/images/logo.svg\" alt=\"\" width=\"300\" height=\"100\""),
        "{masthead}"
    );
}

#[test]
fn the_home_page_leads_with_pictures_and_grids_are_balanced() {
    let site = fixture()
        .file(
            "content/news/photo.md",
            "---\ntitle: 图片新闻一则\ndate: 2025-01-02\ncover: cover.png\n---\n正文。\n",
        )
        .file("content/news/cover.png", common::png(64, 48));
    site.build(&[]).ok();
    let home = site.read("output/index.html");
    let lead = &home[home.find("class=\"photo-lead\"").unwrap_or(0)..];
    assert!(lead.contains("图片新闻一则"), "the newest picture leads");
    assert!(
        !lead[..lead.find("</article>").unwrap_or(0)].contains("loading=\"lazy\""),
        "fetched at once"
    );
    // One featured brand and one featured member in the fixture.
    assert!(
        home.contains("brand-wall cols-w1 cols-m1 cols-n1"),
        "{home}"
    );

    let bare = Site::empty()
        .file("site.yaml", site_yaml(""))
        .file("content/about.md", "---\ntitle: 关于\n---\n正文\n");
    bare.build(&[]).ok();
    assert!(
        !bare.read("output/index.html").contains("photo-lead"),
        "no empty picture block"
    );
}

#[test]
fn monthly_charts_show_january_to_december_of_one_year() {
    let site = fixture();
    site.build(&[]).ok();
    for (page, year) in [
        ("output/volunteer/index.html", 2024),
        ("output/volunteer/year/2023/index.html", 2023),
    ] {
        let html = site.read(page);
        assert!(
            html.contains(&format!(
                "<figcaption>{year}年每月志愿服务时长</figcaption>"
            )),
            "{page}"
        );
        let figure = &html[html.find(&format!("{year}年每月志愿服务时长")).unwrap_or(0)..];
        let table = &figure[..figure.find("</table>").unwrap_or(0)];
        let labels: Vec<&str> = table
            .split("<th scope=\"row\">")
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .collect();
        let expected: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        assert_eq!(labels, expected, "{page}");
    }
}
