//! `decisions.json` and `hindsight export`: the resolved model as JSON (docs/contract.md §4).

use serde::Serialize;

use crate::date::Date;
use crate::governance::CodeSite;
use crate::record::{Choice, Outcome, Skipped, Tradeoff};
use crate::resolve::{Model, Resolved};
use crate::revisit::RevisitState;

/// The version of the JSON shape.
pub const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    schema: u32,
    today: Date,
    site: SiteJson<'a>,
    records: Vec<RecordJson<'a>>,
    skipped: &'a [Skipped],
    calibration: crate::calibration::Calibration,
    /// The sources read from other repositories and sites, when there are any: what the
    /// build read from each.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    sources: Vec<SourceJson<'a>>,
}

/// The site's title and address: what a portal reading this export (`[[sources]] json`)
/// links its records' pages with.
#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    base_url: Option<&'a str>,
}

impl<'a> SiteJson<'a> {
    fn of(site: &'a super::SiteView) -> SiteJson<'a> {
        SiteJson {
            title: &site.title,
            base_url: site
                .base_url
                .as_deref()
                .map(str::trim)
                .filter(|b| !b.is_empty()),
        }
    }
}

/// One source in `sources`: a git repository or another site's export.
#[derive(Serialize)]
#[serde(untagged)]
enum SourceJson<'a> {
    Git(&'a crate::federation::Fetched),
    Site(&'a crate::federation::json::Site),
}

fn sources_json(model: &Model) -> Vec<SourceJson<'_>> {
    model
        .sources
        .iter()
        .map(SourceJson::Git)
        .chain(model.sites.iter().map(SourceJson::Site))
        .collect()
}

/// One record as exported.
#[derive(Serialize)]
pub struct RecordJson<'a> {
    pub id: &'a str,
    pub number: Option<u32>,
    pub source: &'a str,
    pub package: Option<&'a str>,
    pub kind: &'static str,
    pub format: &'static str,
    pub title: &'a str,
    pub status: &'static str,
    pub status_raw: Option<&'a str>,
    pub date: Option<Date>,
    pub deciders: &'a [String],
    pub consulted: &'a [String],
    pub informed: &'a [String],
    pub tags: &'a [String],
    pub options: &'a [Choice],
    pub tradeoffs: &'a [Tradeoff],
    pub outcome: Option<&'a Outcome>,
    pub revisit: RevisitJson<'a>,
    pub supersedes: Vec<&'a str>,
    pub superseded_by: Vec<&'a str>,
    pub relates: Vec<&'a str>,
    /// Every relation with its words from this record: `{"id": "0002-foo", "link": "Amends"}`
    /// (`Relates to` when no words are written), in the order of `relates`.
    pub links: Vec<LinkJson<'a>>,
    pub reviews: Option<&'a str>,
    pub verdict: Option<&'static str>,
    pub next_revisit: Option<Date>,
    pub retrospectives: Vec<&'a str>,
    /// Its page: below the site's root, or (a record of another site) the absolute
    /// address of its page there.
    pub url: &'a str,
    /// For a record of another site: the `[[sources]] json` it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<&'a str>,
    /// The paths it governs: `applies_to` globs as written.
    pub applies_to: Vec<&'a str>,
    /// Places in the repository's work tree that cite it.
    pub cited_in: &'a [CodeSite],
    /// Present (and `true`) only while the body is still the guidance `new` wrote.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    pub confidence: Option<f64>,
    pub reversible: Option<bool>,
    pub expect: Vec<crate::expectation::ClaimJson<'a>>,
    /// A retrospective's verdict on how the decision was made.
    pub process: Option<&'static str>,
    /// A retrospective's judgements of the decision's claims.
    pub expectations: &'a [crate::expectation::Judgement],
    /// Status changes as committed to git, oldest first (`[]` outside a repository).
    pub lifecycle: &'a [crate::lifecycle::Transition],
}

/// The revisit date in force, the trigger, and the state they give today.
/// One relation in `links`: the other record's id and the words from this record.
#[derive(Serialize)]
pub struct LinkJson<'a> {
    pub id: &'a str,
    pub link: &'a str,
}

#[derive(Serialize)]
pub struct RevisitJson<'a> {
    pub date: Option<Date>,
    pub when: Option<&'a str>,
    pub state: Option<RevisitState>,
    /// Where `date` comes from: `record` (its `revisit`), `review` (a review field such
    /// as `review_in` with `last_reviewed_on`), `retrospective` (the latest one's
    /// `next_revisit`) or `policy` (`review_after`); `null` with no date.
    pub source: Option<&'static str>,
}

/// The JSON view of one record.
pub fn record_json<'a>(model: &'a Model, r: &'a Resolved) -> RecordJson<'a> {
    let ids = |v: &[usize]| -> Vec<&'a str> {
        v.iter()
            .map(|&i| model.records[i].record.id.as_str())
            .collect()
    };
    let rec = &r.record;
    RecordJson {
        id: &rec.id,
        number: rec.number,
        source: &rec.source,
        package: rec.package.as_deref(),
        kind: rec.kind.as_str(),
        format: rec.dialect.as_str(),
        title: &rec.title,
        status: rec.status.as_str(),
        status_raw: rec.status_raw.as_deref(),
        date: rec.date,
        deciders: &rec.deciders,
        consulted: &rec.consulted,
        informed: &rec.informed,
        tags: &rec.tags,
        options: &rec.options,
        tradeoffs: &rec.tradeoffs,
        outcome: rec.outcome.as_ref(),
        revisit: RevisitJson {
            date: r.revisit.date,
            when: rec.revisit.when.as_deref(),
            state: r.revisit.state,
            source: r.revisit.source.map(|s| s.as_str()),
        },
        supersedes: ids(&r.supersedes),
        superseded_by: ids(&r.superseded_by),
        relates: ids(&r.relates),
        links: r
            .links
            .iter()
            .map(|l| LinkJson {
                id: model.records[l.to].record.id.as_str(),
                link: l.link.as_str(),
            })
            .collect(),
        reviews: r.reviews.map(|i| model.records[i].record.id.as_str()),
        verdict: rec.verdict.map(|v| v.as_str()),
        next_revisit: rec.next_revisit,
        retrospectives: ids(&r.retrospectives),
        url: rec.home.as_deref().unwrap_or(&r.url),
        remote: rec.home.as_ref().and_then(|_| {
            model
                .sites
                .iter()
                .find(|s| rec.package.as_deref() == Some(s.package.as_str()))
                .map(|s| s.json.as_str())
        }),
        applies_to: rec.applies_to.iter().map(|g| g.text.as_str()).collect(),
        cited_in: &r.code.cited_in,
        draft: rec.draft,
        confidence: rec.expectations.confidence,
        reversible: rec.expectations.reversible,
        expect: crate::expectation::claims_json(model, r),
        process: rec.expectations.process.map(|p| p.as_str()),
        expectations: &rec.expectations.judgements,
        lifecycle: &rec.lifecycle,
    }
}

/// The whole model as pretty-printed JSON, ending in a newline: what `hindsight export`
/// prints, for people to read.
pub fn export(model: &Model, site: &super::SiteView) -> String {
    let export = Export {
        schema: SCHEMA,
        today: model.today,
        site: SiteJson::of(site),
        records: model
            .records
            .iter()
            .map(|r| record_json(model, r))
            .collect(),
        skipped: &model.skipped,
        calibration: crate::calibration::calibrate(model),
        sources: sources_json(model),
    };
    let mut s = serde_json::to_string_pretty(&export).expect("the model serializes");
    s.push('\n');
    s
}

/// The whole model as the site's `decisions.json`: the same value as [`export`], compact,
/// with one record per line (so the file still diffs and greps by record), about half the
/// size of the pretty form (ADR-0022). Held whole: a build streams it with
/// [`write_site_file`] instead.
pub fn site_file(model: &Model, site: &super::SiteView) -> Vec<u8> {
    let mut out = Vec::with_capacity(model.records.len() * 1800);
    write_site_file(model, site, &mut out).expect("writing into memory does not fail");
    out
}

/// Writes [`site_file`] into `out` record by record, so that a build never holds the
/// whole file (89 MB at 50,000 records, written beside the pages at the build's peak);
/// an error is `out`'s.
pub fn write_site_file(
    model: &Model,
    site: &super::SiteView,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write!(
        out,
        "{{\"schema\":{SCHEMA},\"today\":{},\"site\":{},\"records\":[",
        serde_json::to_string(&model.today)?,
        serde_json::to_string(&SiteJson::of(site))?
    )?;
    for (i, r) in model.records.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &record_json(model, r))?;
    }
    out.write_all(b"\n],\"skipped\":")?;
    serde_json::to_writer(&mut *out, &model.skipped)?;
    out.write_all(b",\"calibration\":")?;
    serde_json::to_writer(&mut *out, &crate::calibration::calibrate(model))?;
    let sources = sources_json(model);
    if !sources.is_empty() {
        out.write_all(b",\"sources\":")?;
        serde_json::to_writer(&mut *out, &sources)?;
    }
    out.write_all(b"}\n")
}
