//! The site-wide files of a `serve` site (list pages, `decisions.json`, feeds, search,
//! static files: everything but the record pages), rendered from a snapshot of the model,
//! in the background once edits pause, so that record pages reload first.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::rebuild::Report;
use super::state::Shared;
use crate::diagnostic;
use crate::history;
use crate::project::Project;
use crate::render::{Selection, templates::Templates};
use crate::resolve::Model;

/// The site-wide files last published, and by which generation.
#[derive(Default)]
pub(super) struct SiteWideState {
    pub(super) paths: BTreeSet<String>,
    pub(super) published: u64,
}

/// A render of the site-wide files from a snapshot of the model.
pub(super) struct SiteWideJob {
    pub(super) model: Arc<Model>,
    pub(super) templates: Arc<Templates>,
    pub(super) project: Project,
    pub(super) git: Option<Arc<history::Git>>,
    pub(super) base_url: Option<String>,
    pub(super) shared: Arc<Shared>,
    pub(super) state: Arc<Mutex<SiteWideState>>,
    pub(super) generation: u64,
}

impl SiteWideJob {
    pub(super) fn run(self) -> Report {
        let started = Instant::now();
        let settings = crate::site_settings(
            &self.project,
            &self.templates,
            self.base_url.clone(),
            self.git.as_deref(),
        );
        let output = super::state::render(
            &self.model,
            &settings,
            &Selection {
                records: Some(Vec::new()),
                rest: true,
            },
        );
        let mut report = Report {
            records: self.model.records.len(),
            site_wide: true,
            ..Report::default()
        };
        match output {
            Ok(out) => {
                let Ok(mut state) = self.state.lock() else {
                    return report;
                };
                // A newer render got there first: this one is stale.
                if state.published >= self.generation {
                    return report;
                }
                let paths: BTreeSet<String> = out.paths().map(str::to_string).collect();
                let removed: Vec<String> = state.paths.difference(&paths).cloned().collect();
                report.changed = self.shared.publish(out, &removed);
                state.paths = paths;
                state.published = self.generation;
            }
            Err(d) => {
                let text = diagnostic::render_human(&d, false);
                self.shared.set_problem(Some(text.clone()));
                report.error = Some(text);
            }
        }
        report.elapsed = started.elapsed();
        report.pages_elapsed = report.elapsed;
        crate::timing::report("serve: site-wide files", started);
        report
    }
}
