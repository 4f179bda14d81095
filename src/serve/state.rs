//! The site being served, in memory, and the pages listening for changes.
//!
//! The rebuild thread publishes files here; the HTTP threads read them. Reload, problem
//! and ok events go to every open page over server-sent events.
//!
//! Files are kept compressed (LZ4, about a quarter of their size: a site of 10,000
//! records is ~190 MB of pages) and decompressed when asked for, which takes microseconds
//! for a page (decision 0057).

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

use crate::diagnostic::Diagnostic;
use crate::render::{AssetCopy, OutputFile, Sink};

/// Rendered files, compressed as they are rendered: a whole site is never held
/// uncompressed (at 10,000 records that would be ~190 MB at once).
#[derive(Default)]
pub struct Packed {
    files: Mutex<Vec<(String, Box<[u8]>)>>,
}

impl Packed {
    /// The files rendered into it, with the assets to copy, ready for [`Shared::publish`].
    pub fn into_site(self, copies: Vec<AssetCopy>) -> PackedSite {
        PackedSite {
            files: self.files.into_inner().unwrap_or_else(|e| e.into_inner()),
            copies,
        }
    }
}

impl Sink for Packed {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        let packed = lz4_flex::compress_prepend_size(&file.bytes).into_boxed_slice();
        drop(file.bytes);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((file.path, packed));
        Ok(())
    }
}

/// Renders `selection` of the site, compressing each file as it comes.
pub fn render(
    model: &crate::resolve::Model,
    settings: &crate::render::RenderSettings<'_>,
    selection: &crate::render::Selection,
) -> Result<PackedSite, Vec<Diagnostic>> {
    let sink = Packed::default();
    let copies = crate::render::render_selected_into(model, settings, selection, &sink)?;
    Ok(sink.into_site(copies))
}

/// A rendered selection of the site, compressed.
pub struct PackedSite {
    files: Vec<(String, Box<[u8]>)>,
    copies: Vec<AssetCopy>,
}

impl PackedSite {
    /// The site paths of its files.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(p, _)| p.as_str())
    }
}

/// The served site and its listeners.
#[derive(Default)]
pub struct Shared {
    /// Site path (`decisions/0001-x.html`, not percent-encoded) → bytes, compressed.
    files: RwLock<HashMap<String, Box<[u8]>>>,
    /// Site path → the source file a linked asset is read from.
    copies: RwLock<HashMap<String, PathBuf>>,
    /// The diagnostics keeping the last good site served, rendered for people.
    problem: RwLock<Option<String>>,
    /// Bumped on every publish; a page that reconnects to a newer build reloads.
    build: AtomicU64,
    listeners: Mutex<Vec<Box<dyn Write + Send>>>,
    /// Folder linked assets are read from.
    pub root: RwLock<PathBuf>,
}

/// Formats one server-sent event.
pub fn event(name: &str, data: &serde_json::Value) -> Vec<u8> {
    format!("event: {name}\ndata: {data}\n\n").into_bytes()
}

impl Shared {
    pub fn new(root: PathBuf) -> Shared {
        Shared {
            root: RwLock::new(root),
            ..Shared::default()
        }
    }

    /// The bytes of a site file.
    pub fn file(&self, path: &str) -> Option<Vec<u8>> {
        let files = self.files.read().ok()?;
        lz4_flex::decompress_size_prepended(files.get(path)?).ok()
    }

    /// Whether the site has a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.read().is_ok_and(|f| f.contains_key(path))
    }

    /// The source file of a linked asset.
    pub fn copy(&self, path: &str) -> Option<PathBuf> {
        let rel = self.copies.read().ok()?.get(path).cloned()?;
        Some(self.root.read().ok()?.join(rel))
    }

    pub fn len(&self) -> usize {
        self.files.read().map_or(0, |f| f.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn build(&self) -> u64 {
        self.build.load(Ordering::SeqCst)
    }

    pub fn problem(&self) -> Option<String> {
        self.problem.read().ok()?.clone()
    }

    /// Site paths matching `keep`.
    pub fn paths_where(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        self.files
            .read()
            .map(|f| f.keys().filter(|k| keep(k)).cloned().collect())
            .unwrap_or_default()
    }

    /// Puts `output` in place and drops `removed`; tells open pages which files changed.
    /// Returns those paths, sorted.
    pub fn publish(&self, output: PackedSite, removed: &[String]) -> Vec<String> {
        let mut changed = Vec::new();
        // The same bytes compress to the same bytes, so unchanged files are found by
        // comparing them compressed.
        let packed = output.files;
        {
            let Ok(mut files) = self.files.write() else {
                return changed;
            };
            for (path, bytes) in packed {
                let same = files.get(&path).is_some_and(|b| *b == bytes);
                if !same {
                    changed.push(path.clone());
                    files.insert(path, bytes);
                }
            }
            for r in removed {
                if files.remove(r).is_some() {
                    changed.push(r.clone());
                }
            }
        }
        if let Ok(mut copies) = self.copies.write() {
            for c in output.copies {
                copies.insert(c.to, PathBuf::from(c.from));
            }
        }
        changed.sort();
        changed.dedup();
        if !changed.is_empty() {
            let build = self.build.fetch_add(1, Ordering::SeqCst) + 1;
            self.send(&event(
                "reload",
                &serde_json::json!({ "build": build, "paths": changed }),
            ));
        }
        changed
    }

    /// Sets or clears the problem shown over every page; returns whether one was shown.
    pub fn set_problem(&self, problem: Option<String>) -> bool {
        let before = match self.problem.write() {
            Ok(mut p) => std::mem::replace(&mut *p, problem.clone()),
            Err(_) => return false,
        };
        match (&before, &problem) {
            (_, Some(text)) if before.as_ref() != Some(text) => {
                self.send(&event("problem", &serde_json::json!({ "text": text })));
            }
            (Some(_), None) => self.send(&event("ok", &serde_json::json!({}))),
            _ => {}
        }
        before.is_some()
    }

    /// Adds a page listening for events; it is told the build and any problem at once.
    pub fn listen(&self, mut w: Box<dyn Write + Send>) {
        let hello = event(
            "hello",
            &serde_json::json!({ "build": self.build(), "problem": self.problem() }),
        );
        if w.write_all(&hello).and_then(|_| w.flush()).is_ok()
            && let Ok(mut l) = self.listeners.lock()
        {
            l.push(w);
        }
    }

    /// Number of open pages listening.
    pub fn listeners(&self) -> usize {
        self.listeners.lock().map_or(0, |l| l.len())
    }

    /// Sends an event to every listener, dropping those that went away.
    pub fn send(&self, bytes: &[u8]) {
        if let Ok(mut l) = self.listeners.lock() {
            l.retain_mut(|w| w.write_all(bytes).and_then(|_| w.flush()).is_ok());
        }
    }

    /// Closes every listener (on shutdown).
    pub fn close(&self) {
        if let Ok(mut l) = self.listeners.lock() {
            l.clear();
        }
    }
}
