//! What eiam-sync owns: the state store's map of external ID → EIAM ID, with who created it.

use std::collections::{BTreeMap, HashMap};

use super::adopt_key::AdoptKey;
use super::desired::DesiredState;
use super::ids::{EiamId, ExtId};
use super::kind::Kind;
use super::observed::ObservedState;

/// How an object came under eiam-sync's management.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// eiam-sync created it.
    Created,
    /// It existed in EIAM and eiam-sync took it over: found under the record's external ID,
    /// or matched by an adoption rule (see [`Owned::matched_by`]).
    Adopted,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Created => "created",
            Origin::Adopted => "adopted",
        }
    }
}

/// One owned object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    pub eiam_id: EiamId,
    pub origin: Origin,
    /// The adoption rule's key it was matched by; `None` unless an `Adopt` operation linked it
    /// to its record (its own external id then is not the record's: EIAM cannot change it).
    pub matched_by: Option<AdoptKey>,
    /// Keyed fingerprint of what was last applied (no personal data in clear).
    pub fingerprint: Option<String>,
}

impl Owned {
    /// Whether eiam-sync manages the object even once its record leaves the snapshot: it
    /// created it, or adopted it by a rule (which makes it eiam-sync's as if created).
    pub fn is_own(&self) -> bool {
        self.origin == Origin::Created || self.matched_by.is_some()
    }
}

/// All owned objects, loaded from the state store before planning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ownership {
    /// A B-tree packed in one pass when loaded: a hash table of a hundred thousand entries
    /// keeps twice their room.
    pub objects: BTreeMap<(Kind, ExtId), Owned>,
}

impl Ownership {
    pub fn get(&self, kind: Kind, id: &ExtId) -> Option<&Owned> {
        self.objects.get(&(kind, id.clone()))
    }

    /// Whether the store records this EIAM object under this external ID as eiam-sync's own:
    /// created by it, or adopted by a rule.
    pub fn owns(&self, kind: Kind, ext: &ExtId, eiam_id: &EiamId) -> bool {
        self.get(kind, ext)
            .is_some_and(|o| o.is_own() && &o.eiam_id == eiam_id)
    }

    /// Whether the store links this EIAM object to this external ID through an adoption rule.
    pub fn linked(&self, kind: Kind, ext: &ExtId, eiam_id: &EiamId) -> bool {
        self.get(kind, ext)
            .is_some_and(|o| o.matched_by.is_some() && &o.eiam_id == eiam_id)
    }

    /// The objects adopted by a rule: EIAM id → the external id of the record they are
    /// linked to.
    pub fn links(&self) -> HashMap<EiamId, ExtId> {
        (self.objects.iter())
            .filter(|(_, o)| o.matched_by.is_some())
            .map(|((_, ext), o)| (o.eiam_id.clone(), ext.clone()))
            .collect()
    }

    /// Point each record's ids at the allocations the snapshot and the observation already
    /// hold (loaded from the state store, each id is a copy of its own otherwise).
    pub fn share_ids(&mut self, desired: &DesiredState, observed: &ObservedState) {
        fn shared<K: Ord + Clone + std::borrow::Borrow<str>, V>(
            map: &BTreeMap<K, V>,
            id: &str,
        ) -> Option<K> {
            map.get_key_value(id).map(|(k, _)| k.clone())
        }
        let objects = std::mem::take(&mut self.objects);
        self.objects = (objects.into_iter())
            .map(|((kind, ext), mut o)| {
                let (e, id) = match kind {
                    Kind::OrganizationalUnit => (
                        shared(&desired.ous, ext.as_str()),
                        shared(&observed.ous, o.eiam_id.as_str()),
                    ),
                    Kind::User => (
                        shared(&desired.users, ext.as_str()),
                        shared(&observed.users, o.eiam_id.as_str()),
                    ),
                    Kind::Group => (
                        shared(&desired.groups, ext.as_str()),
                        shared(&observed.groups, o.eiam_id.as_str()),
                    ),
                    Kind::Membership => (None, None),
                };
                if let Some(id) = id {
                    o.eiam_id = id;
                }
                ((kind, e.unwrap_or(ext)), o)
            })
            .collect();
    }

    pub fn insert(&mut self, kind: Kind, ext: ExtId, owned: Owned) {
        self.objects.insert((kind, ext), owned);
    }
}
