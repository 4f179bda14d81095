//! Writing a plan into the folder safely: the new record's number claimed against other
//! `hindsight new` runs, the new file created with create-new semantics (never
//! overwriting), and each edited record staged beside itself, checked unchanged, and renamed
//! into place only after the new record exists.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{AuthorError, Done, Edit, NewRequest, Plan, conventions, plan_new};
use crate::diagnostic::{Code, Diagnostic};
use crate::project::Project;

/// Plans and writes a new record, claiming its number against other `hindsight new` runs
/// in the same folder at the same time: when another run took the number first, the plan
/// is made again with the next one (a number given with `--number` is never changed).
pub fn new_record(project: &Project, req: &NewRequest) -> Result<Done, AuthorError> {
    let mut req = req.clone();
    for _ in 0..1000 {
        let plan = plan_new(project, &req)?;
        match apply_claimed(&plan)? {
            Some(mut done) => {
                done.elsewhere = plan.elsewhere;
                return Ok(done);
            }
            None if req.number.is_some() => {
                let n = plan.number.unwrap_or_default();
                return Err(AuthorError::records(
                    Diagnostic::error(
                        Code::NumberTaken,
                        format!("number {n} was taken by another record written at the same time"),
                    )
                    .in_file(plan.path.display().to_string())
                    .hint("leave out --number to take the next free one"),
                ));
            }
            None => req.number_from = plan.number.unwrap_or_default().saturating_add(1),
        }
    }
    Err(AuthorError::setup(Diagnostic::error(
        Code::New,
        "could not claim a free number: other runs keep taking them",
    )))
}

/// A claim on a record number, held while the record is created: a file
/// `.hindsight-claim-N` made with create-new, so two runs can never hold the same number.
struct Claim(PathBuf);

impl Drop for Claim {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Claims held longer than this belong to a run that died; they are taken over.
const STALE_CLAIM: std::time::Duration = std::time::Duration::from_secs(30);

impl Claim {
    /// Claims number `n` in `dir`; `None` when another run holds it.
    fn take(dir: &Path, n: u32) -> Result<Option<Claim>, AuthorError> {
        let path = dir.join(format!(".hindsight-claim-{n}"));
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    let _ = write!(f, "{}", std::process::id());
                    return Ok(Some(Claim(path)));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let stale = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > STALE_CLAIM);
                    if !stale {
                        return Ok(None);
                    }
                    let _ = std::fs::remove_file(&path);
                }
                Err(e) => {
                    return Err(AuthorError::setup(
                        Diagnostic::error(Code::Write, format!("cannot claim number {n}: {e}"))
                            .in_file(dir.display().to_string()),
                    ));
                }
            }
        }
        Ok(None)
    }
}

/// [`apply`], claiming the plan's number first; `Ok(None)` when another run holds the
/// number or has written a record with it since the plan was made.
fn apply_claimed(plan: &Plan) -> Result<Option<Done>, AuthorError> {
    let Some(n) = plan.number else {
        return apply(plan).map(Some);
    };
    let dir = plan.path.parent().unwrap_or(Path::new("."));
    let Some(_claim) = Claim::take(dir, n)? else {
        return Ok(None);
    };
    // A run that held the claim before created its record before letting go of it.
    let folder = conventions::scan(dir).map_err(|e| {
        AuthorError::setup(
            Diagnostic::error(Code::New, format!("cannot list the folder: {e}"))
                .in_file(dir.display().to_string()),
        )
    })?;
    if conventions::detect(&folder).taken.contains_key(&n) {
        return Ok(None);
    }
    apply(plan).map(Some)
}

/// The error for a new record whose file exists already.
pub(super) fn collision(path: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::FileExists,
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
                Diagnostic::error(Code::Write, format!("cannot create the record: {e}"))
                    .in_file(path.display().to_string()),
            ));
        }
    };
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| {
            let _ = std::fs::remove_file(path);
            AuthorError::setup(
                Diagnostic::error(Code::Write, format!("cannot write the record: {e}"))
                    .in_file(path.display().to_string()),
            )
        })
}

/// An edit written to a temporary file beside the file it replaces, not yet renamed.
pub(super) struct Staged {
    pub(super) tmp: PathBuf,
    pub(super) real: PathBuf,
}

impl Drop for Staged {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Writes `edit.text` to a temporary file in the folder of the file it replaces (a
/// symbolic link is followed: the file it points at is edited, the link stays), synced.
pub(super) fn stage_edit(edit: &Edit) -> Result<Staged, Box<Diagnostic>> {
    let fail = |msg: String| {
        Box::new(Diagnostic::error(Code::Write, msg).in_file(edit.path.display().to_string()))
    };
    check_unchanged(edit)?;
    let real = std::fs::canonicalize(&edit.path).unwrap_or_else(|_| edit.path.clone());
    let dir = real.parent().unwrap_or(Path::new("."));
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staged = Staged {
        tmp: dir.join(format!(".{name}.hindsight-{}.tmp", std::process::id())),
        real,
    };
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&staged.tmp)?;
        f.write_all(edit.text.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(&staged.real) {
            let _ = f.set_permissions(meta.permissions());
        }
        f.sync_all()
    })();
    result.map_err(|e| fail(format!("cannot write the edited record: {e}")))?;
    Ok(staged)
}

/// Whether the file still holds the bytes the edit was planned from.
pub(super) fn check_unchanged(edit: &Edit) -> Result<(), Box<Diagnostic>> {
    let now = std::fs::read(&edit.path).map_err(|e| {
        Box::new(
            Diagnostic::error(Code::Write, format!("cannot read: {e}"))
                .in_file(edit.path.display().to_string()),
        )
    })?;
    if now != edit.original {
        return Err(Box::new(
            Diagnostic::error(
                Code::EditedMeanwhile,
                "the file changed while the new record was written, so nothing was written",
            )
            .in_file(edit.path.display().to_string())
            .hint("run `hindsight new` again; your edit is kept"),
        ));
    }
    Ok(())
}

/// Writes a plan: every edit staged and synced, the new record created (never
/// overwriting), then each edited file checked again right before its rename. A file
/// changed by someone else meanwhile (an editor saving) is never overwritten: nothing is
/// written, the new record is removed again, and the error says so (exit 2).
pub fn apply(plan: &Plan) -> Result<Done, AuthorError> {
    let mut staged = Vec::new();
    for e in &plan.edits {
        staged.push(stage_edit(e).map_err(|d| AuthorError::Setup(vec![*d]))?);
    }
    create_new(&plan.path, &plan.text)?;
    let undo_new = |d: Diagnostic| {
        let _ = std::fs::remove_file(&plan.path);
        AuthorError::Setup(vec![d])
    };
    // The last check before the renames, all at once, so that a change found here leaves
    // every file as it was.
    for e in &plan.edits {
        check_unchanged(e).map_err(|d| undo_new(*d))?;
    }
    let mut edited = Vec::new();
    for (e, s) in plan.edits.iter().zip(&staged) {
        std::fs::rename(&s.tmp, &s.real).map_err(|err| {
            undo_new(
                Diagnostic::error(
                    Code::Write,
                    format!("cannot write the edited record: {err}"),
                )
                .in_file(e.path.display().to_string()),
            )
        })?;
        edited.push(e.path.clone());
    }
    Ok(Done {
        created: plan.path.clone(),
        edited,
        elsewhere: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::conventions::WriteDialect;
    use super::*;

    #[test]
    fn a_number_is_claimed_by_one_run_at_a_time_and_a_dead_runs_claim_is_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let first = Claim::take(tmp.path(), 7).unwrap();
        assert!(first.is_some());
        assert!(Claim::take(tmp.path(), 7).unwrap().is_none());
        assert!(Claim::take(tmp.path(), 8).unwrap().is_some());
        drop(first);
        assert!(!tmp.path().join(".hindsight-claim-7").exists());
        let again = Claim::take(tmp.path(), 7).unwrap();
        assert!(again.is_some());
        // A claim older than STALE_CLAIM belongs to a run that died.
        let old = std::time::SystemTime::now() - STALE_CLAIM * 2;
        std::fs::File::options()
            .write(true)
            .open(tmp.path().join(".hindsight-claim-7"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        std::mem::forget(again);
        assert!(Claim::take(tmp.path(), 7).unwrap().is_some());
    }

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
        let plan = |n: &str| Plan {
            number: None,
            path: tmp.path().join(n),
            text: "# New\n".into(),
            dialect: WriteDialect::Native,
            edits: vec![edit.clone()],
            elsewhere: Vec::new(),
        };
        apply(&plan("0002-new.md")).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "Superseded\n");
        // Planned from "Accepted", but the file now says something else: refused.
        assert!(apply(&plan("0003-new.md")).is_err());
        assert!(!tmp.path().join("0003-new.md").exists());
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
}
