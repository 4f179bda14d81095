//! What version control says about each record: when it was created and last changed, and by whom.
//!
//! [`read`] runs git twice in all: one `git rev-parse` to find the repository, then one
//! `git log --name-status` pass over the source folder, which is parsed by [`parse_log`]
//! (pure). Outside a repository, or without git installed, there is simply no history.
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
    // The lifecycle pass (src/lifecycle.rs) walks the same history at the same time.
    let (log, lifecycles) = std::thread::scope(|s| {
        let lifecycles = s.spawn(|| crate::lifecycle::read(dir, &prefix));
        let log = git(dir)
            .args([
                "-c",
                "log.showSignature=false",
                "log",
                "-z",
                "-M",
                "--no-merges",
                "--name-status",
                "--format=%x1e%H%x1f%as%x1f%an",
                "--",
                ".",
            ])
            .output();
        (log, lifecycles.join().unwrap_or_default())
    });
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
    Ok(Some(Git {
        files: parse_log(&log.stdout, &prefix),
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

/// Parses the output of `git log -z -M --name-status --format=%x1e%H%x1f%as%x1f%an`
/// (newest commit first; paths relative to the repository's top level) into the history
/// of each file below `prefix` (the source root inside the repository, ending in `/`,
/// or empty). Renames are followed: a file's created date is the first commit of its
/// oldest name.
pub fn parse_log(output: &[u8], prefix: &str) -> History {
    let text = String::from_utf8_lossy(output);
    let mut history = History::new();
    // Older names of files, pointing at their current name (renames seen so far).
    let mut alias: HashMap<String, String> = HashMap::new();
    // Files whose history ended (deleted before being re-created under the same name).
    let mut closed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut commit: Option<(Date, String)> = None;
    let mut tokens = text.split('\0').map(|t| t.trim_start_matches('\n'));
    let current = |path: &str, alias: &HashMap<String, String>| -> String {
        alias.get(path).cloned().unwrap_or_else(|| path.to_string())
    };
    while let Some(token) = tokens.next() {
        if let Some(header) = token.strip_prefix('\u{1e}') {
            let mut parts = header.split('\u{1f}');
            let _hash = parts.next();
            let date = parts.next().and_then(Date::parse_iso);
            let author = parts.next().unwrap_or("").to_string();
            commit = date.map(|d| (d, author));
            continue;
        }
        if token.is_empty() {
            continue;
        }
        let status = token.chars().next().unwrap_or(' ');
        let (old, path) = match status {
            'R' | 'C' => {
                let old = tokens.next().unwrap_or("").to_string();
                let new = tokens.next().unwrap_or("").to_string();
                (Some(old), new)
            }
            _ => (None, tokens.next().unwrap_or("").to_string()),
        };
        let Some((date, author)) = &commit else {
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
    history
        .into_iter()
        .filter_map(|(path, h)| {
            path.strip_prefix(prefix)
                .filter(|p| !p.is_empty())
                .map(|p| (p.to_string(), h))
        })
        .collect()
}

/// Applies the date rule: a record whose file states no date takes its first commit's date.
pub fn date_fallback(records: &mut [Record], history: &History) {
    for r in records.iter_mut() {
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
        let log = "\u{1e}c3\u{1f}2026-03-05\u{1f}Wei\0\nM\0docs/adr/0001-b.md\0\
                   \u{1e}c2\u{1f}2026-02-01\u{1f}Wei\0\nR090\0docs/adr/0001-a.md\0docs/adr/0001-b.md\0M\0README.md\0\
                   \u{1e}c1\u{1f}2026-01-02\u{1f}Ana B\0\nA\0docs/adr/0001-a.md\0A\0docs/adr/we ird.md\0";
        let h = parse_log(log.as_bytes(), "docs/adr/");
        assert_eq!(h.len(), 2, "{h:?}");
        let b = &h["0001-b.md"];
        assert_eq!(
            (b.created, b.created_by.as_str()),
            (d("2026-01-02"), "Ana B")
        );
        assert_eq!((b.changed, b.changed_by.as_str()), (d("2026-03-05"), "Wei"));
        assert_eq!(h["we ird.md"].changed, d("2026-01-02"));
    }

    #[test]
    fn a_file_deleted_and_recreated_starts_again() {
        let log = "\u{1e}c3\u{1f}2026-03-05\u{1f}Wei\0\nA\0x.md\0\
                   \u{1e}c2\u{1f}2026-02-01\u{1f}Wei\0\nD\0x.md\0\
                   \u{1e}c1\u{1f}2025-01-02\u{1f}Ana\0\nA\0x.md\0";
        let h = parse_log(log.as_bytes(), "");
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
