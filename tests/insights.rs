//! The insights page as users see it: every chart is an SVG drawn at build time with its
//! numbers in a table beside it (checked against hand-counted numbers of
//! `tests/fixtures/expectations/good`), the page is in the navigation, and a page per tag
//! filters it without script. (The lifecycle chart, proposed to accepted, is
//! tested in `tests/lifecycle.rs` with a real git repository.)

mod common;

use std::path::Path;

use common::{copy_fixture, hindsight};

const TODAY: &str = "2026-11-23";

fn build(src: &Path, cwd: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = hindsight(cwd)
        .args(["build", src.to_str().unwrap(), "-o"])
        .arg(&out)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

/// The rows of the table in the section headed `id`, as `label: n n n`.
fn rows(html: &str, id: &str) -> Vec<String> {
    let start = html
        .find(&format!("<h2 id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    let Some(body) = section.find("<tbody>").map(|b| &section[b..]) else {
        return Vec::new();
    };
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            // The text of each cell, tags removed.
            let mut text = String::new();
            let mut in_tag = false;
            for ch in row.split("</tr>").next().unwrap_or("").chars() {
                match ch {
                    '<' => {
                        in_tag = true;
                        text.push(' ');
                    }
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let cells: Vec<&str> = text.split_whitespace().collect();
            cells.join(" ")
        })
        .collect()
}

fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<h2 id=\"{id}\">")).unwrap();
    &html[start..start + html[start..].find("</section>").unwrap()]
}

#[test]
fn every_chart_has_its_numbers_beside_it() {
    // A copy outside any git repository, so this worktree's history cannot leak in.
    let (_copy, dir) = copy_fixture("expectations/good");
    let (_tmp, out) = build(&dir, dir.parent().unwrap());
    let html = std::fs::read_to_string(out.join("insights.html")).unwrap();
    // In the navigation of every page.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<a href=\"insights.html\">Insights</a>"));
    assert!(html.contains("<a href=\"insights.html\" aria-current=\"page\">Insights</a>"));
    // No script draws the charts: the page loads only the scripts every page has.
    assert_eq!(
        html.matches("<script").count(),
        2,
        "the theme line and site.js"
    );
    assert!(html.contains("<script src=\"static/site.js\"></script>"));

    // Six decisions: three in 2025 Q1, two in 2026 Q1, one proposed in 2026 Q2; the empty
    // quarters between are shown.
    assert_eq!(
        rows(&html, "quarters"),
        [
            "2025 Q1 0 3 3",
            "2025 Q2 0 0 0",
            "2025 Q3 0 0 0",
            "2025 Q4 0 0 0",
            "2026 Q1 0 2 2",
            "2026 Q2 1 0 1",
        ]
    );
    // By the year decided, the latest retrospective's verdict: 2025 held up (0006),
    // reversed (0008); 2026 held up (0002), revised (0001, its later retrospective).
    assert_eq!(rows(&html, "outcomes"), ["2025 1 0 1 2", "2026 1 1 0 2"]);
    // Every retrospective stating both: sound 0003, 0005, 0007 held up; flawed 0004
    // revised, 0009 reversed.
    assert_eq!(rows(&html, "process"), ["sound 3 0 0 3", "flawed 0 1 1 2"]);
    // The calibration of tests/expectations.rs, with its Brier score.
    assert_eq!(
        rows(&html, "calibration"),
        [
            "50–60% 0 0 –",
            "60–70% 1 0 0%",
            "70–80% 1 1 100%",
            "80–90% 0 0 –",
            "90–100% 2 2 100%",
        ]
    );
    assert!(section(&html, "calibration").contains("Brier score <strong>0.1175</strong>"));
    // Past their revisit date: 0006 reviewed before it, 0008 after it, 0010 never.
    assert_eq!(
        rows(&html, "discipline"),
        [
            "on or before the revisit date 1",
            "after it (late) 1",
            "never 1"
        ]
    );
    // Trade-offs of revised or reversed decisions, case ignored: latency over simplicity
    // (0001 revised, 0008 reversed), speed over safety (0008).
    assert_eq!(
        rows(&html, "tradeoffs"),
        ["latency over simplicity 1 1", "speed over safety 0 1"]
    );
    // Outside git, the lifecycle chart says what it needs.
    assert!(section(&html, "latency").contains("needs the records' git history"));
    // Each chart is an image with a title, drawn at build time.
    for id in [
        "quarters",
        "outcomes",
        "process",
        "calibration",
        "discipline",
        "tradeoffs",
    ] {
        let s = section(&html, id);
        assert!(s.contains("<svg ") && s.contains("role=\"img\""), "{id}");
        assert!(s.contains("<table>") && s.contains("<caption>"), "{id}");
    }
}

#[test]
fn a_page_per_tag_filters_without_script() {
    // A copy outside any git repository, so this worktree's history cannot leak in.
    let (_copy, dir) = copy_fixture("expectations/good");
    let (_tmp, out) = build(&dir, dir.parent().unwrap());
    let all = std::fs::read_to_string(out.join("insights.html")).unwrap();
    assert!(all.contains(
        "<a href=\"insights/tags/checkout.html\">checkout</a> <span class=\"count\">2</span>"
    ));
    let html = std::fs::read_to_string(out.join("insights/tags/checkout.html")).unwrap();
    assert!(html.contains("the 2 decisions tagged <em>checkout</em>"));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"../../static/style.css\">"));
    assert!(html.contains("<a href=\"../../insights.html\">all decisions</a>"));
    // 0001 (2026, revised) and 0008 (2025, reversed).
    assert_eq!(rows(&html, "outcomes"), ["2025 0 0 1 1", "2026 0 1 0 1"]);
    assert_eq!(
        rows(&html, "tradeoffs"),
        ["latency over simplicity 1 1", "speed over safety 0 1"]
    );
}
