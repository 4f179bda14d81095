//! Rendering: the resolved model to the files of the site, in memory. No I/O here;
//! [`crate::write`] puts the result on disk.

pub mod card;
pub mod chart;
pub mod code;
pub mod dot;
pub mod escape;
pub mod expectations;
pub mod feeds;
pub mod graph;
pub mod index_table;
pub mod insights;
pub mod json;
pub mod layout;
pub mod lists;
pub mod markdown;
pub mod pages;
pub mod paging;
pub mod record_page;
pub mod rows;
pub mod search;
pub mod slugs;
pub mod templates;

use std::sync::Mutex;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::history::History;
use crate::resolve::Model;
use crate::url_path::encode_path;
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
    /// The git sources read, whose records (below `<package>/`) are edited in their own
    /// repositories.
    pub sources: &'a [crate::federation::Fetched],
}

impl<'a> RenderSettings<'a> {
    /// `https://github.com/o/r/blob/main/`: where files of the repository are shown, when
    /// a repository URL is configured.
    pub fn blob_url(&self) -> Option<String> {
        let repo = self.repo_url?.trim_end_matches('/');
        Some(format!("{repo}/blob/{}/", self.branch))
    }

    /// The git source a record path was read from, with the path below its folder.
    pub fn source_of<'s>(
        &self,
        source: &'s str,
    ) -> Option<(&'a crate::federation::Fetched, &'s str)> {
        let (package, rest) = source.split_once('/')?;
        self.sources
            .iter()
            .find(|f| f.package == package)
            .map(|f| (f, rest))
    }

    /// "Edit this file" link for a record, when a repository URL is configured (for a
    /// record of a git source, its repository's).
    pub fn edit_url(&self, source: &str) -> Option<String> {
        if let Some((fetched, rest)) = self.source_of(source) {
            return fetched.edit_url(rest);
        }
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

/// Where rendered files go: a build writes each to disk as soon as it is rendered
/// ([`crate::write::Stage`]); tests and `serve` keep them in memory ([`MemorySink`]).
/// Rendering itself does no I/O.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// Puts the file at `path` whose bytes `write` writes: for a file too large to hold
    /// whole beside the rest of a build (`decisions.json`, 89 MB at 50,000 records). A sink
    /// that keeps files collects the bytes and puts them; [`crate::write::Stage`] writes
    /// them to disk as they come.
    fn put_written(&self, path: String, write: &mut Writer<'_>) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        write(&mut bytes)
            .map_err(|e| Diagnostic::error(Code::Io, format!("cannot render `{path}`: {e}")))?;
        self.put(OutputFile { path, bytes })
    }
}

/// What writes a file's bytes into the sink, for [`Sink::put_written`].
pub type Writer<'a> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'a;

/// Keeps rendered files in memory.
#[derive(Default)]
pub struct MemorySink(Mutex<Vec<OutputFile>>);

impl MemorySink {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        files
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Which files to render. A build renders them all; `serve` re-renders only the pages an
/// edit can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Record pages to render, by index into `model.records`; `None` renders every one.
    pub records: Option<Vec<usize>>,
    /// Whether to render everything that is not a record page: lists, JSON, feeds, search, static files.
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

/// Renders the site into memory.
pub fn render(model: &Model, settings: &RenderSettings<'_>) -> Result<Output, Vec<Diagnostic>> {
    render_selected(model, settings, &Selection::all())
}

/// Renders the files `selection` names into memory (with [`Selection::all`], the whole site).
pub fn render_selected(
    model: &Model,
    settings: &RenderSettings<'_>,
    selection: &Selection,
) -> Result<Output, Vec<Diagnostic>> {
    let sink = MemorySink::default();
    let copies = render_selected_into(model, settings, selection, &sink)?;
    Ok(Output {
        files: sink.into_files(),
        copies,
    })
}

/// Renders every file of the site into `sink`; returns the files to copy from the source folder.
pub fn render_into(
    model: &Model,
    settings: &RenderSettings<'_>,
    sink: &dyn Sink,
) -> Result<Vec<AssetCopy>, Vec<Diagnostic>> {
    render_selected_into(model, settings, &Selection::all(), sink)
}

/// Renders the files `selection` names into `sink`; returns the files to copy.
pub fn render_selected_into(
    model: &Model,
    settings: &RenderSettings<'_>,
    selection: &Selection,
    sink: &dyn Sink,
) -> Result<Vec<AssetCopy>, Vec<Diagnostic>> {
    let t0 = std::time::Instant::now();
    // The search index first, on its own (it is built in parallel): it is the largest
    // passing thing a build holds (its postings twice while they are merged), and the
    // cards and lists of the pages would otherwise be held beside it.
    // A failure (a full disk) is reported with the rest's, after the pages have said theirs.
    let searched = if selection.rest {
        let r = search::render_into(model, sink);
        crate::timing::report("render: search done", t0);
        r
    } else {
        Ok(())
    };
    let (assets, extra) = rayon::join(
        || {
            let r = pages::render_pages(model, settings, selection, sink);
            crate::timing::report("render: pages done", t0);
            r
        },
        || -> Result<(), Diagnostic> {
            searched?;
            if !selection.rest {
                return Ok(());
            }
            sink.put_written("decisions.json".into(), &mut |out| {
                json::write_site_file(model, &settings.site, out)
            })?;
            sink.put(OutputFile {
                path: "feed.xml".into(),
                bytes: feeds::atom(model, settings).into_bytes(),
            })?;
            sink.put(OutputFile {
                path: "revisits.ics".into(),
                bytes: feeds::ics(model, settings).into_bytes(),
            })?;
            // One calendar per package, named by the slug of its page.
            let package_slugs = slugs::Slugs::of_packages(model);
            let packages: std::collections::BTreeSet<&str> = model
                .records
                .iter()
                .filter_map(|r| r.record.package.as_deref())
                .collect();
            for p in packages {
                sink.put(OutputFile {
                    path: format!("revisits/{}.ics", package_slugs.get(p)),
                    bytes: feeds::package_ics(model, settings, p).into_bytes(),
                })?;
            }
            insights::render_into(model, settings, sink)?;
            crate::timing::report("render: json, feeds, insights done", t0);
            let diagrams = model
                .records
                .iter()
                .any(|r| markdown::has_diagram(&r.record.body));
            for (path, bytes) in &settings.templates.static_files {
                if !diagrams && templates::for_diagrams(path) {
                    continue;
                }
                sink.put(OutputFile {
                    path: path.clone(),
                    bytes: bytes.clone(),
                })?;
            }
            Ok(())
        },
    );
    let assets = match (assets, extra) {
        (Ok(a), Ok(())) => a,
        (Err(mut d), Err(e)) => {
            d.push(e);
            return Err(d);
        }
        (Err(d), _) => return Err(d),
        (_, Err(e)) => return Err(vec![e]),
    };
    let mut copies: Vec<AssetCopy> = assets
        .into_iter()
        .map(|from| AssetCopy {
            to: format!("{}{from}", markdown::FILES_DIR),
            from,
        })
        .collect();
    copies.sort();
    copies.dedup();
    Ok(copies)
}
