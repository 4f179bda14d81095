//! `hindsight schema` against an independent validator (the `jsonschema` crate): every
//! record of this repository's `decisions/` and every native fixture validates, the front
//! matter `init` and `new` write validates, and records with wrong shapes fail.

mod common;

use std::path::{Path, PathBuf};

use common::{files_with_extensions, hindsight, json};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let out = hindsight(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let schema = json(&out.stdout);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::new(&schema).expect("a valid draft 2020-12 schema")
}

/// The front matter of a markdown file as JSON (YAML dates stay strings), if it has one.
fn front_matter(text: &str) -> Option<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---")?;
    let yaml: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).expect("YAML");
    Some(serde_json::to_value(yaml).expect("JSON"))
}

fn problems(v: &jsonschema::Validator, fm: &Value) -> Vec<String> {
    v.iter_errors(fm)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The files `hindsight export` reads as native records in `dir`.
fn native_files(dir: &Path) -> Vec<PathBuf> {
    let out = hindsight(dir)
        .args(["export", dir.to_str().unwrap(), "--today", "2026-11-23"])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    v["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["format"] == "native")
        .map(|r| dir.join(r["source"].as_str().unwrap()))
        .collect()
}

#[test]
fn every_native_record_here_validates() {
    let v = validator();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![root.join("decisions")];
    let mut md = Vec::new();
    files_with_extensions(&root.join("tests/fixtures"), &["md"], &mut md);
    for f in md {
        let dir = f.parent().unwrap().to_path_buf();
        if !folders.contains(&dir) {
            folders.push(dir);
        }
    }
    let mut checked = 0;
    for dir in folders {
        for file in native_files(&dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            let Some(fm) = front_matter(&text) else {
                continue;
            };
            let p = problems(&v, &fm);
            assert!(p.is_empty(), "{}: {p:?}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} native records checked");
}

#[test]
fn what_init_and_new_write_validates() {
    let v = validator();
    let tmp = tempfile::tempdir().unwrap();
    hindsight(tmp.path()).arg("init").assert().success();
    hindsight(tmp.path())
        .args(["new", "Use Kafka", "--supersedes", "1"])
        .assert()
        .success();
    hindsight(tmp.path())
        .args(["new", "A year of it", "--reviews", "1"])
        .assert()
        .success();
    let dir = tmp.path().join("decisions");
    // init writes the schema beside the records, and the line that points editors at it.
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("record.schema.json")).unwrap())
            .unwrap();
    assert_eq!(
        written,
        json(&hindsight(tmp.path()).arg("schema").output().unwrap().stdout)
    );
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(&p).unwrap();
            if p.file_name().unwrap().to_string_lossy().starts_with("0001") {
                assert!(
                    text.starts_with("---\n# yaml-language-server: $schema=record.schema.json\n"),
                    "{text}"
                );
            }
            let fm = front_matter(&text).unwrap();
            assert!(
                problems(&v, &fm).is_empty(),
                "{}: {:?}",
                p.display(),
                problems(&v, &fm)
            );
            n += 1;
        }
    }
    assert_eq!(n, 3);
}

#[test]
fn records_of_the_wrong_shape_fail() {
    let v = validator();
    for (bad, why) in [
        ("kind: decison\n", "kind is decision or retrospective"),
        (
            "verdict: maybe\n",
            "verdict is held-up, revised or reversed",
        ),
        ("options: PostgreSQL\n", "options is a list"),
        ("options:\n  - PostgreSQL\n", "an option is a mapping"),
        (
            "tradeoffs:\n  - favor: speed\n",
            "a trade-off says over what",
        ),
        ("revisit: [2027-01-01]\n", "revisit is a date or a mapping"),
        ("supersedes:\n  file: 0001.md\n", "supersedes is references"),
        ("title: [a, b]\n", "title is text"),
        ("outcome: [PostgreSQL]\n", "outcome is a mapping or text"),
        ("confidence: 1.5\n", "confidence is at most 1"),
        (
            "confidence: sure\n",
            "confidence is a number or low, medium, high",
        ),
        ("process: lucky\n", "process is sound or flawed"),
        (
            "expectations:\n  - claim: 1\n    result: maybe\n",
            "result is hit, miss or unclear",
        ),
        (
            "expect:\n  - by: 2027-01-01\n",
            "a claim says what is expected",
        ),
    ] {
        let fm = front_matter(&format!("---\n{bad}---\n")).unwrap();
        assert!(!problems(&v, &fm).is_empty(), "{why}: {bad:?} passed");
    }
    let good = front_matter(
        "---\ntitle: Events\nstatus: Approved\ndeciders: ana, wei\nrevisit: {date: 2027-01-01, when: volume doubles}\nsupersedes: 7\nrelates: [3, 0011-retention]\nverdict: held-up\nkind: retrospective\nmy_own_key: kept\nconfidence: high\nreversible: false\nexpect:\n  - claim: p95 under 200 ms\n    by: 2027-03-01\n    confidence: 0.8\n  - Costs fall\nprocess: sound\nexpectations:\n  - {claim: 1, result: hit, note: p95 was 140 ms}\n  - {claim: Costs fall, result: unclear}\n---\n",
    )
    .unwrap();
    assert_eq!(problems(&v, &good), Vec::<String>::new());
}
