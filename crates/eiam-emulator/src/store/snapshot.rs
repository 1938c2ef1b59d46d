//! Export and import of the whole directory as [`AdminState`]. An import checks structure
//! (ids, references, one root, no cycles, every uniqueness rule) but not the field rules, so
//! tests can plant objects the API itself would refuse.

use super::records::{GroupRec, OuRec, UserRec, at, boxed};
use super::{Directory, SeqList, key_reader, keys, now_ms};
use crate::state::{AdminState, StateGroup, StateGroupMember, StateOu, StateUser};
use eiam_api::users::CustomField;

impl Directory {
    /// The whole directory, in creation order, whatever the scopes.
    pub fn export(&self) -> AdminState {
        // No application has the empty id, so its scope is the default one: everything.
        let app = "";
        let ous = self
            .ous
            .iter()
            .flatten()
            .map(|o| {
                let view = self.ou_view(o);
                StateOu {
                    organizational_unit_id: o.id.to_string(),
                    organizational_unit_name: o.name.to_string(),
                    organizational_unit_external_id: o.external_id.to_string(),
                    parent_id: view.parent_id,
                    description: view.description,
                    organizational_unit_source_type: view.organizational_unit_source_type,
                    organizational_unit_source_id: view.organizational_unit_source_id,
                    create_time: view.create_time,
                    update_time: view.update_time,
                }
            })
            .collect();
        let users = self
            .user_list
            .iter()
            .filter_map(|seq| self.user(seq))
            .map(|u| self.state_user(app, u))
            .collect();
        let mut groups = Vec::with_capacity(self.group_list.len());
        let mut members = Vec::new();
        for g in self.group_list.iter().filter_map(|seq| self.group(seq)) {
            let view = self.group_view(g);
            groups.push(StateGroup {
                group_id: g.id.to_string(),
                group_name: g.name.to_string(),
                group_external_id: g.external_id.to_string(),
                description: view.description,
                group_source_type: view.group_source_type,
                group_source_id: view.group_source_id,
                create_time: view.create_time,
                update_time: view.update_time,
            });
            members.extend(g.members.iter().filter_map(|u| self.user(u)).map(|u| {
                StateGroupMember {
                    group_id: g.id.to_string(),
                    user_id: u.id.to_string(),
                }
            }));
        }
        AdminState {
            organizational_units: ous,
            users,
            groups,
            group_members: members,
        }
    }

    fn state_user(&self, app: &str, u: &UserRec) -> StateUser {
        let v = self.user_view(app, u);
        StateUser {
            user_id: u.id.to_string(),
            username: u.username.to_string(),
            status: v.status.unwrap_or_default(),
            user_external_id: u.external_id.to_string(),
            organizational_unit_ids: u
                .all_ous()
                .filter_map(|o| self.ou(o))
                .map(|o| o.id.to_string())
                .collect(),
            primary_organizational_unit_id: v.primary_organizational_unit_id,
            display_name: v.display_name,
            email: v.email,
            email_verified: v.email_verified,
            phone_region: v.phone_region,
            phone_number: v.phone_number,
            phone_number_verified: v.phone_number_verified,
            description: v.description,
            user_source_type: v.user_source_type,
            user_source_id: v.user_source_id,
            custom_fields: v.custom_fields,
            create_time: v.create_time,
            update_time: v.update_time,
            register_time: v.register_time,
            account_expire_time: v.account_expire_time,
            lock_expire_time: v.lock_expire_time,
            instance_id: v.instance_id,
            password_set: v.password_set,
            password_initialization_config: u.password_init.as_deref().cloned(),
            organizational_units: v.organizational_units,
            groups: v.groups,
        }
    }

    /// Builds a directory from `state`, or says what is wrong with it.
    pub fn import(instance_id: &str, state: AdminState) -> Result<Directory, String> {
        let mut dir = Directory::empty(instance_id);
        let now = now_ms();
        let mut parents = Vec::with_capacity(state.organizational_units.len());
        for o in state.organizational_units {
            if dir.find_ou(&o.organizational_unit_id).is_some() {
                return Err(format!("duplicate OU id `{}`", o.organizational_unit_id));
            }
            let source = dir.source_of(
                o.organizational_unit_source_type,
                o.organizational_unit_source_id,
            );
            if dir
                .ou_ext
                .get(
                    source,
                    &o.organizational_unit_external_id,
                    key_reader(&dir.ous, keys::ou_ext),
                )
                .is_some()
            {
                return Err(format!(
                    "duplicate OU external id `{}`",
                    o.organizational_unit_external_id
                ));
            }
            parents.push((o.organizational_unit_id.clone(), o.parent_id));
            dir.insert_ou(OuRec {
                id: o.organizational_unit_id.into(),
                name: o.organizational_unit_name.into(),
                external_id: o.organizational_unit_external_id.into(),
                source,
                parent: None,
                description: boxed(o.description),
                children: SeqList::new(),
                members: SeqList::new(),
                create_time: o.create_time.unwrap_or(now),
                update_time: o.update_time.unwrap_or(now),
            });
        }
        dir.link_ous(parents)?;
        for g in state.groups {
            dir.import_group(g)?;
        }
        for u in state.users {
            dir.import_user(u, now)?;
        }
        for m in state.group_members {
            let g = dir
                .find_group(&m.group_id)
                .ok_or_else(|| format!("membership names unknown group `{}`", m.group_id))?;
            let u = dir
                .find_user(&m.user_id)
                .ok_or_else(|| format!("membership names unknown user `{}`", m.user_id))?;
            if dir.group_mut(g).is_some_and(|rec| rec.members.insert(u))
                && let Some(rec) = dir.user_mut(u)
                && let Err(i) = rec.groups.binary_search(&g)
            {
                rec.groups.insert(i, g);
            }
        }
        Ok(dir)
    }

    fn source_of(&mut self, kind: Option<String>, id: Option<String>) -> u32 {
        let instance = self.instance_id.clone();
        self.sources.intern(
            kind.as_deref().unwrap_or("build_in"),
            id.as_deref().unwrap_or(&instance),
        )
    }

    /// Second pass over imported OUs: parents, one root, unique sibling names, no cycles.
    fn link_ous(&mut self, parents: Vec<(String, Option<String>)>) -> Result<(), String> {
        let mut root = None;
        for (seq, (id, parent)) in (0u32..).zip(&parents) {
            let Some(parent) = parent else {
                if let Some(first) = root.replace(seq) {
                    let first_id = at(&self.ous, first).map_or("", |o| &*o.id);
                    return Err(format!(
                        "two root OUs (parentId null): `{first_id}` and `{id}`"
                    ));
                }
                continue;
            };
            let p = self
                .find_ou(parent)
                .ok_or_else(|| format!("OU `{id}` names unknown parent `{parent}`"))?;
            let name = at(&self.ous, seq)
                .map(|o| o.name.clone())
                .unwrap_or_default();
            if self
                .ou_names
                .get(p, &name, key_reader(&self.ous, keys::ou_name))
                .is_some()
            {
                return Err(format!("two OUs named `{name}` under `{parent}`"));
            }
            if let Some(o) = self.ou_mut(seq) {
                o.parent = Some(p);
            }
            if let Some(po) = self.ou_mut(p) {
                po.children.insert(seq);
            }
            self.ou_names
                .insert(p, &name, seq, key_reader(&self.ous, keys::ou_name));
        }
        self.root = root.ok_or("no root OU (an OU with parentId null)")?;
        let n = parents.len();
        for (seq, (id, _)) in (0u32..).zip(&parents) {
            let mut cur = Some(seq);
            let mut steps = 0;
            while let Some(c) = cur {
                steps += 1;
                if steps > n {
                    return Err(format!("OU `{id}` is part of a cycle"));
                }
                cur = self.ou(c).and_then(|o| o.parent);
            }
        }
        Ok(())
    }

    fn import_group(&mut self, g: StateGroup) -> Result<(), String> {
        if self.find_group(&g.group_id).is_some() {
            return Err(format!("duplicate group id `{}`", g.group_id));
        }
        if self
            .group_names
            .get(0, &g.group_name, key_reader(&self.groups, keys::group_name))
            .is_some()
        {
            return Err(format!("duplicate group name `{}`", g.group_name));
        }
        let source = self.source_of(g.group_source_type, g.group_source_id);
        if self
            .group_ext
            .get(
                source,
                &g.group_external_id,
                key_reader(&self.groups, keys::group_ext),
            )
            .is_some()
        {
            return Err(format!(
                "duplicate group external id `{}`",
                g.group_external_id
            ));
        }
        let now = now_ms();
        self.insert_group(GroupRec {
            id: g.group_id.into(),
            name: g.group_name.into(),
            external_id: g.group_external_id.into(),
            source,
            description: boxed(g.description),
            members: SeqList::new(),
            create_time: g.create_time.unwrap_or(now),
            update_time: g.update_time.unwrap_or(now),
        });
        Ok(())
    }

    fn import_user(&mut self, u: StateUser, now: i64) -> Result<(), String> {
        let id = u.user_id.clone();
        if self.find_user(&id).is_some() {
            return Err(format!("duplicate user id `{id}`"));
        }
        let enabled = match u.status.as_str() {
            "enabled" => true,
            "disabled" => false,
            other => {
                return Err(format!(
                    "user `{id}` has status `{other}`; use enabled or disabled"
                ));
            }
        };
        let mut ous = Vec::with_capacity(u.organizational_unit_ids.len());
        for o in &u.organizational_unit_ids {
            ous.push(
                self.find_ou(o)
                    .ok_or_else(|| format!("user `{id}` names unknown OU `{o}`"))?,
            );
        }
        let primary = match &u.primary_organizational_unit_id {
            Some(p) if !u.organizational_unit_ids.contains(p) => {
                return Err(format!(
                    "user `{id}`: primaryOrganizationalUnitId `{p}` is not in organizationalUnitIds"
                ));
            }
            Some(p) => self.find_ou(p),
            None => ous.first().copied(),
        }
        .ok_or_else(|| format!("user `{id}` has no OU"))?;
        let mut secondary: Vec<u32> = ous.into_iter().filter(|&o| o != primary).collect();
        secondary.sort_unstable();
        secondary.dedup();
        let source = self.source_of(u.user_source_type, u.user_source_id);
        let users = &self.users;
        let taken = [
            (
                "username",
                Some(&*u.username),
                self.usernames
                    .get(0, &u.username, key_reader(users, keys::username)),
            ),
            (
                "email",
                u.email.as_deref(),
                u.email
                    .as_deref()
                    .and_then(|e| self.emails.get(0, e, key_reader(users, keys::email))),
            ),
            (
                "phone number",
                u.phone_number.as_deref(),
                u.phone_number
                    .as_deref()
                    .and_then(|p| self.phones.get(0, p, key_reader(users, keys::phone))),
            ),
            (
                "external id",
                Some(&*u.user_external_id),
                self.user_ext.get(
                    source,
                    &u.user_external_id,
                    key_reader(users, keys::user_ext),
                ),
            ),
        ];
        if let Some((what, value, _)) = taken.iter().find(|(_, _, owner)| owner.is_some()) {
            return Err(format!(
                "user `{id}`: duplicate {what} `{}`",
                value.unwrap_or_default()
            ));
        }
        let has_email = u.email.as_deref().is_some_and(|e| !e.is_empty());
        let has_phone = u.phone_number.as_deref().is_some_and(|p| !p.is_empty());
        self.insert_user(UserRec {
            id: id.into(),
            username: u.username.into(),
            display_name: boxed(u.display_name),
            email: boxed(u.email),
            email_verified: u.email_verified.filter(|_| has_email),
            phone_region: boxed(u.phone_region.filter(|_| has_phone)),
            phone_number: boxed(u.phone_number),
            phone_number_verified: u.phone_number_verified.filter(|_| has_phone),
            description: boxed(u.description),
            external_id: u.user_external_id.into(),
            source,
            enabled,
            password_set: u.password_set.unwrap_or(false),
            password: None,
            password_init: u.password_initialization_config.map(Box::new),
            custom_fields: u
                .custom_fields
                .unwrap_or_default()
                .into_iter()
                .filter_map(
                    |CustomField {
                         field_name,
                         field_value,
                     }| {
                        Some((field_name?.into(), field_value.unwrap_or_default().into()))
                    },
                )
                .collect(),
            primary_ou: primary,
            secondary_ous: secondary,
            groups: Vec::new(),
            create_time: u.create_time.unwrap_or(now),
            update_time: u.update_time.unwrap_or(now),
            register_time: u.register_time.unwrap_or(now),
        });
        Ok(())
    }
}
