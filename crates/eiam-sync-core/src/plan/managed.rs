//! What the planner manages: whether an observed object is eiam-sync's, and the managed and
//! unmanaged objects it counts per kind.

use crate::model::{DesiredState, EiamId, ExtId, Kind, Ownership};

use super::engine::Planner;
use super::types::{ManagedCounts, Unmanaged};
use super::world::{self, Role};

impl Role {
    /// Whether the planner manages an object of this role (a snapshot record, a rejected one,
    /// or one eiam-sync created): what the guards' bases count.
    pub fn is_managed(self) -> bool {
        matches!(self, Role::Desired | Role::Frozen | Role::Orphan)
    }
}

/// Whether the planner manages an observed object (a snapshot record, a rejected one, or one
/// eiam-sync created): the objects whose memberships and numbers the guards' bases count.
pub fn is_managed(
    desired: &DesiredState,
    ownership: &Ownership,
    kind: Kind,
    ext: Option<&ExtId>,
    id: &EiamId,
    source_type: Option<&str>,
) -> bool {
    world::role_for(desired, ownership, kind, ext, id, source_type).is_managed()
}

pub(super) fn managed_counts(p: &Planner<'_>) -> ManagedCounts {
    let managed = Role::is_managed;
    let w = &p.world;
    [
        (
            Kind::OrganizationalUnit,
            w.ous.iter().filter(|o| managed(o.role)).count(),
        ),
        (
            Kind::User,
            w.users.iter().filter(|u| managed(u.role)).count(),
        ),
        (
            Kind::Group,
            w.groups.iter().filter(|g| managed(g.role)).count(),
        ),
        (
            Kind::Membership,
            w.groups
                .iter()
                .filter(|g| managed(g.role))
                .map(|g| g.members.len())
                .sum(),
        ),
    ]
    .into_iter()
    .map(|(k, n)| (k, n as u64))
    .collect()
}

pub(super) fn unmanaged_counts(p: &Planner<'_>) -> Unmanaged {
    let w = &p.world;
    let count = |n: usize| n as u64;
    Unmanaged {
        organizational_units: count(w.ous.iter().filter(|o| o.role == Role::Unmanaged).count()),
        users: count(w.users.iter().filter(|u| u.role == Role::Unmanaged).count()),
        groups: count(
            w.groups
                .iter()
                .filter(|g| g.role == Role::Unmanaged)
                .count(),
        ),
        other_sources: Default::default(),
    }
}
