//! What the validators of each table share: the rejections collected so far, and helpers that
//! name defects, duplicates and broken references.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::model::desired::Rejection;
use crate::model::ids::ExtId;
use crate::model::kind::Kind;
use crate::model::snapshot::Defect;

/// Rejections collected so far, one per record.
#[derive(Default)]
pub(super) struct Rejects {
    pub(super) list: Vec<Rejection>,
    pub(super) records: HashMap<Kind, HashSet<String>>,
    pub(super) members: BTreeSet<(ExtId, ExtId)>,
    pub(super) user_ous: BTreeSet<(ExtId, ExtId)>,
}

impl Rejects {
    /// Reject an OU, user or group; a record already rejected keeps its first reason.
    pub(super) fn record(&mut self, kind: Kind, id: &str, field: &str, reason: impl Into<String>) {
        if self.records.entry(kind).or_default().insert(id.to_owned()) {
            self.list.push(Rejection {
                kind,
                external_id: id.to_owned(),
                field: field.to_owned(),
                reason: reason.into(),
            });
        }
    }

    pub(super) fn is_rejected(&self, kind: Kind, id: &str) -> bool {
        self.records.get(&kind).is_some_and(|ids| ids.contains(id))
    }

    /// Reject a `group_members` row.
    pub(super) fn member(&mut self, group: &str, user: &str, field: &str, reason: String) {
        if self.members.insert((ExtId::from(group), ExtId::from(user))) {
            self.push_link(format!("{group}/{user}"), field, reason);
        }
    }

    /// Reject a `user_organizational_units` row.
    pub(super) fn user_ou(&mut self, user: &str, ou: &str, field: &str, reason: String) {
        if self.user_ous.insert((ExtId::from(user), ExtId::from(ou))) {
            self.push_link(format!("{user}/{ou}"), field, reason);
        }
    }

    fn push_link(&mut self, external_id: String, field: &str, reason: String) {
        self.push_custom(Kind::Membership, &external_id, field.to_owned(), reason);
    }

    /// A rejection that does not reject its record as a whole.
    pub(super) fn push_custom(
        &mut self,
        kind: Kind,
        external_id: &str,
        field: String,
        reason: String,
    ) {
        self.list.push(Rejection {
            kind,
            external_id: external_id.to_owned(),
            field,
            reason,
        });
    }
}

/// The first read defect of a row, as (field, reason).
pub(super) fn first_defect(defects: &[Defect]) -> Option<(&'static str, String)> {
    defects
        .first()
        .map(|d| (d.field, format!("{} (could not be read)", d.reason)))
}

/// A row whose id could not be read, named by what can be: `field`'s value (a username, a
/// name), so the operator can find the row among thousands.
pub(super) fn named_by(
    defect: (&'static str, String),
    defects: &[Defect],
    field: &'static str,
    value: &str,
) -> (&'static str, String) {
    let (column, reason) = defect;
    if column != "id" || value.trim().is_empty() || has_defect(defects, field) {
        return (column, reason);
    }
    (column, format!("{reason}; the row's {field} is `{value}`"))
}

pub(super) fn has_defect(defects: &[Defect], field: &str) -> bool {
    defects.iter().any(|d| d.field == field)
}

/// The ids that occur more than once in one table, with their counts. Sorting, not hashing:
/// it needs no allocation per row and is faster on a million ids.
pub(super) fn duplicate_ids<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    let mut duplicates = HashMap::new();
    for run in ids.chunk_by(|a, b| a == b).filter(|run| run.len() > 1) {
        duplicates.insert(run[0], run.len());
    }
    duplicates
}

/// The ids of the records sharing a value, for each value held by more than one record.
pub(super) fn shared_values<K: Ord>(mut pairs: Vec<(K, &str)>) -> Vec<Vec<&str>> {
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    pairs
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| run.iter().map(|(_, id)| *id).collect::<Vec<&str>>())
        .filter(|ids| distinct_ids(ids))
        .collect()
}

/// Why a reference to `id` of `kind` cannot be followed, if it cannot.
pub(super) fn refuse<V>(
    valid: &std::collections::BTreeMap<ExtId, V>,
    rejects: &Rejects,
    kind: Kind,
    id: &str,
) -> Option<String> {
    let what = match kind {
        Kind::OrganizationalUnit => "organizational unit",
        Kind::User => "user",
        Kind::Group => "group",
        Kind::Membership => "membership",
    };
    if valid.contains_key(id) {
        None
    } else if rejects.is_rejected(kind, id) {
        Some(format!("{what} `{id}` is rejected"))
    } else {
        Some(format!("{what} `{id}` does not exist"))
    }
}

/// Builds a large map in sorted chunks merged with `append`, which packs the B-tree's nodes
/// full: about two thirds of the memory of inserting entries one by one, and faster.
pub(super) struct MapBuilder<K, V> {
    map: std::collections::BTreeMap<K, V>,
    chunk: Vec<(K, V)>,
}

impl<K: Ord, V> MapBuilder<K, V> {
    const CHUNK: usize = 1 << 16;

    pub fn new() -> Self {
        MapBuilder {
            map: std::collections::BTreeMap::new(),
            chunk: Vec::new(),
        }
    }

    pub fn insert(&mut self, key: K, value: V) {
        self.chunk.push((key, value));
        if self.chunk.len() >= Self::CHUNK {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let mut sorted: std::collections::BTreeMap<K, V> =
            std::mem::take(&mut self.chunk).into_iter().collect();
        self.map.append(&mut sorted);
    }

    pub fn finish(mut self) -> std::collections::BTreeMap<K, V> {
        self.flush();
        self.map
    }
}

/// Hands rows out last to first and gives their memory back on the way, so the raw rows and
/// what is built from them are never both whole in memory.
pub(super) struct Shrinking<T>(pub(super) Vec<T>);

impl<T> Iterator for Shrinking<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        let row = self.0.pop()?;
        if self.0.capacity() > 4096 && self.0.len() < self.0.capacity() / 2 {
            self.0.shrink_to_fit();
        }
        Some(row)
    }
}

/// An empty optional text is treated as absent: CSV imports write '' where they mean NULL.
pub(super) fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

/// "`a`, `b`, `c` and 2 more" — ids of the other holders of a duplicate value (never the value).
pub(super) fn others(ids: &[&str], except: &str) -> String {
    const SHOWN: usize = 3;
    let mut distinct: Vec<&str> = ids.iter().copied().filter(|id| *id != except).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let shown: Vec<String> = distinct
        .iter()
        .take(SHOWN)
        .map(|id| format!("`{id}`"))
        .collect();
    let mut text = shown.join(", ");
    if distinct.len() > SHOWN {
        text.push_str(&format!(" and {} more", distinct.len() - SHOWN));
    }
    text
}

/// Whether a group of holders of the same value spans more than one record.
pub(super) fn distinct_ids(ids: &[&str]) -> bool {
    ids.iter().any(|id| *id != ids[0])
}
