//! The trade-offs page (`tradeoffs.html`): decisions grouped by what they favoured over
//! what, largest group first, each with how its decisions turned out and a link to the
//! same pair the other way round. On a paged site a large group shows its first few and
//! has its own pages (`tradeoffs/<favor>-over-<over>.html`).

use std::collections::BTreeMap;

use tera::{Context, Value};

use super::super::card::Card;
use super::super::paging::{PAGE_SIZE, page_slice};
use super::super::slugs::tradeoff_slug;
use super::{Lists, VerdictCount};
use crate::record::Verdict;
use crate::resolve::Model;

/// One decision in a trade-off group: its card index, why, and the verdicts of its
/// retrospectives as `(verdict, retrospective index)`.
struct TradeoffEntry<'a> {
    card: usize,
    why: Option<&'a str>,
    verdicts: Vec<(&'static str, usize)>,
}

/// Every decision that favoured `favor` over `over`, and how they turned out.
pub(super) struct TradeoffGroup<'a> {
    pub(super) slug: String,
    favor: &'a str,
    over: &'a str,
    /// Newest decision first.
    entries: Vec<TradeoffEntry<'a>>,
    /// Counts of the verdict that stands for each decision (its latest retrospective's).
    verdicts: Vec<VerdictCount>,
    /// Decisions in the group that no retrospective has judged yet.
    unreviewed: usize,
    /// The same pair the other way round (`quality over speed`), when some decision made it.
    opposite: Option<(String, usize)>,
}

impl TradeoffGroup<'_> {
    /// How many decisions made this trade-off.
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The trade-off groups, and how many decisions record at least one trade-off.
pub(super) struct Tradeoffs<'a> {
    /// Largest group first.
    pub(super) groups: Vec<TradeoffGroup<'a>>,
    decisions: usize,
}

impl<'a> Tradeoffs<'a> {
    /// Groups the trade-offs by what was favoured over what: which ones a team keeps
    /// making, and how the decisions that made them turned out.
    pub(super) fn prepare(model: &'a Model, all: &[Card<'_>]) -> Tradeoffs<'a> {
        let mut groups: BTreeMap<String, TradeoffGroup<'a>> = BTreeMap::new();
        for (i, r) in model.records.iter().enumerate() {
            for t in &r.record.tradeoffs {
                let slug = tradeoff_slug(&t.favor, &t.over);
                if slug.is_empty() {
                    continue;
                }
                let g = groups.entry(slug.clone()).or_insert_with(|| TradeoffGroup {
                    slug,
                    favor: &t.favor,
                    over: &t.over,
                    entries: Vec::new(),
                    verdicts: Vec::new(),
                    unreviewed: 0,
                    opposite: None,
                });
                if g.entries.last().is_some_and(|e| e.card == i) {
                    continue;
                }
                let verdicts = r
                    .retrospectives
                    .iter()
                    .filter_map(|&j| model.records[j].record.verdict.map(|v| (v.as_str(), j)))
                    .collect();
                g.entries.push(TradeoffEntry {
                    card: i,
                    why: t.why.as_deref(),
                    verdicts,
                });
            }
        }
        let sizes: BTreeMap<String, usize> = groups
            .iter()
            .map(|(k, g)| (k.clone(), g.entries.len()))
            .collect();
        let mut tradeoffs: Vec<TradeoffGroup<'a>> = groups.into_values().collect();
        for g in &mut tradeoffs {
            g.entries.sort_by(|a, b| {
                let (x, y) = (&all[a.card], &all[b.card]);
                y.date
                    .cmp(&x.date)
                    .then(x.number.cmp(&y.number))
                    .then(x.id.cmp(y.id))
            });
            let standing: Vec<&'static str> = g
                .entries
                .iter()
                .filter_map(|e| {
                    e.verdicts
                        .iter()
                        .max_by_key(|v| (all[v.1].date, v.1))
                        .map(|v| v.0)
                })
                .collect();
            g.unreviewed = g.entries.len() - standing.len();
            g.verdicts = Verdict::ALL
                .iter()
                .map(|v| VerdictCount {
                    name: v.as_str(),
                    label: v.label(),
                    count: standing.iter().filter(|x| **x == v.as_str()).count(),
                })
                .filter(|v| v.count > 0)
                .collect();
            let opposite = tradeoff_slug(g.over, g.favor);
            g.opposite = sizes
                .get(&opposite)
                .filter(|_| opposite != g.slug)
                .map(|&n| (opposite, n));
        }
        tradeoffs.sort_by(|a, b| {
            b.entries
                .len()
                .cmp(&a.entries.len())
                .then(a.slug.cmp(&b.slug))
        });
        Tradeoffs {
            groups: tradeoffs,
            decisions: model
                .records
                .iter()
                .filter(|r| !r.record.tradeoffs.is_empty())
                .count(),
        }
    }
}

impl Lists<'_> {
    /// The trade-offs page: every group, each capped on a paged site.
    pub(super) fn tradeoffs(&self, cx: &mut Context) {
        let groups: Vec<Value> = self
            .tradeoffs
            .groups
            .iter()
            .map(|g| {
                let (shown, more) = self.capped(&g.entries, &format!("tradeoffs/{}", g.slug));
                self.tradeoff_value(g, shown, more)
            })
            .collect();
        cx.insert_value("groups", Value::from(groups));
        cx.insert("decision_count", &self.tradeoffs.decisions);
    }

    /// Page `n` of the `k`th group's own pages.
    pub(super) fn tradeoff(&self, cx: &mut Context, k: usize, n: usize) {
        let g = &self.tradeoffs.groups[k];
        let shown = page_slice(&g.entries, n, PAGE_SIZE);
        cx.insert_value(
            "groups",
            Value::from(vec![self.tradeoff_value(g, shown, None)]),
        );
        cx.insert("decision_count", &g.entries.len());
        cx.insert("single", &true);
        self.pager(cx, &format!("tradeoffs/{}", g.slug), n, g.entries.len());
    }

    /// A trade-off group with the entries shown and, when some are left out, the link to
    /// the group's own pages.
    fn tradeoff_value(
        &self,
        g: &TradeoffGroup<'_>,
        entries: &[TradeoffEntry<'_>],
        more: Option<String>,
    ) -> Value {
        let records: Vec<Value> = entries
            .iter()
            .map(|e| {
                // The record's shared card, not a copy of it with two more
                // keys: 18,000 entries at 10,000 records made 40 MB of copies.
                let mut m = BTreeMap::new();
                m.insert("record", self.values[e.card].clone());
                m.insert("why", Value::from(e.why));
                let verdicts: Vec<Value> = e
                    .verdicts
                    .iter()
                    .map(|&(verdict, j)| {
                        let mut v = BTreeMap::new();
                        v.insert("verdict", Value::from(verdict));
                        v.insert("url", Value::from(self.all[j].url));
                        v.insert("title", Value::from(self.all[j].title));
                        v.insert("date", Value::from(self.all[j].date.map(|d| d.to_string())));
                        Value::from(v)
                    })
                    .collect();
                m.insert("verdicts", Value::from(verdicts));
                Value::from(m)
            })
            .collect();
        let mut m = BTreeMap::new();
        m.insert("favor", Value::from(g.favor));
        m.insert("over", Value::from(g.over));
        m.insert("slug", Value::from(g.slug.as_str()));
        m.insert("records", Value::from(records));
        m.insert("count", Value::from(g.entries.len()));
        m.insert("more", Value::from(more));
        m.insert("verdicts", Value::from_serializable(&g.verdicts));
        m.insert("unreviewed", Value::from(g.unreviewed));
        m.insert(
            "opposite",
            match &g.opposite {
                Some((slug, count)) => {
                    let mut o = BTreeMap::new();
                    o.insert("slug", Value::from(slug.as_str()));
                    o.insert("count", Value::from(*count));
                    Value::from(o)
                }
                None => Value::none(),
            },
        );
        Value::from(m)
    }
}

#[cfg(test)]
mod tests {
    use super::super::ListPage;
    use super::super::fixture::{date, fill, many, model, paths, prepare, rec, retrospective};
    use crate::record::{Tradeoff, Verdict};

    fn t(favor: &str, over: &str) -> Tradeoff {
        Tradeoff {
            favor: favor.into(),
            over: over.into(),
            why: None,
        }
    }

    #[test]
    fn tradeoffs_are_grouped_by_pair_largest_first() {
        let mut a = rec("0001-a.md", 1, &[], None);
        let mut b = rec("0002-b.md", 2, &[], None);
        let mut c = rec("0003-c.md", 3, &[], None);
        a.tradeoffs = vec![t("consistency", "throughput")];
        b.tradeoffs = vec![t("consistency", "throughput")];
        c.tradeoffs = vec![t("throughput", "consistency")];
        let m = model(vec![a, b, c]);
        let l = prepare(&m);
        assert_eq!(l.tradeoffs.decisions, 3);
        let first = &l.tradeoffs.groups[0];
        assert_eq!(
            (first.favor, first.over, first.entries.len()),
            ("consistency", "throughput", 2)
        );
        assert_eq!(first.slug, "consistency-over-throughput");
        assert_eq!(first.unreviewed, 2);
        assert_eq!(
            first.opposite.as_ref().map(|(s, n)| (s.as_str(), *n)),
            Some(("throughput-over-consistency", 1))
        );
    }

    #[test]
    fn the_tradeoffs_page_shows_each_group_newest_first_with_how_it_turned_out() {
        let mut a = rec("0001-a.md", 1, &[], None);
        let mut b = rec("0002-b.md", 2, &[], None);
        let mut c = rec("0003-c.md", 3, &[], None);
        a.date = Some(date("2025-01-01"));
        a.tradeoffs = vec![Tradeoff {
            why: Some("reads dominate".into()),
            ..t("latency", "cost")
        }];
        // Twice in one record: counted once.
        b.tradeoffs = vec![t("Latency", "Cost"), t("latency", "cost")];
        c.tradeoffs = vec![t("simplicity", "flexibility")];
        let m = model(vec![
            a,
            b,
            c,
            rec("0004-d.md", 4, &[], None),
            retrospective("0005-r.md", 5, "1", "2026-02-01", Some(Verdict::Revised)),
        ]);
        let l = prepare(&m);
        let page = fill(&l, ListPage::Tradeoffs);
        assert_eq!(page.at("decision_count"), 3);
        let groups = page.at("groups");
        assert_eq!(groups.as_array().unwrap().len(), 2);
        let latency = &groups[0];
        assert_eq!(latency["slug"], "latency-over-cost");
        assert_eq!(latency["count"], 2);
        let records: Vec<&str> = latency["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["record"]["id"].as_str().unwrap())
            .collect();
        assert_eq!(records, ["0002-b", "0001-a"]);
        assert_eq!(latency["records"][1]["why"], "reads dominate");
        assert_eq!(latency["records"][1]["verdicts"][0]["verdict"], "revised");
        assert_eq!(latency["verdicts"][0]["name"], "revised");
        assert_eq!(latency["verdicts"][0]["count"], 1);
        assert_eq!(latency["unreviewed"], 1);
        assert!(latency["opposite"].is_null() && latency["more"].is_null());
        assert_eq!(groups[1]["slug"], "simplicity-over-flexibility");
        // A small site: no group has pages of its own.
        assert!(!paths(&l).iter().any(|p| p.starts_with("tradeoffs/")));
    }

    #[test]
    fn on_a_paged_site_a_large_group_has_its_own_pages() {
        let mut records = many(130);
        for r in &mut records[..125] {
            r.tradeoffs = vec![t("speed", "safety")];
        }
        let m = model(records);
        let l = prepare(&m);
        let page = fill(&l, ListPage::Tradeoffs);
        let group = &page.at("groups")[0];
        assert_eq!(group["records"].as_array().unwrap().len(), 20);
        assert_eq!(group["count"], 125);
        assert_eq!(group["more"], "tradeoffs/speed-over-safety.html");
        let p = paths(&l);
        assert!(p.contains(&"tradeoffs/speed-over-safety.html".to_string()));
        assert!(p.contains(&"tradeoffs/speed-over-safety/2.html".to_string()));
        let second = fill(&l, ListPage::Tradeoff(0, 2));
        assert_eq!(second.at("single"), true);
        assert_eq!(second.at("decision_count"), 125);
        let shown: Vec<String> = second.at("groups")[0]["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["record"]["id"].as_str().unwrap().to_string())
            .collect();
        // Same date: by number.
        assert_eq!((shown.len(), shown[0].as_str()), (25, "0101-x"));
    }
}
