//! How postings and document lists are written into the index's `.js` files (base-64
//! digits, delta-encoded) and read back (for tests and tools).

use serde::Serialize;

/// The 64 digits of the index encoding. Values below 32 end a number, values from 32 on
/// continue it (base 32, most significant group first).
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_";

/// JSON that is also a safe JavaScript literal (U+2028 and U+2029 escaped).
pub(super) fn js_json<T: Serialize + ?Sized>(value: &T) -> String {
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
pub fn encode_postings(postings: impl IntoIterator<Item = (u32, u8)>, out: &mut String) {
    let mut prev: i64 = -1;
    for (doc, score) in postings {
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

pub(super) fn digit(c: u8) -> Option<u64> {
    DIGITS.iter().position(|&d| d == c).map(|p| p as u64)
}

pub(super) fn read_number(b: &[u8], i: &mut usize) -> Option<u64> {
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
