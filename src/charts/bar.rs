//! Bar charts: horizontal bars for long Chinese labels (by branch:
//! 心血管内科党支部…), which wrap onto a second line rather than shrink.

use std::fmt::Write as _;

use super::axis::ValueAxis;
use super::text::{text_width, widest, wrap_label};
use super::{
    baseline, empty_figure, esc, figure, n, open_svg, summary, with_unit, Bar, GRID, LABEL_FS, RED,
    SMALL_FS, TEXT, TEXT_MUTED, VIEW_W,
};

/// Where everything of a bar chart goes, in viewBox units.
struct Layout {
    axis: ValueAxis,
    /// Each bar's label, in one or two lines.
    wrapped: Vec<Vec<String>>,
    /// Height of a row, and of the bar within it.
    row_h: f64,
    bar_h: f64,
    /// x of the axis: the label column is to its left.
    left: f64,
    top: f64,
    plot_w: f64,
    plot_h: f64,
    view_h: f64,
}

impl Layout {
    fn new(bars: &[Bar]) -> Layout {
        let axis = ValueAxis::new(bars);
        // The label column takes what the longest label needs, up to 40 % of the
        // width; longer labels wrap onto a second line and are shortened with …
        // after that.
        let widest_label = widest(bars.iter().map(|b| &b.label), LABEL_FS);
        let label_col = widest_label.clamp(LABEL_FS * 2.0, VIEW_W * 0.4);
        let wrapped: Vec<Vec<String>> = bars
            .iter()
            .map(|b| wrap_label(&b.label, label_col, LABEL_FS, 2))
            .collect();
        let two_lines = wrapped.iter().any(|l| l.len() > 1);
        let row_h = if two_lines { 40.0 } else { 28.0 };
        let bar_h = if two_lines { 22.0 } else { 18.0 };

        let left = label_col + 12.0;
        let widest_value = widest(axis.value_labels.iter(), SMALL_FS);
        // Room for the value label after the longest bar, and for half of the
        // last tick label, which is centred on the right edge of the plot.
        let last_tick_w = axis
            .tick_labels
            .last()
            .map_or(0.0, |t| text_width(t, SMALL_FS));
        let right = (widest_value + 10.0)
            .max(last_tick_w / 2.0 + 4.0)
            .min(VIEW_W * 0.3);
        let plot_w = (VIEW_W - left - right).max(40.0);
        let top = 8.0;
        let plot_h = row_h * bars.len() as f64;
        let bottom = SMALL_FS + 12.0;
        Layout {
            axis,
            wrapped,
            row_h,
            bar_h,
            left,
            top,
            plot_w,
            plot_h,
            view_h: top + plot_h + bottom,
        }
    }

    /// Length of a bar for `value`.
    fn width(&self, value: f64) -> f64 {
        self.axis.length(value, self.plot_w)
    }
}

/// Horizontal bars for long Chinese labels (by branch: 心血管内科党支部…).
pub fn bar_chart(title: &str, unit: &str, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return empty_figure(title);
    }
    let layout = Layout::new(bars);
    let mut svg = String::new();
    open_svg(
        &mut svg,
        layout.view_h,
        &summary(title, unit, bars, "条形图"),
    );
    grid(&mut svg, &layout);
    for (i, bar) in bars.iter().enumerate() {
        row(&mut svg, &layout, i, bar, unit);
    }
    let (left, top) = (layout.left, layout.top);
    baseline(&mut svg, left, top, left, top + layout.plot_h);
    svg.push_str("</svg>");
    figure(title, unit, bars, &svg)
}

/// Vertical gridlines and their tick labels under the plot.
fn grid(svg: &mut String, layout: &Layout) {
    let Layout { top, plot_h, .. } = *layout;
    svg.push_str("<g class=\"chart-grid\">");
    for (t, label) in layout.axis.ticks.iter().zip(&layout.axis.tick_labels) {
        let x = layout.left + layout.width(*t);
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
}

/// Row `i`: the bar with its tooltip, its value, and its category label.
fn row(svg: &mut String, layout: &Layout, i: usize, bar: &Bar, unit: &str) {
    let value_label = &layout.axis.value_labels[i];
    let left = layout.left;
    let cy = layout.top + layout.row_h * (i as f64 + 0.5);
    let w = layout.width(bar.value);
    let _ = write!(
        svg,
        "<g><title>{}：{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{RED}\"/>",
        esc(&bar.label),
        esc(&with_unit(value_label, unit)),
        n(left),
        n(cy - layout.bar_h / 2.0),
        n(w),
        n(layout.bar_h)
    );
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL_FS}\" fill=\"{TEXT}\">{}</text>",
        n(left + w + 5.0),
        n(cy + SMALL_FS * 0.35),
        esc(value_label)
    );
    category_label(svg, left, cy, &layout.wrapped[i]);
    svg.push_str("</g>");
}

/// A category label, right-aligned against the axis at `left`, in one or
/// two lines centred on `cy`.
fn category_label(svg: &mut String, left: f64, cy: f64, lines: &[String]) {
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
    svg.push_str("</text>");
}
