//! The digest: what a manager sends upward each week or month, for a period
//! `[since, until]`: decisions made in it, proposals waiting (oldest first), records
//! superseded, retrospectives written (verdict and process), expectations judged (hits and
//! misses), revisits overdue and due soon as of `until`, and stale proposals.
//!
//! When a record has a git lifecycle, "decided" and "superseded" use the date of the
//! commit that made it so; otherwise the record's own date. Pure: no I/O; the command
//! (`hindsight digest`) prints it as markdown, HTML or JSON.

use serde::Serialize;

use crate::date::Date;
use crate::expectation::{ClaimResult, claim_index};
use crate::lifecycle::Transition;
use crate::record::{Kind, Status};
use crate::resolve::{Model, Resolved};
use crate::revisit::RevisitState;

/// A record as the digest lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry<'a> {
    pub id: &'a str,
    pub number: Option<u32>,
    pub title: &'a str,
    /// The page, relative to the site root (a record of another site: its absolute address there).
    pub url: &'a str,
    pub status: &'static str,
    /// The date that put it in this section (decided, proposed, superseded, reviewed, due).
    pub date: Option<Date>,
    /// Days: waiting (proposals), late (overdue, negative) or until due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    pub deciders: &'a [String],
    pub package: Option<&'a str>,
}

/// A retrospective written in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Review<'a> {
    pub retrospective: Entry<'a>,
    /// The decision it reviews, when found.
    pub decision: Option<Entry<'a>>,
    pub verdict: Option<&'static str>,
    pub process: Option<&'static str>,
}

/// A claim judged by a retrospective written in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Judged<'a> {
    pub claim: &'a str,
    pub result: &'static str,
    pub confidence: Option<f64>,
    pub note: Option<&'a str>,
    pub decision: Entry<'a>,
    /// The retrospective's id and date.
    pub judged_by: &'a str,
    pub judged_on: Option<Date>,
}

/// Everything the digest says.
#[derive(Debug, Clone, Serialize)]
pub struct Digest<'a> {
    pub since: Date,
    pub until: Date,
    pub decided: Vec<Entry<'a>>,
    pub proposed: Vec<Entry<'a>>,
    pub superseded: Vec<Entry<'a>>,
    pub reviewed: Vec<Review<'a>>,
    pub judged: Vec<Judged<'a>>,
    pub hits: usize,
    pub misses: usize,
    pub overdue: Vec<Entry<'a>>,
    pub due: Vec<Entry<'a>>,
    pub stale: Vec<Entry<'a>>,
}

fn entry<'a>(r: &'a Resolved, date: Option<Date>, days: Option<i64>) -> Entry<'a> {
    let rec = &r.record;
    Entry {
        id: &rec.id,
        number: rec.number,
        title: &rec.title,
        // A record of another site: its page there (absolute).
        url: rec.home.as_deref().unwrap_or(&r.url),
        status: rec.shown_status().map_or("", Status::as_str),
        date,
        days,
        deciders: &rec.deciders,
        package: rec.package.as_deref(),
    }
}

/// When the record last took the status it ends its lifecycle with, if that is `status`:
/// the first step of the final run of it (`accepted`, then `implemented`, is the date it
/// was accepted).
fn step_into(lifecycle: &[Transition], status: Status) -> Option<Date> {
    lifecycle
        .iter()
        .rev()
        .take_while(|t| t.status == status)
        .last()
        .map(|t| t.date)
}

/// The digest of `model` for `[since, until]`; revisits are as of the model's today,
/// proposals older than `stale_after` days (0: none) are stale.
pub fn digest(model: &Model, since: Date, until: Date, stale_after: u32) -> Digest<'_> {
    let within = |d: Option<Date>| d.is_some_and(|d| d >= since && d <= until);
    let mut out = Digest {
        since,
        until,
        decided: Vec::new(),
        proposed: Vec::new(),
        superseded: Vec::new(),
        reviewed: Vec::new(),
        judged: Vec::new(),
        hits: 0,
        misses: 0,
        overdue: Vec::new(),
        due: Vec::new(),
        stale: Vec::new(),
    };
    for r in &model.records {
        let rec = &r.record;
        if rec.kind == Kind::Retrospective {
            if !within(rec.date) {
                continue;
            }
            let decision = r.reviews.map(|t| &model.records[t]);
            out.reviewed.push(Review {
                retrospective: entry(r, rec.date, None),
                decision: decision.map(|d| entry(d, d.record.date, None)),
                verdict: rec.verdict.map(|v| v.as_str()),
                process: rec.expectations.process.map(|p| p.as_str()),
            });
            if let Some(d) = decision {
                let claims = &d.record.expectations.claims;
                for j in &rec.expectations.judgements {
                    let (Some(k), Some(result)) = (claim_index(claims, &j.claim), j.result) else {
                        continue;
                    };
                    match result {
                        ClaimResult::Hit => out.hits += 1,
                        ClaimResult::Miss => out.misses += 1,
                        ClaimResult::Unclear => {}
                    }
                    out.judged.push(Judged {
                        claim: &claims[k].claim,
                        result: result.as_str(),
                        confidence: claims[k].confidence.or(d.record.expectations.confidence),
                        note: j.note.as_deref(),
                        decision: entry(d, d.record.date, None),
                        judged_by: &rec.id,
                        judged_on: rec.date,
                    });
                }
            }
            continue;
        }
        match rec.status {
            Status::Accepted | Status::Rejected => {
                let when = step_into(&rec.lifecycle, rec.status).or(rec.date);
                if within(when) {
                    out.decided.push(entry(r, when, None));
                }
            }
            Status::Proposed => {
                let since_when = crate::lifecycle::proposed_since(&rec.lifecycle).or(rec.date);
                let days = since_when.map(|d| d.days_until(until));
                out.proposed.push(entry(r, since_when, days));
                if stale_after > 0 && days.is_some_and(|d| d > i64::from(stale_after)) {
                    out.stale.push(entry(r, since_when, days));
                }
            }
            Status::Superseded => {
                // When the record that replaced it was made, else its lifecycle's step.
                let when = r
                    .superseded_by
                    .iter()
                    .filter_map(|&j| model.records[j].record.date)
                    .min()
                    .or_else(|| step_into(&rec.lifecycle, Status::Superseded));
                if within(when) {
                    out.superseded.push(entry(r, when, None));
                }
            }
            _ => {}
        }
        match (r.revisit.state, r.revisit.date) {
            (Some(RevisitState::Overdue), Some(d)) => {
                out.overdue
                    .push(entry(r, Some(d), Some(d.days_until(model.today))));
            }
            (Some(RevisitState::Due), Some(d)) => {
                out.due
                    .push(entry(r, Some(d), Some(d.days_until(model.today))));
            }
            _ => {}
        }
    }
    let by_date = |a: &Entry<'_>, b: &Entry<'_>| a.date.cmp(&b.date).then(a.id.cmp(b.id));
    out.decided.sort_by(by_date);
    out.proposed.sort_by(by_date);
    out.superseded.sort_by(by_date);
    out.overdue.sort_by(by_date);
    out.due.sort_by(by_date);
    out.stale.sort_by(by_date);
    out.reviewed
        .sort_by(|a, b| by_date(&a.retrospective, &b.retrospective));
    // Stable: a retrospective's judgements stay in their written order.
    out.judged.sort_by(|a, b| {
        a.judged_on
            .cmp(&b.judged_on)
            .then(a.judged_by.cmp(b.judged_by))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(status: Status, date: &str) -> Transition {
        Transition {
            status,
            status_raw: None,
            date: Date::parse_iso(date).unwrap(),
            commit: String::new(),
        }
    }

    #[test]
    fn decided_is_when_the_final_status_began() {
        let life = [
            t(Status::Proposed, "2026-01-10"),
            t(Status::Accepted, "2026-02-02"),
            t(Status::Accepted, "2026-03-01"),
        ];
        assert_eq!(
            step_into(&life, Status::Accepted),
            Date::parse_iso("2026-02-02")
        );
        assert_eq!(step_into(&life, Status::Rejected), None);
        assert_eq!(step_into(&[], Status::Accepted), None);
    }
}
