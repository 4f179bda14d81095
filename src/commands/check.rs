//! `hindsight check`: every problem in the records, as human text, JSON or GitHub annotations.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hindsight::diagnostic::{self, Code, Diagnostic};

use super::{EXIT_RECORDS, Env, SourceArgs};

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// How to print problems
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Treat this kind of problem as an error (`--deny warnings`)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,
    /// Do not report warnings with this code (`--allow overdue-revisit`); repeatable.
    /// Errors cannot be allowed; an unknown code is refused, with the closest one.
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<Code>,
    /// Also say which decisions govern the files changed since BASE (`git diff --name-only
    /// BASE...HEAD`), with a warning when one is overdue or superseded
    #[arg(long, value_name = "BASE", conflicts_with = "changed_files")]
    pub changed: Option<String>,
    /// The same as --changed, for these files (from the current folder)
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub changed_files: Vec<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style text with the offending line
    Human,
    /// One JSON object with every diagnostic
    Json,
    /// GitHub Actions workflow annotations
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Deny {
    Warnings,
}

pub fn run(env: &Env, args: CheckArgs) -> anyhow::Result<ExitCode> {
    let project = match args.source.project(env) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let loaded = hindsight::load_linted(&project, args.source.today(), None);
    // Everything a build reports, plus the lints only `check` runs.
    let mut diagnostics: Vec<Diagnostic> = loaded.diagnostics;
    diagnostics.extend(loaded.lints);
    let (notes, changed) = match changed_files(env, &project, &args) {
        Ok(Some(files)) => hindsight::changed::review(&loaded.model, &files),
        Ok(None) => (Vec::new(), Vec::new()),
        Err(code) => return Ok(code),
    };
    diagnostics.extend(changed);
    diagnostic::sort(&mut diagnostics);
    diagnostic::cap_repeated(&mut diagnostics);
    let diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.is_error() || !args.allow.contains(&d.code))
        .collect();
    match args.format {
        CheckFormat::Human => {
            env.report(&diagnostics);
            for n in &notes {
                eprintln!("note: {}: {}", n.file, n.message);
            }
            eprintln!(
                "Checked {} record{} in {}: {}",
                loaded.model.records.len(),
                if loaded.model.records.len() == 1 {
                    ""
                } else {
                    "s"
                },
                project.root.display(),
                diagnostic::summary(&diagnostics)
            );
        }
        CheckFormat::Json => {
            #[derive(serde::Serialize)]
            struct Report<'a> {
                records: usize,
                errors: usize,
                warnings: usize,
                diagnostics: &'a [Diagnostic],
                #[serde(skip_serializing_if = "<[_]>::is_empty")]
                notes: &'a [hindsight::changed::Note],
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let report = Report {
                records: loaded.model.records.len(),
                errors,
                warnings: diagnostics.len() - errors,
                diagnostics: &diagnostics,
                notes: &notes,
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        CheckFormat::Github => {
            for n in &notes {
                println!(
                    "::notice file={},title=governed-by::{}",
                    diagnostic::escape_property(&n.file),
                    diagnostic::escape_data(&n.message)
                );
            }
            print!("{}", diagnostic::render_github(&diagnostics))
        }
    }
    let failed = diagnostics.iter().any(|d| d.is_error())
        || project.fetch_failed
        || (args.deny.is_some() && !diagnostics.is_empty());
    Ok(if failed {
        ExitCode::from(EXIT_RECORDS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The changed files `--changed` or `--changed-files` name, from the work tree root;
/// `None` when neither is given.
fn changed_files(
    env: &Env,
    project: &hindsight::project::Project,
    args: &CheckArgs,
) -> Result<Option<Vec<String>>, ExitCode> {
    if args.changed.is_none() && args.changed_files.is_empty() {
        return Ok(None);
    }
    let root = hindsight::citation::WorkTree::new(project, None)
        .options
        .root;
    if let Some(base) = &args.changed {
        return hindsight::changed::changed_since(&root, base)
            .map(Some)
            .map_err(|d| {
                env.report(&[d]);
                ExitCode::from(super::EXIT_USAGE)
            });
    }
    Ok(Some(
        args.changed_files
            .iter()
            .filter_map(|f| hindsight::file_path::relative_to(f, &root))
            .collect(),
    ))
}
