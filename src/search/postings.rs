//! Postings encoding: a term's page ids as short base-64 text, either
//! delta-encoded or as a bitmap, whichever is shorter.

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BITMAP: char = '~';

/// Ascending ids as gaps (`id - previous - 1`, the first from -1) in
/// variable-length base-64, or as a `~`-prefixed base-64 bitmap (6 pages
/// per character) where that is shorter.
pub fn encode_postings(ids: &[u32]) -> String {
    let mut gaps = String::new();
    let mut previous: i64 = -1;
    for &id in ids {
        let mut v = (i64::from(id) - previous - 1).max(0) as u64;
        previous = i64::from(id);
        while v >= 32 {
            gaps.push(DIGITS[32 + (v & 31) as usize] as char);
            v >>= 5;
        }
        gaps.push(DIGITS[v as usize] as char);
    }
    let max = ids.last().map_or(0, |&m| m as usize);
    let bitmap_len = 1 + max / 6 + 1;
    if bitmap_len >= gaps.len() {
        return gaps;
    }
    let mut cells = vec![0u8; max / 6 + 1];
    for &id in ids {
        cells[id as usize / 6] |= 1 << (id % 6);
    }
    let mut out = String::with_capacity(bitmap_len);
    out.push(BITMAP);
    out.extend(cells.into_iter().map(|c| DIGITS[c as usize] as char));
    out
}

/// The inverse of [`encode_postings`]; `None` for a malformed string.
pub fn decode_postings(s: &str) -> Option<Vec<u32>> {
    let digit = |b: u8| DIGITS.iter().position(|&d| d == b).map(|p| p as u64);
    let mut out = Vec::new();
    if let Some(bits) = s.strip_prefix(BITMAP) {
        for (i, b) in bits.bytes().enumerate() {
            let v = digit(b)?;
            for bit in 0..6 {
                if v & (1 << bit) != 0 {
                    out.push(u32::try_from(i * 6 + bit).ok()?);
                }
            }
        }
        return Some(out);
    }
    let mut previous: i64 = -1;
    let (mut value, mut shift) = (0u64, 0u32);
    for b in s.bytes() {
        let d = digit(b)?;
        if shift > 30 {
            return None;
        }
        value |= (d & 31) << shift;
        if d >= 32 {
            shift += 5;
            continue;
        }
        previous += value as i64 + 1;
        out.push(u32::try_from(previous).ok()?);
        value = 0;
        shift = 0;
    }
    (shift == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip_in_both_encodings() {
        let cases: Vec<Vec<u32>> = vec![
            vec![],
            vec![0],
            vec![5],
            vec![0, 1, 2, 3],
            vec![31, 32, 33, 1000, 1001, 70000],
            (0..500).collect(),
            (0..5000).step_by(3).collect(),
        ];
        for ids in cases {
            let s = encode_postings(&ids);
            assert!(!s.contains(' ') && !s.contains('"'), "{s}");
            assert_eq!(decode_postings(&s), Some(ids.clone()), "{s}");
        }
        // Dense lists use the bitmap, sparse ones the gaps.
        assert!(encode_postings(&(0..600).collect::<Vec<_>>()).starts_with('~'));
        assert_eq!(encode_postings(&[0, 1, 2]), "~H");
        assert_eq!(encode_postings(&[0, 100]), "AjD");
        assert_eq!(encode_postings(&[40]), "oB");
        assert_eq!(decode_postings("o"), None);
        assert_eq!(decode_postings("A A"), None);
    }
}
