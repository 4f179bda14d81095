//! A small model in memory for the list pages' tests: records made in a line, resolved as
//! a build resolves them, and the context each list page would be rendered with.

use std::collections::BTreeSet;

use serde_json::Value as Json;
use tera::Context;

use super::super::slugs::Slugs;
use super::{ListPage, Lists};
use crate::date::Date;
use crate::record::{Record, Revisit, Status};
use crate::resolve::{Model, ResolveOptions, resolve};

pub(super) fn date(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

/// An accepted decision dated 2026-01-10, titled by its file name.
pub(super) fn rec(source: &str, number: u32, tags: &[&str], revisit: Option<&str>) -> Record {
    Record {
        id: crate::dialect::id_for(source),
        source: source.into(),
        number: Some(number),
        title: source.into(),
        status: Status::Accepted,
        date: Some(date("2026-01-10")),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        revisit: Revisit {
            date: revisit.map(date),
            ..Revisit::default()
        },
        ..Record::default()
    }
}

/// `n` numbered records `0001-x.md`, ... (in number order).
pub(super) fn many(n: u32) -> Vec<Record> {
    (1..=n)
        .map(|k| rec(&format!("{k:04}-x.md"), k, &[], None))
        .collect()
}

/// The records resolved on 2026-11-23, revisits due within 30 days.
pub(super) fn model(records: Vec<Record>) -> Model {
    let options = ResolveOptions {
        today: date("2026-11-23"),
        due_window: 30,
        review_after: None,
    };
    resolve(
        records,
        vec![],
        BTreeSet::new(),
        &Default::default(),
        &options,
    )
    .0
}

pub(super) fn prepare(model: &Model) -> Lists<'_> {
    let tags = Slugs::of_tags(model);
    let packages = Slugs::of_packages(model);
    Lists::prepare(model, &tags, &packages, None)
}

/// What the template of a list page is given.
pub(super) struct Page(Context);

impl Page {
    /// The value of `key`, as JSON (`null` when the page was not given it).
    pub(super) fn at(&self, key: &str) -> Json {
        self.0
            .get(key)
            .map_or(Json::Null, |v| serde_json::to_value(v).unwrap())
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }
}

/// Fills the context of `page` as a build would before rendering it.
pub(super) fn fill(lists: &Lists<'_>, page: ListPage) -> Page {
    let mut cx = Context::new();
    lists.fill(&page, "", &mut cx);
    Page(cx)
}

/// The ids of the cards in a list of cards.
pub(super) fn ids(cards: &Json) -> Vec<String> {
    cards
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {cards}"))
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// The paths of the list pages a site has.
pub(super) fn paths(lists: &Lists<'_>) -> Vec<String> {
    lists.jobs().into_iter().map(|j| j.path).collect()
}

/// A reference to another record, as front matter writes it (`supersedes: 7`).
pub(super) fn reference(text: &str) -> crate::record::Reference {
    crate::record::Reference {
        text: text.into(),
        ..Default::default()
    }
}

/// A retrospective of `number` (reviewing record `reviews`), dated `date`, with `verdict`.
pub(super) fn retrospective(
    source: &str,
    number: u32,
    reviews: &str,
    date_: &str,
    verdict: Option<crate::record::Verdict>,
) -> Record {
    Record {
        kind: crate::record::Kind::Retrospective,
        status: Status::Unknown,
        date: Some(date(date_)),
        reviews: Some(reference(reviews)),
        verdict,
        ..rec(source, number, &[], None)
    }
}
