//! Bar charts: horizontal bars for long Chinese labels (by branch:
//! 心血管内科党支部…), which wrap onto a second line rather than shrink.

use std::fmt::Write as _;

use super::axis::ValueAxis;
use super::text::{text_width, widest, wrap_label};
use super::{
    baseline, empty_figure, esc, figure, n, with_unit, Bar, Frame, GRID, RED, TEXT, TEXT_MUTED,
};

/// Where everything of a bar chart goes, in viewBox units of `frame`.
struct Layout {
    frame: Frame,
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
    /// Every `tick_step`-th tick is labelled, so that labels never touch.
    tick_step: usize,
    view_h: f64,
}

impl Layout {
    fn new(bars: &[Bar], frame: &Frame) -> Layout {
        let Frame {
            view_w,
            label_fs,
            small_fs,
            ..
        } = *frame;
        let axis = ValueAxis::new(bars);
        // The label column takes what the longest label needs, up to 40 % of the
        // width; longer labels wrap onto a second line and are shortened with …
        // after that.
        let widest_label = widest(bars.iter().map(|b| &b.label), label_fs);
        let label_col = widest_label.clamp(label_fs * 2.0, view_w * 0.4);
        let wrapped: Vec<Vec<String>> = bars
            .iter()
            .map(|b| wrap_label(&b.label, label_col, label_fs, 2))
            .collect();
        let two_lines = wrapped.iter().any(|l| l.len() > 1);
        let row_h = if two_lines { 40.0 } else { 28.0 };
        let bar_h = if two_lines { 22.0 } else { 18.0 };

        let left = label_col + 12.0;
        let widest_value = widest(axis.value_labels.iter(), small_fs);
        // Room for the value label after the longest bar, and for half of the
        // last tick label, which is centred on the right edge of the plot.
        let last_tick_w = axis
            .tick_labels
            .last()
            .map_or(0.0, |t| text_width(t, small_fs));
        let right = (widest_value + 10.0)
            .max(last_tick_w / 2.0 + 4.0)
            .min(view_w * 0.3);
        let plot_w = (view_w - left - right).max(40.0);
        let top = 8.0;
        let plot_h = row_h * bars.len() as f64;
        let bottom = small_fs + 12.0;

        // Ticks are evenly spaced; on a narrow plot 5-digit tick labels would
        // run into each other, so only every second (third…) is labelled.
        let intervals = axis.ticks.len().saturating_sub(1).max(1);
        let spacing = plot_w / intervals as f64;
        let widest_tick = widest(axis.tick_labels.iter(), small_fs);
        let tick_step = ((widest_tick + small_fs * 0.3) / spacing).ceil().max(1.0) as usize;
        Layout {
            frame: *frame,
            axis,
            wrapped,
            row_h,
            bar_h,
            left,
            top,
            plot_w,
            plot_h,
            tick_step,
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
    figure(title, unit, bars, "条形图", |frame, svg| {
        let layout = Layout::new(bars, frame);
        grid(svg, &layout);
        for (i, bar) in bars.iter().enumerate() {
            row(svg, &layout, i, bar, unit);
        }
        let (left, top) = (layout.left, layout.top);
        baseline(svg, left, top, left, top + layout.plot_h);
        layout.view_h
    })
}

/// Vertical gridlines and their (thinned) tick labels under the plot.
fn grid(svg: &mut String, layout: &Layout) {
    let Layout { top, plot_h, .. } = *layout;
    let fs = layout.frame.small_fs;
    svg.push_str("<g class=\"chart-grid\">");
    let ticks = layout.axis.ticks.iter().zip(&layout.axis.tick_labels);
    for (k, (t, label)) in ticks.enumerate() {
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
        if k.is_multiple_of(layout.tick_step) {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{TEXT_MUTED}\">{}</text>",
                n(x),
                n(top + plot_h + fs + 6.0),
                n(fs),
                esc(label)
            );
        }
    }
    svg.push_str("</g>");
}

/// Row `i`: the bar with its tooltip, its value, and its category label.
fn row(svg: &mut String, layout: &Layout, i: usize, bar: &Bar, unit: &str) {
    let value_label = &layout.axis.value_labels[i];
    let fs = layout.frame.small_fs;
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
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{TEXT}\">{}</text>",
        n(left + w + 5.0),
        n(cy + fs * 0.35),
        n(fs),
        esc(value_label)
    );
    category_label(svg, &layout.frame, left, cy, &layout.wrapped[i]);
    svg.push_str("</g>");
}

/// A category label, right-aligned against the axis at `left`, in one or
/// two lines centred on `cy`.
fn category_label(svg: &mut String, frame: &Frame, left: f64, cy: f64, lines: &[String]) {
    let fs = frame.label_fs;
    let first_y = cy + fs * 0.35 - (lines.len() as f64 - 1.0) * fs * 0.6;
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{}\" fill=\"{TEXT}\">",
        n(left - 8.0),
        n(first_y),
        n(fs)
    );
    for (k, line) in lines.iter().enumerate() {
        if k == 0 {
            let _ = write!(svg, "<tspan>{}</tspan>", esc(line));
        } else {
            let _ = write!(
                svg,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                n(left - 8.0),
                n(fs * 1.2),
                esc(line)
            );
        }
    }
    svg.push_str("</text>");
}
