//! The HTTP side: a small HTTP/1.1 server on std and socket2 (decision 0055) that answers
//! site files from memory, the live-reload script, and the event stream. Only paths of the
//! site are served; anything climbing out (`/../../etc/passwd`) is a 404, and a request line
//! that is not UTF-8 (raw bytes or once percent-decoded) is a 400.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::live;
use super::state::Shared;
use crate::url_path::percent_decode;

/// Where pages listen for reloads.
pub const EVENTS: &str = "/__hindsight/events";
/// The live-reload script.
pub const SCRIPT: &str = "/__hindsight/live.js";

/// The listening socket and whether [`Server::unblock`] asked the accepting threads to stop.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    stopped: AtomicBool,
}

impl Server {
    /// Stops accepting: wakes each accepting thread with a connection of its own.
    pub fn unblock(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        for _ in 0..ACCEPTORS_WOKEN {
            let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
        }
    }
}

/// Connections [`Server::unblock`] makes to wake the accepting threads (at least as many as
/// `serve` starts).
const ACCEPTORS_WOKEN: usize = 16;

/// Binds `host:port`, or the next free port above it (up to 100 further). Returns the
/// server and the port it got.
pub fn bind(host: &str, port: u16) -> Result<(Server, u16), String> {
    let mut last = String::new();
    for p in port..=port.saturating_add(100) {
        match listen(host, p) {
            Ok(listener) => {
                let addr = listener
                    .local_addr()
                    .map_err(|e| format!("cannot listen on {host}:{p}: {e}"))?;
                let server = Server {
                    listener,
                    addr,
                    stopped: AtomicBool::new(false),
                };
                return Ok((server, addr.port()));
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
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a connection may send nothing (between requests, or within one) before it is
/// closed, so idle keep-alive connections do not hold their threads forever.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Connections the kernel queues before `serve` accepts them (the default of 128 overflowed
/// under load, and new connections then waited seconds for a SYN retry).
const BACKLOG: i32 = 1024;

/// A listening socket, made with socket2 (decision 0031): a backlog of [`BACKLOG`], and
/// options accepted connections inherit on Linux: `TCP_NODELAY` (a response's head and a
/// large body go out in two writes; with Nagle's algorithm the second waited about 40 ms
/// for the browser's acknowledgement) and a send timeout of [`WRITE_TIMEOUT`] (set again
/// on each accepted connection for the platforms where it is not inherited).
fn listen(host: &str, port: u16) -> std::io::Result<TcpListener> {
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

/// Connections answered at the same time, at most; past this, accepting waits for one to
/// finish (and the kernel queues new connections in the backlog).
const MAX_IN_FLIGHT: usize = 256;

/// Accepts connections on `threads` threads until the server is unblocked; each
/// connection is answered by a thread of its own, one request after the other (HTTP/1.1
/// pipelining), so a client that does not read its answers holds only its own thread,
/// and reads at most one request ahead of the answer it is writing.
pub fn serve(
    server: Arc<Server>,
    shared: Arc<Shared>,
    threads: usize,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..threads.clamp(1, ACCEPTORS_WOKEN))
        .map(|_| {
            let server = Arc::clone(&server);
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                loop {
                    let accepted = server.listener.accept();
                    if server.stopped.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok((stream, _)) = accepted else {
                        // Out of descriptors and the like: do not spin.
                        std::thread::sleep(Duration::from_millis(10));
                        continue;
                    };
                    IN_FLIGHT.acquire();
                    let shared = Arc::clone(&shared);
                    let spawned = std::thread::Builder::new()
                        .name("hindsight-connection".into())
                        .spawn(move || {
                            let _slot = Slot;
                            connection(&shared, stream);
                        });
                    if spawned.is_err() {
                        IN_FLIGHT.release();
                    }
                }
            })
        })
        .collect()
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

/// A connection's place in [`IN_FLIGHT`], given back when its thread ends.
struct Slot;

impl Drop for Slot {
    fn drop(&mut self) {
        IN_FLIGHT.release();
    }
}

/// The most bytes a request's line and headers may take together.
const MAX_HEAD: usize = 64 * 1024;

/// One request: what [`handle`] needs of it, and where its answer goes.
struct Request<'a> {
    method: String,
    target: String,
    /// Whether the connection stays open after the answer.
    keep_alive: bool,
    stream: &'a mut TcpStream,
    /// Set once the answer (or the hand-over to the event stream) is done.
    connection: Connection,
}

/// What became of a connection after a request.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Connection {
    /// Read the next request.
    Next,
    /// Close it (the client asked, or an answer could not be written).
    Close,
    /// The event stream holds it now.
    Handed,
}

/// Why a request could not be read.
enum Unread {
    /// The client closed, went quiet or the socket failed: close without an answer.
    Gone,
    /// The client is too slow sending a request it has started: 408, then close.
    Timeout,
    /// Not a request this server understands: this status, then close.
    Bad(u16, &'static str),
}

/// Answers the requests of one connection, in order, until it closes.
fn connection(shared: &Shared, mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::with_capacity(8 * 1024, read_half);
    loop {
        let (method, target, keep_alive) = match read_request(&mut reader) {
            Ok(r) => r,
            Err(Unread::Gone) => return,
            Err(Unread::Timeout) => {
                let _ = write_response(
                    &mut stream,
                    408,
                    "text/plain; charset=utf-8",
                    b"request timeout\n",
                    &[],
                    false,
                    false,
                );
                return;
            }
            Err(Unread::Bad(status, why)) => {
                let _ = write_response(
                    &mut stream,
                    status,
                    "text/plain; charset=utf-8",
                    why.as_bytes(),
                    &[],
                    false,
                    false,
                );
                return;
            }
        };
        let request = Request {
            method,
            target,
            keep_alive,
            stream: &mut stream,
            connection: Connection::Next,
        };
        if handle(shared, request) != Connection::Next {
            return;
        }
    }
}

/// Reads one line of a request's head (ending in LF, CRLF or not at all), counting its
/// bytes against `budget`.
fn read_line(
    reader: &mut impl BufRead,
    budget: &mut usize,
    started: bool,
) -> Result<Vec<u8>, Unread> {
    let mut line = Vec::new();
    let limit = (*budget as u64).saturating_add(1);
    match reader.by_ref().take(limit).read_until(b'\n', &mut line) {
        Ok(0) => return Err(Unread::Gone),
        Ok(n) => {
            if n > *budget {
                return Err(Unread::Bad(431, "request head too large\n"));
            }
            *budget -= n;
        }
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            return Err(if started || !line.is_empty() {
                Unread::Timeout
            } else {
                Unread::Gone
            });
        }
        Err(_) => return Err(Unread::Gone),
    }
    if line.last() != Some(&b'\n') {
        // The client closed in the middle of a line.
        return Err(Unread::Gone);
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(line)
}

/// Reads one request's line and headers: `(method, target, keep_alive)`. A request with a
/// body is answered and then the connection closed (this server only answers GET and HEAD,
/// and does not read bodies).
fn read_request(reader: &mut impl BufRead) -> Result<(String, String, bool), Unread> {
    let mut budget = MAX_HEAD;
    // Empty lines before a request line are allowed (RFC 9112, section 2.2).
    let mut line = read_line(reader, &mut budget, false)?;
    while line.is_empty() {
        line = read_line(reader, &mut budget, false)?;
    }
    let Ok(line) = String::from_utf8(line) else {
        return Err(Unread::Bad(
            400,
            "bad request: the request line is not UTF-8\n",
        ));
    };
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Unread::Bad(400, "bad request: not an HTTP request line\n"));
    };
    if method.is_empty() || target.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Unread::Bad(400, "bad request: not an HTTP request line\n"));
    }
    let mut keep_alive = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        v if v.starts_with("HTTP/") => {
            return Err(Unread::Bad(505, "HTTP version not supported\n"));
        }
        _ => return Err(Unread::Bad(400, "bad request: not an HTTP request line\n")),
    };
    let mut body = false;
    loop {
        let header = read_line(reader, &mut budget, true)?;
        if header.is_empty() {
            break;
        }
        let Some(colon) = header.iter().position(|&b| b == b':') else {
            return Err(Unread::Bad(400, "bad request: a header without a colon\n"));
        };
        let name = &header[..colon];
        let value = String::from_utf8_lossy(&header[colon + 1..]);
        let value = value.trim();
        if name.eq_ignore_ascii_case(b"connection") {
            for token in value.split(',').map(str::trim) {
                if token.eq_ignore_ascii_case("close") {
                    keep_alive = false;
                } else if token.eq_ignore_ascii_case("keep-alive") {
                    keep_alive = true;
                }
            }
        } else if name.eq_ignore_ascii_case(b"transfer-encoding")
            || (name.eq_ignore_ascii_case(b"content-length") && value != "0")
        {
            body = true;
        }
    }
    if body {
        keep_alive = false;
    }
    Ok((method.to_ascii_uppercase(), target.to_string(), keep_alive))
}

/// The reason phrase of the statuses this server answers with.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Writes one response: its head, and its body unless `head_only` (HEAD).
fn write_response(
    stream: &mut TcpStream,
    status: u16,
    ctype: &str,
    body: &[u8],
    extra: &[(&str, &str)],
    keep_alive: bool,
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        reason(status),
        body.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !keep_alive {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if head_only {
        return stream.write_all(&out);
    }
    // One write for small answers; a large body follows its head (TCP_NODELAY is on).
    if body.len() <= 64 * 1024 {
        out.extend_from_slice(body);
        stream.write_all(&out)
    } else {
        stream.write_all(&out)?;
        stream.write_all(body)
    }
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
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .is_ok()
}

/// Adds the live-reload script to an HTML page, before `</body>` (or at the end).
pub fn inject(html: &[u8], page: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT}\" data-page=\"{}\"></script>\n",
        crate::render::escape::escape(page)
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

fn respond(request: &mut Request, status: u16, ctype: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let head_only = request.method == "HEAD";
    let written = write_response(
        request.stream,
        status,
        ctype,
        &body,
        extra,
        request.keep_alive,
        head_only,
    );
    request.connection = if written.is_ok() && request.keep_alive {
        Connection::Next
    } else {
        Connection::Close
    };
}

fn not_found(request: &mut Request, page: &str) {
    let body = inject(live::NOT_FOUND.as_bytes(), page);
    respond(request, 404, "text/html; charset=utf-8", body, &[]);
}

/// Answers one request; says what becomes of its connection.
fn handle(shared: &Shared, mut request: Request) -> Connection {
    answer(shared, &mut request);
    request.connection
}

fn answer(shared: &Shared, request: &mut Request) {
    if request.method != "GET" && request.method != "HEAD" {
        respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
        return;
    }
    let url = request.target.clone();
    let raw = url.split(['?', '#']).next().unwrap_or("");
    if raw == EVENTS {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n";
        request.connection = Connection::Close;
        if request
            .stream
            .write_all(head.as_bytes())
            .and_then(|_| request.stream.flush())
            .is_ok()
            && let Ok(w) = request.stream.try_clone()
        {
            shared.listen(Box::new(w));
            request.connection = Connection::Handed;
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
