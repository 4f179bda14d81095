//! Suggestions for misspelt keys (`revist` → `revisit`), by edit distance (optimal string
//! alignment, from `strsim`: decision 0046).

/// The known word closest to `word`, when it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase().replace('_', "-");
    if w.chars().count() < 4 {
        return None;
    }
    let chars = w.chars().count();
    let mut best: Option<(usize, &'a str)> = None;
    for k in known {
        let limit = if k.len() <= 5 { 1 } else { 2 };
        let plural = w.trim_end_matches('s') == k.trim_end_matches('s');
        // The distance is at least the difference in length: most words are not compared.
        if !plural && chars.abs_diff(k.chars().count()) > limit {
            continue;
        }
        let d = strsim::osa_distance(&w, &k.replace('_', "-"));
        if (d <= limit || plural) && d > 0 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let known = ["revisit", "supersedes", "status", "tags", "tradeoffs"];
        assert_eq!(suggest("revist", &known), Some("revisit"));
        assert_eq!(suggest("supersede", &known), Some("supersedes"));
        assert_eq!(suggest("stauts", &known), Some("status"));
        assert_eq!(suggest("trade_offs", &known), Some("tradeoffs"));
        assert_eq!(suggest("nav_order", &known), None);
        assert_eq!(suggest("slug", &known), None);
        assert_eq!(suggest("revisit", &known), None);
    }
}
