//! Read views: records turned into the wire types of the Get*/List* operations, and the pages
//! of every list (page-number pages by position, token pages by sequence number).

use super::Directory;
use super::records::{GroupRec, OuRec, UserRec};
use crate::config::ListUsersReading;
use crate::error::ApiError;
use eiam_api::groups::{Group, GroupMember};
use eiam_api::organizational_units::OrganizationalUnit;
use eiam_api::users::{
    CustomField, GetUserResponse, GroupMembership, UserGroup, UserOrganizationalUnit, UserSummary,
};

/// One token page: the items, the sequence number to continue after (if there is more), and
/// the total number of items.
pub type TokenPage<T> = (Vec<T>, Option<u32>, usize);

fn status(u: &UserRec) -> String {
    if u.enabled { "enabled" } else { "disabled" }.to_owned()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

fn opt(v: &Option<Box<str>>) -> Option<String> {
    v.as_deref().map(str::to_owned)
}

/// Takes `limit` items of `iter` and tells whether more follow.
fn take_page<T>(iter: impl Iterator<Item = (u32, T)>, limit: usize) -> (Vec<T>, Option<u32>) {
    let mut items = Vec::with_capacity(limit.min(128));
    let mut last = None;
    let mut iter = iter.peekable();
    while items.len() < limit {
        let Some((seq, item)) = iter.next() else {
            break;
        };
        last = Some(seq);
        items.push(item);
    }
    let next = iter.peek().and(last);
    (items, next)
}

impl Directory {
    pub(crate) fn user_summary(&self, u: &UserRec) -> UserSummary {
        let (source_type, source_id) = self.sources.get(u.source);
        UserSummary {
            account_expire_time: None,
            create_time: Some(u.create_time),
            description: opt(&u.description),
            display_name: opt(&u.display_name),
            email: opt(&u.email),
            email_verified: u.email_verified,
            instance_id: s(&self.instance_id),
            lock_expire_time: None,
            password_set: Some(u.password_set),
            phone_number: opt(&u.phone_number),
            phone_number_verified: u.phone_number_verified,
            phone_region: opt(&u.phone_region),
            register_time: Some(u.register_time),
            status: Some(status(u)),
            update_time: Some(u.update_time),
            user_external_id: s(&u.external_id),
            user_id: s(&u.id),
            user_source_id: s(source_id),
            user_source_type: s(source_type),
            username: s(&u.username),
        }
    }

    /// The full `GetUser` view of a stored user (OUs primary first; in-scope groups only).
    pub(crate) fn user_view(&self, app: &str, u: &UserRec) -> GetUserResponse {
        let sum = self.user_summary(u);
        let ous = u
            .all_ous()
            .filter_map(|o| self.ou(o).map(|rec| (o, rec)))
            .map(|(o, rec)| UserOrganizationalUnit {
                organizational_unit_id: s(&rec.id),
                organizational_unit_name: s(&rec.name),
                primary: Some(o == u.primary_ou),
            })
            .collect();
        let groups = u
            .groups
            .iter()
            .filter(|&&g| self.group_in_scope(app, g))
            .filter_map(|&g| self.group(g))
            .map(|g| UserGroup {
                description: opt(&g.description),
                group_id: s(&g.id),
                group_name: s(&g.name),
            })
            .collect();
        GetUserResponse {
            account_expire_time: sum.account_expire_time,
            create_time: sum.create_time,
            custom_fields: Some(
                u.custom_fields
                    .iter()
                    .map(|(k, v)| CustomField {
                        field_name: s(k),
                        field_value: s(v),
                    })
                    .collect(),
            ),
            description: sum.description,
            display_name: sum.display_name,
            email: sum.email,
            email_verified: sum.email_verified,
            groups: Some(groups),
            instance_id: sum.instance_id,
            lock_expire_time: sum.lock_expire_time,
            organizational_units: Some(ous),
            password_set: sum.password_set,
            phone_number: sum.phone_number,
            phone_number_verified: sum.phone_number_verified,
            phone_region: sum.phone_region,
            primary_organizational_unit_id: self.ou(u.primary_ou).map(|o| o.id.to_string()),
            register_time: sum.register_time,
            status: sum.status,
            update_time: sum.update_time,
            user_external_id: sum.user_external_id,
            user_id: sum.user_id,
            user_source_id: sum.user_source_id,
            user_source_type: sum.user_source_type,
            username: sum.username,
        }
    }

    /// `GetUser`.
    pub fn get_user(&self, app: &str, id: &str) -> Result<GetUserResponse, ApiError> {
        let seq = self.scoped_user(app, id)?;
        let u = self
            .user(seq)
            .ok_or_else(|| ApiError::resource_not_found("User", id))?;
        Ok(self.user_view(app, u))
    }

    /// `ListUsers`: one page by position, and the total. With an OU, its direct members
    /// (primary or secondary), or under [`ListUsersReading::Subtree`] the members of its whole
    /// subtree, each once; without, every user in scope.
    pub fn list_users(
        &self,
        app: &str,
        ou: Option<&str>,
        reading: ListUsersReading,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<UserSummary>, usize), ApiError> {
        let summaries = |seqs: &mut dyn Iterator<Item = u32>| -> Vec<UserSummary> {
            seqs.filter_map(|s| self.user(s))
                .take(limit)
                .map(|u| self.user_summary(u))
                .collect()
        };
        // The root's subtree holds every user, and an application that sees the root sees all:
        // that listing is the unfiltered one.
        let ou = ou
            .map(|id| self.scoped_ou(app, id))
            .transpose()?
            .filter(|&o| reading == ListUsersReading::Direct || o != self.root);
        if let Some(o) = ou {
            if reading == ListUsersReading::Subtree {
                let members = self.subtree_members(o);
                let page = summaries(&mut members.iter().copied().skip(offset));
                return Ok((page, members.len()));
            }
            let members = self.ou(o).map(|o| &o.members);
            let total = members.map_or(0, |m| m.len());
            let page = members.map_or_else(Vec::new, |m| summaries(&mut m.iter_from(offset)));
            return Ok((page, total));
        }
        if self.sees_all(app) {
            let page = summaries(&mut self.user_list.iter_from(offset));
            return Ok((page, self.user_list.len()));
        }
        let visible = || {
            self.user_list
                .iter()
                .filter(|&s| self.user_in_scope(app, s))
        };
        Ok((summaries(&mut visible().skip(offset)), visible().count()))
    }

    pub(crate) fn ou_view(&self, o: &OuRec) -> OrganizationalUnit {
        let (source_type, source_id) = self.sources.get(o.source);
        OrganizationalUnit {
            create_time: Some(o.create_time),
            description: opt(&o.description),
            instance_id: s(&self.instance_id),
            organizational_unit_external_id: s(&o.external_id),
            organizational_unit_id: s(&o.id),
            organizational_unit_name: s(&o.name),
            organizational_unit_source_id: s(source_id),
            organizational_unit_source_type: s(source_type),
            parent_id: o.parent.and_then(|p| self.ou(p)).map(|p| p.id.to_string()),
            update_time: Some(o.update_time),
        }
    }

    /// `GetOrganizationalUnit`.
    pub fn get_ou(&self, app: &str, id: &str) -> Result<OrganizationalUnit, ApiError> {
        let seq = self.scoped_ou(app, id)?;
        self.ou(seq)
            .map(|o| self.ou_view(o))
            .ok_or_else(|| ApiError::not_in_scope(id))
    }

    /// `ListOrganizationalUnits`: one page of the direct children of `parent`, and the total.
    pub fn list_ous(
        &self,
        app: &str,
        parent: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<OrganizationalUnit>, usize), ApiError> {
        let p = self.scoped_ou(app, parent)?;
        let Some(children) = self.ou(p).map(|o| &o.children) else {
            return Ok((Vec::new(), 0));
        };
        let page = children
            .iter_from(offset)
            .filter_map(|c| self.ou(c))
            .take(limit)
            .map(|o| self.ou_view(o))
            .collect();
        Ok((page, children.len()))
    }

    pub(crate) fn group_view(&self, g: &GroupRec) -> Group {
        let (source_type, source_id) = self.sources.get(g.source);
        Group {
            create_time: Some(g.create_time),
            description: opt(&g.description),
            group_external_id: s(&g.external_id),
            group_id: s(&g.id),
            group_name: s(&g.name),
            group_source_id: s(source_id),
            group_source_type: s(source_type),
            instance_id: s(&self.instance_id),
            update_time: Some(g.update_time),
        }
    }

    /// `GetGroup`.
    pub fn get_group(&self, app: &str, id: &str) -> Result<Group, ApiError> {
        let seq = self.scoped_group(app, id)?;
        self.group(seq)
            .map(|g| self.group_view(g))
            .ok_or_else(|| ApiError::resource_not_found("Group", id))
    }

    /// `ListGroups`: in-scope groups whose name starts with `prefix`, after `after`.
    pub fn list_groups(
        &self,
        app: &str,
        prefix: Option<&str>,
        after: Option<u32>,
        limit: usize,
    ) -> TokenPage<Group> {
        let matches = |seq: &u32| {
            self.group(*seq).is_some_and(|g| {
                self.group_in_scope(app, *seq) && prefix.is_none_or(|p| g.name.starts_with(p))
            })
        };
        let start: Box<dyn Iterator<Item = u32>> = match after {
            Some(a) => Box::new(self.group_list.iter_after(a)),
            None => Box::new(self.group_list.iter()),
        };
        let (page, next) = take_page(
            start
                .filter(matches)
                .filter_map(|s| self.group(s).map(|g| (s, self.group_view(g)))),
            limit,
        );
        let total = self.group_list.iter().filter(matches).count();
        (page, next, total)
    }

    /// `ListGroupsForUser`: the user's in-scope groups, after `after`.
    pub fn groups_of_user(
        &self,
        app: &str,
        user_id: &str,
        after: Option<u32>,
        limit: usize,
    ) -> Result<TokenPage<GroupMembership>, ApiError> {
        let seq = self.scoped_user(app, user_id)?;
        let Some(u) = self.user(seq) else {
            return Ok((Vec::new(), None, 0));
        };
        let visible = |g: &&u32| self.group_in_scope(app, **g);
        let total = u.groups.iter().filter(visible).count();
        let (page, next) = take_page(
            u.groups
                .iter()
                .filter(|&&g| after.is_none_or(|a| g > a))
                .filter(visible)
                .map(|&g| {
                    let id = self.group(g).map(|g| g.id.to_string());
                    (
                        g,
                        GroupMembership {
                            group_id: id,
                            group_member_relation_source_id: s(&self.instance_id),
                            group_member_relation_source_type: s("build_in"),
                            instance_id: s(&self.instance_id),
                        },
                    )
                }),
            limit,
        );
        Ok((page, next, total))
    }

    /// `ListUsersForGroup`: members (all of them are in scope through the group), after `after`.
    pub fn users_of_group(
        &self,
        app: &str,
        group_id: &str,
        after: Option<u32>,
        limit: usize,
    ) -> Result<TokenPage<GroupMember>, ApiError> {
        let seq = self.scoped_group(app, group_id)?;
        let Some(g) = self.group(seq) else {
            return Ok((Vec::new(), None, 0));
        };
        let start: Box<dyn Iterator<Item = u32>> = match after {
            Some(a) => Box::new(g.members.iter_after(a)),
            None => Box::new(g.members.iter()),
        };
        let (page, next) = take_page(
            start.filter_map(|u| {
                self.user(u).map(|rec| {
                    (
                        u,
                        GroupMember {
                            instance_id: s(&self.instance_id),
                            user_id: s(&rec.id),
                        },
                    )
                })
            }),
            limit,
        );
        Ok((page, next, g.members.len()))
    }
}
