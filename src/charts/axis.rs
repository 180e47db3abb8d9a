//! The value axis both charts share: round tick values covering the data,
//! the labels of ticks and values, and how long a bar is for a value.

use super::Bar;
use crate::numbers::format_number;

/// Ticks and labels along the value axis of one chart.
pub(super) struct ValueAxis {
    /// 0, step, 2·step … up to the top tick, which covers the largest value.
    pub(super) ticks: Vec<f64>,
    pub(super) tick_labels: Vec<String>,
    /// Each bar's value as shown beside it.
    pub(super) value_labels: Vec<String>,
    /// The top tick: a bar of this value fills the plot.
    top_value: f64,
}

impl ValueAxis {
    pub(super) fn new(bars: &[Bar]) -> ValueAxis {
        let ticks = ticks_for(bars);
        let top_value = ticks.last().copied().unwrap_or(0.0);
        let tick_labels: Vec<String> = ticks.iter().map(|&t| format_number(t)).collect();
        let value_labels: Vec<String> = bars.iter().map(|b| format_number(b.value)).collect();
        ValueAxis {
            ticks,
            tick_labels,
            value_labels,
            top_value,
        }
    }

    /// Length along the axis of a bar for `value`, when the top tick is
    /// `full` long.
    pub(super) fn length(&self, value: f64, full: f64) -> f64 {
        if self.top_value > 0.0 {
            (clean(value) / self.top_value * full).clamp(0.0, full)
        } else {
            0.0
        }
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
    // Labels show at most one decimal (`numbers::format_number`): a finer
    // step would print the same label twice.
    if step < 0.1 && max >= 0.1 {
        step = 0.1;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
