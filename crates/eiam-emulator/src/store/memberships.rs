//! Memberships: a user's primary and secondary OUs, and group members. Every request is checked
//! as a whole before anything changes, and adding or removing what is already so is a no-op.

use super::Directory;
use super::now_ms;
use crate::error::ApiError;

impl Directory {
    /// `SetUserPrimaryOrganizationalUnit`: the user leaves its old primary OU entirely and joins
    /// the new one as primary (if it was a secondary OU, it is promoted).
    pub fn set_primary_ou(
        &mut self,
        app: &str,
        user_id: &str,
        ou_id: &str,
    ) -> Result<(), ApiError> {
        let u = self.scoped_user(app, user_id)?;
        let ou = self.scoped_ou(app, ou_id)?;
        let Some(rec) = self.user_mut(u) else {
            return Ok(());
        };
        if rec.primary_ou == ou {
            return Ok(());
        }
        let old = std::mem::replace(&mut rec.primary_ou, ou);
        if let Ok(i) = rec.secondary_ous.binary_search(&ou) {
            rec.secondary_ous.remove(i);
        }
        rec.update_time = now_ms();
        if let Some(o) = self.ou_mut(old) {
            o.members.remove(u);
        }
        if let Some(o) = self.ou_mut(ou) {
            o.members.insert(u);
        }
        Ok(())
    }

    /// `AddUserToOrganizationalUnits`: every OU must exist and be in scope; OUs the user is
    /// already in (primary included) are skipped.
    pub fn add_user_ous(
        &mut self,
        app: &str,
        user_id: &str,
        ou_ids: &[String],
    ) -> Result<(), ApiError> {
        let (u, ous) = self.scoped_user_and_ous(app, user_id, ou_ids)?;
        let mut added = Vec::new();
        if let Some(rec) = self.user_mut(u) {
            for ou in ous {
                if rec.primary_ou == ou {
                    continue;
                }
                if let Err(i) = rec.secondary_ous.binary_search(&ou) {
                    rec.secondary_ous.insert(i, ou);
                    added.push(ou);
                }
            }
        }
        self.secondary_ous_changed(u, added, true);
        Ok(())
    }

    /// `RemoveUserFromOrganizationalUnits`: every OU must exist and be in scope; the primary OU
    /// cannot be removed (emulator code `OperationDenied.PrimaryOrganizationalUnit`); OUs the
    /// user is not in are ignored.
    pub fn remove_user_ous(
        &mut self,
        app: &str,
        user_id: &str,
        ou_ids: &[String],
    ) -> Result<(), ApiError> {
        let (u, ous) = self.scoped_user_and_ous(app, user_id, ou_ids)?;
        let Some(rec) = self.user_mut(u) else {
            return Ok(());
        };
        if let Some(i) = ous.iter().position(|&o| o == rec.primary_ou) {
            return Err(ApiError::denied(
                "PrimaryOrganizationalUnit",
                format!(
                    "The organizational unit {} is the primary organizational unit of user {user_id}; set another primary organizational unit first.",
                    ou_ids[i]
                ),
            ));
        }
        let mut removed = Vec::new();
        for ou in ous {
            if let Ok(i) = rec.secondary_ous.binary_search(&ou) {
                rec.secondary_ous.remove(i);
                removed.push(ou);
            }
        }
        self.secondary_ous_changed(u, removed, false);
        Ok(())
    }

    /// The user and the OUs a change of its secondary OUs names; each must exist and be in
    /// scope.
    fn scoped_user_and_ous(
        &self,
        app: &str,
        user_id: &str,
        ou_ids: &[String],
    ) -> Result<(u32, Vec<u32>), ApiError> {
        let u = self.scoped_user(app, user_id)?;
        let ous = ou_ids
            .iter()
            .map(|id| self.scoped_ou(app, id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((u, ous))
    }

    /// After user `u` joined (or left) the secondary OUs `changed`: its update time moves if
    /// anything changed, and each OU's member list follows.
    fn secondary_ous_changed(&mut self, u: u32, changed: Vec<u32>, joined: bool) {
        if changed.is_empty() {
            return;
        }
        if let Some(rec) = self.user_mut(u) {
            rec.update_time = now_ms();
        }
        for ou in changed {
            if let Some(o) = self.ou_mut(ou) {
                if joined {
                    o.members.insert(u);
                } else {
                    o.members.remove(u);
                }
            }
        }
    }

    /// `AddUsersToGroup`: every user must exist and be in scope; members are skipped.
    pub fn add_group_members(
        &mut self,
        app: &str,
        group_id: &str,
        user_ids: &[String],
    ) -> Result<(), ApiError> {
        let g = self.scoped_group(app, group_id)?;
        let users = user_ids
            .iter()
            .map(|id| self.scoped_user(app, id))
            .collect::<Result<Vec<_>, _>>()?;
        for u in users {
            let added = self.group_mut(g).is_some_and(|rec| rec.members.insert(u));
            if added
                && let Some(rec) = self.user_mut(u)
                && let Err(i) = rec.groups.binary_search(&g)
            {
                rec.groups.insert(i, g);
            }
        }
        Ok(())
    }

    /// `RemoveUsersFromGroup`: non-members (unknown users included) are ignored.
    pub fn remove_group_members(
        &mut self,
        app: &str,
        group_id: &str,
        user_ids: &[String],
    ) -> Result<(), ApiError> {
        let g = self.scoped_group(app, group_id)?;
        for id in user_ids {
            let Some(u) = self.find_user(id) else {
                continue;
            };
            let removed = self.group_mut(g).is_some_and(|rec| rec.members.remove(u));
            if removed
                && let Some(rec) = self.user_mut(u)
                && let Ok(i) = rec.groups.binary_search(&g)
            {
                rec.groups.remove(i);
            }
        }
        Ok(())
    }
}
