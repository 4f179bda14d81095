//! Which commit a source's `rev` names: in the cached clone (one `git cat-file --batch`
//! that gives the commit, its date and the tree of the records folder at once), and on the
//! remote (one `git ls-remote`), so that a source whose remote has not moved is not
//! fetched again.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use crate::date::Date;

use super::{LAST, git};

/// A commit of the cached clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub commit: String,
    /// The committer's date, in the committer's time zone (as `git log --format=%cs`).
    pub date: Option<Date>,
    /// The tree of the records folder at this commit (`None`: there is no such folder).
    pub tree: Option<String>,
}

/// What the cached clone says about a source: the commit its configured revision names
/// (the first of `candidates` that is a commit) and the commit read last time.
#[derive(Debug, Default)]
pub struct Resolved {
    pub wanted: Option<Revision>,
    pub last: Option<Revision>,
    /// The object each ref of [`tracked`] names here (`None`: no such ref).
    pub tracked: Vec<Option<String>>,
}

/// The refs a fetch updates for `rev` (`None`: the remote's HEAD): each name on the remote,
/// and the local ref it is fetched into.
pub fn tracked(rev: Option<&str>) -> Vec<(String, String)> {
    match rev {
        None => vec![("HEAD".into(), "refs/hindsight/head".into())],
        Some(r) => vec![
            (
                format!("refs/heads/{r}"),
                format!("refs/remotes/origin/{r}"),
            ),
            (format!("refs/tags/{r}"), format!("refs/tags/{r}")),
        ],
    }
}

/// Resolves `candidates` (see [`super::candidates`]) and the last commit read, with the
/// tree of `path` at each, and the refs [`tracked`] for `rev`, in one git process. `None`
/// when git cannot run.
pub fn resolve(
    dir: &Path,
    candidates: &[String],
    path: &str,
    rev: Option<&str>,
) -> Option<Resolved> {
    let refs = tracked(rev);
    let mut asked: Vec<String> = refs.iter().map(|(_, local)| local.clone()).collect();
    for c in std::iter::once(LAST).chain(candidates.iter().map(String::as_str)) {
        asked.push(format!("{c}^{{commit}}"));
        asked.push(if path.is_empty() {
            format!("{c}^{{tree}}")
        } else {
            format!("{c}:{path}")
        });
    }
    let mut c = git(dir);
    c.args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = c.spawn().ok()?;
    let input: String = asked.iter().map(|a| format!("{a}\n")).collect();
    // Names with a line break cannot be asked (they are not refs anyway).
    if asked.iter().any(|a| a.contains('\n')) {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    }
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().ok()?;
    let _ = writer.join();
    if !out.status.success() {
        return None;
    }
    let objects = parse_batch(&out.stdout);
    let tracked = (0..refs.len())
        .map(|i| objects.get(i).and_then(|o| o.as_ref()).map(|o| o.0.clone()))
        .collect();
    let objects = objects.get(refs.len()..).unwrap_or_default();
    let revision = |i: usize| -> Option<Revision> {
        let (commit, kind, body) = objects.get(2 * i)?.as_ref()?;
        if kind != "commit" {
            return None;
        }
        let tree = objects
            .get(2 * i + 1)
            .and_then(|o| o.as_ref())
            .filter(|(_, k, _)| k == "tree")
            .map(|(id, _, _)| id.clone());
        Some(Revision {
            commit: commit.clone(),
            date: committer_date(body),
            tree,
        })
    };
    Some(Resolved {
        last: revision(0),
        wanted: (1..=candidates.len()).find_map(revision),
        tracked,
    })
}

/// Splits `git cat-file --batch` output into one `(id, type, contents)` per line asked,
/// `None` for a name that is missing or ambiguous.
fn parse_batch(out: &[u8]) -> Vec<Option<(String, String, Vec<u8>)>> {
    let mut objects = Vec::new();
    let mut rest = out;
    while !rest.is_empty() {
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&rest[..end]).into_owned();
        rest = &rest[end + 1..];
        let parts: Vec<&str> = header.split(' ').collect();
        let size = match parts.as_slice() {
            [id, kind, size] if id.len() >= 40 && id.bytes().all(|b| b.is_ascii_hexdigit()) => size
                .parse::<usize>()
                .ok()
                .map(|s| (id.to_string(), kind.to_string(), s)),
            _ => None,
        };
        match size {
            Some((id, kind, size)) if rest.len() > size => {
                objects.push(Some((id, kind, rest[..size].to_vec())));
                rest = &rest[size + 1..];
            }
            Some(_) => break,
            None => objects.push(None),
        }
    }
    objects
}

/// The date of a commit object's committer line, in its own time zone.
fn committer_date(body: &[u8]) -> Option<Date> {
    let text = String::from_utf8_lossy(body);
    let line = text
        .lines()
        .take_while(|l| !l.is_empty())
        .find(|l| l.starts_with("committer "))?;
    let mut fields = line.rsplitn(3, ' ');
    let zone = fields.next()?;
    let seconds: i64 = fields.next()?.parse().ok()?;
    let (sign, hhmm) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    if hhmm.len() != 4 {
        return None;
    }
    let hours: i64 = hhmm[..2].parse().ok()?;
    let minutes: i64 = hhmm[2..].parse().ok()?;
    let local = seconds + sign * (hours * 3600 + minutes * 60);
    let t = jiff::Timestamp::from_second(local).ok()?;
    Some(Date(t.to_zoned(jiff::tz::TimeZone::UTC).date()))
}

/// Whether the remote's refs for `rev` (`None`: its HEAD) are the ones the cache holds
/// (`here`, from [`resolve`]), so fetching again would bring nothing new for this source.
/// `Err` is git's reason when the remote cannot be reached.
pub fn remote_unchanged(dir: &Path, rev: Option<&str>, here: &Resolved) -> Result<bool, String> {
    let refs = tracked(rev);
    let mut c = git(dir);
    c.args(["ls-remote", "--quiet", "origin"])
        .args(refs.iter().map(|(remote, _)| remote));
    let listed = super::run(c)?;
    let remote: Vec<(&str, &str)> = listed.lines().filter_map(|l| l.split_once('\t')).collect();
    let mut any = false;
    for (i, (on_remote, _)) in refs.iter().enumerate() {
        let there = remote
            .iter()
            .find(|(_, n)| n == on_remote)
            .map(|(id, _)| *id);
        let cached = here.tracked.get(i).and_then(|o| o.as_deref());
        if there != cached {
            return Ok(false);
        }
        any |= there.is_some();
    }
    // Neither a branch nor a tag: a commit, which a fetch must bring unless it is here.
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_output_is_split_by_size_and_missing_names_are_none() {
        let commit = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1600000000 +0000\ncommitter C <c@x> 1600000000 -0500\n\nmsg\n";
        let mut out = Vec::new();
        out.extend_from_slice(format!("{} commit {}\n", "a".repeat(40), commit.len()).as_bytes());
        out.extend_from_slice(commit);
        out.extend_from_slice(b"\nrefs/tags/x^{commit} missing\n");
        out.extend_from_slice(format!("{} tree 3\n", "b".repeat(40)).as_bytes());
        out.extend_from_slice(b"\n\0\n\n");
        let objects = parse_batch(&out);
        assert_eq!(objects.len(), 3);
        let (id, kind, body) = objects[0].clone().unwrap();
        assert_eq!(
            (id.as_str(), kind.as_str()),
            ("a".repeat(40).as_str(), "commit")
        );
        // 1600000000 is 2020-09-13 12:26:40 UTC; five hours west it is still the 13th,
        // and at 02:00 UTC it is the previous day there.
        assert_eq!(committer_date(&body), Date::parse_iso("2020-09-13"));
        assert_eq!(
            committer_date(b"committer C <c@x> 1599962400 -0500\n"),
            Date::parse_iso("2020-09-12")
        );
        assert_eq!(objects[1], None);
        assert_eq!(objects[2].as_ref().map(|o| o.2.len()), Some(3));
    }
}
