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

use crate::numbers::format_number;
use std::fmt::Write as _;

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

/// Vertical columns (by month, by year). `unit` e.g. "小时", "人次".
pub fn column_chart(title: &str, unit: &str, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return empty_figure(title);
    }
    let ticks = ticks_for(bars);
    let top_value = ticks.last().copied().unwrap_or(0.0);
    let tick_labels: Vec<String> = ticks.iter().map(|&t| format_number(t)).collect();
    let value_labels: Vec<String> = bars.iter().map(|b| format_number(b.value)).collect();

    let left = tick_labels
        .iter()
        .map(|t| text_width(t, SMALL_FS))
        .fold(0.0, f64::max)
        .min(VIEW_W * 0.3)
        + 10.0;
    let right = 8.0;
    let plot_w = VIEW_W - left - right;
    let slot = plot_w / bars.len() as f64;
    let bar_w = (slot * 0.62).min(48.0);

    // Value labels sit above the bars; when they are wider than a slot
    // (e.g. 24 months of 4-digit numbers) they are turned upright instead
    // of overlapping each other.
    let widest_value = value_labels
        .iter()
        .map(|v| text_width(v, SMALL_FS))
        .fold(0.0, f64::max);
    let rotate_values = widest_value > slot * 0.96;
    let top = if rotate_values {
        widest_value.min(120.0) + 8.0
    } else {
        SMALL_FS + 8.0
    };

    // Category labels: shorten very long ones, then show only every `step`-th
    // label when they would collide. The full label is always in the tooltip
    // and in the table.
    let max_label_w = (slot * 0.95).max(LABEL_FS * 6.0);
    let cat_labels: Vec<String> = bars
        .iter()
        .map(|b| truncate_to_width(&b.label, max_label_w, LABEL_FS))
        .collect();
    let widest_label = cat_labels
        .iter()
        .map(|l| text_width(l, LABEL_FS))
        .fold(0.0, f64::max);
    let needed = ((widest_label + 6.0) / slot).ceil().max(1.0) as usize;
    // Steps that divide 12 so monthly series show 1月, 4月, 7月… rather
    // than drifting months.
    let step = [1, 2, 3, 4, 6, 12]
        .into_iter()
        .find(|&s| s >= needed)
        .unwrap_or(needed);

    let plot_h = 200.0;
    let bottom = LABEL_FS + 14.0;
    let view_h = top + plot_h + bottom;
    let base_y = top + plot_h;
    let scale = |v: f64| -> f64 {
        if top_value > 0.0 {
            (clean(v) / top_value * plot_h).clamp(0.0, plot_h)
        } else {
            0.0
        }
    };

    let mut svg = String::new();
    open_svg(&mut svg, view_h, &summary(title, unit, bars, "柱状图"));

    // Gridlines and tick labels.
    svg.push_str("<g class=\"chart-grid\">");
    for (t, label) in ticks.iter().zip(&tick_labels) {
        let y = base_y - scale(*t);
        if *t > 0.0 {
            let _ = write!(
                svg,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
                n(left),
                n(y),
                n(VIEW_W - right),
                n(y)
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{SMALL_FS}\" fill=\"{TEXT_MUTED}\">{}</text>",
            n(left - 6.0),
            n(y + SMALL_FS * 0.35),
            esc(label)
        );
    }
    svg.push_str("</g>");

    // Bars, each with its tooltip, value and (thinned) category label.
    for (i, bar) in bars.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let h = scale(bar.value);
        let y = base_y - h;
        let _ = write!(
            svg,
            "<g><title>{}：{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{RED}\"/>",
            esc(&bar.label),
            esc(&with_unit(&value_labels[i], unit)),
            n(cx - bar_w / 2.0),
            n(y),
            n(bar_w),
            n(h)
        );
        // An empty month needs no "0" over it: the missing column says so,
        // and the tooltip and the table still give the value.
        let labelled = bar.value != 0.0;
        if labelled && rotate_values {
            let ty = y - 4.0;
            let tx = cx + SMALL_FS * 0.35;
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" transform=\"rotate(-90 {} {})\" font-size=\"{SMALL_FS}\" fill=\"{TEXT}\">{}</text>",
                n(tx),
                n(ty),
                n(tx),
                n(ty),
                esc(&value_labels[i])
            );
        } else if labelled {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{SMALL_FS}\" fill=\"{TEXT}\">{}</text>",
                n(cx),
                n(y - 5.0),
                esc(&value_labels[i])
            );
        }
        if i % step == 0 {
            // Keep edge labels inside the viewBox.
            let half = text_width(&cat_labels[i], LABEL_FS) / 2.0;
            let lx = cx.clamp(half, (VIEW_W - half).max(half));
            let _ = write!(
                svg,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GOLD}\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{LABEL_FS}\" fill=\"{TEXT}\">{}</text>",
                n(cx),
                n(base_y),
                n(cx),
                n(base_y + 4.0),
                n(lx),
                n(base_y + LABEL_FS + 6.0),
                esc(&cat_labels[i])
            );
        }
        svg.push_str("</g>");
    }
    baseline(&mut svg, left, base_y, VIEW_W - right, base_y);
    svg.push_str("</svg>");
    figure(title, unit, bars, &svg)
}

/// Horizontal bars for long Chinese labels (by branch: 心血管内科党支部…).
pub fn bar_chart(title: &str, unit: &str, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return empty_figure(title);
    }
    let ticks = ticks_for(bars);
    let top_value = ticks.last().copied().unwrap_or(0.0);
    let tick_labels: Vec<String> = ticks.iter().map(|&t| format_number(t)).collect();
    let value_labels: Vec<String> = bars.iter().map(|b| format_number(b.value)).collect();

    // The label column takes what the longest label needs, up to 40 % of the
    // width; longer labels wrap onto a second line and are shortened with …
    // after that.
    let widest_label = bars
        .iter()
        .map(|b| text_width(&b.label, LABEL_FS))
        .fold(0.0, f64::max);
    let label_col = widest_label.clamp(LABEL_FS * 2.0, VIEW_W * 0.4);
    let wrapped: Vec<Vec<String>> = bars
        .iter()
        .map(|b| wrap_label(&b.label, label_col, LABEL_FS, 2))
        .collect();
    let two_lines = wrapped.iter().any(|l| l.len() > 1);
    let row_h = if two_lines { 40.0 } else { 28.0 };
    let bar_h = if two_lines { 22.0 } else { 18.0 };

    let left = label_col + 12.0;
    let widest_value = value_labels
        .iter()
        .map(|v| text_width(v, SMALL_FS))
        .fold(0.0, f64::max);
    // Room for the value label after the longest bar, and for half of the
    // last tick label, which is centred on the right edge of the plot.
    let last_tick_w = tick_labels
        .last()
        .map(|t| text_width(t, SMALL_FS))
        .unwrap_or(0.0);
    let right = (widest_value + 10.0)
        .max(last_tick_w / 2.0 + 4.0)
        .min(VIEW_W * 0.3);
    let plot_w = (VIEW_W - left - right).max(40.0);
    let top = 8.0;
    let plot_h = row_h * bars.len() as f64;
    let bottom = SMALL_FS + 12.0;
    let view_h = top + plot_h + bottom;
    let scale = |v: f64| -> f64 {
        if top_value > 0.0 {
            (clean(v) / top_value * plot_w).clamp(0.0, plot_w)
        } else {
            0.0
        }
    };

    let mut svg = String::new();
    open_svg(&mut svg, view_h, &summary(title, unit, bars, "条形图"));

    svg.push_str("<g class=\"chart-grid\">");
    for (t, label) in ticks.iter().zip(&tick_labels) {
        let x = left + scale(*t);
        if *t > 0.0 {
            let _ = write!(
                svg,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
                n(x),
                n(top),
                n(x),
                n(top + plot_h)
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{SMALL_FS}\" fill=\"{TEXT_MUTED}\">{}</text>",
            n(x),
            n(top + plot_h + SMALL_FS + 6.0),
            esc(label)
        );
    }
    svg.push_str("</g>");

    for (i, bar) in bars.iter().enumerate() {
        let cy = top + row_h * (i as f64 + 0.5);
        let w = scale(bar.value);
        let _ = write!(
            svg,
            "<g><title>{}：{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{RED}\"/>",
            esc(&bar.label),
            esc(&with_unit(&value_labels[i], unit)),
            n(left),
            n(cy - bar_h / 2.0),
            n(w),
            n(bar_h)
        );
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL_FS}\" fill=\"{TEXT}\">{}</text>",
            n(left + w + 5.0),
            n(cy + SMALL_FS * 0.35),
            esc(&value_labels[i])
        );
        // Category label, right-aligned against the axis, one or two lines.
        let lines = &wrapped[i];
        let first_y = cy + LABEL_FS * 0.35 - (lines.len() as f64 - 1.0) * LABEL_FS * 0.6;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{LABEL_FS}\" fill=\"{TEXT}\">",
            n(left - 8.0),
            n(first_y)
        );
        for (k, line) in lines.iter().enumerate() {
            if k == 0 {
                let _ = write!(svg, "<tspan>{}</tspan>", esc(line));
            } else {
                let _ = write!(
                    svg,
                    "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                    n(left - 8.0),
                    n(LABEL_FS * 1.2),
                    esc(line)
                );
            }
        }
        svg.push_str("</text></g>");
    }
    baseline(&mut svg, left, top, left, top + plot_h);
    svg.push_str("</svg>");
    figure(title, unit, bars, &svg)
}

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

/// Geometry treats NaN/∞ and negatives as 0 so nothing divides by zero or
/// escapes the plot.
fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

fn max_value(bars: &[Bar]) -> f64 {
    bars.iter().map(|b| clean(b.value)).fold(0.0, f64::max)
}

/// Round tick values 0, step, 2·step … covering `max`, with step
/// 1/2/2.5/5×10ⁿ and three to five intervals. Whole-number data (人次) never
/// gets fractional ticks. All zeros give just `[0]`.
fn nice_ticks(max: f64, whole_numbers: bool) -> Vec<f64> {
    if max <= 0.0 || !max.is_finite() {
        return vec![0.0];
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mut step = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 && mag >= 10.0 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    } * mag;
    if whole_numbers && step < 1.0 {
        step = 1.0;
    }
    if !step.is_finite() || step <= 0.0 {
        // Subnormal maxima underflow the arithmetic above.
        return vec![0.0, max];
    }
    // max/step is at most ~5; the cap only guards against float surprises.
    let count = ((max / step - 1e-9).ceil().max(1.0) as usize).min(10);
    (0..=count).map(|i| i as f64 * step).collect()
}

fn ticks_for(bars: &[Bar]) -> Vec<f64> {
    let whole = bars
        .iter()
        .all(|b| !b.value.is_finite() || b.value.fract() == 0.0);
    nice_ticks(max_value(bars), whole)
}

/// Estimated advance of one character in em: CJK and other wide characters
/// are a full em, Latin digits and letters about half.
fn char_em(c: char) -> f64 {
    match c {
        ',' | '.' | ':' | ';' | '\'' | '|' | 'i' | 'l' | 'j' | '!' => 0.3,
        ' ' | '-' | '(' | ')' | '/' => 0.4,
        'A'..='Z' | 'm' | 'w' => 0.7,
        c if c.is_ascii() => 0.56,
        _ => 1.0,
    }
}

fn text_width(s: &str, font_size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * font_size
}

/// Shortens `s` on a character boundary so it fits `max_w`, ending in `…`.
fn truncate_to_width(s: &str, max_w: f64, font_size: f64) -> String {
    if text_width(s, font_size) <= max_w {
        return s.to_string();
    }
    let budget = max_w - font_size; // room for the ellipsis
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = char_em(c) * font_size;
        if w + cw > budget {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// Breaks `s` into at most `max_lines` lines of width `max_w`, breaking
/// between characters (fine for Chinese; ASCII runs may split) and ending
/// the last line with `…` when text is left over.
fn wrap_label(s: &str, max_w: f64, font_size: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut rest: Vec<char> = s.chars().collect();
    while !rest.is_empty() && lines.len() < max_lines {
        let last = lines.len() + 1 == max_lines;
        let remaining: String = rest.iter().collect();
        if text_width(&remaining, font_size) <= max_w {
            lines.push(remaining);
            rest.clear();
            break;
        }
        if last {
            lines.push(truncate_to_width(&remaining, max_w, font_size));
            rest.clear();
            break;
        }
        let mut w = 0.0;
        let mut take = 0;
        for &c in &rest {
            let cw = char_em(c) * font_size;
            if w + cw > max_w {
                break;
            }
            w += cw;
            take += 1;
        }
        // Always make progress, even if one character is wider than the column.
        let take = take.max(1);
        lines.push(rest[..take].iter().collect());
        rest.drain(..take);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
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

use crate::html::escape as esc;

#[cfg(test)]
mod tests {
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
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(
            nice_ticks(87.0, true),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(1000.0, true).len(), 6);
        assert_eq!(nice_ticks(3.0, true), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(nice_ticks(1.0, true), vec![0.0, 1.0]);
        assert_eq!(
            nice_ticks(1.0, false),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(nice_ticks(0.0, true), vec![0.0]);
        assert_eq!(nice_ticks(5e-324, false), vec![0.0, 5e-324]);
        assert!(nice_ticks(f64::MAX, false).len() <= 11);
        for max in [1.0, 7.0, 12.0, 99.0, 101.0, 12345.0, 0.37, 1e9] {
            let t = nice_ticks(max, false);
            let last = *t.last().unwrap();
            assert!(last >= max && (4..=7).contains(&t.len()), "{max}: {t:?}");
        }
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
