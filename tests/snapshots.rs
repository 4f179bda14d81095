//! Snapshots of what users see: diagnostics on the terminal and a rendered record page.
//! Update them deliberately with `INSTA_UPDATE=always cargo test --test snapshots` and review the diff.

mod common;

use common::{copy_fixture, hindsight};

#[test]
fn diagnostics_read_like_rustc() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("decisions");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("0001-events.md"),
        "---\ntitle: Store events\nstatus: accepted\nrevist: 2027-01-01\nsupersedes: [7]\n---\n\nSee [the ledger](0002-ledger.md).\n",
    )
    .unwrap();
    std::fs::write(
        src.join("0003-broken.md"),
        "---\ntitle: Broken\ntags: [a, b\n---\n",
    )
    .unwrap();
    let out = hindsight(tmp.path())
        .args(["check", "--today", "2026-11-23"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr));
}

#[test]
fn record_page() {
    let (_tmp, dir) = copy_fixture("site");
    hindsight(&dir)
        .args(["build", "--today", "2026-11-23"])
        .assert()
        .success();
    let page = std::fs::read_to_string(dir.join("site/decisions/0004-sessions-in-postgresql.html"))
        .unwrap();
    insta::assert_snapshot!(page);
}
