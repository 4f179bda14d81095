//! The site as a reader uses it, in a real headless Chromium from `file://`: axe-core finds
//! no serious or critical problem on any kind of page (light and dark, desktop and a
//! 390 px phone), the index fits a phone, the sticky header hides neither anchored
//! headings nor focused items, the index's inline search announces a count, and a
//! ```` ```mermaid ```` block becomes a diagram.

#[path = "browser/harness.rs"]
mod harness;

use std::path::Path;

use fantoccini::Client;
use fantoccini::key::Key;
use harness::*;
use serde_json::Value;

/// A record with a diagram and enough sections for a table of contents.
const DIAGRAM_RECORD: &str = r#"---
title: Draw the request path
status: accepted
date: 2026-05-01
tags: [storage]
relates: [1]
---

## Context

The request path is easier to follow drawn than told. PARAGRAPH

```mermaid
flowchart LR
  client[Client] --> api{API}
  api -- reads --> db[(PostgreSQL)]
  api -- sessions --> db
```

## Decision

Draw it in the record, so that it is reviewed with the text. PARAGRAPH

## Consequences

Diagrams change with the decisions they explain. PARAGRAPH

## Notes

Mermaid is bundled with the site, so the diagram draws offline. PARAGRAPH
"#;

/// The `site` fixture plus a record with a diagram, built; returns the temp dir and the
/// site's `file://` root (ending in `/`).
fn site() -> (tempfile::TempDir, tempfile::TempDir, String) {
    let src = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site/decisions");
    copy(&fixture, &src.path().join("decisions"));
    let filler = "Words that make the record long enough to need a table of contents. ".repeat(12);
    std::fs::write(
        src.path().join("decisions/0007-draw-the-request-path.md"),
        DIAGRAM_RECORD.replace("PARAGRAPH", &filler),
    )
    .unwrap();
    let out = build_site(&src.path().join("decisions"));
    let base = format!("{}/", file_url(&out.path().join("site")));
    (src, out, base)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// One page of every kind.
const PAGES: &[&str] = &[
    "index.html",
    "decisions/0001-use-postgresql.html",
    "decisions/0002-cache-in-redis.html",
    "decisions/0005-retro-postgresql.html",
    "decisions/0007-draw-the-request-path.html",
    "decisions/payments/0003-ledger.html",
    "tags/index.html",
    "tags/storage.html",
    "status/accepted.html",
    "timeline.html",
    "revisits.html",
    "tradeoffs.html",
    "graph.html",
    "insights.html",
    "search.html?q=postgresql",
];

async fn set_theme(c: &Client, theme: &str) {
    js(
        c,
        &format!("document.documentElement.dataset.theme = '{theme}'; return true;"),
    )
    .await;
}

/// Waits for what a page draws or loads after it opens: diagrams, search results.
async fn settle(c: &Client, page: &str, theme: &str) {
    if page.contains("0007-draw") {
        wait_for(
            c,
            &format!(
                "var d = document.querySelector('figure.diagram .diagram-drawn'); return !!d && d.dataset.theme === '{}' && !!d.querySelector('svg');",
                if theme == "dark" { "dark" } else { "default" }
            ),
            "the diagram drawn in the page's theme",
        )
        .await;
    }
    if page.starts_with("search.html") {
        wait_results(c, "search-results", "postgresql").await;
    }
}

async fn size(c: &Client, w: u32, h: u32) {
    c.set_window_size(w, h).await.expect("window size");
    let inner = js(c, "return window.innerWidth;").await;
    assert_eq!(inner.as_u64(), Some(u64::from(w)), "viewport width");
}

#[test]
fn axe_finds_no_serious_problem_on_any_page() {
    let Some(axe) = axe_source("axe_finds_no_serious_problem_on_any_page") else {
        return;
    };
    let Some(mut driver) = driver("axe_finds_no_serious_problem_on_any_page") else {
        return;
    };
    let (_src, _out, base) = site();
    runtime().block_on(async {
        let c = driver.session().await;
        let mut problems = Vec::new();
        let mut runs = 0;
        for (w, h, device) in [(1280, 900, "desktop"), (390, 844, "phone")] {
            c.goto(&format!("{base}index.html")).await.expect("goto");
            size(&c, w, h).await;
            for theme in ["light", "dark"] {
                for page in PAGES {
                    c.goto(&format!("{base}{page}")).await.expect("goto");
                    set_theme(&c, theme).await;
                    settle(&c, page, theme).await;
                    for v in axe_violations(&c, &axe).await {
                        problems.push(format!("{page} ({theme}, {device}): {v}"));
                    }
                    runs += 1;
                }
                // The index with its inline results open.
                c.goto(&format!("{base}index.html")).await.expect("goto");
                set_theme(&c, theme).await;
                type_into(&c, "site-search", "postgres").await;
                wait_results(&c, "inline-results-list", "postgres").await;
                for v in axe_violations(&c, &axe).await {
                    problems.push(format!("index.html with results ({theme}, {device}): {v}"));
                }
                runs += 1;
            }
        }
        c.close().await.expect("close");
        assert_eq!(runs, 2 * 2 * (PAGES.len() + 1));
        assert!(
            problems.is_empty(),
            "{} serious or critical problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    });
}

#[test]
fn the_index_fits_a_phone() {
    let Some(mut driver) = driver("the_index_fits_a_phone") else {
        return;
    };
    let (_src, _out, base) = site();
    runtime().block_on(async {
        let c = driver.session().await;
        c.goto(&format!("{base}index.html")).await.expect("goto");
        size(&c, 390, 844).await;
        c.goto(&format!("{base}index.html")).await.expect("goto");
        for page in ["index.html", "tags/storage.html", "status/accepted.html", "revisits.html"] {
            c.goto(&format!("{base}{page}")).await.expect("goto");
            let overflow = js(
                &c,
                "var w = window.innerWidth, out = [];\
                 if (document.documentElement.scrollWidth > w) out.push('page ' + document.documentElement.scrollWidth);\
                 document.querySelectorAll('main *').forEach(function (e) {\
                   var r = e.getBoundingClientRect();\
                   if (r.width && r.right > w + 0.5) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));\
                 });\
                 return out;",
            )
            .await;
            assert_eq!(overflow, Value::Array(vec![]), "{page}: wider than 390 px");
        }
        c.goto(&format!("{base}index.html")).await.expect("goto");
        // Each record is a card: its row a box, every cell (dates, revisit, tags) in view.
        let cards = js(
            &c,
            "return Array.from(document.querySelectorAll('#records tbody tr')).map(function (tr) {\
               return [getComputedStyle(tr).display, tr.cells[3].getBoundingClientRect().width > 0 || !tr.cells[3].textContent.trim()];\
             });",
        )
        .await;
        for card in cards.as_array().unwrap() {
            assert_eq!(card, &serde_json::json!(["flex", true]), "{cards}");
        }
        // The header collapses: short, and it scrolls away rather than covering the page.
        let header = js(
            &c,
            "var h = document.querySelector('.site-header'); return [Math.round(h.getBoundingClientRect().height), getComputedStyle(h).position];",
        )
        .await;
        assert!(header[0].as_u64().unwrap() <= 100, "header {header}");
        assert_eq!(header[1], "static");
        c.close().await.expect("close");
    });
}

#[test]
fn the_header_hides_neither_anchors_nor_focus() {
    let Some(mut driver) = driver("the_header_hides_neither_anchors_nor_focus") else {
        return;
    };
    let (_src, _out, base) = site();
    runtime().block_on(async {
        let c = driver.session().await;
        c.goto(&format!("{base}index.html")).await.expect("goto");
        size(&c, 1280, 420).await;
        // An anchored heading lands below the sticky header.
        for (page, id) in [("revisits.html#scheduled", "scheduled"), ("revisits.html#verdict-held-up", "verdict-held-up")] {
            c.goto(&format!("{base}{page}")).await.expect("goto");
            let gap = js(
                &c,
                &format!("return document.getElementById('{id}').getBoundingClientRect().top - document.querySelector('.site-header').getBoundingClientRect().bottom;"),
            )
            .await;
            assert!(gap.as_f64().unwrap() >= 0.0, "{page}: heading {gap} px under the header");
        }
        // Tabbing backwards through the index, nothing focused is under the header.
        c.goto(&format!("{base}index.html")).await.expect("goto");
        js(&c, "var f = document.querySelector('.site-footer a:last-of-type'); f.focus(); return true;").await;
        let mut seen = 0;
        for _ in 0..80 {
            c.active_element()
                .await
                .expect("active")
                .send_keys(&format!("{}{}", Key::Shift, Key::Tab))
                .await
                .expect("shift-tab");
            let state = js(
                &c,
                "var e = document.activeElement, h = document.querySelector('.site-header');\
                 if (!e || e === document.body || h.contains(e)) return null;\
                 var r = e.getBoundingClientRect(), x = r.left + Math.min(r.width / 2, 8), y = r.top + r.height / 2;\
                 var hit = document.elementFromPoint(x, y);\
                 return [e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30), y, !!hit && (e === hit || e.contains(hit))];",
            )
            .await;
            if state.is_null() {
                continue;
            }
            seen += 1;
            // In view, and what is at its place on screen is the item itself, not the header.
            assert!(state[2] == true, "focused item hidden: {state}");
        }
        assert!(seen > 30, "only {seen} items focused");
        c.close().await.expect("close");
    });
}

#[test]
fn the_index_announces_a_count_and_sorts_with_buttons() {
    let Some(mut driver) = driver("the_index_announces_a_count_and_sorts_with_buttons") else {
        return;
    };
    let (_src, _out, base) = site();
    runtime().block_on(async {
        let c = driver.session().await;
        c.goto(&format!("{base}index.html")).await.expect("goto");
        type_into(&c, "site-search", "postgres").await;
        wait_results(&c, "inline-results-list", "postgres").await;
        let state = js(
            &c,
            "var s = document.getElementById('inline-search-status');\
             return [s.getAttribute('role'), s.textContent, document.querySelectorAll('[aria-live]:not(#inline-search-status) #inline-results-list, #inline-search-results[aria-live]').length, document.getElementById('inline-results-list').children.length];",
        )
        .await;
        assert_eq!(state[0], "status");
        assert!(
            state[1].as_str().unwrap().ends_with(" results"),
            "a count is announced: {state}"
        );
        assert_eq!(state[2], 0, "the list itself is not read out at every key");
        assert!(state[3].as_u64().unwrap() > 1);
        // Column headers sort with buttons.
        let buttons = js(&c, "return Array.from(document.querySelectorAll('#records th button.sort')).map(b => b.textContent);").await;
        assert_eq!(buttons, serde_json::json!(["#Number", "Title", "Status", "Date", "Revisit"]));
        js(&c, "document.querySelectorAll('#records th button.sort')[1].click(); return true;").await;
        let sorted = js(
            &c,
            "return [document.querySelectorAll('#records th')[1].getAttribute('aria-sort'), Array.from(document.querySelectorAll('#records tbody tr td:nth-child(2) a')).map(a => a.textContent.toLowerCase())];",
        )
        .await;
        assert_eq!(sorted[0], "ascending");
        let titles: Vec<String> = serde_json::from_value(sorted[1].clone()).unwrap();
        let mut want = titles.clone();
        want.sort();
        assert_eq!(titles, want);
        c.close().await.expect("close");
    });
}

#[test]
fn a_mermaid_block_becomes_a_diagram_from_file() {
    let Some(mut driver) = driver("a_mermaid_block_becomes_a_diagram_from_file") else {
        return;
    };
    let (_src, out, base) = site();
    let root = out.path().join("site");
    assert!(root.join("static/mermaid/mermaid.min.js").is_file());
    assert!(root.join("static/mermaid/LICENSE").is_file());
    runtime().block_on(async {
        let c = driver.session().await;
        c.goto(&format!("{base}decisions/0007-draw-the-request-path.html"))
            .await
            .expect("goto");
        set_theme(&c, "light").await;
        settle(&c, "decisions/0007-draw-the-request-path.html", "light").await;
        let drawn = js(
            &c,
            "var f = document.querySelector('figure.diagram');\
             return [f.dataset.state, f.querySelector('.diagram-source').hidden, f.querySelectorAll('.diagram-drawn svg .node').length, f.querySelector('.diagram-drawn svg').textContent.includes('PostgreSQL')];",
        )
        .await;
        assert_eq!(drawn, serde_json::json!(["drawn", true, 3, true]));
        // The theme toggle redraws it dark.
        set_theme(&c, "dark").await;
        settle(&c, "decisions/0007-draw-the-request-path.html", "dark").await;
        // Nothing left the site; a page without a diagram loads no mermaid.
        let loaded = js(&c, "return performance.getEntriesByType('resource').map(e => e.name);").await;
        for url in loaded.as_array().unwrap() {
            assert!(url.as_str().unwrap().starts_with(&base), "request left the site: {url}");
        }
        c.goto(&format!("{base}decisions/0001-use-postgresql.html"))
            .await
            .expect("goto");
        let scripts = js(&c, "return Array.from(document.scripts).map(s => s.src).filter(s => s.includes('mermaid'));").await;
        assert_eq!(scripts, serde_json::json!([]));
        c.close().await.expect("close");
    });
}
