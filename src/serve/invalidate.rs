//! Which pages an edit re-renders in `serve` (the invalidation rules), as pure functions of
//! the model before and after the edit.
//!
//! A record page shows its own record, the cards of the records it links to (both ways),
//! its supersede chain, a graph of its direct neighbours, and links written in its body.
//! So after an edit, the pages re-rendered are: every record whose file changed, appeared
//! or vanished, or whose links or revisit state changed; their direct neighbours and
//! supersede chains (before and after the edit); records whose body links name a file that
//! appeared or vanished; and records carrying a tag whose page name may have moved. List
//! pages, `decisions.json` and the static files (the "rest") must be rendered now when
//! anything they show changed; an edit to a body only leaves them for later.
//!
//! Most edits are resolved incrementally ([`crate::resolve::incremental`]); [`after_update`]
//! gives the pages such an update re-renders, by the same rules, from the model after the
//! edit and what the edited records showed before it. [`affected`] compares two whole
//! models, after a full resolve.

use std::collections::{BTreeSet, HashMap};

use crate::discover;
use crate::record::Skipped;
use crate::render::record_page::Surroundings;
use crate::render::{self, Selection, markdown::slug};
use crate::resolve::incremental::Update;
use crate::resolve::{Model, Resolved};

/// Is this site path a record page?
pub(super) fn is_record_page(path: &str) -> bool {
    path.starts_with("decisions/") && path.ends_with(".html")
}

/// The index of record `id` (records are sorted by source path).
pub(super) fn index_of(model: &Model, id: &str) -> Option<usize> {
    let source = &model.get(id)?.record.source;
    model
        .records
        .binary_search_by(|r| r.record.source.as_str().cmp(source))
        .ok()
}

/// Adds to `pages` the ids of the records whose pages show any of `ids`: themselves,
/// their neighbours and their supersede chains.
pub(super) fn pages_around(model: &Model, ids: &BTreeSet<&str>, pages: &mut BTreeSet<String>) {
    for id in ids {
        let Some(r) = model.get(id) else { continue };
        pages.insert(id.to_string());
        pages.extend(neighbours(model, r).map(str::to_string));
        if (!r.supersedes.is_empty() || !r.superseded_by.is_empty())
            && let Some(i) = index_of(model, id)
        {
            pages.extend(
                supersede_component(model, i)
                    .into_iter()
                    .map(str::to_string),
            );
        }
    }
}

/// Ids of the records `r` links to, either way.
fn neighbours<'m>(model: &'m Model, r: &Resolved) -> impl Iterator<Item = &'m str> {
    r.supersedes
        .iter()
        .chain(&r.superseded_by)
        .chain(&r.relates)
        .chain(r.reviews.iter())
        .chain(&r.retrospectives)
        .map(|&j| model.records[j].record.id.as_str())
}

/// The records joined to `start` by supersede links, either way (a chain shows them all).
fn supersede_component(model: &Model, start: usize) -> Vec<&str> {
    let mut seen = vec![start];
    let mut stack = vec![start];
    while let Some(i) = stack.pop() {
        if seen.len() > 500 {
            break;
        }
        let r = &model.records[i];
        for &j in r.supersedes.iter().chain(&r.superseded_by) {
            if !seen.contains(&j) {
                seen.push(j);
                stack.push(j);
            }
        }
    }
    seen.iter()
        .map(|&i| model.records[i].record.id.as_str())
        .collect()
}

/// Whether the links or state of a record that other pages show (its status, revisit
/// state, and the records it links to either way, by id) differ between `old` (`o`) and
/// `new` (`r`). Compared in place: this runs for every record on every link edit.
fn links_moved(old: &Model, o: &Resolved, new: &Model, r: &Resolved) -> bool {
    let same = |a: &[usize], b: &[usize]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(&i, &j)| old.records[i].record.id == new.records[j].record.id)
    };
    o.record.status != r.record.status
        || o.revisit != r.revisit
        || !same(&o.supersedes, &r.supersedes)
        || !same(&o.superseded_by, &r.superseded_by)
        || !same(&o.relates, &r.relates)
        || !same(o.reviews.as_slice(), r.reviews.as_slice())
        || !same(&o.retrospectives, &r.retrospectives)
}

/// What lists and `decisions.json` show of a record: its exported JSON.
fn meta_signature(model: &Model, r: &Resolved) -> String {
    serde_json::to_string(&render::json::record_json(model, r)).unwrap_or_default()
}

/// What a record's card shows (in lists, and as the previous or next record on pages).
fn card_signature(model: &Model, r: &Resolved) -> String {
    serde_json::to_string(&render::card::card(model, r)).unwrap_or_default()
}

/// The lower-cased file stem of a source, as body links name it.
fn stem(source: &str) -> String {
    let id = crate::dialect::id_for(source);
    id.rsplit('/').next().unwrap_or(&id).to_lowercase()
}

/// Adds the records with a body link naming one of `names` (files that appeared or vanished).
fn body_links_naming(model: &Model, names: &[String], pages: &mut BTreeSet<String>) {
    if names.is_empty() {
        return;
    }
    for r in &model.records {
        if r.record.links.iter().any(|l| {
            let dest = crate::url_path::percent_decode(&l.dest).to_lowercase();
            names.iter().any(|n| dest.contains(n.as_str()))
        }) {
            pages.insert(r.record.id.clone());
        }
    }
}

/// Adds the records carrying a tag whose slug is one of `bases`: tag pages are named by
/// slug, and two tags with the same slug get `-2`, so when the set of tags changes, pages
/// carrying a tag of the same slug may link elsewhere.
fn tag_pages(model: &Model, bases: &BTreeSet<String>, pages: &mut BTreeSet<String>) {
    for r in &model.records {
        if r.record.tags.iter().any(|t| bases.contains(&slug(t))) {
            pages.insert(r.record.id.clone());
        }
    }
}

/// What the edited records showed before an incremental update, for [`after_update`].
#[derive(Debug, Default)]
pub(super) struct Before {
    /// Source -> what lists and `decisions.json` showed of it.
    pub(super) meta: HashMap<String, String>,
    /// Source -> what the edited record's card showed.
    pub(super) cards: HashMap<String, String>,
    /// The tags the edited records carried (lower-cased), once per record.
    pub(super) tags: Vec<String>,
    /// The files that are not records.
    pub(super) skipped: Vec<Skipped>,
    /// Each record's previous and next records and place in the index, when the edit may
    /// move them (records created, deleted or renumbered).
    pub(super) surroundings: Option<HashMap<String, Surroundings>>,
}

impl Before {
    /// Notes what `r` shows before it is edited.
    pub(super) fn note(&mut self, model: &Model, r: &Resolved) {
        self.meta
            .insert(r.record.source.clone(), meta_signature(model, r));
        self.cards
            .insert(r.record.source.clone(), card_signature(model, r));
        self.tags
            .extend(r.record.tags.iter().map(|t| t.to_lowercase()));
    }
}

/// Record pages whose surroundings in the lists changed (previous or next record, the index
/// page they link back to), compared with `before` when given, and the previous and next
/// records of `edited` records (whose cards those pages show).
fn around_moved(
    before: Option<&HashMap<String, Surroundings>>,
    model: &Model,
    edited: impl Iterator<Item = usize>,
) -> Vec<usize> {
    let edited: Vec<usize> = edited.collect();
    let mut out: Vec<usize> = Vec::new();
    // A body edit moves nothing and changes no card: skip the pass over every record.
    if before.is_none() && edited.is_empty() {
        return out;
    }
    let now = render::record_page::surroundings(model);
    if let Some(before) = before {
        for (i, r) in model.records.iter().enumerate() {
            if before.get(&r.record.id) != now.get(&r.record.id) {
                out.push(i);
            }
        }
    }
    for i in edited {
        if let Some(s) = model.records.get(i).and_then(|r| now.get(&r.record.id)) {
            out.extend(
                [&s.previous, &s.next]
                    .into_iter()
                    .flatten()
                    .filter_map(|id| index_of(model, id)),
            );
        }
    }
    out
}

/// The record pages an incremental update re-renders (indices into `model.records`, after
/// it), the pages of records that vanished, and whether the rest must be rendered now. The
/// rules are those of [`affected`]: the records whose record or links changed, with their
/// neighbours and supersede chains (their neighbours before the edit were re-resolved too,
/// so they are in `update.reresolved`); records whose body links name a file that appeared
/// or vanished (`assets_moved` are the assets among them); records carrying a tag whose
/// page name may have moved.
pub(super) fn after_update(
    model: &Model,
    update: &Update,
    before: &Before,
    assets_moved: &[String],
) -> (Vec<usize>, Vec<String>, bool) {
    // Records whose cards changed (what lists show of them): their previous and next
    // records' pages show those cards.
    let cards_changed: Vec<usize> = update
        .changed
        .iter()
        .copied()
        .filter(|&j| {
            let r = &model.records[j];
            before
                .cards
                .get(&r.record.source)
                .is_none_or(|card| *card != card_signature(model, r))
        })
        .chain(update.created.iter().copied())
        .collect();
    let mut around = around_moved(
        before.surroundings.as_ref(),
        model,
        cards_changed.into_iter(),
    );
    let mut rest = !update.created.is_empty()
        || !update.removed.is_empty()
        || !assets_moved.is_empty()
        || before.skipped != model.skipped;
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for &j in &update.changed {
        let r = &model.records[j];
        ids.insert(r.record.id.as_str());
        match before.meta.get(&r.record.source) {
            // An edited record: the lists show what its JSON shows.
            Some(meta) => rest |= *meta != meta_signature(model, r),
            // A record linked to an edited one, whose links or state moved.
            None => rest = true,
        }
    }
    let mut pages: BTreeSet<String> = BTreeSet::new();
    pages_around(model, &ids, &mut pages);
    pages.extend(
        update
            .reresolved
            .iter()
            .map(|&j| model.records[j].record.id.clone()),
    );
    let mut names: Vec<String> = update
        .created
        .iter()
        .map(|&j| stem(&model.records[j].record.source))
        .chain(update.removed.iter().map(|(_, _, source)| stem(source)))
        .collect();
    names.extend(
        assets_moved
            .iter()
            .map(|a| a.rsplit('/').next().unwrap_or(a).to_lowercase()),
    );
    body_links_naming(model, &names, &mut pages);
    // Did the set of tags change? Only tags the edited records carry, before or after, can
    // have come or gone.
    let after: Vec<String> = update
        .changed
        .iter()
        .filter(|&&j| before.meta.contains_key(&model.records[j].record.source))
        .chain(&update.created)
        .flat_map(|&j| {
            model.records[j]
                .record
                .tags
                .iter()
                .map(|t| t.to_lowercase())
        })
        .collect();
    let mut mine_before = before.tags.clone();
    let mut mine_after = after.clone();
    mine_before.sort();
    mine_after.sort();
    if mine_before != mine_after {
        let candidates: BTreeSet<&String> = mine_before.iter().chain(&mine_after).collect();
        let mut count: HashMap<&str, i64> = candidates.iter().map(|t| (t.as_str(), 0)).collect();
        for r in &model.records {
            for t in &r.record.tags {
                if let Some(c) = count.get_mut(t.to_lowercase().as_str()) {
                    *c += 1;
                }
            }
        }
        let mut bases = BTreeSet::new();
        for t in candidates {
            let now = count.get(t.as_str()).copied().unwrap_or(0);
            let then = now - mine_after.iter().filter(|x| *x == t).count() as i64
                + mine_before.iter().filter(|x| *x == t).count() as i64;
            if (now > 0) != (then > 0) {
                bases.insert(slug(t));
            }
        }
        if !bases.is_empty() {
            rest = true;
            tag_pages(model, &bases, &mut pages);
        }
    }
    let mut indices: Vec<usize> = pages.iter().filter_map(|id| index_of(model, id)).collect();
    indices.append(&mut around);
    indices.sort_unstable();
    indices.dedup();
    let removed = update
        .removed
        .iter()
        .map(|(_, page, _)| page.clone())
        .collect();
    (indices, removed, rest)
}

/// The record pages `touched` sources can change, the ids of records that vanished, and
/// whether the rest must be rendered now.
pub(super) fn affected(
    old: &Model,
    new: &Model,
    touched: &BTreeSet<String>,
    assets: &BTreeSet<String>,
) -> (Selection, Vec<String>, bool) {
    let mut changed: BTreeSet<&str> = BTreeSet::new(); // ids
    let mut rest = old.skipped != new.skipped;
    let mut names_moved: Vec<String> = Vec::new(); // lower-cased file stems that appeared or vanished
    for r in &new.records {
        let id = r.record.id.as_str();
        match old.get(id) {
            None => {
                changed.insert(id);
                names_moved.push(stem(&r.record.source));
                rest = true;
            }
            Some(o) => {
                let reparsed = touched.contains(&r.record.source);
                let links_moved = links_moved(old, o, new, r);
                if reparsed || links_moved {
                    changed.insert(id);
                }
                if links_moved || (reparsed && meta_signature(old, o) != meta_signature(new, r)) {
                    rest = true;
                }
            }
        }
    }
    let mut removed = Vec::new();
    for o in &old.records {
        if new.get(&o.record.id).is_none() {
            changed.insert(o.record.id.as_str());
            names_moved.push(stem(&o.record.source));
            removed.push(o.record.id.clone());
            rest = true;
        }
    }
    for t in touched {
        if !discover::is_markdown(t) {
            // An asset appeared or vanished: links to it change.
            names_moved.push(t.rsplit('/').next().unwrap_or(t).to_lowercase());
            let _ = assets;
        }
    }

    let mut pages: BTreeSet<String> = BTreeSet::new();
    pages_around(old, &changed, &mut pages);
    pages_around(new, &changed, &mut pages);
    body_links_naming(new, &names_moved, &mut pages);
    // Tag pages are named by slug, and two tags with the same slug get `-2`: when the set
    // of tags changes, pages carrying a tag of the same slug may link elsewhere.
    let tags = |m: &Model| -> BTreeSet<String> {
        m.records
            .iter()
            .flat_map(|r| r.record.tags.iter().map(|t| t.to_lowercase()))
            .collect()
    };
    let (old_tags, new_tags) = (tags(old), tags(new));
    if old_tags != new_tags {
        rest = true;
        let bases: BTreeSet<String> = old_tags
            .symmetric_difference(&new_tags)
            .map(|t| slug(t))
            .collect();
        tag_pages(new, &bases, &mut pages);
    }
    let mut indices: Vec<usize> = pages.iter().filter_map(|id| index_of(new, id)).collect();
    let edited = new
        .records
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            old.get(&r.record.id)
                .is_none_or(|o| card_signature(old, o) != card_signature(new, r))
        })
        .map(|(i, _)| i);
    indices.extend(around_moved(
        Some(&render::record_page::surroundings(old)),
        new,
        edited,
    ));
    indices.sort_unstable();
    indices.dedup();
    (
        Selection {
            records: Some(indices),
            rest,
        },
        removed,
        rest,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::diagnostic::Span;
    use crate::record::{Record, Reference, Status};
    use crate::resolve::{ResolveOptions, Sources};

    fn refs(ids: &[&str]) -> Vec<Reference> {
        ids.iter()
            .map(|id| Reference {
                text: id.to_string(),
                span: Span::new(1, 1, 1),
                partial: false,
                ..Default::default()
            })
            .collect()
    }

    /// A record `id` (file `id.md`) relating to `relates` and superseding `supersedes`.
    fn rec(id: &str, relates: &[&str], supersedes: &[&str]) -> Record {
        Record {
            id: id.into(),
            source: format!("{id}.md"),
            title: format!("Title of {id}"),
            status: Status::Accepted,
            relates: refs(relates),
            supersedes: refs(supersedes),
            body: "Body.".into(),
            ..Record::default()
        }
    }

    fn model(records: Vec<Record>) -> Model {
        crate::resolve::resolve(
            records,
            vec![],
            BTreeSet::new(),
            &Sources::default(),
            &ResolveOptions {
                today: Date::parse_iso("2026-11-23").unwrap(),
                due_window: 30,
                review_after: None,
            },
        )
        .0
    }

    /// The ids of the record pages re-rendered, the ids removed, and whether the rest is
    /// rendered now, after the files `touched` went from `old` to `new`.
    fn rendered(old: &Model, new: &Model, touched: &[&str]) -> (Vec<String>, Vec<String>, bool) {
        let touched: BTreeSet<String> = touched.iter().map(|t| format!("{t}.md")).collect();
        let (selection, removed, rest) = affected(old, new, &touched, &BTreeSet::new());
        let ids = selection
            .records
            .unwrap_or_default()
            .into_iter()
            .map(|i| new.records[i].record.id.clone())
            .collect();
        (ids, removed, rest)
    }

    fn base() -> Vec<Record> {
        vec![
            rec("a", &[], &[]),
            rec("b", &["a"], &[]),
            rec("c", &[], &[]),
            rec("d", &[], &[]),
        ]
    }

    #[test]
    fn creating_a_record_renders_it_and_the_records_it_links_to() {
        let old = model(base());
        let mut records = base();
        records.push(rec("e", &["c"], &[]));
        let new = model(records);
        let (pages, removed, rest) = rendered(&old, &new, &["e"]);
        assert_eq!(pages, ["c", "d", "e"], "d is e's previous record now");
        assert!(removed.is_empty());
        assert!(rest, "lists show the new record at once");
    }

    #[test]
    fn deleting_a_record_removes_its_page_and_renders_the_records_it_linked_to() {
        let mut records = base();
        records.push(rec("e", &["c"], &[]));
        let old = model(records);
        let new = model(base());
        let (pages, removed, rest) = rendered(&old, &new, &["e"]);
        assert_eq!(pages, ["c", "d"], "d had e as its next record");
        assert_eq!(removed, ["e"]);
        assert!(rest);
    }

    #[test]
    fn relinking_renders_the_record_and_its_old_and_new_neighbours_only() {
        let old = model(base());
        let mut records = base();
        records[1] = rec("b", &["c"], &[]);
        let new = model(records);
        let (pages, removed, rest) = rendered(&old, &new, &["b"]);
        assert_eq!(pages, ["a", "b", "c"]);
        assert!(removed.is_empty());
        assert!(rest, "the links shown in decisions.json moved");
    }

    #[test]
    fn a_title_change_renders_the_record_and_its_neighbours_and_the_lists() {
        let old = model(base());
        let mut records = base();
        records[1].title = "A new title".into();
        let new = model(records);
        let (pages, _, rest) = rendered(&old, &new, &["b"]);
        assert_eq!(
            pages,
            ["a", "b", "c"],
            "a shows b's card as a related record, c as its previous record"
        );
        assert!(rest, "lists show the title");
    }

    #[test]
    fn a_body_change_leaves_the_lists_for_later() {
        let old = model(base());
        let mut records = base();
        records[3].body = "Another body.".into();
        let new = model(records);
        let (pages, _, rest) = rendered(&old, &new, &["d"]);
        assert_eq!(pages, ["d"]);
        assert!(!rest);
    }

    #[test]
    fn a_new_supersede_edge_renders_the_whole_chain_both_ways() {
        // c supersedes b supersedes a; then d supersedes c: every page of the chain shows it.
        let chain = |d_supersedes: &[&str]| {
            vec![
                rec("a", &[], &[]),
                rec("b", &[], &["a"]),
                rec("c", &[], &["b"]),
                rec("d", &[], d_supersedes),
                rec("x", &[], &[]),
            ]
        };
        let old = model(chain(&[]));
        let new = model(chain(&["c"]));
        let (pages, _, rest) = rendered(&old, &new, &["d"]);
        assert_eq!(pages, ["a", "b", "c", "d"]);
        assert!(rest);
    }
}
