//! The ownership map: external ID ↔ EIAM ID per kind, with origin and fingerprint.

use futures_util::TryStreamExt;
use sqlx::query::Query;
use sqlx::{Database, Encode, Row, Type};
use tracing::instrument;

use super::error::{StateError, query};
use super::time::now_ms;
use super::{StateStore, on_pool};
use crate::model::{AdoptKey, EiamId, ExtId, Kind, Origin, Owned, Ownership};

/// Record an owned object; see [`StateStore::record_owned`] for the rules.
const UPSERT: &str = "INSERT INTO owned_objects \
    (kind, external_id, eiam_id, origin, fingerprint, recorded_at, updated_at) \
    VALUES ($1, $2, $3, $4, NULL, $5, $5) \
    ON CONFLICT (kind, external_id) DO UPDATE SET \
      origin = CASE WHEN owned_objects.eiam_id = excluded.eiam_id \
                     AND owned_objects.origin = 'created' \
                THEN 'created' ELSE excluded.origin END, \
      fingerprint = CASE WHEN owned_objects.eiam_id = excluded.eiam_id \
                    THEN owned_objects.fingerprint ELSE NULL END, \
      members_fingerprint = CASE WHEN owned_objects.eiam_id = excluded.eiam_id \
                    THEN owned_objects.members_fingerprint ELSE NULL END, \
      matched_by = CASE WHEN owned_objects.eiam_id = excluded.eiam_id \
                    THEN owned_objects.matched_by ELSE NULL END, \
      eiam_id = excluded.eiam_id, \
      updated_at = excluded.updated_at";

/// Record an object an adoption rule matched (the `Adopt` operation): `adopted`, with the key;
/// otherwise the rules of [`UPSERT`].
const ADOPT: &str = "INSERT INTO owned_objects \
    (kind, external_id, eiam_id, origin, fingerprint, recorded_at, updated_at, matched_by) \
    VALUES ($1, $2, $3, 'adopted', NULL, $4, $4, $5) \
    ON CONFLICT (kind, external_id) DO UPDATE SET \
      origin = CASE WHEN owned_objects.eiam_id = excluded.eiam_id \
                     AND owned_objects.origin = 'created' \
                THEN 'created' ELSE 'adopted' END, \
      fingerprint = CASE WHEN owned_objects.eiam_id = excluded.eiam_id \
                    THEN owned_objects.fingerprint ELSE NULL END, \
      members_fingerprint = CASE WHEN owned_objects.eiam_id = excluded.eiam_id \
                    THEN owned_objects.members_fingerprint ELSE NULL END, \
      matched_by = excluded.matched_by, \
      eiam_id = excluded.eiam_id, \
      updated_at = excluded.updated_at";

/// Drop an object from the map.
const FORGET: &str = "DELETE FROM owned_objects WHERE kind = $1 AND external_id = $2";

/// How an object is recorded: with its origin ([`UPSERT`]), or as adopted by a rule's key
/// ([`ADOPT`]).
#[derive(Debug, Clone, Copy)]
pub(super) enum Recorded {
    As(Origin),
    AdoptedBy(AdoptKey),
}

/// The statement recording one owned object, bound for either backend.
pub(super) fn record<'q, DB>(
    kind: Kind,
    ext: &'q ExtId,
    id: &'q EiamId,
    how: Recorded,
    now: i64,
) -> Query<'q, DB, DB::Arguments>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    i64: Encode<'q, DB> + Type<DB>,
{
    let sql = match how {
        Recorded::As(_) => UPSERT,
        Recorded::AdoptedBy(_) => ADOPT,
    };
    let object = sqlx::query(sql)
        .bind(kind.as_str())
        .bind(ext.as_str())
        .bind(id.as_str());
    match how {
        Recorded::As(origin) => object.bind(origin.as_str()).bind(now),
        Recorded::AdoptedBy(key) => object.bind(now).bind(key.as_str()),
    }
}

/// [`FORGET`] of one object, bound for either backend.
pub(super) fn forget<'q, DB>(kind: Kind, ext: &'q ExtId) -> Query<'q, DB, DB::Arguments>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(FORGET).bind(kind.as_str()).bind(ext.as_str())
}

impl StateStore {
    /// Every owned object (streamed, so a million users load without a copy per row).
    #[instrument(level = "debug", skip(self))]
    pub async fn load_ownership(&self) -> Result<Ownership, StateError> {
        let sql =
            "SELECT kind, external_id, eiam_id, origin, fingerprint, matched_by FROM owned_objects";
        // Gathered, then packed into the map at once (full B-tree nodes).
        let mut owned = Vec::new();
        on_pool!(&self.db, pool => {
            let mut rows = sqlx::query(sql).fetch(pool);
            while let Some(row) = rows.try_next().await.map_err(query("loading ownership"))? {
                let kind: String = row.try_get(0).map_err(query("loading ownership"))?;
                let external_id: String = row.try_get(1).map_err(query("loading ownership"))?;
                let eiam_id: String = row.try_get(2).map_err(query("loading ownership"))?;
                let origin: String = row.try_get(3).map_err(query("loading ownership"))?;
                let fingerprint: Option<String> =
                    row.try_get(4).map_err(query("loading ownership"))?;
                let matched_by: Option<String> =
                    row.try_get(5).map_err(query("loading ownership"))?;
                owned.push((
                    (parse_kind(&kind)?, ExtId::from(external_id)),
                    Owned {
                        eiam_id: EiamId::from(eiam_id),
                        origin: parse_origin(&origin)?,
                        matched_by: matched_by.as_deref().map(parse_key).transpose()?,
                        fingerprint,
                    },
                ));
            }
        });
        Ok(Ownership {
            objects: owned.into_iter().collect(),
        })
    }

    /// Record that `ext` of `kind` is EIAM object `id` (upsert). If the EIAM id changes, the
    /// old fingerprint is dropped (it described another object). An object recorded as
    /// `created` stays `created` when later recorded as `adopted` with the same EIAM id: the
    /// right to delete what eiam-sync created is never lost by a re-match.
    pub async fn record_owned(
        &self,
        kind: Kind,
        ext: &ExtId,
        id: &EiamId,
        origin: Origin,
    ) -> Result<(), StateError> {
        self.record_one(
            kind,
            ext,
            id,
            Recorded::As(origin),
            "recording an owned object",
        )
        .await
    }

    /// Record that an adoption rule matched `ext` of `kind` with EIAM object `id` by `key`.
    pub async fn record_adopted(
        &self,
        kind: Kind,
        ext: &ExtId,
        id: &EiamId,
        key: AdoptKey,
    ) -> Result<(), StateError> {
        self.record_one(
            kind,
            ext,
            id,
            Recorded::AdoptedBy(key),
            "recording an adopted object",
        )
        .await
    }

    async fn record_one(
        &self,
        kind: Kind,
        ext: &ExtId,
        id: &EiamId,
        how: Recorded,
        what: &'static str,
    ) -> Result<(), StateError> {
        owned_kind(kind)?;
        on_pool!(&self.db, pool => {
            record(kind, ext, id, how, now_ms())
                .execute(pool)
                .await
                .map_err(query(what))?;
        });
        Ok(())
    }

    /// Store the fingerprint of what was just applied to an owned object.
    pub async fn set_fingerprint(
        &self,
        kind: Kind,
        ext: &ExtId,
        fp: &str,
    ) -> Result<(), StateError> {
        owned_kind(kind)?;
        let sql = "UPDATE owned_objects SET fingerprint = $1, updated_at = $2 \
                   WHERE kind = $3 AND external_id = $4";
        let affected = on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(fp)
                .bind(now_ms())
                .bind(kind.as_str())
                .bind(ext.as_str())
                .execute(pool)
                .await
                .map_err(query("storing a fingerprint"))?
                .rows_affected()
        });
        if affected == 0 {
            return Err(StateError::NotOwned {
                kind,
                external_id: ext.to_string(),
            });
        }
        Ok(())
    }

    /// Record many objects in one transaction (same rules as [`Self::record_owned`]).
    #[instrument(level = "debug", skip_all, fields(objects = objects.len()))]
    pub async fn record_owned_many(
        &self,
        objects: &[(Kind, ExtId, EiamId, Origin)],
    ) -> Result<(), StateError> {
        if objects.is_empty() {
            return Ok(());
        }
        let now = now_ms();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query("recording owned objects"))?;
            for (kind, ext, id, origin) in objects {
                owned_kind(*kind)?;
                record(*kind, ext, id, Recorded::As(*origin), now)
                    .execute(&mut *tx)
                    .await
                    .map_err(query("recording owned objects"))?;
            }
            tx.commit().await.map_err(query("recording owned objects"))?;
        });
        Ok(())
    }

    /// Store many fingerprints in one transaction; objects not in the map are skipped.
    #[instrument(level = "debug", skip_all, fields(objects = fingerprints.len()))]
    pub async fn set_fingerprints(
        &self,
        fingerprints: &[(Kind, ExtId, String)],
    ) -> Result<(), StateError> {
        if fingerprints.is_empty() {
            return Ok(());
        }
        let sql = "UPDATE owned_objects SET fingerprint = $1, updated_at = $2 \
                   WHERE kind = $3 AND external_id = $4";
        let now = now_ms();
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query("storing fingerprints"))?;
            for (kind, ext, fp) in fingerprints {
                owned_kind(*kind)?;
                sqlx::query(sql)
                    .bind(fp.as_str())
                    .bind(now)
                    .bind(kind.as_str())
                    .bind(ext.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(query("storing fingerprints"))?;
            }
            tx.commit().await.map_err(query("storing fingerprints"))?;
        });
        Ok(())
    }

    /// Drop an object from the map (after deleting it). Forgetting an unknown object is fine.
    pub async fn forget(&self, kind: Kind, ext: &ExtId) -> Result<(), StateError> {
        owned_kind(kind)?;
        on_pool!(&self.db, pool => {
            forget(kind, ext)
                .execute(pool)
                .await
                .map_err(query("forgetting an owned object"))?;
        });
        Ok(())
    }
}

pub(super) fn owned_kind(kind: Kind) -> Result<(), StateError> {
    match kind {
        Kind::Membership => Err(StateError::UnsupportedKind { kind }),
        _ => Ok(()),
    }
}

fn parse_kind(value: &str) -> Result<Kind, StateError> {
    value.parse().map_err(|_| StateError::Corrupt {
        column: "kind",
        value: value.to_owned(),
    })
}

fn parse_origin(value: &str) -> Result<Origin, StateError> {
    match value {
        "created" => Ok(Origin::Created),
        "adopted" => Ok(Origin::Adopted),
        other => Err(StateError::Corrupt {
            column: "origin",
            value: other.to_owned(),
        }),
    }
}

fn parse_key(value: &str) -> Result<AdoptKey, StateError> {
    value.parse().map_err(|_| StateError::Corrupt {
        column: "matched_by",
        value: value.to_owned(),
    })
}
