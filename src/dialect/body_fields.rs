//! The fields of a record the body gives where the front matter gives none, one job each,
//! in the order [`super::reader`] calls them: the title and number, the status, dates and
//! people, MADR options and outcome, and the links between records.

use super::body_metadata::*;
use super::links::{Found, LinkKind};
use super::reader::{KEP_KEYS, push_ref, shorten, status_tag};
use super::title::*;
use super::{ReadOptions, filename, madr};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::discover::SourceText;
use crate::document::{Document, Heading, Line, Section};
use crate::record::{Record, Status};
use crate::status;
use crate::yaml::node::{Map, Node};

/// What reading the title found besides it.
pub(super) struct Titled<'a> {
    /// A status notice in the title (`(superseded by ADR-5)`), with the links in it.
    pub(super) notice: Option<(String, Vec<Found>)>,
    /// The heading that gave the title, or repeats it.
    pub(super) heading: Option<Heading<'a>>,
    /// A number written in the title (`ADR-12: ...`).
    pub(super) h1_number: Option<u32>,
}

/// The record's title (the front matter's, or the body's first heading, cleaned of
/// numbers and notices; a KEP's heading wins over its front matter) and its number (the
/// front matter's, a KEP's, the file name's, then the title's).
pub(super) fn title_and_number<'a>(
    record: &mut Record,
    map: Option<&Map<'_>>,
    doc: &Document<'a>,
    lines: &[Line<'a>],
    heads: &[Heading<'a>],
    file: &SourceText,
) -> Titled<'a> {
    let mut notice: Option<(String, Vec<Found>)> = None;
    let mut title_heading: Option<Heading<'_>> = None;
    let mut h1_number = None;
    if record.title.is_empty() {
        if let Some((h, text)) = title_heading_of(doc.body, lines, heads, doc.body_line) {
            let (clean, n, note) = clean_title(&text, h.line);
            record.title = clean;
            h1_number = n;
            notice = note;
            title_heading = Some(h);
        }
    } else {
        let (clean, n, note) = clean_title_as(&record.title.clone(), 0, false);
        if !clean.is_empty() {
            record.title = clean;
        }
        h1_number = n;
        notice = note.map(|(raw, _)| (raw, Vec::new()));
        // An H1 that opens the body repeats the title; a later H1 is a section.
        title_heading = heads.first().filter(|h| h.level == 1).copied();
        // KEP front matter: the heading readers see is the title when the two disagree
        // (`title: Deprecate and remove SelfLink`, `# Deprecate and Remove SelfLink`).
        let kep = map.is_some_and(|m| KEP_KEYS.iter().any(|k| m.get(k).is_some()));
        if kep
            && let Some(h) = title_heading
            && !h.text.contains("<%")
            && !h.text.contains("{{")
        {
            let (clean, n, _) = clean_title(h.text, h.line);
            if !clean.is_empty() && !madr::is_placeholder(&clean) {
                record.title = clean;
                h1_number = h1_number.or(n);
            }
        }
    }
    if record.number.is_none() {
        let kep = map
            .and_then(|m| m.get("kep-number"))
            .and_then(Node::text)
            .and_then(|s| s.trim().parse().ok());
        record.number = kep
            .or_else(|| filename::number_from_file_name(&file.source))
            .or(h1_number);
    }
    Titled {
        notice,
        heading: title_heading,
        h1_number,
    }
}

/// The status written in the body, when the front matter states none: `## Status`, then a
/// `Status:` line or table cell, then the title's notice (`(superseded)`), and last a tag
/// that is a status word. A tag that only repeats the status is then no topic.
pub(super) fn status_from_body(
    record: &mut Record,
    meta: &BodyMeta,
    notice: Option<&(String, Vec<Found>)>,
    file: &SourceText,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Status: front matter, then `## Status`, then `Status:` lines, a table cell, the title
    // notice, and last a tag that is a status word.
    if record.status_raw.is_none() {
        let candidates = [
            meta.status_section.clone(),
            meta.status_line.clone(),
            notice.map(|(raw, _)| (raw.clone(), 0)),
        ];
        for (raw, line) in candidates.into_iter().flatten() {
            let raw = shorten(&raw);
            if raw.is_empty() {
                continue;
            }
            let canonical = status::canonical(&raw, &options.statuses);
            record.status = canonical.unwrap_or_default();
            if canonical.is_none() && line > 0 && !status::is_placeholder(&raw) {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::UnknownStatus,
                        format!("status `{raw}` is not one hindsight knows"),
                    )
                    .at(&file.display, &file.text, Span::new(line, 1, 0))
                    .hint(status::unknown_hint(&raw)),
                );
            }
            record.status_raw = Some(raw);
            break;
        }
    }
    if record.status_raw.is_none() {
        // `tags: [Accepted]` (Docusaurus blogs used as decision logs).
        if let Some((tag, s)) = record
            .tags
            .iter()
            .find_map(|t| status_tag(t, options).map(|s| (t.clone(), s)))
        {
            record.status = s;
            record.status_raw = Some(tag);
        }
    }
    // A tag that only repeats the status is not a topic.
    if record.status_raw.is_some() {
        record.tags.retain(|t| status_tag(t, options).is_none());
    }
}

/// Dates, the review date and people written in the body, where the front matter gave
/// none; a day-first date that could be read month first is a warning.
pub(super) fn dates_and_people_from_body(
    record: &mut Record,
    meta: &mut BodyMeta,
    file: &SourceText,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if record.date.is_none()
        && meta.date.is_some()
        && let Some((text, line)) = &meta.ambiguous_date
        && let Some((taken, other)) = Date::ambiguous(text)
    {
        diagnostics.push(
            Diagnostic::warning(
                Code::AmbiguousDate,
                format!(
                    "date `{text}` reads as {} (day first); month first it would be {}",
                    taken.long(),
                    other.long()
                ),
            )
            .at(&file.display, &file.text, Span::new(*line, 1, 0))
            .hint(format!("write it as YYYY-MM-DD: `{taken}`")),
        );
    }
    if record.date.is_none() {
        record.date = meta
            .date
            .or(meta.bare_date)
            .or_else(|| filename::date_from_file_name(&file.source));
    }
    if record.revisit.date.is_none()
        && let Some(d) = meta.review
    {
        record.revisit.date = Some(d);
        record.revisit.source = crate::record::RevisitSource::Review;
    }
    if record.deciders.is_empty() {
        record.deciders = std::mem::take(&mut meta.deciders);
    }
    if record.consulted.is_empty() {
        record.consulted = std::mem::take(&mut meta.consulted);
    }
    if record.informed.is_empty() {
        record.informed = std::mem::take(&mut meta.informed);
    }
    if record.tags.is_empty() {
        record.tags = std::mem::take(&mut meta.tags);
    }
}

/// Options and the outcome read from MADR sections, where the front matter gave none, and
/// the ranges a page folds away. Says whether the body has MADR sections.
pub(super) fn madr_sections(
    record: &mut Record,
    sectioned: &str,
    heads: &[Heading<'_>],
    sections: &[Section<'_>],
    file: &SourceText,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let body = sectioned;
    let m = madr::read(body, heads, sections);
    let has_madr_sections = !m.options.is_empty() || m.outcome.is_some();
    let options_from_body = record.options.is_empty() && !m.options.is_empty();
    let outcome_from_body = record.outcome.is_none() && m.outcome.is_some();
    if options_from_body {
        record.options = m.options;
        if m.dropped > 0 {
            diagnostics.push(
                Diagnostic::warning(
                    Code::TooManyOptions,
                    format!(
                        "the first {} options are read; {} more are left out",
                        madr::MAX_OPTIONS,
                        m.dropped
                    ),
                )
                .in_file(&file.display)
                .hint("no decision weighs that many options; merge or remove some"),
            );
        }
    }
    if outcome_from_body {
        record.outcome = m.outcome;
    }
    if !options.metadata_only {
        record.folded = madr::folded_ranges(
            sectioned,
            heads,
            sections,
            options_from_body,
            outcome_from_body,
        );
    }
    has_madr_sections
}

/// The links found in the front matter's status, the body and the title's notice, as the
/// record's supersede and relate references: a record that is partly superseded, or that
/// is not itself superseded, is superseded only partly; a proposal supersedes only partly.
pub(super) fn attach_links(record: &mut Record, found: Vec<Found>) {
    let own_partly = record
        .status_raw
        .as_deref()
        .is_some_and(status::says_partly);
    let own_status = record.status;
    for f in found {
        let mut r = f.reference;
        if own_partly {
            r.partial = true;
        }
        match f.kind {
            LinkKind::SupersededBy => {
                if !f.from_status && !matches!(own_status, Status::Superseded | Status::Unknown) {
                    r.partial = true;
                }
                push_ref(&mut record.superseded_by, r);
            }
            LinkKind::Supersedes => {
                // A proposal or a rejected record does not (yet) replace anything: the link
                // is kept, the older record keeps its own status.
                if matches!(own_status, Status::Proposed | Status::Rejected) {
                    r.partial = true;
                }
                push_ref(&mut record.supersedes, r)
            }
            LinkKind::Relates => push_ref(&mut record.relates, r),
        }
    }
}
