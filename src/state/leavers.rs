//! Leavers in their grace period: users eiam-sync disabled because they left the snapshot, with
//! when, so `user_removal = "disable_then_delete"` deletes them only once the period passed.

use std::collections::BTreeMap;
use std::time::SystemTime;

use sqlx::QueryBuilder;

use super::error::{StateError, query};
use super::time::{from_ms, to_ms};
use super::{StateStore, on_pool};

/// Rows per statement.
const BATCH: usize = 500;

/// One leaver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaver {
    pub eiam_id: String,
    pub disabled_at: SystemTime,
}

impl StateStore {
    /// Every leaver by external id.
    pub async fn leavers(&self) -> Result<BTreeMap<String, Leaver>, StateError> {
        let sql = "SELECT external_id, eiam_id, disabled_at FROM leavers";
        let rows: Vec<(String, String, i64)> = on_pool!(&self.db, pool => {
            sqlx::query_as(sql)
                .fetch_all(pool)
                .await
                .map_err(query("reading leavers"))?
        });
        Ok(rows
            .into_iter()
            .map(|(ext, eiam_id, at)| {
                (
                    ext,
                    Leaver {
                        eiam_id,
                        disabled_at: from_ms(at),
                    },
                )
            })
            .collect())
    }

    /// Start the grace period of these users (`(external id, EIAM id)`); one already in it
    /// keeps its first date.
    pub async fn add_leavers(
        &self,
        users: &[(String, String)],
        now: SystemTime,
    ) -> Result<(), StateError> {
        let now = to_ms(now);
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query("recording leavers"))?;
            for chunk in users.chunks(BATCH) {
                let mut insert =
                    QueryBuilder::new("INSERT INTO leavers (external_id, eiam_id, disabled_at) ");
                insert.push_values(chunk, |mut row, (ext, id)| {
                    row.push_bind(ext.clone()).push_bind(id.clone()).push_bind(now);
                });
                insert.push(" ON CONFLICT (external_id) DO NOTHING");
                insert
                    .build()
                    .execute(&mut *tx)
                    .await
                    .map_err(query("recording leavers"))?;
            }
            tx.commit().await.map_err(query("recording leavers"))?;
        });
        Ok(())
    }

    /// End the grace period of these users (returned to the snapshot, or deleted).
    pub async fn remove_leavers(&self, external_ids: &[String]) -> Result<(), StateError> {
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query("removing leavers"))?;
            for chunk in external_ids.chunks(BATCH) {
                let mut delete = QueryBuilder::new("DELETE FROM leavers WHERE external_id IN (");
                let mut list = delete.separated(", ");
                for ext in chunk {
                    list.push_bind(ext.clone());
                }
                delete.push(")");
                delete
                    .build()
                    .execute(&mut *tx)
                    .await
                    .map_err(query("removing leavers"))?;
            }
            tx.commit().await.map_err(query("removing leavers"))?;
        });
        Ok(())
    }
}
