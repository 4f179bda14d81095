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
    diagnostic::sort(&mut diagnostics);
    diagnostic::cap_repeated(&mut diagnostics);
    let diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.is_error() || !args.allow.contains(&d.code))
        .collect();
    match args.format {
        CheckFormat::Human => {
            env.report(&diagnostics);
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
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let report = Report {
                records: loaded.model.records.len(),
                errors,
                warnings: diagnostics.len() - errors,
                diagnostics: &diagnostics,
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        CheckFormat::Github => print!("{}", diagnostic::render_github(&diagnostics)),
    }
    let failed = diagnostics.iter().any(|d| d.is_error())
        || (args.deny.is_some() && !diagnostics.is_empty());
    Ok(if failed {
        ExitCode::from(EXIT_RECORDS)
    } else {
        ExitCode::SUCCESS
    })
}
