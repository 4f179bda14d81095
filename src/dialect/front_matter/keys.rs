//! The keys hindsight knows, each read onto the [`Record`]: number, title, status and date,
//! people and tags, options, trade-offs, outcome, revisit (and the review fields teams
//! already write), relations and `links`, retrospectives' verdicts, `applies_to`. An
//! unknown key one or two letters from a known one is a warning.

use super::fields::{Fields, non_empty, text_of};
use crate::date::{Date, Interval};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::discover::SourceText;
use crate::document::FrontMatter;
use crate::record::{
    Choice, Kind, Outcome, PathGlob, Record, Reference, RevisitSource, Tradeoff, Verdict,
};
use crate::yaml::node::{Map, Node};

/// Keys hindsight understands; a key one or two letters off one of these gets a warning.
pub const KNOWN_KEYS: &[&str] = &[
    "id",
    "number",
    "title",
    "status",
    "date",
    "deciders",
    "decision-makers",
    "consulted",
    "informed",
    "tags",
    "options",
    "tradeoffs",
    "outcome",
    "revisit",
    "supersedes",
    "superseded_by",
    "superseded-by",
    "replaces",
    "relates",
    "related",
    "links",
    "kind",
    "reviews",
    "verdict",
    "next_revisit",
    "creation-date",
    "review_date",
    "review-date",
    "next_review",
    "next-review",
    "review_in",
    "last_reviewed_on",
    "confidence",
    "reversible",
    "expect",
    "process",
    "expectations",
    "applies_to",
];

/// Keys common in real front matter that are not hindsight's and not typos of its keys,
/// however close they look (`reviewers` is two letters from `reviews`): never near-misses.
pub const COMMON_KEYS: &[&str] = &[
    "reviewers",
    "reviewer",
    "approvers",
    "approver",
    "authors",
    "author",
    "owner",
    "owners",
    "owner_slack",
    "owner-slack",
    "editor",
    "editors",
    "contributors",
    "stakeholders",
    "participating-sigs",
    "owning-sig",
    "see-also",
    "last-updated",
    "last_updated",
    "last_reviewed_on",
    "review_in",
    "reviewed",
    "updated",
    "created",
    "state",
    "stage",
    "latest-milestone",
    "milestone",
    "category",
    "categories",
    "keywords",
    "labels",
    "related_issues",
    "issue",
    "issues",
    "links",
];

/// Fills `record` from the front matter keys; returns the warnings.
pub fn apply(
    record: &mut Record,
    map: &Map<'_>,
    fm: FrontMatter<'_>,
    file: &SourceText,
    options: &super::super::ReadOptions,
) -> Vec<Diagnostic> {
    let mut f = Fields::new(map, fm, file);

    // Half a million unknown keys get twenty warnings and a count.
    let mut repeats = crate::diagnostic::Repeats::default();
    for entry in map.entries() {
        let k: &str = &entry.key;
        // Lowercasing changes nothing in a key of lowercase ASCII, digits and dashes.
        let lowercase = k.bytes().all(|b| !b.is_ascii_uppercase() && b.is_ascii());
        let lower = if lowercase {
            std::borrow::Cow::Borrowed(k)
        } else {
            std::borrow::Cow::Owned(k.to_lowercase())
        };
        if KNOWN_KEYS.contains(&lower.as_ref()) || COMMON_KEYS.contains(&lower.as_ref()) {
            continue;
        }
        if let Some(s) = crate::near_miss::suggest(k, KNOWN_KEYS) {
            if !repeats.admit(&file.display, Code::NearMissKey, Severity::Warning) {
                continue;
            }
            let span = f.span(k);
            f.diagnostics.push(
                Diagnostic::warning(Code::NearMissKey, format!("unknown key `{k}` is ignored"))
                    .at(&file.display, &file.text, span)
                    .hint(format!("did you mean `{s}`?")),
            );
        }
    }
    f.diagnostics.extend(repeats.left_out());

    if let Some(n) = f.text_str(&["number", "id"]).and_then(|s| {
        s.trim_start_matches('0')
            .parse::<u32>()
            .ok()
            .or_else(|| s.parse().ok())
    }) {
        record.number = Some(n);
    }
    if let Some(title) = f.text_str(&["title"]) {
        record.title = crate::document::squeeze_spaces(title);
    }
    if let Some(status) = f.text(&["status"]) {
        let canonical = crate::status::canonical(&status, &options.statuses);
        record.status = canonical.unwrap_or_default();
        if canonical.is_none() {
            let span = f.span("status");
            f.diagnostics.push(
                Diagnostic::warning(
                    Code::UnknownStatus,
                    format!("status `{status}` is not one hindsight knows"),
                )
                .at(&file.display, &file.text, span)
                .hint(crate::status::unknown_hint(&status)),
            );
        }
        record.status_raw = Some(status);
    }
    record.date = f.date(&["date", "creation-date", "created"]);
    record.deciders = f.list(&["deciders", "decision-makers"]);
    record.consulted = f.list(&["consulted"]);
    record.informed = f.list(&["informed"]);
    record.tags = f.list(&["tags"]);

    if let Some(kind) = f.text_str(&["kind"]) {
        match kind.to_lowercase().as_str() {
            "retrospective" | "retro" | "review" => record.kind = Kind::Retrospective,
            "decision" | "adr" | "record" => record.kind = Kind::Decision,
            _ => {
                let span = f.span("kind");
                f.diagnostics.push(
                    Diagnostic::warning(
                        Code::FrontMatterValue,
                        format!("`kind: {kind}` is not a kind of record"),
                    )
                    .at(&file.display, &file.text, span)
                    .hint("use `kind: decision` (the default) or `kind: retrospective`"),
                );
            }
        }
    }

    record.options = options_from(&mut f);
    record.tradeoffs = tradeoffs_from(&mut f);
    record.outcome = outcome_from(&mut f);
    revisit_from(&mut f, record);

    record.supersedes = f.references(&["supersedes", "replaces"]);
    record.superseded_by = f.references(&["superseded_by", "superseded-by"]);
    record.relates = f.references(&["relates", "related"]);
    links_from(&mut f, record);
    record.reviews = f.references(&["reviews"]).into_iter().next();
    if let Some(v) = f.text_str(&["verdict"]) {
        record.verdict = Verdict::parse(v);
        if record.verdict.is_none() {
            let span = f.span("verdict");
            f.diagnostics.push(
                Diagnostic::warning(
                    Code::FrontMatterValue,
                    format!("`verdict: {v}` is not a verdict"),
                )
                .at(&file.display, &file.text, span)
                .hint("use held-up, revised or reversed"),
            );
        }
    }
    record.next_revisit = f.date(&["next_revisit", "next-revisit"]);
    applies_to_from(&mut f, record);
    if record.reviews.is_some() {
        record.kind = Kind::Retrospective;
    }
    record.expectations = crate::expectation::read(&mut f, file);
    f.diagnostics
}

/// `applies_to`: the paths a decision governs; a glob that does not compile is a warning
/// at its place, and is left out.
fn applies_to_from(f: &mut Fields<'_>, record: &mut Record) {
    for r in f.references(&["applies_to", "applies-to"]) {
        match crate::governance::check_glob(&r.text) {
            Ok(()) => record.applies_to.push(PathGlob {
                text: r.text,
                span: r.span,
            }),
            Err(e) => f.diagnostics.push(
                Diagnostic::warning(Code::InvalidGlob, format!("`{}` is not a glob: {e}", r.text))
                    .at(&f.file.display, &f.file.text, r.span)
                    .hint("write gitignore-style globs from the repository root: `src/ledger/**`, `*.sql`, `docs/api/*.md`"),
            ),
        }
    }
}

/// `links`: relations in words (ADR-0063), one mapping per link: `to` (a number, id or
/// path), `link` (the words from this record: `Amends`) and, optionally, `reverse` (the
/// words from the other record back: `Amended by`). An item that is a plain reference
/// relates without words.
fn links_from(f: &mut Fields<'_>, record: &mut Record) {
    let items = match f.get(&["links"]) {
        Some((_, Node::Seq(items))) => items,
        Some((key, _)) => {
            f.warn(
                key,
                "`links` should be a list".into(),
                "write one `- to: 2` with `link: Amends` per link",
            );
            return;
        }
        None => return,
    };
    let key_line = f.key_line("links");
    let mut resume = None;
    for item in items {
        let (to, words, reverse) = match item {
            Node::Map(m) => {
                let Some(to) = text_of(m, "to") else {
                    let span = f.span("links");
                    f.diagnostics.push(
                        Diagnostic::warning(
                            Code::FrontMatterValue,
                            "an item of `links` has no `to`, so it links nowhere".to_string(),
                        )
                        .at(&f.file.display, &f.file.text, span)
                        .hint("write `- to: 2` (a number, an id or a path) with `link: Amends`"),
                    );
                    continue;
                };
                (
                    to,
                    text_of(m, "link").map(|w| super::super::links::capitalised(&w)),
                    text_of(m, "reverse").map(|w| super::super::links::capitalised(&w)),
                )
            }
            // A web address (`links: [https://...]`, as some teams keep) is not a record.
            other => match other.text().and_then(non_empty) {
                Some(t) if !t.contains("://") => (t.to_string(), None, None),
                _ => continue,
            },
        };
        let span = f.value_span_from(key_line, &to, &mut resume);
        let r = Reference {
            text: to,
            span,
            partial: false,
            words,
            reverse,
        };
        // A plain `relates` entry for the same record takes these words; the same record
        // in other words is another relation.
        match record
            .relates
            .iter_mut()
            .find(|e| e.text == r.text && (e.words.is_none() || e.words == r.words))
        {
            Some(e) => {
                e.words = r.words.or(e.words.take());
                e.reverse = r.reverse.or(e.reverse.take());
            }
            None => record.relates.push(r),
        }
    }
}

fn options_from(f: &mut Fields<'_>) -> Vec<Choice> {
    let items = match f.get(&["options"]) {
        Some((_, Node::Seq(items))) => items,
        Some((key, _)) => {
            f.warn(
                key,
                "`options` should be a list".into(),
                "write one `- name: ...` per option",
            );
            return Vec::new();
        }
        None => return Vec::new(),
    };
    items
        .iter()
        .filter_map(|item| match item {
            Node::Map(m) => {
                let list = |k: &str| match m.get(k) {
                    Some(Node::Seq(s)) => s
                        .iter()
                        .filter_map(Node::text)
                        .map(|s| s.trim().to_string())
                        .collect(),
                    Some(v) => v.text().map(|s| vec![s.to_string()]).unwrap_or_default(),
                    None => Vec::new(),
                };
                Some(Choice {
                    name: text_of(m, "name").or_else(|| text_of(m, "title"))?,
                    summary: text_of(m, "summary").or_else(|| text_of(m, "description")),
                    pros: list("pros"),
                    cons: list("cons"),
                })
            }
            other => other.text().map(|name| Choice {
                name: name.to_string(),
                ..Choice::default()
            }),
        })
        .collect()
}

/// The most trade-offs read from one record: no decision states more, and a front matter of
/// 100,000 of them made the trade-offs page hundreds of megabytes.
pub const MAX_TRADEOFFS: usize = 64;

fn tradeoffs_from(f: &mut Fields<'_>) -> Vec<Tradeoff> {
    let Some((key, Node::Seq(items))) = f.get(&["tradeoffs", "trade-offs", "trade_offs"]) else {
        return Vec::new();
    };
    if items.len() > MAX_TRADEOFFS {
        let span = f.span(key);
        f.diagnostics.push(
            Diagnostic::warning(
                Code::TooManyTradeoffs,
                format!(
                    "the first {MAX_TRADEOFFS} trade-offs are read; {} more are left out",
                    items.len() - MAX_TRADEOFFS
                ),
            )
            .at(&f.file.display, &f.file.text, span)
            .hint("no decision weighs that many trade-offs; keep the ones that decided it"),
        );
    }
    items
        .iter()
        .take(MAX_TRADEOFFS)
        .filter_map(|item| match item {
            Node::Map(m) => Some(Tradeoff {
                favor: text_of(m, "favor").or_else(|| text_of(m, "favour"))?,
                over: text_of(m, "over")?,
                why: text_of(m, "why"),
            }),
            // `- consistency over throughput`
            other => {
                let (a, b) = other.text()?.split_once(" over ")?;
                Some(Tradeoff {
                    favor: a.trim().to_string(),
                    over: b.trim().to_string(),
                    why: None,
                })
            }
        })
        .collect()
}

fn outcome_from(f: &mut Fields<'_>) -> Option<Outcome> {
    let (_, v) = f.get(&["outcome"])?;
    match v {
        // `chosen:` and `rationale:` both left empty (as `new` writes them) say nothing.
        Node::Map(m) => Some(Outcome {
            chosen: text_of(m, "chosen"),
            rationale: text_of(m, "rationale").or_else(|| text_of(m, "because")),
        })
        .filter(|o| o.chosen.is_some() || o.rationale.is_some()),
        other => other.text().map(|c| Outcome {
            chosen: Some(c.to_string()),
            rationale: None,
        }),
    }
}

/// `revisit`, then review fields teams already write, whose date is a revisit date
/// (`revisit.source: "review"`).
const REVISIT_KEYS: &[&str] = &[
    "revisit",
    "review_date",
    "review-date",
    "next_review",
    "next-review",
    "next_review_date",
    "next-review-date",
    "review_by",
    "review-by",
];

fn revisit_from(f: &mut Fields<'_>, record: &mut Record) {
    let Some((key, v)) = f.get(REVISIT_KEYS) else {
        review_interval_from(f, record);
        return;
    };
    if key != "revisit" {
        record.revisit.source = RevisitSource::Review;
    }
    match v {
        Node::Map(m) => {
            let date_text = m.get("date").and_then(Node::text);
            record.revisit.when = m
                .get("when")
                .or_else(|| m.get("trigger"))
                .and_then(Node::text)
                .map(|s| s.trim().to_string());
            if let Some(t) = date_text {
                record.revisit.date = Date::parse_iso(t.trim()).or_else(|| Date::find(t));
                if record.revisit.date.is_none() {
                    f.warn(
                        key,
                        format!("revisit date `{t}` is not a date"),
                        "write dates as YYYY-MM-DD",
                    );
                }
            }
        }
        other => {
            let Some(t) = other.text() else {
                f.warn(
                    key,
                    "`revisit` should be a date or a mapping with `date` and `when`".into(),
                    "write `revisit: 2027-03-01`",
                );
                return;
            };
            match Date::parse_iso(t.trim()).or_else(|| Date::find(t)) {
                Some(d) => record.revisit.date = Some(d),
                // `revisit: when volume doubles` is a trigger with no date.
                None => record.revisit.when = Some(t.trim().to_string()),
            }
        }
    }
}

/// GOV.UK tech-docs pages: `review_in: 6 months` after `last_reviewed_on: 2024-12-19`
/// (else after the record's date) is the next review, a revisit date from a review field.
/// `last_reviewed_on` is a review date, never the decision's date.
fn review_interval_from(f: &mut Fields<'_>, record: &mut Record) {
    let Some(text) = f.text_str(&["review_in", "review-in"]) else {
        return;
    };
    let Some(every) = Interval::parse(text) else {
        let key = f
            .get(&["review_in", "review-in"])
            .map_or("review_in", |(k, _)| k);
        f.warn(
            key,
            format!("`{key}: {text}` is not an interval"),
            "write a number and a unit: `6 months`, `2 weeks`, `90 days`, `1 year`",
        );
        return;
    };
    let last = f.date(&[
        "last_reviewed_on",
        "last-reviewed-on",
        "last_reviewed",
        "reviewed_on",
    ]);
    if let Some(from) = last.or(record.date) {
        record.revisit.date = Some(from.plus(every));
        record.revisit.source = RevisitSource::Review;
    }
}
