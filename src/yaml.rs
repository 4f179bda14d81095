//! Front matter YAML, fast: a reader for the plain subset nearly every record uses
//! (`key: value`, flow lists, block lists, nested mappings, quoted strings), producing the
//! same [`node::Node`] tree as serde_yaml's value converts to, with plain scalars borrowed
//! from the text. Anything outside that subset (block scalars, anchors, escapes,
//! octal-looking numbers, tabs, duplicate keys, ...) returns `None`, and
//! the caller falls back to serde_yaml, which also reports errors. Parsing front matter with
//! serde_yaml was a quarter of a 10,000-record build; this path is several times faster
//! (ADR-0013).

pub mod node;

use std::borrow::Cow;

use node::{Map, Node};

/// Nesting deeper than this is left to serde_yaml (which refuses nesting past 128
/// levels with an error), so that the fast path never recurses far enough to overflow a
/// thread's stack. Shallower front matter reads as it always has, including the nesting
/// past 128 levels that the fast path took and serde_yaml would refuse.
pub(crate) const MAX_DEPTH: usize = 1000;

/// Mappings with more keys than this check for duplicates with a hash set.
const LINEAR_KEYS: usize = 32;

// Front matter values are short and rarely hold the characters searched for: memchr's
// vector scans find them (or not) for a fraction of what the general searchers of `str`
// spend getting started.

/// Where byte `b` first appears in `s`.
#[inline]
fn find_byte(s: &str, b: u8) -> Option<usize> {
    memchr::memchr(b, s.as_bytes())
}

/// Where `: ` first appears in `s`.
#[inline]
fn find_colon_space(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(b':', b).find(|&i| b.get(i + 1) == Some(&b' '))
}

/// Where ` #` (a comment after a value) first appears in `s`.
#[inline]
fn find_space_hash(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(b'#', b)
        .find(|&i| i > 0 && b[i - 1] == b' ')
        .map(|i| i - 1)
}

/// The lines of `text`, as [`str::lines`] splits them (finding each end with memchr).
pub(crate) fn lines_of(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        Some(match find_byte(rest, b'\n') {
            Some(i) => {
                let line = &rest[..i];
                rest = &rest[i + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            // A last line without a newline keeps a `\r`, as in `str::lines`.
            None => std::mem::take(&mut rest),
        })
    })
}

/// Parses `text` if it is in the plain subset; `None` means "use the full parser".
/// Plain scalars are borrowed from `text`.
pub fn parse_plain(text: &str) -> Option<Map<'_>> {
    // Control characters (serde_yaml rejects them) and white space other than ASCII
    // (serde_yaml keeps it in values; the fast path's trimming would not) are left to
    // serde_yaml.
    if crate::document::has_unusual_byte(text, false) && text.chars().any(needs_full_parser) {
        return None;
    }
    let mut lines: Vec<(usize, &str)> = Vec::with_capacity(32);
    // Most front matter has no tab at all; then no line needs looking at for one.
    let tabs = find_byte(text, b'\t').is_some();
    for raw in lines_of(text) {
        let content = raw.trim_start_matches(' ');
        if tabs && content.starts_with('\t')
            || raw.ends_with([' ', '\t']) && content.trim().is_empty() && !content.is_empty()
        {
            return None;
        }
        let trimmed = content.trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if tabs && find_byte(content, b'\t').is_some()
            || trimmed.starts_with("---")
            || trimmed.starts_with("...")
            || trimmed.starts_with('%')
        {
            return None;
        }
        lines.push((raw.len() - content.len(), trimmed));
    }
    if lines.is_empty() {
        return None;
    }
    let mut pos = 0;
    let indent = lines[0].0;
    if indent != 0 {
        return None;
    }
    let map = mapping(&mut lines, &mut pos, 0, 0)?;
    (pos == lines.len()).then_some(map)
}

/// A character the fast path does not read as serde_yaml would: control characters (C0
/// but tab and newline, DEL, C1; a carriage return is a line break to YAML, even inside
/// quotes), non-characters, and white space other than ASCII.
pub fn needs_full_parser(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n'))
        || matches!(c, '\u{fffe}' | '\u{ffff}' | '\u{feff}')
        || (c.is_whitespace() && !c.is_ascii())
}

/// Splits `key: rest` (or `key:`), with a plain key of word characters.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let b = content.as_bytes();
    if !b
        .first()
        .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
    {
        return None;
    }
    // The key runs to the first byte that is no word character; that must be its colon
    // (a colon further on would follow a byte no key may hold).
    let colon = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-'))?;
    if b[colon] != b':' {
        return None;
    }
    let (key, after) = (&content[..colon], &content[colon + 1..]);
    // A key that could be a number, a boolean or null is no string key to serde_yaml
    // (`TRUE: 29` is dropped there; found by fuzzing): left to it.
    if key.as_bytes()[0].is_ascii_digit()
        || key.len() <= 5
            && ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(key))
    {
        return None;
    }
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((key, after.trim()))
}

fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

fn mapping<'a>(
    lines: &mut [(usize, &'a str)],
    pos: &mut usize,
    indent: usize,
    depth: usize,
) -> Option<Map<'a>> {
    if depth >= MAX_DEPTH {
        return None;
    }
    let mut map = Map::new();
    let mut seen: Option<std::collections::HashSet<&'a str>> = None;
    while *pos < lines.len() {
        let (ind, content) = lines[*pos];
        if ind < indent {
            break;
        }
        if ind > indent || is_item(content) {
            return None;
        }
        let (key, rest) = split_key(content)?;
        // A duplicate key: serde_yaml reports it.
        if map.len() < LINEAR_KEYS {
            if map.contains_key(key) {
                return None;
            }
        } else {
            let seen = seen.get_or_insert_with(|| {
                // Every key of the fast path is borrowed from the text.
                map.entries()
                    .iter()
                    .filter_map(|e| match e.key {
                        Cow::Borrowed(k) => Some(k),
                        Cow::Owned(_) => None,
                    })
                    .collect()
            });
            if !seen.insert(key) {
                return None;
            }
        }
        *pos += 1;
        let value = if rest.is_empty() {
            match lines.get(*pos) {
                Some(&(next, c)) if next > indent && is_item(c) => {
                    sequence(lines, pos, next, depth + 1)?
                }
                Some(&(next, c)) if next == indent && is_item(c) => {
                    sequence(lines, pos, next, depth + 1)?
                }
                Some(&(next, _)) if next > indent => {
                    Node::Map(mapping(lines, pos, next, depth + 1)?)
                }
                _ => Node::Null,
            }
        } else {
            if lines.get(*pos).is_some_and(|&(next, _)| next > indent) {
                return None; // A multi-line plain scalar or an odd layout.
            }
            inline(rest)?
        };
        map.push(Cow::Borrowed(key), value);
    }
    Some(map)
}

fn sequence<'a>(
    lines: &mut [(usize, &'a str)],
    pos: &mut usize,
    indent: usize,
    depth: usize,
) -> Option<Node<'a>> {
    if depth >= MAX_DEPTH {
        return None;
    }
    let mut items = Vec::new();
    while *pos < lines.len() {
        let (ind, content) = lines[*pos];
        if ind < indent || (ind == indent && !is_item(content)) {
            break;
        }
        if ind > indent {
            return None;
        }
        let after = &content[1..];
        let item = after.trim_start_matches(' ');
        if item.is_empty() {
            *pos += 1;
            match lines.get(*pos) {
                Some(&(next, _)) if next > indent => return None,
                _ => items.push(Node::Null),
            }
            continue;
        }
        if is_item(item) {
            return None;
        }
        if split_key(item).is_some() {
            // `- key: value` starts a mapping whose keys line up with `key`.
            let column = indent + 1 + (after.len() - item.len());
            lines[*pos] = (column, item);
            items.push(Node::Map(mapping(lines, pos, column, depth + 1)?));
            continue;
        }
        *pos += 1;
        if lines.get(*pos).is_some_and(|&(next, _)| next > indent) {
            return None;
        }
        items.push(inline(item)?);
    }
    Some(Node::Seq(items))
}

/// A value written on one line: quoted, a flow list, or a plain scalar.
fn inline(s: &str) -> Option<Node<'_>> {
    match s.as_bytes()[0] {
        b'"' | b'\'' => {
            let (text, rest) = quoted(s)?;
            comment_only(rest).then_some(Node::Scalar(text))
        }
        b'[' => flow_sequence(s),
        b'{' | b'|' | b'>' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' | b',' | b']'
        | b'}' | b'#' | b':' => None,
        _ => {
            let plain = strip_comment(s);
            if find_colon_space(plain).is_some()
                || plain.ends_with(':')
                || plain.starts_with("- ")
                || plain == "-"
            {
                return None;
            }
            scalar(plain)
        }
    }
}

/// A quoted string at the start of `s`, and what follows it; borrowed unless it has a
/// doubled `''` to undo.
fn quoted(s: &str) -> Option<(Cow<'_, str>, &str)> {
    let q = s.as_bytes()[0];
    let body = &s[1..];
    if q == b'"' {
        // A backslash before the closing quote is an escape: serde_yaml's to read.
        let end = memchr::memchr2(b'"', b'\\', body.as_bytes())?;
        if body.as_bytes()[end] == b'\\' {
            return None;
        }
        let text = &body[..end];
        return Some((Cow::Borrowed(text), &body[end + 1..]));
    }
    let end = find_byte(body, b'\'')?;
    if body.as_bytes().get(end + 1) != Some(&b'\'') {
        return Some((Cow::Borrowed(&body[..end]), &body[end + 1..]));
    }
    // `'It''s'`: each doubled quote stands for one.
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    loop {
        let end = find_byte(rest, b'\'')?;
        out.push_str(&rest[..end]);
        if rest.as_bytes().get(end + 1) == Some(&b'\'') {
            out.push('\'');
            rest = &rest[end + 2..];
        } else {
            return Some((Cow::Owned(out), &rest[end + 1..]));
        }
    }
}

fn comment_only(rest: &str) -> bool {
    let r = rest.trim_start();
    r.is_empty() || (r.starts_with('#') && rest.starts_with(' '))
}

fn strip_comment(s: &str) -> &str {
    match find_space_hash(s) {
        Some(i) => s[..i].trim_end(),
        None => s,
    }
}

fn flow_sequence(s: &str) -> Option<Node<'_>> {
    let mut items = Vec::new();
    let mut rest = s[1..].trim_start();
    loop {
        if let Some(after) = rest.strip_prefix(']') {
            return comment_only(after).then_some(Node::Seq(items));
        }
        let (value, after) = if rest.starts_with(['"', '\'']) {
            let (text, after) = quoted(rest)?;
            (Node::Scalar(text), after.trim_start())
        } else {
            let end = memchr::memchr2(b',', b']', rest.as_bytes())?;
            let plain = rest[..end].trim();
            // libyaml refuses any `:` in a plain scalar inside `[...]` (found by fuzzing).
            if plain.is_empty()
                || find_byte(plain, b':').is_some()
                || plain.ends_with(':')
                || find_space_hash(plain).is_some()
                || plain.starts_with([
                    '[', '{', '&', '*', '!', '%', '@', '`', '?', '|', '>', '#', '-', ':',
                ])
                || memchr::memchr3(b'[', b'{', b'}', plain.as_bytes()).is_some()
            {
                return None;
            }
            (scalar(plain)?, &rest[end..])
        };
        items.push(value);
        if let Some(after) = after.strip_prefix(',') {
            rest = after.trim_start();
            if rest.starts_with(',') {
                return None;
            }
        } else if after.starts_with(']') {
            rest = after;
        } else {
            return None;
        }
    }
}

/// Resolves a plain scalar as serde_yaml does, for the unambiguous cases only, in the text
/// form serde_yaml's value prints as.
/// `-?D+.D+` with no leading zero before a second digit and at most 17 digits: the float,
/// else `None` (exponents, `+`, `.5`, `5.` and longer forms are left to serde_yaml).
fn plain_decimal(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = unsigned.split_once('.')?;
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole)
        || !digits(fraction)
        || (whole.len() > 1 && whole.starts_with('0'))
        || whole.len() + fraction.len() > 17
    {
        return None;
    }
    s.parse::<f64>().ok()
}

fn scalar(s: &str) -> Option<Node<'_>> {
    match s {
        "" | "~" | "null" => return Some(Node::Null),
        "true" | "false" => return Some(Node::Scalar(Cow::Borrowed(s))),
        _ => {}
    }
    if s.len() <= 5
        && ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(s))
    {
        return None;
    }
    // `.inf`, `-.Inf`, `.NaN` in any spelling: serde_yaml decides which are numbers.
    let unsigned = s.trim_start_matches(['+', '-']);
    if unsigned.len() == 4
        && (unsigned.eq_ignore_ascii_case(".inf") || unsigned.eq_ignore_ascii_case(".nan"))
    {
        return None;
    }
    let first = s.as_bytes()[0];
    if first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.' {
        let digits = s.strip_prefix('-').unwrap_or(s);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            if digits.len() > 1 && digits.starts_with('0') {
                return None;
            }
            // An integer serde_yaml can hold prints as written, but for `-0`.
            let fits = if s.starts_with('-') {
                s.parse::<i64>().is_ok()
            } else {
                s.parse::<u64>().is_ok()
            };
            let text = if s == "-0" { "0" } else { s };
            return fits.then_some(Node::Scalar(Cow::Borrowed(text)));
        }
        let b = s.as_bytes();
        let iso_date = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if iso_date {
            return Some(Node::Scalar(Cow::Borrowed(s)));
        }
        // A plain decimal (`0.7`, `-12.50`; a confidence) is read as serde_yaml reads it
        // and printed as it prints it (`0.50` is `0.5`), so records stay on this path.
        if let Some(f) = plain_decimal(s) {
            return Some(Node::Scalar(Cow::Owned(
                serde_yaml::Number::from(f).to_string(),
            )));
        }
        // Anything that could be a number in some notation (hex, octal, floats, `1_000`,
        // sexagesimal) is left to serde_yaml; a letter outside those makes it text.
        let numeric = |c: &u8| c.is_ascii_hexdigit() || b"+-._:xXoO".contains(c);
        return (!s.as_bytes().iter().all(numeric)).then_some(Node::Scalar(Cow::Borrowed(s)));
    }
    Some(Node::Scalar(Cow::Borrowed(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(text: &str) {
        let full: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(
            parse_plain(text).map(Node::Map),
            Some(Node::from_yaml(full)),
            "fast path differs for:\n{text}"
        );
    }

    #[test]
    fn plain_decimals_read_as_serde_yaml_prints_them() {
        for text in [
            "confidence: 0.50\n",
            "confidence: 0.7\n",
            "x: -12.25\n",
            "x: 1.0\n",
            "x: 0.1000000000000001\n",
            "expect:\n  - claim: p95\n    confidence: 0.85\n",
        ] {
            same(text);
            assert!(parse_plain(text).is_some(), "{text}");
        }
        assert_eq!(
            parse_plain("c: 0.50\n")
                .unwrap()
                .get("c")
                .and_then(Node::text),
            Some("0.5")
        );
        for text in ["x: 00.5\n", "x: .5\n", "x: 5.\n", "x: 1.5e3\n", "x: +1.5\n"] {
            falls_back(text);
        }
    }

    fn falls_back(text: &str) {
        assert_eq!(
            parse_plain(text),
            None,
            "fast path should not take:\n{text}"
        );
    }

    #[test]
    fn reads_the_native_format_like_serde_yaml() {
        same(
            "title: Store events in PostgreSQL\nstatus: accepted # for now\ndate: 2026-03-02\ndeciders: [ana, wei]\ntags: [\"storage\", 'back''end', ]\noptions:\n  - name: PostgreSQL\n    summary: One database\n    pros: [Team runs it today, Transactions]\n    cons:\n      - Vertical scaling only\n  - name: Kafka\n    pros: [Replay]\ntradeoffs:\n- favor: consistency\n  over: throughput\n  why: \"The audit trail must be exact.\"\noutcome:\n  chosen: PostgreSQL\nrevisit:\n  date: 2027-03-01\n  when: write volume passes 5k events/s\nsupersedes: [7, 12]\nrelates: [3, 0011-retention]\nid: 12\nempty:\nflag: true\nneg: -3\nlist:\n-\n- x\n",
        );
        same("title: 'It''s fine'\nurl: https://example.org/a#b\n");
        same("a: b\n\n# comment\nc: d\n");
    }

    #[test]
    fn leaves_the_rest_to_serde_yaml() {
        for text in [
            "nav_order: 0002\n",
            "title: |\n  block\n",
            "title: >\n  folded\n",
            "title: a\n  continued\n",
            "x: &a 1\ny: *a\n",
            "x: \"esc\\\"aped\"\n",
            "x: {a: 1}\n",
            "x: [a, [b]]\n",
            "x: yes\n",
            "x: True\n",
            "x: 1.5e3\n",
            "x: a: b\n",
            "\"quoted key\": 1\n",
            "x: 1\nx: 2\n",
            "x:\n\t- a\n",
            "? complex\n",
            "x: [a, b\n",
        ] {
            falls_back(text);
        }
    }
}
