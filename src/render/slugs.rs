//! Slugs: the file names of tag, package and trade-off pages, bounded in length,
//! unique across the site and stable from build to build.

use std::collections::BTreeMap;

use super::markdown::slug;

/// Slugs used as file names are at most this many bytes (file systems allow 255).
pub const MAX_SLUG: usize = 80;

/// [`slug`], cut to [`MAX_SLUG`] bytes: a longer one keeps its first 64 bytes and a hash
/// of the whole name, so it stays unique and the same from build to build.
pub fn bounded_slug(name: &str) -> String {
    let s = slug(name);
    if s.len() <= MAX_SLUG {
        return s;
    }
    let mut cut = 64;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("{}-{hash:016x}", s[..cut].trim_end_matches('-'))
}

/// Slugs for tags and packages: lowercase words joined by `-`, unique across the site.
pub struct Slugs {
    pub(super) map: BTreeMap<String, String>,
}

impl Slugs {
    /// The page names of the tags `model`'s records carry.
    pub fn of_tags(model: &crate::resolve::Model) -> Slugs {
        Slugs::new(
            model
                .records
                .iter()
                .flat_map(|r| r.record.tags.iter().map(String::as_str)),
        )
    }

    /// The page names of the packages `model`'s records belong to.
    pub fn of_packages(model: &crate::resolve::Model) -> Slugs {
        Slugs::new(
            model
                .records
                .iter()
                .filter_map(|r| r.record.package.as_deref()),
        )
    }

    pub fn new<'a>(names: impl Iterator<Item = &'a str>) -> Slugs {
        let mut map = BTreeMap::new();
        let mut used: BTreeMap<String, String> = BTreeMap::new();
        // The next suffix to try for each slug: many names with one slug (`a!`, `a?`, ...)
        // cost one step each.
        let mut next: BTreeMap<String, usize> = BTreeMap::new();
        for n in names {
            let key = n.to_lowercase();
            if map.contains_key(&key) {
                continue;
            }
            let base = bounded_slug(n);
            let mut s = base.clone();
            let mut k = next.get(&base).copied().unwrap_or(2);
            while used.contains_key(&s) {
                s = format!("{base}-{k}");
                k += 1;
            }
            next.insert(base, k);
            used.insert(s.clone(), key.clone());
            map.insert(key, s);
        }
        Slugs { map }
    }

    pub fn get(&self, name: &str) -> &str {
        self.map
            .get(&name.to_lowercase())
            .map_or("", String::as_str)
    }
}

/// Slug for a trade-off group: `consistency-over-throughput`.
pub fn tradeoff_slug(favor: &str, over: &str) -> String {
    bounded_slug(&format!("{favor} over {over}"))
}
