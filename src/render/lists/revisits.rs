//! The revisit dashboard (`revisits.html`): decisions overdue, due, without a plan and
//! scheduled (by month), and the reviewed ones with the verdict that stands (the latest
//! retrospective's). On a paged site each section shows its first few, with its own pages
//! (`revisits/overdue.html`, `revisits/verdict-held-up.html`, ...) for the rest.

use std::collections::BTreeMap;

use tera::{Context, Value};

use super::super::card::Card;
use super::super::paging::{PAGE_SIZE, page_slice};
use super::{Lists, VerdictCount, count, group_by_label};
use crate::date::Date;
use crate::record::Verdict;
use crate::resolve::Model;
use crate::revisit::RevisitState;

/// A section of the revisit dashboard that has pages of its own on a paged site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::render) enum Section {
    Overdue,
    Due,
    Unplanned,
    Scheduled,
    /// Reviewed decisions whose standing verdict is this one (`None`: no verdict).
    Verdict(Option<Verdict>),
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Overdue => "overdue",
            Section::Due => "due",
            Section::Unplanned => "unplanned",
            Section::Scheduled => "scheduled",
            Section::Verdict(Some(v)) => match v {
                Verdict::HeldUp => "verdict-held-up",
                Verdict::Revised => "verdict-revised",
                Verdict::Reversed => "verdict-reversed",
            },
            Section::Verdict(None) => "verdict-none",
        }
    }

    pub(super) fn base(self) -> String {
        format!("revisits/{}", self.name())
    }

    pub(super) fn all() -> Vec<Section> {
        let mut v = vec![
            Section::Overdue,
            Section::Due,
            Section::Unplanned,
            Section::Scheduled,
        ];
        v.extend(Verdict::ALL.iter().map(|&x| Section::Verdict(Some(x))));
        v.push(Section::Verdict(None));
        v
    }
}

/// A reviewed decision and the retrospective whose verdict stands (the latest).
struct Reviewed {
    decision: usize,
    retrospective: usize,
    verdict: Option<&'static str>,
    /// How many retrospectives review it.
    reviews: usize,
}

/// The dashboard's sections, as indices into the cards.
pub(super) struct Dashboard {
    /// Earliest revisit date first, then by number (unnumbered last) and id.
    pub(super) overdue: Vec<usize>,
    pub(super) due: Vec<usize>,
    /// In number order.
    unplanned: Vec<usize>,
    scheduled: Vec<usize>,
    reviewed_count: usize,
    /// Reviewed decisions, latest retrospective first.
    reviewed: Vec<Reviewed>,
    /// Counts of standing verdicts, and how many reviewed decisions have none.
    verdicts: Vec<VerdictCount>,
    no_verdict: usize,
}

impl Dashboard {
    pub(super) fn prepare(model: &Model, all: &[Card<'_>], by_number: &[usize]) -> Dashboard {
        let in_state = |s: RevisitState| -> Vec<usize> {
            let mut v: Vec<usize> = (0..all.len())
                .filter(|&i| all[i].revisit_state == Some(s.as_str()))
                .collect();
            v.sort_by(|&a, &b| {
                let (x, y) = (&all[a], &all[b]);
                x.revisit_date
                    .cmp(&y.revisit_date)
                    .then(x.number.is_none().cmp(&y.number.is_none()))
                    .then(x.number.cmp(&y.number))
                    .then(x.id.cmp(y.id))
            });
            v
        };
        let unplanned: Vec<usize> = by_number
            .iter()
            .copied()
            .filter(|&i| all[i].revisit_state == Some(RevisitState::Unplanned.as_str()))
            .collect();
        // How reviewed decisions turned out: the latest retrospective's verdict stands.
        let mut reviewed: Vec<Reviewed> = model
            .records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let &latest = r
                    .retrospectives
                    .iter()
                    .max_by_key(|&&j| (model.records[j].record.date, j))?;
                Some(Reviewed {
                    decision: i,
                    retrospective: latest,
                    verdict: model.records[latest].record.verdict.map(Verdict::as_str),
                    reviews: r.retrospectives.len(),
                })
            })
            .collect();
        reviewed.sort_by(|a, b| {
            all[b.retrospective]
                .date
                .cmp(&all[a.retrospective].date)
                .then(all[a.decision].id.cmp(all[b.decision].id))
        });
        let verdicts: Vec<VerdictCount> = Verdict::ALL
            .iter()
            .map(|v| VerdictCount {
                name: v.as_str(),
                label: v.label(),
                count: reviewed
                    .iter()
                    .filter(|x| x.verdict == Some(v.as_str()))
                    .count(),
            })
            .collect();
        let no_verdict = reviewed.iter().filter(|x| x.verdict.is_none()).count();
        Dashboard {
            overdue: in_state(RevisitState::Overdue),
            due: in_state(RevisitState::Due),
            unplanned,
            scheduled: in_state(RevisitState::Scheduled),
            reviewed_count: count(model, |r| r.revisit.state == Some(RevisitState::Reviewed)),
            reviewed,
            verdicts,
            no_verdict,
        }
    }

    /// The records of a section, in its order (for a verdict section, indices into
    /// `reviewed`).
    pub(super) fn section_ids(&self, section: Section) -> Vec<usize> {
        match section {
            Section::Overdue => self.overdue.clone(),
            Section::Due => self.due.clone(),
            Section::Unplanned => self.unplanned.clone(),
            Section::Scheduled => self.scheduled.clone(),
            Section::Verdict(v) => (0..self.reviewed.len())
                .filter(|&k| self.reviewed[k].verdict == v.map(Verdict::as_str))
                .collect(),
        }
    }
}

impl Lists<'_> {
    /// The revisit dashboard, or page `n` of one of its sections.
    pub(super) fn revisits(&self, cx: &mut Context, section: Option<(Section, usize)>) {
        let d = &self.dashboard;
        let pick = |s: Section| -> (Vec<usize>, Option<String>) {
            let ids = d.section_ids(s);
            match section {
                Some((x, n)) if x == s => (page_slice(&ids, n, PAGE_SIZE).to_vec(), None),
                Some(_) => (Vec::new(), None),
                None => {
                    let (shown, more) = self.capped(&ids, &s.base());
                    (shown.to_vec(), more)
                }
            }
        };
        for (name, s) in [
            ("overdue", Section::Overdue),
            ("due", Section::Due),
            ("unplanned", Section::Unplanned),
        ] {
            let (ids, more) = pick(s);
            cx.insert_value(name, self.cards(&ids));
            cx.insert(format!("{name}_more"), &more);
        }
        let (scheduled, scheduled_more) = pick(Section::Scheduled);
        let scheduled = group_by_label(&scheduled, |i| {
            self.all[i]
                .revisit_date
                .map(Date::month_label)
                .unwrap_or_default()
        });
        cx.insert_value("scheduled", self.groups(&scheduled, None));
        cx.insert("scheduled_more", &scheduled_more);
        cx.insert("overdue_count", &d.overdue.len());
        cx.insert("due_count", &d.due.len());
        cx.insert("unplanned_count", &d.unplanned.len());
        cx.insert("scheduled_count", &d.scheduled.len());
        cx.insert("reviewed_count", &d.reviewed_count);
        cx.insert("reviewed_total", &d.reviewed.len());

        let mut reviewed = Vec::new();
        let mut verdicts = Vec::new();
        for v in &d.verdicts {
            let verdict = Verdict::ALL.iter().copied().find(|x| x.as_str() == v.name);
            let s = Section::Verdict(verdict);
            if section.is_some_and(|(x, _)| x != s) {
                continue;
            }
            let (ids, more) = pick(s);
            reviewed.extend(ids.iter().map(|&k| self.reviewed_value(&d.reviewed[k])));
            let mut m = BTreeMap::new();
            m.insert("name", Value::from(v.name));
            m.insert("label", Value::from(v.label));
            m.insert("count", Value::from(v.count));
            m.insert("more", Value::from(more));
            verdicts.push(Value::from(m));
        }
        let none = Section::Verdict(None);
        let (ids, no_verdict_more) = pick(none);
        reviewed.extend(ids.iter().map(|&k| self.reviewed_value(&d.reviewed[k])));
        let no_verdict = match section {
            Some((x, _)) if x != none => 0,
            _ => d.no_verdict,
        };
        cx.insert_value("reviewed", Value::from(reviewed));
        cx.insert_value("verdicts", Value::from(verdicts));
        cx.insert("no_verdict", &no_verdict);
        cx.insert("no_verdict_more", &no_verdict_more);
        cx.insert("due_window", &self.model.due_window);
        cx.insert(
            "reviewed_section",
            &section.is_some_and(|(s, _)| matches!(s, Section::Verdict(_))),
        );
        if let Some((s, n)) = section {
            cx.insert("section", s.name());
            self.pager(cx, &s.base(), n, d.section_ids(s).len());
        }
    }

    fn reviewed_value(&self, x: &Reviewed) -> Value {
        let mut m = BTreeMap::new();
        m.insert("decision", self.values[x.decision].clone());
        m.insert("retrospective", self.values[x.retrospective].clone());
        m.insert("verdict", Value::from(x.verdict));
        m.insert("reviews", Value::from(x.reviews));
        Value::from(m)
    }
}

#[cfg(test)]
mod tests {
    use super::super::ListPage;
    use super::super::fixture::{fill, ids, many, model, paths, prepare, rec, retrospective};
    use super::*;

    #[test]
    fn the_dashboard_sorts_each_section_and_lets_the_latest_verdict_stand() {
        let m = model(vec![
            rec("0001-a.md", 1, &[], Some("2026-11-10")),
            rec("0002-b.md", 2, &[], Some("2026-10-01")),
            rec("0003-c.md", 3, &[], Some("2026-12-01")),
            rec("0004-d.md", 4, &[], None),
            rec("0005-e.md", 5, &[], Some("2027-03-15")),
            rec("0006-f.md", 6, &[], Some("2027-01-20")),
            rec("0007-g.md", 7, &[], Some("2027-01-05")),
            rec("0008-h.md", 8, &[], None),
            // 8 was held up, then reversed: the later verdict stands.
            retrospective("0009-r.md", 9, "8", "2026-05-01", Some(Verdict::HeldUp)),
            retrospective("0010-r.md", 10, "8", "2026-09-01", Some(Verdict::Reversed)),
            // 4's retrospective gives no verdict.
            retrospective("0011-r.md", 11, "4", "2026-06-01", None),
        ]);
        let l = prepare(&m);
        let page = fill(&l, ListPage::Revisits);
        // Earliest revisit first.
        assert_eq!(ids(&page.at("overdue")), ["0002-b", "0001-a"]);
        assert_eq!(ids(&page.at("due")), ["0003-c"]);
        assert_eq!(page.at("unplanned").as_array().unwrap().len(), 0);
        let scheduled = page.at("scheduled");
        let months: Vec<(&str, Vec<String>)> = scheduled
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["label"].as_str().unwrap(), ids(&g["records"])))
            .collect();
        assert_eq!(
            months,
            [
                (
                    "January 2027",
                    vec!["0007-g".to_string(), "0006-f".to_string()]
                ),
                ("March 2027", vec!["0005-e".to_string()]),
            ]
        );
        for (key, n) in [
            ("overdue_count", 2),
            ("due_count", 1),
            ("unplanned_count", 0),
            ("scheduled_count", 3),
            ("reviewed_count", 2),
            ("reviewed_total", 2),
            ("no_verdict", 1),
        ] {
            assert_eq!(page.at(key), n, "{key}");
        }
        // Latest retrospective first; each with the retrospective whose verdict stands.
        let reviewed = page.at("reviewed");
        let rows: Vec<(&str, &str, &serde_json::Value, u64)> = reviewed
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["decision"]["id"].as_str().unwrap(),
                    x["retrospective"]["id"].as_str().unwrap(),
                    &x["verdict"],
                    x["reviews"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("0008-h", "0010-r", &serde_json::json!("reversed"), 2),
                ("0004-d", "0011-r", &serde_json::Value::Null, 1),
            ]
        );
        let verdicts: Vec<(String, u64)> = page
            .at("verdicts")
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["name"].as_str().unwrap().into(),
                    v["count"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            verdicts,
            [
                ("held-up".to_string(), 0),
                ("revised".to_string(), 0),
                ("reversed".to_string(), 1)
            ]
        );
    }

    #[test]
    fn on_a_paged_site_a_long_section_shows_its_first_few_and_has_its_own_pages() {
        let mut records = many(130);
        for r in &mut records[..125] {
            r.revisit.date = Some(super::super::fixture::date("2026-10-01"));
        }
        let m = model(records);
        let l = prepare(&m);
        let page = fill(&l, ListPage::Revisits);
        let shown = ids(&page.at("overdue"));
        assert_eq!(shown.len(), 20);
        assert_eq!(shown[0], "0001-x");
        assert_eq!(page.at("overdue_more"), "revisits/overdue.html");
        assert_eq!(page.at("overdue_count"), 125);
        // The five without a plan fit.
        assert_eq!(ids(&page.at("unplanned")).len(), 5);
        assert!(page.at("unplanned_more").is_null());
        let p = paths(&l);
        assert!(p.contains(&"revisits/overdue.html".to_string()));
        assert!(p.contains(&"revisits/overdue/2.html".to_string()));
        assert!(!p.iter().any(|x| x.starts_with("revisits/unplanned")));

        let second = fill(&l, ListPage::RevisitSection(Section::Overdue, 2));
        let shown = ids(&second.at("overdue"));
        assert_eq!((shown.len(), shown[0].as_str()), (25, "0101-x"));
        assert_eq!(second.at("section"), "overdue");
        assert_eq!(second.at("pager")["current"], 2);
        // A section's page shows that section only.
        assert_eq!(second.at("unplanned").as_array().unwrap().len(), 0);
    }
}
