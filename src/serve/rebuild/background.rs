//! The rest of the site (list pages, JSON, feeds, static files) rendered in the background
//! once edits pause: one render at a time, on a rayon pool of its own, from a copy of the
//! model that shares its records (decision 0077), reporting back over the rebuild loop's
//! channel.

use std::sync::Arc;
use std::sync::mpsc::Sender;

use super::super::site_wide::SiteWideJob;
use super::{Message, Model, Rebuilder, Report};

impl Rebuilder {
    /// Renders the rest (lists, JSON, static files) if an edit left it stale: in the
    /// background when a sink for its report was set (so edits made meanwhile are not held
    /// up), else here.
    pub fn finish_site_wide(&mut self) -> Option<Report> {
        if !self.site_wide_pending {
            return None;
        }
        // One background render at a time: a second one would hold a second site in
        // flight. This one stays pending until the running one reports.
        if self.site_wide_running {
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
                let pool = self.site_wide_pool.clone();
                self.site_wide_running = true;
                std::thread::spawn(move || {
                    let report = match pool {
                        Some(pool) => {
                            let report = pool.install(|| job.run());
                            // What the render freed sits in the heaps of these threads,
                            // which live on: give it back from each (decision 0076).
                            pool.broadcast(|_| crate::serve::return_freed_memory());
                            report
                        }
                        None => job.run(),
                    };
                    let _ = sink.send(Message::SiteWide(report));
                });
                None
            }
            None => Some(job.run()),
        }
    }

    pub(super) fn next_generation(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }

    /// The background render reported (its [`Message::SiteWide`] arrived): the next may
    /// start.
    pub fn site_wide_done(&mut self) {
        self.site_wide_running = false;
    }

    /// Sends reports of rest renders to `sink` and renders them in the background.
    pub fn render_site_wide_in_background(&mut self, sink: Sender<Message>) {
        self.site_wide_sink = Some(sink);
        // Without a pool of its own (threads refused), the render shares rayon's threads.
        self.site_wide_pool = rayon::ThreadPoolBuilder::new()
            .num_threads(rayon::current_num_threads())
            .thread_name(|i| format!("site-wide-{i}"))
            .build()
            .ok()
            .map(Arc::new);
    }
}
