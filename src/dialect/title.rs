//! A record's title as written: the heading that is the title (not a section heading),
//! with numbers, `ADR-12:` labels and status notices (`[Superseded]`, `(DEPRECATED)`)
//! taken off it.

use super::links::{self, Found, Place};
use super::{filename, madr};
use crate::document::{Heading, Line, plain_text};
use crate::status;

/// Heading names that are sections, never a record's title.
pub(super) const SECTION_NAMES: &[&str] = &[
    "status",
    "context",
    "decision",
    "consequences",
    "context and problem statement",
    "considered options",
    "decision outcome",
    "links",
    "date",
];

/// Words that open a status notice at the end of a title (`Use X (Superseded)`).
pub(super) const NOTICE_WORDS: &[&str] = &[
    "superseded",
    "superceded",
    "deprecated",
    "rejected",
    "accepted",
    "proposed",
    "draft",
    "obsolete",
    "withdrawn",
    "replaced",
    "wip",
    "retired",
    "abandoned",
];

/// The heading that carries the title: the first H1, else a `#46.` line with no space,
/// else a first heading that is not a section name (an H2 used as title).
pub(super) fn title_heading_of<'a>(
    body: &'a str,
    lines: &[Line<'a>],
    heads: &[Heading<'a>],
    body_line: usize,
) -> Option<(Heading<'a>, String)> {
    if let Some(h) = heads.iter().find(|h| h.level == 1) {
        return Some((*h, h.text.to_string()));
    }
    // `#46. Title` (no space after `#`) on the first content line.
    for (i, &(start, line, fenced)) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with("<!--") || t.starts_with("import ") {
            continue;
        }
        if !fenced && t.starts_with('#') && t[1..].starts_with(|c: char| c.is_ascii_digit()) {
            let h = Heading {
                level: 1,
                text: &line.trim()[1..],
                line: body_line + i,
                start,
                end: start + line.len(),
            };
            return Some((h, t[1..].to_string()));
        }
        break;
    }
    let first = heads.first()?;
    let before = &body[..first.start];
    let only_noise = before.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with("<!--") || t.starts_with("import ") || t.starts_with('<')
    });
    let name = madr::heading_name(first);
    if only_noise && first.level <= 3 && !SECTION_NAMES.contains(&name.as_str()) {
        return Some((*first, first.text.to_string()));
    }
    None
}

/// Cleans a title: comments and markup removed, a status notice
/// (`[Superseded by [ADR-17](x.md)] Title`) taken out, and number or label prefixes
/// (`12.`, `ADR-002:`, `Architecture Decision Record:`) stripped. Returns the title, the
/// number it carried and the notice with its links.
#[allow(clippy::type_complexity)]
pub(super) fn clean_title(
    raw: &str,
    line_no: usize,
) -> (String, Option<u32>, Option<(String, Vec<Found>)>) {
    clean_title_as(raw, line_no, true)
}

/// [`clean_title`], for a title written as markdown (a heading) or as plain data (front
/// matter, whose `<`, `_` and `*` are the title's own characters).
#[allow(clippy::type_complexity)]
pub(super) fn clean_title_as(
    raw: &str,
    line_no: usize,
    markdown: bool,
) -> (String, Option<u32>, Option<(String, Vec<Found>)>) {
    let text = if markdown {
        madr::strip_comments(raw)
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    let mut t: &str = text.trim();
    let mut notice = None;
    // A leading `[Status …]` notice.
    if t.starts_with('[')
        && let Some(close) = matching_bracket(t)
        && !t[close + 1..].starts_with('(')
    {
        let inner = &t[1..close];
        let plain = plain_text(inner);
        if status::canonical(&plain, &Default::default()).is_some()
            && !t[close + 1..].trim().is_empty()
        {
            let found = links::scan_line(inner, line_no, 3, Place::Status)
                .into_iter()
                .map(|mut f| {
                    f.from_status = true;
                    f
                })
                .collect();
            notice = Some((plain, found));
            t = t[close + 1..]
                .trim_start_matches([' ', ':', '-', '–'])
                .trim();
        }
    }
    // A trailing `(Superseded)` or `[Deprecated]` notice.
    if notice.is_none()
        && let Some(open) = t.rfind(['(', '['])
        && t.ends_with([')', ']'])
        && open > 0
    {
        let inner = &t[open + 1..t.len() - 1];
        let plain = plain_text(inner);
        let lower = plain.to_lowercase();
        let first = lower
            .trim_start_matches(|c: char| !c.is_alphabetic())
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if plain.split_whitespace().count() <= 4
            && NOTICE_WORDS.contains(&first)
            && status::canonical(&plain, &Default::default()).is_some()
        {
            notice = Some((plain, Vec::new()));
            t = t[..open].trim();
        }
    }
    let (n, rest) = filename::split_title_number(t);
    let rest = strip_label_prefix(rest);
    let title = if markdown {
        plain_text(rest)
    } else {
        // Front matter is data: only code marks are dropped (`Use \`x\`` reads as `Use x`);
        // `<`, `_` and `*` are the title's own characters, escaped wherever it is shown.
        rest.replace('`', "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    (title, n, notice)
}

/// `Architecture Decision Record: X`, `ADR: X`, `Decision: X` → `X`.
pub(super) fn strip_label_prefix(t: &str) -> &str {
    let lower = t.to_ascii_lowercase();
    // `ADR-XXX: Title`, `ADR-nnn: Title` (a number not yet given).
    if let Some(rest) = lower.strip_prefix("adr") {
        let r = rest.trim_start_matches(['-', '_', ' ', '#']);
        let tok: String = r
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let after = &r[tok.len()..];
        if !tok.is_empty()
            && tok.len() <= 5
            && tok
                .chars()
                .all(|c| matches!(c, 'x' | 'n' | '?' | '0'..='9'))
            && after.trim_start().starts_with(':')
        {
            let out = t[t.len() - after.len()..]
                .trim_start()
                .trim_start_matches(':')
                .trim_start();
            if !out.is_empty() {
                return out;
            }
        }
    }
    for p in [
        "architecture decision record",
        "architectural decision record",
        "any decision record",
        "decision record",
        "adr",
    ] {
        if let Some(rest) = lower.strip_prefix(p) {
            let rest_t = rest.trim_start_matches('s');
            let r = rest_t.trim_start();
            if r.starts_with(':') || r.starts_with("- ") || r.starts_with("– ") {
                let cut = t.len() - r.len();
                let out = t[cut..].trim_start_matches([':', '-', '–']).trim_start();
                if !out.is_empty() {
                    return out;
                }
            }
        }
    }
    t
}

pub(super) fn matching_bracket(t: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, b) in t.bytes().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}
