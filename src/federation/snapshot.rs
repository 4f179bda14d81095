//! What a build worked out from one git source, kept in its cache folder so that the next
//! build of an unchanged source reuses it instead of asking git again: the history of its
//! records (dates, authors, status changes), keyed by the commit read and the records
//! folder. A snapshot written by another hindsight binary, or for another commit, is never
//! used: it is read again from git and replaced.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::history::{FileHistory, Git};
use crate::lifecycle::Step;

use super::Fetched;

/// The layout of the snapshot files; bump it when what they hold changes.
const FORMAT: u32 = 1;

/// The file of the history snapshot, inside the clone's `.git` (never in the work tree).
fn history_file(f: &Fetched) -> PathBuf {
    f.checkout.join(".git").join("hindsight-history.json")
}

/// What makes a snapshot valid: this binary, the commit and the records folder.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Key {
    format: u32,
    binary: String,
    commit: String,
    path: String,
}

fn key(f: &Fetched) -> Key {
    Key {
        format: FORMAT,
        binary: binary(),
        commit: f.commit.clone(),
        path: f.path.clone(),
    }
}

/// This binary: its version, and the size and time of its file, so a rebuilt binary (whose
/// reading may differ) never trusts what another one wrote.
fn binary() -> String {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let file = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}-{modified}", m.len())
            })
            .unwrap_or_default();
        format!("{} {file}", env!("CARGO_PKG_VERSION"))
    })
    .clone()
}

#[derive(Serialize, Deserialize)]
struct HistoryFile {
    key: Key,
    prefix: String,
    shallow: bool,
    /// Path: created, created by, changed, changed by.
    files: HashMap<String, (String, String, String, String)>,
    /// Path: (word, date, commit), oldest first.
    lifecycles: HashMap<String, Vec<(String, String, String)>>,
}

/// The history of `f` from its snapshot, if one was written for this commit and folder by
/// this binary.
pub fn read_history(f: &Fetched) -> Option<Git> {
    let bytes = std::fs::read(history_file(f)).ok()?;
    let h: HistoryFile = serde_json::from_slice(&bytes).ok()?;
    if h.key != key(f) {
        return None;
    }
    let date = |s: &str| Date::parse_iso(s);
    let mut files = HashMap::with_capacity(h.files.len());
    for (path, (created, created_by, changed, changed_by)) in h.files {
        files.insert(
            path,
            FileHistory {
                created: date(&created)?,
                created_by,
                changed: date(&changed)?,
                changed_by,
            },
        );
    }
    let mut lifecycles = HashMap::with_capacity(h.lifecycles.len());
    for (path, steps) in h.lifecycles {
        let mut out = Vec::with_capacity(steps.len());
        for (word, day, commit) in steps {
            out.push(Step {
                word,
                date: date(&day)?,
                commit,
            });
        }
        lifecycles.insert(path, out);
    }
    Some(Git {
        files,
        prefix: h.prefix,
        shallow: h.shallow,
        lifecycles,
    })
}

/// Keeps the history of `f` for the next build (a failure to write only costs that build
/// the time to read it from git again).
pub fn write_history(f: &Fetched, git: &Git) {
    let h = HistoryFile {
        key: key(f),
        prefix: git.prefix.clone(),
        shallow: git.shallow,
        files: git
            .files
            .iter()
            .map(|(p, h)| {
                let v = (
                    h.created.to_string(),
                    h.created_by.clone(),
                    h.changed.to_string(),
                    h.changed_by.clone(),
                );
                (p.clone(), v)
            })
            .collect(),
        lifecycles: git
            .lifecycles
            .iter()
            .map(|(p, steps)| {
                let v = steps
                    .iter()
                    .map(|s| (s.word.clone(), s.date.to_string(), s.commit.clone()))
                    .collect();
                (p.clone(), v)
            })
            .collect(),
    };
    if let Ok(bytes) = serde_json::to_vec(&h) {
        write_atomically(&history_file(f), &bytes);
    }
}

/// Writes `bytes` to a temporary file beside `to` and renames it over `to`, so a build
/// never reads half a snapshot.
fn write_atomically(to: &Path, bytes: &[u8]) {
    let tmp = to.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, to).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
