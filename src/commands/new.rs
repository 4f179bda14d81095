//! `hindsight new`: the next record, in the folder's own dialect and naming scheme.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hindsight::author::{self, AuthorError, NewRequest};
use hindsight::date::Date;
use hindsight::diagnostic::Diagnostic;

use super::{EXIT_RECORDS, EXIT_USAGE, Env, parse_date};

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Title of the decision (or of the retrospective, with --reviews)
    #[arg(value_name = "TITLE")]
    pub title: String,
    /// A record this one supersedes (number, id or path); it is marked superseded in its
    /// own format. Repeatable.
    #[arg(long, value_name = "REF")]
    pub supersedes: Vec<String>,
    /// Write a retrospective of this decision (number, id or path) instead of a decision
    #[arg(long, value_name = "REF", conflicts_with = "supersedes")]
    pub reviews: Option<String>,
    /// Folder to write into [default: the configured one, else the first found of
    /// decisions/, the folder in .adr-dir, doc/adr, docs/adr, docs/decisions,
    /// docs/architecture/decisions]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Date of the record, as YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<Date>,
    /// Use this number instead of the next free one (refused if it is taken)
    #[arg(long, value_name = "N")]
    pub number: Option<u32>,
    /// A path the decision governs: a gitignore-style glob from the repository root
    /// (`services/ledger/**`, `*.sql`); written as `applies_to`. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub applies_to: Vec<String>,
    /// Open the new record in $VISUAL or $EDITOR
    #[arg(long)]
    pub edit: bool,
}

pub fn run(env: &Env, args: NewArgs) -> anyhow::Result<ExitCode> {
    if args.title.trim().is_empty() {
        env.report(&[Diagnostic::error("usage", "the title is empty")
            .hint("write `hindsight new \"Use PostgreSQL for events\"`")]);
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    for g in &args.applies_to {
        if let Err(e) = hindsight::governance::check_glob(g) {
            env.report(&[Diagnostic::error(
                "invalid-glob",
                format!("`--applies-to {g}` is not a glob: {e}"),
            )
            .hint(
                "write gitignore-style globs from the repository root: `src/ledger/**`, `*.sql`",
            )]);
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    }
    let project = match env.project(args.dir.as_deref()) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => project
            .dirs
            .first()
            .map(|d| d.path.clone())
            .unwrap_or_else(|| project.root.clone()),
    };
    let request = NewRequest {
        title: args.title.clone(),
        dir,
        supersedes: args.supersedes.clone(),
        reviews: args.reviews.clone(),
        date: args.date.unwrap_or_else(Date::today),
        number: args.number,
        number_from: 0,
        applies_to: args.applies_to.clone(),
    };
    let done = match author::new_record(&project, &request) {
        Ok(done) => done,
        Err(e) => {
            env.report(e.diagnostics());
            return Ok(ExitCode::from(match e {
                AuthorError::Records(_) => EXIT_RECORDS,
                AuthorError::Setup(_) => EXIT_USAGE,
            }));
        }
    };
    println!("{}", done.created.display());
    for e in &done.edited {
        println!("{}", e.display());
    }
    if args.edit {
        return Ok(open_editor(&done.created));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `$VISUAL` or `$EDITOR` on `path`; says so when neither is set.
fn open_editor(path: &std::path::Path) -> ExitCode {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty());
    let Some(editor) = editor else {
        eprintln!(
            "note: neither $VISUAL nor $EDITOR is set; open {} in your editor",
            path.display()
        );
        return ExitCode::SUCCESS;
    };
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or_default();
    match std::process::Command::new(program)
        .args(parts)
        .arg(path)
        .status()
    {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => {
            eprintln!("error: the editor `{editor}` exited with {s}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(e) => {
            eprintln!("error: cannot run the editor `{editor}`: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
