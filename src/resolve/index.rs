//! Lookups of what a reference or a markdown link in a record names: a record by id,
//! number, file name or relative path, a file beside the records, an address outside.

use std::collections::BTreeSet;

use crate::record::Record;
use crate::url_path::{join, join_outside, percent_decode};

/// The hash map of resolving: std's map with foldhash's hasher, which hashes the short
/// ids and paths of 50,000 records faster than SipHash (decisions/0081). Keys here come
/// from the records being read, never from a network peer, so SipHash's resistance to
/// chosen collisions buys nothing; the seed is still random per process.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Lookups by id, number and source path.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub(crate) by_id: FastMap<String, usize>,
    pub(crate) by_source: FastMap<String, usize>,
    pub(crate) by_number: FastMap<u32, Vec<usize>>,
    /// Lower-cased ids and file stems, for links whose case differs.
    pub(crate) by_lower: FastMap<String, usize>,
    /// The records of each package, for `package#ref` (`payments#12`): (index, number,
    /// lower-cased id).
    pub(crate) by_package: FastMap<String, Vec<(usize, Option<u32>, String)>>,
}

/// What a reference names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(usize),
    /// A number that several records carry.
    Ambiguous(Vec<usize>),
    Missing,
    /// `package#ref` naming a package no source provides.
    UnknownPackage(String),
    /// `package#ref` naming a package that has no such record.
    MissingInPackage(String),
}

/// What a markdown link in a record points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another record, with an optional `#fragment`.
    Record(usize, Option<String>),
    /// A file below the source folder, copied into the site at the same path.
    Asset(String),
    /// A web address, a `mailto:`, an in-page `#anchor`: left as written.
    External,
    /// A relative link out of the source folder (`../README.md`, `../../book/x.md`): the
    /// path from the source root (starting with `../`) and an optional `#fragment`. Pages
    /// link it to the file in the repository when `repo_url` is set.
    OutsideSource(String, Option<String>),
    /// A relative link to nothing in the source folder.
    Broken,
    /// A `javascript:` or similar link, which is dropped.
    Unsafe,
}

impl Index {
    pub fn build(records: &[impl std::borrow::Borrow<Record>]) -> Index {
        Index::build_from(records.iter().map(|r| r.borrow()))
    }

    /// [`Index::build`] over records given one by one (in their order in the model).
    /// The maps are independent, so two threads build them (each in record order, so the
    /// first of two records with one lower-cased id keeps it, as before).
    pub fn build_from<'a>(records: impl Iterator<Item = &'a Record>) -> Index {
        let records: Vec<&Record> = records.collect();
        let records = records.as_slice();
        let n = records.len();
        let ((by_id, by_number), (by_source, (by_lower, by_package))) = rayon::join(
            || {
                let mut by_id = FastMap::with_capacity_and_hasher(n, Default::default());
                let mut by_number: FastMap<u32, Vec<usize>> =
                    FastMap::with_capacity_and_hasher(n, Default::default());
                for (i, r) in records.iter().enumerate() {
                    by_id.insert(r.id.clone(), i);
                    if let Some(number) = r.number {
                        by_number.entry(number).or_default().push(i);
                    }
                }
                (by_id, by_number)
            },
            || {
                rayon::join(
                    || {
                        let mut by_source =
                            FastMap::with_capacity_and_hasher(n, Default::default());
                        for (i, r) in records.iter().enumerate() {
                            by_source.insert(r.source.clone(), i);
                        }
                        by_source
                    },
                    || {
                        let mut by_lower = FastMap::with_capacity_and_hasher(n, Default::default());
                        let mut by_package: FastMap<String, Vec<(usize, Option<u32>, String)>> =
                            FastMap::default();
                        for (i, r) in records.iter().enumerate() {
                            let lower = r.id.to_lowercase();
                            if let Some(p) = &r.package {
                                by_package.entry(p.clone()).or_default().push((
                                    i,
                                    r.number,
                                    lower.clone(),
                                ));
                            }
                            by_lower.entry(lower).or_insert(i);
                        }
                        (by_lower, by_package)
                    },
                )
            },
        );
        Index {
            by_id,
            by_source,
            by_number,
            by_lower,
            by_package,
        }
    }

    /// The packages records carry, sorted.
    pub fn packages(&self) -> Vec<&str> {
        let mut p: Vec<&str> = self.by_package.keys().map(String::as_str).collect();
        p.sort_unstable();
        p
    }

    /// Looks up a reference written in `from`: a number, an id or a relative path, or
    /// any of these after a package name (`payments#12`, `platform#0003-use-k8s`), which
    /// looks among that package's records only.
    pub fn lookup(
        &self,
        records: &[impl std::borrow::Borrow<Record>],
        from: &Record,
        text: &str,
    ) -> Lookup {
        self.lookup_by(|i| records[i].borrow().package.as_deref(), from, text)
    }

    /// [`Index::lookup`], given the package of the record at each index.
    pub fn lookup_by<'a>(
        &self,
        package_of: impl Fn(usize) -> Option<&'a str>,
        from: &Record,
        text: &str,
    ) -> Lookup {
        let text = text.trim();
        // A markdown link in a front matter value: `[ADR-7](0007-x.md)`.
        let text = match (text.find("]("), text.ends_with(')')) {
            (Some(at), true) => &text[at + 2..text.len() - 1],
            _ => text,
        };
        let package_ref = split_package(text);
        if let Some((package, rest)) = package_ref
            && let Some(members) = self.by_package.get(package)
        {
            return lookup_in_package(members, package, rest);
        }
        match (self.lookup_local(package_of, from, text), package_ref) {
            (Lookup::Missing, Some((package, _))) => Lookup::UnknownPackage(package.to_string()),
            (found, _) => found,
        }
    }

    /// A reference with no package: a number, an id or a relative path.
    fn lookup_local<'a>(
        &self,
        package_of: impl Fn(usize) -> Option<&'a str>,
        from: &Record,
        text: &str,
    ) -> Lookup {
        if let Some(n) = parse_number(text) {
            let hits: &[usize] = self.by_number.get(&n).map_or(&[], Vec::as_slice);
            return match hits.len() {
                0 => self
                    .lookup_path(from, text)
                    .map_or(Lookup::Missing, Lookup::Found),
                1 => Lookup::Found(hits[0]),
                _ => {
                    let same_package: Vec<usize> = hits
                        .iter()
                        .copied()
                        .filter(|&i| package_of(i) == from.package.as_deref())
                        .collect();
                    if same_package.len() == 1 {
                        Lookup::Found(same_package[0])
                    } else {
                        Lookup::Ambiguous(hits.to_vec())
                    }
                }
            };
        }
        self.lookup_path(from, text)
            .map_or(Lookup::Missing, Lookup::Found)
    }

    /// Looks up an id or a path, relative to `from`'s folder first, then to the root.
    fn lookup_path(&self, from: &Record, text: &str) -> Option<usize> {
        let text = text.split(['#', '?']).next().unwrap_or("").trim();
        if text.is_empty() {
            return None;
        }
        let decoded = percent_decode(text);
        let dir = from.source.rsplit_once('/').map_or("", |(d, _)| d);
        let candidates = [
            join(dir, &decoded),
            Some(decoded.trim_start_matches('/').to_string()),
        ];
        for c in candidates.into_iter().flatten() {
            let c = c.trim_end_matches('/');
            if let Some(&i) = self.by_source.get(c) {
                return Some(i);
            }
            let id = crate::dialect::id_for(c);
            if let Some(&i) = self.by_id.get(&id).or_else(|| self.by_id.get(c)) {
                return Some(i);
            }
            if let Some(&i) = self.by_lower.get(&id.to_lowercase()) {
                return Some(i);
            }
        }
        // An absolute repository URL (`https://github.com/o/r/blob/main/docs/adr/x.md`)
        // pointing back into this folder: the longest path suffix that names a record.
        let lower = decoded.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let path = decoded.splitn(4, '/').nth(3).unwrap_or("");
            let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            for k in 0..segs.len() {
                let c = segs[k..].join("/");
                if let Some(&i) = self.by_source.get(&c).or_else(|| self.by_id.get(&c)) {
                    return Some(i);
                }
            }
            return None;
        }
        // A site path ending in a record's file name (`/documentation/adrs/adr-001-x.html`,
        // the page a docs site publishes for `adr-001-x.html.md.erb`).
        if decoded.starts_with('/')
            && let Some(last) = decoded.trim_end_matches('/').rsplit('/').next()
            && let Some(stem) = last.strip_suffix(".html").or(Some(last))
            && let Some(&i) = self.by_lower.get(&stem.to_lowercase())
        {
            return Some(i);
        }
        // A site slug (`/adr/23`): the number it ends with, when one record carries it.
        if decoded.starts_with('/')
            && let Some(last) = decoded.trim_end_matches('/').rsplit('/').next()
            && !last.is_empty()
            && last.len() <= 6
            && last.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = last.parse::<u32>()
            && let Some([i]) = self.by_number.get(&n).map(Vec::as_slice)
        {
            return Some(*i);
        }
        None
    }

    /// Classifies a link written in the body of `from`.
    pub fn link(&self, assets: &BTreeSet<String>, from: &Record, dest: &str) -> LinkTarget {
        let d = dest.trim();
        // Fast path for the common web links.
        if d.starts_with("https://")
            || d.starts_with("http://")
            || d.starts_with("mailto:")
            || d.starts_with('#')
        {
            return LinkTarget::External;
        }
        // Fast path for the most common link of all, a sibling file (`0007-x.md`): a plain
        // file name that is a record's path. Anything else takes the general path below,
        // which would find the same record first.
        if !d.is_empty()
            && !d.starts_with('.')
            && d.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            let hit = match from.source.rsplit_once('/') {
                Some((dir, _)) => self.by_source.get(&format!("{dir}/{d}")),
                None => self.by_source.get(d),
            };
            if let Some(&i) = hit {
                return LinkTarget::Record(i, None);
            }
        }
        let lower = d.to_ascii_lowercase();
        let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        let compact: String = lower
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        if compact.starts_with("javascript:")
            || compact.starts_with("vbscript:")
            || compact.starts_with("data:")
        {
            return LinkTarget::Unsafe;
        }
        if scheme.is_some() || d.starts_with('#') || d.starts_with("//") || d.is_empty() {
            return LinkTarget::External;
        }
        let (path, fragment) = match d.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (d, None),
        };
        let path = path.split('?').next().unwrap_or("");
        if let Some(i) = self.lookup_path(from, path) {
            return LinkTarget::Record(i, fragment);
        }
        let dir = from.source.rsplit_once('/').map_or("", |(d, _)| d);
        let decoded = percent_decode(path);
        match join(dir, &decoded) {
            Some(p) if assets.contains(&p) => LinkTarget::Asset(p),
            None if !decoded.starts_with('/') => match join_outside(dir, &decoded) {
                Some(p) => LinkTarget::OutsideSource(p, fragment),
                None => LinkTarget::Broken,
            },
            _ => LinkTarget::Broken,
        }
    }
}

/// `rest` of `package#rest`: a number, an id (with or without the package's folder), or a
/// file name, among `members` (the package's records).
fn lookup_in_package(
    members: &[(usize, Option<u32>, String)],
    package: &str,
    rest: &str,
) -> Lookup {
    if let Some(n) = parse_number(rest) {
        let hits: Vec<usize> = members
            .iter()
            .filter(|m| m.1 == Some(n))
            .map(|m| m.0)
            .collect();
        match hits.len() {
            0 => {}
            1 => return Lookup::Found(hits[0]),
            _ => return Lookup::Ambiguous(hits),
        }
    }
    let want = rest
        .trim_end_matches(".md")
        .trim_matches('/')
        .to_lowercase();
    let stem = want.rsplit('/').next().unwrap_or(&want);
    let hit = members.iter().find(|(_, _, id)| {
        *id == want
            || id.ends_with(&format!("/{want}"))
            || id.rsplit('/').next() == Some(stem) && !stem.is_empty()
    });
    match hit {
        Some(m) => Lookup::Found(m.0),
        None => Lookup::MissingInPackage(package.to_string()),
    }
}

/// `payments#12` as (`payments`, `12`): a name that starts with a letter and holds
/// letters, digits, `-`, `_` or `.` (not a file name such as `0007-x.md#part`).
fn split_package(text: &str) -> Option<(&str, &str)> {
    let (package, rest) = text.split_once('#')?;
    let ok = package.starts_with(|c: char| c.is_ascii_alphabetic())
        && package
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !package.ends_with(".md")
        && !package.ends_with(".html")
        && !rest.trim().is_empty();
    ok.then(|| (package, rest.trim()))
}

/// `7`, `0007`, `ADR-7`, `adr-007`, `#7`, `ADR 7` as a number.
fn parse_number(text: &str) -> Option<u32> {
    let t = text.trim().trim_start_matches('#');
    let lower = t.to_ascii_lowercase();
    let t = if lower.starts_with("adr") {
        t[3..].trim_start_matches(['-', '_', ' ', '#'])
    } else {
        t
    };
    if t.is_empty() || t.len() > 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}
