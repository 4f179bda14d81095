//! `hindsight serve`: the site, built into memory, served on loopback, rebuilt as records
//! change, and reloaded in open pages.
//!
//! Nothing is written to disk: the site lives in [`state::Shared`], so the user's `site/`
//! is never touched and stopping (Ctrl-C) leaves nothing behind. The watcher
//! ([`watch`]) hands debounced batches of changed paths to the rebuild loop, which
//! re-reads, re-parses and re-renders only what they affect ([`rebuild`]) and tells open
//! pages over server-sent events ([`http`], [`live`]).

mod files;
pub mod http;
mod invalidate;
pub mod live;
pub mod rebuild;
mod site_wide;
pub mod state;
pub mod watch;

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

pub use rebuild::{Changes, Message, Rebuilder, Report, Settings};
pub use state::Shared;

use crate::diagnostic::Diagnostic;

/// Quiet time after the last edit before lists and diagnostics are brought up to date.
pub const SETTLE: Duration = Duration::from_millis(300);

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub settings: Settings,
    pub host: String,
    pub port: u16,
    pub open: bool,
    /// Poll for changes at this interval instead of using file-system events.
    pub poll: Option<Duration>,
    /// Quiet time before a burst of changes is rebuilt.
    pub debounce: Duration,
}

/// Why serving could not start.
#[derive(Debug)]
pub enum Error {
    /// The project could not be located (bad source or configuration).
    Project(Box<Diagnostic>),
    /// The port or the watcher could not be set up.
    Setup(String),
}

/// Sink for what the session says: the address, each rebuild.
pub trait Say {
    fn listening(&self, url: &str, asked: u16, got: u16);
    fn report(&self, report: &Report, first: bool);
    fn watching(&self, paths: &[(std::path::PathBuf, bool)], poll: bool);
}

/// Builds, serves and watches until the process is stopped.
pub fn run(options: &Options, say: &dyn Say) -> Result<(), Error> {
    let shared = Arc::new(Shared::new(std::path::PathBuf::new()));
    let mut rebuilder =
        Rebuilder::new(options.settings.clone(), Arc::clone(&shared)).map_err(Error::Project)?;
    let (server, port) = http::bind(&options.host, options.port).map_err(Error::Setup)?;
    let server = Arc::new(server);
    let _threads = http::serve(Arc::clone(&server), Arc::clone(&shared), 4);

    let (tx, rx) = mpsc::channel::<Message>();
    rebuilder.render_site_wide_in_background(tx.clone());
    let paths = rebuilder.watch_list();
    let mut watcher = watch::start(
        &paths,
        &[rebuilder.config_abs.clone()],
        options.debounce,
        options.poll,
        tx.clone(),
    )
    .map_err(Error::Setup)?;
    say.watching(&paths, options.poll.is_some());

    let report = rebuilder.full();
    say.report(&report, true);
    return_freed_memory();
    let mut collect = false;
    let host = if options.host.contains(':') {
        format!("[{}]", options.host)
    } else {
        options.host.clone()
    };
    let url = format!("http://{host}:{port}/");
    say.listening(&url, options.port, port);
    if options.open {
        open_browser(&url);
    }

    loop {
        let wait = if rebuilder.site_wide_pending || rebuilder.resolve_pending {
            SETTLE
        } else if collect {
            IDLE
        } else {
            Duration::from_secs(3600)
        };
        let mut all = match rx.recv_timeout(wait) {
            Ok(Message::Changes(c)) => c,
            Ok(Message::SiteWide(r)) => {
                rebuilder.site_wide_done();
                say.report(&r, false);
                collect = true;
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if rebuilder.site_wide_pending || rebuilder.resolve_pending {
                    if let Some(r) = rebuilder.settle() {
                        say.report(&r, false);
                    }
                    collect = true;
                } else if collect {
                    return_freed_memory();
                    collect = false;
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        while let Ok(more) = rx.try_recv() {
            match more {
                Message::Changes(more) => {
                    all.paths.extend(more.paths);
                    all.rescan |= more.rescan;
                }
                Message::SiteWide(r) => {
                    rebuilder.site_wide_done();
                    say.report(&r, false);
                }
            }
        }
        let before = rebuilder.watch_list();
        let report = rebuilder.rebuild(&all);
        say.report(&report, false);
        let after = rebuilder.watch_list();
        if before != after {
            // The configuration moved the source or the templates: watch the new places.
            drop(watcher);
            watcher = watch::start(
                &after,
                &[rebuilder.config_abs.clone()],
                options.debounce,
                options.poll,
                tx.clone(),
            )
            .map_err(Error::Setup)?;
            say.watching(&after, options.poll.is_some());
        }
    }
    shared.close();
    server.unblock();
    Ok(())
}

/// Gives memory freed by a whole render back to the system. A session lives for hours, and
/// mimalloc keeps what a full render or a settle pass freed for reuse: at 10,000 records
/// that is 150-200 MB resident that no edit needs (decision 0076).
/// Called on the rebuild thread (whose heap holds what the settle pass freed) once edits
/// have paused for [`IDLE`] after a whole render, so that it never holds up an edit.
pub(super) fn return_freed_memory() {
    let started = std::time::Instant::now();
    // SAFETY: `mi_collect` takes no pointers and may be called from any thread at any
    // time; when mimalloc is not the global allocator (the library's own tests) it only
    // tidies mimalloc's empty heaps.
    unsafe { libmimalloc_sys::mi_collect(true) };
    crate::timing::report("serve: freed memory returned", started);
}

/// Quiet time after a whole render before freed memory is given back.
const IDLE: Duration = Duration::from_secs(1);

/// Opens `url` in the default browser, if one can be found. Hand-written, not the `opener`
/// crate: on Linux that brings `url` and its Unicode tables, 40 crates for one command
/// (decision 0047).
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let _ = std::process::Command::new(command.0)
        .args(&command.1)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
