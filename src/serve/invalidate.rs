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
//! An edit that changes nothing resolution reads ([`resolve_key`]) is [`patch`]ed into the
//! resolved model instead of resolving it again.

use std::collections::BTreeSet;

use crate::discover;
use crate::record::Record;
use crate::render::{self, Selection, markdown::slug};
use crate::resolve::{self, Model, Resolved};

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

/// What resolution reads of a record: everything but the fields [`patch`] copies.
pub(super) fn resolve_key(r: &Record) -> String {
    let mut k = r.clone();
    k.title.clear();
    k.options.clear();
    k.tradeoffs.clear();
    k.outcome = None;
    k.deciders.clear();
    k.consulted.clear();
    k.informed.clear();
    k.body.clear();
    k.body_line = 0;
    k.links.clear();
    k.folded.clear();
    format!("{k:?}")
}

/// Copies into a resolved record the fields resolution does not read.
pub(super) fn patch(target: &mut Record, new: Record) {
    target.title = new.title;
    target.options = new.options;
    target.tradeoffs = new.tradeoffs;
    target.outcome = new.outcome;
    target.deciders = new.deciders;
    target.consulted = new.consulted;
    target.informed = new.informed;
    target.body = new.body;
    target.body_line = new.body_line;
    target.links = new.links;
    target.folded = new.folded;
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
    let stem = |s: &str| -> String {
        let id = crate::dialect::id_for(s);
        id.rsplit('/').next().unwrap_or(&id).to_lowercase()
    };
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
    // Body links that name a file which appeared or vanished.
    if !names_moved.is_empty() {
        for r in &new.records {
            if r.record.links.iter().any(|l| {
                let dest = resolve::percent_decode(&l.dest).to_lowercase();
                names_moved.iter().any(|n| dest.contains(n.as_str()))
            }) {
                pages.insert(r.record.id.clone());
            }
        }
    }
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
        for r in &new.records {
            if r.record.tags.iter().any(|t| bases.contains(&slug(t))) {
                pages.insert(r.record.id.clone());
            }
        }
    }
    let mut indices: Vec<usize> = pages.iter().filter_map(|id| index_of(new, id)).collect();
    indices.sort_unstable();
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
    use crate::record::{Reference, Status};
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
        resolve::resolve(
            records,
            vec![],
            BTreeSet::new(),
            &Sources::new(),
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
        assert_eq!(pages, ["c", "e"]);
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
        assert_eq!(pages, ["c"]);
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
        assert_eq!(pages, ["a", "b"], "a shows b's card, with its title");
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

    #[test]
    fn only_what_resolution_does_not_read_is_patched_in() {
        let a = rec("b", &["a"], &[]);
        let mut retitled = a.clone();
        retitled.title = "Other".into();
        retitled.body = "Other body.".into();
        assert_eq!(resolve_key(&a), resolve_key(&retitled));
        let relinked = rec("b", &["c"], &[]);
        assert_ne!(resolve_key(&a), resolve_key(&relinked));
        let mut target = a.clone();
        patch(&mut target, retitled.clone());
        assert_eq!(target.title, "Other");
        assert_eq!(target.body, "Other body.");
    }
}
