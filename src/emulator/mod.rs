//! A local, in-memory EIAM developer-API emulator with an admin API and fault injection.

use crate::cli::EmulatorArgs;

/// `eiam-sync emulator`: serve until interrupted.
pub async fn serve_cli(_args: EmulatorArgs) -> i32 {
    eprintln!("error: the emulator is not available yet");
    1
}
