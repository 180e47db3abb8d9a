//! The files written beside `/search/`: text shards, term chunks and
//! `search/index.js`, each a script calling a `pinpaiSearch` callback.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde_json::{json, Value};

use super::index::Index;
use super::postings::encode_postings;
use super::Doc;
use crate::render::OutputFile;

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

/// `search/index.js`, the term chunks and the text shards.
pub fn build_files(docs: &[Doc], lists: &[(String, String)]) -> Vec<OutputFile> {
    let index = Index::build(docs);
    let shards = shard_bounds(docs);
    let labels = labels(docs);
    let mut files = shard_files(docs, &shards, &labels);
    let chunks = term_chunks(&index);
    let chunk_first: Vec<&str> = chunks.iter().filter_map(|c| c.0.first().copied()).collect();
    for (n, (terms, postings)) in chunks.iter().enumerate() {
        files.push(OutputFile {
            path: format!("search/i/{n}.js"),
            bytes: js_line_ends_escaped(
                format!(
                    "pinpaiSearch.chunk({n},{});\n",
                    json!([terms.join(" "), postings.join(" ")])
                )
                .into_bytes(),
            ),
        });
    }
    let index_js = index_file(docs, lists, &shards, &chunk_first, &labels, &files);
    files.push(index_js);
    files
}

/// Each field label once, in the order the pages first use them: shards
/// name a field's label by its place in this list (`labels` in
/// `search/index.js`), so that a label is not repeated on every page.
fn labels(docs: &[Doc]) -> Vec<&'static str> {
    let mut labels: Vec<&'static str> = Vec::new();
    for (label, _) in docs.iter().flat_map(|d| &d.fields) {
        if !labels.contains(label) {
            labels.push(label);
        }
    }
    labels
}

/// A page in its shard: `[text, [label, value, label, value, …]]`, the
/// labels as numbers into `labels`; `[text]` for a page without fields.
/// Serialized straight from the page's text (no copy of it as a JSON
/// value: the shards hold every page's whole text).
fn write_shard_entry(out: &mut Vec<u8>, doc: &Doc, labels: &[&str]) {
    out.push(b'[');
    // Serializing a plain string into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, &*doc.text);
    if !doc.fields.is_empty() {
        out.extend_from_slice(b",[");
        for (i, (label, value)) in doc.fields.iter().enumerate() {
            let n = labels.iter().position(|l| l == label).unwrap_or_default();
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(n.to_string().as_bytes());
            out.push(b',');
            let _ = serde_json::to_writer(&mut *out, value);
        }
        out.push(b']');
    }
    out.push(b']');
}

/// `search/t/<n>.js` for each shard: the text and fields of its pages.
fn shard_files(docs: &[Doc], shards: &[usize], labels: &[&str]) -> Vec<OutputFile> {
    shards
        .windows(2)
        .enumerate()
        .map(|(n, range)| {
            let pages = &docs[range[0]..range[1]];
            let size: usize = pages.iter().map(|d| d.text.len() + 64).sum();
            let mut bytes = Vec::with_capacity(size + 32);
            bytes.extend_from_slice(format!("pinpaiSearch.shard({n},[").as_bytes());
            for (i, doc) in pages.iter().enumerate() {
                if i > 0 {
                    bytes.push(b',');
                }
                write_shard_entry(&mut bytes, doc, labels);
            }
            bytes.extend_from_slice(b"]);\n");
            OutputFile {
                path: format!("search/t/{n}.js"),
                bytes: js_line_ends_escaped(bytes),
            }
        })
        .collect()
}

/// The terms in sorted runs, each with its encoded postings; the main index
/// keeps the first term of each chunk, and a query loads only the chunks it
/// needs.
fn term_chunks(index: &Index) -> Vec<(Vec<&str>, Vec<String>)> {
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
    chunks
}

/// `search/index.js`: the pages, shard and chunk boundaries, the field
/// labels, the lists to suggest, and a version `v` that changes whenever
/// any search file does (`files` are the shards and chunks already made).
fn index_file(
    docs: &[Doc],
    lists: &[(String, String)],
    shards: &[usize],
    chunk_first: &[&str],
    labels: &[&str],
    files: &[OutputFile],
) -> OutputFile {
    // Each kind label once, and each page by its position in that list.
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
        "labels": labels,
        "lists": lists.iter().map(|(t, u)| json!([t, u])).collect::<Vec<_>>(),
    });
    let mut hasher = DefaultHasher::new();
    data.to_string().hash(&mut hasher);
    for f in files {
        f.bytes.hash(&mut hasher);
    }
    if let Value::Object(map) = &mut data {
        map.insert("v".into(), format!("{:x}", hasher.finish()).into());
    }
    OutputFile {
        path: "search/index.js".into(),
        bytes: js_line_ends_escaped(format!("pinpaiSearch.index({data});\n").into_bytes()),
    }
}

/// JSON allows U+2028 and U+2029 raw in strings, but JavaScript before
/// ES2019 (the browsers some hospital PCs still run) ends a line there, in
/// the middle of a string literal: written `\u2028`, `\u2029` instead. They
/// can only be inside strings, as JSON has no other place for them.
fn js_line_ends_escaped(bytes: Vec<u8>) -> Vec<u8> {
    const LINE: &[u8] = "\u{2028}".as_bytes();
    const PARAGRAPH: &[u8] = "\u{2029}".as_bytes();
    if !bytes.windows(3).any(|w| w == LINE || w == PARAGRAPH) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i..i + 3) {
            Some(w) if w == LINE => out.extend_from_slice(b"\\u2028"),
            Some(w) if w == PARAGRAPH => out.extend_from_slice(b"\\u2029"),
            _ => {
                out.push(bytes[i]);
                i += 1;
                continue;
            }
        }
        i += 3;
    }
    out
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
        bytes += d.text.len() + d.fields.iter().map(|(_, v)| v.len() + 4).sum::<usize>();
    }
    if !docs.is_empty() {
        bounds.push(docs.len());
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::postings::decode_postings;
    use crate::search::terms::utf16_cmp;
    use crate::search::test_support::doc;

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
        docs[7].fields = vec![("姓名", "杜杰".into()), ("所属支部", "急诊科党支部".into())];
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
        assert_eq!(json["labels"], json!(["姓名", "所属支部"]));

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
                // [text, [label, value, …]] with the labels as numbers;
                // [text] for a page without fields.
                let seventh = &entries[7 - start.as_u64().unwrap_or(0) as usize];
                assert_eq!(seventh[0], json!(&*docs[7].text));
                assert_eq!(seventh[1], json!([0, "杜杰", 1, "急诊科党支部"]));
                assert_eq!(entries[0], json!([&*docs[0].text]));
            }
            pages += entries.as_array().map_or(0, |a| a.len());
        }
        assert_eq!(pages, 130);
    }

    #[test]
    fn an_empty_site_still_writes_an_index() {
        let files = build_files(&[], &[]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "search/index.js");
    }
}
