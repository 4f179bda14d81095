//! Stage timings, printed to standard error when `HINDSIGHT_TIMINGS` is set, for
//! benchmarks (`benches/build.sh`, `benches/serve.py`): the one home of the timings of
//! `build` and of `serve`'s rebuilds. Off, they cost one cached environment lookup.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether `HINDSIGHT_TIMINGS` is set.
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("HINDSIGHT_TIMINGS").is_some())
}

/// Prints how long `stage` has taken since `since`, when timings are on.
pub fn report(stage: &str, since: Instant) {
    if enabled() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        eprintln!(
            "timing: {stage:<28} {:>7.1} ms {:>6} MB resident, {:>6} MB peak",
            since.elapsed().as_secs_f64() * 1000.0,
            megabytes(&status, "VmRSS:"),
            megabytes(&status, "VmHWM:")
        );
    }
}

/// A memory figure from the text of `/proc/self/status`, in MB (0 where there is none).
fn megabytes(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Laps of successive stages (of a build, of one `serve` rebuild), each printed with
/// [`report`] when timings are on.
pub struct Laps {
    last: Option<Instant>,
}

impl Laps {
    /// Starts timing now (does nothing when timings are off).
    pub fn start() -> Laps {
        Laps {
            last: enabled().then(Instant::now),
        }
    }

    /// Reports the time since the previous lap as `stage`.
    pub fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last {
            report(stage, last);
            self.last = Some(Instant::now());
        }
    }
}
