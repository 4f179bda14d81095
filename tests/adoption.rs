//! Pointing hindsight at folders a team already has: monorepos with several sources,
//! builds that keep going past unreadable files, and `check` without noise on keys and
//! links common in the wild.

mod common;

use common::{copy_fixture, hindsight, json};

/// `[[sources]]` with sibling relative paths: every source is read, each record with its
/// package, and a source that yields nothing is a warning naming it.
#[test]
fn monorepo_sources_with_sibling_relative_paths_are_all_read() {
    let (_tmp, dir) = copy_fixture("adoption/monorepo");
    let out = hindsight(&dir)
        .args(["export", "--today", "2026-11-23"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export = json(&out.stdout);
    let records: Vec<(String, String)> = export["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["package"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        records,
        [
            (
                "billing/adr/0001-bill-monthly".to_string(),
                "billing".to_string()
            ),
            (
                "ledger/adr/0001-keep-a-double-entry-ledger".to_string(),
                "ledger".to_string()
            )
        ]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "warning[empty-source]: source folder `search/adr` (package `search`) holds no decision records"
        ),
        "{stderr}"
    );
    // The build reads both too (it used to build 0 records and exit 0).
    let out = hindsight(&dir)
        .args(["build", "--today", "2026-11-23"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Built 2 records"), "{stderr}");
    assert!(
        dir.join("site/decisions/ledger/adr/0001-keep-a-double-entry-ledger.html")
            .is_file()
    );
}
