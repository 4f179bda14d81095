//! What a reader finds on the pages of a built site: retrospectives shown with their
//! verdict and no status, drafts shown as drafts, every in-site anchor leading somewhere,
//! previous and next records, a table of contents on long records, diagrams, and the
//! links graph with its text alternative.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{copy_fixture, hindsight, json, record, snapshot_tree};

const TODAY: &str = "2026-11-23";

/// Builds `dir` (a folder with `decisions/`) and returns its HTML pages by path.
fn build(dir: &Path) -> BTreeMap<String, String> {
    let out = hindsight(dir)
        .args(["build", "--today", TODAY])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    snapshot_tree(&dir.join("site"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// The values of attribute `name` in `html`.
fn attr_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn retrospectives_show_a_verdict_and_no_status() {
    let (_tmp, dir) = copy_fixture("site");
    let pages = build(&dir);
    assert!(
        !pages.contains_key("status/unknown.html"),
        "a retrospective has no status page of its own: {:?}",
        pages
            .keys()
            .filter(|p| p.starts_with("status/"))
            .collect::<Vec<_>>()
    );
    for (path, html) in &pages {
        assert!(
            !html.contains("status-unknown"),
            "{path} shows an `unknown` status badge"
        );
    }
    let retro = &pages["decisions/0005-retro-postgresql.html"];
    assert!(retro.contains(r#"<span class="badge verdict-held-up">held up</span>"#));
    let index = &pages["index.html"];
    assert!(
        !index.contains(r#"href="status/unknown.html""#),
        "no `unknown` status filter on the index"
    );
}

/// Every `#fragment` a page links to, on itself or on another page of the site, is an
/// element id there: the revisits page's verdict links, the index's revisit filters,
/// tag and trade-off anchors, tables of contents.
#[test]
fn every_anchor_a_page_links_to_exists() {
    let (_tmp, dir) = copy_fixture("site");
    let mut pages = build(&dir);
    // This repository's own records use every feature.
    let own = tempfile::tempdir().unwrap();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("decisions"),
        &own.path().join("decisions"),
    );
    pages.extend(
        build(own.path())
            .into_iter()
            .map(|(p, h)| (format!("own/{p}"), h)),
    );
    let ids: BTreeMap<&str, BTreeSet<&str>> = pages
        .iter()
        .map(|(p, h)| (p.as_str(), attr_values(h, "id").into_iter().collect()))
        .collect();
    let mut checked = 0;
    for (path, html) in &pages {
        for href in attr_values(html, "href") {
            let Some((target, fragment)) = href.split_once('#') else {
                continue;
            };
            if fragment.is_empty() || target.contains("://") {
                continue;
            }
            let page = if target.is_empty() {
                path.clone()
            } else {
                resolve(path, target)
            };
            let Some(found) = ids.get(page.as_str()) else {
                panic!("{path} links to {href}: no page {page}");
            };
            assert!(
                found.contains(fragment),
                "{path} links to {href}, but {page} has no id `{fragment}`"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} anchors checked");
}

/// `target` (relative, `/`-separated) seen from page `from`.
fn resolve(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
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

/// A record `hindsight new` just wrote, its guidance still there, is a draft: a draft
/// badge and notice, no empty outcome box, `draft: true` in the JSON, in every template
/// `new` writes (native, adr-tools, a retrospective).
#[test]
fn a_new_record_not_yet_written_is_a_draft() {
    for dialect in ["native", "adr-tools"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        hindsight(dir)
            .args(["init", "--dialect", dialect])
            .assert()
            .success();
        hindsight(dir)
            .args(["new", "Use Kafka for events", "--date", "2026-11-01"])
            .assert()
            .success();
        hindsight(dir)
            .args([
                "new",
                "A year of it",
                "--reviews",
                "1",
                "--date",
                "2026-11-02",
            ])
            .assert()
            .success();
        let out = hindsight(dir)
            .args(["export", "--today", TODAY])
            .output()
            .unwrap();
        let v = json(&out.stdout);
        let drafts: Vec<&str> = v["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["draft"] == true)
            .map(|r| r["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            drafts,
            ["Use Kafka for events", "A year of it"],
            "{dialect}"
        );
        let first = v["records"][0]["id"].as_str().unwrap().to_string();
        assert!(
            record(&v, &first).get("draft").is_none(),
            "{dialect}: the record init writes is written"
        );
        let pages = build(dir);
        let (path, page) = pages
            .iter()
            .find(|(p, _)| p.contains("use-kafka-for-events"))
            .unwrap_or_else(|| panic!("{dialect}: no page for the new record"));
        assert!(
            page.contains(r#"<span class="badge draft">draft</span>"#),
            "{path}"
        );
        assert!(page.contains("A draft: its text is still the guidance"));
        assert!(!page.contains("outcome-h"), "{path}: no empty outcome box");
        assert!(
            pages["index.html"].contains(r#"<span class="badge draft">draft</span>"#),
            "the index marks drafts"
        );
    }
}

/// The `<svg>` elements of a page, parsed.
fn svgs(html: &str) -> Vec<String> {
    html.match_indices("<svg")
        .map(|(i, _)| {
            let end = html[i..].find("</svg>").expect("closed svg") + i + 6;
            html[i..end].to_string()
        })
        .collect()
}

/// Left edge of the box of the node whose link ends in `page`.
fn node_x(svg: &str, page: &str) -> f64 {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let a = doc
        .descendants()
        .find(|n| n.has_tag_name("a") && n.attribute("href").is_some_and(|h| h.ends_with(page)))
        .unwrap_or_else(|| panic!("no node for {page}"));
    let rect = a.children().find(|n| n.has_tag_name("rect")).expect("rect");
    rect.attribute("x").unwrap().parse().unwrap()
}

/// The graph page draws each linked group in columns, older records left of what
/// supersedes or reviews them, with links a reader can follow (no `role="img"` around
/// them) and the same links written out as a list.
#[test]
fn the_graph_is_layered_and_has_a_text_alternative() {
    let (_tmp, dir) = copy_fixture("graph");
    let pages = build(&dir);
    let graph = &pages["graph.html"];
    assert!(!graph.contains(r#"role="img""#), "links inside an image");
    let drawings = svgs(graph);
    assert_eq!(drawings.len(), 2, "two groups");
    let big = &drawings[0];
    // 22 supersedes 1, 23 reviews 2: the older on the left.
    assert!(
        node_x(big, "0001-run-services-on-virtual.html")
            < node_x(big, "0022-run-one-cluster-per.html")
    );
    assert!(
        node_x(big, "0002-use-kubernetes-for-every.html")
            < node_x(big, "0023-retro-kubernetes.html")
    );
    // 2 relates to five records: they share one column, right of it.
    let x3 = node_x(big, "0003-package-services-as-helm.html");
    assert!(node_x(big, "0002-use-kubernetes-for-every.html") < x3);
    for n in [
        "0012-autoscale-on-request-latency.html",
        "0013-mount-secrets-as-files.html",
    ] {
        let x = node_x(big, n);
        assert!((x - x3).abs() < 20.0, "{n} at {x}, 3 at {x3}");
    }
    // Titles are not cut short at twenty characters.
    assert!(
        big.contains(">13 · Mount secrets as files,</tspan>"),
        "{big}"
    );
    assert!(
        big.contains(">never environment variables</tspan>"),
        "{big}"
    );
    let chain = &drawings[1];
    let xs: Vec<f64> = [
        "0004-deploy-by-hand-from.html",
        "0005-deploy-with-a-shell.html",
        "0007-deploy-with-argo-cd.html",
    ]
    .iter()
    .map(|p| node_x(chain, p))
    .collect();
    assert!(xs[0] < xs[1] && xs[1] < xs[2], "{xs:?}");
    // The text alternative: every link as a sentence with both records linked.
    assert!(graph.contains(
        r#"<li><a href="decisions/0005-deploy-with-a-shell.html">5 · Deploy with a shell script in CI</a> supersedes <a href="decisions/0004-deploy-by-hand-from.html">4 · Deploy by hand from a runbook</a></li>"#
    ));
    assert!(graph.contains(
        r#"<li><a href="decisions/0023-retro-kubernetes.html">23 · A year of Kubernetes</a> reviews <a href="decisions/0002-use-kubernetes-for-every.html">2 · Use Kubernetes for every service</a></li>"#
    ));
    assert!(
        graph.contains("The links of this group as a list (9)"),
        "nine links in the big group"
    );
    // A record page draws its neighbourhood the same way, itself marked.
    let page = &pages["decisions/0006-expose-services-through-an.html"];
    let svg = &svgs(page)[0];
    assert!(svg.contains(r#"<g class="node center status-accepted">"#));
    assert!(page.contains("The links as a list (2)"));
    assert!(page.contains(
        r#" relates to <a href="../decisions/0014-issue-certificates-with-cert-manager.html">"#
    ));
}

/// A record page links to the records before and after it by number within its package
/// and back to its row in the index; a long page lists its sections; a diagram's source
/// is on the page (what a reader without scripts sees), and only a site with a diagram
/// gets mermaid.
#[test]
fn record_pages_lead_on_and_long_ones_list_their_sections() {
    let (_tmp, dir) = copy_fixture("graph");
    let without = build(&dir);
    assert!(
        !dir.join("site/static/mermaid").exists(),
        "no diagram, no mermaid"
    );
    assert!(!dir.join("site/static/diagrams.js").exists());
    assert!(!without.values().any(|h| h.contains("mermaid")));
    let page = &without["decisions/0006-expose-services-through-an.html"];
    assert!(page.contains(
        r#"<a class="pager-previous" rel="prev" href="../decisions/0005-deploy-with-a-shell.html"><span class="pager-label">Previous</span> <span class="num">5</span> Deploy with a shell script in CI</a>"#
    ), "{page}");
    assert!(page.contains(r#"rel="next" href="../decisions/0007-deploy-with-argo-cd.html""#));
    assert!(page.contains(r#"href="../index.html#r-0006-expose-services-through-an""#));
    assert!(without["index.html"].contains(r#"<tr id="r-0006-expose-services-through-an""#));
    assert!(
        !page.contains("On this page"),
        "a short page has no table of contents"
    );
    let first = &without["decisions/0001-run-services-on-virtual.html"];
    assert!(!first.contains("pager-previous") && first.contains("pager-next"));

    let filler = "A sentence that makes this record long. ".repeat(30);
    std::fs::write(
        dir.join("decisions/0024-long.md"),
        format!(
            "---\ntitle: A long record\nstatus: accepted\n---\n\n## Context\n\n{filler}\n\n```mermaid\nflowchart LR\n  a[<b>x</b>] --> b\n```\n\n## Decision\n\n{filler}\n\n### Details\n\n{filler}\n\n## Consequences\n\n{filler}\n"
        ),
    )
    .unwrap();
    let with = build(&dir);
    let long = &with["decisions/0024-long.html"];
    assert!(
        long.contains(r##"<nav class="toc" aria-labelledby="toc-h">"##),
        "{long}"
    );
    assert!(long.contains(
        r##"<li class="toc-2"><a href="#context">Context</a></li><li class="toc-2"><a href="#decision">Decision</a></li><li class="toc-3"><a href="#details">Details</a></li><li class="toc-2"><a href="#consequences">Consequences</a></li>"##
    ), "{long}");
    assert!(long.contains(
        "<figure class=\"diagram\"><pre class=\"diagram-source\"><code class=\"language-mermaid\">flowchart LR\n  a[&lt;b&gt;x&lt;/b&gt;] --&gt; b\n</code></pre></figure>"
    ), "{long}");
    assert!(long.contains(r#"<script src="../static/mermaid/mermaid.min.js"></script>"#));
    assert!(!with["decisions/0006-expose-services-through-an.html"].contains("mermaid.min.js"));
    assert!(dir.join("site/static/mermaid/mermaid.min.js").is_file());
    assert!(dir.join("site/static/mermaid/LICENSE").is_file());
}

/// A named link shows on both records' pages with its words: "Amends 1. Old" on one,
/// "Amended by 2. New" on the other.
#[test]
fn named_links_show_their_words_on_both_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("decisions");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("0001-old.md"),
        "# 1. Old\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\nAmended by [2. New](0002-new.md)\n",
    )
    .unwrap();
    std::fs::write(
        d.join("0002-new.md"),
        "# 2. New\n\nDate: 2020-02-01\n\n## Status\n\nAccepted\n\nAmends [1. Old](0001-old.md)\n",
    )
    .unwrap();
    let pages = build(tmp.path());
    let related = |page: &str| -> String {
        let html = &pages[page];
        let at = html.find("id=\"related-h\"").expect("a related section");
        let end = html[at..].find("</section>").unwrap() + at;
        // Text only, whitespace collapsed.
        let mut text = String::new();
        let mut in_tag = false;
        for c in html[at..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    text.push(' ');
                }
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let new = related("decisions/0002-new.html");
    assert!(new.contains("Amends 1 Old"), "{new}");
    assert!(!new.contains("Relates to"), "{new}");
    let old = related("decisions/0001-old.html");
    assert!(old.contains("Amended by 2 New"), "{old}");
}
