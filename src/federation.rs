//! Sources in other repositories (`[[sources]] git = "..."`): each entry checked against the
//! configuration, fetched with the `git` command into a cache (a partial clone, blobs
//! outside the records folder never downloaded, with a sparse checkout of that folder), and
//! what a build read from each one (its commit, when it was fetched).
//!
//! A source that cannot be fetched is read from its last cached copy (a `source-fetch`
//! warning; its pages say "as of" that commit); with no cached copy it is a
//! `source-unavailable` error and the other sources still build. Records of a source are
//! read below `<package>/` (`payments/0012-ledger.md`), so their ids and pages never clash
//! with the records of another repository.
//!
//! An unchanged source costs a warm build two git processes: `revision` asks the cached
//! clone and the remote which commit `rev` names, and fetches only when it moved; its
//! history and its records folder's files come from `snapshot`s kept by commit and tree.
//! The entries are checked in `remote.rs`; this file fetches them and reads what came.

pub mod json;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::discover::{self, Discovery, SourceDir};

mod remote;
mod revision;
mod snapshot;

pub use remote::{Remote, remotes, repository_name, web_url};
use remote::{at_entry, valid_package};

/// How many sources are fetched (or their history read) at once: git waits on the
/// network and on its own processes far more than it uses a core.
const AT_ONCE: usize = 8;

/// What a build read from one git source.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Fetched {
    pub package: String,
    pub git: String,
    /// As configured; `null`: the remote's HEAD.
    pub rev: Option<String>,
    /// The commit read.
    pub commit: String,
    /// When the cached copy was last fetched (RFC 3339, UTC).
    pub fetched_at: Option<String>,
    /// The fetch failed and the cached copy (as of `commit`) was read.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
    /// The commit's date.
    #[serde(skip)]
    pub date: Option<Date>,
    /// The records folder inside the repository.
    #[serde(skip)]
    pub path: String,
    /// The cached work tree.
    #[serde(skip)]
    pub checkout: PathBuf,
    /// The tree id of the records folder at `commit`.
    #[serde(skip)]
    pub tree: Option<String>,
}

impl Fetched {
    /// The records folder in the cached work tree.
    pub fn root(&self) -> PathBuf {
        if self.path.is_empty() {
            self.checkout.clone()
        } else {
            self.checkout.join(&self.path)
        }
    }

    /// The first characters of the commit, as shown.
    pub fn short(&self) -> &str {
        short(&self.commit)
    }

    /// "Edit this file" link for `rest` (a path below the records folder), when the
    /// repository has a web address (`https://host/owner/repo`, `git@host:owner/repo`).
    pub fn edit_url(&self, rest: &str) -> Option<String> {
        self.web_file_url("edit", self.rev.as_deref().unwrap_or("HEAD"), rest)
    }

    /// The page of `rest` (a path below the records folder) in the repository's web
    /// view, at the commit read, when the repository has a web address.
    pub fn blob_url(&self, rest: &str) -> Option<String> {
        self.web_file_url("blob", &self.commit, rest)
    }

    /// `<web address>/<view>/<rev>/<records folder>/<rest>`, percent-encoded.
    fn web_file_url(&self, view: &str, rev: &str, rest: &str) -> Option<String> {
        let web = web_url(&self.git)?;
        let path = if self.path.is_empty() {
            rest.to_string()
        } else {
            format!("{}/{rest}", self.path)
        };
        Some(format!(
            "{web}/{view}/{}/{}",
            crate::url_path::encode_path(rev),
            crate::url_path::encode_path(&path)
        ))
    }
}

/// The default cache folder: `$XDG_CACHE_HOME/hindsight`, else `~/.cache/hindsight`
/// (`%LOCALAPPDATA%\hindsight` on Windows), else `.hindsight-cache`.
pub fn default_cache() -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(x) = env("XDG_CACHE_HOME") {
        return x.join("hindsight");
    }
    if cfg!(windows)
        && let Some(x) = env("LOCALAPPDATA")
    {
        return x.join("hindsight");
    }
    if let Some(h) = env("HOME") {
        return h.join(".cache").join("hindsight");
    }
    PathBuf::from(".hindsight-cache")
}

/// What fetching every git source gave: the sources read (in configuration order) and
/// the problems (warnings for stale copies, errors for sources left out).
#[derive(Debug, Default)]
pub struct Fetch {
    pub fetched: Vec<Fetched>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Fetch {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Fetches every git source of `config` into `cache` (none with `offline`: the cached
/// copies are read), several at once.
pub fn fetch(config: &Config, cache: &Path, offline: bool) -> Fetch {
    let (remotes, mut diagnostics) = remotes(config);
    let now = jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map_or_else(|_| jiff::Timestamp::now().to_string(), |t| t.to_string());
    let results = std::thread::scope(|s| {
        // The snapshots' key (a hash of this binary) is worked out while git runs.
        s.spawn(snapshot::binary);
        in_parallel(&remotes, |r| fetch_one(config, r, cache, offline, &now))
    });
    let mut fetched = Vec::new();
    for r in results {
        match r {
            Ok((f, warning)) => {
                fetched.push(f);
                diagnostics.extend(warning);
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    Fetch {
        fetched,
        diagnostics,
    }
}

/// Runs `f` on every item, [`AT_ONCE`] at a time, keeping the order.
pub fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..AT_ONCE.min(items.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    out.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    out.into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

/// A stable 64-bit FNV-1a hash (the cache folder of a URL must not change between builds).
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The cache folder of a source: its package and a hash of its URL.
pub fn cache_dir(cache: &Path, remote: &Remote) -> PathBuf {
    cache
        .join("git")
        .join(format!("{}-{:016x}", remote.package, fnv(&remote.git)))
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_ASKPASS", "true")
        .env("GCM_INTERACTIVE", "never")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null());
    c
}

/// Runs git, returning its standard output, or the last line it wrote to standard error.
fn run(mut c: Command) -> Result<String, String> {
    match c.output() {
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) => {
            let err = String::from_utf8_lossy(&o.stderr);
            // git's own reason is its first `fatal:` (or `error:`) line; advice follows it.
            let line = err
                .lines()
                .find(|l| l.starts_with("fatal: ") || l.starts_with("error: "))
                .or_else(|| err.lines().rev().find(|l| !l.trim().is_empty()))
                .unwrap_or("git failed")
                .trim()
                .trim_start_matches("fatal: ")
                .trim_start_matches("error: ")
                .to_string();
            Err(line)
        }
        Err(e) => Err(format!("cannot run git: {e}")),
    }
}

/// The refs a configured `rev` may name, in order.
fn candidates(rev: Option<&str>) -> Vec<String> {
    match rev {
        None => vec!["refs/hindsight/head".into()],
        Some(r) => {
            let mut v = vec![format!("refs/remotes/origin/{r}"), format!("refs/tags/{r}")];
            if r.len() >= 4 && r.bytes().all(|b| b.is_ascii_hexdigit()) {
                v.push(r.to_string());
            }
            v
        }
    }
}

const LAST: &str = "refs/hindsight/last";
const FETCHED_AT: &str = "hindsight-fetched-at";

/// Fetches one source and checks its revision and folder out; `Err` leaves it out.
///
/// Offline, or when the fetch fails, the cached copy is read (with a warning when online);
/// a source with no cached copy is left out with an error.
fn fetch_one(
    config: &Config,
    remote: &Remote,
    cache: &Path,
    offline: bool,
    now: &str,
) -> Result<(Fetched, Option<Diagnostic>), Box<Diagnostic>> {
    let dir = cache_dir(cache, remote);
    let spans = &remote.entry.spans;
    let fresh = !dir.join(".git").is_dir();
    let candidates = candidates(remote.rev.as_deref());
    let resolve = || {
        revision::resolve(&dir, &candidates, &remote.path, remote.rev.as_deref())
            .unwrap_or_default()
    };
    let mut resolved = if fresh {
        revision::Resolved::default()
    } else {
        resolve()
    };
    let failure = if offline {
        fresh.then(|| "--offline, and nothing is cached".to_string())
    } else {
        if fresh && let Err(e) = init(&dir, &remote.git) {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(entry_error(
                config,
                remote,
                Code::SourceUnavailable,
                format!(
                    "cannot set up the cache for `{}` in {}: {e}",
                    remote.git,
                    dir.display()
                ),
                "pass a writable folder with --cache DIR",
                spans.git.as_ref(),
            ));
        }
        update_cache(&dir, remote, fresh, &mut resolved, &resolve, now).err()
    };
    if let Some(reason) = &failure {
        let cached = resolved.last.filter(|_| !fresh);
        return cached_copy(config, remote, dir, fresh, offline, cached, reason);
    }
    let Some(revision) = (if offline {
        resolved.last
    } else {
        resolved.wanted
    }) else {
        return Err(entry_error(
            config,
            remote,
            Code::SourceRev,
            format!(
                "`{}` has no branch, tag or commit `{}`",
                remote.git,
                remote.rev.as_deref().unwrap_or("HEAD")
            ),
            "fix `rev`, or leave it out for the remote's HEAD",
            spans.rev.as_ref().or(spans.git.as_ref()),
        ));
    };
    if revision.tree.is_none() {
        return Err(entry_error(
            config,
            remote,
            Code::SourcePath,
            format!(
                "`{}` at {} has no folder `{}`",
                remote.git,
                short(&revision.commit),
                remote.path
            ),
            "write the records folder from the repository's root: path = \"docs/adr\"",
            spans.path.as_ref().or(spans.git.as_ref()),
        ));
    }
    if !offline && let Err(e) = check_out(&dir, &remote.path, &revision.commit) {
        return Err(entry_error(
            config,
            remote,
            Code::SourceUnavailable,
            format!(
                "cannot check out `{}` at {}: {e}",
                remote.git, revision.commit
            ),
            "remove the cache folder and build again",
            spans.git.as_ref(),
        ));
    }
    Ok((fetched(remote, dir, revision, false), None))
}

/// An error about a `[[sources]]` entry, placed at `range` in hindsight.toml.
fn entry_error(
    config: &Config,
    remote: &Remote,
    code: Code,
    message: String,
    hint: &str,
    range: Option<&std::ops::Range<usize>>,
) -> Box<Diagnostic> {
    Box::new(at_entry(
        config,
        Diagnostic::error(code, message).hint(hint.to_string()),
        range,
        &remote.entry,
    ))
}

/// Brings the cache up to date with the remote: no fetch for a pinned commit already here
/// or a remote whose refs have not moved since the last fetch; else one fetch of every
/// branch and tag (blobs on demand), after which `resolved` is read again. `Err`: why it
/// could not.
fn update_cache(
    dir: &Path,
    remote: &Remote,
    fresh: bool,
    resolved: &mut revision::Resolved,
    resolve: &dyn Fn() -> revision::Resolved,
    now: &str,
) -> Result<(), String> {
    // A commit that is here already cannot change; a branch or tag whose commit on the
    // remote is the one fetched last time needs no fetch either.
    let pinned = remote
        .rev
        .as_deref()
        .is_some_and(|r| r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()))
        && resolved.wanted.is_some();
    let unchanged =
        !fresh && (pinned || revision::remote_unchanged(dir, remote.rev.as_deref(), resolved)?);
    if unchanged && let Some(w) = &resolved.wanted {
        note(
            &remote.package,
            &format!("remote unchanged at {}, not fetched", short(&w.commit)),
        );
    }
    if !unchanged {
        let mut f = git(dir);
        f.args([
            "-c",
            "fetch.recurseSubmodules=false",
            "fetch",
            "--quiet",
            "--prune",
            "--no-tags",
            "--filter=blob:none",
            "origin",
            "+HEAD:refs/hindsight/head",
            "+refs/heads/*:refs/remotes/origin/*",
            "+refs/tags/*:refs/tags/*",
        ]);
        run(f)?;
        *resolved = resolve();
    }
    let _ = std::fs::write(dir.join(".git").join(FETCHED_AT), now);
    Ok(())
}

/// After a failed fetch (or offline): the copy cached last time, stale when online and
/// with a warning that says so; with no cached copy, the source is left out.
fn cached_copy(
    config: &Config,
    remote: &Remote,
    dir: PathBuf,
    fresh: bool,
    offline: bool,
    cached: Option<revision::Revision>,
    reason: &str,
) -> Result<(Fetched, Option<Diagnostic>), Box<Diagnostic>> {
    let spans = &remote.entry.spans;
    let Some(cached) = cached else {
        if fresh {
            let _ = std::fs::remove_dir_all(&dir);
        }
        return Err(entry_error(
            config,
            remote,
            Code::SourceUnavailable,
            format!(
                "cannot fetch `{}` (package `{}`): {reason}; there is no cached copy, so its records are left out",
                remote.git, remote.package
            ),
            "check the URL and that this machine can reach it (`git ls-remote URL`)",
            spans.git.as_ref(),
        ));
    };
    let fetched = fetched(remote, dir, cached, !offline);
    let warning = (!offline).then(|| {
        at_entry(
            config,
            Diagnostic::warning(
                Code::SourceFetch,
                format!(
                    "cannot fetch `{}` (package `{}`): {reason}; the cached copy as of {}{} is read",
                    remote.git,
                    remote.package,
                    fetched.short(),
                    fetched.date.map(|d| format!(", {d}")).unwrap_or_default()
                ),
            )
            .hint("its pages say which commit they show; check the URL and the network"),
            spans.git.as_ref(),
            &remote.entry,
        )
    });
    Ok((fetched, warning))
}

/// A source as fetched: `revision` of `remote`, checked out in `dir`.
fn fetched(remote: &Remote, dir: PathBuf, revision: revision::Revision, stale: bool) -> Fetched {
    Fetched {
        package: remote.package.clone(),
        git: remote.git.clone(),
        rev: remote.rev.clone(),
        fetched_at: read_fetched_at(&dir),
        stale,
        date: revision.date,
        path: remote.path.clone(),
        checkout: dir,
        commit: revision.commit,
        tree: revision.tree,
    }
}

/// The first characters of a commit, as shown.
fn short(commit: &str) -> &str {
    &commit[..commit.len().min(10)]
}

/// Says what was reused for a source, when timings are on (`HINDSIGHT_TIMINGS=1`).
fn note(package: &str, what: &str) {
    if crate::timing::enabled() {
        eprintln!("timing: {package}: {what}");
    }
}

fn read_fetched_at(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join(".git").join(FETCHED_AT))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// An empty repository that fetches `url` as a partial clone (no blobs until a checkout
/// needs them).
fn init(dir: &Path, url: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut c = git(dir);
    c.args(["init", "--quiet"]);
    run(c)?;
    for (k, v) in [
        ("remote.origin.url", url),
        ("remote.origin.promisor", "true"),
        ("remote.origin.partialclonefilter", "blob:none"),
        ("core.sparseCheckout", "true"),
        ("core.sparseCheckoutCone", "false"),
        ("gc.auto", "0"),
    ] {
        let mut c = git(dir);
        c.args(["config", k, v]);
        run(c)?;
    }
    Ok(())
}

/// Checks `commit` out with only `path` in the work tree (nothing is done when it
/// already is).
fn check_out(dir: &Path, path: &str, commit: &str) -> Result<(), String> {
    let info = dir.join(".git").join("info");
    std::fs::create_dir_all(&info).map_err(|e| e.to_string())?;
    let pattern = if path.is_empty() {
        "/*\n".to_string()
    } else {
        let escaped: String = path
            .chars()
            .flat_map(|c| {
                let esc = matches!(c, '\\' | '*' | '?' | '[' | '!' | '#' | ' ');
                esc.then_some('\\').into_iter().chain(std::iter::once(c))
            })
            .collect();
        format!("/{escaped}/\n")
    };
    let sparse = info.join("sparse-checkout");
    let head = std::fs::read_to_string(dir.join(".git").join("HEAD")).unwrap_or_default();
    let same_pattern = std::fs::read_to_string(&sparse).ok().as_deref() == Some(pattern.as_str());
    if head.trim() == commit && same_pattern {
        return Ok(());
    }
    std::fs::write(&sparse, &pattern).map_err(|e| e.to_string())?;
    let mut c = git(dir);
    c.args([
        "-c",
        "advice.detachedHead=false",
        "checkout",
        "--quiet",
        "--force",
        "--detach",
        commit,
        "--",
    ]);
    run(c)?;
    let mut c = git(dir);
    c.args(["update-ref", LAST, commit]);
    run(c)?;
    Ok(())
}

/// Reads the records folders of `fetched` (each below `<package>/`) into `discovery`.
pub fn discover_into<T: Send>(
    discovery: &mut Discovery<T>,
    fetched: &[Fetched],
    each: impl Fn(discover::SourceText) -> T + Sync,
) {
    let found = in_parallel(fetched, |f| {
        let d = match snapshot::read_texts(f) {
            Some(d) => {
                note(
                    &f.package,
                    &format!(
                        "records folder unchanged (tree {}), {} files from the cache",
                        short(f.tree.as_deref().unwrap_or_default()),
                        d.texts.len()
                    ),
                );
                d
            }
            None => {
                let root = f.root();
                let dirs = [SourceDir {
                    path: root.clone(),
                    package: Some(f.package.clone()),
                }];
                let d = discover::discover(&root, &dirs, None);
                snapshot::write_texts(f, &d);
                d
            }
        };
        let texts: Vec<T> = d
            .texts
            .into_iter()
            .map(|mut t| {
                t.source = format!("{}/{}", f.package, t.source);
                each(t)
            })
            .collect();
        let rest = Discovery {
            root: d.root,
            texts,
            assets: d.assets,
            skipped: d.skipped,
            diagnostics: d.diagnostics,
        };
        (f.package.clone(), rest)
    });
    for (package, d) in found {
        let prefix = |s: &str| format!("{package}/{s}");
        discovery.texts.extend(d.texts);
        discovery.assets.extend(d.assets.iter().map(|a| prefix(a)));
        discovery.skipped.extend(d.skipped.into_iter().map(|mut s| {
            s.source = prefix(&s.source);
            s
        }));
        discovery.diagnostics.extend(d.diagnostics);
    }
}

/// What git says about the records of `fetched`, keyed below `<package>/` like their
/// records, merged into `git` (created when the home folder has no history).
pub fn history_into(git: &mut Option<crate::history::Git>, fetched: &[Fetched]) {
    if fetched.is_empty() {
        return;
    }
    let read = in_parallel(fetched, |f| {
        if let Some(h) = snapshot::read_history(f) {
            note(
                &f.package,
                &format!("history of {} from the cache", f.short()),
            );
            return (f.package.clone(), Some(h));
        }
        let h = crate::history::read(&f.root()).ok().flatten();
        // A history whose status changes could not be read (git failing part way) is not
        // kept: the next build tries again.
        if let Some(h) = &h
            && (h.files.is_empty() || !h.lifecycles.is_empty())
        {
            snapshot::write_history(f, h);
        }
        (f.package.clone(), h)
    });
    let g = git.get_or_insert_with(Default::default);
    for (package, h) in read {
        let Some(h) = h else { continue };
        g.files.extend(
            h.files
                .into_iter()
                .map(|(k, v)| (format!("{package}/{k}"), v)),
        );
        g.lifecycles.extend(
            h.lifecycles
                .into_iter()
                .map(|(k, v)| (format!("{package}/{k}"), v)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::parse(text, "hindsight.toml").unwrap()
    }

    #[test]
    fn the_cache_folder_is_stable() {
        let c = config("[[sources]]\ngit = \"file:///srv/p.git\"\n");
        let (r, _) = remotes(&c);
        assert_eq!(
            cache_dir(Path::new("/c"), &r[0]),
            Path::new("/c/git").join(format!("p-{:016x}", fnv("file:///srv/p.git")))
        );
        assert_eq!(fnv("a"), 0xaf63dc4c8601ec8c);
    }
}
