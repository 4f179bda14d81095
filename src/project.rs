//! Where the records are: the configuration, the source folder(s) and their common root.

use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::diagnostic::{Code, Diagnostic};
use crate::discover::SourceDir;

pub use crate::source::DEFAULT_FOLDERS;

/// A located project: configuration and the folders to read.
#[derive(Debug, Clone)]
pub struct Project {
    pub config: Config,
    /// The folder record paths are relative to (the one source, or the common parent of several).
    pub root: PathBuf,
    pub dirs: Vec<SourceDir>,
    /// The folders of other repositories this build reads (`[[sources]] git = ...`), as
    /// fetched by [`crate::federation::fetch`]; empty until then.
    pub fetched: Vec<crate::federation::Fetched>,
    /// Some git source could not be read at all (an error was reported; the others are
    /// read): commands that publish or check exit with 1.
    pub fetch_failed: bool,
    /// The other sites this build reads (`[[sources]] json = ...`) and their records, as
    /// read by [`crate::federation::json::read`]; empty until then.
    pub sites: std::sync::Arc<crate::federation::json::Read>,
}

impl Project {
    /// Fetches the git sources of the configuration into `cache` (with `offline`, reads
    /// the cached copies only) and reads them with the project's own folders.
    pub fn fetch_sources(&mut self, cache: &Path, offline: bool) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        if self.config.sources.iter().any(|s| s.json.is_some()) {
            let mut read = crate::federation::json::read(&self.config, cache, offline);
            self.fetch_failed |= read.has_errors();
            diagnostics = std::mem::take(&mut read.diagnostics);
            self.sites = std::sync::Arc::new(read);
        }
        if self.config.sources.iter().all(|s| s.git.is_none()) {
            return diagnostics;
        }
        let fetch = crate::federation::fetch(&self.config, cache, offline);
        self.fetch_failed |= fetch.has_errors();
        self.fetched = fetch.fetched;
        diagnostics.extend(fetch.diagnostics);
        diagnostics
    }
}

impl Project {
    /// Locates the project from the current folder: `source` from the command line wins,
    /// then the configuration's `sources`, then the first default folder that exists.
    pub fn locate(
        source: Option<&Path>,
        config_path: Option<&Path>,
    ) -> Result<Project, Diagnostic> {
        let config_path = config_path
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(config::FILE_NAME));
        let config = Config::load(&config_path)?;
        if let Some(src) = source {
            if !src.is_dir() {
                return Err(Diagnostic::error(
                    Code::Source,
                    format!(
                        "source folder `{}` does not exist or is not a folder",
                        src.display()
                    ),
                )
                .hint("pass the folder that holds your decision records"));
            }
            let dirs = crate::source::sources_in(src);
            return Ok(Project {
                config,
                root: src.to_path_buf(),
                dirs,
                fetched: Vec::new(),
                fetch_failed: false,
                sites: Default::default(),
            });
        }
        if config.local_sources().next().is_some() {
            let dirs: Vec<SourceDir> = config
                .local_sources()
                .map(|s| SourceDir {
                    path: config.path(&s.path),
                    package: s.package.clone(),
                })
                .collect();
            for d in &dirs {
                if !d.path.is_dir() {
                    return Err(Diagnostic::error(
                        Code::Source,
                        format!(
                            "source folder `{}` named in {} does not exist",
                            d.path.display(),
                            config_path.display()
                        ),
                    )
                    .hint("fix `sources` in the configuration"));
                }
            }
            let root = common_root(&dirs);
            return Ok(Project {
                config,
                root,
                dirs,
                fetched: Vec::new(),
                fetch_failed: false,
                sites: Default::default(),
            });
        }
        let base = config.dir.clone();
        match crate::source::detect(&base) {
            Some(root) => {
                let dirs = crate::source::sources_in(&root);
                Ok(Project {
                    config,
                    root,
                    dirs,
                    fetched: Vec::new(),
                    fetch_failed: false,
                sites: Default::default(),
                })
            }
            // A portal that only reads other repositories needs no folder of its own.
            None if !config.sources.is_empty() => Ok(Project {
                config,
                root: if base.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    base
                },
                dirs: Vec::new(),
                fetched: Vec::new(),
                fetch_failed: false,
                sites: Default::default(),
            }),
            None => Err(Diagnostic::error(Code::Source, "no decision records folder found")
                .hint(format!(
                    "pass one (`hindsight build docs/adr`), list it in hindsight.toml, or create one of: {}",
                    DEFAULT_FOLDERS.join(", ")
                ))),
        }
    }
}

/// The deepest folder containing all `dirs`.
fn common_root(dirs: &[SourceDir]) -> PathBuf {
    let mut root = dirs.first().map(|d| d.path.clone()).unwrap_or_default();
    for d in &dirs[1..] {
        while !d.path.starts_with(&root) {
            if !root.pop() {
                return PathBuf::from(".");
            }
        }
    }
    if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    }
}
