//! The configuration layer's error.

use std::path::PathBuf;

/// Errors of loading and checking the configuration. Messages never contain secret values.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {} does not exist", .path.display())]
    NotFound { path: PathBuf },
    #[error("cannot read configuration file {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "configuration file {} is not valid TOML (line {line}, column {column}): {message}",
        .path.display()
    )]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// One or more problems, each naming its key.
    #[error("invalid configuration:{}", problem_list(.0))]
    Invalid(Vec<String>),
    #[error("cannot read `{key}` file {}", .path.display())]
    SecretFile {
        key: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A secret is missing, empty or given more than once.
    #[error("{0}")]
    Secret(String),
}

impl ConfigError {
    /// The individual problems, one line each (for `config check`).
    pub fn problems(&self) -> Vec<String> {
        match self {
            ConfigError::Invalid(problems) => problems.clone(),
            other => vec![crate::errors::chain(other)],
        }
    }
}

fn problem_list(problems: &[String]) -> String {
    problems.iter().map(|p| format!("\n  - {p}")).collect()
}
