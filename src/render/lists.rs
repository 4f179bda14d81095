//! The list pages' views: the index, tag, status and package pages, the timeline, the
//! revisit dashboard, the trade-offs page, the graph and search, built once for all of them.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::card::{Card, Facet, card};
use super::graph;
use super::pages::Job;
use super::slugs::{Slugs, tradeoff_slug};
use crate::date::Date;
use crate::record::{Kind, Status, Verdict};
use crate::resolve::{Model, Resolved};
use crate::revisit::RevisitState;

/// A page that lists records, and what it lists.
pub(super) enum ListPage<'a> {
    Index,
    Tags,
    Tag(&'a Facet),
    Status(&'a Facet),
    Package(&'a Facet),
    Timeline,
    Revisits,
    Tradeoffs,
    Graph,
    Search,
}

#[derive(Serialize)]
pub(super) struct Counts {
    pub(super) decisions: usize,
    pub(super) retrospectives: usize,
    pub(super) overdue: usize,
    pub(super) due: usize,
}

#[derive(Serialize)]
pub(super) struct Facets<'a> {
    pub(super) statuses: &'a [Facet],
    pub(super) tags: &'a [Facet],
    pub(super) packages: &'a [Facet],
    pub(super) revisits: &'a [Facet],
}

#[derive(Serialize)]
pub(super) struct VerdictCount {
    pub(super) name: &'static str,
    pub(super) label: &'static str,
    pub(super) count: usize,
}

/// One decision in a trade-off group: its card index, why, and the verdicts of its
/// retrospectives as `(verdict, retrospective index)`.
pub(super) struct TradeoffEntry<'a> {
    pub(super) card: usize,
    pub(super) why: Option<&'a str>,
    pub(super) verdicts: Vec<(&'static str, usize)>,
}

/// Every decision that favoured `favor` over `over`, and how they turned out.
pub(super) struct TradeoffGroup<'a> {
    pub(super) slug: String,
    pub(super) favor: &'a str,
    pub(super) over: &'a str,
    /// Newest decision first.
    pub(super) entries: Vec<TradeoffEntry<'a>>,
    /// Counts of the verdict that stands for each decision (its latest retrospective's).
    pub(super) verdicts: Vec<VerdictCount>,
    /// Decisions in the group that no retrospective has judged yet.
    pub(super) unreviewed: usize,
    /// The same pair the other way round (`quality over speed`), when some decision made it.
    pub(super) opposite: Option<(String, usize)>,
}

/// A reviewed decision and the retrospective whose verdict stands (the latest).
pub(super) struct Reviewed {
    pub(super) decision: usize,
    pub(super) retrospective: usize,
    pub(super) verdict: Option<&'static str>,
    /// How many retrospectives review it.
    pub(super) reviews: usize,
}

/// Everything the list pages show, computed once; each page's context is filled from it.
pub(super) struct Lists<'a> {
    pub(super) model: &'a Model,
    pub(super) all: Vec<Card<'a>>,
    /// Each card as a template value, serialized once and shared (cheap to clone) by every list.
    pub(super) values: Vec<Value>,
    /// Indices into `all`, by number (unnumbered last).
    pub(super) by_number: Vec<usize>,
    pub(super) counts: Counts,
    pub(super) statuses: Vec<Facet>,
    pub(super) tags: Vec<Facet>,
    /// Indices into `all` for each tag facet, in `by_number` order.
    pub(super) tag_members: Vec<Vec<usize>>,
    pub(super) packages: Vec<Facet>,
    pub(super) revisits: Vec<Facet>,
    pub(super) timeline: Vec<(String, Vec<usize>)>,
    pub(super) overdue: Vec<usize>,
    pub(super) due: Vec<usize>,
    pub(super) unplanned: Vec<usize>,
    pub(super) scheduled: Vec<(String, Vec<usize>)>,
    pub(super) scheduled_count: usize,
    pub(super) reviewed_count: usize,
    /// Reviewed decisions, latest retrospective first.
    pub(super) reviewed: Vec<Reviewed>,
    /// Counts of standing verdicts, and how many reviewed decisions have none.
    pub(super) verdicts: Vec<VerdictCount>,
    pub(super) no_verdict: usize,
    /// Largest group first.
    pub(super) tradeoffs: Vec<TradeoffGroup<'a>>,
    /// Decisions that record at least one trade-off.
    pub(super) tradeoff_decisions: usize,
    pub(super) components: Vec<graph::Drawing>,
}

impl<'a> Lists<'a> {
    /// `values` are the cards as template values, when the record pages made them already.
    pub(super) fn prepare(
        model: &'a Model,
        tag_slugs: &Slugs,
        package_slugs: &Slugs,
        values: Option<Vec<Value>>,
    ) -> Lists<'a> {
        let all: Vec<Card<'a>> = model.records.iter().map(|r| card(model, r)).collect();
        let count_by =
            |f: &dyn Fn(&Resolved) -> bool| model.records.iter().filter(|r| f(r)).count();

        let mut by_number: Vec<usize> = (0..all.len()).collect();
        by_number.sort_by_key(|&i| (all[i].number.is_none(), all[i].number, all[i].id));

        // Tags, grouped case-insensitively; members collected in one pass.
        let mut tag_index: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for &i in &by_number {
            for t in all[i].tags {
                let entry = tag_index
                    .entry(t.to_lowercase())
                    .or_insert_with(|| (t.clone(), Vec::new()));
                if entry.1.last() != Some(&i) {
                    entry.1.push(i);
                }
            }
        }
        let (tags, tag_members): (Vec<Facet>, Vec<Vec<usize>>) = tag_index
            .into_values()
            .map(|(name, members)| {
                (
                    Facet {
                        slug: tag_slugs.get(&name).to_string(),
                        count: members.len(),
                        name,
                    },
                    members,
                )
            })
            .unzip();
        let statuses: Vec<Facet> = Status::ALL
            .iter()
            .map(|s| Facet {
                name: s.as_str().into(),
                slug: s.as_str().into(),
                count: count_by(&|r| r.record.shown_status() == Some(*s)),
            })
            .filter(|f| f.count > 0)
            .collect();
        let mut package_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &model.records {
            if let Some(p) = &r.record.package {
                *package_counts.entry(p).or_default() += 1;
            }
        }
        let packages: Vec<Facet> = package_counts
            .iter()
            .map(|(n, c)| Facet {
                name: n.to_string(),
                slug: package_slugs.get(n).to_string(),
                count: *c,
            })
            .collect();
        let revisits: Vec<Facet> = RevisitState::ALL
            .iter()
            .map(|s| Facet {
                name: s.as_str().into(),
                slug: s.as_str().into(),
                count: count_by(&|r| r.revisit.state == Some(*s)),
            })
            .filter(|f| f.count > 0)
            .collect();
        let counts = Counts {
            decisions: count_by(&|r| r.record.kind == Kind::Decision),
            retrospectives: count_by(&|r| r.record.kind == Kind::Retrospective),
            overdue: count_by(&|r| r.revisit.state == Some(RevisitState::Overdue)),
            due: count_by(&|r| r.revisit.state == Some(RevisitState::Due)),
        };

        // Timeline: newest first, grouped by month.
        let mut dated: Vec<usize> = (0..all.len()).collect();
        dated.sort_by(|&a, &b| {
            let (a, b) = (&all[a], &all[b]);
            b.date
                .cmp(&a.date)
                .then(b.number.cmp(&a.number))
                .then(a.id.cmp(b.id))
        });
        let timeline = group_by_label(&dated, |i| {
            all[i]
                .date
                .map_or_else(|| "Undated".to_string(), |d| d.month_label())
        });

        // Revisit dashboard.
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
        let overdue = in_state(RevisitState::Overdue);
        let due = in_state(RevisitState::Due);
        let unplanned: Vec<usize> = by_number
            .iter()
            .copied()
            .filter(|&i| all[i].revisit_state == Some(RevisitState::Unplanned.as_str()))
            .collect();
        let scheduled_list = in_state(RevisitState::Scheduled);
        let scheduled = group_by_label(&scheduled_list, |i| {
            all[i]
                .revisit_date
                .map(Date::month_label)
                .unwrap_or_default()
        });
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

        // Trade-offs, grouped by what was favoured over what: which ones a team keeps
        // making, and how the decisions that made them turned out.
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
        let tradeoff_decisions = model
            .records
            .iter()
            .filter(|r| !r.record.tradeoffs.is_empty())
            .count();

        Lists {
            model,
            by_number,
            counts,
            statuses,
            tags,
            tag_members,
            packages,
            revisits,
            timeline,
            overdue,
            due,
            unplanned,
            scheduled_count: scheduled_list.len(),
            scheduled,
            reviewed_count: count_by(&|r| r.revisit.state == Some(RevisitState::Reviewed)),
            reviewed,
            verdicts,
            no_verdict,
            tradeoffs,
            tradeoff_decisions,
            components: graph::components(model, ""),
            values: values
                .unwrap_or_else(|| all.par_iter().map(Value::from_serializable).collect()),
            all,
        }
    }

    pub(super) fn jobs(&self) -> Vec<Job<'_>> {
        let job = |template, path: String, nav, page| Job {
            template,
            path,
            nav,
            page,
        };
        let mut jobs = vec![
            job("index.html", "index.html".into(), "index", ListPage::Index),
            job(
                "tags.html",
                "tags/index.html".into(),
                "tags",
                ListPage::Tags,
            ),
            job(
                "timeline.html",
                "timeline.html".into(),
                "timeline",
                ListPage::Timeline,
            ),
            job(
                "revisits.html",
                "revisits.html".into(),
                "revisits",
                ListPage::Revisits,
            ),
            job(
                "tradeoffs.html",
                "tradeoffs.html".into(),
                "tradeoffs",
                ListPage::Tradeoffs,
            ),
            job("graph.html", "graph.html".into(), "graph", ListPage::Graph),
            job(
                "search.html",
                "search.html".into(),
                "search",
                ListPage::Search,
            ),
        ];
        jobs.extend(self.tags.iter().map(|t| {
            job(
                "listing.html",
                format!("tags/{}.html", t.slug),
                "tags",
                ListPage::Tag(t),
            )
        }));
        jobs.extend(self.statuses.iter().map(|s| {
            job(
                "listing.html",
                format!("status/{}.html", s.slug),
                "index",
                ListPage::Status(s),
            )
        }));
        jobs.extend(self.packages.iter().map(|p| {
            job(
                "listing.html",
                format!("packages/{}.html", p.slug),
                "index",
                ListPage::Package(p),
            )
        }));
        jobs
    }

    fn cards(&self, ids: &[usize]) -> Value {
        Value::from(
            ids.iter()
                .map(|&i| self.values[i].clone())
                .collect::<Vec<Value>>(),
        )
    }

    fn groups(&self, groups: &[(String, Vec<usize>)]) -> Value {
        Value::from(
            groups
                .iter()
                .map(|(label, ids)| {
                    let mut m = BTreeMap::new();
                    m.insert("label", Value::from(label.as_str()));
                    m.insert("records", self.cards(ids));
                    Value::from(m)
                })
                .collect::<Vec<Value>>(),
        )
    }

    /// A team's view on its package's page: counts by status, its overdue and due
    /// revisits, its newest and oldest records, days since its last decision, and its
    /// calendar (`revisits/<slug>.ics`).
    fn team(&self, cx: &mut Context, facet: &Facet, ids: &[usize]) {
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
        let members: std::collections::HashSet<usize> = ids.iter().copied().collect();
        let pick = |list: &[usize]| -> Vec<usize> {
            list.iter()
                .copied()
                .filter(|i| members.contains(i))
                .collect()
        };
        let overdue = pick(&self.overdue);
        let due = pick(&self.due);
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
        cx.insert_value("team", Value::from(m));
    }

    fn listing(&self, cx: &mut Context, heading: String, facet: &Facet, ids: &[usize]) {
        cx.insert("heading", &heading);
        cx.insert(
            "intro",
            &format!(
                "{} record{}.",
                facet.count,
                if facet.count == 1 { "" } else { "s" }
            ),
        );
        cx.insert_value("records", self.cards(ids));
    }

    pub(super) fn fill(&self, page: &ListPage<'_>, cx: &mut Context) {
        match page {
            ListPage::Index => {
                cx.insert_value("records", self.cards(&self.by_number));
                cx.insert("counts", &self.counts);
                cx.insert(
                    "facets",
                    &Facets {
                        statuses: &self.statuses,
                        tags: &self.tags,
                        packages: &self.packages,
                        revisits: &self.revisits,
                    },
                );
                cx.insert("skipped", &self.model.skipped.len());
                cx.insert("left_out", &self.model.left_out);
            }
            ListPage::Tags => cx.insert("tags", &self.tags),
            ListPage::Tag(t) => {
                let k = self
                    .tags
                    .iter()
                    .position(|x| std::ptr::eq(x, *t))
                    .unwrap_or(0);
                self.listing(cx, format!("Tagged “{}”", t.name), t, &self.tag_members[k]);
            }
            ListPage::Status(s) => {
                let ids: Vec<usize> = self
                    .by_number
                    .iter()
                    .copied()
                    .filter(|&i| self.all[i].status == Some(s.name.as_str()))
                    .collect();
                self.listing(cx, format!("Status: {}", s.name), s, &ids);
            }
            ListPage::Package(p) => {
                let ids: Vec<usize> = self
                    .by_number
                    .iter()
                    .copied()
                    .filter(|&i| self.all[i].package == Some(p.name.as_str()))
                    .collect();
                self.listing(cx, format!("Package: {}", p.name), p, &ids);
                self.team(cx, p, &ids);
            }
            ListPage::Timeline => cx.insert_value("groups", self.groups(&self.timeline)),
            ListPage::Revisits => {
                cx.insert_value("overdue", self.cards(&self.overdue));
                cx.insert_value("due", self.cards(&self.due));
                cx.insert_value("unplanned", self.cards(&self.unplanned));
                cx.insert_value("scheduled", self.groups(&self.scheduled));
                cx.insert("scheduled_count", &self.scheduled_count);
                cx.insert("reviewed_count", &self.reviewed_count);
                let reviewed: Vec<Value> = self
                    .reviewed
                    .iter()
                    .map(|x| {
                        let mut m = BTreeMap::new();
                        m.insert("decision", self.values[x.decision].clone());
                        m.insert("retrospective", self.values[x.retrospective].clone());
                        m.insert("verdict", Value::from(x.verdict));
                        m.insert("reviews", Value::from(x.reviews));
                        Value::from(m)
                    })
                    .collect();
                cx.insert_value("reviewed", Value::from(reviewed));
                cx.insert("no_verdict", &self.no_verdict);
                cx.insert("verdicts", &self.verdicts);
                cx.insert("due_window", &self.model.due_window);
            }
            ListPage::Tradeoffs => {
                let groups: Vec<Value> = self
                    .tradeoffs
                    .iter()
                    .map(|g| {
                        let records: Vec<Value> = g
                            .entries
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
                                        v.insert(
                                            "date",
                                            Value::from(self.all[j].date.map(|d| d.to_string())),
                                        );
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
                    })
                    .collect();
                cx.insert_value("groups", Value::from(groups));
                cx.insert("decision_count", &self.tradeoff_decisions);
            }
            ListPage::Graph => cx.insert("components", &self.components),
            ListPage::Search => {}
        }
    }
}

/// Consecutive runs of `ids` sharing a label, in order.
pub(super) fn group_by_label(
    ids: &[usize],
    label: impl Fn(usize) -> String,
) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in ids {
        let l = label(i);
        match out.last_mut() {
            Some((last, v)) if *last == l => v.push(i),
            _ => out.push((l, vec![i])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use super::*;
    use crate::record::{Record, Revisit, Tradeoff};
    use crate::resolve::{ResolveOptions, resolve};

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn rec(source: &str, number: u32, tags: &[&str], revisit: Option<&str>) -> Record {
        Record {
            id: crate::dialect::id_for(source),
            source: source.into(),
            number: Some(number),
            title: source.into(),
            status: Status::Accepted,
            date: Some(date("2026-01-10")),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            revisit: Revisit {
                date: revisit.map(date),
                ..Revisit::default()
            },
            ..Record::default()
        }
    }

    fn model(records: Vec<Record>) -> Model {
        let options = ResolveOptions {
            today: date("2026-11-23"),
            due_window: 30,
            review_after: None,
        };
        resolve(records, vec![], BTreeSet::new(), &HashMap::new(), &options).0
    }

    fn prepare(model: &Model) -> Lists<'_> {
        let tags = Slugs::new(
            model
                .records
                .iter()
                .flat_map(|r| r.record.tags.iter().map(String::as_str)),
        );
        let packages = Slugs::new(std::iter::empty());
        Lists::prepare(model, &tags, &packages, None)
    }

    #[test]
    fn records_are_listed_by_number_with_facets_counted() {
        let m = model(vec![
            rec("0003-c.md", 3, &["storage"], Some("2026-11-01")),
            rec("0001-a.md", 1, &["storage", "api"], Some("2026-12-01")),
            rec("0002-b.md", 2, &[], None),
        ]);
        let l = prepare(&m);
        let ids: Vec<&str> = l.by_number.iter().map(|&i| l.all[i].id).collect();
        assert_eq!(ids, ["0001-a", "0002-b", "0003-c"]);
        let tags: Vec<(&str, usize)> = l.tags.iter().map(|f| (f.name.as_str(), f.count)).collect();
        assert!(
            tags.contains(&("storage", 2)) && tags.contains(&("api", 1)),
            "{tags:?}"
        );
        assert_eq!(l.counts.decisions, 3);
        assert_eq!(l.counts.overdue, 1);
        assert_eq!(l.counts.due, 1);
        let names = |v: &[usize]| v.iter().map(|&i| l.all[i].id).collect::<Vec<_>>();
        assert_eq!(names(&l.overdue), ["0003-c"]);
        assert_eq!(names(&l.due), ["0001-a"]);
        assert_eq!(names(&l.unplanned), ["0002-b"]);
        let storage = l.tags.iter().position(|f| f.name == "storage").unwrap();
        assert_eq!(names(&l.tag_members[storage]), ["0001-a", "0003-c"]);
    }

    #[test]
    fn tradeoffs_are_grouped_by_pair_largest_first() {
        let mut a = rec("0001-a.md", 1, &[], None);
        let mut b = rec("0002-b.md", 2, &[], None);
        let mut c = rec("0003-c.md", 3, &[], None);
        let t = |favor: &str, over: &str| Tradeoff {
            favor: favor.into(),
            over: over.into(),
            why: None,
        };
        a.tradeoffs = vec![t("consistency", "throughput")];
        b.tradeoffs = vec![t("consistency", "throughput")];
        c.tradeoffs = vec![t("throughput", "consistency")];
        let m = model(vec![a, b, c]);
        let l = prepare(&m);
        assert_eq!(l.tradeoff_decisions, 3);
        let first = &l.tradeoffs[0];
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
}
