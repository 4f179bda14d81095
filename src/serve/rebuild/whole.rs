//! The whole model resolved through the same stage as `build` ([`crate::resolve_parts`],
//! or [`crate::resolve_shared`] from the records the model holds), and the pages it
//! changed rendered and published.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::super::files::FileEntry;
use super::super::invalidate::{affected, is_record_page};
use super::{Rebuilder, Records, Report};
use crate::diagnostic::{self, Diagnostic};
use crate::dialect;
use crate::record::Record;
use crate::render::Selection;

impl Rebuilder {
    /// Resolves the kept files, and renders what `touched` (sources re-read; `None` for a
    /// full build) can change.
    pub(super) fn finish(
        &mut self,
        touched: Option<&BTreeSet<String>>,
        everything: bool,
        started: Instant,
    ) -> Report {
        self.finish_with(Records::Parsed, touched, everything, started)
    }

    /// [`Rebuilder::finish`], resolving the records `records` says.
    pub(super) fn finish_with(
        &mut self,
        records: Records,
        touched: Option<&BTreeSet<String>>,
        everything: bool,
        started: Instant,
    ) -> Report {
        if let Some(d) = self.templates_error.clone() {
            return self.fail(d, started);
        }
        let mut t = crate::timing::Laps::start();
        let (resolved, from_model) = self.resolve_whole(records, &mut t);
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
            // Incremental updates keep the model equal to a whole resolve of the same
            // records (tests/pipeline.rs checks it after every kind of edit), so resolving
            // it again is for the project's diagnostics: no page is compared or rendered.
            (Some(_), Some(_), false) if from_model => (
                Selection {
                    records: Some(Vec::new()),
                    rest: false,
                },
                Vec::new(),
                false,
            ),
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
        let output = match crate::serve::state::render(&model, &settings, &selection) {
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
        // Resolving the model again changes nothing shown: the rest stays as rendered.
        self.site_wide_pending = !full && (!from_model || self.site_wide_pending);
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

    /// Resolves every record through the same stage as `build`: parsed again from the
    /// kept texts, or taken from the model (see [`Records`]). Says whether they were taken.
    fn resolve_whole(
        &self,
        records: Records,
        t: &mut crate::timing::Laps,
    ) -> (crate::ResolvedParts, bool) {
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
        let sources: crate::resolve::Sources<'_> = self
            .files
            .entries
            .values()
            .filter_map(|e| e.text.as_ref().ok())
            .map(|t| (t.source.as_str(), (t.display.as_str(), t.text.as_str())))
            .collect();
        let kept = match (records, &self.model) {
            (Records::Kept, Some(model)) => Some(Arc::clone(model)),
            _ => None,
        };
        let from_model = kept.is_some();
        let resolved = match kept {
            // Every record as the model holds it, shared with it: nothing is parsed again,
            // and only the records shown as superseded are copied, to restore the status
            // their file states.
            Some(model) => {
                let records: Vec<Arc<Record>> = model
                    .records
                    .iter()
                    .map(|r| match r.status_as_written {
                        None => Arc::clone(&r.record),
                        Some(status) => Arc::new(Record {
                            status,
                            ..Record::clone(&r.record)
                        }),
                    })
                    .collect();
                let remote: HashSet<&str> = self
                    .project
                    .sites
                    .records
                    .iter()
                    .map(|r| r.source.as_str())
                    .collect();
                let local = records
                    .iter()
                    .map(|r| r.source.as_str())
                    .filter(|s| !remote.contains(s));
                diagnostics.extend(crate::empty_sources(&self.project, local));
                t.lap("serve: records kept");
                crate::resolve_shared(
                    &self.project,
                    self.today,
                    crate::SharedParts {
                        records,
                        skipped,
                        assets: self.files.assets.clone(),
                        diagnostics,
                        sources,
                    },
                    None,
                )
            }
            None => {
                let entries: Vec<&FileEntry> = self.files.entries.values().collect();
                let records: Vec<Box<Record>> = entries
                    .into_par_iter()
                    .filter_map(|e| e.record(&read).map(Box::new))
                    .collect();
                t.lap("serve: collect records");
                crate::resolve_parts(
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
                )
            }
        };
        (resolved, from_model)
    }
}
