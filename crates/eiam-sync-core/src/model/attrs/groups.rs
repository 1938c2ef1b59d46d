//! The group attribute set and its one mapping to and from the wire. Members are structure,
//! not an attribute: they change through `AddUsersToGroup` and `RemoveUsersFromGroup`.

use super::attr_set;
use crate::model::ids::ExtId;
use eiam_api::groups::{CreateGroupRequest, Group};

attr_set! {
    /// A group's attributes, as the snapshot wants them or as EIAM holds them.
    pub struct GroupAttrs /
    /// What a `PatchGroup` changes: only the attributes that differ are set.
    GroupPatch {
        patch {
            /// Treated as unique, conservatively.
            name: String => "name",
        }
        create_only {}
    }
}

impl GroupAttrs {
    /// The `CreateGroup` body for a group with these attributes.
    pub fn create_request(&self, external_id: &ExtId) -> CreateGroupRequest {
        CreateGroupRequest {
            group_name: self.name.clone(),
            group_external_id: Some(external_id.to_string()),
        }
    }

    /// The attributes of a group as EIAM returns it.
    pub fn from_wire(g: &Group) -> Self {
        GroupAttrs {
            name: g.group_name.clone().unwrap_or_default(),
        }
    }
}
