//! Lints: problems `hindsight check` reports on top of everything a build reports.
//!
//! A build only cares whether the records can be rendered; a check also asks whether they
//! keep their promises: accepted decisions with a revisit date, revisits done on time,
//! numbers used once, dates written down, statuses that agree with the links. Every lint
//! is a warning with a stable code, a position and a hint. Pure: no I/O.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Span};
use crate::history::History;
use crate::record::{Kind, Status};
use crate::resolve::{Model, Resolved, Sources};
use crate::revisit::RevisitState;

/// Every lint code, for documentation and `--allow`.
pub const CODES: &[&str] = &[
    "accepted-without-revisit",
    "overdue-revisit",
    "duplicate-number",
    "missing-date",
    "superseded-without-successor",
    "retrospective-without-verdict",
    "revisit-before-date",
];

/// What the lints need besides the model.
#[derive(Debug, Clone, Default)]
pub struct LintOptions<'a> {
    /// Warn about accepted decisions with no revisit date (`require_revisit` in the configuration).
    pub require_revisit: bool,
    /// Source paths of the records whose file states no date (before the git date rule).
    pub undated: BTreeSet<String>,
    /// What git says, to name the date the site uses instead.
    pub history: Option<&'a History>,
}

/// Runs every lint over `model`. `sources` gives each record's display name and text.
pub fn lint(model: &Model, sources: &Sources<'_>, options: &LintOptions<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |r: &Resolved, d: Diagnostic, span: Span| -> Diagnostic {
        let (display, text) = sources
            .get(r.record.source.as_str())
            .copied()
            .unwrap_or((r.display.as_str(), ""));
        if text.is_empty() {
            d.in_file(display)
        } else {
            d.at(display, text, span)
        }
    };
    let text_of = |r: &Resolved| -> &str {
        sources
            .get(r.record.source.as_str())
            .map_or("", |(_, t)| *t)
    };
    let plural = |n: i64| if n == 1 { "" } else { "s" };

    // Each record's own problems, checked in parallel (the list is sorted at the end).
    let per_record = |r: &Resolved| -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let rec = &r.record;
        let text = text_of(r);

        if options.require_revisit && r.revisit.state == Some(RevisitState::Unplanned) {
            let message = match rec.revisit.when.as_deref() {
                Some(w) => {
                    format!("accepted decision has a revisit trigger (“{w}”) but no revisit date")
                }
                None => "accepted decision has no revisit date".to_string(),
            };
            out.push(
                at(
                    r,
                    Diagnostic::warning("accepted-without-revisit", message),
                    status_span(text, rec.status_raw.as_deref()),
                )
                .hint(
                    "add `revisit: YYYY-MM-DD` to the front matter (with `when:` for a trigger), \
                     set a review policy (`review_after = \"12 months\"` in hindsight.toml), \
                     or set `require_revisit = false`",
                ),
            );
        }

        if r.revisit.state == Some(RevisitState::Overdue)
            && let Some(due) = r.revisit.date
        {
            let late = due.days_until(model.today).max(0);
            // The date in force is the latest retrospective's `next_revisit`, when one reviews it.
            let setter = r
                .retrospectives
                .iter()
                .map(|&j| &model.records[j])
                .max_by_key(|x| x.record.date)
                .filter(|x| x.record.next_revisit == Some(due));
            let by = crate::revisit::source_note(r.revisit.source, model.review_after)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let message = format!(
                "revisit of “{}” was due on {due}{by}, {late} day{} ago",
                rec.title,
                plural(late)
            );
            let hint = "review the decision and record the result as a retrospective \
                        (`kind: retrospective`, `reviews:`, `verdict:`), or move the revisit date";
            let d = Diagnostic::warning("overdue-revisit", message).hint(hint);
            out.push(match setter {
                Some(s) => at(
                    s,
                    d,
                    value_span(
                        text_of(s),
                        &["next_revisit", "next-revisit"],
                        &due.to_string(),
                    ),
                ),
                None => at(
                    r,
                    d,
                    value_span(text, &["revisit", "date"], &due.to_string()),
                ),
            });
        }

        if options.undated.contains(&rec.source) {
            let hint = match options.history.and_then(|h| h.get(&rec.source)) {
                Some(h) => format!(
                    "add `date: YYYY-MM-DD` to the front matter; until then the site shows the date of the file's first commit, {}",
                    h.created
                ),
                None => "add `date: YYYY-MM-DD` to the front matter".to_string(),
            };
            out.push(
                at(
                    r,
                    Diagnostic::warning(
                        "missing-date",
                        format!("{} has no date", rec.kind.as_str()),
                    ),
                    Span::new(1, 1, 0),
                )
                .hint(hint),
            );
        }

        if rec.status == Status::Superseded
            && r.superseded_by.is_empty()
            && rec.superseded_by.is_empty()
        {
            out.push(
                at(
                    r,
                    Diagnostic::warning(
                        "superseded-without-successor",
                        "status says superseded, but no record supersedes this one",
                    ),
                    status_span(text, rec.status_raw.as_deref()),
                )
                .hint(
                    "add `supersedes: <this record's number or id>` to the record that replaced it, \
                     or `superseded_by:` here",
                ),
            );
        }

        if rec.kind == Kind::Retrospective && rec.verdict.is_none() {
            out.push(
                at(
                    r,
                    Diagnostic::warning(
                        "retrospective-without-verdict",
                        "retrospective gives no verdict, so the dashboard cannot say how the decision turned out",
                    ),
                    key_span(text, &["verdict"], ""),
                )
                .hint("add `verdict: held-up`, `verdict: revised` or `verdict: reversed`"),
            );
        }

        if let (Some(revisit), Some(date)) = (rec.revisit.date, rec.date)
            && revisit < date
        {
            out.push(
                at(
                    r,
                    Diagnostic::warning(
                        "revisit-before-date",
                        format!("revisit date {revisit} is before the record's own date {date}"),
                    ),
                    value_span(text, &["revisit", "date"], &revisit.to_string()),
                )
                .hint("check the year of the revisit date"),
            );
        }
        out
    };
    let found: Vec<Vec<Diagnostic>> = model.records.par_iter().map(per_record).collect();
    out.extend(found.into_iter().flatten());

    // Numbers used twice within one package.
    let mut by_number: BTreeMap<(Option<&str>, u32), Vec<&Resolved>> = BTreeMap::new();
    for r in &model.records {
        if let Some(n) = r.record.number {
            by_number
                .entry((r.record.package.as_deref(), n))
                .or_default()
                .push(r);
        }
    }
    for ((_, n), records) in by_number {
        if records.len() < 2 {
            continue;
        }
        for r in &records {
            let others: Vec<String> = records
                .iter()
                .filter(|o| o.record.source != r.record.source)
                .map(|o| format!("`{}`", o.record.source))
                .collect();
            out.push(
                at(
                    r,
                    Diagnostic::warning(
                        "duplicate-number",
                        format!("number {n} is also used by {}", others.join(", ")),
                    ),
                    value_span(text_of(r), &["number", "id"], &n.to_string()),
                )
                .hint(format!(
                    "give one of them a new number; references to {n} by number are ambiguous"
                )),
            );
        }
    }

    crate::diagnostic::sort(&mut out);
    out
}

/// The line where a key is written: `key:` in front matter, `* Key:` or `Key:` in a body.
/// Prefers a line that also contains `value`. Falls back to line 1.
fn key_span(text: &str, keys: &[&str], value: &str) -> Span {
    let mut first: Option<Span> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start_matches([' ', '\t', '*', '-', '+']);
        let lead = line.len() - trimmed.len();
        let lower = trimmed.to_ascii_lowercase();
        for k in keys {
            let Some(rest) = lower.strip_prefix(k) else {
                continue;
            };
            if !rest.trim_start().starts_with(':') {
                continue;
            }
            let column = line[..lead].chars().count() + 1;
            let span = Span::new(i + 1, column, k.chars().count());
            if value.is_empty() || line.contains(value) {
                return span;
            }
            first.get_or_insert(span);
        }
    }
    first.unwrap_or(Span::new(1, 1, 0))
}

/// Like [`key_span`], but marks `value` on the key's line when it is there.
fn value_span(text: &str, keys: &[&str], value: &str) -> Span {
    let s = key_span(text, keys, value);
    match text.lines().nth(s.line.saturating_sub(1)) {
        Some(line) if s.len > 0 && !value.is_empty() => match line.find(value) {
            Some(at) => Span::new(
                s.line,
                line[..at].chars().count() + 1,
                value.chars().count(),
            ),
            None => s,
        },
        _ => s,
    }
}

/// Where the status is written: the `status:` line, else the status text, else line 1.
fn status_span(text: &str, raw: Option<&str>) -> Span {
    let s = key_span(text, &["status"], raw.unwrap_or(""));
    if s.line > 1 || text.lines().next().is_some_and(|l| l.contains("tatus")) {
        return s;
    }
    match raw {
        Some(raw) if !raw.is_empty() && text.contains(raw) => Span::find(text, 1, raw),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_in_front_matter_and_bullets() {
        let text = "---\ntitle: x\nrevisit:\n  date: 2027-01-01\nstatus: accepted\n---\n";
        assert_eq!(key_span(text, &["status"], "").line, 5);
        let s = key_span(text, &["date"], "2027");
        assert_eq!((s.line, s.column), (4, 3));
        let madr = "# T\n\n* Status: accepted\n* Date: 2020-01-01\n";
        let s = key_span(madr, &["date"], "");
        assert_eq!((s.line, s.column), (4, 3));
        assert_eq!(key_span("# T\n", &["verdict"], "").line, 1);
    }

    #[test]
    fn the_status_of_an_adr_tools_record_is_found_in_its_section() {
        let text = "# 1. T\n\nDate: 2020-01-01\n\n## Status\n\nSuperseded\n";
        assert_eq!(status_span(text, Some("Superseded")).line, 7);
    }
}
