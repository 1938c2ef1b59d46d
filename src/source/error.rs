//! What can go wrong reading the snapshot.

use std::path::PathBuf;

/// Errors of reading the snapshot. Bad values in rows are not errors: they reject their record.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("source url `{url}` must start with sqlite:, postgres: or postgresql:")]
    UnsupportedUrl { url: String },
    #[error("source url `{url}` is invalid")]
    InvalidUrl {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("snapshot database file {} does not exist", .path.display())]
    MissingFile { path: PathBuf },
    #[error("cannot read the snapshot database's password")]
    Password(#[source] crate::config::ConfigError),
    #[error("cannot connect to the snapshot database `{url}`")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("the snapshot database `{url}` did not answer within {seconds} s")]
    ConnectTimeout { url: String, seconds: u64 },
    #[error("cannot start a read-only transaction on the snapshot database")]
    Begin {
        #[source]
        source: sqlx::Error,
    },
    #[error("{what} is missing or cannot be queried")]
    Prepare {
        what: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("{what} lacks the column(s) {}", .columns.join(", "))]
    MissingColumns { what: String, columns: Vec<String> },
    #[error("{what} returns the column `{column}` more than once")]
    AmbiguousColumn { what: String, column: String },
    #[error("reading {what} failed")]
    Read {
        what: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot end the snapshot transaction")]
    Close {
        #[source]
        source: sqlx::Error,
    },
}
