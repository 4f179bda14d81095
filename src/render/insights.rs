//! The insights page (`insights.html`): how the team decides, drawn at build time as SVG
//! charts, each with its numbers in a table beside it. Decisions per quarter by status;
//! how reviewed decisions turned out per year, and process against outcome; calibration
//! (stated confidence against hit rate); revisit discipline; time from proposed to
//! accepted (from the git lifecycle, when there is one); the trade-offs most often revised
//! or reversed. The same page for each tag and package (`insights/tags/<slug>.html`,
//! `insights/packages/<slug>.html`) filters without script.
//!
//! [`Insights::of`] computes the numbers over a set of decisions (pure, linear in the
//! decisions and their retrospectives); [`render_into`] draws and writes the pages.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::chart::{self, Series};
use super::{OutputFile, RenderSettings, Sink};
use crate::calibration::Calibration;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::record::{Kind, RevisitSource, Status, Verdict};
use crate::resolve::{Model, Resolved};

/// One row of a table: a label and counts in the columns' order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub label: String,
    pub counts: Vec<usize>,
    pub total: usize,
}

/// A chart's numbers: column names and rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Row>,
}

/// Revisit discipline of decisions whose planned revisit date has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Discipline {
    /// A retrospective on or before the revisit date.
    pub on_time: usize,
    /// The first retrospective came after the date.
    pub late: usize,
    /// No retrospective yet.
    pub never: usize,
}

/// Days from proposed to accepted, over the decisions whose lifecycle shows both.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Latency {
    pub decisions: usize,
    pub median: Option<f64>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// Lower and upper quartiles.
    pub p25: Option<f64>,
    pub p75: Option<f64>,
}

/// A trade-off and how many decisions making it were revised or reversed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TradeoffTally {
    pub label: String,
    pub slug: String,
    pub revised: usize,
    pub reversed: usize,
}

/// Every number the insights page shows, for one set of decisions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insights {
    pub decisions: usize,
    pub quarters: Table,
    pub outcomes: Table,
    pub process: Table,
    pub calibration: Calibration,
    pub discipline: Discipline,
    pub latency: Latency,
    /// Whether any record has a lifecycle (a git history).
    pub has_lifecycle: bool,
    pub tradeoffs: Vec<TradeoffTally>,
}

const VERDICT_COLUMNS: [&str; 3] = ["held up", "revised", "reversed"];

fn verdict_column(v: Verdict) -> usize {
    match v {
        Verdict::HeldUp => 0,
        Verdict::Revised => 1,
        Verdict::Reversed => 2,
    }
}

fn quarter(d: Date) -> (i16, i8) {
    (d.year(), (d.month() - 1) / 3 + 1)
}

/// The value at fraction `q` of sorted `v`, interpolating between neighbours.
fn quantile(v: &[i64], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let at = q * (v.len() - 1) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    Some(v[lo] as f64 + (v[hi] - v[lo]) as f64 * (at - lo as f64))
}

impl Insights {
    /// The numbers over `decisions` (indices of decision records in `model`).
    pub fn of(model: &Model, decisions: &[usize]) -> Insights {
        let recs: Vec<&Resolved> = decisions.iter().map(|&i| &model.records[i]).collect();
        let (outcomes, process) = outcomes_and_process(model, &recs);
        Insights {
            decisions: decisions.len(),
            quarters: quarters(&recs),
            outcomes,
            process,
            calibration: crate::calibration::calibrate_over(model, recs.iter().copied()),
            discipline: discipline(model, &recs),
            latency: latency(&recs),
            has_lifecycle: recs.iter().any(|r| !r.record.lifecycle.is_empty()),
            tradeoffs: revised_tradeoffs(model, &recs),
        }
    }
}

/// Decisions per quarter, by status, with empty quarters between the first and last.
fn quarters(recs: &[&Resolved]) -> Table {
    let statuses: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| recs.iter().any(|r| r.record.status == *s))
        .collect();
    let mut by_quarter: BTreeMap<(i16, i8), Vec<usize>> = BTreeMap::new();
    for r in recs {
        if let Some(d) = r.record.date {
            let col = statuses.iter().position(|s| *s == r.record.status);
            let counts = by_quarter
                .entry(quarter(d))
                .or_insert_with(|| vec![0; statuses.len()]);
            if let Some(c) = col {
                counts[c] += 1;
            }
        }
    }
    if let (Some(&first), Some(&last)) = (by_quarter.keys().next(), by_quarter.keys().last()) {
        let span = (last.0 as i32 - first.0 as i32) * 4 + (last.1 - first.1) as i32;
        if span < 200 {
            let (mut y, mut q) = first;
            while (y, q) < last {
                by_quarter
                    .entry((y, q))
                    .or_insert_with(|| vec![0; statuses.len()]);
                q += 1;
                if q > 4 {
                    q = 1;
                    y += 1;
                }
            }
        }
    }
    Table {
        columns: statuses.iter().map(|s| s.as_str()).collect(),
        rows: by_quarter
            .into_iter()
            .map(|((y, q), counts)| Row {
                label: format!("{y} Q{q}"),
                total: counts.iter().sum(),
                counts,
            })
            .collect(),
    }
}

/// The verdict of the latest retrospective of `r` that gives one.
fn latest_verdict(model: &Model, r: &Resolved) -> Option<Verdict> {
    r.retrospectives
        .iter()
        .rev()
        .find_map(|&j| model.records[j].record.verdict)
}

/// How reviewed decisions turned out, by the year they were made (the latest verdict);
/// and process against outcome, over every retrospective that states both.
fn outcomes_and_process(model: &Model, recs: &[&Resolved]) -> (Table, Table) {
    let mut by_year: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
    let mut process: [[usize; 3]; 2] = [[0; 3]; 2];
    for r in recs {
        if let (Some(v), Some(d)) = (latest_verdict(model, r), r.record.date) {
            by_year.entry(d.year()).or_insert_with(|| vec![0; 3])[verdict_column(v)] += 1;
        }
        for &j in &r.retrospectives {
            let retro = &model.records[j].record;
            if let (Some(p), Some(v)) = (retro.expectations.process, retro.verdict) {
                let row = usize::from(p == crate::expectation::Process::Flawed);
                process[row][verdict_column(v)] += 1;
            }
        }
    }
    let outcomes = Table {
        columns: VERDICT_COLUMNS.to_vec(),
        rows: by_year
            .into_iter()
            .map(|(y, counts)| Row {
                label: y.to_string(),
                total: counts.iter().sum(),
                counts,
            })
            .collect(),
    };
    let process = Table {
        columns: VERDICT_COLUMNS.to_vec(),
        rows: ["sound", "flawed"]
            .iter()
            .zip(process)
            .map(|(label, counts)| Row {
                label: label.to_string(),
                total: counts.iter().sum(),
                counts: counts.to_vec(),
            })
            .collect(),
    };
    (outcomes, process)
}

/// Revisit discipline: decisions whose planned date (their own, a review field's, or the
/// policy's) has passed, that are accepted or were reviewed: reviewed on time, late, never.
fn discipline(model: &Model, recs: &[&Resolved]) -> Discipline {
    let mut discipline = Discipline::default();
    for r in recs {
        let planned = r
            .record
            .revisit
            .date
            .or((r.revisit.source == Some(RevisitSource::Policy))
                .then_some(r.revisit.date)
                .flatten());
        let Some(planned) = planned.filter(|d| *d <= model.today) else {
            continue;
        };
        if r.record.status != Status::Accepted && r.retrospectives.is_empty() {
            continue;
        }
        let first = r
            .retrospectives
            .iter()
            .filter_map(|&j| model.records[j].record.date)
            .min();
        match first {
            _ if r.retrospectives.is_empty() => discipline.never += 1,
            Some(d) if d > planned => discipline.late += 1,
            _ => discipline.on_time += 1,
        }
    }
    discipline
}

/// Days from proposed to accepted, from the lifecycle.
fn latency(recs: &[&Resolved]) -> Latency {
    let mut days: Vec<i64> = recs
        .iter()
        .filter_map(|r| {
            let life = &r.record.lifecycle;
            let proposed = life.iter().find(|t| t.status == Status::Proposed)?;
            let accepted = life
                .iter()
                .find(|t| t.status == Status::Accepted && t.date >= proposed.date)?;
            Some(proposed.date.days_until(accepted.date))
        })
        .collect();
    days.sort_unstable();
    Latency {
        decisions: days.len(),
        median: quantile(&days, 0.5),
        min: days.first().copied(),
        max: days.last().copied(),
        p25: quantile(&days, 0.25),
        p75: quantile(&days, 0.75),
    }
}

/// Trade-offs of decisions revised or reversed, most often first (ten at most).
fn revised_tradeoffs(model: &Model, recs: &[&Resolved]) -> Vec<TradeoffTally> {
    let mut tally: BTreeMap<String, TradeoffTally> = BTreeMap::new();
    for r in recs {
        let Some(v @ (Verdict::Revised | Verdict::Reversed)) = latest_verdict(model, r) else {
            continue;
        };
        for t in &r.record.tradeoffs {
            let label = format!("{} over {}", t.favor, t.over);
            let e = tally
                .entry(label.to_lowercase())
                .or_insert_with(|| TradeoffTally {
                    slug: super::slugs::tradeoff_slug(&t.favor, &t.over),
                    label,
                    revised: 0,
                    reversed: 0,
                });
            if v == Verdict::Revised {
                e.revised += 1;
            } else {
                e.reversed += 1;
            }
        }
    }
    let mut tradeoffs: Vec<TradeoffTally> = tally.into_values().collect();
    tradeoffs.sort_by(|a, b| {
        (b.revised + b.reversed)
            .cmp(&(a.revised + a.reversed))
            .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
    });
    tradeoffs.truncate(10);
    tradeoffs
}

/// The charts of one page, drawn.
#[derive(Serialize)]
struct Charts {
    quarters: String,
    status_legend: String,
    verdict_legend: String,
    outcomes: String,
    process: String,
    calibration: String,
    discipline: String,
    tradeoffs: String,
    /// Empty when no decision went from proposed to accepted.
    latency: String,
}

fn series(columns: &[&'static str]) -> Vec<Series<'static>> {
    columns
        .iter()
        .map(|&c| Series {
            class: match c {
                "held up" => "held-up",
                other => other,
            },
            label: c,
        })
        .collect()
}

/// A table's rows as stacked bars, one series per column.
fn table_chart(id: &str, title: &str, t: &Table) -> String {
    let labels: Vec<String> = t.rows.iter().map(|r| r.label.clone()).collect();
    let counts: Vec<Vec<usize>> = t.rows.iter().map(|r| r.counts.clone()).collect();
    chart::stacked_bars(id, title, &labels, &series(&t.columns), &counts)
}

fn draw(i: &Insights) -> Charts {
    let d = &i.discipline;
    Charts {
        status_legend: chart::legend(&series(&i.quarters.columns)),
        verdict_legend: chart::legend(&series(&VERDICT_COLUMNS)),
        quarters: table_chart(
            "chart-quarters",
            "Decisions per quarter, by status",
            &i.quarters,
        ),
        outcomes: table_chart(
            "chart-outcomes",
            "Reviewed decisions by the year they were made, by the verdict of their latest retrospective",
            &i.outcomes,
        ),
        process: table_chart(
            "chart-process",
            "Retrospectives by process verdict, by outcome verdict",
            &i.process,
        ),
        calibration: chart::calibration(
            "chart-calibration",
            "Stated confidence against the share of claims that were hits",
            &i.calibration
                .bands
                .iter()
                .map(|b| (b.from, b.to, b.claims, b.hits))
                .collect::<Vec<_>>(),
        ),
        discipline: chart::stacked_bars(
            "chart-discipline",
            "Decisions past their revisit date: reviewed on time, late, or never",
            &["on time".into(), "late".into(), "never".into()],
            &[
                Series {
                    class: "on-time",
                    label: "on time",
                },
                Series {
                    class: "late",
                    label: "late",
                },
                Series {
                    class: "never",
                    label: "never",
                },
            ],
            &[
                vec![d.on_time, 0, 0],
                vec![0, d.late, 0],
                vec![0, 0, d.never],
            ],
        ),
        latency: match (
            i.latency.min,
            i.latency.p25,
            i.latency.median,
            i.latency.p75,
            i.latency.max,
        ) {
            (Some(min), Some(p25), Some(median), Some(p75), Some(max)) => chart::spread(
                "chart-latency",
                "Days from proposed to accepted: fastest, middle half, median, slowest",
                min as f64,
                p25,
                median,
                p75,
                max as f64,
            ),
            _ => String::new(),
        },
        tradeoffs: chart::horizontal_bars(
            "chart-tradeoffs",
            "Trade-offs of decisions later revised or reversed",
            &i.tradeoffs
                .iter()
                .map(|t| (t.label.clone(), t.revised + t.reversed))
                .collect::<Vec<_>>(),
            "revised",
        ),
    }
}

/// Numbers formatted for the page: band labels and rates, days.
#[derive(Serialize)]
struct Text {
    bands: Vec<BandText>,
    process_total: usize,
    median: String,
    middle: String,
    fastest: String,
    slowest: String,
}

#[derive(Serialize)]
struct BandText {
    label: String,
    claims: usize,
    hits: usize,
    rate: String,
}

fn days(v: Option<f64>) -> String {
    v.map(|d| {
        if d.fract() == 0.0 {
            format!("{d:.0}")
        } else {
            format!("{d:.1}")
        }
    })
    .unwrap_or_default()
}

/// `1 day`, `23 days`, `1.5 days`.
fn with_unit(n: String) -> String {
    if n == "1" {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

fn text(i: &Insights) -> Text {
    Text {
        bands: i
            .calibration
            .bands
            .iter()
            .map(|b| BandText {
                label: format!("{:.0}–{:.0}%", b.from * 100.0, b.to * 100.0),
                claims: b.claims,
                hits: b.hits,
                rate: b
                    .hit_rate()
                    .map_or_else(|| "–".to_string(), |r| format!("{:.0}%", r * 100.0)),
            })
            .collect(),
        process_total: i.process.rows.iter().map(|r| r.total).sum(),
        median: with_unit(days(i.latency.median)),
        middle: format!("{}–{} days", days(i.latency.p25), days(i.latency.p75)),
        fastest: with_unit(days(i.latency.min.map(|d| d as f64))),
        slowest: with_unit(days(i.latency.max.map(|d| d as f64))),
    }
}

/// A tag or package the insights can be filtered by, with its page.
#[derive(Serialize)]
struct Filter {
    name: String,
    url: String,
    decisions: usize,
}

/// One page to render: its path, what it is filtered by (`tag` or `package`, and the
/// name), and its decisions.
type Page<'a> = (String, Option<(&'a str, String)>, Vec<usize>);

/// Renders `insights.html` and one page per tag and package into `sink`.
pub fn render_into(
    model: &Model,
    settings: &RenderSettings<'_>,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let decisions: Vec<usize> = (0..model.records.len())
        .filter(|&i| model.records[i].record.kind == Kind::Decision)
        .collect();
    // Decisions by tag and by package, in one pass.
    let mut by_tag: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    let mut by_package: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &decisions {
        let rec = &model.records[i].record;
        for t in &rec.tags {
            by_tag
                .entry(t.to_lowercase())
                .or_insert_with(|| (t.clone(), Vec::new()))
                .1
                .push(i);
        }
        if let Some(p) = &rec.package {
            by_package.entry(p.clone()).or_default().push(i);
        }
    }
    let tag_slugs = super::slugs::Slugs::of_tags(model);
    let package_slugs = super::slugs::Slugs::of_packages(model);
    let mut pages: Vec<Page<'_>> = vec![("insights.html".into(), None, decisions.clone())];
    let mut tags = Vec::new();
    for (name, list) in by_tag.into_values() {
        let url = format!("insights/tags/{}.html", tag_slugs.get(&name));
        tags.push(Filter {
            name: name.clone(),
            url: url.clone(),
            decisions: list.len(),
        });
        pages.push((url, Some(("tag", name)), list));
    }
    let mut packages = Vec::new();
    for (name, list) in by_package {
        let url = format!("insights/packages/{}.html", package_slugs.get(&name));
        packages.push(Filter {
            name: name.clone(),
            url: url.clone(),
            decisions: list.len(),
        });
        pages.push((url, Some(("package", name)), list));
    }
    let site = tera::Value::from_serializable(&settings.site);
    pages
        .into_par_iter()
        .map(|(path, filter, list)| {
            let insights = Insights::of(model, &list);
            let charts = draw(&insights);
            let root = crate::url_path::root_prefix(&path);
            let mut cx = Context::new();
            cx.insert_value("site", site.clone());
            cx.insert_value("root", tera::Value::safe_string(&root));
            cx.insert("nav", "insights");
            cx.insert("today", &model.today);
            cx.insert("i", &insights);
            cx.insert("charts", &charts);
            cx.insert("text", &text(&insights));
            cx.insert("tags", &tags);
            cx.insert("packages", &packages);
            if let Some((kind, name)) = &filter {
                cx.insert("filter_kind", kind);
                cx.insert("filter_name", name);
            }
            let html = settings
                .templates
                .tera
                .render("insights.html", &cx)
                .map_err(|e| super::templates::template_error(&e, &[]))?;
            sink.put(OutputFile {
                path,
                bytes: html.into_bytes(),
            })
        })
        .collect::<Result<Vec<()>, Diagnostic>>()
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::quantile;

    #[test]
    fn quantiles_interpolate() {
        let v = [2, 4, 10, 30];
        assert_eq!(quantile(&v, 0.5), Some(7.0));
        assert_eq!(quantile(&v, 0.25), Some(3.5));
        assert_eq!(quantile(&v, 0.75), Some(15.0));
        assert_eq!(quantile(&[5], 0.5), Some(5.0));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
