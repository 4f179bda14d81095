//! Markdown as text: what the index reads of a body (block markup dropped in one cheap
//! pass) and the plain-text excerpts shown as snippets.

/// Markdown to plain text, cheaply: link and image targets, HTML tags, emphasis marks,
/// heading and list markers, table pipes and fences are dropped; whitespace is collapsed.
/// Only for indexing and snippets: never rendered as HTML. A one-line fragment (a title)
/// goes through [`crate::document::plain_text`] instead, which reads nested links exactly.
pub fn plain_text(md: &str) -> String {
    plain(md, true)
}

/// Plain text of `md`, with or without its headings.
pub(super) fn plain(md: &str, headings: bool) -> String {
    let mut out = String::with_capacity(md.len());
    let mut in_fence = false;
    for line in md.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            push_words(&mut out, line);
            continue;
        }
        // Reference definitions, thematic breaks and table rules carry no text.
        if (trimmed.starts_with('[') && trimmed.contains("]:"))
            || (!trimmed.is_empty()
                && trimmed
                    .chars()
                    .all(|c| matches!(c, '-' | '*' | '_' | '=' | ' ' | '|' | ':')))
        {
            continue;
        }
        if !headings && trimmed.starts_with('#') {
            continue;
        }
        let mut rest = trimmed.trim_start_matches(['#', '>', ' ']);
        for marker in ["- [ ] ", "- [x] ", "- ", "* ", "+ "] {
            if let Some(r) = rest.strip_prefix(marker) {
                rest = r;
                break;
            }
        }
        inline_text(rest, &mut out);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// `md` without link targets (`](...)`) and HTML tags, for tokenizing: markdown's other
/// punctuation separates words anyway. Much cheaper than [`plain_text`].
pub fn index_text(md: &str) -> std::borrow::Cow<'_, str> {
    let mut parts = Vec::new();
    index_segments(md, |p| parts.push(p));
    match parts.as_slice() {
        [one] if one.len() == md.len() => std::borrow::Cow::Borrowed(md),
        _ => std::borrow::Cow::Owned(parts.join(" ")),
    }
}

/// Calls `f` with the pieces of `md` that [`index_text`] keeps, in order (it joins them
/// with spaces), without copying.
pub(super) fn index_segments<'a>(md: &'a str, mut f: impl FnMut(&'a str)) {
    let b = md.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    let mut tag_end: Option<usize> = None;
    while i < b.len() {
        // Jump to the next byte that can start markup (a vector scan): most of a body is prose.
        match memchr::memchr2(b']', b'<', &b[i..]) {
            Some(k) => i += k,
            None => break,
        }
        match b[i] {
            b']' if b.get(i + 1) == Some(&b'(') => {
                let mut depth = 0usize;
                let mut j = i + 1;
                while j < b.len() && b[j] != b'\n' {
                    match b[j] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                f(&md[copied..i]);
                i = (j + 1).min(b.len());
                copied = i;
            }
            b'<' if b
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') =>
            {
                // The next `>` or newline, found once for every `<` before it (a line of
                // `<a` with no `>` is read once, not once per `<a`).
                if tag_end.is_none_or(|e| e < i) {
                    tag_end =
                        Some(memchr::memchr2(b'>', b'\n', &b[i..]).map_or(b.len(), |p| i + p));
                }
                let end = tag_end.unwrap_or(b.len());
                if end < b.len() && b[end] == b'>' {
                    f(&md[copied..i]);
                    i = end + 1;
                    copied = i;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    f(&md[copied..]);
}

pub(super) fn push_words(out: &mut String, text: &str) {
    for w in text.split_whitespace() {
        out.push_str(w);
        out.push(' ');
    }
}

/// Inline markdown of one line to text, appended to `out` with a trailing space.
pub(super) fn inline_text(line: &str, out: &mut String) {
    let b = line.as_bytes();
    let mut i = 0;
    let mut gt: Option<usize> = None;
    let mut last_space = out.is_empty() || out.ends_with(' ');
    let put = |out: &mut String, c: char, last_space: &mut bool| {
        if c.is_whitespace() || c == '|' {
            if !*last_space {
                out.push(' ');
                *last_space = true;
            }
        } else {
            out.push(c);
            *last_space = false;
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'*' | b'`' | b'~' => {
                i += 1;
            }
            b'_' => {
                let prev = if i > 0 { b[i - 1] } else { b' ' };
                let next = b.get(i + 1).copied().unwrap_or(b' ');
                if prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
                    put(out, '_', &mut last_space);
                }
                i += 1;
            }
            b'!' if b.get(i + 1) == Some(&b'[') => {
                i += 1;
            }
            b']' if b.get(i + 1) == Some(&b'(') => {
                // Skip the link target up to the matching parenthesis.
                i = crate::document::closing_paren(b, i + 1).unwrap_or(b.len()) + 1;
            }
            b'[' | b']' => {
                i += 1;
            }
            b'<' => {
                // An HTML tag or autolink: dropped (up to `>` on this line).
                // The next `>`, found once for every `<` before it.
                if gt.is_some_and(|g| g < i) {
                    gt = None;
                }
                let next = *gt.get_or_insert_with(|| {
                    memchr::memchr(b'>', &b[i..]).map_or(usize::MAX, |p| i + p)
                });
                match (next != usize::MAX).then(|| next - i) {
                    Some(end)
                        if b.get(i + 1)
                            .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') =>
                    {
                        i += end + 1;
                        put(out, ' ', &mut last_space);
                    }
                    _ => {
                        put(out, '<', &mut last_space);
                        i += 1;
                    }
                }
            }
            b' ' | b'\t' | b'|' => {
                put(out, ' ', &mut last_space);
                i += 1;
            }
            _ => {
                // A run of ordinary text, copied at once.
                let start = i;
                while i < b.len()
                    && !matches!(
                        b[i],
                        b'*' | b'`' | b'~' | b'_' | b'!' | b'[' | b']' | b'<' | b' ' | b'\t' | b'|'
                    )
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                out.push_str(&line[start..i]);
                last_space = false;
            }
        }
    }
    put(out, ' ', &mut last_space);
}

/// The first `max` bytes of `text` or fewer, at a line end when there is one.
pub(super) fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind('\n') {
        Some(nl) if nl > 0 => &text[..nl],
        _ => &text[..end],
    }
}

/// `text` cut to at most `max` characters, at a word boundary, with `…` when cut.
pub(super) fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => {
            let cut = text[..end]
                .rfind(' ')
                .filter(|&s| s > end / 2)
                .unwrap_or(end);
            format!("{}…", text[..cut].trim_end())
        }
    }
}
