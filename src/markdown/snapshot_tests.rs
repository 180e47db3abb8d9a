//! Snapshot tests of whole Markdown bodies: the HTML, table of contents,
//! problems, plain text and summary that [`render`] gives today.
//!
//! They pin the output so the module can be reorganised without a byte
//! changing; a deliberate change of behaviour shows up as a reviewed `.snap`
//! diff (`cargo insta review`, or `INSTA_UPDATE=always cargo test`).

use super::{render, Found, LinkTarget};
use std::fmt::Write as _;

/// A small site: two pages and two images exist, anything else is missing.
fn site(target: LinkTarget) -> Result<Found, String> {
    match target {
        LinkTarget::Page("members/杜杰.md") => Ok(Found::from("/members/du-jie/".to_string())),
        LinkTarget::Page("news/义诊.md") => Ok(Found::from("/news/yi-zhen/".to_string())),
        LinkTarget::Image("photo.jpg") => Ok(Found::from("/news/a/photo.jpg".to_string())),
        LinkTarget::Image("合影 1.jpg") => Ok(Found::from("/news/a/he-ying-1.jpg".to_string())),
        LinkTarget::Image("/images/a.jpg") => Ok(Found::from("/images/a.jpg".to_string())),
        LinkTarget::Page(p) => Err(format!("找不到页面 {p}")),
        LinkTarget::Image(p) | LinkTarget::Media(p) | LinkTarget::File(p) => {
            Err(format!("找不到文件 {p}"))
        }
    }
}

/// Everything `render` returns, as one text to snapshot.
fn rendered(body: &str) -> String {
    let r = render(body, &site);
    let mut out = String::new();
    let _ = writeln!(out, "== markdown\n{body}");
    let _ = write!(out, "== html\n{}", r.html);
    out.push_str("== toc\n");
    for h in &r.toc {
        let _ = writeln!(out, "h{} #{} {}", h.level, h.id, h.title);
    }
    out.push_str("== problems\n");
    for p in &r.problems {
        let _ = writeln!(out, "line {}: {}", p.line, p.message);
    }
    let _ = writeln!(out, "== text\n{}", r.text);
    let _ = writeln!(
        out,
        "== summary\n{}",
        r.summary_text.as_deref().unwrap_or("(none)")
    );
    out
}

#[test]
fn headings_and_toc_ids() {
    let body = "# 党建工作\n\n\
               ## 党建工作\n\n\
               ## 支部活动\n\n\
               ### 2024年 *重点* 工作\n\n\
               ## `code` 与 **加粗**\n\n\
               ## ！！！\n\n\
               ## Party Building\n\n\
               ## 党建工作 {#custom}\n\n\
               支部活动\n========\n";
    insta::assert_snapshot!(rendered(body));
}

#[test]
fn internal_links_found_and_missing() {
    let body = "见[杜杰](@/members/杜杰.md)与[义诊](@/news/义诊.md#活动安排)。\n\n\
               编码的路径：[杜杰](@/members/%E6%9D%9C%E6%9D%B0.md#党建工作)\n\n\
               本页标题：[跳转](#会议纪要)、[英文](#intro)\n\n\
               缺失：[王五](@/members/王五.md)\n\
               同一段第二行：[旧闻](@/news/旧闻.md#x)\n\n\
               [外部](https://example.org/a?b=1&c=2 \"标题\")\n";
    insta::assert_snapshot!(rendered(body));
}

#[test]
fn images_relative_static_missing_and_external() {
    let body = "![合影](photo.jpg \"活动合影\")\n\n\
               ![](/images/a.jpg)\n\n\
               ![空格名](合影%201.jpg)\n\n\
               文字\n\n\
               ![缺失](missing.png)\n\n\
               ![外部](https://example.org/a.png) ![内嵌](data:image/png;base64,AA)\n\n\
               ![**粗体** 替代文字](photo.jpg)\n\n\
               [![链接里的图](photo.jpg)](@/members/杜杰.md)\n";
    insta::assert_snapshot!(rendered(body));
}

#[test]
fn cjk_emphasis() {
    let body = "**注意：**文字\n\n\
               这是**我想做的事。**所以继续。\n\n\
               *强调（括号）*继续，~~删除（括号）。~~继续\n\n\
               **真，**她，**务必**带上\n\n\
               ***注意：***请\n\n\
               5*6*78\n\n\
               2*3*4 与 大小约3.0*2.5*1.0cm\n\n\
               **foo,**bar 与 a*b*c\n\n\
               只有一个*星号。\n\n\
               \\*\\*注意：\\*\\*请\n";
    insta::assert_snapshot!(rendered(body));
}

#[test]
fn tables() {
    let body = "| 科室 | 电话 | 备注 |\n\
               |:---|:---:|---:|\n\
               | 急诊 | 120 | **注意：**全天 |\n\
               | 门诊 | 8126 | `内线` |\n";
    insta::assert_snapshot!(rendered(body));
}

#[test]
fn code_blocks() {
    let body = "```rust\nfn main() { println!(\"<党建>\"); }\n```\n\n\
               ```\n**注意：**代码\n```\n\n    缩进的代码\n\n\
               行内 `a < b && c` 代码\n";
    insta::assert_snapshot!(rendered(body));
}

#[test]
fn summary_at_more_comment() {
    let body = "# 标题\n\n第一段**重点**，\n接着。\n\n<!-- more -->\n\n- 甲\n- 乙\n\n后文\n";
    insta::assert_snapshot!(rendered(body));
}

#[test]
fn summary_at_inline_more_comment() {
    let body = "前言<!-- more -->正文\n\n<!--more-->\n\n再一段\n";
    insta::assert_snapshot!(rendered(body));
}

#[test]
fn raw_html_is_shown_as_text() {
    let body = "<div class=\"box\">\n**a**\n</div>\n\n\
               <script>alert(1)</script>\n\n\
               段落<img src=x onerror=alert(1)>与<span>行内</span>\n\n\
               <!-- 私密 -->\n\n\
               正文<!-- 私密 -->继续\n\n\
               [坏链接](javascript:alert(1)) ![坏图](vbscript:x)\n\n\
               <!-- 未关闭\n\n隐藏\n";
    insta::assert_snapshot!(rendered(body));
}

#[test]
fn footnotes_tasks_and_strikethrough() {
    let body = "正文[^1]与另一处[^说明]。\n\n\
               [^1]: 第一条注释\n\
               [^说明]: **第二条**\n\n\
               - [x] 完成\n- [ ] 待办\n\n\
               ~~旧~~新\n\n\
               > 引用：**注意：**请\n\n---\n";
    insta::assert_snapshot!(rendered(body));
}
