//! Revisit state: whether a decision is overdue, due, scheduled, reviewed or unplanned,
//! given today's date (docs/contract.md §3).

use serde::Serialize;

use crate::date::{Date, Interval};
use crate::record::{Kind, Record, RevisitSource, Status};

/// Where a decision stands with respect to its next revisit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum RevisitState {
    /// The date in force has passed.
    Overdue,
    /// The date in force is within the due window (today included).
    Due,
    /// The date in force is later.
    Scheduled,
    /// A retrospective reviewed it and set no next date.
    Reviewed,
    /// Accepted, with no date and no retrospective.
    Unplanned,
}

impl RevisitState {
    pub const ALL: [RevisitState; 5] = [
        RevisitState::Overdue,
        RevisitState::Due,
        RevisitState::Scheduled,
        RevisitState::Reviewed,
        RevisitState::Unplanned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RevisitState::Overdue => "overdue",
            RevisitState::Due => "due",
            RevisitState::Scheduled => "scheduled",
            RevisitState::Reviewed => "reviewed",
            RevisitState::Unplanned => "unplanned",
        }
    }
}

/// The revisit date in force, where it comes from, and the state it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RevisitStatus {
    pub date: Option<Date>,
    pub state: Option<RevisitState>,
    /// Where `date` comes from; `None` when there is no date.
    pub source: Option<RevisitSource>,
}

/// How the source of a revisit date is shown beside it: `by policy (12 months after the
/// decision)`, `from the review date`, `set by a retrospective`; nothing for the record's
/// own `revisit` date.
pub fn source_note(source: Option<RevisitSource>, policy: Option<Interval>) -> Option<String> {
    Some(match source? {
        RevisitSource::Record => return None,
        RevisitSource::Review => "from the review date".to_string(),
        RevisitSource::Retrospective => "set by a retrospective".to_string(),
        RevisitSource::Policy => match policy {
            Some(p) => format!("by policy ({p} after the decision)"),
            None => "by policy".to_string(),
        },
    })
}

/// Computes the revisit status of `record` (with its `status` already resolved), given the
/// retrospectives that review it, today's date, the due window in days and the review
/// policy: an accepted decision with no revisit date of its own (and no retrospective) is
/// due `policy` after its date.
pub fn revisit_status(
    record: &Record,
    retrospectives: &[&Record],
    today: Date,
    window: u32,
    policy: Option<Interval>,
) -> RevisitStatus {
    if record.kind == Kind::Retrospective
        || matches!(
            record.status,
            Status::Rejected | Status::Deprecated | Status::Superseded
        )
    {
        return RevisitStatus::default();
    }
    let (date, source) = if retrospectives.is_empty() {
        match (record.revisit.date, policy, record.date) {
            (Some(d), _, _) => (Some(d), Some(record.revisit.source)),
            // The review policy implies a date for accepted decisions with none (ADR-0023).
            (None, Some(every), Some(decided)) if record.status == Status::Accepted => {
                (Some(decided.plus(every)), Some(RevisitSource::Policy))
            }
            _ => (None, None),
        }
    } else {
        // The latest retrospective decides; its `next_revisit` (or none) is in force.
        let latest = retrospectives
            .iter()
            .enumerate()
            .max_by_key(|(i, r)| (r.date, *i))
            .map(|(_, r)| *r)
            .expect("not empty");
        match latest.next_revisit {
            Some(d) => (Some(d), Some(RevisitSource::Retrospective)),
            None => {
                return RevisitStatus {
                    date: None,
                    state: Some(RevisitState::Reviewed),
                    source: None,
                };
            }
        }
    };
    let state = match date {
        Some(d) if d < today => Some(RevisitState::Overdue),
        Some(d) if today.days_until(d) <= i64::from(window) => Some(RevisitState::Due),
        Some(_) => Some(RevisitState::Scheduled),
        None if record.status == Status::Accepted => Some(RevisitState::Unplanned),
        None => None,
    };
    RevisitStatus {
        date,
        state,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Revisit;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn decision(status: Status, revisit: Option<&str>) -> Record {
        Record {
            status,
            revisit: Revisit {
                date: revisit.map(d),
                ..Revisit::default()
            },
            ..Record::default()
        }
    }

    fn retro(date: &str, next: Option<&str>) -> Record {
        Record {
            kind: Kind::Retrospective,
            date: Some(d(date)),
            next_revisit: next.map(d),
            ..Record::default()
        }
    }

    fn state(r: &Record, retros: &[&Record]) -> Option<&'static str> {
        revisit_status(r, retros, d("2026-11-23"), 30, None)
            .state
            .map(RevisitState::as_str)
    }

    #[test]
    fn follows_the_rule_of_the_brief() {
        assert_eq!(
            state(&decision(Status::Accepted, Some("2026-11-22")), &[]),
            Some("overdue")
        );
        assert_eq!(
            state(&decision(Status::Accepted, Some("2026-11-23")), &[]),
            Some("due")
        );
        assert_eq!(
            state(&decision(Status::Accepted, Some("2026-12-23")), &[]),
            Some("due")
        );
        assert_eq!(
            state(&decision(Status::Accepted, Some("2026-12-24")), &[]),
            Some("scheduled")
        );
        assert_eq!(
            state(&decision(Status::Accepted, None), &[]),
            Some("unplanned")
        );
        assert_eq!(state(&decision(Status::Proposed, None), &[]), None);
        assert_eq!(
            state(&decision(Status::Proposed, Some("2026-01-01")), &[]),
            Some("overdue")
        );
        for s in [Status::Rejected, Status::Deprecated, Status::Superseded] {
            assert_eq!(state(&decision(s, Some("2026-01-01")), &[]), None);
        }
        assert_eq!(state(&retro("2026-01-01", Some("2026-01-02")), &[]), None);
    }

    #[test]
    fn the_review_policy_gives_an_implied_date_by_policy() {
        let every = Interval::parse("12 months");
        let mut r = decision(Status::Accepted, None);
        r.date = Some(d("2025-11-01"));
        let st = revisit_status(&r, &[], d("2026-11-23"), 30, every);
        assert_eq!(st.date, Some(d("2026-11-01")));
        assert_eq!(st.state, Some(RevisitState::Overdue));
        assert_eq!(st.source, Some(RevisitSource::Policy));
        // No policy: unplanned. A date of its own wins. Not accepted, or no date: no policy.
        assert_eq!(
            revisit_status(&r, &[], d("2026-11-23"), 30, None).state,
            Some(RevisitState::Unplanned)
        );
        let mut own = r.clone();
        own.revisit.date = Some(d("2027-06-01"));
        let st = revisit_status(&own, &[], d("2026-11-23"), 30, every);
        assert_eq!(st.source, Some(RevisitSource::Record));
        assert_eq!(st.date, Some(d("2027-06-01")));
        let mut proposed = r.clone();
        proposed.status = Status::Proposed;
        assert_eq!(
            revisit_status(&proposed, &[], d("2026-11-23"), 30, every).state,
            None
        );
        let mut undated = r.clone();
        undated.date = None;
        assert_eq!(
            revisit_status(&undated, &[], d("2026-11-23"), 30, every).state,
            Some(RevisitState::Unplanned)
        );
        // A retrospective's date is in force over the policy.
        let retro = retro("2026-02-01", Some("2027-02-01"));
        let st = revisit_status(&r, &[&retro], d("2026-11-23"), 30, every);
        assert_eq!(st.source, Some(RevisitSource::Retrospective));
    }

    #[test]
    fn the_latest_retrospective_decides() {
        let decision = decision(Status::Accepted, Some("2026-01-01"));
        let early = retro("2026-02-01", Some("2026-12-01"));
        let late = retro("2026-06-01", None);
        assert_eq!(state(&decision, &[&early]), Some("due"));
        assert_eq!(state(&decision, &[&late, &early]), Some("reviewed"));
        let later = retro("2026-09-01", Some("2027-09-01"));
        assert_eq!(
            state(&decision, &[&early, &later, &late]),
            Some("scheduled")
        );
    }
}
