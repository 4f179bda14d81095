//! Full-text search: a compact, sharded index written at build time and read by
//! `templates/static/search.js` (see decisions/0020-search-index-design.md).
//!
//! Everything is written as `.js` files that call a global registration function
//! (`hindsightSearch.setIndex`, `.addShard`, `.addDoc`), so the client loads them with
//! `<script>` tags: that works from `file://`, under a sub-path and on any static host,
//! where `fetch` of a local file would not.
//!
//! - `search/index.js`: the manifest: number of documents, the term shards (first term and
//!   size of each, so the client loads only the shards a query needs), the prefixes with
//!   merged postings, and the facets (status, kind, revisit state, package, tag) as lists
//!   of documents.
//! - `search/t/N.js`: term shards, contiguous ranges of the sorted term dictionary, each
//!   about [`SHARD_TARGET`] bytes (less on small sites). A term's postings are
//!   delta-encoded document numbers with a field score (title, then tags and options, then
//!   details, then body).
//! - `search/p/N.js`: for each prefix whose terms span more than [`MERGE_ABOVE`] shards,
//!   the best score of each document over those terms, so that a short prefix costs one
//!   file instead of many shards.
//! - `search/d/N.js`: result cards (title, URL, metadata), one record per file on small
//!   sites, four on large ones, loaded for the results on screen; `search/x/N.js`: the
//!   same records' plain-text excerpts for snippets, loaded once typing pauses.
//!
//! Indexing tokenizes runs of consecutive records in parallel, each into its own
//! dictionary (terms packed into words, no allocation per token), and merges the runs in
//! order, so the output does not depend on the number of threads.
//!
//! Tokens are folded the same way here and in the client: Unicode compatibility
//! decomposition (NFKD), combining diacritical marks (U+0300..U+036F) dropped, lowercased,
//! and a few letters that do not decompose (`ß`, `æ`, `ø`, `ł`, ...) spelled out. A token
//! is a run of alphabetic or numeric characters after folding.

mod dictionary;
mod encoding;
mod fold;
mod text;

use dictionary::*;
pub use encoding::*;
pub use fold::*;
pub use text::*;

use rayon::prelude::*;
use serde::Serialize;

use super::{MemorySink, OutputFile, Sink};
use crate::diagnostic::Diagnostic;
use crate::record::Status;
use crate::resolve::{Model, Resolved};
use crate::revisit::RevisitState;

/// Folder of the search files, below the site root.
pub const DIR: &str = "search/";
/// Score bit of a term found in the title.
pub const TITLE: u8 = 32;
/// Score bit of a term found in the tags, the options (names, summaries, pros, cons),
/// the chosen option or the record number.
pub const OPTIONS: u8 = 16;
/// Score bit of a term found in the deciders, trade-offs, rationale, revisit trigger or package.
pub const DETAILS: u8 = 8;
/// Highest body score (term frequency in the body, capped).
pub const BODY_MAX: u8 = 3;
/// Size a term shard is closed at, on large sites; smaller sites cut their index into
/// about 64 shards, of at least [`SHARD_MIN`] bytes, so that a query loads less of it.
pub const SHARD_TARGET: usize = 8 * 1024;
/// Smallest size a term shard is closed at.
pub const SHARD_MIN: usize = 2 * 1024;
/// A prefix whose terms span more shards than this gets a file of merged postings.
pub const MERGE_ABOVE: usize = 3;
/// Result cards included in a merged prefix's file: its first page of results.
pub const PREFIX_CARDS: usize = 10;
/// Longest body excerpt kept for snippets, in characters.
pub const EXCERPT_CHARS: usize = 400;
/// Longest excerpt of the structured fields (options, outcome, trade-offs), in characters.
pub const DETAILS_CHARS: usize = 240;
/// Up to this many records, each result card is a file of its own.
pub const CARDS_ALONE: usize = 2000;
/// Longest token indexed, in characters (longer runs are hashes, data, noise).
pub const MAX_TOKEN: usize = 40;

/// A document and its score for one term, in 5 bytes where a `(u32, u8)` takes 8: a
/// 50,000-record site has 14 million, held twice while the runs merge (ADR-0082).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Posting([u8; 5]);

impl Posting {
    pub fn new(doc: u32, score: u8) -> Posting {
        let [a, b, c, d] = doc.to_le_bytes();
        Posting([a, b, c, d, score])
    }

    pub fn doc(self) -> u32 {
        u32::from_le_bytes([self.0[0], self.0[1], self.0[2], self.0[3]])
    }

    pub fn score(self) -> u8 {
        self.0[4]
    }

    /// `(document, score)`.
    pub fn pair(self) -> (u32, u8) {
        (self.doc(), self.score())
    }
}

/// The postings of one term, sorted by document.
pub type Postings = Vec<Posting>;

/// A term while merging runs: the term, its number of postings, and `(run, id in the
/// run)` of each piece.
type Pieces = (String, usize, Vec<(u32, u32)>);

#[derive(Serialize)]
struct DocView<'a> {
    /// Title.
    t: &'a str,
    /// URL relative to the site root.
    u: &'a str,
    /// Number.
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<u32>,
    /// Status.
    s: &'static str,
    /// Kind, when not a decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<&'static str>,
    /// Date.
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    /// Revisit state.
    #[serde(skip_serializing_if = "Option::is_none")]
    r: Option<&'static str>,
    /// Package.
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<&'a str>,
    /// Tags.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    g: &'a [String],
}

/// The text a result's snippet is cut from, in a file of its own (`x/N.js`): the client
/// loads it once typing pauses, so quick keystrokes load only titles and metadata.
#[derive(Serialize)]
struct TextView {
    /// Body excerpt (plain text).
    x: String,
    /// Excerpt of the structured fields (plain text).
    #[serde(skip_serializing_if = "String::is_empty")]
    y: String,
}

/// Appends `text` as a sentence: with a full stop unless it ends with punctuation.
fn sentence(s: &mut String, text: &str) {
    let t = text.trim();
    s.push_str(t);
    if !t.ends_with(['.', '!', '?', ':']) {
        s.push('.');
    }
    s.push(' ');
}

/// The structured fields as one line of text: options with pros and cons, outcome,
/// trade-offs, deciders.
fn details_text(r: &Resolved) -> String {
    let rec = &r.record;
    let mut s = String::new();
    if let Some(o) = &rec.outcome {
        if let Some(c) = &o.chosen {
            sentence(&mut s, &format!("Chosen: {c}"));
        }
        if let Some(why) = &o.rationale {
            sentence(&mut s, why);
        }
    }
    for o in &rec.options {
        s.push_str("Option ");
        s.push_str(&o.name);
        if let Some(sum) = &o.summary {
            s.push_str(": ");
            s.push_str(sum);
        }
        if !o.pros.is_empty() {
            s.push_str("; pros: ");
            s.push_str(&o.pros.join(", "));
        }
        if !o.cons.is_empty() {
            s.push_str("; cons: ");
            s.push_str(&o.cons.join(", "));
        }
        s.push_str(". ");
    }
    for t in &rec.tradeoffs {
        s.push_str(&format!("Favor {} over {}", t.favor, t.over));
        if let Some(why) = &t.why {
            s.push_str(": ");
            s.push_str(why.trim_end_matches('.'));
        }
        s.push_str(". ");
    }
    if !rec.deciders.is_empty() {
        s.push_str("Deciders: ");
        s.push_str(&rec.deciders.join(", "));
        s.push('.');
    }
    s.trim_end().to_string()
}

/// Scores the fields of one record into `terms` (as document `terms.doc`).
fn index_fields(tk: &mut Tokenizer, terms: &mut Terms, r: &Resolved) {
    let rec = &r.record;
    let mut add = |text: &str, bit: u8| tk.add(terms, text, bit);
    add(&rec.title, TITLE);
    for t in &rec.tags {
        add(t, OPTIONS);
    }
    for o in &rec.options {
        add(&o.name, OPTIONS);
        if let Some(s) = &o.summary {
            add(s, OPTIONS);
        }
        for p in o.pros.iter().chain(&o.cons) {
            add(p, OPTIONS);
        }
    }
    if let Some(n) = rec.number {
        add(&n.to_string(), OPTIONS);
    }
    if let Some(o) = &rec.outcome {
        if let Some(c) = &o.chosen {
            add(c, OPTIONS);
        }
        if let Some(w) = &o.rationale {
            add(w, DETAILS);
        }
    }
    for d in rec
        .deciders
        .iter()
        .chain(&rec.consulted)
        .chain(&rec.informed)
    {
        add(d, DETAILS);
    }
    for t in &rec.tradeoffs {
        add(&t.favor, DETAILS);
        add(&t.over, DETAILS);
        if let Some(w) = &t.why {
            add(w, DETAILS);
        }
    }
    if let Some(w) = &rec.revisit.when {
        add(w, DETAILS);
    }
    if let Some(p) = &rec.package {
        add(p, DETAILS);
    }
    index_segments(&rec.body, |part| add(part, 0));
}

/// The result card of one record, as the scripts that register it: its title and
/// metadata, and the text for its snippet.
fn card(i: usize, r: &Resolved) -> (String, String) {
    let rec = &r.record;
    let view = DocView {
        t: &rec.title,
        // A record of another site links to its page there.
        u: rec.home.as_deref().unwrap_or(&r.url),
        n: rec.number,
        s: rec.shown_status().map_or("", |s| s.as_str()),
        k: (rec.kind != crate::record::Kind::Decision).then(|| rec.kind.as_str()),
        d: rec.date.map(|d| d.to_string()),
        r: r.revisit.state.map(RevisitState::as_str),
        p: rec.package.as_deref(),
        g: &rec.tags,
    };
    let text = TextView {
        x: excerpt(
            &plain(head(&rec.body, EXCERPT_CHARS * 2), false),
            EXCERPT_CHARS,
        ),
        y: excerpt(&details_text(r), DETAILS_CHARS),
    };
    (
        format!("hindsightSearch.addDoc({i},{});\n", js_json(&view)),
        format!("hindsightSearch.addText({i},{});\n", js_json(&text)),
    )
}

/// Indexes the records `first..first + records.len()`: their terms and result cards.
fn index_run(first: usize, records: &[Resolved]) -> (Terms, Vec<(String, String)>) {
    let mut terms = Terms::default();
    let mut tk = Tokenizer {
        tok: Token::new(),
        folded: Vec::new(),
    };
    let mut cards = Vec::with_capacity(records.len());
    // About one distinct term per 12 bytes of text (4 KB records have about 330), so
    // that the postings vector does not grow by copying.
    terms
        .flat
        .reserve(records.iter().map(|r| 64 + r.record.body.len() / 12).sum());
    for (k, r) in records.iter().enumerate() {
        terms.doc = (first + k) as u32;
        index_fields(&mut tk, &mut terms, r);
        terms.end_doc();
        cards.push(card(first + k, r));
    }
    terms.finish();
    (terms, cards)
}

/// The index in memory: every term with its postings, sorted as the client compares.
pub struct SearchIndex {
    pub docs: usize,
    /// `(term, postings sorted by document)`.
    pub terms: Vec<(String, Postings)>,
    /// The result card files of each record: title and metadata, snippet text.
    doc_files: Vec<(String, String)>,
    facets: Vec<FacetIndex>,
}

#[derive(Serialize)]
struct FacetIndex {
    name: &'static str,
    label: &'static str,
    /// `(value, encoded documents)`.
    values: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    docs: usize,
    /// Result cards per file (`d/N.js` holds records `N * cards ..`).
    cards: usize,
    /// `(first term, bytes)` of each shard.
    shards: Vec<(&'a str, usize)>,
    /// The prefixes with a file of merged postings (`p/N.js` for the Nth), sorted.
    prefixes: Vec<&'a str>,
    facets: &'a [FacetIndex],
}

impl SearchIndex {
    /// Indexes every record of `model`.
    pub fn build(model: &Model) -> SearchIndex {
        // Runs of consecutive records are indexed in parallel, each into its own
        // dictionary; the output does not depend on how the records are cut into runs,
        // since runs are merged in order and the terms sorted.
        let n = model.records.len();
        let run = n.div_ceil(rayon::current_num_threads() * 4).max(32);
        let runs: Vec<(Terms, Vec<(String, String)>)> = model
            .records
            .par_chunks(run)
            .enumerate()
            .map(|(k, recs)| index_run(k * run, recs))
            .collect();
        // Merge, in parallel by hash partition; runs are visited in order, so postings
        // stay sorted by document.
        let parts = (rayon::current_num_threads() * 2).clamp(1, 64) as u64;
        let partitions: Vec<Vec<(String, Postings)>> = (0..parts)
            .into_par_iter()
            .map(|part| {
                // Each term's pieces `(run, id in the run)` first, then one exact copy.
                let mut dict = Dict::default();
                let mut pieces: Vec<Pieces> = Vec::new();
                for (r, (terms, _)) in runs.iter().enumerate() {
                    for (id, &h) in terms.dict.hashes.iter().enumerate() {
                        if h % parts != part {
                            continue;
                        }
                        let (words, len) = terms.dict.words(id);
                        let n = terms.postings(id).len();
                        match dict.id(words, len, h) {
                            (_, true) => {
                                pieces.push((terms.dict.term(id), n, vec![(r as u32, id as u32)]))
                            }
                            (g, false) => {
                                pieces[g].1 += n;
                                pieces[g].2.push((r as u32, id as u32));
                            }
                        }
                    }
                }
                pieces
                    .into_iter()
                    .map(|(t, n, from)| {
                        let mut p = Vec::with_capacity(n);
                        for (r, id) in from {
                            p.extend_from_slice(runs[r as usize].0.postings(id as usize));
                        }
                        (t, p)
                    })
                    .collect()
            })
            .collect();
        // The runs' postings are freed before the sort (the cards are kept).
        let doc_files = runs.into_iter().flat_map(|(_, cards)| cards).collect();
        let mut terms: Vec<(String, Postings)> = partitions.into_iter().flatten().collect();
        terms.par_sort_unstable_by(|a, b| cmp_js(&a.0, &b.0));
        let facets = facets(model);
        SearchIndex {
            docs: model.records.len(),
            terms,
            doc_files,
            facets,
        }
    }

    /// The postings of `term` (folded), if indexed.
    pub fn postings(&self, term: &str) -> Option<Vec<(u32, u8)>> {
        self.terms
            .binary_search_by(|(t, _)| cmp_js(t, term))
            .ok()
            .map(|i| self.terms[i].1.iter().map(|p| p.pair()).collect())
    }

    /// The files of the index, below the site root, sorted by path.
    pub fn files(&self) -> Vec<OutputFile> {
        let sink = MemorySink::default();
        self.files_into(&sink)
            .expect("a memory sink takes every file");
        sink.into_files()
    }

    /// Writes the files of the index into `sink` as they are made, in parallel: at 10,000
    /// records they are 26 MB in 5,400 files, which a build need never hold at once.
    pub fn files_into(&self, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let n = self.terms.len();
        let postings: Vec<String> = self
            .terms
            .par_iter()
            .map(|(_, p)| {
                let mut s = String::with_capacity(p.len() * 2);
                encode_postings(p.iter().map(|p| p.pair()), &mut s);
                s
            })
            .collect();
        // Cut the sorted dictionary into shards of about `target` bytes.
        let entry = |i: usize| self.terms[i].0.len() + postings[i].len() + 2;
        let target = ((0..n).map(entry).sum::<usize>() / 64).clamp(SHARD_MIN, SHARD_TARGET);
        let mut shards: Vec<(usize, usize)> = Vec::new(); // (first entry, end)
        let mut start = 0;
        let mut size = 0;
        for i in 0..n {
            size += entry(i);
            if size >= target {
                shards.push((start, i + 1));
                start = i + 1;
                size = 0;
            }
        }
        if start < n || shards.is_empty() {
            shards.push((start, n));
        }
        let shard_sizes: Vec<usize> = shards
            .par_iter()
            .enumerate()
            .map(|(k, &(a, b))| -> Result<usize, Diagnostic> {
                let mut data = String::with_capacity(target + 64);
                for (i, ((t, _), p)) in self.terms[a..b].iter().zip(&postings[a..b]).enumerate() {
                    if i > 0 {
                        data.push(' ');
                    }
                    data.push_str(t);
                    data.push(' ');
                    data.push_str(p);
                }
                let bytes =
                    format!("hindsightSearch.addShard({k},{});\n", js_json(&data)).into_bytes();
                let size = bytes.len();
                sink.put(OutputFile {
                    path: format!("{DIR}t/{k}.js"),
                    bytes,
                })?;
                Ok(size)
            })
            .collect::<Result<_, _>>()?;
        let table: Vec<(&str, usize)> = shards
            .iter()
            .zip(&shard_sizes)
            .enumerate()
            .map(|(k, (&(a, _), &size))| {
                let first = if k == 0 { "" } else { self.terms[a].0.as_str() };
                (first, size)
            })
            .collect();
        // Prefixes whose terms span more than MERGE_ABOVE shards get one file of merged
        // postings, so that a short prefix loads one file instead of many shards.
        let mut shard_of = vec![0u32; n];
        for (k, &(a, b)) in shards.iter().enumerate() {
            shard_of[a..b].fill(k as u32);
        }
        let merged = self.merged_prefixes(&shard_of);
        let prefixes: Vec<&str> = merged.iter().map(|(p, ..)| *p).collect();
        merged
            .par_iter()
            .enumerate()
            .try_for_each(|(k, &(_, a, b))| {
                let (data, top) = self.merge(a, b, self.terms[a].0 == prefixes[k]);
                let mut text = format!("hindsightSearch.addPrefix({k},{});\n", js_json(&data));
                // The cards of the prefix's best documents: the results of a one-word
                // query, shown without waiting for another file.
                for d in top {
                    text.push_str(&self.doc_files[d as usize].0);
                }
                sink.put(OutputFile {
                    path: format!("{DIR}p/{k}.js"),
                    bytes: text.into_bytes(),
                })
            })?;
        let manifest = Manifest {
            v: 2,
            docs: self.docs,
            shards: table,
            prefixes,
            facets: &self.facets,
            cards: self.cards_per_file(),
        };
        sink.put(OutputFile {
            path: format!("{DIR}index.js"),
            bytes: format!("hindsightSearch.setIndex({});\n", js_json(&manifest)).into_bytes(),
        })?;
        let per = self.cards_per_file();
        self.doc_files
            .par_chunks(per)
            .enumerate()
            .try_for_each(|(n, group)| {
                let mut head = String::new();
                let mut text = String::new();
                for (h, t) in group {
                    head.push_str(h);
                    text.push_str(t);
                }
                sink.put(OutputFile {
                    path: format!("{DIR}d/{n}.js"),
                    bytes: head.into_bytes(),
                })?;
                sink.put(OutputFile {
                    path: format!("{DIR}x/{n}.js"),
                    bytes: text.into_bytes(),
                })
            })
    }

    /// The prefixes whose terms span more than [`MERGE_ABOVE`] shards, sorted as the
    /// client compares, each with its range of terms `(prefix, first, end)`. `shard_of`
    /// gives the shard of each term.
    fn merged_prefixes(&self, shard_of: &[u32]) -> Vec<(&str, usize, usize)> {
        // The terms are sorted, so the terms with a prefix are a contiguous range: for
        // each length, walk the terms in groups sharing their first `len` characters.
        // A prefix's range holds its longer prefixes' ranges, so once no prefix of some
        // length spans enough shards, no longer one does.
        let n = self.terms.len();
        let mut out: Vec<(&str, usize, usize)> = Vec::new();
        for len in 1.. {
            let mut found = false;
            let mut i = 0;
            while i < n {
                let t = self.terms[i].0.as_str();
                let Some(end) = t.char_indices().map(|(b, c)| b + c.len_utf8()).nth(len - 1) else {
                    i += 1;
                    continue;
                };
                let p = &t[..end];
                let mut j = i + 1;
                while j < n && self.terms[j].0.starts_with(p) {
                    j += 1;
                }
                if (shard_of[j - 1] - shard_of[i]) as usize >= MERGE_ABOVE {
                    out.push((p, i, j));
                    found = true;
                }
                i = j;
            }
            if !found {
                break;
            }
        }
        out.sort_unstable_by(|a, b| cmp_js(a.0, b.0));
        out
    }

    /// The postings of the terms `a..b` merged: each document once, with its best value
    /// for the prefix, `score * 2 + exact` (exact for the first term of the range when
    /// `first_exact`: it is the prefix itself), encoded by [`encode_merged`]; and the
    /// [`PREFIX_CARDS`] best documents, in the order a one-word query ranks them.
    fn merge(&self, a: usize, b: usize, first_exact: bool) -> (String, Vec<u32>) {
        let mut best = vec![0u8; self.docs];
        for (k, (_, p)) in self.terms[a..b].iter().enumerate() {
            let exact = (k == 0 && first_exact) as u8;
            for &posting in p {
                let (d, s) = posting.pair();
                let v = s * 2 + exact;
                let slot = &mut best[d as usize];
                if v > *slot {
                    *slot = v;
                }
            }
        }
        let merged: Vec<(u32, u8)> = best
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0)
            .map(|(d, v)| (d as u32, *v))
            .collect();
        let mut s = String::with_capacity(merged.len() * 2);
        encode_merged(&merged, &mut s);
        let mut top = merged;
        let key = |&(d, v): &(u32, u8)| (std::cmp::Reverse(v), d);
        if top.len() > PREFIX_CARDS {
            top.select_nth_unstable_by_key(PREFIX_CARDS, key);
            top.truncate(PREFIX_CARDS);
        }
        top.sort_unstable_by_key(key);
        (s, top.iter().map(|&(d, _)| d).collect())
    }

    /// Result cards per file: one on small sites, so a query loads only what it shows;
    /// a few on large ones, so the site does not get one more file per record.
    pub fn cards_per_file(&self) -> usize {
        if self.docs <= CARDS_ALONE { 1 } else { 4 }
    }
}

fn facet(name: &'static str, label: &'static str, values: Vec<(String, Vec<u32>)>) -> FacetIndex {
    FacetIndex {
        name,
        label,
        values: values
            .into_iter()
            .filter(|(_, d)| !d.is_empty())
            .map(|(v, d)| {
                let mut s = String::with_capacity(d.len() * 2);
                encode_docs(&d, &mut s);
                (v, s)
            })
            .collect(),
    }
}

fn facets(model: &Model) -> Vec<FacetIndex> {
    let recs = &model.records;
    let by = |f: &dyn Fn(&Resolved) -> bool| -> Vec<u32> {
        recs.iter()
            .enumerate()
            .filter(|(_, r)| f(r))
            .map(|(i, _)| i as u32)
            .collect()
    };
    let status = Status::ALL
        .iter()
        .map(|s| {
            let of = |r: &Resolved| r.record.shown_status() == Some(*s);
            (s.as_str().to_string(), by(&of))
        })
        .collect();
    let kind = [
        crate::record::Kind::Decision,
        crate::record::Kind::Retrospective,
    ]
    .iter()
    .map(|k| (k.as_str().to_string(), by(&|r| r.record.kind == *k)))
    .collect();
    let revisit = RevisitState::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), by(&|r| r.revisit.state == Some(*s))))
        .collect();
    let mut packages: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
    let mut tags: std::collections::BTreeMap<String, (String, Vec<u32>)> = Default::default();
    for (i, r) in recs.iter().enumerate() {
        if let Some(p) = &r.record.package {
            packages.entry(p.as_str()).or_default().push(i as u32);
        }
        for t in &r.record.tags {
            let e = tags
                .entry(t.to_lowercase())
                .or_insert_with(|| (t.clone(), Vec::new()));
            if e.1.last() != Some(&(i as u32)) {
                e.1.push(i as u32);
            }
        }
    }
    vec![
        facet("status", "Status", status),
        facet("kind", "Kind", kind),
        facet("revisit", "Revisit", revisit),
        facet(
            "package",
            "Package",
            packages
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        ),
        facet("tag", "Tag", tags.into_values().collect()),
    ]
}

/// The search files of the site.
pub fn render(model: &Model) -> Vec<OutputFile> {
    SearchIndex::build(model).files()
}

/// [`render`] into `sink`, each file written as soon as it is made.
pub fn render_into(model: &Model, sink: &dyn Sink) -> Result<(), Diagnostic> {
    SearchIndex::build(model).files_into(sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        let p = vec![
            (0, 1),
            (1, 3),
            (5, 32),
            (40, 59),
            (100_000, 2),
            (100_001, 16),
        ];
        let mut s = String::new();
        encode_postings(p.iter().copied(), &mut s);
        assert_eq!(decode_postings(&s), Some(p));
        let d = vec![0, 2, 3, 70, 5000];
        let mut s = String::new();
        encode_docs(&d, &mut s);
        assert_eq!(decode_docs(&s), Some(d));
    }

    #[test]
    fn plain_text_drops_markup() {
        let t = plain_text(
            "## Context\n\nSee [the *ledger*](./0003-ledger.md) and <b>bold</b> `tenant_id`.\n\n- one\n- two\n\n| a | b |\n|---|:-:|\n| c | d |\n",
        );
        assert_eq!(
            t,
            "Context See the ledger and bold tenant_id. one two a b c d"
        );
    }
}
