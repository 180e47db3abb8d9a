//! Build-time charts rendered as inline SVG inside a `<figure>`.
//!
//! The intranet pages must work without JavaScript and without anything
//! fetched from outside, so every chart is plain markup: two `<svg>`
//! renderings of the same data that scale with their container through
//! their `viewBox` — a wide one (`WIDE`) and one laid out for phones
//! (`NARROW`) — followed by a visually hidden table that screen readers
//! use instead of the picture. Which rendering shows is decided by a small
//! stylesheet the chart carries itself (in its first `<svg>`), so it works
//! under any theme.
//!
//! Values are assumed to be non-negative counts (小时, 人次…). Negative or
//! non-finite values never panic: they are drawn as empty bars and labelled
//! with what was given (`—` for NaN/∞).
//!
//! [`column_chart`] and [`bar_chart`] each have a file with their layout,
//! which takes a `Frame`; the value axis and text measuring they share
//! are in `axis` and `text`.

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

/// One rendering of a chart: the width of its viewBox, its font sizes (in
/// viewBox units), and the class and inline sizing of its `<svg>`. Every
/// layout and drawing function takes one, so both renderings come from the
/// same code.
#[derive(Debug, Clone, Copy)]
struct Frame {
    view_w: f64,
    /// Category labels (months, branches).
    label_fs: f64,
    /// Values and tick labels.
    small_fs: f64,
    class: &'static str,
    /// Size only: `display` comes from the class rules in `SWITCH_CSS`,
    /// which an inline `display` would beat.
    style: &'static str,
}

/// Screens of 600 px and more. max-width keeps text from growing huge on
/// wide screens.
const WIDE: Frame = Frame {
    view_w: 440.0,
    label_fs: 13.0,
    small_fs: 12.0,
    class: "chart-svg chart-wide",
    style: "max-width:44rem;height:auto",
};

/// Phones (below 600 px): a chart about 336 px wide on a 390 px phone
/// draws 12 units at 12.6 px, and at 11.5 px on a 360 px phone.
const NARROW: Frame = Frame {
    view_w: 320.0,
    label_fs: 13.0,
    small_fs: 12.0,
    class: "chart-svg chart-narrow",
    style: "width:100%;height:auto",
};

/// The renderings of every chart, in document order.
const FRAMES: [Frame; 2] = [WIDE, NARROW];

/// Which rendering shows: the narrow one below 600 px, else the wide one.
/// Carried by each chart, inside its first `<svg>` (where a `<style>` is
/// valid HTML), so that any theme works. `!important` because a theme's
/// own `figure svg { display: block }` would otherwise show both; `svg.`
/// keeps the rules off anything else that uses these class names.
const SWITCH_CSS: &str = "<style>svg.chart-wide{display:block}svg.chart-narrow{display:none!important}@media (max-width:599px){svg.chart-wide{display:none!important}svg.chart-narrow{display:block!important}}</style>";

fn empty_figure(title: &str) -> String {
    format!(
        "<figure class=\"chart chart-empty\"><figcaption>{}</figcaption><p>暂无数据</p></figure>",
        esc(title)
    )
}

fn open_svg(svg: &mut String, frame: &Frame, view_h: f64, aria: &str) {
    // No height attribute: the viewBox alone lets the SVG fill its
    // container.
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{}\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" aria-label=\"{}\" style=\"{}\" font-family=\"{FONT_STACK}\">",
        frame.class,
        n(frame.view_w),
        n(view_h),
        esc(aria),
        frame.style
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

/// The `<figure>`: one `<svg>` per `Frame`, each drawn by `draw` (which
/// writes the inside of the `<svg>` and returns the height of its viewBox),
/// then the screen-reader table. `kind` names the chart in its aria-label.
fn figure(
    title: &str,
    unit: &str,
    bars: &[Bar],
    kind: &str,
    draw: impl Fn(&Frame, &mut String) -> f64,
) -> String {
    let aria = summary(title, unit, bars, kind);
    let mut out = String::with_capacity(1024 + bars.len() * 1024);
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption>{}</figcaption>",
        esc(title)
    );
    let mut body = String::new();
    for (k, frame) in FRAMES.iter().enumerate() {
        body.clear();
        let view_h = draw(frame, &mut body);
        open_svg(&mut out, frame, view_h, &aria);
        if k == 0 {
            out.push_str(SWITCH_CSS);
        }
        out.push_str(&body);
        out.push_str("</svg>");
    }
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

    /// One calendar year as the volunteer pages chart it: 1月 … 12月, with
    /// 4-digit values (one with a decimal, one empty month).
    fn year_of_months() -> Vec<Bar> {
        let values = [
            1234.0, 2890.5, 1502.0, 3100.0, 2750.0, 0.0, 2204.0, 3333.0, 1001.0, 2500.0, 2999.0,
            1800.0,
        ];
        (1..=12)
            .map(|m| Bar {
                label: format!("{m}月"),
                value: values[m - 1],
            })
            .collect()
    }

    fn branches() -> Vec<Bar> {
        let names = [
            "心血管内科党支部",
            "眼科党支部",
            "行政第一党支部",
            "中共某某大学附属第一医院心血管内科与心脏大血管外科联合党支部",
            "护理部第二党支部",
            "药学部党支部",
            "离退休干部第一党支部",
            "后勤保障党支部",
        ];
        names
            .iter()
            .enumerate()
            .map(|(i, l)| Bar {
                label: l.to_string(),
                value: 12345.0 - i as f64 * 1500.5,
            })
            .collect()
    }

    /// The `<svg>…</svg>` renderings of a figure, in order.
    fn renderings(html: &str) -> Vec<&str> {
        html.match_indices("<svg")
            .map(|(start, _)| {
                let end = start + html[start..].find("</svg>").expect("closed svg") + 6;
                &html[start..end]
            })
            .collect()
    }

    /// The value of attribute `name` in the start tag `tag`.
    fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        Some(&tag[start..start + tag[start..].find('"')?])
    }

    fn num(tag: &str, name: &str) -> f64 {
        attr(tag, name)
            .unwrap_or_else(|| panic!("{name} in {tag}"))
            .parse()
            .unwrap()
    }

    /// The viewBox width and height of a rendering.
    fn view_box(svg: &str) -> (f64, f64) {
        let v: Vec<f64> = attr(svg, "viewBox")
            .unwrap()
            .split(' ')
            .map(|p| p.parse().unwrap())
            .collect();
        (v[2], v[3])
    }

    /// One line of text as drawn: its box (estimated with `text_width`, as
    /// the layouts do; ascent 0.8 em, descent 0.2 em) and its font size.
    #[derive(Debug)]
    struct Drawn {
        text: String,
        font_size: f64,
        x0: f64,
        x1: f64,
        y0: f64,
        y1: f64,
    }

    impl Drawn {
        fn overlaps(&self, o: &Drawn) -> bool {
            let e = 0.01;
            self.x0 < o.x1 - e && o.x0 < self.x1 - e && self.y0 < o.y1 - e && o.y0 < self.y1 - e
        }
    }

    /// Every line of `<text>` in a rendering, `<tspan>` lines separately.
    fn drawn_text(svg: &str) -> Vec<Drawn> {
        let mut out = Vec::new();
        for chunk in svg.split("<text ").skip(1) {
            let (tag, rest) = chunk.split_once('>').unwrap();
            let tag = format!(" {tag}");
            let body = &rest[..rest.find("</text>").unwrap()];
            let (x, mut y, fs) = (num(&tag, "x"), num(&tag, "y"), num(&tag, "font-size"));
            let anchor = attr(&tag, "text-anchor").unwrap_or("start");
            let upright = attr(&tag, "transform").is_some();
            let lines: Vec<(f64, &str)> = if body.starts_with("<tspan") {
                body.split("<tspan")
                    .skip(1)
                    .map(|t| {
                        let (t_tag, t_rest) = t.split_once('>').unwrap();
                        let dy = attr(t_tag, "dy").map_or(0.0, |d| d.parse().unwrap());
                        (dy, &t_rest[..t_rest.find("</tspan>").unwrap()])
                    })
                    .collect()
            } else {
                vec![(0.0, body)]
            };
            for (dy, line) in lines {
                y += dy;
                let w = text_width(line, fs);
                let (x0, x1, y0, y1) = if upright {
                    // rotate(-90) about (x, y): the text runs up from y.
                    (x - 0.8 * fs, x + 0.2 * fs, y - w, y)
                } else {
                    let x0 = match anchor {
                        "middle" => x - w / 2.0,
                        "end" => x - w,
                        _ => x,
                    };
                    (x0, x0 + w, y - 0.8 * fs, y + 0.2 * fs)
                };
                out.push(Drawn {
                    text: line.to_string(),
                    font_size: fs,
                    x0,
                    x1,
                    y0,
                    y1,
                });
            }
        }
        out
    }

    /// No two lines of text touch, and all of them are inside the viewBox.
    fn assert_text_fits(svg: &str) {
        let (w, h) = view_box(svg);
        let texts = drawn_text(svg);
        assert!(!texts.is_empty());
        for (i, a) in texts.iter().enumerate() {
            assert!(
                a.x0 >= -0.01 && a.x1 <= w + 0.01 && a.y0 >= -0.01 && a.y1 <= h + 0.01,
                "{a:?} outside 0 0 {w} {h}"
            );
            for b in &texts[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?} in viewBox width {w}");
            }
        }
    }

    /// The category labels shown under the columns of a rendering.
    fn column_labels(svg: &str) -> Vec<String> {
        drawn_text(svg)
            .into_iter()
            .filter(|t| t.font_size == WIDE.label_fs)
            .map(|t| t.text)
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
            for svg in renderings(&html) {
                assert!(attr(svg, "aria-label")
                    .unwrap()
                    .starts_with("&lt;script&gt;"));
                assert!(svg.contains("<title>&lt;script&gt;"));
            }
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
            assert!(!html.contains("<style"));
        }
    }

    #[test]
    fn all_zero_values_do_not_divide_by_zero() {
        let b = bars(&[("一月", 0.0), ("二月", 0.0)]);
        for html in [column_chart("t", "小时", &b), bar_chart("t", "小时", &b)] {
            assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
            for svg in renderings(&html) {
                assert_eq!(svg.matches("<rect").count(), 2);
                assert!(svg.contains("height=\"0\"") || svg.contains("width=\"0\""));
            }
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
            for svg in renderings(&html) {
                assert_eq!(svg.matches("<rect").count(), 4);
            }
        }
        let tiny = bars(&[("a", 5e-324), ("b", 0.0)]);
        for svg in renderings(&column_chart("t", "", &tiny)) {
            assert_eq!(svg.matches("<rect").count(), 2);
        }
    }

    #[test]
    fn one_rect_per_bar_in_each_rendering_and_one_table_row() {
        let b = bars(&[
            ("心血管内科党支部", 120.0),
            ("眼科党支部", 80.5),
            ("行政第一党支部", 12345.0),
        ]);
        for html in [
            column_chart("志愿服务时长", "小时", &b),
            bar_chart("志愿服务时长", "小时", &b),
        ] {
            assert_eq!(html.matches("<tr><th scope=\"row\">").count(), 3);
            assert!(html.contains("<th scope=\"row\">眼科党支部</th><td>80.5</td>"));
            assert!(html.contains("<th scope=\"col\">数值（小时）</th>"));
            assert!(
                html.contains("<table class=\"visually-hidden\"><caption>志愿服务时长</caption>")
            );
            assert!(html
                .starts_with("<figure class=\"chart\"><figcaption>志愿服务时长</figcaption><svg"));
            assert!(!html.contains(" id="));
            let svgs = renderings(&html);
            assert_eq!(svgs.len(), 2);
            for svg in &svgs {
                assert_eq!(svg.matches("<rect").count(), 3);
                assert!(svg.contains(">12,345</text>"));
                assert!(svg.contains("role=\"img\""));
                assert!(svg.contains("aria-label=\"志愿服务时长"));
                assert!(svg.contains("<title>行政第一党支部：12,345 小时</title>"));
            }
            assert!(svgs[0].contains("viewBox=\"0 0 440 "));
            assert!(svgs[1].contains("viewBox=\"0 0 320 "));
        }
    }

    #[test]
    fn both_renderings_are_there_and_css_picks_one() {
        for html in [
            column_chart("每月志愿服务时长", "小时", &year_of_months()),
            bar_chart("各支部志愿服务时长", "小时", &branches()),
        ] {
            let svgs = renderings(&html);
            assert_eq!(svgs.len(), 2, "{html}");
            let (wide, narrow) = (svgs[0], svgs[1]);
            assert_eq!(attr(wide, "class"), Some("chart-svg chart-wide"));
            assert_eq!(attr(narrow, "class"), Some("chart-svg chart-narrow"));
            assert_eq!(view_box(wide).0, 440.0);
            assert_eq!(view_box(narrow).0, 320.0);
            assert_eq!(attr(wide, "style"), Some("max-width:44rem;height:auto"));
            assert_eq!(attr(narrow, "style"), Some("width:100%;height:auto"));
            // An inline display would beat the stylesheet's display:none.
            assert!(!html.contains("display:block;"));
            assert!(!html.contains("style=\"display"));
            // The one stylesheet sits in the first svg (valid HTML there;
            // not as a child of <figure>).
            assert_eq!(html.matches("<style>").count(), 1);
            assert!(wide.contains(SWITCH_CSS));
            assert!(SWITCH_CSS.contains("svg.chart-narrow{display:none!important}"));
            assert!(SWITCH_CSS.contains(
                "@media (max-width:599px){svg.chart-wide{display:none!important}svg.chart-narrow{display:block!important}}"
            ));
            // Both are pictures with the same name; one data table for both.
            assert_eq!(attr(wide, "role"), Some("img"));
            assert_eq!(attr(narrow, "role"), Some("img"));
            assert_eq!(attr(wide, "aria-label"), attr(narrow, "aria-label"));
            assert_eq!(html.matches("<table").count(), 1);
            assert!(html.ends_with("</tbody></table></figure>"));
        }
    }

    #[test]
    fn month_labels_all_show_on_wide_and_never_overlap_on_narrow() {
        let html = column_chart("2024年每月志愿服务时长", "小时", &year_of_months());
        let svgs = renderings(&html);
        let all: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
        assert_eq!(column_labels(svgs[0]), all);
        let narrow = column_labels(svgs[1]);
        assert!(narrow.len() >= 6, "{narrow:?}");
        assert_eq!(narrow[0], "1月");
        for svg in &svgs {
            assert_text_fits(svg);
        }
        // Every non-empty month keeps its value, upright on the narrow one.
        assert_eq!(svgs[1].matches("rotate(-90").count(), 11);
        assert!(svgs[1].contains(">2,890.5</text>"));
        // Wide-ranging values and 5-digit ticks still fit.
        let mut big = year_of_months();
        big[3].value = 48_765.0;
        for svg in renderings(&column_chart("t", "人次", &big)) {
            assert_text_fits(svg);
        }
        assert_eq!(
            column_labels(renderings(&column_chart("t", "人次", &big))[0]),
            all
        );
    }

    #[test]
    fn long_branch_names_wrap_and_shorten_within_the_narrow_frame() {
        let html = bar_chart("各支部志愿服务时长", "小时", &branches());
        let svgs = renderings(&html);
        for svg in &svgs {
            assert_text_fits(svg);
        }
        let narrow = svgs[1];
        let labels: Vec<Drawn> = drawn_text(narrow)
            .into_iter()
            .filter(|t| t.font_size == NARROW.label_fs)
            .collect();
        // Two names take two lines, spread evenly rather than leaving one
        // character alone.
        assert_eq!(labels.len(), 10, "{labels:?}");
        assert!(labels.iter().any(|l| l.text == "离退休干部"));
        assert!(
            labels.iter().all(|l| l.text.chars().count() > 1),
            "{labels:?}"
        );
        for l in &labels {
            assert!(l.x1 - l.x0 <= NARROW.view_w * 0.4 + 0.01, "{l:?}");
        }
        assert!(labels.iter().any(|l| l.text.ends_with('…')));
        assert!(narrow.contains("<tspan x="));
        assert!(narrow.contains(
            "<title>中共某某大学附属第一医院心血管内科与心脏大血管外科联合党支部：7,843.5 小时</title>"
        ));
        // 5-digit ticks are thinned on the narrow plot rather than touching.
        let ticks = |svg: &str| {
            drawn_text(svg)
                .iter()
                .filter(|t| t.text.ends_with(",000") || t.text.ends_with(",500") || t.text == "0")
                .count()
        };
        let gridlines = narrow.matches(&format!("stroke=\"{GRID}\"")).count();
        assert!(ticks(narrow) <= gridlines / 2 + 1, "{narrow}");
    }

    #[test]
    fn long_branch_labels_wrap_then_shorten_without_splitting_characters() {
        let long = "中共某某大学附属第一医院心血管内科与心脏大血管外科联合党支部";
        let b = bars(&[(long, 10.0), ("眼科", 3.0)]);
        let html = bar_chart("t", "", &b);
        for svg in renderings(&html) {
            assert!(svg.contains("<tspan x="), "second line expected: {svg}");
            assert!(svg.contains('…'));
            assert!(svg.contains(&format!("<title>{long}：10</title>")));
        }
        let lines = wrap_label(long, 100.0, 13.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text_width(l, 13.0) <= 100.0));
        assert!(lines[1].ends_with('…'));
        assert!(long.starts_with(&format!("{}{}", lines[0], lines[1].trim_end_matches('…'))));
    }

    #[test]
    fn font_sizes_are_never_below_12_units() {
        let charts = [
            column_chart("t", "小时", &year_of_months()),
            column_chart("t", "小时", &months(24)),
            column_chart("t", "小时", &months(60)),
            column_chart("t", "", &bars(&[("a", 0.3)])),
            bar_chart("t", "小时", &branches()),
            bar_chart("t", "", &bars(&[("a", 1.0)])),
        ];
        for html in &charts {
            for svg in renderings(html) {
                let sizes: Vec<f64> = svg
                    .split(" font-size=\"")
                    .skip(1)
                    .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
                    .collect();
                assert!(!sizes.is_empty());
                assert!(sizes.iter().all(|&fs| fs >= 12.0), "{sizes:?}");
                assert_text_fits(svg);
            }
        }
    }

    #[test]
    fn many_months_thin_labels_and_turn_values_upright() {
        let b = months(24);
        let html = column_chart("月度志愿服务", "小时", &b);
        let svgs = renderings(&html);
        for svg in &svgs {
            assert_eq!(svg.matches("<rect").count(), 24);
            let shown = column_labels(svg).len();
            assert!((2..24).contains(&shown), "shown {shown} of 24 labels");
        }
        assert!(svgs[0].contains("rotate(-90"));
        // On the narrow one even upright values would touch: left out.
        assert!(!svgs[1].contains("rotate("));
        assert!(!svgs[1].contains("text-anchor=\"middle\" font-size=\"12\""));
        // A few columns keep every label and level values.
        let few = column_chart("年度", "人次", &months(4));
        for svg in renderings(&few) {
            assert_eq!(column_labels(svg).len(), 4);
            assert!(!svg.contains("rotate("));
        }
    }

    #[test]
    fn two_charts_on_one_page_are_valid_together() {
        // No ids at all, so nothing can clash.
        let b = months(3);
        let page = column_chart("a", "", &b) + &bar_chart("a", "", &b);
        assert!(!page.contains("id="));
    }
}
