//! Sources from other sites: `[[sources]] json = ...` reads another hindsight site's
//! `decisions.json`, served here by a small HTTP server on 127.0.0.1 or named by a path
//! (issue 15).

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::{hindsight, json, record};

const TODAY: &str = "2026-12-06";

/// An HTTP server on 127.0.0.1 serving `body` for every path ending in `.json` (404
/// otherwise), until stopped (then its port refuses connections).
struct Server {
    port: u16,
    body: Arc<Mutex<Vec<u8>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(body: Vec<u8>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let body = Arc::new(Mutex::new(body));
        let stop = Arc::new(AtomicBool::new(false));
        let (b, s) = (body.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut conn) = conn else { continue };
                let mut req = Vec::new();
                let mut buf = [0u8; 1024];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match conn.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&req);
                let path = line.split_whitespace().nth(1).unwrap_or("");
                let (status, bytes) = if path.ends_with(".json") {
                    ("200 OK", b.lock().unwrap().clone())
                } else {
                    ("404 Not Found", b"not found".to_vec())
                };
                let _ = write!(
                    conn,
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    bytes.len()
                );
                let _ = conn.write_all(&bytes);
            }
        });
        Server {
            port,
            body,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    fn set(&self, body: Vec<u8>) {
        *self.body.lock().unwrap() = body;
    }

    /// Stops serving: the port is closed when this returns.
    fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The team's site, built by hindsight itself with `base_url`: four records, one overdue
/// (`0001`, tagged, with a trade-off), one the portal supersedes (`0002`), one superseded
/// inside the team (`0003` by `0004`, which is due soon).
fn team_site(base: &Path, base_url: Option<&str>) -> PathBuf {
    let team = base.join("team");
    let rec = |n: u32, title: &str, extra: &str| {
        format!(
            "---\nnumber: {n}\ntitle: {title}\nstatus: accepted\ndate: 2026-0{n}-01\n{extra}---\n\nWhy {title}.\n"
        )
    };
    write(
        &team.join("decisions/0001-use-kafka.md"),
        &rec(
            1,
            "Use Kafka",
            "revisit: 2026-11-01\ntags: [messaging]\ndeciders: [Ana]\ntradeoffs:\n  - favor: throughput\n    over: simplicity\n",
        ),
    );
    write(
        &team.join("decisions/0002-use-redis.md"),
        &rec(2, "Use Redis", "revisit: 2027-03-01\n"),
    );
    write(
        &team.join("decisions/0003-old-cache.md"),
        &rec(3, "Old cache", "revisit: 2027-03-01\n"),
    );
    write(
        &team.join("decisions/0004-new-cache.md"),
        &rec(4, "New cache", "revisit: 2026-12-20\nsupersedes: [3]\n"),
    );
    write(
        &team.join("hindsight.toml"),
        "title = \"Team site\"\n[[sources]]\npath = \"decisions\"\npackage = \"cache\"\n",
    );
    let mut c = hindsight(&team);
    c.args(["build", "--out", "site", "--today", TODAY]);
    if let Some(b) = base_url {
        c.args(["--base-url", b]);
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    team.join("site/decisions.json")
}

/// A portal with one record of its own (superseding `team#2`) and `sources` after it.
fn portal(base: &Path, sources: &str) -> PathBuf {
    let portal = base.join("portal");
    write(
        &portal.join("decisions/0001-use-valkey.md"),
        "---\nnumber: 1\ntitle: Use Valkey\nstatus: accepted\ndate: 2026-10-01\nrevisit: 2027-06-01\nsupersedes: [team#2]\n---\n\nInstead of Redis.\n",
    );
    write(
        &portal.join("hindsight.toml"),
        &format!(
            "title = \"Acme decisions\"\nbase_url = \"https://decisions.acme.example/\"\n\n[[sources]]\npath = \"decisions\"\npackage = \"portal\"\n{sources}"
        ),
    );
    portal
}

fn build(portal: &Path, cache: &Path, extra: &[&str]) -> std::process::Output {
    hindsight(portal)
        .args(["build", "--out", "site", "--today", TODAY, "--cache"])
        .arg(cache)
        .args(extra)
        .output()
        .unwrap()
}

fn site(portal: &Path, path: &str) -> String {
    std::fs::read_to_string(portal.join("site").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every text file of the portal's site, with its path.
fn site_files(portal: &Path) -> Vec<(String, String)> {
    common::snapshot_tree(&portal.join("site"))
        .into_iter()
        .filter_map(|(p, b)| String::from_utf8(b).ok().map(|t| (p, t)))
        .collect()
}

#[test]
fn remote_records_join_every_view_and_link_home() {
    let tmp = tempfile::tempdir().unwrap();
    let export = team_site(tmp.path(), Some("https://team.example/adr/"));
    let server = Server::start(std::fs::read(&export).unwrap());
    // The package defaults to the folder the export is in.
    let url = server.url("team/decisions.json");
    let portal = portal(tmp.path(), &format!("\n[[sources]]\njson = \"{url}\"\n"));
    let o = build(&portal, &tmp.path().join("cache"), &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!("Read team from {url}: 4 records")),
        "{err}"
    );

    let export = json(site(&portal, "decisions.json").as_bytes());
    assert_eq!(export["site"]["title"], "Acme decisions");
    let kafka = record(&export, "team/0001-use-kafka");
    assert_eq!(kafka["package"], "team");
    assert_eq!(
        kafka["url"],
        "https://team.example/adr/decisions/0001-use-kafka.html"
    );
    assert_eq!(kafka["remote"], url.as_str());
    assert_eq!(kafka["revisit"]["state"], "overdue");
    assert_eq!(kafka["tradeoffs"][0]["favor"], "throughput");
    // Across sites, both ways: the portal's record supersedes the team's.
    let valkey = record(&export, "0001-use-valkey");
    assert_eq!(valkey["supersedes"][0], "team/0002-use-redis");
    assert!(valkey.get("remote").is_none());
    let redis = record(&export, "team/0002-use-redis");
    assert_eq!(redis["superseded_by"][0], "0001-use-valkey");
    assert_eq!(redis["status"], "superseded");
    // Inside the team's export, its own links hold.
    assert_eq!(
        record(&export, "team/0004-new-cache")["supersedes"][0],
        "team/0003-old-cache"
    );
    let sources = export["sources"].as_array().unwrap();
    assert_eq!(sources[0]["package"], "team");
    assert_eq!(sources[0]["json"], url.as_str());
    assert_eq!(sources[0]["title"], "Team site");
    assert_eq!(sources[0]["base_url"], "https://team.example/adr/");
    assert_eq!(sources[0]["records"], 4);
    assert!(sources[0]["fetched_at"].as_str().unwrap().ends_with('Z'));

    let home = "https://team.example/adr/decisions/0001-use-kafka.html";
    // Lists link to the page on the home site.
    for page in [
        "index.html",
        "revisits.html",
        "tags/messaging.html",
        "tradeoffs.html",
        "packages/team.html",
    ] {
        assert!(
            site(&portal, page).contains(&format!("href=\"{home}\"")),
            "{page} links home"
        );
    }
    assert!(
        site(&portal, "packages/team.html").contains(
            "From <a href=\"https://team.example/adr/\">Team site</a>, <strong>as of <time"
        )
    );
    // Calendars (the site's and the package's), the feed and search carry the address.
    assert!(site(&portal, "revisits.ics").contains(&format!("URL:{home}")));
    assert!(site(&portal, "revisits/team.ics").contains(&format!("URL:{home}")));
    assert!(site(&portal, "feed.xml").contains(&format!("href=\"{home}\"")));
    let search: String = site_files(&portal)
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .map(|(_, t)| t)
        .collect();
    assert!(search.contains(home), "the search index links home");
    assert!(search.contains("Use Kafka"));
    // Its page here is short, links home, and shows the portal's side of the links.
    let stub = site(&portal, "decisions/team/0002-use-redis.html");
    assert!(stub.contains(
        "This decision's page is on Team site: <a href=\"https://team.example/adr/decisions/0002-use-redis.html\""
    ));
    assert!(stub.contains("Superseded by <a href=\"../../decisions/0001-use-valkey.html\""));
    assert!(!stub.contains("Edit this file"));
    // The local record's page links to the remote one at home.
    assert!(
        site(&portal, "decisions/0001-use-valkey.html")
            .contains("href=\"https://team.example/adr/decisions/0002-use-redis.html\"")
    );

    // `due` and `due --package` count them.
    let due = hindsight(&portal)
        .args([
            "due",
            "--today",
            TODAY,
            "--package",
            "team",
            "--offline",
            "--cache",
        ])
        .arg(tmp.path().join("cache"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&due.stdout);
    assert!(out.contains("Use Kafka"), "{out}{}", stderr(&due));
    assert!(out.contains("New cache"), "{out}");
    assert!(!out.contains("Valkey"), "{out}");
    let due = hindsight(&portal)
        .args([
            "due",
            "--today",
            TODAY,
            "--format",
            "json",
            "--offline",
            "--cache",
        ])
        .arg(tmp.path().join("cache"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&due.stdout).contains(&format!("\"url\": \"{home}\"")));
    // The digest links it home too.
    let digest = hindsight(&portal)
        .args([
            "digest",
            "--since",
            "2026-01-01",
            "--until",
            TODAY,
            "--today",
            TODAY,
        ])
        .args(["--offline", "--cache"])
        .arg(tmp.path().join("cache"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&digest.stdout);
    assert!(
        out.contains(&format!("]({home})")),
        "{out}{}",
        stderr(&digest)
    );
}

#[test]
fn a_path_source_and_its_base_url() {
    let tmp = tempfile::tempdir().unwrap();
    team_site(tmp.path(), Some("https://team.example/adr"));
    let portal = portal(
        tmp.path(),
        "\n[[sources]]\njson = \"../team/site/decisions.json\"\npackage = \"team\"\n",
    );
    let o = build(&portal, &tmp.path().join("cache"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let export = json(site(&portal, "decisions.json").as_bytes());
    assert_eq!(
        record(&export, "team/0004-new-cache")["url"],
        "https://team.example/adr/decisions/0004-new-cache.html"
    );
    assert!(export["sources"][0]["fetched_at"].is_null());

    // `new --supersedes` a record of another site writes here only, and says what to add there.
    let team_record = tmp.path().join("team/decisions/0001-use-kafka.md");
    let before = std::fs::read(&team_record).unwrap();
    let o = hindsight(&portal)
        .args(["new", "Replace Kafka", "--supersedes", "team#1", "--cache"])
        .arg(tmp.path().join("cache"))
        .output()
        .unwrap();
    let out = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("add to 0001-use-kafka in team (../team/site/decisions.json):\n    superseded_by: [portal#0002-replace-kafka]"),
        "{out}"
    );
    let new = std::fs::read_to_string(portal.join("decisions/0002-replace-kafka.md")).unwrap();
    assert!(
        new.contains("supersedes: [\"team#0001-use-kafka\"]"),
        "{new}"
    );
    assert_eq!(std::fs::read(&team_record).unwrap(), before);

    // An export read from a path that says no base_url cannot link its records home.
    let tmp = tempfile::tempdir().unwrap();
    team_site(tmp.path(), None);
    let portal = crate::portal(
        tmp.path(),
        "\n[[sources]]\njson = \"../team/site/decisions.json\"\npackage = \"team\"\n",
    );
    let o = build(&portal, &tmp.path().join("cache"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[source-json]"), "{err}");
    assert!(err.contains("says no base_url"), "{err}");
    assert!(err.contains("hindsight.toml:9:8"), "{err}");
    // The other sources are built.
    assert!(site(&portal, "index.html").contains("Use Valkey"));
}

#[test]
fn an_unreachable_site_is_read_from_its_cache_or_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let export = team_site(tmp.path(), Some("https://team.example/"));

    // Never reached, nothing cached: an error naming the entry; the rest is built.
    let url = format!("http://127.0.0.1:{}/decisions.json", closed_port());
    let portal = portal(
        tmp.path(),
        &format!("\n[[sources]]\njson = \"{url}\"\npackage = \"team\"\n"),
    );
    let o = build(&portal, &cache, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[source-unavailable]"), "{err}");
    assert!(err.contains("there is no cached copy"), "{err}");
    assert!(err.contains("hindsight.toml:9:8"), "{err}");
    let index = site(&portal, "index.html");
    assert!(index.contains("Use Valkey"));
    assert!(!index.contains("Use Kafka"));
    // The reference into the missing source is reported, not a crash.
    assert!(err.contains("unknown-package"), "{err}");

    // Reached once, then down: the cached copy, with a warning and "as of".
    let mut server = Server::start(std::fs::read(&export).unwrap());
    let url = server.url("decisions.json");
    std::fs::write(
        portal.join("hindsight.toml"),
        format!(
            "title = \"Acme decisions\"\n\n[[sources]]\npath = \"decisions\"\npackage = \"portal\"\n\n[[sources]]\njson = \"{url}\"\npackage = \"team\"\n"
        ),
    )
    .unwrap();
    let o = build(&portal, &cache, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    server.stop();
    let o = build(&portal, &cache, &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("warning[source-fetch]"), "{err}");
    assert!(err.contains("the cached copy fetched 20"), "{err}");
    assert!(err.contains("Read team from"), "{err}");
    assert!(site(&portal, "index.html").contains("Use Kafka"));
    let page = site(&portal, "decisions/team/0001-use-kafka.html");
    assert!(
        page.contains("<strong class=\"stale\">as of <time"),
        "{page}"
    );
    assert!(page.contains("(the site could not be reached)"));
    let team = site(&portal, "packages/team.html");
    assert!(
        team.contains("From <a href=\"https://team.example/\">Team site</a>, <strong class=\"stale\">as of <time"),
        "{team}"
    );
    let export = json(site(&portal, "decisions.json").as_bytes());
    assert_eq!(export["sources"][0]["stale"], true);
    // --offline reads the cache without a warning.
    let o = build(&portal, &cache, &["--offline"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("source-fetch"), "{err}");
    assert!(site(&portal, "index.html").contains("Use Kafka"));
}

#[test]
fn other_json_newer_schemas_and_twice_used_packages_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let server = Server::start(br#"{"hello": "world"}"#.to_vec());
    let url = server.url("decisions.json");
    let portal = portal(
        tmp.path(),
        &format!("\n[[sources]]\njson = \"{url}\"\npackage = \"team\"\n"),
    );
    let o = build(&portal, &cache, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[source-json]"), "{err}");
    assert!(err.contains("is not a hindsight export"), "{err}");
    assert!(err.contains("hindsight.toml:9:8"), "{err}");
    assert!(site(&portal, "index.html").contains("Use Valkey"));

    // An HTML page (a wrong URL) is not an export either, and a bad answer never
    // replaces the last good copy.
    server.set(br#"{"schema": 1, "records": []}"#.to_vec());
    assert!(build(&portal, &cache, &[]).status.success());
    server.set(b"<!doctype html><title>Login</title>".to_vec());
    let err = stderr(&build(&portal, &cache, &[]));
    assert!(err.contains("is not a hindsight export"), "{err}");

    server.set(br#"{"schema": 2, "records": []}"#.to_vec());
    let o = build(&portal, &cache, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[source-schema]"), "{err}");
    assert!(
        err.contains("schema 2, newer than this hindsight reads (schema 1)"),
        "{err}"
    );

    // Two sources with one package: the second is named and left out.
    server.set(br#"{"schema": 1, "records": []}"#.to_vec());
    let second = server.url("other/decisions.json");
    std::fs::write(
        portal.join("hindsight.toml"),
        format!(
            "title = \"Acme\"\n\n[[sources]]\npath = \"decisions\"\npackage = \"portal\"\n\n\
             [[sources]]\njson = \"{url}\"\npackage = \"team\"\n\n\
             [[sources]]\njson = \"{second}\"\npackage = \"team\"\n\n\
             [[sources]]\njson = \"{second}\"\npackage = \"portal\"\n"
        ),
    )
    .unwrap();
    let o = build(&portal, &cache, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[source-package]"), "{err}");
    assert!(err.contains("hindsight.toml:13:11"), "{err}");
    assert!(err.contains("hindsight.toml:17:11"), "{err}");
    assert_eq!(err.matches("error[source-package]").count(), 2, "{err}");
}

#[test]
fn a_hostile_export_cannot_inject_script_or_links() {
    let tmp = tempfile::tempdir().unwrap();
    let hostile = serde_json::json!({
        "schema": 1,
        "site": {"title": "<script>alert('title')</script>", "base_url": "javascript:alert(1)//"},
        "records": [
            {
                "id": "0001-x", "number": 1, "title": "<script>alert(1)</script>",
                "status": "accepted", "date": "2026-01-01",
                "url": "javascript:alert(2)",
                "tags": ["<img src=x onerror=alert(3)>"],
                "deciders": ["\"><script>alert(4)</script>"],
                "tradeoffs": [{"favor": "<b onmouseover=alert(5)>", "over": "</textarea><script>"}],
                "options": [{"name": "<iframe src=javascript:alert(6)>", "pros": ["[x](javascript:alert(7))"], "cons": []}],
                "revisit": {"date": "2026-11-01", "when": "<svg onload=alert(8)>", "state": "overdue", "source": "record"}
            },
            {
                "id": "0002-y", "number": 2, "title": "Data", "status": "accepted",
                "url": "data:text/html,<script>alert(9)</script>"
            },
            {
                "id": "0003-z", "number": 3, "title": "Quote", "status": "accepted",
                "url": "decisions/0003\"onmouseover=\"alert(10).html"
            },
            {"id": "../../escape", "title": "Out of the package"},
            {"title": "No id"}
        ]
    });
    let file = tmp.path().join("hostile.json");
    std::fs::write(&file, serde_json::to_vec(&hostile).unwrap()).unwrap();
    let server = Server::start(std::fs::read(&file).unwrap());
    let url = server.url("evil/decisions.json");
    let portal = portal(tmp.path(), &format!("\n[[sources]]\njson = \"{url}\"\n"));
    let o = build(&portal, &tmp.path().join("cache"), &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // The base_url is not http(s): the records' own addresses are not either.
    assert!(err.contains("warning[unsafe-link]"), "{err}");
    assert!(err.contains("3 records of"), "{err}");
    assert!(err.contains("2 records of"), "{err}");
    let files = site_files(&portal);
    for (path, text) in &files {
        let lower = text.to_ascii_lowercase();
        if path.ends_with(".html") {
            assert!(!lower.contains("<script>alert"), "{path}");
            assert!(!lower.contains("<img src=x"), "{path}");
            assert!(!lower.contains("<iframe"), "{path}");
            assert!(!lower.contains("<svg onload"), "{path}");
            assert!(!lower.contains("<b onmouseover"), "{path}");
        }
        for bad in [
            "href=\"javascript:",
            "href=\"data:",
            "url:javascript",
            "url:data:",
        ] {
            assert!(!lower.contains(bad), "{path} has {bad}");
        }
        if path.starts_with("search/") {
            assert!(!lower.contains("javascript:alert(2)"), "{path}");
            assert!(!lower.contains("data:text/html"), "{path}");
        }
    }
    let index = site(&portal, "index.html");
    assert!(
        index.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || index.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped title"
    );
    // The records are there, linked to their page on the portal only.
    let export = json(site(&portal, "decisions.json").as_bytes());
    let x = record(&export, "evil/0001-x");
    assert_eq!(x["url"], "decisions/evil/0001-x.html");
    assert_eq!(
        record(&export, "evil/0003-z")["url"],
        "decisions/evil/0003-z.html"
    );
    assert!(
        export["records"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| !r["id"].as_str().unwrap().contains(".."))
    );
    let page = site(&portal, "decisions/evil/0001-x.html");
    assert!(page.contains("whose export gave no safe address for its page"));
}

/// Every file `serve` holds equals what `build` writes now.
fn assert_serve_is_build(portal: &Path, shared: &hindsight::serve::Shared, after: &str) {
    let o = build(portal, &portal.join("no-cache"), &[]);
    assert!(o.status.success(), "{after}: {}", stderr(&o));
    let mut built = common::snapshot_tree(&portal.join("site"));
    built.remove(".hindsight-site");
    let served = common::served(shared);
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        served.keys().collect::<Vec<_>>(),
        "{after}"
    );
    for (path, bytes) in &built {
        assert!(served[path] == *bytes, "{after}: {path} differs");
    }
}

#[test]
fn serve_reads_other_sites_and_keeps_them_through_edits() {
    use hindsight::serve::{Changes, Rebuilder, Settings, Shared};
    let tmp = tempfile::tempdir().unwrap();
    team_site(tmp.path(), Some("https://team.example/adr/"));
    let portal = portal(
        tmp.path(),
        "\n[[sources]]\njson = \"../team/site/decisions.json\"\npackage = \"team\"\n",
    );
    let shared = Arc::new(Shared::new(PathBuf::new()));
    let mut serve = Rebuilder::new(
        Settings {
            source: None,
            config: Some(portal.join("hindsight.toml")),
            today: Some(hindsight::date::Date::parse_iso(TODAY).unwrap()),
            base_url: None,
            review_after: None,
            cache: Some(tmp.path().join("cache")),
            offline: false,
        },
        Arc::clone(&shared),
    )
    .unwrap();
    let first = serve.full();
    assert!(first.error.is_none(), "{:?}", first.error);
    let index = String::from_utf8(shared.file("index.html").unwrap().to_vec()).unwrap();
    assert!(index.contains("href=\"https://team.example/adr/decisions/0001-use-kafka.html\""));
    assert_serve_is_build(&portal, &shared, "the first build");
    // A new local record superseding a remote one: the remote record's short page and
    // the lists follow, as a build would write them.
    let new = portal.join("decisions/0002-replace-kafka.md");
    write(
        &new,
        "---\nnumber: 2\ntitle: Replace Kafka\nstatus: accepted\ndate: 2026-12-01\nrevisit: 2027-12-01\nsupersedes: [team#1]\n---\n\nBody.\n",
    );
    let report = serve.rebuild(&Changes {
        paths: vec![new],
        rescan: false,
    });
    assert!(report.error.is_none(), "{:?}", report.error);
    serve.finish_site_wide();
    let stub = String::from_utf8(
        shared
            .file("decisions/team/0001-use-kafka.html")
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(stub.contains("Superseded by <a href=\"../../decisions/0002-replace-kafka.html\""));
    assert_serve_is_build(&portal, &shared, "a record superseding a remote one");
}
