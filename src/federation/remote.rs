//! The `[[sources]] git` entries of the configuration, checked: a package name used twice
//! or unusable, a `path` that leads out of the repository, a URL or `rev` git would read
//! as an option is an error at its line, and the entry is left out. Also what a
//! repository URL says: its name (the default package) and its web address.

use std::collections::BTreeSet;

use crate::config::{Config, SourceConfig};
use crate::diagnostic::{Code, Diagnostic, Span};

/// One configured git source, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub package: String,
    pub git: String,
    pub rev: Option<String>,
    /// The records folder inside the repository, `/`-separated, without leading or
    /// trailing `/` (empty: the repository's root).
    pub path: String,
    /// The entry in `hindsight.toml`, for diagnostics.
    pub entry: SourceConfig,
}

/// The web address of a repository URL: `https://github.com/acme/payments(.git)` and
/// `git@github.com:acme/payments.git` give `https://github.com/acme/payments`; other
/// URLs (`file://`, a path) have none.
pub fn web_url(git: &str) -> Option<String> {
    let g = git.trim().trim_end_matches('/');
    let g = g.strip_suffix(".git").unwrap_or(g);
    let web = if let Some(rest) = g.strip_prefix("https://").or(g.strip_prefix("http://")) {
        // Drop any user name (and password) before the host.
        let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
        format!("https://{rest}")
    } else if let Some(rest) = g.strip_prefix("ssh://") {
        let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
        let (host, path) = rest.split_once('/')?;
        let host = host.split(':').next().unwrap_or(host);
        format!("https://{host}/{path}")
    } else if let Some((user_host, path)) = g.split_once(':')
        && let Some((_, host)) = user_host.split_once('@')
        && !host.is_empty()
        && !path.starts_with('/')
    {
        format!("https://{host}/{path}")
    } else {
        return None;
    };
    let safe = web
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'\\' | b'`'));
    safe.then_some(web)
}

/// The repository's name from its URL (`https://x/acme/payments.git` gives `payments`):
/// the default package of a git source.
pub fn repository_name(git: &str) -> String {
    let g = git.trim().trim_end_matches('/');
    let g = g.strip_suffix(".git").unwrap_or(g);
    g.rsplit(['/', ':']).next().unwrap_or("").to_string()
}

/// Whether `name` can be a package: a folder name in the site (letters, digits, `-`,
/// `_`, `.`, not starting with `.`).
pub(super) fn valid_package(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A diagnostic pointing at `range` of the configuration (or at the whole entry).
pub(super) fn at_entry(
    config: &Config,
    d: Diagnostic,
    range: Option<&std::ops::Range<usize>>,
    entry: &SourceConfig,
) -> Diagnostic {
    let r = range.unwrap_or(&entry.spans.entry);
    let text = &config.text;
    if text.is_empty() || r.end > text.len() {
        return d.in_file(config.file.clone());
    }
    let first_line = text[r.clone()].lines().next().unwrap_or("");
    let span = Span::at_offset(text, 1, r.start, first_line.chars().count());
    d.at(config.file.clone(), text, span)
}

/// The git sources of `config`, checked: each entry with a problem (a package name used
/// twice or unusable, a `path` that leads out of the repository, a URL or `rev` that
/// git would read as an option) is an error naming it, and is left out.
pub fn remotes(config: &Config) -> (Vec<Remote>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen: BTreeSet<String> = config
        .local_sources()
        .filter_map(|s| s.package.clone())
        .collect();
    for entry in config.sources.iter().filter(|s| s.git.is_some()) {
        let git = entry.git.clone().unwrap_or_default().trim().to_string();
        let package = entry
            .package
            .clone()
            .unwrap_or_else(|| repository_name(&git));
        if git.is_empty() || git.starts_with('-') {
            diagnostics.push(at_entry(
                config,
                Diagnostic::error(
                    Code::SourceUnavailable,
                    format!("`{git}` is not a repository URL"),
                )
                .hint("write a URL git can clone: https://..., git@host:owner/repo, file:///path"),
                entry.spans.git.as_ref(),
                entry,
            ));
            continue;
        }
        if let Some(rev) = &entry.rev
            && (rev.trim().is_empty() || rev.starts_with('-') || rev.contains(".."))
        {
            diagnostics.push(at_entry(
                config,
                Diagnostic::error(Code::SourceRev, format!("`{rev}` is not a branch, tag or commit"))
                    .hint("write a branch (`main`), a tag (`v2.1`) or a commit, or leave `rev` out for the remote's HEAD"),
                entry.spans.rev.as_ref(),
                entry,
            ));
            continue;
        }
        if !valid_package(&package) {
            diagnostics.push(at_entry(
                config,
                Diagnostic::error(
                    Code::SourcePackage,
                    format!("`{package}` cannot be a package name"),
                )
                .hint("set `package` to letters, digits, `-`, `_` or `.` (it names a folder of the site)"),
                entry.spans.package.as_ref().or(entry.spans.git.as_ref()),
                entry,
            ));
            continue;
        }
        if !seen.insert(package.clone()) {
            diagnostics.push(at_entry(
                config,
                Diagnostic::error(
                    Code::SourcePackage,
                    format!("package `{package}` is named by an earlier source too; this source is left out"),
                )
                .hint("give each source its own `package`"),
                entry.spans.package.as_ref().or(entry.spans.git.as_ref()),
                entry,
            ));
            continue;
        }
        let raw = entry.path.to_string_lossy().replace('\\', "/");
        let parts: Vec<&str> = raw
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        if raw.starts_with('/') || parts.contains(&"..") || parts.iter().any(|p| p.starts_with('-'))
        {
            diagnostics.push(at_entry(
                config,
                Diagnostic::error(
                    Code::SourcePath,
                    format!("`{raw}` is not a folder inside the repository"),
                )
                .hint("write the records folder from the repository's root: path = \"docs/adr\""),
                entry.spans.path.as_ref(),
                entry,
            ));
            continue;
        }
        out.push(Remote {
            package,
            git,
            rev: entry.rev.as_ref().map(|r| r.trim().to_string()),
            path: parts.join("/"),
            entry: entry.clone(),
        });
    }
    (out, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_of_repository_urls() {
        assert_eq!(
            web_url("https://github.com/acme/payments.git").as_deref(),
            Some("https://github.com/acme/payments")
        );
        assert_eq!(
            web_url("https://token:x@github.com/acme/payments").as_deref(),
            Some("https://github.com/acme/payments")
        );
        assert_eq!(
            web_url("git@github.com:acme/payments.git").as_deref(),
            Some("https://github.com/acme/payments")
        );
        assert_eq!(
            web_url("ssh://git@gitlab.example:22/acme/payments").as_deref(),
            Some("https://gitlab.example/acme/payments")
        );
        assert_eq!(web_url("file:///srv/git/payments"), None);
        assert_eq!(web_url("/srv/git/payments"), None);
        assert_eq!(web_url("https://x/\"><script>"), None);
        assert_eq!(repository_name("file:///srv/git/payments.git"), "payments");
        assert_eq!(repository_name("git@github.com:acme/platform"), "platform");
    }

    fn config(text: &str) -> Config {
        Config::parse(text, "hindsight.toml").unwrap()
    }

    #[test]
    fn entries_are_checked_and_named_by_line() {
        let c = config(
            "[[sources]]\ngit = \"https://x/acme/payments\"\npath = \"docs/adr\"\n\n\
             [[sources]]\ngit = \"https://y/other/payments.git\"\n\n\
             [[sources]]\ngit = \"https://x/acme/a\"\npath = \"../etc\"\n\n\
             [[sources]]\ngit = \"https://x/acme/b\"\nrev = \"--upload-pack=x\"\n\n\
             [[sources]]\ngit = \"https://x/acme/c\"\npackage = \"a b\"\n",
        );
        let (remotes, d) = remotes(&c);
        assert_eq!(remotes.len(), 1);
        assert_eq!(remotes[0].package, "payments");
        assert_eq!(remotes[0].path, "docs/adr");
        let got: Vec<(Code, Option<usize>)> = d.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            got,
            vec![
                (Code::SourcePackage, Some(6)),
                (Code::SourcePath, Some(10)),
                (Code::SourceRev, Some(14)),
                (Code::SourcePackage, Some(18)),
            ]
        );
        assert!(
            d.iter()
                .all(|d| d.file.as_deref() == Some("hindsight.toml"))
        );
    }

    #[test]
    fn a_source_needs_a_folder_or_a_repository() {
        let e = Config::parse("[[sources]]\npackage = \"x\"\n", "hindsight.toml").unwrap_err();
        assert!(e.message.contains("missing field `path`"), "{}", e.message);
        let e = Config::parse(
            "[[sources]]\npath = \"a\"\nrev = \"main\"\n",
            "hindsight.toml",
        )
        .unwrap_err();
        assert!(e.message.contains("`rev` needs `git`"), "{}", e.message);
    }
}
