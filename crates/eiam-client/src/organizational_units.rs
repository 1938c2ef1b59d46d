//! Organizational units: the tree of OUs, read, listed, created, renamed, moved, deleted.

use futures_util::Stream;
use tracing::instrument;

use super::client::Client;
use super::error::EiamError;
use super::page::{self, Cursor, PAGE_SIZE, Page};
use super::shared::{BUILD_IN, created, found};
use super::types::organizational_units::{
    CreateOrganizationalUnitRequest, GetOrganizationalUnitIdByExternalIdRequest,
    ListOrganizationalUnitsQuery, OrganizationalUnit, PatchOrganizationalUnitParentIdRequest,
    PatchOrganizationalUnitRequest,
};
use super::types::{NoQuery, Operation, OrganizationalUnitId, ops};

/// The organizational-unit operations.
pub struct OrganizationalUnits<'a> {
    client: &'a Client,
}

impl Client {
    /// The organizational-unit operations.
    pub fn organizational_units(&self) -> OrganizationalUnits<'_> {
        OrganizationalUnits { client: self }
    }
}

impl OrganizationalUnits<'_> {
    /// `GetOrganizationalUnit`. An unknown or out-of-scope id fails with
    /// `OrganizationUnitIdNotInScopes` (see `EiamError::is_not_in_scope`).
    #[instrument(skip(self, ou_id), fields(%ou_id))]
    pub async fn get(&self, ou_id: &OrganizationalUnitId) -> Result<OrganizationalUnit, EiamError> {
        self.client
            .execute::<ops::GetOrganizationalUnit>(
                &[("organizationalUnitId", ou_id.as_str())],
                &NoQuery {},
                None,
            )
            .await
    }

    /// `ListOrganizationalUnits`: the direct children of `parent_id`, 100 per request, fetched
    /// as the stream is consumed.
    pub fn list_children(
        &self,
        parent_id: &OrganizationalUnitId,
    ) -> impl Stream<Item = Result<OrganizationalUnit, EiamError>> + Send + use<> {
        let client = self.client.clone();
        let parent = parent_id.clone();
        page::items(
            ops::ListOrganizationalUnits::ACTION,
            Cursor::PageNumber(1),
            move |cursor| {
                let (client, parent) = (client.clone(), parent.clone());
                async move {
                    client
                        .organizational_units()
                        .list_children_page(&parent, page::page_number(&cursor), PAGE_SIZE)
                        .await
                }
            },
        )
    }

    /// One page of `ListOrganizationalUnits` (`page_number` from 1, `page_size` 1..=100).
    #[instrument(skip(self, parent_id), fields(%parent_id))]
    pub async fn list_children_page(
        &self,
        parent_id: &OrganizationalUnitId,
        page_number: i64,
        page_size: i64,
    ) -> Result<Page<OrganizationalUnit>, EiamError> {
        let query = ListOrganizationalUnitsQuery {
            page_number: Some(page_number),
            page_size: Some(page_size),
            parent_id: parent_id.as_str().to_owned(),
        };
        let r = self
            .client
            .execute::<ops::ListOrganizationalUnits>(&[], &query, None)
            .await?;
        Ok(Page::numbered(
            r.data.unwrap_or_default(),
            r.total_count,
            page_number,
            page_size,
        ))
    }

    /// `CreateOrganizationalUnit`; returns the new OU id. Never re-sent when the outcome is
    /// unknown: ask [`OrganizationalUnits::id_by_external_id`] before trying again.
    #[instrument(skip_all, fields(name = %request.organizational_unit_name, parent = %request.parent_id))]
    pub async fn create(
        &self,
        request: &CreateOrganizationalUnitRequest,
    ) -> Result<OrganizationalUnitId, EiamError> {
        let r = self
            .client
            .execute::<ops::CreateOrganizationalUnit>(&[], &NoQuery {}, Some(request))
            .await?;
        created(
            ops::CreateOrganizationalUnit::ACTION,
            r.organizational_unit_id,
        )
    }

    /// `PatchOrganizationalUnit`: name and/or description.
    #[instrument(skip(self, patch, ou_id), fields(%ou_id))]
    pub async fn patch(
        &self,
        ou_id: &OrganizationalUnitId,
        patch: &PatchOrganizationalUnitRequest,
    ) -> Result<(), EiamError> {
        self.client
            .execute::<ops::PatchOrganizationalUnit>(
                &[("organizationalUnitId", ou_id.as_str())],
                &NoQuery {},
                Some(patch),
            )
            .await?;
        Ok(())
    }

    /// `PatchOrganizationalUnitParentId`: move the OU under `parent_id`.
    #[instrument(skip(self, ou_id, parent_id), fields(%ou_id, %parent_id))]
    pub async fn set_parent(
        &self,
        ou_id: &OrganizationalUnitId,
        parent_id: &OrganizationalUnitId,
    ) -> Result<(), EiamError> {
        let body = PatchOrganizationalUnitParentIdRequest {
            parent_id: parent_id.as_str().to_owned(),
        };
        self.client
            .execute::<ops::PatchOrganizationalUnitParentId>(
                &[("organizationalUnitId", ou_id.as_str())],
                &NoQuery {},
                Some(&body),
            )
            .await?;
        Ok(())
    }

    /// `DeleteOrganizationalUnit` (EIAM refuses OUs that still have children or members).
    #[instrument(skip(self, ou_id), fields(%ou_id))]
    pub async fn delete(&self, ou_id: &OrganizationalUnitId) -> Result<(), EiamError> {
        self.client
            .execute::<ops::DeleteOrganizationalUnit>(
                &[("organizationalUnitId", ou_id.as_str())],
                &NoQuery {},
                None,
            )
            .await?;
        Ok(())
    }

    /// `ListOrganizationalUnitParentIds`: ancestors from the top (inside the provisioning
    /// scope) down to the direct parent.
    #[instrument(skip(self, ou_id), fields(%ou_id))]
    pub async fn parent_ids(
        &self,
        ou_id: &OrganizationalUnitId,
    ) -> Result<Vec<OrganizationalUnitId>, EiamError> {
        let r = self
            .client
            .execute::<ops::ListOrganizationalUnitParentIds>(
                &[("organizationalUnitId", ou_id.as_str())],
                &NoQuery {},
                None,
            )
            .await?;
        Ok(r.parent_ids
            .unwrap_or_default()
            .into_iter()
            .map(OrganizationalUnitId::from)
            .collect())
    }

    /// The OU created through this API with `organizationalUnitExternalId = external_id`
    /// (source `build_in`, source id the instance); `Ok(None)` if there is none.
    pub async fn id_by_external_id(
        &self,
        external_id: &str,
    ) -> Result<Option<OrganizationalUnitId>, EiamError> {
        let instance = self.client.instance_id().to_owned();
        self.id_by_external_id_in(external_id, BUILD_IN, &instance)
            .await
    }

    /// `GetOrganizationalUnitIdByExternalId` for any source.
    ///
    /// A miss answers `ResourceNotFound.*` (taken as `Ok(None)`). An
    /// `OrganizationUnitIdNotInScopes` answer stays an error: it may mean the OU exists outside
    /// the provisioning scope, and "absent" would invite creating a duplicate.
    #[instrument(skip(self))]
    pub async fn id_by_external_id_in(
        &self,
        external_id: &str,
        source_type: &str,
        source_id: &str,
    ) -> Result<Option<OrganizationalUnitId>, EiamError> {
        let body = GetOrganizationalUnitIdByExternalIdRequest {
            organizational_unit_external_id: external_id.to_owned(),
            organizational_unit_source_id: source_id.to_owned(),
            organizational_unit_source_type: source_type.to_owned(),
        };
        let r = self
            .client
            .execute::<ops::GetOrganizationalUnitIdByExternalId>(&[], &NoQuery {}, Some(&body))
            .await;
        found(
            ops::GetOrganizationalUnitIdByExternalId::ACTION,
            r.map(|r| r.organizational_unit_id),
        )
    }
}
