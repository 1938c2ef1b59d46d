//! Groups: flat, names and external IDs unique; a group with members cannot be deleted.

use axum::http::StatusCode;

use super::records::{BUILD_IN, GroupRec, at};
use super::{Directory, SeqList, key_reader, keys, new_id, now_ms};
use crate::error::ApiError;

impl Directory {
    /// Group-name uniqueness is undocumented (docs/eiam-api.md, open question 7); the emulator
    /// enforces it, the stricter reading, with `ResourceDuplicated.GroupName` (400).
    fn check_group_name(&self, name: &str, me: Option<u32>) -> Result<(), ApiError> {
        match self
            .group_names
            .get(0, name, key_reader(&self.groups, keys::group_name))
        {
            Some(other) if Some(other) != me => Err(ApiError::duplicated(
                StatusCode::BAD_REQUEST,
                "GroupName",
                name,
            )),
            _ => Ok(()),
        }
    }

    /// `CreateGroup`; returns the new group id.
    pub fn create_group(
        &mut self,
        app: &str,
        name: String,
        external_id: Option<String>,
    ) -> Result<String, ApiError> {
        self.check_group_name(&name, None)?;
        let mut id = new_id("group_");
        while self.find_group(&id).is_some() {
            id = new_id("group_");
        }
        let external_id = external_id.unwrap_or_else(|| id.clone());
        if self
            .group_ext
            .get(
                BUILD_IN,
                &external_id,
                key_reader(&self.groups, keys::group_ext),
            )
            .is_some()
        {
            return Err(ApiError::duplicated(
                StatusCode::BAD_REQUEST,
                "GroupExternalId",
                &external_id,
            ));
        }
        let now = now_ms();
        let seq = self.insert_group(GroupRec {
            id: id.clone().into(),
            name: name.into(),
            external_id: external_id.into(),
            source: BUILD_IN,
            description: None,
            members: SeqList::new(),
            create_time: now,
            update_time: now,
        });
        self.scope_add_group(app, seq);
        Ok(id)
    }

    /// `PatchGroup`: renames (unique).
    pub fn patch_group(
        &mut self,
        app: &str,
        id: &str,
        name: Option<String>,
    ) -> Result<(), ApiError> {
        let seq = self.scoped_group(app, id)?;
        if let Some(name) = name {
            self.check_group_name(&name, Some(seq))?;
            if let Some(old) = self.group(seq).map(|g| g.name.clone()) {
                self.group_names.remove(0, &old, seq);
            }
            if let Some(g) = self.group_mut(seq) {
                g.name = name.as_str().into();
                g.update_time = now_ms();
            }
            self.group_names
                .insert(0, &name, seq, key_reader(&self.groups, keys::group_name));
        }
        Ok(())
    }

    /// `DeleteGroup`: refused while the group has members (emulator code
    /// `OperationDenied.GroupNotEmpty`). The real behaviour is undocumented; refusing is the
    /// reading a client must be ready for, and emptying a group first works either way.
    pub fn delete_group(&mut self, app: &str, id: &str) -> Result<(), ApiError> {
        let seq = self.scoped_group(app, id)?;
        let Some(g) = at(&self.groups, seq) else {
            return Ok(());
        };
        if !g.members.is_empty() {
            return Err(ApiError::denied(
                "GroupNotEmpty",
                format!(
                    "The group {id} still has {} members; remove them first.",
                    g.members.len()
                ),
            ));
        }
        self.group_ids.remove(0, &g.id, seq);
        self.group_ext.remove(g.source, &g.external_id, seq);
        self.group_names.remove(0, &g.name, seq);
        if let Some(slot) = self.groups.get_mut(seq as usize) {
            *slot = None;
        }
        self.group_list.remove(seq);
        self.scope_forget(None, Some(seq));
        Ok(())
    }
}
