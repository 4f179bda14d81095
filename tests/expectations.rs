//! Expectations and calibration as users see them: `decisions.json` / `export` (claims with
//! the result the latest retrospective gave, the calibration with hand-computed numbers),
//! `check`'s warnings with file:line:column, and MADR front matter carrying the keys.

mod common;

use std::path::Path;

use common::{fixture, hindsight, json, record};
use serde_json::{Value, json};

const TODAY: &str = "2026-11-23";

fn export(dir: &Path) -> Value {
    let out = hindsight(dir)
        .args(["export", dir.to_str().unwrap(), "--today", TODAY])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out.stdout)
}

#[test]
fn claims_take_the_result_of_the_latest_retrospective_that_judges_them() {
    let dir = fixture("expectations/good");
    let v = export(&dir);
    let checkout = record(&v, "0001-split-out-checkout");
    assert_eq!(checkout["confidence"], json!(0.7));
    assert_eq!(checkout["reversible"], json!(false));
    assert_eq!(
        checkout["expect"],
        json!([
            {
                "claim": "p95 checkout latency stays under 200 ms",
                "by": "2026-09-01",
                "confidence": 0.9,
                // 0003 said miss in June; 0004 (October) says hit, and is later.
                "result": "hit",
                "judged_by": "0004-checkout-after-nine-months",
                "note": "p95 was 140 ms",
            },
            {
                "claim": "No new on-call rotation is needed",
                "by": null,
                // No confidence of its own: the decision's.
                "confidence": 0.7,
                "result": "unclear",
                "judged_by": "0003-checkout-after-six-months",
            },
            {
                "claim": "Hosting costs fall by a third",
                "by": null,
                "confidence": 0.3,
                // Named by its text, in another case.
                "result": "miss",
                "judged_by": "0004-checkout-after-nine-months",
                "note": "Costs rose 10%",
            },
        ])
    );
    let edge = record(&v, "0002-cache-at-the-edge");
    assert_eq!(edge["confidence"], json!(0.9), "high is 0.9");
    assert_eq!(edge["reversible"], json!(true));
    assert_eq!(edge["expect"][0]["claim"], "Cache hit rate above 80%");
    assert_eq!(edge["expect"][1]["confidence"], json!(0.6), "60% is 0.6");

    let retro = record(&v, "0004-checkout-after-nine-months");
    assert_eq!(retro["process"], "flawed");
    assert_eq!(
        retro["expectations"],
        json!([
            { "claim": 1, "result": "hit", "note": "p95 was 140 ms" },
            { "claim": "hosting costs fall by a third", "result": "miss", "note": "Costs rose 10%" },
        ])
    );
    assert_eq!(
        record(&v, "0003-checkout-after-six-months")["process"],
        "sound"
    );
    // A decision states no process; a retrospective no claims.
    assert_eq!(checkout["process"], Value::Null);
    assert_eq!(retro["expect"], json!([]));
    assert_eq!(retro["confidence"], Value::Null);
}

#[test]
fn calibration_is_scored_over_judged_claims() {
    // Hand-computed. Five claims stated; four judged hit or miss (one unclear):
    //   0.9 hit (0.01), 0.3 miss = the opposite claim at 0.7, a hit (0.09),
    //   0.9 hit (0.01), 0.6 miss (0.36). Brier = 0.47 / 4 = 0.1175.
    let v = export(&fixture("expectations/good"));
    assert_eq!(
        v["calibration"],
        json!({
            "claims": 5,
            "judged": 4,
            "brier": 0.1175,
            "bands": [
                { "from": 0.5, "to": 0.6, "claims": 0, "hits": 0 },
                { "from": 0.6, "to": 0.7, "claims": 1, "hits": 0 },
                { "from": 0.7, "to": 0.8, "claims": 1, "hits": 1 },
                { "from": 0.8, "to": 0.9, "claims": 0, "hits": 0 },
                { "from": 0.9, "to": 1.0, "claims": 2, "hits": 2 },
            ],
        })
    );
}

#[test]
fn the_site_file_carries_the_same_calibration_and_claims() {
    let dir = fixture("expectations/good");
    let (_tmp, out) = build(&dir);
    let site = json(&std::fs::read(out.join("decisions.json")).unwrap());
    let exported = export(&dir);
    assert_eq!(site["calibration"], exported["calibration"]);
    assert_eq!(site["records"], exported["records"]);
}

const BAD_DECISION: &str = "---
title: Bet on bad values
status: accepted
date: 2026-01-10
revisit: 2027-01-10
confidence: 1.5
reversible: maybe
expect:
  - claim: Something good happens
    confidence: sure
---

Body.
";

const BAD_REVIEW: &str = "---
title: Review with bad values
kind: retrospective
reviews: 1
date: 2026-06-01
verdict: held-up
process: lucky
expectations:
  - claim: 4
    result: hit
  - claim: Something good happens
    result: maybe
  - claim: Something else entirely
    result: miss
---

Body.
";

#[test]
fn check_warns_about_values_it_cannot_score_with_their_place() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("0001-bad-values.md"), BAD_DECISION).unwrap();
    std::fs::write(src.join("0002-bad-review.md"), BAD_REVIEW).unwrap();
    let out = hindsight(tmp.path())
        .args(["check", "src", "--today", TODAY, "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let found: Vec<(String, String, u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("confidence-out-of-range", "src/0001-bad-values.md", 6, 13),
        ("front-matter-value", "src/0001-bad-values.md", 7, 13),
        ("front-matter-value", "src/0001-bad-values.md", 10, 17),
        ("unknown-process", "src/0002-bad-review.md", 7, 10),
        ("unknown-claim", "src/0002-bad-review.md", 9, 12),
        ("unknown-result", "src/0002-bad-review.md", 12, 13),
        ("unknown-claim", "src/0002-bad-review.md", 13, 12),
    ];
    for (code, file, line, column) in expected {
        assert!(
            found.contains(&(code.into(), file.into(), line, column)),
            "{code} at {file}:{line}:{column} not in {found:?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:?}");
    // The human form teaches: the claim count, and how to name a claim.
    let human = hindsight(tmp.path())
        .args(["check", "src", "--today", TODAY])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stderr);
    assert!(
        text.contains("`claim: 4` names no claim: `0001-bad-values` expects 1 claim"),
        "{text}"
    );
    assert!(
        text.contains("help: write `result: hit`, `miss` or `unclear`"),
        "{text}"
    );
}

#[test]
fn madr_front_matter_carries_the_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("adr");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        src.join("0001-use-postgres.md"),
        "---\nstatus: accepted\ndate: 2026-01-10\ndecision-makers: [ana]\nconfidence: medium\nreversible: no\nexpect:\n  - claim: Fewer than 2 incidents a quarter\n---\n# Use PostgreSQL\n\n## Context and Problem Statement\n\nWe need a database.\n\n## Decision Outcome\n\nChosen option: \"PostgreSQL\", because we run it.\n",
    )
    .unwrap();
    let v = export(&src);
    let r = record(&v, "0001-use-postgres");
    assert_eq!(r["format"], "madr4");
    assert_eq!(r["confidence"], json!(0.7));
    assert_eq!(r["reversible"], json!(false));
    assert_eq!(r["expect"][0]["claim"], "Fewer than 2 incidents a quarter");
    assert_eq!(r["expect"][0]["result"], Value::Null);
    assert_eq!(r["expect"][0]["judged_by"], Value::Null);
    assert_eq!(
        v["calibration"],
        json!({"claims": 1, "judged": 0, "brier": null, "bands": [
            { "from": 0.5, "to": 0.6, "claims": 0, "hits": 0 },
            { "from": 0.6, "to": 0.7, "claims": 0, "hits": 0 },
            { "from": 0.7, "to": 0.8, "claims": 0, "hits": 0 },
            { "from": 0.8, "to": 0.9, "claims": 0, "hits": 0 },
            { "from": 0.9, "to": 1.0, "claims": 0, "hits": 0 },
        ]})
    );
}

fn build(dir: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = hindsight(tmp.path())
        .args(["build", dir.to_str().unwrap(), "-o"])
        .arg(&out)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, out)
}

fn page(out: &Path, id: &str) -> String {
    std::fs::read_to_string(out.join(format!("decisions/{id}.html"))).unwrap()
}

/// The text between `from` and the next `to` after it.
fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("no {from} in page"));
    let rest = &text[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn a_decision_page_shows_its_bets_as_a_checklist() {
    let (_tmp, out) = build(&fixture("expectations/good"));
    let html = page(&out, "0001-split-out-checkout");
    let badges = between(&html, "class=\"badges\"", "</p>");
    assert!(badges.contains(">70% confident</span>"), "{badges}");
    assert!(badges.contains("class=\"badge door-one-way\""), "{badges}");
    assert!(badges.contains(">one-way door</span>"), "{badges}");
    let list = between(&html, "id=\"expect-h\"", "</section>");
    assert!(list.contains("3 of 3 judged"), "{list}");
    // Each claim: its result, who judged it (a link) and when, and the note.
    let first = between(list, "result-hit", "</li>");
    assert!(first.contains("p95 checkout latency stays under 200 ms"));
    assert!(first.contains(">90%<"));
    assert!(first.contains("by <time datetime=\"2026-09-01\">"));
    assert!(first.contains(
        "judged by <a href=\"../decisions/0004-checkout-after-nine-months.html\">Checkout after nine months</a> on <time datetime=\"2026-10-01\">2026-10-01</time>: p95 was 140 ms"
    ), "{first}");
    assert!(between(list, "result-unclear", "</li>").contains(">unclear<"));
    assert!(between(list, "result-miss", "</li>").contains("Costs rose 10%"));
    // The retrospectives, each with its outcome verdict beside its process verdict.
    let retros = between(&html, "id=\"retros-h\"", "</section>");
    let later = between(retros, "Checkout after nine months", "</li>");
    assert!(
        later.contains("verdict-revised") && later.contains(">process flawed<"),
        "{later}"
    );
    let earlier = between(retros, "Checkout after six months", "</li>");
    assert!(
        earlier.contains("verdict-held-up") && earlier.contains(">process sound<"),
        "{earlier}"
    );

    let edge = page(&out, "0002-cache-at-the-edge");
    let badges = between(&edge, "class=\"badges\"", "</p>");
    assert!(
        badges.contains(">90% confident<") && badges.contains(">two-way door<"),
        "{badges}"
    );
    let open = page(&out, "0002-cache-at-the-edge");
    assert!(open.contains("2 of 2 judged"));
}

#[test]
fn a_retrospective_page_shows_its_process_and_what_it_judged() {
    let (_tmp, out) = build(&fixture("expectations/good"));
    let html = page(&out, "0004-checkout-after-nine-months");
    let badges = between(&html, "class=\"badges\"", "</p>");
    assert!(
        badges.contains("verdict-revised") && badges.contains(">process flawed<"),
        "{badges}"
    );
    let judged = between(&html, "id=\"judged-h\"", "</section>");
    assert!(judged.contains("p95 checkout latency stays under 200 ms"));
    assert!(between(judged, "result-miss", "</li>").contains("Hosting costs fall by a third"));
}

#[test]
fn a_claim_not_judged_yet_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        src.join("0001-x.md"),
        "---\ntitle: X\nstatus: accepted\ndate: 2026-01-01\nrevisit: 2027-01-01\nexpect:\n  - claim: It works\n    by: 2026-12-01\n---\nBody.\n",
    )
    .unwrap();
    let (_t, out) = build(&src);
    let html = page(&out, "0001-x");
    let list = between(&html, "id=\"expect-h\"", "</section>");
    assert!(list.contains("0 of 1 judged"));
    assert!(
        list.contains("result-open") && list.contains("not judged yet"),
        "{list}"
    );
    // No confidence stated: no confidence badge.
    assert!(!between(&html, "class=\"badges\"", "</p>").contains("confident"));
}
