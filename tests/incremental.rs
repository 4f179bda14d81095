//! Property test of `serve`'s incremental resolution (`resolve::incremental`, decision
//! 0058): after any run of edits (a record rewritten with other links, deleted, or
//! created), the model it patched equals a whole resolve of the same files, link for link.
//! `serve` relies on it: the pause after edits resolves the model's own records again and
//! renders no page (decision 0077).

use std::collections::BTreeMap;

use hindsight::date::Date;
use hindsight::dialect::{self, ReadAs, ReadOptions};
use hindsight::discover::SourceText;
use hindsight::record::Record;
use hindsight::resolve::incremental::{self, Edit};
use hindsight::resolve::{Model, ResolveOptions, resolve};
use proptest::prelude::*;

fn options() -> ResolveOptions {
    ResolveOptions {
        today: Date::parse_iso("2026-06-01").unwrap(),
        due_window: 30,
        review_after: None,
    }
}

fn source(n: u32) -> String {
    format!("{n:04}-record-{n}.md")
}

/// One record's file: a status, links by number to others (some of which may not exist),
/// or a retrospective of one of them.
#[derive(Debug, Clone)]
struct Shape {
    status: &'static str,
    supersedes: Vec<u32>,
    relates: Vec<u32>,
    amends: Option<u32>,
    reviews: Option<u32>,
    revisit: Option<&'static str>,
}

fn shape(max: u32) -> impl Strategy<Value = Shape> {
    (
        prop::sample::select(vec!["proposed", "accepted", "superseded", "deprecated"]),
        prop::collection::vec(1..=max, 0..3),
        prop::collection::vec(1..=max, 0..3),
        prop::option::weighted(0.2, 1..=max),
        prop::option::weighted(0.2, 1..=max),
        prop::option::weighted(0.3, prop::sample::select(vec!["2026-05-01", "2026-06-20"])),
    )
        .prop_map(
            |(status, supersedes, relates, amends, reviews, revisit)| Shape {
                status,
                supersedes,
                relates,
                amends,
                reviews,
                revisit,
            },
        )
}

fn text(n: u32, s: &Shape) -> String {
    let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    let mut t = format!("---\ndate: 2026-0{}-01\n", 1 + n % 5);
    match s.reviews {
        Some(r) => t.push_str(&format!(
            "kind: retrospective\nreviews: {r}\nverdict: held-up\n"
        )),
        None => t.push_str(&format!("status: {}\n", s.status)),
    }
    if !s.supersedes.is_empty() {
        t.push_str(&format!("supersedes: [{}]\n", list(&s.supersedes)));
    }
    if !s.relates.is_empty() {
        t.push_str(&format!("relates: [{}]\n", list(&s.relates)));
    }
    if let Some(a) = s.amends {
        t.push_str(&format!("links:\n  - to: {a}\n    link: Amends\n"));
    }
    if let Some(r) = s.revisit {
        t.push_str(&format!("revisit: {r}\n"));
    }
    t.push_str(&format!("---\n# Record {n}\n\nText.\n"));
    t
}

fn parse(source: &str, text: &str) -> Option<Record> {
    let file = SourceText {
        source: source.to_string(),
        display: source.to_string(),
        package: None,
        text: text.to_string(),
    };
    match dialect::read(&file, &ReadOptions::default()).read_as {
        ReadAs::Record(r) => Some(*r),
        ReadAs::Skipped(_) => None,
    }
}

fn whole(files: &BTreeMap<String, String>) -> Model {
    let records: Vec<Record> = files.iter().filter_map(|(s, t)| parse(s, t)).collect();
    let sources = Default::default();
    resolve(
        records,
        Vec::new(),
        Default::default(),
        &sources,
        &options(),
    )
    .0
}

/// Everything resolution decides about each record, by id.
fn view(m: &Model) -> Vec<String> {
    let id = |i: usize| m.records[i].record.id.clone();
    let ids = |v: &[usize]| v.iter().map(|&i| id(i)).collect::<Vec<_>>();
    m.records
        .iter()
        .map(|r| {
            let links: Vec<(String, &str, &str)> = r
                .links
                .iter()
                .map(|l| (id(l.to), l.link.as_str(), l.reverse.as_str()))
                .collect();
            format!(
                "{} status {:?} (as written {:?}) supersedes {:?} superseded by {:?} relates {:?} \
                 links {links:?} reviews {:?} retrospectives {:?} revisit {:?} page {}",
                r.record.id,
                r.record.status,
                r.status_as_written,
                ids(&r.supersedes),
                ids(&r.superseded_by),
                ids(&r.relates),
                r.reviews.map(id),
                ids(&r.retrospectives),
                r.revisit,
                r.page,
            )
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Step {
    Rewrite(u32, Shape),
    Delete(u32),
    Create(u32, Shape),
}

fn step(max: u32) -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (1..=max, shape(max + 3)).prop_map(|(n, s)| Step::Rewrite(n, s)),
        1 => (1..=max).prop_map(Step::Delete),
        1 => (max + 1..=max + 3, shape(max + 3)).prop_map(|(n, s)| Step::Create(n, s)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn incremental_updates_equal_a_whole_resolve(
        shapes in prop::collection::vec(shape(9), 2..9),
        steps in prop::collection::vec(step(8), 1..6),
    ) {
        let mut files: BTreeMap<String, String> = shapes
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let n = i as u32 + 1;
                (source(n), text(n, s))
            })
            .collect();
        let mut model = whole(&files);
        for (k, step) in steps.iter().enumerate() {
            let (n, new) = match step {
                Step::Rewrite(n, s) | Step::Create(n, s) => (*n, Some(text(*n, s))),
                Step::Delete(n) => (*n, None),
            };
            let name = source(n);
            match &new {
                Some(t) => files.insert(name.clone(), t.clone()),
                None => files.remove(&name),
            };
            let edit = Edit {
                source: name.clone(),
                record: new.as_deref().and_then(|t| parse(&name, t)),
                display: name.clone(),
            };
            let unresolved = |s: &str| files.get(s).and_then(|t| parse(s, t));
            match incremental::update(&mut model, vec![edit], &unresolved, &options()) {
                Some(_) => {}
                // An edit it leaves to a whole resolve: so does serve.
                None => model = whole(&files),
            }
            let expected = whole(&files);
            prop_assert_eq!(
                view(&model),
                view(&expected),
                "after step {} ({:?})",
                k,
                step
            );
        }
    }
}
