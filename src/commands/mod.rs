//! Command-line arguments and the commands they run. Each command is a thin layer over
//! the library: locate the project, run pipeline stages, report.

pub mod build;
pub mod check;
pub mod digest;
pub mod due;
pub mod export;
pub mod graph;
pub mod index;
pub mod init;
pub mod link;
pub mod list;
pub mod new;
pub mod schema;
pub mod serve;
pub mod why;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use hindsight::date::{Date, Interval};
use hindsight::diagnostic::{self, Diagnostic};
use hindsight::project::Project;

/// Exit code for problems in the records.
pub const EXIT_RECORDS: u8 = 1;
/// Exit code for usage and I/O errors.
pub const EXIT_USAGE: u8 = 2;

/// Turn a folder of decision records into a searchable static site, and keep those
/// decisions honest over time.
#[derive(Debug, Parser)]
#[command(name = "hindsight", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 fine (warnings allowed), 1 problems in the records, 2 usage or I/O errors."
)]
pub struct Cli {
    /// Configuration file [default: hindsight.toml in the current folder, else in the project
    /// folder found above it (up to the repository root), if present]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to colour diagnostics
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: Color,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the static site
    Build(build::BuildArgs),
    /// Report every problem in the records, like a compiler
    Check(check::CheckArgs),
    /// List decisions overdue for revisit and due soon
    Due(due::DueArgs),
    /// Summarise a period for managers: decided, waiting, superseded, reviewed, expectations judged, overdue
    Digest(digest::DigestArgs),
    /// Print the resolved model as JSON (the same as the site's decisions.json)
    Export(export::ExportArgs),
    /// Write a new record in the folder's own format (next number, template, links)
    New(new::NewArgs),
    /// Set up a records folder with a first record that explains the practice
    Init(init::InitArgs),
    /// Preview the site: build into memory, serve it, rebuild and reload pages on every edit
    Serve(serve::ServeArgs),
    /// Print the JSON Schema of the native front matter, for editors (yaml-language-server)
    Schema(schema::SchemaArgs),
    /// Write a named link between two records on both of them (as `adr link`)
    Link(link::LinkArgs),
    /// List the records, one path a line in number order (as `adr list`), or as a table or JSON
    List(list::ListArgs),
    /// Print the links between records as a Graphviz DOT graph (as `adr generate graph`)
    Graph(graph::GraphArgs),
    /// Print a markdown table of the records, or keep one current between markers in a file
    /// (as `adr generate toc`)
    Index(index::IndexArgs),
    /// Which decisions govern these paths (their `applies_to` globs match them)
    Why(why::WhyArgs),
}

/// The source folder and the date, shared by most commands.
#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    /// Folder of decision records [default: the configured one, else decisions/, the
    /// folder in .adr-dir, doc/adr, docs/adr, docs/decisions, docs/architecture/decisions]
    #[arg(value_name = "SOURCE")]
    pub source: Option<PathBuf>,
    /// Date to compute revisit states against, as YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
    /// Review policy: an accepted decision with no revisit date of its own is due this
    /// long after its date ("12 months", "2 weeks", "90 days", "1 year") [default:
    /// `review_after` in hindsight.toml, else none]
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    pub review_after: Option<Interval>,
    /// Folder the repositories of `[[sources]] git = ...` are cached in [default:
    /// $XDG_CACHE_HOME/hindsight, else ~/.cache/hindsight]
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Read `[[sources]] git = ...` from the cache only, without fetching
    #[arg(long)]
    pub offline: bool,
}

impl SourceArgs {
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today)
    }

    /// Locates the project, with the command line's review policy over the configured one.
    pub fn project(&self, env: &Env) -> Result<Project, ExitCode> {
        let mut project = env.project(self.source.as_deref())?;
        if let Some(every) = self.review_after {
            project.config.review_after = Some(every);
        }
        let cache = self
            .cache
            .clone()
            .unwrap_or_else(hindsight::federation::default_cache);
        let diagnostics = project.fetch_sources(&cache, self.offline);
        env.report(&diagnostics);
        for s in &project.sites.sites {
            eprintln!(
                "Read {} from {}: {} record{}{}",
                s.package,
                s.json,
                s.records,
                if s.records == 1 { "" } else { "s" },
                match (&s.fetched_at, s.stale) {
                    (Some(at), true) => format!(", a cached copy fetched {at}"),
                    (Some(at), false) if self.offline => format!(", the cached copy fetched {at}"),
                    _ => String::new(),
                }
            );
        }
        for f in &project.fetched {
            eprintln!(
                "Read {} from {}{} at {}{}{}",
                f.package,
                f.git,
                f.rev
                    .as_deref()
                    .map(|r| format!(" {r}"))
                    .unwrap_or_default(),
                f.commit,
                f.date.map(|d| format!(" ({d})")).unwrap_or_default(),
                if f.stale { ", a cached copy" } else { "" }
            );
        }
        Ok(project)
    }
}

/// Parses `--review-after`.
pub fn parse_interval(s: &str) -> Result<Interval, String> {
    Interval::parse(s).ok_or_else(|| {
        format!("`{s}` is not an interval; write a number and a unit: \"12 months\", \"2 weeks\", \"90 days\", \"1 year\"")
    })
}

/// Parses `--today` and similar date arguments.
pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s.trim()).ok_or_else(|| {
        format!("`{s}` is not a date; write it as YYYY-MM-DD, for example 2026-03-02")
    })
}

/// Context every command gets.
pub struct Env {
    pub config: Option<PathBuf>,
    pub color: bool,
}

impl Env {
    /// Locates the project, printing the diagnostic when that fails.
    /// With neither a source nor `--config`, a project in a parent folder is found too
    /// (see [`hindsight::locate`]), and paths are shown relative to the current folder.
    pub fn project(&self, source: Option<&std::path::Path>) -> Result<Project, ExitCode> {
        let above = match (source, &self.config) {
            (None, None) => std::env::current_dir()
                .ok()
                .and_then(|cwd| hindsight::locate::project_above(&cwd))
                .map(|up| up.join(hindsight::config::FILE_NAME)),
            _ => None,
        };
        let config = self.config.as_deref().or(above.as_deref());
        Project::locate(source, config).map_err(|d| {
            self.report(&[d]);
            ExitCode::from(EXIT_USAGE)
        })
    }

    /// Prints diagnostics to standard error.
    pub fn report(&self, diagnostics: &[Diagnostic]) {
        if !diagnostics.is_empty() {
            eprint!("{}", diagnostic::render_human(diagnostics, self.color));
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let env = Env {
        config: cli.config,
        color,
    };
    match cli.command {
        Command::Build(args) => build::run(&env, args),
        Command::Check(args) => check::run(&env, args),
        Command::Due(args) => due::run(&env, args),
        Command::Digest(args) => digest::run(&env, args),
        Command::Export(args) => export::run(&env, args),
        Command::New(args) => new::run(&env, args),
        Command::Init(args) => init::run(&env, args),
        Command::Serve(args) => serve::run(&env, args),
        Command::Schema(args) => schema::run(args),
        Command::Link(args) => link::run(&env, args),
        Command::List(args) => list::run(&env, args),
        Command::Graph(args) => graph::run(&env, args),
        Command::Index(args) => index::run(&env, args),
        Command::Why(args) => why::run(&env, args),
    }
}

/// A record's file as the user reaches it from the current folder (`doc/adr/0002-x.md`,
/// `../doc/adr/0002-x.md` from a subfolder), `/`-separated.
pub fn shown_path(project: &Project, source: &str) -> String {
    let p = project.root.join(source);
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The indices of a model's records in number order, package by package (records without
/// a number last, by path).
pub fn in_number_order(model: &hindsight::resolve::Model) -> Vec<usize> {
    let mut records: Vec<usize> = (0..model.records.len()).collect();
    records.sort_by(|&a, &b| {
        let (a, b) = (&model.records[a], &model.records[b]);
        let key = |r: &hindsight::resolve::Resolved| {
            (
                r.record.package.clone(),
                r.record.number.is_none(),
                r.record.number,
                r.record.source.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    records
}

/// Writes `text` to standard output; a closed pipe (`| head`) is not an error.
pub fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
