//! Paths in links and URLs, `/`-separated: joining a record's relative link onto its
//! folder, the relative link from one file to another or from a page to the site root,
//! percent coding (the `percent-encoding` crate, decision 0047), and the URL of a record's
//! page. One home for the resolver, the renderer, serve and `new`/`link`; paths on disk
//! are [`crate::file_path`]'s.

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` when it climbs
/// above the root.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Joins a relative path that climbs out of the root onto a folder: the path from the root,
/// starting with `../` (`join_outside("adr", "../../book/x.md")` is `../book/x.md`).
pub fn join_outside(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let mut ups = 0usize;
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    ups += 1;
                }
            }
            s => parts.push(s),
        }
    }
    (ups > 0 && !parts.is_empty()).then(|| {
        let mut out = "../".repeat(ups);
        out.push_str(&parts.join("/"));
        out
    })
}

/// The relative link from the file `from` to the file `to`, both `/`-separated paths below
/// the same root (`x/0002-a.md` to `y/0001-b.md` is `../y/0001-b.md`).
pub fn relative_href(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// Prefix from a page at `path` (below the site root) back to the root: `../../` for
/// `decisions/a/b.html`, nothing for `index.html`.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Decodes `%20` and friends; leaves malformed escapes as written, and the whole text as
/// written when the decoded bytes are not UTF-8.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), |d| d.into_owned())
}

/// The page of a record, relative to the site root: `decisions/<id>.html`, each path
/// segment percent-encoded so that names with spaces, `#` or `?` keep working.
pub fn page_url(id: &str) -> String {
    let mut url = String::from("decisions/");
    url.push_str(&encode_path(id));
    url.push_str(".html");
    url
}

/// What [`encode_path`] escapes: every byte but ASCII letters, digits and the characters
/// RFC 3986 allows unescaped in a path (`-._~`, the sub-delimiters, `:`, `@`) and `/`.
/// Escaping more (say `NON_ALPHANUMERIC`) would lengthen every record URL in pages and
/// search shards (decision 0047).
const PATH_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Percent-encodes a `/`-separated path for use in an `href`.
pub fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_ESCAPES).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escapes of every printable ASCII character and of a non-ASCII one, exactly as
    /// the hand-written encoder wrote them before `percent-encoding` (decision 0047): the
    /// URLs of pages and search shards must not change.
    #[test]
    fn encode_path_escapes_what_it_always_did() {
        let all: String = (0x20u8..0x7f).map(char::from).chain(['é']).collect();
        assert_eq!(
            encode_path(&all),
            "%20!%22%23$%25&'()*+,-./0123456789:;%3C=%3E%3F@ABCDEFGHIJKLMNOPQRSTUVWXYZ\
             %5B%5C%5D%5E_%60abcdefghijklmnopqrstuvwxyz%7B%7C%7D~%C3%A9"
        );
    }

    #[test]
    fn percent_decode_keeps_what_it_cannot_decode() {
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("bad%FF"), "bad%FF");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
    }

    #[test]
    fn urls_are_encoded() {
        assert_eq!(page_url("a b/c#1"), "decisions/a%20b/c%231.html");
    }

    #[test]
    fn joins_stay_inside_the_root_or_say_how_far_out() {
        assert_eq!(join("adr", "./b/../c.md").as_deref(), Some("adr/c.md"));
        assert_eq!(join("adr", "/top.md").as_deref(), Some("top.md"));
        assert_eq!(join("adr", "../../x.md"), None);
        assert_eq!(
            join_outside("adr", "../../book/x.md").as_deref(),
            Some("../book/x.md")
        );
        assert_eq!(join_outside("adr", "../x.md"), None);
    }

    #[test]
    fn joins_keep_a_trailing_slash_out_and_read_leading_dots() {
        assert_eq!(join("", "./a/b/").as_deref(), Some("a/b"));
        assert_eq!(join("adr/", "..").as_deref(), Some(""));
        assert_eq!(join("", ".."), None);
        assert_eq!(join("a/b", "../../c").as_deref(), Some("c"));
        assert_eq!(join_outside("", "../x.md").as_deref(), Some("../x.md"));
        assert_eq!(join_outside("adr", "../.."), None);
    }

    #[test]
    fn relative_hrefs() {
        assert_eq!(relative_href("0002-a.md", "0001-b.md"), "0001-b.md");
        assert_eq!(relative_href("x/0002-a.md", "x/0001-b.md"), "0001-b.md");
        assert_eq!(
            relative_href("x/0002-a.md", "y/0001-b.md"),
            "../y/0001-b.md"
        );
        assert_eq!(relative_href("0002-a.md", "y/0001-b.md"), "y/0001-b.md");
        // The last segment of `to` is its file, never a folder the two share.
        assert_eq!(relative_href("a/b/c.md", "a/b"), "../b");
        assert_eq!(relative_href("a/b/c.md", "a/b/d/e.md"), "d/e.md");
    }

    #[test]
    fn pages_climb_back_to_the_root() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("index/2.html"), "../");
        assert_eq!(root_prefix("decisions/payments/0001-a.html"), "../../");
    }
}
