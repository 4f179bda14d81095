//! How a folder writes its records: the naming scheme of its files and the dialect of
//! their text. This is a different question from reading: a reader copes with anything,
//! a writer must pick one shape, the one the team already uses.
//!
//! Everything here works on file names and texts handed in; [`scan`] is the one function
//! that lists a folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::dialect::filename;

/// The dialect a new record is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WriteDialect {
    /// hindsight's own: YAML front matter with options, trade-offs, outcome and revisit.
    Native,
    /// MADR 3 / 4: YAML front matter with `status` and `date`, MADR sections.
    Madr,
    /// MADR 2 / log4brains: `* Status:` / `- Status:` bullets under the title.
    MadrBullets,
    /// adr-tools / Nygard: `# N. Title`, `Date:` line, `## Status` section.
    AdrTools,
}

impl WriteDialect {
    pub fn as_str(self) -> &'static str {
        match self {
            WriteDialect::Native => "native",
            WriteDialect::Madr => "madr",
            WriteDialect::MadrBullets => "madr2",
            WriteDialect::AdrTools => "adr-tools",
        }
    }

    /// Parses a `--dialect` value.
    pub fn parse(s: &str) -> Option<WriteDialect> {
        match s.trim().to_ascii_lowercase().as_str() {
            "native" | "hindsight" => Some(WriteDialect::Native),
            "madr" | "madr3" | "madr4" => Some(WriteDialect::Madr),
            "madr2" | "log4brains" => Some(WriteDialect::MadrBullets),
            "adr-tools" | "adrtools" | "nygard" => Some(WriteDialect::AdrTools),
            _ => None,
        }
    }
}

pub use super::slug::SlugCase;

/// A date in front of the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrefix {
    /// `20230515-`
    Compact,
    /// `2023-11-07_` (the character after the date is `sep`)
    Iso { sep: char },
}

/// How the folder names its files: `0012-use-kafka.md`, `adr-012-use-kafka.md`,
/// `ADR-012_Use_Kafka.md`, `2023-11-07_029-use-kafka.md`, `20230515-use-kafka.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    pub date: Option<DatePrefix>,
    /// Text before the number, separator included (`adr-`, `ADR-`), or empty.
    pub prefix: String,
    /// Whether files carry a number at all (date-prefixed folders may not).
    pub numbered: bool,
    /// Digits of the number, zero-padded.
    pub width: usize,
    /// Between the number (or date) and the slug.
    pub sep: char,
    /// Between the words of the slug.
    pub word_sep: char,
    pub case: SlugCase,
    /// Extension without the dot.
    pub ext: String,
}

impl Default for Naming {
    fn default() -> Self {
        Naming {
            date: None,
            prefix: String::new(),
            numbered: true,
            width: 4,
            sep: '-',
            word_sep: '-',
            case: SlugCase::Lower,
            ext: "md".into(),
        }
    }
}

impl Naming {
    /// The file name for a record: `number` is used when the scheme is numbered.
    pub fn file_name(&self, number: u32, date: crate::date::Date, title: &str) -> String {
        let mut name = String::new();
        match self.date {
            Some(DatePrefix::Compact) => {
                name.push_str(&date.compact());
                name.push(if self.numbered { '-' } else { self.sep });
            }
            Some(DatePrefix::Iso { sep }) => {
                name.push_str(&date.to_string());
                name.push(sep);
            }
            None => {}
        }
        if self.numbered {
            name.push_str(&self.prefix);
            name.push_str(&format!("{number:0width$}", width = self.width));
            name.push(self.sep);
        }
        name.push_str(&super::slug::slug(title, self.word_sep, self.case));
        name.push('.');
        name.push_str(&self.ext);
        name
    }
}

/// What [`scan`] found in a folder.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    /// Markdown files directly in the folder, by name (templates and indexes included).
    pub names: Vec<String>,
    /// Texts of the record files (not templates or indexes), by name.
    pub texts: BTreeMap<String, String>,
    /// The folder's own template, if it has one: path and text.
    pub template: Option<(PathBuf, String)>,
    /// Sub-folders that are records themselves (`0012-topic/README.md`), by folder name.
    pub record_dirs: Vec<String>,
}

/// Conventions detected in a folder.
#[derive(Debug, Clone)]
pub struct Conventions {
    pub naming: Naming,
    pub dialect: WriteDialect,
    /// The folder's own template (path, text), the best source for a new record's shape.
    pub template: Option<(PathBuf, String)>,
    /// Every number already carried by a file name in the folder, with the file.
    pub taken: BTreeMap<u32, Vec<String>>,
    /// Site-generator front matter the records share (GOV.UK tech-docs pages).
    pub page: Option<super::page_front::PageFront>,
}

impl Conventions {
    /// The next free number: one more than the highest taken (1 in an empty folder).
    pub fn next_number(&self) -> u32 {
        self.taken
            .keys()
            .next_back()
            .map_or(1, |n| n.saturating_add(1))
    }
}

/// Is this file name a template (`template.md`, `0000-template.md`, `adr-template.md`)?
/// A record that merely mentions templates (`0005-use-template.md`) is not one: a template
/// carries no number, or number 0.
pub fn is_template_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or(&lower);
    let has_word = stem
        .split(['-', '_', ' '])
        .any(|w| w == "template" || w == "templates");
    has_word && filename::number_from_file_name(name).is_none_or(|n| n == 0)
}

/// Lists the markdown files directly in `dir` and reads the records and the template.
/// Files that cannot be read as UTF-8 are left out of the evidence.
pub fn scan(dir: &Path) -> std::io::Result<Folder> {
    let mut folder = Folder::default();
    let mut names: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        if !crate::discover::is_markdown(&name) && !entry.path().is_dir() {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_file() {
            names.push(name);
        } else if kind.is_dir()
            && ["README.md", "readme.md", "index.md"]
                .iter()
                .any(|f| entry.path().join(f).is_file())
        {
            folder.record_dirs.push(name);
        }
    }
    names.sort();
    // Template files the tools use: the folder's own first, then adr-tools' `templates/`.
    let mut template_paths: Vec<PathBuf> = names
        .iter()
        .filter(|n| is_template_name(n))
        .map(|n| dir.join(n))
        .collect();
    template_paths.push(dir.join("templates").join("template.md"));
    for p in template_paths {
        if let Ok(text) = std::fs::read_to_string(&p) {
            folder.template = Some((p, text));
            break;
        }
    }
    for n in &names {
        if is_template_name(n) || filename::is_index_name(n) {
            continue;
        }
        let path = dir.join(n);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() <= crate::discover::MAX_RECORD_BYTES)
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            folder.texts.insert(n.clone(), text);
        }
    }
    folder.names = names;
    Ok(folder)
}

/// Detects the conventions of a scanned folder. `subfolder_numbers` are numbers carried
/// by records elsewhere in the project (they count as taken too).
pub fn detect(folder: &Folder) -> Conventions {
    let record_names: Vec<&str> = folder
        .names
        .iter()
        .map(String::as_str)
        .filter(|n| !is_template_name(n) && !filename::is_index_name(n))
        .collect();
    let mut taken: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for n in &record_names {
        if let Some(num) = filename::number_from_file_name(n) {
            taken.entry(num).or_default().push((*n).to_string());
        }
    }
    for d in &folder.record_dirs {
        if let Some(num) = filename::number_from_file_name(&format!("{d}/README.md")) {
            taken.entry(num).or_default().push(format!("{d}/"));
        }
    }
    Conventions {
        naming: naming_of(&record_names),
        dialect: dialect_of(folder.texts.values().map(String::as_str)),
        template: folder.template.clone(),
        taken,
        page: super::page_front::detect(folder.texts.values().map(String::as_str)),
    }
}

/// One file name taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NameParts {
    date: Option<DatePrefix>,
    prefix: String,
    digits: Option<usize>,
    sep: Option<char>,
    word_sep: Option<char>,
    upper: bool,
    ext: String,
}

fn parse_name(name: &str) -> Option<NameParts> {
    // The whole markdown ending (`.html.md.erb`, not `.erb`).
    let (stem, ext) = match crate::discover::markdown_extension_len(name) {
        Some(len) => (&name[..name.len() - len], &name[name.len() - len + 1..]),
        None => name.rsplit_once('.')?,
    };
    let mut rest = stem;
    let b = rest.as_bytes();
    let mut date = None;
    let digits_at = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() > 11
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'-' | b'_')
        && digits_at(0..4)
        && digits_at(5..7)
        && digits_at(8..10)
    {
        date = Some(DatePrefix::Iso { sep: b[10] as char });
        rest = &rest[11..];
    } else if b.len() > 9
        && matches!(b[8], b'-' | b'_')
        && digits_at(0..8)
        && matches!(&b[..2], b"19" | b"20" | b"21")
    {
        date = Some(DatePrefix::Compact);
        rest = &rest[9..];
    }
    let mut prefix = String::new();
    if rest.len() > 4 && rest.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("adr")) {
        let sep = rest.as_bytes()[3];
        if matches!(sep, b'-' | b'_') && rest.as_bytes()[4].is_ascii_digit() {
            prefix = rest[..4].to_string();
            rest = &rest[4..];
        }
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, sep) = if digits > 0 && digits <= 6 {
        let after = rest[digits..].chars().next();
        match after {
            Some(c @ ('-' | '_' | ' ' | '.')) => {
                rest = &rest[digits + 1..];
                (Some(digits), Some(c))
            }
            None => {
                rest = "";
                (Some(digits), None)
            }
            _ => (None, None),
        }
    } else {
        (None, None)
    };
    if digits.is_none() && !prefix.is_empty() {
        return None;
    }
    let dashes = rest.matches('-').count();
    let unders = rest.matches('_').count();
    let word_sep = match (dashes, unders) {
        (0, 0) => None,
        (d, u) if u > d => Some('_'),
        _ => Some('-'),
    };
    let upper = rest
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .any(|w| w.chars().next().is_some_and(|c| c.is_uppercase()));
    Some(NameParts {
        date,
        prefix,
        digits,
        sep,
        word_sep,
        upper,
        ext: ext.to_string(),
    })
}

/// The value most names agree on; ties go to the later name (the newest habit).
fn vote<T: Clone + PartialEq>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize, usize)> = Vec::new();
    for (i, v) in values.enumerate() {
        match counts.iter_mut().find(|(x, _, _)| *x == v) {
            Some(c) => {
                c.1 += 1;
                c.2 = i;
            }
            None => counts.push((v, 1, i)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n, last)| (*n, *last))
        .map(|(v, _, _)| v)
}

/// The naming scheme most of `names` follow; the default (`0001-slug.md`) for none.
pub fn naming_of(names: &[&str]) -> Naming {
    let parts: Vec<NameParts> = names.iter().filter_map(|n| parse_name(n)).collect();
    let default = Naming::default();
    if parts.is_empty() {
        return default;
    }
    let numbered: Vec<&NameParts> = parts.iter().filter(|p| p.digits.is_some()).collect();
    // Numbered when most names carry a number; the evidence is then those names only.
    let use_numbers = !numbered.is_empty() && numbered.len() * 2 >= parts.len();
    let pool: Vec<&NameParts> = if use_numbers {
        numbered.clone()
    } else {
        parts.iter().collect()
    };
    let dated = pool.iter().filter(|p| p.date.is_some()).count();
    let date = if dated * 2 > pool.len() {
        vote(pool.iter().filter_map(|p| p.date))
    } else {
        None
    };
    Naming {
        date,
        prefix: vote(pool.iter().map(|p| p.prefix.clone())).unwrap_or_default(),
        numbered: use_numbers,
        width: vote(numbered.iter().filter_map(|p| p.digits)).unwrap_or(default.width),
        sep: vote(pool.iter().filter_map(|p| p.sep).filter(|c| *c != '.'))
            .or(match date {
                Some(DatePrefix::Iso { sep }) => Some(sep),
                _ => None,
            })
            .unwrap_or(default.sep),
        word_sep: vote(pool.iter().filter_map(|p| p.word_sep)).unwrap_or(default.word_sep),
        case: if pool.iter().filter(|p| p.upper).count() * 2 > pool.len() {
            SlugCase::AsWritten
        } else {
            SlugCase::Lower
        },
        ext: vote(pool.iter().map(|p| p.ext.clone())).unwrap_or(default.ext),
    }
}

/// The dialect one record's text is written in, if it shows one.
pub fn dialect_of_text(text: &str) -> Option<WriteDialect> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body) = split_front(text);
    let front_status = front.is_some_and(|f| {
        f.lines()
            .any(|l| l.starts_with("status:") || l.starts_with("Status:"))
    });
    if front_status {
        let f = front.unwrap_or("");
        let native = f.lines().any(|l| {
            ["options:", "tradeoffs:", "outcome:", "kind:"]
                .iter()
                .any(|k| l.starts_with(k))
        });
        let madr = f
            .lines()
            .any(|l| l.starts_with("decision-makers:") || l.starts_with("consulted:"))
            || body.lines().any(|l| {
                let l = l.trim().to_ascii_lowercase();
                l == "## considered options" || l == "## decision outcome"
            });
        return Some(if madr && !native {
            WriteDialect::Madr
        } else {
            WriteDialect::Native
        });
    }
    let mut heading_status = false;
    let mut date_line = false;
    let mut numbered_h1 = false;
    for line in body.lines() {
        let t = line.trim();
        let lower = t.to_ascii_lowercase();
        if (t.starts_with("* ") || t.starts_with("- "))
            && super::templates::label_prefix(t, "status").is_some()
        {
            return Some(WriteDialect::MadrBullets);
        }
        if lower.trim_end_matches(':') == "## status" {
            heading_status = true;
        }
        if lower.starts_with("date:") {
            date_line = true;
        }
        if let Some(h) = t.strip_prefix("# ") {
            numbered_h1 |= filename::split_title_number(h).0.is_some();
        }
    }
    if heading_status || (date_line && numbered_h1) {
        return Some(WriteDialect::AdrTools);
    }
    if front.is_some()
        && body.lines().any(|l| {
            let l = l.trim().to_ascii_lowercase();
            l == "## considered options" || l == "## decision outcome"
        })
    {
        return Some(WriteDialect::Madr);
    }
    None
}

/// The dialect most of `texts` are written in; native when none shows one.
pub fn dialect_of<'a>(texts: impl Iterator<Item = &'a str>) -> WriteDialect {
    vote(texts.filter_map(dialect_of_text)).unwrap_or(WriteDialect::Native)
}

/// Splits YAML front matter (between `---` lines at the top) from the body.
pub fn split_front(text: &str) -> (Option<&str>, &str) {
    let Some(first_end) = text.find('\n') else {
        return (None, text);
    };
    if text[..first_end].trim_end() != "---" {
        return (None, text);
    }
    let mut pos = first_end + 1;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            return (
                Some(&text[first_end + 1..pos]),
                &text[(end + 1).min(text.len())..],
            );
        }
        pos = end + 1;
    }
    (None, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn day() -> Date {
        Date::parse_iso("2026-03-02").unwrap()
    }

    #[test]
    fn naming_schemes_round_trip_through_detection() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["0001-record.md", "0002-use-kafka.md"],
                "0003-store-events.md",
            ),
            (&["adr-001-a.md", "adr-002-b.md"], "adr-003-store-events.md"),
            (
                &["ADR-001_Snake_Case_Title.md", "ADR-002_Other_Thing.md"],
                "ADR-003_Store_Events.md",
            ),
            (&["000_a.md", "001_b.md"], "002_store-events.md"),
            (
                &[
                    "2021-06-05_001-record.md",
                    "2021-06-06_002-reactive-core.md",
                ],
                "2026-03-02_003-store-events.md",
            ),
            (
                &["20221004-use-log4brains.md", "20221004-use-madr.md"],
                "20260302-store-events.md",
            ),
            (&["01-a.md", "02-b.md"], "03-store-events.md"),
            (
                &["adré-x.md", "20€€-x.md", "2023-1€-x.md", "0001-€.md"],
                "2024-store-events.md",
            ),
            (&["use-kafka.md", "use-redis.md"], "store-events.md"),
            (
                &["use_kafka.md", "0001-a.md", "0002-b.md"],
                "0003-store-events.md",
            ),
            (&[], "0001-store-events.md"),
        ];
        for (names, want) in cases {
            let naming = naming_of(names);
            let next = names
                .iter()
                .filter_map(|n| filename::number_from_file_name(n))
                .max()
                .map_or(1, |n| n + 1);
            assert_eq!(
                naming.file_name(next, day(), "Store Events"),
                *want,
                "{names:?} -> {naming:?}"
            );
        }
    }

    #[test]
    fn template_names() {
        for t in [
            "template.md",
            "0000-template.md",
            "0000-TEMPLATE.md",
            "adr-template.md",
            "ADR-nnn_Any_Decision_Record_Template.md",
        ] {
            assert!(is_template_name(t), "{t}");
        }
        for r in [
            "0005-use-template.md",
            "0006-templates-for-emails.md",
            "0007-templating.md",
        ] {
            assert!(!is_template_name(r), "{r}");
        }
    }

    #[test]
    fn dialects_from_record_texts() {
        assert_eq!(
            dialect_of_text("# 1. Record\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n"),
            Some(WriteDialect::AdrTools)
        );
        assert_eq!(
            dialect_of_text("# Use X\n\n* Status: accepted\n* Date: 2020-01-01\n"),
            Some(WriteDialect::MadrBullets)
        );
        assert_eq!(
            dialect_of_text("# Use X\n\n- **Status:** accepted\n"),
            Some(WriteDialect::MadrBullets)
        );
        assert_eq!(
            dialect_of_text(
                "---\nstatus: accepted\ndate: 2020-01-01\n---\n# Use X\n\n## Considered Options\n"
            ),
            Some(WriteDialect::Madr)
        );
        assert_eq!(
            dialect_of_text("---\ntitle: X\nstatus: accepted\noptions: []\n---\n"),
            Some(WriteDialect::Native)
        );
        assert_eq!(dialect_of_text("# Just a title\n\nprose\n"), None);
    }
}
