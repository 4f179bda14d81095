//! Lifecycle from git: each record's status changes as they were committed
//! (`proposed 2026-01-10, accepted 2026-02-02`), from the one history pass (not one git
//! process per file).
//!
//! The history pass ([`crate::history`], `git log --raw --no-abbrev`) gives, for each file,
//! the blob of every version committed ([`Versions`], renames followed, a deleted file's
//! earlier life dropped). [`read`] then reads those blobs with one `git cat-file --batch`
//! process and takes the status each version states ([`stated_status`], pure): the
//! front matter's `status:`, a bullet or line (`* Status: accepted`, `Status: accepted`), or
//! the first line of a `## Status` section, as adr-tools writes it. Consecutive versions
//! stating the same status are one step. [`attach`] maps the words with the built-in words
//! and the configuration's `[statuses]`; a word such as `implemented` keeps the record
//! accepted and is kept as written, so the implementation date shows in the lifecycle.
//! Decision 0065 says why blobs and not `git log -p`.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde::Serialize;

use crate::date::Date;
use crate::record::{Record, Status};
use crate::status::ExtraWords;

/// One status change of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub status: Status,
    /// The word as written, when it is not the status itself (`implemented`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_raw: Option<String>,
    pub date: Date,
    pub commit: String,
}

/// One committed version of a file: its blob, and the commit that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub blob: String,
    pub date: Date,
    pub commit: String,
}

/// Every committed version of each file, by path below the source root, newest first.
pub type Versions = HashMap<String, Vec<Version>>;

/// One status as written in one version, before it is mapped to a [`Status`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub word: String,
    pub date: Date,
    pub commit: String,
}

/// The status words each file stated over its history, by path below the source root,
/// oldest first, repeats collapsed.
pub type Lifecycles = HashMap<String, Vec<Step>>;

/// Reads the status every version in `versions` states, with one `git cat-file --batch`
/// process in `dir`; empty when git fails.
pub fn read(dir: &Path, versions: &Versions) -> Lifecycles {
    let t0 = std::time::Instant::now();
    let mut wanted: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for v in versions.values().flatten() {
        if seen.insert(v.blob.as_str()) {
            wanted.push(v.blob.as_str());
        }
    }
    if wanted.is_empty() {
        return Lifecycles::new();
    }
    let words = match read_blobs(dir, &wanted) {
        Ok(w) => w,
        Err(_) => return Lifecycles::new(),
    };
    crate::timing::report("load: lifecycle cat-file", t0);
    let lifecycles = steps(versions, &words);
    crate::timing::report("load: lifecycle (all)", t0);
    lifecycles
}

/// Each file's steps, oldest first, from its versions and the word each blob states.
pub fn steps(versions: &Versions, words: &HashMap<String, String>) -> Lifecycles {
    versions
        .iter()
        .filter_map(|(path, list)| {
            let mut out: Vec<Step> = Vec::new();
            for v in list.iter().rev() {
                let Some(word) = words.get(&v.blob) else {
                    continue;
                };
                if out
                    .last()
                    .is_some_and(|s| s.word.eq_ignore_ascii_case(word))
                {
                    continue;
                }
                out.push(Step {
                    word: word.clone(),
                    date: v.date,
                    commit: v.commit.clone(),
                });
            }
            (!out.is_empty()).then(|| (path.clone(), out))
        })
        .collect()
}

/// Runs `git cat-file --batch` on `blobs` and returns the status word each states (blobs
/// that state none are left out).
fn read_blobs(dir: &Path, blobs: &[&str]) -> std::io::Result<HashMap<String, String>> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args(["cat-file", "--batch", "--buffer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("piped");
    let mut stdout = BufReader::with_capacity(1 << 16, child.stdout.take().expect("piped"));
    let mut words = HashMap::new();
    let result = std::thread::scope(|s| {
        // Writing and reading at once: git's output would fill the pipe otherwise.
        let writer = s.spawn(move || -> std::io::Result<()> {
            let mut input = Vec::with_capacity(blobs.len() * 41);
            for b in blobs {
                input.extend_from_slice(b.as_bytes());
                input.push(b'\n');
            }
            stdin.write_all(&input)
        });
        let mut header = String::new();
        let mut body = Vec::new();
        for _ in 0..blobs.len() {
            header.clear();
            if stdout.read_line(&mut header)? == 0 {
                break;
            }
            // `<oid> blob <size>`, or `<oid> missing`.
            let mut parts = header.split_whitespace();
            let (Some(oid), Some(kind), Some(size)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let size: usize = size.parse().unwrap_or(0);
            body.clear();
            body.resize(size + 1, 0); // the content and its newline
            stdout.read_exact(&mut body)?;
            if kind != "blob" {
                continue;
            }
            let text = String::from_utf8_lossy(&body[..size]);
            if let Some(word) = stated_status(&text) {
                words.insert(oid.to_string(), word.to_string());
            }
        }
        writer.join().unwrap_or(Ok(()))
    });
    let _ = child.wait();
    result.map(|()| words)
}

/// The status a line states, if it is a status line: `status: x`, `* Status: x`,
/// `- **Status:** x`, `Status: x`.
fn status_line(line: &str) -> Option<&str> {
    let t = line
        .trim_start_matches([' ', '\t', '*', '-', '>'])
        .trim_start();
    let t = t.strip_prefix("**").unwrap_or(t);
    let rest = t
        .strip_prefix("status")
        .or_else(|| t.strip_prefix("Status"))
        .or_else(|| t.strip_prefix("STATUS"))?;
    let rest = rest.strip_prefix("**").unwrap_or(rest);
    let rest = rest.strip_prefix(':')?;
    let rest = rest.strip_prefix("**").unwrap_or(rest);
    let value = rest.trim().trim_matches(['"', '\'']).trim();
    (!value.is_empty()).then_some(value)
}

/// Whether a line opens a `## Status` section.
fn status_heading(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#')
        && t.trim_start_matches('#')
            .trim()
            .eq_ignore_ascii_case("status")
}

/// The status word a version of a record states, as written: the front matter's
/// `status:` key; else the first status line (`* Status: accepted`) or the first line of a
/// `## Status` section in the text.
pub fn stated_status(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.clone().next().map(str::trim_end) == Some("---") {
        lines.next();
        for line in lines.by_ref() {
            let l = line.trim_end();
            if l == "---" || l == "..." {
                break;
            }
            // Only the top-level key (not a `status:` nested in something else).
            if line.starts_with(['s', 'S'])
                && let Some(v) = status_line(line)
            {
                return Some(v);
            }
        }
    }
    let mut under_heading = false;
    for line in lines {
        if under_heading {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            let t = t.trim_matches(['*', '_']).trim();
            return (!t.is_empty() && !t.starts_with('#')).then_some(t);
        }
        if let Some(v) = status_line(line) {
            return Some(v);
        }
        if status_heading(line) {
            under_heading = true;
        }
    }
    None
}

/// Gives each record its lifecycle: the words mapped with the built-in words and `extra`
/// (the configuration's `[statuses]`); words that name no status are left out, and steps
/// that map to the same status and word are one.
pub fn attach(
    records: &mut [impl std::borrow::BorrowMut<Record>],
    lifecycles: &Lifecycles,
    extra: &ExtraWords,
) {
    if lifecycles.is_empty() {
        return;
    }
    for r in records.iter_mut().map(|r| r.borrow_mut()) {
        if let Some(l) = lifecycles.get(&r.source) {
            r.lifecycle = transitions(l, extra);
        }
    }
}

/// The transitions of one file's steps (see [`attach`]).
pub fn transitions(steps: &[Step], extra: &ExtraWords) -> Vec<Transition> {
    let mut list: Vec<Transition> = Vec::new();
    for s in steps {
        let Some(status) = crate::status::canonical(&s.word, extra) else {
            continue;
        };
        if status == Status::Unknown {
            continue;
        }
        let t = Transition {
            status,
            status_raw: (!s.word.eq_ignore_ascii_case(status.as_str())).then(|| s.word.clone()),
            date: s.date,
            commit: s.commit.clone(),
        };
        let same = |a: &Transition, b: &Transition| {
            a.status == b.status
                && a.status_raw.as_deref().map(str::to_lowercase)
                    == b.status_raw.as_deref().map(str::to_lowercase)
        };
        if list.last().is_some_and(|last| same(last, &t)) {
            continue;
        }
        list.push(t);
    }
    list
}

/// When the record became proposed, as its lifecycle says: the start of its latest
/// proposed step, if it is still proposed.
pub fn proposed_since(lifecycle: &[Transition]) -> Option<Date> {
    match lifecycle.last() {
        Some(t) if t.status == Status::Proposed => Some(t.date),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn v(blob: &str, date: &str, commit: &str) -> Version {
        Version {
            blob: blob.into(),
            date: d(date),
            commit: commit.into(),
        }
    }

    #[test]
    fn the_status_each_version_states() {
        assert_eq!(
            stated_status("---\ntitle: A\nstatus: Accepted\n---\nstatus: no\n"),
            Some("Accepted")
        );
        // A nested `status:` is not the record's.
        assert_eq!(
            stated_status("---\noptions:\n  status: x\n---\n* Status: proposed\n"),
            Some("proposed")
        );
        assert_eq!(
            stated_status(
                "# 1. X\n\nDate: 2026-01-01\n\n## Status\n\n**Accepted**\n\n## Context\n"
            ),
            Some("Accepted")
        );
        assert_eq!(
            stated_status("# T\n\n- **Status:** Superseded by ADR-7\n"),
            Some("Superseded by ADR-7")
        );
        assert_eq!(stated_status("# T\n\n## Status\n\n## Context\n"), None);
        assert_eq!(stated_status("# T\n\nNo status here.\n"), None);
        assert_eq!(
            stated_status("\u{feff}---\nstatus: rejected\n---\n"),
            Some("rejected")
        );
    }

    #[test]
    fn steps_collapse_repeats_and_map_words_with_the_configuration() {
        // Newest first, as the history pass gives them.
        let mut versions = Versions::new();
        versions.insert(
            "0001-b.md".into(),
            vec![
                v("b5", "2026-04-01", "c5"),
                v("b4", "2026-03-10", "c4"),
                v("b3", "2026-02-02", "c3"),
                v("b2", "2026-01-20", "c2"),
                v("b1", "2026-01-10", "c1"),
            ],
        );
        versions.insert("none.md".into(), vec![v("b0", "2026-01-10", "c1")]);
        let words: HashMap<String, String> = [
            ("b1", "proposed"),
            ("b2", "Proposed"), // an edit that keeps the status
            ("b3", "Accepted"),
            ("b4", "implemented"),
            ("b5", "in production"), // a team's own word
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let l = steps(&versions, &words);
        assert_eq!(
            l.len(),
            1,
            "a file whose versions state nothing has no steps"
        );
        assert_eq!(l["0001-b.md"].len(), 4);
        let shown = |extra: &ExtraWords| -> Vec<(Status, Option<String>, Date, String)> {
            transitions(&l["0001-b.md"], extra)
                .into_iter()
                .map(|t| (t.status, t.status_raw, t.date, t.commit))
                .collect()
        };
        let built_in = shown(&ExtraWords::new());
        assert_eq!(
            built_in,
            vec![
                (Status::Proposed, None, d("2026-01-10"), "c1".into()),
                (Status::Accepted, None, d("2026-02-02"), "c3".into()),
                (
                    Status::Accepted,
                    Some("implemented".into()),
                    d("2026-03-10"),
                    "c4".into()
                ),
            ],
            "a word the built-in words do not know is left out"
        );
        let mut extra = ExtraWords::new();
        extra.insert("in production".into(), Status::Accepted);
        let configured = shown(&extra);
        assert_eq!(configured.len(), 4);
        assert_eq!(
            configured[3],
            (
                Status::Accepted,
                Some("in production".into()),
                d("2026-04-01"),
                "c5".into()
            )
        );
        assert_eq!(proposed_since(&transitions(&l["0001-b.md"], &extra)), None);
    }

    #[test]
    fn status_lines() {
        assert_eq!(status_line("status: accepted"), Some("accepted"));
        assert_eq!(status_line("* Status: Proposed"), Some("Proposed"));
        assert_eq!(status_line("- **Status:** Accepted"), Some("Accepted"));
        assert_eq!(status_line("status: \"rejected\""), Some("rejected"));
        assert_eq!(status_line("statuses: x"), None);
        assert_eq!(status_line("The status: is fine"), None);
        assert!(status_heading("## Status"));
        assert!(!status_heading("## Status of things"));
    }
}
