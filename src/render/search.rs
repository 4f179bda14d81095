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

use std::cmp::Ordering;

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
/// Only for indexing and snippets: never rendered as HTML. A one-line fragment (a title)
/// goes through [`crate::document::plain_text`] instead, which reads nested links exactly.
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
    let mut parts = Vec::new();
    index_segments(md, |p| parts.push(p));
    match parts.as_slice() {
        [one] if one.len() == md.len() => std::borrow::Cow::Borrowed(md),
        _ => std::borrow::Cow::Owned(parts.join(" ")),
    }
}

/// Calls `f` with the pieces of `md` that [`index_text`] keeps, in order (it joins them
/// with spaces), without copying.
fn index_segments<'a>(md: &'a str, mut f: impl FnMut(&'a str)) {
    let b = md.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    let mut tag_end: Option<usize> = None;
    while i < b.len() {
        // Jump to the next byte that can start markup (a vector scan): most of a body is prose.
        match memchr::memchr2(b']', b'<', &b[i..]) {
            Some(k) => i += k,
            None => break,
        }
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
                f(&md[copied..i]);
                i = (j + 1).min(b.len());
                copied = i;
            }
            b'<' if b
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') =>
            {
                // The next `>` or newline, found once for every `<` before it (a line of
                // `<a` with no `>` is read once, not once per `<a`).
                if tag_end.is_none_or(|e| e < i) {
                    tag_end =
                        Some(memchr::memchr2(b'>', b'\n', &b[i..]).map_or(b.len(), |p| i + p));
                }
                let end = tag_end.unwrap_or(b.len());
                if end < b.len() && b[end] == b'>' {
                    f(&md[copied..i]);
                    i = end + 1;
                    copied = i;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    f(&md[copied..]);
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
    let mut gt: Option<usize> = None;
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
                // The next `>`, found once for every `<` before it.
                if gt.is_some_and(|g| g < i) {
                    gt = None;
                }
                let next = *gt.get_or_insert_with(|| {
                    memchr::memchr(b'>', &b[i..]).map_or(usize::MAX, |p| i + p)
                });
                match (next != usize::MAX).then(|| next - i) {
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

/// `(document, score)` of one term, sorted by document.
pub type Postings = Vec<(u32, u8)>;

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

/// One FxHash step (as in rustc): fast for the short keys of the dictionary; not for
/// untrusted keys in long-lived maps, which these are not (built once, dropped after the
/// build; a collision only costs a comparison).
#[inline]
fn fx_add(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Lowercase of each ASCII letter and digit; 0 for every other byte.
const ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// Longest token kept, in bytes: [`MAX_TOKEN`] characters of up to four bytes each.
const TOKEN_BYTES: usize = MAX_TOKEN * 4;
const TOKEN_WORDS: usize = TOKEN_BYTES.div_ceil(8);

/// The token being read: its UTF-8 bytes packed eight to a word (little-endian, the
/// last word padded with zeros), so that hashing and comparing work on whole words.
struct Token {
    words: [u64; TOKEN_WORDS],
    /// Bytes pushed (may exceed [`TOKEN_BYTES`]; such a token is dropped).
    len: usize,
    /// UTF-8 continuation bytes among them (characters = len - cont).
    cont: usize,
}

impl Token {
    fn new() -> Token {
        Token {
            words: [0; TOKEN_WORDS],
            len: 0,
            cont: 0,
        }
    }

    #[inline]
    fn push(&mut self, b: u8) {
        if self.len < TOKEN_BYTES {
            self.words[self.len >> 3] |= (b as u64) << ((self.len & 7) * 8);
        }
        self.len += 1;
        self.cont += (b & 0xc0 == 0x80) as usize;
    }

    /// The packed words of a token to keep, or `None` for one longer than [`MAX_TOKEN`]
    /// characters.
    #[inline]
    fn words(&self) -> Option<&[u64]> {
        if self.len > TOKEN_BYTES || (self.len > MAX_TOKEN && self.len - self.cont > MAX_TOKEN) {
            return None;
        }
        Some(&self.words[..self.len.div_ceil(8)])
    }

    #[inline]
    fn clear(&mut self) {
        let n = self.len.min(TOKEN_BYTES).div_ceil(8);
        self.words[..n].fill(0);
        self.len = 0;
        self.cont = 0;
    }
}

#[inline]
fn words_hash(words: &[u64], len: usize) -> u64 {
    let mut h = fx_add(0, len as u64);
    for &w in words {
        h = fx_add(h, w);
    }
    h
}

/// One slot of a [`Dict`].
#[derive(Default, Clone, Copy)]
struct Slot {
    first: u64,
    /// Length in bytes (8 bits, at most [`TOKEN_BYTES`]) and 24 low bits of the hash.
    meta: u32,
    id: u32,
}

impl Slot {
    #[inline]
    fn meta(len: usize, h: u64) -> u32 {
        ((len as u32) << 24) | (h as u32 & 0xff_ffff)
    }
}

/// A dictionary of terms: open addressing over term hashes, the terms packed into words
/// one after another, each with a dense id.
#[derive(Default)]
struct Dict {
    /// Each slot: the term's first word, its length and low hash bits, and its id + 1
    /// (0 when empty), so that most look-ups read nothing else; the number of slots is a
    /// power of two.
    slots: Vec<Slot>,
    /// How far a hash is shifted right to give a slot (its top bits are the best mixed).
    shift: u32,
    words: Vec<u64>,
    /// `(first word, byte length)` of each term.
    spans: Vec<(u32, u32)>,
    hashes: Vec<u64>,
}

impl Dict {
    #[inline]
    fn words(&self, id: usize) -> (&[u64], usize) {
        let (a, len) = self.spans[id];
        let a = a as usize;
        let len = len as usize;
        (&self.words[a..a + len.div_ceil(8)], len)
    }

    /// The term as text.
    fn term(&self, id: usize) -> String {
        let (words, len) = self.words(id);
        let mut bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        bytes.truncate(len);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The id of the term of `len` bytes packed in `words` (hash `h`), and whether it was
    /// added now.
    #[inline]
    fn id(&mut self, words: &[u64], len: usize, h: u64) -> (usize, bool) {
        if (self.spans.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (h >> self.shift) as usize;
        let meta = Slot::meta(len, h);
        let first = words.first().copied().unwrap_or(0);
        loop {
            let s = self.slots[i];
            if s.id == 0 {
                let id = self.spans.len();
                self.spans.push((self.words.len() as u32, len as u32));
                self.words.extend_from_slice(words);
                self.hashes.push(h);
                self.slots[i] = Slot {
                    first,
                    meta,
                    id: id as u32 + 1,
                };
                return (id, true);
            }
            if s.meta == meta && s.first == first {
                let id = (s.id - 1) as usize;
                if len <= 8 || self.words(id).0 == words {
                    return (id, false);
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(1024);
        self.shift = 64 - len.trailing_zeros();
        self.slots = vec![Slot::default(); len];
        let mask = len - 1;
        for (id, &h) in self.hashes.iter().enumerate() {
            let mut i = (h >> self.shift) as usize;
            while self.slots[i].id != 0 {
                i = (i + 1) & mask;
            }
            let (words, len) = self.words(id);
            self.slots[i] = Slot {
                first: words.first().copied().unwrap_or(0),
                meta: Slot::meta(len, h),
                id: id as u32 + 1,
            };
        }
    }
}

/// The terms of a run of consecutive records: their dictionary and postings, built one
/// record at a time so that postings come out sorted by document.
#[derive(Default)]
struct Terms {
    dict: Dict,
    /// Every `(term, (document, score))` of the run, in document order (one vector, so
    /// that no per-term vector grows); [`Terms::finish`] groups them by term.
    flat: Vec<(u32, (u32, u8))>,
    /// After [`Terms::finish`]: the postings of term `id` are `grouped[starts[id]..starts[id + 1]]`.
    grouped: Vec<(u32, u8)>,
    starts: Vec<usize>,
    /// Per term: 1 + the last document it was seen in, and its entry in `entries` there.
    last: Vec<(u32, u32)>,
    /// `(term, field bits, body frequency)` of the current document.
    entries: Vec<(u32, u8, u8)>,
    doc: u32,
}

impl Terms {
    /// Scores the token in `tok` (then clears it) for the current document.
    #[inline]
    fn token(&mut self, tok: &mut Token, bit: u8) {
        if let Some(words) = tok.words() {
            let (id, new) = self.dict.id(words, tok.len, words_hash(words, tok.len));
            if new {
                self.last.push((0, 0));
            }
            let last = &mut self.last[id];
            if last.0 != self.doc + 1 {
                *last = (self.doc + 1, self.entries.len() as u32);
                self.entries.push((id as u32, 0, 0));
            }
            let e = &mut self.entries[last.1 as usize];
            if bit == 0 {
                e.2 = e.2.saturating_add(1);
            } else {
                e.1 |= bit;
            }
        }
        tok.clear();
    }

    /// Ends the current document: its terms go to their postings.
    fn end_doc(&mut self) {
        let doc = self.doc;
        self.flat.extend(
            self.entries
                .iter()
                .map(|&(id, bits, tf)| (id, (doc, bits | tf.min(BODY_MAX)))),
        );
        self.entries.clear();
    }

    /// Groups the postings by term (a counting sort, stable, so each term's postings stay
    /// in document order).
    fn finish(&mut self) {
        let mut starts = vec![0usize; self.last.len() + 1];
        for &(id, _) in &self.flat {
            starts[id as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        let mut grouped = vec![(0u32, 0u8); self.flat.len()];
        for &(id, p) in &self.flat {
            grouped[next[id as usize]] = p;
            next[id as usize] += 1;
        }
        self.flat = Vec::new();
        self.grouped = grouped;
        self.starts = starts;
    }

    /// The postings of term `id`, after [`Terms::finish`].
    fn postings(&self, id: usize) -> &[(u32, u8)] {
        &self.grouped[self.starts[id]..self.starts[id + 1]]
    }
}

/// Tokenizes text into a [`Terms`]: the same tokens as [`for_each_token`], without
/// allocating, with a table for ASCII.
struct Tokenizer {
    tok: Token,
    folded: Vec<char>,
}

impl Tokenizer {
    fn add(&mut self, terms: &mut Terms, text: &str, bit: u8) {
        let b = text.as_bytes();
        let tok = &mut self.tok;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c < 128 {
                i += 1;
                let l = ASCII_WORD[c as usize];
                if l != 0 {
                    tok.push(l);
                } else if tok.len > 0 {
                    terms.token(tok, bit);
                }
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                i += ch.len_utf8();
                self.folded.clear();
                fold_char(ch, &mut |d| self.folded.push(d));
                for &d in &self.folded {
                    if d.is_alphanumeric() {
                        let mut enc = [0u8; 4];
                        for &e in d.encode_utf8(&mut enc).as_bytes() {
                            tok.push(e);
                        }
                    } else if tok.len > 0 {
                        terms.token(tok, bit);
                    }
                }
            }
        }
        if tok.len > 0 {
            terms.token(tok, bit);
        }
    }
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
        u: &r.url,
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

/// Encodes merged postings (document, value), sorted by document, where value is
/// `score * 2 + exact` (1 to 127): each is one number, `(gap - 1) * 8 + c`, where `c` is
/// the value for values 1 to 7, or 0 followed by the value as a number.
pub fn encode_merged(postings: &[(u32, u8)], out: &mut String) {
    let mut prev: i64 = -1;
    for &(doc, v) in postings {
        let gap = (doc as i64 - prev) as u64;
        prev = doc as i64;
        let c = if v < 8 { v as u64 } else { 0 };
        push_number(out, (gap - 1) * 8 + c);
        if c == 0 {
            push_number(out, v as u64);
        }
    }
}

/// Decodes what [`encode_merged`] wrote.
pub fn decode_merged(s: &str) -> Option<Vec<(u32, u8)>> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut prev: i64 = -1;
    let mut out = Vec::new();
    while i < b.len() {
        let v = read_number(b, &mut i)?;
        prev += (v / 8) as i64 + 1;
        let value = match v & 7 {
            0 => read_number(b, &mut i)?,
            c => c,
        };
        out.push((u32::try_from(prev).ok()?, u8::try_from(value).ok()?));
    }
    Some(out)
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
        let mut terms: Vec<(String, Postings)> = partitions.into_iter().flatten().collect();
        terms.par_sort_unstable_by(|a, b| cmp_js(&a.0, &b.0));
        let doc_files = runs.into_iter().flat_map(|(_, cards)| cards).collect();
        let facets = facets(model);
        SearchIndex {
            docs: model.records.len(),
            terms,
            doc_files,
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
                encode_postings(p, &mut s);
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
            for &(d, s) in p {
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
