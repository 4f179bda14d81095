//! `hindsight init`: a records folder, an optional `hindsight.toml`, and a first record
//! that explains the practice, in the dialect the team wants.

use std::path::{Path, PathBuf};

use super::conventions::WriteDialect;
use super::templates::yaml_str;
use super::{AuthorError, create_new};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};

/// What `hindsight init` was asked for.
#[derive(Debug, Clone)]
pub struct InitRequest {
    /// The folder the project lives in (where `hindsight.toml` goes).
    pub base: PathBuf,
    /// The records folder, relative to `base` (default: per dialect).
    pub dir: Option<PathBuf>,
    pub dialect: WriteDialect,
    pub date: Date,
    /// Write `hindsight.toml` (when there is none).
    pub config: bool,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct InitDone {
    pub dir: PathBuf,
    pub created: Vec<PathBuf>,
    /// Files that existed and were left alone.
    pub kept: Vec<PathBuf>,
}

/// The usual folder of each dialect.
pub fn default_dir(dialect: WriteDialect) -> &'static str {
    match dialect {
        WriteDialect::Native => "decisions",
        WriteDialect::Madr | WriteDialect::MadrBullets => "docs/decisions",
        WriteDialect::AdrTools => "doc/adr",
    }
}

/// The first record's title.
pub const FIRST_TITLE: &str = "Record decisions with hindsight";

const WHY: &str = "We make decisions about architecture, tools and process every week. \
Months later nobody remembers which options were on the table, what we gave up, \
or whether the decision still holds, and new people cannot find out.";

const HOW: &str = "We keep one short record per significant decision in this folder, \
committed and reviewed with the code it affects. Each record names the options we weighed \
with their pros and cons, the trade-offs we accept, the outcome, and a date on which to \
look at the decision again.\n\n\
- Start a record with `hindsight new \"Title\"`; it takes the next number and this \
folder's format. Open it as a pull request with status proposed; merge it as accepted.\n\
- Records are not rewritten when a decision changes: write a new one with \
`hindsight new \"Title\" --supersedes N`, which marks record N superseded.\n\
- When a revisit date comes up (`hindsight due` lists them), write a retrospective with \
`hindsight new \"Title\" --reviews N` and say whether the decision held up, was revised or \
was reversed.\n\
- `hindsight check` reports problems in the records, and `hindsight build` turns the folder \
into a searchable site.";

const CONSEQUENCES: &str = "Writing a record takes a few minutes per decision. In return, \
the reasons behind our systems stay findable, superseded decisions point to what replaced \
them, and decisions due for a second look are listed instead of forgotten.";

/// The JSON Schema `init` writes beside native records (what `hindsight schema` prints), and
/// that the first record's `# yaml-language-server: $schema=` line points editors at.
pub const SCHEMA_FILE: &str = "record.schema.json";

/// The first record in `dialect`.
pub fn first_record(dialect: WriteDialect, date: Date) -> String {
    let revisit = date.add_days(365);
    match dialect {
        WriteDialect::Native => format!(
            "---\n{modeline}\ntitle: {title}\nstatus: accepted\ndate: {date}\ntags: [process]\n\
options:\n\
\x20 - name: Decision records in the repository\n\
\x20   summary: One markdown file per decision, next to the code\n\
\x20   pros: [Reviewed like code, Versioned with what it decides, Works offline]\n\
\x20   cons: [Needs a habit of writing them]\n\
\x20 - name: A wiki page\n\
\x20   pros: [Easy to edit]\n\
\x20   cons: [Drifts from the code, No review, Hard to find later]\n\
\x20 - name: No written record\n\
\x20   pros: [No effort now]\n\
\x20   cons: [Reasons are lost when people move on]\n\
tradeoffs:\n\
\x20 - favor: a lasting, reviewed record\n\
\x20   over: speed of deciding\n\
\x20   why: A few minutes of writing saves hours of rediscovering why.\n\
outcome:\n\
\x20 chosen: Decision records in the repository\n\
\x20 rationale: They are reviewed, versioned and searchable, and cost little to write.\n\
revisit:\n\
\x20 date: {revisit}\n\
\x20 when: records stop being written or read\n\
---\n\n## Context\n\n{WHY}\n\n## Decision\n\n{HOW}\n\n## Consequences\n\n{CONSEQUENCES}\n",
            title = yaml_str(FIRST_TITLE),
            modeline = crate::dialect::schema::modeline(SCHEMA_FILE),
        ),
        WriteDialect::Madr => format!(
            "---\nstatus: accepted\ndate: {date}\nrevisit: {revisit}\n---\n\n# {FIRST_TITLE}\n\n\
## Context and Problem Statement\n\n{WHY}\n\n\
## Considered Options\n\n\
* Decision records in the repository\n* A wiki page\n* No written record\n\n\
## Decision Outcome\n\n\
Chosen option: \"Decision records in the repository\", because they are reviewed, \
versioned and searchable, and cost little to write.\n\n{HOW}\n\n\
### Consequences\n\n\
* Good, because {CONSEQUENCES_LC}\n\
* Bad, because writing a record takes a few minutes per decision.\n\n\
## Pros and Cons of the Options\n\n\
### Decision records in the repository\n\n\
* Good, because they are reviewed like code and versioned with it\n\
* Bad, because they need a habit of writing them\n\n\
### A wiki page\n\n\
* Good, because it is easy to edit\n\
* Bad, because it drifts from the code and is hard to find later\n\n\
### No written record\n\n\
* Good, because it takes no effort now\n\
* Bad, because the reasons are lost when people move on\n",
            CONSEQUENCES_LC = "the reasons behind our systems stay findable and decisions due for a second look are listed",
        ),
        WriteDialect::MadrBullets => format!(
            "# {FIRST_TITLE}\n\n* Status: accepted\n* Date: {date}\n\n\
## Context and Problem Statement\n\n{WHY}\n\n\
## Considered Options\n\n\
* Decision records in the repository\n* A wiki page\n* No written record\n\n\
## Decision Outcome\n\n\
Chosen option: \"Decision records in the repository\", because they are reviewed, \
versioned and searchable, and cost little to write.\n\n{HOW}\n\n\
## Pros and Cons of the Options\n\n\
### Decision records in the repository\n\n\
* Good, because they are reviewed like code and versioned with it\n\
* Bad, because they need a habit of writing them\n\n\
### A wiki page\n\n\
* Good, because it is easy to edit\n\
* Bad, because it drifts from the code and is hard to find later\n\n\
## Links\n\n* Revisit by {revisit}\n"
        ),
        WriteDialect::AdrTools => format!(
            "# 1. {FIRST_TITLE}\n\nDate: {date}\n\n## Status\n\nAccepted\n\n\
## Context\n\n{WHY}\n\n## Decision\n\n{HOW}\n\n## Consequences\n\n{CONSEQUENCES}\n\n\
Revisit by {revisit}.\n"
        ),
    }
}

/// The file name of the first record.
pub fn first_file_name() -> String {
    super::conventions::Naming::default().file_name(
        1,
        Date::parse_iso("2000-01-01").unwrap_or_else(Date::today),
        FIRST_TITLE,
    )
}

/// The text of a new `hindsight.toml` for records in `dir`.
pub fn config_text(dir: &str) -> String {
    format!(
        "# hindsight configuration. Every key is optional; see `hindsight --help`.\n\
title = \"Decisions\"\n\
# base_url = \"https://example.org/decisions/\"   # for feeds and calendars\n\
# repo_url = \"https://github.com/org/repo\"       # for \"edit this file\" links\n\
# branch = \"main\"\n\
# output = \"site\"\n\
# due_window = 30                                  # days ahead a revisit counts as due\n\
# require_revisit = true                           # warn about accepted decisions with no revisit date\n\n\
[[sources]]\n\
path = {}\n\n\
# [statuses]                                       # extra status words\n\
# \"in review\" = \"proposed\"\n",
        toml_str(dir)
    )
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> AuthorError {
    AuthorError::Setup(vec![
        Diagnostic::error(Code::Init, format!("cannot {what}: {e}"))
            .in_file(path.display().to_string()),
    ])
}

/// Sets up a records folder. Refuses a folder that already holds records.
pub fn init(req: &InitRequest) -> Result<InitDone, AuthorError> {
    let rel = req
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_dir(req.dialect)));
    let dir = if rel.is_absolute() {
        rel.clone()
    } else {
        req.base.join(&rel)
    };
    let mut done = InitDone {
        dir: dir.clone(),
        ..InitDone::default()
    };
    if dir.is_dir() {
        let folder =
            super::conventions::scan(&dir).map_err(|e| io_error(&dir, "list the folder", e))?;
        if !folder.texts.is_empty() {
            return Err(AuthorError::Setup(vec![
                Diagnostic::error(
                    Code::Init,
                    format!(
                        "`{}` already holds {} markdown file(s); nothing was changed",
                        dir.display(),
                        folder.texts.len()
                    ),
                )
                .hint("use `hindsight new \"Title\"` to add a record to it"),
            ]));
        }
    } else if dir.exists() {
        return Err(AuthorError::Setup(vec![
            Diagnostic::error(
                Code::Init,
                format!("`{}` exists and is not a folder", dir.display()),
            )
            .hint("pass another folder: `hindsight init DIR`"),
        ]));
    }
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, "create the folder", e))?;

    let first = dir.join(first_file_name());
    create_new(&first, &first_record(req.dialect, req.date))?;
    done.created.push(first);
    if req.dialect == WriteDialect::Native {
        let schema = dir.join(SCHEMA_FILE);
        create_new(&schema, &crate::dialect::schema::text())?;
        done.created.push(schema);
    }

    let rel_text = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    if req.dialect == WriteDialect::AdrTools && rel_text != "doc/adr" && !rel.is_absolute() {
        let adr_dir = req.base.join(".adr-dir");
        if adr_dir.exists() {
            done.kept.push(adr_dir);
        } else {
            create_new(&adr_dir, &format!("{rel_text}\n"))?;
            done.created.push(adr_dir);
        }
    }
    if req.config {
        let config = req.base.join(crate::config::FILE_NAME);
        if config.exists() {
            done.kept.push(config);
        } else {
            create_new(&config, &config_text(&rel_text))?;
            done.created.push(config);
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_written_is_valid() {
        let c = crate::config::Config::parse(&config_text("docs/my \"adr\""), "hindsight.toml")
            .unwrap();
        assert_eq!(c.sources[0].path, PathBuf::from("docs/my \"adr\""));
        assert_eq!(c.title, "Decisions");
    }

    #[test]
    fn first_file_name_is_numbered_one() {
        assert_eq!(first_file_name(), "0001-record-decisions-with-hindsight.md");
    }
}
