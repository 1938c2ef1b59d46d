//! The operation journal: every planned operation of a run, written before anything is sent,
//! then `started` before its request and its outcome after it — so a crash at any point
//! leaves a truthful record.

use std::fmt;
use std::str::FromStr;

use sqlx::{QueryBuilder, Row};
use tracing::instrument;

use super::error::{StateError, query};
use super::redact::{redact_detail, redact_error};
use super::time::now_ms;
use super::{RunId, StateStore, on_pool};
use crate::model::{EiamId, Kind};

/// Rows per INSERT statement when writing a plan (well under both backends' parameter limits).
const PLAN_BATCH: usize = 500;
/// Stored error texts are cut to this many characters.
const ERROR_MAX: usize = 2000;

/// One planned operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// Position in the plan, unique within the run.
    pub seq: u32,
    /// The EIAM action, e.g. `CreateUser`.
    pub action: String,
    pub kind: Kind,
    pub external_id: String,
    pub eiam_id: Option<String>,
    /// JSON of the changes. Stored through [`redact_detail`](super::redact_detail).
    pub detail: String,
}

/// Where an operation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JournalStatus {
    Planned,
    /// Its request is about to be (or was) sent; the outcome is not known yet.
    Started,
    Applied,
    Failed,
    Skipped,
}

impl JournalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JournalStatus::Planned => "planned",
            JournalStatus::Started => "started",
            JournalStatus::Applied => "applied",
            JournalStatus::Failed => "failed",
            JournalStatus::Skipped => "skipped",
        }
    }

    /// The states an entry may come from to reach this outcome: a request's outcome follows
    /// its start; a skipped operation may never have started.
    fn allowed_before(self) -> &'static [&'static str] {
        match self {
            JournalStatus::Applied | JournalStatus::Failed => &["started"],
            JournalStatus::Skipped => &["planned", "started"],
            JournalStatus::Started => &["planned"],
            JournalStatus::Planned => &[],
        }
    }
}

impl fmt::Display for JournalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for JournalStatus {
    type Err = StateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            JournalStatus::Planned,
            JournalStatus::Started,
            JournalStatus::Applied,
            JournalStatus::Failed,
            JournalStatus::Skipped,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
        .ok_or_else(|| StateError::Corrupt {
            column: "status",
            value: s.to_owned(),
        })
    }
}

/// One journal row as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRecord {
    pub seq: u32,
    pub action: String,
    pub kind: Kind,
    pub external_id: String,
    pub eiam_id: Option<String>,
    /// The redacted detail.
    pub detail: String,
    pub status: JournalStatus,
    pub error: Option<String>,
}

/// The UPDATE that moves one entry to `to` from a state it may come from; binds `to`, the
/// time, the EIAM id, the error, the run and the seq.
pub(super) fn transition_sql(to: JournalStatus) -> String {
    let time_column = if to == JournalStatus::Started {
        "started_at"
    } else {
        "finished_at"
    };
    format!(
        "UPDATE journal SET status = $1, {time_column} = $2, \
           eiam_id = COALESCE($3, eiam_id), error = COALESCE($4, error) \
         WHERE run_id = $5 AND seq = $6 AND status IN ({})",
        to.allowed_before()
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

impl StateStore {
    /// Record the whole plan as `planned`, in one transaction, before anything is sent.
    #[instrument(level = "debug", skip(self, entries), fields(entries = entries.len()))]
    pub async fn journal_plan(
        &self,
        run: RunId,
        entries: &[JournalEntry],
    ) -> Result<(), StateError> {
        let now = now_ms();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query("writing the plan"))?;
            for chunk in entries.chunks(PLAN_BATCH) {
                let mut insert = QueryBuilder::new(
                    "INSERT INTO journal \
                     (run_id, seq, action, kind, external_id, eiam_id, detail, status, planned_at) ",
                );
                insert.push_values(chunk, |mut row, e| {
                    row.push_bind(run.0)
                        .push_bind(i64::from(e.seq))
                        .push_bind(e.action.clone())
                        .push_bind(e.kind.as_str())
                        .push_bind(e.external_id.clone())
                        .push_bind(e.eiam_id.clone())
                        .push_bind(redact_detail(&e.detail))
                        .push_bind("planned")
                        .push_bind(now);
                });
                insert
                    .build()
                    .execute(&mut *tx)
                    .await
                    .map_err(query("writing the plan"))?;
            }
            // The history's size, kept so that `status` need not count the journal.
            sqlx::query(
                "UPDATE runs SET journal_entries = COALESCE(journal_entries, 0) + $1 WHERE id = $2",
            )
            .bind(i64::try_from(entries.len()).unwrap_or(i64::MAX))
            .bind(run.0)
            .execute(&mut *tx)
            .await
            .map_err(query("writing the plan"))?;
            tx.commit().await.map_err(query("writing the plan"))?;
        });
        Ok(())
    }

    /// Mark an operation as started, just before its request is sent.
    pub async fn journal_started(&self, run: RunId, seq: u32) -> Result<(), StateError> {
        self.transition(run, seq, JournalStatus::Started, None, None)
            .await
    }

    /// Record an operation's outcome (`applied`, `failed` or `skipped`), with the EIAM id it
    /// created or touched and the error text of a failure (stored through
    /// [`super::redact_error`], cut to 2,000 characters).
    pub async fn journal_finished(
        &self,
        run: RunId,
        seq: u32,
        status: JournalStatus,
        eiam_id: Option<&EiamId>,
        error: Option<&str>,
    ) -> Result<(), StateError> {
        if matches!(status, JournalStatus::Planned | JournalStatus::Started) {
            return Err(StateError::JournalTransition {
                run: run.0,
                seq,
                from: "an unfinished entry".to_owned(),
                to: status.as_str(),
            });
        }
        let error = error.map(|e| redact_error(e).chars().take(ERROR_MAX).collect::<String>());
        self.transition(run, seq, status, eiam_id, error).await
    }

    async fn transition(
        &self,
        run: RunId,
        seq: u32,
        to: JournalStatus,
        eiam_id: Option<&EiamId>,
        error: Option<String>,
    ) -> Result<(), StateError> {
        let sql = sqlx::AssertSqlSafe(transition_sql(to));
        let affected = on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(to.as_str())
                .bind(now_ms())
                .bind(eiam_id.map(EiamId::as_str))
                .bind(error)
                .bind(run.0)
                .bind(i64::from(seq))
                .execute(pool)
                .await
                .map_err(query("updating the journal"))?
                .rows_affected()
        });
        if affected == 1 {
            return Ok(());
        }
        let current = self.entry_status(run, seq).await?;
        Err(StateError::JournalTransition {
            run: run.0,
            seq,
            from: current.map_or_else(|| "not in the journal".to_owned(), |s| s.to_string()),
            to: to.as_str(),
        })
    }

    pub(super) async fn entry_status(
        &self,
        run: RunId,
        seq: u32,
    ) -> Result<Option<JournalStatus>, StateError> {
        let sql = "SELECT status FROM journal WHERE run_id = $1 AND seq = $2";
        let status: Option<String> = on_pool!(&self.db, pool => {
            sqlx::query_scalar(sql)
                .bind(run.0)
                .bind(i64::from(seq))
                .fetch_optional(pool)
                .await
                .map_err(query("reading the journal"))?
        });
        status.map(|s| s.parse()).transpose()
    }

    /// The journal of a run, in plan order.
    pub async fn journal(&self, run: RunId) -> Result<Vec<JournalRecord>, StateError> {
        let sql = "SELECT seq, action, kind, external_id, eiam_id, detail, status, error \
                   FROM journal WHERE run_id = $1 ORDER BY seq";
        on_pool!(&self.db, pool => {
            let rows = sqlx::query(sql)
                .bind(run.0)
                .fetch_all(pool)
                .await
                .map_err(query("reading the journal"))?;
            let mut records = Vec::with_capacity(rows.len());
            for row in rows {
                let get = || query("reading the journal");
                let seq: i64 = row.try_get(0).map_err(get())?;
                let kind: String = row.try_get(2).map_err(get())?;
                let status: String = row.try_get(6).map_err(get())?;
                records.push(JournalRecord {
                    seq: u32::try_from(seq).map_err(|_| StateError::Corrupt {
                        column: "seq",
                        value: seq.to_string(),
                    })?,
                    action: row.try_get(1).map_err(get())?,
                    kind: kind.parse().map_err(|_| StateError::Corrupt {
                        column: "kind",
                        value: kind.clone(),
                    })?,
                    external_id: row.try_get(3).map_err(get())?,
                    eiam_id: row.try_get(4).map_err(get())?,
                    detail: row.try_get(5).map_err(get())?,
                    status: status.parse()?,
                    error: row.try_get(7).map_err(get())?,
                });
            }
            Ok(records)
        })
    }
}
