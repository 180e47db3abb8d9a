//! The inverted index: sorted terms with the ascending ids of the pages
//! that hold them, and the reference query `search.js` follows.

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use super::terms::{is_cjk, is_word, normalize, pack, run_terms, runs, unpack, utf16_cmp, RunKind};
use super::Doc;

#[derive(Debug, Default, PartialEq)]
pub struct Index {
    /// Sorted.
    pub terms: Vec<String>,
    /// Page ids of each term, ascending.
    pub postings: Vec<Vec<u32>>,
}

/// A page's terms, sorted and once each: CJK characters and pairs packed
/// as integers, words as strings. The same terms as [`runs`] and
/// [`run_terms`] give for its searchable text (title, fields, text, each
/// its own run), read in one pass without a string per run — this is the
/// hot loop of a large site's search index.
fn doc_terms(doc: &Doc) -> (Vec<u64>, Vec<String>) {
    let mut pairs: Vec<u64> = Vec::with_capacity(doc.text.len() / 2);
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let pieces = std::iter::once(doc.title.as_str())
        .chain(doc.fields.iter().map(|(_, value)| value.as_str()))
        .chain(std::iter::once(&*doc.text));
    for piece in pieces {
        let mut previous: Option<char> = None;
        for c in piece.chars().map(normalize) {
            if is_cjk(c) {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                pairs.push(pack(c, None));
                if let Some(p) = previous {
                    pairs.push(pack(p, Some(c)));
                }
                previous = Some(c);
            } else {
                previous = None;
                if is_word(c) {
                    word.push(c);
                } else if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    words.sort_unstable();
    words.dedup();
    (pairs, words)
}

impl Index {
    pub fn build(docs: &[Doc]) -> Index {
        // CJK terms (most of them) as packed integers while counting: one
        // or two characters of 21 bits each, so that a page's terms are
        // not millions of small strings.
        // Millions of inserts on a large site: FxHash, not SipHash (the keys
        // are the site's own text, not input an attacker chooses per request).
        let mut packed: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut named: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        // Pages are read in parallel a batch at a time, so that the terms of
        // only one batch are held at once, not of the whole site.
        const BATCH: usize = 512;
        for (b, batch) in docs.chunks(BATCH).enumerate() {
            let per_doc: Vec<(Vec<u64>, Vec<String>)> = batch.par_iter().map(doc_terms).collect();
            for (i, (pairs, words)) in per_doc.into_iter().enumerate() {
                let id = (b * BATCH + i) as u32;
                for p in pairs {
                    packed.entry(p).or_default().push(id);
                }
                for w in words {
                    named.entry(w).or_default().push(id);
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::terms::index_terms;
    use crate::search::test_support::{doc, strs};

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
    fn one_pass_terms_equal_the_runs_of_the_searchable_text() {
        let doc = Doc {
            title: "杜杰：把急救课堂搬进社区 CPR".into(),
            fields: vec![
                ("所属支部", "急诊科党支部".into()),
                ("标签", "志愿服务、急救".into()),
            ],
            text: "2024年3月5日，急诊科党支部在汉丰街道开展义诊，AED培训100人次。单".into(),
            ..Doc::default()
        };
        let (pairs, words) = doc_terms(&doc);
        let mut expected_pairs = Vec::new();
        let mut expected_words = Vec::new();
        for (kind, run) in runs(&doc.searchable()) {
            match kind {
                RunKind::Word => expected_words.push(run),
                RunKind::Cjk => {
                    let chars: Vec<char> = run.chars().collect();
                    expected_pairs.extend(chars.iter().map(|&c| pack(c, None)));
                    expected_pairs.extend(chars.windows(2).map(|w| pack(w[0], Some(w[1]))));
                }
            }
        }
        expected_pairs.sort_unstable();
        expected_pairs.dedup();
        expected_words.sort_unstable();
        expected_words.dedup();
        assert_eq!(pairs, expected_pairs);
        assert_eq!(words, expected_words);
    }
}
