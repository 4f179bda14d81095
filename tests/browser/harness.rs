//! Real-browser test harness: headless Chromium driven through chromedriver (WebDriver),
//! a site built with the library, and a tiny HTTP server that mounts it under a sub-path.
//!
//! Without a browser the tests say that they skipped, unless `CI` is set: there a missing
//! browser is a failure (`.ci/run` installs `chromium` and `chromium-driver`).

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// Flags Chromium needs in containers and CI.
pub const CHROME_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
];

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A test that needs `what` (from `../shared`) and cannot find it: a skip outside CI, a
/// failure in CI, where a test that cannot run must not pass.
pub fn skip_without(what: &str) {
    assert!(
        !in_ci(),
        "{what} is missing, and CI is set: this test cannot run, so it fails"
    );
    eprintln!("skipped: {what} is missing (outside CI a test may skip)");
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for n in names {
        let p = Path::new(n);
        if p.is_absolute() && p.is_file() {
            return Some(p.to_path_buf());
        }
        for dir in std::env::split_paths(&path) {
            let c = dir.join(n);
            if c.is_file() {
                return Some(c);
            }
        }
    }
    None
}

/// chromedriver and the Chromium binary, or why they are missing.
fn find_browser() -> Result<(PathBuf, PathBuf), String> {
    let driver = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| which(&["chromedriver", "/usr/lib/chromium/chromedriver"]))
        .ok_or("chromedriver not found (apt-get install chromium-driver)")?;
    let chrome = std::env::var_os("CHROME")
        .map(PathBuf::from)
        .or_else(|| {
            which(&[
                "chromium",
                "chromium-browser",
                "google-chrome",
                "/usr/lib/chromium/chromium",
            ])
        })
        .ok_or("chromium not found (apt-get install chromium)")?;
    Ok((driver, chrome))
}

/// A running chromedriver, stopped on drop.
pub struct Driver {
    child: Child,
    pub url: String,
    chrome: PathBuf,
    profiles: Vec<tempfile::TempDir>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Signal the whole group (chromedriver and the browsers it started).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// Starts chromedriver, or returns `None` (after saying so) when no browser is installed
/// outside CI. In CI a missing browser panics.
pub fn driver(test: &str) -> Option<Driver> {
    let (driver, chrome) = match find_browser() {
        Ok(found) => found,
        Err(why) => {
            if in_ci() {
                panic!("{test}: {why}; CI must run the browser tests");
            }
            eprintln!("{test}: skipped: {why}");
            return None;
        }
    };
    let port = free_port();
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group, so that dropping the driver also stops every browser it
        // started, even when a test panics before closing its session.
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("{test}: cannot start {}: {e}", driver.display()));
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{test}: chromedriver did not start listening on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
        chrome,
        profiles: Vec::new(),
    })
}

impl Driver {
    /// A new browser session with a fresh profile.
    pub async fn session(&mut self) -> Client {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args: Vec<String> = CHROME_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        self.profiles.push(profile);
        let caps = json!({
            "goog:chromeOptions": { "binary": self.chrome, "args": args },
            "pageLoadStrategy": "normal",
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a WebDriver session")
    }
}

/// A tokio runtime for the async WebDriver client.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Builds the site of the records in `source` into a new temporary folder.
pub fn build_site(source: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let project = hindsight::project::Project::locate(
        Some(source),
        Some(&source.join("no-such-hindsight.toml")),
    )
    .expect("project");
    let today = hindsight::date::Date::parse_iso("2026-11-23").expect("date");
    hindsight::build(
        &project,
        &hindsight::BuildOptions {
            out: out.path().join("site"),
            today,
            base_url: None,
            keep_going: false,
        },
    )
    .expect("build");
    out
}

/// `file://` URL of a path.
pub fn file_url(path: &Path) -> String {
    let abs = path.canonicalize().expect("absolute path");
    format!("file://{}", abs.display())
}

/// A static file server on 127.0.0.1 that serves `dir` under `/sub/path/`; stops on drop.
/// Like any static host (and `hindsight serve`), it answers several requests at once, and
/// like nginx it sends each response at once with Nagle's algorithm off: a response
/// written in two pieces would otherwise wait for the browser's delayed ACK (40 ms on
/// Linux), which is what tiny_http's 1 KB write buffer did to every file of 1 to 8 KB.
pub struct Server {
    pub base: String,
    port: u16,
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake every thread blocked in accept.
        for _ in &self.threads {
            let _ = TcpStream::connect(("127.0.0.1", self.port));
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

pub const MOUNT: &str = "/sub/path/";

pub fn serve(dir: &Path) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("local address").port();
    let stop = Arc::new(AtomicBool::new(false));
    let threads = (0..4)
        .map(|_| {
            let listener = listener.try_clone().expect("listener");
            let (stop, dir) = (stop.clone(), dir.to_path_buf());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    if let Ok((stream, _)) = listener.accept() {
                        answer(stream, &dir);
                    }
                }
            })
        })
        .collect();
    Server {
        base: format!("http://127.0.0.1:{port}{MOUNT}"),
        port,
        stop,
        threads,
    }
}

/// Answers one request for a file below `dir`, then closes the connection.
fn answer(mut stream: TcpStream, dir: &Path) {
    use std::io::{Read, Write};
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut req = Vec::new();
    let mut buf = [0u8; 4096];
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&req);
    let url = head.split(' ').nth(1).unwrap_or("");
    let url = url.split(['?', '#']).next().unwrap_or("");
    let found = match url.strip_prefix(MOUNT) {
        Some(rel) if !rel.split('/').any(|s| s == "..") => {
            let rel = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_string()
            };
            let rel = percent_encoding::percent_decode_str(&rel)
                .decode_utf8_lossy()
                .into_owned();
            std::fs::read(dir.join(&rel)).ok().map(|bytes| {
                let ct = match rel.rsplit('.').next() {
                    Some("html") => "text/html; charset=utf-8",
                    Some("js") => "text/javascript; charset=utf-8",
                    Some("css") => "text/css; charset=utf-8",
                    Some("json") => "application/json",
                    _ => "application/octet-stream",
                };
                (ct, bytes)
            })
        }
        _ => None,
    };
    let (status, ct, body) = match found {
        Some((ct, bytes)) => ("200 OK", ct, bytes),
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    let _ = stream.write_all(&out);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    // Drain what the browser still sends, so that closing does not reset the connection.
    let _ = stream.read(&mut buf);
}

/// Runs `script` (a function body that returns a value) in the page.
pub async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Waits until `script` returns `true`, or panics with `what` after 20 s.
pub async fn wait_for(c: &Client, script: &str, what: &str) {
    let started = Instant::now();
    loop {
        if js(c, script).await == Value::Bool(true) {
            return;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let state = js(
                c,
                "var l=document.getElementById('search-results')||document.getElementById('inline-results-list');\
                 return [location.href, l && l.dataset.state, l && l.dataset.query, document.getElementById('search-status') && document.getElementById('search-status').textContent];",
            )
            .await;
            panic!("timed out waiting for {what}; page state: {state}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Waits until the results list with id `list` shows the results for `query`.
pub async fn wait_results(c: &Client, list: &str, query: &str) {
    let q = serde_json::to_string(query).expect("json");
    wait_for(
        c,
        &format!(
            "var l=document.getElementById('{list}'); return !!l && l.dataset.state==='done' && l.dataset.query==={q};"
        ),
        &format!("results for {query:?} in #{list}"),
    )
    .await;
}

/// The result links of `list`: `(href, text)`.
pub async fn results(c: &Client, list: &str) -> Vec<(String, String)> {
    let v = js(
        c,
        &format!(
            "return Array.from(document.querySelectorAll('#{list} a.hs-title')).map(a => [a.getAttribute('href'), a.textContent]);"
        ),
    )
    .await;
    serde_json::from_value(v).expect("pairs")
}

/// Types `text` into the input `id` (after clearing it without an input event).
pub async fn type_into(c: &Client, id: &str, text: &str) {
    js(
        c,
        &format!("var i=document.getElementById('{id}'); i.value=''; i.focus(); return true;"),
    )
    .await;
    let el = c
        .find(fantoccini::Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("no #{id}: {e}"));
    el.send_keys(text).await.expect("typing");
}

/// axe-core's source (`HINDSIGHT_AXE`, else `target/axe/axe.min.js`, where `.ci/run`
/// installs it from the npm registry), or `None` (after saying so) outside CI. In CI a
/// missing axe-core is a failure.
pub fn axe_source(test: &str) -> Option<String> {
    let path = std::env::var_os("HINDSIGHT_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/axe.min.js"));
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(e) => {
            let why = format!(
                "axe-core not found at {} ({e}); .ci/run installs it with npm",
                path.display()
            );
            if in_ci() {
                panic!("{test}: {why}");
            }
            eprintln!("{test}: skipped: {why}");
            None
        }
    }
}

/// Runs axe-core (already read by [`axe_source`]) on the page open in `c` and returns its
/// serious and critical violations, one line each: rule, impact, help and the first nodes.
pub async fn axe_violations(c: &Client, axe: &str) -> Vec<String> {
    c.execute(
        "if (!window.axe) { var s = document.createElement('script'); s.textContent = arguments[0]; document.head.appendChild(s); } return !!window.axe;",
        vec![Value::String(axe.to_string())],
    )
    .await
    .expect("axe-core loads");
    let v = c
        .execute_async(
            "var done = arguments[arguments.length - 1];\
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] })\
               .then(function (r) { done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })\
                 .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 4).map(function (n) { return n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160); }).join(' | '); })); },\
                     function (e) { done(['axe failed: ' + e]); });",
            vec![],
        )
        .await
        .expect("axe runs");
    serde_json::from_value(v).expect("strings")
}
