//! What EIAM holds in the managed subtree, as observed through the API, keyed by EIAM ID.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::attrs::{GroupAttrs, OuAttrs, UserAttrs};
use super::desired::{DesiredState, KeyTable};
use super::ids::{EiamId, ExtId};
use super::kind::UserStatus;
use super::small_set::SmallSet;

/// An organizational unit in EIAM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedOu {
    pub id: EiamId,
    pub external_id: Option<ExtId>,
    /// `None` only for the instance root.
    pub parent_id: Option<EiamId>,
    pub attrs: OuAttrs,
    /// Another source (DingTalk, AD, LDAP, ...) keeps the object; `None` (or `build_in`) for
    /// objects made through the API or the console.
    pub source_type: Option<String>,
}

/// An account in EIAM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedUser {
    pub id: EiamId,
    pub external_id: Option<ExtId>,
    /// Extended fields are only those observation read (ListUsers does not return them).
    /// Shared: an incremental run's settled accounts point at their snapshot records' values.
    pub attrs: Arc<UserAttrs>,
    pub status: UserStatus,
    /// The primary OU, when known.
    pub primary_ou: Option<EiamId>,
    /// Every OU the user belongs to (primary included) that observation saw.
    pub ous: SmallSet<EiamId>,
    /// As for OUs: `None` (or `build_in`) unless another source keeps the account.
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
    /// Narrows the extended fields observed to what this run may change: only managed names
    /// are kept (whatever read them); on the snapshot's users, a value of a rejected
    /// `user_custom_fields` row is hidden (so it is neither replaced nor removed), and while a
    /// row of that table cannot be identified, so is every value the snapshot does not give
    /// (so none is removed).
    pub fn scope_custom_fields(&mut self, desired: &DesiredState) {
        let scope = &desired.custom_fields;
        let frozen = desired.is_unreadable(KeyTable::UserCustomFields);
        for u in self.users.values_mut() {
            if u.attrs
                .custom_fields
                .iter()
                .any(|(n, _)| !scope.is_managed(n))
            {
                Arc::make_mut(&mut u.attrs)
                    .custom_fields
                    .retain_managed(|n| scope.is_managed(n));
            }
            if u.attrs.custom_fields.is_empty() {
                continue;
            }
            if scope.rejected.is_empty() && !frozen {
                continue;
            }
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
                    Arc::make_mut(&mut u.attrs).custom_fields.remove(&name);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::desired::DesiredUser;
    use crate::model::{CustomFields, UserStatus};

    fn observed(id: &str, fields: &[(&str, &str)]) -> ObservedUser {
        ObservedUser {
            id: EiamId::new(format!("user_{id}")),
            external_id: Some(ExtId::from(id)),
            attrs: std::sync::Arc::new(UserAttrs {
                custom_fields: fields.iter().copied().collect(),
                ..Default::default()
            }),
            status: UserStatus::Enabled,
            primary_ou: None,
            ous: SmallSet::new(),
            source_type: None,
        }
    }

    fn fields(s: &ObservedState, id: &str) -> Vec<(String, String)> {
        let u = &s.users[&EiamId::new(format!("user_{id}"))];
        u.attrs
            .custom_fields
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    fn desired_user(id: &str, fields: &[(&str, &str)]) -> (ExtId, DesiredUser) {
        let attrs = UserAttrs {
            custom_fields: fields.iter().copied().collect::<CustomFields>(),
            ..Default::default()
        };
        let u = DesiredUser {
            external_id: ExtId::from(id),
            attrs: Arc::new(attrs),
            primary_ou: ExtId::from("hq"),
            secondary_ous: BTreeSet::new(),
            status: UserStatus::Enabled,
        };
        (ExtId::from(id), u)
    }

    #[test]
    fn only_managed_values_that_may_change_stay_observed() {
        let mut s = ObservedState::default();
        for u in [
            observed(
                "a",
                &[
                    ("badge", "7"),
                    ("cost_center", "X"),
                    ("employee_number", "1"),
                ],
            ),
            observed("b", &[("cost_center", "Y")]),
            observed("stranger", &[("badge", "9"), ("cost_center", "Z")]),
        ] {
            s.users.insert(u.id.clone(), u);
        }
        let mut desired = DesiredState::default();
        desired
            .users
            .extend([desired_user("a", &[]), desired_user("b", &[])]);
        desired.custom_fields.managed = ["cost_center", "employee_number"].map(String::from).into();
        desired
            .custom_fields
            .rejected
            .insert((ExtId::from("a"), "employee_number".into()));
        let mut plain = s.clone();
        plain.scope_custom_fields(&desired);
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(fields(&plain, "a"), [pair("cost_center", "X")]);
        assert_eq!(fields(&plain, "b"), [pair("cost_center", "Y")]);
        assert_eq!(fields(&plain, "stranger"), [pair("cost_center", "Z")]);

        desired.unreadable.insert(KeyTable::UserCustomFields);
        desired
            .users
            .extend([desired_user("b", &[("cost_center", "W")])]);
        s.scope_custom_fields(&desired);
        assert!(fields(&s, "a").is_empty(), "nothing of `a` may be removed");
        assert_eq!(
            fields(&s, "b"),
            [pair("cost_center", "Y")],
            "still replaced"
        );
    }
}
