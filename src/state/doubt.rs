//! Journal entries left in doubt: started, with no outcome recorded, and not yet settled by a later completed run of their kind.

use std::str::FromStr;
use std::time::SystemTime;

use sqlx::Row;

use super::error::{StateError, query};
use super::time::from_ms;
use super::{RunId, StateStore, on_pool};
use crate::model::Kind;

/// One operation whose outcome is unknown (the process stopped between sending it and
/// recording the answer).
#[derive(Debug, Clone, PartialEq)]
pub struct InDoubt {
    pub run: RunId,
    pub reconciler: String,
    pub seq: u32,
    pub action: String,
    pub kind: Kind,
    pub external_id: String,
    pub eiam_id: Option<String>,
    pub started_at: Option<SystemTime>,
    /// Whether its run was closed (a run killed mid-apply never is).
    pub run_finished: bool,
}

/// A later applying run that completed observed EIAM afresh and settled what happened; the
/// per-kind reconcilers settle only their own kinds, any other reconciler (`reconcile`, the
/// demo, incremental runs) every kind.
const SQL: &str = "SELECT j.run_id, r.reconciler, j.seq, j.action, j.kind, j.external_id, \
       j.eiam_id, j.started_at, r.finished_at \
     FROM journal j JOIN runs r ON r.id = j.run_id \
     WHERE j.status = 'started' AND NOT EXISTS ( \
       SELECT 1 FROM runs l WHERE l.id > j.run_id AND l.mode <> 'dry_run' \
         AND l.result IN ('success', 'partial') \
         AND (l.reconciler NOT IN ('organizational_units', 'users', 'groups') \
           OR l.reconciler = CASE j.kind WHEN 'organizational_unit' THEN 'organizational_units' \
                                         WHEN 'user' THEN 'users' ELSE 'groups' END)) \
     ORDER BY j.run_id DESC, j.seq LIMIT $1";

impl StateStore {
    /// Up to `limit` operations in doubt, newest run first.
    pub async fn in_doubt(&self, limit: u32) -> Result<Vec<InDoubt>, StateError> {
        on_pool!(&self.db, pool => {
            let rows = sqlx::query(SQL)
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await
                .map_err(query("reading operations in doubt"))?;
            let get = || query("reading operations in doubt");
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let kind: String = row.try_get(4).map_err(get())?;
                let seq: i64 = row.try_get(2).map_err(get())?;
                let started: Option<i64> = row.try_get(7).map_err(get())?;
                let finished: Option<i64> = row.try_get(8).map_err(get())?;
                out.push(InDoubt {
                    run: RunId(row.try_get(0).map_err(get())?),
                    reconciler: row.try_get(1).map_err(get())?,
                    seq: u32::try_from(seq).unwrap_or(u32::MAX),
                    action: row.try_get(3).map_err(get())?,
                    kind: Kind::from_str(&kind).map_err(|_| StateError::Corrupt {
                        column: "kind",
                        value: kind.clone(),
                    })?,
                    external_id: row.try_get(5).map_err(get())?,
                    eiam_id: row.try_get(6).map_err(get())?,
                    started_at: started.map(from_ms),
                    run_finished: finished.is_some(),
                });
            }
            Ok(out)
        })
    }
}
