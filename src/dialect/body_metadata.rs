//! What a record's body says about it: `Status:`, `Date:`, `Deciders:` and similar lines
//! in every form (labels, bullets, tables, a `## Status` section), and the links worded
//! in them.

use super::links::{self, Found, LinkKind, Place};
use super::madr;
use crate::date::Date;
use crate::diagnostic::Span;
use crate::document::{self, Heading, Line, Section, plain_text};
use crate::record::Reference;

/// Heading names that hold a record's status.
pub(super) const STATUS_HEADINGS: &[&str] = &[
    "status",
    "statut",
    "state",
    "estado",
    "stato",
    "situação",
    "stand",
    "decision status",
    "current status",
    "adr status",
];

/// What the body says about the record outside its sections' prose.
#[derive(Debug, Default)]
pub(super) struct BodyMeta {
    /// First line of a `## Status` section, and its line.
    pub(super) status_section: Option<(String, usize)>,
    /// A `Status:` line, bullet or table cell.
    pub(super) status_line: Option<(String, usize)>,
    pub(super) date: Option<Date>,
    /// A date alone on a line of the preamble, with no label (used when no labelled date).
    pub(super) bare_date: Option<Date>,
    /// A `Review date:` line: a revisit date from a review field.
    pub(super) review: Option<Date>,
    /// A labelled date that reads both day first and month first, and its line.
    pub(super) ambiguous_date: Option<(String, usize)>,
    pub(super) date_line: bool,
    pub(super) deciders: Vec<String>,
    pub(super) consulted: Vec<String>,
    pub(super) informed: Vec<String>,
    pub(super) tags: Vec<String>,
    /// Metadata written as `* Status:` bullets (MADR 2, log4brains).
    pub(super) bullets: bool,
    pub(super) found: Vec<Found>,
}

/// What a metadata label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    Status,
    Date,
    Deciders,
    Consulted,
    Informed,
    Tags,
    Link,
    /// `Review date:`, `Next review:`: when the decision is to be looked at again.
    Review,
}

pub(super) fn label_of(label: &str) -> Option<Label> {
    let t = label.trim().trim_matches(['*', '_', '`']).trim();
    // Labels are short words starting with one of these letters; most lines are not labels.
    if t.is_empty()
        || t.len() > 24
        || !t
            .as_bytes()
            .first()
            .is_some_and(|b| b"sSdDcCiItTkKrRaAeEfFoOlLpPnN".contains(b))
    {
        return None;
    }
    // Of the labels starting with `n`, only `Next review`: prose lines (`No`, `Now`) stop here.
    if t.as_bytes()[0].eq_ignore_ascii_case(&b'n')
        && !t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("next"))
    {
        return None;
    }
    let l: String = label
        .trim()
        .trim_matches(['*', '_', '`'])
        .trim()
        .to_lowercase()
        .replace(['-', '_'], " ");
    let l = crate::document::squeeze_spaces(&l);
    Some(match l.as_str() {
        "status" | "statut" | "state" | "estado" | "stato" | "situação" | "situacao"
        | "decision status" | "adr status" => Label::Status,
        "date" | "datum" | "fecha" | "decision date" | "date decided" | "created"
        | "creation date" | "date created" | "proposed date" | "accepted date" => Label::Date,
        "deciders" | "decision makers" | "decision maker" | "decided by" | "approvers"
        | "owners" | "owner" | "authors" | "author" => Label::Deciders,
        "consulted" => Label::Consulted,
        "informed" => Label::Informed,
        "tags" | "labels" | "keywords" | "categories" => Label::Tags,
        "review date" | "next review" | "next review date" | "review by" | "revisit"
        | "revisit date" | "revisit by" => Label::Review,
        "supersedes" | "superseded by" | "superceded by" | "supercedes" | "replaces"
        | "replaced by" | "amends" | "amended by" | "related" | "relates to" | "related to"
        | "extends" | "extended by" | "overridden by" | "overrides" => Label::Link,
        _ => return None,
    })
}

/// `Status: x`, `- Status: x`, `* **Date:** x`, `> Status: x`, `**Status**: x`, `Date 09/04/2018`,
/// `| Status | x |`: the label, the value and the value's byte offset in the line.
pub(super) fn labelled(line: &str) -> Option<(Label, &str, usize, bool)> {
    let mut t = line.trim_start();
    while let Some(r) = t.strip_prefix('>') {
        t = r.trim_start();
    }
    if t.starts_with('|') {
        let cells: Vec<&str> = t.trim_matches('|').split('|').collect();
        if cells.len() >= 2 {
            let label = label_of(cells[0])?;
            let value = cells[1].trim();
            let at = line.find(value).unwrap_or(0);
            return Some((label, value, at, false));
        }
        return None;
    }
    let mut bullet = false;
    for m in ["* ", "- ", "+ "] {
        if let Some(r) = t.strip_prefix(m) {
            t = r.trim_start();
            bullet = true;
            break;
        }
    }
    let t = t.trim_start_matches(['*', '_']);
    let colon = t.find(':');
    match colon {
        Some(c) if c > 0 && c <= 30 => {
            let label = label_of(&t[..c])?;
            let value = t[c + 1..].trim_start_matches(['*', '_']).trim();
            let at = line.len() - t[c + 1..].len()
                + (t[c + 1..].len() - t[c + 1..].trim_start_matches(['*', '_']).trim_start().len());
            Some((label, value.trim_end_matches(['*', '_']).trim(), at, bullet))
        }
        _ => {
            // `Date 09/04/2018` with no colon.
            let (word, rest) = t.split_once(' ')?;
            if label_of(word) == Some(Label::Date)
                && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
            {
                let at = line.len() - rest.len();
                return Some((Label::Date, rest.trim(), at, bullet));
            }
            None
        }
    }
}

pub(super) fn people(value: &str) -> Vec<String> {
    let v = plain_text(&madr::strip_comments(value));
    if madr::is_placeholder(value) || madr::placeholder_like(&v) {
        return Vec::new();
    }
    v.split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_matches(['`', '.']).trim().to_string())
        .filter(|p| !p.is_empty() && p != "…" && p != "...")
        .collect()
}

/// Reads what the body says about its record, in phases: the lines outside sections'
/// prose (labels, tables, worded links), a `## Date` section, then `## Status` sections.
pub(super) fn body_metadata<'a>(
    body: &'a str,
    lines: &[Line<'a>],
    body_line: usize,
    heads: &[Heading<'a>],
    sections: &[Section<'a>],
    title: Option<Heading<'a>>,
) -> BodyMeta {
    // The preamble: from the start (or the title) to the first other heading.
    let first_other = heads
        .iter()
        .find(|h| Some(h.start) != title.map(|t| t.start) && h.start >= title.map_or(0, |t| t.end))
        .map_or(body.len(), |h| h.start);
    let status_sections = status_sections(sections);
    let mut scan = LineScan {
        meta: BodyMeta::default(),
        first_other,
        title,
        in_status: Cover::new(
            status_sections
                .iter()
                .map(|s| (s.heading.start, s.content_start + s.content.len()))
                .collect(),
        ),
        in_link_section: Cover::new(link_sections(sections)),
        table_header: None,
        in_comment: false,
        pending: None,
    };
    for (i, &(start, line, fenced)) in lines.iter().enumerate() {
        scan.line(start, line, fenced, body_line + i);
    }
    let mut meta = scan.meta;
    date_section(&mut meta, sections);
    for s in status_sections {
        let (first, found) = status_section(s, lines, body_line);
        meta.found.extend(found);
        if meta.status_section.is_none() {
            meta.status_section = first;
        }
    }
    meta
}

/// The sections that hold the record's status (`## Status`, `## Status: Accepted`).
fn status_sections<'s, 'a>(sections: &'s [Section<'a>]) -> Vec<&'s Section<'a>> {
    sections
        .iter()
        .filter(|s| {
            let n = madr::heading_name(&s.heading);
            STATUS_HEADINGS.contains(&n.as_str())
                || STATUS_HEADINGS
                    .iter()
                    .any(|h| n.strip_prefix(h).is_some_and(|r| r.starts_with(':')))
        })
        .collect()
}

/// The content of sections that list links to other records (MADR `## Links`,
/// `## Related decisions`), as byte ranges.
fn link_sections(sections: &[Section<'_>]) -> Vec<(usize, usize)> {
    sections
        .iter()
        .filter(|s| {
            let n = madr::heading_name(&s.heading);
            matches!(
                n.as_str(),
                "links"
                    | "related"
                    | "related decisions"
                    | "related adrs"
                    | "related records"
                    | "see also"
                    | "references"
            )
        })
        .map(|s| (s.content_start, s.content_start + s.content.len()))
        .collect()
}

/// The pass over the body's lines, and what it carries from one line to the next.
struct LineScan<'a> {
    meta: BodyMeta,
    /// Where the preamble ends: the first heading other than the title.
    first_other: usize,
    title: Option<Heading<'a>>,
    in_status: Cover,
    in_link_section: Cover,
    /// Table header rows (`| Status | Date |`), for the row below them.
    table_header: Option<Vec<Option<Label>>>,
    /// Inside a multi-line HTML comment.
    in_comment: bool,
    /// `**Status**` alone on a line: its value is on the next one.
    pending: Option<Label>,
}

impl LineScan<'_> {
    /// Reads one line of the body, at byte `start`, line `line_no` of the file.
    fn line(&mut self, start: usize, line: &str, fenced: bool, line_no: usize) {
        if fenced {
            self.table_header = None;
            return;
        }
        // Lines inside a multi-line HTML comment are not metadata.
        if self.in_comment {
            if document::has(line, "-->") {
                self.in_comment = false;
            }
            return;
        }
        // `contains` is a fast vector scan; `find` only runs on the rare line that has one.
        if document::has(line, "<!--")
            && let Some(open) = line.find("<!--")
            && !line[open..].contains("-->")
        {
            self.in_comment = true;
        }
        let in_pre = start < self.first_other;
        let in_st = self.in_status.covers(start);
        let t = line.trim();
        if t.is_empty() {
            return;
        }
        if self
            .title
            .is_some_and(|h| start >= h.start && start < h.end)
        {
            return;
        }
        if self.table_row(t, line, line_no, in_pre, in_st) {
            return;
        }
        if self.labels(t, line, line_no, in_pre, in_st) {
            return;
        }
        if in_st {
            return;
        }
        if self.in_link_section.covers(start) {
            self.link_section_line(line, line_no);
            return;
        }
        // Prose: supersede wording with a link to a record.
        if has_link_wording(line) {
            self.meta
                .found
                .extend(links::scan_line(line, line_no, 0, Place::Prose));
        }
    }

    /// Tables with labels as column headers; only a table at the top (or in the status
    /// section) holds the record's metadata, so other tables are not split into cells.
    /// Whether the line was read as a row of such a table.
    fn table_row(
        &mut self,
        t: &str,
        line: &str,
        line_no: usize,
        in_pre: bool,
        in_st: bool,
    ) -> bool {
        if !((t.starts_with('|') || t.starts_with(">|") || t.starts_with("> |"))
            && (in_pre || in_st || self.table_header.is_some()))
        {
            self.table_header = None;
            return false;
        }
        let cells: Vec<&str> = t
            .trim_start_matches(['>', ' '])
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            return true;
        }
        if let Some(header) = self.table_header.take() {
            for (k, lab) in header.iter().enumerate() {
                if let (Some(lab), Some(v)) = (lab, cells.get(k)) {
                    let at = line.find(v).unwrap_or(0);
                    record_value(&mut self.meta, *lab, v, line_no, at, line, in_pre);
                }
            }
            return true;
        }
        let labels: Vec<Option<Label>> = cells.iter().map(|c| label_of(c)).collect();
        // Only a table at the top (or in the status section) holds the record's metadata.
        if (in_pre || in_st) && labels.iter().filter(|l| l.is_some()).count() >= 2 {
            self.table_header = Some(labels);
            return true;
        }
        false
    }

    /// Labelled values: `**Status**` with its value on the next line, `Status: x` lines
    /// and bullets in the preamble or the status section, a bare date under the title, a
    /// `Date:` line anywhere. Whether the line was read as one.
    fn labels(&mut self, t: &str, line: &str, line_no: usize, in_pre: bool, in_st: bool) -> bool {
        let meta = &mut self.meta;
        // `**Status**` alone on a line, its value on the next one.
        if let Some(label) = self.pending.take() {
            let value = madr::list_item(t).map_or(t, |(_, v)| v);
            let at = line.find(value).unwrap_or(0);
            record_value(meta, label, value, line_no, at, line, in_pre);
            return true;
        }
        if let Some(label) = bare_label(t)
            && (in_pre || in_st || (label == Label::Status && meta.status_line.is_none()))
        {
            self.pending = Some(label);
            return true;
        }
        if in_pre || in_st {
            if let Some((label, value, at, bullet)) = labelled(line) {
                if bullet && matches!(label, Label::Status | Label::Deciders | Label::Date) {
                    meta.bullets = true;
                }
                record_value(meta, label, value, line_no, at, line, in_pre);
                return true;
            }
            // A date on a line of its own under the title (`June 19, 2018`), no label.
            if in_pre
                && meta.bare_date.is_none()
                && t.len() <= 48
                && t.bytes().any(|b| b.is_ascii_digit())
                && t.as_bytes()
                    .first()
                    .is_some_and(|b| !b.is_ascii_punctuation() || matches!(b, b'*' | b'_'))
                && let Some(d) = Date::whole(t)
            {
                meta.bare_date = Some(d);
                return true;
            }
        } else if meta.date.is_none()
            && starts_with_date_label(line)
            && let Some((Label::Date, value, _, _)) = labelled(line)
            && !line.starts_with([' ', '\t'])
            && let Some(d) = Date::find(value)
        {
            meta.date = Some(d);
            meta.date_line = true;
            return true;
        }
        false
    }

    /// A line of a links section: `* Supersedes [ADR-1](0001-x.md)`, `* Relates to
    /// [..](..)`, or a bare link to a record.
    fn link_section_line(&mut self, line: &str, line_no: usize) {
        let found = links::scan_line(line, line_no, 0, Place::Status);
        if !found.is_empty() {
            self.meta.found.extend(found);
            return;
        }
        if let Some(f) = links::named_line(line, line_no, 0) {
            self.meta.found.push(f);
            return;
        }
        if madr::list_item(line).is_none() {
            return;
        }
        for l in links::inline_links(line) {
            if links::is_record_target(l.dest) && !l.dest.starts_with("http") {
                let col = line[..l.dest_at].chars().count() + 1;
                self.meta.found.push(Found {
                    kind: LinkKind::Relates,
                    reference: Reference {
                        text: l.dest.to_string(),
                        span: Span::new(line_no, col, l.dest.chars().count()),
                        partial: false,
                        ..Default::default()
                    },
                    from_status: false,
                });
            }
        }
    }
}

/// `## Date` sections: the first date in them, when the lines gave none.
fn date_section(meta: &mut BodyMeta, sections: &[Section<'_>]) {
    if meta.date.is_none()
        && let Some(d) = sections
            .iter()
            .filter(|s| {
                matches!(
                    madr::heading_name(&s.heading).as_str(),
                    "date" | "decision date" | "date decided" | "datum" | "fecha"
                )
            })
            .find_map(|s| {
                Date::find(
                    s.content
                        .get(..s.content.len().min(200))
                        .unwrap_or(s.content),
                )
            })
    {
        meta.date = Some(d);
        meta.date_line = true;
    }
}

/// A `## Status` section: its first paragraph (or the value in its heading, or the ticked
/// item of a checklist) is the status; worded links anywhere in it.
fn status_section(
    s: &Section<'_>,
    lines: &[Line<'_>],
    body_line: usize,
) -> (Option<(String, usize)>, Vec<Found>) {
    let heading_value = {
        let n = plain_text(s.heading.text);
        n.split_once(':').map(|(_, v)| v.trim().to_string())
    };
    let mut first: Option<(String, usize)> = heading_value
        .filter(|v| !v.is_empty())
        .map(|v| (v, s.heading.line));
    let mut all_found = Vec::new();
    let mut paragraph = first.is_none();
    let first_line = body_line
        + lines
            .partition_point(|l| l.0 <= s.content_start)
            .saturating_sub(1);
    for (k, line) in s.content.lines().enumerate() {
        let line_no = first_line + k;
        let t = line.trim();
        let stripped = madr::strip_comments(t);
        let st = stripped.trim();
        if st.is_empty() {
            if first.is_some() {
                paragraph = false;
            }
            continue;
        }
        let place = if paragraph || starts_with_wording(st) {
            Place::Status
        } else {
            Place::Prose
        };
        let mut found = links::scan_line(line, line_no, 0, place);
        if found.is_empty() {
            // `Depends on [2. Foo](0002-foo.md)`: a relation in the team's own words.
            found.extend(links::named_line(line, line_no, 0));
        }
        all_found.extend(found.into_iter().map(|mut f| {
            f.from_status = place == Place::Status;
            f
        }));
        if let Some(v) = status_value(st, first.is_none()) {
            first = Some((v, line_no));
        }
    }
    (first, all_found)
}

/// The status a line of a `## Status` section gives (`st`, trimmed, comments removed):
/// the ticked item of a checklist always, else the line's value while the section has
/// none yet (`unset`).
fn status_value(st: &str, unset: bool) -> Option<String> {
    let item = madr::list_item(st).map(|(_, item)| item);
    // A checklist of statuses: the ticked one.
    if let Some(item) = item
        && (item.starts_with("[x]") || item.starts_with("[X]"))
    {
        let v = plain_text(item[3..].trim());
        return (!v.is_empty()).then_some(v);
    }
    if item.is_some_and(|item| item.starts_with("[ ]")) || !unset {
        return None;
    }
    let value = match labelled(st) {
        Some((Label::Status, v, _, _)) => v.to_string(),
        Some(_) => return None,
        None => item.unwrap_or(st).to_string(),
    };
    let v = plain_text(&value);
    let v = v.trim_matches(['`', '*']).trim().to_string();
    (!v.is_empty()).then_some(v)
}
/// Whether offsets, asked in increasing order, fall in any of a set of byte ranges: one
/// pass over the ranges for all the lines of a body, where asking every range for every
/// line is quadratic in a body of ten thousand `## Status` sections.
pub(super) struct Cover {
    /// `(start, end)`, sorted by start.
    pub(super) ranges: Vec<(usize, usize)>,
    pub(super) next: usize,
    /// The furthest end of the ranges started so far.
    pub(super) reach: usize,
}

impl Cover {
    fn new(mut ranges: Vec<(usize, usize)>) -> Cover {
        ranges.sort_unstable();
        Cover {
            ranges,
            next: 0,
            reach: 0,
        }
    }

    /// Whether `off` (no smaller than the last one asked) is in a range.
    fn covers(&mut self, off: usize) -> bool {
        while let Some(&(a, b)) = self.ranges.get(self.next)
            && a <= off
        {
            self.reach = self.reach.max(b);
            self.next += 1;
        }
        off < self.reach
    }
}

/// A line that is only an emphasised label (`**Status**`, `**Date:**`, `_Status_`):
/// its value stands on the next line.
pub(super) fn bare_label(t: &str) -> Option<Label> {
    if !(t.starts_with("**") || t.starts_with("__") || t.starts_with('_') || t.starts_with('*'))
        || t.len() > 30
    {
        return None;
    }
    let inner = t.trim_matches(['*', '_', ':', ' ']);
    if inner.is_empty() || inner.contains(['*', '_']) {
        return None;
    }
    match label_of(inner)? {
        l @ (Label::Status | Label::Date | Label::Deciders) => Some(l),
        _ => None,
    }
}

/// `Date:`, `- Date:`, `**Date:**` at the start of a line (cheap test before [`labelled`]).
pub(super) fn starts_with_date_label(line: &str) -> bool {
    let t = line.trim_start_matches(['-', '*', '+', '_', ' ', '>']);
    t.len() > 4 && t.as_bytes()[..4].eq_ignore_ascii_case(b"date")
}

pub(super) fn starts_with_wording(t: &str) -> bool {
    let l = t
        .trim_start_matches(['*', '-', '+', ' ', '_'])
        .to_lowercase();
    [
        "supersede",
        "superseded",
        "supercede",
        "superceded",
        "replaces",
        "replaced by",
        "amends",
        "amended by",
        "partly",
        "partially",
        "extends",
        "extended by",
        "overrid",
        "related",
        "relates",
        "see also",
    ]
    .iter()
    .any(|w| l.starts_with(w))
}

/// The stems of supersede wording in prose, each with its searcher, built once.
static LINK_WORDING: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
    std::sync::LazyLock::new(|| {
        [
            "supers", "superc", "replace", "amend", "obsolete", "remplac", "overrid",
        ]
        .iter()
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect()
    });

pub(super) fn has_link_wording(line: &str) -> bool {
    if !document::has(line, "](") {
        return false;
    }
    // One lowercase copy (on the stack for a line of usual length), then the prebuilt
    // searchers (only lines with a link get here).
    let mut buffer = [0u8; 256];
    let mut long = Vec::new();
    let lower: &mut [u8] = match buffer.get_mut(..line.len()) {
        Some(b) => b,
        None => {
            long.resize(line.len(), 0);
            &mut long
        }
    };
    lower.copy_from_slice(line.as_bytes());
    lower.make_ascii_lowercase();
    LINK_WORDING.iter().any(|w| w.find(lower).is_some())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn record_value(
    meta: &mut BodyMeta,
    label: Label,
    value: &str,
    line_no: usize,
    at: usize,
    line: &str,
    _in_pre: bool,
) {
    let clean = madr::strip_comments(value);
    let clean = clean.trim();
    match label {
        Label::Status => {
            meta.found.extend(
                links::scan_line(line, line_no, 0, Place::Status)
                    .into_iter()
                    .map(|mut f| {
                        f.from_status = true;
                        f
                    }),
            );
            if meta.status_line.is_none() {
                let v = plain_text(clean);
                let v = v.trim_matches(['`', ' ']).to_string();
                if !v.is_empty() {
                    meta.status_line = Some((v, line_no));
                }
            }
        }
        Label::Date => {
            meta.date_line = true;
            if meta.date.is_none() {
                let text = clean.replace('`', "");
                meta.date = Date::find(&text);
                if meta.date.is_some() && Date::ambiguous(&text).is_some() {
                    meta.ambiguous_date = Some((text, line_no));
                }
            }
        }
        Label::Deciders => {
            if meta.deciders.is_empty() {
                meta.deciders = people(clean);
            }
        }
        Label::Consulted => {
            if meta.consulted.is_empty() {
                meta.consulted = people(clean);
            }
        }
        Label::Informed => {
            if meta.informed.is_empty() {
                meta.informed = people(clean);
            }
        }
        Label::Tags => {
            if meta.tags.is_empty() && !madr::is_placeholder(clean) {
                let v = plain_text(clean);
                meta.tags = v
                    .split([',', ' '])
                    .map(|s| s.trim().trim_start_matches('#').to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
        }
        Label::Review => {
            if meta.review.is_none() && !madr::placeholder_like(clean) {
                meta.review = Date::find(&clean.replace('`', ""));
            }
        }
        Label::Link => {
            let _ = at;
            meta.found.extend(
                links::scan_line(line, line_no, 0, Place::Status)
                    .into_iter()
                    .map(|mut f| {
                        f.from_status = true;
                        f
                    }),
            );
        }
    }
}
