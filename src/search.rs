//! The search index written beside `/search/`: an inverted index of CJK
//! bigrams and lowercase words, loaded lazily by `theme/search.js`.
//!
//! Chinese has no spaces, and a dictionary segmenter splits the page and the
//! query differently (a name such as 杜杰 is in no dictionary), so pages are
//! indexed by overlapping character pairs instead: 志愿服务 → 志愿 愿服 服务.
//! A query finds the pages that hold every pair of every word; a phrase of
//! three or more characters is then checked against the page text, which is
//! kept out of the main index in small shard files that the browser loads
//! only for the results it shows. See `docs/SEARCH.md`.
//!
//! Files written (every one a script calling a global callback, because
//! `fetch()` is blocked on `file://`):
//! - `search/index.js`: `pinpaiSearch.index({...})` — pages (URL, title,
//!   kind label, date), the shard boundaries, the list pages to suggest when
//!   nothing matches, the terms and their postings;
//! - `search/t/<n>.js`: `pinpaiSearch.shard(n, [[meta, text], …])` — the
//!   searchable text of a run of consecutive pages, for phrase checks and
//!   snippets.
//!
//! Postings are page ids, delta-encoded as variable-length base-64 digits
//! (5 data bits per character, low bits first, a continuation flag in the
//! sixth), or as a base-64 bitmap prefixed with `~` where that is shorter.
//! Tokenising here and in `search.js` must agree: both follow [`runs`].

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::model::{Kind, KindFields};
use crate::render::OutputFile;
use crate::resolve::Site;

/// A shard is closed once its text reaches this many bytes …
const SHARD_BYTES: usize = 8 * 1024;
/// … or holds this many pages.
const SHARD_PAGES: usize = 16;
/// A chunk of the term list is closed once it reaches a 64th of the whole
/// list, but no less than `MIN_CHUNK_BYTES` and no more than
/// `MAX_CHUNK_BYTES`: small sites get small chunks, so a query loads little;
/// large ones a bounded number of files.
const MIN_CHUNK_BYTES: usize = 2 * 1024;
const MAX_CHUNK_BYTES: usize = 8 * 1024;

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BITMAP: char = '~';

/// One published page as the index sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// Site-root URL: `/members/du-jie/`.
    pub url: String,
    pub title: String,
    /// 品牌 / 先锋 / 志愿 / the section title / 页面.
    pub kind: String,
    /// `2024-03-05`, or empty.
    pub date: String,
    /// Searchable fields shown on the page besides its body: names, branch,
    /// position, location, tags, honours — one per line.
    pub meta: String,
    /// Plain body text.
    pub text: String,
}

impl Doc {
    /// Everything a query may match.
    fn searchable(&self) -> String {
        format!("{}\n{}\n{}", self.title, self.meta, self.text)
    }
}

pub fn index_files(site: &Site) -> Vec<OutputFile> {
    let docs = documents(site);
    let lists = lists(site);
    build_files(&docs, &lists)
}

/// The pages of the site in index order (the order of `site.pages`).
pub fn documents(site: &Site) -> Vec<Doc> {
    site.pages
        .iter()
        .map(|page| {
            let s = &page.src;
            let mut meta: Vec<String> = s.tags.iter().map(|t| t.value.clone()).collect();
            let brand = |id: usize| {
                site.pages.get(id).map(|b| match &b.src.fields {
                    KindFields::Branch(f) => format!("{}\n{}", b.src.title, f.branch),
                    _ => b.src.title.clone(),
                })
            };
            match &s.fields {
                KindFields::Branch(b) => {
                    meta.extend(
                        [&b.branch, &b.department, &b.secretary, &b.slogan, &b.method]
                            .into_iter()
                            .cloned(),
                    );
                    meta.extend(b.honors.iter().map(|h| h.title.clone()));
                }
                KindFields::Member(m) => {
                    meta.extend([m.name.clone(), m.position.clone()]);
                    meta.extend(m.honors.iter().map(|h| h.title.clone()));
                    meta.extend(page.links.brand.and_then(brand));
                }
                KindFields::Volunteer(v) => {
                    meta.push(v.location.clone());
                    meta.extend(page.links.brands.iter().filter_map(|&b| brand(b)));
                    meta.extend(page.links.members.iter().filter_map(|&m| {
                        site.pages.get(m).map(|p| match &p.src.fields {
                            KindFields::Member(f) => f.name.clone(),
                            _ => p.src.title.clone(),
                        })
                    }));
                }
                KindFields::Page => {}
            }
            if let Some(summary) = &s.summary {
                if !page.text.contains(summary.as_str()) {
                    meta.push(summary.clone());
                }
            }
            meta.retain(|m| !m.trim().is_empty());
            let kind = match s.kind {
                Kind::Branch => "品牌".to_string(),
                Kind::Member => "先锋".to_string(),
                Kind::Volunteer => "志愿".to_string(),
                Kind::Page => site
                    .section(&s.section)
                    .map(|sec| sec.title.clone())
                    .unwrap_or_else(|| "页面".into()),
            };
            Doc {
                url: s.url.clone(),
                title: s.title.clone(),
                kind,
                date: s.date.map(|d| d.short()).unwrap_or_default(),
                meta: meta.join("\n"),
                text: page.text.to_string(),
            }
        })
        .collect()
}

/// The list pages offered when nothing matches: the sections that have
/// pages (brands, members and volunteer first), then the tags.
fn lists(site: &Site) -> Vec<(String, String)> {
    let rank = |name: &str| match name {
        "branches" => 0,
        "members" => 1,
        "volunteer" => 2,
        _ => 3,
    };
    let mut sections: Vec<_> = site
        .sections
        .iter()
        .filter(|s| !s.pages.is_empty())
        .collect();
    sections.sort_by_key(|s| rank(&s.name));
    let mut out: Vec<(String, String)> = sections
        .into_iter()
        .map(|s| (s.title.clone(), s.url.clone()))
        .collect();
    if !site.tags.is_empty() {
        out.push(("全部标签".into(), "/tags/".into()));
    }
    out
}

/// `search/index.js`, the term chunks and the text shards.
pub fn build_files(docs: &[Doc], lists: &[(String, String)]) -> Vec<OutputFile> {
    let index = Index::build(docs);
    let shards = shard_bounds(docs);
    let mut files = Vec::new();
    for (n, range) in shards.windows(2).enumerate() {
        let entries: Vec<Value> = docs[range[0]..range[1]]
            .iter()
            .map(|d| json!([d.meta, d.text]))
            .collect();
        files.push(OutputFile {
            path: format!("search/t/{n}.js"),
            bytes: format!("pinpaiSearch.shard({n},{});\n", Value::Array(entries)).into_bytes(),
        });
    }
    // Terms in sorted runs; the main index keeps the first term of each
    // chunk, and a query loads only the chunks it needs.
    let encoded: Vec<String> = index
        .postings
        .par_iter()
        .map(|p| encode_postings(p))
        .collect();
    let total: usize = index
        .terms
        .iter()
        .zip(&encoded)
        .map(|(t, p)| t.len() + p.len() + 2)
        .sum();
    let chunk_bytes = (total / 64).clamp(MIN_CHUNK_BYTES, MAX_CHUNK_BYTES);
    let mut chunks: Vec<(Vec<&str>, Vec<String>)> = Vec::new();
    let mut bytes = chunk_bytes;
    for (term, encoded) in index.terms.iter().zip(encoded) {
        if bytes >= chunk_bytes {
            chunks.push((Vec::new(), Vec::new()));
            bytes = 0;
        }
        bytes += term.len() + encoded.len() + 2;
        if let Some((terms, postings)) = chunks.last_mut() {
            terms.push(term);
            postings.push(encoded);
        }
    }
    let chunk_first: Vec<&str> = chunks.iter().filter_map(|c| c.0.first().copied()).collect();
    for (n, (terms, postings)) in chunks.iter().enumerate() {
        files.push(OutputFile {
            path: format!("search/i/{n}.js"),
            bytes: format!(
                "pinpaiSearch.chunk({n},{});\n",
                json!([terms.join(" "), postings.join(" ")])
            )
            .into_bytes(),
        });
    }
    let mut kinds: Vec<&str> = Vec::new();
    let kind_ids: Vec<usize> = docs
        .iter()
        .map(|d| match kinds.iter().position(|k| *k == d.kind) {
            Some(i) => i,
            None => {
                kinds.push(&d.kind);
                kinds.len() - 1
            }
        })
        .collect();
    let mut data = json!({
        "n": docs.len(),
        "url": docs.iter().map(|d| d.url.as_str()).collect::<Vec<_>>(),
        "title": docs.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(),
        "kinds": kinds,
        "kind": kind_ids,
        "date": docs.iter().map(|d| d.date.as_str()).collect::<Vec<_>>(),
        "shards": &shards[..shards.len().saturating_sub(1)],
        "chunks": chunk_first,
        "lists": lists.iter().map(|(t, u)| json!([t, u])).collect::<Vec<_>>(),
    });
    let mut hasher = DefaultHasher::new();
    data.to_string().hash(&mut hasher);
    for f in &files {
        f.bytes.hash(&mut hasher);
    }
    if let Value::Object(map) = &mut data {
        map.insert("v".into(), format!("{:x}", hasher.finish()).into());
    }
    files.push(OutputFile {
        path: "search/index.js".into(),
        bytes: format!("pinpaiSearch.index({data});\n").into_bytes(),
    });
    files
}

/// Start ids of the shards, plus `docs.len()` at the end.
fn shard_bounds(docs: &[Doc]) -> Vec<usize> {
    let mut bounds = vec![0];
    let mut bytes = 0;
    for (i, d) in docs.iter().enumerate() {
        let start = bounds.last().copied().unwrap_or(0);
        if i > start && (bytes >= SHARD_BYTES || i - start >= SHARD_PAGES) {
            bounds.push(i);
            bytes = 0;
        }
        bytes += d.meta.len() + d.text.len();
    }
    if !docs.is_empty() {
        bounds.push(docs.len());
    }
    bounds
}

// ---------------------------------------------------------------------------
// Tokenising. `search.js` implements the same rules; keep them in step.

/// Chinese (and Japanese, Korean) characters: indexed by pairs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Letters and digits of words written with spaces: ASCII, Latin, Greek,
/// Cyrillic (after [`normalize`]).
fn is_word(c: char) -> bool {
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
fn pack(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(0, u64::from)
}

fn unpack(key: u64) -> String {
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

// ---------------------------------------------------------------------------
// The inverted index.

#[derive(Debug, Default, PartialEq)]
pub struct Index {
    /// Sorted.
    pub terms: Vec<String>,
    /// Page ids of each term, ascending.
    pub postings: Vec<Vec<u32>>,
}

impl Index {
    pub fn build(docs: &[Doc]) -> Index {
        // CJK terms (most of them) as packed integers while counting: one
        // or two characters of 21 bits each, so that a page's terms are
        // not millions of small strings.
        let per_doc: Vec<(Vec<u64>, Vec<String>)> = docs
            .par_iter()
            .map(|d| {
                let (mut pairs, mut words) = (Vec::new(), Vec::new());
                for (kind, run) in runs(&d.searchable()) {
                    match kind {
                        RunKind::Word => words.push(run),
                        RunKind::Cjk => {
                            let chars: Vec<char> = run.chars().collect();
                            pairs.extend(chars.iter().map(|&c| pack(c, None)));
                            pairs.extend(chars.windows(2).map(|w| pack(w[0], Some(w[1]))));
                        }
                    }
                }
                pairs.sort_unstable();
                pairs.dedup();
                words.sort_unstable();
                words.dedup();
                (pairs, words)
            })
            .collect();
        let mut packed: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut named: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, (pairs, words)) in per_doc.into_iter().enumerate() {
            for p in pairs {
                packed.entry(p).or_default().push(id as u32);
            }
            for w in words {
                named.entry(w).or_default().push(id as u32);
            }
        }
        let mut entries: Vec<(String, Vec<u32>)> = named.into_iter().collect();
        entries.extend(packed.into_iter().map(|(k, ids)| (unpack(k), ids)));
        entries.sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
        let (terms, postings) = entries.into_iter().unzip();
        Index { terms, postings }
    }

    fn postings_of(&self, term: &str) -> &[u32] {
        match self.terms.binary_search_by(|t| utf16_cmp(t, term)) {
            Ok(i) => &self.postings[i],
            Err(_) => &[],
        }
    }

    /// The reference query, as `search.js` runs it (without the phrase check
    /// against the text): pages holding every term of every
    /// space-separated word. Ranked by how many words are in the title, then newest
    /// first, then index order.
    pub fn query(&self, docs: &[Doc], query: &str) -> Vec<u32> {
        let words = query_words(query);
        if words.is_empty() {
            return Vec::new();
        }
        let mut result: Option<Vec<u32>> = None;
        for word in &words {
            for (kind, run) in word {
                let mut found: Option<Vec<u32>> = None;
                for term in run_terms(*kind, run) {
                    let p = self.postings_of(&term);
                    found = Some(match found {
                        None => p.to_vec(),
                        Some(a) => intersect(&a, p),
                    });
                }
                let found = found.unwrap_or_default();
                result = Some(match result {
                    None => found,
                    Some(r) => intersect(&r, &found),
                });
            }
        }
        let mut ids = result.unwrap_or_default();
        let in_title = |id: u32| -> usize {
            let title: String = docs
                .get(id as usize)
                .map(|d| d.title.chars().map(normalize).collect())
                .unwrap_or_default();
            words
                .iter()
                .filter(|w| w.iter().all(|(_, r)| title.contains(r.as_str())))
                .count()
        };
        let date = |id: u32| docs.get(id as usize).map_or("", |d| d.date.as_str());
        ids.sort_by(|&a, &b| {
            in_title(b)
                .cmp(&in_title(a))
                .then_with(|| date(b).cmp(date(a)))
                .then(a.cmp(&b))
        });
        ids
    }
}

/// The space-separated words of a query, each as its runs; words without
/// any letter, digit or character are dropped.
pub fn query_words(query: &str) -> Vec<Vec<(RunKind, String)>> {
    query
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .map(runs)
        .filter(|w| !w.is_empty())
        .collect()
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Postings encoding.

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

    fn doc(title: &str, date: &str, text: &str) -> Doc {
        Doc {
            url: format!("/p/{}/", title.len()),
            title: title.into(),
            kind: "动态".into(),
            date: date.into(),
            meta: String::new(),
            text: text.into(),
        }
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

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

    #[test]
    fn index_lists_each_page_once_per_term() {
        let docs = vec![
            doc("社区义诊进万家", "2024-03-05", "义诊义诊义诊"),
            doc("急救培训", "2024-05-01", "120急救 cpr"),
        ];
        let index = Index::build(&docs);
        let mut sorted = index.terms.clone();
        sorted.sort();
        assert_eq!(index.terms, sorted);
        assert_eq!(index.postings_of("义诊"), &[0]);
        assert_eq!(index.postings_of("急救"), &[1]);
        assert_eq!(index.postings_of("cpr"), &[1]);
        assert_eq!(index.postings_of("120"), &[1]);
        assert!(index.postings_of("诊进").contains(&0));
        assert!(index.postings_of("诊义").contains(&0));
        assert!(index.postings_of("诊，").is_empty());
    }

    fn example() -> Vec<Doc> {
        vec![
            doc("党建动态", "2025-01-01", "今年开展义诊活动十二次。"),
            doc("社区义诊进万家", "2024-03-05", "急诊科党员到社区。"),
            doc(
                "老年人健康讲座",
                "2025-06-01",
                "讲座后开展义诊。杜杰主讲急救。",
            ),
            doc("杜杰：守住黄金时间", "", "拨打120急救电话后。"),
            doc("志愿服务总结", "2023-01-01", "全年志愿服务时长。"),
            doc("服务志愿者", "2023-02-01", "志愿者服务群众。"),
        ]
    }

    fn titles(docs: &[Doc], ids: &[u32]) -> Vec<String> {
        ids.iter()
            .map(|&i| docs[i as usize].title.clone())
            .collect()
    }

    #[test]
    fn title_matches_rank_above_body_matches_then_newest_first() {
        let docs = example();
        let index = Index::build(&docs);
        assert_eq!(
            titles(&docs, &index.query(&docs, "义诊")),
            strs(&["社区义诊进万家", "老年人健康讲座", "党建动态"])
        );
        assert_eq!(
            titles(&docs, &index.query(&docs, "杜杰")),
            strs(&["杜杰：守住黄金时间", "老年人健康讲座"])
        );
    }

    #[test]
    fn words_narrow_and_mixed_queries_need_both_parts() {
        let docs = example();
        let index = Index::build(&docs);
        assert_eq!(index.query(&docs, "义诊 杜杰"), vec![2]);
        assert_eq!(index.query(&docs, "义诊　讲座"), vec![2]);
        assert_eq!(index.query(&docs, "120急救"), vec![3]);
        assert_eq!(index.query(&docs, "１２０急救"), vec![3]);
        assert_eq!(index.query(&docs, "急救"), vec![2, 3]);
        assert!(index.query(&docs, "义诊 不存在").is_empty());
        assert!(index.query(&docs, "，。！").is_empty());
        assert!(index.query(&docs, "").is_empty());
    }

    #[test]
    fn phrases_need_all_their_pairs_and_single_characters_any_pair() {
        let docs = example();
        let index = Index::build(&docs);
        // 服务志愿者 has 志愿 and 服务 but not 愿服.
        assert_eq!(index.query(&docs, "志愿服务"), vec![4]);
        let mut jie = index.query(&docs, "杰");
        jie.sort();
        assert_eq!(jie, vec![2, 3]);
        assert_eq!(index.query(&docs, "万"), vec![1]);
    }

    /// The JSON argument of a `pinpaiSearch.<callback>(…);` file.
    fn script_json(file: &OutputFile, prefix: &str) -> Value {
        let text = String::from_utf8_lossy(&file.bytes);
        assert!(
            text.starts_with(prefix),
            "{}: {}",
            file.path,
            &text[..40.min(text.len())]
        );
        let body = text[prefix.len()..].trim_end().trim_end_matches(");");
        serde_json::from_str(body).unwrap_or(Value::Null)
    }

    #[test]
    fn files_are_scripts_with_chunks_and_shards_covering_everything() {
        let mut docs: Vec<Doc> = (0..130u32)
            .map(|i| {
                let rare: String = (0..40)
                    .filter_map(|k| char::from_u32(0x4E00 + i * 40 + k))
                    .collect();
                let text = format!("{}{rare}", "急救".repeat(i as usize * 10));
                doc(&format!("第{i}期义诊"), "2024-01-01", &text)
            })
            .collect();
        docs[7].meta = "杜杰\n急诊科党支部".into();
        let lists = vec![("支部品牌".to_string(), "/branches/".to_string())];
        let files = build_files(&docs, &lists);
        let Some(last) = files.last() else {
            panic!("no files")
        };
        assert_eq!(last.path, "search/index.js");
        let json = script_json(last, "pinpaiSearch.index(");
        assert_eq!(json["n"], 130);
        assert_eq!(json["kinds"], json!(["动态"]));
        assert_eq!(json["lists"], json!([["支部品牌", "/branches/"]]));
        assert_eq!(json["title"][7], "第7期义诊");

        // Every term is in exactly one chunk, chunks in order, each starting
        // with the term the main index names.
        let first: Vec<String> = serde_json::from_value(json["chunks"].clone()).unwrap_or_default();
        let mut all: Vec<(String, Vec<u32>)> = Vec::new();
        for (n, start) in first.iter().enumerate() {
            let file = files.iter().find(|f| f.path == format!("search/i/{n}.js"));
            let Some(file) = file else {
                panic!("chunk {n} missing")
            };
            let chunk = script_json(file, &format!("pinpaiSearch.chunk({n},"));
            let terms: Vec<&str> = chunk[0].as_str().unwrap_or("").split(' ').collect();
            let postings: Vec<&str> = chunk[1].as_str().unwrap_or("").split(' ').collect();
            assert_eq!(terms.len(), postings.len());
            assert_eq!(terms[0], start);
            for (t, p) in terms.iter().zip(postings) {
                all.push((t.to_string(), decode_postings(p).unwrap_or_default()));
            }
        }
        let index = Index::build(&docs);
        assert_eq!(all.len(), index.terms.len());
        assert!(first.len() > 1);
        assert!(all.windows(2).all(|w| utf16_cmp(&w[0].0, &w[1].0).is_lt()));
        let du = all
            .iter()
            .find(|(t, _)| t == "杜杰")
            .map(|(_, p)| p.clone());
        assert_eq!(du, Some(vec![7]));

        let shards = json["shards"].as_array().cloned().unwrap_or_default();
        assert!(shards.len() > 2);
        assert_eq!(files.len(), shards.len() + first.len() + 1);
        let mut pages = 0;
        for (n, start) in shards.iter().enumerate() {
            let file = files.iter().find(|f| f.path == format!("search/t/{n}.js"));
            let Some(file) = file else {
                panic!("shard {n} missing")
            };
            let entries = script_json(file, &format!("pinpaiSearch.shard({n},"));
            assert_eq!(*start, pages);
            if n == 7 / 16 {
                assert!(entries.to_string().contains("急诊科党支部"));
            }
            pages += entries.as_array().map_or(0, |a| a.len());
        }
        assert_eq!(pages, 130);
    }

    #[test]
    fn single_characters_are_indexed_and_terms_sort_as_javascript_does() {
        let index = Index::build(&[doc("杜杰说", "", "𠀀𠀁 CPR")]);
        let mut terms = index_terms("杜杰说\n\n𠀀𠀁 CPR");
        terms.sort_by(|a, b| utf16_cmp(a, b));
        assert_eq!(index.terms, terms);
        assert_eq!(unpack(pack('杜', Some('杰'))), "杜杰");
        assert_eq!(unpack(pack('𠀀', None)), "𠀀");
        let terms = index_terms("杜杰说");
        assert_eq!(terms, strs(&["杜", "杰", "说", "杜杰", "杰说"]));
        // A one-character run is not listed twice.
        assert_eq!(index_terms("在"), strs(&["在"]));
        // U+F900 sorts after U+20000 by code point, before it by UTF-16 unit.
        assert!(utf16_cmp("\u{20000}", "\u{F900}").is_lt());
        assert!("\u{20000}" > "\u{F900}");
    }

    #[test]
    fn an_empty_site_still_writes_an_index() {
        let files = build_files(&[], &[]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "search/index.js");
    }
}
