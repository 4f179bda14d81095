//! Pointing hindsight at folders a team already has: monorepos with several sources,
//! builds that keep going past unreadable files, and `check` without noise on keys and
//! links common in the wild.

mod common;

use common::{copy_fixture, hindsight, json};

/// Runs `hindsight ARGS` in `dir`, as a user would.
fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    hindsight(dir).args(args).output().unwrap()
}

/// `[[sources]]` with sibling relative paths: every source is read, each record with its
/// package, and a source that yields nothing is a warning naming it.
#[test]
fn monorepo_sources_with_sibling_relative_paths_are_all_read() {
    let (_tmp, dir) = copy_fixture("adoption/monorepo");
    let out = run(&dir, &["export", "--today", "2026-11-23"]);
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
    let out = run(&dir, &["build", "--today", "2026-11-23"]);
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
    let strict = run(
        root,
        &["build", "broken", "-o", "site", "--today", "2026-11-23"],
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(!root.join("site").exists(), "the default stays strict");

    let out = run(
        root,
        &[
            "build",
            "broken",
            "-o",
            "site",
            "--today",
            "2026-11-23",
            "--keep-going",
        ],
    );
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

/// `check` on an adopted folder: keys common in the wild are not near-misses, a misspelt
/// status suggests the word, a date that reads both ways says which reading it took, and
/// links out of the source folder are one warning naming `repo_url`, never broken.
#[test]
fn check_has_no_noise_on_keys_and_links_common_in_the_wild() {
    let (_tmp, dir) = copy_fixture("adoption/noise");
    let out = run(
        &dir,
        &[
            "check",
            "docs/adr",
            "--format",
            "json",
            "--today",
            "2026-11-23",
        ],
    );
    let report = json(&out.stdout);
    let diags: Vec<(String, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
            (s("code"), s("message"), s("hint"))
        })
        .collect();
    let codes: Vec<&str> = diags.iter().map(|d| d.0.as_str()).collect();
    assert!(!codes.contains(&"near-miss-key"), "{diags:#?}");
    assert!(!codes.contains(&"broken-link"), "{diags:#?}");
    let find = |code: &str| {
        diags
            .iter()
            .filter(|d| d.0 == code)
            .cloned()
            .collect::<Vec<_>>()
    };
    let status = find("unknown-status");
    assert_eq!(status.len(), 1, "{diags:#?}");
    assert!(
        status[0].2.starts_with("did you mean `accepted`?"),
        "{status:?}"
    );
    let dates: Vec<String> = find("ambiguous-date").into_iter().map(|d| d.1).collect();
    assert_eq!(
        dates,
        [
            "`date: 03/04/2021` reads as 3 April 2021 (day first); month first it would be 4 March 2021",
            "date `05/06/2022` reads as 5 June 2022 (day first); month first it would be 6 May 2022",
        ]
    );
    let outside = find("outside-link");
    assert_eq!(outside.len(), 1, "one warning for all of them: {diags:#?}");
    assert!(
        outside[0]
            .1
            .starts_with("3 links lead out of the source folder"),
        "{outside:?}"
    );
    assert!(outside[0].2.contains("repo_url"), "{outside:?}");

    // Without `repo_url`, the site keeps their text and links nowhere.
    let out = run(
        &dir,
        &["build", "docs/adr", "--today", "2026-11-23", "-o", "plain"],
    );
    assert!(out.status.success());
    let page =
        std::fs::read_to_string(dir.join("plain/decisions/0001-use-postgresql.html")).unwrap();
    assert!(
        page.contains("contributing guide") && !page.contains("../README.md"),
        "{page}"
    );

    // With `repo_url`, they link to the files in the repository, and nothing is warned.
    std::fs::write(
        dir.join("hindsight.toml"),
        "repo_url = \"https://github.com/acme/payments\"\n",
    )
    .unwrap();
    let out = run(&dir, &["build", "docs/adr", "--today", "2026-11-23"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("outside-link"), "{stderr}");
    let page =
        std::fs::read_to_string(dir.join("site/decisions/0001-use-postgresql.html")).unwrap();
    assert!(
        page.contains("href=\"https://github.com/acme/payments/blob/main/docs/README.md\""),
        "{page}"
    );
    assert!(
        page.contains(
            "href=\"https://github.com/acme/payments/blob/main/book/storage.md#choices\""
        ),
        "{page}"
    );
}

/// MADR options as a reader expects them: summaries are plain text (no `#### Examples`,
/// no `example](x.png)`) that keep autolinks; a prose bullet is no option; and the page
/// shows the option cards and the outcome instead of the sections they were read from.
#[test]
fn madr_options_are_cards_shown_once() {
    let (_tmp, dir) = copy_fixture("adoption/madr-options");
    let out = run(&dir, &["export", ".", "--today", "2026-11-23"]);
    let export = json(&out.stdout);
    let options = &export["records"][0]["options"];
    let names: Vec<&str> = options
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["RabbitMQ", "Kafka", "SQS"]);
    assert_eq!(
        options[0]["summary"],
        "A mature broker, see https://www.rabbitmq.com."
    );
    assert_eq!(
        options[1]["summary"],
        "The Kafka documentation describes it."
    );
    assert_eq!(options[0]["pros"][0], "the team knows it");
    assert_eq!(export["records"][0]["outcome"]["chosen"], "Kafka");

    let out = run(
        &dir,
        &["build", ".", "-o", "../site", "--today", "2026-11-23"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page =
        std::fs::read_to_string(dir.join("../site/decisions/0001-choose-a-queue.html")).unwrap();
    let body = &page[page.find("class=\"body").expect("a body")..];
    for gone in [
        "Considered Options",
        "Pros and Cons of the Options",
        "Chosen option",
        "nobody wanted",
    ] {
        assert!(!body.contains(gone), "`{gone}` is shown twice: {body}");
    }
    // What the cards do not hold stays in the body.
    assert!(
        body.contains("Consequences") && body.contains("catch up after an outage"),
        "{body}"
    );
    assert!(
        page.contains("every event for replay"),
        "the outcome card shows the rationale"
    );
}

/// `check` warns when an item of a `[a, b]` flow list looks like a sentence cut at a
/// comma, with where and how to quote it; this repository's own records have none.
#[test]
fn check_warns_about_flow_list_items_cut_at_a_comma() {
    let (_tmp, dir) = copy_fixture("adoption/flow-lists");
    let out = run(&dir, &["check", ".", "--today", "2026-11-23"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning[flow-list-comma]: `000-record build in a second` looks like the rest of a sentence cut at a comma"),
        "{stderr}"
    );
    assert!(stderr.contains("--> 0001-build-fast.md:8:17"), "{stderr}");
    assert!(
        stderr.contains("help: quote the whole item (`\"A 10,000-record build in a second\"`)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`resolve and render share a pool`"),
        "{stderr}"
    );
    assert!(stderr.contains("2 warnings"), "{stderr}");

    let own = hindsight(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["check", "decisions"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&own.stderr);
    assert!(!stderr.contains("flow-list-comma"), "{stderr}");
}
