//! Lints: problems `hindsight check` reports on top of everything a build reports.
//!
//! A build only cares whether the records can be rendered; a check also asks whether they
//! keep their promises: accepted decisions with a revisit date, revisits done on time,
//! numbers used once, dates written down, statuses that agree with the links. Every lint
//! is a warning with a stable code, a position and a hint. Pure: no I/O.
//!
//! [`lint`] runs the per-record lints (one function each, below) over the records in
//! parallel, then the lints that compare records with each other, and sorts the result.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::history::History;
use crate::record::{Kind, Status};
use crate::resolve::{Model, Resolved, Sources};
use crate::revisit::RevisitState;
use crate::wording::plural;

/// What the lints need besides the model.
#[derive(Debug, Clone, Default)]
pub struct LintOptions<'a> {
    /// Warn about accepted decisions with no revisit date (`require_revisit` in the configuration).
    pub require_revisit: bool,
    /// Days a decision may stay proposed before `stale-proposal` (`stale_after`); 0: off.
    pub stale_after: u32,
    /// Source paths of the records whose file states no date (before the git date rule).
    pub undated: BTreeSet<String>,
    /// What git says, to name the date the site uses instead.
    pub history: Option<&'a History>,
}

/// Runs every lint over `model`. `sources` gives each record's display name and text.
pub fn lint(model: &Model, sources: &Sources<'_>, options: &LintOptions<'_>) -> Vec<Diagnostic> {
    let lints = Lints {
        model,
        sources,
        options,
    };
    let found: Vec<Vec<Diagnostic>> = model
        .records
        .par_iter()
        .map(|r| lints.of_record(r))
        .collect();
    let mut out: Vec<Diagnostic> = found.into_iter().flatten().collect();
    lints.duplicate_numbers(&mut out);
    crate::diagnostic::sort(&mut out);
    out
}

/// The model, the records' texts and the options every lint reads.
struct Lints<'a> {
    model: &'a Model,
    sources: &'a Sources<'a>,
    options: &'a LintOptions<'a>,
}

/// The hint of a `missing-date` warning when git gives no date.
const ADD_A_DATE: &str = "add `date: YYYY-MM-DD` to the front matter";

impl Lints<'_> {
    /// `d` placed at `span` in `r`'s file (or at the file alone when its text is unknown).
    fn at(&self, r: &Resolved, d: Diagnostic, span: Span) -> Diagnostic {
        let (display, text) = self
            .sources
            .get(r.record.source.as_str())
            .copied()
            .unwrap_or((r.display.as_str(), ""));
        if text.is_empty() {
            d.in_file(display)
        } else {
            d.at(display, text, span)
        }
    }

    fn text_of(&self, r: &Resolved) -> &str {
        self.sources
            .get(r.record.source.as_str())
            .map_or("", |(_, t)| *t)
    }

    /// Each record's own problems.
    fn of_record(&self, r: &Resolved) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = [
            self.accepted_without_revisit(r),
            self.overdue_revisit(r),
            self.missing_date(r),
            self.superseded_without_successor(r),
            self.retrospective_without_verdict(r),
        ]
        .into_iter()
        .flatten()
        .collect();
        self.flow_list_commas(r, &mut out);
        out.extend(self.revisit_before_date(r));
        out.extend(self.stale_proposal(r));
        out
    }

    /// `accepted-without-revisit`: an accepted decision with no revisit date, when required.
    fn accepted_without_revisit(&self, r: &Resolved) -> Option<Diagnostic> {
        if !self.options.require_revisit || r.revisit.state != Some(RevisitState::Unplanned) {
            return None;
        }
        let rec = &r.record;
        let message = match rec.revisit.when.as_deref() {
            Some(w) => {
                format!("accepted decision has a revisit trigger (“{w}”) but no revisit date")
            }
            None => "accepted decision has no revisit date".to_string(),
        };
        Some(
            self.at(
                r,
                Diagnostic::warning(Code::AcceptedWithoutRevisit, message),
                status_span(self.text_of(r), rec.status_raw.as_deref()),
            )
            .hint(
                "add `revisit: YYYY-MM-DD` to the front matter (with `when:` for a trigger), \
                 set a review policy (`review_after = \"12 months\"` in hindsight.toml), \
                 or set `require_revisit = false`",
            ),
        )
    }

    /// `overdue-revisit`: the revisit date has passed with no retrospective. Placed at the
    /// date in force: the latest retrospective's `next_revisit`, when one set it.
    fn overdue_revisit(&self, r: &Resolved) -> Option<Diagnostic> {
        if r.revisit.state != Some(RevisitState::Overdue) {
            return None;
        }
        let due = r.revisit.date?;
        let model = self.model;
        let late = due.days_until(model.today).max(0);
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
            "revisit of “{}” was due on {due}{by}, {} ago",
            r.record.title,
            plural(late, "day", "days")
        );
        let hint = "review the decision and record the result as a retrospective \
                    (`kind: retrospective`, `reviews:`, `verdict:`), or move the revisit date";
        let d = Diagnostic::warning(Code::OverdueRevisit, message).hint(hint);
        let due = due.to_string();
        Some(match setter {
            Some(s) => self.at(
                s,
                d,
                value_span(self.text_of(s), &["next_revisit", "next-revisit"], &due),
            ),
            None => self.at(
                r,
                d,
                value_span(self.text_of(r), &["revisit", "date"], &due),
            ),
        })
    }

    /// `missing-date`: the file states no date (the site falls back to git's).
    fn missing_date(&self, r: &Resolved) -> Option<Diagnostic> {
        let rec = &r.record;
        if !self.options.undated.contains(&rec.source) {
            return None;
        }
        let hint = match self.options.history.and_then(|h| h.get(&rec.source)) {
            Some(h) => format!(
                "{ADD_A_DATE}; until then the site shows the date of the file's first commit, {}",
                h.created
            ),
            None => ADD_A_DATE.to_string(),
        };
        Some(
            self.at(
                r,
                Diagnostic::warning(
                    Code::MissingDate,
                    format!("{} has no date", rec.kind.as_str()),
                ),
                Span::new(1, 1, 0),
            )
            .hint(hint),
        )
    }

    /// `superseded-without-successor`: the status says superseded, no link says by what.
    fn superseded_without_successor(&self, r: &Resolved) -> Option<Diagnostic> {
        let rec = &r.record;
        if rec.status != Status::Superseded
            || !r.superseded_by.is_empty()
            || !rec.superseded_by.is_empty()
        {
            return None;
        }
        Some(
            self.at(
                r,
                Diagnostic::warning(
                    Code::SupersededWithoutSuccessor,
                    "status says superseded, but no record supersedes this one",
                ),
                status_span(self.text_of(r), rec.status_raw.as_deref()),
            )
            .hint(
                "add `supersedes: <this record's number or id>` to the record that replaced it, \
                 or `superseded_by:` here",
            ),
        )
    }

    /// `retrospective-without-verdict`.
    fn retrospective_without_verdict(&self, r: &Resolved) -> Option<Diagnostic> {
        if r.record.kind != Kind::Retrospective || r.record.verdict.is_some() {
            return None;
        }
        Some(
            self.at(
                r,
                Diagnostic::warning(
                    Code::RetrospectiveWithoutVerdict,
                    "retrospective gives no verdict, so the dashboard cannot say how the decision turned out",
                ),
                key_span(self.text_of(r), &["verdict"], ""),
            )
            .hint("add `verdict: held-up`, `verdict: revised` or `verdict: reversed`"),
        )
    }

    /// `flow-list-comma`: one warning for each flow-list item that looks cut at a comma.
    fn flow_list_commas(&self, r: &Resolved, out: &mut Vec<Diagnostic>) {
        for cut in flow_list_cuts(self.text_of(r)) {
            out.push(
                self.at(
                    r,
                    Diagnostic::warning(
                        Code::FlowListComma,
                        format!(
                            "`{}` looks like the rest of a sentence cut at a comma: in a `[a, b]` list every comma starts a new item",
                            cut.item
                        ),
                    ),
                    Span::new(cut.line, cut.column, cut.item.chars().count()),
                )
                .hint(format!(
                    "quote the whole item (`\"{}\"`), or write one `- item` per line",
                    cut.joined
                )),
            );
        }
    }

    /// `revisit-before-date`: a revisit date earlier than the record's own date.
    fn revisit_before_date(&self, r: &Resolved) -> Option<Diagnostic> {
        let (revisit, date) = (r.record.revisit.date?, r.record.date?);
        if revisit >= date {
            return None;
        }
        Some(
            self.at(
                r,
                Diagnostic::warning(
                    Code::RevisitBeforeDate,
                    format!("revisit date {revisit} is before the record's own date {date}"),
                ),
                value_span(self.text_of(r), &["revisit", "date"], &revisit.to_string()),
            )
            .hint("check the year of the revisit date"),
        )
    }

    /// `stale-proposal`: proposed for too long — since the commit that last made it proposed
    /// (its git lifecycle), else since its date (or first commit).
    fn stale_proposal(&self, r: &Resolved) -> Option<Diagnostic> {
        let rec = &r.record;
        let stale_after = self.options.stale_after;
        if stale_after == 0 || rec.kind != Kind::Decision || rec.status != Status::Proposed {
            return None;
        }
        let since = crate::lifecycle::proposed_since(&rec.lifecycle).or(rec.date)?;
        let days = since.days_until(self.model.today);
        if days <= i64::from(stale_after) {
            return None;
        }
        Some(
            self.at(
                r,
                Diagnostic::warning(
                    Code::StaleProposal,
                    format!(
                        "proposed since {since}, {} ago (more than {stale_after} days)",
                        plural(days, "day", "days"),
                    ),
                ),
                status_span(self.text_of(r), rec.status_raw.as_deref()),
            )
            .hint("decide it (accept or reject it), or set `stale_after` in hindsight.toml"),
        )
    }

    /// `duplicate-number`: numbers used twice within one package, one warning per record.
    fn duplicate_numbers(&self, out: &mut Vec<Diagnostic>) {
        let mut by_number: BTreeMap<(Option<&str>, u32), Vec<&Resolved>> = BTreeMap::new();
        for r in &self.model.records {
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
                    self.at(
                        r,
                        Diagnostic::warning(
                            Code::DuplicateNumber,
                            format!("number {n} is also used by {}", others.join(", ")),
                        ),
                        value_span(self.text_of(r), &["number", "id"], &n.to_string()),
                    )
                    .hint(format!(
                        "give one of them a new number; references to {n} by number are ambiguous"
                    )),
                );
            }
        }
    }
}

/// An item of a one-line YAML flow list (`pros: [a, b]`) that looks like the rest of a
/// sentence cut at a comma, with the item before it.
#[derive(Debug, PartialEq, Eq)]
struct Cut {
    line: usize,
    column: usize,
    /// The item before and this one, as written (`Parse, resolve and render`).
    joined: String,
    item: String,
}

/// Words that continue a sentence rather than start a list item.
const CONTINUATIONS: &[&str] = &[
    "not",
    "but",
    "and",
    "or",
    "so",
    "which",
    "that",
    "then",
    "yet",
    "because",
    "although",
    "though",
    "while",
    "unless",
    "including",
    "except",
    "e.g.",
    "i.e.",
    "etc",
    "etc.",
];

/// Flow-list items in the front matter that look like a sentence cut at a comma: the rest
/// of a number (`10, 000-record build`), an item that opens with a word that continues a
/// sentence (`not data`, `but slower`), or a lower-case item in a list whose other items
/// are capitalised (`Parse, resolve and render ...`).
fn flow_list_cuts(text: &str) -> Vec<Cut> {
    let mut out = Vec::new();
    let Some(rest) = text.strip_prefix("---\n") else {
        return out;
    };
    for (k, line) in rest.lines().enumerate() {
        if line.trim_end() == "---" {
            break;
        }
        let Some(open) = line.find(": [").map(|p| p + 2).or_else(|| {
            line.trim_start()
                .starts_with("- [")
                .then(|| line.find('[').unwrap_or(0))
        }) else {
            continue;
        };
        let Some(close) = line.rfind(']').filter(|&c| c > open) else {
            continue;
        };
        let inner = &line[open + 1..close];
        if inner.contains(['[', '{']) {
            continue;
        }
        // Items split at commas outside quotes: (byte offset in the line, text, quoted).
        let mut items: Vec<(usize, &str, bool)> = Vec::new();
        let mut quote: Option<char> = None;
        let mut start = 0;
        for (i, c) in inner
            .char_indices()
            .chain(std::iter::once((inner.len(), ',')))
        {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, ',') => {
                    let part = &inner[start..i];
                    let lead = part.len() - part.trim_start().len();
                    let text = part.trim();
                    items.push((open + 1 + start + lead, text, text.starts_with(['"', '\''])));
                    start = i + 1;
                }
                _ => {}
            }
        }
        let capitalised = |s: &str| {
            s.trim_start_matches(['"', '\''])
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        };
        for i in 1..items.len() {
            let (at, item, quoted) = items[i];
            let (before_at, before, before_quoted) = items[i - 1];
            if quoted || before_quoted {
                continue;
            }
            let first = item.split_whitespace().next().unwrap_or("");
            let digits = before
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .count();
            let number_cut = (1..=3).contains(&digits)
                && item.len() >= 3
                && item.as_bytes()[..3].iter().all(u8::is_ascii_digit)
                && !item.as_bytes().get(3).is_some_and(u8::is_ascii_digit);
            let continues = CONTINUATIONS.contains(&first);
            let lower_among_capitals = first.chars().next().is_some_and(char::is_lowercase)
                && items
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .all(|(_, (_, s, _))| capitalised(s));
            if number_cut || continues || lower_among_capitals {
                out.push(Cut {
                    line: k + 2,
                    column: line[..at].chars().count() + 1,
                    joined: line[before_at..at + item.len()].to_string(),
                    item: item.to_string(),
                });
            }
        }
    }
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
    fn flow_list_items_cut_at_a_comma_are_found() {
        let text = "---\ntitle: x\npros: [A 10,000-record build, Reads well]\ncons: [Prose, not data, Hard to parse]\n  - pros: [Parse, resolve and render need no files, Fast]\ntags: [storage, backend]\nok: [Mature, Small]\nq: [Parse, resolve it, \"Quoted, fine\"]\n---\nbody: [a, but b]\n";
        let found = flow_list_cuts(text);
        let cuts: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|c| (c.line, c.column, c.item.as_str()))
            .collect();
        assert_eq!(
            cuts,
            [
                (3, 13, "000-record build"),
                (4, 15, "not data"),
                (5, 19, "resolve and render need no files"),
                (8, 12, "resolve it"),
            ]
        );
    }

    #[test]
    fn the_status_of_an_adr_tools_record_is_found_in_its_section() {
        let text = "# 1. T\n\nDate: 2020-01-01\n\n## Status\n\nSuperseded\n";
        assert_eq!(status_span(text, Some("Superseded")).line, 7);
    }
}
