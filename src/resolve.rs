//! Resolution: turns references written in records into links between them.
//!
//! Ids, numbers and relative paths are looked up in one [`Index`]; supersede links are
//! made to hold both ways; retrospectives are attached to what they review; relates links
//! hold both ways; markdown links are classified; and each decision's revisit state is
//! computed. Problems (dangling, ambiguous, self and cyclic references, statuses that
//! disagree with links) become diagnostics. Pure: no I/O.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, LineIndex, Repeats, Severity, Span};
use crate::record::{Kind, Record, Reference, Skipped, Status};
use crate::revisit::{RevisitStatus, revisit_status};
use crate::url_path::page_url;

pub mod incremental;
mod index;
mod relation;

pub use index::{FastMap, Index, LinkTarget, Lookup};
pub use relation::{RELATES_TO, Relation, reverse_words};
use relation::{Worded, pair_words};

/// A record with its links resolved to indices into [`Model::records`].
#[derive(Debug, Clone)]
pub struct Resolved {
    /// As its file says it; shared with the models `serve` keeps between edits.
    pub record: Arc<Record>,
    /// The status the file states, when resolution shows another (superseded): what a
    /// resolve starting again from `record` must restore.
    pub status_as_written: Option<Status>,
    pub supersedes: Vec<usize>,
    pub superseded_by: Vec<usize>,
    pub relates: Vec<usize>,
    /// The words of each relation, in the order of `relates` (one per related record).
    pub links: Vec<Relation>,
    pub reviews: Option<usize>,
    pub retrospectives: Vec<usize>,
    pub revisit: RevisitStatus,
    /// The page, relative to the site root (`decisions/0012-store-events.html`).
    pub url: String,
    /// The page's file below the site root (`decisions/0012-store-events.html`), not
    /// encoded; a record whose id differs from another's only in case or Unicode
    /// normalisation gets `-2`, `-3` added, so the two never share a file on macOS or Windows.
    pub page: String,
    /// Where the file was shown to the user (for diagnostics and edit links).
    pub display: String,
    /// Files it governs and places that cite it (see [`crate::citation::attach`]).
    pub code: crate::governance::CodeLinks,
}

/// Every record, resolved, with what was skipped.
#[derive(Debug, Clone)]
pub struct Model {
    pub today: Date,
    pub due_window: u32,
    /// The review policy: accepted decisions with no revisit date are due this long after
    /// their date (`review_after`).
    pub review_after: Option<crate::date::Interval>,
    /// Sorted by source path.
    pub records: Vec<Resolved>,
    pub skipped: Vec<Skipped>,
    /// Files left out because they could not be read (broken front matter, not UTF-8):
    /// set by a build that keeps going and by `serve`, shown on the index page.
    pub left_out: Vec<Skipped>,
    /// Links written in bodies that lead out of the source folder: (record source, link).
    pub outside_links: Vec<(String, crate::record::BodyLink)>,
    /// Non-markdown files below the root that records may link to.
    pub assets: BTreeSet<String>,
    pub index: Index,
    /// The git sources the records were read from (see [`crate::federation`]).
    pub sources: Vec<crate::federation::Fetched>,
    /// The other sites records were read from (see [`crate::federation::json`]).
    pub sites: Vec<crate::federation::json::Site>,
}

impl Model {
    pub fn get(&self, id: &str) -> Option<&Resolved> {
        self.index.by_id.get(id).map(|&i| &self.records[i])
    }
}

/// Inputs of resolution besides the records.
#[derive(Debug, Clone)]
pub struct ResolveOptions {
    pub today: Date,
    pub due_window: u32,
    /// The review policy (`review_after` in hindsight.toml, `--review-after`).
    pub review_after: Option<crate::date::Interval>,
}

/// `(display name, text)` of each record's file, for diagnostics.
pub type Sources<'a> = FastMap<&'a str, (&'a str, &'a str)>;

/// How `record`'s file is named in diagnostics, and its text (empty when it was not kept).
fn file_of<'a>(sources: &Sources<'a>, record: &'a Record) -> (&'a str, &'a str) {
    sources
        .get(record.source.as_str())
        .copied()
        .unwrap_or((&record.source, ""))
}

/// Resolves all records. `sources` maps a record's source path to its display name and
/// file text, so diagnostics can quote the offending line.
pub fn resolve(
    records: Vec<impl Into<Arc<Record>>>,
    skipped: Vec<Skipped>,
    assets: BTreeSet<String>,
    sources: &Sources<'_>,
    options: &ResolveOptions,
) -> (Model, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut records: Vec<Arc<Record>> = records.into_iter().map(Into::into).collect();
    records.sort_by(|a, b| a.source.cmp(&b.source));

    let mut skipped = drop_duplicate_ids(&mut records, skipped, sources, &mut diagnostics);

    let index = Index::build(&records);
    let Links {
        supersedes,
        superseded_by,
        partial_only,
        relates,
        written,
        reviews,
        mut retrospectives,
    } = link_references(&records, &index, sources, &mut diagnostics);

    let outside_links = check_body_links(&records, &index, &assets, sources, &mut diagnostics);

    report_cycles(&records, &supersedes, sources, &mut diagnostics);

    let as_written = mark_superseded(
        &mut records,
        &superseded_by,
        &partial_only,
        sources,
        &mut diagnostics,
    );

    for list in retrospectives.iter_mut() {
        list.sort_by_key(|&j| (records[j].date, j));
    }
    diagnostics.extend(crate::expectation::unknown_claims(
        &records, &reviews, sources,
    ));

    // Page names: ids that differ only in letter case or Unicode normalisation (`A.md` and
    // `a.md`, `café` in NFC and NFD) would be one file on macOS and Windows.
    let pages = twin_pages(&records, sources, &mut diagnostics);

    // Revisit state and page data for every record, in parallel.
    let revisits = revisit_states(&records, &retrospectives, options);
    let links = relation::words(&relates, &written);
    let resolved: Vec<Resolved> = (
        (records, pages, as_written),
        revisits,
        supersedes,
        superseded_by,
        (relates, links),
        reviews,
        retrospectives,
    )
        .into_par_iter()
        .map(
            |(
                (r, page, status_as_written),
                revisit,
                supersedes,
                superseded_by,
                (relates, links),
                reviews,
                retrospectives,
            )| {
                let display = sources
                    .get(r.source.as_str())
                    .map_or_else(|| r.source.clone(), |(d, _)| d.to_string());
                Resolved {
                    revisit,
                    url: page_url(&page),
                    page: format!("decisions/{page}.html"),
                    display,
                    supersedes,
                    superseded_by,
                    relates: relates.into_iter().collect(),
                    links,
                    reviews,
                    retrospectives,
                    record: r,
                    status_as_written,
                    code: Default::default(),
                }
            },
        )
        .collect();

    skipped.sort_by(|a, b| a.source.cmp(&b.source));
    (
        Model {
            today: options.today,
            due_window: options.due_window,
            review_after: options.review_after,
            records: resolved,
            skipped,
            left_out: Vec::new(),
            outside_links,
            assets,
            index,
            sources: Vec::new(),
            sites: Vec::new(),
        },
        diagnostics,
    )
}

/// A record something supersedes whole shows as superseded, whatever its own status
/// says (`status-disagrees` when it says another); returns each record's status as
/// written where it was changed.
fn mark_superseded(
    records: &mut [Arc<Record>],
    superseded_by: &[Vec<usize>],
    partial_only: &[bool],
    sources: &Sources<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<Status>> {
    let n = records.len();
    let mut as_written: Vec<Option<Status>> = vec![None; n];
    for i in 0..n {
        if superseded_by[i].is_empty() || partial_only[i] {
            continue;
        }
        let r = &records[i];
        if r.status != Status::Superseded {
            if r.status != Status::Unknown {
                let by: Vec<&str> = superseded_by[i]
                    .iter()
                    .map(|&j| records[j].id.as_str())
                    .collect();
                let (display, text) = file_of(sources, r);
                let span = status_span(text, r.status_raw.as_deref());
                let d = Diagnostic::warning(
                    Code::StatusDisagrees,
                    format!(
                        "status is `{}` but `{}` supersedes this record; it is shown as superseded",
                        r.status_raw.as_deref().unwrap_or(r.status.as_str()),
                        by.join("`, `")
                    ),
                )
                .hint("set the status to superseded");
                // A record of another site has no text here to point into.
                diagnostics.push(if text.is_empty() {
                    d.in_file(display)
                } else {
                    d.at(display, text, span)
                });
            }
            as_written[i] = Some(records[i].status);
            Arc::make_mut(&mut records[i]).status = Status::Superseded;
        }
    }
    as_written
}

/// Each record's revisit state, from its own dates and its retrospectives (in parallel).
fn revisit_states(
    records: &[Arc<Record>],
    retrospectives: &[Vec<usize>],
    options: &ResolveOptions,
) -> Vec<crate::revisit::RevisitStatus> {
    records
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let retros: Vec<&Record> = retrospectives[i].iter().map(|&j| &*records[j]).collect();
            revisit_status(
                r,
                &retros,
                options.today,
                options.due_window,
                options.review_after,
            )
        })
        .collect()
}

/// The links records write, resolved both ways, before statuses and revisits.
struct Links {
    supersedes: Vec<Vec<usize>>,
    superseded_by: Vec<Vec<usize>>,
    /// Whether every supersede of a record is partial (it then keeps its own status).
    partial_only: Vec<bool>,
    relates: Vec<BTreeSet<usize>>,
    /// The words of relations: for each record `a` and other record `b`, the words `a`
    /// writes about `b` (with the reverse words, when `a` states them), in order.
    written: FastMap<(usize, usize), Vec<Worded>>,
    reviews: Vec<Option<usize>>,
    retrospectives: Vec<Vec<usize>>,
}

/// Looks up every reference each record writes (`supersedes`, `superseded_by`, `relates`
/// with its words, `reviews`) and makes each link hold both ways. Dangling, ambiguous and
/// self references, a retrospective reviewing a retrospective, and a retrospective that
/// names no decision become warnings (the first twenty per code and file, then a count).
fn link_references(
    records: &[Arc<Record>],
    index: &Index,
    sources: &Sources<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Links {
    let n = records.len();
    let mut links = Links {
        supersedes: vec![Vec::new(); n],
        superseded_by: vec![Vec::new(); n],
        partial_only: vec![true; n],
        relates: vec![BTreeSet::new(); n],
        written: FastMap::default(),
        reviews: vec![None; n],
        retrospectives: vec![Vec::new(); n],
    };
    let mut reporter = Reporter {
        sources,
        diagnostics,
        line_indexes: FastMap::default(),
        repeats: Repeats::default(),
    };
    let mut unattached = Vec::new();
    for (i, rec) in records.iter().enumerate() {
        let mut find = |r: &Reference, what: &str| match target_of(records, index, i, r, what) {
            Ok(t) => Some(t),
            Err(d) => {
                reporter.report(rec, r, d);
                None
            }
        };
        for r in &rec.supersedes {
            if let Some(t) = find(r, "supersedes") {
                push_unique(&mut links.supersedes[i], t);
                push_unique(&mut links.superseded_by[t], i);
                links.partial_only[t] &= r.partial;
            }
        }
        for r in &rec.superseded_by {
            if let Some(t) = find(r, "superseded_by") {
                push_unique(&mut links.supersedes[t], i);
                push_unique(&mut links.superseded_by[i], t);
                links.partial_only[i] &= r.partial;
            }
        }
        for r in &rec.relates {
            if let Some(t) = find(r, r.words.as_deref().unwrap_or("relates")) {
                links.relates[i].insert(t);
                links.relates[t].insert(i);
                if let Some(w) = &r.words {
                    let list = links.written.entry((i, t)).or_default();
                    if !list.iter().any(|(x, _)| x == w) {
                        list.push((w.clone(), r.reverse.clone()));
                    }
                }
            }
        }
        match &rec.reviews {
            Some(r) => {
                if let Some(t) = find(r, "reviews") {
                    if records[t].kind == Kind::Retrospective {
                        reporter.report(
                            rec,
                            r,
                            Diagnostic::warning(
                                Code::ReviewsRetrospective,
                                format!(
                                    "`reviews: {}` names a retrospective, not a decision",
                                    r.text
                                ),
                            )
                            .hint("a retrospective reviews the decision itself"),
                        );
                    }
                    links.reviews[i] = Some(t);
                    links.retrospectives[t].push(i);
                }
            }
            None if rec.kind == Kind::Retrospective => unattached.push(i),
            None => {}
        }
    }
    let left_out = reporter.repeats.left_out();
    diagnostics.extend(left_out);
    for i in unattached {
        let (display, text) = file_of(sources, &records[i]);
        diagnostics.push(
            Diagnostic::warning(
                Code::RetrospectiveWithoutDecision,
                "retrospective does not say which decision it reviews",
            )
            .at(display, text, Span::new(1, 1, 3))
            .hint("add `reviews: <number or id>` to the front matter"),
        );
    }
    links
}

/// Where the diagnostics of references go: at the reference's line, the lines of each
/// file found once; a front matter listing half a million missing records gets twenty
/// warnings and a count.
struct Reporter<'s, 'd> {
    sources: &'s Sources<'s>,
    diagnostics: &'d mut Vec<Diagnostic>,
    line_indexes: FastMap<&'s str, LineIndex<'s>>,
    repeats: Repeats,
}

impl Reporter<'_, '_> {
    fn report(&mut self, from: &Record, r: &Reference, d: Diagnostic) {
        let Some(&(display, text)) = self.sources.get(from.source.as_str()) else {
            self.diagnostics.push(d.in_file(from.source.clone()));
            return;
        };
        if !self.repeats.admit(display, d.code, d.severity) {
            return;
        }
        let d = if text.is_empty() {
            d.in_file(display)
        } else {
            let lines = self
                .line_indexes
                .entry(display)
                .or_insert_with(|| LineIndex::new(text));
            d.at_line(display, lines, r.span)
        };
        self.diagnostics.push(d);
    }
}

/// The record the reference `r` (in the field `what` of record `from_i`) names, or the
/// warning that says why it names none: itself, several, an unknown package, nothing.
fn target_of(
    records: &[Arc<Record>],
    index: &Index,
    from_i: usize,
    r: &Reference,
    what: &str,
) -> Result<usize, Diagnostic> {
    let quoted = || crate::diagnostic::quoted(&r.text);
    match index.lookup(records, &records[from_i], &r.text) {
        Lookup::Found(i) if i == from_i => Err(Diagnostic::warning(
            Code::SelfReference,
            format!("`{what}` names this record itself"),
        )
        .hint("remove the reference, or point it at the record meant")),
        Lookup::Found(i) => Ok(i),
        Lookup::Ambiguous(hits) => {
            let names: Vec<String> = hits
                .iter()
                .map(|&i| format!("`{}`", records[i].source))
                .collect();
            Err(Diagnostic::warning(
                Code::AmbiguousReference,
                format!(
                    "`{}` in `{what}` is ambiguous: {} share that number",
                    r.text,
                    names.join(" and ")
                ),
            )
            .hint("name the record by its id or file name instead of its number"))
        }
        Lookup::UnknownPackage(package) => {
            let known = index.packages();
            let hint = if known.is_empty() {
                "no source has a package: name one with `package = \"...\"` in `[[sources]]` of hindsight.toml".to_string()
            } else {
                let names: Vec<String> = known.iter().map(|p| format!("`{p}`")).collect();
                format!("the packages are {}", names.join(", "))
            };
            Err(Diagnostic::warning(
                Code::UnknownPackage,
                format!(
                    "`{}` in `{what}` names package `{package}`, which no source provides",
                    quoted()
                ),
            )
            .hint(hint))
        }
        Lookup::MissingInPackage(package) => Err(Diagnostic::warning(
            Code::DanglingReference,
            format!(
                "`{}` in `{what}` names no record of package `{package}`",
                quoted()
            ),
        )
        .hint("after `package#`, give a number, an id or a file name of that package's records")),
        Lookup::Missing => Err(Diagnostic::warning(
            Code::DanglingReference,
            format!("`{}` in `{what}` names no record", quoted()),
        )
        .hint("use a record's number, its id (the file name without `.md`) or a relative path")),
    }
}

/// Ids are unique by construction, except `x.md` beside `x/README.md`: the later of two is
/// dropped with an error and listed as skipped (found with borrowed keys; nothing is copied
/// when there are none).
fn drop_duplicate_ids(
    records: &mut Vec<Arc<Record>>,
    mut skipped: Vec<Skipped>,
    sources: &Sources<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Skipped> {
    let duplicates: Vec<(usize, String)> = {
        let mut seen: FastMap<&str, &str> =
            FastMap::with_capacity_and_hasher(records.len(), Default::default());
        records
            .iter()
            .enumerate()
            .filter_map(|(k, r)| match seen.entry(r.id.as_str()) {
                std::collections::hash_map::Entry::Occupied(e) => Some((k, e.get().to_string())),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(&r.source);
                    None
                }
            })
            .collect()
    };
    for (k, first) in &duplicates {
        let r = &records[*k];
        let (display, _) = file_of(sources, r);
        diagnostics.push(
            Diagnostic::error(
                Code::DuplicateId,
                format!("`{}` has the same id as `{first}`", r.source),
            )
            .in_file(display)
            .hint("rename one of the two files"),
        );
        skipped.push(Skipped {
            source: r.source.clone(),
            reason: "duplicate id".into(),
        });
    }
    if !duplicates.is_empty() {
        let mut k = 0;
        let mut next = duplicates.iter().map(|(d, _)| *d).peekable();
        records.retain(|_| {
            let drop = next.peek() == Some(&k);
            if drop {
                next.next();
            }
            k += 1;
            !drop
        });
    }
    skipped
}

/// Links in bodies: broken ones and unsafe ones become warnings (checked in parallel,
/// reported in order); returns the links that lead out of the source folder.
fn check_body_links(
    records: &[Arc<Record>],
    index: &Index,
    assets: &BTreeSet<String>,
    sources: &Sources<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, crate::record::BodyLink)> {
    type LinkCheck = (Vec<Diagnostic>, Vec<(String, crate::record::BodyLink)>);
    let link_problems: Vec<LinkCheck> = records
        .par_iter()
        .map(|r| {
            let mut found = Vec::new();
            let mut outside = Vec::new();
            let mut lines: Option<LineIndex<'_>> = None;
            let mut repeats = Repeats::default();
            for l in &r.links {
                let (code, message, hint) = match index.link(assets, r, &l.dest) {
                    LinkTarget::OutsideSource(..) => {
                        outside.push((r.source.clone(), l.clone()));
                        continue;
                    }
                    LinkTarget::Broken => (
                        Code::BrokenLink,
                        format!(
                            "link to `{}` points at no record or file in the source folder",
                            crate::diagnostic::quoted(&l.dest)
                        ),
                        "fix the path; links are relative to this file's folder",
                    ),
                    LinkTarget::Unsafe => (
                        Code::UnsafeLink,
                        format!(
                            "link to `{}` can run script, so it is dropped from the page",
                            crate::diagnostic::quoted(&l.dest)
                        ),
                        "link to a page or a file instead",
                    ),
                    _ => continue,
                };
                let (display, text) = file_of(sources, r);
                if !repeats.admit(display, code, Severity::Warning) {
                    continue;
                }
                let d = Diagnostic::warning(code, message).hint(hint);
                found.push(if text.is_empty() {
                    d.in_file(display)
                } else {
                    let lines = lines.get_or_insert_with(|| LineIndex::new(text));
                    d.at_line(display, lines, l.span)
                });
            }
            found.extend(repeats.left_out());
            (found, outside)
        })
        .collect();
    let mut outside_links = Vec::new();
    for (found, outside) in link_problems {
        diagnostics.extend(found);
        outside_links.extend(outside);
    }
    outside_links
}

/// Supersede cycles (a record that, through others, replaces itself) become warnings.
fn report_cycles(
    records: &[Arc<Record>],
    supersedes: &[Vec<usize>],
    sources: &Sources<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for cycle in cycles(supersedes) {
        let names: Vec<&str> = cycle.iter().map(|&i| records[i].source.as_str()).collect();
        let first = &records[cycle[0]];
        let (display, _) = file_of(sources, first);
        diagnostics.push(
            Diagnostic::warning(
                Code::SupersedeCycle,
                format!("supersede cycle: {} → {}", names.join(" → "), names[0]),
            )
            .in_file(display)
            .hint("a record cannot, through others, replace itself; remove one of the links"),
        );
    }
}

/// Where the status is written: on a line that names a status (`status:`, `* Status:`, a
/// `## Status` section's first line) rather than wherever the word first appears.
fn status_span(text: &str, raw: Option<&str>) -> Span {
    let Some(raw) = raw.filter(|r| !r.is_empty() && !text.is_empty()) else {
        return Span::new(1, 1, 0);
    };
    let mut offset = 0;
    let mut after_heading = false;
    for line in text.split_inclusive('\n') {
        let lower = line.to_lowercase();
        let names_status = lower.contains("status") || after_heading;
        after_heading = lower.trim_start().starts_with('#') && lower.contains("status")
            || (after_heading && line.trim().is_empty());
        if names_status && let Some(at) = line.find(raw) {
            return Span::at_offset(text, 1, offset + at, raw.chars().count());
        }
        offset += line.len();
    }
    Span::find(text, 1, raw)
}

/// The page name of each record: its id, or for the second and later of ids that fold to
/// the same name (letter case and Unicode normalisation ignored), the id with `-2`, `-3`
/// added; each such twin gets a `page-name-twin` warning naming the other file.
fn twin_pages(
    records: &[Arc<Record>],
    sources: &Sources<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    use std::borrow::Cow;
    use unicode_normalization::UnicodeNormalization;
    // An ASCII id is its own normal form: lower-casing it is the whole fold, and most ids
    // are lower case already (borrowed, not copied). Normalising every id cost a 50,000-
    // record load 0.15 s, most of resolve.
    fn fold(s: &str) -> Cow<'_, str> {
        if !s.is_ascii() {
            Cow::Owned(s.nfc().collect::<String>().to_lowercase())
        } else if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    }
    let folds: Vec<Cow<'_, str>> = records.par_iter().map(|r| fold(&r.id)).collect();
    let mut taken: FastMap<Cow<'_, str>, usize> =
        FastMap::with_capacity_and_hasher(records.len(), Default::default());
    let mut pages: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    for (i, f) in folds.iter().enumerate() {
        taken.entry(Cow::Borrowed(f.as_ref())).or_insert(i);
    }
    for (i, r) in records.iter().enumerate() {
        let first = taken[folds[i].as_ref()];
        if first == i {
            continue;
        }
        let mut k = 2;
        let page = loop {
            let candidate = format!("{}-{k}", r.id);
            if let std::collections::hash_map::Entry::Vacant(e) =
                taken.entry(Cow::Owned(fold(&candidate).into_owned()))
            {
                e.insert(i);
                break candidate;
            }
            k += 1;
        };
        let display = sources
            .get(r.source.as_str())
            .map_or(r.source.as_str(), |(d, _)| d);
        diagnostics.push(
            Diagnostic::warning(
                Code::PageNameTwin,
                format!(
                    "`{}` differs from `{}` only in letter case or Unicode normalisation; its page is `decisions/{page}.html`",
                    r.source, records[first].source
                ),
            )
            .in_file(display)
            .hint("rename one of the two files: they are one file on macOS and Windows"),
        );
        pages[i] = page;
    }
    pages
}

fn push_unique(v: &mut Vec<usize>, x: usize) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// Elementary cycles in the supersede graph, each reported once, starting at its smallest index.
fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    fn visit(
        v: usize,
        edges: &[Vec<usize>],
        state: &mut [u8],
        stack: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        state[v] = 1;
        stack.push(v);
        for &w in &edges[v] {
            if state[w] == 1 {
                let at = stack.iter().position(|&x| x == w).unwrap_or(0);
                let mut cycle = stack[at..].to_vec();
                let min = cycle
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, x)| **x)
                    .map_or(0, |(k, _)| k);
                cycle.rotate_left(min);
                if !out.contains(&cycle) {
                    out.push(cycle);
                }
            } else if state[w] == 0 {
                visit(w, edges, state, stack, out);
            }
        }
        stack.pop();
        state[v] = 2;
    }
    for v in 0..n {
        if state[v] == 0 {
            visit(v, edges, &mut state, &mut stack, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(source: &str, number: Option<u32>) -> Record {
        Record {
            id: crate::dialect::id_for(source),
            source: source.into(),
            number,
            title: source.into(),
            status: Status::Accepted,
            ..Record::default()
        }
    }

    fn reference(text: &str) -> Reference {
        Reference {
            text: text.into(),
            span: Span::new(1, 1, 1),
            partial: false,
            ..Default::default()
        }
    }

    fn run(records: Vec<Record>) -> (Model, Vec<Diagnostic>) {
        let today = Date::parse_iso("2026-11-23").unwrap();
        resolve(
            records,
            vec![],
            BTreeSet::new(),
            &Sources::default(),
            &ResolveOptions {
                today,
                due_window: 30,
                review_after: None,
            },
        )
    }

    #[test]
    fn a_second_record_with_the_same_id_is_dropped_with_an_error() {
        // `x.md` and `x/README.md` both have the id `x`; sorted by source, `x.md` is first.
        let (m, d) = run(vec![
            rec("x.md", None),
            rec("a.md", None),
            rec("x/README.md", None),
            rec("y.md", None),
        ]);
        let sources: Vec<&str> = m.records.iter().map(|r| r.record.source.as_str()).collect();
        assert_eq!(sources, ["a.md", "x.md", "y.md"]);
        assert_eq!(m.skipped.len(), 1);
        assert_eq!(m.skipped[0].source, "x/README.md");
        let dup: Vec<&Diagnostic> = d.iter().filter(|d| d.code == "duplicate-id").collect();
        assert_eq!(dup.len(), 1, "{d:?}");
        assert!(
            dup[0]
                .message
                .contains("`x/README.md` has the same id as `x.md`")
        );
        assert_eq!(m.get("y").unwrap().record.source, "y.md");
    }

    #[test]
    fn supersedes_on_one_side_is_enough() {
        let old = rec("0007-old.md", Some(7));
        let mut new = rec("0012-new.md", Some(12));
        new.supersedes = vec![reference("7")];
        let (m, d) = run(vec![new, old]);
        let old = m.get("0007-old").unwrap();
        let new = m.get("0012-new").unwrap();
        assert_eq!(old.superseded_by, vec![1]);
        assert_eq!(new.supersedes, vec![0]);
        assert_eq!(old.record.status, Status::Superseded);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "status-disagrees");
    }

    #[test]
    fn references_by_number_id_and_path() {
        let a = rec("adr/0001-a.md", Some(1));
        let b = rec("adr/0002-b.md", Some(2));
        let mut c = rec("adr/0003-c.md", Some(3));
        c.relates = vec![
            reference("ADR-1"),
            reference("./0002-b.md"),
            reference("adr/0002-b"),
        ];
        let (m, d) = run(vec![a, b, c]);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(m.get("adr/0003-c").unwrap().relates, vec![0, 1]);
        assert_eq!(m.get("adr/0001-a").unwrap().relates, vec![2]);
    }

    #[test]
    fn ambiguous_dangling_self_and_cyclic_references_are_diagnostics() {
        let a = rec("0001-a.md", Some(1));
        let a2 = rec("0001-a-again.md", Some(1));
        let mut b = rec("0002-b.md", Some(2));
        b.supersedes = vec![
            reference("1"),
            reference("99"),
            reference("2"),
            reference("3"),
        ];
        let mut c = rec("0003-c.md", Some(3));
        c.supersedes = vec![reference("2")];
        let (_, d) = run(vec![a, a2, b, c]);
        let codes: BTreeSet<&str> = d.iter().map(|d| d.code.as_str()).collect();
        for code in [
            "ambiguous-reference",
            "dangling-reference",
            "self-reference",
            "supersede-cycle",
        ] {
            assert!(codes.contains(code), "{code} missing from {codes:?}");
        }
        let amb = d.iter().find(|d| d.code == "ambiguous-reference").unwrap();
        assert!(amb.message.contains("0001-a.md") && amb.message.contains("0001-a-again.md"));
    }

    #[test]
    fn classifies_body_links() {
        let a = rec("adr/0001-a.md", Some(1));
        let b = rec("adr/0002-b.md", Some(2));
        let records = vec![Arc::new(a), Arc::new(b)];
        let index = Index::build(&records);
        let assets: BTreeSet<String> = ["adr/img/x.png".to_string()].into();
        let from = &records[0];
        let link = |d: &str| index.link(&assets, from, d);
        assert_eq!(
            link("0002-b.md#ctx"),
            LinkTarget::Record(1, Some("ctx".into()))
        );
        assert_eq!(link("img/x.png"), LinkTarget::Asset("adr/img/x.png".into()));
        assert_eq!(link("https://example.org"), LinkTarget::External);
        assert_eq!(link("#local"), LinkTarget::External);
        assert_eq!(link("0009-nope.md"), LinkTarget::Broken);
        assert_eq!(
            link("../../../etc/passwd"),
            LinkTarget::OutsideSource("../../etc/passwd".into(), None)
        );
        assert_eq!(
            link("../../README.md#usage"),
            LinkTarget::OutsideSource("../README.md".into(), Some("usage".into()))
        );
        assert_eq!(link("/etc/passwd"), LinkTarget::Broken);
        // A docs site's page for a record, by its file name.
        let top = vec![
            Arc::new(rec("adr-001-x.md", Some(1))),
            Arc::new(rec("adr-002-y.md", Some(2))),
        ];
        let index = Index::build(&top);
        assert_eq!(
            index.link(&assets, &top[1], "/documentation/adrs/adr-001-x.html"),
            LinkTarget::Record(0, None)
        );
        assert_eq!(link("JavaScript:alert(1)"), LinkTarget::Unsafe);
        assert_eq!(link(" java\tscript:alert(1)"), LinkTarget::Unsafe);
    }

    #[test]
    fn the_status_marker_points_at_the_status_not_the_title() {
        let text = "# Accepted practices\n\n## Status\n\nAccepted\n";
        assert_eq!(status_span(text, Some("Accepted")).line, 5);
        let text = "---\ntitle: Accepted\nstatus: Accepted\n---\n";
        assert_eq!(status_span(text, Some("Accepted")).line, 3);
    }
}
