//! Cards: a record as lists, tables and search results show it, and the facets
//! (tags, statuses, packages) that lists are filtered by.

use serde::Serialize;

use crate::date::Date;
use crate::record::{Status, Verdict};
use crate::resolve::{Model, Resolved};
use crate::revisit::RevisitState;
use crate::wording::plural;

/// A record as it appears in lists and tables.
#[derive(Serialize, Clone)]
pub struct Card<'a> {
    pub id: &'a str,
    pub number: Option<u32>,
    pub title: &'a str,
    pub kind: &'static str,
    /// None for a retrospective that states no status (it has a verdict instead).
    pub status: Option<&'static str>,
    pub status_raw: Option<&'a str>,
    pub date: Option<Date>,
    pub url: &'a str,
    /// The page on its home site, for a record of another site (`[[sources]] json`):
    /// lists link there.
    pub home: Option<&'a str>,
    /// Still the guidance `hindsight new` wrote.
    pub draft: bool,
    pub verdict: Option<&'static str>,
    pub tags: &'a [String],
    pub package: Option<&'a str>,
    pub deciders: &'a [String],
    pub revisit_state: Option<&'static str>,
    pub revisit_date: Option<Date>,
    pub revisit_label: Option<String>,
    pub when: Option<&'a str>,
    /// Days late (overdue) or days left (due), for the dashboard.
    pub days: Option<i64>,
    /// Where the revisit date comes from when it is not the record's own (`by policy`).
    pub revisit_note: Option<String>,
}

/// The badge text for a revisit state: `overdue by 12 days`, `due in 5 days`.
pub fn revisit_label(
    state: Option<RevisitState>,
    date: Option<Date>,
    today: Date,
) -> Option<String> {
    let state = state?;
    let days = date.map(|d| today.days_until(d));
    Some(match (state, days) {
        (RevisitState::Overdue, Some(d)) => format!("overdue by {}", plural(-d, "day", "days")),
        (RevisitState::Due, Some(0)) => "due today".to_string(),
        (RevisitState::Due, Some(d)) => format!("due in {}", plural(d, "day", "days")),
        (RevisitState::Scheduled, Some(_)) => format!("revisit {}", date.expect("some")),
        (RevisitState::Reviewed, _) => "reviewed".to_string(),
        (RevisitState::Unplanned, _) => "no revisit planned".to_string(),
        (s, _) => s.as_str().to_string(),
    })
}

pub fn card<'a>(model: &'a Model, r: &'a Resolved) -> Card<'a> {
    let rec = &r.record;
    Card {
        id: &rec.id,
        number: rec.number,
        title: &rec.title,
        kind: rec.kind.as_str(),
        status: rec.shown_status().map(Status::as_str),
        status_raw: rec.status_raw.as_deref(),
        date: rec.date,
        url: &r.url,
        home: rec.home.as_deref(),
        draft: rec.draft,
        verdict: rec.verdict.map(Verdict::as_str),
        tags: &rec.tags,
        package: rec.package.as_deref(),
        deciders: &rec.deciders,
        revisit_state: r.revisit.state.map(RevisitState::as_str),
        revisit_date: r.revisit.date,
        revisit_label: revisit_label(r.revisit.state, r.revisit.date, model.today),
        when: rec.revisit.when.as_deref(),
        days: r.revisit.date.map(|d| model.today.days_until(d).abs()),
        revisit_note: crate::revisit::source_note(r.revisit.source, model.review_after),
    }
}

/// A name with its page slug and how many records carry it.
#[derive(Serialize, Clone)]
pub struct Facet {
    pub name: String,
    pub slug: String,
    pub count: usize,
}
