//! Revisit state: whether a decision is overdue, due, scheduled, reviewed or unplanned,
//! given today's date (PRODUCT.md §3).

use serde::Serialize;

use crate::date::Date;
use crate::record::{Kind, Record, Status};

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

/// The revisit date in force and the state it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RevisitStatus {
    pub date: Option<Date>,
    pub state: Option<RevisitState>,
}

/// Computes the revisit status of `record` (with its `status` already resolved), given the
/// retrospectives that review it, today's date and the due window in days.
pub fn revisit_status(
    record: &Record,
    retrospectives: &[&Record],
    today: Date,
    window: u32,
) -> RevisitStatus {
    if record.kind == Kind::Retrospective
        || matches!(
            record.status,
            Status::Rejected | Status::Deprecated | Status::Superseded
        )
    {
        return RevisitStatus::default();
    }
    let date = if retrospectives.is_empty() {
        record.revisit.date
    } else {
        // The latest retrospective decides; its `next_revisit` (or none) is in force.
        let latest = retrospectives
            .iter()
            .enumerate()
            .max_by_key(|(i, r)| (r.date, *i))
            .map(|(_, r)| *r)
            .expect("not empty");
        match latest.next_revisit {
            Some(d) => Some(d),
            None => {
                return RevisitStatus {
                    date: None,
                    state: Some(RevisitState::Reviewed),
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
    RevisitStatus { date, state }
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
                when: None,
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
        revisit_status(r, retros, d("2026-11-23"), 30)
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
