//! What EIAM holds in the managed subtree, as observed through the API, keyed by EIAM ID.

use std::collections::{BTreeMap, BTreeSet};

use super::attrs::{GroupAttrs, OuAttrs, UserAttrs};
use super::desired::{DesiredState, KeyTable};
use super::ids::{EiamId, ExtId};
use super::kind::UserStatus;

/// An organizational unit in EIAM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedOu {
    pub id: EiamId,
    pub external_id: Option<ExtId>,
    /// `None` only for the instance root.
    pub parent_id: Option<EiamId>,
    pub attrs: OuAttrs,
    /// `build_in` for objects created through the API; others come from DingTalk, AD or LDAP
    /// and are never matched to snapshot records.
    pub source_type: Option<String>,
}

/// An account in EIAM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedUser {
    pub id: EiamId,
    pub external_id: Option<ExtId>,
    /// Extended fields are only those observation read (ListUsers does not return them).
    pub attrs: UserAttrs,
    pub status: UserStatus,
    /// The primary OU, when known.
    pub primary_ou: Option<EiamId>,
    /// Every OU the user belongs to (primary included) that observation saw.
    pub ous: BTreeSet<EiamId>,
    pub source_type: Option<String>,
}

/// A group in EIAM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedGroup {
    pub id: EiamId,
    pub external_id: Option<ExtId>,
    pub attrs: GroupAttrs,
    pub source_type: Option<String>,
}

/// The observed state of the managed part of EIAM.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObservedState {
    /// The sync root: the EIAM OU that mirrors the snapshot's top level.
    pub root: EiamId,
    /// The root and every OU below it.
    pub ous: BTreeMap<EiamId, ObservedOu>,
    /// Every user in at least one OU of the subtree.
    pub users: BTreeMap<EiamId, ObservedUser>,
    /// Every group visible to the application.
    pub groups: BTreeMap<EiamId, ObservedGroup>,
    /// Members of the groups that were listed (managed groups): group ID → user IDs.
    pub members: BTreeMap<EiamId, BTreeSet<EiamId>>,
}

impl ObservedState {
    /// Narrows the extended fields observed on the snapshot's users to what this run may
    /// change: a value of a rejected `user_custom_fields` row is hidden (so it is neither
    /// replaced nor removed), and while a row of that table cannot be identified, so is every
    /// value the snapshot does not give (so none is removed). Observation already kept only
    /// the managed names.
    pub fn scope_custom_fields(&mut self, desired: &DesiredState) {
        let scope = &desired.custom_fields;
        let frozen = desired.is_unreadable(KeyTable::UserCustomFields);
        if scope.managed.is_empty() || (scope.rejected.is_empty() && !frozen) {
            return;
        }
        for u in self.users.values_mut() {
            let Some(d) = u.external_id.as_ref().and_then(|e| desired.users.get(e)) else {
                continue;
            };
            let names: Vec<String> = u
                .attrs
                .custom_fields
                .iter()
                .map(|(k, _)| k.to_owned())
                .collect();
            for name in names {
                let rejected = scope
                    .rejected
                    .contains(&(d.external_id.clone(), name.clone()));
                let wanted = d.attrs.custom_fields.get(&name).is_some();
                if rejected || (frozen && !wanted) {
                    u.attrs.custom_fields.remove(&name);
                }
            }
        }
    }
}
