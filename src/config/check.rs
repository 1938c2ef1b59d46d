//! `eiam-sync config check`: validate, reach both databases, print the redacted effective
//! configuration on stdout and every problem on stderr.

use std::path::Path;

use super::{error_chain, load};

/// `eiam-sync config check`: exit 0 when the configuration is valid and both databases are
/// usable, else 1. Secrets never appear in the output.
pub async fn check_command(path: &Path) -> i32 {
    let settings = match load::process_env().and_then(|env| load::parse(path, env)) {
        Ok(settings) => settings,
        Err(e) => {
            for problem in e.problems() {
                eprintln!("error: {problem}");
            }
            return 1;
        }
    };
    let mut problems = settings.validate().err().unwrap_or_default();
    let bad = |prefix: &str| problems.iter().any(|p| p.starts_with(prefix));

    let source_url_ok = !bad("`source.");
    let state_url_ok = !bad("`state.url`");
    if source_url_ok {
        match crate::source::probe(&settings.source).await {
            Ok(report) => eprintln!("source database: {report}"),
            Err(e) => problems.push(format!("source database: {}", error_chain(&e))),
        }
    }
    if state_url_ok {
        match crate::state::probe(&settings.state).await {
            Ok(report) => eprintln!("state database: {report}"),
            Err(e) => problems.push(format!("state database: {}", error_chain(&e))),
        }
    }

    print!("{}", settings.to_redacted_toml());
    if problems.is_empty() {
        eprintln!("configuration ok");
        return 0;
    }
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    1
}
