//! Templates and static assets: the built-in ones embedded in the binary, overridden by
//! any file of the same name in a user's templates folder.

use tera::Tera;

use crate::diagnostic::{Code, Diagnostic};

/// Built-in page templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("record.html", include_str!("../../templates/record.html")),
    ("listing.html", include_str!("../../templates/listing.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    (
        "revisits.html",
        include_str!("../../templates/revisits.html"),
    ),
    (
        "tradeoffs.html",
        include_str!("../../templates/tradeoffs.html"),
    ),
    ("graph.html", include_str!("../../templates/graph.html")),
    (
        "insights.html",
        include_str!("../../templates/insights.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
];

/// Built-in static files, by path below the site root.
pub const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    (
        "static/style.css",
        include_bytes!("../../templates/static/style.css"),
    ),
    (
        "static/site.js",
        include_bytes!("../../templates/static/site.js"),
    ),
    (
        "static/search.js",
        include_bytes!("../../templates/static/search.js"),
    ),
    (
        "static/diagrams.js",
        include_bytes!("../../templates/static/diagrams.js"),
    ),
    // Mermaid's release bundle (ADR-0039): written only into sites with a diagram.
    (
        "static/mermaid/mermaid.min.js",
        include_bytes!("../../templates/static/mermaid/mermaid.min.js"),
    ),
    (
        "static/mermaid/LICENSE",
        include_bytes!("../../templates/static/mermaid/LICENSE"),
    ),
];

/// Static files only a site with a diagram needs (the drawing script and mermaid).
pub fn for_diagrams(path: &str) -> bool {
    path == "static/diagrams.js" || path.starts_with("static/mermaid/")
}

/// The templates a build renders with, and the static files it copies.
pub struct Templates {
    pub tera: Tera,
    /// `(path below the site root, contents)`, sorted by path.
    pub static_files: Vec<(String, Vec<u8>)>,
}

impl Templates {
    /// The built-in templates, overridden by the files of a user's templates folder (read by
    /// [`crate::template_folder::read`]): `*.html` templates and anything below `static/`.
    pub fn compile(overrides: TemplateOverrides) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut static_files: Vec<(String, Vec<u8>)> = BUILTIN_STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        let mut displays: Vec<(String, String)> = Vec::new();
        for t in overrides.templates {
            sources.retain(|(n, _)| *n != t.path);
            displays.push((t.path.clone(), t.display));
            sources.push((t.path, t.text));
        }
        for (path, bytes) in overrides.static_files {
            static_files.retain(|(n, _)| *n != path);
            static_files.push((path, bytes));
        }
        let mut tera = Tera::new();
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![template_error(&e, &displays)])?;
        static_files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Templates { tera, static_files })
    }
}

/// One template of a user's templates folder.
#[derive(Debug, Clone)]
pub struct TemplateOverride {
    /// Its name below the folder, `/`-separated (`record.html`).
    pub path: String,
    /// The path shown in diagnostics.
    pub display: String,
    pub text: String,
}

/// What a user's templates folder overrides: templates, and static files by path below the
/// site root (`static/style.css`), in the folder's order.
#[derive(Debug, Clone, Default)]
pub struct TemplateOverrides {
    pub templates: Vec<TemplateOverride>,
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// A tera error as a diagnostic; tera's own report (with the template line) is the message.
pub fn template_error(e: &tera::Error, displays: &[(String, String)]) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n{s}"));
        source = s.source();
    }
    let mut d = Diagnostic::error(Code::Template, format!("template error: {message}"));
    if let Some((_, display)) = displays.iter().find(|(n, _)| message.contains(n.as_str())) {
        d = d.in_file(display.clone());
    }
    d.hint("see the built-in templates in hindsight's templates/ folder for the variables each page gets")
}
