//! Stage timings, printed to standard error when `HINDSIGHT_TIMINGS` is set, for
//! benchmarks (`benches/build.sh`). Off, they cost one cached environment lookup.

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
        eprintln!(
            "timing: {stage:<28} {:>7.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}
