//! The list pages' views: the index, tag, status and package pages, the timeline, the
//! revisit dashboard, the trade-offs page, the graph and search, built once for all of them.
//!
//! Long lists are paged ([`super::paging`]): a site with more records than fit on a page
//! gets `index.html`, `index/2.html`, ..., the same for every tag, status and package page
//! and the timeline, the index in a few static sort orders (`index/date.html`, ...), and
//! the revisit dashboard and trade-offs page show the first few of each section with a link
//! to the section's own paged list. A site with fewer records looks as it did before.
//!
//! This file holds what every list shares ([`Lists`], filled once, and the helpers that put
//! cards and pagers into a page's context); each kind of list has its own file: `index.rs`
//! (the index and its sort orders), `facets.rs` (tag, status and package pages), `team.rs`
//! (a package's team view), `timeline.rs`, `revisits.rs` (the revisit dashboard),
//! `tradeoffs.rs`, and `jobs.rs` (which list pages a site has, and their paths).

mod facets;
#[cfg(test)]
mod fixture;
mod index;
mod jobs;
mod revisits;
mod team;
mod timeline;
mod tradeoffs;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::card::{Card, card};
use super::graph;
use super::paging::{PAGE_SIZE, Pager, page_path};
use super::slugs::Slugs;
use crate::resolve::{Model, Resolved};
use facets::FacetLists;
use index::{Counts, Order};
use revisits::{Dashboard, Section};
use tradeoffs::Tradeoffs;

pub(super) use index::index_places;

/// Items a section of the revisit dashboard or a trade-off group shows on its summary page
/// when the site is paged; the rest are on the section's own pages.
const SECTION_CAP: usize = 20;

/// A page that lists records, and what it lists; pages count from 1.
pub(super) enum ListPage {
    Index(Order, usize),
    Tags,
    Tag(usize, usize),
    Status(usize, usize),
    Package(usize, usize),
    Timeline(usize),
    Revisits,
    RevisitSection(Section, usize),
    Tradeoffs,
    Tradeoff(usize, usize),
    Graph,
    Search,
}

/// How many decisions have a verdict, on the revisit dashboard and in a trade-off group.
#[derive(Serialize)]
struct VerdictCount {
    name: &'static str,
    label: &'static str,
    count: usize,
}

/// Everything the list pages show, computed once; each page's context is filled from it.
pub(super) struct Lists<'a> {
    model: &'a Model,
    all: Vec<Card<'a>>,
    /// Each card as a template value, serialized once and shared (cheap to clone) by every list.
    values: Vec<Value>,
    /// Indices into `all`, by number (unnumbered last).
    by_number: Vec<usize>,
    counts: Counts,
    facets: FacetLists,
    /// The index's other orders, when the index has more than one page.
    orders: Vec<(Order, Vec<usize>)>,
    /// Timeline order (newest first).
    dated: Vec<usize>,
    dashboard: Dashboard,
    tradeoffs: Tradeoffs<'a>,
    components: Vec<graph::Drawing>,
}

impl<'a> Lists<'a> {
    /// `values` are the cards as template values, when the record pages made them already.
    pub(super) fn prepare(
        model: &'a Model,
        tag_slugs: &Slugs,
        package_slugs: &Slugs,
        values: Option<Vec<Value>>,
    ) -> Lists<'a> {
        let all: Vec<Card<'a>> = model.records.iter().map(|r| card(model, r)).collect();
        let by_number = index::index_order(model);
        let orders = if by_number.len() > PAGE_SIZE {
            index::index_orders(&all, &by_number)
        } else {
            Vec::new()
        };
        Lists {
            model,
            counts: Counts::of(model),
            facets: FacetLists::prepare(model, &all, &by_number, tag_slugs, package_slugs),
            orders,
            dated: timeline::order(&all),
            dashboard: Dashboard::prepare(model, &all, &by_number),
            tradeoffs: Tradeoffs::prepare(model, &all),
            components: graph::components(model, ""),
            values: values
                .unwrap_or_else(|| all.par_iter().map(Value::from_serializable).collect()),
            by_number,
            all,
        }
    }

    /// Fills the context of one list page; `root` leads from the page to the site root.
    pub(super) fn fill(&self, page: &ListPage, root: &str, cx: &mut Context) {
        match *page {
            ListPage::Index(order, n) => self.index(cx, root, order, n),
            ListPage::Tags => cx.insert("tags", &self.facets.tags),
            ListPage::Tag(k, n) => self.tag(cx, root, k, n),
            ListPage::Status(k, n) => self.status(cx, root, k, n),
            ListPage::Package(k, n) => self.package(cx, root, k, n),
            ListPage::Timeline(n) => self.timeline(cx, root, n),
            ListPage::Revisits => self.revisits(cx, None),
            ListPage::RevisitSection(section, n) => self.revisits(cx, Some((section, n))),
            ListPage::Tradeoffs => self.tradeoffs(cx),
            ListPage::Tradeoff(k, n) => self.tradeoff(cx, k, n),
            ListPage::Graph => cx.insert("components", &self.components),
            ListPage::Search => {}
        }
    }

    /// Whether the site's lists are paged: more records than fit on one page.
    fn paged(&self) -> bool {
        self.all.len() > PAGE_SIZE
    }

    fn cards(&self, ids: &[usize]) -> Value {
        Value::from(
            ids.iter()
                .map(|&i| self.values[i].clone())
                .collect::<Vec<Value>>(),
        )
    }

    /// Each group's label and records; with `root` (the page's way to the site root), its
    /// records' list items as `record_rows` too.
    fn groups(&self, groups: &[(String, Vec<usize>)], root: Option<&str>) -> Value {
        Value::from(
            groups
                .iter()
                .map(|(label, ids)| {
                    let mut m = BTreeMap::new();
                    m.insert("label", Value::from(label.as_str()));
                    m.insert("records", self.cards(ids));
                    if let Some(root) = root {
                        let rows = super::rows::list_items(ids.iter().map(|&i| &self.all[i]), root);
                        m.insert("record_rows", Value::safe_string(&rows));
                    }
                    Value::from(m)
                })
                .collect::<Vec<Value>>(),
        )
    }

    fn pager(&self, cx: &mut Context, base: &str, n: usize, total: usize) {
        let pager = Pager::new(base, n, total, PAGE_SIZE);
        if pager.paged() {
            cx.insert("pager", &pager);
        }
    }

    /// The first `SECTION_CAP` of `items` on a paged site (all of them on a small one), and
    /// the link to the section's own pages when some are left out.
    fn capped<'b, T>(&self, items: &'b [T], base: &str) -> (&'b [T], Option<String>) {
        if self.paged() && items.len() > SECTION_CAP {
            (&items[..SECTION_CAP], Some(page_path(base, 1)))
        } else {
            (items, None)
        }
    }
}

/// How many records `f` holds for.
fn count(model: &Model, f: impl Fn(&Resolved) -> bool) -> usize {
    model.records.iter().filter(|r| f(r)).count()
}

/// Consecutive runs of `ids` sharing a label, in order.
fn group_by_label(ids: &[usize], label: impl Fn(usize) -> String) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in ids {
        let l = label(i);
        match out.last_mut() {
            Some((last, v)) if *last == l => v.push(i),
            _ => out.push((l, vec![i])),
        }
    }
    out
}
