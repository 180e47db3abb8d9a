//! Balanced card grids: how many columns a grid of `n` cards gets so that
//! no row is left with a lone card (six brands as 5 + 1, four members
//! leaving an empty fifth slot). Templates call `grid_class(count=…)` and
//! get one class per screen width; the theme's CSS sizes the columns.

use std::collections::HashMap;

use serde_json::Value;

/// Columns for `n` cards where a row holds at most `max`.
///
/// One row when they fit. Otherwise the fewest rows whose last row is not a
/// single card, and among those the fullest last row (6 at most 5 → 3 + 3,
/// 5 at most 4 → 3 + 2). When every width up to `max` leaves a lone card
/// (7 at most 3 → 3 + 3 + 1), one column more is allowed (4 + 3): slightly
/// narrower cards read better than an orphan.
pub fn balanced_columns(n: usize, max: usize) -> usize {
    let max = max.max(1);
    if n <= max {
        return n.max(1);
    }
    if max == 1 {
        return 1;
    }
    let shape = |c: usize| {
        let rows = n.div_ceil(c);
        let last = n - (rows - 1) * c;
        (rows, last)
    };
    let best = |widths: std::ops::RangeInclusive<usize>| {
        widths.filter(|&c| shape(c).1 != 1).min_by_key(|&c| {
            let (rows, last) = shape(c);
            // Fewest rows, then the fullest last row, then the wider grid.
            (rows, c - last, usize::MAX - c)
        })
    };
    best(2..=max)
        .or_else(|| best(max + 1..=max + 1))
        .unwrap_or(max)
}

/// The screen widths the default theme lays out for, widest first, with
/// the most columns each allows for a kind of card.
fn limits(kind: &str) -> [(&'static str, usize); 3] {
    match kind {
        "member" => [("w", 5), ("m", 3), ("n", 1)],
        _ => [("w", 4), ("m", 3), ("n", 1)],
    }
}

/// `grid_class(count=6, kind="brand")` → `"cols-w3 cols-m3 cols-n1"`.
pub(super) fn grid_class_function(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let count = match args.get("count") {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0) as usize,
        Some(Value::Array(items)) => items.len(),
        _ => {
            return Err(tera::Error::msg(
                "grid_class 需要参数 count（卡片个数），例如 grid_class(count=pages | length)",
            ))
        }
    };
    let kind = args.get("kind").and_then(Value::as_str).unwrap_or("brand");
    let classes: Vec<String> = limits(kind)
        .iter()
        .map(|(width, max)| format!("cols-{width}{}", balanced_columns(count, *max)))
        .collect();
    Ok(Value::String(classes.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row lengths of `n` cards in `c` columns.
    fn rows(n: usize, c: usize) -> Vec<usize> {
        (0..n).step_by(c).map(|start| c.min(n - start)).collect()
    }

    #[test]
    fn no_lone_card_for_one_to_twelve() {
        // Two columns at most would leave any odd count a lone card: the
        // theme never asks for it (phones get one column of wide cards).
        for max in 3..=5 {
            for n in 1..=12 {
                let c = balanced_columns(n, max);
                let r = rows(n, c);
                assert!(c <= max + 1, "{n} at most {max}: {c} columns");
                if r.len() > 1 {
                    assert_ne!(r.last(), Some(&1), "{n} at most {max}: rows {r:?}");
                }
            }
        }
    }

    #[test]
    fn the_shapes_a_reader_expects() {
        assert_eq!(rows(6, balanced_columns(6, 5)), [3, 3]);
        assert_eq!(rows(6, balanced_columns(6, 4)), [3, 3]);
        assert_eq!(rows(4, balanced_columns(4, 5)), [4]);
        assert_eq!(rows(5, balanced_columns(5, 4)), [3, 2]);
        assert_eq!(rows(7, balanced_columns(7, 3)), [4, 3]);
        assert_eq!(rows(9, balanced_columns(9, 4)), [3, 3, 3]);
        assert_eq!(rows(10, balanced_columns(10, 4)), [4, 4, 2]);
        assert_eq!(rows(12, balanced_columns(12, 4)), [4, 4, 4]);
        assert_eq!(balanced_columns(0, 4), 1);
        assert_eq!(balanced_columns(8, 1), 1);
    }

    #[test]
    fn classes_for_each_width() {
        let args = |count: u64, kind: &str| {
            HashMap::from([
                ("count".to_string(), Value::from(count)),
                ("kind".to_string(), Value::from(kind)),
            ])
        };
        assert_eq!(
            grid_class_function(&args(6, "brand")).ok(),
            Some(Value::from("cols-w3 cols-m3 cols-n1"))
        );
        assert_eq!(
            grid_class_function(&args(4, "member")).ok(),
            Some(Value::from("cols-w4 cols-m2 cols-n1"))
        );
        assert!(grid_class_function(&HashMap::new()).is_err());
    }
}
