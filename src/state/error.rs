//! Errors of the state store.

use crate::model::Kind;

/// Everything that can go wrong in the state store. Messages name the operation and never
/// contain database passwords.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("state url `{url}` must start with sqlite:, postgres: or postgresql:")]
    UnsupportedUrl { url: String },
    #[error("state url `{url}` is invalid")]
    InvalidUrl {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot read the state database's password")]
    Password(#[source] crate::config::ConfigError),
    #[error("cannot connect to the state database `{url}`")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("the state database `{url}` did not answer within {seconds} s")]
    ConnectTimeout { url: String, seconds: u64 },
    #[error("the lease connection to the state database did not open within {seconds} s")]
    LeaseConnectTimeout { seconds: u64 },
    #[error("migrating the state database failed")]
    Migrate {
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    #[error("{what} failed")]
    Query {
        what: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("the state store tracks organizational units, users and groups, not {kind}s")]
    UnsupportedKind { kind: Kind },
    #[error("{kind} `{external_id}` is not in the ownership map")]
    NotOwned { kind: Kind, external_id: String },
    #[error("run {run} does not exist or is already finished")]
    RunNotOpen { run: i64 },
    #[error("journal entry {seq} of run {run} cannot become `{to}` (it is {from})")]
    JournalTransition {
        run: i64,
        seq: u32,
        from: String,
        to: &'static str,
    },
    #[error("the journal writer stopped before the write was committed")]
    WriterGone,
    #[error("a batch of journal writes failed")]
    Batch(#[source] std::sync::Arc<StateError>),
    #[error(
        "the state database lacks {pending} migration(s) of this version (a new or never used store, or one not yet upgraded): run `eiam-sync migrate`"
    )]
    SchemaBehind { pending: usize },
    #[error("the state database holds an unexpected {column} value `{value}`")]
    Corrupt { column: &'static str, value: String },
}

/// `map_err` helper: a failed query, named.
pub(crate) fn query(what: &'static str) -> impl FnOnce(sqlx::Error) -> StateError {
    move |source| StateError::Query { what, source }
}
