//! `eiam-sync demo`: the self-contained tour on an in-process emulator.

/// Run the demo.
pub async fn run() -> i32 {
    eprintln!("error: the demo is not available yet");
    1
}
