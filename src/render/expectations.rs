//! The record page's view of expectations: the confidence and one-way/two-way badges, the
//! claims as a checklist (each with its result, the retrospective that judged it and when),
//! and, for a retrospective, its process verdict and the claims it judged; also the
//! record's lifecycle from git (`proposed 2026-01-10, accepted 2026-02-02 (23 days)`).

use serde::Serialize;

use crate::date::Date;
use crate::expectation::{ClaimRef, claim_index, judge};
use crate::resolve::Model;

/// What `record.html` gets as `r.expectations`.
#[derive(Debug, Serialize)]
pub struct ExpectationsView<'a> {
    /// `70%`.
    pub confidence: Option<String>,
    /// `one-way` or `two-way`.
    pub door: Option<&'static str>,
    pub claims: Vec<ClaimView<'a>>,
    /// How many claims have a result (hit, miss or unclear).
    pub judged: usize,
    /// A retrospective's verdict on the process: `sound` or `flawed`.
    pub process: Option<&'static str>,
    /// A retrospective's judgements, with the claims they name.
    pub judgements: Vec<JudgementView<'a>>,
    /// The retrospectives of a decision with their outcome and process verdicts.
    pub reviews: Vec<ReviewView<'a>>,
    /// Status changes as committed, oldest first.
    pub lifecycle: Vec<StepView<'a>>,
}

/// One status change, with the days since the one before.
#[derive(Debug, Serialize)]
pub struct StepView<'a> {
    /// The word as written (`implemented`), else the status.
    pub status: &'a str,
    pub date: Date,
    pub commit: &'a str,
    pub days: Option<i64>,
}

/// One claim of a decision, as a checklist item.
#[derive(Debug, Serialize)]
pub struct ClaimView<'a> {
    pub position: usize,
    pub claim: &'a str,
    pub by: Option<Date>,
    /// `80%`: the claim's own, else the decision's.
    pub confidence: Option<String>,
    /// `hit`, `miss`, `unclear`; none until judged.
    pub result: Option<&'static str>,
    pub note: Option<&'a str>,
    pub judged_by: Option<RecordRef<'a>>,
}

/// A claim a retrospective judged.
#[derive(Debug, Serialize)]
pub struct JudgementView<'a> {
    /// The claim's text, when it names one of the decision's claims.
    pub claim: Option<&'a str>,
    /// As written (`1`, or the text), for one that names none.
    pub written: String,
    pub result: Option<&'static str>,
    pub note: Option<&'a str>,
}

/// A retrospective of the decision, with both of its verdicts.
#[derive(Debug, Serialize)]
pub struct ReviewView<'a> {
    pub record: RecordRef<'a>,
    pub verdict: Option<&'static str>,
    pub process: Option<&'static str>,
}

/// A link to another record.
#[derive(Debug, Serialize)]
pub struct RecordRef<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub number: Option<u32>,
    pub date: Option<Date>,
}

impl<'a> RecordRef<'a> {
    fn of(model: &'a Model, i: usize) -> RecordRef<'a> {
        let r = &model.records[i];
        RecordRef {
            url: &r.url,
            title: &r.record.title,
            number: r.record.number,
            date: r.record.date,
        }
    }
}

/// `0.7` as `70%`.
pub fn percent(p: f64) -> String {
    format!("{}%", (p * 100.0).round())
}

/// The view of record `i`; `None` when it has nothing to show (no confidence, door,
/// claims, process or judgements, and no retrospective stating a process).
pub fn view(model: &Model, i: usize) -> Option<ExpectationsView<'_>> {
    let r = &model.records[i];
    let e = &r.record.expectations;
    let claims: Vec<ClaimView<'_>> = judge(model, r)
        .into_iter()
        .map(|j| ClaimView {
            position: j.position,
            claim: &j.claim.claim,
            by: j.claim.by,
            confidence: j.confidence.map(percent),
            result: j.result.map(|x| x.as_str()),
            note: j.note,
            judged_by: j.judged_by.map(|k| RecordRef::of(model, k)),
        })
        .collect();
    let decision_claims = r
        .reviews
        .map(|t| model.records[t].record.expectations.claims.as_slice())
        .unwrap_or_default();
    let judgements = e
        .judgements
        .iter()
        .map(|j| JudgementView {
            claim: claim_index(decision_claims, &j.claim)
                .map(|k| decision_claims[k].claim.as_str()),
            written: match &j.claim {
                ClaimRef::Position(n) => n.to_string(),
                ClaimRef::Text(t) => t.clone(),
            },
            result: j.result.map(|x| x.as_str()),
            note: j.note.as_deref(),
        })
        .collect();
    let reviews: Vec<ReviewView<'_>> = r
        .retrospectives
        .iter()
        .map(|&k| ReviewView {
            record: RecordRef::of(model, k),
            verdict: model.records[k].record.verdict.map(|v| v.as_str()),
            process: model.records[k]
                .record
                .expectations
                .process
                .map(|p| p.as_str()),
        })
        .collect();
    let any_process = reviews.iter().any(|v| v.process.is_some());
    let lifecycle: Vec<StepView<'_>> = r
        .record
        .lifecycle
        .iter()
        .enumerate()
        .map(|(k, t)| StepView {
            status: t.status_raw.as_deref().unwrap_or(t.status.as_str()),
            date: t.date,
            commit: &t.commit,
            days: k
                .checked_sub(1)
                .map(|p| r.record.lifecycle[p].date.days_until(t.date)),
        })
        .collect();
    let view = ExpectationsView {
        confidence: e.confidence.map(percent),
        door: e
            .reversible
            .map(|two_way| if two_way { "two-way" } else { "one-way" }),
        judged: claims.iter().filter(|c| c.result.is_some()).count(),
        claims,
        process: e.process.map(|p| p.as_str()),
        judgements,
        reviews: if any_process { reviews } else { Vec::new() },
        lifecycle,
    };
    let empty = view.confidence.is_none()
        && view.door.is_none()
        && view.claims.is_empty()
        && view.process.is_none()
        && view.judgements.is_empty()
        && view.reviews.is_empty()
        && view.lifecycle.is_empty();
    (!empty).then_some(view)
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages_are_whole() {
        assert_eq!(percent(0.7), "70%");
        assert_eq!(percent(0.85), "85%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.333), "33%");
    }
}
