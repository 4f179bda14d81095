//! Helpers shared by the integration tests: fixture copies and the binary as users run it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The fixture folder `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture folder into a fresh temporary folder and returns both.
pub fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dest = tmp.path().join(name);
    copy_dir(&fixture(name), &dest);
    (tmp, dest)
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The `hindsight` binary, run in `dir`.
pub fn hindsight(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("hindsight").expect("binary");
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

/// Every file below `dir` with its bytes, by relative path.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walk(dir) {
        let rel = e
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        out.insert(rel, std::fs::read(&e).unwrap());
    }
    out
}

/// Every file a `serve` session holds with its bytes, by path below the site root.
pub fn served(shared: &hindsight::serve::Shared) -> BTreeMap<String, Vec<u8>> {
    shared
        .paths_where(|_| true)
        .into_iter()
        .map(|p| {
            let bytes = shared.file(&p).unwrap().to_vec();
            (p, bytes)
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            v.push(p);
        }
    }
    v.sort();
    v
}

/// Parses `decisions.json` / `hindsight export` output.
pub fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("valid JSON")
}

/// The record with `id` in an export.
pub fn record<'a>(export: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    export["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id} in {export}"))
}

/// Appends every file below `dir` whose extension is one of `extensions` (in directory order).
pub fn files_with_extensions(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_with_extensions(&p, extensions, out);
        } else if p
            .extension()
            .is_some_and(|x| extensions.iter().any(|e| x == *e))
        {
            out.push(p);
        }
    }
}

/// Whether the tests run in CI (`CI` set, and not `false` or `0`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// `rel` in the shared folder beside the project (`../shared/<rel>`), or beside the
/// worktrees folder when the project is a worktree (`../../shared/<rel>`); `env` names
/// another place. `None` when it is in neither.
pub fn shared(rel: &str, env: &str) -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        std::env::var_os(env).map(PathBuf::from),
        Some(manifest.join("../shared").join(rel)),
        Some(manifest.join("../../shared").join(rel)),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.exists())
}

/// A test that needs `what` and cannot find it: outside CI it says so and skips; in CI
/// (where `.ci/run` lays `../shared` beside the clone) a test that cannot run must not
/// pass, so it fails.
pub fn skip_without(what: &str) {
    assert!(
        !in_ci(),
        "{what} is missing, and CI is set: this test cannot run, so it fails"
    );
    eprintln!("skipped: {what} is missing (outside CI a test may skip)");
}
