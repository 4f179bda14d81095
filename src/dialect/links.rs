//! Supersede, replace and amend links as teams word them: `Superseded by [ADR-7](0007-x.md)`,
//! `Superceded by`, `Replaces: [ADR-0002](./0002-x.md)`, `Amends [5. Help](0005-help.md)`,
//! `This ADR in part supersedes [0003](0003-x.md)`, `We supersede [ADR 18](/adr/18)`,
//! `superseded by ADR-0019` (a plain id with no link).
//!
//! A line is scanned once: wording keywords and inline links are found with their byte
//! positions, and each link belongs to the nearest keyword before it.

use crate::diagnostic::Span;
use crate::record::Reference;

/// Which way a link points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// This record is replaced by the target.
    SupersededBy,
    /// This record replaces the target.
    Supersedes,
    /// An amendment or a plain relation.
    Relates,
}

/// One reference found in text, with the way it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: LinkKind,
    pub reference: Reference,
    /// Written where the status is (a status section, line or title notice), not in prose.
    pub from_status: bool,
}

/// An inline link `[text](dest)` in one line: byte range, text and destination.
#[derive(Debug, Clone, Copy)]
pub struct InlineLink<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub dest: &'a str,
    /// Byte offset of `dest` in the line.
    pub dest_at: usize,
}

/// Inline links of one line, outside code spans; nested brackets in the text are allowed.
pub fn inline_links(line: &str) -> Vec<InlineLink<'_>> {
    let mut out = Vec::new();
    inline_links_into(line, 0, 0, &mut out);
    out
}

/// Links nested in a link's text deeper than this are not looked for: each level reads the
/// text again, so a bound keeps the scan linear (and the stack shallow) on `[[[[…`.
const MAX_LINK_NESTING: usize = 2;

/// [`inline_links`] of `line`, which starts at byte `base` of the line reported, `depth`
/// links deep.
fn inline_links_into<'a>(line: &'a str, base: usize, depth: usize, out: &mut Vec<InlineLink<'a>>) {
    let b = line.as_bytes();
    if memchr::memchr(b'[', b).is_none() {
        return;
    }
    // Each `[` with its `]`, and each `(` with its `)`, found in one pass: looking for them
    // from every opener would read a line of unclosed brackets once per bracket.
    let squares = crate::document::pairs(b, b'[', b']');
    let parens = crate::document::pairs(b, b'(', b')');
    let close_of = |pairs: &[(usize, usize)], open: usize| {
        pairs
            .binary_search_by_key(&open, |p| p.0)
            .ok()
            .map(|k| pairs[k].1)
    };
    let mut i = 0;
    let mut in_code = false;
    while i < b.len() {
        match b[i] {
            b'`' => in_code = !in_code,
            b'[' if !in_code => {
                let Some(close) = close_of(&squares, i) else {
                    i += 1;
                    continue;
                };
                if b.get(close + 1) == Some(&b'(')
                    && let Some(k) = close_of(&parens, close + 1)
                {
                    let inner = &line[close + 2..k];
                    let lead = inner.len() - inner.trim_start().len();
                    let t = inner.trim();
                    let dest = match t.strip_prefix('<') {
                        Some(rest) => rest.split('>').next().unwrap_or(""),
                        None => t.split_whitespace().next().unwrap_or(""),
                    };
                    let dest_at = close + 2 + lead + usize::from(t.starts_with('<'));
                    // A link inside the text (`[[ADR-7](x.md)] Title`) is reported too.
                    let text = &line[i + 1..close];
                    if depth < MAX_LINK_NESTING {
                        inline_links_into(text, base + i + 1, depth + 1, out);
                    }
                    out.push(InlineLink {
                        start: base + i,
                        end: base + k + 1,
                        text,
                        dest,
                        dest_at: base + dest_at,
                    });
                    i = k + 1;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

const KEYWORDS: &[(&str, LinkKind)] = &[
    ("superseded by", LinkKind::SupersededBy),
    ("superceded by", LinkKind::SupersededBy),
    ("supersceded by", LinkKind::SupersededBy),
    ("superseeded by", LinkKind::SupersededBy),
    ("superseded in part by", LinkKind::SupersededBy),
    ("replaced by", LinkKind::SupersededBy),
    ("obsoleted by", LinkKind::SupersededBy),
    ("remplacé par", LinkKind::SupersededBy),
    ("overridden by", LinkKind::SupersededBy),
    ("overriden by", LinkKind::SupersededBy),
    // `⌛️ Superseded [0019](0019-x.md)`: a status with no "by" (status lines only, see
    // [`STATUS_ONLY`]).
    ("superseded", LinkKind::SupersededBy),
    ("superceded", LinkKind::SupersededBy),
    ("supersedes", LinkKind::Supersedes),
    ("supercedes", LinkKind::Supersedes),
    ("supersede", LinkKind::Supersedes),
    ("supercede", LinkKind::Supersedes),
    ("replaces", LinkKind::Supersedes),
    ("remplace", LinkKind::Supersedes),
    ("obsoletes", LinkKind::Supersedes),
    ("overrides", LinkKind::Supersedes),
    ("amended by", LinkKind::Relates),
    ("amends", LinkKind::Relates),
    ("amend", LinkKind::Relates),
    ("extended by", LinkKind::Relates),
    ("extends", LinkKind::Relates),
    ("related to", LinkKind::Relates),
    ("relates to", LinkKind::Relates),
    ("related:", LinkKind::Relates),
    ("see also", LinkKind::Relates),
    ("refined by", LinkKind::Relates),
    ("clarified by", LinkKind::Relates),
    ("clarifies", LinkKind::Relates),
    ("refines", LinkKind::Relates),
];

/// The bytes a keyword can start with, so most positions of a line are passed over with
/// one table lookup instead of a comparison with every keyword.
const KEYWORD_FIRST: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    while k < KEYWORDS.len() {
        table[KEYWORDS[k].0.as_bytes()[0] as usize] = true;
        k += 1;
    }
    table
};

/// Keywords that only count where a status is written: in prose, `was superseded [..]`
/// reads either way.
const STATUS_ONLY: &[&str] = &["superseded", "superceded"];

/// A link target that is still a template placeholder (`[xxx](yyyymmdd-xxx.md)`,
/// `{link}`, `NNNN-title.md`): never a reference.
pub fn is_placeholder_target(dest: &str) -> bool {
    let d = dest.trim().as_bytes();
    let has = |needle: &[u8]| {
        d.windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    d.first().is_some_and(|b| matches!(b, b'{' | b'<' | b'['))
        || has(b"xxx")
        || has(b"yyyy")
        || has(b"nnnn")
        || has(b"link-to-")
}

/// Words near a keyword that make a replacement partial.
const PARTIAL: &[&str] = &[
    "partly",
    "partially",
    "partial",
    "in part",
    "some aspects",
    "parts of",
    "part of",
];

/// How far before a keyword its clause is read for negations and partial wording.
const CLAUSE_REACH: usize = 200;

/// The largest char boundary of `s` at or before `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, Copy)]
struct Keyword {
    at: usize,
    end: usize,
    kind: LinkKind,
    partial: bool,
    negated: bool,
    /// Counts only where a status is written ([`STATUS_ONLY`]).
    status_only: bool,
}

/// Where a line of text comes from, which decides how freely it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A status value, a status section, a title notice, a metadata line: every keyword
    /// counts, and plain ids (`ADR-0019`) count without a link.
    Status,
    /// Prose: only supersede wording with a link to a record counts.
    Prose,
}

fn keywords(lower: &str) -> Vec<Keyword> {
    let mut out: Vec<Keyword> = Vec::new();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < lower.len() {
        if !KEYWORD_FIRST[bytes[i] as usize]
            || !lower.is_char_boundary(i)
            || (i > 0 && bytes[i - 1].is_ascii_alphabetic())
        {
            i += 1;
            continue;
        }
        let rest = &lower[i..];
        if let Some((k, kind)) = KEYWORDS.iter().find(|(k, _)| rest.starts_with(k)) {
            let end = i + k.len();
            // `amend` must not match `amendment`, `supersede` may be followed by `s`/`d`.
            let next = lower[end..].chars().next();
            let word_ok = !matches!(next, Some(c) if c.is_alphabetic());
            if word_ok {
                // The clause: from the previous sentence end to the keyword, at most
                // CLAUSE_REACH bytes back (a bound keeps a line of keywords linear).
                let reach = floor_boundary(lower, i.saturating_sub(CLAUSE_REACH));
                let clause_start = lower[reach..i]
                    .rfind(['.', ';', '!', '?'])
                    .map_or(reach, |p| reach + p + 1);
                let clause = &lower[clause_start..i];
                let window_end = (end + 24).min(lower.len());
                let mut we = window_end;
                while !lower.is_char_boundary(we) {
                    we -= 1;
                }
                let around = &lower[clause_start..we];
                let partial = PARTIAL.iter().any(|p| around.contains(p));
                let negated = clause
                    .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                    .any(|w| {
                        matches!(w, "not" | "never" | "no" | "neither" | "nor")
                            || w.ends_with("n't")
                            || w.ends_with("n’t")
                    });
                out.push(Keyword {
                    at: i,
                    end,
                    kind: *kind,
                    partial,
                    negated,
                    status_only: STATUS_ONLY.contains(k),
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Is `dest` plausibly a link to another record (not a web page or an image)?
pub fn is_record_target(dest: &str) -> bool {
    let d = dest.trim();
    if d.is_empty() || d.starts_with('#') || d.starts_with("mailto:") {
        return false;
    }
    let path = d.split(['#', '?']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        // A repository URL pointing at a markdown file may point back into this folder.
        return lower.ends_with(".md") || lower.ends_with(".mdx");
    }
    if lower.contains("://") {
        return false;
    }
    let last = lower.rsplit('/').next().unwrap_or("");
    if crate::discover::is_markdown(last) {
        return true;
    }
    match last.rsplit_once('.') {
        Some((_, ext)) => matches!(ext, "md" | "mdx" | "markdown" | "html"),
        None => true,
    }
}

/// A plain id written after a keyword with no link: `ADR-0019`, `ADR 23`, `#12`, `0012`,
/// `0012-some-slug`, `x.md`.
fn plain_ids(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let word_start = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-');
        // Inside a multi-byte character (`é`, a no-break hyphen) no id starts.
        if !word_start || !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let lower = rest.get(..3).map(|s| s.to_ascii_lowercase());
        // `ADR-12`, `ADR 12`, `ADR#12`
        if lower.as_deref() == Some("adr") {
            let after = rest[3..].trim_start_matches(['-', '_', ' ', '#', '\u{a0}']);
            let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !digits.is_empty() {
                let skip = rest.len() - after.len() + digits.len();
                out.push((i, digits));
                i += skip;
                continue;
            }
        }
        if b[i] == b'#' {
            let digits: String = rest[1..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if !digits.is_empty() {
                i += 1 + digits.len();
                out.push((i, digits));
                continue;
            }
        }
        if b[i].is_ascii_digit() {
            // A number or a slug token (`0012`, `0012-x`, `20201016-slug`, `x.md`).
            let tok: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
                .collect();
            let tok = tok.trim_end_matches(['.', '-', '_']).to_string();
            let len = tok.len().max(1);
            let number = tok.bytes().all(|c| c.is_ascii_digit()) && tok.len() <= 5;
            if number || tok.contains('-') || tok.ends_with(".md") {
                out.push((i, tok));
            }
            i += len;
            continue;
        }
        i += 1;
    }
    out
}

/// How much text (links left out) may stand between a keyword and its link in prose.
const PROSE_GAP: usize = 400;

/// References worded in one line of text. `line_no` and `col0` (0-based character
/// column of `line` in the file) place them for diagnostics.
pub fn scan_line(line: &str, line_no: usize, col0: usize, place: Place) -> Vec<Found> {
    // ASCII lowercasing keeps every byte position of the line.
    let lower = line.to_ascii_lowercase();
    let kws = keywords(&lower);
    if kws.is_empty() {
        return Vec::new();
    }
    let links = inline_links(line);
    // Link starts in order, to find the links after a keyword by binary search.
    let mut by_start: Vec<usize> = (0..links.len()).collect();
    by_start.sort_by_key(|&k| links[k].start);
    let mut columns = crate::document::Columns::new(line);
    let mut span_at =
        |byte: usize, len_chars: usize| Span::new(line_no, col0 + columns.at(byte) + 1, len_chars);
    let mut out = Vec::new();
    let mut linked_kw = vec![false; kws.len()];
    for l in &links {
        if !is_record_target(l.dest) || is_placeholder_target(l.dest) {
            continue;
        }
        // Links inside another link's text were reported before their parent; skip the
        // parent when it only wraps them (`[Superseded by [ADR](x.md)](y)` is rare).
        let ki = kws.partition_point(|k| k.end <= l.start);
        let Some(ki) = ki.checked_sub(1) else {
            continue;
        };
        let k = kws[ki];
        if k.negated || (k.status_only && place == Place::Prose) {
            continue;
        }
        if place == Place::Prose && k.kind == LinkKind::Relates {
            continue;
        }
        // In prose the link must follow the keyword closely (same clause).
        if place == Place::Prose && !close_in_prose(&lower, &links, &by_start, k.end, l.start) {
            continue;
        }
        linked_kw[ki] = true;
        out.push(Found {
            kind: k.kind,
            reference: Reference {
                text: l.dest.trim().to_string(),
                span: span_at(l.dest_at, l.dest.chars().count()),
                partial: k.partial,
                words: words_of(line, &k),
                reverse: None,
            },
            from_status: false,
        });
    }
    if place == Place::Status {
        for (ki, k) in kws.iter().enumerate() {
            if linked_kw[ki] || k.negated {
                continue;
            }
            // `Superseded` with no "by" takes a link, not a plain id (`Superseded (2019)`).
            if k.status_only {
                continue;
            }
            let stop = kws.get(ki + 1).map_or(line.len(), |n| n.at);
            let seg = &line[k.end..stop];
            // Text of links (external ones included) is not an id.
            let first = by_start.partition_point(|&j| links[j].start < k.end);
            if by_start.get(first).is_some_and(|&j| links[j].start < stop) {
                continue;
            }
            for (at, id) in plain_ids(seg) {
                out.push(Found {
                    kind: k.kind,
                    reference: Reference {
                        span: span_at(k.end + at, id.chars().count()),
                        text: id,
                        partial: k.partial,
                        words: words_of(line, k),
                        reverse: None,
                    },
                    from_status: false,
                });
            }
        }
    }
    out
}

/// A relation's words as written in `line` at keyword `k` (`Amends`, `Clarified by`,
/// `Relates to`), with a capital first letter; `None` for supersede wording.
fn words_of(line: &str, k: &Keyword) -> Option<String> {
    (k.kind == LinkKind::Relates)
        .then(|| capitalised(line[k.at..k.end].trim_end_matches(':').trim()))
}

/// `s` with its words joined by single spaces and its first letter upper case.
pub fn capitalised(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// A line that is only a relation in words of the team's own choosing, as `adr link 3
/// Clarifies 2 "Clarified by"` and `adr new -l "2:Depends on:Needed by"` write it in a
/// status section: `Depends on [2. Foo](0002-foo.md)` (or a list item of that). At most
/// six words, letters only, then one link to a record and nothing after it. Read only
/// where relations are written (a status section, a MADR `## Links` section).
pub fn named_line(line: &str, line_no: usize, col0: usize) -> Option<Found> {
    let links = inline_links(line);
    let [l] = links.as_slice() else {
        return None;
    };
    if !is_record_target(l.dest) || is_placeholder_target(l.dest) {
        return None;
    }
    if !line[l.end..]
        .trim()
        .chars()
        .all(|c| c.is_ascii_punctuation())
    {
        return None;
    }
    let before = line[..l.start].trim_start();
    let before = before
        .strip_prefix(['*', '-', '+'])
        .unwrap_or(before)
        .trim()
        .trim_end_matches(':')
        .trim_end();
    let count = before.split_whitespace().count();
    if count == 0
        || count > 6
        || !before
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || c == '’')
    {
        return None;
    }
    let col = col0 + line[..l.dest_at].chars().count() + 1;
    Some(Found {
        kind: LinkKind::Relates,
        reference: Reference {
            text: l.dest.trim().to_string(),
            span: Span::new(line_no, col, l.dest.chars().count()),
            partial: false,
            words: Some(capitalised(before)),
            reverse: None,
        },
        from_status: false,
    })
}

/// Whether a link at byte `to` follows a keyword ending at `from` closely enough in prose:
/// the same clause (no `. ` or `;` between) and at most eight words, other links counting
/// as one word each. At most nine links and [`PROSE_GAP`] bytes of text are read, so a
/// line of links after one keyword is read in linear time.
fn close_in_prose(
    lower: &str,
    links: &[InlineLink<'_>],
    by_start: &[usize],
    from: usize,
    to: usize,
) -> bool {
    let mut between = String::new();
    let mut pos = from;
    let first = by_start.partition_point(|&j| links[j].start < from);
    let mut words = 0;
    for &j in &by_start[first..] {
        let other = &links[j];
        if other.start >= to {
            break;
        }
        if other.end > to || other.start < pos {
            continue;
        }
        between.push_str(&lower[pos..other.start]);
        between.push_str(" link ");
        pos = other.end;
        words += 1;
        if words > 8 || between.len() > PROSE_GAP {
            return false;
        }
    }
    if to.saturating_sub(pos) > PROSE_GAP {
        return false;
    }
    between.push_str(&lower[pos.min(to)..to]);
    !(between.contains(". ") || between.contains(';') || between.split_whitespace().count() > 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(line: &str, place: Place) -> Vec<(LinkKind, String, bool)> {
        scan_line(line, 1, 0, place)
            .into_iter()
            .map(|f| (f.kind, f.reference.text, f.reference.partial))
            .collect()
    }

    #[test]
    fn reads_every_wording() {
        use LinkKind::*;
        assert_eq!(
            refs("Superseded by [ADR-0020](./0020-x.md)", Place::Status),
            vec![(SupersededBy, "./0020-x.md".into(), false)]
        );
        assert_eq!(
            refs("Superceded by [7](0007-x.md)", Place::Status),
            vec![(SupersededBy, "0007-x.md".into(), false)]
        );
        assert_eq!(
            refs("Replaces: [ADR-0002](./0002-y.md)", Place::Status),
            vec![(Supersedes, "./0002-y.md".into(), false)]
        );
        assert_eq!(
            refs(
                "Amends [5. Help comments](0005-help-comments.md)",
                Place::Status
            ),
            vec![(Relates, "0005-help-comments.md".into(), false)]
        );
        assert_eq!(
            refs("superseded by ADR-0019", Place::Status),
            vec![(SupersededBy, "0019".into(), false)]
        );
        assert_eq!(
            refs(
                "Superseded by [ADR 23](/adr/23) and [ADR 26](/adr/26)",
                Place::Status
            ),
            vec![
                (SupersededBy, "/adr/23".into(), false),
                (SupersededBy, "/adr/26".into(), false)
            ]
        );
        assert_eq!(
            refs(
                "Note: this ADR supersedes some aspects of [ADR-15](adr-015.md) and [ADR-16](adr-016.md).",
                Place::Prose
            ),
            vec![
                (Supersedes, "adr-015.md".into(), true),
                (Supersedes, "adr-016.md".into(), true)
            ]
        );
        assert_eq!(
            refs(
                "This ADR in part supersedes [0003](0003-x.md).",
                Place::Prose
            ),
            vec![(Supersedes, "0003-x.md".into(), true)]
        );
        assert_eq!(
            refs(
                "- We supersede [ADR 18](/adr/18) with the current ADR.",
                Place::Prose
            ),
            vec![(Supersedes, "/adr/18".into(), false)]
        );
    }

    #[test]
    fn reads_override_wording_and_superseded_with_no_by() {
        use LinkKind::*;
        assert_eq!(
            refs("Overridden by [ADR-0012](0012-x.md)", Place::Status),
            vec![(SupersededBy, "0012-x.md".into(), false)]
        );
        assert_eq!(
            refs("Overrides [ADR-0003](0003-y.md)", Place::Status),
            vec![(Supersedes, "0003-y.md".into(), false)]
        );
        assert_eq!(
            refs("⌛️ Superseded [0019](0019-x.md)", Place::Status),
            vec![(SupersededBy, "0019-x.md".into(), false)]
        );
        // In prose, `superseded [..]` with no "by" is not read either way.
        assert!(refs("It superseded [0019](0019-x.md) last year.", Place::Prose).is_empty());
        // A bare status names nothing.
        assert!(refs("Superseded", Place::Status).is_empty());
    }

    #[test]
    fn placeholder_targets_are_not_references() {
        assert!(
            refs(
                "- Status: [draft | accepted | superseded by [xxx](yyyymmdd-xxx.md)]",
                Place::Status
            )
            .is_empty()
        );
        assert!(is_placeholder_target("NNNN-title.md"));
        assert!(!is_placeholder_target("0012-use-x.md"));
    }

    #[test]
    fn ignores_negations_prose_mentions_and_web_links() {
        assert!(
            refs(
                "- While this does not directly supersede [ADR23](/adr/23), it paves the way",
                Place::Prose
            )
            .is_empty()
        );
        assert!(
            refs(
                "hyperlinks when one decision supercedes another.",
                Place::Prose
            )
            .is_empty()
        );
        assert!(
            refs(
                "Reverted by [discussion #1198](https://github.com/o/r/discussions/1198).",
                Place::Status
            )
            .is_empty()
        );
        assert!(refs("Amends [x](0001-x.md)", Place::Prose).is_empty());
        assert!(refs("We need amendments to [x](0001-x.md)", Place::Status).is_empty());
    }

    #[test]
    fn finds_nested_links() {
        let l = inline_links("[Superseded by [ADR-0017](0017-persist-dex.md)] Do not persist Dex");
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].dest, "0017-persist-dex.md");
        assert_eq!(l[0].text, "ADR-0017");
    }
}
