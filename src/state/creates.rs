//! What the journal says eiam-sync created: the creates a killed run left in doubt, and whether
//! an object found under a snapshot record's id is one eiam-sync made. Both are index lookups
//! (migration 7), so their cost follows the creates asked about, never the journal's length.

use std::collections::HashSet;
use std::str::FromStr;

use sqlx::{QueryBuilder, Row};
use tracing::instrument;

use super::error::{StateError, query};
use super::{StateStore, on_pool};
use crate::model::{ExtId, Kind};

/// Candidates per lookup statement (well under both backends' parameter limits).
const LOOKUP_BATCH: usize = 500;

/// No applied delete of the same object follows create `c` (index `journal_deletes`).
const NOT_DELETED_LATER: &str = "NOT EXISTS (SELECT 1 FROM journal d \
       WHERE d.kind = c.kind AND d.external_id = c.external_id \
       AND d.action IN ('DeleteOrganizationalUnit', 'DeleteUser', 'DeleteGroup') \
       AND d.status = 'applied' \
       AND (d.run_id > c.run_id OR (d.run_id = c.run_id AND d.seq > c.seq)))";

impl StateStore {
    /// Creates a killed run left `started` and no later run deleted: `(kind, external id)`.
    /// EIAM may have made the object after the process died, so it is eiam-sync's even when
    /// its record has since left the snapshot. A create that finished is not among them: its
    /// outcome and its ownership record are committed in one transaction
    /// ([`JournalWriter`](super::JournalWriter)), so the ownership map already holds it.
    #[instrument(level = "debug", skip(self))]
    pub async fn journalled_creates(&self) -> Result<HashSet<(Kind, ExtId)>, StateError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT c.kind, c.external_id FROM journal c \
             WHERE c.status = 'started' \
             AND c.action IN ('CreateOrganizationalUnit', 'CreateUser', 'CreateGroup') \
             AND {NOT_DELETED_LATER}"
        ));
        let mut out = HashSet::new();
        on_pool!(&self.db, pool => {
            let rows = sqlx::query(sql)
                .fetch_all(pool)
                .await
                .map_err(query("reading journalled creates"))?;
            add_kinds_and_ids(&rows, &mut out)?;
        });
        Ok(out)
    }

    /// Those of `candidates` some run started or finished creating, and no later run deleted.
    /// A create followed by an applied delete no longer names anything eiam-sync made: an
    /// object with that external id now is someone else's.
    #[instrument(level = "debug", skip_all, fields(candidates = candidates.len()))]
    pub async fn journalled_creates_of(
        &self,
        candidates: &[(Kind, ExtId)],
    ) -> Result<HashSet<(Kind, ExtId)>, StateError> {
        let mut out = HashSet::new();
        for kind in [Kind::OrganizationalUnit, Kind::User, Kind::Group] {
            let ids: Vec<&str> = (candidates.iter())
                .filter(|(k, _)| *k == kind)
                .map(|(_, e)| e.as_str())
                .collect();
            for chunk in ids.chunks(LOOKUP_BATCH) {
                on_pool!(&self.db, pool => {
                    let mut select = QueryBuilder::new(
                        "SELECT DISTINCT c.kind, c.external_id FROM journal c \
                         WHERE c.action IN ('CreateOrganizationalUnit', 'CreateUser', 'CreateGroup') \
                         AND c.status IN ('started', 'applied') AND c.kind = ",
                    );
                    select.push_bind(kind.as_str()).push(" AND c.external_id IN (");
                    let mut list = select.separated(", ");
                    for id in chunk {
                        list.push_bind(id.to_string());
                    }
                    select.push(") AND ").push(NOT_DELETED_LATER);
                    let rows = select
                        .build()
                        .fetch_all(pool)
                        .await
                        .map_err(query("reading journalled creates"))?;
                    add_kinds_and_ids(&rows, &mut out)?;
                });
            }
        }
        Ok(out)
    }
}

/// Adds the (kind, external id) of each row to `out`.
fn add_kinds_and_ids<R: Row>(rows: &[R], out: &mut HashSet<(Kind, ExtId)>) -> Result<(), StateError>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    for row in rows {
        out.insert(kind_and_id(row)?);
    }
    Ok(())
}

fn kind_and_id<R: Row>(row: &R) -> Result<(Kind, ExtId), StateError>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let kind: String = row
        .try_get(0)
        .map_err(query("reading journalled creates"))?;
    let ext: String = row
        .try_get(1)
        .map_err(query("reading journalled creates"))?;
    let kind = Kind::from_str(&kind).map_err(|_| StateError::Corrupt {
        column: "kind",
        value: kind.clone(),
    })?;
    Ok((kind, ExtId::from(ext)))
}
