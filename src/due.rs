//! The decisions due for revisit: those overdue, and those whose revisit date falls within
//! a window of days from today. `hindsight due` prints them (table, JSON, CSV) and fails
//! CI jobs on them; this module only chooses and orders them.

use serde::Serialize;

use crate::date::Date;
use crate::resolve::{Model, Resolved};
use crate::revisit::RevisitState;

/// One decision to revisit.
#[derive(Debug, Serialize)]
pub struct Item<'a> {
    /// The record id, as in decisions.json.
    pub id: &'a str,
    pub number: Option<u32>,
    pub title: &'a str,
    pub status: &'static str,
    /// `overdue` or `due`.
    pub state: &'static str,
    /// The revisit date in force.
    pub date: Date,
    /// Days from today to the date: negative when overdue.
    pub days_until: i64,
    /// Days late (0 when not overdue).
    pub days_late: i64,
    pub deciders: &'a [String],
    /// The revisit trigger, as written.
    pub when: Option<&'a str>,
    /// Where the date comes from: `record`, `review`, `retrospective` or `policy`.
    pub revisit_source: &'static str,
    pub package: Option<&'a str>,
    pub source: &'a str,
    /// The record's page, relative to the site root (a record of another site: its
    /// absolute address there).
    pub url: &'a str,
}

/// The decisions overdue or due within `within` days of `model.today`: overdue first (the
/// longest overdue first), then by date, then by number and id.
pub fn items(model: &Model, within: u32) -> Vec<Item<'_>> {
    let mut items: Vec<Item<'_>> = model
        .records
        .iter()
        .filter_map(|r: &Resolved| {
            let date = r.revisit.date?;
            if !matches!(
                r.revisit.state,
                Some(RevisitState::Overdue | RevisitState::Due | RevisitState::Scheduled)
            ) {
                return None;
            }
            let days = model.today.days_until(date);
            if days > i64::from(within) {
                return None;
            }
            let rec = &r.record;
            Some(Item {
                id: &rec.id,
                number: rec.number,
                title: &rec.title,
                status: rec.status.as_str(),
                state: if days < 0 { "overdue" } else { "due" },
                date,
                days_until: days,
                days_late: (-days).max(0),
                deciders: &rec.deciders,
                when: rec.revisit.when.as_deref(),
                revisit_source: r.revisit.source.map_or("record", |s| s.as_str()),
                package: rec.package.as_deref(),
                source: &rec.source,
                // A record of another site: its page there (absolute).
                url: rec.home.as_deref().unwrap_or(&r.url),
            })
        })
        .collect();
    items.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.number.is_none().cmp(&b.number.is_none()))
            .then(a.number.cmp(&b.number))
            .then(a.id.cmp(b.id))
    });
    items
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::record::{Record, Status};
    use crate::resolve::{ResolveOptions, Sources, resolve};

    fn rec(source: &str, number: u32, revisit: &str) -> Record {
        let mut r = Record {
            id: crate::dialect::id_for(source),
            source: source.into(),
            number: Some(number),
            title: source.into(),
            status: Status::Accepted,
            ..Record::default()
        };
        r.revisit.date = Some(Date::parse_iso(revisit).unwrap());
        r
    }

    #[test]
    fn overdue_first_then_due_within_the_window_and_nothing_later() {
        let (model, _) = resolve(
            vec![
                rec("a.md", 1, "2026-12-20"),
                rec("b.md", 2, "2026-11-01"),
                rec("c.md", 3, "2027-03-01"),
                rec("d.md", 4, "2026-11-23"),
            ],
            vec![],
            BTreeSet::new(),
            &Sources::default(),
            &ResolveOptions {
                today: Date::parse_iso("2026-11-23").unwrap(),
                due_window: 30,
                review_after: None,
            },
        );
        let listed: Vec<(&str, &str, i64)> = items(&model, 30)
            .iter()
            .map(|i| (i.source, i.state, i.days_until))
            .collect();
        assert_eq!(
            listed,
            [
                ("b.md", "overdue", -22),
                ("d.md", "due", 0),
                ("a.md", "due", 27)
            ]
        );
        assert_eq!(items(&model, 200).len(), 4);
    }
}
