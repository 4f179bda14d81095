//! Full-text search: a compact, sharded index written at build time and read by
//! `templates/static/search.js` (see decisions/0020-search-index-design.md).
//!
//! Everything is written as `.js` files that call a global registration function
//! (`hindsightSearch.setIndex`, `.addShard`, `.addDoc`), so the client loads them with
//! `<script>` tags: that works from `file://`, under a sub-path and on any static host,
//! where `fetch` of a local file would not.
//!
//! - `search/index.js`: the manifest: number of documents, the term shards (first term and
//!   size of each, so the client loads only the shards a query needs), and the facets
//!   (status, kind, revisit state, package, tag) as lists of documents.
//! - `search/t/N.js`: term shards, contiguous ranges of the sorted term dictionary, each
//!   about [`SHARD_TARGET`] bytes. A term's postings are delta-encoded document numbers
//!   with a field score (title, then tags and options, then details, then body).
//! - `search/d/N.js`: one file per record with what a result shows: title, URL, metadata
//!   and a plain-text excerpt for snippets. Loaded only for the results on screen.
//!
//! Tokens are folded the same way here and in the client: Unicode compatibility
//! decomposition (NFKD), combining diacritical marks (U+0300..U+036F) dropped, lowercased,
//! and a few letters that do not decompose (`ß`, `æ`, `ø`, `ł`, ...) spelled out. A token
//! is a run of alphabetic or numeric characters after folding.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use super::OutputFile;
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
/// Size a term shard is closed at.
pub const SHARD_TARGET: usize = 8 * 1024;
/// Longest body excerpt kept for snippets, in characters.
pub const EXCERPT_CHARS: usize = 700;
/// Longest excerpt of the structured fields (options, outcome, trade-offs), in characters.
pub const DETAILS_CHARS: usize = 320;
/// Up to this many records, each result card is a file of its own.
pub const CARDS_ALONE: usize = 2000;
/// Longest token indexed, in characters (longer runs are hashes, data, noise).
pub const MAX_TOKEN: usize = 40;

/// The 64 digits of the index encoding. Values below 32 end a number, values from 32 on
/// continue it (base 32, most significant group first).
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_";

/// Letters that lowercase and decomposition leave alone but readers type without accent.
fn special(c: char, push: &mut impl FnMut(char)) {
    match c {
        'ß' => {
            push('s');
            push('s')
        }
        'æ' => {
            push('a');
            push('e')
        }
        'œ' => {
            push('o');
            push('e')
        }
        'þ' => {
            push('t');
            push('h')
        }
        'ø' => push('o'),
        'đ' | 'ð' => push('d'),
        'ł' => push('l'),
        'ı' => push('i'),
        'ħ' => push('h'),
        'ŧ' => push('t'),
        'ς' => push('σ'),
        c => push(c),
    }
}

/// Folds one character: NFKD, combining diacritics dropped, lowercase, special letters.
#[inline]
fn fold_char(c: char, push: &mut impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
        return;
    }
    unicode_normalization::char::decompose_compatible(c, |d| {
        if ('\u{300}'..='\u{36f}').contains(&d) {
            return;
        }
        for l in d.to_lowercase() {
            special(l, push);
        }
    });
}

/// `text` folded for matching: `Émile Ångström` gives `emile angstrom`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut |d| out.push(d));
    }
    out
}

/// Calls `f` with every folded token of `text`, in order.
pub fn for_each_token(text: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::with_capacity(32);
    let mut emit = |buf: &mut String| {
        if !buf.is_empty() {
            if buf.len() <= MAX_TOKEN || buf.chars().count() <= MAX_TOKEN {
                f(buf);
            }
            buf.clear();
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 128 {
            i += 1;
            if b.is_ascii_alphanumeric() {
                buf.push(b.to_ascii_lowercase() as char);
            } else {
                emit(&mut buf);
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            let mut pending: [char; 8] = ['\0'; 8];
            let mut n = 0;
            let mut overflow: Vec<char> = Vec::new();
            fold_char(c, &mut |d| {
                if n < pending.len() {
                    pending[n] = d;
                    n += 1;
                } else {
                    overflow.push(d);
                }
            });
            for d in pending[..n].iter().chain(overflow.iter()) {
                if d.is_alphanumeric() {
                    buf.push(*d);
                } else {
                    emit(&mut buf);
                }
            }
        }
    }
    emit(&mut buf);
}

/// The folded tokens of `text`.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |t| out.push(t.to_string()));
    out
}

/// Orders strings by UTF-16 code units, as JavaScript compares them, so the client can
/// binary-search what the build sorted.
pub fn cmp_js(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Markdown to plain text, cheaply: link and image targets, HTML tags, emphasis marks,
/// heading and list markers, table pipes and fences are dropped; whitespace is collapsed.
/// Only for indexing and snippets: never rendered as HTML.
pub fn plain_text(md: &str) -> String {
    plain(md, true)
}

/// Plain text of `md`, with or without its headings.
fn plain(md: &str, headings: bool) -> String {
    let mut out = String::with_capacity(md.len());
    let mut in_fence = false;
    for line in md.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            push_words(&mut out, line);
            continue;
        }
        // Reference definitions, thematic breaks and table rules carry no text.
        if (trimmed.starts_with('[') && trimmed.contains("]:"))
            || (!trimmed.is_empty()
                && trimmed
                    .chars()
                    .all(|c| matches!(c, '-' | '*' | '_' | '=' | ' ' | '|' | ':')))
        {
            continue;
        }
        if !headings && trimmed.starts_with('#') {
            continue;
        }
        let mut rest = trimmed.trim_start_matches(['#', '>', ' ']);
        for marker in ["- [ ] ", "- [x] ", "- ", "* ", "+ "] {
            if let Some(r) = rest.strip_prefix(marker) {
                rest = r;
                break;
            }
        }
        inline_text(rest, &mut out);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// `md` without link targets (`](...)`) and HTML tags, for tokenizing: markdown's other
/// punctuation separates words anyway. Much cheaper than [`plain_text`].
pub fn index_text(md: &str) -> std::borrow::Cow<'_, str> {
    if !md.contains("](") && !md.contains('<') {
        return std::borrow::Cow::Borrowed(md);
    }
    let b = md.as_bytes();
    let mut out = String::with_capacity(md.len());
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b']' if b.get(i + 1) == Some(&b'(') => {
                let mut depth = 0usize;
                let mut j = i + 1;
                while j < b.len() && b[j] != b'\n' {
                    match b[j] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                out.push_str(&md[copied..i]);
                out.push(' ');
                i = (j + 1).min(b.len());
                copied = i;
            }
            b'<' if b
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') =>
            {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'>' || c == b'\n')
                    .map_or(b.len(), |p| i + p);
                if end < b.len() && b[end] == b'>' {
                    out.push_str(&md[copied..i]);
                    out.push(' ');
                    i = end + 1;
                    copied = i;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(&md[copied..]);
    std::borrow::Cow::Owned(out)
}

fn push_words(out: &mut String, text: &str) {
    for w in text.split_whitespace() {
        out.push_str(w);
        out.push(' ');
    }
}

/// Inline markdown of one line to text, appended to `out` with a trailing space.
fn inline_text(line: &str, out: &mut String) {
    let b = line.as_bytes();
    let mut i = 0;
    let mut last_space = out.is_empty() || out.ends_with(' ');
    let put = |out: &mut String, c: char, last_space: &mut bool| {
        if c.is_whitespace() || c == '|' {
            if !*last_space {
                out.push(' ');
                *last_space = true;
            }
        } else {
            out.push(c);
            *last_space = false;
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'*' | b'`' | b'~' => {
                i += 1;
            }
            b'_' => {
                let prev = if i > 0 { b[i - 1] } else { b' ' };
                let next = b.get(i + 1).copied().unwrap_or(b' ');
                if prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
                    put(out, '_', &mut last_space);
                }
                i += 1;
            }
            b'!' if b.get(i + 1) == Some(&b'[') => {
                i += 1;
            }
            b']' if b.get(i + 1) == Some(&b'(') => {
                // Skip the link target up to the matching parenthesis.
                i = crate::document::closing_paren(b, i + 1).unwrap_or(b.len()) + 1;
            }
            b'[' | b']' => {
                i += 1;
            }
            b'<' => {
                // An HTML tag or autolink: dropped (up to `>` on this line).
                match line[i..].find('>') {
                    Some(end)
                        if b.get(i + 1)
                            .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') =>
                    {
                        i += end + 1;
                        put(out, ' ', &mut last_space);
                    }
                    _ => {
                        put(out, '<', &mut last_space);
                        i += 1;
                    }
                }
            }
            b' ' | b'\t' | b'|' => {
                put(out, ' ', &mut last_space);
                i += 1;
            }
            _ => {
                // A run of ordinary text, copied at once.
                let start = i;
                while i < b.len()
                    && !matches!(
                        b[i],
                        b'*' | b'`' | b'~' | b'_' | b'!' | b'[' | b']' | b'<' | b' ' | b'\t' | b'|'
                    )
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push_str(&line[start..i]);
                last_space = false;
            }
        }
    }
    put(out, ' ', &mut last_space);
}

/// The first `max` bytes of `text` or fewer, at a line end when there is one.
fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind('\n') {
        Some(nl) if nl > 0 => &text[..nl],
        _ => &text[..end],
    }
}

/// `text` cut to at most `max` characters, at a word boundary, with `…` when cut.
fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => {
            let cut = text[..end]
                .rfind(' ')
                .filter(|&s| s > end / 2)
                .unwrap_or(end);
            format!("{}…", text[..cut].trim_end())
        }
    }
}

/// The scored terms of one record and what its result shows.
struct DocIndex {
    /// The distinct terms, one after another.
    words: String,
    /// `(hash, start in words, length, score)` of each distinct term.
    terms: Vec<(u32, u32, u16, u8)>,
    file: String,
}

impl DocIndex {
    fn term(&self, e: &(u32, u32, u16, u8)) -> &str {
        &self.words[e.1 as usize..e.1 as usize + e.2 as usize]
    }
}

/// FxHash (as in rustc): fast for the short keys of the dictionary; not for untrusted
/// keys in long-lived maps, which these are not (built once, dropped after the build).
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `(document, score)` of one term, sorted by document.
pub type Postings = Vec<(u32, u8)>;

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

fn fx_hash(s: &str) -> u64 {
    let mut h = Fx::default();
    s.hash(&mut h);
    h.finish()
}

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
    /// Body excerpt (plain text).
    x: String,
    /// Excerpt of the structured fields (plain text).
    #[serde(skip_serializing_if = "String::is_empty")]
    y: String,
}

/// Collects the scored terms of one record.
struct Scorer {
    /// Term hash to index in `terms` (hash collisions fall back to `spill`).
    map: HashMap<u64, u32, BuildHasherDefault<Identity>>,
    spill: FxMap<Box<str>, u32>,
    words: String,
    /// `(start in words, length, field bits, body frequency, hash)`.
    terms: Vec<(u32, u16, u8, u8, u32)>,
}

/// A hasher for keys that are hashes already.
#[derive(Default, Clone, Copy)]
struct Identity(u64);

impl Hasher for Identity {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Scorer {
    fn add(&mut self, text: &str, bit: u8) {
        for_each_token(text, |t| {
            let h = fx_hash(t);
            let slot = match self.map.get(&h) {
                Some(&k) => {
                    let (start, len, ..) = self.terms[k as usize];
                    if &self.words[start as usize..start as usize + len as usize] == t {
                        Some(k)
                    } else {
                        self.spill.get(t).copied()
                    }
                }
                None => None,
            };
            let k = match slot {
                Some(k) => k,
                None => {
                    let k = self.terms.len() as u32;
                    let start = self.words.len() as u32;
                    self.words.push_str(t);
                    self.terms.push((start, t.len() as u16, 0, 0, h as u32));
                    if let std::collections::hash_map::Entry::Vacant(e) = self.map.entry(h) {
                        e.insert(k);
                    } else {
                        self.spill.insert(t.into(), k);
                    }
                    k
                }
            };
            let e = &mut self.terms[k as usize];
            if bit == 0 {
                e.3 = e.3.saturating_add(1);
            } else {
                e.2 |= bit;
            }
        });
    }
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

fn index_doc(i: usize, r: &Resolved) -> DocIndex {
    let rec = &r.record;
    let mut sc = Scorer {
        map: HashMap::with_capacity_and_hasher(512, Default::default()),
        spill: FxMap::default(),
        words: String::with_capacity(4096),
        terms: Vec::with_capacity(512),
    };
    sc.add(&rec.title, TITLE);
    for t in &rec.tags {
        sc.add(t, OPTIONS);
    }
    for o in &rec.options {
        sc.add(&o.name, OPTIONS);
        if let Some(s) = &o.summary {
            sc.add(s, OPTIONS);
        }
        for p in o.pros.iter().chain(&o.cons) {
            sc.add(p, OPTIONS);
        }
    }
    if let Some(n) = rec.number {
        sc.add(&n.to_string(), OPTIONS);
    }
    if let Some(o) = &rec.outcome {
        if let Some(c) = &o.chosen {
            sc.add(c, OPTIONS);
        }
        if let Some(w) = &o.rationale {
            sc.add(w, DETAILS);
        }
    }
    for d in rec
        .deciders
        .iter()
        .chain(&rec.consulted)
        .chain(&rec.informed)
    {
        sc.add(d, DETAILS);
    }
    for t in &rec.tradeoffs {
        sc.add(&t.favor, DETAILS);
        sc.add(&t.over, DETAILS);
        if let Some(w) = &t.why {
            sc.add(w, DETAILS);
        }
    }
    if let Some(w) = &rec.revisit.when {
        sc.add(w, DETAILS);
    }
    if let Some(p) = &rec.package {
        sc.add(p, DETAILS);
    }
    sc.add(&index_text(&rec.body), 0);
    let words = sc.words;
    let terms: Vec<(u32, u32, u16, u8)> = sc
        .terms
        .iter()
        .map(|&(start, len, bits, tf, h)| (h, start, len, bits | tf.min(BODY_MAX)))
        .collect();
    let view = DocView {
        t: &rec.title,
        u: &r.url,
        n: rec.number,
        s: rec.status.as_str(),
        k: (rec.kind != crate::record::Kind::Decision).then(|| rec.kind.as_str()),
        d: rec.date.map(|d| d.to_string()),
        r: r.revisit.state.map(RevisitState::as_str),
        p: rec.package.as_deref(),
        g: &rec.tags,
        x: excerpt(
            &plain(head(&rec.body, EXCERPT_CHARS * 2), false),
            EXCERPT_CHARS,
        ),
        y: excerpt(&details_text(r), DETAILS_CHARS),
    };
    let file = format!("hindsightSearch.addDoc({i},{});\n", js_json(&view));
    DocIndex { words, terms, file }
}

/// JSON that is also a safe JavaScript literal (U+2028 and U+2029 escaped).
fn js_json<T: Serialize + ?Sized>(value: &T) -> String {
    let s = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    if s.contains(['\u{2028}', '\u{2029}']) {
        s.replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    } else {
        s
    }
}

/// Appends `v` in the index's variable-length base-32 digits.
pub fn push_number(out: &mut String, v: u64) {
    let mut groups = [0u8; 13];
    let mut n = 0;
    let mut v = v;
    loop {
        groups[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for k in (1..n).rev() {
        out.push(DIGITS[32 + groups[k] as usize] as char);
    }
    out.push(DIGITS[groups[0] as usize] as char);
}

/// Encodes postings (document, score), sorted by document: each is one number,
/// `(gap - 1) * 4 + c`, where `c` is the score minus one for body-only scores 1 to 3,
/// or 3 followed by the score as one digit.
pub fn encode_postings(postings: &[(u32, u8)], out: &mut String) {
    let mut prev: i64 = -1;
    for &(doc, score) in postings {
        let gap = (doc as i64 - prev) as u64;
        prev = doc as i64;
        let c = if (1..=3).contains(&score) {
            score as u64 - 1
        } else {
            3
        };
        push_number(out, (gap - 1) * 4 + c);
        if c == 3 {
            out.push(DIGITS[(score & 63) as usize] as char);
        }
    }
}

/// Encodes a sorted list of documents: each is `gap - 1`.
pub fn encode_docs(docs: &[u32], out: &mut String) {
    let mut prev: i64 = -1;
    for &doc in docs {
        push_number(out, (doc as i64 - prev - 1) as u64);
        prev = doc as i64;
    }
}

fn digit(c: u8) -> Option<u64> {
    DIGITS.iter().position(|&d| d == c).map(|p| p as u64)
}

fn read_number(b: &[u8], i: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    loop {
        let d = digit(*b.get(*i)?)?;
        *i += 1;
        if d >= 32 {
            v = v.checked_mul(32)? + (d - 32);
        } else {
            return Some(v.checked_mul(32)? + d);
        }
    }
}

/// Decodes what [`encode_postings`] wrote (for tests and tools).
pub fn decode_postings(s: &str) -> Option<Vec<(u32, u8)>> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut prev: i64 = -1;
    let mut out = Vec::new();
    while i < b.len() {
        let v = read_number(b, &mut i)?;
        let c = v & 3;
        prev += (v / 4) as i64 + 1;
        let score = if c < 3 {
            c as u8 + 1
        } else {
            let d = digit(*b.get(i)?)?;
            i += 1;
            d as u8
        };
        out.push((u32::try_from(prev).ok()?, score));
    }
    Some(out)
}

/// Decodes what [`encode_docs`] wrote.
pub fn decode_docs(s: &str) -> Option<Vec<u32>> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut prev: i64 = -1;
    let mut out = Vec::new();
    while i < b.len() {
        prev += read_number(b, &mut i)? as i64 + 1;
        out.push(u32::try_from(prev).ok()?);
    }
    Some(out)
}

/// The index in memory: every term with its postings, sorted as the client compares.
pub struct SearchIndex {
    pub docs: usize,
    /// `(term, postings sorted by document)`.
    pub terms: Vec<(String, Vec<(u32, u8)>)>,
    doc_files: Vec<String>,
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
    facets: &'a [FacetIndex],
}

impl SearchIndex {
    /// Indexes every record of `model`.
    pub fn build(model: &Model) -> SearchIndex {
        let per_doc: Vec<DocIndex> = model
            .records
            .par_iter()
            .enumerate()
            .map(|(i, r)| index_doc(i, r))
            .collect();
        // Merge, in parallel by hash partition; documents are visited in order, so
        // postings come out sorted.
        let parts = (rayon::current_num_threads() * 2).clamp(1, 64) as u32;
        let partitions: Vec<Vec<(String, Postings)>> = (0..parts)
            .into_par_iter()
            .map(|part| {
                let mut ids: FxMap<&str, usize> = FxMap::default();
                let mut postings: Vec<(&str, Vec<(u32, u8)>)> = Vec::new();
                for (doc, d) in per_doc.iter().enumerate() {
                    for e in &d.terms {
                        if e.0 % parts != part {
                            continue;
                        }
                        let term = d.term(e);
                        let id = *ids.entry(term).or_insert_with(|| {
                            postings.push((term, Vec::new()));
                            postings.len() - 1
                        });
                        postings[id].1.push((doc as u32, e.3));
                    }
                }
                postings
                    .into_iter()
                    .map(|(t, p)| (t.to_string(), p))
                    .collect()
            })
            .collect();
        let mut terms: Vec<(String, Vec<(u32, u8)>)> = partitions.into_iter().flatten().collect();
        terms.par_sort_unstable_by(|a, b| cmp_js(&a.0, &b.0));
        let facets = facets(model);
        SearchIndex {
            docs: model.records.len(),
            terms,
            doc_files: per_doc.into_iter().map(|d| d.file).collect(),
            facets,
        }
    }

    /// The postings of `term` (folded), if indexed.
    pub fn postings(&self, term: &str) -> Option<&[(u32, u8)]> {
        self.terms
            .binary_search_by(|(t, _)| cmp_js(t, term))
            .ok()
            .map(|i| self.terms[i].1.as_slice())
    }

    /// The files of the index, below the site root.
    pub fn files(&self) -> Vec<OutputFile> {
        let encoded: Vec<String> = self
            .terms
            .par_iter()
            .map(|(t, p)| {
                let mut s = String::with_capacity(t.len() + p.len() * 2 + 2);
                s.push_str(t);
                s.push(' ');
                encode_postings(p, &mut s);
                s
            })
            .collect();
        // Cut the sorted dictionary into shards of about SHARD_TARGET bytes.
        let mut shards: Vec<(usize, usize)> = Vec::new(); // (first entry, end)
        let mut start = 0;
        let mut size = 0;
        for (i, e) in encoded.iter().enumerate() {
            size += e.len() + 1;
            if size >= SHARD_TARGET {
                shards.push((start, i + 1));
                start = i + 1;
                size = 0;
            }
        }
        if start < encoded.len() || shards.is_empty() {
            shards.push((start, encoded.len()));
        }
        let mut files = Vec::with_capacity(shards.len() + self.doc_files.len() + 1);
        let mut table = Vec::with_capacity(shards.len());
        for (n, &(a, b)) in shards.iter().enumerate() {
            let data = encoded[a..b].join(" ");
            let text = format!("hindsightSearch.addShard({n},{});\n", js_json(&data));
            let first = if n == 0 { "" } else { self.terms[a].0.as_str() };
            table.push((first, text.len()));
            files.push(OutputFile {
                path: format!("{DIR}t/{n}.js"),
                bytes: text.into_bytes(),
            });
        }
        let manifest = Manifest {
            v: 1,
            docs: self.docs,
            shards: table,
            facets: &self.facets,
            cards: self.cards_per_file(),
        };
        files.push(OutputFile {
            path: format!("{DIR}index.js"),
            bytes: format!("hindsightSearch.setIndex({});\n", js_json(&manifest)).into_bytes(),
        });
        let per = self.cards_per_file();
        files.extend(
            self.doc_files
                .chunks(per)
                .enumerate()
                .map(|(n, group)| OutputFile {
                    path: format!("{DIR}d/{n}.js"),
                    bytes: group.concat().into_bytes(),
                }),
        );
        files
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
        .map(|s| (s.as_str().to_string(), by(&|r| r.record.status == *s)))
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
        encode_postings(&p, &mut s);
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
