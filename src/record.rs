//! The record model: what one decision record or retrospective says, as read from its file.
//!
//! Parsing fills a [`Record`]; references stay as written ([`Reference`]) until
//! [`crate::resolve`] turns them into ids.

use serde::Serialize;

use crate::date::Date;
use crate::diagnostic::Span;

/// A record's kind: a decision, or a retrospective that judges an earlier decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Decision,
    Retrospective,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Decision => "decision",
            Kind::Retrospective => "retrospective",
        }
    }
}

/// The canonical statuses (plus `unknown` when none is stated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
    #[default]
    Unknown,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Proposed,
        Status::Accepted,
        Status::Rejected,
        Status::Deprecated,
        Status::Superseded,
        Status::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
            Status::Unknown => "unknown",
        }
    }
}

/// A retrospective's judgement of the decision it reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    HeldUp,
    Revised,
    Reversed,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::HeldUp, Verdict::Revised, Verdict::Reversed];

    pub fn parse(text: &str) -> Option<Verdict> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '_' || c == ' ' { '-' } else { c })
            .collect();
        match t.as_str() {
            "held-up" | "holds" | "held" | "upheld" | "kept" => Some(Verdict::HeldUp),
            "revised" | "amended" | "adjusted" => Some(Verdict::Revised),
            "reversed" | "reverted" | "overturned" => Some(Verdict::Reversed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::HeldUp => "held-up",
            Verdict::Revised => "revised",
            Verdict::Reversed => "reversed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::HeldUp => "held up",
            Verdict::Revised => "revised",
            Verdict::Reversed => "reversed",
        }
    }
}

/// One option that was weighed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Choice {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
}

/// A trade-off that was accepted: `favor` was preferred over `over`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Tradeoff {
    pub favor: String,
    pub over: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// What was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Outcome {
    pub chosen: Option<String>,
    pub rationale: Option<String>,
}

/// When a decision should be looked at again: a date, a trigger, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Revisit {
    pub date: Option<Date>,
    pub when: Option<String>,
    /// Where the date was written: `revisit` ([`RevisitSource::Record`]) or a review field
    /// teams already keep ([`RevisitSource::Review`]: `review_in` with `last_reviewed_on`,
    /// `review-date`, `next-review`, a `Review date:` line).
    pub source: RevisitSource,
}

/// Where a revisit date comes from (`revisit.source` in the JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum RevisitSource {
    /// The record's own `revisit` date.
    #[default]
    Record,
    /// A review field the team already writes (`review_in` + `last_reviewed_on`,
    /// `review-date`, `next-review`, `Review date:`).
    Review,
    /// The `next_revisit` of the latest retrospective that reviews the decision.
    Retrospective,
    /// Implied by the review policy (`review_after`): the decision's date plus the interval.
    Policy,
}

impl RevisitSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisitSource::Record => "record",
            RevisitSource::Review => "review",
            RevisitSource::Retrospective => "retrospective",
            RevisitSource::Policy => "policy",
        }
    }
}

/// A reference to another record, as written: a number, an id or a relative path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reference {
    pub text: String,
    /// Where it was written, for diagnostics.
    pub span: Span,
    /// A partial replacement (`Partly superseded by`): the link is kept but the older
    /// record keeps its own status.
    pub partial: bool,
    /// A relation's words from this record, as written (`Amends`, `Clarified by`); `None`
    /// for a plain `relates` entry.
    pub words: Option<String>,
    /// The words from the other record back, when this record states them (front matter
    /// `links: [{to, link, reverse}]`); otherwise they are read from the other record or
    /// derived from `words` (see [`crate::resolve::reverse_words`]).
    pub reverse: Option<String>,
}

/// One `applies_to` glob, as written, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathGlob {
    pub text: String,
    pub span: Span,
}

/// A link written in the markdown body, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub dest: String,
    pub span: Span,
}

/// One record, as read from its file by a dialect.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Path below the source folder without extension (`payments/0003-ledger`).
    pub id: String,
    /// Path below the source folder, with `/` separators.
    pub source: String,
    /// Package label, from the configuration or `.log4brains.yml`.
    pub package: Option<String>,
    pub number: Option<u32>,
    pub kind: Kind,
    /// The dialect the record was read as (`native`, `adr-tools`, `madr2`, ...).
    pub dialect: crate::dialect::Dialect,
    pub title: String,
    pub status: Status,
    pub status_raw: Option<String>,
    pub date: Option<Date>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub tags: Vec<String>,
    pub options: Vec<Choice>,
    pub tradeoffs: Vec<Tradeoff>,
    pub outcome: Option<Outcome>,
    pub revisit: Revisit,
    pub supersedes: Vec<Reference>,
    /// Written on this record itself (`Superseded by ...`); resolution adds the other side.
    pub superseded_by: Vec<Reference>,
    pub relates: Vec<Reference>,
    pub reviews: Option<Reference>,
    pub verdict: Option<Verdict>,
    pub next_revisit: Option<Date>,
    /// The paths this decision governs (`applies_to`): gitignore-style globs from the
    /// repository root, as written (see [`crate::governance`]).
    pub applies_to: Vec<PathGlob>,
    /// The markdown body (front matter removed).
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Links written in the body.
    pub links: Vec<BodyLink>,
    /// Byte ranges of `body` that structured data was read from (MADR options, pros and
    /// cons, the chosen option): pages show the cards instead of these.
    pub folded: Vec<std::ops::Range<usize>>,
    /// Still the text `hindsight new` wrote: its body is the template's guidance.
    pub draft: bool,
    /// Confidence, reversibility and expected claims (decisions); process and judged
    /// claims (retrospectives).
    pub expectations: crate::expectation::Expectations,
    /// Its status changes as committed to git, oldest first (empty outside a repository).
    pub lifecycle: Vec<crate::lifecycle::Transition>,
    /// For a record read from another site's export (`[[sources]] json`): the absolute
    /// address of its page there. Lists link there; its page here is a short one that
    /// links home.
    pub home: Option<String>,
}

impl Record {
    /// The status to show: none for a retrospective that states none (a retrospective
    /// has a verdict, not a status).
    pub fn shown_status(&self) -> Option<Status> {
        (self.kind != Kind::Retrospective || self.status != Status::Unknown).then_some(self.status)
    }
}

/// A file that was looked at and is not a record (README, index, template, stub).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub source: String,
    pub reason: String,
}
