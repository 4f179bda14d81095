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
///
/// In phases: sort the edits; merge them into the list of records (and move the index
/// when records appear, vanish or change number); find the records whose own references
/// must be read again; widen that to every record whose links may change; link those
/// again; and tell which records now show differently.
pub fn update(
    model: &mut Model,
    edits: Vec<Edit>,
    unresolved: &dyn Fn(&str) -> Option<Record>,
    options: &ResolveOptions,
) -> Option<Update> {
    if model.skipped.iter().any(|s| s.reason == "duplicate id") {
        return None;
    }
    let sorted = sort_edits(model, edits)?;
    let named = Named::by(model, &sorted);
    let mut merged = merge(std::mem::take(&mut model.records), sorted);
    let old_index = named.index_moved.then(|| {
        let records = &merged.records;
        let new = Index::build_from(records.iter().map(|r| &*r.record));
        std::mem::replace(&mut model.index, new)
    });
    if !merged.new_ones.is_empty() || !merged.removed.is_empty() {
        remap_kept_links(&mut merged.records, &merged.map, &merged.new_ones);
    }
    let own = read_again(&merged, old_index.as_ref(), &model.index, &named);
    let Merged {
        mut records,
        map,
        fresh,
        new_ones,
        removed,
        gone_neighbours,
        ..
    } = merged;
    let index = &model.index;

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
    let mut before: HashMap<usize, Shown> = HashMap::new(); // new index -> as shown before
    for &j in &reach {
        before.insert(j, shown(&records[j]));
        if !fresh.contains(&j)
            && let Some(r) = unresolved(&records[j].record.source)
        {
            records[j].record = std::sync::Arc::new(r);
        }
    }
    for &s in &own {
        if !fresh.contains(&s) {
            cache.insert(s, targets(index, &records, s));
        }
    }

    relink(index, &mut records, &reach, &own, &mut cache);
    revisits_again(&mut records, &reach, options);
    outside_links_again(
        &mut model.outside_links,
        &model.assets,
        index,
        &records,
        &fresh,
        &removed,
    );

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

/// What references to the records that appear, vanish or change number may name.
struct Named {
    /// Whether the index moves: a record appears or vanishes, or a number changes.
    index_moved: bool,
    /// The file stems and ids' last parts of those records, lower-cased.
    names: Vec<String>,
    /// Their numbers, old and new.
    numbers: HashSet<u32>,
}

impl Named {
    fn by(model: &Model, sorted: &Sorted) -> Named {
        let mut names = Vec::new();
        let mut numbers = HashSet::new();
        for (r, _) in &sorted.created {
            names.extend(names_of(r));
            numbers.extend(r.number);
        }
        for &i in &sorted.deleted {
            names.extend(names_of(&model.records[i].record));
            numbers.extend(model.records[i].record.number);
        }
        let mut numbers_moved = false;
        for (&i, r) in &sorted.changed {
            if r.number != model.records[i].record.number {
                numbers_moved = true;
                names.extend(names_of(r));
                numbers.extend(r.number);
                numbers.extend(model.records[i].record.number);
            }
        }
        Named {
            index_moved: !sorted.created.is_empty() || !sorted.deleted.is_empty() || numbers_moved,
            names,
            numbers,
        }
    }
}

/// The records after the edits, sorted by source, and where each old one went.
struct Merged {
    records: Vec<Resolved>,
    /// Old index -> new index (`None`: deleted).
    map: Vec<Option<usize>>,
    /// New indices of the edited and the new records.
    fresh: BTreeSet<usize>,
    /// New indices of the new records.
    new_ones: Vec<usize>,
    /// The records that vanished: (id, page, source).
    removed: Vec<(String, String, String)>,
    /// Old indices of the records the vanished ones linked to, either way.
    gone_neighbours: Vec<usize>,
    /// The package of each vanished record, by old index.
    gone_packages: HashMap<usize, Option<String>>,
}

/// Merges the sorted edits into `old_records`: rewritten records in place, new ones (not
/// yet resolved) where their source sorts, deleted ones out.
fn merge(old_records: Vec<Resolved>, sorted: Sorted) -> Merged {
    let Sorted {
        mut changed,
        mut created,
        deleted,
    } = sorted;
    let mut merged = Merged {
        records: Vec::with_capacity(old_records.len() + created.len()),
        map: vec![None; old_records.len()],
        fresh: BTreeSet::new(),
        new_ones: Vec::new(),
        removed: Vec::new(),
        gone_neighbours: Vec::new(),
        gone_packages: HashMap::new(),
    };
    created.sort_by(|a, b| a.0.source.cmp(&b.0.source));
    let mut created = created.into_iter().peekable();
    let add_new = |merged: &mut Merged, record: Record, display: String| {
        merged.fresh.insert(merged.records.len());
        merged.new_ones.push(merged.records.len());
        merged.records.push(unresolved_placeholder(record, display));
    };
    for (i, mut r) in old_records.into_iter().enumerate() {
        while let Some((c, d)) = created.next_if(|(c, _)| c.source < r.record.source) {
            add_new(&mut merged, c, d);
        }
        if deleted.contains(&i) {
            merged.gone_neighbours.extend(linked(&r));
            merged.gone_packages.insert(i, r.record.package.clone());
            merged
                .removed
                .push((r.record.id.clone(), r.page, r.record.source.clone()));
            continue;
        }
        merged.map[i] = Some(merged.records.len());
        if let Some(new) = changed.remove(&i) {
            merged.fresh.insert(merged.records.len());
            r.record = std::sync::Arc::new(new);
        }
        merged.records.push(r);
    }
    for (c, d) in created {
        add_new(&mut merged, c, d);
    }
    merged
}

/// A new record before it is resolved: its page, no links.
fn unresolved_placeholder(record: Record, display: String) -> Resolved {
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
        record: std::sync::Arc::new(record),
        status_as_written: None,
        code: Default::default(),
    }
}

/// Links kept by the other records now point at the new places (links to vanished
/// records drop).
fn remap_kept_links(records: &mut [Resolved], map: &[Option<usize>], new_ones: &[usize]) {
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

/// The records whose own references are resolved again: the edited ones, and (when the
/// index moved) those with a reference that names something else now (a number now
/// shared, a record that appeared or vanished).
fn read_again(
    merged: &Merged,
    old_index: Option<&Index>,
    index: &Index,
    named: &Named,
) -> BTreeSet<usize> {
    let mut own: BTreeSet<usize> = merged.fresh.clone();
    let Some(old_index) = old_index else {
        return own;
    };
    let (records, map) = (&merged.records, &merged.map);
    let old_package = |i: usize| -> Option<&str> {
        match map[i] {
            Some(n) => records[n].record.package.as_deref(),
            None => merged.gone_packages.get(&i).and_then(|p| p.as_deref()),
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
            .filter(|x| may_name(&x.text, &named.names, &named.numbers))
            .any(|x| {
                let before = mapped(old_index.lookup_by(old_package, rec, &x.text));
                let now = index.lookup_by(|i| records[i].record.package.as_deref(), rec, &x.text);
                before != now
            });
        if moved {
            own.insert(k);
        }
    }
    own
}

/// Links each reached record again, with the words of each relation, and marks a record
/// superseded when something supersedes it whole.
fn relink(
    index: &Index,
    records: &mut [Resolved],
    reach: &BTreeSet<usize>,
    own: &BTreeSet<usize>,
    cache: &mut HashMap<usize, Targets>,
) {
    let all = links_of(index, records, reach, own, cache);
    let words = words_of(index, records, &all, cache);
    for ((j, l), links) in all.into_iter().zip(words) {
        let r = &mut records[j];
        r.supersedes = l.supersedes;
        r.superseded_by = l.superseded_by;
        r.relates = l.relates.into_iter().collect();
        r.links = links;
        r.reviews = l.reviews;
        r.retrospectives = l.retrospectives;
        // A superseded record shows so, whatever its own status says.
        r.status_as_written = None;
        if !r.superseded_by.is_empty() && !l.partial_only && r.record.status != Status::Superseded {
            r.status_as_written = Some(r.record.status);
            std::sync::Arc::make_mut(&mut r.record).status = Status::Superseded;
        }
    }
}

/// The edits of one update, by what they do to the model's records.
struct Sorted {
    /// Records rewritten in place, by index.
    changed: HashMap<usize, Record>,
    /// New records, with their path as shown.
    created: Vec<(Record, String)>,
    /// Records whose file vanished, by index.
    deleted: BTreeSet<usize>,
}

/// Sorts `edits` into rewritten, new and deleted records; `None` for what only a full
/// resolve handles: a file edited twice, a record whose id or source changed, and new or
/// deleted records whose page name is not their plain id.
fn sort_edits(model: &Model, edits: Vec<Edit>) -> Option<Sorted> {
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
    Some(Sorted {
        changed,
        created,
        deleted,
    })
}

/// A reached record's links, as the full resolve makes them.
struct Links {
    supersedes: Vec<usize>,
    superseded_by: Vec<usize>,
    partial_only: bool,
    relates: BTreeSet<usize>,
    reviews: Option<usize>,
    retrospectives: Vec<usize>,
}

/// The links of each record in `reach`, replayed in the order the full resolve makes them,
/// from the targets of every record that may link to it: those resolved again (`own`),
/// itself and those it linked to before.
fn links_of(
    index: &Index,
    records: &[Resolved],
    reach: &BTreeSet<usize>,
    own: &BTreeSet<usize>,
    cache: &mut HashMap<usize, Targets>,
) -> Vec<(usize, Links)> {
    let mut all: Vec<(usize, Links)> = Vec::with_capacity(reach.len());
    for &j in reach {
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
            cache.entry(k).or_insert_with(|| targets(index, records, k));
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
    all
}

/// Each relation's words on both sides, as the full resolve pairs them (the record
/// with the lower index is `a`).
fn words_of(
    index: &Index,
    records: &[Resolved],
    all: &[(usize, Links)],
    cache: &mut HashMap<usize, Targets>,
) -> Vec<Vec<Relation>> {
    let mut words: Vec<Vec<Relation>> = Vec::with_capacity(all.len());
    for (j, l) in all {
        let j = *j;
        let mut out = Vec::new();
        for &x in &l.relates {
            for k in [j, x] {
                cache.entry(k).or_insert_with(|| targets(index, records, k));
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
    words
}

/// The retrospectives of each record in `reach` in date order, and its revisit state again.
fn revisits_again(records: &mut [Resolved], reach: &BTreeSet<usize>, options: &ResolveOptions) {
    for &j in reach {
        let mut retros = std::mem::take(&mut records[j].retrospectives);
        retros.sort_by_key(|&k| (records[k].record.date, k));
        records[j].retrospectives = retros;
    }
    for &j in reach {
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
}

/// The links out of the source folder, in record order, with those of the edited and
/// removed records found again.
fn outside_links_again(
    outside: &mut Vec<(String, crate::record::BodyLink)>,
    assets: &BTreeSet<String>,
    index: &Index,
    records: &[Resolved],
    fresh: &BTreeSet<usize>,
    removed: &[(String, String, String)],
) {
    let edited: HashSet<&str> = fresh
        .iter()
        .map(|&i| records[i].record.source.as_str())
        .chain(removed.iter().map(|(_, _, s)| s.as_str()))
        .collect();
    outside.retain(|(s, _)| !edited.contains(s.as_str()));
    for &i in fresh {
        let r = &records[i].record;
        for l in &r.links {
            if let LinkTarget::OutsideSource(..) = index.link(assets, r, &l.dest) {
                outside.push((r.source.clone(), l.clone()));
            }
        }
    }
    outside.sort_by(|a, b| a.0.cmp(&b.0));
}
