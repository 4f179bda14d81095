//! Pages: rendering every page of the site from the views in `card`, `record_page` and
//! `lists`.
//!
//! Each page's context holds only what that page shows (a record page gets its record and
//! its neighbours, never the whole model), so rendering stays linear in the number of
//! records and runs in parallel. The phases: what every page shares ([`Shared`]), the
//! record pages ([`record_pages`], each page's view made by [`record_view`]), the list pages
//! ([`list_pages`]), and the errors of both gathered into one report ([`gather`]).

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use super::card::{card, revisit_label};
use super::lists::{ListPage, Lists};
use super::markdown::{Body, BodyContext, render_body};
use super::record_page::{
    OptionView, RecordView, RevisitView, TagView, TradeoffView, chain, contents, is_chosen,
    previous_and_next, relation_groups, view_sections,
};
use super::slugs::{Slugs, tradeoff_slug};
use super::{OutputFile, RenderSettings, Selection, Sink, graph, templates::template_error};
use crate::diagnostic::{Code, Diagnostic};
use crate::record::{Status, Verdict};
use crate::resolve::Model;
use crate::revisit::RevisitState;
use crate::url_path::root_prefix;

/// I/O errors reported one by one; the rest are counted.
pub const MAX_IO_ERRORS: usize = 5;

/// Renders every HTML page of the site.
pub fn render_pages(
    model: &Model,
    settings: &RenderSettings<'_>,
    selection: &Selection,
    sink: &dyn Sink,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let shared = Shared::new(model, settings, selection, sink);
    let indices: Vec<usize> = match &selection.records {
        Some(v) => v.clone(),
        None => (0..model.records.len()).collect(),
    };
    // List pages render alongside the record pages rather than after them: the largest
    // (the trade-offs tracker, the index) are single tasks of 50-150 ms at 10,000 records,
    // which would otherwise leave one core idle at the end of the build.
    let (records, lists) = if selection.rest {
        let (lists, records) =
            rayon::join(|| list_pages(&shared), || record_pages(&shared, indices));
        (records, lists)
    } else {
        (record_pages(&shared, indices), Vec::new())
    };
    gather(records, lists)
}

/// What every page of a build shares: the model and settings, the slugs, the values every
/// context starts with, and the records' cards.
struct Shared<'a> {
    model: &'a Model,
    settings: &'a RenderSettings<'a>,
    sink: &'a dyn Sink,
    tera: &'a Tera,
    tag_slugs: Slugs,
    package_slugs: Slugs,
    site: Value,
    today: Value,
    /// Every record's card as a template value, when the whole site is built: a whole build
    /// serializes each card once (the record pages and the lists share them); a partial one
    /// only the cards it shows.
    cards: Option<Vec<Value>>,
    /// Where files of the repository are shown, for links out of the source folder.
    blob: Option<String>,
    /// Each record's previous and next record.
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Each record's row on the index.
    places: Vec<String>,
}

impl<'a> Shared<'a> {
    fn new(
        model: &'a Model,
        settings: &'a RenderSettings<'a>,
        selection: &Selection,
        sink: &'a dyn Sink,
    ) -> Shared<'a> {
        let cards = selection.records.is_none().then(|| {
            model
                .records
                .par_iter()
                .map(|r| Value::from_serializable(&card(model, r)))
                .collect()
        });
        Shared {
            model,
            settings,
            sink,
            tera: &settings.templates.tera,
            tag_slugs: Slugs::of_tags(model),
            package_slugs: Slugs::of_packages(model),
            site: Value::from_serializable(&settings.site),
            today: Value::from_serializable(&model.today),
            cards,
            blob: settings.blob_url(),
            neighbours: previous_and_next(model),
            places: super::lists::index_places(model),
        }
    }

    /// The context every page starts with.
    fn base(&self, root: &str, nav: &str) -> Context {
        let mut c = Context::new();
        c.insert_value("site", self.site.clone());
        // `../` or empty: nothing to escape, so it goes out as is (it is used ~20 times a page).
        c.insert_value("root", Value::safe_string(root));
        c.insert("nav", nav);
        c.insert_value("today", self.today.clone());
        c
    }

    /// Renders template `name` with `cx` into the file at `path` and puts it in the sink.
    fn put(&self, name: &str, path: String, cx: &Context) -> Result<(), Diagnostic> {
        let html = self
            .tera
            .render(name, cx)
            .map_err(|e| template_error(&e, &[]))?;
        self.sink.put(OutputFile {
            path,
            bytes: html.into_bytes(),
        })
    }

    /// Record `j`'s card as a template value.
    fn card(&self, j: usize) -> Value {
        match &self.cards {
            Some(v) => v[j].clone(),
            None => Value::from_serializable(&card(self.model, &self.model.records[j])),
        }
    }

    fn cards(&self, ids: &[usize]) -> Vec<Value> {
        ids.iter().map(|&j| self.card(j)).collect()
    }
}

/// The record pages `indices` names, in parallel; each gives the files its body links to.
fn record_pages(shared: &Shared<'_>, indices: Vec<usize>) -> Vec<Result<Vec<String>, Diagnostic>> {
    let started = std::time::Instant::now();
    let model = shared.model;
    let settings = shared.settings;
    let pages = indices
        .into_par_iter()
        .map(|i| {
            let rec = &model.records[i].record;
            let path = model.records[i].page.clone();
            let root = root_prefix(&path);
            let mut body = render_body(
                &rec.body,
                &BodyContext {
                    model,
                    record: i,
                    root: &root,
                    trust_html: settings.trust_html,
                    title: &rec.title,
                    repo: shared
                        .blob
                        .as_deref()
                        .map(|b| (b, settings.repo_prefix.as_str())),
                },
            );
            let assets = std::mem::take(&mut body.assets);
            let view = record_view(shared, i, &root, body);
            let mut cx = shared.base(&root, "record");
            cx.insert("r", &view);
            shared.put("record.html", path, &cx)?;
            Ok(assets)
        })
        .collect();
    crate::timing::report("render: record pages", started);
    pages
}

/// What record `i`'s page shows, with its body rendered; `root` leads from the page to the
/// site root.
fn record_view<'a>(shared: &'a Shared<'_>, i: usize, root: &str, body: Body) -> RecordView<'a> {
    let model = shared.model;
    let settings = shared.settings;
    let r = &model.records[i];
    let rec = &r.record;
    let history = settings.history.and_then(|h| h.get(&rec.source));
    let remote = super::record_page::RemoteView::of(model, rec);
    RecordView {
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
                slug: shared.tag_slugs.get(t),
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
        supersedes: shared.cards(&r.supersedes),
        superseded_by: shared.cards(&r.superseded_by),
        relates: relation_groups(r, |j| shared.card(j)),
        reviews: r.reviews.map(|j| shared.card(j)),
        retrospectives: shared.cards(&r.retrospectives),
        chain: shared.cards(&chain(model, i)),
        toc: contents(&view_sections(rec, r, &body.sections), rec.body.len()),
        body_html: body.html,
        diagrams: body.diagrams,
        previous: shared.neighbours[i].0.map(|j| shared.card(j)),
        next: shared.neighbours[i].1.map(|j| shared.card(j)),
        list_url: shared.places[i].clone(),
        edit_url: remote
            .is_none()
            .then(|| settings.edit_url(&rec.source))
            .flatten(),
        remote,
        origin: settings
            .source_of(&rec.source)
            .map(|(f, _)| super::record_page::OriginView::of(f)),
        code: super::code::view(r, settings),
        graph: graph::neighbourhood(model, i, root),
        last_changed: history.map(|h| h.changed),
        last_author: history.map(|h| h.changed_by.as_str()),
        expectations: super::expectations::view(model, i),
    }
}

/// Every list page, prepared once and rendered in parallel.
fn list_pages(shared: &Shared<'_>) -> Vec<Result<(), Diagnostic>> {
    let t0 = std::time::Instant::now();
    let lists = Lists::prepare(
        shared.model,
        &shared.tag_slugs,
        &shared.package_slugs,
        shared.cards.clone(),
    );
    crate::timing::report("render: lists prepared", t0);
    let pages = lists
        .jobs()
        .par_iter()
        .map(|job| {
            let started = std::time::Instant::now();
            let root = root_prefix(&job.path);
            let mut cx = shared.base(&root, job.nav);
            lists.fill(&job.page, &root, &mut cx);
            let r = shared.put(job.template, job.path.clone(), &cx);
            if crate::timing::enabled() && started.elapsed().as_millis() >= 10 {
                crate::timing::report(&format!("render: {}", job.path), started);
            }
            r
        })
        .collect();
    crate::timing::report("render: list pages", t0);
    pages
}

/// The assets the record pages link to, or every error of both kinds of page: the same
/// error once, and past the first few I/O errors (a full disk fails every page the same
/// way) a count of the rest.
fn gather(
    records: Vec<Result<Vec<String>, Diagnostic>>,
    lists: Vec<Result<(), Diagnostic>>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut assets = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut more_io = 0usize;
    let mut errors = Vec::new();
    for p in records {
        match p {
            Ok(a) => assets.extend(a),
            Err(d) => errors.push(d),
        }
    }
    errors.extend(lists.into_iter().filter_map(Result::err));
    for d in errors {
        if d.code == "io"
            && diagnostics.iter().filter(|k| k.code == Code::Io).count() >= MAX_IO_ERRORS
        {
            more_io += 1;
        } else if !diagnostics.contains(&d) {
            diagnostics.push(d);
        }
    }
    if more_io > 0 {
        diagnostics.push(
            Diagnostic::error(
                Code::Io,
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

pub(super) struct Job {
    pub(super) template: &'static str,
    pub(super) path: String,
    pub(super) nav: &'static str,
    pub(super) page: ListPage,
}
