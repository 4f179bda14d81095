//! Paths on this machine's disk, worked out lexically: a configured folder joined onto the
//! folder it is relative to, `a/./b/../c` made `a/c` without touching the disk, a path as
//! written from a root, and the `/`-separated way from one folder to another. One home for the commands and the
//! library; the `/`-separated paths of links and URLs are [`crate::url_path`]'s.

use std::path::{Component, Path, PathBuf};

/// A folder named relative to `base` (in `.adr-dir`, `.log4brains.yml`, ...), leading `./`
/// dropped; `rel` alone when `base` is empty, so that `decisions` stays `decisions` rather
/// than becoming `./decisions`.
pub fn join(base: &Path, rel: &str) -> PathBuf {
    let rel = rel.trim_start_matches("./");
    if base.as_os_str().is_empty() {
        PathBuf::from(rel)
    } else {
        base.join(rel)
    }
}

/// Removes `.` and resolves `..` without touching the disk. A `..` with nothing left to
/// climb is dropped: `/..` is `/`, and `../a` is `a` (callers pass absolute paths).
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `p` as an absolute path with `.` and `..` taken out: through symbolic links when it
/// exists (the one function here that asks the disk), else [`normalize`]d below the current
/// folder.
pub fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&joined)
    })
}

/// `path` from `root` (both made [`absolute`]), `/`-separated; `None` when outside it.
pub fn relative_to(path: &Path, root: &Path) -> Option<String> {
    let rel = absolute(path)
        .strip_prefix(absolute(root))
        .ok()?
        .to_path_buf();
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// The `/`-separated path from the folder `from` to `to` (both absolute): `..` for each
/// folder of `from` below what the two share, then the rest of `to`.
pub fn relative(from: &Path, to: &Path) -> String {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_folders_join_onto_their_base() {
        assert_eq!(join(Path::new(""), "decisions"), PathBuf::from("decisions"));
        assert_eq!(join(Path::new(""), "./doc/adr"), PathBuf::from("doc/adr"));
        assert_eq!(
            join(Path::new("repo"), "././doc/adr"),
            Path::new("repo/doc/adr")
        );
        assert_eq!(join(Path::new("repo"), "../up"), Path::new("repo/../up"));
        // An absolute folder replaces the base, as `Path::join` does.
        assert_eq!(join(Path::new("repo"), "/srv/adr"), Path::new("/srv/adr"));
        assert_eq!(join(Path::new("repo/"), "adr/"), Path::new("repo/adr/"));
    }

    #[test]
    fn normalizing_never_touches_the_disk() {
        let n = |p: &str| normalize(Path::new(p));
        assert_eq!(n("/no/such/./place/../dir"), Path::new("/no/such/dir"));
        assert_eq!(n("a/./b/../c"), Path::new("a/c"));
        assert_eq!(n("/.."), Path::new("/"));
        assert_eq!(n("/a/../../b"), Path::new("/b"));
        assert_eq!(n("../a"), Path::new("a"));
        assert_eq!(n("a/b/"), Path::new("a/b"));
        assert_eq!(n(""), Path::new(""));
    }

    #[test]
    fn absolute_paths_go_through_links_when_they_exist() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().canonicalize().unwrap();
        std::fs::create_dir(real.join("real")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(real.join("real"), real.join("link")).unwrap();
            assert_eq!(absolute(&real.join("link/./")), real.join("real"));
        }
        assert_eq!(
            absolute(&real.join("real/../gone/./x")),
            real.join("gone/x")
        );
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            absolute(Path::new("no-such-folder/../x")),
            normalize(&cwd.join("x"))
        );
    }

    #[test]
    fn paths_below_a_root_are_written_from_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = &tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("docs/adr")).unwrap();
        let rel = |p: &Path| relative_to(p, root);
        assert_eq!(rel(&root.join("docs/adr")).as_deref(), Some("docs/adr"));
        assert_eq!(
            rel(&root.join("docs/./adr/../adr")).as_deref(),
            Some("docs/adr")
        );
        assert_eq!(rel(root).as_deref(), Some(""));
        // Not there yet: worked out lexically.
        assert_eq!(
            rel(&root.join("docs/new/x.md")).as_deref(),
            Some("docs/new/x.md")
        );
        assert_eq!(rel(&root.join("../elsewhere")), None);
        assert_eq!(relative_to(Path::new("/"), root), None);
    }

    #[test]
    fn relative_paths_climb_to_what_two_folders_share() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(r("/repo/docs", "/repo/docs/adr/0001-a.md"), "adr/0001-a.md");
        assert_eq!(r("/repo/docs", "/repo/adr/0001-a.md"), "../adr/0001-a.md");
        assert_eq!(r("/repo/docs/deep", "/repo"), "../..");
        assert_eq!(r("/repo", "/repo"), "");
    }
}
