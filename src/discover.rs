//! Discovery: walks the source folders and reads every markdown file once.
//!
//! The only stage that reads the source tree. It lists markdown files (read, in parallel,
//! as UTF-8 text with line endings normalised) and every other file as a possible asset
//! that records may link to. Problems with files become diagnostics, never panics.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::record::Skipped;

/// How many files one task reads while discovery walks on (see [`discover_each`]).
const READ_BATCH: usize = 64;

/// Files larger than this are not read as records.
pub const MAX_RECORD_BYTES: u64 = 4 * 1024 * 1024;

/// A folder to read, with the package label its records carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDir {
    pub path: PathBuf,
    pub package: Option<String>,
}

/// One markdown file, read.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path below the root, `/`-separated.
    pub source: String,
    /// The path as shown in diagnostics.
    pub display: String,
    pub package: Option<String>,
    pub text: String,
}

/// Everything found under the root: each markdown file read (`T` is a [`SourceText`], or
/// what [`discover_each`] made of it).
#[derive(Debug)]
pub struct Discovery<T = SourceText> {
    pub root: PathBuf,
    pub texts: Vec<T>,
    /// Non-markdown files below the root (`/`-separated), which records may link to.
    pub assets: BTreeSet<String>,
    /// Files that could not be read as records.
    pub skipped: Vec<Skipped>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Default for Discovery<T> {
    fn default() -> Self {
        Discovery {
            root: PathBuf::new(),
            texts: Vec::new(),
            assets: BTreeSet::new(),
            skipped: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// The file-name endings hindsight reads as markdown, longest first: plain markdown, MDX,
/// and the page templates of site generators that hold markdown (GOV.UK tech-docs and
/// Middleman `.html.md.erb`).
const MARKDOWN_EXTENSIONS: [&str; 6] = [
    ".html.md.erb",
    ".md.erb",
    ".html.md",
    ".markdown",
    ".mdx",
    ".md",
];

/// The length in bytes of the markdown ending of `name` (`.md`, `.html.md.erb`, ...), if it
/// has one; case is ignored.
pub fn markdown_extension_len(name: &str) -> Option<usize> {
    let b = name.as_bytes();
    MARKDOWN_EXTENSIONS
        .iter()
        .find(|ext| {
            b.len() > ext.len() && b[b.len() - ext.len()..].eq_ignore_ascii_case(ext.as_bytes())
        })
        .map(|ext| ext.len())
}

/// Names never read, neither as records nor as assets, by `build` and `serve` alike:
/// hidden files and folders, `node_modules`, and editor droppings (swap files, backups,
/// lock files, vim's `4913` write test, JetBrains' safe-write copies).
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name == "node_modules"
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.contains("___jb_")
        || name == "4913"
}

/// Is this a file name hindsight reads as a possible record?
pub fn is_markdown(name: &str) -> bool {
    markdown_extension_len(name).is_some()
}

/// Walks `dirs` (all below `root`) and reads their markdown files. `exclude` (the output
/// folder) is never entered.
pub fn discover(root: &Path, dirs: &[SourceDir], exclude: Option<&Path>) -> Discovery {
    discover_each(root, dirs, exclude, |t| t)
}

/// [`discover`], handing each file to `each` as soon as it is read (on the reading thread)
/// and keeping what `each` returns, in the same order: a load that parses each file as it
/// is read and keeps no text holds a few files at a time instead of the whole folder.
pub fn discover_each<T: Send>(
    root: &Path,
    dirs: &[SourceDir],
    exclude: Option<&Path>,
    each: impl Fn(SourceText) -> T + Sync,
) -> Discovery<T> {
    let mut found: Vec<(PathBuf, String, Option<String>)> = Vec::new();
    let mut discovery = Discovery {
        root: root.to_path_buf(),
        ..Discovery::default()
    };
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let display_root = root.display().to_string();
    let display = |rel: &str| {
        if display_root.is_empty() || display_root == "." {
            rel.to_string()
        } else {
            format!("{}/{}", display_root.trim_end_matches('/'), rel)
        }
    };
    let mut seen = BTreeSet::new();
    // Symbolic links are followed only where they lead inside a source folder: a link to
    // `/proc/self/environ`, `/etc/hostname` or a folder outside would publish it.
    let inside: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|d| d.path.canonicalize().ok())
        .collect();
    let mut outside: Vec<Diagnostic> = Vec::new();
    // Files are read (and handed to `each`) in batches while the walk goes on: the walk is
    // one thread's work, and the other cores would otherwise wait for it. Batches are put
    // back in walk order afterwards.
    type Read<T> = Result<T, (Skipped, Diagnostic)>;
    let batches: std::sync::Mutex<Vec<(usize, Vec<Read<T>>)>> = Default::default();
    let read_batch = |found: &[(PathBuf, String, Option<String>)], k: usize| {
        let read: Vec<Read<T>> = found
            .iter()
            .map(|(path, rel, package)| read_one(path, rel, package, &display(rel)).map(&each))
            .collect();
        if let Ok(mut b) = batches.lock() {
            b.push((k, read));
        }
    };
    let mut spawned = 0;
    rayon::scope(|scope| {
        for dir in dirs {
            let walker = walkdir::WalkDir::new(&dir.path)
            .follow_links(true)
            .sort_by(|a, b| entry_name(a).cmp(entry_name(b)))
            .into_iter()
            .filter_entry(|e| {
                let name = String::from_utf8_lossy(entry_name(e));
                if e.depth() > 0 && is_ignored(&name) {
                    return false;
                }
                if e.path_is_symlink() {
                    let target = e.path().canonicalize();
                    let within = target
                        .as_ref()
                        .is_ok_and(|t| inside.iter().any(|d| t.starts_with(d)));
                    if !within {
                        let to = target.map_or_else(
                            |_| "a path that does not exist".to_string(),
                            |t| format!("`{}`", t.display()),
                        );
                        outside.push(
                            Diagnostic::warning(
                                Code::LinkOutsideSource,
                                format!(
                                    "symbolic link `{}` leads to {to}, outside the source folder; it is not read or copied",
                                    e.path().display()
                                ),
                            )
                            .in_file(e.path().display().to_string())
                            .hint("copy the file into the source folder, or remove the link"),
                        );
                        return false;
                    }
                }
                match (&exclude, e.file_type().is_dir()) {
                    (Some(x), true) => e.path().canonicalize().ok().as_ref() != Some(x),
                    _ => true,
                }
            });
            for entry in walker {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        let path = e
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default();
                        let (code, message, hint) = if e.loop_ancestor().is_some() {
                            (
                                Code::SymlinkLoop,
                                "symbolic link loop: this folder links back to one of its parents"
                                    .to_string(),
                                "the folder was read once; remove the link or point it elsewhere",
                            )
                        } else {
                            (
                                Code::Unreadable,
                                format!("cannot read: {e}"),
                                "check the file's permissions",
                            )
                        };
                        discovery
                            .diagnostics
                            .push(Diagnostic::warning(code, message).in_file(path).hint(hint));
                        continue;
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                let Some(rel) = below(entry.path(), root) else {
                    continue;
                };
                if !seen.insert(rel.clone()) {
                    continue;
                }
                if is_markdown(&rel) {
                    found.push((entry.path().to_path_buf(), rel, dir.package.clone()));
                    if found.len() == READ_BATCH {
                        let batch = std::mem::take(&mut found);
                        let read_batch = &read_batch;
                        scope.spawn(move |_| read_batch(&batch, spawned));
                        spawned += 1;
                    }
                } else {
                    discovery.assets.insert(rel);
                }
            }
        }

        read_batch(&found, spawned);
    });
    discovery.diagnostics.extend(outside);
    let mut batches = batches.into_inner().unwrap_or_default();
    batches.sort_unstable_by_key(|(k, _)| *k);
    for r in batches.into_iter().flat_map(|(_, read)| read) {
        match r {
            Ok(t) => discovery.texts.push(t),
            Err((s, d)) => {
                discovery.skipped.push(s);
                discovery.diagnostics.push(d);
            }
        }
    }
    discovery
}

/// The file name of a walked entry, as bytes: the text after the path's last `/`, found
/// with one backward scan. `DirEntry::file_name` parses the path's components from the
/// end, and the walk's sort asks for two names at each of its comparisons.
fn entry_name(entry: &walkdir::DirEntry) -> &[u8] {
    let path = entry.path().as_os_str().as_encoded_bytes();
    match memchr::memrchr(b'/', path) {
        Some(i) if i + 1 < path.len() => &path[i + 1..],
        _ => entry.file_name().as_encoded_bytes(),
    }
}

/// `path` below `root`, `/`-separated; `.` components are ignored on both sides, so
/// `a/adr/x.md` is below `.` as well as below `` and `./a`. `None` when it is not below.
pub fn below(path: &Path, root: &Path) -> Option<String> {
    use std::path::Component;
    fn parts(p: &Path) -> Vec<Component<'_>> {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    }
    // Components borrow from the paths: only the joined result is allocated.
    let (path, root) = (parts(path), parts(root));
    if path.len() < root.len() || path[..root.len()] != root[..] {
        return None;
    }
    let mut rel = String::new();
    for (k, c) in path[root.len()..].iter().enumerate() {
        if k > 0 {
            rel.push('/');
        }
        rel.push_str(&c.as_os_str().to_string_lossy());
    }
    Some(rel)
}

/// Reads one markdown file: `path` on disk, `rel` below the root, `display` as shown.
pub fn read_one(
    path: &Path,
    rel: &str,
    package: &Option<String>,
    display: &str,
) -> Result<SourceText, (Skipped, Diagnostic)> {
    let skipped = |reason: &str| Skipped {
        source: rel.to_string(),
        reason: reason.to_string(),
    };
    let unreadable = |e: std::io::Error| {
        (
            skipped("unreadable"),
            Diagnostic::error(Code::Unreadable, format!("cannot read: {e}")).in_file(display),
        )
    };
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    if len > MAX_RECORD_BYTES {
        return Err((
            skipped("too large"),
            Diagnostic::warning(
                Code::TooLarge,
                format!(
                    "file is {len} bytes, more than the {MAX_RECORD_BYTES} bytes a record may have; it was not read"
                ),
            )
            .in_file(display)
            .hint("split it, or move it out of the decision folder"),
        ));
    }
    let bytes = read_sized(&mut file, len as usize).map_err(unreadable)?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]);
            let span = Span::at_offset(&prefix, 1, prefix.len(), 1);
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            return Err((
                skipped("not UTF-8"),
                Diagnostic::error(
                    Code::NotUtf8,
                    format!("file is not UTF-8 text (invalid byte at offset {good})"),
                )
                .at(display, &lossy, span)
                .hint("re-save the file as UTF-8"),
            ));
        }
    };
    Ok(SourceText {
        source: rel.to_string(),
        display: display.to_string(),
        package: package.clone(),
        text: normalise_text(text),
    })
}

/// Reads a file of `len` bytes (as its metadata said) with as few system calls as it takes:
/// one `read` for a whole small file, none to probe for the end. A file that grew since is
/// read as it was at `len` bytes; one that shrank, up to its end.
fn read_sized(file: &mut std::fs::File, len: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = vec![0; len];
    let mut filled = 0;
    while filled < len {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// Drops a byte-order mark and turns CRLF and lone CR line endings into LF.
pub fn normalise_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_a_root_ignore_dot_components() {
        let b = |p: &str, r: &str| below(Path::new(p), Path::new(r));
        assert_eq!(b("a/adr/x.md", ".").as_deref(), Some("a/adr/x.md"));
        assert_eq!(b("./a/adr/x.md", "").as_deref(), Some("a/adr/x.md"));
        assert_eq!(b("a/adr/x.md", "./a").as_deref(), Some("adr/x.md"));
        assert_eq!(b("b/adr/x.md", "a"), None);
        assert_eq!(b("/r/a/x.md", "/r").as_deref(), Some("a/x.md"));
    }
}
