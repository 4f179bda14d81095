//! The list pages' views: the index, tag, status and package pages, the timeline, the
//! revisit dashboard, the trade-offs page, the graph and search, built once for all of them.
//!
//! Long lists are paged ([`super::paging`]): a site with more records than fit on a page
//! gets `index.html`, `index/2.html`, ..., the same for every tag, status and package page
//! and the timeline, the index in a few static sort orders (`index/date.html`, ...), and
//! the revisit dashboard and trade-offs page show the first few of each section with a link
//! to the section's own paged list. A site with fewer records looks as it did before.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::card::{Card, Facet, card};
use super::graph;
use super::pages::Job;
use super::paging::{PAGE_SIZE, Pager, page_count, page_path, page_slice};
use super::slugs::{Slugs, tradeoff_slug};
use crate::date::Date;
use crate::record::{Kind, Status, Verdict};
use crate::resolve::{Model, Resolved};
use crate::revisit::RevisitState;

/// Items a section of the revisit dashboard or a trade-off group shows on its summary page
/// when the site is paged; the rest are on the section's own pages.
pub(super) const SECTION_CAP: usize = 20;

/// The orders the index is listed in. The first is the index itself; a paged site gets the
/// others as static pages too, so that sorting works without script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    Number,
    Title,
    Status,
    Date,
    Revisit,
}

impl Order {
    pub(super) const ALL: [Order; 5] = [
        Order::Number,
        Order::Title,
        Order::Status,
        Order::Date,
        Order::Revisit,
    ];

    pub(super) fn key(self) -> &'static str {
        match self {
            Order::Number => "number",
            Order::Title => "title",
            Order::Status => "status",
            Order::Date => "date",
            Order::Revisit => "revisit",
        }
    }

    /// Where the order's first page is, without `.html`.
    pub(super) fn base(self) -> String {
        match self {
            Order::Number => "index".into(),
            o => format!("index/{}", o.key()),
        }
    }

    /// `aria-sort` of the column when the list is in this order.
    fn direction(self) -> &'static str {
        match self {
            Order::Date => "descending",
            _ => "ascending",
        }
    }
}

/// A section of the revisit dashboard that has pages of its own on a paged site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
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

    fn base(self) -> String {
        format!("revisits/{}", self.name())
    }

    fn all() -> Vec<Section> {
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

/// A page that lists records, and what it lists; pages count from 1.
pub(super) enum ListPage {
    Index(Order, usize),
    Tags,
    Tag(usize, usize),
    Status(usize, usize),
    Package(usize, usize),
    Timeline(usize),
    Revisits,
    RevisitSection(Section, usize),
    Tradeoffs,
    Tradeoff(usize, usize),
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
    /// The same for each status and package facet.
    pub(super) status_members: Vec<Vec<usize>>,
    pub(super) package_members: Vec<Vec<usize>>,
    /// The index's other orders, when the index has more than one page.
    pub(super) orders: Vec<(Order, Vec<usize>)>,
    /// Timeline order (newest first).
    pub(super) dated: Vec<usize>,
    pub(super) packages: Vec<Facet>,
    pub(super) revisits: Vec<Facet>,
    pub(super) overdue: Vec<usize>,
    pub(super) due: Vec<usize>,
    pub(super) unplanned: Vec<usize>,
    pub(super) scheduled_list: Vec<usize>,
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

        let by_number = index_order(model);

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

        let members_by = |f: &dyn Fn(&Card<'a>, &Facet) -> bool, facets: &[Facet]| {
            facets
                .iter()
                .map(|facet| {
                    by_number
                        .iter()
                        .copied()
                        .filter(|&i| f(&all[i], facet))
                        .collect::<Vec<usize>>()
                })
                .collect::<Vec<_>>()
        };
        let status_members = members_by(&|c, f| c.status == Some(f.name.as_str()), &statuses);
        let package_members = members_by(&|c, f| c.package == Some(f.name.as_str()), &packages);
        let orders = if by_number.len() > PAGE_SIZE {
            index_orders(&all, &by_number)
        } else {
            Vec::new()
        };

        Lists {
            model,
            status_members,
            package_members,
            orders,
            dated,
            scheduled_count: scheduled_list.len(),
            scheduled_list,
            by_number,
            counts,
            statuses,
            tags,
            tag_members,
            packages,
            revisits,
            overdue,
            due,
            unplanned,
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

    /// Whether the site's lists are paged: more records than fit on one page.
    pub(super) fn paged(&self) -> bool {
        self.all.len() > PAGE_SIZE
    }

    /// The records of a revisit dashboard section, in its order.
    fn section_ids(&self, section: Section) -> Vec<usize> {
        match section {
            Section::Overdue => self.overdue.clone(),
            Section::Due => self.due.clone(),
            Section::Unplanned => self.unplanned.clone(),
            Section::Scheduled => self.scheduled_list.clone(),
            Section::Verdict(v) => (0..self.reviewed.len())
                .filter(|&k| self.reviewed[k].verdict == v.map(Verdict::as_str))
                .collect(),
        }
    }

    pub(super) fn jobs(&self) -> Vec<Job> {
        let job = |template, path: String, nav, page| Job {
            template,
            path,
            nav,
            page,
        };
        let pages = |len: usize| 1..=page_count(len, PAGE_SIZE);
        let mut jobs = vec![
            job(
                "tags.html",
                "tags/index.html".into(),
                "tags",
                ListPage::Tags,
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
        for n in pages(self.by_number.len()) {
            jobs.push(job(
                "index.html",
                page_path("index", n),
                "index",
                ListPage::Index(Order::Number, n),
            ));
        }
        for (order, ids) in &self.orders {
            for n in pages(ids.len()) {
                jobs.push(job(
                    "index.html",
                    page_path(&order.base(), n),
                    "index",
                    ListPage::Index(*order, n),
                ));
            }
        }
        for n in pages(self.dated.len()) {
            jobs.push(job(
                "timeline.html",
                page_path("timeline", n),
                "timeline",
                ListPage::Timeline(n),
            ));
        }
        for (k, t) in self.tags.iter().enumerate() {
            for n in pages(t.count) {
                jobs.push(job(
                    "listing.html",
                    page_path(&format!("tags/{}", t.slug), n),
                    "tags",
                    ListPage::Tag(k, n),
                ));
            }
        }
        for (k, s) in self.statuses.iter().enumerate() {
            for n in pages(self.status_members[k].len()) {
                jobs.push(job(
                    "listing.html",
                    page_path(&format!("status/{}", s.slug), n),
                    "index",
                    ListPage::Status(k, n),
                ));
            }
        }
        for (k, p) in self.packages.iter().enumerate() {
            for n in pages(self.package_members[k].len()) {
                jobs.push(job(
                    "listing.html",
                    page_path(&format!("packages/{}", p.slug), n),
                    "index",
                    ListPage::Package(k, n),
                ));
            }
        }
        if self.paged() {
            for section in Section::all() {
                let len = self.section_ids(section).len();
                if len > SECTION_CAP {
                    for n in pages(len) {
                        jobs.push(job(
                            "revisits.html",
                            page_path(&section.base(), n),
                            "revisits",
                            ListPage::RevisitSection(section, n),
                        ));
                    }
                }
            }
            for (k, g) in self.tradeoffs.iter().enumerate() {
                if g.entries.len() > SECTION_CAP {
                    for n in pages(g.entries.len()) {
                        jobs.push(job(
                            "tradeoffs.html",
                            page_path(&format!("tradeoffs/{}", g.slug), n),
                            "tradeoffs",
                            ListPage::Tradeoff(k, n),
                        ));
                    }
                }
            }
        }
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

    /// A facet's page `n`: its heading, count, records and page links.
    fn listing(&self, cx: &mut Context, heading: String, base: &str, ids: &[usize], n: usize) {
        cx.insert("heading", &heading);
        let count = ids.len();
        cx.insert(
            "intro",
            &format!("{} record{}.", count, if count == 1 { "" } else { "s" }),
        );
        cx.insert_value("records", self.cards(page_slice(ids, n, PAGE_SIZE)));
        self.pager(cx, base, n, count);
    }

    fn pager(&self, cx: &mut Context, base: &str, n: usize, total: usize) {
        let pager = Pager::new(base, n, total, PAGE_SIZE);
        if pager.paged() {
            cx.insert("pager", &pager);
        }
    }

    /// The first `SECTION_CAP` of `ids` on a paged site (all of them on a small one), and
    /// the link to the section's own pages when some are left out.
    fn capped<'b>(&self, ids: &'b [usize], base: &str) -> (&'b [usize], Option<String>) {
        if self.paged() && ids.len() > SECTION_CAP {
            (&ids[..SECTION_CAP], Some(page_path(base, 1)))
        } else {
            (ids, None)
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

    /// The index's sort orders as links, for a paged index's column headers.
    fn order_links(&self, current: Order) -> Value {
        let mut m = BTreeMap::new();
        for o in Order::ALL {
            let mut v = BTreeMap::new();
            v.insert("url", Value::from(page_path(&o.base(), 1)));
            v.insert("sort", Value::from((o == current).then_some(o.direction())));
            m.insert(o.key(), Value::from(v));
        }
        Value::from(m)
    }

    pub(super) fn fill(&self, page: &ListPage, cx: &mut Context) {
        match *page {
            ListPage::Index(order, n) => {
                let ids = self
                    .orders
                    .iter()
                    .find(|(o, _)| *o == order)
                    .map_or(&self.by_number, |(_, ids)| ids);
                cx.insert_value("records", self.cards(page_slice(ids, n, PAGE_SIZE)));
                self.pager(cx, &order.base(), n, ids.len());
                if self.paged() {
                    cx.insert_value("orders", self.order_links(order));
                }
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
            ListPage::Tag(k, n) => {
                let t = &self.tags[k];
                self.listing(
                    cx,
                    format!("Tagged “{}”", t.name),
                    &format!("tags/{}", t.slug),
                    &self.tag_members[k],
                    n,
                );
            }
            ListPage::Status(k, n) => {
                let s = &self.statuses[k];
                self.listing(
                    cx,
                    format!("Status: {}", s.name),
                    &format!("status/{}", s.slug),
                    &self.status_members[k],
                    n,
                );
            }
            ListPage::Package(k, n) => {
                let p = &self.packages[k];
                self.listing(
                    cx,
                    format!("Package: {}", p.name),
                    &format!("packages/{}", p.slug),
                    &self.package_members[k],
                    n,
                );
                if n == 1 {
                    self.team(cx, p, &self.package_members[k]);
                }
            }
            ListPage::Timeline(n) => {
                let ids = page_slice(&self.dated, n, PAGE_SIZE);
                let groups = group_by_label(ids, |i| self.month(i));
                // A month that began on the previous page says so.
                let continued = n > 1
                    && ids.first().is_some_and(|&i| {
                        let before = self.dated[(n - 1) * PAGE_SIZE - 1];
                        self.month(before) == self.month(i)
                    });
                cx.insert_value("groups", self.groups(&groups));
                cx.insert("continued", &continued);
                self.pager(cx, "timeline", n, self.dated.len());
            }
            ListPage::Revisits => self.revisits(cx, None),
            ListPage::RevisitSection(section, n) => self.revisits(cx, Some((section, n))),
            ListPage::Tradeoffs => {
                let groups: Vec<Value> = self
                    .tradeoffs
                    .iter()
                    .map(|g| {
                        let (shown, more) = if self.paged() && g.entries.len() > SECTION_CAP {
                            (
                                &g.entries[..SECTION_CAP],
                                Some(page_path(&format!("tradeoffs/{}", g.slug), 1)),
                            )
                        } else {
                            (&g.entries[..], None)
                        };
                        self.tradeoff_value(g, shown, more)
                    })
                    .collect();
                cx.insert_value("groups", Value::from(groups));
                cx.insert("decision_count", &self.tradeoff_decisions);
            }
            ListPage::Tradeoff(k, n) => {
                let g = &self.tradeoffs[k];
                let shown = page_slice(&g.entries, n, PAGE_SIZE);
                cx.insert_value(
                    "groups",
                    Value::from(vec![self.tradeoff_value(g, shown, None)]),
                );
                cx.insert("decision_count", &g.entries.len());
                cx.insert("single", &true);
                self.pager(cx, &format!("tradeoffs/{}", g.slug), n, g.entries.len());
            }
            ListPage::Graph => cx.insert("components", &self.components),
            ListPage::Search => {}
        }
    }

    fn month(&self, i: usize) -> String {
        self.all[i]
            .date
            .map_or_else(|| "Undated".to_string(), |d| d.month_label())
    }

    /// The revisit dashboard, or page `n` of one of its sections.
    fn revisits(&self, cx: &mut Context, section: Option<(Section, usize)>) {
        let pick = |s: Section| -> (Vec<usize>, Option<String>) {
            let ids = self.section_ids(s);
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
        cx.insert_value("scheduled", self.groups(&scheduled));
        cx.insert("scheduled_more", &scheduled_more);
        cx.insert("overdue_count", &self.overdue.len());
        cx.insert("due_count", &self.due.len());
        cx.insert("unplanned_count", &self.unplanned.len());
        cx.insert("scheduled_count", &self.scheduled_count);
        cx.insert("reviewed_count", &self.reviewed_count);
        cx.insert("reviewed_total", &self.reviewed.len());

        let mut reviewed = Vec::new();
        let mut verdicts = Vec::new();
        for v in &self.verdicts {
            let verdict = Verdict::ALL.iter().copied().find(|x| x.as_str() == v.name);
            let s = Section::Verdict(verdict);
            if section.is_some_and(|(x, _)| x != s) {
                continue;
            }
            let (ids, more) = pick(s);
            reviewed.extend(ids.iter().map(|&k| self.reviewed_value(&self.reviewed[k])));
            let mut m = BTreeMap::new();
            m.insert("name", Value::from(v.name));
            m.insert("label", Value::from(v.label));
            m.insert("count", Value::from(v.count));
            m.insert("more", Value::from(more));
            verdicts.push(Value::from(m));
        }
        let none = Section::Verdict(None);
        let (ids, no_verdict_more) = pick(none);
        reviewed.extend(ids.iter().map(|&k| self.reviewed_value(&self.reviewed[k])));
        let no_verdict = match section {
            Some((x, _)) if x != none => 0,
            _ => self.no_verdict,
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
            self.pager(cx, &s.base(), n, self.section_ids(s).len());
        }
    }
}

/// The index's orders besides by number: by title, by status, newest first, by revisit.
/// The records in the index's own order (by number, unnumbered last, then by id): the
/// order of `index.html`, `index/2.html`, ... that record pages link back into.
pub(super) fn index_order(model: &Model) -> Vec<usize> {
    let key = |i: usize| {
        let r = &model.records[i].record;
        (r.number.is_none(), r.number, r.id.as_str())
    };
    let mut ids: Vec<usize> = (0..model.records.len()).collect();
    ids.sort_by(|&a, &b| key(a).cmp(&key(b)));
    ids
}

/// For each record, the page of the index it is on and its row there
/// (`index/37.html#r-0042`), below the site root.
pub(super) fn index_places(model: &Model) -> Vec<String> {
    let mut out = vec![String::new(); model.records.len()];
    for (pos, &i) in index_order(model).iter().enumerate() {
        out[i] = format!(
            "{}#r-{}",
            page_path("index", pos / PAGE_SIZE + 1),
            model.records[i].record.id
        );
    }
    out
}

fn index_orders(all: &[Card<'_>], by_number: &[usize]) -> Vec<(Order, Vec<usize>)> {
    let rank = |list: &[&str], x: Option<&str>| {
        x.and_then(|x| list.iter().position(|y| *y == x))
            .unwrap_or(list.len())
    };
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let revisits: Vec<&str> = RevisitState::ALL.iter().map(|s| s.as_str()).collect();
    Order::ALL[1..]
        .iter()
        .map(|&o| {
            // Sorting the number order stably keeps ties in number order.
            let mut ids = by_number.to_vec();
            match o {
                Order::Number => {}
                Order::Title => {
                    let keys: Vec<String> = all.iter().map(|c| c.title.to_lowercase()).collect();
                    ids.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
                }
                Order::Status => ids.sort_by_key(|&i| rank(&statuses, all[i].status)),
                Order::Date => ids.sort_by(|&a, &b| all[b].date.cmp(&all[a].date)),
                Order::Revisit => ids
                    .sort_by_key(|&i| (rank(&revisits, all[i].revisit_state), all[i].revisit_date)),
            }
            (o, ids)
        })
        .collect()
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

    #[test]
    fn records_link_back_to_the_index_page_they_are_on() {
        // Given out of order, with an unnumbered record, which the index lists last.
        let mut records: Vec<Record> = (1..=201)
            .rev()
            .map(|n| rec(&format!("{n:04}-x.md"), n, &[], None))
            .collect();
        let mut loose = rec("loose.md", 0, &[], None);
        loose.number = None;
        records.insert(0, loose);
        let m = model(records);
        let places = index_places(&m);
        for (i, r) in m.records.iter().enumerate() {
            let page = match r.record.number {
                Some(n) if n <= 100 => "index.html",
                Some(n) if n <= 200 => "index/2.html",
                _ => "index/3.html",
            };
            assert_eq!(places[i], format!("{page}#r-{}", r.record.id));
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
