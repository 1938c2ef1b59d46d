//! What eiam-sync owns: the state store's map of external ID → EIAM ID, with who created it.

use std::collections::HashMap;

use super::ids::{EiamId, ExtId};
use super::kind::Kind;

/// How an object came under eiam-sync's management.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// eiam-sync created it.
    Created,
    /// It existed in EIAM with a matching external ID and eiam-sync took it over.
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
    /// Keyed fingerprint of what was last applied (no personal data in clear).
    pub fingerprint: Option<String>,
}

/// All owned objects, loaded from the state store before planning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ownership {
    pub objects: HashMap<(Kind, ExtId), Owned>,
}

impl Ownership {
    pub fn get(&self, kind: Kind, id: &ExtId) -> Option<&Owned> {
        self.objects.get(&(kind, id.clone()))
    }

    /// Whether the store records that eiam-sync created this EIAM object under this external ID.
    pub fn created(&self, kind: Kind, ext: &ExtId, eiam_id: &EiamId) -> bool {
        self.get(kind, ext)
            .is_some_and(|o| o.origin == Origin::Created && &o.eiam_id == eiam_id)
    }

    pub fn insert(&mut self, kind: Kind, ext: ExtId, owned: Owned) {
        self.objects.insert((kind, ext), owned);
    }
}
