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
            });
        }
        if !config.sources.is_empty() {
            let dirs: Vec<SourceDir> = config
                .sources
                .iter()
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
            return Ok(Project { config, root, dirs });
        }
        let base = config.dir.clone();
        match crate::source::detect(&base) {
            Some(root) => {
                let dirs = crate::source::sources_in(&root);
                Ok(Project { config, root, dirs })
            }
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
