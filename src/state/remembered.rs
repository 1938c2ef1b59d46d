//! Values eiam-sync learned from EIAM and keeps between runs (the sync root found through the
//! provisioning scope), so that a run with nothing to do need not ask again.

use super::error::{StateError, query};
use super::time::now_ms;
use super::{StateStore, on_pool};

impl StateStore {
    /// The value remembered under `name`, if any.
    pub async fn recall(&self, name: &str) -> Result<Option<String>, StateError> {
        let sql = "SELECT value FROM remembered WHERE name = $1";
        on_pool!(&self.db, pool => {
            sqlx::query_scalar(sql)
                .bind(name)
                .fetch_optional(pool)
                .await
                .map_err(query("reading a remembered value"))
        })
    }

    /// Remember `value` under `name`, replacing what was there.
    pub async fn remember(&self, name: &str, value: &str) -> Result<(), StateError> {
        let sql = "INSERT INTO remembered (name, value, updated_at) VALUES ($1, $2, $3) \
                   ON CONFLICT (name) DO UPDATE SET value = excluded.value, \
                     updated_at = excluded.updated_at";
        on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(name)
                .bind(value)
                .bind(now_ms())
                .execute(pool)
                .await
                .map_err(query("remembering a value"))?;
        });
        Ok(())
    }
}
