//! Paged lists at scale: a generated site of 10,000 records has an index under 500 KB and
//! 5,000 elements and no HTML page over 1 MB; every record is reachable by following the
//! index's page links; the static sort orders and the facet pages (the filters that work
//! without script) list every record they should, in order; and each record page links
//! back to the page of the index it is on. The records are generated here, so the test
//! needs nothing outside the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[path = "generated/records.rs"]
mod records;
use records::{STATUSES, TAGS, generate, status, tag};

const N: usize = 10_000;

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            html_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p);
        }
    }
}

/// Start tags in a page (`<a`, `<td`, ...), the elements a browser builds.
fn elements(html: &str) -> usize {
    html.as_bytes()
        .windows(2)
        .filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
        .count()
}

/// The value of attribute `name` in the first tag of `s` that has it.
fn attr<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = s.find(&key)? + key.len();
    Some(&s[at..at + s[at..].find('"')?])
}

/// A row of a list page: the record's id, its link, title and date.
#[derive(Debug)]
struct Row {
    id: String,
    href: String,
    title: String,
    date: String,
    status: String,
}

fn rows(html: &str) -> Vec<Row> {
    html.split("<tr id=\"r-")
        .skip(1)
        .map(|row| {
            let row = &row[..row.find("</tr>").unwrap()];
            let link = &row[row.find("<a href=\"").unwrap()..];
            let title_at = link.find('>').unwrap() + 1;
            Row {
                id: row[..row.find('"').unwrap()].to_string(),
                href: attr(link, "href").unwrap().to_string(),
                title: link[title_at..title_at + link[title_at..].find('<').unwrap()].to_string(),
                date: attr(row, "data-date").unwrap().to_string(),
                status: attr(row, "data-status").unwrap().to_string(),
            }
        })
        .collect()
}

/// The items of a record list (facet pages): each record's link and status.
fn items(html: &str) -> Vec<(String, String)> {
    let Some(list) = html.split("<ul class=\"record-list\">").nth(1) else {
        return Vec::new();
    };
    list[..list.find("</ul>").unwrap()]
        .split("<li>")
        .skip(1)
        .map(|li| {
            let status = li
                .split("class=\"badge status-")
                .nth(1)
                .map(|s| s[..s.find('"').unwrap()].to_string())
                .unwrap_or_default();
            (attr(li, "href").unwrap().to_string(), status)
        })
        .collect()
}

/// Follows `rel="next"` from `first` (a facet page), returning every item listed.
fn walk_items(site: &Path, first: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut page = Some(first.to_string());
    let mut pages = 0;
    while let Some(path) = page {
        let html =
            std::fs::read_to_string(site.join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        for (href, status) in items(&html) {
            let target = resolve(&path, &href);
            assert!(site.join(&target).is_file(), "{path} links to {href}");
            out.push((target, status));
        }
        page = html
            .split("<a rel=\"next\" href=\"")
            .nth(1)
            .map(|s| resolve(&path, &s[..s.find('"').unwrap()]));
        pages += 1;
        assert!(pages <= N, "the next links of {first} loop");
    }
    out
}

/// `href` as a path below the site root, from the page at `page` (below the root).
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('#').next().unwrap().split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Follows `rel="next"` from `first`, returning each page's path and rows.
fn walk(site: &Path, first: &str) -> Vec<(String, Vec<Row>)> {
    let mut out = Vec::new();
    let mut page = Some(first.to_string());
    while let Some(path) = page {
        let html =
            std::fs::read_to_string(site.join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        page = html
            .split("<a rel=\"next\" href=\"")
            .nth(1)
            .map(|s| resolve(&path, &s[..s.find('"').unwrap()]));
        if let Some(prev) = html.split("<a rel=\"prev\" href=\"").nth(1) {
            let prev = resolve(&path, &prev[..prev.find('"').unwrap()]);
            assert_eq!(Some(&prev), out.last().map(|(p, _)| p), "prev of {path}");
        } else {
            assert!(out.is_empty(), "{path} has no prev link");
        }
        out.push((path, rows(&html)));
        assert!(out.len() <= N, "the next links of {first} loop");
    }
    out
}

#[test]
fn ten_thousand_records_make_small_linked_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("records");
    generate(&source, N);
    let out = tmp.path().join("site");
    let project = hindsight::project::Project::locate(
        Some(&source),
        Some(&source.join("no-such-hindsight.toml")),
    )
    .unwrap();
    let report = hindsight::build(
        &project,
        &hindsight::BuildOptions {
            out: out.clone(),
            today: hindsight::date::Date::parse_iso("2026-11-23").unwrap(),
            base_url: None,
            keep_going: false,
        },
    )
    .expect("build");
    let _ = report;

    // Sizes.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.len() < 500_000, "index.html is {} bytes", index.len());
    let count = elements(&index);
    assert!(count < 5_000, "index.html has {count} elements");
    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    assert!(pages.len() > N, "a page per record and the lists");
    for p in &pages {
        let len = std::fs::metadata(p).unwrap().len();
        assert!(len < 1_000_000, "{} is {len} bytes", p.display());
    }

    // Every record is on exactly one page of the index, its link there leads to its page,
    // and its page links back to that page of the index, at its row.
    let index_pages = walk(&out, "index.html");
    assert_eq!(index_pages.len(), N / 100, "pages of 100");
    let mut place: BTreeMap<String, String> = BTreeMap::new();
    let mut numbers = Vec::new();
    for (path, rows) in &index_pages {
        assert!(rows.len() <= 100, "{path} has {} rows", rows.len());
        for r in rows {
            assert!(
                place.insert(r.id.clone(), path.clone()).is_none(),
                "{} listed twice",
                r.id
            );
            let number: usize = r.title.rsplit(' ').next().unwrap().parse().unwrap();
            numbers.push(number);
            let record = resolve(path, &r.href);
            let page = std::fs::read_to_string(out.join(&record))
                .unwrap_or_else(|e| panic!("{} linked from {path}: {e}", r.href));
            let back = page
                .split("class=\"pager-list\" href=\"")
                .nth(1)
                .map(|s| &s[..s.find('"').unwrap()])
                .unwrap_or_else(|| panic!("{record} has no link back to the list"));
            assert_eq!(
                resolve(&record, back),
                *path,
                "{record} links back to {back}"
            );
            assert_eq!(
                back.split_once('#').map(|x| x.1),
                Some(&*format!("r-{}", r.id))
            );
        }
    }
    assert_eq!(place.len(), N, "every record is on a page of the index");
    assert_eq!(
        numbers,
        (1..=N).collect::<Vec<_>>(),
        "the index is by number"
    );
    assert!(out.join("index/100.html").is_file());

    // The sort orders are static lists of pages with every record, in order; the column
    // headers of the index link to them.
    for (order, check) in [
        (
            "title",
            (|a: &Row, b: &Row| a.title.to_lowercase() <= b.title.to_lowercase())
                as fn(&Row, &Row) -> bool,
        ),
        ("date", |a: &Row, b: &Row| a.date >= b.date),
    ] {
        let first = format!("index/{order}.html");
        assert!(
            index.contains(&format!("<a class=\"sort\" href=\"{first}\"")),
            "the index's header links to {first}"
        );
        let listed: Vec<Row> = walk(&out, &first).into_iter().flat_map(|p| p.1).collect();
        assert_eq!(listed.len(), N, "{first} and its pages list every record");
        let ids: BTreeSet<&str> = listed.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), N, "{first}: no record twice");
        for w in listed.windows(2) {
            assert!(check(&w[0], &w[1]), "{first}: {:?} before {:?}", w[0], w[1]);
        }
    }
    // Status order groups each status together.
    let by_status: Vec<String> = walk(&out, "index/status.html")
        .into_iter()
        .flat_map(|p| p.1)
        .map(|r| r.status)
        .collect();
    assert_eq!(
        by_status.len(),
        N,
        "index/status.html and its pages list every record"
    );
    let mut runs = by_status.clone();
    runs.dedup();
    assert_eq!(runs.len(), STATUSES.len(), "one run per status: {runs:?}");

    // Filters without script: each status and tag has pages listing exactly its records,
    // linked from the index.
    for s in STATUSES {
        let first = format!("status/{s}.html");
        assert!(
            index.contains(&format!("href=\"{first}\"")),
            "{first} is linked"
        );
        let listed = walk_items(&out, &first);
        let want = (1..=N).filter(|&i| status(i) == s).count();
        assert_eq!(listed.len(), want, "{first}");
        assert!(listed.iter().all(|r| r.1 == s), "{first} lists only {s}");
        let distinct: BTreeSet<&str> = listed.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(distinct.len(), want, "{first}: no record twice");
    }
    let first = "tags/storage.html";
    assert!(
        index.contains(&format!("href=\"{first}\"")),
        "{first} is linked"
    );
    let listed = walk_items(&out, first);
    let want = (1..=N)
        .filter(|&i| tag(i) == "storage" || TAGS[(i / 7) % TAGS.len()] == "storage")
        .count();
    assert_eq!(listed.len(), want, "{first}");
    assert!(
        out.join("timeline/2.html").is_file(),
        "the timeline is paged"
    );
}
