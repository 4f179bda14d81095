//! Finding the record folder(s) teams already have: `decisions/`, `.adr-dir`,
//! `.log4brains.yml` (with its packages), the usual `doc/adr` places.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::discover::SourceDir;
use crate::file_path::join;

/// Folders looked for, in order, when neither the command line nor the configuration names one.
pub const DEFAULT_FOLDERS: &[&str] = &[
    "decisions",
    "doc/adr",
    "docs/adr",
    "docs/decisions",
    "docs/architecture/decisions",
];

/// The folders a `.log4brains.yml` names: the project's `adrFolder` (no package label)
/// and each package's `adrFolder` labelled with the package name. Paths are relative to
/// the file's folder, as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Log4brains {
    pub folders: Vec<(String, Option<String>)>,
}

impl Log4brains {
    /// Reads the text of a `.log4brains.yml`; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Log4brains> {
        let v: Value = serde_yaml::from_str(text).ok()?;
        let project = v.get("project")?;
        let mut folders = Vec::new();
        let folder = |v: &Value| {
            v.get("adrFolder")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        if let Some(f) = folder(project) {
            folders.push((f, None));
        }
        if let Some(Value::Sequence(packages)) = project.get("packages") {
            for p in packages {
                let name = p.get("name").and_then(|n| match n {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
                if let Some(f) = folder(p) {
                    folders.push((f, name));
                }
            }
        }
        Some(Log4brains { folders })
    }

    fn has_packages(&self) -> bool {
        self.folders.iter().any(|(_, p)| p.is_some())
    }
}

fn read_log4brains(dir: &Path) -> Option<Log4brains> {
    let text = std::fs::read_to_string(dir.join(".log4brains.yml"))
        .or_else(|_| std::fs::read_to_string(dir.join(".log4brains.yaml")))
        .ok()?;
    Log4brains::parse(&text)
}

/// The record folder below `base`, as docs/contract.md §5 orders them: `decisions/`, then the
/// folder named in `.adr-dir`, then the folders of `.log4brains.yml` (its own folder when
/// it lists packages, so that every package is read), then the usual places.
pub fn detect(base: &Path) -> Option<PathBuf> {
    let candidate = |rel: &str| {
        let p = join(base, rel);
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
    if let Some(l4b) = read_log4brains(base) {
        let existing: Vec<PathBuf> = l4b
            .folders
            .iter()
            .filter_map(|(f, _)| candidate(f))
            .collect();
        if l4b.has_packages() && existing.len() > 1 {
            return Some(if base.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                base.to_path_buf()
            });
        }
        if let Some(p) = existing.into_iter().next() {
            return Some(p);
        }
    }
    DEFAULT_FOLDERS[1..].iter().find_map(|f| candidate(f))
}

/// The folders to read below a source root. A root holding a `.log4brains.yml` reads the
/// folders it names (each package with its label); otherwise the root itself, labelled
/// with its package when a `.log4brains.yml` further up names it as one.
pub fn sources_in(root: &Path) -> Vec<SourceDir> {
    if let Some(l4b) = read_log4brains(root) {
        let dirs: Vec<SourceDir> = l4b
            .folders
            .iter()
            .map(|(f, package)| SourceDir {
                path: join(root, f),
                package: package.clone(),
            })
            .filter(|d| d.path.is_dir())
            .collect();
        if !dirs.is_empty() {
            return dirs;
        }
    }
    vec![SourceDir {
        path: root.to_path_buf(),
        package: package_above(root),
    }]
}

/// The package label of `dir` from a `.log4brains.yml` in one of its parent folders (up to
/// the repository root).
fn package_above(dir: &Path) -> Option<String> {
    let target = dir.canonicalize().ok()?;
    let mut cur = target.parent();
    let mut steps = 0;
    while let Some(d) = cur {
        if let Some(l4b) = read_log4brains(d) {
            return l4b.folders.iter().find_map(|(f, package)| {
                let p = join(d, f).canonicalize().ok()?;
                (p == target).then(|| package.clone()).flatten()
            });
        }
        if d.join(".git").exists() || steps > 12 {
            return None;
        }
        steps += 1;
        cur = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_log4brains_packages() {
        let l = Log4brains::parse(
            "---\nproject:\n  name: x\n  adrFolder: ./docs/adr\n\n  packages:\n    - name: core\n      path: ./packages/core\n      adrFolder: ./packages/core/docs/adr\n",
        )
        .unwrap();
        assert_eq!(
            l.folders,
            vec![
                ("./docs/adr".to_string(), None),
                (
                    "./packages/core/docs/adr".to_string(),
                    Some("core".to_string())
                )
            ]
        );
        let l = Log4brains::parse("project:\n  adrFolder: ./documentation/adr\n  packages: []\n")
            .unwrap();
        assert_eq!(l.folders.len(), 1);
        assert!(Log4brains::parse("not: log4brains").is_none());
    }
}
