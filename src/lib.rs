//! hindsight: engineering decision records in, a fast, searchable static site out.
//!
//! The pipeline runs one way: [`discover`] (walk and read) → [`dialect`] (parse every
//! dialect into a [`record::Record`]) → [`resolve`] (links, supersedes both ways,
//! retrospectives, revisit state) → [`render`] (pages, JSON, feeds, in memory) →
//! [`write`] (build aside, swap in). Parse, resolve and render do no I/O.

#![allow(clippy::result_large_err)] // Diagnostics are the error type; they are built on the cold path only.

pub mod author;
pub(crate) mod calibration;
pub mod changed;
pub mod citation;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod dialect;
pub mod digest;
pub mod discover;
pub mod document;
pub mod due;
pub(crate) mod expectation;
pub mod federation;
pub mod file_path;
pub mod governance;
pub(crate) mod history;
pub(crate) mod lifecycle;
pub(crate) mod lint;
pub mod locate;
pub(crate) mod near_miss;
pub mod project;
pub mod record;
pub mod render;
pub mod resolve;
pub(crate) mod revisit;
pub mod serve;
pub mod source;
pub(crate) mod status;
pub(crate) mod template_folder;
pub(crate) mod timing;
pub(crate) mod url_path;
pub mod wording;
pub(crate) mod write;
pub mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::dialect::{ReadAs, ReadOptions};
use crate::project::Project;
use crate::render::{RenderSettings, SiteView, templates::Templates};
use crate::resolve::{Model, ResolveOptions};

/// The model of a project and every problem found while reading it.
#[derive(Debug)]
pub struct Loaded {
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
    /// What only `hindsight check` reports on top of `diagnostics` (see [`lint`]); empty
    /// unless loaded with [`load_linted`].
    pub lints: Vec<Diagnostic>,
    /// What git says about the records; `None` outside a repository.
    pub git: Option<history::Git>,
    /// Problems reading git (a shallow clone, git failing), reported by `build`.
    pub git_warnings: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads and resolves every record of `project` as of `today`, with what git says about
/// them (one `git log` pass; see [`history`]). `exclude` (the output folder) is never read.
/// git runs while the files are read and parsed.
pub fn load(project: &Project, today: Date, exclude: Option<&Path>) -> Loaded {
    load_from(project, today, exclude, false)
}

/// [`load`], plus the lints that `hindsight check` reports (a build has no use for them).
pub fn load_linted(project: &Project, today: Date, exclude: Option<&Path>) -> Loaded {
    load_from(project, today, exclude, true)
}

fn load_from(project: &Project, today: Date, exclude: Option<&Path>, lint: bool) -> Loaded {
    let work_tree = citation::WorkTree::new(project, exclude);
    let (parsed, git, scan) = std::thread::scope(|s| {
        let git = s.spawn(|| {
            // A portal that only reads other repositories has no history of its own.
            let local = if project.dirs.is_empty() && !project.fetched.is_empty() {
                Ok(None)
            } else {
                history::read(&project.root)
            };
            let remotes = s.spawn(|| {
                let mut g = None;
                federation::history_into(&mut g, &project.fetched);
                g
            });
            (local, remotes.join().ok().flatten())
        });
        // The work tree is scanned for citations while the records are read.
        let scan = work_tree
            .options
            .read
            .then(|| s.spawn(|| citation::scan(&work_tree.options)));
        let parsed = parse_sources(project, exclude, Keep::Everything);
        (parsed, git.join(), scan.map(|h| h.join()))
    });
    let (git, remote_git) = match git {
        Ok((local, remote)) => (local, remote),
        Err(_) => (Ok(None), None),
    };
    let (mut git, git_warnings) = match git {
        Ok(Some(g)) => {
            let w = g.warnings(&project.root);
            (Some(g), w)
        }
        Ok(None) => (None, Vec::new()),
        Err(d) => (None, vec![*d]),
    };
    if let Some(r) = remote_git {
        let g = git.get_or_insert_with(Default::default);
        g.files.extend(r.files);
        g.lifecycles.extend(r.lifecycles);
    }
    let mut loaded = finish_load(project, today, parsed, git, lint);
    loaded.git_warnings = git_warnings;
    // With `[citations] enabled = false` the work tree is not read at all.
    if let Some(Ok(scan)) = scan {
        let lints = citation::attach(&mut loaded.model, &scan, &work_tree.records_prefix);
        if lint {
            loaded.lints.extend(lints);
            diagnostic::sort(&mut loaded.lints);
        }
        loaded.diagnostics.extend(scan.diagnostics);
        diagnostic::sort(&mut loaded.diagnostics);
    }
    loaded
}

/// [`load`] with the git history already read (or none): for commands that do not need
/// it, and for callers that keep it between builds.
pub fn load_with(
    project: &Project,
    today: Date,
    exclude: Option<&Path>,
    git: Option<history::Git>,
) -> Loaded {
    load_keeping(project, today, exclude, git, Keep::Everything)
}

/// What a load keeps of each file once it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every source text until the records are resolved (diagnostics quote the offending
    /// line) and every record's body (pages render it).
    Everything,
    /// What links records and sets their revisit state (`hindsight due`): each file's text
    /// is dropped as soon as it is parsed, and with it what only pages show (the record's
    /// body, options, trade-offs, outcome, tags, consulted and informed), so the load holds
    /// a few files at a time instead of the whole folder. Every diagnostic is still made
    /// with its file and message, but those of resolve quote no line, and those it finds
    /// by searching the text (`status-disagrees`) have no position: `due` prints errors
    /// (none of resolve's has a position) and counts warnings.
    Metadata,
}

/// [`load_with`], keeping only what `keep` says of each file.
pub fn load_keeping(
    project: &Project,
    today: Date,
    exclude: Option<&Path>,
    git: Option<history::Git>,
    keep: Keep,
) -> Loaded {
    finish_load(
        project,
        today,
        parse_sources(project, exclude, keep),
        git,
        false,
    )
}

/// The source files, read, and what each one parsed to.
struct Parsed {
    discovery: discover::Discovery<(discover::SourceText, dialect::Reading)>,
}

/// Discovers and parses every record file (in parallel). Keeping only metadata, each file
/// is parsed as soon as it is read and its text dropped there. Keeping everything, every
/// file is read before any is parsed: the texts, freed after resolve, then lie together
/// for render to reuse instead of between the bodies parsed from them.
fn parse_sources(project: &Project, exclude: Option<&Path>, keep: Keep) -> Parsed {
    let t0 = std::time::Instant::now();
    let options = ReadOptions {
        statuses: project.config.extra_statuses(),
        metadata_only: keep == Keep::Metadata,
    };
    if keep == Keep::Everything {
        let mut read = discover::discover(&project.root, &project.dirs, exclude);
        federation::discover_into(&mut read, &project.fetched, |t| t);
        timing::report("load: discover and read", t0);
        let texts = std::mem::take(&mut read.texts);
        let readings: Vec<dialect::Reading> = texts
            .par_iter()
            .map(|t| dialect::read(t, &options))
            .collect();
        timing::report("load: parse (cumulative)", t0);
        let discovery = discover::Discovery {
            texts: texts.into_iter().zip(readings).collect(),
            root: read.root,
            assets: read.assets,
            skipped: read.skipped,
            diagnostics: read.diagnostics,
        };
        return Parsed { discovery };
    }
    let each = |mut t: discover::SourceText| {
        let mut reading = dialect::read(&t, &options);
        t.text = String::new();
        if let ReadAs::Record(r) = &mut reading.read_as {
            r.body = String::new();
            r.folded = Vec::new();
            r.options = Vec::new();
            r.tradeoffs = Vec::new();
            r.outcome = None;
            r.tags = Vec::new();
            r.consulted = Vec::new();
            r.informed = Vec::new();
        }
        (t, reading)
    };
    let mut discovery = discover::discover_each(&project.root, &project.dirs, exclude, each);
    federation::discover_into(&mut discovery, &project.fetched, each);
    timing::report("load: discover, read and parse", t0);
    Parsed { discovery }
}

/// Resolves parsed records (with git's dates as a fallback) and, when `lint`, lints them.
fn finish_load(
    project: &Project,
    today: Date,
    parsed: Parsed,
    git: Option<history::Git>,
    lint: bool,
) -> Loaded {
    let discovery = parsed.discovery;
    let mut records = Vec::with_capacity(discovery.texts.len());
    let mut texts = Vec::with_capacity(discovery.texts.len());
    let mut skipped = discovery.skipped;
    let mut diagnostics = discovery.diagnostics;
    for (t, r) in discovery.texts {
        texts.push(t);
        diagnostics.extend(r.diagnostics);
        match r.read_as {
            ReadAs::Record(rec) => records.push(rec),
            ReadAs::Skipped(s) => skipped.push(s),
        }
    }
    let resolved = resolve_parts(
        project,
        today,
        Parts {
            records,
            skipped,
            assets: discovery.assets,
            diagnostics,
            sources: sources_of(&texts),
        },
        git.as_ref(),
        lint,
    );
    // The source texts are no longer needed; the pool frees them off the critical path.
    rayon::spawn(move || drop(texts));
    Loaded {
        model: resolved.model,
        diagnostics: resolved.diagnostics,
        lints: resolved.lints,
        git,
        git_warnings: Vec::new(),
    }
}

/// What discovery and parsing produced, ready to resolve: the one input of
/// [`resolve_parts`], whether it comes from a fresh walk ([`load`]) or from the files
/// `serve` keeps between edits.
pub struct Parts<'a> {
    /// Every record parsed, in any order, each in the box the reader made (a record is
    /// 776 bytes: moved into the model by pointer, not copied).
    pub records: Vec<Box<record::Record>>,
    /// Files that are not records (or could not be read).
    pub skipped: Vec<record::Skipped>,
    /// Non-markdown files below the root, which records may link to.
    pub assets: std::collections::BTreeSet<String>,
    /// What discovery and parsing reported.
    pub diagnostics: Vec<Diagnostic>,
    /// Source path -> (path as shown, text), for diagnostics that quote a line.
    pub sources: resolve::Sources<'a>,
}

/// The source texts by source path, as [`Parts::sources`] wants them.
pub fn sources_of(texts: &[discover::SourceText]) -> resolve::Sources<'_> {
    texts
        .iter()
        .map(|t| (t.source.as_str(), (t.display.as_str(), t.text.as_str())))
        .collect()
}

/// A resolved model and everything resolving it reported.
pub struct ResolvedParts {
    pub model: Model,
    /// Every diagnostic of the load, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// What only `check` reports (empty unless asked for).
    pub lints: Vec<Diagnostic>,
}

/// The resolve stage of every command (`build`, `check`, `export`, `due`, `serve`): git's
/// dates fill in records that state none, then [`resolve_shared`]. No I/O.
pub fn resolve_parts(
    project: &Project,
    today: Date,
    parts: Parts<'_>,
    git: Option<&history::Git>,
    lint: bool,
) -> ResolvedParts {
    let Parts {
        mut records,
        skipped,
        assets,
        mut diagnostics,
        sources,
    } = parts;
    diagnostics.extend(empty_sources(
        project,
        records.iter().map(|r| r.source.as_str()),
    ));
    // Records of other sites (`[[sources]] json`) join the local ones.
    records.extend(project.sites.records.iter().map(|r| Box::new(r.clone())));
    // Records with no date of their own, before git's dates fill them in (for a lint).
    let undated: std::collections::BTreeSet<String> = records
        .iter()
        .filter(|r| lint && r.date.is_none())
        .map(|r| r.source.clone())
        .collect();
    if let Some(g) = git {
        history::date_fallback(&mut records, &g.files);
        lifecycle::attach(
            &mut records,
            &g.lifecycles,
            &project.config.extra_statuses(),
        );
    }
    let shared = SharedParts {
        records: records.into_iter().map(std::sync::Arc::from).collect(),
        skipped,
        assets,
        diagnostics,
        sources,
    };
    let lint = lint.then(|| lint::LintOptions {
        require_revisit: project.config.require_revisit,
        stale_after: project.config.stale_after,
        undated,
        history: git.map(|g| &g.files),
    });
    resolve_shared(project, today, shared, lint.as_ref())
}

/// What [`resolve_shared`] resolves: [`Parts`] whose records are complete (git's dates
/// filled in, other sites' records among them) and may be shared with an earlier model,
/// as `serve` shares them between the model it shows and the one it resolves again.
pub struct SharedParts<'a> {
    pub records: Vec<std::sync::Arc<record::Record>>,
    pub skipped: Vec<record::Skipped>,
    pub assets: std::collections::BTreeSet<String>,
    /// What discovery, parsing and [`empty_sources`] reported.
    pub diagnostics: Vec<Diagnostic>,
    pub sources: resolve::Sources<'a>,
}

/// [`resolve::resolve`], then the warnings about the whole project (links outside the
/// source) and, given lint options, the lints. A record is copied only where resolution
/// changes it (a superseded status). No I/O.
pub fn resolve_shared(
    project: &Project,
    today: Date,
    parts: SharedParts<'_>,
    lint: Option<&lint::LintOptions<'_>>,
) -> ResolvedParts {
    let t0 = std::time::Instant::now();
    let SharedParts {
        records,
        skipped,
        assets,
        mut diagnostics,
        sources,
    } = parts;
    let (model, resolve_diagnostics) = resolve::resolve(
        records,
        skipped,
        assets,
        &sources,
        &ResolveOptions {
            today,
            due_window: project.config.due_window,
            review_after: project.config.review_after,
        },
    );
    timing::report("load: resolve", t0);
    let mut model = model;
    model.sources = project.fetched.clone();
    model.sites = project.sites.sites.clone();
    diagnostics.extend(resolve_diagnostics);
    if project.config.repo_url.is_none()
        && let Some((source, link)) = model.outside_links.first()
    {
        let n = model.outside_links.len();
        let (display, text) = sources.get(source.as_str()).copied().unwrap_or(("", ""));
        diagnostics.push(
            Diagnostic::warning(
                Code::OutsideLink,
                format!(
                    "{n} link{} lead{} out of the source folder (the first: `{}`), so the site shows {} as text",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "s" } else { "" },
                    link.dest,
                    if n == 1 { "it" } else { "them" }
                ),
            )
            .at(display, text, link.span)
            .hint("set `repo_url` (and `branch`) in hindsight.toml to link them to the files in the repository"),
        );
    }
    diagnostic::sort(&mut diagnostics);
    diagnostic::cap_repeated(&mut diagnostics);
    let lints = match lint {
        Some(options) => lint::lint(&model, &sources, options),
        None => Vec::new(),
    };
    timing::report("load: resolve and lint", t0);
    ResolvedParts {
        model,
        diagnostics,
        lints,
    }
}

/// A warning for each configured source folder (or `.log4brains.yml` package) that yields
/// no record: a folder that is read and gives nothing is almost always a wrong path.
pub fn empty_sources<'a>(
    project: &Project,
    records: impl Iterator<Item = &'a str> + Clone,
) -> Vec<Diagnostic> {
    // One folder given on the command line: the build's summary says it read nothing.
    if project.config.sources.is_empty() && project.dirs.len() < 2 {
        return Vec::new();
    }
    project
        .dirs
        .iter()
        .filter_map(|dir| {
            let prefix = discover::below(&dir.path, &project.root)?;
            let inside = |source: &str| {
                prefix.is_empty()
                    || source
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            };
            if records.clone().any(inside) {
                return None;
            }
            let label = dir
                .package
                .as_ref()
                .map(|p| format!(" (package `{p}`)"))
                .unwrap_or_default();
            Some(
                Diagnostic::warning(
                    Code::EmptySource,
                    format!(
                        "source folder `{}`{label} holds no decision records",
                        dir.path.display()
                    ),
                )
                .in_file(dir.path.display().to_string())
                .hint("check the path in hindsight.toml `[[sources]]`, or add a record there"),
            )
        })
        .collect()
}

/// Why a build did not produce a site.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The records have errors (exit code 1).
    #[error("the records have errors")]
    Records(Vec<Diagnostic>),
    /// Configuration, templates or the output folder are wrong, or I/O failed (exit code 2).
    #[error("the build could not run")]
    Setup(Vec<Diagnostic>),
}

/// Options of one build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: PathBuf,
    pub today: Date,
    pub base_url: Option<String>,
    /// Publish every readable record even when some files have errors (`--keep-going`);
    /// the files left out are listed, and the build still reports the errors.
    pub keep_going: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub records: usize,
    pub skipped: usize,
    pub written: write::Written,
    /// Warnings, and with `keep_going` the errors of the files left out.
    pub diagnostics: Vec<Diagnostic>,
    /// Files left out because of errors (only with `keep_going`).
    pub left_out: Vec<record::Skipped>,
}

/// Loads the templates a project renders with: built-in, overridden by the configured folder.
pub fn templates_for(project: &Project) -> Result<Templates, Vec<Diagnostic>> {
    let dir = project
        .config
        .templates
        .as_ref()
        .map(|t| project.config.path(t));
    let overrides = match dir {
        Some(dir) => template_folder::read(&dir)?,
        None => Default::default(),
    };
    Templates::compile(overrides)
}

/// Settings for rendering `project`.
pub fn render_settings<'a>(
    project: &'a Project,
    templates: &'a Templates,
    base_url: Option<String>,
) -> RenderSettings<'a> {
    let repo_prefix = discover::below(&project.root, &project.config.dir).unwrap_or_default();
    RenderSettings {
        site: SiteView {
            title: project.config.title.clone(),
            base_url: base_url.or_else(|| project.config.base_url.clone()),
        },
        templates,
        trust_html: project.config.trust_html,
        repo_url: project.config.repo_url.as_deref(),
        branch: &project.config.branch,
        repo_prefix,
        history: None,
        sources: &project.fetched,
    }
}

/// [`render_settings`] with what git says (last changes, the path inside the repository for
/// edit links), as `build` and `serve` both render.
pub fn site_settings<'a>(
    project: &'a Project,
    templates: &'a Templates,
    base_url: Option<String>,
    git: Option<&'a history::Git>,
) -> RenderSettings<'a> {
    let mut settings = render_settings(project, templates, base_url);
    if let Some(git) = git {
        // The history (for "last changed") and the path inside the repository (edit links).
        settings.history = Some(&git.files);
        settings.repo_prefix = git.prefix.trim_end_matches('/').to_string();
    }
    settings
}

/// The folder a site is built into when `--out` is not given: the configured `output`,
/// else `site`.
pub fn output_folder(project: &Project) -> PathBuf {
    project
        .config
        .output
        .as_ref()
        .map(|o| project.config.path(o))
        .unwrap_or_else(|| PathBuf::from("site"))
}

/// Builds the site of `project` into `options.out`. On any error the previous site is left as it was.
pub fn build(project: &Project, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let mut timings = timing::Laps::start();
    write::check_output_folder(&options.out, &project.root)
        .map_err(|d| BuildError::Setup(vec![d]))?;
    let templates = templates_for(project).map_err(BuildError::Setup)?;
    timings.lap("templates");
    let mut loaded = load(project, options.today, Some(&options.out));
    timings.lap("discover, parse, resolve");
    if loaded.has_errors() {
        if !options.keep_going {
            return Err(BuildError::Records(loaded.diagnostics));
        }
        loaded.model.left_out = left_out(&loaded.model.skipped, &loaded.diagnostics);
    }
    let settings = site_settings(
        project,
        &templates,
        options.base_url.clone(),
        loaded.git.as_ref(),
    );
    // Pages are written into the staging folder as they are rendered; a failure drops
    // the stage, which removes it.
    let stage =
        write::Stage::begin(&options.out, &project.root).map_err(|d| BuildError::Setup(vec![d]))?;
    let copies =
        render::render_into(&loaded.model, &settings, &stage).map_err(BuildError::Setup)?;
    timings.lap("render and write pages");
    let written = stage
        .finish(&copies, &project.root)
        .map_err(|d| BuildError::Setup(vec![d]))?;
    timings.lap("write");
    if timing::enabled() {
        eprintln!(
            "timing: wrote {} files and {} copies, {} bytes; {} files unchanged and linked from the previous site",
            written.files, written.copies, written.bytes, written.reused
        );
    }
    let (records, skipped) = (loaded.model.records.len(), loaded.model.skipped.len());
    let left_out = loaded.model.left_out.clone();
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(loaded.git_warnings);
    // Freeing ten thousand records takes ~20 ms; the pool does it off the critical path
    // (a command that exits right after does not wait for it).
    let model = loaded.model;
    rayon::spawn(move || drop(model));
    Ok(BuildReport {
        records,
        skipped,
        written,
        diagnostics,
        left_out,
    })
}

/// The skipped files that errors are about (each error names its file as shown): what a
/// build that keeps going leaves out of the site.
pub fn left_out(skipped: &[record::Skipped], diagnostics: &[Diagnostic]) -> Vec<record::Skipped> {
    let files: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.as_deref())
        .collect();
    skipped
        .iter()
        .filter(|s| {
            files.iter().any(|f| {
                *f == s.source
                    || f.strip_suffix(s.source.as_str())
                        .is_some_and(|p| p.ends_with('/'))
            })
        })
        .cloned()
        .collect()
}
