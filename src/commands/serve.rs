//! `hindsight serve`: a live preview. Builds into memory, serves on loopback, rebuilds
//! what an edit affects and reloads open pages.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use hindsight::diagnostic::{self, Diagnostic};
use hindsight::serve::{self, Options, Report, Say, Settings};

use super::{EXIT_USAGE, Env, SourceArgs};

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Port to listen on; if it is taken, the next free one is used
    #[arg(long, value_name = "N", default_value_t = 4004)]
    pub port: u16,
    /// Address to listen on. Only loopback by default: anything else exposes the
    /// preview to the network
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub host: String,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Poll the files for changes instead of relying on file-system events (for network
    /// shares and containers where events do not arrive)
    #[arg(long)]
    pub poll: bool,
    /// Absolute URL the site will be published at (used in feeds and calendars)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

struct Terminal<'a> {
    env: &'a Env,
}

impl Say for Terminal<'_> {
    fn listening(&self, url: &str, asked: u16, got: u16) {
        if asked != got && asked != 0 {
            eprintln!("Port {asked} is taken; using {got} instead.");
        }
        eprintln!("Serving at {url} (press Ctrl-C to stop)");
        let loopback = ["http://127.", "http://[::1]", "http://localhost"];
        if !loopback.iter().any(|p| url.starts_with(p)) {
            eprintln!(
                "warning: listening beyond this machine; anyone who can reach it can read the records"
            );
        }
    }

    fn watching(&self, paths: &[(PathBuf, bool)], poll: bool) {
        let list: Vec<String> = paths.iter().map(|(p, _)| p.display().to_string()).collect();
        eprintln!(
            "Watching {}{}",
            list.join(", "),
            if poll { " (polling)" } else { "" }
        );
    }

    fn report(&self, report: &Report, first: bool) {
        let ms = report.elapsed.as_secs_f64() * 1000.0;
        if let Some(error) = &report.error {
            eprint!(
                "{}",
                diagnostic::render_human(&errors_only(&report.new_diagnostics), self.env.color)
            );
            if report.new_diagnostics.is_empty() {
                eprint!("{error}");
            }
            if first {
                eprintln!("error: the records have errors; pages show them until they are fixed");
            } else {
                eprintln!("error: the records have errors; still serving the last good build");
            }
            return;
        }
        self.env.report(&report.new_diagnostics);
        if report.new_diagnostics.iter().any(Diagnostic::is_error) {
            eprintln!(
                "error: the records have errors; files that cannot be read are left out of the preview (their last good pages stay) until they are fixed"
            );
        }
        if first {
            eprintln!(
                "Built {} record{} in {ms:.0} ms{}",
                report.records,
                if report.records == 1 { "" } else { "s" },
                if report.warnings > 0 {
                    format!(
                        ", {} warning{}",
                        report.warnings,
                        if report.warnings == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                }
            );
        } else if !report.changed.is_empty() {
            let shown: Vec<&str> = report.changed.iter().take(3).map(String::as_str).collect();
            let more = report.changed.len().saturating_sub(shown.len());
            eprintln!(
                "Rebuilt in {ms:.0} ms: {}{}",
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        }
    }
}

fn errors_only(d: &[Diagnostic]) -> Vec<Diagnostic> {
    d.iter().filter(|d| d.is_error()).cloned().collect()
}

pub fn run(env: &Env, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let debounce = std::env::var("HINDSIGHT_DEBOUNCE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_millis(30), Duration::from_millis);
    let options = Options {
        settings: Settings {
            source: args.source.source.clone(),
            config: env.config.clone(),
            today: args.source.today,
            base_url: args.base_url,
            review_after: args.source.review_after,
            cache: args.source.cache.clone(),
            offline: args.source.offline,
        },
        host: args.host,
        port: args.port,
        open: args.open,
        poll: args.poll.then_some(Duration::from_millis(250)),
        debounce,
    };
    match serve::run(&options, &Terminal { env }) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(serve::Error::Project(d)) => {
            env.report(&[*d]);
            Ok(ExitCode::from(EXIT_USAGE))
        }
        Err(serve::Error::Setup(message)) => {
            eprintln!("error: {message}");
            Ok(ExitCode::from(EXIT_USAGE))
        }
    }
}
