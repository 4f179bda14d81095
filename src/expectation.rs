//! Expectations: what a decision's authors expected to happen, how sure they were, and how
//! each claim turned out.
//!
//! A decision may state its overall `confidence` (0..1, or `low` 0.5, `medium` 0.7, `high`
//! 0.9), whether it is `reversible` (a two-way door) and what it `expect`s, each claim
//! checkable later (`claim`, optional `by` date and `confidence`). A retrospective may say
//! whether the decision's `process` was sound or flawed, apart from how it turned out, and
//! judge the claims in `expectations` (`claim`: its 1-based position or its text, `result`:
//! hit, miss or unclear, `note`). The latest retrospective that judges a claim sets its
//! result ([`judge`]).
//!
//! [`read`] fills [`Expectations`] from front matter (native and MADR alike) and warns about
//! values it cannot use; [`unknown_claims`] warns, once references are resolved, about
//! judgements that name no claim of the decision reviewed. Pure: no I/O.

use serde::Serialize;

use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::dialect::front_matter::Fields;
use crate::discover::SourceText;
use crate::record::Record;
use crate::resolve::{Model, Resolved};
use crate::yaml::node::Node;

/// What a record says about its bets: set on decisions (`confidence`, `reversible`,
/// `expect`) and on retrospectives (`process`, `expectations`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expectations {
    /// The decision's overall confidence, 0..1.
    pub confidence: Option<f64>,
    /// `true`: a two-way door; `false`: one-way.
    pub reversible: Option<bool>,
    /// What the deciders expect, each checkable later.
    pub claims: Vec<Claim>,
    /// A retrospective's verdict on how the decision was made.
    pub process: Option<Process>,
    /// A retrospective's judgement of the decision's claims.
    pub judgements: Vec<Judgement>,
}

/// One expectation a decision states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    pub claim: String,
    /// When it can be judged.
    pub by: Option<Date>,
    /// How sure the deciders were of this claim; `None`: the decision's confidence.
    pub confidence: Option<f64>,
}

/// How a retrospective names a claim: its 1-based position in `expect`, or its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ClaimRef {
    Position(usize),
    Text(String),
}

/// How a claim turned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ClaimResult {
    Hit,
    Miss,
    Unclear,
}

impl ClaimResult {
    pub fn parse(text: &str) -> Option<ClaimResult> {
        match text.trim().to_lowercase().as_str() {
            "hit" | "yes" | "true" | "held" | "met" => Some(ClaimResult::Hit),
            "miss" | "no" | "false" | "missed" | "not met" => Some(ClaimResult::Miss),
            "unclear" | "unknown" | "n/a" => Some(ClaimResult::Unclear),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimResult::Hit => "hit",
            ClaimResult::Miss => "miss",
            ClaimResult::Unclear => "unclear",
        }
    }
}

/// How a decision was made, judged apart from how it turned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Process {
    Sound,
    Flawed,
}

impl Process {
    pub fn parse(text: &str) -> Option<Process> {
        match text.trim().to_lowercase().as_str() {
            "sound" | "good" => Some(Process::Sound),
            "flawed" | "poor" | "bad" => Some(Process::Flawed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Process::Sound => "sound",
            Process::Flawed => "flawed",
        }
    }
}

/// One entry of a retrospective's `expectations`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    pub claim: ClaimRef,
    pub result: Option<ClaimResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where its `claim` is written, for diagnostics.
    #[serde(skip)]
    pub span: Span,
}

/// `low`, `medium`, `high`, a number in 0..1 or a percentage (`70%`): the probability, or
/// `Err` with what is wrong.
pub fn parse_confidence(text: &str) -> Result<f64, String> {
    let t = text.trim().to_lowercase();
    let value = match t.as_str() {
        "low" => return Ok(0.5),
        "medium" => return Ok(0.7),
        "high" => return Ok(0.9),
        _ => match t.strip_suffix('%') {
            Some(p) => p.trim().parse::<f64>().map(|p| p / 100.0),
            None => t.parse::<f64>(),
        },
    };
    match value {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        Ok(_) => Err(format!("confidence `{}` is outside 0..1", text.trim())),
        Err(_) => Err(format!(
            "confidence `{}` is neither a number nor low, medium or high",
            text.trim()
        )),
    }
}

/// Reads `confidence`, `reversible`, `expect`, `process` and `expectations` from front
/// matter, pushing warnings into `f.diagnostics`.
pub fn read(f: &mut Fields<'_>, file: &SourceText) -> Expectations {
    let confidence = read_confidence(f, file);
    let reversible = read_reversible(f, file);
    let claims = read_expect(f, file);
    let process = read_process(f, file);
    let judgements = read_judgements(f, file);
    Expectations {
        confidence,
        reversible,
        claims,
        process,
        judgements,
    }
}

/// Pushes a warning at `span` of `file`.
fn warn(
    f: &mut Fields<'_>,
    file: &SourceText,
    code: Code,
    span: Span,
    message: String,
    hint: &str,
) {
    f.diagnostics.push(
        Diagnostic::warning(code, message)
            .at(&file.display, &file.text, span)
            .hint(hint),
    );
}

const CONFIDENCE_HINT: &str =
    "write a probability from 0 to 1 (`0.7`), a percentage (`70%`) or low, medium or high";

/// `confidence`: a probability, a percentage or a word.
fn read_confidence(f: &mut Fields<'_>, file: &SourceText) -> Option<f64> {
    let (_, node) = f.get(&["confidence"])?;
    let text = node.text()?;
    match parse_confidence(text) {
        Ok(p) => Some(p),
        Err(message) => {
            let span = f.value_span("confidence", text.trim());
            warn(f, file, code_of(&message), span, message, CONFIDENCE_HINT);
            None
        }
    }
}

/// `reversible`: a two-way door (true) or a one-way door (false).
fn read_reversible(f: &mut Fields<'_>, file: &SourceText) -> Option<bool> {
    let (_, node) = f.get(&["reversible"])?;
    let text = node.text()?;
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "two-way" => Some(true),
        "false" | "no" | "one-way" => Some(false),
        _ => {
            let span = f.value_span("reversible", text.trim());
            warn(
                f,
                file,
                Code::FrontMatterValue,
                span,
                format!("`reversible: {}` is not true or false", text.trim()),
                "write `reversible: true` for a two-way door, `false` for a one-way door",
            );
            None
        }
    }
}

/// `expect`: the claims, each a string or `{claim, by, confidence}`.
fn read_expect(f: &mut Fields<'_>, file: &SourceText) -> Vec<Claim> {
    let Some((_, Node::Seq(items))) = f.get(&["expect"]) else {
        return Vec::new();
    };
    let mut claims = Vec::new();
    let mut lines = LinesAfter::new(file, f.span("expect").line);
    for item in items {
        let (claim, by, confidence) = match item.untagged() {
            Node::Map(m) => (
                m.get("claim").and_then(Node::text).map(str::trim),
                m.get("by").and_then(Node::text),
                m.get("confidence").and_then(Node::text),
            ),
            other => (other.text().map(str::trim), None, None),
        };
        let Some(claim) = claim.filter(|c| !c.is_empty()) else {
            continue;
        };
        let span = lines.find("claim", claim);
        let by = by.and_then(|t| {
            let d = Date::parse_iso(t.trim()).or_else(|| Date::find(t));
            if d.is_none() {
                warn(
                    f,
                    file,
                    Code::FrontMatterValue,
                    span,
                    format!("`by: {}` is not a date", t.trim()),
                    "write dates as YYYY-MM-DD",
                );
            }
            d
        });
        let confidence = confidence.and_then(|t| match parse_confidence(t) {
            Ok(p) => Some(p),
            Err(message) => {
                let at = lines.find("confidence", t.trim());
                warn(f, file, code_of(&message), at, message, CONFIDENCE_HINT);
                None
            }
        });
        claims.push(Claim {
            claim: claim.to_string(),
            by,
            confidence,
        });
    }
    claims
}

/// `process` (in a retrospective): sound or flawed.
fn read_process(f: &mut Fields<'_>, file: &SourceText) -> Option<Process> {
    let (_, node) = f.get(&["process"])?;
    let text = node.text()?;
    let process = Process::parse(text);
    if process.is_none() {
        let span = f.value_span("process", text.trim());
        warn(
            f,
            file,
            Code::UnknownProcess,
            span,
            format!("`process: {}` is not sound or flawed", text.trim()),
            "write `process: sound` or `process: flawed`: how the decision was made, apart from how it turned out",
        );
    }
    process
}

/// `expectations` (in a retrospective): how each claim turned out.
fn read_judgements(f: &mut Fields<'_>, file: &SourceText) -> Vec<Judgement> {
    let Some((_, Node::Seq(items))) = f.get(&["expectations"]) else {
        return Vec::new();
    };
    let mut judgements = Vec::new();
    let mut lines = LinesAfter::new(file, f.span("expectations").line);
    for item in items {
        let Node::Map(m) = item.untagged() else {
            continue;
        };
        let Some(text) = m.get("claim").and_then(Node::text).map(str::trim) else {
            let span = f.span("expectations");
            warn(
                f,
                file,
                Code::UnknownClaim,
                span,
                "an `expectations` entry names no claim".into(),
                "add `claim: N` (its position in the decision's `expect` list, from 1) or the claim's text",
            );
            continue;
        };
        let span = lines.find("claim", text);
        let claim = match text.parse::<usize>() {
            Ok(n) => ClaimRef::Position(n),
            Err(_) => ClaimRef::Text(text.to_string()),
        };
        let result = m.get("result").and_then(Node::text).and_then(|r| {
            let parsed = ClaimResult::parse(r);
            if parsed.is_none() {
                let at = lines.find("result", r.trim());
                warn(
                    f,
                    file,
                    Code::UnknownResult,
                    at,
                    format!("`result: {}` is not hit, miss or unclear", r.trim()),
                    "write `result: hit`, `miss` or `unclear`",
                );
            }
            parsed
        });
        judgements.push(Judgement {
            claim,
            result,
            note: m
                .get("note")
                .and_then(Node::text)
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            span,
        });
    }
    judgements
}

fn code_of(message: &str) -> Code {
    if message.contains("outside 0..1") {
        Code::ConfidenceOutOfRange
    } else {
        Code::FrontMatterValue
    }
}

/// Finds the entries of a list in the file's lines, in order, from the line of its key:
/// each `key:` line holding the value after the last one found.
struct LinesAfter<'a> {
    lines: Vec<&'a str>,
    /// Index into `lines` to look from.
    next: usize,
    /// Line number of `lines[0]`.
    first: usize,
}

impl<'a> LinesAfter<'a> {
    fn new(file: &'a SourceText, key_line: usize) -> LinesAfter<'a> {
        let lines: Vec<&str> = file
            .text
            .lines()
            .skip(key_line.saturating_sub(1))
            .take_while({
                let mut first = true;
                move |l| {
                    let keep = first || l.is_empty() || l.starts_with([' ', '\t', '-']);
                    first = false;
                    keep
                }
            })
            .collect();
        LinesAfter {
            lines,
            next: 0,
            first: key_line.max(1),
        }
    }

    /// The span of `value` on the next `key:` line that holds it, else the key of the list.
    fn find(&mut self, key: &str, value: &str) -> Span {
        for k in self.next..self.lines.len() {
            let line = self.lines[k];
            let trimmed = line.trim_start_matches([' ', '\t', '-']);
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with(':')
                && let Some(at) = line.find(value)
            {
                self.next = k + 1;
                return Span::new(
                    self.first + k,
                    line[..at].chars().count() + 1,
                    value.chars().count(),
                );
            }
        }
        Span::new(self.first, 1, 0)
    }
}

/// One claim of a decision with how it turned out.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged<'a> {
    /// 1-based position in `expect`.
    pub position: usize,
    pub claim: &'a Claim,
    /// The claim's own confidence, else the decision's.
    pub confidence: Option<f64>,
    /// Set by the latest retrospective that judges it.
    pub result: Option<ClaimResult>,
    /// That retrospective, as an index into [`Model::records`].
    pub judged_by: Option<usize>,
    pub note: Option<&'a str>,
}

/// One claim as `decisions.json` gives it.
#[derive(Debug, Serialize)]
pub struct ClaimJson<'a> {
    pub claim: &'a str,
    pub by: Option<Date>,
    /// The claim's own confidence, else the decision's.
    pub confidence: Option<f64>,
    /// `null` until a retrospective judges it.
    pub result: Option<ClaimResult>,
    /// The id of the retrospective whose judgement is in force.
    pub judged_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
}

/// The claims of `r` with their results, for `decisions.json`.
pub fn claims_json<'a>(model: &'a Model, r: &'a Resolved) -> Vec<ClaimJson<'a>> {
    judge(model, r)
        .into_iter()
        .map(|j| ClaimJson {
            claim: &j.claim.claim,
            by: j.claim.by,
            confidence: j.confidence,
            result: j.result,
            judged_by: j.judged_by.map(|i| model.records[i].record.id.as_str()),
            note: j.note,
        })
        .collect()
}

/// Which claim of `claims` a judgement names, as an index.
pub fn claim_index(claims: &[Claim], claim: &ClaimRef) -> Option<usize> {
    match claim {
        ClaimRef::Position(n) => (*n >= 1 && *n <= claims.len()).then(|| n - 1),
        ClaimRef::Text(t) => {
            let want = normalise(t);
            claims.iter().position(|c| normalise(&c.claim) == want)
        }
    }
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The claims of decision `r`, each with the result the latest retrospective judging it
/// gave (retrospectives are in date order in [`Resolved::retrospectives`]).
pub fn judge<'a>(model: &'a Model, r: &'a Resolved) -> Vec<Judged<'a>> {
    let e = &r.record.expectations;
    let mut out: Vec<Judged<'a>> = e
        .claims
        .iter()
        .enumerate()
        .map(|(k, claim)| Judged {
            position: k + 1,
            claim,
            confidence: claim.confidence.or(e.confidence),
            result: None,
            judged_by: None,
            note: None,
        })
        .collect();
    if out.is_empty() {
        return out;
    }
    for &j in &r.retrospectives {
        for judgement in &model.records[j].record.expectations.judgements {
            if let Some(k) = claim_index(&e.claims, &judgement.claim)
                && let Some(result) = judgement.result
            {
                out[k].result = Some(result);
                out[k].judged_by = Some(j);
                out[k].note = judgement.note.as_deref();
            }
        }
    }
    out
}

/// Warnings for retrospective judgements that name no claim of the decision they review:
/// a position past the end of its `expect` list, or text that matches none of its claims.
/// `reviews[i]` is the decision record `i` reviews.
pub fn unknown_claims(
    records: &[std::sync::Arc<Record>],
    reviews: &[Option<usize>],
    sources: &crate::resolve::Sources<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, rec) in records.iter().enumerate() {
        let Some(t) = reviews[i] else {
            continue;
        };
        let claims = &records[t].expectations.claims;
        for judgement in &rec.expectations.judgements {
            if claim_index(claims, &judgement.claim).is_some() {
                continue;
            }
            let what = match &judgement.claim {
                ClaimRef::Position(n) => format!(
                    "`claim: {n}` names no claim: `{}` expects {}",
                    records[t].id,
                    crate::wording::plural(claims.len(), "claim", "claims")
                ),
                ClaimRef::Text(text) => format!(
                    "`claim: {text}` matches no claim in `{}`'s `expect`",
                    records[t].id
                ),
            };
            let (display, text) = sources
                .get(rec.source.as_str())
                .copied()
                .unwrap_or((rec.source.as_str(), ""));
            let d = Diagnostic::warning(Code::UnknownClaim, what).hint(
                "name the claim by its position in the decision's `expect` list (from 1) or by its exact text",
            );
            out.push(if text.is_empty() {
                d.in_file(display)
            } else {
                d.at(display, text, judgement.span)
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_words_numbers_and_percentages() {
        assert_eq!(parse_confidence("low"), Ok(0.5));
        assert_eq!(parse_confidence("Medium"), Ok(0.7));
        assert_eq!(parse_confidence("high"), Ok(0.9));
        assert_eq!(parse_confidence("0.85"), Ok(0.85));
        assert_eq!(parse_confidence("70%"), Ok(0.7));
        assert_eq!(parse_confidence("1"), Ok(1.0));
        assert!(
            parse_confidence("1.2")
                .unwrap_err()
                .contains("outside 0..1")
        );
        assert!(
            parse_confidence("-0.1")
                .unwrap_err()
                .contains("outside 0..1")
        );
        assert!(parse_confidence("sure").unwrap_err().contains("neither"));
    }

    #[test]
    fn claims_are_named_by_position_or_text() {
        let claims = vec![
            Claim {
                claim: "p95 under 200 ms".into(),
                by: None,
                confidence: None,
            },
            Claim {
                claim: "No new on-call burden".into(),
                by: None,
                confidence: Some(0.6),
            },
        ];
        assert_eq!(claim_index(&claims, &ClaimRef::Position(1)), Some(0));
        assert_eq!(claim_index(&claims, &ClaimRef::Position(2)), Some(1));
        assert_eq!(claim_index(&claims, &ClaimRef::Position(0)), None);
        assert_eq!(claim_index(&claims, &ClaimRef::Position(3)), None);
        assert_eq!(
            claim_index(&claims, &ClaimRef::Text("no new  on-call BURDEN".into())),
            Some(1)
        );
        assert_eq!(claim_index(&claims, &ClaimRef::Text("other".into())), None);
    }

    #[test]
    fn results_and_processes() {
        assert_eq!(ClaimResult::parse("Hit"), Some(ClaimResult::Hit));
        assert_eq!(ClaimResult::parse("miss"), Some(ClaimResult::Miss));
        assert_eq!(ClaimResult::parse("unclear"), Some(ClaimResult::Unclear));
        assert_eq!(ClaimResult::parse("maybe"), None);
        assert_eq!(Process::parse("sound"), Some(Process::Sound));
        assert_eq!(Process::parse("Flawed"), Some(Process::Flawed));
        assert_eq!(Process::parse("lucky"), None);
    }
}
