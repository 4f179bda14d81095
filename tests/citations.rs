//! Governed paths and citations on fixture repositories made here (git init, commits, a
//! base branch): `applies_to`, `hindsight why`, the citation scan (`cited_in`,
//! `cites-superseded`, `cites-unknown`), record pages, `check --changed`, `new --applies-to`.

mod common;

use std::path::{Path, PathBuf};

use common::hindsight;
use serde_json::Value;

const TODAY: &str = "2026-06-01";

fn git(dir: &Path, args: &[&str]) {
    let o = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ana")
        .env("GIT_AUTHOR_EMAIL", "a@example.org")
        .env("GIT_COMMITTER_NAME", "Ana")
        .env("GIT_COMMITTER_EMAIL", "a@example.org")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Whether git is installed; under `CI` its absence fails the test instead of skipping it.
fn git_or_skip() -> bool {
    let ok = std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "git is not installed, and these tests need it"
        );
        eprintln!("skipped: git is not installed");
    }
    ok
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A repository with records in `docs/adr`, code that cites them, and one commit on `main`.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    write(
        &repo,
        "hindsight.toml",
        "repo_url = \"https://github.com/acme/pay\"\n[[sources]]\npath = \"docs/adr\"\n",
    );
    write(&repo, ".gitignore", "target/\n");
    write(
        &repo,
        "docs/adr/0001-ledger-in-postgres.md",
        "---\ntitle: Keep the ledger in PostgreSQL\nstatus: accepted\ndate: 2025-01-01\nrevisit: 2026-01-01\napplies_to: [services/ledger/**, \"*.sql\"]\n---\n\nText.\n",
    );
    write(
        &repo,
        "docs/adr/0002-old-queue.md",
        "---\ntitle: Queue jobs in Redis\nstatus: accepted\ndate: 2024-01-01\nrevisit: 2027-01-01\napplies_to: [services/queue/]\n---\n\nText.\n",
    );
    write(
        &repo,
        "docs/adr/0003-new-queue.md",
        "---\ntitle: Queue jobs in PostgreSQL\nstatus: accepted\ndate: 2025-06-01\nrevisit: 2027-06-01\nsupersedes: [2]\napplies_to: [services/queue/consumer.rs]\n---\n\nText.\n",
    );
    write(
        &repo,
        "docs/adr/0004-bad-glob.md",
        "---\ntitle: A bad glob\nstatus: proposed\ndate: 2025-06-01\napplies_to: [docs/**, \"src/[x\"]\n---\n\nText.\n",
    );
    write(
        &repo,
        "services/ledger/src/main.rs",
        "fn main() {} // ADR-0001: one database\n",
    );
    write(
        &repo,
        "services/queue/worker.rs",
        "fn work() {}\n    // see adr_2 and ADR 99\n",
    );
    write(
        &repo,
        "services/queue/consumer.rs",
        "// Follows [the new queue](../../docs/adr/0003-new-queue.md).\n",
    );
    write(&repo, "db/schema.sql", "create table ledger ();\n");
    write(
        &repo,
        "README.md",
        "# Pay\n\nCitations look like `ADR-1` or \"ADR-2\" (examples).\nThe queue follows ADR-3.\n",
    );
    // Never read: ignored, too big, binary, the output folder, test data.
    write(&repo, "target/gen.rs", "// ADR-0002\n");
    let mut big = String::from("// ADR-0001\n");
    big.push_str(&"x".repeat(1 << 20));
    write(&repo, "big.txt", &big);
    std::fs::write(repo.join("blob.bin"), b"ADR-0001\0\x01\x02").unwrap();
    write(&repo, "site/index.html", "ADR-0002\n");
    write(&repo, "tests/data/.hindsightignore", "*.txt\n");
    write(&repo, "tests/data/sample.txt", "ADR-0002\n");
    write(&repo, "tests/data/kept.rs", "// ADR-0003\n");
    (tmp, repo)
}

fn commit_main(repo: &Path) {
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", "first"]);
}

/// Runs hindsight in `dir` with `args`.
fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    hindsight(dir).args(args).output().unwrap()
}

fn export(repo: &Path) -> Value {
    let out = run(repo, &["export", "--today", TODAY]);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn record<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

fn sites(r: &Value) -> Vec<String> {
    r["cited_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{}:{}", c["path"].as_str().unwrap(), c["line"]))
        .collect()
}

#[test]
fn why_names_the_governing_decisions_holding_ones_first_and_exits_by_coverage() {
    let (_t, repo) = repository();
    let out = run(
        &repo,
        &[
            "why",
            "services/ledger/src/main.rs",
            "db/schema.sql",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("services/ledger/src/main.rs\n  0001 Keep the ledger in PostgreSQL [accepted], revisit overdue 2026-01-01\n      decisions/0001-ledger-in-postgres.html"),
        "{text}"
    );
    assert!(
        text.contains("db/schema.sql\n  0001 Keep the ledger"),
        "{text}"
    );

    // The successor first, then the superseded decision with its successor.
    let out = run(
        &repo,
        &[
            "why",
            "services/queue/consumer.rs",
            "--format",
            "json",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let decisions = json["paths"][0]["decisions"].as_array().unwrap();
    assert_eq!(json["paths"][0]["path"], "services/queue/consumer.rs");
    assert_eq!(decisions.len(), 2);
    assert_eq!(decisions[0]["id"], "0003-new-queue");
    assert_eq!(decisions[0]["status"], "accepted");
    assert_eq!(decisions[0]["revisit"], "scheduled");
    assert_eq!(decisions[1]["id"], "0002-old-queue");
    assert_eq!(decisions[1]["status"], "superseded");
    assert_eq!(decisions[1]["superseded_by"][0], "0003-new-queue");
    assert_eq!(decisions[1]["url"], "decisions/0002-old-queue.html");

    // A path nothing governs: exit 1, so a script can require coverage.
    let out = run(
        &repo,
        &["why", "README.md", "db/schema.sql", "--today", TODAY],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("README.md\n  governed by no decision\n")
    );
}

#[test]
fn why_reads_paths_from_the_current_folder() {
    let (_t, repo) = repository();
    let out = hindsight(&repo.join("services/queue"))
        .args(["why", "worker.rs", "--config", "../../hindsight.toml"])
        .args(["--source", "../../docs/adr", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["paths"][0]["path"], "services/queue/worker.rs");
    assert_eq!(json["paths"][0]["decisions"][0]["id"], "0002-old-queue");
}

#[test]
fn an_invalid_glob_is_a_warning_at_its_line_and_column() {
    let (_t, repo) = repository();
    let out = run(&repo, &["check", "--format", "json", "--today", TODAY]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "invalid-glob")
        .expect("an invalid-glob warning");
    assert_eq!(d["file"], "docs/adr/0004-bad-glob.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(24))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`src/[x` is not a glob")
    );
}

#[test]
fn the_scan_finds_citations_in_code_and_docs_and_skips_what_it_must() {
    let (_t, repo) = repository();
    let json = export(&repo);
    assert_eq!(
        sites(record(&json, "0001-ledger-in-postgres")),
        ["services/ledger/src/main.rs:1"]
    );
    assert_eq!(
        sites(record(&json, "0002-old-queue")),
        ["services/queue/worker.rs:2"]
    );
    // A relative link to the record file, a plain citation in prose, test code kept.
    assert_eq!(
        sites(record(&json, "0003-new-queue")),
        [
            "README.md:4",
            "services/queue/consumer.rs:1",
            "tests/data/kept.rs:1"
        ]
    );
    assert_eq!(
        record(&json, "0001-ledger-in-postgres")["applies_to"],
        serde_json::json!(["services/ledger/**", "*.sql"])
    );
    assert_eq!(
        record(&json, "0004-bad-glob")["applies_to"],
        serde_json::json!(["docs/**"])
    );
}

#[test]
fn check_warns_about_superseded_and_unknown_citations_at_the_citing_line() {
    let (_t, repo) = repository();
    let out = run(&repo, &["check", "--format", "github", "--today", TODAY]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("::warning file=services/queue/worker.rs,line=2,col=12,title=cites-superseded::this cites decision 2 \"Queue jobs in Redis\", which is superseded by decision 3 \"Queue jobs in PostgreSQL\"%0Ahelp: cite decision 3 \"Queue jobs in PostgreSQL\" if the code follows it\n"),
        "{text}"
    );
    assert!(
        text.contains("::warning file=services/queue/worker.rs,line=2,col=22,title=cites-unknown::no decision record has the number 99"),
        "{text}"
    );
    assert_eq!(text.matches("title=cites-").count(), 2, "{text}");

    let out = run(&repo, &["check", "--today", TODAY]);
    let human = String::from_utf8(out.stderr).unwrap();
    assert!(
        human.contains(
            "warning[cites-unknown]: no decision record has the number 99\n --> services/queue/worker.rs:2:22\n  |\n2 |     // see adr_2 and ADR 99\n  |                      ^^^^^^"
        ),
        "{human}"
    );
}

#[test]
fn citations_are_configurable_and_off_costs_nothing() {
    let (_t, repo) = repository();
    let config = "[[sources]]\npath = \"docs/adr\"\n[citations]\n";
    write(
        &repo,
        "hindsight.toml",
        &format!("{config}patterns = [\"DECISION#(\\\\d+)\"]\npaths = [\"services/ledger\"]\n"),
    );
    write(&repo, "services/ledger/x.rs", "// DECISION#2 and ADR-1\n");
    write(&repo, "services/queue/y.rs", "// DECISION#2\n");
    let json = export(&repo);
    assert_eq!(
        sites(record(&json, "0002-old-queue")),
        ["services/ledger/x.rs:1"]
    );
    assert!(sites(record(&json, "0001-ledger-in-postgres")).is_empty());

    write(
        &repo,
        "hindsight.toml",
        &format!("{config}enabled = false\n"),
    );
    let json = export(&repo);
    for r in json["records"].as_array().unwrap() {
        assert!(r["cited_in"].as_array().unwrap().is_empty());
    }
    let out = run(&repo, &["check", "--format", "json", "--today", TODAY]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("cites-"), "{text}");

    // An invalid pattern is a configuration error at its place.
    write(
        &repo,
        "hindsight.toml",
        &format!("{config}patterns = [\"ADR-\\\\d+\", \"ADR-(\\\\d+\"]\n"),
    );
    let out = hindsight(&repo).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "invalid citation pattern `ADR-\\d+`: it has no group `( )` around the number"
        ),
        "{err}"
    );
    assert!(err.contains("hindsight.toml:4:13"), "{err}");
}

#[test]
fn record_pages_show_governed_files_and_citations_linked_to_the_repository() {
    let (_t, repo) = repository();
    for i in 0..51 {
        write(&repo, &format!("services/queue/jobs/{i:02}.rs"), "\n");
    }
    // The fixture's `site/` is not a site hindsight wrote, so a build would refuse it.
    std::fs::remove_dir_all(repo.join("site")).unwrap();
    let out = run(&repo, &["build", "--today", TODAY]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page =
        std::fs::read_to_string(repo.join("site/decisions/0001-ledger-in-postgres.html")).unwrap();
    assert!(
        page.contains(
            "Governs <code>services/ledger/**</code>, <code>*.sql</code>: 2 files today:"
        ),
        "{page}"
    );
    assert!(page.contains(
        "<a href=\"https://github.com/acme/pay/blob/main/db/schema.sql\"><code>db/schema.sql</code></a>"
    ));
    assert!(page.contains("Cited in 1 place</h3>"));
    assert!(page.contains(
        "<a href=\"https://github.com/acme/pay/blob/main/services/ledger/src/main.rs#L1\"><code>services/ledger/src/main.rs:1</code></a>"
    ));
    // Over 50 files: the count alone.
    let page = std::fs::read_to_string(repo.join("site/decisions/0002-old-queue.html")).unwrap();
    assert!(
        page.contains("Governs <code>services/queue/</code>: 53 files today.</p>"),
        "{page}"
    );
    assert!(!page.contains("jobs/00.rs"));
    let json: Value =
        serde_json::from_slice(&std::fs::read(repo.join("site/decisions.json")).unwrap()).unwrap();
    assert_eq!(
        sites(record(&json, "0003-new-queue"))[1],
        "services/queue/consumer.rs:1"
    );
}

#[test]
fn check_changed_notes_governed_files_and_warns_about_overdue_and_superseded_decisions() {
    if !git_or_skip() {
        return;
    }
    let (_t, repo) = repository();
    commit_main(&repo);
    git(&repo, &["checkout", "-qb", "feature"]);
    write(&repo, "services/ledger/src/main.rs", "fn main() { }\n");
    write(&repo, "services/queue/worker.rs", "fn work() { }\n");
    write(&repo, "README.md", "# Pay\n");
    git(&repo, &["commit", "-qam", "change"]);
    // A change on main after the branch left it is not the branch's.
    git(&repo, &["checkout", "-q", "main"]);
    write(&repo, "db/schema.sql", "create table ledger (id int);\n");
    git(&repo, &["commit", "-qam", "main moves on"]);
    git(&repo, &["checkout", "-q", "feature"]);

    let out = run(
        &repo,
        &[
            "check",
            "--changed",
            "main",
            "--format",
            "github",
            "--today",
            TODAY,
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("::notice file=services/ledger/src/main.rs,title=governed-by::governed by decision 1 \"Keep the ledger in PostgreSQL\" (accepted, decisions/0001-ledger-in-postgres.html)\n"), "{text}");
    assert!(text.contains("::notice file=services/queue/worker.rs,title=governed-by::governed by decision 2 \"Queue jobs in Redis\" (superseded, decisions/0002-old-queue.html)\n"), "{text}");
    assert!(!text.contains("file=README.md,title=governed-by"), "{text}");
    assert!(!text.contains("db/schema.sql"), "{text}");
    assert!(text.contains("::warning file=services/ledger/src/main.rs,title=governing-decision-overdue::this change touches a file governed by decision 1 \"Keep the ledger in PostgreSQL\", which is overdue for revisit (since 2026-01-01)"), "{text}");
    assert!(text.contains("::warning file=services/queue/worker.rs,title=governing-decision-superseded::this change touches a file governed by decision 2 \"Queue jobs in Redis\", which is superseded by decision 3 \"Queue jobs in PostgreSQL\""), "{text}");
    assert_eq!(out.status.code(), Some(0));

    // --changed-files, from a subfolder's point of view; with --deny warnings it fails.
    let out = hindsight(&repo)
        .args([
            "check",
            "--changed-files",
            "db/schema.sql",
            "services/queue/consumer.rs",
        ])
        .args(["--format", "json", "--today", TODAY, "--deny", "warnings"])
        .args([
            "--allow",
            "cites-superseded",
            "--allow",
            "cites-unknown",
            "--allow",
            "invalid-glob",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = json["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2, "{json}");
    assert_eq!(notes[0]["file"], "db/schema.sql");
    assert_eq!(notes[1]["file"], "services/queue/consumer.rs");
    assert!(notes[1]["message"].as_str().unwrap().starts_with(
        "governed by decision 3 \"Queue jobs in PostgreSQL\" (accepted, decisions/0003-new-queue.html); decision 2"
    ));
    // consumer.rs is governed by the successor too: no superseded warning for it.
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .filter(|c| c.starts_with("governing-"))
        .collect();
    assert_eq!(codes, ["governing-decision-overdue"]);
    assert_eq!(out.status.code(), Some(1));

    let out = run(&repo, &["check", "--changed", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-branch...HEAD"));
}

#[test]
fn symlinks_out_of_the_work_tree_are_not_followed() {
    let (t, repo) = repository();
    write(t.path(), "outside/secret.rs", "// ADR-0001\n");
    std::os::unix::fs::symlink(t.path().join("outside"), repo.join("services/outside")).unwrap();
    std::os::unix::fs::symlink(
        t.path().join("outside/secret.rs"),
        repo.join("services/ledger/linked.rs"),
    )
    .unwrap();
    let json = export(&repo);
    assert_eq!(
        sites(record(&json, "0001-ledger-in-postgres")),
        ["services/ledger/src/main.rs:1"]
    );
}

#[test]
fn an_unreadable_file_is_one_warning() {
    use std::os::unix::fs::PermissionsExt;
    let (_t, repo) = repository();
    let locked = repo.join("services/ledger/locked.rs");
    std::fs::write(&locked, "// ADR-0001\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: running as a user who reads any file (root)");
        return;
    }
    let out = run(&repo, &["check", "--format", "json", "--today", TODAY]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let unreadable: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unreadable-file")
        .collect();
    assert_eq!(unreadable.len(), 1, "{json}");
    assert_eq!(unreadable[0]["file"], "services/ledger/locked.rs");
}

#[test]
fn new_writes_applies_to() {
    let (_t, repo) = repository();
    let out = hindsight(&repo)
        .args(["new", "Shard the ledger", "--date", "2026-05-01"])
        .args([
            "--applies-to",
            "services/ledger/**",
            "--applies-to",
            "*.sql",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created = String::from_utf8(out.stdout).unwrap();
    let text = std::fs::read_to_string(repo.join(created.lines().next().unwrap())).unwrap();
    assert!(
        text.contains("\napplies_to: [\"services/ledger/**\", \"*.sql\"]\n---\n"),
        "{text}"
    );
    let out = run(&repo, &["why", "db/schema.sql", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json["paths"][0]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["0001-ledger-in-postgres", "0005-shard-the-ledger"]);

    let out = run(&repo, &["new", "Bad", "--applies-to", "src/{a"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[invalid-glob]"));
}

#[test]
fn numbers_shared_by_packages_are_qualified_by_package() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        repo,
        "hindsight.toml",
        "[[sources]]\npath = \"ledger/adr\"\npackage = \"ledger\"\n[[sources]]\npath = \"queue/adr\"\npackage = \"queue\"\n",
    );
    for p in ["ledger", "queue"] {
        write(
            repo,
            &format!("{p}/adr/0001-first.md"),
            &format!(
                "---\ntitle: First of {p}\nstatus: accepted\ndate: 2025-01-01\nrevisit: 2027-01-01\n---\n\nText.\n"
            ),
        );
    }
    write(
        repo,
        "ledger/src/a.rs",
        "// ledger/ADR-1\n// queue:adr-0001\n// ADR-1\n",
    );
    let json = export(repo);
    assert_eq!(
        sites(record(&json, "ledger/adr/0001-first")),
        ["ledger/src/a.rs:1"]
    );
    assert_eq!(
        sites(record(&json, "queue/adr/0001-first")),
        ["ledger/src/a.rs:2"]
    );
    let out = run(repo, &["check", "--format", "github", "--today", TODAY]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("::warning file=ledger/src/a.rs,line=3,col=4,title=cites-ambiguous::2 records have the number 1 (ledger, queue)%0Ahelp: qualify it by package: `ledger/ADR-1`"),
        "{text}"
    );
}

#[test]
fn outside_git_the_current_folder_is_not_scanned_for_records_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "records/decisions/0001-a.md",
        "---\ntitle: A\nstatus: accepted\ndate: 2025-01-01\n---\n\nText.\n",
    );
    write(tmp.path(), "elsewhere/x.rs", "// ADR-0001\n");
    write(tmp.path(), "records/src/y.rs", "// ADR-0001\n");
    let out = run(
        &tmp.path().join("elsewhere"),
        &["export", "../records/decisions"],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(sites(record(&json, "0001-a")).is_empty(), "{json}");
    // From the folder that holds the records, its files are read.
    let json = export(&tmp.path().join("records"));
    assert_eq!(sites(record(&json, "0001-a")), ["src/y.rs:1"]);
}

#[test]
fn a_records_folder_that_is_the_whole_work_tree_is_not_read_as_code() {
    // An architecture repository (or a folder of records outside git): its records mention
    // and link each other, which is not code citing them.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "0001-queue-in-redis.md",
        "---\ntitle: Queue jobs in Redis\nstatus: superseded\ndate: 2024-01-01\n---\n\nText.\n",
    );
    write(
        dir,
        "0002-queue-in-postgres.md",
        "---\ntitle: Queue jobs in PostgreSQL\nstatus: accepted\ndate: 2025-01-01\nsupersedes: [1]\n---\n\nIn [ADR 0001](0001-queue-in-redis.md) we chose Redis; ADR-7 is elsewhere.\n",
    );
    let out = run(dir, &["check", ".", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("cites-"), "{stderr}");
    let out = run(dir, &["export", ".", "--today", TODAY]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        sites(record(&json, "0001-queue-in-redis")).is_empty(),
        "{json}"
    );
    if git_or_skip() {
        git(dir, &["init", "-q", "-b", "main"]);
        let out = run(dir, &["check", ".", "--today", TODAY]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("cites-"), "{stderr}");
    }
}
