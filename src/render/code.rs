//! The "In the code" part of a record page: the paths a decision governs, the files they
//! match today and the places that cite it, linked to the repository when `repo_url` is set.

use serde::Serialize;

use crate::render::RenderSettings;
use crate::resolve::Resolved;
use crate::url_path::encode_path;

/// Governed files are listed one by one up to this many; past it, only their count.
pub const FILES_LISTED: usize = 50;

/// What a record page shows of the code.
#[derive(Debug, Serialize)]
pub struct CodeView<'a> {
    /// The `applies_to` globs, as written.
    pub globs: Vec<&'a str>,
    /// The files they match today (none past [`FILES_LISTED`]: see `files_count`).
    pub files: Vec<FileLink>,
    pub files_count: usize,
    /// Whether the files were looked for (not with `[citations] enabled = false`).
    pub scanned: bool,
    /// The places citing the record, `path:line`.
    pub cited_in: Vec<FileLink>,
}

/// A file or a line of one, and its page in the repository.
#[derive(Debug, Serialize)]
pub struct FileLink {
    pub text: String,
    pub url: Option<String>,
}

/// The view, or `None` when the record neither governs paths nor is cited.
pub fn view<'a>(r: &'a Resolved, settings: &RenderSettings<'_>) -> Option<CodeView<'a>> {
    let globs: Vec<&str> = r
        .record
        .applies_to
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    if globs.is_empty() && r.code.cited_in.is_empty() {
        return None;
    }
    let blob = settings.blob_url();
    let link = |path: &str, line: Option<usize>| FileLink {
        text: match line {
            Some(l) => format!("{path}:{l}"),
            None => path.to_string(),
        },
        url: blob.as_ref().map(|b| match line {
            Some(l) => format!("{b}{}#L{l}", encode_path(path)),
            None => format!("{b}{}", encode_path(path)),
        }),
    };
    let files_count = r.code.governs.len();
    let files = if files_count <= FILES_LISTED {
        r.code.governs.iter().map(|f| link(f, None)).collect()
    } else {
        Vec::new()
    };
    Some(CodeView {
        globs,
        files,
        files_count,
        scanned: r.code.scanned,
        cited_in: r
            .code
            .cited_in
            .iter()
            .map(|c| link(&c.path, Some(c.line)))
            .collect(),
    })
}
