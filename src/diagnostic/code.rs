//! The codes of diagnostics: one variant per kind of problem, each with the stable
//! kebab-case name users see (in `check` output, `--allow`, JSON and GitHub annotations).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A stable name for one kind of problem. It prints, parses and serialises as its
        /// kebab-case name (`Code::BrokenLink` is `broken-link`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case name users see.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    // Problems in the records, reported by `build` and `check`.
    /// A reference names no record.
    DanglingReference = "dangling-reference",
    /// A `package#ref` reference names a package no source provides.
    UnknownPackage = "unknown-package",
    /// A reference names several records.
    AmbiguousReference = "ambiguous-reference",
    /// A record names itself.
    SelfReference = "self-reference",
    /// A reference in a retrospective names no record.
    UnknownReference = "unknown-reference",
    /// Records that, through others, replace themselves.
    SupersedeCycle = "supersede-cycle",
    /// A superseded record still says `accepted`.
    StatusDisagrees = "status-disagrees",
    /// Status says superseded, but nothing supersedes the record.
    SupersededWithoutSuccessor = "superseded-without-successor",
    /// A link between records that leads nowhere.
    BrokenLink = "broken-link",
    /// A link that could run script.
    UnsafeLink = "unsafe-link",
    /// A front matter key that is probably a typo.
    NearMissKey = "near-miss-key",
    /// A status word hindsight does not know.
    UnknownStatus = "unknown-status",
    /// A date that reads both day first and month first.
    AmbiguousDate = "ambiguous-date",
    /// A front matter value with an unquoted `: `.
    ColonInValue = "colon-in-value",
    /// Links out of the source folder with no `repo_url`.
    OutsideLink = "outside-link",
    /// A source folder that yields no record.
    EmptySource = "empty-source",
    /// A list item that looks like a sentence cut at a comma.
    FlowListComma = "flow-list-comma",
    /// A symbolic link that leads outside the source folder.
    LinkOutsideSource = "link-outside-source",
    /// Control characters in a file.
    ControlCharacter = "control-character",
    /// Two records whose ids differ only in case or normalisation.
    PageNameTwin = "page-name-twin",
    /// A file with no title.
    MissingTitle = "missing-title",
    /// A record with no date.
    MissingDate = "missing-date",
    /// Two records of one package share a number.
    DuplicateNumber = "duplicate-number",
    /// A MADR record with more options than are read.
    TooManyOptions = "too-many-options",
    /// A record with more headings than are read for its metadata.
    TooManyHeadings = "too-many-headings",
    /// A record stating more trade-offs than are read.
    TooManyTradeoffs = "too-many-tradeoffs",
    /// Two records share an id.
    DuplicateId = "duplicate-id",
    /// An accepted decision with no revisit date.
    AcceptedWithoutRevisit = "accepted-without-revisit",
    /// A revisit date that has passed.
    OverdueRevisit = "overdue-revisit",
    /// A retrospective that does not say how it went.
    RetrospectiveWithoutVerdict = "retrospective-without-verdict",
    /// A revisit dated before the decision.
    RevisitBeforeDate = "revisit-before-date",
    /// A retrospective that names no decision.
    RetrospectiveWithoutDecision = "retrospective-without-decision",
    /// A retrospective that reviews another retrospective.
    ReviewsRetrospective = "reviews-retrospective",
    /// A `confidence` outside 0..1.
    ConfidenceOutOfRange = "confidence-out-of-range",
    /// An expectation's `result` that is not hit, miss or unclear.
    UnknownResult = "unknown-result",
    /// A retrospective's `process` that is not sound or flawed.
    UnknownProcess = "unknown-process",
    /// An expectation that names no claim of the decision reviewed.
    UnknownClaim = "unknown-claim",
    /// A decision proposed for longer than `stale_after` days.
    StaleProposal = "stale-proposal",
    /// An `applies_to` glob or `.hindsightignore` line that does not compile.
    InvalidGlob = "invalid-glob",
    /// Code cites a decision that no longer holds.
    CitesSuperseded = "cites-superseded",
    /// Code cites a number no record has.
    CitesUnknown = "cites-unknown",
    /// Code cites a number several packages have.
    CitesAmbiguous = "cites-ambiguous",
    /// A file of the work tree that cannot be read for citations.
    UnreadableFile = "unreadable-file",
    /// A changed file governed by a decision overdue for revisit.
    GoverningDecisionOverdue = "governing-decision-overdue",
    /// A changed file governed by a decision that no longer holds.
    GoverningDecisionSuperseded = "governing-decision-superseded",
    /// Front matter that cannot be read.
    FrontMatter = "front-matter",
    /// A front matter value of the wrong shape.
    FrontMatterValue = "front-matter-value",
    /// A file too large to read.
    TooLarge = "too-large",
    /// A file that cannot be read.
    Unreadable = "unreadable",
    /// A file that is not UTF-8 text.
    NotUtf8 = "not-utf8",
    /// A symbolic link loop in the source folder.
    SymlinkLoop = "symlink-loop",
    /// A shallow git clone, whose dates would be wrong.
    ShallowClone = "shallow-clone",
    /// The git history cannot be read.
    GitHistory = "git-history",
    /// A git source that cannot be fetched: its cached copy is read.
    SourceFetch = "source-fetch",
    /// A git source that cannot be fetched and has no cached copy.
    SourceUnavailable = "source-unavailable",
    /// A git source's `rev` that the repository does not have.
    SourceRev = "source-rev",
    /// A git source's `path` that is missing at its revision, or leads outside it.
    SourcePath = "source-path",
    /// Two sources with one package name, or a package name that cannot name a folder.
    SourcePackage = "source-package",
    /// A JSON source that is not a hindsight export (or gives its records no address).
    SourceJson = "source-json",
    /// A JSON source exported by a newer hindsight (a newer `schema`).
    SourceSchema = "source-schema",
    // Problems of the run itself (exit code 2).
    /// Bad configuration.
    Config = "config",
    /// A source folder that cannot be used.
    Source = "source",
    /// An input or output error.
    Io = "io",
    /// A template folder that cannot be used.
    Templates = "templates",
    /// A template that does not render.
    Template = "template",
    /// The site cannot be written.
    Write = "write",
    /// A bad output folder.
    Output = "output",
    /// The output folder contains a source folder.
    OutputContainsSource = "output-contains-source",
    /// The output folder exists and is not a site hindsight wrote.
    OutputNotASite = "output-not-a-site",
    /// A record would be written outside the output folder.
    UnsafeOutputPath = "unsafe-output-path",
    /// Bad arguments.
    Usage = "usage",
    /// `init` cannot set up the folder.
    Init = "init",
    /// `new` cannot write the record.
    New = "new",
    /// The file `new` would write exists.
    FileExists = "file-exists",
    /// The number `new` would use is taken.
    NumberTaken = "number-taken",
    /// A file changed while a command was editing it.
    EditedMeanwhile = "edited-meanwhile",
    /// A named link asked of a record with no `## Status` section.
    NamedLinkDialect = "named-link-dialect",
    /// The index between the markers of a file is out of date.
    IndexStale = "index-stale",
    /// A file for the index has no markers, or one twice.
    IndexMarkers = "index-markers",
}

impl Code {
    /// The code named `name`, or the known code closest to it, as an error.
    pub fn parse(name: &str) -> Result<Code, UnknownCode> {
        if let Some(code) = Code::ALL.iter().find(|c| c.as_str() == name) {
            return Ok(*code);
        }
        let names: Vec<&'static str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        Err(UnknownCode {
            name: name.to_string(),
            suggestion: crate::near_miss::suggest(name, &names),
        })
    }
}

/// A name that is no diagnostic code, with the code it was probably meant to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub name: String,
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no diagnostic code `{}`", self.name)?;
        match self.suggestion {
            Some(s) => write!(f, " (did you mean `{s}`?)"),
            None => write!(f, " (the codes are listed in docs/checks.md)"),
        }
    }
}

impl std::error::Error for UnknownCode {}

impl FromStr for Code {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Code, UnknownCode> {
        Code::parse(s)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_parse_back() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "`{name}` twice");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "`{name}` is not kebab-case"
            );
            assert_eq!(Code::parse(name), Ok(*code));
            assert_eq!(serde_json::to_string(code).unwrap(), format!("\"{name}\""));
        }
    }

    #[test]
    fn unknown_codes_are_refused_with_the_closest_code() {
        let err = Code::parse("broken-links").unwrap_err();
        assert_eq!(err.suggestion, Some("broken-link"));
        assert_eq!(
            err.to_string(),
            "no diagnostic code `broken-links` (did you mean `broken-link`?)"
        );
        assert_eq!(
            Code::parse("overdue-revist").unwrap_err().suggestion,
            Some("overdue-revisit")
        );
        assert_eq!(Code::parse("zzzz").unwrap_err().suggestion, None);
    }

    /// The tables of codes in docs/checks.md (each after a `| code | what |` header) name every
    /// code, and only codes that exist.
    #[test]
    fn readme_tables_name_every_code_and_only_codes() {
        let readme = include_str!("../../docs/checks.md");
        let mut named = std::collections::BTreeSet::new();
        let mut in_table = false;
        for line in readme.lines() {
            if line == "| code | what |" {
                in_table = true;
                continue;
            }
            in_table &= line.starts_with('|');
            let Some(row) = line.strip_prefix("| `").filter(|_| in_table) else {
                continue;
            };
            let cell = row.split(" |").next().unwrap_or_default();
            for part in cell.split(',') {
                named.insert(part.trim().trim_matches('`').to_string());
            }
        }
        for code in Code::ALL {
            assert!(
                named.contains(code.as_str()),
                "docs/checks.md's code tables miss `{code}`"
            );
        }
        for name in &named {
            assert!(
                Code::parse(name).is_ok(),
                "docs/checks.md's code tables name `{name}`, which is no code"
            );
        }
    }
}
