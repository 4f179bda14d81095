//! `hindsight digest` as a manager uses it: the markdown that pastes into an email (exact
//! text for a period of `tests/fixtures/expectations/good`), the JSON counts, a
//! self-contained HTML page, links when the site's address is known, and a period that
//! ends before it starts.

mod common;

use common::{copy_fixture, hindsight, json};

fn digest(args: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let (tmp, dir) = copy_fixture("expectations/good");
    let mut all = vec!["digest", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = hindsight(tmp.path()).args(&all).output().unwrap();
    (out, tmp)
}

#[test]
fn markdown_for_a_period() {
    let (out, _tmp) = digest(&["--since", "2026-01-01", "--until", "2026-11-23"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "# Decisions, 2026-01-01 to 2026-11-23

**2 decided · 1 proposed and waiting · 0 superseded · 3 reviewed · 2 of 5 expectations hit · 1 overdue · 0 due soon · 1 stale proposal**

## Decided

- 1 Split checkout into its own service: accepted 2026-01-10 (ana, wei)
- 2 Cache product pages at the edge: accepted 2026-02-01 (li)

## Proposed and waiting (oldest first)

- 11 Move the fleet to ARM: proposed 2026-05-01, waiting 206 days

## Reviewed

- 3 Checkout after six months (2026-06-01) reviews 1 Split checkout into its own service: held up, process sound
- 5 Edge cache review (2026-09-01) reviews 2 Cache product pages at the edge: held up, process sound
- 4 Checkout after nine months (2026-10-01) reviews 1 Split checkout into its own service: revised, process flawed

## Expectations judged

- ✗ miss: p95 checkout latency stays under 200 ms (90% sure), in 1 Split checkout into its own service; p95 was 260 ms during the sale
- ? unclear: No new on-call rotation is needed (70% sure), in 1 Split checkout into its own service
- ✓ hit: Cache hit rate above 80% (90% sure), in 2 Cache product pages at the edge
- ✗ miss: Origin load halves (60% sure), in 2 Cache product pages at the edge; Origin load fell by 30%
- ✓ hit: p95 checkout latency stays under 200 ms (90% sure), in 1 Split checkout into its own service; p95 was 140 ms
- ✗ miss: Hosting costs fall by a third (30% sure), in 1 Split checkout into its own service; Costs rose 10%

## Overdue for revisit

- 10 Nightly backups only: was due 2026-01-01, 326 days late

## Stale proposals

- 11 Move the fleet to ARM: proposed 2026-05-01, 206 days ago
"
    );
}

#[test]
fn json_and_links() {
    let (out, _tmp) = digest(&[
        "--since",
        "2025-01-01",
        "--until",
        "2025-12-31",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v = json(&out.stdout);
    let d = &v["digest"];
    assert_eq!(v["schema"], 1);
    let ids = |k: &str| -> Vec<String> {
        d[k].as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Made in 2025: records 6, 8 and 10.
    assert_eq!(
        ids("decided"),
        [
            "0006-keep-the-monolith-build",
            "0008-skip-canary-releases",
            "0010-nightly-backups"
        ]
    );
    let reviewed: Vec<(&str, &str, &str)> = d["reviewed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["retrospective"]["id"].as_str().unwrap(),
                r["verdict"].as_str().unwrap(),
                r["process"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reviewed,
        [
            ("0009-canary-review", "reversed", "flawed"),
            ("0007-monolith-build-review", "held-up", "sound")
        ]
    );
    assert_eq!(
        (d["hits"].as_u64(), d["misses"].as_u64()),
        (Some(0), Some(0))
    );
    // As of 2025-12-31 nothing is overdue yet; record 10 is due the next day.
    assert_eq!(ids("overdue"), Vec::<String>::new());
    assert_eq!(ids("due"), ["0010-nightly-backups"]);

    // With base_url set, names link to the site.
    let (tmp, dir) = copy_fixture("expectations/good");
    std::fs::write(
        tmp.path().join("hindsight.toml"),
        "base_url = \"https://example.org/adr/\"\n",
    )
    .unwrap();
    let out = hindsight(tmp.path())
        .args([
            "digest",
            dir.to_str().unwrap(),
            "--since",
            "2026-01-01",
            "--until",
            "2026-01-31",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("- [1 Split checkout into its own service](https://example.org/adr/decisions/0001-split-out-checkout.html): accepted 2026-01-10 (ana, wei)"),
        "{text}"
    );
}

#[test]
fn html_is_one_self_contained_page() {
    let (out, _tmp) = digest(&[
        "--since",
        "2026-01-01",
        "--until",
        "2026-11-23",
        "--format",
        "html",
    ]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<h2>Expectations judged</h2>"));
    assert!(
        html.contains("<li>11 Move the fleet to ARM: proposed 2026-05-01, waiting 206 days</li>")
    );
    // Nothing to fetch: no script, no stylesheet link, no image.
    for needle in ["<script", "<link", "<img", "src="] {
        assert!(!html.contains(needle), "{needle}");
    }
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let (out, _tmp) = digest(&["--since", "2026-02-01", "--until", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--since 2026-02-01 is after --until 2026-01-01")
    );
}
