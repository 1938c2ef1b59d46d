//! Validation of raw snapshot rows into the desired model, rejecting record by record.
//!
//! Every record is checked against EIAM's field rules ([`super::rules`]), the required pairs,
//! uniqueness and references. A record that breaks a rule is rejected with one [`Rejection`]
//! (the first rule it breaks, in column order) and recorded in the `rejected*` sets of
//! [`DesiredState`], so nothing rejected is ever removed from EIAM; rejections cascade down to
//! what depends on the record. Everything else proceeds.

mod groups;
mod links;
mod ous;
mod users;

#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap, HashSet};

use super::desired::{DesiredState, Rejection};
use super::ids::ExtId;
use super::kind::Kind;
use super::snapshot::{Defect, Snapshot};

/// The outcome of validation: what to sync, and what was rejected and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validated {
    pub desired: DesiredState,
    /// One per rejected record, sorted by kind and source id.
    pub rejections: Vec<Rejection>,
}

/// Validate a snapshot. Linear in its size apart from sorting; never fails.
pub fn validate(snapshot: Snapshot) -> Validated {
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

    let mut rejections = rejects.list;
    rejections.sort_by(|a, b| {
        (a.kind, &a.external_id, &a.field).cmp(&(b.kind, &b.external_id, &b.field))
    });
    let mut rejected = BTreeSet::new();
    for (kind, ids) in rejects.records {
        rejected.extend(ids.into_iter().map(|id| (kind, ExtId(id))));
    }
    Validated {
        desired: DesiredState {
            ous: ous.valid,
            users: users.valid,
            groups: groups.valid,
            members,
            rejected,
            rejected_members: rejects.members,
            rejected_user_ous: rejects.user_ous,
        },
        rejections,
    }
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
        self.list.push(Rejection {
            kind: Kind::Membership,
            external_id,
            field: field.to_owned(),
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

fn has_defect(defects: &[Defect], field: &str) -> bool {
    defects.iter().any(|d| d.field == field)
}

/// How often each id occurs in one table.
fn id_counts<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u32> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for id in ids {
        *counts.entry(id).or_default() += 1;
    }
    counts
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
