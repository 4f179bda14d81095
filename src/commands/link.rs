//! `hindsight link SOURCE LINK TARGET REVERSE`: a named link between two existing records,
//! written on both (as `adr link 3 Clarifies 2 "Clarified by"`).

use std::process::ExitCode;

use clap::Args;
use hindsight::author::AuthorError;
use hindsight::date::Date;

use super::{EXIT_RECORDS, EXIT_USAGE, Env};

#[derive(Debug, Args)]
#[command(
    after_help = "Standard output: nothing. Standard error: each record edited (\"edited PATH\") and diagnostics."
)]
pub struct LinkArgs {
    /// The record the link is written from (number, id or path)
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// The words from SOURCE to TARGET ("Clarifies")
    #[arg(value_name = "LINK")]
    pub link: String,
    /// The record linked to (number, id or path)
    #[arg(value_name = "TARGET")]
    pub target: String,
    /// The words from TARGET back to SOURCE ("Clarified by")
    #[arg(value_name = "REVERSE")]
    pub reverse: String,
}

pub fn run(env: &Env, args: LinkArgs) -> anyhow::Result<ExitCode> {
    let project = match env.project(None) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    match hindsight::author::link::link_records(
        &project,
        &args.source,
        &args.link,
        &args.target,
        &args.reverse,
        Date::today(),
    ) {
        Ok(edited) => {
            for e in edited {
                eprintln!("edited {}", e.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            env.report(e.diagnostics());
            Ok(ExitCode::from(match e {
                AuthorError::Records(_) => EXIT_RECORDS,
                AuthorError::Setup(_) => EXIT_USAGE,
            }))
        }
    }
}
