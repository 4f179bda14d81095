//! The `hindsight` command line: a thin layer of commands over the library.

mod commands;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: 9% less CPU and 7% less wall time than the system allocator for a
/// 10,000-record build, for 5% more peak memory (ADR-0021).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process (ADR-0080). mimalloc asks the kernel for
/// them, and each first touch of a 2 MB page is zeroed whole, also after mimalloc has
/// purged it: `due` on 50,000 records spent a fifth of its CPU zeroing pages, and a
/// 50,000-record build peaked 36 MB higher with them.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `prctl(PR_SET_THP_DISABLE)` takes integers only and sets a flag on this
    // process's memory; if the kernel refuses, nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let cli = commands::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
