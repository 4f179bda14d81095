//! Site-generator front matter that a folder's records share (GOV.UK tech-docs pages:
//! `title: ADR-005 Use X`, `last_reviewed_on`, `review_in`, `owner_slack`, and an ERB
//! heading `# <%= current_page.data.title %>`): a new record carries the same, so the
//! site that publishes the folder shows it like the others.

use crate::date::Date;

/// What the folder's page front matter looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFront {
    /// `key: value` lines every record has, with the same value (`review_in: 6 months`).
    pub constant: Vec<String>,
    /// Keys every record has whose value is a date: set to the new record's date.
    pub dated: Vec<String>,
    /// How titles carry the number: (`ADR-`, digits, separator after the number).
    pub title_number: Option<(String, usize, String)>,
    /// The heading every record opens with, when it is a template expression.
    pub heading: Option<String>,
}

/// Top-level `key: value` lines of a front matter block.
fn entries(front: &str) -> Vec<(&str, &str)> {
    front
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '-', '#']))
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

/// `ADR-005 Use X` → (`ADR-`, 3, ` `).
fn title_number(title: &str) -> Option<(String, usize, String)> {
    let t = title.trim().trim_matches(['"', '\'']);
    let letters: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let rest = &t[letters.len()..];
    let dash = if rest.starts_with(['-', ' ']) {
        &rest[..1]
    } else {
        ""
    };
    let rest = &rest[dash.len()..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if letters.is_empty() || digits == 0 {
        return None;
    }
    let after = &rest[digits..];
    let sep: String = after
        .chars()
        .take_while(|c| matches!(c, ':' | '.' | ' ' | '-'))
        .collect();
    (!sep.is_empty()).then(|| (format!("{letters}{dash}"), digits, sep))
}

/// The page front matter most of `texts` share: `None` unless most records have front
/// matter with a `title` and no `status` (front matter for the site, status in the body).
pub fn detect<'a>(texts: impl Iterator<Item = &'a str>) -> Option<PageFront> {
    let texts: Vec<&str> = texts.collect();
    let fronts: Vec<(&str, &str)> = texts
        .iter()
        .filter_map(|t| {
            let (front, body) = super::conventions::split_front(t);
            let front = front?;
            let keys = entries(front);
            (keys.iter().any(|(k, _)| *k == "title") && !keys.iter().any(|(k, _)| *k == "status"))
                .then_some((front, body))
        })
        .collect();
    if fronts.len() < 2 || fronts.len() * 2 < texts.len() {
        return None;
    }
    let first = entries(fronts[0].0);
    let mut constant = Vec::new();
    let mut dated = Vec::new();
    for (k, v) in &first {
        if *k == "title" || *k == "date" {
            continue;
        }
        let values: Vec<Option<&str>> = fronts
            .iter()
            .map(|(f, _)| {
                entries(f)
                    .into_iter()
                    .find(|(k2, _)| k2 == k)
                    .map(|(_, v)| v)
            })
            .collect();
        if values.iter().all(|x| *x == Some(*v)) && Date::parse_iso(v).is_none() {
            constant.push(format!("{k}: {v}"));
        } else if values
            .iter()
            .all(|x| x.is_some_and(|x| Date::parse_iso(x.trim_matches(['"', '\''])).is_some()))
        {
            dated.push(k.to_string());
        }
    }
    let numbers: Vec<Option<(String, usize, String)>> = fronts
        .iter()
        .map(|(f, _)| {
            entries(f)
                .into_iter()
                .find(|(k, _)| *k == "title")
                .and_then(|(_, v)| title_number(v))
        })
        .collect();
    // Most records (an index page beside them may differ).
    let most = |n: usize| n * 2 > fronts.len();
    let title_number = numbers
        .iter()
        .flatten()
        .find(|n| most(numbers.iter().filter(|m| m.as_ref() == Some(*n)).count()))
        .cloned();
    let heading_of = |body: &str| {
        body.lines()
            .find(|l| l.starts_with("# "))
            .map(str::to_string)
    };
    let headings: Vec<Option<String>> = fronts.iter().map(|(_, b)| heading_of(b)).collect();
    let heading = headings
        .iter()
        .flatten()
        .find(|h| {
            (h.contains("<%") || h.contains("{{"))
                && most(headings.iter().filter(|x| x.as_ref() == Some(*h)).count())
        })
        .cloned();
    Some(PageFront {
        constant,
        dated,
        title_number,
        heading,
    })
}

impl PageFront {
    /// `text` (a new record in the body dialect) with the page front matter on top and,
    /// when the folder's heading is a template expression, that heading instead of its own.
    pub fn apply(&self, text: &str, title: &str, number: Option<u32>, date: Date) -> String {
        let title = match (&self.title_number, number) {
            (Some((prefix, width, sep)), Some(n)) => format!("{prefix}{n:0width$}{sep}{title}"),
            _ => title.to_string(),
        };
        let mut out = String::from("---\n");
        out.push_str(&format!("title: {}\n", super::templates::yaml_str(&title)));
        for k in &self.dated {
            out.push_str(&format!("{k}: {date}\n"));
        }
        for line in &self.constant {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("---\n\n");
        match (&self.heading, text.split_once('\n')) {
            (Some(h), Some((first, rest))) if first.starts_with("# ") => {
                out.push_str(h);
                out.push('\n');
                out.push_str(rest);
            }
            _ => out.push_str(text),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_carry_numbers_the_folder_way() {
        assert_eq!(
            title_number("ADR-005 Use AWS QuickSight"),
            Some(("ADR-".into(), 3, " ".into()))
        );
        assert_eq!(title_number("Use AWS"), None);
    }
}
