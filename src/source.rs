//! Finding the record folder(s) teams already have: `decisions/`, `.adr-dir`, the usual
//! `doc/adr` places.

use std::path::{Path, PathBuf};

use crate::discover::SourceDir;
use crate::project::DEFAULT_FOLDERS;

/// The record folder below `base`, as PRODUCT.md §5 orders them: `decisions/`, then the
/// folder named in `.adr-dir`, then the usual places.
pub fn detect(base: &Path) -> Option<PathBuf> {
    let candidate = |rel: &str| {
        let p = if base.as_os_str().is_empty() {
            PathBuf::from(rel)
        } else {
            base.join(rel)
        };
        p.is_dir().then_some(p)
    };
    if let Some(p) = candidate("decisions") {
        return Some(p);
    }
    if let Ok(text) = std::fs::read_to_string(base.join(".adr-dir")) {
        let rel = text.trim();
        if !rel.is_empty()
            && let Some(p) = candidate(rel)
        {
            return Some(p);
        }
    }
    DEFAULT_FOLDERS[1..].iter().find_map(|f| candidate(f))
}

/// The folders to read below a source root (the root itself, with no package label).
pub fn sources_in(root: &Path) -> Vec<SourceDir> {
    vec![SourceDir {
        path: root.to_path_buf(),
        package: None,
    }]
}
