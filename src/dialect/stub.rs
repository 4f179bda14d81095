//! Files that are not decisions yet: unfilled template stubs (all placeholders, skipped)
//! and records `hindsight new` wrote whose text is still its guidance (drafts).

use super::links;
use super::madr;
use crate::document::Line;

/// Titles that only a template has.
pub(super) const TEMPLATE_TITLES: &[&str] = &[
    "title",
    "number. title",
    "short title",
    "adr title",
    "decision title",
    "<title>",
    "title of the decision",
    "your title here",
    "[title]",
    "{title}",
];

/// Guidance sentences of well-known templates (adr-tools, Nygard); a record whose body is
/// still made of them is an unfilled stub.
pub(super) const TEMPLATE_SENTENCES: &[&str] = &[
    "the issue motivating this decision, and any context that influences or constrains the decision.",
    "the change that we're proposing or have agreed to implement.",
    "what becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.",
    "what is the status, such as proposed, accepted, rejected, deprecated, superseded, etc.?",
    "what is the issue that we're seeing that is motivating this decision or change?",
    "what is the change that we're proposing and/or doing?",
    "what becomes easier or more difficult to do because of this change?",
];

/// A title only a template has (`Title`, `Title of the Decision Record`, `[short title of
/// solved problem and solution]`), lower-cased.
pub(super) fn is_placeholder_title(lower: &str) -> bool {
    TEMPLATE_TITLES.contains(&lower)
        || lower.contains("short title of solved problem")
        || lower == "title of the decision record"
        || lower == "title of the adr"
}

/// A body made mostly of template placeholders (`[Describe the context …]`, `{option 1}`).
pub(super) fn is_unfilled_stub(lines: &[Line<'_>]) -> bool {
    let mut content = 0usize;
    let mut placeholders = 0usize;
    let mut guidance = 0usize;
    for (k, &(_, line, fenced)) in lines.iter().enumerate() {
        // Once the lines that are neither placeholders nor guidance outnumber the
        // placeholders even if every line left were one, neither test below can pass: a
        // real record stops about halfway through.
        if content - placeholders > placeholders + (lines.len() - k) {
            return false;
        }
        let t = line.trim();
        if fenced
            || t.is_empty()
            || t.starts_with('#')
            || t.starts_with("<!--")
            || t.starts_with('|')
            || t.starts_with("---")
        {
            continue;
        }
        content += 1;
        if is_mostly_placeholder(t) {
            placeholders += 1;
        } else if t.len() > 40 && t.len() < 160 && is_template_sentence(t) {
            placeholders += 1;
            guidance += 1;
        }
    }
    (content >= 4 && placeholders * 2 >= content) || (guidance >= 2 && guidance * 2 >= content)
}

/// The guidance sentences of the records `hindsight new` writes (native, adr-tools and
/// retrospective templates in `src/author/templates.rs`; `tests/authoring.rs` checks
/// that a new record of each reads as a draft).
pub(super) const NEW_RECORD_GUIDANCE: &[&str] = &[
    "What problem are we solving, and what forces are at play?",
    "What we will do, in a sentence or two: \"We will ...\".",
    "What becomes easier, what becomes harder, and what would make us revisit this.",
    "Which options did we weigh, and what speaks for and against each?",
    "What we will do: \"We will ...\". What do we favor over what, and why?",
    "What becomes easier, what becomes harder.",
    "What did we expect when we decided, and what happened instead?",
    "Did the decision hold up, need revising, or get reversed? Why?",
    "What would we weigh differently next time?",
];

/// A body that is still the guidance `hindsight new` wrote: at least two of its sentences,
/// and fewer other lines than those (`Date:` and status lines, a retrospective's
/// `Looking back at ...`, adr-tools' `Revisit by ...`). The record is a draft, shown as
/// one rather than as a decision.
pub(super) fn is_new_record_draft(lines: &[Line<'_>]) -> bool {
    let (mut others, mut guidance) = (0usize, 0usize);
    for &(_, line, fenced) in lines {
        let t = line.trim();
        if fenced || t.is_empty() || t.starts_with('#') || t.starts_with("<!--") {
            continue;
        }
        if NEW_RECORD_GUIDANCE.contains(&t) {
            guidance += 1;
        } else {
            others += 1;
            if others > 3 {
                return false;
            }
        }
    }
    guidance >= 2 && others < guidance
}

/// A guidance sentence from a well-known template, in any letter case.
pub(super) fn is_template_sentence(t: &str) -> bool {
    if t.is_ascii() {
        TEMPLATE_SENTENCES
            .iter()
            .any(|s| s.len() == t.len() && s.eq_ignore_ascii_case(t))
    } else {
        TEMPLATE_SENTENCES.contains(&t.to_lowercase().as_str())
    }
}

/// The share of a line's characters that sit inside `[...]` or `{...}` placeholders
/// (links are not placeholders).
/// Link targets longer than this are never placeholders (`yyyymmdd-xxx.md` is 15 bytes).
pub(super) const MAX_PLACEHOLDER_TARGET: usize = 256;

/// (The reader asks [`is_mostly_placeholder`]; the share itself is for tests.)
#[cfg(test)]
pub(super) fn placeholder_share(line: &str) -> f32 {
    if memchr::memchr2(b'[', b'{', line.as_bytes()).is_none() {
        return 0.0;
    }
    let stripped = madr::strip_comments(line);
    share_of(placeholder_text(&stripped))
}

/// Whether [`placeholder_share`] is at least 0.6, without pairing the brackets of a line
/// whose brackets span too little of it for that (most lines with a link).
pub(super) fn is_mostly_placeholder(line: &str) -> bool {
    if memchr::memchr2(b'[', b'{', line.as_bytes()).is_none() {
        return false;
    }
    let stripped = madr::strip_comments(line);
    let t = placeholder_text(&stripped);
    // Every character counted inside a placeholder lies between the first opener and the
    // last closer (`]`, `}`, or the `)` of a link whose target is a placeholder).
    let b = t.as_bytes();
    let (Some(first), Some(last)) = (
        memchr::memchr2(b'[', b'{', b),
        memchr::memrchr3(b']', b'}', b')', b),
    ) else {
        return false;
    };
    let total = solid(t);
    if last < first || total == 0 || (solid(&t[first..=last]) as f32 / total as f32) < 0.6 {
        return false;
    }
    share_of(t) >= 0.6
}

/// The text of a line whose placeholders are counted: trimmed, without a list marker.
fn placeholder_text(stripped: &str) -> &str {
    let t = stripped.trim();
    madr::list_item(t).map_or(t, |(_, s)| s)
}

/// The characters of `s` that are not white space.
fn solid(s: &str) -> usize {
    if s.is_ascii() {
        s.bytes()
            .filter(|b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
            .count()
    } else {
        s.chars().filter(|c| !c.is_whitespace()).count()
    }
}

/// [`placeholder_share`] of a line already stripped of comments and its list marker.
fn share_of(t: &str) -> f32 {
    let total = solid(t);
    if total == 0 {
        return 0.0;
    }
    // Each bracket's closer, in one pass (brackets are ASCII, so bytes are enough). Pairs
    // are then taken in order of their opener, skipping those inside one already taken.
    let b = t.as_bytes();
    let (mut square, mut curly, mut pairs) = (Vec::new(), Vec::new(), Vec::new());
    for (k, &c) in b.iter().enumerate() {
        let open = match c {
            b'[' => {
                square.push(k);
                continue;
            }
            b'{' => {
                curly.push(k);
                continue;
            }
            b']' => square.pop(),
            b'}' => curly.pop(),
            _ => continue,
        };
        if let Some(o) = open {
            pairs.push((o, k));
        }
    }
    pairs.sort_unstable();
    // Every `)` of the line, found once: a line of a million `[a](` with no `)` would
    // otherwise scan to its end a million times.
    let closers: Vec<usize> = memchr::memchr_iter(b')', b).collect();
    let mut inside = 0usize;
    let mut next = 0;
    for (o, c) in pairs {
        if o < next {
            continue;
        }
        // `[text](link)` is a link, not a placeholder, unless the link is one too
        // (`[xxx](yyyymmdd-xxx.md)`; no placeholder target is longer than a few hundred
        // bytes, so longer ones are not read).
        let link_end = (b.get(c + 1) == Some(&b'('))
            .then(|| {
                closers
                    .get(closers.partition_point(|&k| k <= c + 1))
                    .copied()
            })
            .flatten();
        match link_end {
            Some(e)
                if e - c <= MAX_PLACEHOLDER_TARGET
                    && links::is_placeholder_target(&t[c + 2..e]) =>
            {
                inside += solid(&t[o..=e]);
                next = e + 1;
                continue;
            }
            Some(_) => {}
            None => inside += solid(&t[o..=c]),
        }
        next = c + 1;
    }
    inside as f32 / total as f32
}
