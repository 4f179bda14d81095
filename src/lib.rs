//! hindsight: engineering decision records in, a fast, searchable static site out.
//!
//! The pipeline runs one way: [`discover`] (walk and read) → [`dialect`] (parse every
//! dialect into a [`record::Record`]) → [`resolve`] (links, supersedes both ways,
//! retrospectives, revisit state) → [`render`] (pages, JSON, feeds, in memory) →
//! [`write`] (build aside, swap in). Parse, resolve and render do no I/O.

#![allow(clippy::result_large_err)] // Diagnostics are the error type; they are built on the cold path only.

pub mod author;
pub mod changed;
pub mod citation;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod dialect;
pub mod discover;
pub mod document;
pub mod governance;
pub mod history;
pub mod lint;
pub mod near_miss;
pub mod project;
pub mod record;
pub mod render;
pub mod resolve;
pub mod revisit;
pub mod serve;
pub mod source;
pub mod status;
pub mod timing;
pub mod write;
pub mod yaml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::dialect::{Outcome, ReadOptions};
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
        let git = s.spawn(|| history::read(&project.root));
        // The work tree is scanned for citations while the records are read.
        let scan = work_tree
            .options
            .read
            .then(|| s.spawn(|| citation::scan(&work_tree.options)));
        let parsed = parse_sources(project, exclude);
        (parsed, git.join(), scan.map(|h| h.join()))
    });
    let (git, git_warnings) = match git {
        Ok(Ok(Some(g))) => {
            let w = g.warnings(&project.root);
            (Some(g), w)
        }
        Ok(Ok(None)) | Err(_) => (None, Vec::new()),
        Ok(Err(d)) => (None, vec![*d]),
    };
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
    finish_load(project, today, parse_sources(project, exclude), git, false)
}

/// The source files, read, and what each one parsed to.
struct Parsed {
    discovery: discover::Discovery,
    readings: Vec<dialect::Reading>,
}

/// Discovers and parses every record file (in parallel).
fn parse_sources(project: &Project, exclude: Option<&Path>) -> Parsed {
    let t0 = std::time::Instant::now();
    let discovery = discover::discover(&project.root, &project.dirs, exclude);
    timing::report("load: discover and read", t0);
    let options = ReadOptions {
        statuses: project.config.extra_statuses(),
    };
    let readings: Vec<dialect::Reading> = discovery
        .texts
        .par_iter()
        .map(|t| dialect::read(t, &options))
        .collect();
    timing::report("load: parse (cumulative)", t0);
    Parsed {
        discovery,
        readings,
    }
}

/// Resolves parsed records (with git's dates as a fallback) and, when `lint`, lints them.
fn finish_load(
    project: &Project,
    today: Date,
    parsed: Parsed,
    git: Option<history::Git>,
    lint: bool,
) -> Loaded {
    let t0 = std::time::Instant::now();
    let Parsed {
        discovery,
        readings,
    } = parsed;
    let mut diagnostics = discovery.diagnostics;
    let mut records = Vec::with_capacity(readings.len());
    let mut skipped = discovery.skipped;
    for r in readings {
        diagnostics.extend(r.diagnostics);
        match r.outcome {
            Outcome::Record(rec) => records.push(*rec),
            Outcome::Skipped(s) => skipped.push(s),
        }
    }
    diagnostics.extend(empty_sources(project, &records));
    // Records with no date of their own, before git's dates fill them in (for a lint).
    let undated: std::collections::BTreeSet<String> = records
        .iter()
        .filter(|r| lint && r.date.is_none())
        .map(|r| r.source.clone())
        .collect();
    if let Some(g) = &git {
        history::date_fallback(&mut records, &g.files);
    }
    let sources: HashMap<&str, (&str, &str)> = discovery
        .texts
        .iter()
        .map(|t| (t.source.as_str(), (t.display.as_str(), t.text.as_str())))
        .collect();
    let (model, resolve_diagnostics) = resolve::resolve(
        records,
        skipped,
        discovery.assets,
        &sources,
        &ResolveOptions {
            today,
            due_window: project.config.due_window,
            review_after: project.config.review_after,
        },
    );
    timing::report("load: resolve", t0);
    diagnostics.extend(resolve_diagnostics);
    if project.config.repo_url.is_none()
        && let Some((source, link)) = model.outside_links.first()
    {
        let n = model.outside_links.len();
        let (display, text) = sources.get(source.as_str()).copied().unwrap_or(("", ""));
        diagnostics.push(
            Diagnostic::warning(
                "outside-link",
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
    let lints = if lint {
        lint::lint(
            &model,
            &sources,
            &lint::LintOptions {
                require_revisit: project.config.require_revisit,
                undated,
                history: git.as_ref().map(|g| &g.files),
            },
        )
    } else {
        Vec::new()
    };
    timing::report("load: resolve and lint", t0);
    // The source texts are no longer needed; the pool frees them off the critical path.
    let texts = discovery.texts;
    rayon::spawn(move || drop(texts));
    Loaded {
        model,
        diagnostics,
        lints,
        git,
        git_warnings: Vec::new(),
    }
}

/// A warning for each configured source folder (or `.log4brains.yml` package) that yields
/// no record: a folder that is read and gives nothing is almost always a wrong path.
fn empty_sources(project: &Project, records: &[record::Record]) -> Vec<Diagnostic> {
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
            if records.iter().any(|r| inside(&r.source)) {
                return None;
            }
            let label = dir
                .package
                .as_ref()
                .map(|p| format!(" (package `{p}`)"))
                .unwrap_or_default();
            Some(
                Diagnostic::warning(
                    "empty-source",
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
    Templates::load(dir.as_deref())
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
    }
}

/// Builds the site of `project` into `options.out`. On any error the previous site is left as it was.
pub fn build(project: &Project, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let mut timings = Timings::from_env();
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
    let mut settings = render_settings(project, &templates, options.base_url.clone());
    if let Some(git) = &loaded.git {
        git.apply(&mut settings);
    }
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

/// Laps of [`build`]'s stages, printed when timings are on (see [`timing`]).
struct Timings {
    last: Option<std::time::Instant>,
}

impl Timings {
    fn from_env() -> Timings {
        Timings {
            last: timing::enabled().then(std::time::Instant::now),
        }
    }

    fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last {
            timing::report(stage, last);
            self.last = Some(std::time::Instant::now());
        }
    }
}
