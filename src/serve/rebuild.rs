//! Incremental rebuilds for `serve`: keep every file's text and parsed record, re-read and
//! re-parse only the files that changed, resolve through the same stage as `build`
//! ([`crate::resolve_parts`]), and re-render only the pages whose content can change
//! (the rules are in [`super::invalidate`]).
//!
//! Typing in a body stays fast: the list pages, `decisions.json` and the static files are
//! rendered once the edits pause ([`super::site_wide`]).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::files::{FileEntry, Files, Places, absolute};
use super::invalidate::{Before, affected, after_update, is_record_page};
use super::site_wide::{SiteWideJob, SiteWideState};
use super::state::Shared;
use crate::date::Date;
use crate::diagnostic::{self, Diagnostic};
use crate::dialect::{self, ReadOptions};
use crate::discover;
use crate::history;
use crate::project::Project;
use crate::record::Record;
use crate::render::{Selection, templates::Templates};
use crate::resolve::incremental::{self, Edit};
use crate::resolve::{Model, ResolveOptions};

/// What the watcher saw.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Paths that were created, written, renamed or removed.
    pub paths: Vec<PathBuf>,
    /// The watcher lost track (overflow, poll fallback): look at everything again.
    pub rescan: bool,
}

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose bytes changed or that vanished, below the site root.
    pub changed: Vec<String>,
    /// Record pages rendered.
    pub rendered: usize,
    /// Whether the list pages, JSON and static files were rendered.
    pub site_wide: bool,
    /// Whether only the records the edit reaches were resolved again.
    pub incremental: bool,
    pub records: usize,
    /// The errors that keep the last good site served, rendered for people.
    pub error: Option<String>,
    /// Diagnostics not reported by the previous rebuild.
    pub new_diagnostics: Vec<Diagnostic>,
    pub warnings: usize,
    /// Time until the record pages were served (the rest may come after).
    pub pages_elapsed: Duration,
    pub elapsed: Duration,
}

/// What the rebuild loop hears: changes from the watcher, or a finished background render.
pub enum Message {
    Changes(Changes),
    SiteWide(Report),
}

/// Settings a serve session keeps from its command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub source: Option<PathBuf>,
    pub config: Option<PathBuf>,
    /// Fixed `--today`; otherwise the real date, checked at each rebuild.
    pub today: Option<Date>,
    pub base_url: Option<String>,
    /// `--review-after`, over the configured review policy.
    pub review_after: Option<crate::date::Interval>,
    /// Where `[[sources]] json` exports are cached (`--cache`; `None`: the default), and
    /// whether to read only the cached copies (`--offline`). They are read when the
    /// session starts and when the configuration changes.
    pub cache: Option<PathBuf>,
    pub offline: bool,
}

/// Reads the `[[sources]] json` exports of `project` (see [`crate::federation::json`]).
fn read_sites(project: &mut Project, settings: &Settings) -> Vec<Diagnostic> {
    if project.config.sources.iter().all(|s| s.json.is_none()) {
        return Vec::new();
    }
    let cache = settings
        .cache
        .clone()
        .unwrap_or_else(crate::federation::default_cache);
    let mut read = crate::federation::json::read(&project.config, &cache, settings.offline);
    let diagnostics = std::mem::take(&mut read.diagnostics);
    project.sites = Arc::new(read);
    diagnostics
}

/// The state of a serve session: the project, its files, the last good model and site.
pub struct Rebuilder {
    settings: Settings,
    pub project: Project,
    /// `project.root`, absolute, for matching watcher paths.
    root_abs: PathBuf,
    /// The configuration file, absolute (it may not exist).
    pub config_abs: PathBuf,
    /// The templates folder, absolute, when configured.
    pub templates_abs: Option<PathBuf>,
    /// Folder never read (the output folder of `build`, when it sits below the source).
    exclude_abs: Option<PathBuf>,
    templates: Option<Arc<Templates>>,
    templates_error: Option<Vec<Diagnostic>>,
    files: Files,
    /// What reading the `[[sources]] json` exports reported.
    site_diagnostics: Vec<Diagnostic>,
    model: Option<Arc<Model>>,
    /// What git says about the records, read at the first build and at each full rescan
    /// (commits made while serving show at the next rescan).
    git: Option<Arc<history::Git>>,
    today: Date,
    /// The rest files last rendered (to drop those that vanish).
    site_wide: Arc<Mutex<SiteWideState>>,
    generation: u64,
    site_wide_sink: Option<Sender<Message>>,
    /// The rest needs rendering once edits pause.
    pub site_wide_pending: bool,
    /// Sources changed since the last good build.
    pending: BTreeSet<String>,
    /// Everything must be rendered at the next good build.
    pending_all: bool,
    /// Edits were patched into the model without resolving it again; resolve once they pause.
    pub resolve_pending: bool,
    last_diagnostics: HashSet<String>,
    shared: Arc<Shared>,
}

impl Rebuilder {
    /// Locates the project. Reading and rendering happen in [`Rebuilder::full`].
    pub fn new(settings: Settings, shared: Arc<Shared>) -> Result<Rebuilder, Box<Diagnostic>> {
        let mut project = Project::locate(settings.source.as_deref(), settings.config.as_deref())
            .map_err(Box::new)?;
        project.config.review_after = settings.review_after.or(project.config.review_after);
        let site_diagnostics = read_sites(&mut project, &settings);
        let today = settings.today.unwrap_or_else(Date::today);
        let mut r = Rebuilder {
            root_abs: PathBuf::new(),
            config_abs: PathBuf::new(),
            templates_abs: None,
            exclude_abs: None,
            settings,
            project,
            templates: None,
            templates_error: None,
            files: Files::default(),
            site_diagnostics,
            model: None,
            git: None,
            today,
            site_wide: Arc::default(),
            generation: 0,
            site_wide_sink: None,
            site_wide_pending: false,
            pending: BTreeSet::new(),
            pending_all: false,
            resolve_pending: false,
            last_diagnostics: HashSet::new(),
            shared,
        };
        r.set_paths();
        Ok(r)
    }

    fn set_paths(&mut self) {
        let config = &self.project.config;
        self.root_abs = absolute(&self.project.root);
        self.config_abs = absolute(
            &self
                .settings
                .config
                .clone()
                .unwrap_or_else(|| PathBuf::from(crate::config::FILE_NAME)),
        );
        self.templates_abs = config.templates.as_ref().map(|t| absolute(&config.path(t)));
        self.exclude_abs = crate::output_folder(&self.project).canonicalize().ok();
        if let Ok(mut root) = self.shared.root.write() {
            *root = self.project.root.clone();
        }
    }

    /// The folders to watch: the source folders, the configuration's folder (not
    /// recursively) and the templates folder.
    pub fn watch_list(&self) -> Vec<(PathBuf, bool)> {
        let mut v: Vec<(PathBuf, bool)> = self
            .project
            .dirs
            .iter()
            .map(|d| (absolute(&d.path), true))
            .collect();
        let covered = |v: &[(PathBuf, bool)], p: &Path| v.iter().any(|(w, _)| p.starts_with(w));
        if let Some(t) = &self.templates_abs
            && !covered(&v, t)
        {
            v.push((t.clone(), true));
        }
        if let Some(parent) = self.config_abs.parent()
            && !covered(&v, parent)
        {
            v.push((parent.to_path_buf(), false));
        }
        v
    }

    /// Reads everything, parsing only texts that differ from what is kept, and what git
    /// says (while the files are read, as [`crate::load`] does).
    fn scan(&mut self) {
        let options = self.read_options();
        let places = Places {
            project: &self.project,
            root_abs: &self.root_abs,
            exclude_abs: self.exclude_abs.as_deref(),
        };
        let files = &mut self.files;
        let git = std::thread::scope(|s| {
            let git = s.spawn(|| history::read(&places.project.root));
            files.scan(&places, &options);
            git.join()
        });
        self.git = match git {
            Ok(Ok(Some(g))) => Some(Arc::new(g)),
            _ => None,
        };
    }

    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            statuses: self.project.config.extra_statuses(),
            metadata_only: false,
        }
    }

    fn load_templates(&mut self) {
        match crate::templates_for(&self.project) {
            Ok(t) => {
                self.templates = Some(Arc::new(t));
                self.templates_error = None;
            }
            Err(d) => self.templates_error = Some(d),
        }
    }

    /// The first build: reads, resolves and renders everything.
    pub fn full(&mut self) -> Report {
        let started = Instant::now();
        self.load_templates();
        self.scan();
        let mut report = self.finish(None, true, started);
        report.elapsed = started.elapsed();
        report
    }

    /// Renders the rest (lists, JSON, static files) if an edit left it stale: in the
    /// background when a sink for its report was set (so edits made meanwhile are not held
    /// up), else here.
    pub fn finish_site_wide(&mut self) -> Option<Report> {
        if !self.site_wide_pending {
            return None;
        }
        self.site_wide_pending = false;
        // The job gets its own copy, made now while no edit waits, so that an edit arriving
        // during the render patches the model in place instead of copying it then.
        let snapshot = match &self.site_wide_sink {
            Some(_) => Arc::new(Model::clone(self.model.as_ref()?)),
            None => Arc::clone(self.model.as_ref()?),
        };
        let job = SiteWideJob {
            model: snapshot,
            templates: Arc::clone(self.templates.as_ref()?),
            project: self.project.clone(),
            git: self.git.clone(),
            base_url: self.settings.base_url.clone(),
            shared: Arc::clone(&self.shared),
            state: Arc::clone(&self.site_wide),
            generation: self.next_generation(),
        };
        match &self.site_wide_sink {
            Some(sink) => {
                let sink = sink.clone();
                std::thread::spawn(move || {
                    let report = job.run();
                    let _ = sink.send(Message::SiteWide(report));
                });
                None
            }
            None => Some(job.run()),
        }
    }

    fn next_generation(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }

    /// Sends reports of rest renders to `sink` and renders them in the background.
    pub fn render_site_wide_in_background(&mut self, sink: Sender<Message>) {
        self.site_wide_sink = Some(sink);
    }

    /// Rebuilds after `changes`.
    pub fn rebuild(&mut self, changes: &Changes) -> Report {
        let started = Instant::now();
        let config_changed = changes.paths.iter().any(|p| absolute(p) == self.config_abs);
        if config_changed {
            match Project::locate(
                self.settings.source.as_deref(),
                self.settings.config.as_deref(),
            ) {
                Ok(mut p) => {
                    p.config.review_after = self.settings.review_after.or(p.config.review_after);
                    self.site_diagnostics = read_sites(&mut p, &self.settings);
                    self.project = p;
                    self.set_paths();
                    self.load_templates();
                    self.files = Files::default();
                    self.scan();
                    return self.finish(None, true, started);
                }
                Err(d) => return self.fail(vec![d], started),
            }
        }
        let templates_changed = self
            .templates_abs
            .as_ref()
            .is_some_and(|t| changes.paths.iter().any(|p| absolute(p).starts_with(t)));
        if templates_changed {
            self.load_templates();
        }
        let today = self.settings.today.unwrap_or_else(Date::today);
        let new_day = today != self.today;
        self.today = today;
        let (touched, rescan) = if changes.rescan {
            (BTreeSet::new(), true)
        } else {
            let options = self.read_options();
            let places = Places {
                project: &self.project,
                root_abs: &self.root_abs,
                exclude_abs: self.exclude_abs.as_deref(),
            };
            self.files.apply_paths(&places, &options, &changes.paths)
        };
        if crate::timing::enabled() {
            eprintln!(
                "  [serve] {} paths, rescan {}, touched {:?}",
                changes.paths.len(),
                changes.rescan,
                touched.iter().take(5).collect::<Vec<_>>()
            );
        }
        if rescan {
            self.scan();
            return self.finish(None, true, started);
        }
        let failing = self.shared.problem().is_some();
        if !templates_changed && !new_day && touched.is_empty() && !failing {
            return Report {
                records: self.model.as_ref().map_or(0, |m| m.records.len()),
                elapsed: started.elapsed(),
                ..Report::default()
            };
        }
        if !failing
            && !templates_changed
            && !new_day
            && self.pending.is_empty()
            && let Some(report) = self.incremental(&touched, started)
        {
            return report;
        }
        // Changes made while the records had errors are still to be rendered.
        self.pending.extend(touched);
        self.pending_all |= templates_changed || new_day;
        let pending = self.pending.clone();
        let everything = self.pending_all;
        self.finish(Some(&pending), everything, started)
    }

    /// Edits that keep the site readable: resolve again only the records they can reach
    /// ([`resolve::incremental`]) and render the pages showing them. The rest (lists, JSON)
    /// is rendered now if it shows what moved, else once edits pause; the whole model is
    /// resolved again once edits pause, for the project's diagnostics
    /// ([`Rebuilder::settle`]). `None` for edits left to a full resolve.
    fn incremental(&mut self, touched: &BTreeSet<String>, started: Instant) -> Option<Report> {
        if touched.is_empty() || touched.len() > 64 {
            return None;
        }
        let mut t = crate::timing::Laps::start();
        let git = self.git.clone();
        let read = self.read_options();
        let with_git = |mut r: Record| {
            if let Some(g) = git.as_deref() {
                history::date_fallback(std::slice::from_mut(&mut r), &g.files);
                crate::lifecycle::attach(
                    std::slice::from_mut(&mut r),
                    &g.lifecycles,
                    &read.statuses,
                );
            }
            r
        };
        let mut edits = Vec::new();
        let mut assets_moved = Vec::new();
        let mut diagnostics = Vec::new();
        let mut before = Before::default();
        let mut moves = false;
        {
            let model = self.model.as_ref()?;
            for source in touched {
                if !discover::is_markdown(source) {
                    assets_moved.push(source.clone());
                    continue;
                }
                let entry = self.files.entries.get(source);
                if let Some(e) = entry {
                    // Errors go through the full rebuild, which shows them over the pages.
                    if e.text.is_err() || e.diagnostics.iter().any(Diagnostic::is_error) {
                        return None;
                    }
                    diagnostics.extend(e.diagnostics.iter().cloned());
                }
                let old = model
                    .records
                    .binary_search_by(|r| r.record.source.as_str().cmp(source))
                    .ok();
                if let Some(i) = old {
                    before.note(model, &model.records[i]);
                }
                let record = entry.and_then(|e| e.record(&read)).map(&with_git);
                // A record that appears, vanishes or is renumbered moves others in the lists.
                moves |= match (old, &record) {
                    (Some(i), Some(r)) => {
                        let o = &model.records[i].record;
                        o.number != r.number || o.package != r.package || o.id != r.id
                    }
                    (None, None) => false,
                    _ => true,
                };
                edits.push(Edit {
                    source: source.clone(),
                    record,
                    display: entry
                        .and_then(|e| e.text.as_ref().ok())
                        .map_or_else(|| source.clone(), |t| t.display.clone()),
                });
            }
            before.skipped = model.skipped.clone();
            if moves {
                before.surroundings = Some(crate::render::record_page::surroundings(model));
            }
        }
        let options = ResolveOptions {
            today: self.today,
            due_window: self.project.config.due_window,
            review_after: self.project.config.review_after,
        };
        let files = &self.files.entries;
        let unresolved = |source: &str| {
            files
                .get(source)
                .and_then(|e| e.record(&read))
                .map(&with_git)
        };
        // Copies the model only if a background render still holds it.
        let model = Arc::make_mut(self.model.as_mut()?);
        let update = incremental::update(model, edits, &unresolved, &options)?;
        model.skipped = self.files.skipped();
        if !assets_moved.is_empty() {
            model.assets = self.files.assets.clone();
        }
        t.lap("serve: resolve incrementally");
        let model = self.model.as_ref()?;
        let (indices, removed, rest_now) = after_update(model, &update, &before, &assets_moved);
        let templates = self.templates.as_ref()?;
        let settings = crate::site_settings(
            &self.project,
            templates,
            self.settings.base_url.clone(),
            self.git.as_deref(),
        );
        let rendered = indices.len();
        let selection = Selection {
            records: Some(indices),
            rest: false,
        };
        let output = match super::state::render(model, &settings, &selection) {
            Ok(o) => o,
            Err(d) => return Some(self.fail(d, started)),
        };
        t.lap("serve: render pages");
        let records = model.records.len();
        let changed = self.shared.publish(output, &removed);
        t.lap("serve: publish");
        let elapsed = started.elapsed();
        self.site_wide_pending = true;
        self.resolve_pending = true;
        diagnostic::sort(&mut diagnostics);
        let new_diagnostics: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| !self.last_diagnostics.contains(&format!("{d:?}")))
            .collect();
        let mut report = Report {
            changed,
            rendered,
            site_wide: false,
            incremental: true,
            records,
            error: None,
            new_diagnostics,
            warnings: 0,
            pages_elapsed: elapsed,
            elapsed,
        };
        if rest_now && let Some(more) = self.finish_site_wide() {
            report.changed.extend(more.changed);
            report.site_wide = true;
            report.error = more.error;
        }
        report.elapsed = started.elapsed();
        Some(report)
    }

    /// Once edits pause: resolve the whole model again if edits were patched in, then
    /// render the list pages, JSON and static files if an edit left them stale.
    pub fn settle(&mut self) -> Option<Report> {
        let mut report = None;
        if self.resolve_pending {
            self.resolve_pending = false;
            let r = self.finish(Some(&BTreeSet::new()), false, Instant::now());
            if r.error.is_some() {
                return Some(r);
            }
            report = Some(r);
        }
        match (report, self.finish_site_wide()) {
            (Some(mut a), Some(b)) => {
                a.changed.extend(b.changed);
                a.site_wide = true;
                a.error = b.error;
                a.elapsed += b.elapsed;
                Some(a)
            }
            (a, b) => a.or(b),
        }
    }

    fn fail(&mut self, diagnostics: Vec<Diagnostic>, started: Instant) -> Report {
        let text = diagnostic::render_human(&diagnostics, false);
        self.shared.set_problem(Some(text.clone()));
        Report {
            error: Some(text),
            new_diagnostics: self.fresh(&diagnostics),
            records: self.model.as_ref().map_or(0, |m| m.records.len()),
            elapsed: started.elapsed(),
            ..Report::default()
        }
    }

    /// Diagnostics not seen in the previous rebuild (to print only what is new).
    fn fresh(&mut self, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        let keys: HashSet<String> = diagnostics.iter().map(|d| format!("{d:?}")).collect();
        let new = diagnostics
            .iter()
            .filter(|d| !self.last_diagnostics.contains(&format!("{d:?}")))
            .cloned()
            .collect();
        self.last_diagnostics = keys;
        new
    }

    /// Resolves the kept files, and renders what `touched` (sources re-read; `None` for a
    /// full build) can change.
    fn finish(
        &mut self,
        touched: Option<&BTreeSet<String>>,
        everything: bool,
        started: Instant,
    ) -> Report {
        if let Some(d) = self.templates_error.clone() {
            return self.fail(d, started);
        }
        let mut t = crate::timing::Laps::start();
        // Resolve, through the same stage as `build`.
        let mut skipped = Vec::new();
        let mut diagnostics = self.files.walk_diagnostics.clone();
        diagnostics.extend(self.site_diagnostics.iter().cloned());
        for e in self.files.entries.values() {
            if let Err((s, d)) = &e.text {
                skipped.push(s.clone());
                diagnostics.push(d.clone());
                continue;
            }
            diagnostics.extend(e.diagnostics.iter().cloned());
            if let Some(s) = &e.skipped {
                skipped.push(s.clone());
            }
        }
        let read = self.read_options();
        let entries: Vec<&FileEntry> = self.files.entries.values().collect();
        let records: Vec<Box<Record>> = entries
            .into_par_iter()
            .filter_map(|e| e.record(&read).map(Box::new))
            .collect();
        t.lap("serve: collect records");
        let sources: HashMap<&str, (&str, &str)> = self
            .files
            .entries
            .values()
            .filter_map(|e| e.text.as_ref().ok())
            .map(|t| (t.source.as_str(), (t.display.as_str(), t.text.as_str())))
            .collect();
        let resolved = crate::resolve_parts(
            &self.project,
            self.today,
            crate::Parts {
                records,
                skipped,
                assets: self.files.assets.clone(),
                diagnostics,
                sources,
            },
            self.git.as_deref(),
            false,
        );
        t.lap("serve: resolve");
        let diagnostics = resolved.diagnostics;
        let model = resolved.model;
        // `serve` always keeps going: files with errors are left out of the preview (and
        // listed on its index page), and the overlay shows the errors.
        let mut model = model;
        let errors: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        model.left_out = crate::left_out(&model.skipped, &errors);
        let problem = (!errors.is_empty()).then(|| diagnostic::render_human(&errors, false));
        let Some(templates) = self.templates.as_ref() else {
            return self.fail(Vec::new(), started);
        };

        // What to render.
        let (selection, removed, rest_now) = match (&self.model, touched, everything) {
            (Some(old), Some(touched), false) => affected(old, &model, touched, &self.files.assets),
            _ => (Selection::all(), Vec::new(), true),
        };
        // The last good page of a file left out because of errors stays until it is fixed.
        let kept: HashSet<String> = model
            .left_out
            .iter()
            .map(|s| dialect::id_for(&s.source))
            .collect();
        let removed: Vec<String> = removed
            .into_iter()
            .filter(|id| !kept.contains(id))
            .collect();
        // Record pages first, so the page being edited reloads as soon as it can; then
        // the rest, now or once edits pause.
        let full = selection.records.is_none();
        let selection = Selection {
            records: selection.records,
            rest: full,
        };
        t.lap("serve: what to render");
        let mut removed_paths: Vec<String> = removed
            .iter()
            .map(|id| format!("decisions/{id}.html"))
            .collect();
        let settings = crate::site_settings(
            &self.project,
            templates,
            self.settings.base_url.clone(),
            self.git.as_deref(),
        );
        let output = match super::state::render(&model, &settings, &selection) {
            Ok(o) => o,
            Err(d) => return self.fail(d, started),
        };
        let rendered = selection
            .records
            .as_ref()
            .map_or(model.records.len(), Vec::len);
        t.lap("serve: render pages");
        if full {
            let paths: BTreeSet<String> = output
                .paths()
                .filter(|p| !is_record_page(p))
                .map(str::to_string)
                .collect();
            let generation = self.next_generation();
            if let Ok(mut state) = self.site_wide.lock() {
                removed_paths.extend(state.paths.difference(&paths).cloned());
                state.paths = paths;
                state.published = generation;
            }
            // Drop record pages of records that no longer exist.
            // A kept file keeps the page it had (a twin's `-2` page too).
            let old_page = |id: &str| {
                self.model
                    .as_ref()
                    .and_then(|m| m.records.iter().find(|r| r.record.id == id))
                    .map_or_else(|| format!("decisions/{id}.html"), |r| r.page.clone())
            };
            let live: HashSet<String> = model
                .records
                .iter()
                .map(|r| r.page.clone())
                .chain(kept.iter().map(|id| old_page(id)))
                .collect();
            removed_paths.extend(
                self.shared
                    .paths_where(|p| is_record_page(p) && !live.contains(p)),
            );
        }
        let changed = self.shared.publish(output, &removed_paths);
        self.shared.set_problem(problem);
        t.lap("serve: publish");
        self.pending.clear();
        self.pending_all = false;
        let pages_elapsed = started.elapsed();
        let mut report = Report {
            changed,
            rendered,
            site_wide: full,
            incremental: false,
            records: model.records.len(),
            error: None,
            new_diagnostics: self.fresh(&diagnostics),
            warnings: diagnostics.len(),
            pages_elapsed,
            elapsed: pages_elapsed,
        };
        self.model = Some(Arc::new(model));
        self.site_wide_pending = !full;
        if !full
            && rest_now
            && let Some(rest) = self.finish_site_wide()
        {
            report.changed.extend(rest.changed);
            report.site_wide = true;
            report.error = rest.error;
        }
        report.elapsed = started.elapsed();
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(title: &str, extra: &str) -> String {
        format!("---\nstatus: accepted\ndate: 2024-01-02\n{extra}---\n# {title}\n\nBody.\n")
    }

    /// A session over a fresh folder of three records, after its first build.
    fn session() -> (tempfile::TempDir, Rebuilder, Arc<Shared>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("0001-a.md"), record("A", "")).unwrap();
        std::fs::write(dir.path().join("0002-b.md"), record("B", "")).unwrap();
        std::fs::write(dir.path().join("0003-c.md"), record("C", "relates: [1]\n")).unwrap();
        let shared = Arc::new(Shared::new(PathBuf::new()));
        let mut r = Rebuilder::new(
            Settings {
                source: Some(dir.path().to_path_buf()),
                config: Some(dir.path().join("hindsight.toml")),
                today: Some(Date::parse_iso("2025-01-01").unwrap()),
                base_url: None,
                review_after: None,
                cache: None,
                offline: false,
            },
            Arc::clone(&shared),
        )
        .unwrap();
        let first = r.full();
        assert!(first.error.is_none(), "{:?}", first.error);
        assert_eq!((first.records, first.site_wide), (3, true));
        (dir, r, shared)
    }

    fn page(shared: &Shared, id: &str) -> String {
        String::from_utf8(shared.file(&format!("decisions/{id}.html")).unwrap()).unwrap()
    }

    #[test]
    fn a_body_edit_renders_its_page_now_and_the_lists_once_edits_pause() {
        let (dir, mut r, shared) = session();
        let path = dir.path().join("0002-b.md");
        std::fs::write(
            &path,
            "---\nstatus: accepted\ndate: 2024-01-02\n---\n# B\n\nA new sentence.\n",
        )
        .unwrap();
        let report = r.rebuild(&Changes {
            paths: vec![path],
            rescan: false,
        });
        assert!(report.incremental && !report.site_wide, "{report:?}");
        assert_eq!(report.rendered, 1);
        assert!(
            report
                .changed
                .contains(&"decisions/0002-b.html".to_string())
        );
        assert!(page(&shared, "0002-b").contains("A new sentence."));
        assert!(r.site_wide_pending && r.resolve_pending);
        let settled = r.settle().expect("the pause brings the rest up to date");
        assert!(settled.site_wide && settled.error.is_none());
        assert!(!r.site_wide_pending && !r.resolve_pending);
        assert!(r.settle().is_none(), "nothing left once settled");
    }

    #[test]
    fn a_broken_file_keeps_the_last_good_page_until_it_is_fixed() {
        let (dir, mut r, shared) = session();
        let path = dir.path().join("0001-a.md");
        std::fs::write(&path, "---\nstatus: [unclosed\n---\n# A\n").unwrap();
        let broken = r.rebuild(&Changes {
            paths: vec![path.clone()],
            rescan: false,
        });
        assert!(!broken.incremental);
        assert!(shared.problem().is_some_and(|p| p.contains("0001-a.md")));
        assert!(
            page(&shared, "0001-a").contains("<h1"),
            "the last good page stays"
        );
        std::fs::write(&path, record("A, fixed", "")).unwrap();
        let fixed = r.rebuild(&Changes {
            paths: vec![path],
            rescan: false,
        });
        assert!(fixed.error.is_none(), "{:?}", fixed.error);
        assert!(shared.problem().is_none());
        assert!(page(&shared, "0001-a").contains("A, fixed"));
    }

    #[test]
    fn deleting_a_record_drops_its_page_and_a_rescan_finds_new_files() {
        let (dir, mut r, shared) = session();
        let path = dir.path().join("0003-c.md");
        std::fs::remove_file(&path).unwrap();
        let report = r.rebuild(&Changes {
            paths: vec![path],
            rescan: false,
        });
        assert_eq!(report.records, 2);
        assert!(!shared.contains("decisions/0003-c.html"));
        std::fs::write(dir.path().join("0004-d.md"), record("D", "")).unwrap();
        let rescan = r.rebuild(&Changes {
            paths: Vec::new(),
            rescan: true,
        });
        assert_eq!(rescan.records, 3);
        assert!(page(&shared, "0004-d").contains("D"));
    }
}
