//! Tokens as the client reads them: Unicode folded (NFKD, marks dropped, lower-cased, a few
//! letters spelled out), split into words, and compared in JavaScript's string order.

use std::cmp::Ordering;

use super::MAX_TOKEN;

/// Letters that lowercase and decomposition leave alone but readers type without accent.
pub(super) fn special(c: char, push: &mut impl FnMut(char)) {
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
pub(super) fn fold_char(c: char, push: &mut impl FnMut(char)) {
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
