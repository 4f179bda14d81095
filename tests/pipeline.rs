//! One pipeline: `build` and `serve` read, resolve and render a project through the same
//! stages, so what `serve` shows is byte for byte what `build` writes, git history included
//! (a record with no `date:` takes its first commit's date; pages say who changed it last).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-23";

/// Runs git in `dir` with a fixed author, committer and date, so history is reproducible.
fn git(dir: &Path, date: &str, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ada Lovelace")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Lovelace")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .env("GIT_AUTHOR_DATE", format!("{date}T10:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{date}T10:00:00Z"))
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A git repository with two records over three commits; the first has no `date:`, the
/// second is proposed in the second commit and accepted in the third.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = &dir.path().join("repo");
    let adr = root.join("decisions");
    std::fs::create_dir_all(&adr).unwrap();
    git(root, "2025-01-10", &["init", "-q"]);
    std::fs::write(
        adr.join("0001-use-postgres.md"),
        "---\nstatus: accepted\n---\n# Use Postgres\n\nWe store orders in Postgres.\n",
    )
    .unwrap();
    git(root, "2025-01-10", &["add", "."]);
    git(root, "2025-01-10", &["commit", "-q", "-m", "first"]);
    std::fs::write(
        adr.join("0002-use-redis.md"),
        "---\ndate: 2025-03-01\nstatus: proposed\nrelates: [0001-use-postgres]\n---\n# Use Redis for sessions\n\nSee [Postgres](0001-use-postgres.md).\n",
    )
    .unwrap();
    git(root, "2025-03-02", &["add", "."]);
    git(root, "2025-03-02", &["commit", "-q", "-m", "second"]);
    // Redis is accepted in the third commit, so its lifecycle has two steps.
    let second = adr.join("0002-use-redis.md");
    let text = std::fs::read_to_string(&second).unwrap();
    std::fs::write(
        &second,
        text.replace("status: proposed", "status: accepted"),
    )
    .unwrap();
    let first = adr.join("0001-use-postgres.md");
    let mut text = std::fs::read_to_string(&first).unwrap();
    text.push_str("\nRevisited: still fine.\n");
    std::fs::write(&first, text).unwrap();
    git(root, "2025-06-15", &["commit", "-q", "-am", "third"]);
    dir
}

/// A raw HTTP/1.0 GET on loopback: `(status, body)`.
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, Vec::new());
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (0, Vec::new());
    };
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, raw[split + 4..].to_vec())
}

/// Takes out the live-reload script `serve` adds before `</body>`.
fn without_live_script(page: &[u8]) -> String {
    let text = String::from_utf8_lossy(page).into_owned();
    match text.find("<script src=\"/__hindsight/live.js\"") {
        Some(at) => {
            let end = text[at..]
                .find("</script>\n")
                .map_or(text.len(), |e| at + e + 10);
            format!("{}{}", &text[..at], &text[end..])
        }
        None => text,
    }
}

#[test]
fn build_and_serve_show_the_same_json_and_pages_with_git_history() {
    let repo = repository();
    let root = &repo.path().join("repo");
    let out = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .current_dir(root)
        .args(["build", "--today", TODAY, "--out", "../site-built"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = root.join("../site-built");
    let built_json = std::fs::read_to_string(site.join("decisions.json")).unwrap();
    let built_page =
        std::fs::read_to_string(site.join("decisions/0001-use-postgres.html")).unwrap();
    // What git says reaches the build: the first commit's date, the last change and who made it.
    assert!(built_json.contains("2025-01-10"), "{built_json}");
    assert!(built_page.contains("Ada Lovelace"), "{built_page}");
    assert!(built_page.contains("2025-06-15"), "{built_page}");
    // And the lifecycle from git, which serve must show the same.
    let built: serde_json::Value = serde_json::from_str(&built_json).unwrap();
    let redis = built["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"] == "0002-use-redis.md")
        .unwrap();
    let steps: Vec<(&str, &str)> = redis["lifecycle"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["status"].as_str().unwrap(), t["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [("proposed", "2025-03-02"), ("accepted", "2025-06-15")]
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .current_dir(root)
        .args(["serve", "--port", "0", "--today", TODAY])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut port = None;
    while port.is_none() && Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(100))
            && let Some(rest) = line.split("http://127.0.0.1:").nth(1)
        {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
        }
    }
    let fetch = |path: &str| -> Option<Vec<u8>> {
        let port = port?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let (status, body) = get(port, path);
            if status == 200 {
                return Some(body);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    };
    let served_json = fetch("/decisions.json");
    let served_page = fetch("/decisions/0001-use-postgres.html");
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let _ = child.wait();
    assert!(port.is_some(), "serve did not say where it listens");
    let served_json = String::from_utf8(served_json.expect("serve gives decisions.json")).unwrap();
    let served_page = without_live_script(&served_page.expect("serve gives the record page"));
    assert_eq!(served_json, built_json, "decisions.json differs");
    assert_eq!(served_page, built_page, "the record page differs");
}

/// Builds `root`'s records afresh with `hindsight build` and asserts that every file
/// `serve` holds in memory is byte for byte the one `build` writes, and that it holds
/// every page `build` writes.
fn assert_serve_is_build(root: &Path, shared: &hindsight::serve::Shared, after: &str) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .current_dir(root)
        .args(["build", "decisions", "--today", TODAY, "--out"])
        .arg(&site)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "build failed after {after}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The marker `build` leaves to know its own output folder is not a site file.
    let mut built = common::snapshot_tree(&site);
    built.remove(".hindsight-site");
    let served = common::served(shared);
    let missing: Vec<&String> = built.keys().filter(|k| !served.contains_key(*k)).collect();
    let extra: Vec<&String> = served.keys().filter(|k| !built.contains_key(*k)).collect();
    assert!(missing.is_empty(), "after {after}, serve lacks {missing:?}");
    assert!(
        extra.is_empty(),
        "after {after}, serve has files build does not write: {extra:?}"
    );
    for (path, bytes) in &built {
        assert!(
            served[path] == *bytes,
            "after {after}, `{path}` differs:\n--- build\n{}\n--- serve\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&served[path])
        );
    }
}

/// A `serve` rebuilder over `root`'s `decisions/` folder, checked against `build` after
/// its first build and after each edit.
struct Preview {
    root: std::path::PathBuf,
    config: Option<std::path::PathBuf>,
    shared: std::sync::Arc<hindsight::serve::Shared>,
    /// Warnings and records its first build reported.
    first: (usize, usize),
    serve: hindsight::serve::Rebuilder,
}

impl Preview {
    fn start(root: &Path, config: Option<std::path::PathBuf>) -> Preview {
        use hindsight::serve::{Rebuilder, Settings, Shared};
        let kept = config.clone();
        let shared = std::sync::Arc::new(Shared::new(std::path::PathBuf::new()));
        let mut serve = Rebuilder::new(
            Settings {
                source: Some(root.join("decisions")),
                config,
                today: Some(hindsight::date::Date::parse_iso(TODAY).unwrap()),
                base_url: None,
                review_after: None,
                cache: None,
                offline: false,
            },
            std::sync::Arc::clone(&shared),
        )
        .unwrap();
        let first = serve.full();
        assert!(first.error.is_none(), "{:?}", first.error);
        assert_serve_is_build(root, &shared, "the first build");
        Preview {
            root: root.to_path_buf(),
            config: kept,
            first: (first.warnings, first.records),
            shared,
            serve,
        }
    }

    /// Writes `text` to `path` (`None`: deletes it), has `serve` take the edit through the
    /// incremental path, renders the site-wide files from the model it left (not from a
    /// full resolve), and compares everything with a fresh `build`.
    fn edit(&mut self, what: &str, path: &Path, text: Option<&str>) {
        match text {
            Some(t) => std::fs::write(path, t).unwrap(),
            None => std::fs::remove_file(path).unwrap(),
        }
        let report = self.serve.rebuild(&hindsight::serve::Changes {
            paths: vec![path.to_path_buf()],
            rescan: false,
        });
        assert!(report.error.is_none(), "{what}: {:?}", report.error);
        assert!(report.incremental, "{what} was not resolved incrementally");
        self.serve.finish_site_wide();
        assert_serve_is_build(&self.root, &self.shared, what);
        // Once edits pause, the whole model is resolved again from the records it holds
        // (none parsed again), for the project's diagnostics: it must report what parsing
        // every file again reports, superseded records' own statuses included.
        let settled = self
            .serve
            .settle()
            .unwrap_or_else(|| panic!("{what}: nothing resolved again at the pause"));
        assert!(settled.error.is_none(), "{what}: {:?}", settled.error);
        // A session started now parses every file.
        let parsed = Preview::start(&self.root, self.config.clone()).first;
        assert_eq!(
            (settled.warnings, settled.records),
            parsed,
            "{what}: the pause and a fresh session disagree on the warnings"
        );
    }
}

#[test]
fn serve_resolves_creates_relinks_and_deletes_incrementally_to_what_build_writes() {
    let repo = repository();
    let root = repo.path().join("repo");
    let adr = root.join("decisions");
    let mut preview = Preview::start(&root, Some(root.join("hindsight.toml")));
    let mut edit = |what: &str, path: &Path, text: Option<&str>| preview.edit(what, path, text);
    let kafka = adr.join("0003-use-kafka.md");
    edit(
        "creating a record that relates to another",
        &kafka,
        Some(
            "---\ndate: 2025-07-01\nstatus: proposed\nrelates: [0001-use-postgres]\ntags: [events]\n---\n# Use Kafka\n\nEvents go to Kafka; see [Redis](0002-use-redis.md).\n",
        ),
    );
    let redis = adr.join("0002-use-redis.md");
    edit(
        "relinking a record to supersede another",
        &redis,
        Some(
            "---\ndate: 2025-03-01\nstatus: accepted\nsupersedes: [1]\n---\n# Use Redis for sessions\n\nSee [Postgres](0001-use-postgres.md).\n",
        ),
    );
    edit(
        "relinking it back, so the other is no longer superseded",
        &redis,
        Some(
            "---\ndate: 2025-03-01\nstatus: accepted\nrelates: [0003-use-kafka]\n---\n# Use Redis for sessions\n\nSee [Postgres](0001-use-postgres.md).\n",
        ),
    );
    edit(
        "wording a relation (Amends), so the other page says Amended by",
        &redis,
        Some(
            "---\ndate: 2025-03-01\nstatus: accepted\nlinks:\n  - to: 0003-use-kafka\n    link: Amends\n  - to: 1\n    link: Depends on\n    reverse: Needed by\n---\n# Use Redis for sessions\n\nSee [Postgres](0001-use-postgres.md).\n",
        ),
    );
    edit(
        "the other side wording it too",
        &kafka,
        Some(
            "---\ndate: 2025-07-01\nstatus: proposed\nrelates: [0001-use-postgres]\nlinks:\n  - to: 2\n    link: Amended by\n---\n# Use Kafka\n\nEvents go to Kafka.\n",
        ),
    );
    edit("deleting a record others link to", &kafka, None);
    edit(
        "creating a record others already named",
        &kafka,
        Some("---\ndate: 2025-07-02\nstatus: accepted\n---\n# Use Kafka again\n\nBack.\n"),
    );
}

/// Past 100 records the lists are paged, and each record page links back to the index page
/// it is on and to its previous and next record: creating a record near the start moves
/// later records to other pages. `serve` must still show what `build` writes.
#[test]
fn serve_keeps_paged_lists_and_their_links_back_as_build_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let adr = root.join("decisions");
    std::fs::create_dir_all(&adr).unwrap();
    for n in (1..=160).filter(|n| n % 10 != 5) {
        std::fs::write(
            adr.join(format!("{n:04}-record-{n}.md")),
            format!(
                "---\ndate: 2025-01-{:02}\nstatus: accepted\n---\n# Record {n}\n\nText.\n",
                1 + n % 28
            ),
        )
        .unwrap();
    }
    let mut preview = Preview::start(&root, None);
    let mut edit = |what: &str, path: &Path, text: Option<&str>| preview.edit(what, path, text);
    let new = adr.join("0005-record-5.md");
    edit(
        "creating record 5, which moves every later record one place down the list",
        &new,
        Some("---\ndate: 2025-01-06\nstatus: accepted\n---\n# Record 5\n\nText.\n"),
    );
    edit(
        "retitling record 6, whose card records 4 and 7 show as next and previous",
        &adr.join("0006-record-6.md"),
        Some("---\ndate: 2025-01-07\nstatus: proposed\n---\n# Record six, retitled\n\nText.\n"),
    );
    edit("deleting record 5 again", &new, None);
    edit("deleting record 1", &adr.join("0001-record-1.md"), None);
}
