//! Rendering: the resolved model to the files of the site, in memory. No I/O here;
//! [`crate::write`] puts the result on disk.

pub mod graph;
pub mod json;
pub mod markdown;
pub mod pages;
pub mod templates;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::history::History;
use crate::resolve::{Model, encode_path};
use templates::Templates;

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path below the site root, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file from the source folder copied into the site (an image a record links to).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AssetCopy {
    /// Path below the source root.
    pub from: String,
    /// Path below the site root.
    pub to: String,
}

/// The whole site, in memory.
#[derive(Debug, Default)]
pub struct Output {
    /// Sorted by path.
    pub files: Vec<OutputFile>,
    pub copies: Vec<AssetCopy>,
}

/// What templates see as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub base_url: Option<String>,
}

/// Everything rendering needs besides the model.
pub struct RenderSettings<'a> {
    pub site: SiteView,
    pub templates: &'a Templates,
    pub trust_html: bool,
    /// Repository web URL for edit links.
    pub repo_url: Option<&'a str>,
    pub branch: &'a str,
    /// Path of the source root inside the repository (`docs/adr`), for edit links.
    pub repo_prefix: String,
    pub history: Option<&'a History>,
}

impl RenderSettings<'_> {
    /// "Edit this file" link for a record, when a repository URL is configured.
    pub fn edit_url(&self, source: &str) -> Option<String> {
        let repo = self.repo_url?.trim_end_matches('/');
        let path = if self.repo_prefix.is_empty() {
            source.to_string()
        } else {
            format!("{}/{source}", self.repo_prefix.trim_end_matches('/'))
        };
        Some(format!(
            "{repo}/edit/{}/{}",
            self.branch,
            encode_path(&path)
        ))
    }
}

/// Which files to render. A build renders them all; `serve` re-renders only the pages an
/// edit can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Record pages to render, by index into `model.records`; `None` renders every one.
    pub records: Option<Vec<usize>>,
    /// Whether to render everything that is not a record page: lists, JSON, static files.
    pub rest: bool,
}

impl Selection {
    /// Every file of the site.
    pub fn all() -> Selection {
        Selection {
            records: None,
            rest: true,
        }
    }
}

/// Renders the site.
pub fn render(model: &Model, settings: &RenderSettings<'_>) -> Result<Output, Vec<Diagnostic>> {
    render_selected(model, settings, &Selection::all())
}

/// Renders the files `selection` names (with [`Selection::all`], the whole site).
pub fn render_selected(
    model: &Model,
    settings: &RenderSettings<'_>,
    selection: &Selection,
) -> Result<Output, Vec<Diagnostic>> {
    let (mut files, assets) = pages::render_pages_selected(model, settings, selection)?;
    if selection.rest {
        files.push(OutputFile {
            path: "decisions.json".into(),
            bytes: json::export(model).into_bytes(),
        });
        for (path, bytes) in &settings.templates.static_files {
            files.push(OutputFile {
                path: path.clone(),
                bytes: bytes.clone(),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    let mut copies: Vec<AssetCopy> = assets
        .into_iter()
        .map(|from| AssetCopy {
            to: format!("{}{from}", markdown::FILES_DIR),
            from,
        })
        .collect();
    copies.sort();
    copies.dedup();
    Ok(Output { files, copies })
}
