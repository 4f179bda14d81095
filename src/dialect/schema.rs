//! The JSON Schema (draft 2020-12) of the native front matter, for editors: with
//! yaml-language-server (VS Code's YAML extension, Neovim, Helix, Zed) a record's keys are
//! completed, described on hover and checked as they are typed. `hindsight schema` prints
//! it; `hindsight init` writes the line that points records at it.
//!
//! Every key the reader knows ([`super::front_matter::KNOWN_KEYS`], [`super::reader::NATIVE_KEYS`])
//! has an entry here; a test fails when one is added there and not here. The schema is as
//! lenient as the reader where the reader is lenient (a status word of your own, a list
//! written as a comma string, a key left empty by the template) and strict where it is
//! strict (the kind, the verdict, the shape of options and trade-offs).

use serde_json::{Value, json};

/// The statuses the reader maps to, offered first by editors.
const STATUSES: &[&str] = &[
    "proposed",
    "accepted",
    "rejected",
    "deprecated",
    "superseded",
];

/// The line `init` writes at the top of a native record's front matter, so that
/// yaml-language-server validates it against `file` (a path relative to the record, or
/// a URL).
pub fn modeline(file: &str) -> String {
    format!("# yaml-language-server: $schema={file}")
}

/// The schema, as a JSON value.
pub fn schema() -> Value {
    let text =
        |description: &str| json!({ "type": ["string", "null"], "description": description });
    let date = |description: &str| {
        json!({
            "type": ["string", "null"],
            "format": "date",
            "description": description,
            "examples": ["2026-03-02"],
        })
    };
    let names = |description: &str| {
        json!({
            "description": description,
            "anyOf": [
                { "type": "array", "items": { "type": ["string", "null"] } },
                { "type": ["string", "null"] },
            ],
        })
    };
    let reference = json!({
        "type": ["string", "integer"],
        "description": "A record: its number (7), its id (0007-use-kafka) or a relative path (0007-use-kafka.md).",
    });
    let references = |description: &str| {
        json!({
            "description": description,
            "anyOf": [
                { "type": "array", "items": reference },
                reference,
                { "type": "null" },
            ],
        })
    };
    let lines = |description: &str| {
        json!({
            "description": description,
            "anyOf": [
                { "type": "array", "items": { "type": ["string", "null"] } },
                { "type": ["string", "null"] },
            ],
        })
    };
    let tradeoffs = json!({
        "type": ["array", "null"],
        "description": "The trade-offs accepted: what was favoured over what, and why. The site's trade-offs page groups them across decisions.",
        "items": {
            "type": "object",
            "properties": {
                "favor": text("What this decision favours (consistency, speed, ...)."),
                "over": text("What it gives up for it (throughput, quality, ...)."),
                "why": text("Why, in a sentence."),
            },
            "required": ["favor", "over"],
        },
    });
    let confidence = json!({
        "description": "How sure the deciders are: a probability from 0 to 1, a percentage (\"70%\"), or low (0.5), medium (0.7), high (0.9). On a claim, it overrides the decision's.",
        "anyOf": [
            { "type": "number", "minimum": 0, "maximum": 1 },
            { "enum": ["low", "medium", "high"] },
            { "type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*%\\s*$" },
            { "type": "null" },
        ],
    });
    let expect = json!({
        "type": ["array", "null"],
        "description": "What the deciders expect to happen, each claim checkable later; retrospectives judge them (expectations) and the site scores the confidence stated against the results.",
        "items": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {
                        "claim": text("The expectation, checkable later: p95 checkout latency stays under 200 ms."),
                        "by": date("When it can be judged (YYYY-MM-DD)."),
                        "confidence": confidence,
                    },
                    "required": ["claim"],
                },
                { "type": "string" },
            ],
        },
    });
    let expectations = json!({
        "type": ["array", "null"],
        "description": "For a retrospective: how each claim of the decision's expect list turned out. The latest retrospective judging a claim sets its result.",
        "items": {
            "type": "object",
            "properties": {
                "claim": {
                    "type": ["integer", "string"],
                    "description": "The claim: its position in the decision's expect list (from 1) or its text.",
                },
                "result": {
                    "enum": ["hit", "miss", "unclear"],
                    "description": "hit, miss, or unclear (not scored).",
                },
                "note": text("What was seen: p95 was 140 ms."),
            },
            "required": ["claim", "result"],
        },
    });
    let links = json!({
        "type": ["array", "null"],
        "description": "Relations in words (ADR-0063), as `hindsight new --link`, `--amends`, `--relates` and `hindsight link` write them: each item names the other record (`to`) and the words from this record (`link: Amends`); the other record shows the reverse words (`Amended by`).",
        "items": {
            "anyOf": [
                {
                    "type": "object",
                    "required": ["to"],
                    "properties": {
                        "to": { "type": ["string", "integer"], "description": "The other record: a number, an id (file name without .md) or a relative path." },
                        "link": { "type": ["string", "null"], "description": "The words from this record to the other (Amends, Clarifies, Depends on)." },
                        "reverse": { "type": ["string", "null"], "description": "The words from the other record back (Amended by); read from the other record or derived when left out." },
                    },
                    "additionalProperties": false,
                },
                { "type": ["string", "integer"], "description": "A record this one relates to, without words." },
            ],
        },
    });
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hindsight decision record",
        "description": "The YAML front matter of a decision record or retrospective in hindsight's native format. Every key is optional, except that a record needs a title from somewhere (here, or the first # heading). Keys hindsight does not know are ignored.",
        "type": "object",
        "properties": {
            "title": text("The decision, as a short sentence. Without it, the first # heading is the title."),
            "id": {
                "type": ["string", "integer"],
                "description": "Overrides the id taken from the file name; a number here is the record's number.",
            },
            "number": {
                "type": ["integer", "string"],
                "description": "The record's number; by default the one the file name starts with (0012-...).",
            },
            "status": {
                "description": "Where the decision stands. Other words (Pending, RFC, Approved, ...) are mapped to these, and hindsight.toml's [statuses] adds your own; a record another one supersedes shows as superseded whatever it says.",
                "anyOf": [
                    { "enum": STATUSES },
                    { "type": ["string", "null"] },
                ],
            },
            "date": date("When the decision was made (YYYY-MM-DD). Without it, the date of the file's first commit is shown."),
            "creation-date": date("The date, as KEP front matter writes it."),
            "deciders": names("Who decided: a list, or names separated by commas."),
            "decision-makers": names("Who decided, as MADR 4 calls them."),
            "consulted": names("Whose opinion was sought."),
            "informed": names("Who was kept up to date."),
            "tags": names("Topics, each with a page of its own on the site."),
            "options": {
                "type": ["array", "null"],
                "description": "The options weighed, shown side by side with their pros and cons; the one outcome.chosen names is marked.",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": text("The option, in a few words."),
                        "summary": text("The option in one line."),
                        "pros": lines("What speaks for it."),
                        "cons": lines("What speaks against it."),
                    },
                },
            },
            "tradeoffs": tradeoffs.clone(),
            "trade-offs": tradeoffs,
            "outcome": {
                "description": "What was decided: the option chosen and the reason in one sentence (or just the option, as a string).",
                "anyOf": [
                    {
                        "type": "object",
                        "properties": {
                            "chosen": text("The option chosen; it should match one of options[].name."),
                            "rationale": text("Why, in one sentence."),
                            "because": text("Why (another name for rationale)."),
                        },
                    },
                    { "type": ["string", "null"] },
                ],
            },
            "revisit": {
                "description": "When to look at this decision again: a date, or a date and the event that would bring it forward. Overdue and due revisits are listed by `hindsight due` and on the site's revisits page.",
                "anyOf": [
                    {
                        "type": ["string", "null"],
                        "format": "date",
                        "examples": ["2027-03-01"],
                    },
                    {
                        "type": "object",
                        "properties": {
                            "date": date("The revisit date (YYYY-MM-DD)."),
                            "when": text("The event that would bring the revisit forward (write volume passes 5k events/s)."),
                            "trigger": text("The event that would bring the revisit forward (another name for when)."),
                        },
                    },
                ],
            },
            "supersedes": references("The records this one replaces; they show as superseded, and each links here."),
            "replaces": references("The records this one replaces (as KEP and docs sites write it)."),
            "superseded_by": references("The records that replace this one (one side of the link is enough)."),
            "superseded-by": references("The records that replace this one (as docs sites write it)."),
            "applies_to": lines("The paths this decision governs: gitignore-style globs from the repository root (services/ledger/**, \"*.sql\", docs/api/*.md). `hindsight why PATH` and `check --changed` name the decision for files they match."),
            "relates": references("Records this one relates to, without replacing them."),
            "related": references("Records this one relates to (another name for relates)."),
            "links": links,
            "kind": {
                "enum": ["decision", "retrospective", null],
                "description": "decision (the default), or retrospective: a later look at how a decision turned out.",
            },
            "reviews": {
                "description": "For a retrospective: the decision it looks back on.",
                "anyOf": [reference, { "type": "null" }],
            },
            "verdict": {
                "enum": ["held-up", "revised", "reversed", null],
                "description": "For a retrospective: how the decision turned out. held-up, revised or reversed.",
            },
            "next_revisit": date("For a retrospective: when to look at the decision again (none: the question is settled)."),
            "review_date": date("When the decision is due for review, as some folders write it: read as the revisit date when there is no revisit."),
            "review-date": date("When the decision is due for review (another spelling of review_date)."),
            "next_review": date("The next review of the decision (another name for review_date)."),
            "next-review": date("The next review of the decision (another spelling of next_review)."),
            "review_in": text("How long after its date (or last_reviewed_on) the decision is reviewed, as GOV.UK tech-docs pages write it: `6 months`, `1 year`."),
            "last_reviewed_on": date("When the decision was last reviewed; review_in counts from here."),
        },
    });
    // The expectation keys (see `crate::expectation`), added apart: one `json!` of every
    // key is past the macro's recursion limit.
    let properties = schema["properties"].as_object_mut().expect("properties");
    properties.insert("confidence".into(), confidence.clone());
    properties.insert(
        "reversible".into(),
        json!({
            "type": ["boolean", "null"],
            "description": "true: a two-way door (cheap to undo); false: a one-way door. Shown as a badge on the record's page.",
        }),
    );
    properties.insert("expect".into(), expect);
    properties.insert(
        "process".into(),
        json!({
            "enum": ["sound", "flawed", null],
            "description": "For a retrospective: how the decision was made (sound or flawed), judged apart from how it turned out.",
        }),
    );
    properties.insert("expectations".into(), expectations);
    schema
}

/// The schema as the pretty-printed JSON `hindsight schema` prints, ending in a newline.
pub fn text() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).expect("a JSON value serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key added to the reader without a place in the schema fails here.
    #[test]
    fn every_key_the_reader_knows_is_in_the_schema() {
        let schema = schema();
        let properties = schema["properties"].as_object().unwrap();
        for key in super::super::front_matter::KNOWN_KEYS
            .iter()
            .chain(super::super::reader::NATIVE_KEYS)
        {
            let p = properties
                .get(*key)
                .unwrap_or_else(|| panic!("`{key}` is read but not in the schema"));
            assert!(
                p["description"].as_str().is_some_and(|d| d.len() > 10),
                "`{key}` has no description"
            );
        }
    }

    #[test]
    fn statuses_kinds_and_verdicts_are_offered() {
        let s = schema();
        assert_eq!(
            s["properties"]["status"]["anyOf"][0]["enum"],
            json!([
                "proposed",
                "accepted",
                "rejected",
                "deprecated",
                "superseded"
            ])
        );
        assert_eq!(
            s["properties"]["verdict"]["enum"],
            json!(["held-up", "revised", "reversed", null])
        );
        assert!(text().contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
    }
}
