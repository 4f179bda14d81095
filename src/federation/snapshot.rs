//! What a build worked out from one git source, kept in its cache folder so that the next
//! build of an unchanged source reuses it instead of asking git again or reading its files:
//! the history of its records (dates, authors, status changes), keyed by the commit read and
//! the records folder, and the files found in the records folder (their texts, the assets,
//! what was skipped), keyed by the folder's tree. A snapshot written by another hindsight
//! binary, or for another commit or tree, is never used: it is read again and replaced.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::discover::{Discovery, SourceText};
use crate::history::{FileHistory, Git};
use crate::lifecycle::Step;
use crate::record::Skipped;

use super::Fetched;

/// The layout of the snapshot files; bump it when what they hold changes.
const FORMAT: u32 = 1;

/// The file of the history snapshot, inside the clone's `.git` (never in the work tree).
fn history_file(f: &Fetched) -> PathBuf {
    f.checkout.join(".git").join("hindsight-history.json")
}

/// What makes a snapshot valid: this binary, the commit and the records folder.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Key {
    format: u32,
    binary: String,
    commit: String,
    path: String,
}

fn key(f: &Fetched) -> Key {
    Key {
        format: FORMAT,
        binary: binary(),
        commit: f.commit.clone(),
        path: f.path.clone(),
    }
}

/// This binary: its version and a hash of its file, so a binary built from other code
/// (whose reading may differ) never trusts what another one wrote, while the same binary
/// installed again (a CI job that installs hindsight on every run) does.
pub fn binary() -> String {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let t0 = std::time::Instant::now();
        let hash = std::env::current_exe()
            .and_then(std::fs::File::open)
            .and_then(hash_file)
            .map_or_else(|_| "unknown".to_string(), |h| format!("{h:016x}"));
        crate::timing::report("hash of the binary", t0);
        format!("{} {hash}", env!("CARGO_PKG_VERSION"))
    })
    .clone()
}

/// A 64-bit hash of a file's bytes, read in 1 MB pieces, 8 bytes at a step (FNV-1a's
/// multiply over words: not for security, only to tell two binaries apart).
fn hash_file(mut file: std::fs::File) -> std::io::Result<u64> {
    use std::io::Read;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = vec![0u8; 1 << 20];
    let mut len: u64 = 0;
    loop {
        // Fill the buffer (a read may return less), so pieces never depend on how reads split.
        let mut n = 0;
        while n < buf.len() {
            match file.read(&mut buf[n..])? {
                0 => break,
                k => n += k,
            }
        }
        if n == 0 {
            break;
        }
        len += n as u64;
        let mut words = buf[..n].chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            h = (h ^ u64::from_le_bytes(b)).wrapping_mul(0x0100_0000_01b3);
        }
        for &b in words.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        if n < buf.len() {
            break;
        }
    }
    Ok(h ^ len)
}

#[derive(Serialize, Deserialize)]
struct HistoryFile {
    key: Key,
    prefix: String,
    shallow: bool,
    /// Path: created, created by, changed, changed by.
    files: HashMap<String, (String, String, String, String)>,
    /// Path: (word, date, commit), oldest first.
    lifecycles: HashMap<String, Vec<(String, String, String)>>,
}

/// The history of `f` from its snapshot, if one was written for this commit and folder by
/// this binary.
pub fn read_history(f: &Fetched) -> Option<Git> {
    let bytes = std::fs::read(history_file(f)).ok()?;
    let h: HistoryFile = serde_json::from_slice(&bytes).ok()?;
    if h.key != key(f) {
        return None;
    }
    let date = |s: &str| Date::parse_iso(s);
    let mut files = HashMap::with_capacity(h.files.len());
    for (path, (created, created_by, changed, changed_by)) in h.files {
        files.insert(
            path,
            FileHistory {
                created: date(&created)?,
                created_by,
                changed: date(&changed)?,
                changed_by,
            },
        );
    }
    let mut lifecycles = HashMap::with_capacity(h.lifecycles.len());
    for (path, steps) in h.lifecycles {
        let mut out = Vec::with_capacity(steps.len());
        for (word, day, commit) in steps {
            out.push(Step {
                word,
                date: date(&day)?,
                commit,
            });
        }
        lifecycles.insert(path, out);
    }
    Some(Git {
        files,
        prefix: h.prefix,
        shallow: h.shallow,
        lifecycles,
    })
}

/// Keeps the history of `f` for the next build (a failure to write only costs that build
/// the time to read it from git again).
pub fn write_history(f: &Fetched, git: &Git) {
    let h = HistoryFile {
        key: key(f),
        prefix: git.prefix.clone(),
        shallow: git.shallow,
        files: git
            .files
            .iter()
            .map(|(p, h)| {
                let v = (
                    h.created.to_string(),
                    h.created_by.clone(),
                    h.changed.to_string(),
                    h.changed_by.clone(),
                );
                (p.clone(), v)
            })
            .collect(),
        lifecycles: git
            .lifecycles
            .iter()
            .map(|(p, steps)| {
                let v = steps
                    .iter()
                    .map(|s| (s.word.clone(), s.date.to_string(), s.commit.clone()))
                    .collect();
                (p.clone(), v)
            })
            .collect(),
    };
    if let Ok(bytes) = serde_json::to_vec(&h) {
        write_atomically(&history_file(f), &bytes);
    }
}

/// Writes `bytes` to a temporary file beside `to` and renames it over `to`, so a build
/// never reads half a snapshot.
fn write_atomically(to: &Path, bytes: &[u8]) {
    let tmp = to.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, to).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// The file of the texts snapshot, inside the clone's `.git`.
fn texts_file(f: &Fetched) -> PathBuf {
    f.checkout.join(".git").join("hindsight-texts.json")
}

#[derive(Serialize, Deserialize)]
struct TextsFile {
    format: u32,
    binary: String,
    /// The tree of the records folder the texts were read from.
    tree: String,
    package: String,
    /// The folder read (paths as shown name it).
    root: String,
    /// Path below the folder, path as shown, text.
    texts: Vec<(String, String, String)>,
    assets: Vec<String>,
    /// Path below the folder, reason.
    skipped: Vec<(String, String)>,
}

/// What was found in the records folder of `f`, from its snapshot, if one was written for
/// this tree by this binary. The files themselves are not read.
pub fn read_texts(f: &Fetched) -> Option<Discovery> {
    let tree = f.tree.as_deref()?;
    let bytes = std::fs::read(texts_file(f)).ok()?;
    let t: TextsFile = serde_json::from_slice(&bytes).ok()?;
    let root = f.root();
    if t.format != FORMAT
        || t.binary != binary()
        || t.tree != tree
        || t.package != f.package
        || t.root != root.to_string_lossy()
    {
        return None;
    }
    Some(Discovery {
        root,
        texts: t
            .texts
            .into_iter()
            .map(|(source, display, text)| SourceText {
                source,
                display,
                package: Some(t.package.clone()),
                text,
            })
            .collect(),
        assets: t.assets.into_iter().collect(),
        skipped: t
            .skipped
            .into_iter()
            .map(|(source, reason)| Skipped { source, reason })
            .collect(),
        diagnostics: Vec::new(),
    })
}

/// Keeps what was found in the records folder of `f` for the next build. Nothing is kept
/// when reading it gave diagnostics (an unreadable file is read, and reported, again), or
/// when a text names another package.
pub fn write_texts(f: &Fetched, d: &Discovery) {
    let Some(tree) = &f.tree else { return };
    if !d.diagnostics.is_empty()
        || d.texts
            .iter()
            .any(|t| t.package.as_deref() != Some(f.package.as_str()))
    {
        return;
    }
    let t = TextsFile {
        format: FORMAT,
        binary: binary(),
        tree: tree.clone(),
        package: f.package.clone(),
        root: f.root().to_string_lossy().into_owned(),
        texts: d
            .texts
            .iter()
            .map(|t| (t.source.clone(), t.display.clone(), t.text.clone()))
            .collect(),
        assets: d.assets.iter().cloned().collect(),
        skipped: d
            .skipped
            .iter()
            .map(|s| (s.source.clone(), s.reason.clone()))
            .collect(),
    };
    if let Ok(bytes) = serde_json::to_vec(&t) {
        write_atomically(&texts_file(f), &bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_hash_depends_on_every_byte_and_the_length_only() {
        let dir = tempfile::tempdir().unwrap();
        let hash = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            hash_file(std::fs::File::open(p).unwrap()).unwrap()
        };
        // Longer than one 1 MB piece, and not a whole number of words.
        let big: Vec<u8> = (0..(1 << 20) + 13).map(|i| (i % 251) as u8).collect();
        let mut other = big.clone();
        *other.last_mut().unwrap() ^= 1;
        assert_eq!(hash("a", &big), hash("b", &big));
        assert_ne!(hash("a", &big), hash("c", &other));
        assert_ne!(hash("d", b""), hash("e", b"\0"));
    }
}
