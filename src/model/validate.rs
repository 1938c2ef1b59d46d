//! Validation of raw snapshot rows into the desired model, rejecting record by record.
//!
//! Every record is checked against EIAM's field rules ([`super::rules`]), the required pairs,
//! uniqueness and references. A record that breaks a rule is rejected with one [`Rejection`]
//! (the first rule it breaks, in column order) and recorded in the `rejected*` sets of
//! [`DesiredState`], so nothing rejected is ever removed from EIAM; rejections cascade down to
//! what depends on the record. Everything else proceeds.

mod custom_fields;
mod groups;
mod links;
mod ous;
mod users;

#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap, HashSet};

use super::attrs::CustomFields;
use super::desired::{CustomFieldScope, DesiredState, KeyTable, Rejection};
use super::ids::ExtId;
use super::kind::Kind;
use super::snapshot::{Defect, Snapshot};

pub use custom_fields::CustomFieldValues;

/// The outcome of validation: what to sync, and what was rejected and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validated {
    pub desired: DesiredState,
    /// One per rejected record, sorted by kind and source id.
    pub rejections: Vec<Rejection>,
    /// The extended fields of the valid users.
    pub custom_fields: CustomFieldValues,
}

/// Validate a snapshot that manages no extended field.
pub fn validate(snapshot: Snapshot) -> Validated {
    validate_with(snapshot, &[])
}

/// Validate a snapshot; `custom_fields` are the extended fields eiam-sync manages. Linear in
/// its size apart from sorting; never fails.
pub fn validate_with(snapshot: Snapshot, custom_fields: &[String]) -> Validated {
    let unreadable = unreadable_tables(&snapshot);
    let table_absent = snapshot.user_custom_fields.is_none() && !custom_fields.is_empty();
    let mut rejects = Rejects::default();
    let ous = ous::validate(snapshot.organizational_units, &mut rejects);
    let mut users = users::validate(snapshot.users, &ous, &mut rejects);
    let groups = groups::validate(snapshot.groups, &mut rejects);
    links::secondary_ous(
        snapshot.user_organizational_units,
        &mut users,
        &ous,
        &mut rejects,
    );
    let members = links::members(snapshot.group_members, &users, &groups, &mut rejects);
    let custom_fields = custom_fields::validate(
        snapshot.user_custom_fields,
        custom_fields,
        &users,
        &mut rejects,
    );

    let mut rejections = rejects.list;
    rejections.sort_by(|a, b| {
        (a.kind, &a.external_id, &a.field).cmp(&(b.kind, &b.external_id, &b.field))
    });
    let mut rejected = BTreeSet::new();
    for (kind, ids) in rejects.records {
        rejected.extend(ids.into_iter().map(|id| (kind, ExtId::from(id))));
    }
    let mut users = users.valid;
    for (id, values) in &custom_fields.values {
        if let Some(u) = users.get_mut(id) {
            std::sync::Arc::make_mut(&mut u.attrs).custom_fields = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<CustomFields>();
        }
    }
    let scope = CustomFieldScope {
        managed: custom_fields.managed.clone(),
        table_absent,
        rejected: custom_fields.rejected.clone(),
    };
    Validated {
        desired: DesiredState {
            ous: ous.valid,
            users,
            groups: groups.valid,
            members,
            rejected,
            rejected_members: rejects.members,
            rejected_user_ous: rejects.user_ous,
            unreadable,
            custom_fields: scope,
        },
        rejections,
        custom_fields,
    }
}

/// The tables with a row whose key could not be read: a BLOB, a number or NULL in a key
/// column, or an empty key. A number is read as its text only to name the rejected record: it
/// does not prove which object the row was (an export that turned `00123` into `123` lost the
/// id), so it freezes removals like any other key of the wrong type. Such a row is still
/// rejected like any other; this says that its rejection cannot protect the object it belongs
/// to, because nobody knows which object that is.
fn unreadable_tables(s: &Snapshot) -> BTreeSet<KeyTable> {
    let lost = |keys: &[&str], defects: &[Defect], columns: &[&str]| {
        keys.iter().any(|k| k.trim().is_empty())
            || defects.iter().any(|d| columns.contains(&d.field))
    };
    let checks = [
        (
            KeyTable::OrganizationalUnits,
            s.organizational_units
                .iter()
                .any(|r| lost(&[&r.id], &r.defects, &["id"])),
        ),
        (
            KeyTable::Users,
            s.users.iter().any(|r| lost(&[&r.id], &r.defects, &["id"])),
        ),
        (
            KeyTable::Groups,
            s.groups.iter().any(|r| lost(&[&r.id], &r.defects, &["id"])),
        ),
        (
            KeyTable::UserOrganizationalUnits,
            s.user_organizational_units
                .iter()
                .any(|r| lost(&[&r.user_id, &r.ou_id], &r.defects, &["user_id", "ou_id"])),
        ),
        (
            KeyTable::GroupMembers,
            s.group_members.iter().any(|r| {
                lost(
                    &[&r.group_id, &r.user_id],
                    &r.defects,
                    &["group_id", "user_id"],
                )
            }),
        ),
        (
            KeyTable::UserCustomFields,
            s.user_custom_fields.iter().flatten().any(|r| {
                lost(
                    &[&r.user_id, &r.field_name],
                    &r.defects,
                    &["user_id", "field_name"],
                )
            }),
        ),
    ];
    checks
        .into_iter()
        .filter_map(|(table, any)| any.then_some(table))
        .collect()
}

/// Rejections collected so far, one per record.
#[derive(Default)]
pub(super) struct Rejects {
    list: Vec<Rejection>,
    records: HashMap<Kind, HashSet<String>>,
    members: BTreeSet<(ExtId, ExtId)>,
    user_ous: BTreeSet<(ExtId, ExtId)>,
}

impl Rejects {
    /// Reject an OU, user or group; a record already rejected keeps its first reason.
    fn record(&mut self, kind: Kind, id: &str, field: &str, reason: impl Into<String>) {
        if self.records.entry(kind).or_default().insert(id.to_owned()) {
            self.list.push(Rejection {
                kind,
                external_id: id.to_owned(),
                field: field.to_owned(),
                reason: reason.into(),
            });
        }
    }

    fn is_rejected(&self, kind: Kind, id: &str) -> bool {
        self.records.get(&kind).is_some_and(|ids| ids.contains(id))
    }

    /// Reject a `group_members` row.
    fn member(&mut self, group: &str, user: &str, field: &str, reason: String) {
        if self.members.insert((ExtId::from(group), ExtId::from(user))) {
            self.push_link(format!("{group}/{user}"), field, reason);
        }
    }

    /// Reject a `user_organizational_units` row.
    fn user_ou(&mut self, user: &str, ou: &str, field: &str, reason: String) {
        if self.user_ous.insert((ExtId::from(user), ExtId::from(ou))) {
            self.push_link(format!("{user}/{ou}"), field, reason);
        }
    }

    fn push_link(&mut self, external_id: String, field: &str, reason: String) {
        self.push_custom(Kind::Membership, &external_id, field.to_owned(), reason);
    }

    /// A rejection that does not reject its record as a whole.
    fn push_custom(&mut self, kind: Kind, external_id: &str, field: String, reason: String) {
        self.list.push(Rejection {
            kind,
            external_id: external_id.to_owned(),
            field,
            reason,
        });
    }
}

/// The first read defect of a row, as (field, reason).
fn first_defect(defects: &[Defect]) -> Option<(&'static str, String)> {
    defects
        .first()
        .map(|d| (d.field, format!("{} (could not be read)", d.reason)))
}

/// A row whose id could not be read, named by what can be: `field`'s value (a username, a
/// name), so the operator can find the row among thousands.
fn named_by(
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

fn has_defect(defects: &[Defect], field: &str) -> bool {
    defects.iter().any(|d| d.field == field)
}

/// The ids that occur more than once in one table, with their counts. Sorting, not hashing:
/// it needs no allocation per row and is faster on a million ids.
fn duplicate_ids<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    let mut duplicates = HashMap::new();
    for run in ids.chunk_by(|a, b| a == b).filter(|run| run.len() > 1) {
        duplicates.insert(run[0], run.len());
    }
    duplicates
}

/// The ids of the records sharing a value, for each value held by more than one record.
fn shared_values<K: Ord>(mut pairs: Vec<(K, &str)>) -> Vec<Vec<&str>> {
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    pairs
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| run.iter().map(|(_, id)| *id).collect::<Vec<&str>>())
        .filter(|ids| distinct_ids(ids))
        .collect()
}

/// Why a reference to `id` of `kind` cannot be followed, if it cannot.
fn refuse<V>(
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
struct Shrinking<T>(Vec<T>);

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
fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

/// "`a`, `b`, `c` and 2 more" — ids of the other holders of a duplicate value (never the value).
fn others(ids: &[&str], except: &str) -> String {
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
fn distinct_ids(ids: &[&str]) -> bool {
    ids.iter().any(|id| *id != ids[0])
}
