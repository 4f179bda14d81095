//! The one reader behind every dialect: a file is split once, its front matter applied,
//! then the body is read for what the front matter did not say: title (first H1, a title
//! notice removed), status (`## Status` section, `* Status:` bullets, a table cell, a
//! status notice in the title, status tags), date (`Date:` lines in every form, else a
//! date in the file name), deciders, tags, MADR options and outcome, and supersede,
//! replace and amend links worded anywhere. The dialect is detected per file and named
//! in [`Record::format`].

use super::links::{self, Found, LinkKind, Place};
use super::{Outcome as ReadOutcome, ReadOptions, Reading, filename, front_matter, madr};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::discover::SourceText;
use crate::document::{self, Document, Heading, Line, Section, lines_with_fences, plain_text};
use crate::record::{Record, Reference, Skipped, Status};
use crate::status;
use crate::yaml::node::{Map, Node};

/// Front matter keys only hindsight's own format uses.
pub const NATIVE_KEYS: &[&str] = &[
    "options",
    "tradeoffs",
    "trade-offs",
    "outcome",
    "revisit",
    "kind",
    "reviews",
    "verdict",
    "next_revisit",
    "relates",
];

/// Front matter keys only MADR 3 and 4 define (`status`, `date` and `deciders` are
/// native keys too).
const MADR_ONLY_KEYS: &[&str] = &["decision-makers", "consulted", "informed"];

/// Front matter keys of docs sites (Docusaurus, Jekyll, Hugo, KEP).
const DOCS_KEYS: &[&str] = &[
    "slug",
    "sidebar_position",
    "sidebar_label",
    "nav_order",
    "parent",
    "grand_parent",
    "has_children",
    "layout",
    "permalink",
    "authors",
    "author",
    "weight",
    "kep-number",
    "creation-date",
    "last-updated",
    "superseded-by",
    "replaces",
    "owning-sig",
    "description",
    "draft",
];

/// Front matter keys only KEPs (Kubernetes enhancement proposals) have.
const KEP_KEYS: &[&str] = &["kep-number", "owning-sig", "participating-sigs"];

/// Heading names that hold a record's status.
const STATUS_HEADINGS: &[&str] = &[
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

/// Heading names that are sections, never a record's title.
const SECTION_NAMES: &[&str] = &[
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
const NOTICE_WORDS: &[&str] = &[
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

/// Headings that mark a decision record (`## Context`, `## Decision`, MADR sections).
const DECISION_SECTIONS: &[&str] = &[
    "status",
    "context",
    "decision",
    "decisions",
    "consequences",
    "context and problem statement",
    "problem statement",
    "problem",
    "considered options",
    "options",
    "options considered",
    "alternatives",
    "alternatives considered",
    "decision outcome",
    "outcome",
    "rationale",
    "decision drivers",
    "pros and cons of the options",
];

/// Titles that only a template has.
const TEMPLATE_TITLES: &[&str] = &[
    "title",
    "number. title",
    "short title",
    "adr title",
    "decision title",
    "<title>",
    "title of the decision",
    "your title here",
    "[title]",
    "{title}",
];

/// Guidance sentences of well-known templates (adr-tools, Nygard); a record whose body is
/// still made of them is an unfilled stub.
const TEMPLATE_SENTENCES: &[&str] = &[
    "the issue motivating this decision, and any context that influences or constrains the decision.",
    "the change that we're proposing or have agreed to implement.",
    "what becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.",
    "what is the status, such as proposed, accepted, rejected, deprecated, superseded, etc.?",
    "what is the issue that we're seeing that is motivating this decision or change?",
    "what is the change that we're proposing and/or doing?",
    "what becomes easier or more difficult to do because of this change?",
];

/// File stems that are never records (a folder's index page or table of contents).
fn index_reason(name: &str) -> Option<&'static str> {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    // `adr-index`, `0000-index`, `adrs-overview`, `decision-log` (no record number).
    let words: Vec<&str> = stem
        .split(['-', '_', ' '])
        .filter(|w| {
            !w.is_empty()
                && !w.bytes().all(|b| b.is_ascii_digit())
                && !matches!(
                    *w,
                    "adr" | "adrs" | "madr" | "decision" | "decisions" | "architecture"
                )
        })
        .collect();
    let numbered = filename::number_from_file_name(name).is_some_and(|n| n > 0);
    if !numbered
        && matches!(
            words.as_slice(),
            ["index"] | ["overview"] | ["log"] | ["toc"]
        )
    {
        return Some("index page");
    }
    match stem.as_str() {
        "readme" => Some("README"),
        "index" | "_index" => Some("index page"),
        "summary" | "toc" | "contents" | "table-of-contents" => Some("table of contents"),
        "changelog" | "contributing" | "license" | "code_of_conduct" => {
            Some("not a decision record")
        }
        _ => None,
    }
}

/// A title only a template has (`Title`, `Title of the Decision Record`, `[short title of
/// solved problem and solution]`), lower-cased.
fn is_placeholder_title(lower: &str) -> bool {
    TEMPLATE_TITLES.contains(&lower)
        || lower.contains("short title of solved problem")
        || lower == "title of the decision record"
        || lower == "title of the adr"
}

/// Does a folder name mark a folder-per-record (`0012-topic/`, `2022-02-03-topic/`)?
fn is_record_folder(name: &str) -> bool {
    filename::number_from_file_name(name).is_some() || filename::date_from_file_name(name).is_some()
}

/// Whether `c` is a control character that must never reach a page or a value: C0 but
/// tab and line ends, DEL, C1, and the non-characters U+FFFE and U+FFFF.
fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Reads one file in whichever dialect it is written. Control characters (`a\0b`, ESC,
/// DEL, C1) are removed first, with a `control-character` warning at the first one: they
/// are never written into the site.
pub fn read(file: &SourceText, options: &ReadOptions) -> Reading {
    let unusual = |b: u8| b >= 0x80 || b == 0x7f || b < 0x20 && !matches!(b, b'\n' | b'\t' | b'\r');
    if !file.text.bytes().any(unusual) || !file.text.chars().any(is_control) {
        return read_clean(file, options);
    }
    let at = file.text.find(is_control).unwrap_or(0);
    let count = file.text.chars().filter(|&c| is_control(c)).count();
    let first = file.text[at..].chars().next().unwrap_or('\0');
    let warning = Diagnostic::warning(
        Code::ControlCharacter,
        format!(
            "{count} control character{} (the first is U+{:04X}) removed from the file",
            if count == 1 { "" } else { "s" },
            first as u32
        ),
    )
    .at(
        &file.display,
        &file.text,
        Span::at_offset(&file.text, 1, at, 1),
    )
    .hint("control characters are invisible and break pages; delete them from the file");
    let clean = SourceText {
        text: file.text.chars().filter(|&c| !is_control(c)).collect(),
        ..file.clone()
    };
    let mut reading = read_clean(&clean, options);
    reading.diagnostics.insert(0, warning);
    reading
}

/// [`read`] of a file with no control characters.
fn read_clean(file: &SourceText, options: &ReadOptions) -> Reading {
    let mut diagnostics = Vec::new();
    let name = file.source.rsplit('/').next().unwrap_or(&file.source);
    if let Some(reason) = index_reason(name) {
        let parent = file.source.rsplit('/').nth(1);
        if !parent.is_some_and(is_record_folder) {
            return skipped(file, reason, diagnostics);
        }
    }

    let doc = Document::split(&file.text);
    // Every pass over the body below shares this one split into lines.
    let lines: Vec<Line<'_>> = lines_with_fences(doc.body).collect();
    let mut record = base_record(file, &doc, &lines);
    let mut map: Option<Map<'_>> = None;
    if let Some(fm) = doc.front_matter {
        match front_matter::parse(&fm, file) {
            Ok(Some(m)) => {
                if m.entries()
                    .iter()
                    .any(|e| e.value.text().is_some_and(|t| t.contains(": ")))
                {
                    diagnostics.extend(front_matter::colon_warnings(&fm, file));
                }
                diagnostics.extend(front_matter::apply(&mut record, &m, fm, file, options));
                map = Some(m);
            }
            Ok(None) => {}
            Err(d) => {
                diagnostics.push(d);
                return skipped(file, "front matter is not valid YAML", diagnostics);
            }
        }
    }

    let body = doc.body;
    let heads = document::headings_in(body, doc.body_line, &lines);
    let mut sections: Vec<Section<'_>> = Vec::with_capacity(heads.len());
    for level in 1..=6u8 {
        if heads.iter().any(|h| h.level == level) {
            sections.extend(document::sections(body, &heads, level));
        }
    }
    sections.sort_by_key(|s| s.heading.start);

    // ---- Title.
    let mut notice: Option<(String, Vec<Found>)> = None;
    let mut title_heading: Option<Heading<'_>> = None;
    let mut h1_number = None;
    if record.title.is_empty() {
        if let Some((h, text)) = title_heading_of(body, &lines, &heads, doc.body_line) {
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
        let kep = map
            .as_ref()
            .is_some_and(|m| KEP_KEYS.iter().any(|k| m.get(k).is_some()));
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
            .as_ref()
            .and_then(|m| m.get("kep-number"))
            .and_then(Node::text)
            .and_then(|s| s.trim().parse().ok());
        record.number = kep
            .or_else(|| filename::number_from_file_name(&file.source))
            .or(h1_number);
    }

    // ---- Not records: templates and unfilled stubs.
    let stem = name
        .rsplit_once('.')
        .map_or(name, |(s, _)| s)
        .to_ascii_lowercase();
    let title_lower = record.title.to_lowercase();
    let stem_words: Vec<&str> = stem
        .split(['-', '_', ' ', '.'])
        .filter(|w| {
            !w.is_empty()
                && !w.bytes().all(|b| b.is_ascii_digit())
                && !matches!(*w, "adr" | "madr" | "decision" | "record" | "architecture")
        })
        .collect();
    let unnumbered = filename::number_from_file_name(name).is_none_or(|n| n == 0);
    // A folder-per-record whose README kept the template's heading
    // (`0012-use-kafka/README.md` with `# Title of the Decision Record`): the folder names it.
    let folder = file
        .source
        .rsplit('/')
        .nth(1)
        .filter(|f| filename::is_index_name(name) && is_record_folder(f));
    if let Some(folder) = folder
        && is_placeholder_title(&title_lower)
        && !is_unfilled_stub(&lines)
        && let Some(t) = filename::title_from_name(folder)
    {
        record.title = t;
    }
    let title_lower = record.title.to_lowercase();
    if stem_words == ["template"]
        || (unnumbered && stem_words.last() == Some(&"template"))
        || is_placeholder_title(&title_lower)
        || title_lower == "template"
        || title_lower.ends_with(" template")
        || title_lower.starts_with("template ")
        || (!record.title.is_empty() && madr::is_placeholder(&record.title))
    {
        return skipped(file, "template", diagnostics);
    }
    if record.title.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                Code::MissingTitle,
                "file has no title, so it is not read as a record",
            )
            .at(&file.display, &file.text, Span::new(1, 1, 0))
            .hint("add `title:` to the front matter or start the body with `# Title`"),
        );
        return skipped(file, "no title", diagnostics);
    }
    if is_unfilled_stub(&lines) {
        return skipped(file, "unfilled template stub", diagnostics);
    }
    record.draft = is_new_record_draft(&lines);

    // ---- Metadata written in the body.
    let meta = body_metadata(
        body,
        &lines,
        doc.body_line,
        &heads,
        &sections,
        title_heading,
    );
    let mut found: Vec<Found> = meta.found;
    // `status: "superseded by [ADR-0005](0005-x.md)"` in front matter (MADR 3/4).
    if let (Some(raw), Some(fm)) = (record.status_raw.clone(), doc.front_matter) {
        let line = fm
            .yaml
            .lines()
            .position(|l| l.trim_start().starts_with("status:"))
            .map_or(fm.first_line, |k| fm.first_line + k);
        found.extend(
            links::scan_line(&raw, line, 0, Place::Status)
                .into_iter()
                .map(|mut f| {
                    f.from_status = true;
                    f
                }),
        );
        let plain = plain_text(&raw);
        if plain != raw {
            record.status_raw = Some(plain);
        }
    }
    if let Some((_, f)) = &notice {
        found.extend(f.iter().cloned());
    }

    // Status: front matter, then `## Status`, then `Status:` lines, a table cell, the title
    // notice, and last a tag that is a status word.
    if record.status_raw.is_none() {
        let candidates = [
            meta.status_section.clone(),
            meta.status_line.clone(),
            notice.as_ref().map(|(raw, _)| (raw.clone(), 0)),
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
        record.deciders = meta.deciders;
    }
    if record.consulted.is_empty() {
        record.consulted = meta.consulted;
    }
    if record.informed.is_empty() {
        record.informed = meta.informed;
    }
    if record.tags.is_empty() {
        record.tags = meta.tags;
    }

    // A page with no number, no date, no status and none of a decision's sections
    // (a glossary, a how-to beside the records) is not a decision record.
    if record.number.is_none()
        && record.date.is_none()
        && record.status_raw.is_none()
        && !map.as_ref().is_some_and(|m| {
            m.entries()
                .iter()
                .any(|e| NATIVE_KEYS.contains(&e.key.as_ref()))
        })
        && !heads
            .iter()
            .any(|h| DECISION_SECTIONS.contains(&madr::heading_name(h).as_str()))
    {
        return skipped(
            file,
            "not a decision record (no number, date, status or decision sections)",
            diagnostics,
        );
    }

    // ---- MADR sections.
    let m = madr::read(body, &heads, &sections);
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
    record.folded = madr::folded_ranges(
        body,
        &heads,
        &sections,
        options_from_body,
        outcome_from_body,
    );

    // ---- Links between records.
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

    record.format = detect_format(
        map.as_ref(),
        &heads,
        has_madr_sections,
        meta.bullets,
        meta.status_section.is_some() || meta.date_line,
        name,
        h1_number.is_some(),
    );
    Reading {
        outcome: ReadOutcome::Record(Box::new(record)),
        diagnostics,
    }
}

fn push_ref(list: &mut Vec<Reference>, r: Reference) {
    if let Some(existing) = list.iter_mut().find(|e| e.text == r.text) {
        existing.partial &= r.partial;
    } else {
        list.push(r);
    }
}

/// A tag that is only a status word (`Accepted`, `superseded`).
fn status_tag(tag: &str, options: &ReadOptions) -> Option<Status> {
    let t = tag
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let configured = options.statuses.keys().any(|k| k.to_lowercase() == t);
    if !configured && !STATUS_TAGS.contains(&t.as_str()) {
        return None;
    }
    status::canonical(&t, &options.statuses)
}

/// Tags that are a status, not a topic.
const STATUS_TAGS: &[&str] = &[
    "proposed",
    "accepted",
    "rejected",
    "deprecated",
    "superseded",
    "superceded",
    "draft",
    "approved",
    "pending",
    "withdrawn",
    "obsolete",
    "implemented",
    "adopted",
    "declined",
    "retired",
    "in progress",
    "on hold",
    "rfc",
];

/// Long prose statuses are cut at the end of their first sentence.
fn shorten(raw: &str) -> String {
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if raw.chars().count() <= 100 {
        return raw;
    }
    let cut = raw
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | ';') && i > 3 && raw[i + 1..].starts_with(' '))
        .map(|(i, _)| i);
    match cut {
        Some(i) if i < 160 => format!("{} …", &raw[..=i]),
        _ => {
            let s: String = raw.chars().take(100).collect();
            format!("{}…", s.trim_end())
        }
    }
}

/// The heading that carries the title: the first H1, else a `#46.` line with no space,
/// else a first heading that is not a section name (an H2 used as title).
fn title_heading_of<'a>(
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
fn clean_title(raw: &str, line_no: usize) -> (String, Option<u32>, Option<(String, Vec<Found>)>) {
    clean_title_as(raw, line_no, true)
}

/// [`clean_title`], for a title written as markdown (a heading) or as plain data (front
/// matter, whose `<`, `_` and `*` are the title's own characters).
#[allow(clippy::type_complexity)]
fn clean_title_as(
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
fn strip_label_prefix(t: &str) -> &str {
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

fn matching_bracket(t: &str) -> Option<usize> {
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

/// A body made mostly of template placeholders (`[Describe the context …]`, `{option 1}`).
fn is_unfilled_stub(lines: &[Line<'_>]) -> bool {
    let mut content = 0usize;
    let mut placeholders = 0usize;
    let mut guidance = 0usize;
    for (k, &(_, line, fenced)) in lines.iter().enumerate() {
        // Once the lines that are neither placeholders nor guidance outnumber the
        // placeholders even if every line left were one, neither test below can pass: a
        // real record stops about halfway through.
        if content - placeholders > placeholders + (lines.len() - k) {
            return false;
        }
        let t = line.trim();
        if fenced
            || t.is_empty()
            || t.starts_with('#')
            || t.starts_with("<!--")
            || t.starts_with('|')
            || t.starts_with("---")
        {
            continue;
        }
        content += 1;
        if placeholder_share(t) >= 0.6 {
            placeholders += 1;
        } else if t.len() > 40 && t.len() < 160 && is_template_sentence(t) {
            placeholders += 1;
            guidance += 1;
        }
    }
    (content >= 4 && placeholders * 2 >= content) || (guidance >= 2 && guidance * 2 >= content)
}

/// The guidance sentences of the records `hindsight new` writes (native, adr-tools and
/// retrospective templates in `src/author/templates.rs`; `tests/authoring.rs` checks
/// that a new record of each reads as a draft).
const NEW_RECORD_GUIDANCE: &[&str] = &[
    "What problem are we solving, and what forces are at play?",
    "What we will do, in a sentence or two: \"We will ...\".",
    "What becomes easier, what becomes harder, and what would make us revisit this.",
    "Which options did we weigh, and what speaks for and against each?",
    "What we will do: \"We will ...\". What do we favor over what, and why?",
    "What becomes easier, what becomes harder.",
    "What did we expect when we decided, and what happened instead?",
    "Did the decision hold up, need revising, or get reversed? Why?",
    "What would we weigh differently next time?",
];

/// A body that is still the guidance `hindsight new` wrote: at least two of its sentences,
/// and fewer other lines than those (`Date:` and status lines, a retrospective's
/// `Looking back at ...`, adr-tools' `Revisit by ...`). The record is a draft, shown as
/// one rather than as a decision.
fn is_new_record_draft(lines: &[Line<'_>]) -> bool {
    let (mut others, mut guidance) = (0usize, 0usize);
    for &(_, line, fenced) in lines {
        let t = line.trim();
        if fenced || t.is_empty() || t.starts_with('#') || t.starts_with("<!--") {
            continue;
        }
        if NEW_RECORD_GUIDANCE.contains(&t) {
            guidance += 1;
        } else {
            others += 1;
            if others > 3 {
                return false;
            }
        }
    }
    guidance >= 2 && others < guidance
}

/// A guidance sentence from a well-known template, in any letter case.
fn is_template_sentence(t: &str) -> bool {
    if t.is_ascii() {
        TEMPLATE_SENTENCES
            .iter()
            .any(|s| s.len() == t.len() && s.eq_ignore_ascii_case(t))
    } else {
        TEMPLATE_SENTENCES.contains(&t.to_lowercase().as_str())
    }
}

/// The share of a line's characters that sit inside `[...]` or `{...}` placeholders
/// (links are not placeholders).
/// Link targets longer than this are never placeholders (`yyyymmdd-xxx.md` is 15 bytes).
const MAX_PLACEHOLDER_TARGET: usize = 256;

fn placeholder_share(line: &str) -> f32 {
    if memchr::memchr2(b'[', b'{', line.as_bytes()).is_none() {
        return 0.0;
    }
    let stripped = madr::strip_comments(line);
    let t = stripped.trim();
    let t = madr::list_item(t).map_or(t, |(_, s)| s);
    let solid = |s: &str| {
        if s.is_ascii() {
            s.bytes()
                .filter(|b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
                .count()
        } else {
            s.chars().filter(|c| !c.is_whitespace()).count()
        }
    };
    let total = solid(t);
    if total == 0 {
        return 0.0;
    }
    // Each bracket's closer, in one pass (brackets are ASCII, so bytes are enough). Pairs
    // are then taken in order of their opener, skipping those inside one already taken.
    let b = t.as_bytes();
    let (mut square, mut curly, mut pairs) = (Vec::new(), Vec::new(), Vec::new());
    for (k, &c) in b.iter().enumerate() {
        let open = match c {
            b'[' => {
                square.push(k);
                continue;
            }
            b'{' => {
                curly.push(k);
                continue;
            }
            b']' => square.pop(),
            b'}' => curly.pop(),
            _ => continue,
        };
        if let Some(o) = open {
            pairs.push((o, k));
        }
    }
    pairs.sort_unstable();
    // Every `)` of the line, found once: a line of a million `[a](` with no `)` would
    // otherwise scan to its end a million times.
    let closers: Vec<usize> = memchr::memchr_iter(b')', b).collect();
    let mut inside = 0usize;
    let mut next = 0;
    for (o, c) in pairs {
        if o < next {
            continue;
        }
        // `[text](link)` is a link, not a placeholder, unless the link is one too
        // (`[xxx](yyyymmdd-xxx.md)`; no placeholder target is longer than a few hundred
        // bytes, so longer ones are not read).
        let link_end = (b.get(c + 1) == Some(&b'('))
            .then(|| {
                closers
                    .get(closers.partition_point(|&k| k <= c + 1))
                    .copied()
            })
            .flatten();
        match link_end {
            Some(e)
                if e - c <= MAX_PLACEHOLDER_TARGET
                    && links::is_placeholder_target(&t[c + 2..e]) =>
            {
                inside += solid(&t[o..=e]);
                next = e + 1;
                continue;
            }
            Some(_) => {}
            None => inside += solid(&t[o..=c]),
        }
        next = c + 1;
    }
    inside as f32 / total as f32
}

/// What the body says about the record outside its sections' prose.
#[derive(Debug, Default)]
struct BodyMeta {
    /// First line of a `## Status` section, and its line.
    status_section: Option<(String, usize)>,
    /// A `Status:` line, bullet or table cell.
    status_line: Option<(String, usize)>,
    date: Option<Date>,
    /// A date alone on a line of the preamble, with no label (used when no labelled date).
    bare_date: Option<Date>,
    /// A `Review date:` line: a revisit date from a review field.
    review: Option<Date>,
    /// A labelled date that reads both day first and month first, and its line.
    ambiguous_date: Option<(String, usize)>,
    date_line: bool,
    deciders: Vec<String>,
    consulted: Vec<String>,
    informed: Vec<String>,
    tags: Vec<String>,
    /// Metadata written as `* Status:` bullets (MADR 2, log4brains).
    bullets: bool,
    found: Vec<Found>,
}

/// What a metadata label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
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

fn label_of(label: &str) -> Option<Label> {
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
    let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
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
fn labelled(line: &str) -> Option<(Label, &str, usize, bool)> {
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

fn people(value: &str) -> Vec<String> {
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

fn body_metadata<'a>(
    body: &'a str,
    lines: &[Line<'a>],
    body_line: usize,
    heads: &[Heading<'a>],
    sections: &[Section<'a>],
    title: Option<Heading<'a>>,
) -> BodyMeta {
    let mut meta = BodyMeta::default();
    // The preamble: from the start (or the title) to the first other heading.
    let first_other = heads
        .iter()
        .find(|h| Some(h.start) != title.map(|t| t.start) && h.start >= title.map_or(0, |t| t.end))
        .map_or(body.len(), |h| h.start);
    let status_sections: Vec<&Section<'_>> = sections
        .iter()
        .filter(|s| {
            let n = madr::heading_name(&s.heading);
            STATUS_HEADINGS.contains(&n.as_str())
                || STATUS_HEADINGS
                    .iter()
                    .any(|h| n.starts_with(&format!("{h}:")))
        })
        .collect();
    let mut in_status = Cover::new(
        status_sections
            .iter()
            .map(|s| (s.heading.start, s.content_start + s.content.len()))
            .collect(),
    );
    // Table header rows (`| Status | Date |`) and the row below them.
    let mut table_header: Option<Vec<Option<Label>>> = None;

    // Sections that list links to other records (MADR `## Links`, `## Related decisions`).
    let link_sections: Vec<(usize, usize)> = sections
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
        .collect();
    let mut in_link_section = Cover::new(link_sections);
    let mut in_comment = false;
    let mut pending: Option<Label> = None;
    for (i, &(start, line, fenced)) in lines.iter().enumerate() {
        if fenced {
            table_header = None;
            continue;
        }
        // Lines inside a multi-line HTML comment are not metadata.
        if in_comment {
            if document::has(line, "-->") {
                in_comment = false;
            }
            continue;
        }
        // `contains` is a fast vector scan; `find` only runs on the rare line that has one.
        if document::has(line, "<!--")
            && let Some(open) = line.find("<!--")
            && !line[open..].contains("-->")
        {
            in_comment = true;
        }
        let line_no = body_line + i;
        let in_pre = start < first_other;
        let in_st = in_status.covers(start);
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if title.is_some_and(|h| start >= h.start && start < h.end) {
            continue;
        }
        // Tables with labels as column headers; only a table at the top (or in the status
        // section) holds the record's metadata, so other tables are not split into cells.
        if (t.starts_with('|') || t.starts_with(">|") || t.starts_with("> |"))
            && (in_pre || in_st || table_header.is_some())
        {
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
                continue;
            }
            if let Some(header) = table_header.take() {
                for (k, lab) in header.iter().enumerate() {
                    if let (Some(lab), Some(v)) = (lab, cells.get(k)) {
                        record_value(
                            &mut meta,
                            *lab,
                            v,
                            line_no,
                            line.find(v).unwrap_or(0),
                            line,
                            in_pre,
                        );
                    }
                }
                continue;
            }
            let labels: Vec<Option<Label>> = cells.iter().map(|c| label_of(c)).collect();
            // Only a table at the top (or in the status section) holds the record's metadata.
            if (in_pre || in_st) && labels.iter().filter(|l| l.is_some()).count() >= 2 {
                table_header = Some(labels);
                continue;
            }
        } else {
            table_header = None;
        }
        // `**Status**` alone on a line, its value on the next one.
        if let Some(label) = pending.take() {
            let value = madr::list_item(t).map_or(t, |(_, v)| v);
            record_value(
                &mut meta,
                label,
                value,
                line_no,
                line.find(value).unwrap_or(0),
                line,
                in_pre,
            );
            continue;
        }
        if let Some(label) = bare_label(t)
            && (in_pre || in_st || (label == Label::Status && meta.status_line.is_none()))
        {
            pending = Some(label);
            continue;
        }
        if in_pre || in_st {
            if let Some((label, value, at, bullet)) = labelled(line) {
                if bullet && matches!(label, Label::Status | Label::Deciders | Label::Date) {
                    meta.bullets = true;
                }
                record_value(&mut meta, label, value, line_no, at, line, in_pre);
                continue;
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
                continue;
            }
        } else if meta.date.is_none()
            && starts_with_date_label(line)
            && let Some((Label::Date, value, _, _)) = labelled(line)
            && !line.starts_with([' ', '\t'])
            && let Some(d) = Date::find(value)
        {
            meta.date = Some(d);
            meta.date_line = true;
            continue;
        }
        if in_st {
            continue;
        }
        if in_link_section.covers(start) {
            // `* Supersedes [ADR-1](0001-x.md)`, `* Relates to [..](..)`, or a bare link to a record.
            let found = links::scan_line(line, line_no, 0, Place::Status);
            if found.is_empty() {
                if madr::list_item(line).is_some() {
                    for l in links::inline_links(line) {
                        if links::is_record_target(l.dest) && !l.dest.starts_with("http") {
                            let col = line[..l.dest_at].chars().count() + 1;
                            meta.found.push(Found {
                                kind: LinkKind::Relates,
                                reference: Reference {
                                    text: l.dest.to_string(),
                                    span: Span::new(line_no, col, l.dest.chars().count()),
                                    partial: false,
                                },
                                from_status: false,
                            });
                        }
                    }
                }
            } else {
                meta.found.extend(found);
            }
            continue;
        }
        // Prose: supersede wording with a link to a record.
        if has_link_wording(line) {
            meta.found
                .extend(links::scan_line(line, line_no, 0, Place::Prose));
        }
    }

    // `## Date` sections: the first date in them.
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

    // `## Status` sections: the first paragraph is the status; worded links anywhere in it.
    for s in status_sections {
        let heading_value = {
            let n = plain_text(s.heading.text);
            n.split_once(':').map(|(_, v)| v.trim().to_string())
        };
        let mut first: Option<(String, usize)> = heading_value
            .filter(|v| !v.is_empty())
            .map(|v| (v, s.heading.line));
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
            meta.found
                .extend(
                    links::scan_line(line, line_no, 0, place)
                        .into_iter()
                        .map(|mut f| {
                            f.from_status = place == Place::Status;
                            f
                        }),
                );
            // A checklist of statuses: the ticked one.
            if let Some((_, item)) = madr::list_item(st)
                && (item.starts_with("[x]") || item.starts_with("[X]"))
            {
                let v = plain_text(item[3..].trim());
                if !v.is_empty() {
                    first = Some((v, line_no));
                }
                continue;
            }
            if let Some((_, item)) = madr::list_item(st)
                && item.starts_with("[ ]")
            {
                continue;
            }
            if first.is_none() {
                let value = match labelled(st) {
                    Some((Label::Status, v, _, _)) => v.to_string(),
                    Some(_) => continue,
                    None => madr::list_item(st).map_or(st, |(_, s)| s).to_string(),
                };
                let v = plain_text(&value);
                let v = v.trim_matches(['`', '*']).trim().to_string();
                if !v.is_empty() {
                    first = Some((v, line_no));
                }
            }
        }
        if meta.status_section.is_none() {
            meta.status_section = first;
        }
    }
    meta
}

/// Whether offsets, asked in increasing order, fall in any of a set of byte ranges: one
/// pass over the ranges for all the lines of a body, where asking every range for every
/// line is quadratic in a body of ten thousand `## Status` sections.
struct Cover {
    /// `(start, end)`, sorted by start.
    ranges: Vec<(usize, usize)>,
    next: usize,
    /// The furthest end of the ranges started so far.
    reach: usize,
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
fn bare_label(t: &str) -> Option<Label> {
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
fn starts_with_date_label(line: &str) -> bool {
    let t = line.trim_start_matches(['-', '*', '+', '_', ' ', '>']);
    t.len() > 4 && t.as_bytes()[..4].eq_ignore_ascii_case(b"date")
}

fn starts_with_wording(t: &str) -> bool {
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

fn has_link_wording(line: &str) -> bool {
    if !document::has(line, "](") {
        return false;
    }
    // One lowercase copy, then fast substring scans (only lines with a link get here).
    let lower = line.to_ascii_lowercase();
    [
        "supers", "superc", "replace", "amend", "obsolete", "remplac", "overrid",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

#[allow(clippy::too_many_arguments)]
fn record_value(
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

/// Whether `key`, lowercased, is one of `keys` (lowercasing only keys it would change).
fn lowercase_in(key: &str, keys: &[&str]) -> bool {
    if key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        keys.contains(&key)
    } else {
        keys.contains(&key.to_lowercase().as_str())
    }
}

/// Names the dialect a file is written in.
fn detect_format(
    map: Option<&Map<'_>>,
    heads: &[Heading<'_>],
    madr_sections: bool,
    bullets: bool,
    nygard: bool,
    name: &str,
    numbered_h1: bool,
) -> &'static str {
    let has = |keys: &[&str]| {
        map.is_some_and(|m| {
            m.entries()
                .iter()
                .any(|e| !matches!(e.value, Node::Null) && lowercase_in(&e.key, keys))
        })
    };
    if has(NATIVE_KEYS) {
        return "native";
    }
    let madr_headings = heads.iter().any(|h| {
        let n = madr::heading_name(h);
        matches!(
            n.as_str(),
            "context and problem statement"
                | "considered options"
                | "decision outcome"
                | "decision drivers"
        ) || n.starts_with("pros and cons")
    });
    let _ = madr_sections;
    let madr_like = madr_headings;
    let madr4 = has(&["decision-makers"])
        || heads
            .iter()
            .any(|h| madr::heading_name(h) == "confirmation");
    if map.is_some() && madr_like && !bullets {
        return if madr4 { "madr4" } else { "madr3" };
    }
    if bullets || (madr_like && map.is_none()) {
        return if filename::date_from_file_name(name).is_some()
            && name.as_bytes().get(8) == Some(&b'-')
        {
            "log4brains"
        } else {
            "madr2"
        };
    }
    if has(DOCS_KEYS) {
        return "docs";
    }
    if has(MADR_ONLY_KEYS) {
        return if madr4 { "madr4" } else { "madr3" };
    }
    if map.is_some() && !nygard {
        return "native";
    }
    if nygard || numbered_h1 {
        return "adr-tools";
    }
    "native"
}

/// A record with identity and body filled in, and nothing else.
fn base_record(file: &SourceText, doc: &Document<'_>, lines: &[Line<'_>]) -> Record {
    Record {
        id: super::id_for(&file.source),
        source: file.source.clone(),
        package: file.package.clone(),
        format: "native",
        body: doc.body.to_string(),
        body_line: doc.body_line,
        links: {
            let mut l = document::scan_links_in(lines, doc.body_line);
            l.retain(|l| !links::is_placeholder_target(&l.dest));
            l
        },
        ..Record::default()
    }
}

/// A reading that says the file is not a record.
pub fn skipped(file: &SourceText, reason: &str, diagnostics: Vec<Diagnostic>) -> Reading {
    Reading {
        outcome: ReadOutcome::Skipped(Skipped {
            source: file.source.clone(),
            reason: reason.to_string(),
        }),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_numbers_labels_and_notices() {
        let t = |raw: &str| clean_title(raw, 1);
        assert_eq!(t("12. Use **Kafka**").0, "Use Kafka");
        assert_eq!(t("12. Use Kafka").1, Some(12));
        assert_eq!(t("ADR-002: Dash").0, "Dash");
        assert_eq!(t("ADR-XXX: Agree CI/CD").0, "Agree CI/CD");
        assert_eq!(t("Architecture Decision Record: Use ADRs").0, "Use ADRs");
        let (title, _, notice) =
            t("[Superseded by [ADR-0017](0017-persist-dex.md)] Do not persist Dex");
        assert_eq!(title, "Do not persist Dex");
        let (raw, found) = notice.unwrap();
        assert_eq!(raw, "Superseded by ADR-0017");
        assert_eq!(found[0].kind, LinkKind::SupersededBy);
        assert_eq!(found[0].reference.text, "0017-persist-dex.md");
        assert!(found[0].from_status);
        assert_eq!(t("Use Kafka (Superseded)").0, "Use Kafka");
        // Parentheses that are no status stay.
        assert_eq!(
            t("Use RFC 7807 (Problem Details)").0,
            "Use RFC 7807 (Problem Details)"
        );
        assert_eq!(t("Track reviews (review)").0, "Track reviews (review)");
    }

    #[test]
    fn labelled_lines_in_every_form() {
        let l = |s: &str| labelled(s).map(|(l, v, _, b)| (l, v.to_string(), b));
        assert_eq!(
            l("* Status: accepted"),
            Some((Label::Status, "accepted".into(), true))
        );
        assert_eq!(
            l("**Date:** 2020-01-02"),
            Some((Label::Date, "2020-01-02".into(), false))
        );
        assert_eq!(
            l("**Date**: 2020-01-02"),
            Some((Label::Date, "2020-01-02".into(), false))
        );
        assert_eq!(
            l("Date 09/04/2018"),
            Some((Label::Date, "09/04/2018".into(), false))
        );
        assert_eq!(
            l("statut : proposé"),
            Some((Label::Status, "proposé".into(), false))
        );
        assert_eq!(
            l(">| Status       | `RFC`   |"),
            Some((Label::Status, "`RFC`".into(), false))
        );
        assert_eq!(
            l("- Decision-makers: Ana, Wei"),
            Some((Label::Deciders, "Ana, Wei".into(), true))
        );
        assert_eq!(l("Note: this is prose"), None);
        assert_eq!(l("Dates are hard"), None);
        assert_eq!(bare_label("**Status**"), Some(Label::Status));
        assert_eq!(bare_label("**Status is hard**"), None);
    }

    #[test]
    fn stubs_are_mostly_placeholders() {
        let stub = |body: &str| is_unfilled_stub(&lines_with_fences(body).collect::<Vec<_>>());
        assert!(stub(
            "* Status: [proposed | accepted]\n* Deciders: [list everyone]\n\n## Context\n\n[Describe the context.]\n\n## Considered Options\n\n* [option 1]\n* [option 2]\n"
        ));
        assert!(!stub(
            "* Status: accepted\n\n## Context\n\nWe need a database.\nPostgreSQL is what we run.\n\n## Considered Options\n\n* [PostgreSQL](https://postgresql.org)\n* MySQL\n"
        ));
    }

    #[test]
    fn placeholder_share_counts_brackets_that_close_and_are_not_links() {
        assert_eq!(placeholder_share("no brackets"), 0.0);
        assert_eq!(placeholder_share("[all of it]"), 1.0);
        assert_eq!(placeholder_share("[a link](x.md)"), 0.0);
        // `[` never closes; `{b}` is 3 of the 5 visible characters.
        assert_eq!(placeholder_share("[a {b}"), 0.6);
        assert_eq!(placeholder_share("[[x] y"), 0.6);
        // Ten thousand unclosed brackets take one pass, not ten thousand.
        let nasty = "[".repeat(10_000) + &"{".repeat(10_000);
        assert_eq!(placeholder_share(&nasty), 0.0);
    }

    #[test]
    fn long_statuses_are_cut_after_their_first_sentence() {
        let long = "proposed. This ADR did not reach consensus, with strong arguments on both sides, however due to needing a decision in a timely manner it is followed.";
        assert_eq!(shorten(long), "proposed. …");
        assert_eq!(shorten("  Accepted \n"), "Accepted");
    }
}
