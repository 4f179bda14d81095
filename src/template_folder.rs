//! Reads a user's templates folder (`templates` in hindsight.toml): the files that override
//! the built-in templates and static files. The only reader of that folder; rendering gets
//! what it read ([`crate::render::templates::Templates::compile`]) and does no I/O.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::render::templates::{TemplateOverride, TemplateOverrides};

/// Reads `dir`: `*.html`, `*.xml` and `*.txt` templates, and every file below `static/`.
pub fn read(dir: &Path) -> Result<TemplateOverrides, Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Err(vec![
            Diagnostic::error(
                Code::Templates,
                format!("templates folder `{}` does not exist", dir.display()),
            )
            .hint("fix `templates` in hindsight.toml, or create the folder"),
        ]);
    }
    let mut out = TemplateOverrides::default();
    let mut diagnostics = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(true)
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    Code::Templates,
                    format!("cannot read the templates folder: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let display = entry.path().display().to_string();
        if rel.starts_with("static/") {
            match std::fs::read(entry.path()) {
                Ok(bytes) => out.static_files.push((rel, bytes)),
                Err(e) => diagnostics.push(
                    Diagnostic::error(Code::Templates, format!("cannot read: {e}"))
                        .in_file(display),
                ),
            }
        } else if rel.ends_with(".html") || rel.ends_with(".xml") || rel.ends_with(".txt") {
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => out.templates.push(TemplateOverride {
                    path: rel,
                    display,
                    text,
                }),
                Err(e) => diagnostics.push(
                    Diagnostic::error(Code::Templates, format!("cannot read: {e}"))
                        .in_file(display),
                ),
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(diagnostics)
    }
}
