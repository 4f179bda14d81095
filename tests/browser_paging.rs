//! A paged index in a real headless Chromium, from `file://`: its next and previous links,
//! a sort order (a column header that links to a static page), the header's search finding
//! a record that is not on the first page, and that record's link back to its place in the
//! list.

#[path = "browser/harness.rs"]
mod harness;
#[path = "generated/records.rs"]
mod records;

use fantoccini::{Client, Locator};
use harness::*;

/// Records: three pages of 100 and a short fourth.
const N: usize = 321;

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Waits until the page at `path` (below the site root) has loaded.
async fn wait_page(c: &Client, path: &str) {
    let p = serde_json::to_string(path).unwrap();
    wait_for(
        c,
        &format!(
            "return decodeURI(location.pathname).endsWith('/site/' + {p}) && document.readyState === 'complete';"
        ),
        &format!("{path} to load"),
    )
    .await;
}

/// The numbers of the index's rows, in order.
async fn numbers(c: &Client) -> Vec<usize> {
    let v = js(
        c,
        "return Array.from(document.querySelectorAll('#records tbody tr')).map(r => Number(r.dataset.number));",
    )
    .await;
    serde_json::from_value(v).expect("numbers")
}

#[test]
fn a_paged_index_pages_sorts_and_searches_from_file_protocol() {
    let Some(mut driver) = driver("a_paged_index_pages_sorts_and_searches_from_file_protocol")
    else {
        return;
    };
    let source = tempfile::tempdir().unwrap();
    records::generate(source.path(), N);
    let site = build_site(source.path());
    let base = format!("{}/", file_url(&site.path().join("site")));
    runtime().block_on(async {
        let c = driver.session().await;
        c.goto(&format!("{base}index.html")).await.expect("goto");
        assert_eq!(numbers(&c).await, (1..=100).collect::<Vec<_>>());

        // Next, next, previous.
        click(&c, "a[rel=next]").await;
        wait_page(&c, "index/2.html").await;
        assert_eq!(numbers(&c).await, (101..=200).collect::<Vec<_>>());
        click(&c, "a[rel=next]").await;
        wait_page(&c, "index/3.html").await;
        assert_eq!(numbers(&c).await, (201..=300).collect::<Vec<_>>());
        click(&c, "a[rel=prev]").await;
        wait_page(&c, "index/2.html").await;
        assert_eq!(numbers(&c).await, (101..=200).collect::<Vec<_>>());
        click(&c, "a[rel=prev]").await;
        wait_page(&c, "index.html").await;

        // Sorting by date: the header links to the newest first, over every page.
        click(&c, "th a.sort[href$='index/date.html']").await;
        wait_page(&c, "index/date.html").await;
        let sorted = js(
            &c,
            "return [document.querySelector('th[aria-sort]').textContent.trim(), document.querySelector('th[aria-sort]').getAttribute('aria-sort'), Array.from(document.querySelectorAll('#records tbody tr')).map(r => r.dataset.date)];",
        )
        .await;
        assert_eq!(sorted[0], "Date");
        assert_eq!(sorted[1], "descending");
        let dates: Vec<String> = serde_json::from_value(sorted[2].clone()).unwrap();
        assert_eq!(dates.len(), 100);
        let newest = (1..=N).map(records::date).max().unwrap();
        assert_eq!(dates[0], newest);
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");

        // The header's search finds a record on the third page of the index.
        let wanted = 247;
        c.goto(&format!("{base}index.html")).await.expect("goto");
        let word = records::codename(wanted);
        type_into(&c, "site-search", &word).await;
        wait_results(&c, "inline-results-list", &word).await;
        let found = results(&c, "inline-results-list").await;
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].0.ends_with(&format!("{wanted:05}-choice-{wanted}.html")),
            "{found:?}"
        );
        click(&c, "#inline-results-list a.hs-title").await;
        wait_page(&c, &format!("decisions/{wanted:05}-choice-{wanted}.html")).await;

        // Its way back to the list leads to its row on the third page.
        click(&c, "a.pager-list").await;
        wait_page(&c, "index/3.html").await;
        let target = js(
            &c,
            "var t = document.querySelector(':target'); return t && Number(t.dataset.number);",
        )
        .await;
        assert_eq!(target, serde_json::json!(wanted));
        c.close().await.expect("close");
    });
}
