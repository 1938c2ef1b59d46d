//! Objects adopted by a rule keep their own external id in EIAM (the API cannot change it);
//! the state store links each to its record. Observation gives them the record's external id,
//! so every later stage knows them as the record's object, exactly as one eiam-sync created.

use std::collections::HashMap;

use crate::model::{EiamId, ExtId, ObservedState, Ownership};

use super::targeted::Targeted;

/// EIAM id → the external id of the record an adoption linked the object to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links(HashMap<EiamId, ExtId>);

impl Links {
    /// The links the ownership map records.
    pub fn of(ownership: &Ownership) -> Self {
        Links(ownership.links())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The external id `id` is known by, if linked.
    fn give(&self, id: &EiamId, ext: &mut Option<ExtId>) {
        if let Some(e) = self.0.get(id) {
            *ext = Some(e.clone());
        }
    }

    /// Give every linked object of `state` its record's external id.
    pub fn observed(&self, state: &mut ObservedState) {
        if self.is_empty() {
            return;
        }
        for o in state.ous.values_mut() {
            self.give(&o.id, &mut o.external_id);
        }
        for u in state.users.values_mut() {
            self.give(&u.id, &mut u.external_id);
        }
        for g in state.groups.values_mut() {
            self.give(&g.id, &mut g.external_id);
        }
    }

    /// The same for what a targeted observation read.
    pub fn targeted(&self, found: &mut Targeted) {
        if self.is_empty() {
            return;
        }
        for o in found.ous.values_mut() {
            self.give(&o.id, &mut o.external_id);
        }
        for u in found.users.values_mut() {
            self.give(&u.id, &mut u.external_id);
        }
        for g in found.groups.values_mut() {
            self.give(&g.id, &mut g.external_id);
        }
    }

    /// The same for groups just listed.
    pub fn groups(&self, groups: &mut [crate::model::ObservedGroup]) {
        for g in groups {
            self.give(&g.id, &mut g.external_id);
        }
    }
}
