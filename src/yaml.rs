//! Front matter YAML, fast: a reader for the plain subset nearly every record uses
//! (`key: value`, flow lists, block lists, nested mappings, quoted strings), producing the
//! same values as serde_yaml. Anything outside that subset (block scalars, anchors, escapes,
//! octal-looking numbers, tabs, duplicate keys, ...) returns `None`, and the caller falls
//! back to serde_yaml, which also reports errors. Parsing front matter with serde_yaml was a
//! quarter of a 10,000-record build; this path is several times faster.

use serde_yaml::{Mapping, Number, Value};

/// Parses `text` if it is in the plain subset; `None` means "use the full parser".
pub fn parse_plain(text: &str) -> Option<Value> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    for raw in text.lines() {
        let content = raw.trim_start_matches(' ');
        if content.starts_with('\t')
            || raw.ends_with([' ', '\t']) && content.trim().is_empty() && !content.is_empty()
        {
            return None;
        }
        let trimmed = content.trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if content.contains('\t')
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
    let map = mapping(&mut lines, &mut pos, 0)?;
    (pos == lines.len()).then_some(Value::Mapping(map))
}

/// Splits `key: rest` (or `key:`), with a plain key of word characters.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let colon = content.find(':')?;
    let (key, after) = (&content[..colon], &content[colon + 1..]);
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let ok = !key.is_empty()
        && key
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then_some((key, after.trim()))
}

fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

fn mapping(lines: &mut [(usize, &str)], pos: &mut usize, indent: usize) -> Option<Mapping> {
    let mut map = Mapping::new();
    while *pos < lines.len() {
        let (ind, content) = lines[*pos];
        if ind < indent {
            break;
        }
        if ind > indent || is_item(content) {
            return None;
        }
        let (key, rest) = split_key(content)?;
        let key = Value::String(key.to_string());
        *pos += 1;
        let value = if rest.is_empty() {
            match lines.get(*pos) {
                Some(&(next, c)) if next > indent && is_item(c) => sequence(lines, pos, next)?,
                Some(&(next, c)) if next == indent && is_item(c) => sequence(lines, pos, next)?,
                Some(&(next, _)) if next > indent => Value::Mapping(mapping(lines, pos, next)?),
                _ => Value::Null,
            }
        } else {
            if lines.get(*pos).is_some_and(|&(next, _)| next > indent) {
                return None; // A multi-line plain scalar or an odd layout.
            }
            inline(rest)?
        };
        if map.insert(key, value).is_some() {
            return None; // A duplicate key: serde_yaml reports it.
        }
    }
    Some(map)
}

fn sequence(lines: &mut [(usize, &str)], pos: &mut usize, indent: usize) -> Option<Value> {
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
                _ => items.push(Value::Null),
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
            items.push(Value::Mapping(mapping(lines, pos, column)?));
            continue;
        }
        *pos += 1;
        if lines.get(*pos).is_some_and(|&(next, _)| next > indent) {
            return None;
        }
        items.push(inline(item)?);
    }
    Some(Value::Sequence(items))
}

/// A value written on one line: quoted, a flow list, or a plain scalar.
fn inline(s: &str) -> Option<Value> {
    match s.as_bytes()[0] {
        b'"' | b'\'' => {
            let (text, rest) = quoted(s)?;
            comment_only(rest).then_some(Value::String(text))
        }
        b'[' => flow_sequence(s),
        b'{' | b'|' | b'>' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' | b',' | b']'
        | b'}' | b'#' => None,
        _ => {
            let plain = strip_comment(s);
            if plain.contains(": ")
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

/// A quoted string at the start of `s`, and what follows it.
fn quoted(s: &str) -> Option<(String, &str)> {
    let q = s.as_bytes()[0];
    let body = &s[1..];
    if q == b'"' {
        let end = body.find('"')?;
        let text = &body[..end];
        if text.contains('\\') {
            return None;
        }
        return Some((text.to_string(), &body[end + 1..]));
    }
    let mut out = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().map(|p| p.1) == Some('\'') {
                chars.next();
                out.push('\'');
            } else {
                return Some((out, &body[i + 1..]));
            }
        } else {
            out.push(c);
        }
    }
    None
}

fn comment_only(rest: &str) -> bool {
    let r = rest.trim_start();
    r.is_empty() || (r.starts_with('#') && rest.starts_with(' '))
}

fn strip_comment(s: &str) -> &str {
    match s.find(" #") {
        Some(i) => s[..i].trim_end(),
        None => s,
    }
}

fn flow_sequence(s: &str) -> Option<Value> {
    let mut items = Vec::new();
    let mut rest = s[1..].trim_start();
    loop {
        if let Some(after) = rest.strip_prefix(']') {
            return comment_only(after).then_some(Value::Sequence(items));
        }
        let (value, after) = if rest.starts_with(['"', '\'']) {
            let (text, after) = quoted(rest)?;
            (Value::String(text), after.trim_start())
        } else {
            let end = rest.find([',', ']'])?;
            let plain = rest[..end].trim();
            if plain.is_empty()
                || plain.contains(": ")
                || plain.ends_with(':')
                || plain.contains(" #")
                || plain.starts_with([
                    '[', '{', '&', '*', '!', '%', '@', '`', '?', '|', '>', '#', '-',
                ])
                || plain.contains(['[', '{', '}'])
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

/// Resolves a plain scalar as serde_yaml does, for the unambiguous cases only.
fn scalar(s: &str) -> Option<Value> {
    match s {
        "" | "~" | "null" => return Some(Value::Null),
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    if s.len() <= 5
        && ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(s))
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
            return if s.starts_with('-') {
                s.parse::<i64>()
                    .ok()
                    .map(|n| Value::Number(Number::from(n)))
            } else {
                s.parse::<u64>()
                    .ok()
                    .map(|n| Value::Number(Number::from(n)))
            };
        }
        let b = s.as_bytes();
        let iso_date = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if iso_date {
            return Some(Value::String(s.to_string()));
        }
        // Anything that could be a number in some notation (hex, octal, floats, `1_000`,
        // sexagesimal) is left to serde_yaml; a letter outside those makes it text.
        let numeric_chars = |c: char| c.is_ascii_hexdigit() || "+-._:xXoO".contains(c);
        return (!s.chars().all(numeric_chars)).then(|| Value::String(s.to_string()));
    }
    Some(Value::String(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(text: &str) {
        let full: Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(
            parse_plain(text),
            Some(full),
            "fast path differs for:\n{text}"
        );
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
            "x: 1.5\n",
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
