//! Reading existing folders: every dialect, detected per file, against hand-written
//! fixtures with exact expectations and against the shared corpus of real folders with
//! hand-checked truth (`../shared/corpus/TRUTH.tsv`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use hindsight::config::Config;

mod common;
use hindsight::date::Date;
use hindsight::project::Project;
use hindsight::resolve::{Model, Resolved};

fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dialects")
        .join(name)
}

/// Reads a folder as `hindsight export` does, without git: truth dates are the dates the
/// files state, so the result is the same wherever the folder sits (inside a repository,
/// whose commit dates would fill in missing dates, or not).
fn load(root: &Path) -> hindsight::Loaded {
    hindsight::load_with(
        &project_of(root),
        Date::parse_iso("2026-11-23").unwrap(),
        None,
        None,
    )
}

/// The folder at `root` as a project of its own, with no configuration and no git sources.
fn project_of(root: &Path) -> Project {
    Project {
        config: Config::default(),
        root: root.to_path_buf(),
        dirs: hindsight::source::sources_in(root),
        fetched: Vec::new(),
        fetch_failed: false,
        sites: Default::default(),
    }
}

fn model(root: &Path) -> Model {
    load(root).model
}

fn rec<'a>(m: &'a Model, source: &str) -> &'a Resolved {
    m.records
        .iter()
        .find(|r| r.record.source == source)
        .unwrap_or_else(|| {
            panic!(
                "no record {source}; records: {:?}; skipped: {:?}",
                m.records
                    .iter()
                    .map(|r| &r.record.source)
                    .collect::<Vec<_>>(),
                m.skipped
            )
        })
}

fn ids(m: &Model, list: &[usize]) -> Vec<String> {
    list.iter()
        .map(|&i| m.records[i].record.id.clone())
        .collect()
}

fn skipped(m: &Model) -> Vec<(String, String)> {
    m.skipped
        .iter()
        .map(|s| (s.source.clone(), s.reason.clone()))
        .collect()
}

/// (format, title, status, status_raw, date) of one record.
fn summary(
    r: &Resolved,
) -> (
    &'static str,
    String,
    &'static str,
    Option<String>,
    Option<String>,
) {
    let rec = &r.record;
    (
        rec.dialect.as_str(),
        rec.title.clone(),
        rec.status.as_str(),
        rec.status_raw.clone(),
        rec.date.map(|d| d.to_string()),
    )
}

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn adr_tools_records_with_every_supersede_wording() {
    let m = model(&fixtures("adr-tools"));
    assert_eq!(
        skipped(&m),
        vec![
            (s("0000-TEMPLATE.md"), s("template")),
            (s("README.md"), s("README"))
        ]
    );
    assert_eq!(m.records.len(), 5);
    let r1 = rec(&m, "0001-record-architecture-decisions.md");
    assert_eq!(
        summary(r1),
        (
            "adr-tools",
            s("Record architecture decisions"),
            "accepted",
            Some(s("Accepted")),
            Some(s("2016-02-12"))
        )
    );
    assert_eq!(r1.record.number, Some(1));
    // `Superceded by` with a link whose text is a title; `Amended by` is a relation only.
    let r2 = rec(&m, "0002-use-shell.md");
    assert_eq!(
        summary(r2),
        (
            "adr-tools",
            s("Use shell scripts"),
            "superseded",
            Some(s("Superceded by 3. Use Rust")),
            Some(s("2016-03-12"))
        )
    );
    assert_eq!(ids(&m, &r2.superseded_by), ["0003-use-rust"]);
    assert_eq!(ids(&m, &r2.relates), ["0004-help-comments"]);
    let r3 = rec(&m, "0003-use-rust.md");
    assert_eq!(
        summary(r3),
        (
            "adr-tools",
            s("Use Rust"),
            "accepted",
            Some(s("✅ Accepted")),
            Some(s("2016-03-14"))
        )
    );
    assert_eq!(ids(&m, &r3.supersedes), ["0002-use-shell"]);
    // Partly superseded: the link is kept, the record keeps its own status.
    let r4 = rec(&m, "0004-help-comments.md");
    assert_eq!(r4.record.title, "Help comments");
    assert_eq!(r4.record.status.as_str(), "accepted");
    assert_eq!(ids(&m, &r4.superseded_by), ["0005-help-scripts"]);
    let r5 = rec(&m, "0005-help-scripts.md");
    assert_eq!(
        summary(r5),
        (
            "adr-tools",
            s("Help scripts"),
            "proposed",
            Some(s("🤔 Pending")),
            Some(s("2016-03-21"))
        )
    );
    // `does not supersede [ADR 1]` is no link.
    assert_eq!(ids(&m, &r5.supersedes), ["0004-help-comments"]);
    assert!(
        rec(&m, "0001-record-architecture-decisions.md")
            .superseded_by
            .is_empty()
    );
}

#[test]
fn madr2_options_pros_cons_and_the_chosen_option() {
    let m = model(&fixtures("madr2"));
    assert_eq!(
        skipped(&m),
        vec![
            (s("0003-fill-me-in.md"), s("unfilled template stub")),
            (s("template.md"), s("template"))
        ]
    );
    let r = rec(&m, "0001-use-madr.md");
    assert_eq!(
        summary(r),
        (
            "madr2",
            s("Use MADR 2"),
            "superseded",
            Some(s("superseded by ADR-0002")),
            Some(s("2020-11-19"))
        )
    );
    assert_eq!(r.record.deciders, ["Ana", "Wei"]);
    let opts: Vec<_> = r
        .record
        .options
        .iter()
        .map(|o| {
            (
                o.name.as_str(),
                o.summary.as_deref(),
                o.pros.clone(),
                o.cons.clone(),
            )
        })
        .collect();
    assert_eq!(
        opts,
        vec![
            (
                "MADR 2.1.2",
                Some("The Markdown Architectural Decision Records"),
                vec![s("it is structured"), s("it is lean")],
                vec![s("it is young")]
            ),
            (
                "Formless",
                None,
                vec![s("there are no rules")],
                vec![s("nothing can be compared")]
            ),
        ]
    );
    let o = r.record.outcome.as_ref().unwrap();
    assert_eq!(o.chosen.as_deref(), Some("MADR 2.1.2"));
    assert_eq!(o.rationale.as_deref(), Some("it is lean and has tooling."));
    // The link names a record in another folder: kept as written, reported as dangling.
    assert_eq!(r.record.superseded_by[0].text, "0002-use-madr-3.md");
}

#[test]
fn madr3_and_madr4_front_matter() {
    let m = model(&fixtures("madr3"));
    let r3 = rec(&m, "0002-use-madr-3.md");
    assert_eq!(
        summary(r3),
        (
            "madr3",
            s("Use MADR 3"),
            "accepted",
            Some(s("accepted")),
            Some(s("2023-01-05"))
        )
    );
    assert_eq!(r3.record.deciders, ["Ana", "Wei"]);
    assert_eq!(r3.record.consulted, ["Bo"]);
    let names: Vec<_> = r3.record.options.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["MADR 3", "MADR 2"]);
    // `### Consequences` bullets are not pros of an option.
    assert!(r3.record.options.iter().all(|o| o.pros.is_empty()));
    let r4 = rec(&m, "0003-use-madr-4.md");
    assert_eq!(
        summary(r4),
        (
            "madr4",
            s("Use MADR 4"),
            "superseded",
            Some(s("superseded by ADR-0002")),
            Some(s("2024-09-01"))
        )
    );
    assert_eq!(r4.record.deciders, ["Ana", "Wei"]);
    assert_eq!(ids(&m, &r4.superseded_by), ["0002-use-madr-3"]);
    assert_eq!(
        r4.record.outcome.as_ref().unwrap().chosen.as_deref(),
        Some("MADR 4")
    );
}

#[test]
fn log4brains_folders_and_packages_from_its_config() {
    let m = model(&fixtures("log4brains"));
    let sources: Vec<_> = m.records.iter().map(|r| r.record.source.as_str()).collect();
    // The integration-tests folder is not named in `.log4brains.yml`, so it is not read.
    assert_eq!(
        sources,
        [
            "docs/adr/20200926-use-numbers.md",
            "docs/adr/20201016-use-slugs.md",
            "packages/core/adr/20201002-use-ddd.md"
        ]
    );
    assert_eq!(skipped(&m), vec![(s("docs/adr/index.md"), s("index page"))]);
    let old = rec(&m, "docs/adr/20200926-use-numbers.md");
    assert_eq!(
        summary(old),
        (
            "log4brains",
            s("Use the ADR number as its unique ID"),
            "superseded",
            Some(s("superseded by 20201016-use-slugs")),
            Some(s("2020-09-26"))
        )
    );
    assert_eq!(old.record.tags, ["ids", "naming"]);
    assert_eq!(ids(&m, &old.superseded_by), ["docs/adr/20201016-use-slugs"]);
    // No date written: the date in the file name.
    let new = rec(&m, "docs/adr/20201016-use-slugs.md");
    assert_eq!(new.record.date.unwrap().to_string(), "2020-10-16");
    assert_eq!(new.record.package, None);
    let core = rec(&m, "packages/core/adr/20201002-use-ddd.md");
    assert_eq!(core.record.package.as_deref(), Some("core"));
    assert_eq!(core.record.status.as_str(), "proposed");
    assert_eq!(core.record.status_raw.as_deref(), Some("draft"));
    // A package folder given on its own still carries its label from the config above it.
    let m = model(&fixtures("log4brains").join("packages/core/adr"));
    assert_eq!(
        rec(&m, "20201002-use-ddd.md").record.package.as_deref(),
        Some("core")
    );
}

#[test]
fn docs_site_front_matter_slugs_and_status_tags() {
    let m = model(&fixtures("docs"));
    let r1 = rec(&m, "2021-06-05_001-record-decisions.md");
    assert_eq!(
        summary(r1),
        (
            "docs",
            s("Record Architecture Decisions"),
            "accepted",
            Some(s("Accepted")),
            Some(s("2021-06-05"))
        )
    );
    assert!(r1.record.tags.is_empty(), "a status tag is not a topic");
    let r18 = rec(&m, "2022-04-13_018-single-state.md");
    assert_eq!(r18.record.title, "Single state");
    assert_eq!(r18.record.status.as_str(), "superseded");
    // `/adr/23` is a site slug, resolved through the record number.
    assert_eq!(
        ids(&m, &r18.superseded_by),
        ["2023-04-26_023-local-state", "kep-0042-new-api"]
    );
    let r23 = rec(&m, "2023-04-26_023-local-state.md");
    // `## Status` wins over the status tag; other tags stay.
    assert_eq!(r23.record.status_raw.as_deref(), Some("Proposed"));
    assert_eq!(r23.record.tags, ["storage"]);
    let kep = rec(&m, "kep-0042-new-api.md");
    assert_eq!(
        summary(kep),
        (
            "docs",
            s("New API"),
            "accepted",
            Some(s("implementable")),
            Some(s("2020-02-03"))
        )
    );
    assert_eq!(kep.record.number, Some(42));
    // Hugo's TOML front matter.
    let hugo = rec(&m, "0005-adopt-hugo.md");
    assert_eq!(
        summary(hugo),
        (
            "docs",
            s("Adopt Hugo"),
            "accepted",
            Some(s("accepted")),
            Some(s("2021-02-03"))
        )
    );
    assert_eq!(hugo.record.tags, ["site"]);
}

#[test]
fn native_records_keep_their_structured_keys() {
    let m = model(&fixtures("native"));
    let r = rec(&m, "0012-store-events.md");
    assert_eq!(r.record.dialect.as_str(), "native");
    assert_eq!(r.record.options[0].cons, ["Vertical scaling only"]);
    assert_eq!(ids(&m, &r.supersedes), ["0007-store-events-in-files"]);
    let old = rec(&m, "0007-store-events-in-files.md");
    assert_eq!(old.record.dialect.as_str(), "native");
    assert_eq!(old.record.status.as_str(), "superseded");
}

#[test]
fn mixed_folder_tables_languages_and_folder_records() {
    let m = model(&fixtures("mixed"));
    assert_eq!(
        skipped(&m),
        vec![(s("assets/examples/README.md"), s("README"))]
    );
    let r1 = rec(&m, "001-nygard.md");
    assert_eq!(r1.record.date.unwrap().to_string(), "2019-05-13");
    assert_eq!(ids(&m, &r1.superseded_by), ["003-columns"]);
    // Replaced by a rejected record: the link stays, the record keeps its own status.
    assert_eq!(r1.record.status.as_str(), "accepted");
    let r2 = rec(&m, "002-table.md");
    assert_eq!(
        summary(r2),
        (
            "adr-tools",
            s("Scan for secrets"),
            "proposed",
            Some(s("RFC")),
            Some(s("2023-06-05"))
        )
    );
    assert_eq!(r2.record.deciders, ["Engineering"]);
    let r3 = rec(&m, "003-columns.md");
    assert_eq!(r3.record.title, "Use column tables");
    assert_eq!(r3.record.status.as_str(), "rejected");
    assert_eq!(r3.record.date.unwrap().to_string(), "2022-10-05");
    let r4 = rec(&m, "004-french.md");
    assert_eq!(
        (
            r4.record.status.as_str(),
            r4.record.date.map(|d| d.to_string())
        ),
        ("proposed", Some(s("2020-12-24")))
    );
    let r5 = rec(&m, "005-checklist.md");
    assert_eq!(
        (r5.record.title.as_str(), r5.record.status.as_str()),
        ("Pick one checklist", "rejected")
    );
    let r6 = rec(&m, "006-bold-labels.md");
    assert_eq!(
        (
            r6.record.status_raw.as_deref(),
            r6.record.date.map(|d| d.to_string())
        ),
        (Some("Accepted"), Some(s("2021-03-04")))
    );
    let folder = rec(&m, "2022-02-03-folder-record/README.md");
    assert_eq!(folder.record.id, "2022-02-03-folder-record");
    assert_eq!(folder.record.status.as_str(), "deprecated");
    assert_eq!(folder.record.date.unwrap().to_string(), "2022-02-03");
}

/// The classes of misses seen on real folders the reader was not tuned on: bare date lines,
/// two-letter slug words, negated and override statuses, `Superseded` with no "by", KEP
/// front matter whose H1 differs, a folder README with the template's heading, and a stub
/// whose metadata is still placeholders.
#[test]
fn unseen_folder_classes_read_right() {
    let loaded = load(&fixtures("unseen"));
    let m = &loaded.model;
    // A date alone on a line under the title; a two-letter first slug word is no month.
    let r5 = rec(m, "0005-ci-pipeline.md");
    assert_eq!(r5.record.number, Some(5));
    assert_eq!(
        summary(r5),
        (
            "adr-tools",
            s("Run every check in one CI pipeline"),
            "accepted",
            Some(s("Accepted")),
            Some(s("2018-06-19"))
        )
    );
    let r2 = rec(m, "0002-do-not-use-numbers.md");
    assert_eq!(r2.record.number, Some(2));
    assert_eq!(r2.record.date.unwrap().to_string(), "2022-03-11");
    // `Not-Implemented` is not `implemented`.
    assert_eq!(r2.record.status.as_str(), "rejected");
    let r3 = rec(m, "0003-store-sessions-in-redis.md");
    assert_eq!(r3.record.date.unwrap().to_string(), "2023-03-01");
    assert_eq!(r3.record.status.as_str(), "superseded");
    assert_eq!(
        ids(m, &r3.superseded_by),
        ["0007-store-sessions-in-postgresql"]
    );
    // `Overrides` / `Overridden by`, either side.
    let r4 = rec(m, "0004-cache-tokens.md");
    assert_eq!(r4.record.status.as_str(), "superseded");
    assert_eq!(
        ids(m, &r4.superseded_by),
        ["0007-store-sessions-in-postgresql"]
    );
    let r7 = rec(m, "0007-store-sessions-in-postgresql.md");
    assert_eq!(
        ids(m, &r7.supersedes),
        ["0003-store-sessions-in-redis", "0004-cache-tokens"]
    );
    // KEP front matter: the H1 is the title, `KEP-101:` is its number; `replaced` and
    // `provisional` map, `superseded-by` and `replaces` link.
    let k100 = rec(m, "kep-0100-sidecar-containers.md");
    assert_eq!(
        summary(k100),
        (
            "docs",
            s("Sidecar Containers for Pods"),
            "superseded",
            Some(s("replaced")),
            Some(s("2019-01-15"))
        )
    );
    let k101 = rec(m, "kep-0101-native-sidecars.md");
    assert_eq!(k101.record.title, "Native Sidecar Containers");
    assert_eq!(k101.record.number, Some(101));
    assert_eq!(k101.record.status.as_str(), "proposed");
    assert_eq!(ids(m, &k101.supersedes), ["kep-0100-sidecar-containers"]);
    // A folder-per-record README that kept the template's heading: the folder names it.
    let folder = rec(m, "0009-adopt-terraform/README.md");
    assert_eq!(folder.record.title, "Adopt terraform");
    assert_eq!(folder.record.number, Some(9));
    // A stub whose metadata is still placeholders is skipped, and its placeholder links
    // are no dangling references.
    assert!(
        skipped(m).contains(&(s("0010-pick-a-queue.md"), s("unfilled template stub"))),
        "{:?}",
        skipped(m)
    );
    // `title: ADR011: Use ...` is invalid YAML (a colon in a plain value): read as its
    // author meant, with a warning, instead of losing the record.
    let colon = rec(m, "adr011-luxon-dates.md");
    assert_eq!(
        summary(colon),
        (
            "docs",
            s("Use the Luxon Date Library"),
            "proposed",
            Some(s("Open")),
            Some(s("2021-01-16"))
        )
    );
    assert_eq!(colon.record.number, Some(11));
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "colon-in-value").count(),
        1,
        "{:?}",
        loaded.diagnostics
    );
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    assert!(
        !codes.contains(&"dangling-reference") && !codes.contains(&"broken-link"),
        "{:?}",
        loaded.diagnostics
    );
}

// ---- The shared corpus of real folders.

/// `../shared/corpus` beside the repository (a worktree one level deeper also finds it);
/// `HINDSIGHT_CORPUS` names another place. Missing: a skip outside CI, a failure in CI.
fn corpus() -> Option<PathBuf> {
    let found =
        common::shared("corpus", "HINDSIGHT_CORPUS").filter(|p| p.join("TRUTH.tsv").is_file());
    if found.is_none() {
        common::skip_without("the shared corpus (../shared/corpus/TRUTH.tsv)");
    }
    found
}

fn f1(tp: usize, fp: usize, fn_: usize) -> f64 {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        1.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        1.0
    };
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default, Debug)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    n: usize,
    title: usize,
    status: usize,
    date: usize,
    etp: usize,
    efp: usize,
    efn: usize,
    misses: Vec<String>,
}

/// Scores the reader against TRUTH.tsv the way `shared/tools/corpus_score.py` does.
fn score(corpus: &Path) -> Score {
    let truth = std::fs::read_to_string(corpus.join("TRUTH.tsv")).unwrap();
    let mut lines = truth.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (c_dir, c_file, c_rec, c_title, c_status, c_date, c_sup, c_by) = (
        col("dir"),
        col("file"),
        col("is_record"),
        col("title"),
        col("status"),
        col("date"),
        col("supersedes"),
        col("superseded_by"),
    );
    let mut by_dir: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for l in lines {
        let mut parts: Vec<String> = l.split('\t').map(str::to_string).collect();
        parts.resize(header.len(), String::new());
        by_dir.entry(parts[c_dir].clone()).or_default().push(parts);
    }
    let mut sc = Score::default();
    for (dir, rows) in &by_dir {
        let m = model(&corpus.join(dir));
        let recs: BTreeMap<&str, &Resolved> = m
            .records
            .iter()
            .map(|r| (r.record.source.as_str(), r))
            .collect();
        let files: BTreeSet<&str> = rows.iter().map(|r| r[c_file].as_str()).collect();
        let mut truth_edges = BTreeSet::new();
        for row in rows {
            let is_rec = row[c_rec] == "y";
            let got = recs.get(row[c_file].as_str());
            match (is_rec, got) {
                (true, Some(_)) => sc.tp += 1,
                (true, None) => {
                    sc.fn_ += 1;
                    sc.misses
                        .push(format!("missing record {dir}/{}", row[c_file]));
                }
                (false, Some(_)) => {
                    sc.fp += 1;
                    sc.misses
                        .push(format!("not a record {dir}/{}", row[c_file]));
                }
                (false, None) => {}
            }
            if !is_rec {
                continue;
            }
            sc.n += 1;
            for old in row[c_sup].split_whitespace() {
                if files.contains(old) {
                    truth_edges.insert((row[c_file].clone(), old.to_string()));
                }
            }
            for new in row[c_by].split_whitespace() {
                if files.contains(new) {
                    truth_edges.insert((new.to_string(), row[c_file].clone()));
                }
            }
            let Some(got) = got else { continue };
            let r = &got.record;
            let checks = [
                ("title", norm(&r.title), norm(&row[c_title])),
                (
                    "status",
                    r.status.as_str().to_string(),
                    row[c_status].clone(),
                ),
                (
                    "date",
                    r.date.map(|d| d.to_string()).unwrap_or_default(),
                    row[c_date].clone(),
                ),
            ];
            for (name, have, want) in checks {
                let ok = have == want;
                match name {
                    "title" => sc.title += usize::from(ok),
                    "status" => sc.status += usize::from(ok),
                    _ => sc.date += usize::from(ok),
                }
                if !ok {
                    sc.misses.push(format!(
                        "{name} {dir}/{}: got {have:?}, truth {want:?}",
                        row[c_file]
                    ));
                }
            }
        }
        let mut tool_edges = BTreeSet::new();
        for r in &m.records {
            for &old in &r.supersedes {
                tool_edges.insert((
                    r.record.source.clone(),
                    m.records[old].record.source.clone(),
                ));
            }
            for &new in &r.superseded_by {
                tool_edges.insert((
                    m.records[new].record.source.clone(),
                    r.record.source.clone(),
                ));
            }
        }
        sc.etp += truth_edges.intersection(&tool_edges).count();
        for e in tool_edges.difference(&truth_edges) {
            sc.efp += 1;
            sc.misses
                .push(format!("extra edge {dir}: {} -> {}", e.0, e.1));
        }
        for e in truth_edges.difference(&tool_edges) {
            sc.efn += 1;
            sc.misses
                .push(format!("missed edge {dir}: {} -> {}", e.0, e.1));
        }
    }
    sc
}

#[test]
fn shared_corpus_agreement_per_field() {
    let Some(corpus) = corpus() else { return };
    let sc = score(&corpus);
    let n = sc.n.max(1) as f64;
    let figures = [
        ("records F1", f1(sc.tp, sc.fp, sc.fn_), 1.0),
        ("title", sc.title as f64 / n, 0.98),
        ("status", sc.status as f64 / n, 0.98),
        ("date", sc.date as f64 / n, 0.98),
        ("edges F1", f1(sc.etp, sc.efp, sc.efn), 0.95),
    ];
    let overall = figures.iter().map(|f| f.1).sum::<f64>() / figures.len() as f64;
    for (name, value, _) in &figures {
        println!("{name:<11} {:6.1}%", 100.0 * value);
    }
    println!("overall     {:6.1}%", 100.0 * overall);
    for m in &sc.misses {
        println!("  {m}");
    }
    assert!(
        sc.n > 250,
        "the corpus should hold hundreds of records, read {}",
        sc.n
    );
    for (name, value, floor) in figures {
        assert!(
            value >= floor,
            "{name} is {:.1}%, below the floor of {:.1}%; disagreements: {:#?}",
            100.0 * value,
            100.0 * floor,
            sc.misses
        );
    }
    assert!(overall >= 0.98, "overall agreement {:.1}%", 100.0 * overall);
}

#[test]
fn shared_corpus_non_records_are_skipped_with_reasons() {
    let Some(corpus) = corpus() else { return };
    let m = model(&corpus.join("elastisys__compliantkubernetes"));
    assert_eq!(
        skipped(&m),
        vec![
            (s("index.md"), s("index page")),
            (s("template.md"), s("template"))
        ]
    );
    let m = model(&corpus.join("nhs-england-tools__repository-template"));
    let reasons: BTreeSet<String> = m.skipped.iter().map(|s| s.reason.clone()).collect();
    assert_eq!(
        reasons,
        [s("README"), s("template")]
            .into_iter()
            .collect::<BTreeSet<_>>()
    );
}

#[test]
fn shared_corpus_folders_read_without_errors() {
    let Some(corpus) = corpus() else { return };
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let p = entry.unwrap().path();
        if !p.is_dir() {
            continue;
        }
        let loaded = load(&p);
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", p.display());
        assert!(!loaded.model.records.is_empty(), "{}", p.display());
    }
}

#[test]
fn non_records_are_skipped_with_a_reason() {
    let m = model(&fixtures("skips"));
    assert_eq!(
        skipped(&m),
        vec![
            (s("0002-fresh.md"), s("unfilled template stub")),
            (s("0004-no-title.md"), s("no title")),
            (s("adrs-overview.md"), s("index page")),
            (
                s("glossary.md"),
                s("not a decision record (no number, date, status or decision sections)")
            ),
            (s("nygard-template.md"), s("template")),
        ]
    );
    // A status notice at the end of a title.
    let r = rec(&m, "0005-use-kafka.md");
    assert_eq!(
        (r.record.title.as_str(), r.record.status.as_str()),
        ("Use Kafka for events", "superseded")
    );
    let r = rec(&m, "0001-date-section.md");
    assert_eq!(r.record.date.unwrap().to_string(), "2021-04-05");
    // A record about templates is still a record; its label prefix is not part of the title.
    let r = rec(&m, "0003-project-templates.md");
    assert_eq!(
        (r.record.title.as_str(), r.record.status_raw.as_deref()),
        ("Project Templates", Some("PROPOSED"))
    );
}

#[test]
fn never_panics_on_truncated_or_odd_input() {
    use hindsight::dialect::{ReadOptions, read};
    use hindsight::discover::SourceText;
    let mut texts: Vec<String> = [
        "",
        "#",
        "# ",
        "#1",
        "---",
        "---\n---",
        "---\ntitle: [\n---\n",
        "# [Superseded by [",
        "# [Superseded by [x](",
        "# [Deprecated] ",
        "* Status: superseded by",
        "* Status: superseded by ADR-",
        "## Status\n\nSuperseded by [",
        "| Status |\n|---|\n",
        "Date: 99/99/9999\n",
        "Chosen option: \"",
        "## Decision Outcome\n\nChosen option: “x",
        "## Pros and Cons of the Options\n\n### \n\n* Good, because",
        "# İİİ Superseded by [ÅÅ](x.md) ÉÉ supersedes [K](y.md)\n\n## Status\n\nPartly superseded by [x](../../x.md)",
        "# ADR-\u{212a}: Kelvin\n\n- Chosen option: \u{212a}, because \u{212a}",
        "<!--\n* Status: accepted\n",
        "```\n# not a title\n",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    if let Some(c) = corpus() {
        let mut files = Vec::new();
        common::files_with_extensions(&c, &["md"], &mut files);
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            let step = (text.len() / 16).max(1);
            let mut cut = step;
            while cut < text.len() {
                let mut k = cut;
                while !text.is_char_boundary(k) {
                    k += 1;
                }
                texts.push(text[..k].to_string());
                cut += step;
            }
            texts.push(text);
        }
    }
    let options = ReadOptions::default();
    let odd = 22;
    for (i, text) in texts.into_iter().enumerate() {
        let names: &[&str] = if i < odd {
            &["0001-x.md", "README.md", "a/2020-01-01-x/index.md"]
        } else {
            &["0001-x.md"]
        };
        for &source in names {
            let file = SourceText {
                source: source.to_string(),
                display: format!("case-{i}/{source}"),
                package: None,
                text: text.clone(),
            };
            let _ = read(&file, &options);
        }
    }
}

/// Named relations read back in every dialect that holds them, each with its words from
/// both sides: an adr-tools status section (words of the team's own choosing too), MADR 2
/// `## Links` bullets, front matter `links` (native and MADR 3/4), with the reverse words
/// read from the other record, stated, or derived.
#[test]
fn named_links_are_read_in_every_dialect() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("doc/adr");
    std::fs::create_dir_all(&d).unwrap();
    let w = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
    w(
        "0001-a.md",
        "# 1. A\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\nClarified by [2. B](0002-b.md)\n\nNeeded by [3. C](0003-c.md)\n",
    );
    w(
        "0002-b.md",
        "# 2. B\n\nDate: 2020-01-02\n\n## Status\n\nAccepted\n\nClarifies [1. A](0001-a.md)\n",
    );
    w(
        "0003-c.md",
        "# C\n\n* Status: accepted\n* Date: 2020-01-03\n\n## Context and Problem Statement\n\nX.\n\n## Links\n\n* Depends on [1. A](0001-a.md)\n* Amends [2. B](0002-b.md)\n",
    );
    w(
        "0004-d.md",
        "---\nstatus: accepted\ndate: 2020-01-04\nlinks:\n  - to: 3\n    link: Extends\n  - to: 0001-a\n    link: Blocks\n    reverse: Blocked by\n---\n# D\n\nY.\n",
    );
    let m = model(tmp.path());
    let words = |source: &str| -> Vec<(String, String, String)> {
        rec(&m, source)
            .links
            .iter()
            .map(|l| {
                (
                    m.records[l.to].record.id.clone(),
                    l.link.clone(),
                    l.reverse.clone(),
                )
            })
            .collect()
    };
    let t = |id: &str, a: &str, b: &str| (id.to_string(), a.to_string(), b.to_string());
    assert_eq!(
        words("doc/adr/0001-a.md"),
        vec![
            t("doc/adr/0002-b", "Clarified by", "Clarifies"),
            t("doc/adr/0003-c", "Needed by", "Depends on"),
            t("doc/adr/0004-d", "Blocked by", "Blocks"),
        ]
    );
    assert_eq!(
        words("doc/adr/0003-c.md"),
        vec![
            t("doc/adr/0001-a", "Depends on", "Needed by"),
            t("doc/adr/0002-b", "Amends", "Amended by"),
            t("doc/adr/0004-d", "Extended by", "Extends"),
        ]
    );
    assert_eq!(
        rec(&m, "doc/adr/0003-c.md").record.dialect.as_str(),
        "madr2"
    );
    assert_eq!(
        words("doc/adr/0002-b.md"),
        vec![
            t("doc/adr/0001-a", "Clarifies", "Clarified by"),
            t("doc/adr/0003-c", "Amended by", "Amends"),
        ]
    );
}

/// What `hindsight due` reads of a folder: each record's links, statuses and revisit
/// state, and every diagnostic (severity, code, file, message; resolve's positions can
/// need the text).
fn metadata_of(loaded: &hindsight::Loaded) -> (Vec<String>, Vec<String>) {
    let m = &loaded.model;
    let records = m
        .records
        .iter()
        .map(|r| {
            let rec = &r.record;
            format!(
                "{} #{:?} {:?} {:?} {:?} {:?} supersedes {:?} by {:?} relates {:?} reviews {:?} retros {:?} {:?} {:?} {}",
                rec.id,
                rec.number,
                rec.title,
                rec.status,
                rec.date,
                rec.deciders,
                ids(m, &r.supersedes),
                ids(m, &r.superseded_by),
                ids(m, &r.relates),
                r.reviews.map(|i| &m.records[i].record.id),
                ids(m, &r.retrospectives),
                r.revisit,
                rec.revisit.when,
                r.url
            )
        })
        .chain(m.skipped.iter().map(|s| format!("skipped {s:?}")))
        .chain(
            hindsight::due::items(m, 3650)
                .iter()
                .map(|i| format!("due {} {} {}", i.id, i.state, i.date)),
        )
        .collect();
    // Sorted here: the load sorts them by position.
    let mut diagnostics: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{:?} {} {:?} {}",
                d.severity,
                d.code.as_str(),
                d.file,
                d.message
            )
        })
        .collect();
    diagnostics.sort();
    (records, diagnostics)
}

/// `Keep::Metadata` (what `due` loads) drops each text and body as soon as the file is
/// parsed, and resolves to the same links, revisit states and diagnostics as a full load.
#[test]
fn a_metadata_load_resolves_as_a_full_load_without_the_bodies() {
    let mut folders: Vec<PathBuf> = [
        "native",
        "adr-tools",
        "madr2",
        "madr3",
        "log4brains",
        "docs",
        "mixed",
        "skips",
    ]
    .iter()
    .map(|n| fixtures(n))
    .collect();
    folders.extend(["revisits", "errors", "lints", "policy"].iter().map(|n| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/managers")
            .join(n)
    }));
    if let Some(corpus) = corpus() {
        let mut real: Vec<PathBuf> = std::fs::read_dir(&corpus)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        real.sort();
        folders.extend(real);
    }
    let (mut diagnostics_seen, mut bodies) = (0, 0);
    for root in &folders {
        let project = project_of(root);
        let today = Date::parse_iso("2026-11-23").unwrap();
        let full = hindsight::load_with(&project, today, None, None);
        let lean = hindsight::load_keeping(&project, today, None, None, hindsight::Keep::Metadata);
        bodies += full
            .model
            .records
            .iter()
            .filter(|r| !r.record.body.is_empty())
            .count();
        assert!(
            lean.model
                .records
                .iter()
                .all(|r| r.record.body.is_empty() && r.record.options.is_empty()),
            "{}: a metadata load keeps no body",
            root.display()
        );
        let (full, lean) = (metadata_of(&full), metadata_of(&lean));
        assert_eq!(full.0, lean.0, "{}", root.display());
        assert_eq!(full.1, lean.1, "{}", root.display());
        diagnostics_seen += full.1.len();
    }
    assert!(
        diagnostics_seen > 0,
        "the folders raise some diagnostics to compare"
    );
    assert!(bodies > 0, "a full load keeps the bodies");
}
