//! The timeline (`timeline.html`, paged): every record newest first, grouped by month, a
//! month that began on the previous page saying so.

use tera::Context;

use super::super::card::Card;
use super::super::paging::{PAGE_SIZE, page_slice};
use super::{Lists, group_by_label};

/// The timeline's order: newest first, then by number (highest first), then by id.
pub(super) fn order(all: &[Card<'_>]) -> Vec<usize> {
    let mut dated: Vec<usize> = (0..all.len()).collect();
    dated.sort_by(|&a, &b| {
        let (a, b) = (&all[a], &all[b]);
        b.date
            .cmp(&a.date)
            .then(b.number.cmp(&a.number))
            .then(a.id.cmp(b.id))
    });
    dated
}

impl Lists<'_> {
    /// Page `n` of the timeline.
    pub(super) fn timeline(&self, cx: &mut Context, root: &str, n: usize) {
        let ids = page_slice(&self.dated, n, PAGE_SIZE);
        let groups = group_by_label(ids, |i| self.month(i));
        // A month that began on the previous page says so.
        let continued = n > 1
            && ids.first().is_some_and(|&i| {
                let before = self.dated[(n - 1) * PAGE_SIZE - 1];
                self.month(before) == self.month(i)
            });
        cx.insert_value("groups", self.groups(&groups, Some(root)));
        cx.insert("continued", &continued);
        self.pager(cx, "timeline", n, self.dated.len());
    }

    fn month(&self, i: usize) -> String {
        self.all[i]
            .date
            .map_or_else(|| "Undated".to_string(), |d| d.month_label())
    }
}

#[cfg(test)]
mod tests {
    use super::super::ListPage;
    use super::super::fixture::{date, fill, ids, many, model, paths, prepare, rec};

    #[test]
    fn the_timeline_is_newest_first_by_month_undated_last() {
        let mut records = vec![
            rec("0001-a.md", 1, &[], None),
            rec("0002-b.md", 2, &[], None),
            rec("0003-c.md", 3, &[], None),
            rec("0004-d.md", 4, &[], None),
        ];
        records[0].date = Some(date("2026-03-05"));
        records[1].date = Some(date("2026-03-20"));
        records[2].date = None;
        records[3].date = Some(date("2026-03-05"));
        let m = model(records);
        let l = prepare(&m);
        let page = fill(&l, ListPage::Timeline(1));
        let groups = page.at("groups");
        let labels: Vec<&str> = groups
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels, ["March 2026", "Undated"]);
        // Same day: the higher number first.
        assert_eq!(ids(&groups[0]["records"]), ["0002-b", "0004-d", "0001-a"]);
        assert_eq!(ids(&groups[1]["records"]), ["0003-c"]);
        assert_eq!(page.at("continued"), false);
        assert!(!page.has("pager"));
    }

    #[test]
    fn a_month_that_runs_onto_the_next_page_says_it_continues() {
        // 150 records in one month: page 2 starts in the middle of it.
        let m = model(many(150));
        let l = prepare(&m);
        assert!(paths(&l).contains(&"timeline/2.html".to_string()));
        let first = fill(&l, ListPage::Timeline(1));
        assert_eq!(first.at("continued"), false);
        assert_eq!(first.at("groups")[0]["records"][0]["id"], "0150-x");
        let second = fill(&l, ListPage::Timeline(2));
        assert_eq!(second.at("continued"), true);
        assert_eq!(second.at("groups")[0]["label"], "January 2026");
        assert_eq!(ids(&second.at("groups")[0]["records"]).len(), 50);
        assert_eq!(second.at("pager")["current"], 2);
    }
}
