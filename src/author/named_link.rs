//! Named links between records, as `adr new -l "1:Amends:Amended by"` and `adr link`
//! write them: a `LINK [N. Title](file.md)` line in the new record's `## Status` section
//! and a `REVERSE [N. Title](file.md)` line in the target's. Written, for now, in records
//! with an adr-tools `## Status` section only; other dialects are refused with a diagnostic
//! rather than given a shape their readers do not know.

use std::path::Path;

use super::AuthorError;
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

/// `text` with `line` added by [`add_to_status`], or the `named-link-dialect` error when
/// the record (`path`) has no `## Status` section.
pub(super) fn add_or_refuse(
    text: &str,
    line: &str,
    words: &str,
    path: &Path,
) -> Result<String, AuthorError> {
    add_to_status(text, line).ok_or_else(|| {
        AuthorError::setup(
            Diagnostic::error(
                Code::NamedLinkDialect,
                format!(
                    "a named link (`{words}`) is written only in a `## Status` section, and this record has none"
                ),
            )
            .in_file(path.display().to_string())
            .hint("named links need the adr-tools format for now; write the link in the body by hand"),
        )
    })
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
