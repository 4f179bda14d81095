//! The edits `hindsight new` makes to the records it names: each superseded record is
//! marked superseded by the new one, and each target of a named link gets the reverse
//! words (`Amended by`, `relates to`), in its own dialect. A record of another repository
//! or site is never edited: the line to add there by hand is returned instead.

use super::addresses::Addresses;
use super::{AuthorError, Edit, named_link, supersede};
use crate::diagnostic::{Code, Diagnostic};
use crate::project::Project;
use crate::record::Record;

/// The edits, and the lines to add by hand elsewhere as (where, line).
pub(super) struct Edits {
    pub edits: Vec<Edit>,
    pub elsewhere: Vec<(String, String)>,
}

/// Plans the edits of `targets` (superseded) and `linked` (named links) for the new
/// record numbered `number` and titled `title`. Reads the records it edits; writes nothing.
pub(super) fn plan(
    project: &Project,
    at: &Addresses,
    number: Option<u32>,
    title: &str,
    targets: &[Record],
    linked: &[(&named_link::NamedLink, Record)],
) -> Result<Edits, AuthorError> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut elsewhere: Vec<(String, String)> = Vec::new();
    for old in targets {
        if let Some(place) = at.elsewhere(old) {
            elsewhere.push((place, format!("superseded_by: [{}]", at.new_ref())));
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
        let edited = supersede::supersede(old_text, &at.link_back(old, number, title));
        if edited != old_text {
            edits.push(Edit {
                path: old_path,
                original,
                text: edited,
            });
        }
    }
    for (l, old) in linked {
        if let Some(place) = at.elsewhere(old) {
            let line = if l.reverse.eq_ignore_ascii_case("relates to") {
                format!("relates: [{}]", at.new_ref())
            } else {
                format!("{} {}", l.reverse, at.new_ref())
            };
            elsewhere.push((place, line));
            continue;
        }
        let old_path = project.root.join(&old.source);
        let back = at.link_back(old, number, title);
        let i = match edits.iter().position(|e| e.path == old_path) {
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
        edits[i].text = named_link::add_or_refuse(&edits[i].text, &l.reverse, &back, &old_path)?;
    }
    edits.retain(|e| e.text.as_bytes() != e.original.as_slice());
    Ok(Edits { edits, elsewhere })
}
