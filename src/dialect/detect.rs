//! Which dialect a file is written in, from its front matter keys and its headings.

use super::{Dialect, filename, madr};
use crate::document::Heading;
use crate::yaml::node::{Map, Node};

/// Front matter keys only hindsight's own format uses.
pub const NATIVE_KEYS: &[&str] = &[
    "options",
    "tradeoffs",
    "trade-offs",
    "outcome",
    "revisit",
    "kind",
    "reviews",
    "verdict",
    "next_revisit",
    "relates",
];

/// Front matter keys only MADR 3 and 4 define (`status`, `date` and `deciders` are
/// native keys too).
pub(super) const MADR_ONLY_KEYS: &[&str] = &["decision-makers", "consulted", "informed"];

/// Front matter keys of docs sites (Docusaurus, Jekyll, Hugo, KEP).
pub(super) const DOCS_KEYS: &[&str] = &[
    "slug",
    "sidebar_position",
    "sidebar_label",
    "nav_order",
    "parent",
    "grand_parent",
    "has_children",
    "layout",
    "permalink",
    "authors",
    "author",
    "weight",
    "kep-number",
    "creation-date",
    "last-updated",
    "superseded-by",
    "replaces",
    "owning-sig",
    "description",
    "draft",
];

/// Whether `key`, lowercased, is one of `keys` (lowercasing only keys it would change).
pub(super) fn lowercase_in(key: &str, keys: &[&str]) -> bool {
    if key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        keys.contains(&key)
    } else {
        keys.contains(&key.to_lowercase().as_str())
    }
}

/// Names the dialect a file is written in.
pub(super) fn detect_dialect(
    map: Option<&Map<'_>>,
    heads: &[Heading<'_>],
    madr_sections: bool,
    bullets: bool,
    nygard: bool,
    name: &str,
    numbered_h1: bool,
) -> Dialect {
    let has = |keys: &[&str]| {
        map.is_some_and(|m| {
            m.entries()
                .iter()
                .any(|e| !matches!(e.value, Node::Null) && lowercase_in(&e.key, keys))
        })
    };
    if has(NATIVE_KEYS) {
        return Dialect::Native;
    }
    let madr_headings = heads.iter().any(|h| {
        let n = madr::heading_name(h);
        matches!(
            n.as_str(),
            "context and problem statement"
                | "considered options"
                | "decision outcome"
                | "decision drivers"
        ) || n.starts_with("pros and cons")
    });
    let _ = madr_sections;
    let madr_like = madr_headings;
    let madr4 = has(&["decision-makers"])
        || heads
            .iter()
            .any(|h| madr::heading_name(h) == "confirmation");
    if map.is_some() && madr_like && !bullets {
        return if madr4 {
            Dialect::Madr4
        } else {
            Dialect::Madr3
        };
    }
    if bullets || (madr_like && map.is_none()) {
        return if filename::date_from_file_name(name).is_some()
            && name.as_bytes().get(8) == Some(&b'-')
        {
            Dialect::Log4brains
        } else {
            Dialect::Madr2
        };
    }
    if has(DOCS_KEYS) {
        return Dialect::Docs;
    }
    if has(MADR_ONLY_KEYS) {
        return if madr4 {
            Dialect::Madr4
        } else {
            Dialect::Madr3
        };
    }
    if map.is_some() && !nygard {
        return Dialect::Native;
    }
    if nygard || numbered_h1 {
        return Dialect::AdrTools;
    }
    Dialect::Native
}
