//! How numbers are shown to readers: one rule for the `num` filter, chart
//! labels and tables, so the same figure never reads two ways.

/// `12345` → `12,345`; `1.5` → `1.5`; `120.0` → `120`; `1234.25` →
/// `1,234.3`. At most one decimal (service hours are reported to a tenth of
/// an hour); not a number → `—`.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    // Beyond 1e15 there are no meaningful decimals, and ×10 could overflow.
    let rounded = if v.abs() < 1e15 {
        (v * 10.0).round() / 10.0
    } else {
        v.round()
    };
    let fixed = format!("{:.1}", rounded.abs());
    let (int_part, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::with_capacity(fixed.len() + fixed.len() / 3 + 1);
    if rounded < 0.0 {
        out.push('-');
    }
    let digits = int_part.len();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn one_rule_for_every_figure() {
        for (n, shown) in [
            (12345.0, "12,345"),
            (1234567.0, "1,234,567"),
            (999.0, "999"),
            (1.5, "1.5"),
            (2.0, "2"),
            (0.0, "0"),
            (120.0, "120"),
            (1234.25, "1,234.3"),
            (1234567.25, "1,234,567.3"),
            (0.30000000000000004, "0.3"),
            (-1234.0, "-1,234"),
            (-0.04, "0"),
            (f64::NAN, "—"),
        ] {
            assert_eq!(format_number(n), shown, "{n}");
        }
        assert!(format_number(f64::MAX).starts_with("179,769,313"));
    }
}
