//! Reliability suites: crashes (kill -9), faults, hostile snapshots and property tests. A fast
//! subset runs with every `cargo test`; `EIAM_SYNC_SUITES=full` runs them in full. Each suite
//! prints one summary line of what it did (see docs/reliability.md).

mod adopted;
mod crash;
mod crash_checks;
mod directory;
mod faults;
mod handmade;
mod hostile;
mod hostile_cases;
mod hostile_pg;
mod incremental;
mod props;

use std::sync::atomic::{AtomicU64, Ordering};

/// Whether the full suites were asked for (`EIAM_SYNC_SUITES=full`).
pub fn full() -> bool {
    std::env::var("EIAM_SYNC_SUITES").is_ok_and(|v| v.eq_ignore_ascii_case("full"))
}

/// `fast` in an ordinary test run, `full` when the full suites were asked for.
pub fn pick<T>(fast: T, full_value: T) -> T {
    if full() { full_value } else { fast }
}

/// What one suite did, printed as one line when it ends (and appended to
/// `target/suite-figures.txt`, where the figures of docs/reliability.md come from).
#[derive(Default)]
pub struct Tally {
    pub trials: AtomicU64,
    pub faults: AtomicU64,
    pub crashes: AtomicU64,
    pub inputs: AtomicU64,
    pub damaged: AtomicU64,
    pub lost: AtomicU64,
}

impl Tally {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    /// The summary line; `lost` must be zero for the suite to pass, which the caller asserts.
    pub fn line(&self, suite: &str) -> String {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let s = format!(
            "suite {suite} ({}): trials={} faults_injected={} crashes_survived={} inputs_tried={} answers_damaged={} data_lost={}",
            if full() { "full" } else { "fast" },
            g(&self.trials),
            g(&self.faults),
            g(&self.crashes),
            g(&self.inputs),
            g(&self.damaged),
            g(&self.lost),
        );
        s
    }

    /// Prints the summary line and records it; panics if anything was lost.
    pub fn finish(&self, suite: &str) {
        let line = self.line(suite);
        println!("{line}");
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .map(|t| t.join("suite-figures.txt"));
        if let Some(path) = path {
            use std::io::Write as _;
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
            {
                let _ = writeln!(f, "{line}");
            }
        }
        assert_eq!(self.lost.load(Ordering::Relaxed), 0, "{line}");
    }
}
