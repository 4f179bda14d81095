//! Named links between records, as `adr new -l "1:Amends:Amended by"` and `adr link`
//! write them, in each record's own dialect (ADR-0063): a `LINK [N. Title](file.md)` line
//! in an adr-tools `## Status` section, a `* LINK [..](..)` bullet in a MADR 2 `## Links`
//! section, a `links:` item (`to`, `link`) in front matter (native and MADR 3/4). A record
//! whose only status is a table row has no place for one and gets `named-link-dialect`.

use std::path::Path;

use super::AuthorError;
use super::supersede::{self, Line, Shape};
use super::templates::{Link, yaml_str};
use crate::diagnostic::{Code, Diagnostic};

/// One named link asked for on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedLink {
    /// The record linked to (number, id or path).
    pub target: String,
    /// The words from the new record to the target (`Amends`).
    pub link: String,
    /// The words from the target back (`Amended by`).
    pub reverse: String,
    /// The option it came from, for diagnostics (`--link`, `--amends`, `--relates`).
    pub flag: &'static str,
}

impl NamedLink {
    /// Parses `TARGET:LINK:REVERSE` (`1:Amends:Amended by`).
    pub fn parse(s: &str) -> Result<NamedLink, String> {
        let mut parts = s.splitn(3, ':').map(str::trim);
        match (parts.next(), parts.next(), parts.next()) {
            (Some(t), Some(l), Some(r)) if !t.is_empty() && !l.is_empty() && !r.is_empty() => {
                Ok(NamedLink {
                    target: t.to_string(),
                    link: one_line(l),
                    reverse: one_line(r),
                    flag: "--link",
                })
            }
            _ => Err(format!(
                "`{s}` is not a named link; write TARGET:LINK:REVERSE, for example \"1:Amends:Amended by\""
            )),
        }
    }

    /// `--amends REF`.
    pub fn amends(target: &str) -> NamedLink {
        NamedLink {
            target: target.to_string(),
            link: "Amends".into(),
            reverse: "Amended by".into(),
            flag: "--amends",
        }
    }

    /// `--relates REF`.
    pub fn relates(target: &str) -> NamedLink {
        NamedLink {
            target: target.to_string(),
            link: "Relates to".into(),
            reverse: "Relates to".into(),
            flag: "--relates",
        }
    }
}

/// Reads a record to add a named link to: its bytes (to check it is unchanged before the
/// edit is written) and its text.
pub(super) fn read_record(path: &Path) -> Result<(Vec<u8>, String), AuthorError> {
    let original = std::fs::read(path).map_err(|e| {
        AuthorError::setup(
            Diagnostic::error(
                Code::Unreadable,
                format!("cannot read the linked record: {e}"),
            )
            .in_file(path.display().to_string()),
        )
    })?;
    match String::from_utf8(original.clone()) {
        Ok(text) => Ok((original, text)),
        Err(_) => Err(AuthorError::records(
            Diagnostic::error(
                Code::NotUtf8,
                "the linked record is not UTF-8 text, so it is left as it is",
            )
            .in_file(path.display().to_string()),
        )),
    }
}

/// `text` with the named link `words` to `to` added in its own dialect (see
/// [`add_link`]), or the `named-link-dialect` error when it has no place for one.
pub(super) fn add_or_refuse(
    text: &str,
    words: &str,
    to: &Link,
    path: &Path,
) -> Result<String, AuthorError> {
    add_link(text, words, to).ok_or_else(|| {
        AuthorError::setup(
            Diagnostic::error(
                Code::NamedLinkDialect,
                format!(
                    "a named link (`{words}`) has no place in this record: its status is a table row, with no status section, links section or front matter"
                ),
            )
            .in_file(path.display().to_string())
            .hint("add front matter (`---` lines at the top) or a `## Status` section, or write the link in the body by hand"),
        )
    })
}

/// `text` with a named link `words` to `to` added where its dialect keeps links, every
/// other byte kept; unchanged when it is already there. An adr-tools `## Status` section
/// gets a `Words [..](..)` line; a MADR 2 record (a `* Status:` bullet) a `* Words [..](..)`
/// item in its `## Links` section (added at the end when missing); front matter a `links:`
/// item; a record that states no status at all gets front matter with one. `None` for a
/// record whose status is only a table row.
pub fn add_link(text: &str, words: &str, to: &Link) -> Option<String> {
    let shapes = supersede::shapes(text.trim_start_matches('\u{feff}'));
    let line = format!("{words} {}", to.markdown());
    if shapes.contains(&Shape::Section) {
        add_to_status(text, &line)
    } else if shapes.contains(&Shape::Bullet) {
        Some(add_to_links_section(text, &line))
    } else if shapes.contains(&Shape::FrontMatter) || shapes.contains(&Shape::Nothing) {
        Some(add_to_front_matter(text, words, &to.id))
    } else {
        None
    }
}

/// Splits off a BOM, and finds the line ending the file uses.
fn parts(text: &str) -> (&str, &str, &'static str) {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(r) => ("\u{feff}", r),
        None => ("", text),
    };
    let eol = if rest.contains("\r\n") { "\r\n" } else { "\n" };
    (bom, rest, eol)
}

/// A MADR 2 `## Links` section item `* LINE` (with the bullet the status line uses).
fn add_to_links_section(text: &str, line: &str) -> String {
    let (bom, rest, eol) = parts(text);
    let mut lines = supersede::split_lines(rest);
    let start = supersede::body_start(&lines);
    let bullet = lines[start..]
        .iter()
        .find(|l| supersede::bullet_status(&l.text).is_some())
        .and_then(|l| l.text.trim_start().chars().next())
        .unwrap_or('*');
    let item = format!("{bullet} {line}");
    let is_links = |l: &Line| {
        let t = l.text.trim();
        supersede::is_heading(t)
            && t.trim_start_matches('#')
                .trim()
                .trim_end_matches(':')
                .eq_ignore_ascii_case("links")
    };
    match (start..lines.len()).find(|&i| is_links(&lines[i])) {
        Some(h) => {
            let end = (h + 1..lines.len())
                .find(|&i| supersede::is_heading(lines[i].text.trim()))
                .unwrap_or(lines.len());
            if lines[h + 1..end].iter().any(|l| l.text.trim() == item) {
                return text.to_string();
            }
            let last = (h + 1..end)
                .rev()
                .find(|&i| !lines[i].text.trim().is_empty());
            match last {
                Some(i) => supersede::insert_after(&mut lines, Some(i), vec![item], eol),
                None => {
                    supersede::insert_after(&mut lines, Some(h), vec![String::new(), item], eol)
                }
            }
        }
        None => {
            let last = (0..lines.len())
                .rev()
                .find(|&i| !lines[i].text.trim().is_empty());
            supersede::insert_after(
                &mut lines,
                last,
                vec![String::new(), "## Links".into(), String::new(), item],
                eol,
            );
        }
    }
    format!("{bom}{}", supersede::join_lines(&lines))
}

/// A front matter `links:` item `to: ID` / `link: WORDS`, added to the list (block or
/// flow) or as a new key at the end of the front matter; front matter is added at the top
/// when the record has none.
fn add_to_front_matter(text: &str, words: &str, id: &str) -> String {
    let (bom, rest, eol) = parts(text);
    let mut lines = supersede::split_lines(rest);
    let (to, link) = (yaml_str(id), yaml_str(words));
    let Some((a, b)) = supersede::front_matter(&lines) else {
        let new = [
            "---".to_string(),
            "links:".to_string(),
            format!("  - to: {to}"),
            format!("    link: {link}"),
            "---".to_string(),
        ]
        .into_iter()
        .map(|text| Line {
            text,
            end: eol.to_string(),
        });
        lines.splice(0..0, new);
        return format!("{bom}{}", supersede::join_lines(&lines));
    };
    let key = (a..b).find(|&i| {
        supersede::fm_key(&lines[i].text).is_some_and(|k| k.eq_ignore_ascii_case("links"))
    });
    match key {
        None => supersede::insert_after(
            &mut lines,
            Some(b - 1),
            vec![
                "links:".into(),
                format!("  - to: {to}"),
                format!("    link: {link}"),
            ],
            eol,
        ),
        Some(k) => {
            let value = lines[k]
                .text
                .split_once(':')
                .map_or("", |(_, v)| v)
                .trim()
                .to_string();
            if value.is_empty() {
                // A block list: its items are the indented lines below the key.
                let end = (k + 1..b)
                    .find(|&i| !lines[i].text.starts_with([' ', '\t', '-']))
                    .unwrap_or(b);
                let block: Vec<&str> = lines[k + 1..end].iter().map(|l| l.text.trim()).collect();
                let has = items_of_block(&block).iter().any(|item| {
                    item.contains(&format!("to: {to}")) && item.contains(&format!("link: {link}"))
                });
                if has {
                    return text.to_string();
                }
                let indent: String = lines
                    .get(k + 1)
                    .filter(|_| end > k + 1)
                    .map(|l| l.text.chars().take_while(|c| c.is_whitespace()).collect())
                    .unwrap_or_else(|| "  ".into());
                supersede::insert_after(
                    &mut lines,
                    Some(end - 1),
                    vec![
                        format!("{indent}- to: {to}"),
                        format!("{indent}  link: {link}"),
                    ],
                    eol,
                );
            } else {
                let item = format!("{{to: {to}, link: {link}}}");
                if value.contains(&item) {
                    return text.to_string();
                }
                let name = supersede::fm_key(&lines[k].text)
                    .unwrap_or("links")
                    .to_string();
                lines[k].text = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                    Some(inner) if inner.trim().is_empty() => format!("{name}: [{item}]"),
                    Some(inner) => format!("{name}: [{}, {item}]", inner.trim()),
                    None => format!("{name}: [{value}, {item}]"),
                };
            }
        }
    }
    format!("{bom}{}", supersede::join_lines(&lines))
}

/// The items of a block list, each as its lines joined (`- to: 2 link: Amends`).
fn items_of_block(lines: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for l in lines {
        match l.strip_prefix('-') {
            Some(first) => items.push(first.trim().to_string()),
            None => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(l);
                }
            }
        }
    }
    items
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_status_heading(t: &str) -> bool {
    let t = t.trim();
    t.starts_with('#')
        && t.trim_start_matches('#').starts_with([' ', '\t'])
        && t.trim_start_matches('#')
            .trim()
            .trim_end_matches(':')
            .eq_ignore_ascii_case("status")
}

fn is_heading(t: &str) -> bool {
    let t = t.trim();
    t.starts_with('#') && t.trim_start_matches('#').starts_with([' ', '\t'])
}

/// `text` with `line` added at the end of its `## Status` section (after a blank line, as
/// adr-tools adds links), every other byte kept (line endings, a missing final newline);
/// unchanged when the section already holds that line. `None` when there is no such section.
pub fn add_to_status(text: &str, line: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let bare = |l: &str| l.trim_end_matches(['\n', '\r']).to_string();
    let h = lines.iter().position(|l| is_status_heading(&bare(l)))?;
    let end = (h + 1..lines.len())
        .find(|&i| is_heading(&bare(lines[i])))
        .unwrap_or(lines.len());
    if lines[h + 1..end].iter().any(|l| bare(l).trim() == line) {
        return Some(text.to_string());
    }
    let last = (h..end)
        .rev()
        .find(|&i| !bare(lines[i]).trim().is_empty())
        .unwrap_or(h);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + line.len() + 4);
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        if i == last {
            if !l.ends_with('\n') {
                // The file ended here without a newline: it still does after the new line.
                out.push_str(&format!("{eol}{eol}{line}"));
            } else {
                out.push_str(&format!("{eol}{line}{eol}"));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_target_link_reverse() {
        let l = NamedLink::parse("1:Amends: Amended  by").unwrap();
        assert_eq!(
            (l.target.as_str(), l.link.as_str(), l.reverse.as_str()),
            ("1", "Amends", "Amended by")
        );
        assert!(NamedLink::parse("1:Amends").is_err());
        assert!(NamedLink::parse(":Amends:Amended by").is_err());
    }

    #[test]
    fn adds_a_line_at_the_end_of_the_status_section_once() {
        let text = "# 2. X\r\n\r\n## Status\r\n\r\nAccepted\r\n\r\n## Context\r\n\r\nY\r\n";
        let once = add_to_status(text, "Amends [1. A](0001-a.md)").unwrap();
        assert_eq!(
            once,
            "# 2. X\r\n\r\n## Status\r\n\r\nAccepted\r\n\r\nAmends [1. A](0001-a.md)\r\n\r\n## Context\r\n\r\nY\r\n"
        );
        assert_eq!(
            add_to_status(&once, "Amends [1. A](0001-a.md)").unwrap(),
            once
        );
        assert_eq!(
            add_to_status("# X\n\n## Status\n\nAccepted", "L").unwrap(),
            "# X\n\n## Status\n\nAccepted\n\nL"
        );
        assert_eq!(add_to_status("---\nstatus: x\n---\n", "L"), None);
    }
}
