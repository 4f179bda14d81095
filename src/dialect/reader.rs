//! The one reader behind every dialect: a file is split once, its front matter applied,
//! then the body is read for what the front matter did not say: title (first H1, a title
//! notice removed), status (`## Status` section, `* Status:` bullets, a table cell, a
//! status notice in the title, status tags), date (`Date:` lines in every form, else a
//! date in the file name), deciders, tags, MADR options and outcome, and supersede,
//! replace and amend links worded anywhere. The dialect is detected per file and named
//! in [`Record::dialect`]; the pieces live beside it: [`super::title`], [`super::body_metadata`],
//! [`super::stub`] (template stubs and drafts) and [`super::detect`] (which dialect).

use super::body_fields::*;
use super::body_metadata::*;
use super::detect::*;
use super::links::{self, Found, Place};
use super::stub::*;
use super::{Dialect, ReadAs, ReadOptions, Reading, filename, front_matter, madr};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::discover::SourceText;
use crate::document::{self, Document, Line, Section, plain_text};
use crate::record::{Record, Reference, Skipped, Status};
use crate::status;
use crate::yaml::node::Map;

/// Front matter keys only KEPs (Kubernetes enhancement proposals) have.
/// The most headings read for a record's title, status and sections: a body of a million
/// headings would otherwise hold a million sections (hundreds of megabytes) to find them.
const MAX_HEADINGS: usize = 50_000;

pub(super) const KEP_KEYS: &[&str] = &["kep-number", "owning-sig", "participating-sigs"];

/// Headings that mark a decision record (`## Context`, `## Decision`, MADR sections).
pub(super) const DECISION_SECTIONS: &[&str] = &[
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

/// File stems that are never records (a folder's index page or table of contents).
pub(super) fn index_reason(name: &str) -> Option<&'static str> {
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

/// Does a folder name mark a folder-per-record (`0012-topic/`, `2022-02-03-topic/`)?
pub(super) fn is_record_folder(name: &str) -> bool {
    filename::number_from_file_name(name).is_some() || filename::date_from_file_name(name).is_some()
}

/// Whether `c` is a control character that must never reach a page or a value: C0 but
/// tab and line ends, DEL, C1, and the non-characters U+FFFE and U+FFFF.
pub(super) fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Reads one file in whichever dialect it is written. Control characters (`a\0b`, ESC,
/// DEL, C1) are removed first, with a `control-character` warning at the first one: they
/// are never written into the site.
pub fn read(file: &SourceText, options: &ReadOptions) -> Reading {
    if !crate::document::has_unusual_byte(&file.text, true) || !file.text.chars().any(is_control) {
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
///
/// In phases: the front matter onto a record; the headings and their sections; the title;
/// files that are not records (templates, stubs, pages with no title); the metadata the
/// body writes (status, dates, people, links); pages that are not decisions; MADR
/// sections; links; the dialect.
pub(super) fn read_clean(file: &SourceText, options: &ReadOptions) -> Reading {
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
    let lines = document::collect_lines(doc.body);
    let mut record = base_record(file, &doc, &lines, !options.metadata_only);
    let Ok(map) = apply_front_matter(&mut record, &doc, file, options, &mut diagnostics) else {
        return skipped(file, "front matter is not valid YAML", diagnostics);
    };
    let body = doc.body;
    let Outline {
        heads,
        sectioned,
        sections,
    } = outline(&doc, &lines, file, &mut diagnostics);

    // ---- Title.
    let Titled {
        notice,
        heading: title_heading,
        h1_number,
    } = title_and_number(&mut record, map.as_ref(), &doc, &lines, &heads, file);

    // ---- Not records: templates and unfilled stubs.
    if let Some(reason) = not_a_record(&mut record, name, file, &lines, &mut diagnostics) {
        return skipped(file, reason, diagnostics);
    }
    record.draft = is_new_record_draft(&lines);

    // ---- Metadata written in the body.
    let mut meta = body_metadata(
        body,
        &lines,
        doc.body_line,
        &heads,
        &sections,
        title_heading,
    );
    let mut found: Vec<Found> = std::mem::take(&mut meta.found);
    links_in_front_matter_status(&mut record, &doc, &mut found);
    if let Some((_, f)) = &notice {
        found.extend(f.iter().cloned());
    }

    status_from_body(
        &mut record,
        &meta,
        notice.as_ref(),
        file,
        options,
        &mut diagnostics,
    );

    dates_and_people_from_body(&mut record, &mut meta, file, &mut diagnostics);

    if !looks_like_a_decision(&record, map.as_ref(), &heads) {
        return skipped(
            file,
            "not a decision record (no number, date, status or decision sections)",
            diagnostics,
        );
    }

    // ---- MADR sections.
    let has_madr_sections = madr_sections(
        &mut record,
        sectioned,
        &heads,
        &sections,
        file,
        options,
        &mut diagnostics,
    );

    // ---- Links between records.
    attach_links(&mut record, found);

    record.dialect = detect_dialect(
        map.as_ref(),
        &heads,
        has_madr_sections,
        meta.bullets,
        meta.status_section.is_some() || meta.date_line,
        name,
        h1_number.is_some(),
    );
    Reading {
        read_as: ReadAs::Record(Box::new(record)),
        diagnostics,
    }
}

/// Reads the front matter onto `record` (with a warning for values cut at `: `); its
/// mapping, if any. `Err`: it is not valid YAML (the diagnostic is pushed), and the file
/// is skipped.
fn apply_front_matter<'a>(
    record: &mut Record,
    doc: &Document<'a>,
    file: &SourceText,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Map<'a>>, ()> {
    let Some(fm) = doc.front_matter else {
        return Ok(None);
    };
    match front_matter::parse(&fm, file) {
        Ok(Some(m)) => {
            if m.entries()
                .iter()
                .any(|e| e.value.text().is_some_and(|t| t.contains(": ")))
            {
                diagnostics.extend(front_matter::colon_warnings(&fm, file));
            }
            diagnostics.extend(front_matter::apply(record, &m, fm, file, options));
            Ok(Some(m))
        }
        Ok(None) => Ok(None),
        Err(d) => {
            diagnostics.push(d);
            Err(())
        }
    }
}

/// The body's headings (the first [`MAX_HEADINGS`]), the part of the body they cover,
/// and their sections in order.
struct Outline<'a> {
    heads: Vec<document::Heading<'a>>,
    /// The body up to the first heading left out: sections and folded ranges end there.
    sectioned: &'a str,
    sections: Vec<Section<'a>>,
}

fn outline<'a>(
    doc: &Document<'a>,
    lines: &[Line<'a>],
    file: &SourceText,
    diagnostics: &mut Vec<Diagnostic>,
) -> Outline<'a> {
    let body = doc.body;
    let mut heads = document::headings_in(body, doc.body_line, lines);
    let mut sectioned = body;
    if heads.len() > MAX_HEADINGS {
        sectioned = &body[..heads[MAX_HEADINGS].start];
        diagnostics.push(
            Diagnostic::warning(
                Code::TooManyHeadings,
                format!(
                    "the first {MAX_HEADINGS} headings are read for the record's title, status and sections; {} more are left out (they still render)",
                    heads.len() - MAX_HEADINGS
                ),
            )
            .at(
                &file.display,
                &file.text,
                Span::new(heads[MAX_HEADINGS].line, 1, 1),
            )
            .hint("a decision record has a few sections; split the file, or make the extra headings text"),
        );
        heads.truncate(MAX_HEADINGS);
        heads.shrink_to_fit();
    }
    let mut sections: Vec<Section<'_>> = Vec::with_capacity(heads.len());
    for level in 1..=6u8 {
        if heads.iter().any(|h| h.level == level) {
            sections.extend(document::sections(sectioned, &heads, level));
        }
    }
    sections.sort_by_key(|s| s.heading.start);
    Outline {
        heads,
        sectioned,
        sections,
    }
}

/// Why the titled file `name` is not a record, if it is not: a template (by its name or
/// its placeholder title), a file with no title (with a `missing-title` warning), or an
/// unfilled stub. A folder-per-record README that kept the template's heading takes its
/// folder's name as its title first.
fn not_a_record(
    record: &mut Record,
    name: &str,
    file: &SourceText,
    lines: &[Line<'_>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'static str> {
    let stem = name
        .rsplit_once('.')
        .map_or(name, |(s, _)| s)
        .to_ascii_lowercase();
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
        && is_placeholder_title(&record.title.to_lowercase())
        && !is_unfilled_stub(lines)
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
        return Some("template");
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
        return Some("no title");
    }
    if is_unfilled_stub(lines) {
        return Some("unfilled template stub");
    }
    None
}

/// The links in a front matter status (`status: "superseded by [ADR-0005](0005-x.md)"`,
/// MADR 3/4), and the status as plain text.
fn links_in_front_matter_status(record: &mut Record, doc: &Document<'_>, found: &mut Vec<Found>) {
    let (Some(raw), Some(fm)) = (record.status_raw.as_deref(), doc.front_matter) else {
        return;
    };
    let line = fm
        .yaml
        .lines()
        .position(|l| l.trim_start().starts_with("status:"))
        .map_or(fm.first_line, |k| fm.first_line + k);
    found.extend(
        links::scan_line(raw, line, 0, Place::Status)
            .into_iter()
            .map(|mut f| {
                f.from_status = true;
                f
            }),
    );
    let plain = plain_text(raw);
    if plain != raw {
        record.status_raw = Some(plain);
    }
}

/// Whether the page is a decision record: a number, a date, a status, a native key or one
/// of a decision's sections. A glossary or a how-to beside the records has none.
fn looks_like_a_decision(
    record: &Record,
    map: Option<&Map<'_>>,
    heads: &[document::Heading<'_>],
) -> bool {
    record.number.is_some()
        || record.date.is_some()
        || record.status_raw.is_some()
        || map.is_some_and(|m| {
            m.entries()
                .iter()
                .any(|e| NATIVE_KEYS.contains(&e.key.as_ref()))
        })
        || heads
            .iter()
            .any(|h| DECISION_SECTIONS.contains(&madr::heading_name(h).as_str()))
}

pub(super) fn push_ref(list: &mut Vec<Reference>, r: Reference) {
    // The same record in other words (`Amends`, `Clarifies`) is another relation.
    if let Some(existing) = list.iter_mut().find(|e| {
        e.text == r.text && (e.words.is_none() || r.words.is_none() || e.words == r.words)
    }) {
        existing.partial &= r.partial;
        if existing.words.is_none() {
            existing.words = r.words;
        }
    } else {
        list.push(r);
    }
}

/// A tag that is only a status word (`Accepted`, `superseded`).
pub(super) fn status_tag(tag: &str, options: &ReadOptions) -> Option<Status> {
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
pub(super) const STATUS_TAGS: &[&str] = &[
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
pub(super) fn shorten(raw: &str) -> String {
    let raw = crate::document::squeeze_spaces(raw);
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

/// A record with identity and body filled in, and nothing else.
pub(super) fn base_record(
    file: &SourceText,
    doc: &Document<'_>,
    lines: &[Line<'_>],
    keep_body: bool,
) -> Record {
    Record {
        id: super::id_for(&file.source),
        source: file.source.clone(),
        package: file.package.clone(),
        dialect: Dialect::Native,
        body: if keep_body {
            doc.body.to_string()
        } else {
            String::new()
        },
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
        read_as: ReadAs::Skipped(Skipped {
            source: file.source.clone(),
            reason: reason.to_string(),
        }),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::links::LinkKind;
    use crate::dialect::title::clean_title;
    use crate::document::lines_with_fences;

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
    fn mostly_placeholder_says_what_the_share_says() {
        let lines = [
            "no brackets",
            "[all of it]",
            "[a link](x.md)",
            "[a {b}",
            "[[x] y",
            "[a] b",
            "[a] bc",
            "* [option 1]",
            "12. {title of option 1} and a few more words after it",
            "See [Evaluate etcd](./00014-evaluate-etcd.md) for the background on this.",
            "[xxx](yyyymmdd-xxx.md)",
            "[xxx](yyyymmdd-xxx.md) with words after it",
            "words before [xxx](yyyymmdd-xxx.md)",
            "[Describe the context and problem statement] <!-- a long comment that is removed -->",
            "<!-- [a comment] --> text",
            "[Beschreibung des Kontexts für dieses Ärgernis] ok",
            "ünïcödé [ünïcödé] ünïcödé",
            "] backwards [",
            "{a} [b] (c) text text text",
            "   ",
            "[",
        ];
        for l in lines {
            assert_eq!(
                is_mostly_placeholder(l),
                placeholder_share(l) >= 0.6,
                "{l:?} (share {})",
                placeholder_share(l)
            );
        }
    }

    #[test]
    fn long_statuses_are_cut_after_their_first_sentence() {
        let long = "proposed. This ADR did not reach consensus, with strong arguments on both sides, however due to needing a decision in a timely manner it is followed.";
        assert_eq!(shorten(long), "proposed. …");
        assert_eq!(shorten("  Accepted \n"), "Accepted");
    }
}
