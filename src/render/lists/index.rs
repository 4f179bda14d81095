//! The index page: every record by number, the counts and facets above it, and, on a paged
//! site, the same list in the other sort orders (`index/title.html`, ...) so that sorting
//! works without script. Record pages link back to the index page they are on.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Value};

use super::super::card::{Card, Facet};
use super::super::paging::{PAGE_SIZE, page_path, page_slice};
use super::super::rows;
use super::{Lists, count};
use crate::record::{Kind, Status};
use crate::resolve::Model;
use crate::revisit::RevisitState;

/// The orders the index is listed in. The first is the index itself; a paged site gets the
/// others as static pages too, so that sorting works without script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::render) enum Order {
    Number,
    Title,
    Status,
    Date,
    Revisit,
}

impl Order {
    const ALL: [Order; 5] = [
        Order::Number,
        Order::Title,
        Order::Status,
        Order::Date,
        Order::Revisit,
    ];

    fn key(self) -> &'static str {
        match self {
            Order::Number => "number",
            Order::Title => "title",
            Order::Status => "status",
            Order::Date => "date",
            Order::Revisit => "revisit",
        }
    }

    /// Where the order's first page is, without `.html`.
    pub(super) fn base(self) -> String {
        match self {
            Order::Number => "index".into(),
            o => format!("index/{}", o.key()),
        }
    }

    /// `aria-sort` of the column when the list is in this order.
    fn direction(self) -> &'static str {
        match self {
            Order::Date => "descending",
            _ => "ascending",
        }
    }
}

/// The counts at the top of the index.
#[derive(Serialize)]
pub(super) struct Counts {
    decisions: usize,
    retrospectives: usize,
    overdue: usize,
    due: usize,
}

impl Counts {
    pub(super) fn of(model: &Model) -> Counts {
        Counts {
            decisions: count(model, |r| r.record.kind == Kind::Decision),
            retrospectives: count(model, |r| r.record.kind == Kind::Retrospective),
            overdue: count(model, |r| r.revisit.state == Some(RevisitState::Overdue)),
            due: count(model, |r| r.revisit.state == Some(RevisitState::Due)),
        }
    }
}

/// The index's filters: every status, tag, package and revisit state with its count.
#[derive(Serialize)]
struct Facets<'a> {
    statuses: &'a [Facet],
    tags: &'a [Facet],
    packages: &'a [Facet],
    revisits: &'a [Facet],
}

impl Lists<'_> {
    /// Page `n` of the index in `order`.
    pub(super) fn index(&self, cx: &mut Context, root: &str, order: Order, n: usize) {
        let ids = self
            .orders
            .iter()
            .find(|(o, _)| *o == order)
            .map_or(&self.by_number, |(_, ids)| ids);
        let shown = page_slice(ids, n, PAGE_SIZE);
        cx.insert_value("records", self.cards(shown));
        let rows = rows::table_rows(shown.iter().map(|&i| &self.all[i]), root);
        cx.insert_value("record_rows", Value::safe_string(&rows));
        self.pager(cx, &order.base(), n, ids.len());
        if self.paged() {
            cx.insert_value("orders", order_links(order));
        }
        cx.insert("counts", &self.counts);
        cx.insert(
            "facets",
            &Facets {
                statuses: &self.facets.statuses,
                tags: &self.facets.tags,
                packages: &self.facets.packages,
                revisits: &self.facets.revisits,
            },
        );
        cx.insert("skipped", &self.model.skipped.len());
        cx.insert("left_out", &self.model.left_out);
    }
}

/// The index's sort orders as links, for a paged index's column headers.
fn order_links(current: Order) -> Value {
    let mut m = BTreeMap::new();
    for o in Order::ALL {
        let mut v = BTreeMap::new();
        v.insert("url", Value::from(page_path(&o.base(), 1)));
        v.insert("sort", Value::from((o == current).then_some(o.direction())));
        m.insert(o.key(), Value::from(v));
    }
    Value::from(m)
}

/// The records in the index's own order (by number, unnumbered last, then by id): the
/// order of `index.html`, `index/2.html`, ... that record pages link back into.
pub(super) fn index_order(model: &Model) -> Vec<usize> {
    let key = |i: usize| {
        let r = &model.records[i].record;
        (r.number.is_none(), r.number, r.id.as_str())
    };
    let mut ids: Vec<usize> = (0..model.records.len()).collect();
    ids.sort_by(|&a, &b| key(a).cmp(&key(b)));
    ids
}

/// For each record, the page of the index it is on and its row there
/// (`index/37.html#r-0042`), below the site root.
pub(in crate::render) fn index_places(model: &Model) -> Vec<String> {
    let mut out = vec![String::new(); model.records.len()];
    for (pos, &i) in index_order(model).iter().enumerate() {
        out[i] = format!(
            "{}#r-{}",
            page_path("index", pos / PAGE_SIZE + 1),
            model.records[i].record.id
        );
    }
    out
}

/// The index's orders besides by number: by title, by status, newest first, by revisit.
pub(super) fn index_orders(all: &[Card<'_>], by_number: &[usize]) -> Vec<(Order, Vec<usize>)> {
    let rank = |list: &[&str], x: Option<&str>| {
        x.and_then(|x| list.iter().position(|y| *y == x))
            .unwrap_or(list.len())
    };
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let revisits: Vec<&str> = RevisitState::ALL.iter().map(|s| s.as_str()).collect();
    Order::ALL[1..]
        .iter()
        .map(|&o| {
            // Sorting the number order stably keeps ties in number order.
            let mut ids = by_number.to_vec();
            match o {
                Order::Number => {}
                Order::Title => {
                    let keys: Vec<String> = all.iter().map(|c| c.title.to_lowercase()).collect();
                    ids.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
                }
                Order::Status => ids.sort_by_key(|&i| rank(&statuses, all[i].status)),
                Order::Date => ids.sort_by(|&a, &b| all[b].date.cmp(&all[a].date)),
                Order::Revisit => ids
                    .sort_by_key(|&i| (rank(&revisits, all[i].revisit_state), all[i].revisit_date)),
            }
            (o, ids)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::ListPage;
    use super::super::fixture::{fill, ids, many, model, paths, prepare, rec, reference};
    use super::*;
    use crate::record::Record;

    #[test]
    fn records_link_back_to_the_index_page_they_are_on() {
        // Given out of order, with an unnumbered record, which the index lists last.
        let mut records: Vec<Record> = (1..=201)
            .rev()
            .map(|n| rec(&format!("{n:04}-x.md"), n, &[], None))
            .collect();
        let mut loose = rec("loose.md", 0, &[], None);
        loose.number = None;
        records.insert(0, loose);
        let m = model(records);
        let places = index_places(&m);
        for (i, r) in m.records.iter().enumerate() {
            let page = match r.record.number {
                Some(n) if n <= 100 => "index.html",
                Some(n) if n <= 200 => "index/2.html",
                _ => "index/3.html",
            };
            assert_eq!(places[i], format!("{page}#r-{}", r.record.id));
        }
    }

    #[test]
    fn the_index_lists_by_number_unnumbered_last_with_its_counts_and_facets() {
        let mut loose = rec("b-loose.md", 0, &[], None);
        loose.number = None;
        let mut also_loose = rec("a-loose.md", 0, &[], None);
        also_loose.number = None;
        let mut new = rec("0010-new.md", 10, &[], Some("2026-11-02"));
        new.supersedes = vec![reference("2")];
        let m = model(vec![
            loose,
            new,
            rec("0002-old.md", 2, &["Storage"], Some("2026-11-01")),
            also_loose,
            rec("0001-first.md", 1, &["storage"], Some("2026-12-01")),
        ]);
        let l = prepare(&m);
        let cx = fill(&l, ListPage::Index(Order::Number, 1));
        assert_eq!(
            ids(&cx.at("records")),
            ["0001-first", "0002-old", "0010-new", "a-loose", "b-loose"]
        );
        // The superseded record is listed as such, and counted under its status.
        assert_eq!(cx.at("records")[1]["status"], "superseded");
        let facets = cx.at("facets");
        let statuses: Vec<(&str, u64)> = facets["statuses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["name"].as_str().unwrap(), f["count"].as_u64().unwrap()))
            .collect();
        assert_eq!(statuses, [("accepted", 4), ("superseded", 1)]);
        assert_eq!(cx.at("counts")["decisions"], 5);
        assert_eq!(cx.at("counts")["retrospectives"], 0);
        // Both 2 and 10 were to be revisited in early November; 2 is superseded, so only
        // 10 is overdue.
        assert_eq!(cx.at("counts")["overdue"], 1);
        assert_eq!(cx.at("counts")["due"], 1);
        // One tag, spelled as the first record in number order spells it.
        assert_eq!(facets["tags"][0]["name"], "storage");
        assert_eq!(facets["tags"][0]["count"], 2);
        assert_eq!(facets["tags"].as_array().unwrap().len(), 1);
        // A small site: one page, no pager, no static sort orders.
        assert!(!cx.has("pager") && !cx.has("orders"));
        assert!(!paths(&l).iter().any(|p| p.starts_with("index/")));
    }

    #[test]
    fn a_long_index_is_paged_in_every_order() {
        let mut records = many(250);
        records[0].title = "zebra".into();
        records[249].title = "Aardvark".into();
        records[100].date = Some(super::super::fixture::date("2026-06-01"));
        let m = model(records);
        let l = prepare(&m);
        let paths = paths(&l);
        for base in [
            "index",
            "index/title",
            "index/status",
            "index/date",
            "index/revisit",
        ] {
            let pages: Vec<&String> = paths
                .iter()
                .filter(|p| {
                    p.as_str() == format!("{base}.html")
                        || p.strip_prefix(&format!("{base}/"))
                            .is_some_and(|n| n.trim_end_matches(".html").parse::<u32>().is_ok())
                })
                .collect();
            assert_eq!(pages.len(), 3, "{base}: {pages:?}");
        }
        let second = fill(&l, ListPage::Index(Order::Number, 2));
        let shown = ids(&second.at("records"));
        assert_eq!(shown.len(), 100);
        assert_eq!(
            (shown[0].as_str(), shown[99].as_str()),
            ("0101-x", "0200-x")
        );
        assert_eq!(second.at("pager")["current"], 2);
        assert_eq!(second.at("pager")["count"], 3);
        assert_eq!(second.at("orders")["number"]["sort"], "ascending");
        assert_eq!(second.at("orders")["title"]["url"], "index/title.html");
        assert!(second.at("orders")["title"]["sort"].is_null());
        let third = fill(&l, ListPage::Index(Order::Number, 3));
        assert_eq!(ids(&third.at("records")).len(), 50);

        // By title, case-insensitively: `0002-x.md`, ..., then `Aardvark` and `zebra`.
        let by_title = ids(&fill(&l, ListPage::Index(Order::Title, 1)).at("records"));
        assert_eq!(by_title[..2], ["0002-x", "0003-x"]);
        let last = ids(&fill(&l, ListPage::Index(Order::Title, 3)).at("records"));
        assert_eq!(last[last.len() - 2..], ["0250-x", "0001-x"]);
        // Newest first, ties in number order.
        let by_date = fill(&l, ListPage::Index(Order::Date, 1));
        assert_eq!(ids(&by_date.at("records"))[..2], ["0101-x", "0001-x"]);
        assert_eq!(by_date.at("orders")["date"]["sort"], "descending");
    }
}
