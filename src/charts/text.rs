//! Estimated text widths, so labels can be shortened or wrapped to fit
//! without a font at build time.

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

pub(super) fn text_width(s: &str, font_size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * font_size
}

/// Width of the widest of `labels`; 0 for none.
pub(super) fn widest<S: AsRef<str>>(labels: impl IntoIterator<Item = S>, font_size: f64) -> f64 {
    labels
        .into_iter()
        .map(|l| text_width(l.as_ref(), font_size))
        .fold(0.0, f64::max)
}

/// Shortens `s` on a character boundary so it fits `max_w`, ending in `…`.
pub(super) fn truncate_to_width(s: &str, max_w: f64, font_size: f64) -> String {
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
/// the last line with `…` when text is left over. Text that fits is spread
/// evenly over its lines: 离退休干部 / 第一党支部, not 离退休干部第一党支 / 部.
pub(super) fn wrap_label(s: &str, max_w: f64, font_size: f64, max_lines: usize) -> Vec<String> {
    let greedy = wrap_greedy(s, max_w, font_size, max_lines);
    let lines = greedy.len();
    if lines < 2 || greedy.concat() != s {
        return greedy;
    }
    // The narrowest width that still needs no more lines.
    let mut w = text_width(s, font_size) / lines as f64;
    while w < max_w {
        let even = wrap_greedy(s, w, font_size, usize::MAX);
        if even.len() <= lines {
            return even;
        }
        w += font_size * 0.1;
    }
    greedy
}

fn wrap_greedy(s: &str, max_w: f64, font_size: f64, max_lines: usize) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_fit_are_spread_evenly_over_their_lines() {
        assert_eq!(
            wrap_label("离退休干部第一党支部", 128.0, 13.0, 2),
            ["离退休干部", "第一党支部"]
        );
        assert_eq!(wrap_label("眼科党支部", 128.0, 13.0, 2), ["眼科党支部"]);
        // Odd lengths: the first line takes the extra character.
        let lines = wrap_label("中共某某医院急诊医学科党支部外", 128.0, 13.0, 2);
        assert_eq!(lines, ["中共某某医院急诊", "医学科党支部外"]);
        assert!(lines.iter().all(|l| text_width(l, 13.0) <= 128.0));
        assert_eq!(wrap_label("", 128.0, 13.0, 2), [""]);
    }
}
