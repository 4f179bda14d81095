//! Resolution: turns references written in records into links between them.
//!
//! Ids, numbers and relative paths are looked up in one [`Index`]; supersede links are
//! made to hold both ways; retrospectives are attached to what they review; relates links
//! hold both ways; markdown links are classified; and each decision's revisit state is
//! computed. Problems (dangling, ambiguous, self and cyclic references, statuses that
//! disagree with links) become diagnostics. Pure: no I/O.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, LineIndex, Repeats, Severity, Span};
use crate::record::{Kind, Record, Reference, Skipped, Status};
use crate::revisit::{RevisitStatus, revisit_status};
use crate::url_path::{join, join_outside, page_url, percent_decode};

pub mod incremental;

/// A record with its links resolved to indices into [`Model::records`].
#[derive(Debug, Clone)]
pub struct Resolved {
    pub record: Record,
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

/// A relation with its words: `Amends` from this record, `Amended by` from the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// The other record (an index into [`Model::records`]).
    pub to: usize,
    /// The words from this record to the other (`Amends`; `Relates to` when none are
    /// written on either side).
    pub link: String,
    /// The words from the other record back to this one (`Amended by`).
    pub reverse: String,
}

/// The words of a relation when nothing names them.
pub const RELATES_TO: &str = "Relates to";

/// The words seen from the other side of a relation that only one record words:
/// `Amends` and `Amended by`, `Clarifies` and `Clarified by`, ... for the wordings teams
/// use; symmetric words (`Relates to`, `See also`) and words not known stay as they are,
/// as `Relates to`.
pub fn reverse_words(words: &str) -> String {
    const PAIRS: &[(&str, &str)] = &[
        ("amends", "Amended by"),
        ("clarifies", "Clarified by"),
        ("extends", "Extended by"),
        ("refines", "Refined by"),
        ("depends on", "Needed by"),
        ("implements", "Implemented by"),
        ("supports", "Supported by"),
        ("updates", "Updated by"),
        ("references", "Referenced by"),
    ];
    let lower = words.to_lowercase();
    for (a, b) in PAIRS {
        if lower == *a {
            return b.to_string();
        }
        if lower == b.to_lowercase() {
            return crate::dialect::links::capitalised(a);
        }
    }
    match lower.as_str() {
        "relates to" | "related to" | "related" | "see also" => words.to_string(),
        _ => RELATES_TO.to_string(),
    }
}

/// Words one record writes about another, with the reverse words when it states them.
type Worded = (String, Option<String>);

/// The relations between two records `a` and `b` as (words from `a`, words from `b`),
/// from the words each writes about the other (`ab`, `ba`, each with the reverse words
/// when stated). A stated reverse pairs first; then words that are each other's reverse
/// (`Amends`, `Amended by`); then the rest in written order (as `adr link` writes both
/// sides at once); words left over get [`reverse_words`]. Neither side wording it:
/// one `Relates to` both ways.
fn pair_words(ab: &[Worded], ba: &[Worded]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut a_left: Vec<&str> = Vec::new();
    let mut b_left: Vec<&str> = ba.iter().map(|(w, _)| w.as_str()).collect();
    for (w, rv) in ab {
        match rv {
            Some(rv) => {
                b_left.retain(|v| v != rv);
                pairs.push((w.clone(), rv.clone()));
            }
            None => a_left.push(w),
        }
    }
    for (v, rv) in ba {
        if let Some(rv) = rv
            && b_left.contains(&v.as_str())
        {
            b_left.retain(|x| x != v);
            a_left.retain(|x| x != rv);
            if !pairs.iter().any(|(x, y)| x == rv && y == v) {
                pairs.push((rv.clone(), v.clone()));
            }
        }
    }
    let same = |x: &str, y: &str| x.eq_ignore_ascii_case(y);
    a_left.retain(|w| {
        let k = b_left
            .iter()
            .position(|v| same(&reverse_words(w), v) || same(&reverse_words(v), w));
        match k {
            Some(k) => {
                pairs.push((w.to_string(), b_left.remove(k).to_string()));
                false
            }
            None => true,
        }
    });
    let both = a_left.len().min(b_left.len());
    for (w, v) in a_left.iter().zip(&b_left) {
        pairs.push((w.to_string(), v.to_string()));
    }
    for w in &a_left[both..] {
        pairs.push((w.to_string(), reverse_words(w)));
    }
    for v in &b_left[both..] {
        pairs.push((reverse_words(v), v.to_string()));
    }
    if pairs.is_empty() {
        pairs.push((RELATES_TO.to_string(), RELATES_TO.to_string()));
    }
    pairs
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
}

impl Model {
    pub fn get(&self, id: &str) -> Option<&Resolved> {
        self.index.by_id.get(id).map(|&i| &self.records[i])
    }
}

/// Lookups by id, number and source path.
#[derive(Debug, Clone, Default)]
pub struct Index {
    by_id: HashMap<String, usize>,
    by_source: HashMap<String, usize>,
    by_number: HashMap<u32, Vec<usize>>,
    /// Lower-cased ids and file stems, for links whose case differs.
    by_lower: HashMap<String, usize>,
}

/// What a reference names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(usize),
    /// A number that several records carry.
    Ambiguous(Vec<usize>),
    Missing,
}

/// What a markdown link in a record points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another record, with an optional `#fragment`.
    Record(usize, Option<String>),
    /// A file below the source folder, copied into the site at the same path.
    Asset(String),
    /// A web address, a `mailto:`, an in-page `#anchor`: left as written.
    External,
    /// A relative link out of the source folder (`../README.md`, `../../book/x.md`): the
    /// path from the source root (starting with `../`) and an optional `#fragment`. Pages
    /// link it to the file in the repository when `repo_url` is set.
    OutsideSource(String, Option<String>),
    /// A relative link to nothing in the source folder.
    Broken,
    /// A `javascript:` or similar link, which is dropped.
    Unsafe,
}

impl Index {
    pub fn build(records: &[Record]) -> Index {
        Index::build_from(records.iter(), records.len())
    }

    /// [`Index::build`] over `n` records given one by one (in their order in the model).
    pub fn build_from<'a>(records: impl Iterator<Item = &'a Record>, n: usize) -> Index {
        let mut index = Index {
            by_id: HashMap::with_capacity(n),
            by_source: HashMap::with_capacity(n),
            by_number: HashMap::with_capacity(n),
            by_lower: HashMap::with_capacity(n),
        };
        for (i, r) in records.enumerate() {
            index.by_id.insert(r.id.clone(), i);
            index.by_source.insert(r.source.clone(), i);
            index.by_lower.entry(r.id.to_lowercase()).or_insert(i);
            if let Some(n) = r.number {
                index.by_number.entry(n).or_default().push(i);
            }
        }
        index
    }

    /// Looks up a reference written in `from`: a number, an id or a relative path.
    pub fn lookup(&self, records: &[Record], from: &Record, text: &str) -> Lookup {
        self.lookup_by(|i| records[i].package.as_deref(), from, text)
    }

    /// [`Index::lookup`], given the package of the record at each index.
    pub fn lookup_by<'a>(
        &self,
        package_of: impl Fn(usize) -> Option<&'a str>,
        from: &Record,
        text: &str,
    ) -> Lookup {
        let text = text.trim();
        // A markdown link in a front matter value: `[ADR-7](0007-x.md)`.
        let text = match (text.find("]("), text.ends_with(')')) {
            (Some(at), true) => &text[at + 2..text.len() - 1],
            _ => text,
        };
        if let Some(n) = parse_number(text) {
            let hits: &[usize] = self.by_number.get(&n).map_or(&[], Vec::as_slice);
            return match hits.len() {
                0 => self
                    .lookup_path(from, text)
                    .map_or(Lookup::Missing, Lookup::Found),
                1 => Lookup::Found(hits[0]),
                _ => {
                    let same_package: Vec<usize> = hits
                        .iter()
                        .copied()
                        .filter(|&i| package_of(i) == from.package.as_deref())
                        .collect();
                    if same_package.len() == 1 {
                        Lookup::Found(same_package[0])
                    } else {
                        Lookup::Ambiguous(hits.to_vec())
                    }
                }
            };
        }
        self.lookup_path(from, text)
            .map_or(Lookup::Missing, Lookup::Found)
    }

    /// Looks up an id or a path, relative to `from`'s folder first, then to the root.
    fn lookup_path(&self, from: &Record, text: &str) -> Option<usize> {
        let text = text.split(['#', '?']).next().unwrap_or("").trim();
        if text.is_empty() {
            return None;
        }
        let decoded = percent_decode(text);
        let dir = from.source.rsplit_once('/').map_or("", |(d, _)| d);
        let candidates = [
            join(dir, &decoded),
            Some(decoded.trim_start_matches('/').to_string()),
        ];
        for c in candidates.into_iter().flatten() {
            let c = c.trim_end_matches('/');
            if let Some(&i) = self.by_source.get(c) {
                return Some(i);
            }
            let id = crate::dialect::id_for(c);
            if let Some(&i) = self.by_id.get(&id).or_else(|| self.by_id.get(c)) {
                return Some(i);
            }
            if let Some(&i) = self.by_lower.get(&id.to_lowercase()) {
                return Some(i);
            }
        }
        // An absolute repository URL (`https://github.com/o/r/blob/main/docs/adr/x.md`)
        // pointing back into this folder: the longest path suffix that names a record.
        let lower = decoded.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let path = decoded.splitn(4, '/').nth(3).unwrap_or("");
            let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            for k in 0..segs.len() {
                let c = segs[k..].join("/");
                if let Some(&i) = self.by_source.get(&c).or_else(|| self.by_id.get(&c)) {
                    return Some(i);
                }
            }
            return None;
        }
        // A site path ending in a record's file name (`/documentation/adrs/adr-001-x.html`,
        // the page a docs site publishes for `adr-001-x.html.md.erb`).
        if decoded.starts_with('/')
            && let Some(last) = decoded.trim_end_matches('/').rsplit('/').next()
            && let Some(stem) = last.strip_suffix(".html").or(Some(last))
            && let Some(&i) = self.by_lower.get(&stem.to_lowercase())
        {
            return Some(i);
        }
        // A site slug (`/adr/23`): the number it ends with, when one record carries it.
        if decoded.starts_with('/')
            && let Some(last) = decoded.trim_end_matches('/').rsplit('/').next()
            && !last.is_empty()
            && last.len() <= 6
            && last.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = last.parse::<u32>()
            && let Some([i]) = self.by_number.get(&n).map(Vec::as_slice)
        {
            return Some(*i);
        }
        None
    }

    /// Classifies a link written in the body of `from`.
    pub fn link(&self, assets: &BTreeSet<String>, from: &Record, dest: &str) -> LinkTarget {
        let d = dest.trim();
        // Fast path for the common web links.
        if d.starts_with("https://")
            || d.starts_with("http://")
            || d.starts_with("mailto:")
            || d.starts_with('#')
        {
            return LinkTarget::External;
        }
        // Fast path for the most common link of all, a sibling file (`0007-x.md`): a plain
        // file name that is a record's path. Anything else takes the general path below,
        // which would find the same record first.
        if !d.is_empty()
            && !d.starts_with('.')
            && d.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            let hit = match from.source.rsplit_once('/') {
                Some((dir, _)) => self.by_source.get(&format!("{dir}/{d}")),
                None => self.by_source.get(d),
            };
            if let Some(&i) = hit {
                return LinkTarget::Record(i, None);
            }
        }
        let lower = d.to_ascii_lowercase();
        let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        let compact: String = lower
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        if compact.starts_with("javascript:")
            || compact.starts_with("vbscript:")
            || compact.starts_with("data:")
        {
            return LinkTarget::Unsafe;
        }
        if scheme.is_some() || d.starts_with('#') || d.starts_with("//") || d.is_empty() {
            return LinkTarget::External;
        }
        let (path, fragment) = match d.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (d, None),
        };
        let path = path.split('?').next().unwrap_or("");
        if let Some(i) = self.lookup_path(from, path) {
            return LinkTarget::Record(i, fragment);
        }
        let dir = from.source.rsplit_once('/').map_or("", |(d, _)| d);
        let decoded = percent_decode(path);
        match join(dir, &decoded) {
            Some(p) if assets.contains(&p) => LinkTarget::Asset(p),
            None if !decoded.starts_with('/') => match join_outside(dir, &decoded) {
                Some(p) => LinkTarget::OutsideSource(p, fragment),
                None => LinkTarget::Broken,
            },
            _ => LinkTarget::Broken,
        }
    }
}

/// `7`, `0007`, `ADR-7`, `adr-007`, `#7`, `ADR 7` as a number.
fn parse_number(text: &str) -> Option<u32> {
    let t = text.trim().trim_start_matches('#');
    let lower = t.to_ascii_lowercase();
    let t = if lower.starts_with("adr") {
        t[3..].trim_start_matches(['-', '_', ' ', '#'])
    } else {
        t
    };
    if t.is_empty() || t.len() > 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
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
pub type Sources<'a> = HashMap<&'a str, (&'a str, &'a str)>;

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
    mut records: Vec<Record>,
    skipped: Vec<Skipped>,
    assets: BTreeSet<String>,
    sources: &Sources<'_>,
    options: &ResolveOptions,
) -> (Model, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    records.sort_by(|a, b| a.source.cmp(&b.source));

    // Ids are unique by construction, except `x.md` beside `x/README.md`: the later of two
    // is dropped (found with borrowed keys; nothing is copied when there are none).
    let duplicates: Vec<(usize, String)> = {
        let mut seen: HashMap<&str, &str> = HashMap::with_capacity(records.len());
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
    let mut skipped = skipped;
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

    let index = Index::build(&records);
    let n = records.len();
    let mut supersedes: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut superseded_by: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut partial_only: Vec<bool> = vec![true; n];
    let mut relates: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    // The words of relations: for each record `a` and other record `b`, the words `a`
    // writes about `b` (with the reverse words, when `a` states them), in order.
    let mut written: HashMap<(usize, usize), Vec<Worded>> = HashMap::new();
    let mut reviews: Vec<Option<usize>> = vec![None; n];
    let mut retrospectives: Vec<Vec<usize>> = vec![Vec::new(); n];

    // The lines of each file that gets a diagnostic here, found once per file.
    let mut line_indexes: HashMap<&str, LineIndex<'_>> = HashMap::new();
    // A front matter listing half a million missing records gets twenty warnings and a count.
    let mut repeats = Repeats::default();
    let mut report = |from: &Record, r: &Reference, d: Diagnostic| {
        let Some(&(display, text)) = sources.get(from.source.as_str()) else {
            diagnostics.push(d.in_file(from.source.clone()));
            return;
        };
        if !repeats.admit(display, d.code, d.severity) {
            return;
        }
        let d = if text.is_empty() {
            d.in_file(display)
        } else {
            let lines = line_indexes
                .entry(display)
                .or_insert_with(|| LineIndex::new(text));
            d.at_line(display, lines, r.span)
        };
        diagnostics.push(d);
    };

    let find = |from_i: usize,
                r: &Reference,
                what: &str,
                report: &mut dyn FnMut(&Record, &Reference, Diagnostic)|
     -> Option<usize> {
        let from = &records[from_i];
        match index.lookup(&records, from, &r.text) {
            Lookup::Found(i) if i == from_i => {
                report(
                    from,
                    r,
                    Diagnostic::warning(
                        Code::SelfReference,
                        format!("`{what}` names this record itself"),
                    )
                    .hint("remove the reference, or point it at the record meant"),
                );
                None
            }
            Lookup::Found(i) => Some(i),
            Lookup::Ambiguous(hits) => {
                let names: Vec<String> = hits
                    .iter()
                    .map(|&i| format!("`{}`", records[i].source))
                    .collect();
                report(
                    from,
                    r,
                    Diagnostic::warning(
                        Code::AmbiguousReference,
                        format!(
                            "`{}` in `{what}` is ambiguous: {} share that number",
                            r.text,
                            names.join(" and ")
                        ),
                    )
                    .hint("name the record by its id or file name instead of its number"),
                );
                None
            }
            Lookup::Missing => {
                report(
                    from,
                    r,
                    Diagnostic::warning(Code::DanglingReference, format!("`{}` in `{what}` names no record", crate::diagnostic::quoted(&r.text)))
                        .hint("use a record's number, its id (the file name without `.md`) or a relative path"),
                );
                None
            }
        }
    };

    let mut unattached = Vec::new();
    for i in 0..n {
        let rec = &records[i];
        for r in &rec.supersedes {
            if let Some(t) = find(i, r, "supersedes", &mut report) {
                push_unique(&mut supersedes[i], t);
                push_unique(&mut superseded_by[t], i);
                partial_only[t] &= r.partial;
            }
        }
        for r in &rec.superseded_by {
            if let Some(t) = find(i, r, "superseded_by", &mut report) {
                push_unique(&mut supersedes[t], i);
                push_unique(&mut superseded_by[i], t);
                partial_only[i] &= r.partial;
            }
        }
        for r in &rec.relates {
            let what = r.words.as_deref().unwrap_or("relates");
            if let Some(t) = find(i, r, what, &mut report) {
                relates[i].insert(t);
                relates[t].insert(i);
                if let Some(w) = &r.words {
                    let list = written.entry((i, t)).or_default();
                    if !list.iter().any(|(x, _)| x == w) {
                        list.push((w.clone(), r.reverse.clone()));
                    }
                }
            }
        }
        if let Some(r) = &rec.reviews {
            if let Some(t) = find(i, r, "reviews", &mut report) {
                if records[t].kind == Kind::Retrospective {
                    report(
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
                reviews[i] = Some(t);
                retrospectives[t].push(i);
            }
        } else if rec.kind == Kind::Retrospective {
            unattached.push(i);
        }
    }
    diagnostics.extend(repeats.left_out());
    for i in unattached {
        let rec = &records[i];
        let (display, text) = file_of(sources, rec);
        diagnostics.push(
            Diagnostic::warning(
                Code::RetrospectiveWithoutDecision,
                "retrospective does not say which decision it reviews",
            )
            .at(display, text, Span::new(1, 1, 3))
            .hint("add `reviews: <number or id>` to the front matter"),
        );
    }

    // Links in bodies: broken ones and unsafe ones (checked in parallel, reported in order).
    type LinkCheck = (Vec<Diagnostic>, Vec<(String, crate::record::BodyLink)>);
    let link_problems: Vec<LinkCheck> = records
        .par_iter()
        .map(|r| {
            let mut found = Vec::new();
            let mut outside = Vec::new();
            let mut lines: Option<LineIndex<'_>> = None;
            let mut repeats = Repeats::default();
            for l in &r.links {
                let (code, message, hint) = match index.link(&assets, r, &l.dest) {
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

    // Supersede cycles.
    for cycle in cycles(&supersedes) {
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

    // A superseded record shows so, whatever its own status says.
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
                diagnostics.push(
                    Diagnostic::warning(
                        Code::StatusDisagrees,
                        format!(
                            "status is `{}` but `{}` supersedes this record; it is shown as superseded",
                            r.status_raw.as_deref().unwrap_or(r.status.as_str()),
                            by.join("`, `")
                        ),
                    )
                    .at(display, text, span)
                    .hint("set the status to superseded"),
                );
            }
            records[i].status = Status::Superseded;
        }
    }

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
    let revisits: Vec<_> = records
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let retros: Vec<&Record> = retrospectives[i].iter().map(|&j| &records[j]).collect();
            revisit_status(
                r,
                &retros,
                options.today,
                options.due_window,
                options.review_after,
            )
        })
        .collect();
    // Each relation's words on both sides (see [`pair_words`]).
    let mut links: Vec<Vec<Relation>> = vec![Vec::new(); n];
    for a in 0..n {
        for &b in relates[a].iter().filter(|&&b| b > a) {
            let none = Vec::new();
            let ab = written.get(&(a, b)).unwrap_or(&none);
            let ba = written.get(&(b, a)).unwrap_or(&none);
            for (link, reverse) in pair_words(ab, ba) {
                links[b].push(Relation {
                    to: a,
                    link: reverse.clone(),
                    reverse: link.clone(),
                });
                links[a].push(Relation {
                    to: b,
                    link,
                    reverse,
                });
            }
        }
    }
    for l in &mut links {
        // In the order of `relates` (by index), each pair's relations in written order.
        l.sort_by_key(|r| r.to);
    }
    let resolved: Vec<Resolved> = (
        (records, pages),
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
                (r, page),
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
        },
        diagnostics,
    )
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
    records: &[Record],
    sources: &Sources<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let fold = |s: &str| s.nfc().collect::<String>().to_lowercase();
    let mut taken: HashMap<String, usize> = HashMap::with_capacity(records.len());
    let mut pages: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    for (i, r) in records.iter().enumerate() {
        taken.entry(fold(&r.id)).or_insert(i);
    }
    for (i, r) in records.iter().enumerate() {
        let first = taken[&fold(&r.id)];
        if first == i {
            continue;
        }
        let mut k = 2;
        let page = loop {
            let candidate = format!("{}-{k}", r.id);
            if let std::collections::hash_map::Entry::Vacant(e) = taken.entry(fold(&candidate)) {
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
            &Sources::new(),
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
        let records = vec![a, b];
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
        let top = vec![rec("adr-001-x.md", Some(1)), rec("adr-002-y.md", Some(2))];
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
