//! An edit patched into the model: resolve again only the records it can reach
//! ([`crate::resolve::incremental`]) and render the pages showing them (the rules are in
//! [`super::super::invalidate`]).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use super::super::invalidate::{Before, after_update};
use super::{Rebuilder, Report, with_git};
use crate::diagnostic::{self, Diagnostic};
use crate::discover;
use crate::record::Record;
use crate::render::Selection;
use crate::resolve::ResolveOptions;
use crate::resolve::incremental::{self, Edit};

impl Rebuilder {
    /// Edits that keep the site readable: resolve again only the records they can reach
    /// ([`resolve::incremental`]) and render the pages showing them. The rest (lists, JSON)
    /// is rendered now if it shows what moved, else once edits pause; the whole model is
    /// resolved again once edits pause, for the project's diagnostics
    /// ([`Rebuilder::settle`]). `None` for edits left to a full resolve.
    pub(super) fn incremental(
        &mut self,
        touched: &BTreeSet<String>,
        started: Instant,
    ) -> Option<Report> {
        if touched.is_empty() || touched.len() > 64 {
            return None;
        }
        let mut t = crate::timing::Laps::start();
        let git = self.git.clone();
        let read = self.read_options();
        let with_git = |r: Record| with_git(git.as_deref(), &read, r);
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
        let output = match crate::serve::state::render(model, &settings, &selection) {
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
}
