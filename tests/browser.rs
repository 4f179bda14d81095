//! Search in a real headless Chromium: typing, ranking, highlighting, facets, keyboard,
//! the `?q=` link, from `file://` and over HTTP under a sub-path.

#[path = "browser/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

use fantoccini::Client;
use fantoccini::key::Key;
use harness::*;
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/decisions")
}

/// Page names of the results, in order (`0001-store-events-in-postgresql`).
fn pages(results: &[(String, String)]) -> Vec<String> {
    results
        .iter()
        .map(|(href, _)| {
            href.rsplit('/')
                .next()
                .unwrap_or("")
                .trim_end_matches(".html")
                .to_string()
        })
        .collect()
}

async fn marks(c: &Client, selector: &str) -> Vec<String> {
    let v = js(
        c,
        &format!(
            "return Array.from(document.querySelectorAll({})).map(m => m.textContent);",
            serde_json::to_string(selector).unwrap()
        ),
    )
    .await;
    serde_json::from_value(v).expect("strings")
}

/// Every resource the page loaded, by URL.
async fn resources(c: &Client) -> Vec<String> {
    let v = js(
        c,
        "return performance.getEntriesByType('resource').map(e => e.name)\
           .concat(Array.from(document.scripts).filter(s => s.src).map(s => s.src))\
           .concat(Array.from(document.querySelectorAll('link[href], img[src], iframe[src]')).map(e => e.href || e.src));",
    )
    .await;
    serde_json::from_value(v).expect("strings")
}

/// The checks shared by file:// and HTTP: `base` is the site root URL, ending in `/`.
async fn search_page_checks(c: &Client, base: &str) {
    // The ?q= link opens with its results, ranked title, then tags and options, then body.
    c.goto(&format!("{base}search.html?q=postgresql"))
        .await
        .expect("goto");
    wait_results(c, "search-results", "postgresql").await;
    let r = results(c, "search-results").await;
    assert_eq!(
        pages(&r),
        [
            "0001-store-events-in-postgresql",
            "0002-adopt-a-message-broker",
            "0007-backups",
            "0006-reporting-warehouse"
        ],
        "ranking for `postgresql`: title hit, then options and tags, then body"
    );
    assert_eq!(marks(c, "#result-0 mark").await, ["PostgreSQL"]);
    assert_eq!(
        marks(c, "#search-results li:nth-child(4) .hs-snippet mark").await,
        ["postgresql"],
        "the body match is highlighted in the snippet"
    );
    assert_eq!(
        js(c, "return document.getElementById('search-input').value;").await,
        "postgresql"
    );

    // Typing: prefix matching as you type, diacritics-insensitive both ways, URL updated.
    type_into(c, "search-input", "cafe").await;
    wait_results(c, "search-results", "cafe").await;
    let r = results(c, "search-results").await;
    assert_eq!(pages(&r), ["0003-name-the-cafe-service"]);
    assert_eq!(marks(c, "#result-0 mark").await, ["Café"]);
    let search = js(c, "return location.search;").await;
    assert_eq!(search, "?q=cafe", "typing updates the URL");

    type_into(c, "search-input", "ÉMI").await;
    wait_results(c, "search-results", "ÉMI").await;
    assert_eq!(
        pages(&results(c, "search-results").await),
        ["0003-name-the-cafe-service"]
    );
    assert_eq!(marks(c, "#result-0 mark").await, ["Émile"]);

    type_into(c, "search-input", "strasse resume").await;
    wait_results(c, "search-results", "strasse resume").await;
    assert_eq!(
        pages(&results(c, "search-results").await),
        ["0003-name-the-cafe-service"]
    );
    let snippet_marks = marks(c, "#search-results .hs-snippet mark").await;
    assert!(
        snippet_marks.contains(&"résumé".to_string())
            && snippet_marks.contains(&"straße".to_string()),
        "both terms highlighted in the snippet: {snippet_marks:?}"
    );

    // Every word must match: no record has both.
    type_into(c, "search-input", "kafka warehouse").await;
    wait_results(c, "search-results", "kafka warehouse").await;
    assert!(results(c, "search-results").await.is_empty());
    assert_eq!(
        js(
            c,
            "return document.getElementById('search-status').textContent;"
        )
        .await,
        "No decisions match."
    );

    // Prefixes: `even` finds `events` (title, options...) and `event`.
    type_into(c, "search-input", "even").await;
    wait_results(c, "search-results", "even").await;
    let r = pages(&results(c, "search-results").await);
    assert_eq!(
        r[..2],
        [
            "0001-store-events-in-postgresql",
            "0005-events-retrospective"
        ],
        "title hits first: {r:?}"
    );

    // Facets combine with the query and go into the URL.
    type_into(c, "search-input", "postgresql").await;
    wait_results(c, "search-results", "postgresql").await;
    let options = js(
        c,
        "return Array.from(document.querySelectorAll('#facet-status option')).map(o => o.textContent);",
    )
    .await;
    assert_eq!(
        options,
        serde_json::json!(["All", "accepted (2)", "rejected (1)", "deprecated (1)"]),
        "facet counts follow the query"
    );
    js(
        c,
        "var s=document.getElementById('facet-status'); s.value='accepted'; s.dispatchEvent(new Event('change')); return true;",
    )
    .await;
    wait_for(
        c,
        "return document.getElementById('search-results').dataset.count==='2' && document.getElementById('search-results').dataset.state==='done';",
        "the status facet to apply",
    )
    .await;
    assert_eq!(
        pages(&results(c, "search-results").await),
        [
            "0001-store-events-in-postgresql",
            "0006-reporting-warehouse"
        ]
    );
    assert_eq!(
        js(c, "return location.search;").await,
        "?q=postgresql&status=accepted"
    );
    // A shared link with a facet opens the same results.
    c.goto(&format!("{base}search.html?q=postgresql&tag=postgresql"))
        .await
        .expect("goto");
    wait_results(c, "search-results", "postgresql").await;
    assert_eq!(pages(&results(c, "search-results").await), ["0007-backups"]);
    assert_eq!(
        js(c, "return document.getElementById('facet-tag').value;").await,
        "postgresql"
    );

    // Nothing in a record runs as script: titles and snippets are text.
    c.goto(&format!("{base}search.html?q=quirks"))
        .await
        .expect("goto");
    wait_results(c, "search-results", "quirks").await;
    let r = results(c, "search-results").await;
    assert_eq!(pages(&r), ["0004-escape-everything"]);
    assert!(
        r[0].1.contains("<script>window.__xss=2</script>"),
        "the title is shown as text: {:?}",
        r[0].1
    );
    assert_eq!(
        js(
            c,
            "return [window.__xss === undefined, document.querySelectorAll('#search-results img, #search-results script, #search-results b').length];"
        )
        .await,
        serde_json::json!([true, 0])
    );

    // Keyboard: `/` focuses search, arrows move through results, Enter opens.
    c.goto(&format!("{base}search.html?q=postgresql"))
        .await
        .expect("goto");
    wait_results(c, "search-results", "postgresql").await;
    js(
        c,
        "document.activeElement && document.activeElement.blur(); return true;",
    )
    .await;
    let body = c
        .find(fantoccini::Locator::Css("body"))
        .await
        .expect("body");
    body.send_keys("/").await.expect("key");
    assert_eq!(
        js(c, "return document.activeElement.id;").await,
        "search-input"
    );
    let active = c.active_element().await.expect("active");
    active.send_keys(&Key::Down).await.expect("key");
    assert_eq!(js(c, "return document.activeElement.id;").await, "result-0");
    c.active_element()
        .await
        .expect("active")
        .send_keys(&Key::Down)
        .await
        .expect("key");
    assert_eq!(js(c, "return document.activeElement.id;").await, "result-1");
    c.active_element()
        .await
        .expect("active")
        .send_keys(&Key::Up)
        .await
        .expect("key");
    assert_eq!(js(c, "return document.activeElement.id;").await, "result-0");
    c.active_element()
        .await
        .expect("active")
        .send_keys(&Key::Enter)
        .await
        .expect("key");
    wait_for(
        c,
        "return location.pathname.endsWith('/decisions/0001-store-events-in-postgresql.html');",
        "Enter to open the first result",
    )
    .await;

    // The header search box on a record page leads to search.html?q=.
    let boxed = c
        .find(fantoccini::Locator::Id("site-search"))
        .await
        .expect("header search box");
    boxed.send_keys("kafka").await.expect("type");
    boxed.send_keys(&Key::Enter).await.expect("submit");
    wait_results(c, "search-results", "kafka").await;
    assert!(
        js(c, "return location.pathname;")
            .await
            .as_str()
            .is_some_and(|p| p.ends_with("/search.html")),
        "the header form leads to search.html"
    );
    assert_eq!(
        pages(&results(c, "search-results").await),
        ["0001-store-events-in-postgresql"]
    );
}

/// Inline results on the index page.
async fn index_page_checks(c: &Client, base: &str) {
    c.goto(&format!("{base}index.html")).await.expect("goto");
    type_into(c, "site-search", "notif").await;
    wait_results(c, "inline-results-list", "notif").await;
    assert_eq!(
        pages(&results(c, "inline-results-list").await),
        ["0002-adopt-a-message-broker"]
    );
    assert_eq!(
        marks(c, "#inline-results-list .hs-title mark").await,
        ["notifications"]
    );
}

fn assert_local(resources: &[String], base: &str) {
    assert!(!resources.is_empty());
    for r in resources {
        assert!(r.starts_with(base), "request left the site: {r}");
    }
}

#[test]
fn search_from_file_protocol() {
    let Some(mut driver) = driver("search_from_file_protocol") else {
        return;
    };
    let site = build_site(&fixture());
    let base = format!("{}/", file_url(&site.path().join("site")));
    runtime().block_on(async {
        let c = driver.session().await;
        search_page_checks(&c, &base).await;
        index_page_checks(&c, &base).await;
        assert_local(&resources(&c).await, &base);
        c.close().await.expect("close");
    });
}

#[test]
fn search_over_http_under_a_sub_path() {
    let Some(mut driver) = driver("search_over_http_under_a_sub_path") else {
        return;
    };
    let site = build_site(&fixture());
    let server = serve(&site.path().join("site"));
    runtime().block_on(async {
        let c = driver.session().await;
        search_page_checks(&c, &server.base).await;
        index_page_checks(&c, &server.base).await;
        assert_local(&resources(&c).await, &server.base);
        // Result links resolve under the sub-path.
        c.goto(&format!("{}search.html?q=backups", server.base))
            .await
            .expect("goto");
        wait_results(&c, "search-results", "backups").await;
        let href = js(&c, "return document.querySelector('#result-0').href;").await;
        assert_eq!(
            href,
            Value::String(format!("{}decisions/0007-backups.html", server.base))
        );
        c.close().await.expect("close");
    });
}

/// A folder of `n` records from gen_corpus.py (the shared benchmark generator), or `None`
/// when it or python3 is missing.
fn generated(n: usize) -> Option<tempfile::TempDir> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = [
        std::env::var_os("HINDSIGHT_GEN_CORPUS").map(PathBuf::from),
        Some(manifest.join("../shared/bench/gen_corpus.py")),
        Some(manifest.join("../../shared/bench/gen_corpus.py")),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.is_file())?;
    let dir = tempfile::tempdir().expect("temp dir");
    let ok = std::process::Command::new("python3")
        .arg(&script)
        .arg(n.to_string())
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(dir)
}

/// Search files loaded by the page, in bytes (client, manifest, shards, cards, text).
async fn search_bytes(c: &Client, base: &str, site: &Path) -> u64 {
    let mut loaded = resources(c).await;
    loaded.sort();
    loaded.dedup();
    loaded
        .iter()
        .filter_map(|u| u.strip_prefix(base))
        .filter(|rel| rel.starts_with("search/") || *rel == "static/search.js")
        .map(|rel| {
            std::fs::metadata(site.join(rel))
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .sum()
}

/// At 100 records a query typed one key at a time loads under 50 KB in all: the client,
/// the manifest, the term shards and the result cards and snippet text it shows.
#[test]
fn a_typed_query_at_100_records_loads_under_50_kb() {
    let Some(source) = generated(100) else {
        skip_without("../shared/bench/gen_corpus.py and python3 (or HINDSIGHT_GEN_CORPUS)");
        return;
    };
    let Some(mut driver) = driver("a_typed_query_at_100_records_loads_under_50_kb") else {
        return;
    };
    let site = build_site(source.path());
    let root = site.path().join("site");
    let base = format!("{}/", file_url(&root));
    runtime().block_on(async {
        for query in ["kubernetes migration", "postgres event", "retry budget"] {
            let c = driver.session().await;
            c.goto(&format!("{base}search.html")).await.expect("goto");
            js(&c, "document.getElementById('search-input').focus(); return true;").await;
            let input = c.find(fantoccini::Locator::Id("search-input")).await.expect("input");
            for ch in query.chars() {
                input.send_keys(&ch.to_string()).await.expect("key");
                tokio::time::sleep(std::time::Duration::from_millis(120)).await;
            }
            wait_results(&c, "search-results", query).await;
            assert!(!results(&c, "search-results").await.is_empty(), "{query}");
            // Snippets are there once typing pauses.
            let snippets = js(&c, "return Array.from(document.querySelectorAll('#search-results .hs-snippet')).filter(p => p.textContent.length > 20).length;").await;
            assert!(snippets.as_u64().unwrap_or(0) > 0, "{query}: snippets");
            // While typing, a keystroke waits for the cards of the first five results
            // only (one file each at 100 records); the rest of the page follows.
            let waited = js(&c, "return hindsightSearch.timings.map(t => t.tm.cardFiles || 0);").await;
            let waited: Vec<u64> = serde_json::from_value(waited).expect("numbers");
            assert!(waited.iter().all(|&n| n <= 5), "{query:?}: card files waited for per keystroke {waited:?}");
            let shown = results(&c, "search-results").await.len();
            let count: usize = js(&c, "return document.getElementById('search-results').dataset.count;")
                .await
                .as_str()
                .and_then(|s| s.parse().ok())
                .expect("count");
            assert_eq!(shown, count.min(10), "{query:?}: the whole first page once typing pauses");
            // The address bar follows once typing pauses, not on every keystroke.
            assert_eq!(
                js(&c, "return new URLSearchParams(location.search).get('q');").await,
                Value::String(query.to_string())
            );
            let bytes = search_bytes(&c, &base, &root).await;
            eprintln!("100 records, {query:?} typed: {bytes} bytes of search files");
            assert!(bytes < 50 * 1024, "{query:?}: {bytes} bytes");
            c.close().await.expect("close");
        }
    });
}

/// A short prefix on a site with merged prefix files ranks as the index says: the same
/// order (best score per document over the prefix's terms, exact word higher, then
/// document order) and count as computed here from the index, for a merged prefix and
/// for words read from shards.
#[test]
fn merged_prefixes_rank_like_the_index() {
    let Some(source) = generated(400) else {
        skip_without("../shared/bench/gen_corpus.py and python3 (or HINDSIGHT_GEN_CORPUS)");
        return;
    };
    let Some(mut driver) = driver("merged_prefixes_rank_like_the_index") else {
        return;
    };
    let project = hindsight::project::Project::locate(
        Some(source.path()),
        Some(&source.path().join("no-such-hindsight.toml")),
    )
    .expect("project");
    let today = hindsight::date::Date::parse_iso("2026-11-23").expect("date");
    let model = hindsight::load(&project, today, None).model;
    let index = hindsight::render::search::SearchIndex::build(&model);
    let files = hindsight::render::search::render(&model);
    let manifest = files.iter().find(|f| f.path == "search/index.js").unwrap();
    let text = std::str::from_utf8(&manifest.bytes).unwrap();
    let m: Value =
        serde_json::from_str(&text["hindsightSearch.setIndex(".len()..text.len() - 3]).unwrap();
    let prefixes: Vec<String> = serde_json::from_value(m["prefixes"].clone()).unwrap();
    let merged = prefixes
        .first()
        .cloned()
        .expect("a merged prefix at 400 records");
    let expected = |w: &str| -> Vec<usize> {
        let mut best = vec![0u32; model.records.len()];
        for (t, p) in index.terms.iter().filter(|(t, _)| t.starts_with(w)) {
            for (d, s) in p.iter().map(|p| p.pair()) {
                let v = s as u32 * 2 + u32::from(t == w);
                best[d as usize] = best[d as usize].max(v);
            }
        }
        let mut docs: Vec<usize> = (0..best.len()).filter(|&d| best[d] > 0).collect();
        docs.sort_by_key(|&d| (std::cmp::Reverse(best[d]), d));
        docs
    };
    let site = build_site(source.path());
    let base = format!("{}/", file_url(&site.path().join("site")));
    runtime().block_on(async {
        let c = driver.session().await;
        for w in [merged.as_str(), "postgres", "latency"] {
            let want = expected(w);
            assert!(!want.is_empty(), "{w}");
            c.goto(&format!("{base}search.html?q={w}"))
                .await
                .expect("goto");
            wait_results(&c, "search-results", w).await;
            let count = js(
                &c,
                "return document.getElementById('search-results').dataset.count;",
            )
            .await;
            assert_eq!(count, Value::String(want.len().to_string()), "{w}");
            let got: Vec<String> = results(&c, "search-results")
                .await
                .into_iter()
                .map(|(h, _)| h)
                .collect();
            let want_urls: Vec<String> = want
                .iter()
                .take(got.len())
                .map(|&d| model.records[d].url.clone())
                .collect();
            assert_eq!(got, want_urls, "ranking of {w:?}");
        }
        c.close().await.expect("close");
    });
}

/// Queries the benchmark types: words that begin with common and rare letters, one and two
/// words, a person, a two-letter prefix.
const BENCH_QUERIES: &[&str] = &[
    "postgres event",
    "kubernetes migration",
    "latency",
    "zoe",
    "co",
    "retry budget",
    "tenant isolation",
    "grafana loki",
    "sla",
    "decision window",
];

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

/// Measures a built site (`HINDSIGHT_SEARCH_BENCH_SITE`, e.g. from `gen_corpus.py 10000`),
/// from `file://` and over HTTP: time from each key press (the keydown event's time stamp)
/// to the first results being in the page (the first five while typing; also the time
/// to the whole first page of ten), typing one key at a time 150 ms apart in a fresh
/// browser session per query, so every first letter of a word loads its files for real;
/// and the bytes of the search files one typed query loads (client, manifest, term
/// shards, merged prefixes, result cards). Prints every keystroke with its breakdown
/// (from the key press: handler started, index files in, ranked, cards in and first
/// results shown, whole page shown), then the median and the maximum over all
/// keystrokes, over those that loaded index files, over those that waited for card files
/// and over the first letters of words.
/// `HINDSIGHT_SEARCH_BENCH_QUERIES` (comma-separated) replaces the queries.
#[test]
#[ignore]
fn bench_large_site() {
    let Some(site) = std::env::var_os("HINDSIGHT_SEARCH_BENCH_SITE").map(PathBuf::from) else {
        eprintln!("skipped: set HINDSIGHT_SEARCH_BENCH_SITE to a built site");
        return;
    };
    let Some(mut driver) = driver("bench_large_site") else {
        return;
    };
    let queries: Vec<String> = match std::env::var("HINDSIGHT_SEARCH_BENCH_QUERIES") {
        Ok(q) => q.split(',').map(str::to_string).collect(),
        Err(_) => BENCH_QUERIES.iter().map(|q| q.to_string()).collect(),
    };
    let server = serve(&site);
    let file_base = format!("{}/", file_url(&site));
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!("load average before: {}", load().trim());
    runtime().block_on(async {
        for base in [file_base.as_str(), server.base.as_str()] {
            let scheme = if base.starts_with("file:") { "file://" } else { "http" };
            let (mut all, mut pages, mut loading, mut cards, mut first, mut sizes) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for query in &queries {
                let c = driver.session().await;
                c.goto(&format!("{base}search.html")).await.expect("goto");
                wait_for(
                    &c,
                    "return document.getElementById('search-results').dataset.state==='done';",
                    "the empty search page",
                )
                .await;
                js(&c, "document.getElementById('search-input').focus(); return true;").await;
                let input = c.find(fantoccini::Locator::Id("search-input")).await.expect("input");
                for ch in query.chars() {
                    input.send_keys(&ch.to_string()).await.expect("key");
                    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
                }
                wait_results(&c, "search-results", query).await;
                let timings = js(&c, "return hindsightSearch.timings.slice(1);").await;
                let mut line = String::new();
                for t in timings.as_array().into_iter().flatten() {
                    let ms = t["ms"].as_f64().unwrap_or(f64::NAN);
                    let tm = &t["tm"];
                    let files = tm["newFiles"].as_u64().unwrap_or(0);
                    let card_files = tm["cardFiles"].as_u64().unwrap_or(0);
                    all.push(ms);
                    pages.push(tm["page"].as_f64().unwrap_or(ms));
                    if files > 0 {
                        loading.push(ms);
                    }
                    if card_files > 0 {
                        cards.push(ms);
                    }
                    // The first letter of a word: its files were not there before.
                    let q = t["q"].as_str().unwrap_or("");
                    if q.rsplit(' ').next().is_some_and(|w| w.chars().count() == 1) {
                        first.push(ms);
                    }
                    line += &format!(
                        " {:?} {ms:.1} ms ({} results; start {:.1}, load {:.1}, rank {:.1}, cards {:.1}, whole page {:.1}; {files} files, {} cards new in {card_files} files)",
                        t["q"].as_str().unwrap_or(""),
                        t["results"],
                        tm["start"].as_f64().unwrap_or(0.0),
                        tm["load"].as_f64().unwrap_or(0.0),
                        tm["rank"].as_f64().unwrap_or(0.0),
                        tm["cards"].as_f64().unwrap_or(0.0),
                        tm["page"].as_f64().unwrap_or(0.0),
                        tm["newCards"],
                    );
                }
                let mut loaded = resources(&c).await;
                loaded.sort();
                loaded.dedup();
                // Bytes by kind: client, manifest, shards, merged prefixes, cards, snippet text.
                let mut bytes = [0u64; 6];
                for url in &loaded {
                    let Some(rel) = url.strip_prefix(base) else { continue };
                    let kind = match rel {
                        "static/search.js" => 0,
                        "search/index.js" => 1,
                        r if r.starts_with("search/t/") => 2,
                        r if r.starts_with("search/p/") => 3,
                        r if r.starts_with("search/d/") => 4,
                        r if r.starts_with("search/x/") => 5,
                        _ => continue,
                    };
                    bytes[kind] += std::fs::metadata(site.join(rel)).map(|m| m.len()).unwrap_or(0);
                }
                let total: u64 = bytes.iter().sum();
                sizes.push(total);
                eprintln!(
                    "{scheme} {query:?}: {total} bytes (client {}, manifest {}, shards {}, prefixes {}, cards {}, snippet text {}); per keystroke:{line}",
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]
                );
                c.close().await.expect("close");
            }
            let max = |v: &[f64]| v.iter().cloned().fold(f64::NAN, f64::max);
            eprintln!(
                "{scheme} summary: {} keystrokes, median {:.1} ms, max {:.1} ms (whole first page: median {:.1} ms, max {:.1} ms); {} that loaded index files: median {:.1} ms, max {:.1} ms; {} that loaded card files: median {:.1} ms, max {:.1} ms; {} first letters of a word: median {:.1} ms, max {:.1} ms; bytes per query: max {}",
                all.len(),
                median(&mut all.clone()),
                max(&all),
                median(&mut pages.clone()),
                max(&pages),
                loading.len(),
                median(&mut loading.clone()),
                max(&loading),
                cards.len(),
                median(&mut cards.clone()),
                max(&cards),
                first.len(),
                median(&mut first.clone()),
                max(&first),
                sizes.iter().max().unwrap_or(&0)
            );
        }
    });
    eprintln!("load average after: {}", load().trim());
}
