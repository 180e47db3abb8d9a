//! Tokenising: CJK text as overlapping character pairs, other text as
//! lowercase words. `search.js` implements the same rules; keep them in step.

/// Chinese (and Japanese, Korean) characters: indexed by pairs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Letters and digits of words written with spaces: ASCII, Latin, Greek,
/// Cyrillic (after [`normalize`]).
pub fn is_word(c: char) -> bool {
    matches!(c as u32,
        0x30..=0x39 | 0x61..=0x7A | 0x41..=0x5A
        | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x370..=0x3FF | 0x400..=0x4FF)
}

/// Full-width ASCII (１２０, ＡＢＣ) to ASCII, the ideographic space to a
/// space, letters to lower case. Never changes the length of a string in
/// UTF-16 units, so the browser can map matches back onto the text.
pub fn normalize(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_word(c) {
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            if l.len_utf16() == c.len_utf16() && is_word(l) {
                return l;
            }
        }
    }
    c
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Cjk,
    Word,
}

/// Normalised runs of CJK characters and of word characters; everything
/// else (spaces, punctuation, symbols) separates runs and is dropped.
pub fn runs(text: &str) -> Vec<(RunKind, String)> {
    let mut out: Vec<(RunKind, String)> = Vec::new();
    let mut current: Option<(RunKind, String)> = None;
    for c in text.chars().map(normalize) {
        let kind = if is_cjk(c) {
            Some(RunKind::Cjk)
        } else if is_word(c) {
            Some(RunKind::Word)
        } else {
            None
        };
        match (&mut current, kind) {
            (Some((k, s)), Some(kind)) if *k == kind => s.push(c),
            (_, kind) => {
                out.extend(current.take());
                current = kind.map(|k| (k, c.to_string()));
            }
        }
    }
    out.extend(current);
    out
}

/// The terms of a run: a word whole; a CJK run as its overlapping pairs, or
/// the single character of a one-character run.
pub fn run_terms(kind: RunKind, run: &str) -> Vec<String> {
    match kind {
        RunKind::Word => vec![run.to_string()],
        RunKind::Cjk => {
            let chars: Vec<char> = run.chars().collect();
            if chars.len() == 1 {
                vec![run.to_string()]
            } else {
                chars.windows(2).map(|w| w.iter().collect()).collect()
            }
        }
    }
}

/// Terms are ordered as JavaScript compares strings (by UTF-16 units), so
/// that `search.js` can find a term's chunk by binary search.
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// What a page is indexed under: its [`tokens`], plus every CJK character
/// alone, so that a one-character query finds it.
pub fn index_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (kind, run) in runs(text) {
        if kind == RunKind::Cjk && run.chars().nth(1).is_some() {
            out.extend(run.chars().map(String::from));
        }
        out.extend(run_terms(kind, &run));
    }
    out
}

/// One or two characters as one integer (a character fits in 21 bits).
pub(super) fn pack(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(0, u64::from)
}

pub(super) fn unpack(key: u64) -> String {
    [key >> 21, key & 0x1F_FFFF]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(|c| u32::try_from(c).ok().and_then(char::from_u32))
        .collect()
}

/// The terms a query looks up, in order, with repeats.
pub fn tokens(text: &str) -> Vec<String> {
    runs(text)
        .into_iter()
        .flat_map(|(k, r)| run_terms(k, &r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_support::strs;

    #[test]
    fn chinese_is_split_into_overlapping_pairs() {
        assert_eq!(tokens("志愿服务"), strs(&["志愿", "愿服", "服务"]));
        assert_eq!(tokens("杜杰"), strs(&["杜杰"]));
        assert_eq!(tokens("在"), strs(&["在"]));
        // Punctuation ends a run: no pair spans it.
        assert_eq!(tokens("义诊，杜杰。"), strs(&["义诊", "杜杰"]));
        assert_eq!(
            tokens("“120救(就)在身边”"),
            strs(&["120", "救", "就", "在身", "身边"])
        );
    }

    #[test]
    fn ascii_words_are_lowercased_and_split_on_punctuation() {
        assert_eq!(
            tokens("CPR and AED, COVID-19!"),
            strs(&["cpr", "and", "aed", "covid", "19"])
        );
        assert_eq!(tokens("Café ÉLAN"), strs(&["café", "élan"]));
        assert_eq!(tokens("  ...  "), Vec::<String>::new());
    }

    #[test]
    fn mixed_chinese_and_digits() {
        assert_eq!(tokens("120急救"), strs(&["120", "急救"]));
        assert_eq!(
            tokens("拨打120急救电话"),
            strs(&["拨打", "120", "急救", "救电", "电话"])
        );
        assert_eq!(
            tokens("第3期AED培训"),
            strs(&["第", "3", "期", "aed", "培训"])
        );
    }

    #[test]
    fn full_width_characters_are_folded() {
        assert_eq!(tokens("１２０急救"), tokens("120急救"));
        assert_eq!(tokens("ＣＰＲ培训"), strs(&["cpr", "培训"]));
        // The ideographic space separates like a space.
        assert_eq!(tokens("义诊　活动"), strs(&["义诊", "活动"]));
        assert_eq!(normalize('Ａ'), 'a');
        assert_eq!(normalize('，'), ',');
        assert_eq!(normalize('杜'), '杜');
    }

    #[test]
    fn normalising_keeps_utf16_length() {
        for c in ['Ａ', 'Σ', 'İ', 'ẞ', '１', '\u{3000}', '𠀀', 'Ω'] {
            assert_eq!(normalize(c).len_utf16(), c.len_utf16(), "{c}");
        }
    }

    #[test]
    fn rare_characters_outside_the_bmp_pair_up() {
        assert_eq!(tokens("𠀀𠀁"), strs(&["𠀀𠀁"]));
    }
}
