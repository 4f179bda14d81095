//! Citations of decisions in the code: the scan of the repository work tree that holds the
//! records (`// see ADR-0012`, `adr_12`, a relative link to a record file), and
//! [`attach`], which turns what was found into each record's "cited in" places and the
//! `cites-superseded` and `cites-unknown` warnings of `hindsight check`.
//!
//! [`scan`] is the only reader: it walks the work tree with the `ignore` crate's parallel
//! walker (ripgrep's), honouring `.gitignore`, never following a symbolic link, skipping
//! `.git`, the output folder, the record folders themselves, binary files and files over
//! 1 MiB. The same walk lists the files, for `applies_to` (see [`crate::governance`]).
//! The walker and the glob matcher: ADR-0053; the patterns are regular expressions: ADR-0054.
//! [`attach`] is pure.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use ignore::gitignore::Gitignore;
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use regex::bytes::Regex;

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::file_path::relative_to;
use crate::governance::{CodeSite, Governance, record_name, shown_status, successor_names};
use crate::resolve::Model;

/// The default citation pattern: `ADR` in any case, then `-`, `_`, a space or nothing, then
/// the number. A package written right before a match qualifies it (`ledger/ADR-12`,
/// `ledger:adr-12`; see [`package_before`]). The pattern starts with a literal, which the
/// regex crate finds with a vector prefilter: a prefix group in the pattern would cost ten
/// times the CPU (1.83 s against 0.19 s of user time on 1 GB).
pub const DEFAULT_PATTERN: &str = r"(?i-u)\badr[-_ ]?([0-9]+)\b";

/// Files of this name (gitignore syntax, in any folder of the work tree) name files that
/// are not read for citations (test data full of example citations); those files are
/// still governed by `applies_to`.
pub const IGNORE_FILE: &str = ".hindsightignore";

/// Files larger than this are not read for citations.
pub const MAX_FILE: u64 = 1 << 20;

/// Compiles one citation pattern; it must have a group for the number (the group named
/// `number`, else the first).
pub fn compile_pattern(text: &str) -> Result<Regex, String> {
    let re = Regex::new(text).map_err(|e| match e {
        regex::Error::Syntax(s) => s.lines().last().unwrap_or("").trim().to_string(),
        other => other.to_string(),
    })?;
    if re.captures_len() < 2 {
        return Err("it has no group `( )` around the number".into());
    }
    Ok(re)
}

/// What a citation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cites {
    /// A record number, with the package written before it, if any.
    Number {
        package: Option<String>,
        number: u32,
    },
    /// A record file, by its path from the work tree root (a relative link resolved).
    File(String),
}

/// One citation found in the work tree.
#[derive(Debug, Clone)]
pub struct Citation {
    /// The citing file, from the work tree root, `/`-separated.
    pub path: String,
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Length of the citation, in characters.
    pub len: usize,
    pub cites: Cites,
    /// The citing line (for the diagnostic's marker), at most a few hundred bytes of it.
    pub line_text: String,
}

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// The work tree root.
    pub root: PathBuf,
    /// Citation patterns; no content is read when empty and `link_dirs` is empty.
    pub patterns: Vec<Regex>,
    /// Folders (from the root) whose files are read; all when empty.
    pub paths: Vec<String>,
    /// Folders never walked (the output folder, the record folders), from the root; an
    /// empty one is the root itself, and then nothing is walked.
    pub skip: Vec<String>,
    /// Record folders from the root (`decisions`, `docs/adr`): links into them cite records.
    pub link_dirs: Vec<String>,
    /// Whether to scan at all (`[citations] enabled`).
    pub read: bool,
}

/// The work tree that holds a project's records, and how to scan it.
#[derive(Debug, Clone)]
pub struct WorkTree {
    /// The records' root folder from the work tree root (`docs/adr`), or empty.
    pub records_prefix: String,
    pub options: ScanOptions,
}

impl WorkTree {
    /// The work tree of `project` (the git work tree holding its records, else the folder
    /// of its configuration when that holds the records, else the records' own folder) and the scan its `[citations]` configuration asks for;
    /// `exclude` (the output folder) is never walked, nor is the configured one.
    pub fn new(project: &crate::project::Project, exclude: Option<&Path>) -> WorkTree {
        let config = &project.config;
        let non_empty = |p: &Path| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p.to_path_buf()
            }
        };
        let records = non_empty(&project.root);
        let fallback = if relative_to(&records, &non_empty(&config.dir)).is_some() {
            non_empty(&config.dir)
        } else {
            records.clone()
        };
        let root = work_tree_root(&records, &fallback);
        let records_prefix = relative_to(&non_empty(&project.root), &root).unwrap_or_default();
        let output = config.path(config.output.as_deref().unwrap_or(Path::new("site")));
        let mut skip: Vec<String> = exclude
            .into_iter()
            .chain([output.as_path()])
            .filter_map(|p| relative_to(p, &root))
            .filter(|p| !p.is_empty())
            .collect();
        let link_dirs: Vec<String> = project
            .dirs
            .iter()
            .filter_map(|d| relative_to(&non_empty(&d.path), &root))
            .filter(|p| !p.is_empty())
            .collect();
        skip.extend(link_dirs.iter().cloned());
        // A records folder that is the work tree itself (an architecture repository, a
        // folder of records outside git) is skipped like any other: its records are not
        // code that cites them, and nothing else is there to scan.
        if project
            .dirs
            .iter()
            .any(|d| relative_to(&non_empty(&d.path), &root).is_some_and(|p| p.is_empty()))
        {
            skip.push(String::new());
        }
        let patterns = if config.citations.patterns.is_empty() {
            vec![compile_pattern(DEFAULT_PATTERN).expect("the default pattern compiles")]
        } else {
            config
                .citations
                .patterns
                .iter()
                .filter_map(|p| compile_pattern(p.get_ref()).ok())
                .collect()
        };
        WorkTree {
            records_prefix,
            options: ScanOptions {
                root,
                patterns,
                paths: config.citations.paths.clone(),
                skip,
                link_dirs,
                read: config.citations.enabled,
            },
        }
    }
}

/// What the scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every file of the work tree that is not ignored, from the root, sorted.
    pub files: Vec<String>,
    /// Citations, sorted by path and position.
    pub citations: Vec<Citation>,
    /// Files and folders that could not be read, one warning each.
    pub diagnostics: Vec<Diagnostic>,
}

impl Scan {
    fn extend(&mut self, other: Scan) {
        self.files.extend(other.files);
        self.citations.extend(other.citations);
        self.diagnostics.extend(other.diagnostics);
    }
}

/// The root of the work tree that holds `dir`: the nearest folder above it with a `.git`
/// (a folder, or the file of a linked worktree), else `fallback`.
pub fn work_tree_root(dir: &Path, fallback: &Path) -> PathBuf {
    let start = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut at = Some(start.as_path());
    while let Some(d) = at {
        if d.join(".git").exists() {
            return d.to_path_buf();
        }
        at = d.parent();
    }
    std::fs::canonicalize(fallback).unwrap_or_else(|_| fallback.to_path_buf())
}

/// Walks the work tree (in parallel), listing its files and, when `options.read`, finding
/// the citations in them.
pub fn scan(options: &ScanOptions) -> Scan {
    let t0 = std::time::Instant::now();
    if options.skip.iter().any(String::is_empty) {
        return Scan::default();
    }
    let shared = Mutex::new(Scan::default());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    let walker = WalkBuilder::new(&options.root)
        .hidden(false)
        .parents(false)
        .require_git(false)
        .follow_links(false)
        .threads(threads)
        .build_parallel();
    let link_names: Vec<(String, memchr::memmem::Finder<'static>)> = options
        .link_dirs
        .iter()
        .filter_map(|d| {
            let last = d.rsplit('/').next()?;
            (!last.is_empty()).then(|| {
                (
                    d.clone(),
                    memchr::memmem::Finder::new(format!("{last}/").as_bytes()).into_owned(),
                )
            })
        })
        .collect();
    let not_cited = NotCited {
        root: options.root.clone(),
        cache: RwLock::new(HashMap::new()),
        diagnostics: Mutex::new(Vec::new()),
    };
    let mut builder = Visitors {
        options,
        link_names: &link_names,
        shared: &shared,
        not_cited: &not_cited,
    };
    walker.visit(&mut builder);
    let mut scan = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    scan.diagnostics.extend(
        not_cited
            .diagnostics
            .into_inner()
            .unwrap_or_else(|e| e.into_inner()),
    );
    scan.files.sort_unstable();
    scan.citations
        .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    crate::diagnostic::sort(&mut scan.diagnostics);
    crate::timing::report("load: citation scan", t0);
    scan
}

struct Visitors<'s> {
    options: &'s ScanOptions,
    link_names: &'s [(String, memchr::memmem::Finder<'static>)],
    shared: &'s Mutex<Scan>,
    not_cited: &'s NotCited,
}

/// The `.hindsightignore` files of the work tree, each read once, when first needed.
struct NotCited {
    root: PathBuf,
    cache: RwLock<HashMap<PathBuf, Option<Arc<Gitignore>>>>,
    diagnostics: Mutex<Vec<Diagnostic>>,
}

impl NotCited {
    /// The matcher of `dir`'s `.hindsightignore`, if it has one.
    fn of(&self, dir: &Path) -> Option<Arc<Gitignore>> {
        if let Some(m) = self
            .cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir)
        {
            return m.clone();
        }
        let file = dir.join(IGNORE_FILE);
        let m = file.is_file().then(|| {
            let (gi, error) = Gitignore::new(&file);
            if let Some(e) = error {
                self.diagnostics
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(
                        Diagnostic::warning(
                            Code::InvalidGlob,
                            format!("a line is not a glob, and is left out: {e}"),
                        )
                        .in_file(relative_to(&file, &self.root).unwrap_or_default()),
                    );
            }
            Arc::new(gi)
        });
        self.cache
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf(), m.clone());
        m
    }

    /// Whether the nearest `.hindsightignore` that says anything about `path` excludes it.
    fn excludes(&self, path: &Path) -> bool {
        let mut dir = path.parent();
        while let Some(d) = dir {
            if !d.starts_with(&self.root) {
                break;
            }
            if let Some(gi) = self.of(d) {
                let m = gi.matched_path_or_any_parents(path, false);
                if m.is_ignore() {
                    return true;
                }
                if m.is_whitelist() {
                    return false;
                }
            }
            dir = d.parent();
        }
        false
    }
}

impl<'s> ParallelVisitorBuilder<'s> for Visitors<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            options: self.options,
            link_names: self.link_names,
            shared: self.shared,
            not_cited: self.not_cited,
            local: Scan::default(),
            buf: Vec::new(),
        })
    }
}

/// One walking thread: collects locally, hands its findings over when dropped.
struct Visitor<'s> {
    options: &'s ScanOptions,
    link_names: &'s [(String, memchr::memmem::Finder<'static>)],
    shared: &'s Mutex<Scan>,
    not_cited: &'s NotCited,
    local: Scan,
    buf: Vec<u8>,
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let local = std::mem::take(&mut self.local);
        self.shared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(local);
    }
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                self.local.diagnostics.push(
                    Diagnostic::warning(
                        Code::UnreadableFile,
                        format!("cannot read this part of the work tree, so citations in it are not seen: {e}"),
                    )
                    .in_file(self.options.root.display().to_string()),
                );
                return WalkState::Continue;
            }
        };
        if entry.depth() == 0 {
            return WalkState::Continue;
        }
        let Some(file_type) = entry.file_type() else {
            return WalkState::Continue;
        };
        let Ok(rel) = entry.path().strip_prefix(&self.options.root) else {
            return WalkState::Continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if file_type.is_dir() {
            if entry.file_name() == ".git" || self.options.skip.contains(&rel) {
                return WalkState::Skip;
            }
            return WalkState::Continue;
        }
        // Symbolic links are never followed: a link may lead out of the work tree.
        if !file_type.is_file() {
            return WalkState::Continue;
        }
        let readable = self.options.read
            && (self.options.paths.is_empty()
                || self.options.paths.iter().any(|p| {
                    let p = p.trim_matches('/');
                    p.is_empty()
                        || rel == p
                        || (rel.starts_with(p) && rel.as_bytes().get(p.len()) == Some(&b'/'))
                }));
        if readable && !self.not_cited.excludes(entry.path()) {
            self.read(entry.path(), &rel);
        }
        self.local.files.push(rel);
        WalkState::Continue
    }
}

impl Visitor<'_> {
    fn read(&mut self, path: &Path, rel: &str) {
        use std::io::Read;
        let unreadable = |e: std::io::Error| {
            Diagnostic::warning(
                Code::UnreadableFile,
                format!("cannot read this file, so citations in it are not seen: {e}"),
            )
            .in_file(rel.to_string())
        };
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.local.diagnostics.push(unreadable(e));
                return;
            }
        };
        match file.metadata() {
            Ok(m) if m.len() > MAX_FILE => return,
            Ok(_) => {}
            Err(e) => {
                self.local.diagnostics.push(unreadable(e));
                return;
            }
        }
        self.buf.clear();
        if let Err(e) = file.take(MAX_FILE + 1).read_to_end(&mut self.buf) {
            self.local.diagnostics.push(unreadable(e));
            return;
        }
        if self.buf.len() as u64 > MAX_FILE || memchr::memchr(0, &self.buf).is_some() {
            return; // grew while read, or binary
        }
        let buf = std::mem::take(&mut self.buf);
        find_citations(
            &buf,
            rel,
            &self.options.patterns,
            self.link_names,
            &mut self.local.citations,
        );
        self.buf = buf;
    }
}

/// Finds the citations in the text of the file `rel`.
fn find_citations(
    text: &[u8],
    rel: &str,
    patterns: &[Regex],
    link_names: &[(String, memchr::memmem::Finder<'static>)],
    out: &mut Vec<Citation>,
) {
    let mut lines = Lines::new(text);
    let mut found: Vec<(usize, usize, Cites)> = Vec::new();
    for re in patterns {
        let number_group = re
            .capture_names()
            .position(|n| n == Some("number"))
            .unwrap_or(1);
        let package_group = re.capture_names().position(|n| n == Some("package"));
        for caps in re.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always matches");
            let Some(number) = caps
                .get(number_group)
                .or_else(|| caps.iter().skip(1).flatten().next())
                .and_then(|m| std::str::from_utf8(m.as_bytes()).ok())
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            let (start, package) = match package_group.and_then(|g| caps.get(g)) {
                Some(m) => (
                    whole.start(),
                    Some(String::from_utf8_lossy(m.as_bytes()).into_owned()),
                ),
                None => match package_before(text, whole.start()) {
                    Some((at, p)) => (at, Some(p)),
                    None => (whole.start(), None),
                },
            };
            found.push((start, whole.end(), Cites::Number { package, number }));
        }
    }
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    for (link_dir, finder) in link_names {
        for at in finder.find_iter(text) {
            let is_path = |b: u8| b.is_ascii_alphanumeric() || b"._-/~%+".contains(&b);
            let start = text[..at]
                .iter()
                .rposition(|&b| !is_path(b))
                .map_or(0, |i| i + 1);
            let end = text[at..]
                .iter()
                .position(|&b| !is_path(b))
                .map_or(text.len(), |i| at + i);
            let Ok(token) = std::str::from_utf8(&text[start..end]) else {
                continue;
            };
            let token = token.trim_end_matches(['.', ')']);
            if !(token.ends_with(".md") || token.ends_with(".markdown")) {
                continue;
            }
            // A relative link from the citing file, else a path from the work tree root
            // (`see decisions/0020-search.md` in a comment).
            let in_records = |p: &String| {
                p.strip_prefix(link_dir.as_str())
                    .is_some_and(|r| r.starts_with('/'))
            };
            let relative = match token.strip_prefix('/') {
                Some(from_root) => Some(from_root.to_string()),
                None => crate::url_path::join(dir, token),
            };
            let from_root = crate::url_path::join("", token.trim_start_matches("./"));
            if let Some(target) = relative
                .filter(in_records)
                .or_else(|| from_root.filter(in_records))
            {
                found.push((start, start + token.len(), Cites::File(target)));
            }
        }
    }
    found.sort_by_key(|f| f.0);
    found.dedup_by_key(|f| f.0);
    for (start, end, cites) in found {
        let (line, line_start) = lines.at(start);
        if quoted(&text[line_start..start]) {
            continue;
        }
        let line_end =
            memchr::memchr(b'\n', &text[line_start..]).map_or(text.len(), |i| line_start + i);
        let shown_end = line_end.min(line_start + 400).max(end.min(line_end));
        let line_text = String::from_utf8_lossy(&text[line_start..shown_end]).into_owned();
        let column = String::from_utf8_lossy(&text[line_start..start])
            .chars()
            .count()
            + 1;
        let len = String::from_utf8_lossy(&text[start..end]).chars().count();
        out.push(Citation {
            path: rel.to_string(),
            line,
            column,
            len,
            cites,
            line_text,
        });
    }
}

/// The package written right before a citation at `start` (`ledger/` or `ledger:`): where
/// it starts, and its name (a letter, then letters, digits, `-` and `_`).
fn package_before(text: &[u8], start: usize) -> Option<(usize, String)> {
    let sep = start.checked_sub(1)?;
    if !matches!(text[sep], b'/' | b':') {
        return None;
    }
    let from = text[..sep]
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .map_or(0, |i| i + 1);
    let name = &text[from..sep];
    (name.first()?.is_ascii_alphabetic())
        .then(|| (from, String::from_utf8_lossy(name).into_owned()))
}

/// Whether a citation that follows `before` (the start of its line) stands inside
/// backticks or double quotes: an example (`ADR-12` in a doc comment, "ADR-12" in test
/// data), not a citation.
fn quoted(before: &[u8]) -> bool {
    let mut backticks = 0usize;
    let mut quotes = 0usize;
    let mut escaped = false;
    for &b in before {
        match b {
            b'\\' => {
                escaped = !escaped;
                continue;
            }
            b'`' if !escaped => backticks += 1,
            b'"' if !escaped => quotes += 1,
            _ => {}
        }
        escaped = false;
    }
    backticks % 2 == 1 || quotes % 2 == 1
}

/// Line numbers of byte offsets asked for in increasing order, counting each newline once.
struct Lines<'t> {
    text: &'t [u8],
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t [u8]) -> Lines<'t> {
        Lines {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The 1-based line of byte `at`, and where that line starts.
    fn at(&mut self, at: usize) -> (usize, usize) {
        if at < self.offset {
            *self = Lines::new(self.text);
        }
        for nl in memchr::memchr_iter(b'\n', &self.text[self.offset..at]) {
            self.line += 1;
            self.line_start = self.offset + nl + 1;
        }
        self.offset = at;
        (self.line, self.line_start)
    }
}

/// Fills each record's [`crate::governance::CodeLinks`] from the scan (the files its
/// `applies_to` matches, the places citing it), and returns the warnings `check` gives
/// about the citations: `cites-superseded` and `cites-unknown`. `records_prefix` is the
/// records' root folder from the work tree root (`docs/adr`, or empty). Pure.
pub fn attach(model: &mut Model, scan: &Scan, records_prefix: &str) -> Vec<Diagnostic> {
    let governance = Governance::new(model);
    let governed = governance.governed_files(&scan.files, model.records.len());
    for (r, files) in model.records.iter_mut().zip(governed) {
        r.code.scanned = true;
        r.code.governs = files;
    }
    let mut by_number: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut by_file: HashMap<String, usize> = HashMap::new();
    for (i, r) in model.records.iter().enumerate() {
        if let Some(n) = r.record.number {
            by_number.entry(n).or_default().push(i);
        }
        let path = if records_prefix.is_empty() {
            r.record.source.clone()
        } else {
            format!("{records_prefix}/{}", r.record.source)
        };
        by_file.insert(path, i);
    }
    let mut diagnostics = Vec::new();
    let mut cited: Vec<Vec<CodeSite>> = vec![Vec::new(); model.records.len()];
    for c in &scan.citations {
        let target = match &c.cites {
            Cites::File(path) => match by_file.get(path) {
                Some(&i) => i,
                None => continue, // a link to a file that is not a record: a broken link, not a citation
            },
            Cites::Number { package, number } => {
                let all = by_number.get(number).map(Vec::as_slice).unwrap_or(&[]);
                let in_package: Vec<usize> = match package {
                    Some(p) => all
                        .iter()
                        .copied()
                        .filter(|&i| model.records[i].record.package.as_deref() == Some(p.as_str()))
                        .collect(),
                    None => Vec::new(),
                };
                let candidates = if in_package.is_empty() {
                    all
                } else {
                    &in_package
                };
                match candidates {
                    [i] => *i,
                    [] => {
                        diagnostics.push(citation_warning(
                            c,
                            Code::CitesUnknown,
                            format!("no decision record has the number {number}"),
                            "fix the number, or write the record this code follows",
                        ));
                        continue;
                    }
                    several => {
                        let packages: Vec<String> = several
                            .iter()
                            .map(|&i| {
                                let r = &model.records[i].record;
                                r.package.clone().unwrap_or_else(|| r.id.clone())
                            })
                            .collect();
                        diagnostics.push(citation_warning(
                            c,
                            Code::CitesAmbiguous,
                            format!(
                                "{} records have the number {number} ({})",
                                several.len(),
                                packages.join(", ")
                            ),
                            format!("qualify it by package: `{}/ADR-{number}`", packages[0]),
                        ));
                        continue;
                    }
                }
            }
        };
        cited[target].push(CodeSite {
            path: c.path.clone(),
            line: c.line,
        });
        let r = &model.records[target];
        if crate::governance::replaced(r) {
            let status = shown_status(r);
            let name = record_name(model, target);
            let successors = successor_names(model, target);
            let (message, hint) = if successors.is_empty() {
                (
                    format!("this cites {name}, which is {status}"),
                    "follow the decision that holds now, or say why the old one still applies here"
                        .to_string(),
                )
            } else {
                (
                    format!(
                        "this cites {name}, which is {status} by {}",
                        successors.join(" and ")
                    ),
                    format!("cite {} if the code follows it", successors.join(" or ")),
                )
            };
            diagnostics.push(citation_warning(c, Code::CitesSuperseded, message, hint));
        }
    }
    for (r, mut sites) in model.records.iter_mut().zip(cited) {
        sites.sort();
        sites.dedup();
        r.code.cited_in = sites;
    }
    diagnostics
}

fn citation_warning(
    c: &Citation,
    code: Code,
    message: String,
    hint: impl Into<String>,
) -> Diagnostic {
    let mut d = Diagnostic::warning(code, message)
        .at(c.path.clone(), &c.line_text, Span::new(1, c.column, c.len))
        .hint(hint);
    d.line = Some(c.line);
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<(usize, usize, u32)> {
        let mut out = Vec::new();
        let re = compile_pattern(DEFAULT_PATTERN).unwrap();
        find_citations(text.as_bytes(), "src/a.rs", &[re], &[], &mut out);
        out.into_iter()
            .map(|c| match c.cites {
                Cites::Number { number, .. } => (c.line, c.column, number),
                Cites::File(_) => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn the_default_pattern_reads_every_common_spelling_outside_quotes() {
        let text = "// see ADR-0012\nx = 1; // adr_12, ADR 7 and ADR12\n# Adr-003\nheader(\"x-adr-9\")\nreadr12 mADR-4 ADR-12b\n";
        assert_eq!(
            numbers(text),
            vec![(1, 8, 12), (2, 11, 12), (2, 19, 7), (2, 29, 12), (3, 3, 3)]
        );
    }

    #[test]
    fn links_to_record_files_are_resolved_from_the_citing_file() {
        let mut out = Vec::new();
        let names = vec![(
            "docs/adr".to_string(),
            memchr::memmem::Finder::new(b"adr/").into_owned(),
        )];
        find_citations(
            b"See [the decision](../docs/adr/0003-x.md#why).\nNot ../docs/adr/README.txt\n",
            "src/lib.rs",
            &[],
            &names,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].cites, Cites::File("docs/adr/0003-x.md".into()));
        assert_eq!((out[0].line, out[0].column), (1, 20));
    }

    #[test]
    fn a_file_that_cannot_be_read_is_one_warning_naming_it() {
        // Reading a folder as a file fails (EISDIR) whoever runs the test, root included.
        let tmp = tempfile::tempdir().unwrap();
        let options = ScanOptions {
            root: tmp.path().to_path_buf(),
            patterns: vec![compile_pattern(DEFAULT_PATTERN).unwrap()],
            paths: Vec::new(),
            skip: Vec::new(),
            link_dirs: Vec::new(),
            read: true,
        };
        let shared = Mutex::new(Scan::default());
        let not_cited = NotCited {
            root: options.root.clone(),
            cache: RwLock::new(HashMap::new()),
            diagnostics: Mutex::new(Vec::new()),
        };
        let mut visitor = Visitor {
            options: &options,
            link_names: &[],
            shared: &shared,
            not_cited: &not_cited,
            local: Scan::default(),
            buf: Vec::new(),
        };
        visitor.read(tmp.path(), "src/gone.rs");
        drop(visitor);
        let scan = shared.into_inner().unwrap();
        assert_eq!(scan.diagnostics.len(), 1);
        assert_eq!(scan.diagnostics[0].code, "unreadable-file");
        assert_eq!(scan.diagnostics[0].file.as_deref(), Some("src/gone.rs"));
    }

    #[test]
    fn a_pattern_without_a_group_or_that_does_not_compile_says_why() {
        assert!(compile_pattern("ADR-\\d+").unwrap_err().contains("group"));
        assert!(compile_pattern("ADR-(\\d+").is_err());
    }
}
