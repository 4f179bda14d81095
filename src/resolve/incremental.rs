//! Incremental resolution, for `serve`: after an edit, re-resolve only the records the edit
//! can reach (the edited records, the records they name and the records that name them,
//! before and after the edit) and keep every other record's resolved state.
//!
//! The model it leaves is the one [`super::resolve`] makes from the same records: the same
//! links in the same order, the same statuses and revisit states (`tests/pipeline.rs`
//! compares `serve`'s pages and `decisions.json` after edits with a fresh `build`). It
//! makes no diagnostics: `serve` resolves everything for them once edits pause. An edit it
//! does not handle (a page name that clashes with another's, a duplicate id) returns
//! `None` before anything is changed, and the caller resolves everything instead.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{
    Index, LinkTarget, Lookup, Model, Relation, ResolveOptions, Resolved, Worded, page_url,
    pair_words, push_unique,
};
use crate::record::{Record, Reference, Status};
use crate::revisit::revisit_status;

/// One file's change: its source path and what it parses to now (`None`: it is gone, or no
/// longer a record). Records come with git's dates filled in, as the full resolve has them.
pub struct Edit {
    pub source: String,
    pub record: Option<Record>,
    /// The path as shown (for a record that is new).
    pub display: String,
}

/// What an update changed, by index into the new `model.records`.
#[derive(Debug, Default)]
pub struct Update {
    /// Records resolved again: the edited ones and every record linked to them, before or
    /// after the edit.
    pub reresolved: Vec<usize>,
    /// Records whose record, links, status or revisit state differ from before (their
    /// pages and the pages showing them change).
    pub changed: Vec<usize>,
    /// The records that vanished: (id, page, source).
    pub removed: Vec<(String, String, String)>,
    /// Records that are new.
    pub created: Vec<usize>,
}

/// What one record's references resolve to, in the order the full resolve reads them.
#[derive(Default)]
struct Targets {
    supersedes: Vec<(usize, bool)>,
    superseded_by: Vec<(usize, bool)>,
    relates: Vec<usize>,
    /// The words it writes about each record it relates to, in written order, each word
    /// once per target (as the full resolve keeps them).
    worded: Vec<(usize, Worded)>,
    reviews: Option<usize>,
}

/// A record's links as other pages show them, to tell whether they moved.
type Shown = (
    Status,
    crate::revisit::RevisitStatus,
    [Vec<usize>; 4],
    Option<usize>,
    Vec<Relation>,
);

fn shown(r: &Resolved) -> Shown {
    (
        r.record.status,
        r.revisit,
        [
            r.supersedes.clone(),
            r.superseded_by.clone(),
            r.relates.clone(),
            r.retrospectives.clone(),
        ],
        r.reviews,
        r.links.clone(),
    )
}

/// Every index a resolved record links to, either way.
fn linked(r: &Resolved) -> impl Iterator<Item = usize> + '_ {
    r.supersedes
        .iter()
        .chain(&r.superseded_by)
        .chain(&r.relates)
        .chain(&r.retrospectives)
        .chain(r.reviews.iter())
        .copied()
}

/// Looks up `r` from record `from` (at `from_i`): the target, unless it names nothing, is
/// ambiguous, or names `from` itself (as the full resolve's `find`).
fn target(index: &Index, records: &[Resolved], from_i: usize, r: &Reference) -> Option<usize> {
    match index.lookup_by(
        |i| records[i].record.package.as_deref(),
        &records[from_i].record,
        &r.text,
    ) {
        Lookup::Found(i) if i != from_i => Some(i),
        _ => None,
    }
}

fn targets(index: &Index, records: &[Resolved], i: usize) -> Targets {
    let rec = &records[i].record;
    let find = |r: &Reference| target(index, records, i, r);
    Targets {
        supersedes: rec
            .supersedes
            .iter()
            .filter_map(|r| find(r).map(|t| (t, r.partial)))
            .collect(),
        superseded_by: rec
            .superseded_by
            .iter()
            .filter_map(|r| find(r).map(|t| (t, r.partial)))
            .collect(),
        relates: rec.relates.iter().filter_map(find).collect(),
        worded: {
            let mut worded: Vec<(usize, Worded)> = Vec::new();
            for r in &rec.relates {
                if let (Some(w), Some(t)) = (&r.words, find(r))
                    && !worded.iter().any(|(x, (v, _))| *x == t && v == w)
                {
                    worded.push((t, (w.clone(), r.reverse.clone())));
                }
            }
            worded
        },
        reviews: rec.reviews.as_ref().and_then(find),
    }
}

/// The words a reference naming `r` would contain: its file stem and its id's last part,
/// lower-cased.
fn names_of(r: &Record) -> Vec<String> {
    let stem = r.source.rsplit('/').next().unwrap_or(&r.source);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let last = r.id.rsplit('/').next().unwrap_or(&r.id);
    vec![stem.to_lowercase(), last.to_lowercase()]
}

/// Whether the reference `text` may name a record with one of `names` or `numbers`.
fn may_name(text: &str, names: &[String], numbers: &HashSet<u32>) -> bool {
    let lower = text.to_lowercase();
    if names
        .iter()
        .any(|n| !n.is_empty() && lower.contains(n.as_str()))
    {
        return true;
    }
    lower
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty() && d.len() <= 9)
        .any(|d| d.parse().is_ok_and(|n: u32| numbers.contains(&n)))
}

/// Applies `edits` to `model` and resolves again the records they reach. `unresolved(source)`
/// gives a kept record as parsed (git's dates filled in), before resolution changed it.
/// Returns `None`, with `model` untouched, for an edit left to a full resolve.
pub fn update(
    model: &mut Model,
    edits: Vec<Edit>,
    unresolved: &dyn Fn(&str) -> Option<Record>,
    options: &ResolveOptions,
) -> Option<Update> {
    if model.skipped.iter().any(|s| s.reason == "duplicate id") {
        return None;
    }
    let mut changed: HashMap<usize, Record> = HashMap::new();
    let mut created: Vec<(Record, String)> = Vec::new();
    let mut deleted: BTreeSet<usize> = BTreeSet::new();
    let mut sources = HashSet::new();
    for e in edits {
        if !sources.insert(e.source.clone()) {
            return None;
        }
        let old = model.index.by_source.get(&e.source).copied();
        match (old, e.record) {
            (Some(i), Some(r)) => {
                if r.id != model.records[i].record.id || r.source != e.source {
                    return None;
                }
                changed.insert(i, r);
            }
            (None, Some(r)) => created.push((r, e.display)),
            (Some(i), None) => {
                deleted.insert(i);
            }
            (None, None) => {}
        }
    }
    // Page names: an id that folds (letter case, Unicode normalisation) onto another's
    // gets `-2` (see `twin_pages`); ids that are not ASCII, or any twin, go to a full resolve.
    if !created.is_empty() || !deleted.is_empty() {
        let mut folds = HashSet::new();
        for (r, _) in &created {
            if !r.id.is_ascii()
                || model.index.by_lower.contains_key(&r.id.to_lowercase())
                || model.index.by_id.contains_key(&r.id)
                || !folds.insert(r.id.to_lowercase())
            {
                return None;
            }
        }
        if deleted
            .iter()
            .any(|&i| !model.records[i].record.id.is_ascii())
            || model
                .records
                .iter()
                .any(|r| r.page.len() != r.record.id.len() + "decisions/.html".len())
        {
            return None;
        }
    }
    let numbers_moved = changed
        .iter()
        .any(|(&i, r)| r.number != model.records[i].record.number);
    let index_moved = !created.is_empty() || !deleted.is_empty() || numbers_moved;
    // What references to the records that appear, vanish or change number may name.
    let mut names = Vec::new();
    let mut numbers = HashSet::new();
    for (r, _) in &created {
        names.extend(names_of(r));
        numbers.extend(r.number);
    }
    for &i in &deleted {
        names.extend(names_of(&model.records[i].record));
        numbers.extend(model.records[i].record.number);
    }
    for (&i, r) in &changed {
        if r.number != model.records[i].record.number {
            names.extend(names_of(r));
            numbers.extend(r.number);
            numbers.extend(model.records[i].record.number);
        }
    }

    // The new list of records, sorted by source, and where each old one went.
    let old_records = std::mem::take(&mut model.records);
    let n_old = old_records.len();
    let mut map: Vec<Option<usize>> = vec![None; n_old];
    let mut records: Vec<Resolved> = Vec::with_capacity(n_old + created.len());
    let mut fresh: BTreeSet<usize> = BTreeSet::new(); // new indices of edited records
    let mut new_ones: Vec<usize> = Vec::new();
    let mut removed = Vec::new();
    let mut gone_neighbours: Vec<usize> = Vec::new(); // old indices
    let mut gone_packages: HashMap<usize, Option<String>> = HashMap::new();
    created.sort_by(|a, b| a.0.source.cmp(&b.0.source));
    let mut created = created.into_iter().peekable();
    let placeholder = |record: Record, display: String| {
        let id = record.id.clone();
        Resolved {
            revisit: Default::default(),
            url: page_url(&id),
            page: format!("decisions/{id}.html"),
            display,
            supersedes: Vec::new(),
            superseded_by: Vec::new(),
            relates: Vec::new(),
            links: Vec::new(),
            reviews: None,
            retrospectives: Vec::new(),
            record: Box::new(record),
            code: Default::default(),
        }
    };
    let mut before: HashMap<usize, Shown> = HashMap::new(); // new index -> as shown before
    for (i, mut r) in old_records.into_iter().enumerate() {
        while let Some((c, d)) = created.next_if(|(c, _)| c.source < r.record.source) {
            fresh.insert(records.len());
            new_ones.push(records.len());
            records.push(placeholder(c, d));
        }
        if deleted.contains(&i) {
            gone_neighbours.extend(linked(&r));
            gone_packages.insert(i, r.record.package.clone());
            removed.push((r.record.id, r.page, r.record.source));
            continue;
        }
        map[i] = Some(records.len());
        if let Some(new) = changed.remove(&i) {
            fresh.insert(records.len());
            *r.record = new;
        }
        records.push(r);
    }
    for (c, d) in created {
        fresh.insert(records.len());
        new_ones.push(records.len());
        records.push(placeholder(c, d));
    }
    let old_index = if index_moved {
        let n = records.len();
        let new = Index::build_from(records.iter().map(|r| &*r.record), n);
        Some(std::mem::replace(&mut model.index, new))
    } else {
        None
    };
    let index = &model.index;
    // Links kept by the other records now point at the new places.
    if !new_ones.is_empty() || !deleted.is_empty() {
        let to = |x: &mut usize| match map[*x] {
            Some(n) => {
                *x = n;
                true
            }
            None => false,
        };
        for (k, r) in records.iter_mut().enumerate() {
            if new_ones.binary_search(&k).is_ok() {
                continue;
            }
            r.supersedes.retain_mut(to);
            r.superseded_by.retain_mut(to);
            r.relates.retain_mut(to);
            r.links.retain_mut(|l| to(&mut l.to));
            r.retrospectives.retain_mut(to);
            r.reviews = r.reviews.and_then(|x| map[x]);
        }
    }

    // The records whose own references are resolved again: the edited ones, and those
    // with a reference that names something else now (a number now shared, a record that
    // appeared or vanished).
    let mut own: BTreeSet<usize> = fresh.clone();
    if let Some(old_index) = &old_index {
        let old_package = |i: usize| -> Option<&str> {
            match map[i] {
                Some(n) => records[n].record.package.as_deref(),
                None => gone_packages.get(&i).and_then(|p| p.as_deref()),
            }
        };
        let mapped = |l: Lookup| match l {
            Lookup::Found(i) => map[i].map_or(Lookup::Missing, Lookup::Found),
            Lookup::Ambiguous(v) => {
                Lookup::Ambiguous(v.iter().map(|&i| map[i].unwrap_or(usize::MAX)).collect())
            }
            other => other,
        };
        for (k, r) in records.iter().enumerate() {
            if own.contains(&k) {
                continue;
            }
            let rec = &r.record;
            let moved = rec
                .supersedes
                .iter()
                .chain(&rec.superseded_by)
                .chain(&rec.relates)
                .chain(rec.reviews.iter())
                .filter(|x| may_name(&x.text, &names, &numbers))
                .any(|x| {
                    let before = mapped(old_index.lookup_by(old_package, rec, &x.text));
                    let now =
                        index.lookup_by(|i| records[i].record.package.as_deref(), rec, &x.text);
                    before != now
                });
            if moved {
                own.insert(k);
            }
        }
    }

    // Every record whose links may change: those, with what they linked to before and
    // what they link to now.
    let mut cache: HashMap<usize, Targets> = HashMap::new();
    let mut reach: BTreeSet<usize> = own.clone();
    reach.extend(gone_neighbours.iter().filter_map(|&i| map[i]));
    for &s in &own {
        reach.extend(linked(&records[s]));
        let t = targets(index, &records, s);
        reach.extend(t.supersedes.iter().map(|x| x.0));
        reach.extend(t.superseded_by.iter().map(|x| x.0));
        reach.extend(t.relates.iter().copied());
        reach.extend(t.reviews);
        cache.insert(s, t);
    }
    // Restore the records resolution changed (a superseded status) as they were parsed.
    for &j in &reach {
        before.insert(j, shown(&records[j]));
        if !fresh.contains(&j)
            && let Some(r) = unresolved(&records[j].record.source)
        {
            *records[j].record = r;
        }
    }
    for &s in &own {
        if !fresh.contains(&s) {
            cache.insert(s, targets(index, &records, s));
        }
    }

    // Links of each reached record, replayed in the order the full resolve makes them.
    struct Links {
        supersedes: Vec<usize>,
        superseded_by: Vec<usize>,
        partial_only: bool,
        relates: BTreeSet<usize>,
        reviews: Option<usize>,
        retrospectives: Vec<usize>,
    }
    let mut all: Vec<(usize, Links)> = Vec::with_capacity(reach.len());
    for &j in &reach {
        let mut from: BTreeSet<usize> = own.clone();
        from.insert(j);
        from.extend(linked(&records[j]));
        let mut l = Links {
            supersedes: Vec::new(),
            superseded_by: Vec::new(),
            partial_only: true,
            relates: BTreeSet::new(),
            reviews: None,
            retrospectives: Vec::new(),
        };
        for &k in &from {
            cache
                .entry(k)
                .or_insert_with(|| targets(index, &records, k));
            let Some(t) = cache.get(&k) else { continue };
            for &(x, partial) in &t.supersedes {
                if k == j {
                    push_unique(&mut l.supersedes, x);
                }
                if x == j {
                    push_unique(&mut l.superseded_by, k);
                    l.partial_only &= partial;
                }
            }
            for &(x, partial) in &t.superseded_by {
                if x == j {
                    push_unique(&mut l.supersedes, k);
                }
                if k == j {
                    push_unique(&mut l.superseded_by, x);
                    l.partial_only &= partial;
                }
            }
            for &x in &t.relates {
                if k == j {
                    l.relates.insert(x);
                }
                if x == j {
                    l.relates.insert(k);
                }
            }
            if let Some(x) = t.reviews {
                if k == j {
                    l.reviews = Some(x);
                }
                if x == j {
                    l.retrospectives.push(k);
                }
            }
        }
        all.push((j, l));
    }
    // Each relation's words on both sides, as the full resolve pairs them (the record
    // with the lower index is `a`).
    let mut words: Vec<Vec<Relation>> = Vec::with_capacity(all.len());
    for (j, l) in &all {
        let j = *j;
        let mut out = Vec::new();
        for &x in &l.relates {
            for k in [j, x] {
                cache
                    .entry(k)
                    .or_insert_with(|| targets(index, &records, k));
            }
            let about = |from: usize, to: usize| -> Vec<Worded> {
                cache[&from]
                    .worded
                    .iter()
                    .filter(|(t, _)| *t == to)
                    .map(|(_, w)| w.clone())
                    .collect()
            };
            let (mine, theirs) = (about(j, x), about(x, j));
            if j < x {
                for (link, reverse) in pair_words(&mine, &theirs) {
                    out.push(Relation {
                        to: x,
                        link,
                        reverse,
                    });
                }
            } else {
                for (link, reverse) in pair_words(&theirs, &mine) {
                    out.push(Relation {
                        to: x,
                        link: reverse,
                        reverse: link,
                    });
                }
            }
        }
        words.push(out);
    }
    for ((j, l), links) in all.into_iter().zip(words) {
        let r = &mut records[j];
        r.supersedes = l.supersedes;
        r.superseded_by = l.superseded_by;
        r.relates = l.relates.into_iter().collect();
        r.links = links;
        r.reviews = l.reviews;
        r.retrospectives = l.retrospectives;
        // A superseded record shows so, whatever its own status says.
        if !r.superseded_by.is_empty() && !l.partial_only {
            r.record.status = Status::Superseded;
        }
    }
    for &j in &reach {
        let mut retros = std::mem::take(&mut records[j].retrospectives);
        retros.sort_by_key(|&k| (records[k].record.date, k));
        records[j].retrospectives = retros;
    }
    for &j in &reach {
        let retros: Vec<&Record> = records[j]
            .retrospectives
            .iter()
            .map(|&k| &*records[k].record)
            .collect();
        let revisit = revisit_status(
            &records[j].record,
            &retros,
            options.today,
            options.due_window,
            options.review_after,
        );
        records[j].revisit = revisit;
    }

    // Links out of the source folder, in record order.
    let edited: HashSet<&str> = fresh
        .iter()
        .map(|&i| records[i].record.source.as_str())
        .chain(removed.iter().map(|(_, _, s)| s.as_str()))
        .collect();
    model
        .outside_links
        .retain(|(s, _)| !edited.contains(s.as_str()));
    for &i in &fresh {
        let r = &records[i].record;
        for l in &r.links {
            if let LinkTarget::OutsideSource(..) = index.link(&model.assets, r, &l.dest) {
                model.outside_links.push((r.source.clone(), l.clone()));
            }
        }
    }
    model.outside_links.sort_by(|a, b| a.0.cmp(&b.0));

    let gone: HashSet<usize> = gone_neighbours.iter().filter_map(|&i| map[i]).collect();
    let changed: Vec<usize> = reach
        .iter()
        .copied()
        .filter(|j| {
            fresh.contains(j)
                || gone.contains(j)
                || before.get(j).is_none_or(|b| *b != shown(&records[*j]))
        })
        .collect();
    model.records = records;
    Some(Update {
        reresolved: reach.into_iter().collect(),
        changed,
        removed,
        created: new_ones,
    })
}
