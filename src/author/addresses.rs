//! How a new record and the records it names address each other: a relative link within
//! this project, `package#rest` for a record of another repository (`[[sources]] git`) or
//! another site (`[[sources]] json`), and, for those records `new` cannot edit, where the
//! line naming the new record must be added by hand.

use std::path::Path;

use super::templates::Link;
use crate::federation::Fetched;
use crate::federation::json::Site;
use crate::project::Project;
use crate::record::Record;
use crate::url_path::relative_href;

/// The source among `sources` whose package `r` carries, and `r`'s id there (its id without
/// the `package/` prefix).
fn source_of<'s, T>(
    sources: &'s [T],
    package: impl Fn(&T) -> &str,
    r: &Record,
) -> Option<(&'s T, String)> {
    let source = sources
        .iter()
        .find(|s| r.package.as_deref() == Some(package(s)))?;
    let rest = r.id.strip_prefix(&format!("{}/", package(source)))?;
    Some((source, rest.to_string()))
}

/// The addresses seen from a new record at `source` in `project`.
pub(super) struct Addresses<'p> {
    project: &'p Project,
    /// The new record's source path, `/`-separated below the project root.
    source: &'p str,
    /// How another repository names the new record: `package#id`.
    new_ref: String,
}

impl<'p> Addresses<'p> {
    pub(super) fn new(project: &'p Project, source: &'p str) -> Addresses<'p> {
        let new_ref = format!(
            "{}#{}",
            home_package(project),
            crate::dialect::id_for(source)
        );
        Addresses {
            project,
            source,
            new_ref,
        }
    }

    /// How another repository or site names the new record: `package#id`.
    pub(super) fn new_ref(&self) -> &str {
        &self.new_ref
    }

    /// The git source `r` comes from, and its id there.
    fn remote_of(&self, r: &Record) -> Option<(&'p Fetched, String)> {
        source_of(&self.project.fetched, |f| &f.package, r)
    }

    /// The JSON source (another site) `r` comes from, and its id there.
    fn site_of(&self, r: &Record) -> Option<(&'p Site, String)> {
        source_of(&self.project.sites.sites, |s| &s.package, r)
    }

    /// The link the new record writes to `r`: its page on another site, its file in another
    /// repository, or a relative link to its file here.
    pub(super) fn link_to(&self, r: &Record) -> Link {
        match (self.remote_of(r), self.site_of(r)) {
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
                href: relative_href(self.source, &r.source),
            },
        }
    }

    /// The link `old`, a record of this project, writes back to the new record.
    pub(super) fn link_back(&self, old: &Record, number: Option<u32>, title: &str) -> Link {
        Link {
            id: crate::dialect::id_for(self.source),
            number,
            title: crate::document::squeeze_spaces(title),
            href: relative_href(&old.source, self.source),
        }
    }

    /// Where a line must be added by hand in `r`, a record of another repository or site
    /// that `new` cannot edit; `None` for a record of this project.
    pub(super) fn elsewhere(&self, r: &Record) -> Option<String> {
        if let Some((f, _)) = self.remote_of(r) {
            let file = r
                .source
                .strip_prefix(&format!("{}/", f.package))
                .unwrap_or(&r.source);
            let path = if f.path.is_empty() {
                file.to_string()
            } else {
                format!("{}/{file}", f.path)
            };
            return Some(format!("{path} in {} ({})", f.package, f.git));
        }
        let (s, rest) = self.site_of(r)?;
        Some(format!("{rest} in {} ({})", s.package, s.json))
    }
}

/// How other repositories name this project: its folder's package, else the name of the
/// folder holding hindsight.toml, else `home`.
fn home_package(project: &Project) -> String {
    project
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
        .unwrap_or_else(|| "home".to_string())
}
