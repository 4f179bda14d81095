//! Sources from other sites (`[[sources]] json = "https://team.example/decisions.json"`, or
//! a path): another hindsight site's export, read into *remote* records.
//!
//! Each entry is checked against the configuration (its package, its URL), fetched (an
//! http(s) URL with the `curl` command, a path read from the disk), its last good copy
//! kept in the cache, and its records turned into [`Record`]s below `<package>/` that
//! carry the absolute address of their page on their home site ([`Record::home`]). Their
//! text is never trusted more than a local record's: it is escaped like any other, and an
//! address that is not http(s) is dropped with a warning.
//!
//! A URL that cannot be fetched is read from its cached copy (a `source-fetch` warning; its
//! pages say "as of" when it was fetched); with no cached copy it is a `source-unavailable`
//! error and the other sources still build. A file that is not a hindsight export is
//! `source-json`, an export of a newer schema `source-schema`: both name the entry in
//! `hindsight.toml` and leave the source out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Serialize;
use serde_json::Value;

use super::{at_entry, fnv, in_parallel, repository_name, valid_package};
use crate::config::{Config, SourceConfig};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::record::{
    Choice, Kind, Outcome, Record, Reference, Revisit, RevisitSource, Status, Tradeoff, Verdict,
};

/// The largest export read (bytes): 50,000 records of a large site are about 60 MB.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// How long one fetch may take, in seconds.
const TIMEOUT_SECONDS: &str = "60";

/// One configured JSON source, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSource {
    pub package: String,
    /// As configured: an http(s) URL or a path.
    pub json: String,
    /// The file, for a path (relative to the configuration's folder).
    pub file: Option<PathBuf>,
    /// The entry in `hindsight.toml`, for diagnostics.
    pub entry: SourceConfig,
}

/// What a build read from one JSON source (listed in `decisions.json` `sources`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Site {
    pub package: String,
    /// As configured.
    pub json: String,
    /// The other site's title, when its export says it.
    pub title: Option<String>,
    /// The address its records' pages are below.
    pub base_url: String,
    /// When the copy read was fetched (RFC 3339, UTC); `null` for a path.
    pub fetched_at: Option<String>,
    /// The URL could not be fetched and the cached copy was read.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
    /// How many records it gave.
    pub records: usize,
    /// The day the copy read was fetched, for "as of" on pages.
    #[serde(skip)]
    pub fetched_on: Option<Date>,
}

/// What reading every JSON source gave: the sites read, their records, and the problems.
#[derive(Debug, Default)]
pub struct Read {
    pub sites: Vec<Site>,
    pub records: Vec<Record>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Read {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

fn is_url(json: &str) -> bool {
    let l = json.trim().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

/// The default package of a JSON source: for a URL, the last folder of its path (
/// `https://acme.github.io/payments/decisions.json` gives `payments`), else the first
/// label of its host (`https://team.example/decisions.json` gives `team`); for a path, the
/// file's name without `.json` unless that is `decisions`, else its folder's name.
pub fn default_package(json: &str) -> String {
    let j = json.trim();
    if is_url(j) {
        let rest = j.split_once("://").map_or(j, |(_, r)| r);
        let rest = rest.split(['?', '#']).next().unwrap_or(rest);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = host.rsplit('@').next().unwrap_or(host);
        let host = host.split(':').next().unwrap_or(host);
        let folders: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let folder = match folders.split_last() {
            Some((last, before)) if last.ends_with(".json") => before.last().copied(),
            Some((last, _)) => Some(*last),
            None => None,
        };
        return folder
            .map(str::to_string)
            .unwrap_or_else(|| host.split('.').next().unwrap_or(host).to_string());
    }
    let path = Path::new(j);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if !stem.is_empty() && stem != "decisions" {
        return stem.to_string();
    }
    path.parent()
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str())
        .map(str::to_string)
        .unwrap_or_else(|| repository_name(j))
}

/// The JSON sources of `config`, checked: a package name used by another source (or one
/// that cannot name a folder), or a `json` that is neither an http(s) URL nor a path, is an
/// error naming the entry, and the source is left out.
pub fn sources(config: &Config) -> (Vec<SiteSource>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diagnostics = Vec::new();
    // Packages named by the folders and the git sources come first.
    let mut seen: BTreeSet<String> = config
        .sources
        .iter()
        .filter(|s| s.json.is_none())
        .filter_map(|s| {
            s.package
                .clone()
                .or_else(|| s.git.as_deref().map(repository_name))
        })
        .collect();
    for entry in config.sources.iter().filter(|s| s.json.is_some()) {
        let json = entry.json.clone().unwrap_or_default().trim().to_string();
        let at = |d: Diagnostic, range: Option<&std::ops::Range<usize>>| {
            at_entry(config, d, range, entry)
        };
        let lower = json.to_ascii_lowercase();
        let scheme = lower
            .split_once(':')
            .map(|(s, _)| s)
            .filter(|s| s.len() > 1 && s.bytes().all(|b| b.is_ascii_alphabetic()));
        if json.is_empty() || json.starts_with('-') || (scheme.is_some() && !is_url(&json)) {
            diagnostics.push(at(
                Diagnostic::error(
                    Code::SourceJson,
                    format!("`{json}` is not an http(s) URL or a path"),
                )
                .hint("name another site's export: json = \"https://team.example/decisions.json\", or a path from this file's folder"),
                entry.spans.json.as_ref(),
            ));
            continue;
        }
        let package = entry
            .package
            .clone()
            .unwrap_or_else(|| default_package(&json));
        if !valid_package(&package) {
            diagnostics.push(at(
                Diagnostic::error(
                    Code::SourcePackage,
                    format!("`{package}` cannot be a package name"),
                )
                .hint("set `package` to letters, digits, `-`, `_` or `.` (it names a folder of the site)"),
                entry.spans.package.as_ref().or(entry.spans.json.as_ref()),
            ));
            continue;
        }
        if !seen.insert(package.clone()) {
            diagnostics.push(at(
                Diagnostic::error(
                    Code::SourcePackage,
                    format!("package `{package}` is named by another source too; this source is left out"),
                )
                .hint("give each source its own `package`"),
                entry.spans.package.as_ref().or(entry.spans.json.as_ref()),
            ));
            continue;
        }
        let file = (!is_url(&json)).then(|| config.path(Path::new(&json)));
        out.push(SiteSource {
            package,
            json,
            file,
            entry: entry.clone(),
        });
    }
    (out, diagnostics)
}

/// The cache file of a URL source: its package and a hash of its URL.
pub fn cache_file(cache: &Path, source: &SiteSource) -> PathBuf {
    cache.join("json").join(format!(
        "{}-{:016x}.json",
        source.package,
        fnv(&source.json)
    ))
}

/// Reads every JSON source of `config`: URLs fetched into `cache` (none with `offline`: the
/// cached copies are read), paths read as they are, several at once.
pub fn read(config: &Config, cache: &Path, offline: bool) -> Read {
    let (sources, mut diagnostics) = sources(config);
    let now = jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map_or_else(|_| jiff::Timestamp::now().to_string(), |t| t.to_string());
    let results = in_parallel(&sources, |s| read_one(config, s, cache, offline, &now));
    let mut read = Read::default();
    for r in results {
        match r {
            Ok((site, records, ds)) => {
                read.sites.push(site);
                read.records.extend(records);
                diagnostics.extend(ds);
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    read.diagnostics = diagnostics;
    read
}

type OneRead = (Site, Vec<Record>, Vec<Diagnostic>);

/// Reads one source; `Err` leaves it out.
fn read_one(
    config: &Config,
    source: &SiteSource,
    cache: &Path,
    offline: bool,
    now: &str,
) -> Result<OneRead, Box<Diagnostic>> {
    let mut warnings = Vec::new();
    let Got {
        export,
        fetched_at,
        stale,
    } = get_export(config, source, cache, offline, now, &mut warnings)?;
    let base_url = site_base(&export, source).ok_or_else(|| {
        entry_error(
            config,
            source,
            Code::SourceJson,
            format!(
                "`{}` says no base_url, so its records cannot link to their pages",
                source.json
            ),
            "build that site with `--base-url` (or `base_url` in its hindsight.toml), or read it from its http(s) URL",
        )
    })?;
    let mut unsafe_urls = 0usize;
    let mut unusable = 0usize;
    let records: Vec<Record> = export
        .records
        .iter()
        .filter_map(|v| {
            let r = remote_record(v, &source.package, &base_url, &mut unsafe_urls);
            if r.is_none() {
                unusable += 1;
            }
            r
        })
        .collect();
    warnings.extend(left_out_warnings(config, source, unsafe_urls, unusable));
    let fetched_on = fetched_at
        .as_deref()
        .and_then(|a| a.get(..10))
        .and_then(Date::parse_iso);
    let site = Site {
        package: source.package.clone(),
        json: source.json.clone(),
        title: export.title.clone(),
        base_url,
        fetched_at,
        stale,
        records: records.len(),
        fetched_on,
    };
    Ok((site, records, warnings))
}

/// An error about a `[[sources]] json` entry, placed at its `json` in hindsight.toml.
fn entry_error(
    config: &Config,
    source: &SiteSource,
    code: Code,
    message: String,
    hint: &str,
) -> Box<Diagnostic> {
    let entry = &source.entry;
    Box::new(at_entry(
        config,
        Diagnostic::error(code, message).hint(hint.to_string()),
        entry.spans.json.as_ref(),
        entry,
    ))
}

/// The other site's export as read, when it was fetched, and whether it is a stale copy.
struct Got {
    export: Export,
    fetched_at: Option<String>,
    stale: bool,
}

/// The export of `source`: from its file; or fetched (and cached once it parses); or, when
/// the fetch fails or `offline`, the copy cached last time (with a warning when online).
fn get_export(
    config: &Config,
    source: &SiteSource,
    cache: &Path,
    offline: bool,
    now: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Got, Box<Diagnostic>> {
    let parse = |bytes: &[u8]| {
        parse_export(bytes).map_err(|(code, message, hint)| {
            entry_error(
                config,
                source,
                code,
                format!("`{}` {message}", source.json),
                hint,
            )
        })
    };
    if let Some(file) = &source.file {
        let bytes = read_capped(file).map_err(|e| {
            entry_error(
                config,
                source,
                Code::SourceUnavailable,
                format!(
                    "cannot read `{}` (package `{}`): {e}; its records are left out",
                    file.display(),
                    source.package
                ),
                "write the path of another site's decisions.json from the folder of hindsight.toml",
            )
        })?;
        return Ok(Got {
            export: parse(&bytes)?,
            fetched_at: None,
            stale: false,
        });
    }
    let cached = cache_file(cache, source);
    let stamp = cached.with_extension("fetched-at");
    let fetched = if offline {
        Err("--offline".to_string())
    } else {
        fetch(&source.json)
    };
    let reason = match fetched {
        Ok(bytes) => {
            // Checked before it replaces the last good copy.
            let export = parse(&bytes)?;
            store(&cached, &stamp, &bytes, now);
            return Ok(Got {
                export,
                fetched_at: Some(now.to_string()),
                stale: false,
            });
        }
        Err(reason) => reason,
    };
    let Ok(bytes) = read_capped(&cached) else {
        return Err(entry_error(
            config,
            source,
            Code::SourceUnavailable,
            format!(
                "cannot fetch `{}` (package `{}`): {reason}; there is no cached copy, so its records are left out",
                source.json, source.package
            ),
            "check the URL and that this machine can reach it (`curl -I URL`)",
        ));
    };
    let at = std::fs::read_to_string(&stamp)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    if !offline {
        warnings.push(at_entry(
            config,
            Diagnostic::warning(
                Code::SourceFetch,
                format!(
                    "cannot fetch `{}` (package `{}`): {reason}; the cached copy{} is read",
                    source.json,
                    source.package,
                    at.as_deref()
                        .map(|a| format!(" fetched {a}"))
                        .unwrap_or_default()
                ),
            )
            .hint("its pages say when the copy was fetched; check the URL and the network"),
            source.entry.spans.json.as_ref(),
            &source.entry,
        ));
    }
    Ok(Got {
        export: parse(&bytes)?,
        fetched_at: at,
        stale: !offline,
    })
}

/// The warnings for records of the export left out or linked to the portal page only.
fn left_out_warnings(
    config: &Config,
    source: &SiteSource,
    unsafe_urls: usize,
    unusable: usize,
) -> Vec<Diagnostic> {
    let (span, entry) = (source.entry.spans.json.as_ref(), &source.entry);
    let one = |n: usize, singular: &'static str, plural: &'static str| {
        if n == 1 { singular } else { plural }
    };
    let mut warnings = Vec::new();
    if unsafe_urls > 0 {
        warnings.push(at_entry(
            config,
            Diagnostic::warning(
                Code::UnsafeLink,
                format!(
                    "{unsafe_urls} record{} of `{}` give{} a page address that is not http(s) (or a path below its base_url): {} linked to {} portal page only",
                    one(unsafe_urls, "", "s"),
                    source.json,
                    one(unsafe_urls, "s", ""),
                    one(unsafe_urls, "it is", "they are"),
                    one(unsafe_urls, "its", "their"),
                ),
            )
            .hint("addresses such as `javascript:` or `data:` are never linked"),
            span,
            entry,
        ));
    }
    if unusable > 0 {
        warnings.push(at_entry(
            config,
            Diagnostic::warning(
                Code::SourceJson,
                format!(
                    "{unusable} record{} of `{}` {} no id or no title and {} left out",
                    one(unusable, "", "s"),
                    source.json,
                    one(unusable, "has", "have"),
                    one(unusable, "is", "are"),
                ),
            ),
            span,
            entry,
        ));
    }
    warnings
}

/// Reads a file of at most [`MAX_BYTES`].
fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    f.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!("larger than {} MB", MAX_BYTES / 1024 / 1024));
    }
    Ok(bytes)
}

/// Keeps `bytes` as the last good copy (written aside and renamed, so a copy is never
/// half written); a cache that cannot be written only costs the next offline build.
fn store(cached: &Path, stamp: &Path, bytes: &[u8], now: &str) {
    let Some(dir) = cached.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = cached.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, cached).is_ok() {
        let _ = std::fs::write(stamp, now);
    } else {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Fetches `url` with the `curl` command: http(s) only (redirects too), at most
/// [`MAX_BYTES`], failing on an HTTP error status.
fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let out = Command::new("curl")
        .args([
            // First: no ~/.curlrc (it could write the answer elsewhere or allow other schemes).
            "--disable",
            "--silent",
            "--show-error",
            "--fail",
            "--location",
            "--max-redirs",
            "5",
            "--proto",
            "=http,https",
            "--proto-redir",
            "=http,https",
            "--max-time",
            TIMEOUT_SECONDS,
            "--max-filesize",
            &MAX_BYTES.to_string(),
            "--compressed",
            "--user-agent",
            concat!("hindsight/", env!("CARGO_PKG_VERSION")),
            "--url",
            url,
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run curl: {e}"))?;
    if out.status.success() {
        if out.stdout.len() as u64 > MAX_BYTES {
            return Err(format!("larger than {} MB", MAX_BYTES / 1024 / 1024));
        }
        return Ok(out.stdout);
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("curl failed")
        .trim()
        .trim_start_matches("curl: ")
        .to_string();
    Err(line)
}

/// The parts of an export this reads.
struct Export {
    title: Option<String>,
    base_url: Option<String>,
    records: Vec<Value>,
}

type Problem = (Code, String, &'static str);

/// Checks that `bytes` is a hindsight export this version reads.
fn parse_export(bytes: &[u8]) -> Result<Export, Problem> {
    let not_export = |why: String| -> Problem {
        (
            Code::SourceJson,
            format!("is not a hindsight export: {why}"),
            "name the `decisions.json` at the root of a site hindsight built (or the output of `hindsight export`)",
        )
    };
    let value: Value = serde_json::from_slice(bytes).map_err(|e| not_export(e.to_string()))?;
    let Value::Object(mut map) = value else {
        return Err(not_export("it is not a JSON object".into()));
    };
    let Some(schema) = map.get("schema").and_then(Value::as_u64) else {
        return Err(not_export("it has no `schema` number".into()));
    };
    if schema > u64::from(crate::render::json::SCHEMA) {
        return Err((
            Code::SourceSchema,
            format!(
                "is an export of schema {schema}, newer than this hindsight reads (schema {})",
                crate::render::json::SCHEMA
            ),
            "build the portal with a newer hindsight (the other site was built with one)",
        ));
    }
    let Some(Value::Array(records)) = map.remove("records") else {
        return Err(not_export("it has no `records` list".into()));
    };
    let site = map.get("site");
    let text = |k: &str| {
        site.and_then(|s| s.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(Export {
        title: text("title"),
        base_url: text("base_url"),
        records,
    })
}

/// The address a source's records' pages are below, ending in `/`: the export's own
/// `base_url` when it is http(s), else (a URL source) the folder the export was fetched
/// from. `None`: a path source whose export states no usable base_url.
fn site_base(export: &Export, source: &SiteSource) -> Option<String> {
    let folder = |u: &str| -> String {
        let u = u.split(['?', '#']).next().unwrap_or(u);
        match u.rfind('/') {
            Some(i) if i > u.find("://").map_or(0, |s| s + 2) => u[..=i].to_string(),
            _ => format!("{u}/"),
        }
    };
    export
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|b| is_url(b) && safe_url(b))
        .map(|b| format!("{}/", b.trim_end_matches('/')))
        .or_else(|| (source.file.is_none()).then(|| folder(source.json.trim())))
        .filter(|b| safe_url(b))
}

/// Whether `url` can stand in an attribute, a feed and a calendar as it is: printable
/// ASCII without quotes, angle brackets, backslashes or backticks.
fn safe_url(url: &str) -> bool {
    !url.is_empty()
        && url.bytes().all(|b| {
            b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'\\' | b'`')
        })
}

/// The absolute address of a record's page: its `url` when that is http(s) (an export of
/// a portal already links home), else its `url` below `base` when it is a plain path.
/// `None` for anything else (`javascript:`, `data:`, `//host`, `../`).
pub fn home_url(url: &str, base: &str) -> Option<String> {
    let u = url.trim();
    if is_url(u) {
        return safe_url(u).then(|| u.to_string());
    }
    let first = u.split('/').next().unwrap_or("");
    let plain = !u.is_empty()
        && !u.starts_with('/')
        && !first.contains(':')
        && !u.split('/').any(|s| s == "..");
    let full = format!("{base}{u}");
    (plain && safe_url(&full)).then_some(full)
}

fn text(v: &Value, k: &str) -> Option<String> {
    v.get(k)
        .and_then(Value::as_str)
        .map(clean)
        .filter(|s| !s.is_empty())
}

/// Text without control characters (as a local file's would be).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_string()
}

fn texts(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(clean)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn date(v: &Value, k: &str) -> Option<Date> {
    v.get(k).and_then(Value::as_str).and_then(Date::parse_iso)
}

fn status(s: &str) -> Status {
    Status::ALL
        .into_iter()
        .find(|st| st.as_str() == s)
        .unwrap_or(Status::Unknown)
}

/// A reference to another record of the same export, by its id below `<package>/`.
fn same_site(package: &str, id: &str) -> Reference {
    Reference {
        text: format!("/{package}/{id}"),
        ..Reference::default()
    }
}

/// One record of an export as a remote record of `package`; `None` without an id or title.
fn remote_record(v: &Value, package: &str, base: &str, unsafe_urls: &mut usize) -> Option<Record> {
    let id = text(v, "id")?;
    let title = text(v, "title")?;
    // An id leading out of the package (`../x`) or with characters that would change how
    // references to it read is not one hindsight wrote.
    // A segment longer than a file name may be would fail the whole write.
    if id
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == ".." || s.len() > 150)
        || id.len() > 1000
        || id.contains(['#', '?', '\\'])
    {
        return None;
    }
    let home = v
        .get("url")
        .and_then(Value::as_str)
        .and_then(|u| home_url(u, base));
    if home.is_none() {
        *unsafe_urls += 1;
    }
    let refs = |k: &str| -> Vec<Reference> {
        texts(v, k)
            .iter()
            .map(|id| same_site(package, id))
            .collect()
    };
    let relates: Vec<Reference> = match v.get("links").and_then(Value::as_array) {
        Some(links) if !links.is_empty() => links
            .iter()
            .filter_map(|l| {
                let id = text(l, "id")?;
                Some(Reference {
                    words: text(l, "link").filter(|w| w != crate::resolve::RELATES_TO),
                    ..same_site(package, &id)
                })
            })
            .collect(),
        _ => refs("relates"),
    };
    let revisit = v.get("revisit");
    let revisit_source = revisit
        .and_then(|r| r.get("source"))
        .and_then(Value::as_str);
    let revisit = Revisit {
        // A date a retrospective set comes back from that retrospective's own
        // `next_revisit`; a date of the other site's policy is kept as a review date.
        date: revisit
            .filter(|_| revisit_source != Some("retrospective"))
            .and_then(|r| date(r, "date")),
        when: revisit.and_then(|r| text(r, "when")),
        source: match revisit_source {
            Some("review") | Some("policy") => RevisitSource::Review,
            _ => RevisitSource::Record,
        },
    };
    let options = v
        .get("options")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|o| {
                    Some(Choice {
                        name: text(o, "name")?,
                        summary: text(o, "summary"),
                        pros: texts(o, "pros"),
                        cons: texts(o, "cons"),
                    })
                })
                .take(64)
                .collect()
        })
        .unwrap_or_default();
    let tradeoffs = v
        .get("tradeoffs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|t| {
                    Some(Tradeoff {
                        favor: text(t, "favor")?,
                        over: text(t, "over")?,
                        why: text(t, "why"),
                    })
                })
                .take(64)
                .collect()
        })
        .unwrap_or_default();
    let outcome = v.get("outcome").filter(|o| o.is_object()).map(|o| Outcome {
        chosen: text(o, "chosen"),
        rationale: text(o, "rationale"),
    });
    let kind = if v.get("kind").and_then(Value::as_str) == Some("retrospective") {
        Kind::Retrospective
    } else {
        Kind::Decision
    };
    let full = format!("{package}/{id}");
    Some(Record {
        source: full.clone(),
        id: full,
        package: Some(package.to_string()),
        number: v
            .get("number")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok()),
        kind,
        title,
        status: v
            .get("status")
            .and_then(Value::as_str)
            .map_or(Status::Unknown, status),
        status_raw: text(v, "status_raw"),
        date: date(v, "date"),
        deciders: texts(v, "deciders"),
        consulted: texts(v, "consulted"),
        informed: texts(v, "informed"),
        tags: texts(v, "tags"),
        options,
        tradeoffs,
        outcome,
        revisit,
        supersedes: refs("supersedes"),
        relates,
        reviews: text(v, "reviews").map(|id| same_site(package, &id)),
        verdict: text(v, "verdict").and_then(|t| Verdict::parse(&t)),
        next_revisit: date(v, "next_revisit"),
        home,
        ..Record::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_packages() {
        assert_eq!(
            default_package("https://team.example/decisions.json"),
            "team"
        );
        assert_eq!(
            default_package("https://acme.github.io/payments/decisions.json"),
            "payments"
        );
        assert_eq!(
            default_package("http://127.0.0.1:8080/decisions.json"),
            "127"
        );
        assert_eq!(default_package("../team/site/decisions.json"), "site");
        assert_eq!(default_package("exports/platform.json"), "platform");
    }

    #[test]
    fn only_http_and_plain_paths_link_home() {
        let b = "https://team.example/";
        assert_eq!(
            home_url("decisions/0001-x.html", b).as_deref(),
            Some("https://team.example/decisions/0001-x.html")
        );
        assert_eq!(
            home_url("https://other.example/d/1.html", b).as_deref(),
            Some("https://other.example/d/1.html")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "//evil.example/x",
            "/etc/passwd",
            "../x.html",
            "decisions/\"><script>.html",
            "",
        ] {
            assert_eq!(home_url(bad, b), None, "{bad}");
        }
    }

    #[test]
    fn ids_that_could_not_be_pages_are_left_out() {
        let mut unsafe_urls = 0;
        let rec = |id: &str, n: &mut usize| {
            let v = serde_json::json!({"id": id, "title": "T", "url": "decisions/x.html"});
            remote_record(&v, "team", "https://t.example/", n)
        };
        assert!(rec("0001-x", &mut unsafe_urls).is_some());
        assert!(rec("sub/0001-x", &mut unsafe_urls).is_some());
        for bad in ["../x", "a//b", "./x", "x#y", &"a".repeat(151), ""] {
            assert!(rec(bad, &mut unsafe_urls).is_none(), "{bad}");
        }
        assert_eq!(unsafe_urls, 0);
    }

    #[test]
    fn entries_are_checked_and_named_by_line() {
        let e = Config::parse(
            "[[sources]]\njson = \"a.json\"\ngit = \"https://x/y\"\n",
            "hindsight.toml",
        )
        .unwrap_err();
        assert!(e.message.contains("not both"), "{}", e.message);
        let e = Config::parse(
            "[[sources]]\njson = \"a.json\"\npath = \"x\"\n",
            "hindsight.toml",
        )
        .unwrap_err();
        assert!(e.message.contains("on its own"), "{}", e.message);
        let c = Config::parse(
            "[[sources]]\npath = \"d\"\npackage = \"team\"\n\n\
             [[sources]]\njson = \"https://x.example/team/decisions.json\"\n\n\
             [[sources]]\njson = \"file:///etc/passwd\"\n\n\
             [[sources]]\njson = \"exports/platform.json\"\n",
            "hindsight.toml",
        )
        .unwrap();
        assert_eq!(c.local_sources().count(), 1);
        let (ok, d) = sources(&c);
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].package, "platform");
        assert_eq!(
            ok[0].file.as_deref(),
            Some(Path::new("./exports/platform.json"))
        );
        let got: Vec<(Code, Option<usize>)> = d.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            got,
            vec![(Code::SourcePackage, Some(6)), (Code::SourceJson, Some(9))]
        );
    }

    #[test]
    fn exports_are_told_from_other_json() {
        assert!(parse_export(br#"{"schema":1,"records":[]}"#).is_ok());
        let code = |b: &[u8]| parse_export(b).err().map(|p| p.0);
        assert_eq!(code(br#"{"records":[]}"#), Some(Code::SourceJson));
        assert_eq!(code(br#"[1,2]"#), Some(Code::SourceJson));
        assert_eq!(code(b"<html>"), Some(Code::SourceJson));
        assert_eq!(code(br#"{"schema":1}"#), Some(Code::SourceJson));
        assert_eq!(
            code(br#"{"schema":99,"records":[]}"#),
            Some(Code::SourceSchema)
        );
    }
}
