//! YAML front matter: the native keys of docs/contract.md §1 and the keys docs sites use
//! (Docusaurus, Jekyll, KEP, MADR 3/4), read leniently into a [`crate::record::Record`].
//!
//! Real front matter is full of keys for other tools and values of surprising types
//! (`nav_order: 0002`, empty keys, comma strings for lists); unknown keys are ignored,
//! a near-miss of a known key is a warning, and a value of the wrong shape is a warning
//! that names the key, never a failure of the whole record.
//!
//! This file turns the YAML text into a mapping (mending a colon in a plain value, refusing
//! what would take too long); `fields.rs` reads a value of the shape a key wants, with its
//! place for warnings; `keys.rs` fills a record from the keys it knows.

mod fields;
mod keys;

use serde_yaml::Value;

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::discover::SourceText;
use crate::document::FrontMatter;
use crate::yaml::node::Map;

pub use fields::Fields;
pub use keys::{COMMON_KEYS, KNOWN_KEYS, MAX_TRADEOFFS, apply};

/// Parses the YAML of the front matter into a mapping (borrowing plain scalars from the
/// text), or a diagnostic at the place the YAML is broken.
#[allow(clippy::result_large_err)]
pub fn parse<'a>(fm: &FrontMatter<'a>, file: &SourceText) -> Result<Option<Map<'a>>, Diagnostic> {
    if fm.yaml.trim().is_empty() {
        return Ok(None);
    }
    if fm.toml {
        return match fm.yaml.parse::<toml::Table>() {
            Ok(t) => Ok(Some(Map::from_toml(t))),
            Err(e) => {
                let line = e.span().map_or(0, |s| {
                    fm.yaml[..s.start.min(fm.yaml.len())].matches('\n').count()
                });
                Err(Diagnostic::error(
                    Code::FrontMatter,
                    format!("front matter is not valid TOML: {}", e.message()),
                )
                .at(
                    &file.display,
                    &file.text,
                    Span::new(fm.first_line + line, 1, 1),
                )
                .hint("write `key = \"value\"` lines between the `+++` fences"))
            }
        };
    }
    if let Some(map) = crate::yaml::parse_plain(fm.yaml) {
        return Ok(Some(map));
    }
    // serde_yaml's scanner does work for every open flow level on every token, so a
    // front matter of a million `[` would take minutes before its depth limit says no.
    if let Some(at) = too_deep_flow(fm.yaml) {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            format!("front matter nests `[` and `{{` more than {MAX_FLOW_DEPTH} levels deep"),
        )
        .at(
            &file.display,
            &file.text,
            Span::at_offset(fm.yaml, fm.first_line, at, 1),
        )
        .hint("front matter holds a few levels of lists and mappings at most"));
    }
    // serde_yaml builds a tree several times the size of its input (a 4 MB front matter of
    // 350,000 anchored keys or escaped values peaked at 315-357 MB); front matter with that
    // many entries is not a record's metadata, so it is refused before serde_yaml reads it.
    // Long text in one value (a block scalar) is one entry and still read.
    let entries = yaml_entries(fm.yaml);
    if entries > MAX_FULL_YAML_ENTRIES {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            format!(
                "front matter of {entries} entries uses YAML the fast reader does not take (anchors, tags, escapes, ...), and is too long for the full reader (at most {MAX_FULL_YAML_ENTRIES} entries)"
            ),
        )
        .at(&file.display, &file.text, Span::new(fm.first_line, 1, 3))
        .hint("keep front matter to the record's keys, in plain YAML; long text belongs in the body"));
    }
    match serde_yaml::from_str::<Value>(fm.yaml) {
        Ok(Value::Mapping(m)) => Ok(Some(Map::from_yaml(m))),
        Ok(Value::Null) => Ok(None),
        Ok(_) => Err(Diagnostic::error(
            Code::FrontMatter,
            "front matter is not a mapping of keys to values",
        )
        .at(&file.display, &file.text, Span::new(fm.first_line, 1, 3))
        .hint("write `key: value` lines between the `---` fences")),
        Err(e) => {
            // `title: ADR002: Default Catalog Format`: a colon in an unquoted value. Read as
            // the author meant (the rest of the line is the value) when that is all that is
            // wrong; `colon_in_value` warns about it.
            if let Some(fixed) = quote_colon_values(fm.yaml)
                && let Ok(Value::Mapping(m)) = serde_yaml::from_str::<Value>(&fixed)
            {
                return Ok(Some(Map::from_yaml(m)));
            }
            let mut span = e
                .location()
                .map(|l| {
                    Span::new(
                        fm.first_line + l.line().saturating_sub(1),
                        l.column().max(1),
                        1,
                    )
                })
                .unwrap_or(Span::new(fm.first_line, 1, 1));
            let full = e.to_string();
            let mut msg = full.split(" at line ").next().unwrap_or(&full).to_string();
            // `..., while parsing a flow sequence at line 2 column 7`: the construct that is
            // unfinished is where the author has to look.
            if let Some((_, context)) = full.split_once(", while parsing ") {
                let (what, at) = context.split_once(" at line ").unwrap_or((context, ""));
                let mut nums = at.split(" column ").map(|n| n.trim().parse::<usize>().ok());
                if let (Some(Some(line)), Some(Some(col))) = (nums.next(), nums.next()) {
                    span = Span::new(fm.first_line + line.saturating_sub(1), col.max(1), 1);
                }
                msg = format!("{msg} while parsing {what}");
            }
            Err(Diagnostic::error(
                Code::FrontMatter,
                format!("front matter is not valid YAML: {msg}"),
            )
            .at(&file.display, &file.text, span)
            .hint("quote values that contain `: ` or start with `[`, `{`, `*`, `&` or `@`"))
        }
    }
}

/// Top-level `key: value` lines whose plain value holds `: ` (invalid YAML), quoted; `None`
/// when there is none.
fn quote_colon_values(yaml: &str) -> Option<String> {
    let mut changed = false;
    let mut out = String::with_capacity(yaml.len() + 16);
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some((key, value)) = colon_in_value(body) {
            changed = true;
            out.push_str(key);
            out.push_str(": ");
            out.push_str(&serde_json::to_string(value).unwrap_or_default());
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    changed.then_some(out)
}

/// `key: text: more` (a top-level key, a plain value with `: ` in it): the key and value.
pub fn colon_in_value(line: &str) -> Option<(&str, &str)> {
    if line.starts_with([' ', '\t', '-', '#', '"', '\'']) {
        return None;
    }
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    let plain = !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']);
    (plain
        && !key.is_empty()
        && !key.contains(char::is_whitespace)
        && (value.contains(": ") || value.ends_with(':')))
    .then_some((key, value))
}

/// Warnings for values read past an unquoted `: ` (see [`quote_colon_values`]).
pub fn colon_warnings(fm: &FrontMatter<'_>, file: &SourceText) -> Vec<Diagnostic> {
    if crate::yaml::parse_plain(fm.yaml).is_some() || serde_yaml::from_str::<Value>(fm.yaml).is_ok()
    {
        return Vec::new();
    }
    fm.yaml
        .lines()
        .enumerate()
        .filter_map(|(k, l)| {
            let (key, value) = colon_in_value(l)?;
            Some(
                Diagnostic::warning(
                    Code::ColonInValue,
                    format!("`{key}` has an unquoted `: ` in its value; it was read as the text `{value}`"),
                )
                .at(&file.display, &file.text, Span::new(fm.first_line + k, key.chars().count() + 3, value.chars().count()))
                .hint(format!("quote the value: `{key}: \"{value}\"` (strict YAML readers reject it)")),
            )
        })
        .collect()
}

/// The most entries (keys at the margin and `- ` items) in front matter handed to
/// serde_yaml (plain front matter of any length goes through the fast reader).
const MAX_FULL_YAML_ENTRIES: usize = 20_000;

/// Lines of `yaml` that start an entry: a key at the margin or a `- ` list item.
fn yaml_entries(yaml: &str) -> usize {
    yaml.lines()
        .filter(|l| {
            let t = l.trim_start();
            (l.len() == t.len() && !t.is_empty() && !t.starts_with('#')) || t.starts_with("- ")
        })
        .count()
}

/// Flow nesting (`[[[…`) deeper than this is refused before serde_yaml reads it (serde_yaml
/// itself refuses nesting past 128 levels).
const MAX_FLOW_DEPTH: usize = 256;

/// The byte offset of the first `[` or `{` nested past [`MAX_FLOW_DEPTH`], counting every
/// bracket (quoted ones too, so the bound is generous).
fn too_deep_flow(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (k, b) in yaml.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(k);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
