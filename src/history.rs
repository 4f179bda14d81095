//! What version control says about each record: when it was created and last changed, and by whom.
//!
//! [`read`] runs git three times in all: one `git rev-parse` to find the repository, one
//! `git log --raw` pass over the source folder, which is parsed by [`parse_log`] (pure)
//! into each file's history and the blob of each version of each record, and one
//! `git cat-file --batch` that reads those blobs for the lifecycle ([`crate::lifecycle`]).
//! Outside a repository, or without git installed, there is simply no history.
//!
//! **The date rule.** A record whose file states no date takes the date of its first
//! commit ([`date_fallback`]); `hindsight check` still reports it as `missing-date`, so the
//! rule is visible. Record pages show the last change and who made it.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::record::Record;

/// The history of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHistory {
    pub created: Date,
    pub created_by: String,
    pub changed: Date,
    pub changed_by: String,
}

/// History by source path (below the source root, `/`-separated).
pub type History = HashMap<String, FileHistory>;

/// What git says about a source folder.
#[derive(Debug, Clone, Default)]
pub struct Git {
    /// History of each file, by path below the source root.
    pub files: History,
    /// The source root's path inside the repository (`docs/adr`), for edit links.
    pub prefix: String,
    /// The clone is shallow, so created dates may be too late.
    pub shallow: bool,
    /// Each file's status changes, by path below the source root (see [`crate::lifecycle`]).
    pub lifecycles: crate::lifecycle::Lifecycles,
}

impl Git {
    /// Diagnostics about the repository itself (not the records), for `build`.
    pub fn warnings(&self, root: &Path) -> Vec<Diagnostic> {
        if !self.shallow {
            return Vec::new();
        }
        vec![
            Diagnostic::warning(
                Code::ShallowClone,
                "the repository is a shallow clone, so the dates git gives (created, last changed) may be wrong",
            )
            .in_file(root.display().to_string())
            .hint("fetch the whole history: `git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout"),
        ]
    }
}

/// Reads the history of every file below `root` with one `git log` pass. `Ok(None)` when
/// `root` is not inside a git repository or git is not installed; `Err` when git is there
/// and fails.
pub fn read(root: &Path) -> Result<Option<Git>, Box<Diagnostic>> {
    let dir = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let rev = match git(dir)
        .args([
            "rev-parse",
            "--show-prefix",
            "--is-shallow-repository",
            "--is-inside-work-tree",
        ])
        .output()
    {
        Ok(o) => o,
        Err(_) => return Ok(None), // no git
    };
    if !rev.status.success() {
        return Ok(None); // not a repository
    }
    let text = String::from_utf8_lossy(&rev.stdout);
    let mut lines = text.lines();
    let prefix = lines.next().unwrap_or("").to_string();
    let shallow = lines.next() == Some("true");
    if lines.next() != Some("true") {
        return Ok(None); // inside .git, or a bare repository
    }
    let t0 = std::time::Instant::now();
    let log = git(dir)
        .args([
            "-c",
            "log.showSignature=false",
            "log",
            "-z",
            "-M",
            "--no-merges",
            "--raw",
            "--no-abbrev",
            "--format=%x1e%H%x1f%as%x1f%an",
            "--",
            ".",
        ])
        .output();
    crate::timing::report("load: git log --raw", t0);
    let log = log.map_err(|e| git_error(root, &e.to_string()))?;
    if !log.status.success() {
        let stderr = String::from_utf8_lossy(&log.stderr);
        // A repository with no commit yet has no history.
        if stderr.contains("does not have any commits") || stderr.contains("bad default revision") {
            return Ok(Some(Git {
                files: History::new(),
                prefix,
                shallow,
                lifecycles: Default::default(),
            }));
        }
        return Err(git_error(root, stderr.trim()));
    }
    let (files, versions) = parse_log(&log.stdout, &prefix);
    let lifecycles = crate::lifecycle::read(dir, &versions);
    Ok(Some(Git {
        files,
        lifecycles,
        prefix,
        shallow,
    }))
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null());
    c
}

fn git_error(root: &Path, message: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::warning(
            Code::GitHistory,
            format!("cannot read the git history, so pages show no dates from git: {message}"),
        )
        .in_file(root.display().to_string())
        .hint("run `git log` in the folder to see what is wrong"),
    )
}

/// Parses the output of `git log -z -M --raw --no-abbrev --format=%x1e%H%x1f%as%x1f%an`
/// (newest commit first; paths relative to the repository's top level) into the history
/// of each file below `prefix` (the source root inside the repository, ending in `/`,
/// or empty), and the versions of each markdown file there (for the lifecycle). Renames
/// are followed: a file's created date is the first commit of its oldest name.
pub fn parse_log(output: &[u8], prefix: &str) -> (History, crate::lifecycle::Versions) {
    let text = String::from_utf8_lossy(output);
    let mut history = History::new();
    // Older names of files, pointing at their current name (renames seen so far).
    let mut alias: HashMap<String, String> = HashMap::new();
    // Files whose history ended (deleted before being re-created under the same name).
    let mut closed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut versions = crate::lifecycle::Versions::new();
    let mut commit: Option<(Date, String, String)> = None;
    let mut tokens = text.split('\0').map(|t| t.trim_start_matches('\n'));
    let current = |path: &str, alias: &HashMap<String, String>| -> String {
        alias.get(path).cloned().unwrap_or_else(|| path.to_string())
    };
    while let Some(token) = tokens.next() {
        if let Some(header) = token.strip_prefix('\u{1e}') {
            let mut parts = header.split('\u{1f}');
            let hash = parts.next().unwrap_or("").to_string();
            let date = parts.next().and_then(Date::parse_iso);
            let author = parts.next().unwrap_or("").to_string();
            commit = date.map(|d| (d, author, hash));
            continue;
        }
        if token.is_empty() {
            continue;
        }
        // `:100644 100644 <old blob> <new blob> M`
        let mut fields = token.split(' ').skip(3);
        let blob = fields.next().unwrap_or("");
        let status = fields.next().and_then(|s| s.chars().next()).unwrap_or(' ');
        let (old, path) = match status {
            'R' | 'C' => {
                let old = tokens.next().unwrap_or("").to_string();
                let new = tokens.next().unwrap_or("").to_string();
                (Some(old), new)
            }
            _ => (None, tokens.next().unwrap_or("").to_string()),
        };
        let Some((date, author, hash)) = &commit else {
            continue;
        };
        let key = current(&path, &alias);
        if status == 'D' {
            // Newest first: a deletion older than what we have seen ends that file's history.
            if history.contains_key(&key) {
                closed.insert(key);
            }
            continue;
        }
        if closed.contains(&key) {
            continue;
        }
        if key.starts_with(prefix) && crate::discover::is_markdown(&key) {
            versions
                .entry(key.clone())
                .or_default()
                .push(crate::lifecycle::Version {
                    blob: blob.to_string(),
                    date: *date,
                    commit: hash.clone(),
                });
        }
        history
            .entry(key.clone())
            .and_modify(|h| {
                h.created = *date;
                h.created_by = author.clone();
            })
            .or_insert_with(|| FileHistory {
                created: *date,
                created_by: author.clone(),
                changed: *date,
                changed_by: author.clone(),
            });
        if status == 'R'
            && let Some(old) = old
        {
            alias.insert(old, key);
        }
    }
    let below = |path: String| {
        path.strip_prefix(prefix)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
    };
    let history = history
        .into_iter()
        .filter_map(|(path, h)| below(path).map(|p| (p, h)))
        .collect();
    let versions = versions
        .into_iter()
        .filter_map(|(path, v)| below(path).map(|p| (p, v)))
        .collect();
    (history, versions)
}

/// Applies the date rule: a record whose file states no date takes its first commit's date.
pub fn date_fallback(records: &mut [impl std::borrow::BorrowMut<Record>], history: &History) {
    for r in records.iter_mut().map(|r| r.borrow_mut()) {
        if r.date.is_none()
            && let Some(h) = history.get(&r.source)
        {
            r.date = Some(h.created);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn follows_renames_and_ignores_files_outside_the_prefix() {
        let log = "\u{1e}c3\u{1f}2026-03-05\u{1f}Wei\0\n:100644 100644 b2 b3 M\0docs/adr/0001-b.md\0\
                   \u{1e}c2\u{1f}2026-02-01\u{1f}Wei\0\n:100644 100644 b1 b2 R090\0docs/adr/0001-a.md\0docs/adr/0001-b.md\0:100644 100644 r0 r1 M\0README.md\0\
                   \u{1e}c1\u{1f}2026-01-02\u{1f}Ana B\0\n:000000 100644 00 b1 A\0docs/adr/0001-a.md\0:000000 100644 00 w1 A\0docs/adr/we ird.md\0:000000 100644 00 p1 A\0docs/adr/logo.png\0";
        let (h, v) = parse_log(log.as_bytes(), "docs/adr/");
        assert_eq!(h.len(), 3, "{h:?}");
        let b = &h["0001-b.md"];
        assert_eq!(
            (b.created, b.created_by.as_str()),
            (d("2026-01-02"), "Ana B")
        );
        assert_eq!((b.changed, b.changed_by.as_str()), (d("2026-03-05"), "Wei"));
        assert_eq!(h["we ird.md"].changed, d("2026-01-02"));
        // The versions of each markdown file, newest first, renames followed.
        let blobs = |p: &str| -> Vec<(String, String)> {
            v[p].iter()
                .map(|x| (x.blob.clone(), x.commit.clone()))
                .collect()
        };
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!(
            blobs("0001-b.md"),
            [("b3", "c3"), ("b2", "c2"), ("b1", "c1")].map(|(a, b)| (a.to_string(), b.to_string()))
        );
        assert_eq!(v["we ird.md"][0].date, d("2026-01-02"));
    }

    #[test]
    fn a_file_deleted_and_recreated_starts_again() {
        let log = "\u{1e}c3\u{1f}2026-03-05\u{1f}Wei\0\n:100644 100644 o1 n1 A\0x.md\0\
                   \u{1e}c2\u{1f}2026-02-01\u{1f}Wei\0\n:100644 100644 o1 n1 D\0x.md\0\
                   \u{1e}c1\u{1f}2025-01-02\u{1f}Ana\0\n:100644 100644 o1 n1 A\0x.md\0";
        let (h, _) = parse_log(log.as_bytes(), "");
        assert_eq!(h["x.md"].created, d("2026-03-05"));
    }

    #[test]
    fn the_date_rule_fills_only_missing_dates() {
        let mut h = History::new();
        for s in ["a.md", "b.md"] {
            h.insert(
                s.into(),
                FileHistory {
                    created: d("2026-01-02"),
                    created_by: "ana".into(),
                    changed: d("2026-02-02"),
                    changed_by: "wei".into(),
                },
            );
        }
        let mut records = vec![
            Record {
                source: "a.md".into(),
                ..Record::default()
            },
            Record {
                source: "b.md".into(),
                date: Some(d("2020-05-05")),
                ..Record::default()
            },
            Record {
                source: "c.md".into(),
                ..Record::default()
            },
        ];
        date_fallback(&mut records, &h);
        assert_eq!(records[0].date, Some(d("2026-01-02")));
        assert_eq!(records[1].date, Some(d("2020-05-05")));
        assert_eq!(records[2].date, None);
    }
}
