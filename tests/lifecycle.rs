//! Lifecycle from git as users see it: each record's status changes as committed, in
//! `decisions.json` and on its page ("proposed 2026-01-10, accepted 2026-02-02 (23
//! days)"), the insights page's time from proposed to accepted, and `check`'s
//! `stale-proposal` (by the lifecycle, else the record's date; `stale_after` in
//! hindsight.toml). Each test makes a real git repository with dated commits.

mod common;

use std::path::Path;
use std::process::Command;

use common::{hindsight, json, record};
use serde_json::json;

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

fn git(dir: &Path, args: &[&str], date: &str) {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_AUTHOR_NAME", "Ana")
        .env("GIT_AUTHOR_EMAIL", "ana@example.com")
        .env("GIT_COMMITTER_NAME", "Ana")
        .env("GIT_COMMITTER_EMAIL", "ana@example.com")
        .output()
        .expect("git runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A repository where record 1 is proposed on 2026-01-10 and accepted 2026-02-02 (23
/// days), then implemented on 2026-03-01; record 2 is proposed 2026-01-01, accepted
/// 2026-01-06 (5 days); record 3 is proposed 2026-01-01 and accepted 2026-04-11 (100 days).
/// Records 4 and 5: see below.
fn lifecycle_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let d = root.join("decisions");
    std::fs::create_dir(&d).unwrap();
    git(root, &["init", "-q", "-b", "main"], "2026-01-01");
    let write = |name: &str, status: &str| {
        std::fs::write(
            d.join(name),
            format!("---\ntitle: {name}\nstatus: {status}\ndate: 2026-01-01\nrevisit: 2027-01-01\n---\nText.\n"),
        )
        .unwrap();
    };
    write("0002-b.md", "proposed");
    write("0003-c.md", "proposed");
    git(root, &["add", "."], "2026-01-01");
    git(root, &["commit", "-q", "-m", "propose b, c"], "2026-01-01");
    write("0002-b.md", "accepted");
    git(root, &["commit", "-qam", "accept b"], "2026-01-06");
    write("0001-a.md", "proposed");
    git(root, &["add", "."], "2026-01-10");
    git(root, &["commit", "-q", "-m", "propose a"], "2026-01-10");
    write("0001-a.md", "accepted");
    git(root, &["commit", "-qam", "accept a"], "2026-02-02");
    write("0001-a.md", "implemented");
    git(root, &["commit", "-qam", "a is implemented"], "2026-03-01");
    write("0003-c.md", "accepted");
    git(root, &["commit", "-qam", "accept c"], "2026-04-11");
    // Record 4 has been proposed since its date, 2026-01-01; record 5's file says
    // 2026-01-01 too, but it was proposed again (after a rejection) on 2026-11-01.
    write("0004-d.md", "proposed");
    write("0005-e.md", "rejected");
    git(root, &["add", "."], "2026-01-01");
    git(root, &["commit", "-q", "-m", "d and e"], "2026-01-01");
    write("0005-e.md", "proposed");
    git(root, &["commit", "-qam", "propose e again"], "2026-11-01");
    tmp
}

#[test]
fn proposed_to_accepted_comes_from_the_git_lifecycle() {
    let repo = lifecycle_repo();
    let (_tmp, out) = build(&repo.path().join("decisions"), repo.path());
    let html = std::fs::read_to_string(out.join("insights.html")).unwrap();
    // 5, 23 and 100 days: median 23, quartiles 14 and 61.5.
    assert!(html.contains("<td class=\"n\">23 days</td><td class=\"n\">14–61.5 days</td><td class=\"n\">5 days</td><td class=\"n\">100 days</td>"), "{html}");
    assert!(html.contains("accepted it (3 decisions)"));
    // Drawn too: a box over the middle half, 14 to 61.5 days.
    assert!(html.contains("<svg") && html.contains("<title>middle half: 14–61.5 days</title>"));
}

#[test]
fn the_lifecycle_is_in_the_json_and_on_the_page() {
    let repo = lifecycle_repo();
    let src = repo.path().join("decisions");
    let out = hindsight(repo.path())
        .args(["export", "decisions", "--today", TODAY])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let a = &record(&v, "0001-a")["lifecycle"];
    let steps: Vec<_> = a
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["status"].as_str().unwrap().to_string(),
                t["status_raw"].as_str().map(str::to_string),
                t["date"].as_str().unwrap().to_string(),
                t["commit"].as_str().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            ("proposed".into(), None, "2026-01-10".into(), 40),
            ("accepted".into(), None, "2026-02-02".into(), 40),
            // Implemented keeps the record accepted, and records the date.
            (
                "accepted".into(),
                Some("implemented".into()),
                "2026-03-01".into(),
                40
            ),
        ]
    );
    assert_eq!(record(&v, "0001-a")["status"], "accepted");
    let (_tmp, site) = build(&src, repo.path());
    let page = std::fs::read_to_string(site.join("decisions/0001-a.html")).unwrap();
    let at = page
        .find("<dt>Lifecycle</dt>")
        .expect("a lifecycle on the page");
    let dd = &page[at..at + page[at..].find("</dd>").unwrap()];
    let text: String = {
        let mut t = String::new();
        let mut tag = false;
        for c in dd.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => t.push(c),
                _ => {}
            }
        }
        t
    };
    assert_eq!(
        text,
        "Lifecycleproposed 2026-01-10, accepted 2026-02-02 (23 days), implemented 2026-03-01 (27 days)"
    );
    // The site's decisions.json carries it too.
    let site_json = json(&std::fs::read(site.join("decisions.json")).unwrap());
    assert_eq!(record(&site_json, "0001-a")["lifecycle"], *a);
    // Outside git there is no lifecycle.
    let plain = tempfile::tempdir().unwrap();
    common::copy_dir(&src, &plain.path().join("d"));
    let out = hindsight(plain.path())
        .args(["export", "d", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(record(&json(&out.stdout), "0001-a")["lifecycle"], json!([]));
}

#[test]
fn check_warns_about_stale_proposals() {
    let repo = lifecycle_repo();
    let check = |extra: &[&str]| -> Vec<(String, String, u64)> {
        let mut args = vec!["check", "decisions", "--today", TODAY, "--format", "json"];
        args.extend_from_slice(extra);
        let out = hindsight(repo.path()).args(&args).output().unwrap();
        json(&out.stdout)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "stale-proposal")
            .map(|d| {
                (
                    d["file"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // Record 4: proposed since 2026-01-01, 326 days. Record 5 was proposed again on
    // 2026-11-01 (22 days): its lifecycle, not its date, says so.
    assert_eq!(
        check(&[]),
        vec![(
            "decisions/0004-d.md".to_string(),
            "proposed since 2026-01-01, 326 days ago (more than 60 days)".to_string(),
            3
        )]
    );
    std::fs::write(repo.path().join("hindsight.toml"), "stale_after = 20\n").unwrap();
    let found = check(&[]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found[1].1,
        "proposed since 2026-11-01, 22 days ago (more than 20 days)"
    );
    std::fs::write(repo.path().join("hindsight.toml"), "stale_after = 0\n").unwrap();
    assert_eq!(check(&[]), vec![]);
}
