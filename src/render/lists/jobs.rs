//! Which list pages a site has and where each goes: one job per page, every page of every
//! paged list, and on a paged site the own pages of the revisit sections and trade-off
//! groups too long for their summary page.

use super::super::pages::Job;
use super::super::paging::{PAGE_SIZE, page_count, page_path};
use super::index::Order;
use super::revisits::Section;
use super::{ListPage, Lists, SECTION_CAP};

impl Lists<'_> {
    /// The list pages to render.
    pub(in crate::render) fn jobs(&self) -> Vec<Job> {
        let job = |template, path: String, nav, page| Job {
            template,
            path,
            nav,
            page,
        };
        let pages = |len: usize| 1..=page_count(len, PAGE_SIZE);
        let mut jobs = vec![
            job(
                "tags.html",
                "tags/index.html".into(),
                "tags",
                ListPage::Tags,
            ),
            job(
                "revisits.html",
                "revisits.html".into(),
                "revisits",
                ListPage::Revisits,
            ),
            job(
                "tradeoffs.html",
                "tradeoffs.html".into(),
                "tradeoffs",
                ListPage::Tradeoffs,
            ),
            job("graph.html", "graph.html".into(), "graph", ListPage::Graph),
            job(
                "search.html",
                "search.html".into(),
                "search",
                ListPage::Search,
            ),
        ];
        for n in pages(self.by_number.len()) {
            jobs.push(job(
                "index.html",
                page_path("index", n),
                "index",
                ListPage::Index(Order::Number, n),
            ));
        }
        for (order, ids) in &self.orders {
            for n in pages(ids.len()) {
                jobs.push(job(
                    "index.html",
                    page_path(&order.base(), n),
                    "index",
                    ListPage::Index(*order, n),
                ));
            }
        }
        for n in pages(self.dated.len()) {
            jobs.push(job(
                "timeline.html",
                page_path("timeline", n),
                "timeline",
                ListPage::Timeline(n),
            ));
        }
        let facets = &self.facets;
        for (k, t) in facets.tags.iter().enumerate() {
            for n in pages(t.count) {
                jobs.push(job(
                    "listing.html",
                    page_path(&format!("tags/{}", t.slug), n),
                    "tags",
                    ListPage::Tag(k, n),
                ));
            }
        }
        for (k, s) in facets.statuses.iter().enumerate() {
            for n in pages(facets.status_members[k].len()) {
                jobs.push(job(
                    "listing.html",
                    page_path(&format!("status/{}", s.slug), n),
                    "index",
                    ListPage::Status(k, n),
                ));
            }
        }
        for (k, p) in facets.packages.iter().enumerate() {
            for n in pages(facets.package_members[k].len()) {
                jobs.push(job(
                    "listing.html",
                    page_path(&format!("packages/{}", p.slug), n),
                    "index",
                    ListPage::Package(k, n),
                ));
            }
        }
        if self.paged() {
            for section in Section::all() {
                let len = self.dashboard.section_ids(section).len();
                if len > SECTION_CAP {
                    for n in pages(len) {
                        jobs.push(job(
                            "revisits.html",
                            page_path(&section.base(), n),
                            "revisits",
                            ListPage::RevisitSection(section, n),
                        ));
                    }
                }
            }
            for (k, g) in self.tradeoffs.groups.iter().enumerate() {
                if g.len() > SECTION_CAP {
                    for n in pages(g.len()) {
                        jobs.push(job(
                            "tradeoffs.html",
                            page_path(&format!("tradeoffs/{}", g.slug), n),
                            "tradeoffs",
                            ListPage::Tradeoff(k, n),
                        ));
                    }
                }
            }
        }
        jobs
    }
}
