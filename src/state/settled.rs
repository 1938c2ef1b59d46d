//! What incremental runs keep beside the ownership map: the keyed fingerprint of each managed
//! group's member set, the managed groups each disabled leaver is still a member of, and the
//! clearing of fingerprints before an object is changed, so that an operation that fails or is
//! cut short leaves its object to be observed again.

use std::collections::{BTreeSet, HashMap};

use sqlx::Row;

use super::error::{StateError, query};
use super::ownership::owned_kind;
use super::time::now_ms;
use super::{StateStore, on_pool};
use crate::model::{EiamId, ExtId, Kind};

impl StateStore {
    /// The member-set fingerprint of every group that has one.
    pub async fn member_fingerprints(&self) -> Result<HashMap<ExtId, String>, StateError> {
        let sql = "SELECT external_id, members_fingerprint FROM owned_objects \
                   WHERE kind = 'group' AND members_fingerprint IS NOT NULL";
        let rows = on_pool!(&self.db, pool => {
            let rows = sqlx::query(sql)
                .fetch_all(pool)
                .await
                .map_err(query("loading member fingerprints"))?;
            let mut out = HashMap::with_capacity(rows.len());
            for row in rows {
                let ext: String = row.try_get(0).map_err(query("loading member fingerprints"))?;
                let fp: String = row.try_get(1).map_err(query("loading member fingerprints"))?;
                out.insert(ExtId::from(ext), fp);
            }
            out
        });
        Ok(rows)
    }

    /// Store member-set fingerprints in one transaction; groups not in the map are skipped.
    pub async fn set_member_fingerprints(
        &self,
        fingerprints: &[(ExtId, String)],
    ) -> Result<(), StateError> {
        if fingerprints.is_empty() {
            return Ok(());
        }
        // Without its member list, a group whose member set changes is listed again.
        let sql = "UPDATE owned_objects SET members_fingerprint = $1, members = NULL, \
                   updated_at = $2 WHERE kind = 'group' AND external_id = $3";
        let now = now_ms();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query("storing member fingerprints"))?;
            for (ext, fp) in fingerprints {
                sqlx::query(sql)
                    .bind(fp.as_str())
                    .bind(now)
                    .bind(ext.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(query("storing member fingerprints"))?;
            }
            tx.commit().await.map_err(query("storing member fingerprints"))?;
        });
        Ok(())
    }

    /// Store, in one transaction, groups' member-set fingerprints with the member lists they
    /// were made of (external ids), written together so one never outlives the other.
    pub async fn set_member_sets(
        &self,
        sets: &[(ExtId, String, Vec<&ExtId>)],
    ) -> Result<(), StateError> {
        let sql = "UPDATE owned_objects SET members_fingerprint = $1, members = $2, \
                   updated_at = $3 WHERE kind = 'group' AND external_id = $4";
        let what = "storing member sets";
        let now = now_ms();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query(what))?;
            for (ext, fp, members) in sets {
                let list: Vec<&str> = members.iter().map(|m| m.as_str()).collect();
                let list = serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned());
                sqlx::query(sql)
                    .bind(fp.as_str())
                    .bind(list)
                    .bind(now)
                    .bind(ext.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(query(what))?;
            }
            tx.commit().await.map_err(query(what))?;
        });
        Ok(())
    }

    /// The member lists kept for these groups, of those whose fingerprint is still set (a
    /// cleared fingerprint means the group may have changed since).
    pub async fn member_sets(
        &self,
        groups: &[&ExtId],
    ) -> Result<HashMap<ExtId, Vec<ExtId>>, StateError> {
        let what = "loading member sets";
        let mut out = HashMap::new();
        for chunk in groups.chunks(500) {
            on_pool!(&self.db, pool => {
                let mut select = sqlx::QueryBuilder::new(
                    "SELECT external_id, members FROM owned_objects WHERE kind = 'group' \
                     AND members_fingerprint IS NOT NULL AND members IS NOT NULL \
                     AND external_id IN (",
                );
                let mut list = select.separated(", ");
                for g in chunk {
                    list.push_bind(g.as_str().to_owned());
                }
                select.push(")");
                let rows = select.build().fetch_all(pool).await.map_err(query(what))?;
                for row in rows {
                    let ext: String = row.try_get(0).map_err(query(what))?;
                    let text: String = row.try_get(1).map_err(query(what))?;
                    let members: Vec<String> =
                        serde_json::from_str(&text).map_err(|_| StateError::Corrupt {
                            column: "owned_objects.members",
                            value: text.chars().take(80).collect(),
                        })?;
                    out.insert(ExtId::from(ext), members.into_iter().map(ExtId::from).collect());
                }
            });
        }
        Ok(out)
    }

    /// The EIAM ids of the managed groups each owned user gone from the snapshot was last seen
    /// in (users with none recorded are left out).
    pub async fn kept_groups(&self) -> Result<HashMap<ExtId, BTreeSet<EiamId>>, StateError> {
        let sql = "SELECT external_id, kept_groups FROM owned_objects \
                   WHERE kind = 'user' AND kept_groups IS NOT NULL";
        let what = "loading the groups leavers keep";
        let rows = on_pool!(&self.db, pool => {
            let rows = sqlx::query(sql).fetch_all(pool).await.map_err(query(what))?;
            let mut out = HashMap::with_capacity(rows.len());
            for row in rows {
                let ext: String = row.try_get(0).map_err(query(what))?;
                let ids: String = row.try_get(1).map_err(query(what))?;
                let ids = ids.split_whitespace().map(EiamId::new).collect();
                out.insert(ExtId::from(ext), ids);
            }
            out
        });
        Ok(rows)
    }

    /// Record the managed groups owned users gone from the snapshot are members of, in one
    /// transaction.
    pub async fn set_kept_groups(
        &self,
        kept: &[(ExtId, BTreeSet<EiamId>)],
    ) -> Result<(), StateError> {
        if kept.is_empty() {
            return Ok(());
        }
        let sql = "UPDATE owned_objects SET kept_groups = $1, updated_at = $2 \
                   WHERE kind = 'user' AND external_id = $3";
        let what = "storing the groups leavers keep";
        let now = now_ms();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query(what))?;
            for (ext, ids) in kept {
                let ids: Vec<&str> = ids.iter().map(EiamId::as_str).collect();
                sqlx::query(sql)
                    .bind(ids.join(" "))
                    .bind(now)
                    .bind(ext.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(query(what))?;
            }
            tx.commit().await.map_err(query(what))?;
        });
        Ok(())
    }

    /// Forget what was last applied to these objects (a `membership` key: the group's member
    /// set), in one transaction, before operations on them are sent.
    pub async fn clear_fingerprints(&self, keys: &[(Kind, ExtId)]) -> Result<(), StateError> {
        if keys.is_empty() {
            return Ok(());
        }
        let object = "UPDATE owned_objects SET fingerprint = NULL, updated_at = $1 \
                      WHERE kind = $2 AND external_id = $3";
        let members = "UPDATE owned_objects SET members_fingerprint = NULL, updated_at = $1 \
                       WHERE kind = $2 AND external_id = $3";
        let now = now_ms();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query("clearing fingerprints"))?;
            for (kind, ext) in keys {
                let (sql, kind) = match kind {
                    Kind::Membership => (members, Kind::Group),
                    k => (object, *k),
                };
                owned_kind(kind)?;
                sqlx::query(sql)
                    .bind(now)
                    .bind(kind.as_str())
                    .bind(ext.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(query("clearing fingerprints"))?;
            }
            tx.commit().await.map_err(query("clearing fingerprints"))?;
        });
        Ok(())
    }
}
