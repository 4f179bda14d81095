//! Mapping statuses as written (`✅ Accepted`, `Superceded by ADR-7`, `RFC`) to the canonical five.

use std::collections::BTreeMap;

use crate::record::Status;

/// Extra status words from the configuration (`[statuses] "in review" = "proposed"`).
pub type ExtraWords = BTreeMap<String, Status>;

/// Reads a canonical status from free text, or `None` when the text names no known status
/// (an unfilled template placeholder such as `[proposed | accepted | rejected]` is `None`).
pub fn canonical(raw: &str, extra: &ExtraWords) -> Option<Status> {
    let text = normalise(raw);
    if text.is_empty() {
        return emoji(raw);
    }
    for (word, status) in extra {
        if text == normalise(word) || text.starts_with(&format!("{} ", normalise(word))) {
            return Some(*status);
        }
    }
    // A placeholder left from a template lists several statuses separated by `|` or `/`.
    if is_placeholder(raw) {
        return None;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    // Partial supersession or amendment keeps the record's other status.
    let partly = has("partly") || has("partially") || has("partial");
    // `Superseded by`, `Superceded`, `Replaced by`, but not `Supersedes` or `no superseding ADR`.
    let superseded_word = words.iter().any(|w| {
        (w.starts_with("supersed") || w.starts_with("superced") || w.starts_with("supersced"))
            && w.ends_with("ed")
    });
    if !partly
        && (superseded_word
            || has("replaced")
            || has("remplacé")
            || has("obsoleted")
            || has("overridden")
            || has("overriden"))
    {
        return Some(Status::Superseded);
    }
    const TABLE: &[(&str, Status)] = &[
        ("accepted", Status::Accepted),
        ("accept", Status::Accepted),
        ("approved", Status::Accepted),
        ("adopted", Status::Accepted),
        ("adopt", Status::Accepted),
        ("implemented", Status::Accepted),
        ("agreed", Status::Accepted),
        ("decided", Status::Accepted),
        ("done", Status::Accepted),
        ("active", Status::Accepted),
        ("final", Status::Accepted),
        ("accepté", Status::Accepted),
        ("accepte", Status::Accepted),
        ("adopté", Status::Accepted),
        ("rejected", Status::Rejected),
        ("declined", Status::Rejected),
        ("withdrawn", Status::Rejected),
        ("refused", Status::Rejected),
        ("rejeté", Status::Rejected),
        ("deprecated", Status::Deprecated),
        ("obsolete", Status::Deprecated),
        ("retired", Status::Deprecated),
        ("reverted", Status::Deprecated),
        ("abandoned", Status::Deprecated),
        ("proposed", Status::Proposed),
        ("proposal", Status::Proposed),
        ("draft", Status::Proposed),
        ("pending", Status::Proposed),
        ("rfc", Status::Proposed),
        ("wip", Status::Proposed),
        ("open", Status::Proposed),
        ("review", Status::Proposed),
        ("discussion", Status::Proposed),
        ("proposé", Status::Proposed),
        ("propose", Status::Proposed),
        ("brouillon", Status::Proposed),
        ("incomplete", Status::Proposed),
        ("deferred", Status::Proposed),
        ("implementable", Status::Accepted),
        ("considering", Status::Proposed),
        ("planned", Status::Proposed),
        ("provisional", Status::Proposed),
        ("experimental", Status::Proposed),
        ("proposta", Status::Proposed),
        ("propuesto", Status::Proposed),
        ("vorgeschlagen", Status::Proposed),
        ("aceptado", Status::Accepted),
        ("akzeptiert", Status::Accepted),
        ("aceito", Status::Accepted),
        ("accettato", Status::Accepted),
        ("complete", Status::Accepted),
        ("completed", Status::Accepted),
        ("enacted", Status::Accepted),
        ("ratified", Status::Accepted),
        ("rechazado", Status::Rejected),
        ("abgelehnt", Status::Rejected),
        ("cancelled", Status::Rejected),
        ("canceled", Status::Rejected),
        ("dismissed", Status::Rejected),
        ("deprecated", Status::Deprecated),
        ("déprécié", Status::Deprecated),
        ("obsolète", Status::Deprecated),
        ("sunset", Status::Deprecated),
        ("archived", Status::Deprecated),
    ];
    // The first status word in the text wins: `Accepted, later deprecated` stays accepted
    // only when written that way round. A negated word (`Not implemented`, `not yet
    // accepted`) says the opposite: not adopted is rejected, not yet adopted is proposed.
    for (i, w) in words.iter().enumerate() {
        if let Some((_, s)) = TABLE.iter().find(|(k, _)| k == w) {
            let before = |k: usize| i.checked_sub(k).map(|j| words[j]);
            let negated = matches!(before(1), Some("not" | "never" | "non"));
            let not_yet = before(1) == Some("yet") && before(2) == Some("not");
            return match (*s, negated, not_yet) {
                (_, false, false) => Some(*s),
                (Status::Accepted, _, true) => Some(Status::Proposed),
                (Status::Accepted, true, _) => Some(Status::Rejected),
                _ => continue,
            };
        }
    }
    let joined = words.join(" ");
    if joined.contains("in progress")
        || joined.contains("on hold")
        || joined.contains("under review")
    {
        return Some(Status::Proposed);
    }
    if partly {
        // `Partly superseded` with no other status: the record still stands.
        return Some(Status::Accepted);
    }
    emoji(raw)
}

/// The canonical status word a misspelt status probably meant (`acepted` → `accepted`).
pub fn suggestion(raw: &str) -> Option<&'static str> {
    const WORDS: &[&str] = &[
        "proposed",
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
        "approved",
        "implemented",
        "withdrawn",
    ];
    let word = normalise(raw);
    let first = word.split(' ').next().unwrap_or("");
    crate::near_miss::suggest(first, WORDS)
}

/// The hint of an `unknown-status` warning: the word probably meant, else the choices.
pub fn unknown_hint(raw: &str) -> String {
    match suggestion(raw) {
        Some(word) => format!(
            "did you mean `{word}`? (other words can be mapped in hindsight.toml [statuses])"
        ),
        None => "use proposed, accepted, rejected, deprecated or superseded, or map the word in hindsight.toml [statuses]".to_string(),
    }
}

/// A status written as an emoji (`✅`, `🤔 Incomplete`).
fn emoji(raw: &str) -> Option<Status> {
    for c in raw.chars() {
        let s = match c {
            '✅' | '✔' | '☑' | '👍' | '🟢' => Status::Accepted,
            '🤔' | '💭' | '📝' | '🚧' | '🟡' | '⏸' => Status::Proposed,
            '❌' | '✖' | '🚫' | '⛔' | '👎' | '🔴' => Status::Rejected,
            '⌛' | '⏳' | '🔄' => Status::Superseded,
            '🗑' | '⚠' | '💀' => Status::Deprecated,
            _ => continue,
        };
        return Some(s);
    }
    None
}

/// Does the status say the record is only partly replaced (`Partly superseded`)?
pub fn says_partly(raw: &str) -> bool {
    let t = normalise(raw);
    t.split(' ')
        .any(|w| matches!(w, "partly" | "partially" | "partial"))
        || t.contains("in part")
}

/// Is the status an unfilled template placeholder listing several statuses?
pub fn is_placeholder(raw: &str) -> bool {
    let text = normalise(raw);
    let hits = [
        "proposed",
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
    ]
    .iter()
    .filter(|w| text.contains(*w))
    .count();
    hits >= 3 || (hits >= 2 && raw.contains('|'))
}

/// Lowercases, drops emoji and punctuation (keeping letters with accents), folds white space.
fn normalise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(raw: &str) -> Option<&'static str> {
        canonical(raw, &ExtraWords::new()).map(Status::as_str)
    }

    #[test]
    fn maps_what_teams_write() {
        assert_eq!(s("Accepted"), Some("accepted"));
        assert_eq!(s("✅ Accepted"), Some("accepted"));
        assert_eq!(s("ACCEPTED"), Some("accepted"));
        assert_eq!(
            s("Accepted (lazy consensus) & implemented"),
            Some("accepted")
        );
        assert_eq!(s("Superceded by [ADR-7](0007-x.md)"), Some("superseded"));
        assert_eq!(s("⌛️ Superseded"), Some("superseded"));
        assert_eq!(s("Partly superseded by 12"), Some("accepted"));
        assert_eq!(s("RFC"), Some("proposed"));
        assert_eq!(s("on hold"), Some("proposed"));
        assert_eq!(s("Deprecated (no superseding ADR)"), Some("deprecated"));
        assert_eq!(s("Accepted. Supersedes ADR-3"), Some("accepted"));
        assert_eq!(s("proposé"), Some("proposed"));
        assert_eq!(s("🤔 Incomplete"), Some("proposed"));
        assert_eq!(
            s("⌛️ Superseded by [036. Multi-cluster](036-multi-cluster.md)"),
            Some("superseded")
        );
        assert_eq!(s("❌ Rejected (see 019)"), Some("rejected"));
        assert_eq!(s("Reverted by discussion #1198."), Some("deprecated"));
        assert_eq!(s("Pending"), Some("proposed"));
        assert_eq!(s("Approved"), Some("accepted"));
        assert_eq!(s("🤔"), Some("proposed"));
        assert!(says_partly("Partly superseded"));
        assert!(!says_partly("Superseded"));
        assert_eq!(
            s("[proposed | rejected | accepted | deprecated | superseded]"),
            None
        );
        assert_eq!(s("Not-Implemented"), Some("rejected"));
        assert_eq!(s("Not implemented"), Some("rejected"));
        assert_eq!(s("Implemented"), Some("accepted"));
        assert_eq!(s("Not yet accepted"), Some("proposed"));
        assert_eq!(s("Overridden by ADR-0012"), Some("superseded"));
        assert_eq!(suggestion("acepted"), Some("accepted"));
        assert_eq!(suggestion("Supersceded"), Some("superseded"));
        assert_eq!(suggestion("banana"), None);
        assert_eq!(s(""), None);
        assert_eq!(s("something else"), None);
    }

    #[test]
    fn configured_words_come_first() {
        let mut extra = ExtraWords::new();
        extra.insert("shipped".into(), Status::Accepted);
        assert_eq!(canonical("Shipped", &extra), Some(Status::Accepted));
    }
}
