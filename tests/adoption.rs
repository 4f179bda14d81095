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

/// One unreadable file no longer costs the whole site: `build --keep-going` publishes
/// every readable record, lists what was left out (terminal, decisions.json `skipped`, a
/// notice on the index page) and still exits 1; the default stays strict.
#[test]
fn build_keep_going_publishes_every_readable_record() {
    let (_tmp, dir) = copy_fixture("adoption/broken");
    let root = dir.parent().unwrap();
    let strict = hindsight(root)
        .args(["build", "broken", "-o", "site", "--today", "2026-11-23"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    assert!(!root.join("site").exists(), "the default stays strict");

    let out = hindsight(root)
        .args([
            "build",
            "broken",
            "-o",
            "site",
            "--today",
            "2026-11-23",
            "--keep-going",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "still exits 1 so CI fails: {stderr}"
    );
    assert!(stderr.contains("Built 3 records (2 skipped)"), "{stderr}");
    assert!(
        stderr.contains("error: 2 files were left out of the site because of the errors above:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  0004-broken-title.md (front matter is not valid YAML)"),
        "{stderr}"
    );
    for n in 1..=3 {
        assert!(
            root.join(format!("site/decisions/000{n}-good-{n}.html"))
                .is_file()
        );
    }
    assert!(!root.join("site/decisions/0004-broken-title.html").exists());
    let data = json(&std::fs::read(root.join("site/decisions.json")).unwrap());
    let skipped: Vec<&str> = data["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["0004-broken-title.md", "0005-broken-colon.md"]);
    let index = std::fs::read_to_string(root.join("site/index.html")).unwrap();
    assert!(
        index.contains("2 files could not be read and are left out of this site")
            && index.contains("<code>0005-broken-colon.md</code>"),
        "{index}"
    );
}
