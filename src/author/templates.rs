//! The text of a new record: built in for each dialect, or filled in from the folder's own
//! template when it has one.

use super::conventions::WriteDialect;
use crate::date::Date;

/// A link from one record to another, as written in markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target's id (for front matter).
    pub id: String,
    pub number: Option<u32>,
    pub title: String,
    /// Path of the target relative to the file the link is written in.
    pub href: String,
}

impl Link {
    /// `[12. Use Kafka](0012-use-kafka.md)`, the way adr-tools writes links.
    pub fn markdown(&self) -> String {
        let label = match self.number {
            // Titles that carry their number already (`2. Reactive core`) keep it once.
            Some(n) if crate::dialect::filename::split_title_number(&self.title).0 != Some(n) => {
                format!("{n}. {}", self.title)
            }
            _ => self.title.clone(),
        };
        format!("[{}]({})", escape_label(&label), escape_href(&self.href))
    }
}

fn escape_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        if c != '\n' && c != '\r' {
            out.push(c);
        }
    }
    out
}

fn escape_href(s: &str) -> String {
    s.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

/// What a new record says.
#[derive(Debug, Clone)]
pub struct NewRecord {
    pub title: String,
    pub number: Option<u32>,
    pub date: Date,
    /// Default revisit date offered in the template.
    pub revisit: Date,
    pub supersedes: Vec<Link>,
    /// Bullet character of the folder (`*` or `-`).
    pub bullet: char,
}

/// A YAML scalar: plain when that is unambiguous, else double-quoted.
pub fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | ','))
        && !s.starts_with(['-', ' ', '.'])
        && !s.ends_with(' ')
        && !s.contains(", ")
        && !s.contains(',')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "~"
        )
        && s.parse::<f64>().is_err();
    if plain {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML flow list of ids.
pub fn yaml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| yaml_str(s)).collect();
    format!("[{}]", items.join(", "))
}

/// `text` with `applies_to: [globs]` added at the end of its front matter; `None` when
/// it has none.
pub fn with_applies_to(text: &str, globs: &[String]) -> Option<String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let first = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - first.len();
    let rest = first.strip_prefix("---")?.strip_prefix(eol)?;
    let open = bom + 3 + eol.len();
    let mut at = open;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let mut out = String::with_capacity(text.len() + 64);
            out.push_str(&text[..at]);
            out.push_str(&format!("applies_to: {}{eol}", yaml_list(globs)));
            out.push_str(&text[at..]);
            return Some(out);
        }
        at += line.len();
    }
    None
}

/// A title safe on one markdown line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The built-in text of a new record in `dialect`.
pub fn builtin(dialect: WriteDialect, r: &NewRecord) -> String {
    let title = one_line(&r.title);
    let ids: Vec<String> = r.supersedes.iter().map(|l| l.id.clone()).collect();
    match dialect {
        WriteDialect::Native => {
            let mut s = format!(
                "---\ntitle: {}\nstatus: proposed\ndate: {}\ndeciders: []\ntags: []\n",
                yaml_str(&title),
                r.date
            );
            s.push_str(
                "# The options you weighed: a name, a one-line summary, pros and cons.\n\
                 options:\n  - name:\n    summary:\n    pros: []\n    cons: []\n  - name:\n    summary:\n    pros: []\n    cons: []\n\
                 # The trade-offs you accept: what you favor over what, and why.\n\
                 tradeoffs:\n  - favor:\n    over:\n    why:\n\
                 # The option chosen and the reason in one sentence.\n\
                 outcome:\n  chosen:\n  rationale:\n\
                 # How sure you are (0 to 1, or low, medium, high), and whether it is cheap to undo (true: a two-way door).\n\
                 confidence:\n\
                 reversible:\n\
                 # What you expect to happen, each checkable later (by a date); a retrospective judges them.\n\
                 expect:\n  - claim:\n    by:\n\
                 # When to look at this decision again: a date, and the event that would bring it forward.\n",
            );
            s.push_str(&format!("revisit:\n  date: {}\n  when:\n", r.revisit));
            if !ids.is_empty() {
                s.push_str(&format!("supersedes: {}\n", yaml_list(&ids)));
            }
            s.push_str(
                "---\n\n## Context\n\n\
                 What problem are we solving, and what forces are at play?\n\n\
                 ## Decision\n\n\
                 What we will do, in a sentence or two: \"We will ...\".\n\n\
                 ## Consequences\n\n\
                 What becomes easier, what becomes harder, and what would make us revisit this.\n",
            );
            s
        }
        WriteDialect::Madr => {
            let mut s = format!(
                "---\nstatus: proposed\ndate: {}\ndecision-makers: []\nrevisit: {}\n",
                r.date, r.revisit
            );
            if !ids.is_empty() {
                s.push_str(&format!("supersedes: {}\n", yaml_list(&ids)));
            }
            s.push_str(&format!("---\n\n# {title}\n\n"));
            s.push_str(MADR_BODY);
            s
        }
        WriteDialect::MadrBullets => {
            let b = r.bullet;
            let mut s = format!("# {title}\n\n{b} Status: proposed\n");
            for l in &r.supersedes {
                s.push_str(&format!("{b} Supersedes {}\n", l.markdown()));
            }
            s.push_str(&format!(
                "{b} Deciders: [list everyone involved in the decision]\n{b} Date: {}\n\n",
                r.date
            ));
            s.push_str(&MADR_BODY.replace("* ", &format!("{b} ")));
            s
        }
        WriteDialect::AdrTools => {
            let heading = match r.number {
                Some(n) => format!("# {n}. {title}"),
                None => format!("# {title}"),
            };
            let mut s = format!("{heading}\n\nDate: {}\n\n## Status\n\nProposed\n\n", r.date);
            for l in &r.supersedes {
                s.push_str(&format!("Supersedes {}\n\n", l.markdown()));
            }
            s.push_str(&format!(
                "## Context\n\n\
                 What problem are we solving, and what forces are at play?\n\
                 Which options did we weigh, and what speaks for and against each?\n\n\
                 ## Decision\n\n\
                 What we will do: \"We will ...\". What do we favor over what, and why?\n\n\
                 ## Consequences\n\n\
                 What becomes easier, what becomes harder.\n\
                 Revisit by {} (or earlier, if ...).\n",
                r.revisit
            ));
            s
        }
    }
}

const MADR_BODY: &str = "## Context and Problem Statement\n\n\
[Describe the problem in two or three sentences, or as a question.]\n\n\
## Considered Options\n\n\
* [option 1]\n\
* [option 2]\n\n\
## Decision Outcome\n\n\
Chosen option: \"[option 1]\", because [justification].\n\n\
### Consequences\n\n\
* Good, because [positive consequence]\n\
* Bad, because [negative consequence, the trade-off we accept]\n\n\
## Pros and Cons of the Options\n\n\
### [option 1]\n\n\
* Good, because [argument]\n\
* Bad, because [argument]\n\n\
### [option 2]\n\n\
* Good, because [argument]\n\
* Bad, because [argument]\n\n\
## More Information\n\n\
[When to revisit this decision, and what would bring that forward.]\n";

/// A retrospective on `reviews`, in the native dialect whatever the folder's dialect.
pub fn retrospective(title: &str, reviews: &Link, date: Date, next_revisit: Date) -> String {
    format!(
        "---\ntitle: {}\nkind: retrospective\nreviews: {}\n\
         # held-up | revised | reversed\n\
         verdict:\n\
         # sound | flawed: how the decision was made, apart from how it turned out.\n\
         process:\n\
         # How the decision's expectations turned out: `- claim: 1` (its place in `expect`), `result: hit | miss | unclear`, `note`.\n\
         expectations: []\n\
         date: {date}\n\
         # When to look again; remove it if the question is settled.\n\
         next_revisit: {next_revisit}\n---\n\n\
         Looking back at {}.\n\n\
         ## What happened\n\n\
         What did we expect when we decided, and what happened instead?\n\n\
         ## Verdict\n\n\
         Did the decision hold up, need revising, or get reversed? Why?\n\n\
         ## What we learned\n\n\
         What would we weigh differently next time?\n",
        yaml_str(&one_line(title)),
        yaml_str(&reviews.id),
        reviews.markdown(),
    )
}

/// Fills the folder's own template: title, number, date and status placeholders, and the
/// links to superseded records in the template's dialect.
pub fn fill(template: &str, dialect: WriteDialect, r: &NewRecord) -> String {
    let title = one_line(&r.title);
    let bom = template.starts_with('\u{feff}');
    let text = template.trim_start_matches('\u{feff}');
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let (body_start, titled) = fill_front_matter(&mut lines, r, &title).unwrap_or((0, false));
    let h1_done = fill_body(&mut lines, body_start, r, &title);
    if !h1_done && (!titled || dialect != WriteDialect::Native) {
        lines.insert(body_start, format!("# {title}"));
        lines.insert(body_start + 1, String::new());
    }
    let mut out = String::new();
    if bom {
        out.push('\u{feff}');
    }
    out.push_str(&lines.join(eol));
    out.push_str(eol);
    out
}

/// Fills the template's front matter, when it has one: title, a placeholder status, date
/// and `nav_order`; adds `status` when missing and `supersedes`. Returns the line the body
/// starts on and whether the front matter gives the title.
fn fill_front_matter(lines: &mut Vec<String>, r: &NewRecord, title: &str) -> Option<(usize, bool)> {
    if lines.first().is_none_or(|l| l.trim_end() != "---") {
        return None;
    }
    let end = lines.iter().skip(1).position(|l| l.trim_end() == "---")? + 1;
    let mut has_status = false;
    let mut has_title = false;
    for line in lines[1..end].iter_mut() {
        let uncommented = line.trim_start_matches('#').trim_start();
        let key = uncommented.split(':').next().unwrap_or("").trim();
        let commented = line.starts_with('#');
        let set = |v: String| format!("{key}: {v}");
        match key {
            "title" if !commented => {
                *line = set(yaml_str(title));
                has_title = true;
            }
            "status" => {
                let value = uncommented[key.len()..].trim_start_matches(':').trim();
                if commented || is_placeholder(value) {
                    *line = set("proposed".into());
                }
                has_status = true;
            }
            "date" => *line = set(r.date.to_string()),
            "nav_order" if !commented => {
                if let Some(n) = r.number {
                    *line = set(n.to_string());
                }
            }
            _ => {}
        }
    }
    let mut add = Vec::new();
    if !has_status {
        add.push("status: proposed".to_string());
    }
    if !r.supersedes.is_empty() {
        let ids: Vec<String> = r.supersedes.iter().map(|l| l.id.clone()).collect();
        add.push(format!("supersedes: {}", yaml_list(&ids)));
    }
    let n = add.len();
    lines.splice(end..end, add);
    Some((end + n + 1, has_title))
}

/// Fills the body from `start`, outside code fences and HTML comments: the first H1 takes
/// the title (with the number, when the template numbers it); date labels, a status (in a
/// table row, a `- Status:` bullet or a `## Status` section) with the supersede links after
/// it, and `NUMBER` and `TITLE` placeholders. Returns whether an H1 was filled.
fn fill_body(lines: &mut Vec<String>, start: usize, r: &NewRecord, title: &str) -> bool {
    let mut in_fence = false;
    let mut in_comment = false;
    let mut h1_done = false;
    let mut status_section = false;
    let mut status_done = false;
    let mut i = start;
    while i < lines.len() {
        let t = lines[i].trim().to_string();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_comment {
            in_comment = !t.contains("-->");
            i += 1;
            continue;
        }
        if let Some(at) = t.find("<!--")
            && !t[at..].contains("-->")
        {
            in_comment = true;
            if at == 0 {
                i += 1;
                continue;
            }
        }
        if in_fence {
            i += 1;
            continue;
        }
        if !h1_done && t.starts_with("# ") {
            lines[i] = match (numbered_heading(&t[2..]), r.number) {
                (Some((prefix, width, sep)), Some(n)) => {
                    format!("# {prefix}{n:0width$}{sep}{title}")
                }
                _ => format!("# {title}"),
            };
            h1_done = true;
        } else if t.starts_with('#') {
            let lower = t.to_ascii_lowercase();
            status_section = lower.trim_start_matches('#').trim().trim_end_matches(':') == "status";
        } else if let Some(prefix) = date_label(&lines[i]) {
            lines[i] = format!("{prefix}{}", r.date);
        } else if let Some(row) = fill_table_row(&lines[i], r.date, status_done) {
            status_done |= row.1;
            lines[i] = row.0;
        } else if let Some(prefix) = bullet_status_label(&lines[i]) {
            if !status_done {
                i += fill_bullet_status(lines, i, &prefix, r);
                status_done = true;
            }
        } else if status_section && !status_done && !t.is_empty() && !t.starts_with("<!--") {
            if is_placeholder(&t) {
                lines[i] = "Proposed".into();
            }
            let mut links = Vec::new();
            for l in &r.supersedes {
                links.push(String::new());
                links.push(format!("Supersedes {}", l.markdown()));
            }
            let n = links.len();
            lines.splice(i + 1..i + 1, links);
            i += n;
            status_done = true;
        } else if t.contains("NUMBER") || t.contains("TITLE") {
            let mut l = lines[i].clone();
            if let Some(n) = r.number {
                l = l.replace("NUMBER", &n.to_string());
            }
            lines[i] = l.replace("TITLE", title);
        }
        i += 1;
    }
    h1_done
}

/// Fills the `- Status:` bullet on line `i` (`prefix`: the part before its value) and adds
/// a `Supersedes` bullet for each superseded record after it. Returns the lines added.
fn fill_bullet_status(lines: &mut Vec<String>, i: usize, prefix: &str, r: &NewRecord) -> usize {
    let value = lines[i].get(prefix.len()..).unwrap_or("").to_string();
    if is_placeholder(&value) {
        lines[i] = format!("{prefix}proposed");
    }
    let bullet = lines[i].trim_start().chars().next().unwrap_or(r.bullet);
    let indent: String = lines[i].chars().take_while(|c| c.is_whitespace()).collect();
    let links: Vec<String> = r
        .supersedes
        .iter()
        .map(|l| format!("{indent}{bullet} Supersedes {}", l.markdown()))
        .collect();
    let n = links.len();
    lines.splice(i + 1..i + 1, links);
    n
}

/// When a template heading numbers its title (`NUMBER. TITLE`, `0. Template`,
/// `ADR-nnn: Title`, `ADR-XXX - Title`), the text before the number, the width to pad the
/// number to, and the separator before the title.
fn numbered_heading(h: &str) -> Option<(String, usize, String)> {
    let mut rest = h;
    let mut prefix = String::new();
    if rest.len() > 3 && rest.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("adr")) {
        let after = &rest[3..];
        let sep_len = after.len() - after.trim_start_matches(['-', '_', ' ', '#']).len();
        prefix = rest[..3 + sep_len].to_string();
        rest = &rest[3 + sep_len..];
    }
    let token_len = if rest.starts_with("NUMBER") {
        6
    } else {
        rest.chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, 'n' | 'N' | 'x' | 'X'))
            .count()
    };
    let token = &rest[..token_len];
    let placeholder = token == "NUMBER"
        || (token.len() >= 2 && token.chars().all(|c| matches!(c, 'n' | 'N' | 'x' | 'X')))
        || (!token.is_empty() && token.chars().all(|c| c.is_ascii_digit()));
    if !placeholder {
        return None;
    }
    let after = &rest[token_len..];
    let sep_len = after.len()
        - after
            .trim_start_matches(['.', ':', '-', '–', '—', ' ', ')', '|'])
            .len();
    let sep = &after[..sep_len];
    if !sep.contains(['.', ':', '-', '–', '—', ')', '|']) && prefix.is_empty() {
        return None;
    }
    let width = if prefix.is_empty() || token == "NUMBER" {
        0
    } else {
        token.len()
    };
    Some((prefix, width, sep.to_string()))
}

/// A metadata table row (`| Date | dd/mm/YYYY |`, also inside a `>` quote): the date
/// filled in, and a placeholder status set to `Proposed`. Returns the new row and whether
/// it was the status row.
fn fill_table_row(line: &str, date: Date, status_done: bool) -> Option<(String, bool)> {
    let quote_len = line.len() - line.trim_start_matches(['>', ' ']).len();
    let (quote, row) = line.split_at(quote_len);
    if !row.starts_with('|') || row.matches('|').count() < 3 {
        return None;
    }
    let mut cells: Vec<String> = row.split('|').map(str::to_string).collect();
    let label = cells
        .get(1)?
        .trim()
        .trim_matches(['*', '_', '`'])
        .to_ascii_lowercase();
    let is_status = label == "status";
    let wanted = label == "date" || (is_status && !status_done);
    if !wanted {
        return None;
    }
    let cell = cells.get(2)?.clone();
    let content = cell.trim();
    let value = if is_status {
        let inner = content.trim_matches('`');
        if !(is_placeholder(inner) || inner.contains(',') || inner.contains("...")) {
            return Some((line.to_string(), true));
        }
        "Proposed".to_string()
    } else {
        date.to_string()
    };
    let value = if content.starts_with('`') {
        format!("`{value}`")
    } else {
        value
    };
    let width = cell.chars().count();
    let mut new_cell = format!(" {value}");
    while new_cell.chars().count() < width {
        new_cell.push(' ');
    }
    if !new_cell.ends_with(' ') {
        new_cell.push(' ');
    }
    cells[2] = new_cell;
    Some((format!("{quote}{}", cells.join("|")), is_status))
}

/// Is this status value a template placeholder (`STATUS`, `[proposed | accepted]`,
/// `{status}`, `<!-- ... -->`, empty) rather than a status the team starts records with?
fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v.contains(['[', '{', '|', '<', '…'])
        || v == "STATUS"
        || v.eq_ignore_ascii_case("tbd")
}

/// `Date: x`, `* Date: x`, `- **Date:** x`: the text up to the value.
fn date_label(line: &str) -> Option<String> {
    label_prefix(line, "date")
}

/// `* Status: x`, `- Status: x`: the text up to the value.
fn bullet_status_label(line: &str) -> Option<String> {
    let t = line.trim_start();
    if !(t.starts_with("* ") || t.starts_with("- ")) {
        return None;
    }
    label_prefix(line, "status")
}

/// When `line` is `[bullet] [**]Label:[**] value`, the part before the value.
pub fn label_prefix(line: &str, label: &str) -> Option<String> {
    let indent = line.len() - line.trim_start().len();
    let mut rest = &line[indent..];
    let mut consumed = indent;
    if rest.starts_with("* ") || rest.starts_with("- ") {
        rest = &rest[2..];
        consumed += 2;
    }
    let stars = rest.len() - rest.trim_start_matches('*').len();
    rest = &rest[stars..];
    consumed += stars;
    if !rest
        .get(..label.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(label))
    {
        return None;
    }
    rest = &rest[label.len()..];
    consumed += label.len();
    let after = rest.trim_start_matches('*');
    let colon_and_stars = rest.len() - after.len();
    let rest2 = after.strip_prefix(':')?;
    consumed += colon_and_stars + 1;
    let stars2 = rest2.len() - rest2.trim_start_matches('*').len();
    consumed += stars2;
    let rest3 = &rest2[stars2..];
    let spaces = rest3.len() - rest3.trim_start().len();
    consumed += spaces;
    let mut prefix = line[..consumed].to_string();
    if spaces == 0 {
        prefix.push(' ');
    }
    Some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(supersedes: Vec<Link>) -> NewRecord {
        NewRecord {
            title: "Use \"Kafka\"".into(),
            number: Some(10),
            date: Date::parse_iso("2026-03-02").unwrap(),
            revisit: Date::parse_iso("2027-03-02").unwrap(),
            supersedes,
            bullet: '*',
        }
    }

    fn link() -> Link {
        Link {
            id: "0002-old".into(),
            number: Some(2),
            title: "Old".into(),
            href: "0002-old.md".into(),
        }
    }

    #[test]
    fn labels_up_to_the_value() {
        assert_eq!(
            label_prefix("Date: DATE", "date").as_deref(),
            Some("Date: ")
        );
        assert_eq!(
            label_prefix("- **Date:** x", "date").as_deref(),
            Some("- **Date:** ")
        );
        assert_eq!(
            label_prefix("* Status: [a | b]", "status").as_deref(),
            Some("* Status: ")
        );
        assert_eq!(label_prefix("Dated stuff", "date"), None);
        assert_eq!(label_prefix("│   ├── base", "date"), None);
        assert_eq!(label_prefix("- é", "status"), None);
        assert_eq!(numbered_heading("adé title"), None);
    }

    #[test]
    fn adr_tools_template_placeholders_are_filled() {
        let t =
            "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nThe issue.\n";
        let out = fill(t, WriteDialect::AdrTools, &rec(vec![link()]));
        assert_eq!(
            out,
            "# 10. Use \"Kafka\"\n\nDate: 2026-03-02\n\n## Status\n\nProposed\n\nSupersedes [2. Old](0002-old.md)\n\n## Context\n\nThe issue.\n"
        );
    }

    #[test]
    fn numbered_headings_keep_their_shape() {
        assert_eq!(
            numbered_heading("NUMBER. TITLE"),
            Some((String::new(), 0, ". ".into()))
        );
        assert_eq!(
            numbered_heading("0. Template"),
            Some((String::new(), 0, ". ".into()))
        );
        assert_eq!(
            numbered_heading("ADR-nnn: Any Decision Record Template"),
            Some(("ADR-".into(), 3, ": ".into()))
        );
        assert_eq!(numbered_heading("{short title}"), None);
        assert_eq!(numbered_heading("Next steps"), None);
        assert_eq!(numbered_heading("2024 roadmap"), None);
    }

    #[test]
    fn a_template_without_a_title_place_gets_a_heading() {
        let out = fill(
            "---\nstatus: proposed\n---\n\n## Context\n",
            WriteDialect::Native,
            &rec(vec![]),
        );
        assert_eq!(
            out,
            "---\nstatus: proposed\n---\n# Use \"Kafka\"\n\n\n## Context\n"
        );
        let out = fill(
            "---\ntitle: x\n---\n\n## Context\n",
            WriteDialect::Native,
            &rec(vec![]),
        );
        assert_eq!(
            out,
            "---\ntitle: \"Use \\\"Kafka\\\"\"\nstatus: proposed\n---\n\n## Context\n"
        );
    }

    #[test]
    fn metadata_tables_get_the_date_and_a_status() {
        let d = Date::parse_iso("2026-03-02").unwrap();
        assert_eq!(
            fill_table_row(">| Date         | `dd/mm/YYYY` _when_ |", d, false),
            Some((">| Date         | `2026-03-02`        |".to_string(), false))
        );
        assert_eq!(
            fill_table_row("| Status | `RFC, Proposed, Accepted, ...` |", d, false),
            Some((
                "| Status | `Proposed`                     |".to_string(),
                true
            ))
        );
        assert_eq!(fill_table_row("| Owner | x |", d, false), None);
        assert_eq!(fill_table_row("| a | b", d, false), None);
    }

    #[test]
    fn yaml_strings_are_quoted_when_needed() {
        assert_eq!(yaml_str("Use Kafka"), "Use Kafka");
        assert_eq!(yaml_str("Use: Kafka"), "\"Use: Kafka\"");
        assert_eq!(yaml_str("a \"b\""), "\"a \\\"b\\\"\"");
        assert_eq!(yaml_str("yes"), "\"yes\"");
        assert_eq!(yaml_str("12"), "\"12\"");
        assert_eq!(yaml_str("0002-old"), "0002-old");
    }
}
