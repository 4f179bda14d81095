//! Escaping text for HTML and XML, as tera's autoescape does: `& < > " '` as entities. The
//! one escaper of the pages, SVGs, rows and the live-reload page; feeds use their own
//! (`feeds::xml`), which also drops the characters XML 1.0 forbids.

/// Escapes text for XML content and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped for XML content and attributes.
pub fn escape_into(out: &mut String, s: &str) {
    // Most text has nothing to escape: this test has no early exit, so it runs as vector
    // compares over the whole string, and the text is then copied in one go.
    let special = s.bytes().fold(false, |found, b| {
        found | matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
    });
    if !special {
        out.push_str(s);
        return;
    }
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}
