//! Column charts: vertical columns for series by month or by year, with
//! labels thinned and values turned upright (or left out) when columns get
//! narrow.

use std::fmt::Write as _;

use super::axis::ValueAxis;
use super::text::{text_width, truncate_to_width, widest};
use super::{
    baseline, empty_figure, esc, figure, n, with_unit, Bar, Frame, GOLD, GRID, RED, TEXT,
    TEXT_MUTED,
};

/// How the values over the columns are written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Values {
    /// Level, centred over the column.
    Level,
    /// Turned upright, because they are wider than a column's slot.
    Upright,
    /// Left out: even upright they would touch each other. The tooltip and
    /// the table still give them.
    Omitted,
}

/// Where everything of a column chart goes, in viewBox units of `frame`.
struct Layout {
    frame: Frame,
    axis: ValueAxis,
    /// Plot edges: `left` leaves room for the tick labels.
    left: f64,
    right: f64,
    /// Width given to each column, and the column's own width within it.
    slot: f64,
    bar_w: f64,
    values: Values,
    /// Category labels, shortened, and every `step`-th of them shown.
    cat_labels: Vec<String>,
    step: usize,
    plot_h: f64,
    /// y of the baseline.
    base_y: f64,
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
        let left = widest(axis.tick_labels.iter(), small_fs).min(view_w * 0.3) + 10.0;
        let right = 8.0;
        let plot_w = view_w - left - right;
        let slot = plot_w / bars.len() as f64;
        let bar_w = (slot * 0.62).min(48.0);

        // Value labels sit above the bars; when they are wider than a slot
        // (e.g. 12 months of 4-digit numbers on a phone) they are turned
        // upright instead of overlapping each other. Upright, each still
        // needs about one em across, plus a little air.
        let widest_value = widest(axis.value_labels.iter(), small_fs);
        let values = if widest_value <= slot * 0.96 {
            Values::Level
        } else if slot >= small_fs + 2.0 {
            Values::Upright
        } else {
            Values::Omitted
        };
        let top = if values == Values::Upright {
            widest_value.min(120.0) + 8.0
        } else {
            small_fs + 8.0
        };

        // Category labels: shorten very long ones, then show only every `step`-th
        // label when they would collide. The full label is always in the tooltip
        // and in the table.
        let max_label_w = (slot * 0.95).max(label_fs * 6.0);
        let cat_labels: Vec<String> = bars
            .iter()
            .map(|b| truncate_to_width(&b.label, max_label_w, label_fs))
            .collect();
        let widest_label = widest(cat_labels.iter(), label_fs);
        // A third of an em between neighbours is enough for 1月 … 12月, and
        // lets the wide frame show all twelve even with 5-digit ticks.
        let gap = label_fs * 0.3;
        let needed = ((widest_label + gap) / slot).ceil().max(1.0) as usize;
        // Steps that divide 12 so monthly series show 1月, 4月, 7月… rather
        // than drifting months.
        let step = [1, 2, 3, 4, 6, 12]
            .into_iter()
            .find(|&s| s >= needed)
            .unwrap_or(needed);

        let plot_h = 200.0;
        let bottom = label_fs + 14.0;
        Layout {
            frame: *frame,
            axis,
            left,
            right,
            slot,
            bar_w,
            values,
            cat_labels,
            step,
            plot_h,
            base_y: top + plot_h,
            view_h: top + plot_h + bottom,
        }
    }

    /// Height of a column for `value`.
    fn height(&self, value: f64) -> f64 {
        self.axis.length(value, self.plot_h)
    }
}

/// Vertical columns (by month, by year). `unit` e.g. "小时", "人次".
pub fn column_chart(title: &str, unit: &str, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return empty_figure(title);
    }
    figure(title, unit, bars, "柱状图", |frame, svg| {
        let layout = Layout::new(bars, frame);
        grid(svg, &layout);
        for (i, bar) in bars.iter().enumerate() {
            column(svg, &layout, i, bar, unit);
        }
        let (left, right, base_y) = (layout.left, frame.view_w - layout.right, layout.base_y);
        baseline(svg, left, base_y, right, base_y);
        layout.view_h
    })
}

/// Horizontal gridlines and their tick labels.
fn grid(svg: &mut String, layout: &Layout) {
    let Layout { left, right, .. } = *layout;
    let Frame {
        view_w, small_fs, ..
    } = layout.frame;
    svg.push_str("<g class=\"chart-grid\">");
    for (t, label) in layout.axis.ticks.iter().zip(&layout.axis.tick_labels) {
        let y = layout.base_y - layout.height(*t);
        if *t > 0.0 {
            let _ = write!(
                svg,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
                n(left),
                n(y),
                n(view_w - right),
                n(y)
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{}\" fill=\"{TEXT_MUTED}\">{}</text>",
            n(left - 6.0),
            n(y + small_fs * 0.35),
            n(small_fs),
            esc(label)
        );
    }
    svg.push_str("</g>");
}

/// Column `i`, with its tooltip, value and (thinned) category label.
fn column(svg: &mut String, layout: &Layout, i: usize, bar: &Bar, unit: &str) {
    let value_label = &layout.axis.value_labels[i];
    let cx = layout.left + layout.slot * (i as f64 + 0.5);
    let h = layout.height(bar.value);
    let y = layout.base_y - h;
    let bar_w = layout.bar_w;
    let _ = write!(
        svg,
        "<g><title>{}：{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{RED}\"/>",
        esc(&bar.label),
        esc(&with_unit(value_label, unit)),
        n(cx - bar_w / 2.0),
        n(y),
        n(bar_w),
        n(h)
    );
    // An empty month needs no "0" over it: the missing column says so,
    // and the tooltip and the table still give the value.
    if bar.value != 0.0 {
        value_text(svg, &layout.frame, layout.values, cx, y, value_label);
    }
    if i.is_multiple_of(layout.step) {
        category_label(svg, &layout.frame, layout.base_y, cx, &layout.cat_labels[i]);
    }
    svg.push_str("</g>");
}

/// The value over a column whose top is at (`cx`, `y`), written as
/// `values` says.
fn value_text(svg: &mut String, frame: &Frame, values: Values, cx: f64, y: f64, label: &str) {
    let fs = frame.small_fs;
    match values {
        Values::Upright => {
            let ty = y - 4.0;
            let tx = cx + fs * 0.35;
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" transform=\"rotate(-90 {} {})\" font-size=\"{}\" fill=\"{TEXT}\">{}</text>",
                n(tx),
                n(ty),
                n(tx),
                n(ty),
                n(fs),
                esc(label)
            );
        }
        Values::Level => {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{TEXT}\">{}</text>",
                n(cx),
                n(y - 5.0),
                n(fs),
                esc(label)
            );
        }
        Values::Omitted => {}
    }
}

/// A tick under the column at `cx` and its category label.
fn category_label(svg: &mut String, frame: &Frame, base_y: f64, cx: f64, label: &str) {
    let fs = frame.label_fs;
    // Keep edge labels inside the viewBox.
    let half = text_width(label, fs) / 2.0;
    let lx = cx.clamp(half, (frame.view_w - half).max(half));
    let _ = write!(
        svg,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GOLD}\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{TEXT}\">{}</text>",
        n(cx),
        n(base_y),
        n(cx),
        n(base_y + 4.0),
        n(lx),
        n(base_y + fs + 6.0),
        n(fs),
        esc(label)
    );
}
