//! A team's view on its package's first page: counts by status, its overdue and due
//! revisits, its newest and oldest records, days since its last decision, its calendar
//! (`revisits/<slug>.ics`), and, for a package read from another site, where from.

use std::collections::{BTreeMap, HashSet};

use tera::{Context, Value};

use super::super::card::Facet;
use super::Lists;
use crate::record::{Kind, Status};

impl Lists<'_> {
    /// Puts the team view of the package `facet`, whose records are `ids`, into `cx`.
    pub(super) fn team(&self, cx: &mut Context, facet: &Facet, ids: &[usize]) {
        let today = self.model.today;
        let statuses: Vec<Facet> = Status::ALL
            .iter()
            .map(|s| Facet {
                name: s.as_str().into(),
                slug: s.as_str().into(),
                count: ids
                    .iter()
                    .filter(|&&i| self.model.records[i].record.shown_status() == Some(*s))
                    .count(),
            })
            .filter(|f| f.count > 0)
            .collect();
        let members: HashSet<usize> = ids.iter().copied().collect();
        let pick = |list: &[usize]| -> Vec<usize> {
            list.iter()
                .copied()
                .filter(|i| members.contains(i))
                .collect()
        };
        let overdue = pick(&self.dashboard.overdue);
        let due = pick(&self.dashboard.due);
        let mut dated: Vec<usize> = ids
            .iter()
            .copied()
            .filter(|&i| self.all[i].date.is_some())
            .collect();
        dated.sort_by_key(|&i| (self.all[i].date, self.all[i].id));
        let newest: Vec<usize> = dated.iter().rev().take(3).copied().collect();
        let oldest: Vec<usize> = dated.iter().take(3).copied().collect();
        let last_decision = ids
            .iter()
            .filter(|&&i| self.model.records[i].record.kind == Kind::Decision)
            .filter_map(|&i| self.all[i].date)
            .max();
        let mut m = BTreeMap::new();
        m.insert(
            "decisions",
            Value::from(
                ids.iter()
                    .filter(|&&i| self.model.records[i].record.kind == Kind::Decision)
                    .count(),
            ),
        );
        m.insert(
            "retrospectives",
            Value::from(
                ids.iter()
                    .filter(|&&i| self.model.records[i].record.kind == Kind::Retrospective)
                    .count(),
            ),
        );
        m.insert("statuses", Value::from_serializable(&statuses));
        m.insert("overdue", self.cards(&overdue));
        m.insert("due", self.cards(&due));
        m.insert("newest", self.cards(&newest));
        m.insert("oldest", self.cards(&oldest));
        m.insert("last_decision", Value::from_serializable(&last_decision));
        m.insert(
            "days_since",
            Value::from_serializable(&last_decision.map(|d| d.days_until(today))),
        );
        m.insert(
            "calendar",
            Value::from(format!("revisits/{}.ics", facet.slug)),
        );
        // A package read from another site: where from, and as of when.
        let remote = self
            .model
            .sites
            .iter()
            .find(|s| s.package == facet.name)
            .map(|s| {
                let mut r = BTreeMap::new();
                r.insert(
                    "site",
                    Value::from(s.title.as_deref().unwrap_or(&s.package)),
                );
                r.insert("url", Value::from(s.base_url.as_str()));
                r.insert("fetched_on", Value::from_serializable(&s.fetched_on));
                r.insert("stale", Value::from(s.stale));
                Value::from(r)
            });
        m.insert(
            "remote",
            remote.unwrap_or_else(|| Value::from_serializable(&())),
        );
        cx.insert_value("team", Value::from(m));
    }
}

#[cfg(test)]
mod tests {
    use super::super::ListPage;
    use super::super::fixture::{date, fill, ids, model, prepare, rec, retrospective};
    use crate::record::Verdict;

    #[test]
    fn the_team_view_counts_its_package_and_shows_its_own_revisits() {
        let mut records = vec![
            rec("0001-a.md", 1, &[], Some("2026-11-01")),
            rec("0002-b.md", 2, &[], Some("2026-12-01")),
            rec("0003-c.md", 3, &[], None),
            rec("0004-d.md", 4, &[], None),
            retrospective("0005-r.md", 5, "1", "2026-11-20", Some(Verdict::HeldUp)),
            // Another team's overdue decision stays off this team's view.
            rec("0006-other.md", 6, &[], Some("2026-10-01")),
        ];
        for (r, d) in
            records
                .iter_mut()
                .zip(["2026-01-10", "2026-03-01", "2025-05-05", "2026-02-01"])
        {
            r.date = Some(date(d));
        }
        for r in &mut records[..5] {
            r.package = Some("payments".into());
        }
        records[5].package = Some("search".into());
        let m = model(records);
        let l = prepare(&m);
        let page = fill(&l, ListPage::Package(0, 1));
        let team = page.at("team");
        assert_eq!(team["decisions"], 4);
        assert_eq!(team["retrospectives"], 1);
        assert_eq!(team["statuses"][0]["name"], "accepted");
        assert_eq!(team["statuses"][0]["count"], 4);
        // 1 was reviewed since, and 6 is another team's: the site's only overdue decision
        // is not this team's.
        assert_eq!(
            ids(&fill(&l, ListPage::Revisits).at("overdue")),
            ["0006-other"]
        );
        assert_eq!(ids(&team["overdue"]), Vec::<String>::new());
        assert_eq!(ids(&team["due"]), ["0002-b"]);
        assert_eq!(ids(&team["newest"]), ["0005-r", "0002-b", "0004-d"]);
        assert_eq!(ids(&team["oldest"]), ["0003-c", "0001-a", "0004-d"]);
        // The last decision (not the retrospective) was on 2026-03-01.
        assert_eq!(team["last_decision"], "2026-03-01");
        assert_eq!(team["days_since"], 267);
        assert_eq!(team["calendar"], "revisits/payments.ics");
        assert!(team["remote"].is_null());
    }
}
