//! Pages: rendering every page of the site from the views in `card`, `record_page` and
//! `lists`.
//!
//! Each page's context holds only what that page shows (a record page gets its record and
//! its neighbours, never the whole model), so rendering stays linear in the number of
//! records and runs in parallel.

use rayon::prelude::*;
use tera::{Context, Value};

use super::card::{card, revisit_label};
use super::lists::{ListPage, Lists};
use super::markdown::{BodyContext, render_body};
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
    let tera = &settings.templates.tera;
    let tag_slugs = Slugs::of_tags(model);
    let package_slugs = Slugs::of_packages(model);
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
    let places = super::lists::index_places(model);
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
                let remote = super::record_page::RemoteView::of(model, rec);
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
                    relates: relation_groups(r, card_value),
                    reviews: r.reviews.map(card_value),
                    retrospectives: card_list(&r.retrospectives),
                    chain: card_list(&chain(model, i)),
                    body_html: body.html,
                    toc: contents(&view_sections(rec, r, &body.sections), rec.body.len()),
                    diagrams: body.diagrams,
                    previous: neighbours[i].0.map(card_value),
                    next: neighbours[i].1.map(card_value),
                    list_url: places[i].clone(),
                    edit_url: remote
                        .is_none()
                        .then(|| settings.edit_url(&rec.source))
                        .flatten(),
                    remote,
                    origin: settings
                        .source_of(&rec.source)
                        .map(|(f, _)| super::record_page::OriginView::of(f)),
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
                    expectations: super::expectations::view(model, i),
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
                .filter(|k: &&Diagnostic| k.code == Code::Io)
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
