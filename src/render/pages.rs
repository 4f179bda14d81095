//! Pages: the views each template gets, and rendering every page of the site.
//!
//! Each page's context holds only what that page shows (a record page gets its record and
//! its neighbours, never the whole model), so rendering stays linear in the number of
//! records and runs in parallel.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::markdown::{BodyContext, render_body, slug};
use super::{OutputFile, RenderSettings, Selection, graph, templates::template_error};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::record::{Choice, Kind, Outcome, Status, Verdict};
use crate::resolve::{Model, Resolved};
use crate::revisit::RevisitState;

/// A record as it appears in lists and tables.
#[derive(Serialize, Clone)]
pub struct Card<'a> {
    pub id: &'a str,
    pub number: Option<u32>,
    pub title: &'a str,
    pub kind: &'static str,
    pub status: &'static str,
    pub status_raw: Option<&'a str>,
    pub date: Option<Date>,
    pub url: &'a str,
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
}

/// The badge text for a revisit state: `overdue by 12 days`, `due in 5 days`.
pub fn revisit_label(
    state: Option<RevisitState>,
    date: Option<Date>,
    today: Date,
) -> Option<String> {
    let state = state?;
    let days = date.map(|d| today.days_until(d));
    let plural = |n: i64| if n == 1 { "" } else { "s" };
    Some(match (state, days) {
        (RevisitState::Overdue, Some(d)) => format!("overdue by {} day{}", -d, plural(-d)),
        (RevisitState::Due, Some(0)) => "due today".to_string(),
        (RevisitState::Due, Some(d)) => format!("due in {d} day{}", plural(d)),
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
        status: rec.status.as_str(),
        status_raw: rec.status_raw.as_deref(),
        date: rec.date,
        url: &r.url,
        verdict: rec.verdict.map(Verdict::as_str),
        tags: &rec.tags,
        package: rec.package.as_deref(),
        deciders: &rec.deciders,
        revisit_state: r.revisit.state.map(RevisitState::as_str),
        revisit_date: r.revisit.date,
        revisit_label: revisit_label(r.revisit.state, r.revisit.date, model.today),
        when: rec.revisit.when.as_deref(),
        days: r.revisit.date.map(|d| model.today.days_until(d).abs()),
    }
}

fn cards<'a>(model: &'a Model, ids: &[usize]) -> Vec<Card<'a>> {
    ids.iter()
        .map(|&i| card(model, &model.records[i]))
        .collect()
}

/// A name with its page slug and how many records carry it.
#[derive(Serialize, Clone)]
pub struct Facet {
    pub name: String,
    pub slug: String,
    pub count: usize,
}

/// Slugs for tags and packages: lowercase words joined by `-`, unique across the site.
pub struct Slugs {
    map: BTreeMap<String, String>,
}

impl Slugs {
    fn new<'a>(names: impl Iterator<Item = &'a str>) -> Slugs {
        let mut map = BTreeMap::new();
        let mut used: BTreeMap<String, String> = BTreeMap::new();
        for n in names {
            let key = n.to_lowercase();
            if map.contains_key(&key) {
                continue;
            }
            let base = slug(n);
            let mut s = base.clone();
            let mut k = 2;
            while used.contains_key(&s) {
                s = format!("{base}-{k}");
                k += 1;
            }
            used.insert(s.clone(), key.clone());
            map.insert(key, s);
        }
        Slugs { map }
    }

    pub fn get(&self, name: &str) -> &str {
        self.map
            .get(&name.to_lowercase())
            .map_or("", String::as_str)
    }
}

#[derive(Serialize)]
struct OptionView<'a> {
    name: &'a str,
    summary: Option<&'a str>,
    pros: &'a [String],
    cons: &'a [String],
    chosen: bool,
}

#[derive(Serialize)]
struct TradeoffView<'a> {
    favor: &'a str,
    over: &'a str,
    why: Option<&'a str>,
    slug: String,
}

#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    slug: &'a str,
}

#[derive(Serialize)]
struct RevisitView<'a> {
    date: Option<Date>,
    when: Option<&'a str>,
    state: Option<&'static str>,
    label: Option<String>,
}

#[derive(Serialize)]
struct RecordView<'a> {
    id: &'a str,
    number: Option<u32>,
    title: &'a str,
    kind: &'static str,
    status: &'static str,
    status_raw: Option<&'a str>,
    date: Option<Date>,
    source: &'a str,
    package: Option<&'a str>,
    deciders: &'a [String],
    consulted: &'a [String],
    informed: &'a [String],
    tags: Vec<TagView<'a>>,
    options: Vec<OptionView<'a>>,
    tradeoffs: Vec<TradeoffView<'a>>,
    outcome: Option<&'a Outcome>,
    revisit: RevisitView<'a>,
    next_revisit: Option<Date>,
    verdict: Option<&'static str>,
    supersedes: Vec<Card<'a>>,
    superseded_by: Vec<Card<'a>>,
    relates: Vec<Card<'a>>,
    reviews: Option<Card<'a>>,
    retrospectives: Vec<Card<'a>>,
    chain: Vec<Card<'a>>,
    body_html: String,
    edit_url: Option<String>,
    graph_svg: Option<String>,
    last_changed: Option<Date>,
    last_author: Option<&'a str>,
}

/// Is `option` the one the outcome names?
fn is_chosen(option: &Choice, outcome: Option<&Outcome>) -> bool {
    let Some(chosen) = outcome.and_then(|o| o.chosen.as_deref()) else {
        return false;
    };
    let norm = |s: &str| s.trim().trim_matches(['"', '“', '”', '\'']).to_lowercase();
    let (c, n) = (norm(chosen), norm(&option.name));
    c == n || (!n.is_empty() && c.starts_with(&n) && c[n.len()..].starts_with([' ', ',', ':', '(']))
}

/// Slug for a trade-off group: `consistency-over-throughput`.
pub fn tradeoff_slug(favor: &str, over: &str) -> String {
    slug(&format!("{favor} over {over}"))
}

/// The supersede chain through a record: its predecessors (oldest first), itself, its successors.
fn chain(model: &Model, i: usize) -> Vec<usize> {
    let mut before = Vec::new();
    let mut cur = i;
    while let Some(&p) = model.records[cur].supersedes.first() {
        if p == i || before.contains(&p) || before.len() > 50 {
            break;
        }
        before.push(p);
        cur = p;
    }
    before.reverse();
    before.push(i);
    let mut cur = i;
    while let Some(&n) = model.records[cur].superseded_by.first() {
        if before.contains(&n) || before.len() > 100 {
            break;
        }
        before.push(n);
        cur = n;
    }
    before
}

/// Prefix from a page at `path` (below the site root) back to the root: `../../`.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders every HTML page of the site.
pub fn render_pages(
    model: &Model,
    settings: &RenderSettings<'_>,
) -> Result<(Vec<OutputFile>, Vec<String>), Vec<Diagnostic>> {
    render_pages_selected(model, settings, &Selection::all())
}

/// Renders the HTML pages `selection` names.
pub fn render_pages_selected(
    model: &Model,
    settings: &RenderSettings<'_>,
    selection: &Selection,
) -> Result<(Vec<OutputFile>, Vec<String>), Vec<Diagnostic>> {
    let tera = &settings.templates.tera;
    let tag_slugs = Slugs::new(
        model
            .records
            .iter()
            .flat_map(|r| r.record.tags.iter().map(String::as_str)),
    );
    let package_slugs = Slugs::new(
        model
            .records
            .iter()
            .filter_map(|r| r.record.package.as_deref()),
    );
    let base = |root: &str, nav: &str| {
        let mut c = Context::new();
        c.insert("site", &settings.site);
        c.insert("root", root);
        c.insert("nav", nav);
        c.insert("today", &model.today);
        c
    };
    let render = |name: &str, path: String, cx: &Context| -> Result<OutputFile, Diagnostic> {
        tera.render(name, cx)
            .map(|html| OutputFile {
                path,
                bytes: html.into_bytes(),
            })
            .map_err(|e| template_error(&e, &[]))
    };

    // Record pages, in parallel.
    let indices: Vec<usize> = match &selection.records {
        Some(v) => v.clone(),
        None => (0..model.records.len()).collect(),
    };
    let record_pages: Vec<Result<(OutputFile, Vec<String>), Diagnostic>> = indices
        .into_par_iter()
        .map(|i| {
            let r = &model.records[i];
            let rec = &r.record;
            let path = format!("decisions/{}.html", rec.id);
            let root = root_prefix(&path);
            let (body_html, assets) = render_body(
                &rec.body,
                &BodyContext {
                    model,
                    record: i,
                    root: &root,
                    trust_html: settings.trust_html,
                    title: &rec.title,
                },
            );
            let view = RecordView {
                id: &rec.id,
                number: rec.number,
                title: &rec.title,
                kind: rec.kind.as_str(),
                status: rec.status.as_str(),
                status_raw: rec.status_raw.as_deref(),
                date: rec.date,
                source: &rec.source,
                package: rec.package.as_deref(),
                deciders: &rec.deciders,
                consulted: &rec.consulted,
                informed: &rec.informed,
                tags: rec
                    .tags
                    .iter()
                    .map(|t| TagView {
                        name: t,
                        slug: tag_slugs.get(t),
                    })
                    .collect(),
                options: rec
                    .options
                    .iter()
                    .map(|o| OptionView {
                        name: &o.name,
                        summary: o.summary.as_deref(),
                        pros: &o.pros,
                        cons: &o.cons,
                        chosen: is_chosen(o, rec.outcome.as_ref()),
                    })
                    .collect(),
                tradeoffs: rec
                    .tradeoffs
                    .iter()
                    .map(|t| TradeoffView {
                        favor: &t.favor,
                        over: &t.over,
                        why: t.why.as_deref(),
                        slug: tradeoff_slug(&t.favor, &t.over),
                    })
                    .collect(),
                outcome: rec.outcome.as_ref(),
                revisit: RevisitView {
                    date: r.revisit.date.or(rec.revisit.date),
                    when: rec.revisit.when.as_deref(),
                    state: r.revisit.state.map(RevisitState::as_str),
                    label: revisit_label(r.revisit.state, r.revisit.date, model.today),
                },
                next_revisit: rec.next_revisit,
                verdict: rec.verdict.map(Verdict::as_str),
                supersedes: cards(model, &r.supersedes),
                superseded_by: cards(model, &r.superseded_by),
                relates: cards(model, &r.relates),
                reviews: r.reviews.map(|j| card(model, &model.records[j])),
                retrospectives: cards(model, &r.retrospectives),
                chain: cards(model, &chain(model, i)),
                body_html,
                edit_url: settings.edit_url(&rec.source),
                graph_svg: graph::neighbourhood(model, i, &root),
                last_changed: settings
                    .history
                    .and_then(|h| h.get(&rec.source))
                    .map(|h| h.changed),
                last_author: settings
                    .history
                    .and_then(|h| h.get(&rec.source))
                    .map(|h| h.changed_by.as_str()),
            };
            let mut cx = base(&root, "record");
            cx.insert("r", &view);
            render("record.html", path, &cx).map(|f| (f, assets))
        })
        .collect();

    let mut files = Vec::with_capacity(model.records.len() + 32);
    let mut assets = Vec::new();
    let mut diagnostics = Vec::new();
    for p in record_pages {
        match p {
            Ok((f, a)) => {
                files.push(f);
                assets.extend(a);
            }
            Err(d) => {
                if !diagnostics.contains(&d) {
                    diagnostics.push(d);
                }
            }
        }
    }

    if !selection.rest {
        return if diagnostics.is_empty() {
            Ok((files, assets))
        } else {
            Err(diagnostics)
        };
    }

    let all: Vec<Card<'_>> = model.records.iter().map(|r| card(model, r)).collect();
    let mut page = |name: &str, path: &str, nav: &str, fill: &dyn Fn(&mut Context)| {
        let root = root_prefix(path);
        let mut cx = base(&root, nav);
        fill(&mut cx);
        match render(name, path.to_string(), &cx) {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.push(d),
        }
    };

    // Index.
    let count_by = |f: &dyn Fn(&Resolved) -> bool| model.records.iter().filter(|r| f(r)).count();
    let mut tag_counts: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for r in &model.records {
        for t in &r.record.tags {
            tag_counts
                .entry(t.to_lowercase())
                .or_insert_with(|| (t.clone(), 0))
                .1 += 1;
        }
    }
    let tag_facets: Vec<Facet> = tag_counts
        .values()
        .map(|(name, count)| Facet {
            name: name.clone(),
            slug: tag_slugs.get(name).to_string(),
            count: *count,
        })
        .collect();
    let status_facets: Vec<Facet> = Status::ALL
        .iter()
        .map(|s| Facet {
            name: s.as_str().into(),
            slug: s.as_str().into(),
            count: count_by(&|r| r.record.status == *s),
        })
        .filter(|f| f.count > 0)
        .collect();
    let mut package_counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in &model.records {
        if let Some(p) = &r.record.package {
            *package_counts.entry(p.clone()).or_default() += 1;
        }
    }
    let package_facets: Vec<Facet> = package_counts
        .iter()
        .map(|(n, c)| Facet {
            name: n.clone(),
            slug: package_slugs.get(n).to_string(),
            count: *c,
        })
        .collect();
    let revisit_facets: Vec<Facet> = RevisitState::ALL
        .iter()
        .map(|s| Facet {
            name: s.as_str().into(),
            slug: s.as_str().into(),
            count: count_by(&|r| r.revisit.state == Some(*s)),
        })
        .filter(|f| f.count > 0)
        .collect();
    #[derive(Serialize)]
    struct Counts {
        decisions: usize,
        retrospectives: usize,
        overdue: usize,
        due: usize,
    }
    let counts = Counts {
        decisions: count_by(&|r| r.record.kind == Kind::Decision),
        retrospectives: count_by(&|r| r.record.kind == Kind::Retrospective),
        overdue: count_by(&|r| r.revisit.state == Some(RevisitState::Overdue)),
        due: count_by(&|r| r.revisit.state == Some(RevisitState::Due)),
    };
    #[derive(Serialize)]
    struct Facets<'a> {
        statuses: &'a [Facet],
        tags: &'a [Facet],
        packages: &'a [Facet],
        revisits: &'a [Facet],
    }
    let mut by_number: Vec<&Card<'_>> = all.iter().collect();
    by_number.sort_by_key(|c| (c.number.is_none(), c.number, c.id));
    page("index.html", "index.html", "index", &|cx| {
        cx.insert("records", &by_number);
        cx.insert("counts", &counts);
        cx.insert(
            "facets",
            &Facets {
                statuses: &status_facets,
                tags: &tag_facets,
                packages: &package_facets,
                revisits: &revisit_facets,
            },
        );
        cx.insert("skipped", &model.skipped.len());
    });

    // Tags, statuses, packages.
    page("tags.html", "tags/index.html", "tags", &|cx| {
        cx.insert("tags", &tag_facets)
    });
    for t in &tag_facets {
        let list: Vec<&Card<'_>> = all
            .iter()
            .filter(|c| {
                c.tags.iter().any(|x| {
                    x.eq_ignore_ascii_case(&t.name) || x.to_lowercase() == t.name.to_lowercase()
                })
            })
            .collect();
        page(
            "listing.html",
            &format!("tags/{}.html", t.slug),
            "tags",
            &|cx| {
                cx.insert("heading", &format!("Tagged “{}”", t.name));
                cx.insert(
                    "intro",
                    &format!("{} record{}.", t.count, if t.count == 1 { "" } else { "s" }),
                );
                cx.insert("records", &list);
            },
        );
    }
    for s in &status_facets {
        let list: Vec<&Card<'_>> = by_number
            .iter()
            .copied()
            .filter(|c| c.status == s.name)
            .collect();
        page(
            "listing.html",
            &format!("status/{}.html", s.slug),
            "index",
            &|cx| {
                cx.insert("heading", &format!("Status: {}", s.name));
                cx.insert(
                    "intro",
                    &format!("{} record{}.", s.count, if s.count == 1 { "" } else { "s" }),
                );
                cx.insert("records", &list);
            },
        );
    }
    for p in &package_facets {
        let list: Vec<&Card<'_>> = by_number
            .iter()
            .copied()
            .filter(|c| c.package == Some(p.name.as_str()))
            .collect();
        page(
            "listing.html",
            &format!("packages/{}.html", p.slug),
            "index",
            &|cx| {
                cx.insert("heading", &format!("Package: {}", p.name));
                cx.insert(
                    "intro",
                    &format!("{} record{}.", p.count, if p.count == 1 { "" } else { "s" }),
                );
                cx.insert("records", &list);
            },
        );
    }

    // Timeline: newest first, grouped by month.
    #[derive(Serialize)]
    struct Group<'a> {
        label: String,
        records: Vec<&'a Card<'a>>,
    }
    let mut dated: Vec<&Card<'_>> = all.iter().collect();
    dated.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(b.number.cmp(&a.number))
            .then(a.id.cmp(b.id))
    });
    let mut groups: Vec<Group<'_>> = Vec::new();
    for c in dated {
        let label = c
            .date
            .map_or_else(|| "Undated".to_string(), |d| d.month_label());
        match groups.last_mut() {
            Some(g) if g.label == label => g.records.push(c),
            _ => groups.push(Group {
                label,
                records: vec![c],
            }),
        }
    }
    page("timeline.html", "timeline.html", "timeline", &|cx| {
        cx.insert("groups", &groups)
    });

    // Revisit dashboard.
    let in_state = |s: RevisitState| -> Vec<&Card<'_>> {
        let mut v: Vec<&Card<'_>> = all
            .iter()
            .filter(|c| c.revisit_state == Some(s.as_str()))
            .collect();
        v.sort_by(|a, b| a.revisit_date.cmp(&b.revisit_date).then(a.id.cmp(b.id)));
        v
    };
    let overdue = in_state(RevisitState::Overdue);
    let due = in_state(RevisitState::Due);
    let mut unplanned = in_state(RevisitState::Unplanned);
    unplanned.sort_by_key(|c| (c.number.is_none(), c.number, c.id));
    let scheduled_list = in_state(RevisitState::Scheduled);
    let mut scheduled: Vec<Group<'_>> = Vec::new();
    for c in &scheduled_list {
        let label = c.revisit_date.map(Date::month_label).unwrap_or_default();
        match scheduled.last_mut() {
            Some(g) if g.label == label => g.records.push(c),
            _ => scheduled.push(Group {
                label,
                records: vec![c],
            }),
        }
    }
    let mut retros: Vec<&Card<'_>> = all.iter().filter(|c| c.kind == "retrospective").collect();
    retros.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(b.id)));
    #[derive(Serialize)]
    struct VerdictCount {
        name: &'static str,
        label: &'static str,
        count: usize,
    }
    let verdicts: Vec<VerdictCount> = Verdict::ALL
        .iter()
        .map(|v| VerdictCount {
            name: v.as_str(),
            label: v.label(),
            count: model
                .records
                .iter()
                .filter(|r| r.record.verdict == Some(*v))
                .count(),
        })
        .collect();
    let reviewed_count = count_by(&|r| r.revisit.state == Some(RevisitState::Reviewed));
    page("revisits.html", "revisits.html", "revisits", &|cx| {
        cx.insert("overdue", &overdue);
        cx.insert("due", &due);
        cx.insert("unplanned", &unplanned);
        cx.insert("scheduled", &scheduled);
        cx.insert("scheduled_count", &scheduled_list.len());
        cx.insert("reviewed_count", &reviewed_count);
        cx.insert("retrospectives", &retros);
        cx.insert("verdicts", &verdicts);
        cx.insert("due_window", &model.due_window);
    });

    // Trade-offs, grouped by what was favoured over what.
    #[derive(Serialize)]
    struct TradeoffEntry<'a> {
        #[serde(flatten)]
        card: &'a Card<'a>,
        why: Option<&'a str>,
        verdicts: Vec<&'static str>,
    }
    #[derive(Serialize)]
    struct TradeoffGroup<'a> {
        favor: &'a str,
        over: &'a str,
        slug: String,
        records: Vec<TradeoffEntry<'a>>,
        verdicts: Vec<VerdictCount>,
    }
    let mut tgroups: BTreeMap<String, TradeoffGroup<'_>> = BTreeMap::new();
    for (i, r) in model.records.iter().enumerate() {
        for t in &r.record.tradeoffs {
            let slug = tradeoff_slug(&t.favor, &t.over);
            let verdicts: Vec<&'static str> = r
                .retrospectives
                .iter()
                .filter_map(|&j| model.records[j].record.verdict.map(Verdict::as_str))
                .collect();
            let g = tgroups
                .entry(slug.clone())
                .or_insert_with(|| TradeoffGroup {
                    favor: &t.favor,
                    over: &t.over,
                    slug,
                    records: Vec::new(),
                    verdicts: Vec::new(),
                });
            if g.records.iter().any(|e| e.card.id == all[i].id) {
                continue;
            }
            g.records.push(TradeoffEntry {
                card: &all[i],
                why: t.why.as_deref(),
                verdicts,
            });
        }
    }
    let mut tgroups: Vec<TradeoffGroup<'_>> = tgroups.into_values().collect();
    for g in &mut tgroups {
        g.verdicts = Verdict::ALL
            .iter()
            .map(|v| VerdictCount {
                name: v.as_str(),
                label: v.label(),
                count: g
                    .records
                    .iter()
                    .flat_map(|e| e.verdicts.iter())
                    .filter(|x| **x == v.as_str())
                    .count(),
            })
            .filter(|v| v.count > 0)
            .collect();
    }
    tgroups.sort_by(|a, b| {
        b.records
            .len()
            .cmp(&a.records.len())
            .then(a.slug.cmp(&b.slug))
    });
    page("tradeoffs.html", "tradeoffs.html", "tradeoffs", &|cx| {
        cx.insert("groups", &tgroups)
    });

    // Graph of every linked record.
    let components = graph::components(model, "");
    page("graph.html", "graph.html", "graph", &|cx| {
        cx.insert("components", &components)
    });

    page("search.html", "search.html", "search", &|_| {});

    if diagnostics.is_empty() {
        Ok((files, assets))
    } else {
        Err(diagnostics)
    }
}
