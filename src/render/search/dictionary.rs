//! The term dictionary built while indexing: tokens packed into words with no allocation
//! per token, an open-addressing table of terms, and each term's postings.

use super::fold::fold_char;
use super::{BODY_MAX, MAX_TOKEN, Posting};

/// One FxHash step (as in rustc): fast for the short keys of the dictionary; not for
/// untrusted keys in long-lived maps, which these are not (built once, dropped after the
/// build; a collision only costs a comparison).
#[inline]
pub(super) fn fx_add(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Lowercase of each ASCII letter and digit; 0 for every other byte.
pub(super) const ASCII_WORD: [u8; 256] = {
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
pub(super) const TOKEN_BYTES: usize = MAX_TOKEN * 4;
pub(super) const TOKEN_WORDS: usize = TOKEN_BYTES.div_ceil(8);

/// The token being read: its UTF-8 bytes packed eight to a word (little-endian, the
/// last word padded with zeros), so that hashing and comparing work on whole words.
pub(super) struct Token {
    pub(super) words: [u64; TOKEN_WORDS],
    /// Bytes pushed (may exceed [`TOKEN_BYTES`]; such a token is dropped).
    pub(super) len: usize,
    /// UTF-8 continuation bytes among them (characters = len - cont).
    pub(super) cont: usize,
}

impl Token {
    pub(super) fn new() -> Token {
        Token {
            words: [0; TOKEN_WORDS],
            len: 0,
            cont: 0,
        }
    }

    #[inline]
    pub(super) fn push(&mut self, b: u8) {
        if self.len < TOKEN_BYTES {
            self.words[self.len >> 3] |= (b as u64) << ((self.len & 7) * 8);
        }
        self.len += 1;
        self.cont += (b & 0xc0 == 0x80) as usize;
    }

    /// The packed words of a token to keep, or `None` for one longer than [`MAX_TOKEN`]
    /// characters.
    #[inline]
    pub(super) fn words(&self) -> Option<&[u64]> {
        if self.len > TOKEN_BYTES || (self.len > MAX_TOKEN && self.len - self.cont > MAX_TOKEN) {
            return None;
        }
        Some(&self.words[..self.len.div_ceil(8)])
    }

    #[inline]
    pub(super) fn clear(&mut self) {
        let n = self.len.min(TOKEN_BYTES).div_ceil(8);
        self.words[..n].fill(0);
        self.len = 0;
        self.cont = 0;
    }
}

#[inline]
pub(super) fn words_hash(words: &[u64], len: usize) -> u64 {
    let mut h = fx_add(0, len as u64);
    for &w in words {
        h = fx_add(h, w);
    }
    h
}

/// One slot of a [`Dict`].
#[derive(Default, Clone, Copy)]
pub(super) struct Slot {
    pub(super) first: u64,
    /// Length in bytes (8 bits, at most [`TOKEN_BYTES`]) and 24 low bits of the hash.
    pub(super) meta: u32,
    pub(super) id: u32,
}

impl Slot {
    #[inline]
    pub(super) fn meta(len: usize, h: u64) -> u32 {
        ((len as u32) << 24) | (h as u32 & 0xff_ffff)
    }
}

/// A dictionary of terms: open addressing over term hashes, the terms packed into words
/// one after another, each with a dense id.
#[derive(Default)]
pub(super) struct Dict {
    /// Each slot: the term's first word, its length and low hash bits, and its id + 1
    /// (0 when empty), so that most look-ups read nothing else; the number of slots is a
    /// power of two.
    pub(super) slots: Vec<Slot>,
    /// How far a hash is shifted right to give a slot (its top bits are the best mixed).
    pub(super) shift: u32,
    pub(super) words: Vec<u64>,
    /// `(first word, byte length)` of each term.
    pub(super) spans: Vec<(u32, u32)>,
    pub(super) hashes: Vec<u64>,
}

impl Dict {
    #[inline]
    pub(super) fn words(&self, id: usize) -> (&[u64], usize) {
        let (a, len) = self.spans[id];
        let a = a as usize;
        let len = len as usize;
        (&self.words[a..a + len.div_ceil(8)], len)
    }

    /// The term as text.
    pub(super) fn term(&self, id: usize) -> String {
        let (words, len) = self.words(id);
        let mut bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        bytes.truncate(len);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The id of the term of `len` bytes packed in `words` (hash `h`), and whether it was
    /// added now.
    #[inline]
    pub(super) fn id(&mut self, words: &[u64], len: usize, h: u64) -> (usize, bool) {
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

    pub(super) fn grow(&mut self) {
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
pub(super) struct Terms {
    pub(super) dict: Dict,
    /// Every `(term, (document, score))` of the run, in document order (one vector, so
    /// that no per-term vector grows); [`Terms::finish`] groups them by term.
    pub(super) flat: Vec<(u32, (u32, u8))>,
    /// After [`Terms::finish`]: the postings of term `id` are `grouped[starts[id]..starts[id + 1]]`.
    pub(super) grouped: Vec<Posting>,
    pub(super) starts: Vec<usize>,
    /// Per term: 1 + the last document it was seen in, and its entry in `entries` there.
    pub(super) last: Vec<(u32, u32)>,
    /// `(term, field bits, body frequency)` of the current document.
    pub(super) entries: Vec<(u32, u8, u8)>,
    pub(super) doc: u32,
}

impl Terms {
    /// Scores the token in `tok` (then clears it) for the current document.
    #[inline]
    pub(super) fn token(&mut self, tok: &mut Token, bit: u8) {
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
    pub(super) fn end_doc(&mut self) {
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
    pub(super) fn finish(&mut self) {
        let mut starts = vec![0usize; self.last.len() + 1];
        for &(id, _) in &self.flat {
            starts[id as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        let mut grouped = vec![Posting::default(); self.flat.len()];
        for &(id, (doc, score)) in &self.flat {
            grouped[next[id as usize]] = Posting::new(doc, score);
            next[id as usize] += 1;
        }
        self.flat = Vec::new();
        self.grouped = grouped;
        self.starts = starts;
    }

    /// The postings of term `id`, after [`Terms::finish`].
    pub(super) fn postings(&self, id: usize) -> &[Posting] {
        &self.grouped[self.starts[id]..self.starts[id + 1]]
    }
}

/// Tokenizes text into a [`Terms`]: the same tokens as [`for_each_token`], without
/// allocating, with a table for ASCII.
pub(super) struct Tokenizer {
    pub(super) tok: Token,
    pub(super) folded: Vec<char>,
}

impl Tokenizer {
    pub(super) fn add(&mut self, terms: &mut Terms, text: &str, bit: u8) {
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
