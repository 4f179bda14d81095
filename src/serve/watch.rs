//! Watching the source, the configuration and the templates with notify, debounced.
//!
//! notify-debouncer-full merges the bursts editors make (write a temporary file, rename it
//! over the record, touch metadata) into one batch, and pairs renames. Each batch becomes
//! one [`Changes`]; an error or an overflow asks for a rescan. `--poll` uses notify's
//! polling watcher for file systems without change events (network shares, some
//! containers).

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};

use super::rebuild::{Changes, Message};

/// A running watcher; dropping it stops watching.
pub enum Watcher {
    Native(
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    ),
    Poll(notify_debouncer_full::Debouncer<notify::PollWatcher, notify_debouncer_full::FileIdMap>),
}

/// Is `path` one the rebuild cares about: below a recursively watched folder, or a file
/// named in `files` (the configuration, in a folder watched on its own)?
fn relevant(path: &Path, roots: &[PathBuf], files: &[PathBuf]) -> bool {
    roots.iter().any(|r| path.starts_with(r)) || files.iter().any(|f| f == path)
}

fn handler(
    tx: Sender<Message>,
    roots: Vec<PathBuf>,
    files: Vec<PathBuf>,
) -> impl FnMut(DebounceEventResult) + Send + 'static {
    move |result: DebounceEventResult| {
        let changes = match result {
            Ok(events) => {
                let mut c = Changes::default();
                for e in events {
                    if e.need_rescan() {
                        c.rescan = true;
                    }
                    if matches!(e.kind, EventKind::Access(_)) {
                        continue;
                    }
                    c.paths.extend(
                        e.paths
                            .iter()
                            .filter(|p| relevant(p, &roots, &files))
                            .cloned(),
                    );
                }
                c.paths.sort();
                c.paths.dedup();
                if c.paths.is_empty() && !c.rescan {
                    return;
                }
                c
            }
            Err(_) => Changes {
                paths: Vec::new(),
                rescan: true,
            },
        };
        let _ = tx.send(Message::Changes(changes));
    }
}

/// Starts watching `paths` (`(path, recursive)`), sending each debounced batch of changes
/// below the recursive ones, or to one of `files`, to `tx`.
pub fn start(
    paths: &[(PathBuf, bool)],
    files: &[PathBuf],
    debounce: Duration,
    poll: Option<Duration>,
    tx: Sender<Message>,
) -> Result<Watcher, String> {
    let mode = |recursive: bool| {
        if recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        }
    };
    let tick = Some((debounce / 4).max(Duration::from_millis(2)));
    let roots: Vec<PathBuf> = paths
        .iter()
        .filter(|(_, r)| *r)
        .map(|(p, _)| p.clone())
        .collect();
    let handler = || handler(tx.clone(), roots.clone(), files.to_vec());
    match poll {
        None => {
            let mut d = new_debouncer(debounce, tick, handler()).map_err(|e| e.to_string())?;
            for (p, r) in paths {
                d.watch(p, mode(*r))
                    .map_err(|e| format!("cannot watch {}: {e}", p.display()))?;
            }
            Ok(Watcher::Native(d))
        }
        Some(interval) => {
            let config = notify::Config::default()
                .with_poll_interval(interval)
                .with_compare_contents(true);
            let mut d = new_debouncer_opt::<_, notify::PollWatcher, _>(
                debounce,
                tick,
                handler(),
                notify_debouncer_full::FileIdMap::new(),
                config,
            )
            .map_err(|e| e.to_string())?;
            for (p, r) in paths {
                d.watch(p, mode(*r))
                    .map_err(|e| format!("cannot watch {}: {e}", p.display()))?;
            }
            Ok(Watcher::Poll(d))
        }
    }
}
