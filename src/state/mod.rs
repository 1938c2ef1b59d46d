//! The state store: ownership map, fingerprints, run history, operation journal, leader lease.
//!
//! One API over SQLite and PostgreSQL ([`StateStore`]); both backends behave the same. The
//! schema comes from numbered migrations embedded in the binary, applied by
//! [`StateStore::connect`] and by `eiam-sync migrate`. Nothing personal is stored in clear:
//! fingerprints are keyed HMACs and journal details are redacted.

mod approvals;
mod backend;
mod creates;
mod doubt;
mod error;
mod fingerprint;
mod group_commit;
mod journal;
mod lease;
mod leavers;
mod ownership;
mod process;
mod prune;
mod redact;
mod remembered;
mod runs;
mod settled;
mod success;
mod time;

use std::fmt;

use tracing::instrument;

use crate::config::StateSettings;
use backend::Db;

pub use approvals::{Approval, GuardedPlan};
pub use doubt::InDoubt;
pub use error::StateError;
pub use fingerprint::{Fingerprinter, LEAVER_DISABLED};
pub use group_commit::{JournalWriter, OwnershipChange};
pub use journal::{JournalEntry, JournalRecord, JournalStatus};
pub use lease::{Lease, LeaseHolder, LeaseState, LeaseStatus};
pub use leavers::Leaver;
pub use prune::{History, PruneBudget, Pruned};
pub use redact::{redact_detail, redact_error};
pub use runs::{RunId, RunMode, RunRecord, RunResult};
pub use success::LAST_IN_STEP_QUERIES;

/// eiam-sync's memory. Cheap to clone (it wraps a connection pool).
///
/// - ownership: [`load_ownership`](Self::load_ownership), [`record_owned`](Self::record_owned),
///   [`set_fingerprint`](Self::set_fingerprint), [`forget`](Self::forget);
/// - runs: [`start_run`](Self::start_run), [`finish_run`](Self::finish_run),
///   [`last_successful_run`](Self::last_successful_run), [`runs`](Self::runs);
/// - journal: [`journal_plan`](Self::journal_plan), [`journal_started`](Self::journal_started),
///   [`journal_finished`](Self::journal_finished), [`journal`](Self::journal);
/// - leader lease: [`acquire_lease`](Self::acquire_lease).
#[derive(Clone)]
pub struct StateStore {
    db: Db,
}

impl fmt::Debug for StateStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateStore")
            .field("backend", &self.db.backend())
            .finish()
    }
}

/// Run the same code against whichever pool the store wraps.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            crate::state::backend::Db::Sqlite($pool) => $body,
            crate::state::backend::Db::Postgres($pool, _) => $body,
        }
    };
}
pub(crate) use on_pool;

impl StateStore {
    /// Open the database of `settings.url` (creating a missing SQLite file, in WAL mode with a
    /// busy timeout) and apply any pending migrations.
    #[instrument(skip_all)]
    pub async fn connect(settings: &StateSettings) -> Result<Self, StateError> {
        let db = open_db(settings).await?;
        let applied = db.migrate().await?;
        for (version, description) in applied {
            tracing::info!(version, description, "state store migration applied");
        }
        Ok(StateStore { db })
    }

    /// Open the store as it is, for reading: no migration is applied, and a store whose schema
    /// is behind this binary's is refused (`eiam-sync migrate`, or any run, brings it up).
    pub async fn open_current(settings: &StateSettings) -> Result<Self, StateError> {
        let db = open_db(settings).await?;
        let pending = db.pending().await?;
        if !pending.is_empty() {
            on_pool!(&db, pool => pool.close().await);
            return Err(StateError::SchemaBehind {
                pending: pending.len(),
            });
        }
        Ok(StateStore { db })
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.db.backend()
    }

    /// Check the database answers.
    pub async fn ping(&self) -> Result<(), StateError> {
        on_pool!(&self.db, pool => {
            sqlx::query("SELECT 1")
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(error::query("pinging the state database"))
        })
    }
}

/// Open the database of `settings`, with the password of its `password_file` when one is named.
async fn open_db(settings: &StateSettings) -> Result<Db, StateError> {
    let password = settings.password().map_err(StateError::Password)?;
    Db::open(&settings.url, password).await
}

/// This process as lease holders and runs name it: `host:pid`.
pub fn holder_name() -> String {
    process::ProcessIdentity::current().holder_name()
}

/// What `config check` learned about the state database.
#[derive(Debug, Clone)]
pub struct StateProbe {
    pub backend: &'static str,
    /// Migrations not yet applied, as (version, description).
    pub pending: Vec<(i64, &'static str)>,
}

impl StateProbe {
    /// No migration was ever applied: a new store, which owns nothing yet.
    pub fn is_new(&self) -> bool {
        self.pending.iter().any(|(version, _)| *version == 1)
    }
}

impl fmt::Display for StateProbe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pending.len() {
            0 => write!(f, "{} ok; schema up to date", self.backend),
            n => write!(
                f,
                "{} ok; {n} migration(s) pending (applied at start or by `eiam-sync migrate`)",
                self.backend
            ),
        }
    }
}

/// Connect without migrating (a SQLite file may be created) and report pending migrations.
pub async fn probe(settings: &StateSettings) -> Result<StateProbe, StateError> {
    let db = open_db(settings).await?;
    let pending = db.pending().await?;
    let backend = db.backend();
    on_pool!(&db, pool => pool.close().await);
    Ok(StateProbe { backend, pending })
}

/// What `migrate` did: the backend, and each migration applied now (none when up to date).
#[derive(Debug, Clone)]
pub struct Migrated {
    pub backend: &'static str,
    pub applied: Vec<(i64, &'static str)>,
}

/// Apply the pending migrations of the state store at `settings.url`.
pub async fn migrate(settings: &StateSettings) -> Result<Migrated, StateError> {
    let db = open_db(settings).await?;
    let applied = db.migrate().await?;
    let backend = db.backend();
    on_pool!(&db, pool => pool.close().await);
    Ok(Migrated { backend, applied })
}
