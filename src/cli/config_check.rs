//! `eiam-sync config check`: validate, reach both databases, print the redacted effective
//! configuration on stdout and every problem on stderr.

use std::path::Path;

use crate::errors::chain;
use crate::{config, errln, out, source, state};

use super::exit;

/// Exit 0 when the configuration is valid and both databases are usable, else 1. Secrets never
/// appear in the output.
pub async fn run(path: &Path) -> i32 {
    let settings = match config::load_unvalidated(path) {
        Ok(settings) => settings,
        Err(e) => {
            for problem in e.problems() {
                errln!("error: {problem}");
            }
            return exit::FATAL;
        }
    };
    let mut problems = settings.validate().err().unwrap_or_default();
    let bad = |prefix: &str| problems.iter().any(|p| p.starts_with(prefix));

    let source_url_ok = !bad("`source.");
    let state_url_ok = !bad("`state.url`");
    if source_url_ok {
        match source::probe(&settings.source).await {
            Ok(report) => errln!("source database: {report}"),
            Err(e) => problems.push(format!("source database: {}", chain(&e))),
        };
    }
    if state_url_ok {
        match state::probe(&settings.state).await {
            Ok(report) => errln!("state database: {report}"),
            Err(e) => problems.push(format!("state database: {}", chain(&e))),
        };
    }

    out!("{}", settings.to_redacted_toml());
    if problems.is_empty() {
        errln!("configuration ok");
        return exit::OK;
    }
    for problem in &problems {
        errln!("error: {problem}");
    }
    exit::FATAL
}
