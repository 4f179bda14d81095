//! The core pipeline as users run it: `hindsight build` and `hindsight export` over a
//! fixture folder, asserting on the JSON model, on pages, and on the promises of
//! docs/contract.md §6-7 (atomic builds, determinism, escaping, refusing dangerous outputs).

mod common;

use common::{copy_fixture, hindsight, json, record, snapshot_tree};
use serde_json::json;

const TODAY: &str = "2026-11-23";

#[test]
fn export_has_the_shape_and_the_resolved_links() {
    let (_tmp, dir) = copy_fixture("site");
    let out = hindsight(&dir)
        .args(["export", "--today", TODAY])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["today"], TODAY);
    let ids: Vec<&str> = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "0001-use-postgresql",
            "0002-cache-in-redis",
            "0004-sessions-in-postgresql",
            "0005-retro-postgresql",
            "0006-proposal",
            "payments/0003-ledger"
        ]
    );

    let pg = record(&v, "0001-use-postgresql");
    assert_eq!(pg["number"], 1);
    assert_eq!(pg["source"], "0001-use-postgresql.md");
    assert_eq!(pg["kind"], "decision");
    assert_eq!(pg["format"], "native");
    assert_eq!(pg["status"], "accepted");
    assert_eq!(pg["status_raw"], "accepted");
    assert_eq!(pg["date"], "2026-03-02");
    assert_eq!(pg["deciders"], json!(["ana", "wei"]));
    assert_eq!(pg["tags"], json!(["storage", "backend"]));
    assert_eq!(pg["options"][0]["name"], "PostgreSQL");
    assert_eq!(
        pg["options"][0]["pros"],
        json!(["Team runs it today", "Transactions across state and events"])
    );
    assert_eq!(pg["options"][1]["cons"], json!(["New operational burden"]));
    assert_eq!(
        pg["tradeoffs"][0],
        json!({"favor": "consistency", "over": "throughput", "why": "The audit trail must be exact."})
    );
    assert_eq!(pg["outcome"]["chosen"], "PostgreSQL");
    // The retrospective's next_revisit is in force, not the record's own date.
    assert_eq!(
        pg["revisit"],
        json!({"date": "2027-09-01", "when": "write volume passes 5k events/s", "state": "scheduled", "source": "retrospective"})
    );
    assert_eq!(pg["retrospectives"], json!(["0005-retro-postgresql"]));
    assert_eq!(pg["relates"], json!(["payments/0003-ledger"]));
    assert_eq!(pg["url"], "decisions/0001-use-postgresql.html");

    // Supersede written on one side only holds both ways.
    let redis = record(&v, "0002-cache-in-redis");
    assert_eq!(redis["status"], "superseded");
    assert_eq!(redis["status_raw"], "accepted");
    assert_eq!(
        redis["superseded_by"],
        json!(["0004-sessions-in-postgresql"])
    );
    assert_eq!(redis["revisit"]["state"], serde_json::Value::Null);
    let sessions = record(&v, "0004-sessions-in-postgresql");
    assert_eq!(sessions["supersedes"], json!(["0002-cache-in-redis"]));
    assert_eq!(sessions["revisit"]["state"], "unplanned");

    let retro = record(&v, "0005-retro-postgresql");
    assert_eq!(retro["kind"], "retrospective");
    assert_eq!(retro["reviews"], "0001-use-postgresql");
    assert_eq!(retro["verdict"], "held-up");
    assert_eq!(retro["revisit"]["state"], serde_json::Value::Null);

    assert_eq!(
        record(&v, "0006-proposal")["revisit"]["state"],
        serde_json::Value::Null
    );
    let ledger = record(&v, "payments/0003-ledger");
    assert_eq!(ledger["relates"], json!(["0001-use-postgresql"]));
    assert_eq!(ledger["url"], "decisions/payments/0003-ledger.html");

    // The disagreement between the written status and the supersede link is reported.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning[status-disagrees]"), "{stderr}");
    assert!(stderr.contains("0002-cache-in-redis.md:3:9"), "{stderr}");
}

#[test]
fn build_writes_every_page_with_relative_links() {
    let (_tmp, dir) = copy_fixture("site");
    let out = hindsight(&dir)
        .args(["build", "--today", TODAY])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = dir.join("site");
    for page in [
        "index.html",
        "decisions/0001-use-postgresql.html",
        "decisions/payments/0003-ledger.html",
        "tags/index.html",
        "tags/storage.html",
        "status/accepted.html",
        "timeline.html",
        "revisits.html",
        "tradeoffs.html",
        "graph.html",
        "search.html",
        "decisions.json",
        "static/style.css",
        "files/img/arch.svg",
        ".hindsight-site",
    ] {
        assert!(site.join(page).is_file(), "missing {page}");
    }
    let page = std::fs::read_to_string(site.join("decisions/0001-use-postgresql.html")).unwrap();
    // Options side by side, the chosen one marked, with pros and cons.
    assert!(
        page.contains(r#"<section class="option chosen" aria-label="PostgreSQL (chosen)">"#),
        "{page}"
    );
    assert!(page.contains("Transactions across state and events"));
    assert!(page.contains("New operational burden"));
    assert!(page.contains("<strong>consistency</strong> over <strong>throughput</strong>"));
    assert!(page.contains("Fewest moving parts for the volume we have."));
    // Revisit badge, retrospective with verdict, related record, body links rewritten.
    assert!(
        page.contains(r#"<span class="badge revisit-scheduled">revisit 2027-09-01</span>"#),
        "{page}"
    );
    assert!(page.contains(r#"href="../decisions/0005-retro-postgresql.html""#));
    assert!(page.contains(r#"<span class="badge verdict-held-up">held up</span>"#));
    assert!(
        page.contains(r#"href="../decisions/payments/0003-ledger.html#why""#),
        "{page}"
    );
    assert!(page.contains(r#"src="../files/img/arch.svg""#));
    assert!(page.contains("<svg"), "neighbourhood graph");
    assert!(page.contains(r#"href="../static/style.css""#));
    // Nested pages climb two levels.
    let nested = std::fs::read_to_string(site.join("decisions/payments/0003-ledger.html")).unwrap();
    assert!(nested.contains(r#"href="../../static/style.css""#));
    assert!(nested.contains(r#"<h2 id="why">Why</h2>"#), "{nested}");

    let superseded =
        std::fs::read_to_string(site.join("decisions/0002-cache-in-redis.html")).unwrap();
    assert!(superseded.contains("Superseded by"));
    assert!(superseded.contains(r#"href="../decisions/0004-sessions-in-postgresql.html""#));

    // No page requests anything outside the site.
    for (path, bytes) in snapshot_tree(&site) {
        if path.ends_with(".html") {
            let text = String::from_utf8(bytes).unwrap();
            for bad in [
                "src=\"http",
                "href=\"http",
                "src=\"//",
                "href=\"//",
                "@import",
            ] {
                assert!(!text.contains(bad), "{path} contains {bad}");
            }
        }
    }
}

#[test]
fn revisit_dashboard_and_tradeoffs_pages_group_records() {
    let (_tmp, dir) = copy_fixture("site");
    hindsight(&dir)
        .args(["build", "--today", TODAY])
        .assert()
        .success();
    let site = dir.join("site");
    let dash = std::fs::read_to_string(site.join("revisits.html")).unwrap();
    let unplanned =
        &dash[dash.find(r#"id="unplanned""#).unwrap()..dash.find(r#"id="scheduled""#).unwrap()];
    assert!(unplanned.contains("Keep sessions in PostgreSQL"));
    assert!(unplanned.contains("Double-entry ledger"));
    assert!(
        !unplanned.contains("Adopt GraphQL"),
        "proposed records are not unplanned"
    );
    let trade = std::fs::read_to_string(site.join("tradeoffs.html")).unwrap();
    assert!(
        trade.contains("consistency</strong> over <strong>throughput</strong>: 2 decisions"),
        "{trade}"
    );
}

#[test]
fn output_is_byte_identical_for_the_same_input_and_today() {
    let (_tmp, dir) = copy_fixture("site");
    hindsight(&dir)
        .args(["build", "--today", TODAY, "-o", "a"])
        .assert()
        .success();
    hindsight(&dir)
        .args(["build", "--today", TODAY, "-o", "b"])
        .assert()
        .success();
    let a = snapshot_tree(&dir.join("a"));
    let b = snapshot_tree(&dir.join("b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_as_it_was() {
    let (_tmp, dir) = copy_fixture("site");
    hindsight(&dir)
        .args(["build", "--today", TODAY])
        .assert()
        .success();
    let before = snapshot_tree(&dir.join("site"));
    std::fs::write(
        dir.join("decisions/0006-proposal.md"),
        "---\ntitle: Adopt GraphQL\ntags: [api\n---\nBroken front matter.\n",
    )
    .unwrap();
    let out = hindsight(&dir)
        .args(["build", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[front-matter]"), "{stderr}");
    assert!(stderr.contains("0006-proposal.md:"), "{stderr}");
    assert!(stderr.contains("was left as it was"), "{stderr}");
    assert_eq!(snapshot_tree(&dir.join("site")), before);
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("hindsight-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_error_also_leaves_the_site_alone() {
    let (_tmp, dir) = copy_fixture("site");
    hindsight(&dir)
        .args(["build", "--today", TODAY])
        .assert()
        .success();
    let before = snapshot_tree(&dir.join("site"));
    std::fs::create_dir_all(dir.join("theme")).unwrap();
    std::fs::write(dir.join("theme/record.html"), "{% extends \"base.html\" %}{% block content %}{{ r.title | nosuchfilter }}{% endblock content %}").unwrap();
    std::fs::write(dir.join("hindsight.toml"), "templates = \"theme\"\n").unwrap();
    let out = hindsight(&dir)
        .args(["build", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("nosuchfilter"));
    assert_eq!(snapshot_tree(&dir.join("site")), before);
}

#[test]
fn a_templates_folder_overrides_built_in_templates() {
    let (_tmp, dir) = copy_fixture("site");
    std::fs::create_dir_all(dir.join("theme/static")).unwrap();
    std::fs::write(
        dir.join("theme/record.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ r.title }}</h1>{% endblock content %}",
    )
    .unwrap();
    std::fs::write(
        dir.join("theme/static/style.css"),
        "body { color: rebeccapurple; }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("hindsight.toml"),
        "title = \"Acme decisions\"\ntemplates = \"theme\"\n",
    )
    .unwrap();
    hindsight(&dir)
        .args(["build", "--today", TODAY])
        .assert()
        .success();
    let page = std::fs::read_to_string(dir.join("site/decisions/0006-proposal.html")).unwrap();
    assert!(
        page.contains(r#"<h1 class="custom">Adopt GraphQL</h1>"#),
        "{page}"
    );
    assert!(page.contains("Acme decisions"));
    let css = std::fs::read_to_string(dir.join("site/static/style.css")).unwrap();
    assert_eq!(css, "body { color: rebeccapurple; }\n");
}

#[test]
fn nothing_a_record_contains_runs_script() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("decisions");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("0001-evil.md"),
        r#"---
title: "<script>alert('title')</script>"
status: accepted
tags: ["<img src=x onerror=alert(1)>"]
deciders: ["<b onmouseover=alert(1)>x</b>"]
options:
  - name: "<script>alert('option')</script>"
    pros: ["<iframe src=javascript:alert(1)>"]
outcome:
  chosen: "<script>alert('outcome')</script>"
tradeoffs:
  - favor: "<svg onload=alert(1)>"
    over: speed
---
<script>alert('body')</script>

<img src=x onerror="alert(1)">

[click](javascript:alert(1)) [click2](JaVaScRiPt:alert(1)) [click3](data:text/html,<script>alert(1)</script>)
"#,
    )
    .unwrap();
    hindsight(tmp.path())
        .args(["build", "--today", TODAY])
        .assert()
        .success();
    for (path, bytes) in snapshot_tree(&tmp.path().join("site")) {
        if !path.ends_with(".html") && !path.ends_with(".xml") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        // Escaped text cannot run; every raw `<` opens a real tag, so check the tags.
        for tag in tags(&text) {
            let lower = tag.to_lowercase();
            let name: String = lower
                .trim_start_matches('<')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                !["iframe", "object", "embed"].contains(&name.as_str()),
                "{path}: {tag}"
            );
            if name == "script" {
                assert!(
                    lower.contains("src=\"") && lower.contains("static/") || lower == "<script>",
                    "{path}: {tag}"
                );
            }
            for (key, value) in attributes(&lower) {
                assert!(!key.starts_with("on"), "{path}: event handler in {tag}");
                if key == "href" || key == "src" {
                    for scheme in ["javascript:", "data:", "vbscript:"] {
                        assert!(!value.trim_start().starts_with(scheme), "{path}: {tag}");
                    }
                }
            }
        }
        assert!(!text.contains("<script>alert"), "{path}");
    }
}

/// The attributes of a tag, honouring quotes.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let chars: Vec<char> = inner.chars().collect();
    let mut i = chars
        .iter()
        .position(|c| c.is_whitespace())
        .unwrap_or(chars.len());
    let mut out = Vec::new();
    while i < chars.len() {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' {
            i += 1;
        }
        let key: String = chars[start..i].iter().collect();
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let q = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != q {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !key.is_empty() {
            out.push((key, value));
        }
    }
    out
}

/// The raw tags of an HTML text (`<...>`), outside comments.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start..];
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

#[test]
fn the_output_folder_may_not_be_or_contain_the_source() {
    let (_tmp, dir) = copy_fixture("site");
    for out in ["decisions", ".", "decisions/.."] {
        let o = hindsight(&dir)
            .args(["build", "--today", TODAY, "-o", out])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "-o {out}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("refusing to build into"));
    }
    // A folder hindsight did not build is never replaced.
    std::fs::create_dir_all(dir.join("mine")).unwrap();
    std::fs::write(dir.join("mine/notes.txt"), "keep me").unwrap();
    let o = hindsight(&dir)
        .args(["build", "--today", TODAY, "-o", "mine"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("was not built by hindsight"));
    assert_eq!(
        std::fs::read_to_string(dir.join("mine/notes.txt")).unwrap(),
        "keep me"
    );
    // An output folder inside the source works and is not read back as records.
    hindsight(&dir)
        .args(["build", "--today", TODAY, "-o", "decisions/site"])
        .assert()
        .success();
    hindsight(&dir)
        .args(["build", "--today", TODAY, "-o", "decisions/site"])
        .assert()
        .success();
    let v = json(&std::fs::read(dir.join("decisions/site/decisions.json")).unwrap());
    assert_eq!(v["records"].as_array().unwrap().len(), 6);
}

#[test]
fn decisions_json_is_the_export_compact_with_a_record_per_line() {
    let (tmp, dir) = copy_fixture("site");
    let out = hindsight(&dir)
        .args(["export", "--today", TODAY])
        .output()
        .unwrap();
    assert!(out.status.success());
    let site = tmp.path().join("out");
    hindsight(&dir)
        .args(["build", "--today", TODAY, "-o"])
        .arg(&site)
        .assert()
        .success();
    let file = std::fs::read(site.join("decisions.json")).unwrap();
    assert_eq!(json(&file), json(&out.stdout), "the same model as `export`");
    let text = String::from_utf8(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The head, one line per record, the tail with the skipped files.
    assert_eq!(lines.len(), 6 + 2, "{text}");
    assert!(
        lines[1].starts_with("{\"id\":\"0001-use-postgresql\""),
        "{}",
        lines[1]
    );
    assert!(text.ends_with("}\n"));
}

#[test]
fn usage_errors_exit_2_and_record_errors_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let o = hindsight(tmp.path()).args(["build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no decision records folder found"));
    let o = hindsight(tmp.path())
        .args(["build", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = hindsight(tmp.path())
        .args(["build", "--today", "23/11/2026"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("YYYY-MM-DD"));

    std::fs::create_dir_all(tmp.path().join("decisions")).unwrap();
    std::fs::write(
        tmp.path().join("decisions/0001-latin1.md"),
        b"# Caf\xe9 au lait\n",
    )
    .unwrap();
    let o = hindsight(tmp.path()).args(["build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("error[not-utf8]"), "{stderr}");
    assert!(stderr.contains("0001-latin1.md:1:6"), "{stderr}");
}

#[test]
fn all_problems_are_reported_in_one_run_with_positions_and_hints() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("decisions");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("0001-a.md"),
        "---\ntitle: A\nrevist: 2027-01-01\nsupersedes: [9]\n---\nSee [b](0002-missing.md).\n",
    )
    .unwrap();
    std::fs::write(
        src.join("0002-b.md"),
        "---\ntitle: B\nrelates: [0002-b]\n---\n",
    )
    .unwrap();
    let o = hindsight(tmp.path())
        .args(["check", "--today", TODAY])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    for want in [
        "warning[near-miss-key]: unknown key `revist` is ignored",
        "decisions/0001-a.md:3:1",
        "help: did you mean `revisit`?",
        "warning[dangling-reference]",
        "decisions/0001-a.md:4:14",
        "warning[broken-link]",
        "decisions/0001-a.md:6:9",
        "warning[self-reference]",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in\n{stderr}");
    }
    // Warnings alone build fine.
    hindsight(tmp.path())
        .args(["build", "--today", TODAY])
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let (_tmp, dir) = copy_fixture("site");
    std::os::unix::fs::symlink("..", dir.join("decisions/payments/loop")).unwrap();
    let o = hindsight(&dir)
        .args(["export", "--today", TODAY])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("warning[symlink-loop]"));
    assert_eq!(json(&o.stdout)["records"].as_array().unwrap().len(), 6);
}
