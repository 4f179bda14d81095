//! The markdown index of the records that teams keep in their README (`hindsight index`,
//! as `adr generate toc`): a table of number, title linked to the file, status, date and
//! revisit, and its place between `<!-- hindsight:index -->` and `<!-- /hindsight:index -->`
//! markers in a file, with everything outside the markers left byte for byte.

/// The opening marker.
pub const START: &str = "<!-- hindsight:index -->";
/// The closing marker.
pub const END: &str = "<!-- /hindsight:index -->";

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: Option<u32>,
    pub title: String,
    /// The link to the record's file, relative to the file the table is in.
    pub href: String,
    pub status: String,
    pub date: Option<String>,
    pub revisit: Option<String>,
}

/// The markdown table, ending in a line break.
pub fn table(rows: &[Row]) -> String {
    let mut out =
        String::from("| Number | Title | Status | Date | Revisit |\n|---:|---|---|---|---|\n");
    for r in rows {
        out.push_str(&format!(
            "| {} | [{}](<{}>) | {} | {} | {} |\n",
            r.number.map(|n| n.to_string()).unwrap_or_default(),
            cell(&r.title).replace('[', "\\[").replace(']', "\\]"),
            r.href.replace('>', "%3E").replace('<', "%3C"),
            cell(&r.status),
            r.date.as_deref().unwrap_or(""),
            r.revisit.as_deref().unwrap_or(""),
        ));
    }
    out
}

fn cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
}

/// Why the table cannot be placed in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkerProblem {
    /// No opening marker, or no closing one after it.
    Missing,
    /// A marker appears more than once: which block to rewrite is unclear.
    Repeated,
}

/// `text` with the part between the markers replaced by `table` (on its own lines, between
/// a blank line after the opening marker and one before the closing marker); nothing
/// outside the markers changes.
pub fn splice(text: &str, table: &str) -> Result<String, MarkerProblem> {
    if text.matches(START).count() > 1 || text.matches(END).count() > 1 {
        return Err(MarkerProblem::Repeated);
    }
    let start = text.find(START).ok_or(MarkerProblem::Missing)? + START.len();
    let end = start + text[start..].find(END).ok_or(MarkerProblem::Missing)?;
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let body = table.replace('\n', nl);
    Ok(format!(
        "{}{nl}{nl}{body}{nl}{}",
        &text[..start],
        &text[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: u32, title: &str) -> Row {
        Row {
            number: Some(n),
            title: title.into(),
            href: format!("doc/adr/{n:04}-x.md"),
            status: "accepted".into(),
            date: Some("2026-01-02".into()),
            revisit: None,
        }
    }

    #[test]
    fn splicing_touches_only_the_block_and_is_idempotent() {
        let t = table(&[row(1, "Use | pipes [and] brackets")]);
        assert!(t.contains("Use \\| pipes \\[and\\] brackets"));
        let text = format!("# Readme\n\nbefore\n{START}\nold stuff\n{END}\nafter\n");
        let once = splice(&text, &t).unwrap();
        assert!(once.starts_with("# Readme\n\nbefore\n<!-- hindsight:index -->\n\n| Number"));
        assert!(once.ends_with("|\n\n<!-- /hindsight:index -->\nafter\n"));
        assert_eq!(splice(&once, &t).unwrap(), once);
    }

    #[test]
    fn missing_or_repeated_markers_are_refused() {
        assert_eq!(splice("no markers", ""), Err(MarkerProblem::Missing));
        assert_eq!(
            splice(&format!("{END} {START}"), ""),
            Err(MarkerProblem::Missing)
        );
        assert_eq!(
            splice(&format!("{START}{END}{START}{END}"), ""),
            Err(MarkerProblem::Repeated)
        );
    }
}
