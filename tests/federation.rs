//! One site from many repositories: `[[sources]] git = ...` read through `file://` URLs
//! from bare repositories made here (issue 15).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{hindsight, json, record};

fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_AUTHOR_NAME", "Ana")
        .env("GIT_AUTHOR_EMAIL", "ana@example.com")
        .env("GIT_COMMITTER_NAME", "Ana")
        .env("GIT_COMMITTER_EMAIL", "ana@example.com")
        .env_remove("GIT_DIR")
        .output()
        .expect("git runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// A bare repository `<name>.git` under `base`, pushed from a work tree `<name>-work`
/// holding `files` (path, text) committed on `date`; returns the bare repository's
/// `file://` URL and the work tree.
fn repo(base: &Path, name: &str, files: &[(&str, &str)], date: &str) -> (String, PathBuf) {
    let bare = base.join(format!("{name}.git"));
    let work = base.join(format!("{name}-work"));
    std::fs::create_dir_all(&bare).unwrap();
    git(&bare, &["init", "--quiet", "--bare", "-b", "main"], date);
    std::fs::create_dir_all(&work).unwrap();
    git(&work, &["init", "--quiet", "-b", "main"], date);
    git(
        &work,
        &["remote", "add", "origin", bare.to_str().unwrap()],
        date,
    );
    commit(&work, files, date);
    (format!("file://{}", bare.display()), work)
}

/// Writes `files` into `work`, commits them on `date` and pushes.
fn commit(work: &Path, files: &[(&str, &str)], date: &str) {
    for (path, text) in files {
        let p = work.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    git(work, &["add", "-A"], date);
    git(work, &["commit", "--quiet", "-m", "records"], date);
    git(work, &["push", "--quiet", "origin", "HEAD:main"], date);
}

fn rec(n: u32, title: &str, extra: &str) -> String {
    format!(
        "---\nnumber: {n}\ntitle: {title}\nstatus: accepted\nrevisit: 2030-01-01\n{extra}---\n\nBody of {title}.\n"
    )
}

struct Org {
    tmp: tempfile::TempDir,
    payments: String,
    payments_work: PathBuf,
    portal: PathBuf,
}

impl Org {
    fn cache(&self) -> PathBuf {
        self.tmp.path().join("cache")
    }

    fn build(&self, extra: &[&str]) -> std::process::Output {
        hindsight(&self.portal)
            .args(["build", "--out", "site", "--cache"])
            .arg(self.cache())
            .args(extra)
            .output()
            .unwrap()
    }

    fn site(&self, path: &str) -> String {
        std::fs::read_to_string(self.portal.join("site").join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

/// A portal with a local record and two git sources: `payments` (records in `docs/adr`,
/// with a README outside it) and `platform` (records at the root, a `v1` tag).
fn org(config_extra: &str) -> Org {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path();
    let (payments, payments_work) = repo(
        base,
        "payments",
        &[
            (
                "docs/adr/0001-use-postgres.md",
                &rec(1, "Use Postgres", "tags: [storage]\n"),
            ),
            ("README.md", "# payments\n"),
            ("src/main.rs", "fn main() {}\n"),
        ],
        "2026-01-05",
    );
    commit(
        &payments_work,
        &[(
            "docs/adr/0002-ledger-in-events.md",
            &rec(2, "Ledger in events", ""),
        )],
        "2026-02-10",
    );
    let (platform, platform_work) = repo(
        base,
        "platform",
        &[("0003-use-k8s.md", &rec(3, "Use Kubernetes", ""))],
        "2025-11-01",
    );
    git(&platform_work, &["tag", "v1"], "2025-11-01");
    git(
        &platform_work,
        &["push", "--quiet", "origin", "v1"],
        "2025-11-01",
    );
    let portal = base.join("portal");
    std::fs::create_dir_all(portal.join("decisions")).unwrap();
    std::fs::write(
        portal.join("decisions/0001-one-portal.md"),
        rec(1, "One portal", ""),
    )
    .unwrap();
    std::fs::write(
        portal.join("hindsight.toml"),
        format!(
            "title = \"Acme decisions\"\n\n[[sources]]\npath = \"decisions\"\n\n\
             [[sources]]\ngit = \"{payments}\"\nrev = \"main\"\npath = \"docs/adr\"\n\n\
             [[sources]]\ngit = \"{platform}\"\nrev = \"v1\"\npackage = \"platform\"\n{config_extra}"
        ),
    )
    .unwrap();
    Org {
        tmp,
        payments,
        payments_work,
        portal,
    }
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_site_from_local_records_and_two_repositories() {
    let org = org("");
    let o = org.build(&[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let payments_head = git(&org.payments_work, &["rev-parse", "HEAD"], "2026-01-01");
    assert!(
        err.contains(&format!(
            "Read payments from {} main at {payments_head} (2026-02-10)",
            org.payments
        )),
        "{err}"
    );
    let export = json(org.site("decisions.json").as_bytes());
    let ids: Vec<&str> = export["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "0001-one-portal",
            "payments/0001-use-postgres",
            "payments/0002-ledger-in-events",
            "platform/0003-use-k8s"
        ]
    );
    assert_eq!(
        record(&export, "payments/0001-use-postgres")["package"],
        "payments"
    );
    // What the build read, per source.
    let sources = export["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0]["package"], "payments");
    assert_eq!(sources[0]["git"], org.payments.as_str());
    assert_eq!(sources[0]["rev"], "main");
    assert_eq!(sources[0]["commit"], payments_head.as_str());
    assert!(sources[0]["fetched_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(sources[1]["package"], "platform");
    assert_eq!(sources[1]["rev"], "v1");
    // Dates from the source's own history: the record states none... it states its
    // number only, so git's created date fills it in.
    let page = org.site("decisions/payments/0002-ledger-in-events.html");
    assert!(page.contains("Last changed"), "{page}");
    assert!(page.contains("2026-02-10"), "{page}");
    assert!(page.contains("payments at <code>"), "{page}");
    // A file:// repository has no web address, so no edit link.
    assert!(!page.contains("Edit this file"), "{page}");
    // The sparse checkout holds the records folder only: files outside it are never
    // checked out.
    let checkout = std::fs::read_dir(org.cache().join("git"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("payments-")
        })
        .unwrap();
    assert!(checkout.join("docs/adr/0002-ledger-in-events.md").is_file());
    assert!(!checkout.join("README.md").exists());
    assert!(!checkout.join("src/main.rs").exists());
}

#[test]
fn git_dates_fill_records_that_state_none() {
    let org = org("");
    commit(
        &org.payments_work,
        &[(
            "docs/adr/0004-no-date.md",
            "# 4. Undated decision\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
        )],
        "2026-03-03",
    );
    let o = org.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let export = json(org.site("decisions.json").as_bytes());
    assert_eq!(
        record(&export, "payments/0004-no-date")["date"],
        "2026-03-03"
    );
}

#[test]
fn an_unreachable_source_reads_its_cached_copy_and_says_so() {
    let org = org("");
    assert!(org.build(&[]).status.success());
    // The repository goes away.
    std::fs::rename(
        org.tmp.path().join("payments.git"),
        org.tmp.path().join("gone.git"),
    )
    .unwrap();
    let o = org.build(&[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("warning[source-fetch]"), "{err}");
    assert!(err.contains("hindsight.toml:7:"), "{err}");
    assert!(err.contains("a cached copy"), "{err}");
    let page = org.site("decisions/payments/0001-use-postgres.html");
    assert!(page.contains("as of <code>"), "{page}");
    assert!(page.contains("2026-02-10</time>"), "{page}");
    assert!(page.contains("could not be fetched"), "{page}");
    let export = json(org.site("decisions.json").as_bytes());
    assert_eq!(export["sources"][0]["stale"], true);
    // --offline reads the cache without trying, and without a warning.
    let o = org.build(&["--offline"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("source-fetch"), "{err}");
}

#[test]
fn a_source_with_no_cache_is_an_error_and_the_others_still_build() {
    let org = org(&format!(
        "\n[[sources]]\ngit = \"file://{}/nowhere.git\"\npackage = \"nowhere\"\n",
        std::env::temp_dir().display()
    ));
    let o = org.build(&[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[source-unavailable]"), "{err}");
    assert!(err.contains("hindsight.toml:17:"), "{err}");
    assert!(
        err.contains("does not appear to be a git repository"),
        "{err}"
    );
    // The others are in the site.
    let export = json(org.site("decisions.json").as_bytes());
    assert_eq!(export["records"].as_array().unwrap().len(), 4);
    // No half-made cache is left to pass for a copy.
    let o = org.build(&["--offline"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn bad_entries_are_named_by_file_and_line() {
    let org = org(&format!(
        "\n[[sources]]\ngit = \"{p}\"\nrev = \"no-such-branch\"\npackage = \"a\"\n\
         \n[[sources]]\ngit = \"{p}\"\npath = \"docs/missing\"\npackage = \"b\"\n\
         \n[[sources]]\ngit = \"{p}\"\npath = \"docs/adr\"\n",
        p = "PAYMENTS"
    ));
    // The payments URL is only known once the repositories exist.
    let config = std::fs::read_to_string(org.portal.join("hindsight.toml"))
        .unwrap()
        .replace("PAYMENTS", &org.payments);
    std::fs::write(org.portal.join("hindsight.toml"), config).unwrap();
    let o = org.build(&[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[source-rev]"), "{err}");
    assert!(err.contains("hindsight.toml:18:"), "{err}");
    assert!(
        err.contains("no branch, tag or commit `no-such-branch`"),
        "{err}"
    );
    assert!(err.contains("error[source-path]"), "{err}");
    assert!(err.contains("hindsight.toml:23:"), "{err}");
    assert!(err.contains("no folder `docs/missing`"), "{err}");
    assert!(err.contains("error[source-package]"), "{err}");
    assert!(err.contains("hindsight.toml:27:"), "{err}");
    assert!(err.contains("package `payments`"), "{err}");
    let export = json(org.site("decisions.json").as_bytes());
    assert_eq!(export["records"].as_array().unwrap().len(), 4);
}

#[test]
fn a_url_that_is_not_a_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let not_repo = tmp.path().join("plain");
    std::fs::create_dir_all(&not_repo).unwrap();
    std::fs::create_dir_all(tmp.path().join("portal")).unwrap();
    std::fs::write(
        tmp.path().join("portal/hindsight.toml"),
        format!(
            "[[sources]]\ngit = \"file://{}\"\npath = \"adr\"\n",
            not_repo.display()
        ),
    )
    .unwrap();
    let o = hindsight(&tmp.path().join("portal"))
        .args(["build", "--out", "site", "--cache"])
        .arg(tmp.path().join("cache"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[source-unavailable]"), "{err}");
    assert!(err.contains("hindsight.toml:2:"), "{err}");
    assert!(err.contains("no cached copy"), "{err}");
}

#[test]
fn a_new_commit_is_read_on_the_next_build_and_edit_links_use_the_web_address() {
    let org = org("");
    assert!(org.build(&[]).status.success());
    commit(
        &org.payments_work,
        &[(
            "docs/adr/0001-use-postgres.md",
            &rec(1, "Use Postgres 17", ""),
        )],
        "2026-04-01",
    );
    let o = org.build(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = org.site("decisions/payments/0001-use-postgres.html");
    assert!(page.contains("Use Postgres 17"), "{page}");
    // A web address gives edit links into that repository (the fetch itself is from the
    // local mirror, through an insteadOf rewrite).
    let config = std::fs::read_to_string(org.portal.join("hindsight.toml"))
        .unwrap()
        .replace(&org.payments, "https://git.example/acme/payments.git");
    std::fs::write(org.portal.join("hindsight.toml"), config).unwrap();
    let home = org.tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join(".gitconfig"),
        format!(
            "[url \"{}\"]\n\tinsteadOf = https://git.example/acme/payments.git\n",
            org.payments
        ),
    )
    .unwrap();
    let o = hindsight(&org.portal)
        .args(["build", "--out", "site", "--cache"])
        .arg(org.cache())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let page = org.site("decisions/payments/0001-use-postgres.html");
    assert!(
        page.contains(
            "href=\"https://git.example/acme/payments/edit/main/docs/adr/0001-use-postgres.md\""
        ),
        "{page}"
    );
}

/// A build with `HINDSIGHT_TIMINGS=1`, which names what it reused for each source.
fn build_noting(org: &Org) -> String {
    let o = hindsight(&org.portal)
        .args(["build", "--out", "site", "--cache"])
        .arg(org.cache())
        .env("HINDSIGHT_TIMINGS", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn an_unchanged_repository_is_not_fetched_nor_its_history_or_files_read_again() {
    let org = org("");
    let first = build_noting(&org);
    assert!(!first.contains("payments: remote unchanged"), "{first}");
    assert!(!first.contains("payments: history of"), "{first}");
    let before = org.site("decisions/payments/0002-ledger-in-events.html");
    // Nothing changed: neither source is fetched, and the history comes from the cache.
    let second = build_noting(&org);
    for package in ["payments", "platform"] {
        assert!(
            second.contains(&format!("timing: {package}: remote unchanged at ")),
            "{second}"
        );
        assert!(
            second.contains(&format!("timing: {package}: history of ")),
            "{second}"
        );
        // Its record files are not read again: their texts come from the cache.
        assert!(
            second.contains(&format!(
                "timing: {package}: records folder unchanged (tree "
            )),
            "{second}"
        );
    }
    assert_eq!(
        org.site("decisions/payments/0002-ledger-in-events.html"),
        before
    );
    // The dates git gives (the records state none) are the cached history's.
    let export = json(org.site("decisions.json").as_bytes());
    assert_eq!(
        record(&export, "payments/0001-use-postgres")["date"],
        "2026-01-05"
    );
    assert_eq!(
        record(&export, "platform/0003-use-k8s")["date"],
        "2025-11-01"
    );
    // A new commit in payments: it is fetched and its history read from git again (the
    // new record's date comes from that commit); platform is still reused.
    commit(
        &org.payments_work,
        &[(
            "docs/adr/0004-no-date.md",
            "# 4. Undated decision\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
        )],
        "2026-03-03",
    );
    let third = build_noting(&org);
    assert!(!third.contains("payments: remote unchanged"), "{third}");
    assert!(!third.contains("payments: history of"), "{third}");
    assert!(third.contains("timing: platform: history of "), "{third}");
    assert!(
        !third.contains("payments: records folder unchanged"),
        "{third}"
    );
    assert!(
        third.contains("timing: platform: records folder unchanged (tree "),
        "{third}"
    );
    let export = json(org.site("decisions.json").as_bytes());
    assert_eq!(
        record(&export, "payments/0004-no-date")["date"],
        "2026-03-03"
    );
    assert_eq!(
        record(&export, "payments/0002-ledger-in-events")["date"],
        "2026-02-10"
    );
}

#[test]
fn references_across_repositories_hold_both_ways() {
    let org = org("");
    // In payments: a record relating to platform's (across two git sources).
    commit(
        &org.payments_work,
        &[(
            "docs/adr/0005-deploy-on-k8s.md",
            &rec(
                5,
                "Deploy on Kubernetes",
                "relates: [platform#0003-use-k8s]\n",
            ),
        )],
        "2026-03-01",
    );
    // In the portal: a record superseding payments' record 1, a retrospective of
    // payments' record 2, and references to a package and a record that do not exist.
    let decisions = org.portal.join("decisions");
    std::fs::write(
        decisions.join("0002-one-database.md"),
        rec(
            2,
            "One database",
            "supersedes: [payments#1]\nrelates: [platform#3, billing#4, payments#99]\n",
        ),
    )
    .unwrap();
    std::fs::write(
        decisions.join("0003-ledger-a-year-on.md"),
        "---\nkind: retrospective\nreviews: payments#0002-ledger-in-events\nverdict: mixed\ndate: 2026-04-01\n---\n\n# Ledger, a year on\n\nFine.\n",
    )
    .unwrap();
    let o = org.build(&[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // Unknown package, and a record its package does not have: named at file:line.
    assert!(err.contains("warning[unknown-package]"), "{err}");
    assert!(
        err.contains("names package `billing`, which no source provides"),
        "{err}"
    );
    assert!(
        err.contains("the packages are `payments`, `platform`"),
        "{err}"
    );
    assert!(
        err.contains("`payments#99` in `relates` names no record of package `payments`"),
        "{err}"
    );
    assert!(err.contains("0002-one-database.md:7:"), "{err}");
    let export = json(org.site("decisions.json").as_bytes());
    // Supersede, both ways, across repositories.
    let old = record(&export, "payments/0001-use-postgres");
    assert_eq!(
        old["superseded_by"],
        serde_json::json!(["0002-one-database"])
    );
    assert_eq!(old["status"], "superseded");
    let new = record(&export, "0002-one-database");
    assert_eq!(
        new["supersedes"],
        serde_json::json!(["payments/0001-use-postgres"])
    );
    // Relates, both ways: the portal's record and payments' record 5 with platform's.
    let k8s = record(&export, "platform/0003-use-k8s");
    assert_eq!(
        k8s["relates"],
        serde_json::json!(["0002-one-database", "payments/0005-deploy-on-k8s"])
    );
    assert_eq!(
        record(&export, "payments/0005-deploy-on-k8s")["relates"],
        serde_json::json!(["platform/0003-use-k8s"])
    );
    // Reviews: the retrospective is attached to payments' record.
    assert_eq!(
        record(&export, "0003-ledger-a-year-on")["reviews"],
        "payments/0002-ledger-in-events"
    );
    assert_eq!(
        record(&export, "payments/0002-ledger-in-events")["retrospectives"],
        serde_json::json!(["0003-ledger-a-year-on"])
    );
    // The pages link each other.
    let page = org.site("decisions/payments/0001-use-postgres.html");
    assert!(page.contains("0002-one-database.html"), "{page}");
}

#[test]
fn new_supersedes_a_record_of_another_repository_and_says_what_to_add_there() {
    let org = org("");
    assert!(org.build(&[]).status.success());
    let cached = |org: &Org| {
        let dir = std::fs::read_dir(org.cache().join("git"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("payments-")
            })
            .unwrap();
        std::fs::read(dir.join("docs/adr/0002-ledger-in-events.md")).unwrap()
    };
    let before = cached(&org);
    let o = hindsight(&org.portal)
        .args([
            "new",
            "Ledger in Postgres",
            "--supersedes",
            "payments#2",
            "--cache",
        ])
        .arg(org.cache())
        .args(["--date", "2026-05-01"])
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let created = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(created.ends_with("0002-ledger-in-postgres.md"), "{created}");
    let text =
        std::fs::read_to_string(org.portal.join("decisions/0002-ledger-in-postgres.md")).unwrap();
    assert!(text.contains("payments#0002-ledger-in-events"), "{text}");
    // The other repository's record is not edited (not even its cached copy); the line
    // to add there is printed.
    assert_eq!(cached(&org), before);
    assert!(
        err.contains(&format!(
            "add to docs/adr/0002-ledger-in-events.md in payments ({})",
            org.payments
        )),
        "{err}"
    );
    assert!(
        err.contains("superseded_by: [portal#0002-ledger-in-postgres]"),
        "{err}"
    );
    // The portal's site holds the link both ways from the new record alone.
    assert!(org.build(&[]).status.success());
    let export = json(org.site("decisions.json").as_bytes());
    assert_eq!(
        record(&export, "payments/0002-ledger-in-events")["superseded_by"],
        serde_json::json!(["0002-ledger-in-postgres"])
    );
    // A package no source provides: refused, nothing written.
    let o = hindsight(&org.portal)
        .args([
            "new",
            "Billing",
            "--supersedes",
            "billing#1",
            "--offline",
            "--cache",
        ])
        .arg(org.cache())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[unknown-package]"), "{err}");
    assert!(!org.portal.join("decisions/0003-billing.md").exists());
}

#[test]
fn each_package_has_a_page_a_calendar_and_a_due_list() {
    let org = org("");
    commit(
        &org.payments_work,
        &[
            (
                "docs/adr/0006-retry-payouts.md",
                "---\nnumber: 6\ntitle: Retry payouts\nstatus: accepted\nrevisit: 2026-05-01\n---\n\nx\n",
            ),
            (
                "docs/adr/0007-fraud-scores.md",
                "---\nnumber: 7\ntitle: Fraud scores\nstatus: proposed\nrevisit: 2026-06-10\n---\n\nx\n",
            ),
        ],
        "2026-05-20",
    );
    let o = org.build(&["--today", "2026-06-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = org.site("packages/payments.html");
    let glance = &page[page.find("At a glance").expect("the team's summary")..];
    let glance = &glance[..glance.find("All records").unwrap()];
    assert!(glance.contains("<strong>4</strong> decisions"), "{glance}");
    assert!(
        glance.contains("<strong>1</strong> overdue, <strong>1</strong> due for revisit"),
        "{glance}"
    );
    assert!(glance.contains("accepted</a>: 3"), "{glance}");
    assert!(glance.contains("proposed</a>: 1"), "{glance}");
    // Freshness: the newest decision is from 2026-05-20, 12 days before today.
    assert!(
        glance.contains(
            "<time datetime=\"2026-05-20\">2026-05-20</time>: <strong>12</strong> days ago"
        ),
        "{glance}"
    );
    let overdue = &glance
        [glance.find("<h3>Overdue</h3>").unwrap()..glance.find("<h3>Due soon</h3>").unwrap()];
    assert!(
        overdue.contains("Retry payouts") && !overdue.contains("Fraud scores"),
        "{overdue}"
    );
    let oldest = &glance[glance.find("<h3>Oldest</h3>").unwrap()..];
    assert!(oldest.contains("Use Postgres"), "{oldest}");
    assert!(
        glance.contains("href=\"../revisits/payments.ics\""),
        "{glance}"
    );
    // One calendar per package, beside the whole one.
    let cal = org.site("revisits/payments.ics");
    assert!(
        cal.contains("X-WR-CALNAME:Acme decisions: payments revisits"),
        "{cal}"
    );
    assert!(
        cal.contains("SUMMARY:Retry payouts") && cal.contains("SUMMARY:Fraud scores"),
        "{cal}"
    );
    assert!(!cal.contains("Use Kubernetes"), "{cal}");
    assert!(
        org.site("revisits/platform.ics")
            .contains("SUMMARY:Use Kubernetes")
    );
    assert!(org.site("revisits.ics").contains("SUMMARY:Use Kubernetes"));
    // due --package: that package's revisits only.
    let o = hindsight(&org.portal)
        .args([
            "due",
            "--package",
            "payments",
            "--format",
            "json",
            "--offline",
            "--today",
            "2026-06-01",
            "--within",
            "3650",
            "--cache",
        ])
        .arg(org.cache())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let due = json(&o.stdout);
    let items = due["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "payments/0006-retry-payouts",
            "payments/0007-fraud-scores",
            "payments/0001-use-postgres",
            "payments/0002-ledger-in-events"
        ]
    );
    let o = hindsight(&org.portal)
        .args(["due", "--package", "billing", "--offline", "--cache"])
        .arg(org.cache())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the packages are `payments`, `platform`"),
        "{err}"
    );
}
