//! Paging: splitting a long list of records into static pages (`index.html`,
//! `index/2.html`, ...) and the links between them, so that no list page grows with the
//! number of records and every page works from `file://` without script.

use serde::Serialize;

/// Records on one page of a list. A site with no more records than this has one page per
/// list and looks as it did before lists were paged.
pub const PAGE_SIZE: usize = 100;

/// Page numbers shown on each side of the current page in the page links (the first and
/// last page are always shown; the rest are an ellipsis).
const AROUND: usize = 2;

/// The path of page `n` (from 1) of the list whose first page is `{base}.html`:
/// `index.html`, `index/2.html`, `tags/storage/3.html`.
pub fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        format!("{base}.html")
    } else {
        format!("{base}/{n}.html")
    }
}

/// How many pages `len` items take (at least one: an empty list has an empty page).
pub fn page_count(len: usize, size: usize) -> usize {
    len.div_ceil(size.max(1)).max(1)
}

/// The items of page `n` (from 1).
pub fn page_slice<T>(items: &[T], n: usize, size: usize) -> &[T] {
    let size = size.max(1);
    let start = (n.saturating_sub(1) * size).min(items.len());
    &items[start..(start + size).min(items.len())]
}

/// One entry of the page links: a page, or a gap between shown pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    /// None for a gap (`…`).
    pub number: Option<usize>,
    /// Below the site root; empty for a gap.
    pub url: String,
    pub current: bool,
}

/// What a list page's template needs to link to the other pages of its list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pager {
    /// This page, from 1.
    pub current: usize,
    pub count: usize,
    /// Items on all pages.
    pub total: usize,
    /// Position (from 1) of this page's first and last item in the whole list.
    pub first: usize,
    pub last: usize,
    /// Below the site root.
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

impl Pager {
    /// The pager of page `n` (from 1) of a list of `total` items whose first page is
    /// `{base}.html`.
    pub fn new(base: &str, n: usize, total: usize, size: usize) -> Pager {
        let count = page_count(total, size);
        let n = n.clamp(1, count);
        let size = size.max(1);
        let mut pages = Vec::new();
        // Pages near this one; a gap of a single page shows that page instead.
        let mut lo = n.saturating_sub(AROUND).max(1);
        let mut hi = (n + AROUND).min(count);
        if lo == 3 {
            lo = 2;
        }
        if hi + 2 == count {
            hi = count - 1;
        }
        let mut last_shown = 0;
        for k in 1..=count {
            let shown = k == 1 || k == count || (lo..=hi).contains(&k);
            if !shown {
                continue;
            }
            if k > last_shown + 1 {
                pages.push(PageLink {
                    number: None,
                    url: String::new(),
                    current: false,
                });
            }
            pages.push(PageLink {
                number: Some(k),
                url: page_path(base, k),
                current: k == n,
            });
            last_shown = k;
        }
        Pager {
            current: n,
            count,
            total,
            first: if total == 0 { 0 } else { (n - 1) * size + 1 },
            last: (n * size).min(total),
            previous: (n > 1).then(|| page_path(base, n - 1)),
            next: (n < count).then(|| page_path(base, n + 1)),
            pages,
        }
    }

    /// Whether the list has more than one page (templates show page links only then).
    pub fn paged(&self) -> bool {
        self.count > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(p: &Pager) -> Vec<Option<usize>> {
        p.pages.iter().map(|l| l.number).collect()
    }

    #[test]
    fn paths_put_the_first_page_where_the_unpaged_list_was() {
        assert_eq!(page_path("index", 1), "index.html");
        assert_eq!(page_path("index", 2), "index/2.html");
        assert_eq!(page_path("tags/storage", 12), "tags/storage/12.html");
    }

    #[test]
    fn boundaries_fall_every_page_size_items() {
        assert_eq!(page_count(0, 100), 1);
        assert_eq!(page_count(1, 100), 1);
        assert_eq!(page_count(100, 100), 1);
        assert_eq!(page_count(101, 100), 2);
        assert_eq!(page_count(10_000, 100), 100);
        let items: Vec<usize> = (1..=201).collect();
        assert_eq!(page_slice(&items, 1, 100), &items[..100]);
        assert_eq!(page_slice(&items, 2, 100)[0], 101);
        assert_eq!(page_slice(&items, 2, 100).len(), 100);
        assert_eq!(page_slice(&items, 3, 100), &[201]);
        assert!(page_slice(&items, 4, 100).is_empty());
        let empty: [u8; 0] = [];
        assert!(page_slice(&empty, 1, 100).is_empty());
    }

    #[test]
    fn a_single_page_has_no_links_to_other_pages() {
        let p = Pager::new("index", 1, 100, 100);
        assert!(!p.paged());
        assert_eq!((p.previous.as_deref(), p.next.as_deref()), (None, None));
        assert_eq!((p.first, p.last, p.total), (1, 100, 100));
        let empty = Pager::new("status/accepted", 1, 0, 100);
        assert_eq!((empty.count, empty.first, empty.last), (1, 0, 0));
    }

    #[test]
    fn links_lead_to_neighbours_ends_and_nearby_pages() {
        let first = Pager::new("index", 1, 10_000, 100);
        assert_eq!(first.previous, None);
        assert_eq!(first.next.as_deref(), Some("index/2.html"));
        assert_eq!(
            numbers(&first),
            [Some(1), Some(2), Some(3), None, Some(100)]
        );
        assert!(first.pages[0].current && first.pages[0].url == "index.html");

        let middle = Pager::new("index", 50, 10_000, 100);
        assert_eq!(middle.previous.as_deref(), Some("index/49.html"));
        assert_eq!(middle.next.as_deref(), Some("index/51.html"));
        assert_eq!(
            numbers(&middle),
            [
                Some(1),
                None,
                Some(48),
                Some(49),
                Some(50),
                Some(51),
                Some(52),
                None,
                Some(100)
            ]
        );
        assert_eq!((middle.first, middle.last), (4_901, 5_000));
        let current: Vec<_> = middle.pages.iter().filter(|l| l.current).collect();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].url, "index/50.html");

        let last = Pager::new("tags/x", 3, 250, 100);
        assert_eq!(last.next, None);
        assert_eq!(last.previous.as_deref(), Some("tags/x/2.html"));
        assert_eq!(numbers(&last), [Some(1), Some(2), Some(3)]);
        assert_eq!((last.first, last.last), (201, 250));
    }

    #[test]
    fn no_gap_stands_for_a_single_page() {
        // Page 5 of 10 shows 1 2 3 … would hide only page 2: it is shown instead.
        let p = Pager::new("index", 5, 1_000, 100);
        assert_eq!(
            numbers(&p),
            [
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(10)
            ]
        );
        let p = Pager::new("index", 6, 1_000, 100);
        assert_eq!(
            numbers(&p),
            [
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                Some(9),
                Some(10)
            ]
        );
    }
}
