//! The floor under any command that reads every record: listing and reading every file of
//! a folder on all cores, with nothing parsed (issue 16 item 7, decisions/0084). `due`
//! cannot take less than this plus resolving; run on purpose:
//!
//! ```text
//! cargo bench --bench read_floor -- FOLDER [RUNS]
//! ```
//!
//! Prints each run's wall time and CPU time (user and system, every thread), then the
//! medians, with the load average.

use std::path::{Path, PathBuf};
use std::time::Instant;

/// User and system time of this process so far, every thread, in seconds.
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    // SAFETY: `getrusage` writes into the struct it is handed and reads nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    f64::NAN
}

/// Every plain file below `dir`, links not followed, in name order.
fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Reads `paths` on `threads` threads, each a run of them in order; the bytes and lines read.
fn read_all(paths: &[PathBuf], threads: usize) -> (usize, usize) {
    let chunk = paths.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let readers: Vec<_> = paths
            .chunks(chunk)
            .map(|run| {
                s.spawn(move || {
                    let (mut bytes, mut lines) = (0, 0);
                    for p in run {
                        if let Ok(b) = std::fs::read(p) {
                            bytes += b.len();
                            lines += memchr::memchr_iter(b'\n', &b).count();
                        }
                    }
                    (bytes, lines)
                })
            })
            .collect();
        readers
            .into_iter()
            .filter_map(|r| r.join().ok())
            .fold((0, 0), |(b, l), (rb, rl)| (b + rb, l + rl))
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` adds `--bench`; the folder and the runs are the other arguments.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench read_floor -- FOLDER [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(9).max(1);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average before: {}", load().trim());
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    let mut read = (0, 0, 0);
    for run in 1..=runs {
        let (c0, t0) = (cpu_seconds(), Instant::now());
        let paths = files(Path::new(dir));
        let (bytes, lines) = read_all(&paths, threads);
        let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
        println!("run {run}: {wall:.3} s wall, {cpu:.3} s CPU");
        walls.push(wall);
        cpus.push(cpu);
        read = (paths.len(), bytes, lines);
    }
    println!(
        "{} files, {} bytes, {} lines, {threads} threads: median {:.3} s wall, {:.3} s CPU over {runs} runs",
        read.0,
        read.1,
        read.2,
        median(walls),
        median(cpus)
    );
    println!("load average after: {}", load().trim());
}
