//! Lifecycle from git: each record's status changes as they were committed
//! (`proposed 2026-01-10, accepted 2026-02-02`), from one `git log -p` pass over the
//! source folder (not one git process per file).
//!
//! [`read`] runs git; [`parse`] (pure) reads its output: for each commit and file, the
//! status the commit's added lines state, in front matter (`status: accepted`), a bullet or
//! line (`* Status: accepted`, `Status: accepted`), or the first added line of a
//! `## Status` section (the heading added too, or among the three unchanged lines git
//! shows around a change, as adr-tools writes `## Status`, a blank line, the status). Renames are followed and a deleted file's earlier life is
//! dropped, as in [`crate::history`]. Consecutive commits stating the same status are one
//! step; a word such as `implemented` keeps the record accepted and is kept as written, so
//! the implementation date shows in the lifecycle. Statuses are mapped with the built-in
//! words (not the configuration's `[statuses]`).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};

use serde::Serialize;

use crate::date::Date;
use crate::record::{Record, Status};

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

/// Lifecycles by source path (below the source root, `/`-separated), oldest change first.
pub type Lifecycles = HashMap<String, Vec<Transition>>;

/// Reads the lifecycle of every file below `dir` (whose path inside the repository is
/// `prefix`, ending in `/` or empty) with one `git log` pass; empty when git fails.
pub fn read(dir: &Path, prefix: &str) -> Lifecycles {
    let t0 = std::time::Instant::now();
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .args([
            "-c",
            "log.showSignature=false",
            "-c",
            "core.quotepath=off",
            "log",
            "-p",
            "-U3",
            "-M",
            "--no-merges",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--format=%x1e%H%x1f%as",
            "--",
            ".",
        ])
        .output();
    crate::timing::report("load: lifecycle git log -p", t0);
    let lifecycles = match out {
        Ok(o) if o.status.success() => parse(&o.stdout, prefix),
        _ => Lifecycles::new(),
    };
    crate::timing::report("load: lifecycle (git and parse)", t0);
    lifecycles
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

/// The path of a `diff --git a/P b/P` line whose two paths are the same.
fn same_path(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix("a/")?;
    if rest.len() < 3 || (rest.len() - 3) % 2 != 0 {
        return None;
    }
    let n = (rest.len() - 3) / 2;
    let (a, b) = (rest.get(..n)?, rest.get(n..)?);
    (b.strip_prefix(" b/") == Some(a)).then_some(a)
}

/// What one file section of one commit says.
#[derive(Default)]
struct Section {
    path: Option<String>,
    renamed_from: Option<String>,
    deleted: bool,
    /// The status the added lines state.
    status: Option<String>,
    /// The last added line opened a `## Status` section.
    in_status_heading: bool,
}

/// Parses `git log -p -U3 -M --format=%x1e%H%x1f%as` output (newest commit first, paths
/// relative to the repository's top level) into the lifecycle of each file below `prefix`.
pub fn parse(output: &[u8], prefix: &str) -> Lifecycles {
    let text = String::from_utf8_lossy(output);
    let extra = crate::status::ExtraWords::new();
    // Newest first while reading; reversed at the end.
    let mut steps: HashMap<String, Vec<Transition>> = HashMap::new();
    let mut alias: HashMap<String, String> = HashMap::new();
    let mut closed: HashSet<String> = HashSet::new();
    let mut commit: Option<(String, Date)> = None;
    let mut section = Section::default();

    let finish = |section: &mut Section,
                  commit: &Option<(String, Date)>,
                  steps: &mut HashMap<String, Vec<Transition>>,
                  alias: &mut HashMap<String, String>,
                  closed: &mut HashSet<String>| {
        let s = std::mem::take(section);
        let (Some(path), Some((hash, date))) = (s.path, commit) else {
            return;
        };
        let key = alias.get(&path).cloned().unwrap_or(path);
        if s.deleted {
            if steps.contains_key(&key) {
                closed.insert(key);
            }
            return;
        }
        if closed.contains(&key) {
            return;
        }
        if let Some(raw) = s.status
            && let Some(status) = crate::status::canonical(&raw, &extra)
            && status != Status::Unknown
        {
            steps.entry(key.clone()).or_default().push(Transition {
                status,
                status_raw: (!raw.eq_ignore_ascii_case(status.as_str())).then_some(raw),
                date: *date,
                commit: hash.clone(),
            });
        }
        if let Some(old) = s.renamed_from {
            alias.insert(old, key);
        }
    };

    for line in text.split('\n') {
        if let Some(header) = line.strip_prefix('\u{1e}') {
            finish(&mut section, &commit, &mut steps, &mut alias, &mut closed);
            let mut parts = header.split('\u{1f}');
            let hash = parts.next().unwrap_or("").to_string();
            commit = parts.next().and_then(Date::parse_iso).map(|d| (hash, d));
            continue;
        }
        if let Some(rest) = line.strip_prefix("diff --git ") {
            finish(&mut section, &commit, &mut steps, &mut alias, &mut closed);
            section.path = same_path(rest).map(str::to_string);
            continue;
        }
        if let Some(added) = line.strip_prefix('+') {
            if added.starts_with("++ ") {
                // `+++ /dev/null` (a deletion) names nothing.
                // `+++ b/path`: the new name (a rename's, or one `diff --git` left unclear).
                if let Some(p) = added.strip_prefix("++ b/") {
                    section.path = Some(p.trim_matches('"').to_string());
                }
                continue;
            }
            if section.status.is_some() {
                continue;
            }
            if section.in_status_heading {
                let t = added.trim();
                if !t.is_empty() {
                    section.status = Some(t.trim_matches(['*', '_']).trim().to_string());
                    section.in_status_heading = false;
                }
                continue;
            }
            if let Some(v) = status_line(added) {
                section.status = Some(v.to_string());
            } else if status_heading(added) {
                section.in_status_heading = true;
            }
            continue;
        }
        if let Some(context) = line.strip_prefix(' ') {
            // An unchanged line (the pass asks for -U3): a `## Status` heading above a
            // changed line opens its section; an unchanged line under it closes it.
            if section.status.is_none() {
                if status_heading(context) {
                    section.in_status_heading = true;
                } else if section.in_status_heading && !context.trim().is_empty() {
                    section.in_status_heading = false;
                }
            }
            continue;
        }
        if line.starts_with("@@") {
            // A hunk that does not follow the heading's line ends the section it opened.
            section.in_status_heading = false;
            continue;
        }
        if let Some(p) = line.strip_prefix("rename from ") {
            section.renamed_from = Some(p.to_string());
        } else if let Some(p) = line.strip_prefix("rename to ") {
            section.path = Some(p.to_string());
        } else if line.starts_with("deleted file mode") {
            section.deleted = true;
        }
    }
    finish(&mut section, &commit, &mut steps, &mut alias, &mut closed);

    steps
        .into_iter()
        .filter_map(|(path, mut list)| {
            let path = path
                .strip_prefix(prefix)
                .filter(|p| !p.is_empty())?
                .to_string();
            list.reverse();
            let same = |a: &Transition, b: &Transition| {
                a.status == b.status
                    && a.status_raw.as_deref().map(str::to_lowercase)
                        == b.status_raw.as_deref().map(str::to_lowercase)
            };
            list.dedup_by(|later, earlier| same(earlier, later));
            Some((path, list))
        })
        .collect()
}

/// Gives each record its lifecycle.
pub fn attach(records: &mut [Record], lifecycles: &Lifecycles) {
    if lifecycles.is_empty() {
        return;
    }
    for r in records.iter_mut() {
        if let Some(l) = lifecycles.get(&r.source) {
            r.lifecycle = l.clone();
        }
    }
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

    const LOG: &str = "\u{1e}c4\u{1f}2026-03-10
diff --git a/docs/adr/0001-b.md b/docs/adr/0001-b.md
index 1..2 100644
--- a/docs/adr/0001-b.md
+++ b/docs/adr/0001-b.md
@@ -3 +3 @@
-status: accepted
+status: implemented
\u{1e}c3\u{1f}2026-02-02
diff --git a/docs/adr/0001-a.md b/docs/adr/0001-b.md
similarity index 90%
rename from docs/adr/0001-a.md
rename to docs/adr/0001-b.md
index 1..2 100644
--- a/docs/adr/0001-a.md
+++ b/docs/adr/0001-b.md
@@ -3 +3 @@
-status: proposed
+status: Accepted
diff --git a/docs/adr/0002-nygard.md b/docs/adr/0002-nygard.md
index 1..2 100644
--- a/docs/adr/0002-nygard.md
+++ b/docs/adr/0002-nygard.md
@@ -7 +7 @@
-Proposed
+Accepted
\u{1e}c2\u{1f}2026-01-20
diff --git a/docs/adr/0001-a.md b/docs/adr/0001-a.md
index 1..2 100644
--- a/docs/adr/0001-a.md
+++ b/docs/adr/0001-a.md
@@ -5 +5 @@
-Some text
+Some text, edited
\u{1e}c1\u{1f}2026-01-10
diff --git a/docs/adr/0001-a.md b/docs/adr/0001-a.md
new file mode 100644
index 0..1
--- /dev/null
+++ b/docs/adr/0001-a.md
@@ -0,0 +1,5 @@
+---
+title: A
+status: proposed
+---
+Some text
diff --git a/docs/adr/0002-nygard.md b/docs/adr/0002-nygard.md
new file mode 100644
--- /dev/null
+++ b/docs/adr/0002-nygard.md
@@ -0,0 +1,8 @@
+# 2. Nygard
+
+Date: 2026-01-10
+
+## Status
+
+Proposed
+
diff --git a/README.md b/README.md
new file mode 100644
--- /dev/null
+++ b/README.md
@@ -0,0 +1 @@
+Status: accepted
";

    #[test]
    fn status_changes_follow_renames_and_keep_words_as_written() {
        let l = parse(LOG.as_bytes(), "docs/adr/");
        assert_eq!(l.len(), 2, "{l:?}");
        let b = &l["0001-b.md"];
        let steps: Vec<(Status, Option<&str>, Date, &str)> = b
            .iter()
            .map(|t| (t.status, t.status_raw.as_deref(), t.date, t.commit.as_str()))
            .collect();
        assert_eq!(
            steps,
            vec![
                (Status::Proposed, None, d("2026-01-10"), "c1"),
                // `Accepted` is the status itself, case aside.
                (Status::Accepted, None, d("2026-02-02"), "c3"),
                (Status::Accepted, Some("implemented"), d("2026-03-10"), "c4"),
            ]
        );
        // A `## Status` section in a new file is read; a later change of its line in a
        // hunk that does not show the heading says nothing.
        let n = &l["0002-nygard.md"];
        assert_eq!(n.len(), 1);
        assert_eq!(
            (n[0].status, n[0].date),
            (Status::Proposed, d("2026-01-10"))
        );
    }

    #[test]
    fn an_adr_tools_status_section_changed_under_its_heading() {
        let log = "\u{1e}c2\u{1f}2026-02-01
diff --git a/0001-x.md b/0001-x.md
index 1..2 100644
--- a/0001-x.md
+++ b/0001-x.md
@@ -3,7 +3,7 @@ Date: 2026-01-01
 Date: 2026-01-01
 
 ## Status
 
-Proposed
+Accepted
 
 ## Context
@@ -20,3 +20,4 @@
 ## Status of the rollout
 
 Proposed for the rest
+Another line
\u{1e}c1\u{1f}2026-01-01
diff --git a/0001-x.md b/0001-x.md
new file mode 100644
--- /dev/null
+++ b/0001-x.md
@@ -0,0 +1,6 @@
+# 1. X
+
+Date: 2026-01-01
+
+## Status
+
+Proposed
";
        let l = parse(log.as_bytes(), "");
        let steps: Vec<(Status, Date)> =
            l["0001-x.md"].iter().map(|t| (t.status, t.date)).collect();
        assert_eq!(
            steps,
            vec![
                (Status::Proposed, d("2026-01-01")),
                (Status::Accepted, d("2026-02-01"))
            ]
        );
    }

    #[test]
    fn a_deleted_file_starts_again_and_repeats_collapse() {
        let log = "\u{1e}c3\u{1f}2026-03-05
diff --git a/x.md b/x.md
new file mode 100644
--- /dev/null
+++ b/x.md
@@ -0,0 +1 @@
+status: proposed
\u{1e}c2\u{1f}2026-02-01
diff --git a/x.md b/x.md
deleted file mode 100644
--- a/x.md
+++ /dev/null
@@ -1 +0,0 @@
-status: accepted
\u{1e}c1\u{1f}2025-01-02
diff --git a/x.md b/x.md
new file mode 100644
--- /dev/null
+++ b/x.md
@@ -0,0 +1 @@
+status: accepted
";
        let l = parse(log.as_bytes(), "");
        assert_eq!(l["x.md"].len(), 1);
        assert_eq!(l["x.md"][0].date, d("2026-03-05"));
        assert_eq!(proposed_since(&l["x.md"]), Some(d("2026-03-05")));
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
