//! MADR sections read as structured data: `Considered Options`, `Decision Outcome`
//! (`Chosen option: "X", because …`) and `Pros and Cons of the Options`
//! (`* Good, because …` / `* Bad, because …`), so old records get the same comparison
//! table as native ones.

use crate::document::{Heading, Section, lines_with_fences, plain_text};
use crate::record::{Choice, Outcome};

/// A normalised heading name: plain text, lower case, no trailing colon or number prefix.
pub fn heading_name(h: &Heading<'_>) -> String {
    let lower = if h.text.contains(['*', '_', '`', '[', '<', '\\', '!']) {
        plain_text(strip_comments(h.text).as_ref()).to_lowercase()
    } else if h.text.is_ascii() {
        // The same as `to_lowercase` on ASCII, without its per-character mapping.
        h.text.to_ascii_lowercase()
    } else {
        h.text.to_lowercase()
    };
    let t = lower.trim_end_matches(':').trim();
    // `1. Context`, `2) Decision`
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
    let t = t.trim();
    // Most names need no trimming: the lower-cased copy is then the name.
    if t.len() == lower.len() {
        lower
    } else {
        t.to_string()
    }
}

/// Removes `<!-- ... -->` comments from one line (an unclosed one runs to the end).
pub fn strip_comments(line: &str) -> std::borrow::Cow<'_, str> {
    if !crate::document::has(line, "<!--") {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        match rest[at + 4..].find("-->") {
            Some(end) => rest = &rest[at + 4 + end + 3..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A list item's text at the top level of a section (`* x`, `- x`, `+ x`, `1. x`), with
/// its indentation.
pub fn list_item(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    for m in ["* ", "- ", "+ "] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some((indent, rest.trim()));
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((indent, r.trim()));
        }
    }
    None
}

/// Is this text a template placeholder (`[option 1]`, `{title of option 1}`, `…`)?
pub fn is_placeholder(text: &str) -> bool {
    let t = strip_comments(text);
    let t = t.trim().trim_matches(['"', '“', '”', '*', '_', '`']).trim();
    if t.is_empty() || t.chars().all(|c| matches!(c, '.' | '…' | ' ')) {
        return true;
    }
    let wrapped = (t.starts_with('[') && t.ends_with(']') && !t.contains("]("))
        || (t.starts_with('{') && t.ends_with('}'));
    wrapped && t.len() > 2
}

/// Text that reads like a template's guidance (`list everyone involved in the decision`,
/// `YYYY-MM-DD`, `dd/mm/YYYY`).
pub fn placeholder_like(text: &str) -> bool {
    let l = text.to_lowercase();
    l.contains("yyyy") || l.contains("list everyone") || l.contains("e.g.,") && l.len() > 60
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Prose rather than an option's name: many words, or a full sentence.
fn is_sentence(name: &str) -> bool {
    let words = name.split_whitespace().count();
    words > 14 || (words > 7 && name.trim_end().ends_with(['.', '!', '?', ':']))
}

/// Splits `Name – summary` into name and summary.
fn name_and_summary(item: &str) -> (String, Option<String>) {
    let plain = plain_text(&strip_comments(item));
    for sep in [" – ", " — ", " -- "] {
        if let Some((a, b)) = plain.split_once(sep) {
            let b = b.trim();
            return (a.trim().to_string(), (!b.is_empty()).then(|| b.to_string()));
        }
    }
    (plain, None)
}

fn find_option(options: &[Choice], name: &str) -> Option<usize> {
    let n = norm(name);
    if n.is_empty() {
        return None;
    }
    options.iter().position(|o| norm(&o.name) == n).or_else(|| {
        let hits: Vec<usize> = options
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                let on = norm(&o.name);
                !on.is_empty() && (on.starts_with(&n) || n.starts_with(&on))
            })
            .map(|(i, _)| i)
            .collect();
        if hits.len() == 1 {
            return Some(hits[0]);
        }
        // The option named inside a longer phrase, or the other way round.
        let hits: Vec<usize> = options
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                let on = norm(&o.name);
                on.len() >= 4 && n.len() >= 4 && (on.contains(&n) || n.contains(&on))
            })
            .map(|(i, _)| i)
            .collect();
        (hits.len() == 1).then(|| hits[0])
    })
}

/// A leading enumerator (`3 - `, `2. `, `Option 2: `) and the number it gives.
fn enumerator(s: &str) -> (Option<usize>, &str) {
    let t = s.trim_start();
    let lower = t.to_ascii_lowercase();
    let body = lower
        .strip_prefix("option ")
        .or_else(|| lower.strip_prefix("options "))
        .unwrap_or(&lower);
    let skip = lower.len() - body.len();
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return (None, s);
    }
    let n: usize = body[..digits].parse().unwrap_or(0);
    let after = &t[skip + digits..];
    let sep = after.trim_start();
    if sep.is_empty() {
        return (Some(n), "");
    }
    if sep.starts_with([':', '-', '–', '—', '.', ')']) {
        let rest = sep.trim_start_matches([':', '-', '–', '—', '.', ')', ' ']);
        return (Some(n), rest);
    }
    (None, s)
}

/// What the MADR sections of one body say.
#[derive(Debug, Default)]
pub struct Madr {
    pub options: Vec<Choice>,
    pub outcome: Option<Outcome>,
    /// Options past [`MAX_OPTIONS`], not read.
    pub dropped: usize,
}

/// Section names that list the options.
const OPTION_SECTIONS: &[&str] = &[
    "considered options",
    "options considered",
    "options",
    "considered alternatives",
    "alternatives considered",
    "alternatives",
];

/// The byte ranges of `body` that structured cards stand in for once options (`options`)
/// and the chosen option (`outcome`) were read from them: the sections that list the
/// options and their pros and cons, and the `Chosen option: ...` paragraph (with the list
/// it introduces). The page shows the cards instead, so nothing is shown twice.
pub fn folded_ranges(
    body: &str,
    heads: &[Heading<'_>],
    sections: &[Section<'_>],
    options: bool,
    outcome: bool,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    if options {
        // Where each heading's section ends (the next heading of its level or higher),
        // found in one pass with a stack of the headings still open.
        let mut ends = vec![body.len(); heads.len()];
        let mut open: Vec<usize> = Vec::new();
        for (k, h) in heads.iter().enumerate() {
            while let Some(&j) = open.last() {
                if heads[j].level < h.level || heads[j].start >= h.start {
                    break;
                }
                ends[j] = h.start;
                open.pop();
            }
            open.push(k);
        }
        for (h, &end) in heads.iter().zip(&ends) {
            let name = heading_name(h);
            if OPTION_SECTIONS.contains(&name.as_str())
                || name.starts_with("pros and cons")
                || name == "options in detail"
            {
                out.push(h.start..end);
            }
        }
    }
    if outcome {
        for s in sections {
            let name = heading_name(&s.heading);
            if !(name == "decision outcome" || name == "decision" || name == "outcome") {
                continue;
            }
            let Some(at) = s.content.to_ascii_lowercase().find("chosen option") else {
                continue;
            };
            // The paragraph from its first line, to the blank line that ends it; a list
            // it introduces (`because:`) goes with it.
            let start = s.content[..at].rfind("\n\n").map_or(0, |p| p + 2);
            let mut end = s.content[at..]
                .find("\n\n")
                .map_or(s.content.len(), |p| at + p);
            if s.content[start..end].trim_end().ends_with(':')
                && let Some(rest) = s.content.get(end..)
            {
                let list_start = end + (rest.len() - rest.trim_start_matches('\n').len());
                let list_end = s.content[list_start..]
                    .find("\n\n")
                    .map_or(s.content.len(), |p| list_start + p);
                if list_item(&s.content[list_start..list_end]).is_some() {
                    end = list_end;
                }
            }
            out.push(s.content_start + start..s.content_start + end);
            break;
        }
    }
    out.sort_by_key(|r| r.start);
    // Nested sections fold with their parent.
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Reads options, pros and cons and the chosen option from the sections of `body`.
pub fn read(body: &str, heads: &[Heading<'_>], sections: &[Section<'_>]) -> Madr {
    let mut options: Vec<Choice> = Vec::new();
    let mut dropped = 0;
    for s in sections {
        let name = heading_name(&s.heading);
        if !OPTION_SECTIONS.contains(&name.as_str()) {
            continue;
        }
        // Items before the first sub-heading name the options.
        let first_sub = heads.partition_point(|h| h.start < s.content_start);
        let direct_end = heads
            .get(first_sub)
            .filter(|h| h.start < s.content_start + s.content.len())
            .map_or(s.content.len(), |h| h.start - s.content_start);
        for (_, line, fenced) in lines_with_fences(&s.content[..direct_end]) {
            if fenced {
                continue;
            }
            if let Some((indent, item)) = list_item(line)
                && indent < 2
                && !is_placeholder(item)
                && argument_label(item).is_none()
            {
                let (name, summary) = name_and_summary(item);
                // A sentence is prose about the options, not one of them.
                if is_sentence(&name) {
                    continue;
                }
                if !name.is_empty() && find_option(&options, &name).is_none() {
                    if options.len() < MAX_OPTIONS {
                        options.push(Choice {
                            name,
                            summary,
                            ..Choice::default()
                        });
                    } else {
                        dropped += 1;
                    }
                }
            }
        }
        // One sub-heading per option (`#### Option 1: X`), with its pros and cons.
        let at = heads.partition_point(|h| h.start < s.heading.start);
        option_subsections(body, heads, at, &mut options, &mut dropped);
    }
    // Pros and cons: one sub-heading per option below `Pros and Cons of the Options`.
    for (at, h) in heads.iter().enumerate() {
        let name = heading_name(h);
        if name.starts_with("pros and cons") || name == "options in detail" {
            option_subsections(body, heads, at, &mut options, &mut dropped);
        }
    }
    let outcome = outcome(sections, &options);
    Madr {
        options,
        outcome,
        dropped,
    }
}

/// Options read from one record at most: no decision weighs more, and comparing each new
/// option with those read (by name, and by names inside names) stays linear.
pub const MAX_OPTIONS: usize = 64;

/// Reads the sub-headings right below the heading at index `i` as options with their
/// arguments.
fn option_subsections(
    body: &str,
    heads: &[Heading<'_>],
    i: usize,
    options: &mut Vec<Choice>,
    dropped: &mut usize,
) {
    let Some(parent) = heads.get(i) else {
        return;
    };
    let Some(level) = heads[i + 1..]
        .iter()
        .take_while(|h| h.level > parent.level)
        .map(|h| h.level)
        .min()
    else {
        return;
    };
    for (j, sub) in heads
        .iter()
        .enumerate()
        .skip(i + 1)
        .take_while(|(_, h)| h.level > parent.level)
    {
        if sub.level != level {
            continue;
        }
        let title = option_title(&plain_text(&strip_comments(sub.text)));
        if is_placeholder(sub.text) || title.is_empty() {
            continue;
        }
        let end = heads[j + 1..]
            .iter()
            .find(|n| n.level <= sub.level)
            .map_or(body.len(), |n| n.start);
        let content = &body[sub.end.min(end)..end];
        let idx = match find_option(options, &title) {
            Some(k) => k,
            None if options.len() >= MAX_OPTIONS => {
                *dropped += 1;
                continue;
            }
            None => {
                let (n, summary) = name_and_summary(&title);
                options.push(Choice {
                    name: n,
                    summary,
                    ..Choice::default()
                });
                options.len() - 1
            }
        };
        arguments(content, &mut options[idx]);
    }
}

/// `Option 1: X`, `Options 2a - X`, `Option A. X` → `X`.
fn option_title(t: &str) -> String {
    let lower = t.to_ascii_lowercase();
    for p in ["options ", "option "] {
        if let Some(rest) = lower.strip_prefix(p) {
            let tok_len = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            let after = &rest[tok_len..];
            let sep = after.trim_start();
            if tok_len > 0 && tok_len <= 3 && sep.starts_with([':', '-', '–', '—', '.', ')']) {
                let cut = t.len() - sep.len();
                let out = t[cut..]
                    .trim_start_matches([':', '-', '–', '—', '.', ')', ' '])
                    .trim();
                if !out.is_empty() {
                    return out.to_string();
                }
            }
        }
    }
    t.trim().to_string()
}

/// `Pros` / `Cons` (and their synonyms) as a list item introducing nested arguments.
fn argument_label(item: &str) -> Option<bool> {
    let t = plain_text(item).to_ascii_lowercase();
    let t = t.trim().trim_end_matches(':').trim();
    match t {
        "pros" | "pro" | "advantages" | "positive" | "good" | "benefits" => Some(true),
        "cons" | "con" | "disadvantages" | "negative" | "bad" | "drawbacks" => Some(false),
        _ => None,
    }
}

/// The arguments written under one option: `* Good, because X`, `* Bad, because X`, or
/// `- Pros` / `- Cons` items with nested lists; the first lines of prose are its summary.
fn arguments(content: &str, option: &mut Choice) {
    // The summary is the option's first paragraph of prose, read as a whole (a link may
    // span lines); headings, rules, tables, images and HTML are not summary.
    let mut summary_lines: Vec<&str> = Vec::new();
    let mut summary_done = false;
    let mut nested: Option<(usize, bool)> = None;
    for (_, line, fenced) in lines_with_fences(content) {
        if fenced {
            continue;
        }
        match list_item(line) {
            Some((indent, item)) => {
                if let Some((parent, good)) = nested {
                    if indent > parent {
                        let text = plain_text(&strip_comments(item));
                        if !text.is_empty() && !is_placeholder(&text) {
                            if good {
                                option.pros.push(text);
                            } else {
                                option.cons.push(text);
                            }
                        }
                        continue;
                    }
                    nested = None;
                }
                if let Some(good) = argument_label(item) {
                    nested = Some((indent, good));
                    continue;
                }
                if indent >= 2 {
                    continue;
                }
                let text = plain_text(&strip_comments(item));
                let lower = text.to_ascii_lowercase();
                let (kind, rest) = argument(&lower, &text);
                let rest = rest.trim();
                if rest.is_empty() || is_placeholder(rest) {
                    continue;
                }
                match kind {
                    Some(true) => option.pros.push(rest.to_string()),
                    Some(false) => option.cons.push(rest.to_string()),
                    None => {}
                }
            }
            None => {
                let t = line.trim();
                if t.is_empty() {
                    summary_done |= !summary_lines.is_empty();
                    continue;
                }
                nested = None;
                let not_prose = t.starts_with(['#', '|', '<', '!', '>'])
                    || t.chars().all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '));
                if not_prose {
                    summary_done |= !summary_lines.is_empty();
                    continue;
                }
                if !summary_done && summary_lines.len() < 3 {
                    summary_lines.push(t);
                }
            }
        }
    }
    if option.summary.is_none() && !summary_lines.is_empty() {
        let s = plain_text(&strip_comments(&summary_lines.join(" ")));
        let s = crate::document::squeeze_spaces(&s);
        if !s.trim().is_empty() && !is_placeholder(&s) {
            option.summary = Some(s);
        }
    }
}

/// `Good, because X` → (Some(true), X); `Bad, because X` → (Some(false), X).
fn argument<'a>(lower: &str, text: &'a str) -> (Option<bool>, &'a str) {
    const GOOD: &[&str] = &[
        "good, because",
        "good because",
        "good:",
        "pro:",
        "pros:",
        "+ ",
    ];
    const BAD: &[&str] = &["bad, because", "bad because", "bad:", "con:", "cons:", "- "];
    for p in GOOD {
        if lower.starts_with(p) {
            return (Some(true), &text[p.len()..]);
        }
    }
    for p in BAD {
        if lower.starts_with(p) {
            return (Some(false), &text[p.len()..]);
        }
    }
    (None, text)
}

fn outcome(sections: &[Section<'_>], options: &[Choice]) -> Option<Outcome> {
    for s in sections {
        let name = heading_name(&s.heading);
        if !(name == "decision outcome" || name == "decision" || name == "outcome") {
            continue;
        }
        let lines: Vec<&str> = lines_with_fences(s.content)
            .filter(|(_, _, f)| !f)
            .map(|(_, l, _)| l)
            .collect();
        for (i, line) in lines.iter().enumerate() {
            if !(line.contains("hosen option") || line.contains("HOSEN OPTION")) {
                continue;
            }
            let lower = line.to_ascii_lowercase();
            let Some(at) = lower.find("chosen option") else {
                continue;
            };
            let after = &line[at + "chosen option".len()..];
            let after = after.trim_start_matches(['*', '_']).trim_start();
            let Some(after) = after.strip_prefix(':') else {
                continue;
            };
            let after = after.trim_start_matches(['*', '_', ' ']);
            let (number, after) = enumerator(after);
            let (chosen_raw, rest) = split_chosen(after);
            let chosen = plain_text(&strip_comments(chosen_raw));
            if (chosen.is_empty() && number.is_none()) || is_placeholder(chosen_raw) {
                return None;
            }
            // `"option 2"` or `"Option 4: …"` inside the quotes.
            let number = number.or_else(|| enumerator(&chosen).0);
            let by_number = number
                .filter(|n| *n >= 1 && *n <= options.len())
                .map(|n| options[n - 1].name.clone());
            let chosen = match find_option(options, &chosen) {
                Some(k) => options[k].name.clone(),
                None => by_number.unwrap_or(chosen),
            };
            let rest = plain_text(&strip_comments(rest));
            let rest = rest.trim_start_matches([',', '.', ' ']);
            let lower_rest = rest.to_ascii_lowercase();
            let mut rationale = if let Some(r) = lower_rest.strip_prefix("because") {
                rest[rest.len() - r.len()..].trim().to_string()
            } else {
                rest.trim().to_string()
            };
            if rationale.trim_end_matches([':', ',']).trim().is_empty() {
                // `because` followed by a list.
                let items: Vec<String> = lines[i + 1..]
                    .iter()
                    .skip_while(|l| l.trim().is_empty())
                    .take_while(|l| !l.trim().is_empty())
                    .filter_map(|l| list_item(l).filter(|(ind, _)| *ind < 2))
                    .map(|(_, t)| plain_text(&strip_comments(t)))
                    .take(8)
                    .collect();
                rationale = items.join("; ");
            }
            let rationale = rationale.trim().to_string();
            return Some(Outcome {
                chosen: Some(chosen),
                rationale: (!rationale.is_empty() && !is_placeholder(&rationale))
                    .then_some(rationale),
            });
        }
    }
    None
}

/// The chosen option's name and the text after it: `"X", because …`, `**X**, because …`,
/// `X, because …`.
fn split_chosen(s: &str) -> (&str, &str) {
    let s = s.trim();
    for (open, close) in [('"', '"'), ('“', '”'), ('\'', '\''), ('«', '»'), ('`', '`')] {
        if let Some(rest) = s.strip_prefix(open)
            && let Some(end) = rest.find(close)
        {
            return (&rest[..end], &rest[end + close.len_utf8()..]);
        }
    }
    let lower = s.to_ascii_lowercase();
    {
        for sep in [", because", " because", ", since", ". "] {
            if let Some(at) = lower.find(sep) {
                return (&s[..at], &s[at..]);
            }
        }
    }
    (s.trim_end_matches(['.', ',']), "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{headings, sections};

    fn madr(body: &str) -> Madr {
        let heads = headings(body, 1);
        let secs: Vec<_> = (1..=3).flat_map(|l| sections(body, &heads, l)).collect();
        read(body, &heads, &secs)
    }

    #[test]
    fn reads_options_pros_cons_and_the_choice() {
        let m = madr(
            "# Title\n\n## Considered Options\n\n* MADR 2.1.2 – The Markdown ADRs\n* Formless\n* … <!-- more -->\n\n## Decision Outcome\n\nChosen option: \"MADR 2.1.2\", because it is lean.\n\n## Pros and Cons of the Options\n\n### MADR 2.1.2\n\n* Good, because simple\n* Bad, because young\n\n### Formless\n\n* Good, because no rules\n* Neutral, because who knows\n",
        );
        assert_eq!(m.options.len(), 2);
        assert_eq!(m.options[0].name, "MADR 2.1.2");
        assert_eq!(m.options[0].summary.as_deref(), Some("The Markdown ADRs"));
        assert_eq!(m.options[0].pros, ["simple"]);
        assert_eq!(m.options[0].cons, ["young"]);
        assert_eq!(m.options[1].pros, ["no rules"]);
        assert!(m.options[1].cons.is_empty());
        let o = m.outcome.unwrap();
        assert_eq!(o.chosen.as_deref(), Some("MADR 2.1.2"));
        assert_eq!(o.rationale.as_deref(), Some("it is lean."));
    }

    #[test]
    fn options_as_sub_headings_with_nested_pros_and_cons() {
        let m = madr(
            "## Decision\n\n### Options\n\n#### Option 1: The pre-commit project\n\n- Pros\n  - Well-documented\n- Cons\n  - Needs Python\n  - Plugins\n\n#### Option 2a: Custom script\n\nA shell script.\n\n- Pros\n  - Simple\n",
        );
        let got: Vec<_> = m
            .options
            .iter()
            .map(|o| {
                (
                    o.name.as_str(),
                    o.summary.as_deref(),
                    o.pros.clone(),
                    o.cons.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "The pre-commit project",
                    None,
                    vec!["Well-documented".to_string()],
                    vec!["Needs Python".to_string(), "Plugins".to_string()]
                ),
                (
                    "Custom script",
                    Some("A shell script."),
                    vec!["Simple".to_string()],
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn chosen_by_number() {
        let m = madr(
            "## Considered Options\n\n1. Do nothing\n1. Enforce TTL\n1. Mutate jobs\n\n## Decision Outcome\n\nChosen option: 3 - \"Mutate jobs, setting a TTL\", because safer.\n",
        );
        assert_eq!(m.outcome.unwrap().chosen.as_deref(), Some("Mutate jobs"));
        let m = madr(
            "## Considered Options\n\n* Upgrade early\n* Upgrade late\n\n## Decision Outcome\n\nChosen option: \"option 2\", because calm.\n",
        );
        assert_eq!(m.outcome.unwrap().chosen.as_deref(), Some("Upgrade late"));
    }

    #[test]
    fn because_with_a_list_and_placeholders() {
        let m = madr(
            "## Decision Outcome\n\nChosen option: \"Write own tooling\", because\n\n* a\n* b\n\nMore.\n",
        );
        let o = m.outcome.unwrap();
        assert_eq!(o.rationale.as_deref(), Some("a; b"));
        let m = madr(
            "## Considered Options\n\n* [option 1]\n* {title of option 2}\n\n## Decision Outcome\n\nChosen option: \"[option 1]\", because [justification]\n",
        );
        assert!(m.options.is_empty());
        assert!(m.outcome.is_none());
    }
}
