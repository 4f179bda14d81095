//! Generated records for the tests of large sites: small native records numbered by file
//! name, whose status, tags, date and title follow from the number, so a test knows what
//! each list must hold. Each title carries a word of its own (`codename`) to search for.

#![allow(dead_code)]

use std::path::Path;

pub const STATUSES: [&str; 3] = ["accepted", "proposed", "deprecated"];
pub const TAGS: [&str; 7] = [
    "storage", "api", "security", "frontend", "billing", "search", "ops",
];
const WORDS: [&str; 11] = [
    "queues", "caching", "Postgres", "retries", "schemas", "tokens", "logging", "builds", "mobile",
    "exports", "alerts",
];

/// A word only record `i` has in its title: `qz` and three letters.
pub fn codename(i: usize) -> String {
    let l = |k: usize| (b'a' + (k % 26) as u8) as char;
    format!("qz{}{}{}", l(i / 676), l(i / 26), l(i))
}

/// The status, tag, date and title of generated record `i` (from 1).
pub fn status(i: usize) -> &'static str {
    STATUSES[i % STATUSES.len()]
}
pub fn tag(i: usize) -> &'static str {
    TAGS[i % TAGS.len()]
}
pub fn date(i: usize) -> String {
    format!(
        "{}-{:02}-{:02}",
        2015 + i % 11,
        1 + i % 12,
        1 + (i / 12) % 28
    )
}

/// Writes `n` small native records (numbered by file name) into `dir`.
pub fn generate(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 1..=n {
        let word = WORDS[(i * 7) % WORDS.len()];
        let revisit = if i % 4 == 0 {
            format!("revisit: {}-06-01\n", 2025 + i % 3)
        } else {
            String::new()
        };
        let text = format!(
            "---\ntitle: {word} {} choice number {i}\nstatus: {}\ndate: {}\ntags: [{}, {}]\n{revisit}---\n\n\
             ## Context\n\nWhy record {i} was needed.\n\n## Decision\n\nWe chose {word}.\n",
            codename(i),
            status(i),
            date(i),
            tag(i),
            TAGS[(i / 7) % TAGS.len()],
        );
        std::fs::write(dir.join(format!("{i:05}-choice-{i}.md")), text).unwrap();
    }
}
