//! Marking an old record superseded, in its own dialect, with the smallest edit: only the
//! status and link lines change; every other byte (line endings, a BOM, a missing final
//! newline, odd whitespace) stays as it was.

use super::templates::{Link, label_prefix, yaml_list, yaml_str};

/// Where the old record states its status, and so where the edit goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// YAML front matter (`status:` set, `superseded_by:` added or extended).
    FrontMatter,
    /// A `* Status:` / `- Status:` bullet.
    Bullet,
    /// An adr-tools `## Status` section.
    Section,
    /// A metadata table row `| Status | ... |` (possibly inside a `>` quote).
    Table,
    /// No status anywhere: front matter is added at the top.
    Nothing,
}

/// One line of a file with its line ending (`\n`, `\r\n` or none for the last line).
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) text: String,
    pub(super) end: String,
}

pub(super) fn split_lines(text: &str) -> Vec<Line> {
    text.split_inclusive('\n')
        .map(|l| {
            let (body, end) = if let Some(b) = l.strip_suffix("\r\n") {
                (b, "\r\n")
            } else if let Some(b) = l.strip_suffix('\n') {
                (b, "\n")
            } else {
                (l, "")
            };
            Line {
                text: body.to_string(),
                end: end.to_string(),
            }
        })
        .collect()
}

pub(super) fn join_lines(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(&l.text);
        s.push_str(&l.end);
    }
    s
}

/// Inserts `new` lines after line `at` (before line 0 when `at` is `None`), with `eol`,
/// keeping a missing final newline missing.
pub(super) fn insert_after(lines: &mut Vec<Line>, at: Option<usize>, new: Vec<String>, eol: &str) {
    if new.is_empty() {
        return;
    }
    let pos = at.map_or(0, |a| a + 1);
    let mut moved_end = None;
    if let Some(a) = at
        && lines[a].end.is_empty()
    {
        // The file ended without a newline: the inserted lines take over that ending.
        lines[a].end = eol.to_string();
        moved_end = Some(String::new());
    }
    let n = new.len();
    let items: Vec<Line> = new
        .into_iter()
        .enumerate()
        .map(|(i, text)| Line {
            text,
            end: if i + 1 == n {
                moved_end.clone().unwrap_or_else(|| eol.to_string())
            } else {
                eol.to_string()
            },
        })
        .collect();
    lines.splice(pos..pos, items);
}

/// The range of front matter lines (between the fences), if the file has front matter.
pub(super) fn front_matter(lines: &[Line]) -> Option<(usize, usize)> {
    if lines.first()?.text.trim_end() != "---" {
        return None;
    }
    let end = lines
        .iter()
        .skip(1)
        .position(|l| matches!(l.text.trim_end(), "---" | "..."))?
        + 1;
    Some((1, end))
}

/// The top-level front matter key of a line, if it has one.
pub(super) fn fm_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (k, _) = line.split_once(':')?;
    let k = k.trim();
    (!k.is_empty() && !k.contains(' ')).then_some(k)
}

pub(super) fn is_heading(t: &str) -> bool {
    t.starts_with('#') && t.trim_start_matches('#').starts_with([' ', '\t'])
}

/// Where the old record states its status: every place that does (front matter and the
/// first of a status bullet or a `## Status` section), so that it reads as superseded
/// whichever a reader looks at first. [`Shape::Nothing`] when it states none.
pub fn shapes(text: &str) -> Vec<Shape> {
    let lines = split_lines(text.trim_start_matches('\u{feff}'));
    let fm = front_matter(&lines);
    let mut out = Vec::new();
    if let Some((a, b)) = fm
        && lines[a..b]
            .iter()
            .any(|l| fm_key(&l.text).is_some_and(|k| k.eq_ignore_ascii_case("status")))
    {
        out.push(Shape::FrontMatter);
    }
    let body_start = fm.map_or(0, |(_, b)| b + 1).min(lines.len());
    let body = &lines[body_start..];
    let bullet = body.iter().position(|l| bullet_status(&l.text).is_some());
    let section = status_heading(body);
    match (bullet, section) {
        (Some(b), Some(s)) if s < b => out.push(Shape::Section),
        (Some(_), _) => out.push(Shape::Bullet),
        (None, Some(_)) => out.push(Shape::Section),
        (None, None) => {
            if body.iter().any(|l| table_status(&l.text).is_some()) {
                out.push(Shape::Table);
            }
        }
    }
    if out.is_empty() {
        out.push(if fm.is_some() {
            Shape::FrontMatter
        } else {
            Shape::Nothing
        });
    }
    out
}

pub(super) fn bullet_status(line: &str) -> Option<String> {
    let t = line.trim_start();
    if !(t.starts_with("* ") || t.starts_with("- ")) {
        return None;
    }
    label_prefix(line, "status")
}

fn status_heading(lines: &[Line]) -> Option<usize> {
    lines.iter().position(|l| {
        let t = l.text.trim();
        is_heading(t)
            && t.trim_start_matches('#')
                .trim()
                .trim_end_matches(':')
                .eq_ignore_ascii_case("status")
    })
}

/// The old record's text with its status set to superseded by `by`, in its own dialect.
/// `key_style_hyphen` is not needed: the spelling of keys already in the file wins.
pub fn supersede(text: &str, by: &Link) -> String {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(r) => ("\u{feff}", r),
        None => ("", text),
    };
    let eol = if rest.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines = split_lines(rest);
    for shape in shapes(rest) {
        match shape {
            Shape::FrontMatter => edit_front_matter(&mut lines, by, eol),
            Shape::Bullet => edit_bullet(&mut lines, by),
            Shape::Section => edit_section(&mut lines, by, eol),
            Shape::Table => edit_table(&mut lines, by),
            Shape::Nothing => {
                let add = [
                    "---".to_string(),
                    "status: superseded".to_string(),
                    format!("superseded_by: {}", yaml_list(std::slice::from_ref(&by.id))),
                    "---".to_string(),
                ];
                let new: Vec<Line> = add
                    .into_iter()
                    .map(|text| Line {
                        text,
                        end: eol.to_string(),
                    })
                    .collect();
                lines.splice(0..0, new);
            }
        }
    }
    format!("{bom}{}", join_lines(&lines))
}

fn edit_front_matter(lines: &mut Vec<Line>, by: &Link, eol: &str) {
    let Some((a, b)) = front_matter(lines) else {
        return;
    };
    let hyphen = lines[a..b]
        .iter()
        .filter_map(|l| fm_key(&l.text))
        .any(|k| k.contains('-') && !k.contains('_'));
    let mut status_at = None;
    let mut by_at = None;
    for (i, l) in lines.iter().enumerate().take(b).skip(a) {
        match fm_key(&l.text).map(str::to_ascii_lowercase).as_deref() {
            Some("status") => status_at = Some(i),
            Some("superseded_by" | "superseded-by" | "supersededby") => by_at = Some(i),
            _ => {}
        }
    }
    let id = yaml_str(&by.id);
    // The superseded-by list first (it may add lines below the status).
    let mut end = b;
    match by_at {
        Some(i) => {
            let key = fm_key(&lines[i].text)
                .unwrap_or("superseded_by")
                .to_string();
            let value = lines[i].text[key.len() + 1..].trim().to_string();
            if value.is_empty() {
                // A block list follows: add an item after the last one.
                let mut last = i;
                let mut indent = "  ".to_string();
                while last + 1 < end && lines[last + 1].text.trim_start().starts_with("- ") {
                    last += 1;
                    indent = lines[last]
                        .text
                        .chars()
                        .take_while(|c| c.is_whitespace())
                        .collect();
                }
                if last == i {
                    lines[i].text = format!("{key}: [{id}]");
                } else {
                    insert_after(lines, Some(last), vec![format!("{indent}- {id}")], eol);
                    end += 1;
                }
            } else if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                let inner = inner.trim();
                lines[i].text = if inner.is_empty() {
                    format!("{key}: [{id}]")
                } else {
                    format!("{key}: [{inner}, {id}]")
                };
            } else {
                lines[i].text = format!("{key}: [{value}, {id}]");
            }
        }
        None => {
            let key = if hyphen {
                "superseded-by"
            } else {
                "superseded_by"
            };
            let after = status_at.unwrap_or(end - 1);
            insert_after(lines, Some(after), vec![format!("{key}: [{id}]")], eol);
            end += 1;
        }
    }
    match status_at {
        Some(i) => {
            let key = fm_key(&lines[i].text).unwrap_or("status").to_string();
            let value = lines[i].text[key.len() + 1..].trim().to_string();
            lines[i].text = format!("{key}: superseded");
            // A block scalar or a continued value belongs to the old status: drop it.
            if value.is_empty() || value.starts_with(['|', '>']) {
                while i + 1 < end
                    && lines[i + 1].text.starts_with([' ', '\t'])
                    && !lines[i + 1].text.trim().is_empty()
                {
                    lines.remove(i + 1);
                    end -= 1;
                }
            }
        }
        None => {
            insert_after(lines, Some(a - 1), vec!["status: superseded".into()], eol);
        }
    }
}

/// The first line after the front matter.
pub(super) fn body_start(lines: &[Line]) -> usize {
    front_matter(lines)
        .map_or(0, |(_, b)| b + 1)
        .min(lines.len())
}

fn edit_bullet(lines: &mut [Line], by: &Link) {
    let start = body_start(lines);
    let Some(i) = lines[start..]
        .iter()
        .position(|l| bullet_status(&l.text).is_some())
        .map(|i| i + start)
    else {
        return;
    };
    let prefix = bullet_status(&lines[i].text).unwrap_or_default();
    let old = lines[i].text.get(prefix.len()..).unwrap_or("").trim();
    let already = old.to_ascii_lowercase().starts_with("superseded by");
    lines[i].text = if already {
        format!("{prefix}{old}, {}", by.markdown())
    } else {
        format!("{prefix}superseded by {}", by.markdown())
    };
}

/// The cells of a `| Status | value |` row, if `line` is one.
fn table_status(line: &str) -> Option<(String, Vec<String>)> {
    let quote_len = line.len() - line.trim_start_matches(['>', ' ']).len();
    let (quote, row) = line.split_at(quote_len);
    if !row.starts_with('|') || row.matches('|').count() < 3 {
        return None;
    }
    let cells: Vec<String> = row.split('|').map(str::to_string).collect();
    let label = cells[1].trim().trim_matches(['*', '_', '`']);
    label
        .eq_ignore_ascii_case("status")
        .then(|| (quote.to_string(), cells))
}

fn edit_table(lines: &mut [Line], by: &Link) {
    let start = body_start(lines);
    let Some(i) = (start..lines.len()).find(|&i| table_status(&lines[i].text).is_some()) else {
        return;
    };
    let Some((quote, mut cells)) = table_status(&lines[i].text) else {
        return;
    };
    let width = cells[2].chars().count();
    let mut cell = format!(" Superseded by {} ", by.markdown());
    while cell.chars().count() < width {
        cell.push(' ');
    }
    cells[2] = cell;
    lines[i].text = format!("{quote}{}", cells.join("|"));
}

fn edit_section(lines: &mut Vec<Line>, by: &Link, eol: &str) {
    let start = body_start(lines);
    let Some(h) = status_heading(&lines[start..]).map(|h| h + start) else {
        return;
    };
    let end = lines
        .iter()
        .enumerate()
        .skip(h + 1)
        .find(|(_, l)| is_heading(l.text.trim()))
        .map_or(lines.len(), |(i, _)| i);
    let link_line = format!("Superseded by {}", by.markdown());
    let is_link = |t: &str| {
        let t = t.to_ascii_lowercase();
        [
            "supersedes",
            "superseded",
            "superceded",
            "supercedes",
            "amends",
            "amended",
            "replaces",
            "replaced",
            "<!--",
        ]
        .iter()
        .any(|w| t.starts_with(w))
    };
    // The first line of text in the section that is not a link or inside an HTML comment.
    let mut in_comment = false;
    let status = (h + 1..end).find(|&i| {
        let t = lines[i].text.trim();
        if in_comment {
            in_comment = !t.contains("-->");
            return false;
        }
        if let Some(at) = t.find("<!--")
            && !t[at..].contains("-->")
        {
            in_comment = true;
        }
        !t.is_empty() && !is_link(t)
    });
    if let Some(i) = status {
        // Keep leading whitespace as written, replace the status itself.
        let indent: String = lines[i]
            .text
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        lines[i].text = format!("{indent}{link_line}");
        return;
    }
    // Only links (or nothing): add the line after the last non-blank one, as adr-tools does.
    let last = (h + 1..end)
        .rev()
        .find(|&i| !lines[i].text.trim().is_empty());
    match last {
        Some(i) => insert_after(lines, Some(i), vec![String::new(), link_line], eol),
        None => insert_after(lines, Some(h), vec![String::new(), link_line], eol),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by() -> Link {
        Link {
            id: "0010-new".into(),
            number: Some(10),
            title: "New way".into(),
            href: "0010-new.md".into(),
        }
    }

    #[test]
    fn adr_tools_status_line_is_replaced() {
        let t = "# 2. Old\r\n\r\nDate: 2020-01-01\r\n\r\n## Status\r\n\r\nAccepted\r\n\r\n## Context\r\n\r\nx";
        assert_eq!(
            supersede(t, &by()),
            "# 2. Old\r\n\r\nDate: 2020-01-01\r\n\r\n## Status\r\n\r\nSuperseded by [10. New way](0010-new.md)\r\n\r\n## Context\r\n\r\nx"
        );
    }

    #[test]
    fn adr_tools_section_with_only_links_gets_a_line_added() {
        let t = "# 2. Old\n\n## Status\n\nSupersedes [1. A](0001-a.md)";
        assert_eq!(
            supersede(t, &by()),
            "# 2. Old\n\n## Status\n\nSupersedes [1. A](0001-a.md)\n\nSuperseded by [10. New way](0010-new.md)"
        );
    }

    #[test]
    fn comments_in_the_status_section_are_left_alone() {
        let t = "## Status\n\n<!--\nProposed | Accepted\n-->\nAccepted\n";
        assert_eq!(
            supersede(t, &by()),
            "## Status\n\n<!--\nProposed | Accepted\n-->\nSuperseded by [10. New way](0010-new.md)\n"
        );
    }

    #[test]
    fn bullets_keep_their_marker() {
        let t = "\u{feff}# Old\n\n- Status: accepted <!-- optional -->\n- Date: 2020-01-01\n";
        assert_eq!(
            supersede(t, &by()),
            "\u{feff}# Old\n\n- Status: superseded by [10. New way](0010-new.md)\n- Date: 2020-01-01\n"
        );
    }

    #[test]
    fn front_matter_keys_keep_their_spelling() {
        let t = "---\ntitle: Old\nStatus: accepted\nsuperseded-by: [0003-x]\n---\n# Old\n";
        assert_eq!(
            supersede(t, &by()),
            "---\ntitle: Old\nStatus: superseded\nsuperseded-by: [0003-x, 0010-new]\n---\n# Old\n"
        );
        let t = "---\nparent: Decisions\nnav_order: 3\n---\n# Old\n";
        assert_eq!(
            supersede(t, &by()),
            "---\nstatus: superseded\nparent: Decisions\nnav_order: 3\nsuperseded_by: [0010-new]\n---\n# Old\n"
        );
        let t = "---\nstatus: accepted\nsuperseded_by:\n  - 0003-x\n---\n";
        assert_eq!(
            supersede(t, &by()),
            "---\nstatus: superseded\nsuperseded_by:\n  - 0003-x\n  - 0010-new\n---\n"
        );
    }

    #[test]
    fn every_place_that_states_the_status_is_edited() {
        let t = "---\nstatus: accepted\n---\n# Old\n\n## Status\n\nAccepted\n";
        assert_eq!(
            supersede(t, &by()),
            "---\nstatus: superseded\nsuperseded_by: [0010-new]\n---\n# Old\n\n## Status\n\nSuperseded by [10. New way](0010-new.md)\n"
        );
        // Front matter without a status, the status in a section (docs-site records).
        let t = "---\nslug: 2\ntags: [Accepted]\n---\n## Status\n\nAccepted\n";
        assert_eq!(
            supersede(t, &by()),
            "---\nslug: 2\ntags: [Accepted]\n---\n## Status\n\nSuperseded by [10. New way](0010-new.md)\n"
        );
    }

    #[test]
    fn a_status_table_row_gets_the_link() {
        let t = "# Old\n\n>| Date   | `05/06/2023` |\n>| Status | `Accepted`   |\n\nText\n";
        assert_eq!(
            supersede(t, &by()),
            "# Old\n\n>| Date   | `05/06/2023` |\n>| Status | Superseded by [10. New way](0010-new.md) |\n\nText\n"
        );
    }

    #[test]
    fn a_record_without_any_status_gets_front_matter() {
        assert_eq!(
            supersede("# Old\n\nText", &by()),
            "---\nstatus: superseded\nsuperseded_by: [0010-new]\n---\n# Old\n\nText"
        );
    }
}
