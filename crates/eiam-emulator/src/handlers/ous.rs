//! Organizational-unit operations and the provisioning scope.

use super::{Cx, Endpoint};
use crate::error::ApiError;
use crate::validate::{self, optional, required, rule};
use eiam_api::ops::{
    CreateOrganizationalUnit, DeleteOrganizationalUnit, GetApplicationProvisioningScope,
    GetOrganizationalUnit, GetOrganizationalUnitIdByExternalId, ListOrganizationalUnitParentIds,
    ListOrganizationalUnits, PatchOrganizationalUnit, PatchOrganizationalUnitParentId,
};
use eiam_api::organizational_units::{
    CreateOrganizationalUnitRequest, CreateOrganizationalUnitResponse,
    GetOrganizationalUnitIdByExternalIdRequest, GetOrganizationalUnitIdByExternalIdResponse,
    ListOrganizationalUnitParentIdsResponse, ListOrganizationalUnitsQuery,
    ListOrganizationalUnitsResponse, OrganizationalUnit, PatchOrganizationalUnitParentIdRequest,
    PatchOrganizationalUnitRequest,
};
use eiam_api::rules;
use eiam_api::scope::GetApplicationProvisioningScopeResponse;
use eiam_api::{Empty, NoBody, NoQuery};

impl Endpoint for CreateOrganizationalUnit {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: CreateOrganizationalUnitRequest,
    ) -> Result<CreateOrganizationalUnitResponse, ApiError> {
        required("organizationalUnitName", &b.organizational_unit_name)?;
        rule(
            "organizationalUnitName",
            rules::ou_name(&b.organizational_unit_name),
        )?;
        required("parentId", &b.parent_id)?;
        optional(
            "description",
            b.description.as_deref(),
            rules::ou_description,
        )?;
        optional(
            "organizationalUnitExternalId",
            b.organizational_unit_external_id.as_deref(),
            rules::external_id,
        )?;
        let id = cx.shared.dir_mut().create_ou(
            cx.app(),
            &b.parent_id,
            b.organizational_unit_name,
            b.description,
            b.organizational_unit_external_id.filter(|e| !e.is_empty()),
        )?;
        Ok(CreateOrganizationalUnitResponse {
            organizational_unit_id: Some(id),
        })
    }
}

impl Endpoint for GetOrganizationalUnit {
    fn handle(cx: &Cx<'_>, _: NoQuery, _: NoBody) -> Result<OrganizationalUnit, ApiError> {
        cx.shared
            .dir()
            .get_ou(cx.app(), cx.param("organizationalUnitId"))
    }
}

impl Endpoint for ListOrganizationalUnits {
    fn handle(
        cx: &Cx<'_>,
        q: ListOrganizationalUnitsQuery,
        _: NoBody,
    ) -> Result<ListOrganizationalUnitsResponse, ApiError> {
        required("parentId", &q.parent_id)?;
        let (offset, limit) = validate::page(q.page_number, q.page_size)?;
        // `ou_root` is not accepted as an alias of the root: the docs hint at it but nothing
        // confirms it (docs/eiam-api.md, open question 10); clients should use the scope's OU ids.
        let (data, total) = cx
            .shared
            .dir()
            .list_ous(cx.app(), &q.parent_id, offset, limit)?;
        Ok(ListOrganizationalUnitsResponse {
            data: Some(data),
            total_count: i64::try_from(total).ok(),
        })
    }
}

impl Endpoint for PatchOrganizationalUnit {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: PatchOrganizationalUnitRequest,
    ) -> Result<Empty, ApiError> {
        if let Some(name) = &b.organizational_unit_name {
            required("organizationalUnitName", name)?;
            rule("organizationalUnitName", rules::ou_name(name))?;
        }
        optional(
            "description",
            b.description.as_deref(),
            rules::ou_description,
        )?;
        cx.shared.dir_mut().patch_ou(
            cx.app(),
            cx.param("organizationalUnitId"),
            b.organizational_unit_name,
            b.description,
        )?;
        Ok(Empty {})
    }
}

impl Endpoint for PatchOrganizationalUnitParentId {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: PatchOrganizationalUnitParentIdRequest,
    ) -> Result<Empty, ApiError> {
        required("parentId", &b.parent_id)?;
        cx.shared
            .dir_mut()
            .move_ou(cx.app(), cx.param("organizationalUnitId"), &b.parent_id)?;
        Ok(Empty {})
    }
}

impl Endpoint for DeleteOrganizationalUnit {
    fn handle(cx: &Cx<'_>, _: NoQuery, _: NoBody) -> Result<Empty, ApiError> {
        cx.shared
            .dir_mut()
            .delete_ou(cx.app(), cx.param("organizationalUnitId"))?;
        Ok(Empty {})
    }
}

impl Endpoint for ListOrganizationalUnitParentIds {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        _: NoBody,
    ) -> Result<ListOrganizationalUnitParentIdsResponse, ApiError> {
        let ids = cx
            .shared
            .dir()
            .parent_ids(cx.app(), cx.param("organizationalUnitId"))?;
        Ok(ListOrganizationalUnitParentIdsResponse {
            parent_ids: Some(ids),
        })
    }
}

impl Endpoint for GetOrganizationalUnitIdByExternalId {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: GetOrganizationalUnitIdByExternalIdRequest,
    ) -> Result<GetOrganizationalUnitIdByExternalIdResponse, ApiError> {
        required(
            "organizationalUnitExternalId",
            &b.organizational_unit_external_id,
        )?;
        validate::source_type(
            "organizationalUnitSourceType",
            &b.organizational_unit_source_type,
        )?;
        required(
            "organizationalUnitSourceId",
            &b.organizational_unit_source_id,
        )?;
        let id = cx.shared.dir().lookup_ou(
            cx.app(),
            &b.organizational_unit_source_type,
            &b.organizational_unit_source_id,
            &b.organizational_unit_external_id,
        )?;
        Ok(GetOrganizationalUnitIdByExternalIdResponse {
            organizational_unit_id: Some(id),
        })
    }
}

impl Endpoint for GetApplicationProvisioningScope {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        _: NoBody,
    ) -> Result<GetApplicationProvisioningScopeResponse, ApiError> {
        let (ous, groups) = cx.shared.dir().provisioning_scope(cx.app());
        Ok(GetApplicationProvisioningScopeResponse {
            group_ids: Some(groups),
            organizational_unit_ids: Some(ous),
        })
    }
}
