//! Record numbers and titles as written in file names and headings
//! (`0012-`, `adr-012-`, `ADR-012_`, `012_`, `# 12. Title`, `# ADR-002: Title`).

/// The record number a file name carries, if any.
///
/// Date prefixes (`20230515-slug`, `2023-11-07_029-slug`) are not numbers, but a number
/// after a date prefix is.
pub fn number_from_file_name(source: &str) -> Option<u32> {
    let name = source.rsplit('/').next().unwrap_or(source);
    let name = if is_index_name(name) {
        // `0012-topic/README.md` takes its folder's number.
        let mut parts = source.rsplit('/');
        parts.next();
        parts.next()?
    } else {
        name
    };
    let mut rest = name;
    // A leading ISO date (`2023-11-07_`) is skipped; `0005-ci-pipeline` (a two-letter
    // first word) is a number and a slug, not a date.
    let b = rest.as_bytes();
    if rest.len() > 11
        && b[4] == b'-'
        && b[7] == b'-'
        && [0..4, 5..7, 8..10]
            .into_iter()
            .all(|r| b[r].iter().all(u8::is_ascii_digit))
    {
        rest = rest[10..].trim_start_matches(['-', '_', ' ']);
    }
    let lower = rest.to_ascii_lowercase();
    for prefix in ["adr", "rfc", "kep", "dr", "decision"] {
        if lower.starts_with(prefix) {
            let after = &rest[prefix.len()..];
            let after = after.trim_start_matches(['-', '_', ' ', '#']);
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                rest = after;
            }
            break;
        }
    }
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    let after = &rest[digits.len()..];
    if !(after.is_empty() || after.starts_with(['-', '_', '.', ' ', '+'])) {
        return None;
    }
    digits.parse().ok()
}

/// The date a file name starts with: `20230515-slug.md`, `2023-05-15-slug.md`,
/// `2023-11-07_029-slug.md`. A `folder/README.md` takes its folder's date.
pub fn date_from_file_name(source: &str) -> Option<crate::date::Date> {
    let mut parts = source.rsplit('/');
    let mut name = parts.next().unwrap_or(source);
    if is_index_name(name) {
        name = parts.next()?;
    }
    let b = name.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
            .then(|| name[r].parse::<i32>().ok())
            .flatten()
    };
    let (y, m, d, len) = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        (digits(0..4)?, digits(5..7)?, digits(8..10)?, 10)
    } else {
        (digits(0..4)?, digits(4..6)?, digits(6..8)?, 8)
    };
    // The date must end the name or be followed by a separator.
    if b.get(len).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if !(1970..=2100).contains(&y) {
        return None;
    }
    crate::date::Date::new(y as i16, m as i8, d as i8)
}

/// A title made from a file or folder name: `0003-use-kafka-for-events` gives
/// `Use kafka for events` (number and date prefixes dropped); `None` when nothing is left.
pub fn title_from_name(name: &str) -> Option<String> {
    let stem = name.split('.').next().unwrap_or(name);
    let mut rest = stem;
    if date_from_file_name(rest).is_some() {
        let len = if rest.as_bytes().get(4) == Some(&b'-') {
            10
        } else {
            8
        };
        rest = rest.get(len..).unwrap_or("");
    }
    let rest = rest.trim_start_matches(['-', '_', ' ']);
    let lower = rest.to_ascii_lowercase();
    let rest = ["adr", "rfc", "kep", "dr"]
        .iter()
        .find(|p| lower.starts_with(*p) && rest[p.len()..].starts_with(['-', '_', ' ']))
        .map_or(rest, |p| &rest[p.len()..]);
    let rest = rest
        .trim_start_matches(['-', '_', ' '])
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['-', '_', ' ']);
    let words: Vec<&str> = rest
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// Is this name a folder's index page (`README.md`, `index.md`)?
pub fn is_index_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    stem == "readme" || stem == "index"
}

/// Splits a number prefix off a title: `12. Use Kafka`, `0020. X`, `29 X`, `ADR 15: X`,
/// `ADR-002: X`, `0016 - X`, `#46. X`. Returns the number (if any) and the rest.
pub fn split_title_number(title: &str) -> (Option<u32>, &str) {
    let t = title.trim();
    let mut rest = t.trim_start_matches('#').trim_start();
    let lower = rest.to_ascii_lowercase();
    let mut had_prefix = false;
    for prefix in ["adr", "rfc", "kep", "decision record", "decision"] {
        if lower.starts_with(prefix) {
            let after = rest[prefix.len()..].trim_start_matches(['-', '_', ' ', '#', '\u{a0}']);
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                rest = after;
                had_prefix = true;
            }
            break;
        }
    }
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 5 {
        return (None, t);
    }
    let after = &rest[digits.len()..];
    let sep_len = after
        .char_indices()
        .take_while(|(_, c)| matches!(c, '.' | ':' | '-' | '–' | '—' | ' ' | '\u{a0}' | ')' | '|'))
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    let sep = &after[..sep_len];
    // `29 Title` needs at least a space; `2024 roadmap` alone is not numbered unless a
    // separator or an ADR prefix says so.
    let plausible = had_prefix
        || sep.contains(['.', ':', '-', '–', '—', ')', '|'])
        || (!sep.is_empty()
            && digits.len() <= 4
            && !digits.starts_with("20")
            && !digits.starts_with("19"));
    if !plausible || after[sep_len..].is_empty() {
        return (None, t);
    }
    (digits.parse().ok(), after[sep_len..].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_file_names() {
        assert_eq!(number_from_file_name("0012-store-events.md"), Some(12));
        assert_eq!(number_from_file_name("adr-012-x.md"), Some(12));
        assert_eq!(number_from_file_name("ADR-012_Snake_Case.md"), Some(12));
        assert_eq!(number_from_file_name("012_x.md"), Some(12));
        assert_eq!(number_from_file_name("20230515-slug.md"), None);
        assert_eq!(number_from_file_name("2023-11-07_029-slug.md"), Some(29));
        assert_eq!(number_from_file_name("0003-topic/README.md"), Some(3));
        assert_eq!(number_from_file_name("use-kafka.md"), None);
        assert_eq!(number_from_file_name("ADR-XXX_draft.md"), None);
        // A two-letter first slug word is no month.
        assert_eq!(number_from_file_name("0005-ci-pipeline.md"), Some(5));
        assert_eq!(number_from_file_name("0002-do-not-use-numbers.md"), Some(2));
    }

    #[test]
    fn dates_from_file_names() {
        let d = |s: &str| date_from_file_name(s).map(|d| d.to_string());
        assert_eq!(d("20230515-slug.md").as_deref(), Some("2023-05-15"));
        assert_eq!(d("2023-11-07_029-slug.md").as_deref(), Some("2023-11-07"));
        assert_eq!(
            d("2022-02-03-topic/README.md").as_deref(),
            Some("2022-02-03")
        );
        assert_eq!(d("0012-store-events.md"), None);
        assert_eq!(d("0005-ci-pipeline.md"), None);
        assert_eq!(d("20231399-bad.md"), None);
        assert_eq!(d("202305151-slug.md"), None);
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(
            title_from_name("0003-use-kafka-for-events").as_deref(),
            Some("Use kafka for events")
        );
        assert_eq!(
            title_from_name("2022-02-03-adopt-terraform").as_deref(),
            Some("Adopt terraform")
        );
        assert_eq!(
            title_from_name("adr-012_cache_at_edge").as_deref(),
            Some("Cache at edge")
        );
        assert_eq!(title_from_name("0003"), None);
    }

    #[test]
    fn numbers_from_titles() {
        assert_eq!(split_title_number("12. Use Kafka"), (Some(12), "Use Kafka"));
        assert_eq!(
            split_title_number("0020. Zero padded"),
            (Some(20), "Zero padded")
        );
        assert_eq!(split_title_number("29 No dot"), (Some(29), "No dot"));
        assert_eq!(
            split_title_number("ADR 15: With prefix"),
            (Some(15), "With prefix")
        );
        assert_eq!(split_title_number("ADR-002: Dash"), (Some(2), "Dash"));
        assert_eq!(split_title_number("0016 - Spaced"), (Some(16), "Spaced"));
        assert_eq!(split_title_number("#46. Hash"), (Some(46), "Hash"));
        assert_eq!(
            split_title_number("KEP-1040: Priority and Fairness"),
            (Some(1040), "Priority and Fairness")
        );
        assert_eq!(split_title_number("Use Kafka"), (None, "Use Kafka"));
        assert_eq!(split_title_number("2024 roadmap"), (None, "2024 roadmap"));
        assert_eq!(split_title_number("3D rendering"), (None, "3D rendering"));
    }
}
