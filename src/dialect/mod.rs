//! Dialects: the ways teams write decision records, and how each is read into a [`Record`].
//!
//! [`read`] looks at one file and decides whether it is a record and in which dialect it
//! is written, then fills a [`Record`]. Everything here is a plain function over text: no I/O.
//!
//! Dialects read: `native` (docs/contract.md §1 front matter), `adr-tools` (Nygard: `# N. Title`,
//! `Date:`, `## Status`), `madr2` and `log4brains` (`* Status:` bullets), `madr3` and
//! `madr4` (YAML front matter with MADR keys), and `docs` (Docusaurus, Jekyll, KEP front
//! matter). All share one reader ([`reader`]); detection only names the dialect.

mod body_fields;
mod body_metadata;
mod detect;
pub mod filename;
pub mod front_matter;
pub mod links;
pub mod madr;
pub mod native;
pub mod reader;
pub mod schema;
mod stub;
mod title;

use crate::diagnostic::Diagnostic;
use crate::record::{Record, Skipped};
use crate::status::ExtraWords;

/// The ways of writing a record that hindsight reads (see the module comment). `as_str` is
/// the name `decisions.json` gives as a record's `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dialect {
    /// hindsight's own front matter (docs/contract.md §1).
    #[default]
    Native,
    /// adr-tools / Nygard: `# N. Title`, `Date:`, `## Status`.
    AdrTools,
    /// MADR 2: `* Status:` bullets under the title.
    Madr2,
    /// MADR 3: YAML front matter with MADR keys and sections.
    Madr3,
    /// MADR 4: as MADR 3, with `decision-makers` or a `Confirmation` section.
    Madr4,
    /// log4brains: MADR 2 bullets in a `YYYYMMDD-` file.
    Log4brains,
    /// Docs-site front matter (Docusaurus, Jekyll, KEP, GOV.UK pages).
    Docs,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Native => "native",
            Dialect::AdrTools => "adr-tools",
            Dialect::Madr2 => "madr2",
            Dialect::Madr3 => "madr3",
            Dialect::Madr4 => "madr4",
            Dialect::Log4brains => "log4brains",
            Dialect::Docs => "docs",
        }
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What reading one file gave.
#[derive(Debug)]
pub struct Reading {
    pub read_as: ReadAs,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a file was found to be: a record, or a file skipped with the reason it is not one.
#[derive(Debug)]
pub enum ReadAs {
    Record(Box<Record>),
    Skipped(Skipped),
}

/// Settings that change how files are read.
#[derive(Debug, Default, Clone)]
pub struct ReadOptions {
    /// Extra status words from the configuration.
    pub statuses: ExtraWords,
    /// Read for [`crate::Keep::Metadata`]: the record's body is not copied out of the file
    /// and the ranges pages fold away are not found (nothing else changes, diagnostics
    /// included).
    pub metadata_only: bool,
}

pub use reader::read;

/// The record id for a source path: the path without its extension, and a
/// `folder/README.md` record is named after its folder.
pub fn id_for(source: &str) -> String {
    let without_ext = match crate::discover::markdown_extension_len(source) {
        Some(len) => &source[..source.len() - len],
        None => match source.rfind('.') {
            Some(dot) if !source[dot..].contains('/') => &source[..dot],
            _ => source,
        },
    };
    if let Some((dir, name)) = without_ext.rsplit_once('/')
        && (name.eq_ignore_ascii_case("readme") || name.eq_ignore_ascii_case("index"))
    {
        return dir.to_string();
    }
    without_ext.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_paths_without_extension() {
        assert_eq!(id_for("0012-store-events.md"), "0012-store-events");
        assert_eq!(id_for("payments/0003-ledger.md"), "payments/0003-ledger");
        assert_eq!(id_for("2022-02-03-topic/README.md"), "2022-02-03-topic");
        assert_eq!(id_for("v1.2/notes.markdown"), "v1.2/notes");
        assert_eq!(
            id_for("adrs/adr-005-quicksight.html.md.erb"),
            "adrs/adr-005-quicksight"
        );
    }
}
