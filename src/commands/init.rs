//! `hindsight init`: a records folder, `hindsight.toml` and a first record.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hindsight::author::AuthorError;
use hindsight::author::conventions::WriteDialect;
use hindsight::author::init::{InitRequest, init};
use hindsight::date::Date;

use super::{EXIT_RECORDS, EXIT_USAGE, Env, parse_date};

#[derive(Debug, Args)]
#[command(
    after_help = "Standard output: the first record's path, alone (as `adr init`). Standard error: the other files created (\"created PATH\": .adr-dir, hindsight.toml, the schema) and notes."
)]
pub struct InitArgs {
    /// Records folder to create [default: decisions/; docs/decisions for MADR; doc/adr for adr-tools]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Format of the records: native (front matter with options, trade-offs and revisit
    /// dates), madr (MADR 4), madr2 (MADR 2 / log4brains bullets) or adr-tools
    #[arg(long, value_name = "DIALECT", default_value = "native", value_parser = parse_dialect)]
    pub dialect: WriteDialect,
    /// Do not write hindsight.toml
    #[arg(long)]
    pub no_config: bool,
    /// Date of the first record, as YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<Date>,
}

fn parse_dialect(s: &str) -> Result<WriteDialect, String> {
    WriteDialect::parse(s)
        .ok_or_else(|| format!("`{s}` is not a dialect; use native, madr, madr2 or adr-tools"))
}

pub fn run(env: &Env, args: InitArgs) -> anyhow::Result<ExitCode> {
    let base = env
        .config
        .as_ref()
        .and_then(|c| c.parent().map(PathBuf::from))
        .unwrap_or_default();
    let request = InitRequest {
        base,
        dir: args.dir,
        dialect: args.dialect,
        date: args.date.unwrap_or_else(Date::today),
        config: !args.no_config,
    };
    match init(&request) {
        Ok(done) => {
            // The first record alone on standard output, as `adr init` prints it.
            for (i, p) in done.created.iter().enumerate() {
                if i == 0 {
                    println!("{}", p.display());
                } else {
                    eprintln!("created {}", p.display());
                }
            }
            for p in &done.kept {
                eprintln!("note: {} exists and was left as it is", p.display());
            }
            eprintln!(
                "Next: `hindsight new \"Title\"` writes a record in {}",
                done.dir.display()
            );
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
