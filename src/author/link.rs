//! `hindsight link SOURCE LINK TARGET REVERSE`, as `adr link`: a named link written on two
//! existing records (LINK on SOURCE, REVERSE on TARGET, each in its own dialect), planned in full before anything is written and written as `new` writes its
//! edits (staged, checked unchanged, renamed into place).

use std::path::PathBuf;

use super::named_link::{add_or_refuse, read_record};
use super::templates::Link;
use super::{AuthorError, Edit, check_unchanged, relative_href, stage_edit};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::project::Project;
use crate::record::Record;
use crate::resolve::Lookup;

/// Writes `link` from the record `source` to `target` and `reverse` back; returns the
/// files edited (none when both lines are already there).
pub fn link_records(
    project: &Project,
    source: &str,
    link: &str,
    target: &str,
    reverse: &str,
    today: Date,
) -> Result<Vec<PathBuf>, AuthorError> {
    let loaded = crate::load(project, today, None);
    let records: Vec<Record> = loaded
        .model
        .records
        .iter()
        .map(|r| (*r.record).clone())
        .collect();
    let find = |text: &str, what: &str| -> Result<Record, Diagnostic> {
        let from = Record::default();
        match loaded.model.index.lookup(&records, &from, text) {
            Lookup::Found(i) => Ok(records[i].clone()),
            Lookup::Missing => super::stub::by_number(&loaded.model.skipped, text, &project.root)
                .ok_or_else(|| {
                    Diagnostic::error(
                        Code::UnknownReference,
                        format!("{what} `{text}`: no record has this number, id or path"),
                    )
                    .hint("give a number, an id or a path (`hindsight list` lists them)")
                }),
            Lookup::Ambiguous(is) => Err(Diagnostic::error(
                Code::AmbiguousReference,
                format!(
                    "{what} `{text}` is ambiguous: it names {}",
                    is.iter()
                        .map(|&i| format!("`{}`", records[i].id))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            )
            .hint("name one by its id")),
            Lookup::UnknownPackage(p) => Err(Diagnostic::error(
                Code::UnknownPackage,
                format!("{what} `{text}`: no source provides package `{p}`"),
            )),
            Lookup::MissingInPackage(p) => Err(Diagnostic::error(
                Code::UnknownReference,
                format!("{what} `{text}`: no record of package `{p}` has this number or id"),
            )),
        }
    };
    let (a, b) = match (find(source, "source"), find(target, "target")) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            return Err(AuthorError::Records(
                [a.err(), b.err()].into_iter().flatten().collect(),
            ));
        }
    };
    if a.source == b.source {
        return Err(AuthorError::records(Diagnostic::error(
            Code::SelfReference,
            format!("`{source}` and `{target}` are the same record"),
        )));
    }
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let to = |from: &Record, r: &Record| Link {
        id: r.id.clone(),
        number: r.number,
        title: r.title.clone(),
        href: relative_href(&from.source, &r.source),
    };
    let mut edits = Vec::new();
    for (from, other, words) in [(&a, &b, words(link)), (&b, &a, words(reverse))] {
        let path = project.root.join(&from.source);
        let (original, text) = read_record(&path)?;
        let text = add_or_refuse(&text, &words, &to(from, other), &path)?;
        if text.as_bytes() != original.as_slice() {
            edits.push(Edit {
                path,
                original,
                text,
            });
        }
    }
    apply_edits(&edits)
}

/// Writes edits of existing records: all staged first, each checked unchanged right before
/// the renames, so a file changed meanwhile leaves every file as it was.
fn apply_edits(edits: &[Edit]) -> Result<Vec<PathBuf>, AuthorError> {
    let mut staged = Vec::new();
    for e in edits {
        staged.push(stage_edit(e).map_err(|d| AuthorError::Setup(vec![*d]))?);
    }
    for e in edits {
        check_unchanged(e).map_err(|d| AuthorError::Setup(vec![*d]))?;
    }
    let mut done = Vec::new();
    for (e, s) in edits.iter().zip(&staged) {
        std::fs::rename(&s.tmp, &s.real).map_err(|err| {
            AuthorError::setup(
                Diagnostic::error(
                    Code::Write,
                    format!("cannot write the edited record: {err}"),
                )
                .in_file(e.path.display().to_string()),
            )
        })?;
        done.push(e.path.clone());
    }
    Ok(done)
}
