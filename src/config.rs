//! `hindsight.toml`: site title, base URL, repository URL, sources, due window and more.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::Interval;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::record::Status;
use crate::status::ExtraWords;

/// The name of the configuration file, looked for in the current folder.
pub const FILE_NAME: &str = "hindsight.toml";

/// The configuration, with defaults for everything.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Shown in the header and the feed.
    pub title: String,
    /// Absolute URL the site is published at (for feeds and calendars); pages stay relative.
    pub base_url: Option<String>,
    /// Repository web URL (`https://github.com/org/repo`), for "edit this file" links.
    pub repo_url: Option<String>,
    /// Branch for edit links.
    pub branch: String,
    /// The folder(s) holding the records; the first found default when empty.
    pub sources: Vec<SourceConfig>,
    /// Output folder.
    pub output: Option<PathBuf>,
    /// Days ahead within which a revisit counts as due.
    pub due_window: u32,
    /// Extra status words, mapped to canonical statuses.
    pub statuses: BTreeMap<String, Status>,
    /// A folder of templates overriding the built-in ones.
    pub templates: Option<PathBuf>,
    /// Render raw HTML in markdown instead of escaping it.
    pub trust_html: bool,
    /// Whether `check` warns about accepted decisions with no revisit date.
    pub require_revisit: bool,
    /// The review policy: an accepted decision with no revisit date of its own is due for
    /// revisit this long after its date (`review_after = "12 months"`).
    pub review_after: Option<Interval>,
    /// Days a decision may stay proposed before `check` warns (`stale-proposal`); 0: never.
    pub stale_after: u32,
    /// Citations of decisions in the code (`[citations]`; see [`crate::citation`]).
    pub citations: CitationsConfig,
    /// Folder the configuration was read from; paths in it are relative to this.
    #[serde(skip)]
    pub dir: PathBuf,
    /// Whether a configuration file was found.
    #[serde(skip)]
    pub found: bool,
    /// The configuration's text and its name as shown, for diagnostics that point into it.
    #[serde(skip)]
    pub text: String,
    #[serde(skip)]
    pub file: String,
}

/// `[citations]`: how code and docs in the repository cite decisions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CitationsConfig {
    /// Whether the work tree is scanned for citations at all.
    pub enabled: bool,
    /// Regular expressions whose first group (or the group named `number`) is a record
    /// number; the default matches `ADR-12`, `adr_012`, `ADR 12`, `ADR12` in any case.
    pub patterns: Vec<toml::Spanned<String>>,
    /// Folders (from the repository root) whose files are scanned; all when empty.
    pub paths: Vec<String>,
}

impl Default for CitationsConfig {
    fn default() -> Self {
        CitationsConfig {
            enabled: true,
            patterns: Vec::new(),
            paths: Vec::new(),
        }
    }
}

/// One `[[sources]]` entry: a folder of this repository (`path`), a folder of another
/// repository (`git`, with `rev` and `path` inside it; see [`crate::federation`]), or
/// another hindsight site's export (`json`, a URL or a path; see
/// [`crate::federation::json`]), with an optional package label.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(try_from = "toml::Spanned<RawSource>")]
pub struct SourceConfig {
    /// The folder; for a git source, the folder inside the repository (empty: its root).
    pub path: PathBuf,
    pub package: Option<String>,
    /// The repository URL of a source in another repository.
    pub git: Option<String>,
    /// Branch, tag or commit of a git source (`None`: the remote's HEAD).
    pub rev: Option<String>,
    /// Another site's `decisions.json`: an http(s) URL, or a path from the configuration's
    /// folder.
    pub json: Option<String>,
    /// Where the entry and its keys are in the configuration text (bytes).
    pub spans: SourceSpans,
}

/// Byte ranges of one `[[sources]]` entry and of its keys, for diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceSpans {
    pub entry: std::ops::Range<usize>,
    pub path: Option<std::ops::Range<usize>>,
    pub package: Option<std::ops::Range<usize>>,
    pub git: Option<std::ops::Range<usize>>,
    pub rev: Option<std::ops::Range<usize>>,
    pub json: Option<std::ops::Range<usize>>,
}

/// A `[[sources]]` entry as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    path: Option<toml::Spanned<PathBuf>>,
    package: Option<toml::Spanned<String>>,
    git: Option<toml::Spanned<String>>,
    rev: Option<toml::Spanned<String>>,
    json: Option<toml::Spanned<String>>,
}

impl TryFrom<toml::Spanned<RawSource>> for SourceConfig {
    type Error = String;

    fn try_from(raw: toml::Spanned<RawSource>) -> Result<SourceConfig, String> {
        let entry = raw.span();
        let raw = raw.into_inner();
        if raw.json.is_some() {
            if raw.git.is_some() {
                return Err("a source has `git` or `json`, not both".into());
            }
            if raw.path.is_some() || raw.rev.is_some() {
                return Err("`json` names another site's decisions.json (a URL or a path) on its own: `path` and `rev` belong to folders and `git` sources".into());
            }
        } else if raw.git.is_none() {
            if raw.path.is_none() {
                return Err("missing field `path`: a source names a folder (`path`) or a repository (`git`)".into());
            }
            if raw.rev.is_some() {
                return Err(
                    "`rev` needs `git`: it names a branch, tag or commit of that repository".into(),
                );
            }
        }
        fn span<T>(s: &Option<toml::Spanned<T>>) -> Option<std::ops::Range<usize>> {
            s.as_ref().map(toml::Spanned::span)
        }
        Ok(SourceConfig {
            spans: SourceSpans {
                entry,
                path: span(&raw.path),
                package: span(&raw.package),
                git: span(&raw.git),
                rev: span(&raw.rev),
                json: span(&raw.json),
            },
            path: raw.path.map(|p| p.into_inner()).unwrap_or_default(),
            package: raw.package.map(|p| p.into_inner()),
            git: raw.git.map(|g| g.into_inner()),
            rev: raw.rev.map(|r| r.into_inner()),
            json: raw.json.map(|j| j.into_inner()),
        })
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s.trim().to_lowercase())
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "`{s}` is not a status; use proposed, accepted, rejected, deprecated or superseded"
                ))
            })
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Interval::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not an interval; write a number and a unit: \"12 months\", \"2 weeks\", \"90 days\", \"1 year\""
            ))
        })
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Decisions".into(),
            base_url: None,
            repo_url: None,
            branch: "main".into(),
            sources: Vec::new(),
            output: None,
            due_window: 30,
            statuses: BTreeMap::new(),
            templates: None,
            trust_html: false,
            require_revisit: true,
            review_after: None,
            stale_after: 60,
            citations: CitationsConfig::default(),
            dir: PathBuf::from("."),
            found: false,
            text: String::new(),
            file: FILE_NAME.to_string(),
        }
    }
}

impl Config {
    /// Reads `path`, or returns the defaults when it does not exist.
    pub fn load(path: &Path) -> Result<Config, Diagnostic> {
        let display = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Config {
                    dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    file: display,
                    ..Config::default()
                });
            }
            Err(e) => {
                return Err(Diagnostic::error(
                    Code::Config,
                    format!("cannot read the configuration: {e}"),
                )
                .in_file(display));
            }
        };
        let mut config = Config::parse(&text, &display)?;
        config.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        config.found = true;
        Ok(config)
    }

    /// Parses configuration text; `display` names the file in diagnostics.
    pub fn parse(text: &str, display: &str) -> Result<Config, Diagnostic> {
        let mut config = Config::parse_keys(text, display)?;
        config.text = text.to_string();
        config.file = display.to_string();
        for p in &config.citations.patterns {
            if let Err(e) = crate::citation::compile_pattern(p.get_ref()) {
                let r = p.span();
                let span = Span::at_offset(text, 1, r.start, text[r.clone()].chars().count());
                return Err(Diagnostic::error(
                    Code::Config,
                    format!("invalid citation pattern `{}`: {e}", p.get_ref()),
                )
                .at(display, text, span)
                .hint("write a regular expression with a group around the number: \"ADR[- ]?(\\\\d+)\""));
            }
        }
        Ok(config)
    }

    fn parse_keys(text: &str, display: &str) -> Result<Config, Diagnostic> {
        toml::from_str::<Config>(text).map_err(|e| {
            let span = e
                .span()
                .map(|r| Span::at_offset(text, 1, r.start, text[r.clone()].chars().count()))
                .unwrap_or_default();
            let message = e.message().to_string();
            let mut d =
                Diagnostic::error(Code::Config, format!("invalid configuration: {message}"))
                    .at(display, text, span);
            if let Some(key) = message
                .strip_prefix("unknown field `")
                .and_then(|r| r.split('`').next())
                && let Some(s) = crate::near_miss::suggest(key, KNOWN_KEYS)
            {
                d = d.hint(format!("did you mean `{s}`?"));
            } else if message.starts_with("unknown field") {
                d = d.hint(format!("known keys: {}", KNOWN_KEYS.join(", ")));
            }
            d
        })
    }

    pub fn extra_statuses(&self) -> ExtraWords {
        self.statuses.clone()
    }

    /// The sources in this repository (`[[sources]]` without `git` or `json`).
    pub fn local_sources(&self) -> impl Iterator<Item = &SourceConfig> {
        self.sources
            .iter()
            .filter(|s| s.git.is_none() && s.json.is_none())
    }

    /// Resolves a path written in the configuration.
    pub fn path(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.dir.join(p)
        }
    }
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "repo_url",
    "branch",
    "sources",
    "output",
    "due_window",
    "statuses",
    "templates",
    "trust_html",
    "require_revisit",
    "review_after",
    "stale_after",
    "citations",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let c = Config::parse(
            r#"
title = "Payments decisions"
base_url = "https://example.org/adr/"
repo_url = "https://github.com/acme/payments"
due_window = 14
trust_html = true
templates = "theme"
review_after = "12 months"
[statuses]
shipped = "accepted"
[[sources]]
path = "services/ledger/adr"
package = "ledger"
"#,
            "hindsight.toml",
        )
        .unwrap();
        assert_eq!(c.title, "Payments decisions");
        assert_eq!(c.due_window, 14);
        assert_eq!(c.review_after.unwrap().to_string(), "12 months");
        assert_eq!(c.statuses["shipped"], Status::Accepted);
        assert_eq!(c.sources[0].package.as_deref(), Some("ledger"));
    }

    #[test]
    fn a_misspelt_key_is_an_error_with_a_suggestion_and_a_position() {
        let e = Config::parse("title = \"x\"\ndue_windw = 3\n", "hindsight.toml").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.hint.as_deref(), Some("did you mean `due_window`?"));
    }
}
