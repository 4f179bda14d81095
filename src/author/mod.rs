//! Writing records: `hindsight init` and `hindsight new`.
//!
//! Reading copes with anything; writing must pick one shape, the one the folder already
//! uses. [`conventions`] detects it (naming scheme and dialect, or the folder's own
//! template), [`templates`] writes the new text, [`supersede`] edits an old record with
//! the smallest change in its own dialect. This module plans the change first (nothing
//! is written while anything is still in doubt), then applies it safely: the new file is
//! created with create-new semantics (a race never overwrites), and edited records are
//! written through a temporary file in the same folder and renamed into place, only
//! after the new record exists.

pub mod conventions;
pub mod init;
pub mod page_front;
pub mod slug;
pub mod supersede;
pub mod templates;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::project::Project;
use crate::record::Record;
use crate::resolve::Lookup;
use conventions::WriteDialect;
use templates::{Link, NewRecord};

/// Why a record could not be written.
#[derive(Debug)]
pub enum AuthorError {
    /// A reference names no record or several, or a number or file name is taken (exit 1).
    Records(Vec<Diagnostic>),
    /// Usage or I/O problems (exit 2).
    Setup(Vec<Diagnostic>),
}

impl AuthorError {
    fn setup(d: Diagnostic) -> AuthorError {
        AuthorError::Setup(vec![d])
    }
    fn records(d: Diagnostic) -> AuthorError {
        AuthorError::Records(vec![d])
    }
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            AuthorError::Records(d) | AuthorError::Setup(d) => d,
        }
    }
}

/// What `hindsight new` was asked for.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub title: String,
    /// The folder the record is written into.
    pub dir: PathBuf,
    /// References to records the new one supersedes.
    pub supersedes: Vec<String>,
    /// A reference to the decision a retrospective reviews.
    pub reviews: Option<String>,
    /// The record's date.
    pub date: Date,
    /// A number chosen by hand instead of the next free one.
    pub number: Option<u32>,
}

/// An edit of an existing record.
#[derive(Debug, Clone)]
pub struct Edit {
    pub path: PathBuf,
    /// The bytes read when planning; the edit is refused if the file changed since.
    pub original: Vec<u8>,
    pub text: String,
}

/// Everything `new` will write, computed before anything is written.
#[derive(Debug, Clone)]
pub struct Plan {
    pub path: PathBuf,
    pub text: String,
    pub dialect: WriteDialect,
    pub edits: Vec<Edit>,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Done {
    pub created: PathBuf,
    pub edited: Vec<PathBuf>,
}

/// `path` below `root`, `/`-separated; `None` when it is not below it.
fn rel_below(root: &Path, path: &Path) -> Option<String> {
    let abs = |p: &Path| {
        p.canonicalize().ok().or_else(|| {
            std::env::current_dir()
                .ok()
                .map(|c| c.join(p))
                .filter(|p| p.exists())
        })
    };
    let (root, path) = (abs(root)?, abs(path)?);
    let rel = path.strip_prefix(&root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// The relative link from the file `from` to the file `to` (both `/`-separated paths
/// below the same root).
pub fn relative_href(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// Plans `hindsight new`: detects the folder's conventions, resolves references, and
/// computes the new record and the edits. Writes nothing.
pub fn plan_new(project: &Project, req: &NewRequest) -> Result<Plan, AuthorError> {
    if !req.dir.is_dir() {
        return Err(AuthorError::setup(
            Diagnostic::error("new", format!("`{}` is not a folder", req.dir.display()))
                .hint("run `hindsight init` to create one, or pass `--dir`"),
        ));
    }
    let folder = conventions::scan(&req.dir).map_err(|e| {
        AuthorError::setup(
            Diagnostic::error("new", format!("cannot list the folder: {e}"))
                .in_file(req.dir.display().to_string()),
        )
    })?;
    let conv = conventions::detect(&folder);
    let dir_rel = rel_below(&project.root, &req.dir).unwrap_or_default();
    let in_dir = |name: &str| {
        if dir_rel.is_empty() {
            name.to_string()
        } else {
            format!("{dir_rel}/{name}")
        }
    };

    // The number and the file name.
    let number = match req.number {
        Some(n) => {
            if let Some(files) = conv.taken.get(&n) {
                return Err(AuthorError::records(
                    Diagnostic::error(
                        "number-taken",
                        format!(
                            "number {n} is already taken by {}; hindsight new never writes a second record with the same number",
                            files.join(", ")
                        ),
                    )
                    .in_file(req.dir.display().to_string())
                    .hint(format!("leave out --number to take the next free one ({})", conv.next_number())),
                ));
            }
            n
        }
        None => conv.next_number(),
    };
    let name = conv.naming.file_name(number, req.date, &req.title);
    let path = req.dir.join(&name);
    if path.exists() || path.symlink_metadata().is_ok() {
        return Err(AuthorError::records(collision(&path)));
    }
    let source = in_dir(&name);
    let shown_number = conv.naming.numbered.then_some(number);

    // References.
    let mut targets: Vec<Record> = Vec::new();
    let mut reviewed: Option<Record> = None;
    if !req.supersedes.is_empty() || req.reviews.is_some() {
        let loaded = crate::load(project, req.date, None);
        let records: Vec<Record> = loaded
            .model
            .records
            .iter()
            .map(|r| r.record.clone())
            .collect();
        let from = Record {
            id: crate::dialect::id_for(&source),
            source: source.clone(),
            ..Record::default()
        };
        let mut problems = Vec::new();
        let mut find = |text: &str, flag: &str| -> Option<Record> {
            let by_path = rel_below(&project.root, Path::new(text))
                .and_then(|s| records.iter().position(|r| r.source == s));
            let hit = match by_path {
                Some(i) => Lookup::Found(i),
                None => loaded.model.index.lookup(&records, &from, text),
            };
            match hit {
                Lookup::Found(i) => Some(records[i].clone()),
                Lookup::Ambiguous(is) => {
                    let list: Vec<String> = is
                        .iter()
                        .map(|&i| format!("`{}` ({})", records[i].id, records[i].title))
                        .collect();
                    problems.push(
                        Diagnostic::error(
                            "ambiguous-reference",
                            format!(
                                "`{flag} {text}` is ambiguous: it names {}",
                                list.join(" and ")
                            ),
                        )
                        .hint(format!(
                            "name one by its id, for example `{flag} {}`",
                            records[is[0]].id
                        )),
                    );
                    None
                }
                Lookup::Missing => {
                    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
                    let hint = match crate::near_miss::suggest(text, &ids) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "give a number, an id or a path of a record in {} (`hindsight export` lists them)",
                            project.root.display()
                        ),
                    };
                    problems.push(
                        Diagnostic::error(
                            "unknown-reference",
                            format!("`{flag} {text}`: no record has this number, id or path"),
                        )
                        .hint(hint),
                    );
                    None
                }
            }
        };
        for s in &req.supersedes {
            if let Some(r) = find(s, "--supersedes")
                && !targets.iter().any(|t| t.id == r.id)
            {
                targets.push(r);
            }
        }
        if let Some(s) = &req.reviews {
            reviewed = find(s, "--reviews");
        }
        if !problems.is_empty() {
            return Err(AuthorError::Records(problems));
        }
    }

    let link_to = |r: &Record| Link {
        id: r.id.clone(),
        number: r.number,
        title: r.title.clone(),
        href: relative_href(&source, &r.source),
    };

    // The text of the new record.
    let (text, dialect) = if let Some(old) = &reviewed {
        (
            templates::retrospective(&req.title, &link_to(old), req.date, req.date.add_days(365)),
            WriteDialect::Native,
        )
    } else {
        let bullet = bullet_of(&folder);
        let new = NewRecord {
            title: req.title.clone(),
            number: shown_number,
            date: req.date,
            revisit: req.date.add_days(365),
            supersedes: targets.iter().map(link_to).collect(),
            bullet,
        };
        match &conv.template {
            Some((_, t)) => {
                let d = conventions::dialect_of_text(t).unwrap_or(conv.dialect);
                (templates::fill(t, d, &new), d)
            }
            None => {
                let text = templates::builtin(conv.dialect, &new);
                match &conv.page {
                    Some(page) if conv.dialect == WriteDialect::AdrTools => (
                        page.apply(&text, &req.title, shown_number, req.date),
                        conv.dialect,
                    ),
                    _ => (text, conv.dialect),
                }
            }
        }
    };

    // The edits of superseded records.
    let mut edits = Vec::new();
    for old in &targets {
        let old_path = project.root.join(&old.source);
        let original = std::fs::read(&old_path).map_err(|e| {
            AuthorError::setup(
                Diagnostic::error("new", format!("cannot read the record to supersede: {e}"))
                    .in_file(old_path.display().to_string()),
            )
        })?;
        let Ok(old_text) = std::str::from_utf8(&original) else {
            return Err(AuthorError::records(
                Diagnostic::error(
                    "not-utf8",
                    "the record to supersede is not UTF-8 text, so it is left as it is",
                )
                .in_file(old_path.display().to_string())
                .hint("convert it to UTF-8, or mark it superseded by hand"),
            ));
        };
        let new_link = Link {
            id: crate::dialect::id_for(&source),
            number: shown_number,
            title: req.title.split_whitespace().collect::<Vec<_>>().join(" "),
            href: relative_href(&old.source, &source),
        };
        let edited = supersede::supersede(old_text, &new_link);
        if edited != old_text {
            edits.push(Edit {
                path: old_path,
                original,
                text: edited,
            });
        }
    }
    Ok(Plan {
        path,
        text,
        dialect,
        edits,
    })
}

fn bullet_of(folder: &conventions::Folder) -> char {
    let mut stars = 0;
    let mut dashes = 0;
    for t in folder.texts.values() {
        for l in t.lines() {
            let l = l.trim_start();
            if templates::label_prefix(l, "status").is_none() {
                continue;
            }
            if l.starts_with("* ") {
                stars += 1;
            } else if l.starts_with("- ") {
                dashes += 1;
            }
        }
    }
    if dashes > stars { '-' } else { '*' }
}

fn collision(path: &Path) -> Diagnostic {
    Diagnostic::error(
        "file-exists",
        format!(
            "`{}` already exists; hindsight new never overwrites a file",
            path.display()
        ),
    )
    .hint("choose another title (or --number), or move the existing file away first")
}

/// Creates `path` with `text`, failing if it exists (create-new semantics).
pub fn create_new(path: &Path, text: &str) -> Result<(), AuthorError> {
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(AuthorError::records(collision(path)));
        }
        Err(e) => {
            return Err(AuthorError::setup(
                Diagnostic::error("write", format!("cannot create the record: {e}"))
                    .in_file(path.display().to_string()),
            ));
        }
    };
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| {
            let _ = std::fs::remove_file(path);
            AuthorError::setup(
                Diagnostic::error("write", format!("cannot write the record: {e}"))
                    .in_file(path.display().to_string()),
            )
        })
}

/// Replaces the file at `edit.path` through a temporary file in the same folder and a
/// rename, after checking it still holds the bytes the edit was planned from.
fn replace(edit: &Edit) -> Result<(), Box<Diagnostic>> {
    let fail = |msg: String| {
        Box::new(Diagnostic::error("write", msg).in_file(edit.path.display().to_string()))
    };
    let now = std::fs::read(&edit.path).map_err(|e| fail(format!("cannot read: {e}")))?;
    if now != edit.original {
        return Err(fail(
            "the file changed while the new record was written, so it was not edited".into(),
        ));
    }
    // A symbolic link is followed: the file it points at is edited, the link stays.
    let real = std::fs::canonicalize(&edit.path).unwrap_or_else(|_| edit.path.clone());
    let dir = real.parent().unwrap_or(Path::new("."));
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.hindsight-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(edit.text.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(&real) {
            let _ = f.set_permissions(meta.permissions());
        }
        f.sync_all()?;
        std::fs::rename(&tmp, &real)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(format!("cannot write the edited record: {e}"))
    })
}

/// Writes a plan: the new record first (never overwriting), then the edits.
pub fn apply(plan: &Plan) -> Result<Done, AuthorError> {
    create_new(&plan.path, &plan.text)?;
    let mut edited = Vec::new();
    let mut problems = Vec::new();
    for e in &plan.edits {
        match replace(e) {
            Ok(()) => edited.push(e.path.clone()),
            Err(d) => problems.push((*d).hint(format!(
                "{} was written; mark this record superseded by hand",
                plan.path.display()
            ))),
        }
    }
    if !problems.is_empty() {
        return Err(AuthorError::Setup(problems));
    }
    Ok(Done {
        created: plan.path.clone(),
        edited,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_new_never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("0001-x.md");
        std::fs::write(&p, "theirs").unwrap();
        let e = create_new(&p, "ours").unwrap_err();
        assert!(matches!(e, AuthorError::Records(_)));
        assert!(e.diagnostics()[0].message.contains("never overwrites"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "theirs");
    }

    #[cfg(unix)]
    #[test]
    fn edits_go_through_symlinks_and_refuse_files_changed_meanwhile() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real.md");
        let link = tmp.path().join("0001-x.md");
        std::fs::write(&real, "Accepted\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let edit = Edit {
            path: link.clone(),
            original: b"Accepted\n".to_vec(),
            text: "Superseded\n".into(),
        };
        replace(&edit).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "Superseded\n");
        // Planned from "Accepted", but the file now says something else: refused.
        assert!(replace(&edit).is_err());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "Superseded\n");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn relative_hrefs() {
        assert_eq!(relative_href("0002-a.md", "0001-b.md"), "0001-b.md");
        assert_eq!(relative_href("x/0002-a.md", "x/0001-b.md"), "0001-b.md");
        assert_eq!(
            relative_href("x/0002-a.md", "y/0001-b.md"),
            "../y/0001-b.md"
        );
        assert_eq!(relative_href("0002-a.md", "y/0001-b.md"), "y/0001-b.md");
    }
}
