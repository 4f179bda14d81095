//! The files of a `serve` session as last read: each markdown file's text and what parsing
//! it said, and the assets beside them. A full scan re-parses only texts that changed; a
//! watcher batch re-reads only the paths it names ([`Files::apply_paths`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::dialect::{self, ReadAs, ReadOptions};
use crate::discover::{self, SourceText};
use crate::project::Project;
use crate::record::{Record, Skipped};

/// One markdown file as last read. Its record is not kept: the model holds it as resolved,
/// and it is parsed again from the text when an edit needs it as written
/// ([`FileEntry::record`]).
pub(super) struct FileEntry {
    /// The text, or why it could not be read.
    pub(super) text: Result<SourceText, (Skipped, Diagnostic)>,
    /// Why it is not a record, if it is not one.
    pub(super) skipped: Option<Skipped>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl FileEntry {
    /// Reads one file's text: whether it is a record, and what parsing it reports.
    pub(super) fn parse(
        text: Result<SourceText, (Skipped, Diagnostic)>,
        options: &ReadOptions,
    ) -> FileEntry {
        match text {
            Err(e) => FileEntry {
                text: Err(e),
                skipped: None,
                diagnostics: Vec::new(),
            },
            Ok(t) => {
                let reading = dialect::read(&t, options);
                let skipped = match reading.read_as {
                    ReadAs::Record(_) => None,
                    ReadAs::Skipped(s) => Some(s),
                };
                FileEntry {
                    text: Ok(t),
                    skipped,
                    diagnostics: reading.diagnostics,
                }
            }
        }
    }

    /// The record the file holds, as written (parsed again from the kept text).
    pub(super) fn record(&self, options: &ReadOptions) -> Option<Record> {
        if self.skipped.is_some() {
            return None;
        }
        let text = self.text.as_ref().ok()?;
        match dialect::read(text, options).read_as {
            ReadAs::Record(r) => Some(*r),
            ReadAs::Skipped(_) => None,
        }
    }
}

/// Where a session's files are: the project, its root made absolute, and the folder never
/// read (the output folder of `build`, when it sits below the source).
pub(super) struct Places<'a> {
    pub(super) project: &'a Project,
    pub(super) root_abs: &'a Path,
    pub(super) exclude_abs: Option<&'a Path>,
}

impl Places<'_> {
    /// How `rel` is named in diagnostics: below the project root as the user gave it.
    fn display(&self, rel: &str) -> String {
        let root = self.project.root.display().to_string();
        if root.is_empty() || root == "." {
            rel.to_string()
        } else {
            format!("{}/{}", root.trim_end_matches('/'), rel)
        }
    }

    /// The relative source path of `path`, with its package, if it is a file hindsight reads.
    fn source_of(&self, path: &Path) -> Option<(String, Option<String>)> {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            absolute(path)
        };
        if let Some(x) = self.exclude_abs
            && abs.starts_with(x)
        {
            return None;
        }
        let rel = abs.strip_prefix(self.root_abs).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.is_empty() || parts.iter().any(|p| p == ".." || discover::is_ignored(p)) {
            return None;
        }
        let dir = self
            .project
            .dirs
            .iter()
            .find(|d| abs.starts_with(absolute(&d.path)))?;
        Some((parts.join("/"), dir.package.clone()))
    }
}

/// `p` made absolute against the current folder, with links resolved where it exists.
pub(super) fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    abs.canonicalize().unwrap_or(abs)
}

/// Every file read, by source path, and the assets.
#[derive(Default)]
pub(super) struct Files {
    pub(super) entries: BTreeMap<String, FileEntry>,
    pub(super) assets: BTreeSet<String>,
    /// Problems found walking the tree that belong to no one file (symlink loops).
    pub(super) walk_diagnostics: Vec<Diagnostic>,
}

impl Files {
    /// Reads everything below `places`, parsing only texts that differ from what is kept.
    pub(super) fn scan(&mut self, places: &Places<'_>, options: &ReadOptions) {
        let discovery = discover::discover(
            &places.project.root,
            &places.project.dirs,
            places.exclude_abs,
        );
        let mut next: BTreeMap<String, FileEntry> = BTreeMap::new();
        let mut walk = discovery.diagnostics;
        for s in discovery.skipped {
            let display = places.display(&s.source);
            let d = match walk
                .iter()
                .position(|d| d.file.as_deref() == Some(&display))
            {
                Some(at) => walk.remove(at),
                None => Diagnostic::warning(Code::Unreadable, "cannot read").in_file(display),
            };
            next.insert(
                s.source.clone(),
                FileEntry {
                    text: Err((s.clone(), d)),
                    skipped: Some(s),
                    diagnostics: Vec::new(),
                },
            );
        }
        let mut old = std::mem::take(&mut self.entries);
        let mut to_parse = Vec::new();
        for t in discovery.texts {
            match old.remove(&t.source) {
                Some(e) if matches!(&e.text, Ok(k) if k.text == t.text && k.package == t.package) =>
                {
                    next.insert(t.source.clone(), e);
                }
                _ => to_parse.push(t),
            }
        }
        let parsed: Vec<(String, FileEntry)> = to_parse
            .into_par_iter()
            .map(|t| (t.source.clone(), FileEntry::parse(Ok(t), options)))
            .collect();
        next.extend(parsed);
        self.entries = next;
        self.assets = discovery.assets;
        self.walk_diagnostics = walk;
    }

    /// Applies watcher paths to the kept files. Returns the sources re-read, and whether a
    /// full rescan is needed instead.
    pub(super) fn apply_paths(
        &mut self,
        places: &Places<'_>,
        options: &ReadOptions,
        paths: &[PathBuf],
    ) -> (BTreeSet<String>, bool) {
        let mut touched = BTreeSet::new();
        for path in paths {
            let Some((rel, package)) = places.source_of(path) else {
                continue;
            };
            // A path that is, or passes through, a symbolic link: discovery decides whether
            // it leads inside a source folder (and says so when it does not).
            let lexical = if path.is_absolute() {
                path.to_path_buf()
            } else {
                std::env::current_dir().unwrap_or_default().join(path)
            };
            if path.canonicalize().is_ok_and(|c| c != lexical) {
                return (touched, true);
            }
            match std::fs::metadata(path) {
                Ok(m) if m.is_dir() => return (touched, true),
                Ok(_) => {
                    if discover::is_markdown(&rel) {
                        let text = discover::read_one(path, &rel, &package, &places.display(&rel));
                        let unchanged = matches!(
                            (self.entries.get(&rel).map(|e| &e.text), &text),
                            (Some(Ok(a)), Ok(b)) if a.text == b.text && a.package == b.package
                        );
                        if !unchanged {
                            self.entries
                                .insert(rel.clone(), FileEntry::parse(text, options));
                            touched.insert(rel);
                        }
                    } else if self.assets.insert(rel.clone()) {
                        touched.insert(rel);
                    }
                }
                Err(_) => {
                    // Gone: a file, or a whole folder renamed away or deleted.
                    let prefix = format!("{rel}/");
                    let mut gone = |k: &String| {
                        let is_gone = *k == rel || k.starts_with(&prefix);
                        if is_gone {
                            touched.insert(k.clone());
                        }
                        !is_gone
                    };
                    self.entries.retain(|k, _| gone(k));
                    self.assets.retain(|k| gone(k));
                }
            }
        }
        (touched, false)
    }

    /// The files that are not records (or could not be read), sorted by source, as the
    /// full resolve lists them.
    pub(super) fn skipped(&self) -> Vec<Skipped> {
        let mut skipped: Vec<Skipped> = self
            .entries
            .values()
            .filter_map(|e| match &e.text {
                Err((s, _)) => Some(s.clone()),
                Ok(_) => e.skipped.clone(),
            })
            .collect();
        skipped.sort_by(|a, b| a.source.cmp(&b.source));
        skipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project over a fresh folder holding `files`, its absolute root, and the folder.
    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let project = Project::locate(Some(dir.path()), None).unwrap();
        let root_abs = absolute(&project.root);
        (dir, project, root_abs)
    }

    fn places<'a>(project: &'a Project, root_abs: &'a Path) -> Places<'a> {
        Places {
            project,
            root_abs,
            exclude_abs: None,
        }
    }

    fn record(title: &str) -> String {
        format!("---\nstatus: accepted\ndate: 2024-01-02\n---\n# {title}\n\nBody.\n")
    }

    #[test]
    fn scan_keeps_unchanged_entries_and_reparses_changed_ones() {
        let (dir, project, root_abs) =
            project(&[("0001-a.md", &record("A")), ("0002-b.md", &record("B"))]);
        let places = places(&project, &root_abs);
        let options = ReadOptions::default();
        let mut files = Files::default();
        files.scan(&places, &options);
        assert_eq!(
            files.entries.keys().collect::<Vec<_>>(),
            ["0001-a.md", "0002-b.md"]
        );
        std::fs::write(dir.path().join("0002-b.md"), record("B, renamed")).unwrap();
        std::fs::remove_file(dir.path().join("0001-a.md")).unwrap();
        files.scan(&places, &options);
        assert_eq!(files.entries.keys().collect::<Vec<_>>(), ["0002-b.md"]);
        let b = files.entries["0002-b.md"].record(&options).unwrap();
        assert_eq!(b.title, "B, renamed");
    }

    #[test]
    fn apply_paths_rereads_only_what_changed() {
        let (dir, project, root_abs) = project(&[
            ("0001-a.md", &record("A")),
            ("0002-b.md", &record("B")),
            ("img/plan.png", "png"),
        ]);
        let places = places(&project, &root_abs);
        let options = ReadOptions::default();
        let mut files = Files::default();
        files.scan(&places, &options);
        assert!(files.assets.contains("img/plan.png"));
        let a = root_abs.join("0001-a.md");
        let b = root_abs.join("0002-b.md");

        // Saved without a change: nothing touched.
        let (touched, rescan) = files.apply_paths(&places, &options, std::slice::from_ref(&a));
        assert!(touched.is_empty() && !rescan);

        // An edit, a new file and a deletion in one batch.
        std::fs::write(&a, record("A, edited")).unwrap();
        std::fs::write(dir.path().join("0003-c.md"), record("C")).unwrap();
        std::fs::remove_file(&b).unwrap();
        let c = root_abs.join("0003-c.md");
        let (touched, rescan) = files.apply_paths(&places, &options, &[a, b, c]);
        assert!(!rescan);
        assert_eq!(
            touched.iter().collect::<Vec<_>>(),
            ["0001-a.md", "0002-b.md", "0003-c.md"]
        );
        assert_eq!(
            files.entries.keys().collect::<Vec<_>>(),
            ["0001-a.md", "0003-c.md"]
        );

        // Editor droppings and paths outside the root are not files hindsight reads.
        let swap = root_abs.join(".0001-a.md.swp");
        std::fs::write(&swap, "x").unwrap();
        let (touched, _) = files.apply_paths(&places, &options, &[swap]);
        assert!(touched.is_empty());
        let (touched, _) = files.apply_paths(&places, &options, &[PathBuf::from("/etc/hostname")]);
        assert!(touched.is_empty());

        // A folder appearing needs a full rescan.
        std::fs::create_dir(dir.path().join("more")).unwrap();
        let (_, rescan) = files.apply_paths(&places, &options, &[root_abs.join("more")]);
        assert!(rescan);
    }

    #[test]
    fn skipped_lists_files_that_are_not_records_sorted() {
        let (_dir, project, root_abs) = project(&[
            ("0001-a.md", &record("A")),
            ("README.md", "# About this folder\n\nNot a record.\n"),
        ]);
        let places = places(&project, &root_abs);
        let mut files = Files::default();
        files.scan(&places, &ReadOptions::default());
        let skipped: Vec<String> = files.skipped().into_iter().map(|s| s.source).collect();
        assert_eq!(skipped, ["README.md"]);
    }
}
