//! `hindsight serve` end to end: a real server on a loopback port, real file edits, the
//! pages it serves and the events it sends. Every wait is bounded.

#[path = "browser/harness.rs"]
mod harness;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

/// A running `hindsight serve`, stopped with SIGINT when dropped.
struct Serve {
    child: Child,
    port: u16,
    log: Receiver<String>,
    _dir: tempfile::TempDir,
    root: PathBuf,
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve/decisions");
    let dst = dir.path().join("decisions");
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
    }
    dir
}

impl Serve {
    fn start(extra: &[&str]) -> Serve {
        let dir = fixture();
        let mut child = Command::new(env!("CARGO_BIN_EXE_hindsight"))
            .current_dir(dir.path())
            .args(["serve", "--port", "0", "--today", "2026-11-23"])
            .args(extra)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, log) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + WAIT;
        let mut port = None;
        let mut seen = String::new();
        while port.is_none() && Instant::now() < deadline {
            if let Ok(line) = log.recv_timeout(Duration::from_millis(100)) {
                seen.push_str(&line);
                seen.push('\n');
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    port = rest.split('/').next().and_then(|p| p.parse().ok());
                }
            }
        }
        let port = port.unwrap_or_else(|| panic!("serve did not say where it listens:\n{seen}"));
        let root = dir.path().join("decisions");
        Serve {
            child,
            port,
            log,
            _dir: dir,
            root,
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        get(self.port, path)
    }

    /// Polls `path` until its body satisfies `ok`.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let (status, body) = self.get(path);
            if ok(status, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {path} to {what}; last status {status}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.root.join(name), text).unwrap();
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.root.join(name)).unwrap()
    }

    fn stderr_so_far(&self) -> String {
        let mut s = String::new();
        while let Ok(l) = self.log.try_recv() {
            s.push_str(&l);
            s.push('\n');
        }
        s
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP/1.0 GET on loopback: `(status, body)`.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// One server-sent event.
#[derive(Debug)]
struct Event {
    name: String,
    data: serde_json::Value,
}

/// Listens on the event stream; events arrive on the returned channel.
fn listen(port: u16) -> Receiver<Event> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__hindsight/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(s);
        let mut name = String::new();
        let mut data = String::new();
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = d.to_string();
            } else if line.is_empty() && !name.is_empty() {
                let event = Event {
                    name: std::mem::take(&mut name),
                    data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
                };
                if tx.send(event).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

/// Waits for an event matching `ok`, skipping others.
fn expect(rx: &Receiver<Event>, what: &str, ok: impl Fn(&Event) -> bool) -> Event {
    let deadline = Instant::now() + WAIT;
    let mut skipped = Vec::new();
    while Instant::now() < deadline {
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(100)) {
            if ok(&e) {
                return e;
            }
            skipped.push(e);
        }
    }
    panic!("no {what} event; got {skipped:?}");
}

fn reload_of(page: &str) -> impl Fn(&Event) -> bool + '_ {
    move |e| {
        e.name == "reload"
            && e.data["paths"]
                .as_array()
                .is_some_and(|a| a.iter().any(|p| p == page))
    }
}

#[test]
fn serves_pages_with_the_live_script_and_nothing_outside_the_site() {
    let serve = Serve::start(&[]);
    let (status, index) = serve.get("/");
    assert_eq!(status, 200);
    assert!(index.contains("Use Postgres for the ledger"));
    assert!(
        index.contains(r#"<script src="/__hindsight/live.js" data-page="index.html"></script>"#)
    );
    let (status, page) = serve.get("/decisions/0003-queue.html");
    assert_eq!(status, 200);
    assert!(page.contains("A queue between services."));
    assert!(page.contains(r#"data-page="decisions/0003-queue.html""#));

    let (status, script) = serve.get("/__hindsight/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("role"), "overlay is an alert");
    assert!(script.contains("\"alert\""));
    assert!(script.contains("textContent"));
    assert!(
        !script.contains("innerHTML"),
        "diagnostics are never parsed as HTML"
    );

    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/decisions/..%2f..%2f..%2fetc%2fpasswd",
        "/decisions/0003-queue.md",
        "/nope.html",
    ] {
        let (status, body) = serve.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("root:"), "{path}");
    }
    let (status, _) = serve.get("/tags");
    assert_eq!(status, 301, "a folder redirects to its index");
    let (status, _) = serve.get("/tags/");
    assert_eq!(status, 200);

    // The user's site/ is never written, and `build` output has no live script.
    assert!(!serve.root.parent().unwrap().join("site").exists());
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .args(["build", "--today", "2026-11-23", "-o"])
        .arg(out.path().join("site"))
        .arg(&serve.root)
        .output()
        .unwrap();
    assert!(built.status.success());
    let built_index = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(!built_index.contains("__hindsight"));
}

#[test]
fn edits_creates_deletes_and_renames_reload_the_pages_they_touch() {
    let serve = Serve::start(&[]);
    let events = listen(serve.port);
    let hello = expect(&events, "hello", |e| e.name == "hello");
    assert!(hello.data["problem"].is_null());

    // Edit a body: the page reloads and shows the new text.
    let text = serve
        .read("0003-queue.md")
        .replace("A queue between services.", "A durable queue.");
    serve.write("0003-queue.md", &text);
    expect(
        &events,
        "reload of the edited page",
        reload_of("decisions/0003-queue.html"),
    );
    let (_, page) = serve.get("/decisions/0003-queue.html");
    assert!(page.contains("A durable queue."));
    assert!(!page.contains("A queue between services."));

    // Edit a title: the record's page and the pages listing it follow.
    let text = serve
        .read("0003-queue.md")
        .replace("title: Pick a queue", "title: Pick RabbitMQ");
    serve.write("0003-queue.md", &text);
    expect(
        &events,
        "reload of the retitled page",
        reload_of("decisions/0003-queue.html"),
    );
    expect(&events, "reload of the index", reload_of("index.html"));
    assert!(serve.get("/").1.contains("Pick RabbitMQ"));
    // The neighbour page shows the new title of the record it links to.
    let text = serve.read("0001-use-postgres.md").replace(
        "title: Use Postgres for the ledger",
        "title: Use Postgres 17",
    );
    serve.write("0001-use-postgres.md", &text);
    expect(
        &events,
        "reload of the neighbour",
        reload_of("decisions/0002-store-events.html"),
    );
    assert!(
        serve
            .get("/decisions/0002-store-events.html")
            .1
            .contains("Use Postgres 17")
    );

    // Save by rename, as editors do: write a temporary file, move it over the record.
    let text = serve
        .read("0003-queue.md")
        .replace("A durable queue.", "Saved by rename.");
    serve.write(".0003-queue.md.swp", "swap file");
    serve.write("0003-queue.md~", "backup");
    std::fs::write(serve.root.join("0003-queue.md.tmp"), &text).unwrap();
    std::fs::rename(
        serve.root.join("0003-queue.md.tmp"),
        serve.root.join("0003-queue.md"),
    )
    .unwrap();
    expect(
        &events,
        "reload after a save by rename",
        reload_of("decisions/0003-queue.html"),
    );
    assert!(
        serve
            .get("/decisions/0003-queue.html")
            .1
            .contains("Saved by rename.")
    );

    // Create a record.
    serve.write(
        "0004-cache.md",
        "---\nid: 4\ntitle: Add a cache\nstatus: proposed\ndate: 2025-06-01\nrevisit: 2027-06-01\n---\nCache reads.\n",
    );
    expect(
        &events,
        "reload of the new page",
        reload_of("decisions/0004-cache.html"),
    );
    assert!(
        serve
            .get("/decisions/0004-cache.html")
            .1
            .contains("Cache reads.")
    );
    serve.wait_for("/", "list the new record", |s, b| {
        s == 200 && b.contains("Add a cache")
    });

    // A new folder with a record in it.
    std::fs::create_dir(serve.root.join("payments")).unwrap();
    std::fs::write(
        serve.root.join("payments/0005-ledger.md"),
        "---\nid: 5\ntitle: Payments ledger\nstatus: accepted\ndate: 2025-07-01\nrevisit: 2027-07-01\n---\nIn a folder.\n",
    )
    .unwrap();
    serve.wait_for("/decisions/payments/0005-ledger.html", "appear", |s, b| {
        s == 200 && b.contains("In a folder.")
    });

    // Rename a record: the old page goes, the new one comes.
    std::fs::rename(
        serve.root.join("0004-cache.md"),
        serve.root.join("0004-read-cache.md"),
    )
    .unwrap();
    expect(
        &events,
        "reload after a rename",
        reload_of("decisions/0004-read-cache.html"),
    );
    assert_eq!(serve.get("/decisions/0004-cache.html").0, 404);
    assert!(
        serve
            .get("/decisions/0004-read-cache.html")
            .1
            .contains("Cache reads.")
    );

    // Delete a record.
    std::fs::remove_file(serve.root.join("0004-read-cache.md")).unwrap();
    expect(
        &events,
        "reload of the deleted page",
        reload_of("decisions/0004-read-cache.html"),
    );
    assert_eq!(serve.get("/decisions/0004-read-cache.html").0, 404);
    serve.wait_for("/", "drop the deleted record", |s, b| {
        s == 200 && !b.contains("Add a cache")
    });

    // Delete a folder.
    std::fs::remove_dir_all(serve.root.join("payments")).unwrap();
    serve.wait_for("/decisions/payments/0005-ledger.html", "vanish", |s, _| {
        s == 404
    });
}

#[test]
fn a_broken_edit_keeps_going_and_shows_the_problem_until_fixed() {
    let serve = Serve::start(&[]);
    let events = listen(serve.port);
    expect(&events, "hello", |e| e.name == "hello");
    let good = serve.read("0003-queue.md");
    serve.write(
        "0003-queue.md",
        &good.replace("title: Pick a queue", "title: [Pick a queue\nbroken: here"),
    );
    let problem = expect(&events, "problem", |e| e.name == "problem");
    let text = problem.data["text"].as_str().unwrap();
    assert!(
        text.contains("0003-queue.md:"),
        "names the file and line: {text}"
    );
    assert!(text.contains("error"), "{text}");
    // The last good page of the broken file is still served; the rest of the preview
    // keeps going, and its index lists the file left out.
    let (status, page) = serve.get("/decisions/0003-queue.html");
    assert_eq!(status, 200);
    assert!(page.contains("Pick a queue"));
    serve.wait_for("/index.html", "list the file left out", |_, b| {
        b.contains("left out of this site") && b.contains("0003-queue.md")
    });
    let (status, _) = serve.get("/decisions/0001-use-postgres.html");
    assert_eq!(status, 200);
    // A page opened now is told about the problem at once.
    let late = listen(serve.port);
    let hello = expect(&late, "hello", |e| e.name == "hello");
    assert!(
        hello.data["problem"]
            .as_str()
            .unwrap()
            .contains("0003-queue.md")
    );
    // The terminal says it too.
    let deadline = Instant::now() + WAIT;
    let mut said = String::new();
    while !said.contains("left out of the preview") && Instant::now() < deadline {
        said.push_str(&serve.stderr_so_far());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(said.contains("0003-queue.md"), "{said}");

    // Fixing it removes the overlay; an edit made while broken is not lost.
    serve.write(
        "0003-queue.md",
        &good.replace("A queue between services.", "Fixed."),
    );
    expect(&events, "ok", |e| e.name == "ok");
    serve.wait_for("/decisions/0003-queue.html", "show the fix", |_, b| {
        b.contains("Fixed.")
    });
}

#[test]
fn a_taken_port_moves_to_the_next_free_one_and_ctrl_c_stops() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = listener.local_addr().unwrap().port();
    let dir = fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hindsight"))
        .current_dir(dir.path())
        .args(["serve", "--port", &taken.to_string()])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut said = String::new();
    let deadline = Instant::now() + WAIT;
    while !said.contains("Serving at") && Instant::now() < deadline {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(100)) {
            said.push_str(&l);
            said.push('\n');
        }
    }
    assert!(said.contains(&format!("Port {taken} is taken")), "{said}");
    assert!(said.contains("Serving at http://127.0.0.1:"), "{said}");
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut stopped = false;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            stopped = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if !stopped {
        let _ = child.kill();
    }
    let _ = child.wait();
    assert!(stopped, "Ctrl-C stops serve");
    // Nothing was written next to the records.
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, vec![std::ffi::OsString::from("decisions")]);
    drop(listener);
}

#[test]
fn polling_sees_edits_too() {
    let serve = Serve::start(&["--poll"]);
    let text = serve
        .read("0003-queue.md")
        .replace("A queue between services.", "Polled.");
    serve.write("0003-queue.md", &text);
    serve.wait_for(
        "/decisions/0003-queue.html",
        "show the polled edit",
        |_, b| b.contains("Polled."),
    );
}

#[test]
fn an_open_page_reloads_by_itself_and_shows_problems_in_an_overlay() {
    let test = "an_open_page_reloads_by_itself_and_shows_problems_in_an_overlay";
    let Some(mut driver) = harness::driver(test) else {
        return;
    };
    let serve = Serve::start(&[]);
    harness::runtime().block_on(async {
        let c = driver.session().await;
        let connected =
            "return document.documentElement.getAttribute('data-hindsight-live') === 'connected'";
        c.goto(&format!(
            "http://127.0.0.1:{}/decisions/0003-queue.html",
            serve.port
        ))
        .await
        .expect("open the record page");
        harness::wait_for(&c, connected, "the event stream to connect").await;
        // A marker on the window: gone once the page has reloaded.
        harness::js(&c, "window.__stayed = true; return true").await;
        let text = serve
            .read("0003-queue.md")
            .replace("title: Pick a queue", "title: Pick NATS");
        serve.write("0003-queue.md", &text);
        harness::wait_for(
            &c,
            "return window.__stayed === undefined && document.querySelector('h1').textContent === 'Pick NATS'",
            "a reload with the new title",
        )
        .await;

        // A broken edit: the page stays and an alert shows the diagnostic, as text.
        harness::wait_for(&c, connected, "the event stream to reconnect").await;
        harness::js(&c, "window.__stayed = true; return true").await;
        serve.write(
            "0003-queue.md",
            &text.replace("title: Pick NATS", "title: [<img src=x onerror=alert(1)>"),
        );
        harness::wait_for(
            &c,
            "var o = document.getElementById('hindsight-overlay'); \
             return !!o && o.getAttribute('role') === 'alert' && o.textContent.indexOf('0003-queue.md') >= 0",
            "the overlay",
        )
        .await;
        assert_eq!(
            harness::js(
                &c,
                "var o = document.getElementById('hindsight-overlay'); \
                 return [window.__stayed === true, o.querySelectorAll('img').length, document.querySelector('h1').textContent]"
            )
            .await,
            serde_json::json!([true, 0, "Pick NATS"]),
            "the last good page stays, and the diagnostic is text, not markup"
        );
        // Fixing the file removes the overlay.
        serve.write(
            "0003-queue.md",
            &text.replace("title: Pick NATS", "title: Pick NATS again"),
        );
        harness::wait_for(
            &c,
            "return !document.getElementById('hindsight-overlay') && document.querySelector('h1').textContent === 'Pick NATS again'",
            "the overlay to go and the page to reload",
        )
        .await;
        let _ = c.close().await;
    });
}

/// Issue 12, item 4: a client with a small receive buffer that pipelines requests and never
/// reads the answers does not hold the other clients; a path that is not UTF-8 once
/// percent-decoded gets a 400.
#[test]
fn a_client_that_never_reads_does_not_stall_the_others() {
    let s = Serve::start(&[]);
    s.wait_for("/decisions.json", "the first build", |c, _| c == 200);
    let sock = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    sock.set_recv_buffer_size(1024).unwrap();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{}", s.port).parse().unwrap();
    sock.connect(&addr.into()).unwrap();
    let mut slow: TcpStream = sock.into();
    let one = "GET /decisions.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    slow.set_write_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // Thousands of answers pile up unread: more than the socket buffers hold.
    for _ in 0..3000 {
        if slow.write_all(one.as_bytes()).is_err() {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    for _ in 0..3 {
        let (status, body) = get(s.port, "/index.html");
        assert_eq!(
            status, 200,
            "another client got no answer while one never reads"
        );
        assert!(body.contains("</html>"));
    }
    let (status, _) = get(s.port, "/%FF%FE.html");
    assert_eq!(status, 400);
    drop(slow);
}

/// Issue 12, item 4: a request line whose path is raw bytes that are not UTF-8 gets a
/// `400 Bad Request` (tiny_http closed such connections without a word), and the server
/// goes on answering; a pipelined pair on one connection gets two answers in order.
#[test]
fn a_path_of_raw_bytes_that_are_not_utf8_gets_400() {
    let s = Serve::start(&[]);
    s.wait_for("/decisions.json", "the first build", |c, _| c == 200);
    let mut raw = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    raw.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    raw.write_all(b"GET /\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    let _ = raw.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "got {answer:?}"
    );
    let (status, body) = get(s.port, "/index.html");
    assert_eq!(status, 200);
    assert!(body.contains("</html>"));

    let mut two = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    two.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    two.write_all(
        b"HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let mut answers = Vec::new();
    let _ = two.read_to_end(&mut answers);
    let answers = String::from_utf8_lossy(&answers);
    let first = answers.find("HTTP/1.1 200 OK\r\n");
    let second = answers.find("HTTP/1.1 404 Not Found\r\n");
    assert!(
        matches!((first, second), (Some(0), Some(b)) if b > 0),
        "got {answers:?}"
    );
    // HEAD sends no body: the second answer follows the first head directly.
    let head_end = answers.find("\r\n\r\n").unwrap() + 4;
    assert_eq!(second, Some(head_end), "got {answers:?}");
}
