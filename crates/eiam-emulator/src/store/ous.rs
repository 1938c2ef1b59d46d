//! Organizational units: a tree under one root; names unique among siblings, external IDs
//! unique per source; moves refuse cycles; only empty OUs can be deleted.

use axum::http::StatusCode;

use super::records::{BUILD_IN, OuRec, at, boxed};
use super::{Directory, SeqList, key_reader, keys, new_id, now_ms};
use crate::error::ApiError;

impl Directory {
    fn check_sibling_name(&self, parent: u32, name: &str, me: Option<u32>) -> Result<(), ApiError> {
        match self
            .ou_names
            .get(parent, name, key_reader(&self.ous, keys::ou_name))
        {
            Some(other) if Some(other) != me => Err(ApiError::duplicated(
                StatusCode::BAD_REQUEST,
                "OrganizationalUnitName",
                name,
            )),
            _ => Ok(()),
        }
    }

    /// `CreateOrganizationalUnit`; returns the new OU id.
    pub fn create_ou(
        &mut self,
        app: &str,
        parent_id: &str,
        name: String,
        description: Option<String>,
        external_id: Option<String>,
    ) -> Result<String, ApiError> {
        let parent = self.scoped_ou(app, parent_id)?;
        self.check_sibling_name(parent, &name, None)?;
        let mut id = new_id("ou_");
        while self.find_ou(&id).is_some() {
            id = new_id("ou_");
        }
        let external_id = external_id.unwrap_or_else(|| id.clone());
        if self
            .ou_ext
            .get(BUILD_IN, &external_id, key_reader(&self.ous, keys::ou_ext))
            .is_some()
        {
            return Err(ApiError::duplicated(
                StatusCode::BAD_REQUEST,
                "OrganizationalUnitExternalId",
                &external_id,
            ));
        }
        let now = now_ms();
        self.insert_ou(OuRec {
            id: id.clone().into(),
            name: name.into(),
            external_id: external_id.into(),
            source: BUILD_IN,
            parent: Some(parent),
            description: boxed(description),
            children: SeqList::new(),
            members: SeqList::new(),
            create_time: now,
            update_time: now,
        });
        Ok(id)
    }

    /// `PatchOrganizationalUnit`: rename (unique among siblings) and/or describe; an empty
    /// description clears it.
    pub fn patch_ou(
        &mut self,
        app: &str,
        id: &str,
        name: Option<String>,
        description: Option<String>,
    ) -> Result<(), ApiError> {
        let seq = self.scoped_ou(app, id)?;
        let parent = self.ou(seq).and_then(|o| o.parent);
        if let (Some(name), Some(p)) = (&name, parent) {
            self.check_sibling_name(p, name, Some(seq))?;
        }
        if let (Some(new), Some(p)) = (&name, parent)
            && let Some(old) = self.ou(seq).map(|o| o.name.clone())
        {
            self.ou_names.remove(p, &old, seq);
            if let Some(o) = self.ou_mut(seq) {
                o.name = new.as_str().into();
            }
            self.ou_names
                .insert(p, new, seq, key_reader(&self.ous, keys::ou_name));
        }
        if let Some(o) = self.ou_mut(seq) {
            if parent.is_none()
                && let Some(new) = name
            {
                o.name = new.into();
            }
            if let Some(d) = description {
                o.description = boxed(Some(d));
            }
            o.update_time = now_ms();
        }
        Ok(())
    }

    fn root_denied(&self, id: &str) -> ApiError {
        ApiError::denied(
            "RootOrganizationalUnit",
            format!("The root organizational unit {id} cannot be moved or deleted."),
        )
    }

    /// `PatchOrganizationalUnitParentId`: refuses the root, a move under the OU itself or one
    /// of its descendants (emulator code `OperationDenied.OrganizationalUnitCycle`), and a name
    /// already used under the new parent.
    pub fn move_ou(&mut self, app: &str, id: &str, parent_id: &str) -> Result<(), ApiError> {
        let seq = self.scoped_ou(app, id)?;
        let new_parent = self.scoped_ou(app, parent_id)?;
        let Some(old_parent) = self.ou(seq).and_then(|o| o.parent) else {
            return Err(self.root_denied(id));
        };
        let mut cur = Some(new_parent);
        while let Some(c) = cur {
            if c == seq {
                return Err(ApiError::denied(
                    "OrganizationalUnitCycle",
                    format!(
                        "The organizational unit {id} cannot be moved under itself or one of its descendants ({parent_id})."
                    ),
                ));
            }
            cur = self.ou(c).and_then(|o| o.parent);
        }
        if new_parent == old_parent {
            return Ok(());
        }
        let name = self.ou(seq).map(|o| o.name.clone()).unwrap_or_default();
        self.check_sibling_name(new_parent, &name, Some(seq))?;
        self.ou_names.remove(old_parent, &name, seq);
        if let Some(p) = self.ou_mut(old_parent) {
            p.children.remove(seq);
        }
        if let Some(o) = self.ou_mut(seq) {
            o.parent = Some(new_parent);
            o.update_time = now_ms();
        }
        if let Some(p) = self.ou_mut(new_parent) {
            p.children.insert(seq);
        }
        self.ou_names
            .insert(new_parent, &name, seq, key_reader(&self.ous, keys::ou_name));
        Ok(())
    }

    /// `DeleteOrganizationalUnit`: only an OU without child OUs and without members (primary or
    /// secondary) can go — emulator code `OperationDenied.OrganizationalUnitNotEmpty`, after the
    /// sibling API's documented rule. The root cannot be deleted.
    pub fn delete_ou(&mut self, app: &str, id: &str) -> Result<(), ApiError> {
        let seq = self.scoped_ou(app, id)?;
        let Some(o) = at(&self.ous, seq) else {
            return Ok(());
        };
        let Some(parent) = o.parent else {
            return Err(self.root_denied(id));
        };
        if !o.children.is_empty() || !o.members.is_empty() {
            return Err(ApiError::denied(
                "OrganizationalUnitNotEmpty",
                format!(
                    "The organizational unit {id} still has {} child organizational units and {} users.",
                    o.children.len(),
                    o.members.len()
                ),
            ));
        }
        self.ou_ids.remove(0, &o.id, seq);
        self.ou_ext.remove(o.source, &o.external_id, seq);
        self.ou_names.remove(parent, &o.name, seq);
        if let Some(p) = self.ou_mut(parent) {
            p.children.remove(seq);
        }
        if let Some(slot) = self.ous.get_mut(seq as usize) {
            *slot = None;
        }
        self.scope_forget(Some(seq), None);
        Ok(())
    }

    /// `GetOrganizationalUnitIdByExternalId`; a miss (or an out-of-scope OU) is 400
    /// `ResourceNotFound.OrganizationalUnitId`, by analogy with the user lookups.
    pub fn lookup_ou(
        &self,
        app: &str,
        source_type: &str,
        source_id: &str,
        external_id: &str,
    ) -> Result<String, ApiError> {
        self.sources
            .find(source_type, source_id)
            .and_then(|src| {
                self.ou_ext
                    .get(src, external_id, key_reader(&self.ous, keys::ou_ext))
            })
            .filter(|&s| self.ou_in_scope(app, s))
            .and_then(|s| self.ou(s))
            .map(|o| o.id.to_string())
            .ok_or_else(|| ApiError::lookup_not_found("OrganizationalUnitId", external_id))
    }

    /// `ListOrganizationalUnitParentIds`: ancestors from the top down to the direct parent,
    /// only those inside the scope.
    pub fn parent_ids(&self, app: &str, id: &str) -> Result<Vec<String>, ApiError> {
        let seq = self.scoped_ou(app, id)?;
        let mut ids = Vec::new();
        let mut cur = self.ou(seq).and_then(|o| o.parent);
        while let Some(c) = cur {
            let Some(o) = self.ou(c) else { break };
            if self.ou_in_scope(app, c) {
                ids.push(o.id.to_string());
            }
            cur = o.parent;
        }
        ids.reverse();
        Ok(ids)
    }

    /// The members (primary or secondary) of `ou` and of every OU below it, each once, in
    /// creation order. Costs the size of the subtree: the emulator serves this reading for
    /// tests, not for million-user benchmarks.
    pub(crate) fn subtree_members(&self, ou: u32) -> Vec<u32> {
        let mut members = Vec::new();
        let mut stack = vec![ou];
        while let Some(o) = stack.pop() {
            let Some(rec) = self.ou(o) else { continue };
            members.extend(rec.members.iter());
            stack.extend(rec.children.iter());
        }
        members.sort_unstable();
        members.dedup();
        members
    }
}
