//! Finding the project from any subfolder, as git and adr-tools do: search upwards from
//! the current folder for `hindsight.toml`, `.adr-dir`, `.log4brains.yml` or one of the
//! default record folders, stopping at the repository root (a folder holding `.git`) or
//! the file-system root.

use std::path::{Path, PathBuf};

/// Files whose presence marks a project folder.
const MARKERS: &[&str] = &[
    crate::config::FILE_NAME,
    ".adr-dir",
    ".log4brains.yml",
    ".log4brains.yaml",
];

/// Whether `dir` is a project folder: it holds a marker file or a default record folder.
fn is_project(dir: &Path) -> bool {
    MARKERS.iter().any(|m| dir.join(m).is_file()) || crate::source::detect(dir).is_some()
}

/// The project folder above `start` (an absolute folder), as a path relative to `start`
/// (`..`, `../..`), so that every path shown from it is relative to where the user stands.
/// `None` when `start` itself is the project folder, or when none is found before the
/// repository root or the file-system root.
pub fn project_above(start: &Path) -> Option<PathBuf> {
    if is_project(start) || start.join(".git").exists() {
        return None;
    }
    let mut up = PathBuf::new();
    let mut dir = start.parent();
    while let Some(d) = dir {
        up.push("..");
        if is_project(d) {
            return Some(up);
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_project_above_and_stops_at_the_repository_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join(".adr-dir"), "doc/adr\n").unwrap();
        std::fs::create_dir_all(root.join("doc/adr")).unwrap();
        std::fs::create_dir_all(root.join("src/deep/er")).unwrap();
        assert_eq!(project_above(root), None);
        assert_eq!(
            project_above(&root.join("src/deep/er")),
            Some(PathBuf::from("../../.."))
        );
        assert_eq!(
            project_above(&root.join("doc/adr")),
            Some(PathBuf::from("../.."))
        );
        // A repository root without records between: the search stops there.
        std::fs::create_dir_all(root.join("src/deep/.git")).unwrap();
        assert_eq!(project_above(&root.join("src/deep/er")), None);
    }
}
