//! The words of relations between records: `Amends` from one side, `Amended by` from the
//! other. Each record may word a relation, both may, or neither; [`pair_words`] pairs what
//! the two wrote, and [`reverse_words`] supplies the other side when only one did.

use std::collections::BTreeSet;

/// A relation with its words: `Amends` from this record, `Amended by` from the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// The other record (an index into [`Model::records`]).
    pub to: usize,
    /// The words from this record to the other (`Amends`; `Relates to` when none are
    /// written on either side).
    pub link: String,
    /// The words from the other record back to this one (`Amended by`).
    pub reverse: String,
}

/// The words of a relation when nothing names them.
pub const RELATES_TO: &str = "Relates to";

/// The words seen from the other side of a relation that only one record words:
/// `Amends` and `Amended by`, `Clarifies` and `Clarified by`, ... for the wordings teams
/// use; symmetric words (`Relates to`, `See also`) and words not known stay as they are,
/// as `Relates to`.
pub fn reverse_words(words: &str) -> String {
    const PAIRS: &[(&str, &str)] = &[
        ("amends", "Amended by"),
        ("clarifies", "Clarified by"),
        ("extends", "Extended by"),
        ("refines", "Refined by"),
        ("depends on", "Needed by"),
        ("implements", "Implemented by"),
        ("supports", "Supported by"),
        ("updates", "Updated by"),
        ("references", "Referenced by"),
    ];
    let lower = words.to_lowercase();
    for (a, b) in PAIRS {
        if lower == *a {
            return b.to_string();
        }
        if lower == b.to_lowercase() {
            return crate::dialect::links::capitalised(a);
        }
    }
    match lower.as_str() {
        "relates to" | "related to" | "related" | "see also" => words.to_string(),
        _ => RELATES_TO.to_string(),
    }
}

/// Words one record writes about another, with the reverse words when it states them.
pub(super) type Worded = (String, Option<String>);

/// The relations between two records `a` and `b` as (words from `a`, words from `b`),
/// from the words each writes about the other (`ab`, `ba`, each with the reverse words
/// when stated). A stated reverse pairs first; then words that are each other's reverse
/// (`Amends`, `Amended by`); then the rest in written order (as `adr link` writes both
/// sides at once); words left over get [`reverse_words`]. Neither side wording it:
/// one `Relates to` both ways.
pub(super) fn pair_words(ab: &[Worded], ba: &[Worded]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut a_left: Vec<&str> = Vec::new();
    let mut b_left: Vec<&str> = ba.iter().map(|(w, _)| w.as_str()).collect();
    for (w, rv) in ab {
        match rv {
            Some(rv) => {
                b_left.retain(|v| v != rv);
                pairs.push((w.clone(), rv.clone()));
            }
            None => a_left.push(w),
        }
    }
    for (v, rv) in ba {
        if let Some(rv) = rv
            && b_left.contains(&v.as_str())
        {
            b_left.retain(|x| x != v);
            a_left.retain(|x| x != rv);
            if !pairs.iter().any(|(x, y)| x == rv && y == v) {
                pairs.push((rv.clone(), v.clone()));
            }
        }
    }
    let same = |x: &str, y: &str| x.eq_ignore_ascii_case(y);
    a_left.retain(|w| {
        let k = b_left
            .iter()
            .position(|v| same(&reverse_words(w), v) || same(&reverse_words(v), w));
        match k {
            Some(k) => {
                pairs.push((w.to_string(), b_left.remove(k).to_string()));
                false
            }
            None => true,
        }
    });
    let both = a_left.len().min(b_left.len());
    for (w, v) in a_left.iter().zip(&b_left) {
        pairs.push((w.to_string(), v.to_string()));
    }
    for w in &a_left[both..] {
        pairs.push((w.to_string(), reverse_words(w)));
    }
    for v in &b_left[both..] {
        pairs.push((reverse_words(v), v.to_string()));
    }
    if pairs.is_empty() {
        pairs.push((RELATES_TO.to_string(), RELATES_TO.to_string()));
    }
    pairs
}

/// Each relation's words on both sides, for every record: `relates` holds each record's
/// related records (both ways), `written` the words record `a` writes about record `b`.
/// Each list is in the order of `relates` (by index), each pair's relations in written order.
pub(super) fn words(
    relates: &[BTreeSet<usize>],
    written: &super::FastMap<(usize, usize), Vec<Worded>>,
) -> Vec<Vec<Relation>> {
    let n = relates.len();
    let mut links: Vec<Vec<Relation>> = vec![Vec::new(); n];
    for a in 0..n {
        for &b in relates[a].iter().filter(|&&b| b > a) {
            let none = Vec::new();
            let ab = written.get(&(a, b)).unwrap_or(&none);
            let ba = written.get(&(b, a)).unwrap_or(&none);
            for (link, reverse) in pair_words(ab, ba) {
                links[b].push(Relation {
                    to: a,
                    link: reverse.clone(),
                    reverse: link.clone(),
                });
                links[a].push(Relation {
                    to: b,
                    link,
                    reverse,
                });
            }
        }
    }
    for l in &mut links {
        // In the order of `relates` (by index), each pair's relations in written order.
        l.sort_by_key(|r| r.to);
    }
    links
}
