//! Writing records: `hindsight init` and `hindsight new`.
//!
//! Reading copes with anything; writing must pick one shape, the one the folder already
//! uses. [`conventions`] detects it (naming scheme and dialect, or the folder's own
//! template), [`templates`] writes the new text, [`supersede`] edits an old record with
//! the smallest change in its own dialect. This module plans the change first (nothing
//! is written while anything is still in doubt); `apply.rs` then writes it safely: the new
//! file is created with create-new semantics (a race never overwrites), and edited records
//! are written through a temporary file in the same folder and renamed into place, only
//! after the new record exists.

mod addresses;
pub mod adr_dir;
mod apply;
pub mod conventions;
mod edits;
pub mod init;
pub mod link;
pub mod named_link;
pub mod page_front;
pub mod slug;
pub mod stub;
pub mod supersede;
pub mod templates;

use std::path::{Path, PathBuf};

use apply::collision;
pub use apply::{apply, create_new, new_record};

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::project::Project;
use crate::record::Record;
use crate::resolve::Lookup;
use addresses::Addresses;
use conventions::WriteDialect;
use templates::NewRecord;

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
    /// The next free number is at least this (after a concurrent `new` took one).
    pub number_from: u32,
    /// Named links to other records (`--link`, `--amends`, `--relates`).
    pub links: Vec<named_link::NamedLink>,
    /// Globs of the paths the decision governs (`applies_to`).
    pub applies_to: Vec<String>,
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
    /// The number the record takes, when the folder numbers its records.
    pub number: Option<u32>,
    pub path: PathBuf,
    pub text: String,
    pub dialect: WriteDialect,
    pub edits: Vec<Edit>,
    /// Lines to add by hand in records of other repositories (`[[sources]] git`), which
    /// `new` cannot edit: (where, line).
    pub elsewhere: Vec<(String, String)>,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Done {
    pub created: PathBuf,
    pub edited: Vec<PathBuf>,
    /// Lines to add by hand in other repositories: (where, line).
    pub elsewhere: Vec<(String, String)>,
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

/// The records `hindsight new` names: those it supersedes, the one it reviews, and the
/// targets of its named links.
struct Named<'r> {
    targets: Vec<Record>,
    reviewed: Option<Record>,
    linked: Vec<(&'r named_link::NamedLink, Record)>,
}

/// Finds the records `req` names (`--supersedes`, `--reviews`, named links) among the
/// project's records, as the new record at `source` would name them: by path, number or
/// id, or a stub by its number. Every name that finds nothing, or more than one record, is
/// an error with a suggestion.
fn named_records<'r>(
    project: &Project,
    req: &'r NewRequest,
    source: &str,
) -> Result<Named<'r>, AuthorError> {
    let mut targets: Vec<Record> = Vec::new();
    let mut reviewed: Option<Record> = None;
    let mut linked: Vec<(&named_link::NamedLink, Record)> = Vec::new();
    if !req.supersedes.is_empty() || req.reviews.is_some() || !req.links.is_empty() {
        let loaded = crate::load(project, req.date, None);
        let records: Vec<std::sync::Arc<Record>> = loaded
            .model
            .records
            .iter()
            .map(|r| std::sync::Arc::clone(&r.record))
            .collect();
        let from = Record {
            id: crate::dialect::id_for(source),
            source: source.to_string(),
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
            // A stub is left out of the site, but found by number here.
            if matches!(hit, Lookup::Missing)
                && let Some(stub) = stub::by_number(&loaded.model.skipped, text, &project.root)
            {
                return Some(stub);
            }
            let index = &loaded.model.index;
            match found_or_problem(hit, text, flag, &records, index, &project.root) {
                Ok(i) => Some(Record::clone(&records[i])),
                Err(problem) => {
                    problems.push(problem);
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
        for l in &req.links {
            if let Some(r) = find(&l.target, l.flag) {
                linked.push((l, r));
            }
        }
        if !problems.is_empty() {
            return Err(AuthorError::Records(problems));
        }
    }
    Ok(Named {
        targets,
        reviewed,
        linked,
    })
}

/// The record `flag text` found, or the error when it found none or more than one, with a
/// suggestion.
fn found_or_problem(
    hit: Lookup,
    text: &str,
    flag: &str,
    records: &[std::sync::Arc<Record>],
    index: &crate::resolve::Index,
    root: &Path,
) -> Result<usize, Diagnostic> {
    Err(match hit {
        Lookup::Found(i) => return Ok(i),
        Lookup::Ambiguous(is) => {
            let list: Vec<String> = is
                .iter()
                .map(|&i| format!("`{}` ({})", records[i].id, records[i].title))
                .collect();
            Diagnostic::error(
                Code::AmbiguousReference,
                format!(
                    "`{flag} {text}` is ambiguous: it names {}",
                    list.join(" and ")
                ),
            )
            .hint(format!(
                "name one by its id, for example `{flag} {}`",
                records[is[0]].id
            ))
        }
        Lookup::UnknownPackage(p) => {
            let names: Vec<String> = index.packages().iter().map(|p| format!("`{p}`")).collect();
            Diagnostic::error(
                Code::UnknownPackage,
                format!("`{flag} {text}`: no source provides package `{p}`"),
            )
            .hint(if names.is_empty() {
                "add the other repository as a `[[sources]] git = ...` entry in hindsight.toml"
                    .to_string()
            } else {
                format!("the packages are {}", names.join(", "))
            })
        }
        Lookup::MissingInPackage(p) => Diagnostic::error(
            Code::UnknownReference,
            format!("`{flag} {text}`: no record of package `{p}` has this number or id"),
        ),
        Lookup::Missing => {
            let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
            let hint = match crate::near_miss::suggest(text, &ids) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "give a number, an id or a path of a record in {} (`hindsight export` lists them)",
                    root.display()
                ),
            };
            Diagnostic::error(
                Code::UnknownReference,
                format!("`{flag} {text}`: no record has this number, id or path"),
            )
            .hint(hint)
        }
    })
}

/// Plans `hindsight new`: detects the folder's conventions, resolves references, and
/// computes the new record and the edits. Writes nothing.
pub fn plan_new(project: &Project, req: &NewRequest) -> Result<Plan, AuthorError> {
    if !req.dir.is_dir() {
        return Err(AuthorError::setup(
            Diagnostic::error(
                Code::New,
                format!("`{}` is not a folder", req.dir.display()),
            )
            .hint("run `hindsight init` to create one, or pass `--dir`"),
        ));
    }
    let folder = conventions::scan(&req.dir).map_err(|e| {
        AuthorError::setup(
            Diagnostic::error(Code::New, format!("cannot list the folder: {e}"))
                .in_file(req.dir.display().to_string()),
        )
    })?;
    let mut conv = conventions::detect(&folder);
    if folder.texts.is_empty() && folder.template.is_none() && adr_dir::named_by_adr_tools(&req.dir)
    {
        conv.dialect = WriteDialect::AdrTools;
    }
    let number = number_of(&conv, req)?;
    let name = conv.naming.file_name(number, req.date, &req.title);
    let path = req.dir.join(&name);
    if path.exists() || path.symlink_metadata().is_ok() {
        return Err(AuthorError::records(collision(&path)));
    }
    let source = match rel_below(&project.root, &req.dir).unwrap_or_default() {
        dir if dir.is_empty() => name,
        dir => format!("{dir}/{name}"),
    };
    let shown_number = conv.naming.numbered.then_some(number);
    let Named {
        targets,
        reviewed,
        linked,
    } = named_records(project, req, &source)?;
    let at = Addresses::new(project, &source);

    let (mut text, dialect) = new_text(
        req,
        &folder,
        &conv,
        shown_number,
        &at,
        &targets,
        reviewed.as_ref(),
    )?;
    // Named links, in the new record's own dialect.
    for (l, r) in &linked {
        text = named_link::add_or_refuse(&text, &l.link, &at.link_to(r), &path)?;
    }
    let edits::Edits { edits, elsewhere } =
        edits::plan(project, &at, shown_number, &req.title, &targets, &linked)?;
    Ok(Plan {
        number: shown_number,
        path,
        text,
        dialect,
        edits,
        elsewhere,
    })
}

/// The number the new record takes: the one asked for, refused when taken, else the next
/// free one.
fn number_of(conv: &conventions::Conventions, req: &NewRequest) -> Result<u32, AuthorError> {
    let Some(n) = req.number else {
        return Ok(conv.next_number().max(req.number_from));
    };
    match conv.taken.get(&n) {
        None => Ok(n),
        Some(files) => Err(AuthorError::records(
            Diagnostic::error(
                Code::NumberTaken,
                format!(
                    "number {n} is already taken by {}; hindsight new never writes a second record with the same number",
                    files.join(", ")
                ),
            )
            .in_file(req.dir.display().to_string())
            .hint(format!("leave out --number to take the next free one ({})", conv.next_number())),
        )),
    }
}

/// The text of the new record and its dialect: a retrospective of `reviewed`, else the
/// folder's own template or the built-in one of its dialect, with `applies_to` when asked.
fn new_text(
    req: &NewRequest,
    folder: &conventions::Folder,
    conv: &conventions::Conventions,
    shown_number: Option<u32>,
    at: &Addresses,
    targets: &[Record],
    reviewed: Option<&Record>,
) -> Result<(String, WriteDialect), AuthorError> {
    let (text, dialect) = if let Some(old) = reviewed {
        (
            templates::retrospective(
                &req.title,
                &at.link_to(old),
                req.date,
                req.date.add_days(365),
            ),
            WriteDialect::Native,
        )
    } else {
        let new = NewRecord {
            title: req.title.clone(),
            number: shown_number,
            date: req.date,
            revisit: req.date.add_days(365),
            supersedes: targets.iter().map(|r| at.link_to(r)).collect(),
            bullet: bullet_of(folder),
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
    if req.applies_to.is_empty() {
        return Ok((text, dialect));
    }
    let text = templates::with_applies_to(&text, &req.applies_to).ok_or_else(|| {
        AuthorError::setup(
            Diagnostic::error(
                Code::Usage,
                "this folder's records have no front matter to write `applies_to` in",
            )
            .hint("add `applies_to: [glob, ...]` in a front matter block by hand, or use a folder of native or MADR 3+ records"),
        )
    })?;
    Ok((text, dialect))
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
