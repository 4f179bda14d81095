//! File-name slugs from titles: letters and digits only, so a title can never name a
//! path outside the folder.

/// Longest slug, in characters; longer titles are cut at a word boundary.
pub const MAX_SLUG_CHARS: usize = 60;

/// The case of the words of a file name's slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugCase {
    /// `use-kafka`
    Lower,
    /// `Use_Kafka`: the words of the title as written.
    AsWritten,
}

/// The slug of `title`: its words (letters and digits, any script) joined by `sep`.
/// Everything else (`/`, `.`, quotes, emoji) separates words. An empty slug is `decision`.
/// Not [`crate::render::markdown::slug`], which makes heading anchors the way markdown
/// renderers do (punctuation dropped, not separating; no length cap).
pub fn slug(title: &str, sep: char, case: SlugCase) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            match case {
                SlugCase::Lower => word.extend(c.to_lowercase()),
                SlugCase::AsWritten => word.push(c),
            }
        } else if c == '\'' || c == '’' {
            // `don't` → `dont`
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = String::new();
    for w in words {
        let extra = if out.is_empty() { 0 } else { 1 };
        if out.chars().count() + extra + w.chars().count() > MAX_SLUG_CHARS {
            if out.is_empty() {
                out = w.chars().take(MAX_SLUG_CHARS).collect();
            }
            break;
        }
        if !out.is_empty() {
            out.push(sep);
        }
        out.push_str(&w);
    }
    if out.is_empty() {
        "decision".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        let s = |t: &str| slug(t, '-', SlugCase::Lower);
        assert_eq!(s("Use Kafka for events"), "use-kafka-for-events");
        assert_eq!(s("../../etc/passwd"), "etc-passwd");
        assert_eq!(s("a/b\\c"), "a-b-c");
        assert_eq!(s("\"Quoted\" and 'single'"), "quoted-and-single");
        assert_eq!(s("Don't panic 🚀 now"), "dont-panic-now");
        assert_eq!(s("!!! ... ///"), "decision");
        assert_eq!(s(""), "decision");
        assert_eq!(s("🚀"), "decision");
        assert_eq!(s("Événements en PostgreSQL"), "événements-en-postgresql");
        assert_eq!(
            slug("Use Snake case", '_', SlugCase::AsWritten),
            "Use_Snake_case"
        );
        let long = s(&"word ".repeat(40));
        assert!(long.chars().count() <= MAX_SLUG_CHARS, "{long}");
        assert!(!long.ends_with('-'));
        for t in ["..", ".", "/", "a/../b", "C:\\x", "\0nul"] {
            let out = s(t);
            assert!(
                !out.contains(['/', '\\', '.', '\0', ':']) && !out.is_empty(),
                "{t:?} -> {out:?}"
            );
        }
    }
}
