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
mod shared;
mod users;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use super::attrs::CustomFields;
use super::desired::{CustomFieldScope, DesiredState, KeyTable, Rejection};
use super::ids::ExtId;
use super::snapshot::{Defect, Snapshot};

pub use custom_fields::CustomFieldValues;
use shared::Rejects;

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
