//! Build-time charts rendered as inline SVG inside a `<figure>`.
//!
//! The intranet pages must work without JavaScript and without anything
//! fetched from outside, so every chart is plain markup: an `<svg>` that
//! scales with its container through its `viewBox`, followed by a visually
//! hidden table that screen readers use instead of the picture.
//!
//! Values are assumed to be non-negative counts (小时, 人次…). Negative or
//! non-finite values never panic: they are drawn as empty bars and labelled
//! with what was given (`—` for NaN/∞).
//!
//! [`column_chart`] and [`bar_chart`] each have a file with their layout;
//! the value axis and text measuring they share are in `axis` and `text`.

mod axis;
mod bar;
mod column;
mod text;

use std::fmt::Write as _;

use crate::html::escape as esc;
use crate::numbers::format_number;

pub use bar::bar_chart;
pub use column::column_chart;

/// One bar of a chart.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
}

const RED: &str = "#C8161D";
const GOLD: &str = "#D4A64A";
const TEXT: &str = "#333";
const TEXT_MUTED: &str = "#555";
const GRID: &str = "#E3E3E3";
// Single quotes inside so the value can sit in a double-quoted attribute.
const FONT_STACK: &str = "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Source Han Sans SC',sans-serif";

/// Width of the viewBox. Narrow on purpose: on a 390 px phone the SVG is
/// shrunk by less than 15 %, so 12–13 unit text stays ≥ 10 px on screen.
const VIEW_W: f64 = 440.0;
const LABEL_FS: f64 = 13.0;
const SMALL_FS: f64 = 12.0;

fn empty_figure(title: &str) -> String {
    format!(
        "<figure class=\"chart chart-empty\"><figcaption>{}</figcaption><p>暂无数据</p></figure>",
        esc(title)
    )
}

fn open_svg(svg: &mut String, view_h: f64, aria: &str) {
    // No width/height attributes: the viewBox alone lets the SVG fill its
    // container; max-width keeps text from growing huge on wide screens.
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" aria-label=\"{}\" style=\"display:block;max-width:44rem;height:auto\" font-family=\"{FONT_STACK}\">",
        n(VIEW_W),
        n(view_h),
        esc(aria)
    );
}

fn baseline(svg: &mut String, x1: f64, y1: f64, x2: f64, y2: f64) {
    let _ = write!(
        svg,
        "<line class=\"chart-baseline\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GOLD}\" stroke-width=\"2\"/>",
        n(x1),
        n(y1),
        n(x2),
        n(y2)
    );
}

/// The `<figure>` around the SVG, with the screen-reader table after it.
fn figure(title: &str, unit: &str, bars: &[Bar], svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + 256 + bars.len() * 64);
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption>{}</figcaption>{svg}",
        esc(title)
    );
    let value_head = if unit.is_empty() {
        "数值".to_string()
    } else {
        format!("数值（{}）", esc(unit))
    };
    let _ = write!(
        out,
        "<table class=\"visually-hidden\"><caption>{}</caption><thead><tr><th scope=\"col\">项目</th><th scope=\"col\">{value_head}</th></tr></thead><tbody>",
        esc(title)
    );
    for bar in bars {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            esc(&bar.label),
            esc(&format_number(bar.value))
        );
    }
    out.push_str("</tbody></table></figure>");
    out
}

/// Short text for `aria-label`: what the chart is, how many items, the
/// highest and lowest.
fn summary(title: &str, unit: &str, bars: &[Bar], kind: &str) -> String {
    let mut s = format!("{title}（{kind}），共 {} 项", bars.len());
    if !unit.is_empty() {
        let _ = write!(s, "，单位：{unit}");
    }
    let finite = bars.iter().filter(|b| b.value.is_finite());
    let max = finite.clone().fold(None::<&Bar>, |m, b| match m {
        Some(m) if m.value >= b.value => Some(m),
        _ => Some(b),
    });
    let min = finite.fold(None::<&Bar>, |m, b| match m {
        Some(m) if m.value <= b.value => Some(m),
        _ => Some(b),
    });
    if let (Some(max), Some(min)) = (max, min) {
        let _ = write!(
            s,
            "。最高：{} {}",
            max.label,
            with_unit(&format_number(max.value), unit)
        );
        if bars.len() > 1 {
            let _ = write!(
                s,
                "；最低：{} {}",
                min.label,
                with_unit(&format_number(min.value), unit)
            );
        }
    }
    s
}

fn with_unit(value: &str, unit: &str) -> String {
    if unit.is_empty() {
        value.to_string()
    } else {
        format!("{value} {unit}")
    }
}

/// Coordinates with at most one decimal keep the markup small.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::text::{text_width, wrap_label};
    use super::*;

    fn bars(items: &[(&str, f64)]) -> Vec<Bar> {
        items
            .iter()
            .map(|(l, v)| Bar {
                label: l.to_string(),
                value: *v,
            })
            .collect()
    }

    fn months(n: usize) -> Vec<Bar> {
        (0..n)
            .map(|i| Bar {
                label: format!("{}年{}月", 2023 + i / 12, i % 12 + 1),
                value: (i * 137 % 1500) as f64 + 1000.0,
            })
            .collect()
    }

    #[test]
    fn everything_user_supplied_is_escaped() {
        let evil = "<script>alert(\"x\")</script> & 'q'";
        let b = bars(&[(evil, 3.0)]);
        for html in [column_chart(evil, evil, &b), bar_chart(evil, evil, &b)] {
            assert!(!html.contains("<script>"), "{html}");
            assert!(!html.contains("\"x\""));
            assert!(!html.contains("'q'"));
            assert!(html
                .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"));
        }
        assert!(!empty_figure(evil).contains("<script>"));
    }

    #[test]
    fn empty_input_says_no_data_without_svg() {
        for html in [
            column_chart("活动", "次", &[]),
            bar_chart("活动", "次", &[]),
        ] {
            assert!(html.contains("暂无数据"));
            assert!(html.contains("<figcaption>活动</figcaption>"));
            assert!(!html.contains("<svg"));
        }
    }

    #[test]
    fn all_zero_values_do_not_divide_by_zero() {
        let b = bars(&[("一月", 0.0), ("二月", 0.0)]);
        for html in [column_chart("t", "小时", &b), bar_chart("t", "小时", &b)] {
            assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
            assert_eq!(html.matches("<rect").count(), 2);
            assert!(html.contains("height=\"0\"") || html.contains("width=\"0\""));
        }
    }

    #[test]
    fn odd_values_never_break_geometry() {
        let b = bars(&[
            ("a", f64::NAN),
            ("b", -5.0),
            ("c", f64::INFINITY),
            ("d", f64::MAX),
        ]);
        for html in [column_chart("t", "", &b), bar_chart("t", "", &b)] {
            assert!(!html.contains("NaN") && !html.contains("=\"-"), "{html}");
            assert_eq!(html.matches("<rect").count(), 4);
        }
        let tiny = bars(&[("a", 5e-324), ("b", 0.0)]);
        assert_eq!(column_chart("t", "", &tiny).matches("<rect").count(), 2);
    }

    #[test]
    fn one_rect_and_one_table_row_per_bar() {
        let b = bars(&[
            ("心血管内科党支部", 120.0),
            ("眼科党支部", 80.5),
            ("行政第一党支部", 12345.0),
        ]);
        for html in [
            column_chart("志愿服务时长", "小时", &b),
            bar_chart("志愿服务时长", "小时", &b),
        ] {
            assert_eq!(html.matches("<rect").count(), 3);
            assert_eq!(html.matches("<tr><th scope=\"row\">").count(), 3);
            assert!(html.contains("<th scope=\"row\">眼科党支部</th><td>80.5</td>"));
            assert!(html.contains("<th scope=\"col\">数值（小时）</th>"));
            assert!(
                html.contains("<table class=\"visually-hidden\"><caption>志愿服务时长</caption>")
            );
            assert!(html.contains(">12,345</text>"));
            assert!(html.contains("role=\"img\""));
            assert!(html.contains("aria-label=\"志愿服务时长"));
            assert!(html.contains("viewBox=\"0 0 440 "));
            assert!(html.contains("<title>行政第一党支部：12,345 小时</title>"));
            assert!(html
                .starts_with("<figure class=\"chart\"><figcaption>志愿服务时长</figcaption><svg"));
            assert!(!html.contains(" id="));
        }
    }

    #[test]
    fn long_branch_labels_wrap_then_shorten_without_splitting_characters() {
        let long = "中共某某大学附属第一医院心血管内科与心脏大血管外科联合党支部";
        let b = bars(&[(long, 10.0), ("眼科", 3.0)]);
        let html = bar_chart("t", "", &b);
        assert!(html.contains("<tspan x="), "second line expected: {html}");
        assert!(html.contains('…'));
        assert!(html.contains(&format!("<title>{long}：10</title>")));
        let lines = wrap_label(long, 100.0, 13.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text_width(l, 13.0) <= 100.0));
        assert!(lines[1].ends_with('…'));
        assert!(long.starts_with(&format!("{}{}", lines[0], lines[1].trim_end_matches('…'))));
    }

    #[test]
    fn many_months_thin_labels_and_turn_values_upright() {
        let b = months(24);
        let html = column_chart("月度志愿服务", "小时", &b);
        assert_eq!(html.matches("<rect").count(), 24);
        let shown = html
            .matches("text-anchor=\"middle\" font-size=\"13\"")
            .count();
        assert!((4..24).contains(&shown), "shown {shown} of 24 labels");
        assert!(html.contains("rotate(-90"));
        // A few columns keep every label and horizontal values.
        let few = column_chart("年度", "人次", &months(4));
        assert_eq!(
            few.matches("text-anchor=\"middle\" font-size=\"13\"")
                .count(),
            4
        );
        assert!(!few.contains("rotate("));
    }

    #[test]
    fn two_charts_on_one_page_are_valid_together() {
        // No ids at all, so nothing can clash.
        let b = months(3);
        let page = column_chart("a", "", &b) + &bar_chart("a", "", &b);
        assert!(!page.contains("id="));
    }
}
