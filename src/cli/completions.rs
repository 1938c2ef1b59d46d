//! `eiam-sync completions SHELL` (a completion script on stdout) and the hidden
//! `eiam-sync manpages DIR` the packages are built with: both generated from the clap
//! definitions, so they always match the binary.

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::{errln, out};

use super::{Cli, exit};

/// Print the completion script for `shell`.
pub fn completions(shell: Shell) -> i32 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "eiam-sync", &mut script);
    out!("{}", String::from_utf8_lossy(&script));
    exit::OK
}

/// Write `eiam-sync.1` and one page per subcommand (`eiam-sync-reconcile.1`, ...) into `dir`.
pub fn manpages(dir: &Path) -> i32 {
    let written =
        std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(Cli::command(), dir));
    match written {
        Ok(()) => exit::OK,
        Err(e) => {
            errln!(
                "error: cannot write the man pages to {}: {e}",
                dir.display()
            );
            exit::FATAL
        }
    }
}
