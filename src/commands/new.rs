//! `hindsight new`: the next record, in the folder's own dialect and naming scheme.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hindsight::author::named_link::NamedLink;
use hindsight::author::{self, AuthorError, NewRequest};
use hindsight::date::Date;
use hindsight::diagnostic::{Code, Diagnostic};

use super::{EXIT_RECORDS, EXIT_USAGE, Env};

/// Prints the new record's path alone on standard output (`f=$(hindsight new ...)`); the
/// records it edited (`--supersedes`) are reported on standard error.
#[derive(Debug, Args)]
#[command(
    after_help = "Standard output: the new record's path, alone. Standard error: each record edited (\"edited PATH\"), notes and diagnostics."
)]
pub struct NewArgs {
    /// Title of the decision (or of the retrospective, with --reviews)
    #[arg(value_name = "TITLE")]
    pub title: String,
    /// A record this one supersedes (number, id or path); it is marked superseded in its
    /// own format. Repeatable.
    #[arg(long, value_name = "REF")]
    pub supersedes: Vec<String>,
    /// A named link to another record, written on both, as `adr new -l`:
    /// TARGET:LINK:REVERSE ("1:Amends:Amended by"). Repeatable
    #[arg(long, value_name = "TARGET:LINK:REVERSE", value_parser = NamedLink::parse, conflicts_with = "reviews")]
    pub link: Vec<NamedLink>,
    /// A record this one amends: "Amends" here, "Amended by" there. Repeatable
    #[arg(long, value_name = "REF", conflicts_with = "reviews")]
    pub amends: Vec<String>,
    /// A record this one relates to: "Relates to" on both. Repeatable
    #[arg(long, value_name = "REF", conflicts_with = "reviews")]
    pub relates: Vec<String>,
    /// Write a retrospective of this decision (number, id or path) instead of a decision
    #[arg(long, value_name = "REF", conflicts_with = "supersedes")]
    pub reviews: Option<String>,
    /// Folder to write into [default: the configured one, else the first found of
    /// decisions/, the folder in .adr-dir, doc/adr, docs/adr, docs/decisions,
    /// docs/architecture/decisions]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Date of the record: YYYY-MM-DD, or any date the reader reads (12/01/1992,
    /// 1 March 2023, March 1, 2023); an ambiguous one says on standard error which reading
    /// it took [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_record_date)]
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
    /// Folder the repositories of `[[sources]] git = ...` are cached in, for references
    /// such as `payments#12` [default: $XDG_CACHE_HOME/hindsight, else ~/.cache/hindsight]
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Read `[[sources]] git = ...` from the cache only, without fetching
    #[arg(long)]
    pub offline: bool,
}

/// Parses `new --date`: ISO first, then the formats records are read in; an ambiguous
/// numeric date (`03/04/2021`) is read day first, as the reader does, and says so.
fn parse_record_date(s: &str) -> Result<Date, String> {
    let t = s.trim();
    if let Some(d) = Date::parse_iso(t) {
        return Ok(d);
    }
    let Some(d) = Date::whole(t) else {
        return Err(format!(
            "`{s}` is not a date; write it as YYYY-MM-DD (2026-03-02), or as 02/03/2026 or 2 March 2026"
        ));
    };
    if let Some((taken, other)) = Date::ambiguous(t) {
        eprintln!(
            "note: read `{t}` as {} ({taken}); for {} write {other}",
            taken.long(),
            other.long()
        );
    }
    Ok(d)
}

pub fn run(env: &Env, args: NewArgs) -> anyhow::Result<ExitCode> {
    if args.title.trim().is_empty() {
        env.report(&[Diagnostic::error(Code::Usage, "the title is empty")
            .hint("write `hindsight new \"Use PostgreSQL for events\"`")]);
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    for g in &args.applies_to {
        if let Err(e) = hindsight::governance::check_glob(g) {
            env.report(&[Diagnostic::error(
                Code::InvalidGlob,
                format!("`--applies-to {g}` is not a glob: {e}"),
            )
            .hint(
                "write gitignore-style globs from the repository root: `src/ledger/**`, `*.sql`",
            )]);
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    }
    let mut project = match env.project(args.dir.as_deref()) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    // A reference into another repository (`payments#12`) needs that repository's records.
    let across = args
        .supersedes
        .iter()
        .chain(&args.amends)
        .chain(&args.relates)
        .chain(args.reviews.iter())
        .chain(args.link.iter().map(|l| &l.target))
        .any(|r| r.contains('#'));
    if across {
        let cache = args
            .cache
            .clone()
            .unwrap_or_else(hindsight::federation::default_cache);
        let diagnostics = project.fetch_sources(&cache, args.offline);
        env.report(&diagnostics);
    }
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
        links: args
            .link
            .iter()
            .cloned()
            .chain(args.amends.iter().map(|r| NamedLink::amends(r)))
            .chain(args.relates.iter().map(|r| NamedLink::relates(r)))
            .collect(),
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
        eprintln!("edited {}", e.display());
    }
    for (place, line) in &done.elsewhere {
        eprintln!("add to {place}:\n    {line}");
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
