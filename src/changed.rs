//! `hindsight check --changed BASE` and `--changed-files`: for the files a change touches,
//! a note naming the decisions that govern them, and a warning when one of those is
//! overdue for revisit or no longer holds. [`changed_since`] asks git; [`review`] is pure.

use std::path::Path;
use std::process::{Command, Stdio};

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::governance::{Governance, record_name, replaced, shown_status, successor_names, why};
use crate::resolve::Model;
use crate::revisit::RevisitState;

/// A note about one changed file: the decisions that govern it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The file, from the work tree root.
    pub file: String,
    pub message: String,
}

/// The files changed between `base` and `HEAD` (`git diff --name-only BASE...HEAD`, so
/// only what the branch changed since it left `base`), from the work tree root.
pub fn changed_since(root: &Path, base: &str) -> Result<Vec<String>, Diagnostic> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotePath=false", "diff", "--name-only", "-z"])
        .arg(format!("{base}...HEAD"))
        .arg("--")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Diagnostic::error(Code::GitHistory, format!("cannot run git: {e}"))
                .hint("install git, or name the files with `--changed-files`")
        })?;
    if !out.status.success() {
        return Err(Diagnostic::error(
            Code::GitHistory,
            format!(
                "`git diff --name-only {base}...HEAD` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        )
        .in_file(root.display().to_string())
        .hint("name a branch or commit that exists here (fetch it first: `actions/checkout` with `fetch-depth: 0`)"));
    }
    Ok(out
        .stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

/// Notes for the changed `files` that decisions govern, and the warnings
/// `governing-decision-overdue` (a governing decision is overdue for revisit) and
/// `governing-decision-superseded` (it no longer holds, and nothing that replaced it
/// governs the file).
pub fn review(model: &Model, files: &[String]) -> (Vec<Note>, Vec<Diagnostic>) {
    let governance = Governance::new(model);
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    if governance.is_empty() {
        return (notes, warnings);
    }
    for file in files {
        let found = why(model, &governance, file);
        if found.is_empty() {
            continue;
        }
        let names: Vec<String> = found
            .iter()
            .map(|&i| {
                let r = &model.records[i];
                format!("{} ({}, {})", record_name(model, i), shown_status(r), r.url)
            })
            .collect();
        notes.push(Note {
            file: file.clone(),
            message: format!("governed by {}", names.join("; ")),
        });
        for &i in &found {
            let r = &model.records[i];
            if r.revisit.state == Some(RevisitState::Overdue) {
                let date = r
                    .revisit
                    .date
                    .map(|d| format!(" (since {d})"))
                    .unwrap_or_default();
                warnings.push(
                    Diagnostic::warning(
                        Code::GoverningDecisionOverdue,
                        format!(
                            "this change touches a file governed by {}, which is overdue for revisit{date}",
                            record_name(model, i)
                        ),
                    )
                    .in_file(file.clone())
                    .hint("check that the decision still holds, and write a retrospective or a new revisit date"),
                );
            }
            if replaced(r) && !r.superseded_by.iter().any(|s| found.contains(s)) {
                let successors = successor_names(model, i);
                let (what, hint) = if successors.is_empty() {
                    (
                        r.record.status.as_str().to_string(),
                        "remove the file from its `applies_to`, or record the decision that governs it now".to_string(),
                    )
                } else {
                    (
                        format!("superseded by {}", successors.join(" and ")),
                        "move the glob to the decision that replaced it (`applies_to`)".to_string(),
                    )
                };
                warnings.push(
                    Diagnostic::warning(
                        Code::GoverningDecisionSuperseded,
                        format!(
                            "this change touches a file governed by {}, which is {what}",
                            record_name(model, i)
                        ),
                    )
                    .in_file(file.clone())
                    .hint(hint),
                );
            }
        }
    }
    (notes, warnings)
}
