//! The HTTP side: site files from memory, the live-reload script, and the event stream.
//! Only paths of the site are served; anything climbing out (`/../../etc/passwd`) is a 404.

use std::io::Write;
use std::sync::Arc;

use tiny_http::{Header, Request, Response, Server, StatusCode};

use super::live;
use super::state::Shared;
use crate::resolve::percent_decode;

/// Where pages listen for reloads.
pub const EVENTS: &str = "/__hindsight/events";
/// The live-reload script.
pub const SCRIPT: &str = "/__hindsight/live.js";

/// Binds `host:port`, or the next free port above it (up to 100 further). Returns the
/// server and the port it got.
pub fn bind(host: &str, port: u16) -> Result<(Server, u16), String> {
    let mut last = String::new();
    for p in port..=port.saturating_add(100) {
        match listen(host, p) {
            Ok(listener) => {
                let port = listener.local_addr().map_or(p, |a| a.port());
                let server = Server::from_listener(listener, None)
                    .map_err(|e| format!("cannot listen on {host}:{p}: {e}"))?;
                return Ok((server, port));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = e.to_string(),
            Err(e) => return Err(format!("cannot listen on {host}:{p}: {e}")),
        }
    }
    Err(format!(
        "no free port from {port} to {}: {last}",
        port.saturating_add(100)
    ))
}

/// How long writing a response may block before the connection is given up: a client
/// that stops reading (a small receive window and pipelined requests) frees its thread
/// after this long.
pub const WRITE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Connections the kernel queues before `serve` accepts them (the default of 128 overflowed
/// under load, and new connections then waited seconds for a SYN retry).
const BACKLOG: i32 = 1024;

/// A listening socket, made with socket2 (decision 0031): a backlog of [`BACKLOG`], and
/// options accepted connections inherit on Linux: `TCP_NODELAY` (tiny_http writes a
/// response's headers and a body of more than 1 KB in two writes; with Nagle's algorithm
/// the second waited about 40 ms for the browser's acknowledgement) and a send timeout of
/// [`WRITE_TIMEOUT`].
fn listen(host: &str, port: u16) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&(host, port))?
        .next()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no address"))?;
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    // Without them, pages still arrive: a failure is not worth reporting.
    let _ = socket.set_tcp_nodelay(true);
    let _ = socket.set_write_timeout(Some(WRITE_TIMEOUT));
    socket.listen(BACKLOG)?;
    Ok(socket.into())
}

/// Connections answered at the same time, at most; past this, taking a request of another
/// connection waits for one to finish.
const MAX_IN_FLIGHT: usize = 256;

/// Serves requests until the server is unblocked.
pub fn serve(
    server: Arc<Server>,
    shared: Arc<Shared>,
    threads: usize,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..threads)
        .map(|_| {
            let server = Arc::clone(&server);
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    dispatch(&shared, request);
                }
            })
        })
        .collect()
}

/// Requests waiting behind the one being answered, per connection (by peer address).
static WAITING: std::sync::LazyLock<
    std::sync::Mutex<
        std::collections::HashMap<std::net::SocketAddr, std::collections::VecDeque<Request>>,
    >,
> = std::sync::LazyLock::new(Default::default);

/// Hands a request to the thread of its connection: each connection is answered by one
/// thread of its own, in order (as HTTP/1.1 pipelining requires), so a client that does
/// not read its answers (writes block until [`WRITE_TIMEOUT`]) holds only its own thread,
/// never the threads taking requests or the other clients' answers.
fn dispatch(shared: &Arc<Shared>, request: Request) {
    let Some(addr) = request.remote_addr().copied() else {
        handle(shared, request);
        return;
    };
    {
        let mut waiting = WAITING.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(queue) = waiting.get_mut(&addr) {
            queue.push_back(request);
            return;
        }
        waiting.insert(addr, std::collections::VecDeque::new());
    }
    IN_FLIGHT.acquire();
    let shared = Arc::clone(shared);
    let spawned = std::thread::Builder::new()
        .name("hindsight-connection".into())
        .spawn(move || {
            let _slot = Slot;
            let mut next = Some(request);
            while let Some(request) = next {
                handle(&shared, request);
                let mut waiting = WAITING.lock().unwrap_or_else(|e| e.into_inner());
                next = waiting.get_mut(&addr).and_then(|q| q.pop_front());
                if next.is_none() {
                    waiting.remove(&addr);
                }
            }
        });
    if spawned.is_err() {
        IN_FLIGHT.release();
        WAITING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&addr);
    }
}

/// Counts connections being answered, up to [`MAX_IN_FLIGHT`].
struct InFlight {
    count: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

static IN_FLIGHT: InFlight = InFlight {
    count: std::sync::Mutex::new(0),
    freed: std::sync::Condvar::new(),
};

impl InFlight {
    fn acquire(&self) {
        let mut n = self.count.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= MAX_IN_FLIGHT {
            n = self.freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
    }

    fn release(&self) {
        let mut n = self.count.lock().unwrap_or_else(|e| e.into_inner());
        *n = n.saturating_sub(1);
        self.freed.notify_one();
    }
}

/// A request's place in [`IN_FLIGHT`], given back when its thread ends.
struct Slot;

impl Drop for Slot {
    fn drop(&mut self) {
        IN_FLIGHT.release();
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// The content type for a site path.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "xml" | "atom" | "rss" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// What a request path names below the site root: `None` for anything that is not a plain
/// path inside it. `/` and `/tags/` name their `index.html`.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path);
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s => parts.push(s),
        }
    }
    let mut rel = parts.join("/");
    if decoded.ends_with('/') || rel.is_empty() {
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str("index.html");
    }
    Some(rel)
}

/// Whether the percent-decoded bytes of a request path are UTF-8 (`/%FF` is not).
fn decodes_to_utf8(path: &str) -> bool {
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    std::str::from_utf8(&out).is_ok()
}

/// Adds the live-reload script to an HTML page, before `</body>` (or at the end).
pub fn inject(html: &[u8], page: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT}\" data-page=\"{}\"></script>\n",
        live::escape_attr(page)
    );
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .take(4096)
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

fn respond(request: Request, status: u16, ctype: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let mut response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    for (k, v) in extra {
        response = response.with_header(header(k, v));
    }
    let _ = request.respond(response);
}

fn not_found(request: Request, page: &str) {
    let body = inject(live::NOT_FOUND.as_bytes(), page);
    respond(request, 404, "text/html; charset=utf-8", body, &[]);
}

/// Answers one request.
pub fn handle(shared: &Shared, request: Request) {
    let method = request.method().as_str().to_ascii_uppercase();
    if method != "GET" && method != "HEAD" {
        respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
        return;
    }
    let url = request.url().to_string();
    let raw = url.split(['?', '#']).next().unwrap_or("");
    if raw == EVENTS {
        let mut w = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n";
        if w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_ok() {
            shared.listen(w);
        }
        return;
    }
    if !decodes_to_utf8(raw) {
        respond(
            request,
            400,
            "text/plain; charset=utf-8",
            b"bad request: the path is not UTF-8 once percent-decoded\n".to_vec(),
            &[],
        );
        return;
    }
    if raw == SCRIPT {
        respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            live::SCRIPT.as_bytes().to_vec(),
            &[],
        );
        return;
    }
    let Some(path) = site_path(&url) else {
        not_found(request, "");
        return;
    };
    if let Some(bytes) = shared.file(&path) {
        let ctype = content_type(&path);
        let body = if ctype.starts_with("text/html") {
            inject(&bytes, &path)
        } else {
            bytes
        };
        respond(request, 200, ctype, body, &[]);
        return;
    }
    if let Some(file) = shared.copy(&path) {
        match std::fs::read(&file) {
            Ok(bytes) => respond(request, 200, content_type(&path), bytes, &[]),
            Err(_) => not_found(request, &path),
        }
        return;
    }
    if shared.is_empty() {
        // No good build yet: a page that shows the problem and reloads once it is fixed.
        let body = inject(live::WAITING.as_bytes(), &path);
        respond(request, 503, "text/html; charset=utf-8", body, &[]);
        return;
    }
    let folder = format!("{path}/index.html");
    if !path.ends_with("index.html") && shared.contains(&folder) {
        let location = format!("/{path}/");
        respond(
            request,
            301,
            "text/plain; charset=utf-8",
            Vec::new(),
            &[("Location", &location)],
        );
        return;
    }
    not_found(request, &path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn connections_send_without_waiting_for_acknowledgements() {
        let listener = listen("127.0.0.1", 0).unwrap();
        let addr = listener.local_addr().unwrap();
        let _client = std::net::TcpStream::connect(addr).unwrap();
        let (accepted, _) = listener.accept().unwrap();
        assert!(accepted.nodelay().unwrap(), "Nagle's algorithm is still on");
    }

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/tags/").as_deref(), Some("tags/index.html"));
        assert_eq!(
            site_path("/decisions/0001-a%20b.html?x=1").as_deref(),
            Some("decisions/0001-a b.html")
        );
        assert_eq!(site_path("/../../etc/passwd"), None);
        assert_eq!(site_path("/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(site_path("/a/..%2f..%2fetc/passwd"), None);
        assert_eq!(site_path("/a%5c..%5cb"), None);
        assert_eq!(site_path("/a%00b"), None);
        assert_eq!(site_path("http://x/etc/passwd"), None);
    }

    #[test]
    fn script_goes_before_the_body_end() {
        let out = inject(b"<html><body><p>x</p></body></html>", "a&b\".html");
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(
            "<p>x</p><script src=\"/__hindsight/live.js\" data-page=\"a&amp;b&quot;.html\"></script>\n</body>"
        ));
        let out = inject(b"no body", "x.html");
        assert!(
            String::from_utf8(out)
                .unwrap()
                .starts_with("no body<script")
        );
    }
}
