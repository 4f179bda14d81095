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

pub mod adr_dir;
mod apply;
pub mod conventions;
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
use crate::url_path::relative_href;
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
            match hit {
                Lookup::Found(i) => Some(Record::clone(&records[i])),
                Lookup::Ambiguous(is) => {
                    let list: Vec<String> = is
                        .iter()
                        .map(|&i| format!("`{}` ({})", records[i].id, records[i].title))
                        .collect();
                    problems.push(
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
                        )),
                    );
                    None
                }
                Lookup::UnknownPackage(p) => {
                    let names: Vec<String> = loaded
                        .model
                        .index
                        .packages()
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect();
                    problems.push(
                        Diagnostic::error(
                            Code::UnknownPackage,
                            format!("`{flag} {text}`: no source provides package `{p}`"),
                        )
                        .hint(if names.is_empty() {
                            "add the other repository as a `[[sources]] git = ...` entry in hindsight.toml".to_string()
                        } else {
                            format!("the packages are {}", names.join(", "))
                        }),
                    );
                    None
                }
                Lookup::MissingInPackage(p) => {
                    problems.push(Diagnostic::error(
                        Code::UnknownReference,
                        format!(
                            "`{flag} {text}`: no record of package `{p}` has this number or id"
                        ),
                    ));
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
                            Code::UnknownReference,
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
                        Code::NumberTaken,
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
        None => conv.next_number().max(req.number_from),
    };
    let name = conv.naming.file_name(number, req.date, &req.title);
    let path = req.dir.join(&name);
    if path.exists() || path.symlink_metadata().is_ok() {
        return Err(AuthorError::records(collision(&path)));
    }
    let source = in_dir(&name);
    let shown_number = conv.naming.numbered.then_some(number);

    // References.
    let Named {
        targets,
        reviewed,
        linked,
    } = named_records(project, req, &source)?;

    // A record of another repository (a git source) is named `package#rest` and never
    // edited: the line to add there is printed instead.
    let remote_of = |r: &Record| -> Option<(&crate::federation::Fetched, String)> {
        let f = project
            .fetched
            .iter()
            .find(|f| r.package.as_deref() == Some(f.package.as_str()))?;
        let rest = r.id.strip_prefix(&format!("{}/", f.package))?;
        Some((f, rest.to_string()))
    };
    // A record of another site (a JSON source): named `package#rest`, linked to its page
    // there, never edited.
    let site_of = |r: &Record| -> Option<(&crate::federation::json::Site, String)> {
        let s = project
            .sites
            .sites
            .iter()
            .find(|s| r.package.as_deref() == Some(s.package.as_str()))?;
        let rest = r.id.strip_prefix(&format!("{}/", s.package))?;
        Some((s, rest.to_string()))
    };
    let link_to = |r: &Record| match (remote_of(r), site_of(r)) {
        (None, Some((s, rest))) => Link {
            id: format!("{}#{rest}", s.package),
            number: r.number,
            title: r.title.clone(),
            href: r
                .home
                .clone()
                .unwrap_or_else(|| format!("{}#{rest}", s.package)),
        },
        (Some((f, rest)), _) => Link {
            id: format!("{}#{rest}", f.package),
            number: r.number,
            title: r.title.clone(),
            href: r
                .source
                .strip_prefix(&format!("{}/", f.package))
                .and_then(|file| f.blob_url(file))
                .unwrap_or_else(|| format!("{}#{rest}", f.package)),
        },
        (None, None) => Link {
            id: r.id.clone(),
            number: r.number,
            title: r.title.clone(),
            href: relative_href(&source, &r.source),
        },
    };
    // How the other repository names the new record: this folder's package, else the
    // name of the folder holding hindsight.toml.
    let home = project
        .dirs
        .iter()
        .find_map(|d| d.package.clone())
        .or_else(|| {
            let dir = &project.config.dir;
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir.as_path()
            };
            dir.canonicalize()
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "home".to_string());
    let new_ref = format!("{home}#{}", crate::dialect::id_for(&source));
    let mut elsewhere: Vec<(String, String)> = Vec::new();
    let where_in = |f: &crate::federation::Fetched, r: &Record| {
        let file = r
            .source
            .strip_prefix(&format!("{}/", f.package))
            .unwrap_or(&r.source);
        let path = if f.path.is_empty() {
            file.to_string()
        } else {
            format!("{}/{file}", f.path)
        };
        format!("{path} in {} ({})", f.package, f.git)
    };
    let where_on = |s: &crate::federation::json::Site, rest: &str| {
        format!("{rest} in {} ({})", s.package, s.json)
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

    let text = if req.applies_to.is_empty() {
        text
    } else {
        templates::with_applies_to(&text, &req.applies_to).ok_or_else(|| {
            AuthorError::setup(
                Diagnostic::error(
                    Code::Usage,
                    "this folder's records have no front matter to write `applies_to` in",
                )
                .hint("add `applies_to: [glob, ...]` in a front matter block by hand, or use a folder of native or MADR 3+ records"),
            )
        })?
    };

    // Named links, in the new record's own dialect.
    let mut text = text;
    for (l, r) in &linked {
        text = named_link::add_or_refuse(&text, &l.link, &link_to(r), &path)?;
    }

    // The edits of superseded records.
    let mut edits: Vec<Edit> = Vec::new();
    for old in &targets {
        if let Some((f, _)) = remote_of(old) {
            elsewhere.push((where_in(f, old), format!("superseded_by: [{new_ref}]")));
            continue;
        }
        if let Some((s, rest)) = site_of(old) {
            elsewhere.push((where_on(s, &rest), format!("superseded_by: [{new_ref}]")));
            continue;
        }
        let old_path = project.root.join(&old.source);
        let original = std::fs::read(&old_path).map_err(|e| {
            AuthorError::setup(
                Diagnostic::error(
                    Code::New,
                    format!("cannot read the record to supersede: {e}"),
                )
                .in_file(old_path.display().to_string()),
            )
        })?;
        let Ok(old_text) = std::str::from_utf8(&original) else {
            return Err(AuthorError::records(
                Diagnostic::error(
                    Code::NotUtf8,
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
    // The reverse words of each named link, in the target's own dialect.
    for (l, old) in &linked {
        if let Some((f, _)) = remote_of(old) {
            let line = if l.reverse.eq_ignore_ascii_case("relates to") {
                format!("relates: [{new_ref}]")
            } else {
                format!("{} {new_ref}", l.reverse)
            };
            elsewhere.push((where_in(f, old), line));
            continue;
        }
        if let Some((s, rest)) = site_of(old) {
            let line = if l.reverse.eq_ignore_ascii_case("relates to") {
                format!("relates: [{new_ref}]")
            } else {
                format!("{} {new_ref}", l.reverse)
            };
            elsewhere.push((where_on(s, &rest), line));
            continue;
        }
        let old_path = project.root.join(&old.source);
        let back = Link {
            id: crate::dialect::id_for(&source),
            number: shown_number,
            title: req.title.split_whitespace().collect::<Vec<_>>().join(" "),
            href: relative_href(&old.source, &source),
        };
        let at = match edits.iter().position(|e| e.path == old_path) {
            Some(i) => i,
            None => {
                let (original, text) = named_link::read_record(&old_path)?;
                edits.push(Edit {
                    path: old_path.clone(),
                    original,
                    text,
                });
                edits.len() - 1
            }
        };
        edits[at].text = named_link::add_or_refuse(&edits[at].text, &l.reverse, &back, &old_path)?;
    }
    edits.retain(|e| e.text.as_bytes() != e.original.as_slice());
    Ok(Plan {
        number: shown_number,
        path,
        text,
        dialect,
        edits,
        elsewhere,
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
