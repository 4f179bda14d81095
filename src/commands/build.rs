//! `hindsight build`: the site, written atomically.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use hindsight::{BuildError, BuildOptions, diagnostic};

use super::{EXIT_RECORDS, EXIT_USAGE, Env, SourceArgs};

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output folder [default: the configured one, else site/]
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Absolute URL the site will be published at (used in feeds and calendars)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Publish every readable record even when some files cannot be read; the files left
    /// out are listed (here, in decisions.json `skipped`, on the index page) and the exit
    /// code is still 1
    #[arg(long)]
    pub keep_going: bool,
}

pub fn run(env: &Env, args: BuildArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let project = match args.source.project(env) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let out = args
        .out
        .unwrap_or_else(|| hindsight::output_folder(&project));
    let options = BuildOptions {
        out: out.clone(),
        today: args.source.today(),
        base_url: args.base_url,
        keep_going: args.keep_going,
    };
    match hindsight::build(&project, &options) {
        Ok(report) => {
            env.report(&report.diagnostics);
            let warnings = if report.diagnostics.is_empty() {
                String::new()
            } else {
                format!(", {}", diagnostic::summary(&report.diagnostics))
            };
            eprintln!(
                "Built {} record{} ({} skipped) from {} into {} in {:.2} s{warnings}",
                report.records,
                if report.records == 1 { "" } else { "s" },
                report.skipped,
                project.root.display(),
                out.display(),
                started.elapsed().as_secs_f64()
            );
            if report.left_out.is_empty() {
                if project.fetch_failed {
                    eprintln!(
                        "error: some git sources could not be read (see above); the site holds the others"
                    );
                    return Ok(ExitCode::from(EXIT_RECORDS));
                }
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!(
                "error: {} file{} left out of the site because of the errors above:",
                report.left_out.len(),
                if report.left_out.len() == 1 {
                    " was"
                } else {
                    "s were"
                }
            );
            for s in &report.left_out {
                eprintln!("  {} ({})", s.source, s.reason);
            }
            Ok(ExitCode::from(EXIT_RECORDS))
        }
        Err(BuildError::Records(d)) => {
            env.report(&d);
            eprintln!(
                "error: build failed with {}; {} was left as it was",
                diagnostic::summary(&d),
                out.display()
            );
            Ok(ExitCode::from(EXIT_RECORDS))
        }
        Err(BuildError::Setup(d)) => {
            env.report(&d);
            eprintln!("error: build failed; {} was left as it was", out.display());
            Ok(ExitCode::from(EXIT_USAGE))
        }
    }
}
