//! The organizational-unit attribute set and its one mapping to and from the wire. The parent
//! is structure, not an attribute: it changes through `PatchOrganizationalUnitParentId`.

use super::attr_set;
use crate::model::ids::{EiamId, ExtId};
use eiam_api::organizational_units::{
    CreateOrganizationalUnitRequest, OrganizationalUnit, PatchOrganizationalUnitRequest,
};

attr_set! {
    /// An OU's attributes, as the snapshot wants them or as EIAM holds them.
    pub struct OuAttrs /
    /// What a `PatchOrganizationalUnit` changes: only the attributes that differ are set.
    OuPatch {
        patch {
            /// Unique among siblings.
            name: String => "name",
            description: Option<String> => "description",
        }
        create_only {}
    }
}

impl OuAttrs {
    /// The `CreateOrganizationalUnit` body for an OU with these attributes.
    pub fn create_request(
        &self,
        parent: &EiamId,
        external_id: &ExtId,
    ) -> CreateOrganizationalUnitRequest {
        CreateOrganizationalUnitRequest {
            parent_id: parent.to_string(),
            organizational_unit_name: self.name.clone(),
            description: self.description.clone(),
            organizational_unit_external_id: Some(external_id.to_string()),
        }
    }

    /// The attributes of an OU as EIAM returns it.
    pub fn from_wire(o: &OrganizationalUnit) -> Self {
        OuAttrs {
            name: o.organizational_unit_name.clone().unwrap_or_default(),
            description: o.description.clone(),
        }
    }
}

impl OuPatch {
    /// A patch of the name alone.
    pub fn rename(name: String) -> Self {
        OuPatch {
            name: Some(name),
            description: None,
        }
    }

    /// The `PatchOrganizationalUnit` body: exactly the attributes the patch changes.
    pub fn request(&self) -> PatchOrganizationalUnitRequest {
        PatchOrganizationalUnitRequest {
            organizational_unit_name: self.name.clone(),
            description: self.description.clone(),
        }
    }
}
