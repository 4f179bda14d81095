//! A `serve` session and its rebuilds: keep every file's text, re-read and re-parse only
//! the files that changed, and re-render only the pages whose content can change (the
//! rules are in [`super::invalidate`]). An edit is patched into the model ([`patch`]);
//! an edit it cannot take, a rescan or the pause after edits resolves the whole model
//! through the same stage as `build` ([`whole`]).
//!
//! Typing in a body stays fast: the list pages, `decisions.json` and the static files are
//! rendered in the background once the edits pause ([`background`]).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod background;
mod patch;
mod whole;

use super::files::{Files, Places, absolute};
use super::site_wide::SiteWideState;
use super::state::Shared;
use crate::date::Date;
use crate::diagnostic::{self, Diagnostic};
use crate::dialect::ReadOptions;
use crate::history;
use crate::project::Project;
use crate::record::Record;
use crate::render::templates::Templates;
use crate::resolve::Model;

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

/// Where the records a whole resolve starts from come from.
enum Records {
    /// Parsed again from the kept texts.
    Parsed,
    /// Taken from the model, which incremental updates kept equal to what parsing gives.
    Kept,
}

/// `r` with what git says filled in, as [`crate::resolve_parts`] does for a whole load:
/// its first commit's date if it states none, and its status changes.
fn with_git(git: Option<&history::Git>, read: &ReadOptions, mut r: Record) -> Record {
    if let Some(g) = git {
        history::date_fallback(std::slice::from_mut(&mut r), &g.files);
        crate::lifecycle::attach(std::slice::from_mut(&mut r), &g.lifecycles, &read.statuses);
    }
    r
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
    /// The threads background renders run on: their own, so that the record pages an
    /// edit renders meanwhile (on the shared rayon threads) never queue behind them.
    site_wide_pool: Option<Arc<rayon::ThreadPool>>,
    /// A background render is running (until its [`Message::SiteWide`] arrives).
    site_wide_running: bool,
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
            site_wide_pool: None,
            site_wide_running: false,
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

    /// Once edits pause: resolve the whole model again if edits were patched in, then
    /// render the list pages, JSON and static files if an edit left them stale.
    pub fn settle(&mut self) -> Option<Report> {
        let mut report = None;
        if self.resolve_pending {
            self.resolve_pending = false;
            let r = self.finish_with(Records::Kept, Some(&BTreeSet::new()), false, Instant::now());
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
