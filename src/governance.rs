//! Governed paths: the files a decision's `applies_to` globs cover, and the decisions that
//! govern a path (`hindsight why`, `check --changed`, record pages).
//!
//! Globs are read the way `.gitignore` lines are, from the repository root: a glob with no
//! `/` (other than a trailing one) matches at any depth (`*.sql`), one with a `/` is
//! anchored at the root (`docs/api/*.md`, `/Makefile`), `*` stays within one folder, `**`
//! crosses folders, a trailing `/` matches folders only, a glob that matches a folder
//! governs everything below it, and a leading `!` takes paths out again. Pure: no I/O.
//! One globset for every record's globs (ADR-0053).

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Serialize;

use crate::resolve::Model;

/// What a record has to do with the code around it: the files its globs match in the
/// work tree today, and the places in it that cite the record. Filled by
/// [`crate::citation::attach`]; empty when the work tree was not read.
#[derive(Debug, Clone, Default)]
pub struct CodeLinks {
    /// Whether the work tree was read (not with `[citations] enabled = false`).
    pub scanned: bool,
    /// Files of the work tree (paths from its root, `/`-separated) that `applies_to` matches.
    pub governs: Vec<String>,
    /// Places that cite the record, sorted by path and line.
    pub cited_in: Vec<CodeSite>,
}

/// One place in the work tree: a path from its root and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CodeSite {
    pub path: String,
    pub line: usize,
}

/// The globset patterns one gitignore-style glob stands for, and whether it takes paths
/// out (`!`).
fn translate(text: &str) -> (bool, Vec<String>) {
    let text = text.trim();
    let (negated, text) = match text.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (dir_only, text) = match text.strip_suffix('/') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let anchored = text.contains('/');
    let text = text.strip_prefix('/').unwrap_or(text);
    let base = if anchored || text.starts_with("**") {
        text.to_string()
    } else {
        format!("**/{text}")
    };
    let below = format!("{base}/**");
    let globs = if dir_only {
        vec![below]
    } else {
        vec![base, below]
    };
    (negated, globs)
}

fn build(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
}

/// Whether `text` is a glob hindsight can use; the error says what is wrong.
pub fn check_glob(text: &str) -> Result<(), String> {
    let trimmed = text.trim().trim_start_matches('!').trim_matches('/');
    if trimmed.is_empty() {
        return Err("it names no path".into());
    }
    let (_, patterns) = translate(text);
    for p in patterns {
        build(&p).map_err(|e| e.kind().to_string())?;
    }
    Ok(())
}

/// Which record each glob belongs to, and whether it takes paths out.
#[derive(Debug, Clone, Copy)]
struct Rule {
    record: usize,
    negated: bool,
}

/// Every record's `applies_to`, compiled into one set, so that a path is matched once
/// against all of them.
#[derive(Debug, Clone)]
pub struct Governance {
    set: GlobSet,
    /// By pattern index of `set`.
    rules: Vec<Rule>,
}

impl Governance {
    /// Compiles the globs of every record of `model` (invalid ones were reported when the
    /// record was read, and left out).
    pub fn new(model: &Model) -> Governance {
        let mut builder = GlobSetBuilder::new();
        let mut rules = Vec::new();
        for (i, r) in model.records.iter().enumerate() {
            for g in &r.record.applies_to {
                let (negated, patterns) = translate(&g.text);
                for p in patterns {
                    if let Ok(glob) = build(&p) {
                        builder.add(glob);
                        rules.push(Rule { record: i, negated });
                    }
                }
            }
        }
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        Governance { set, rules }
    }

    /// Whether no record governs any path.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The records (indices into the model) that govern `path` (from the repository root,
    /// `/`-separated), in record order.
    pub fn governing(&self, path: &str) -> Vec<usize> {
        if self.rules.is_empty() {
            return Vec::new();
        }
        let path = path.trim_start_matches("./");
        let mut taken_in: Vec<usize> = Vec::new();
        let mut taken_out: Vec<usize> = Vec::new();
        for m in self.set.matches(path) {
            let rule = self.rules[m];
            if rule.negated {
                taken_out.push(rule.record);
            } else {
                taken_in.push(rule.record);
            }
        }
        taken_in.sort_unstable();
        taken_in.dedup();
        taken_in.retain(|r| !taken_out.contains(r));
        taken_in
    }

    /// For each record of a model with `records` records, the `files` it governs.
    pub fn governed_files(&self, files: &[String], records: usize) -> Vec<Vec<String>> {
        let mut out = vec![Vec::new(); records];
        if self.rules.is_empty() {
            return out;
        }
        for f in files {
            for r in self.governing(f) {
                out[r].push(f.clone());
            }
        }
        for list in &mut out {
            list.sort();
        }
        out
    }
}

/// Whether a decision no longer holds: superseded (by status or by another record),
/// deprecated or rejected.
pub fn replaced(r: &crate::resolve::Resolved) -> bool {
    use crate::record::Status;
    !r.superseded_by.is_empty()
        || matches!(
            r.record.status,
            Status::Superseded | Status::Deprecated | Status::Rejected
        )
}

/// The status a decision shows: `superseded` when another record replaces it, whatever
/// its own status says.
pub fn shown_status(r: &crate::resolve::Resolved) -> &'static str {
    if r.superseded_by.is_empty() {
        r.record.status.as_str()
    } else {
        "superseded"
    }
}

/// `decision 12 "Title"` (or its id when it has no number).
pub fn record_name(model: &Model, i: usize) -> String {
    let r = &model.records[i].record;
    match r.number {
        Some(n) => format!("decision {n} \"{}\"", r.title),
        None => format!("decision `{}` \"{}\"", r.id, r.title),
    }
}

/// The names of the records that replace record `i` ([`record_name`]).
pub fn successor_names(model: &Model, i: usize) -> Vec<String> {
    model.records[i]
        .superseded_by
        .iter()
        .map(|&s| record_name(model, s))
        .collect()
}

/// The decisions that govern `path`, the way `hindsight why` lists them: those that hold
/// (accepted, proposed, ...) first, then the replaced ones; by number within each.
pub fn why(model: &Model, governance: &Governance, path: &str) -> Vec<usize> {
    let mut found = governance.governing(path);
    found.sort_by_key(|&i| {
        let r = &model.records[i];
        (replaced(r), r.record.number.unwrap_or(u32::MAX), i)
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(glob: &str, path: &str) -> bool {
        let (negated, patterns) = translate(glob);
        assert!(!negated);
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            b.add(build(&p).unwrap());
        }
        b.build().unwrap().is_match(path)
    }

    #[test]
    fn globs_read_like_gitignore_lines_from_the_root() {
        assert!(matches("*.sql", "db/migrations/001.sql"));
        assert!(matches("*.sql", "init.sql"));
        assert!(matches("docs/api/*.md", "docs/api/users.md"));
        assert!(!matches("docs/api/*.md", "docs/api/v2/users.md"));
        assert!(!matches("docs/api/*.md", "other/docs/api/users.md"));
        assert!(matches("services/ledger/**", "services/ledger/src/main.rs"));
        assert!(matches("services/ledger", "services/ledger/src/main.rs"));
        assert!(matches("/Makefile", "Makefile"));
        assert!(!matches("/Makefile", "sub/Makefile"));
        assert!(matches("vendor/", "a/vendor/x.c"));
        assert!(!matches("vendor/", "vendor"));
        assert!(matches("src/render/search*.rs", "src/render/search.rs"));
        assert!(matches(
            "src/render/search*.rs",
            "src/render/search_index.rs"
        ));
    }

    #[test]
    fn invalid_globs_say_why() {
        assert!(check_glob("src/[a-.rs").is_err());
        assert!(check_glob("src/{a,b").is_err());
        assert!(check_glob("/").is_err());
        assert!(check_glob("src/**/*.rs").is_ok());
    }
}
