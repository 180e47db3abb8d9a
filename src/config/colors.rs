//! `colors` of site.yaml turned into the default theme's palette.
//!
//! The theme's stylesheet names every shade it uses as a CSS custom
//! property (`--pp-primary`, `--pp-link`, …), each after a plain colour for
//! browsers without custom properties. A site that sets `colors` gets the
//! whole family of shades derived here from its one or two colours, so the
//! masthead, menu, links, buttons and charts change together, and text
//! colours are darkened until they still read (WCAG AA, 4.5:1) on the
//! theme's white and cream backgrounds.

use super::Colors;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const WHITE: Rgb = Rgb(255, 255, 255);
const BLACK: Rgb = Rgb(0, 0, 0);
/// The lightest cream the theme puts text on (`.block-tint`).
const CREAM: Rgb = Rgb(0xFB, 0xF6, 0xEA);
/// WCAG AA for normal-size text.
pub const AA: f64 = 4.5;

impl Rgb {
    /// `#rrggbb` (as `normalize_hex` leaves it) → colour.
    pub fn parse(hex: &str) -> Option<Rgb> {
        let hex = hex.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `self` moved `t` (0–1) of the way towards `other`.
    fn mix(self, other: Rgb, t: f64) -> Rgb {
        let channel =
            |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(
            channel(self.0, other.0),
            channel(self.1, other.1),
            channel(self.2, other.2),
        )
    }

    /// Relative luminance (WCAG 2).
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// Darkened (from `start`, a share of black) until it reaches AA on
    /// every background given.
    pub(crate) fn readable_on(self, start: f64, backgrounds: &[Rgb]) -> Rgb {
        let mut t = start;
        loop {
            let c = self.mix(BLACK, t);
            if t >= 1.0 || backgrounds.iter().all(|&b| contrast(c, b) >= AA) {
                return c;
            }
            t += 0.02;
        }
    }
}

/// The WCAG contrast ratio of two colours, 1–21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The shades of the primary colour. The shares reproduce the default
/// palette from #C8161D (#B3121A, #9E0F16, #8E0E14, #6E0B10, #5A0A0E).
fn primary_shades(p: Rgb) -> Vec<(&'static str, Rgb)> {
    vec![
        ("primary", p),
        ("primary-light", p.mix(WHITE, 0.08)),
        ("primary-dark", p.mix(BLACK, 0.105)),
        ("primary-darker", p.mix(BLACK, 0.21)),
        ("primary-deep", p.mix(BLACK, 0.29)),
        ("primary-deeper", p.mix(BLACK, 0.45)),
        ("primary-deepest", p.mix(BLACK, 0.55)),
        ("link", p.readable_on(0.16, &[WHITE, CREAM])),
    ]
}

/// The shades of the accent colour (default #D4A64A: #F3D58A, #E3C98E,
/// #9A6A12, #7A5A12, #6A4C0E).
fn accent_shades(a: Rgb) -> Vec<(&'static str, Rgb)> {
    vec![
        ("accent", a),
        ("accent-light", a.mix(WHITE, 0.5)),
        ("accent-soft", a.mix(WHITE, 0.3)),
        ("accent-strong", a.readable_on(0.3, &[WHITE])),
        ("accent-text", a.readable_on(0.4, &[WHITE, CREAM])),
        ("accent-deep", a.readable_on(0.55, &[WHITE, CREAM])),
    ]
}

/// `--pp-primary:#…;--pp-link:#…;…` for the shades of the colours a site
/// set; empty when it set none (the stylesheet's own colours apply).
pub fn css_variables(colors: &Colors) -> String {
    let mut shades = Vec::new();
    if let Some(p) = colors.primary.as_deref().and_then(Rgb::parse) {
        shades.extend(primary_shades(p));
    }
    if let Some(a) = colors.accent.as_deref().and_then(Rgb::parse) {
        shades.extend(accent_shades(a));
    }
    shades
        .iter()
        .map(|(name, c)| format!("--pp-{name}:{};", c.hex()))
        .collect()
}

/// Why a chosen colour would make the default theme hard to read, if it
/// would: the primary colour carries white text (masthead, menu, buttons);
/// the accent carries the dark text of the search button.
pub fn readability_problem(
    key: &str,
    hex: &str,
    written: &str,
    primary: Option<&str>,
) -> Option<String> {
    // The theme's own accent, written out unchanged: whatever its contrast
    // with a chosen primary, it is not the writer's choice to correct.
    if key == "accent" && hex.eq_ignore_ascii_case("#d4a64a") {
        return None;
    }
    let c = Rgb::parse(hex)?;
    let (against, what) = match key {
        "primary" => (WHITE, "通栏和菜单上的白色文字"),
        _ => {
            let p = primary
                .and_then(Rgb::parse)
                .unwrap_or(Rgb(0xC8, 0x16, 0x1D));
            (p.mix(BLACK, 0.45), "搜索按钮上的深色文字")
        }
    };
    let ratio = contrast(c, against);
    (ratio < AA).then(|| {
        format!(
            "colors.{key} 选的颜色 {written} 与{what}对比度只有 {ratio:.1}:1，低于无障碍标准要求的 4.5:1，文字会看不清；{}",
            if key == "primary" {
                "请选深一些的颜色"
            } else {
                "请选浅一些、亮一些的颜色"
            }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_red_gives_the_stylesheets_own_shades() {
        let p = Rgb(0xC8, 0x16, 0x1D);
        let shades: Vec<String> = primary_shades(p).iter().map(|(_, c)| c.hex()).collect();
        // Within a step of the hand-picked palette in pinpai.css.
        assert_eq!(shades[2], "#b3141a");
        assert_eq!(shades[3], "#9e1117");
        assert!(contrast(Rgb::parse(&shades[7]).unwrap_or(WHITE), CREAM) >= AA);
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast(WHITE, BLACK) - 21.0).abs() < 0.01);
        assert!((contrast(WHITE, Rgb(0xC8, 0x16, 0x1D)) - 5.9).abs() < 0.1);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 0.01);
    }

    #[test]
    fn a_light_primary_is_named_and_a_dark_one_is_not() {
        let light = readability_problem("primary", "#f3d58a", "#F3D58A", None).unwrap_or_default();
        assert!(light.contains("colors.primary"), "{light}");
        assert!(light.contains("#F3D58A"), "{light}");
        assert!(readability_problem("primary", "#1a4f8b", "#1a4f8b", None).is_none());
        assert!(readability_problem("accent", "#d4a64a", "#d4a64a", None).is_none());
        // The untouched default accent beside a light primary: only the
        // primary is the writer's to correct.
        assert!(readability_problem("accent", "#d4a64a", "#D4A64A", Some("#f5c542")).is_none());
        assert!(readability_problem("primary", "#f5c542", "#f5c542", None).is_some());
        assert!(readability_problem("accent", "#1a4f8b", "#1a4f8b", Some("#c8161d")).is_some());
    }

    #[test]
    fn text_shades_read_on_white_for_any_colour() {
        for hex in ["#ffff00", "#00ffff", "#ffffff", "#777777", "#000000"] {
            let colors = Colors {
                primary: Some(hex.into()),
                accent: Some(hex.into()),
            };
            let vars = css_variables(&colors);
            for name in ["--pp-link:", "--pp-accent-text:", "--pp-accent-deep:"] {
                let at = vars.find(name).map(|i| i + name.len()).unwrap_or(0);
                let shade = Rgb::parse(&vars[at..at + 7]).unwrap_or(WHITE);
                assert!(contrast(shade, WHITE) >= AA, "{hex} {name} {vars}");
            }
        }
        assert_eq!(css_variables(&Colors::default()), "");
    }
}
