//! Pages: the views each template gets, and rendering every page of the site.
//!
//! Each page's context holds only what that page shows (a record page gets its record and
//! its neighbours, never the whole model), so rendering stays linear in the number of
//! records and runs in parallel.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::markdown::{BodyContext, Section, render_body, slug};
use super::{OutputFile, RenderSettings, Selection, Sink, graph, templates::template_error};
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
    /// None for a retrospective that states no status (it has a verdict instead).
    pub status: Option<&'static str>,
    pub status_raw: Option<&'a str>,
    pub date: Option<Date>,
    pub url: &'a str,
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
        status: rec.shown_status().map(Status::as_str),
        status_raw: rec.status_raw.as_deref(),
        date: rec.date,
        url: &r.url,
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

/// I/O errors reported one by one; the rest are counted.
pub const MAX_IO_ERRORS: usize = 5;

/// Slugs used as file names are at most this many bytes (file systems allow 255).
pub const MAX_SLUG: usize = 80;

/// [`slug`], cut to [`MAX_SLUG`] bytes: a longer one keeps its first 64 bytes and a hash
/// of the whole name, so it stays unique and the same from build to build.
pub fn bounded_slug(name: &str) -> String {
    let s = slug(name);
    if s.len() <= MAX_SLUG {
        return s;
    }
    let mut cut = 64;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("{}-{hash:016x}", s[..cut].trim_end_matches('-'))
}

/// Slugs for tags and packages: lowercase words joined by `-`, unique across the site.
pub struct Slugs {
    map: BTreeMap<String, String>,
}

impl Slugs {
    fn new<'a>(names: impl Iterator<Item = &'a str>) -> Slugs {
        let mut map = BTreeMap::new();
        let mut used: BTreeMap<String, String> = BTreeMap::new();
        // The next suffix to try for each slug: many names with one slug (`a!`, `a?`, ...)
        // cost one step each.
        let mut next: BTreeMap<String, usize> = BTreeMap::new();
        for n in names {
            let key = n.to_lowercase();
            if map.contains_key(&key) {
                continue;
            }
            let base = bounded_slug(n);
            let mut s = base.clone();
            let mut k = next.get(&base).copied().unwrap_or(2);
            while used.contains_key(&s) {
                s = format!("{base}-{k}");
                k += 1;
            }
            next.insert(base, k);
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
    /// `record`, `review`, `retrospective` or `policy`.
    source: Option<&'static str>,
    /// Shown beside the date when it is not the record's own: `by policy (...)`.
    note: Option<String>,
}

#[derive(Serialize)]
struct RecordView<'a> {
    id: &'a str,
    number: Option<u32>,
    title: &'a str,
    kind: &'static str,
    status: Option<&'static str>,
    status_raw: Option<&'a str>,
    date: Option<Date>,
    draft: bool,
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
    // Cards of other records, as template values serialized once per build and shared.
    supersedes: Vec<Value>,
    superseded_by: Vec<Value>,
    relates: Vec<Value>,
    reviews: Option<Value>,
    retrospectives: Vec<Value>,
    chain: Vec<Value>,
    body_html: String,
    /// The page's sections, for a table of contents; empty on short pages.
    toc: Vec<Section>,
    /// Whether the body has a diagram (the page then loads the scripts that draw it).
    diagrams: bool,
    /// The records before and after this one, by number within its package.
    previous: Option<Value>,
    next: Option<Value>,
    edit_url: Option<String>,
    /// Governed paths and citations in the code.
    code: Option<super::code::CodeView<'a>>,
    graph: Option<graph::Drawing>,
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
    bounded_slug(&format!("{favor} over {over}"))
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

/// For each record, the records before and after it by number within its package
/// (unnumbered records last, by id).
fn previous_and_next(model: &Model) -> Vec<(Option<usize>, Option<usize>)> {
    let key = |i: usize| {
        let r = &model.records[i].record;
        (
            r.package.as_deref(),
            r.number.is_none(),
            r.number,
            r.id.as_str(),
        )
    };
    let mut order: Vec<usize> = (0..model.records.len()).collect();
    order.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let mut out = vec![(None, None); model.records.len()];
    for w in order.windows(2) {
        if model.records[w[0]].record.package == model.records[w[1]].record.package {
            out[w[1]].0 = Some(w[0]);
            out[w[0]].1 = Some(w[1]);
        }
    }
    out
}

/// Every section of a record page in order: the record's own (options, trade-offs,
/// outcome), its body's headings, then retrospectives, the supersede chain, related
/// records and links, with the ids `record.html` gives them.
fn view_sections(rec: &crate::record::Record, r: &Resolved, body: &[Section]) -> Vec<Section> {
    let own = |id: &str, text: &str| Section {
        level: 2,
        id: id.to_string(),
        text: text.to_string(),
    };
    let mut out = Vec::with_capacity(body.len() + 6);
    if !rec.options.is_empty() {
        out.push(own("options-h", "Options considered"));
    }
    if !rec.tradeoffs.is_empty() {
        out.push(own("tradeoffs-h", "Trade-offs accepted"));
    }
    if rec.outcome.is_some() {
        out.push(own("outcome-h", "Outcome"));
    }
    out.extend(body.iter().cloned());
    if !r.retrospectives.is_empty() {
        out.push(own("retros-h", "Retrospectives"));
    }
    if !r.supersedes.is_empty() || !r.superseded_by.is_empty() {
        out.push(own("chain-h", "Supersede chain"));
    }
    if !r.supersedes.is_empty() || !r.relates.is_empty() {
        out.push(own("related-h", "Related records"));
    }
    let linked = !r.supersedes.is_empty()
        || !r.superseded_by.is_empty()
        || !r.relates.is_empty()
        || r.reviews.is_some()
        || !r.retrospectives.is_empty();
    if linked {
        out.push(own("graph-h", "Links"));
    }
    out
}

/// Sections a page lists in its table of contents: a long page (over [`TOC_MIN_CHARS`]
/// of text) with at least [`TOC_MIN_SECTIONS`] sections gets one; a short one needs none.
fn contents(sections: &[Section], text_len: usize) -> Vec<Section> {
    if sections.len() >= TOC_MIN_SECTIONS && text_len >= TOC_MIN_CHARS {
        sections.to_vec()
    } else {
        Vec::new()
    }
}

/// A record page gets a table of contents when it has this many sections...
pub const TOC_MIN_SECTIONS: usize = 4;
/// ... and this much text in its body.
pub const TOC_MIN_CHARS: usize = 2500;

/// Prefix from a page at `path` (below the site root) back to the root: `../../`.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders every HTML page of the site.
pub fn render_pages(
    model: &Model,
    settings: &RenderSettings<'_>,
    selection: &Selection,
    sink: &dyn Sink,
) -> Result<Vec<String>, Vec<Diagnostic>> {
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
    let site = Value::from_serializable(&settings.site);
    let today = Value::from_serializable(&model.today);
    let base = |root: &str, nav: &str| {
        let mut c = Context::new();
        c.insert_value("site", site.clone());
        // `../` or empty: nothing to escape, so it goes out as is (it is used ~20 times a page).
        c.insert_value("root", Value::safe_string(root));
        c.insert("nav", nav);
        c.insert_value("today", today.clone());
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

    // Record pages, in parallel. A whole build serializes every record's card once (the
    // record pages and the lists share them); a partial one only the cards it shows.
    let indices: Vec<usize> = match &selection.records {
        Some(v) => v.clone(),
        None => (0..model.records.len()).collect(),
    };
    let t_records = std::time::Instant::now();
    let card_values: Option<Vec<Value>> = selection.records.is_none().then(|| {
        model
            .records
            .par_iter()
            .map(|r| Value::from_serializable(&card(model, r)))
            .collect()
    });
    let card_value = |j: usize| match &card_values {
        Some(v) => v[j].clone(),
        None => Value::from_serializable(&card(model, &model.records[j])),
    };
    let card_list = |ids: &[usize]| ids.iter().map(|&j| card_value(j)).collect::<Vec<_>>();
    let blob = settings.blob_url();
    let neighbours = previous_and_next(model);
    let render_records = || -> Vec<Result<Vec<String>, Diagnostic>> {
        let pages = indices
            .into_par_iter()
            .map(|i| {
                let r = &model.records[i];
                let rec = &r.record;
                let path = r.page.clone();
                let root = root_prefix(&path);
                let body = render_body(
                    &rec.body,
                    &BodyContext {
                        model,
                        record: i,
                        root: &root,
                        trust_html: settings.trust_html,
                        title: &rec.title,
                        repo: blob.as_deref().map(|b| (b, settings.repo_prefix.as_str())),
                    },
                );
                let view = RecordView {
                    id: &rec.id,
                    number: rec.number,
                    title: &rec.title,
                    kind: rec.kind.as_str(),
                    status: rec.shown_status().map(Status::as_str),
                    status_raw: rec.status_raw.as_deref(),
                    date: rec.date,
                    draft: rec.draft,
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
                        source: r.revisit.source.map(|s| s.as_str()),
                        note: crate::revisit::source_note(r.revisit.source, model.review_after),
                    },
                    next_revisit: rec.next_revisit,
                    verdict: rec.verdict.map(Verdict::as_str),
                    supersedes: card_list(&r.supersedes),
                    superseded_by: card_list(&r.superseded_by),
                    relates: card_list(&r.relates),
                    reviews: r.reviews.map(card_value),
                    retrospectives: card_list(&r.retrospectives),
                    chain: card_list(&chain(model, i)),
                    body_html: body.html,
                    toc: contents(&view_sections(rec, r, &body.sections), rec.body.len()),
                    diagrams: body.diagrams,
                    previous: neighbours[i].0.map(card_value),
                    next: neighbours[i].1.map(card_value),
                    edit_url: settings.edit_url(&rec.source),
                    code: super::code::view(r, settings),
                    graph: graph::neighbourhood(model, i, &root),
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
                let file = render("record.html", path, &cx)?;
                sink.put(file)?;
                Ok(body.assets)
            })
            .collect();
        crate::timing::report("render: record pages", t_records);
        pages
    };
    // List pages render alongside the record pages rather than after them: the largest
    // (the trade-offs tracker, the index) are single tasks of 50-150 ms at 10,000 records,
    // which would otherwise leave one core idle at the end of the build.
    let render_lists = || -> Vec<Result<(), Diagnostic>> {
        let t0 = std::time::Instant::now();
        let lists = Lists::prepare(model, &tag_slugs, &package_slugs, card_values.clone());
        crate::timing::report("render: lists prepared", t0);
        let pages = lists
            .jobs()
            .par_iter()
            .map(|job| {
                let started = std::time::Instant::now();
                let root = root_prefix(&job.path);
                let mut cx = base(&root, job.nav);
                lists.fill(&job.page, &mut cx);
                let r = sink.put(render(job.template, job.path.clone(), &cx)?);
                if crate::timing::enabled() && started.elapsed().as_millis() >= 10 {
                    crate::timing::report(&format!("render: {}", job.path), started);
                }
                r
            })
            .collect();
        crate::timing::report("render: list pages", t0);
        pages
    };
    let (record_pages, list_pages) = if selection.rest {
        let (lists, records) = rayon::join(render_lists, render_records);
        (records, lists)
    } else {
        (render_records(), Vec::new())
    };

    let mut assets = Vec::new();
    let mut diagnostics = Vec::new();
    let mut more_io = 0usize;
    let mut keep = |d: Diagnostic| {
        // A full disk fails every page the same way: the first few say what, a count the rest.
        if d.code == "io"
            && diagnostics
                .iter()
                .filter(|k: &&Diagnostic| k.code == "io")
                .count()
                >= MAX_IO_ERRORS
        {
            more_io += 1;
        } else if !diagnostics.contains(&d) {
            diagnostics.push(d);
        }
    };
    for p in record_pages {
        match p {
            Ok(a) => assets.extend(a),
            Err(d) => keep(d),
        }
    }
    for p in list_pages {
        if let Err(d) = p {
            keep(d);
        }
    }
    if more_io > 0 {
        diagnostics.push(
            Diagnostic::error(
                "io",
                format!(
                    "and {more_io} more files could not be written for the same kind of reason"
                ),
            )
            .hint("check that the output folder is writable and the disk is not full"),
        );
    }

    if diagnostics.is_empty() {
        Ok(assets)
    } else {
        Err(diagnostics)
    }
}

/// A page that lists records, and what it lists.
enum ListPage<'a> {
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

struct Job<'a> {
    template: &'static str,
    path: String,
    nav: &'static str,
    page: ListPage<'a>,
}

#[derive(Serialize)]
struct Counts {
    decisions: usize,
    retrospectives: usize,
    overdue: usize,
    due: usize,
}

#[derive(Serialize)]
struct Facets<'a> {
    statuses: &'a [Facet],
    tags: &'a [Facet],
    packages: &'a [Facet],
    revisits: &'a [Facet],
}

#[derive(Serialize)]
struct VerdictCount {
    name: &'static str,
    label: &'static str,
    count: usize,
}

/// One decision in a trade-off group: its card index, why, and the verdicts of its
/// retrospectives as `(verdict, retrospective index)`.
struct TradeoffEntry<'a> {
    card: usize,
    why: Option<&'a str>,
    verdicts: Vec<(&'static str, usize)>,
}

/// Every decision that favoured `favor` over `over`, and how they turned out.
struct TradeoffGroup<'a> {
    slug: String,
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

/// A reviewed decision and the retrospective whose verdict stands (the latest).
struct Reviewed {
    decision: usize,
    retrospective: usize,
    verdict: Option<&'static str>,
    /// How many retrospectives review it.
    reviews: usize,
}

/// Everything the list pages show, computed once; each page's context is filled from it.
struct Lists<'a> {
    model: &'a Model,
    all: Vec<Card<'a>>,
    /// Each card as a template value, serialized once and shared (cheap to clone) by every list.
    values: Vec<Value>,
    /// Indices into `all`, by number (unnumbered last).
    by_number: Vec<usize>,
    counts: Counts,
    statuses: Vec<Facet>,
    tags: Vec<Facet>,
    /// Indices into `all` for each tag facet, in `by_number` order.
    tag_members: Vec<Vec<usize>>,
    packages: Vec<Facet>,
    revisits: Vec<Facet>,
    timeline: Vec<(String, Vec<usize>)>,
    overdue: Vec<usize>,
    due: Vec<usize>,
    unplanned: Vec<usize>,
    scheduled: Vec<(String, Vec<usize>)>,
    scheduled_count: usize,
    reviewed_count: usize,
    /// Reviewed decisions, latest retrospective first.
    reviewed: Vec<Reviewed>,
    /// Counts of standing verdicts, and how many reviewed decisions have none.
    verdicts: Vec<VerdictCount>,
    no_verdict: usize,
    /// Largest group first.
    tradeoffs: Vec<TradeoffGroup<'a>>,
    /// Decisions that record at least one trade-off.
    tradeoff_decisions: usize,
    components: Vec<graph::Drawing>,
}

impl<'a> Lists<'a> {
    /// `values` are the cards as template values, when the record pages made them already.
    fn prepare(
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

    fn jobs(&self) -> Vec<Job<'_>> {
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

    fn fill(&self, page: &ListPage<'_>, cx: &mut Context) {
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
fn group_by_label(ids: &[usize], label: impl Fn(usize) -> String) -> Vec<(String, Vec<usize>)> {
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
