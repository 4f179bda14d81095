//! The tag, status and package pages (`tags/<slug>.html`, `status/<status>.html`,
//! `packages/<slug>.html`, each paged), the tags overview, and the facets the index filters
//! by: each tag (grouped case-insensitively), status, package and revisit state with its
//! count and its records in number order.

use std::collections::BTreeMap;

use tera::{Context, Value};

use super::super::card::{Card, Facet};
use super::super::paging::{PAGE_SIZE, page_slice};
use super::super::rows;
use super::super::slugs::Slugs;
use super::{Lists, count};
use crate::record::Status;
use crate::resolve::Model;
use crate::revisit::RevisitState;

/// Every facet, and the records of each tag, status and package facet.
pub(super) struct FacetLists {
    pub(super) statuses: Vec<Facet>,
    pub(super) tags: Vec<Facet>,
    pub(super) packages: Vec<Facet>,
    pub(super) revisits: Vec<Facet>,
    /// Indices into `all` for each tag facet, in `by_number` order.
    tag_members: Vec<Vec<usize>>,
    /// The same for each status and package facet.
    pub(super) status_members: Vec<Vec<usize>>,
    pub(super) package_members: Vec<Vec<usize>>,
}

impl FacetLists {
    pub(super) fn prepare(
        model: &Model,
        all: &[Card<'_>],
        by_number: &[usize],
        tag_slugs: &Slugs,
        package_slugs: &Slugs,
    ) -> FacetLists {
        // Tags, grouped case-insensitively; members collected in one pass.
        let mut tag_index: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for &i in by_number {
            for t in all[i].tags {
                let entry = tag_index
                    .entry(t.to_lowercase())
                    .or_insert_with(|| (t.clone(), Vec::new()));
                if entry.1.last() != Some(&i) {
                    entry.1.push(i);
                }
            }
        }
        let (tags, tag_members): (Vec<Facet>, Vec<Vec<usize>>) = tag_index
            .into_values()
            .map(|(name, members)| {
                (
                    Facet {
                        slug: tag_slugs.get(&name).to_string(),
                        count: members.len(),
                        name,
                    },
                    members,
                )
            })
            .unzip();
        let statuses: Vec<Facet> = Status::ALL
            .iter()
            .map(|s| Facet {
                name: s.as_str().into(),
                slug: s.as_str().into(),
                count: count(model, |r| r.record.shown_status() == Some(*s)),
            })
            .filter(|f| f.count > 0)
            .collect();
        let mut package_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &model.records {
            if let Some(p) = &r.record.package {
                *package_counts.entry(p).or_default() += 1;
            }
        }
        let packages: Vec<Facet> = package_counts
            .iter()
            .map(|(n, c)| Facet {
                name: n.to_string(),
                slug: package_slugs.get(n).to_string(),
                count: *c,
            })
            .collect();
        let revisits: Vec<Facet> = RevisitState::ALL
            .iter()
            .map(|s| Facet {
                name: s.as_str().into(),
                slug: s.as_str().into(),
                count: count(model, |r| r.revisit.state == Some(*s)),
            })
            .filter(|f| f.count > 0)
            .collect();
        let members_by = |f: &dyn Fn(&Card<'_>, &Facet) -> bool, facets: &[Facet]| {
            facets
                .iter()
                .map(|facet| {
                    by_number
                        .iter()
                        .copied()
                        .filter(|&i| f(&all[i], facet))
                        .collect::<Vec<usize>>()
                })
                .collect::<Vec<_>>()
        };
        let status_members = members_by(&|c, f| c.status == Some(f.name.as_str()), &statuses);
        let package_members = members_by(&|c, f| c.package == Some(f.name.as_str()), &packages);
        FacetLists {
            statuses,
            tags,
            packages,
            revisits,
            tag_members,
            status_members,
            package_members,
        }
    }
}

impl Lists<'_> {
    /// Page `n` of the `k`th tag's records.
    pub(super) fn tag(&self, cx: &mut Context, root: &str, k: usize, n: usize) {
        let t = &self.facets.tags[k];
        self.listing(
            cx,
            root,
            format!("Tagged “{}”", t.name),
            &format!("tags/{}", t.slug),
            &self.facets.tag_members[k],
            n,
        );
    }

    /// Page `n` of the records with the `k`th status.
    pub(super) fn status(&self, cx: &mut Context, root: &str, k: usize, n: usize) {
        let s = &self.facets.statuses[k];
        self.listing(
            cx,
            root,
            format!("Status: {}", s.name),
            &format!("status/{}", s.slug),
            &self.facets.status_members[k],
            n,
        );
    }

    /// Page `n` of the `k`th package's records; its first page has the team's view too.
    pub(super) fn package(&self, cx: &mut Context, root: &str, k: usize, n: usize) {
        let p = &self.facets.packages[k];
        self.listing(
            cx,
            root,
            format!("Package: {}", p.name),
            &format!("packages/{}", p.slug),
            &self.facets.package_members[k],
            n,
        );
        if n == 1 {
            self.team(cx, p, &self.facets.package_members[k]);
        }
    }

    /// A facet's page `n`: its heading, count, records and page links.
    fn listing(
        &self,
        cx: &mut Context,
        root: &str,
        heading: String,
        base: &str,
        ids: &[usize],
        n: usize,
    ) {
        cx.insert("heading", &heading);
        let count = ids.len();
        cx.insert(
            "intro",
            &format!("{}.", crate::wording::plural(count, "record", "records")),
        );
        let shown = page_slice(ids, n, PAGE_SIZE);
        cx.insert_value("records", self.cards(shown));
        let rows = rows::list_items(shown.iter().map(|&i| &self.all[i]), root);
        cx.insert_value("record_rows", Value::safe_string(&rows));
        self.pager(cx, base, n, count);
    }
}

#[cfg(test)]
mod tests {
    use super::super::ListPage;
    use super::super::fixture::{fill, ids, many, model, paths, prepare, rec, reference};

    #[test]
    fn a_tag_page_lists_its_records_in_number_order_whatever_the_case() {
        let m = model(vec![
            rec("0003-c.md", 3, &["storage"], None),
            rec("0001-a.md", 1, &["Storage", "api", "STORAGE"], None),
            rec("0002-b.md", 2, &[], None),
            rec("0004-d.md", 4, &["api"], None),
        ]);
        let l = prepare(&m);
        let tags = fill(&l, ListPage::Tags).at("tags");
        let names: Vec<(&str, &str, u64)> = tags
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                let s = |k: &str| t[k].as_str().unwrap();
                (s("name"), s("slug"), t["count"].as_u64().unwrap())
            })
            .collect();
        // Alphabetical; a tag written three ways is one, spelled as its first record does.
        assert_eq!(names, [("api", "api", 2), ("Storage", "storage", 2)]);
        let storage = fill(&l, ListPage::Tag(1, 1));
        assert_eq!(storage.at("heading"), "Tagged “Storage”");
        assert_eq!(storage.at("intro"), "2 records.");
        assert_eq!(ids(&storage.at("records")), ["0001-a", "0003-c"]);
        assert!(!storage.has("pager"));
        let p = paths(&l);
        assert!(p.contains(&"tags/index.html".to_string()));
        assert!(p.contains(&"tags/storage.html".to_string()));
        assert!(p.contains(&"tags/api.html".to_string()));
    }

    #[test]
    fn a_superseded_record_is_on_its_status_page_not_on_accepted() {
        let mut new = rec("0002-new.md", 2, &[], None);
        new.supersedes = vec![reference("1")];
        let m = model(vec![rec("0001-old.md", 1, &[], None), new]);
        let l = prepare(&m);
        let names: Vec<&str> = l.facets.statuses.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["accepted", "superseded"]);
        let accepted = fill(&l, ListPage::Status(0, 1));
        assert_eq!(accepted.at("heading"), "Status: accepted");
        assert_eq!(accepted.at("intro"), "1 record.");
        assert_eq!(ids(&accepted.at("records")), ["0002-new"]);
        let superseded = fill(&l, ListPage::Status(1, 1));
        assert_eq!(ids(&superseded.at("records")), ["0001-old"]);
        assert_eq!(superseded.at("records")[0]["status"], "superseded");
        let p = paths(&l);
        assert!(p.contains(&"status/accepted.html".to_string()));
        assert!(p.contains(&"status/superseded.html".to_string()));
        assert!(!p.contains(&"status/proposed.html".to_string()));
    }

    #[test]
    fn package_pages_are_paged_and_only_the_first_has_the_team_view() {
        let mut records = many(130);
        for r in &mut records[..120] {
            r.package = Some("Payments".into());
        }
        for r in &mut records[120..] {
            r.package = Some("search".into());
        }
        let m = model(records);
        let l = prepare(&m);
        let names: Vec<(&str, &str, usize)> = l
            .facets
            .packages
            .iter()
            .map(|f| (f.name.as_str(), f.slug.as_str(), f.count))
            .collect();
        assert_eq!(
            names,
            [("Payments", "payments", 120), ("search", "search", 10)]
        );
        let first = fill(&l, ListPage::Package(0, 1));
        assert_eq!(first.at("heading"), "Package: Payments");
        assert_eq!(first.at("intro"), "120 records.");
        assert_eq!(ids(&first.at("records")).len(), 100);
        assert_eq!(first.at("pager")["count"], 2);
        assert!(first.has("team"));
        let second = fill(&l, ListPage::Package(0, 2));
        let shown = ids(&second.at("records"));
        assert_eq!((shown.len(), shown[0].as_str()), (20, "0101-x"));
        assert!(!second.has("team"));
        let p = paths(&l);
        for page in [
            "packages/payments.html",
            "packages/payments/2.html",
            "packages/search.html",
        ] {
            assert!(p.contains(&page.to_string()), "{page}");
        }
        assert!(!p.contains(&"packages/search/2.html".to_string()));
    }
}
