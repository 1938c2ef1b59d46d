//! User intentions: create, patch only what differs, move the primary OU, add and remove
//! secondary OUs, enable/disable, and leavers — keeping usernames, emails and phone numbers
//! unique after every single operation.

use serde_json::{Value, json};

use crate::config::UserRemoval;
use crate::model::{DesiredUser, Kind, UserStatus};

use super::engine::{Blocker, Intent, Planner, Step};
use super::types::{Changes, ObjRef, OpId, Payload, UserFields, val};
use super::world::{Key, Role, UserNode};

/// At most this many OU ids per Add/RemoveUser(To|From)OrganizationalUnits call (the sibling
/// API's documented cap; the developer API states none).
const OU_BATCH: usize = 100;

impl Planner<'_> {
    fn desired_user(&self, ix: usize) -> Option<&DesiredUser> {
        let u = &self.world.users[ix];
        if u.role != Role::Desired {
            return None;
        }
        self.desired.users.get(u.ext.as_ref()?)
    }

    pub fn user_dep(&self, ix: usize) -> Option<OpId> {
        match self.world.users[ix].reference {
            Some(ObjRef::Created(op)) => Some(op),
            _ => None,
        }
    }

    pub fn user_ref(&self, ix: usize) -> ObjRef {
        self.world.users[ix]
            .reference
            .clone()
            .unwrap_or_else(|| ObjRef::Id(crate::model::EiamId::new("(not created)")))
    }

    /// Whether user `u` remains a member of OU `o` once the plan has run.
    pub fn user_stays_in(&self, u: usize, o: usize) -> bool {
        let user = &self.world.users[u];
        match user.role {
            Role::Unmanaged | Role::Frozen | Role::Root => true,
            Role::Orphan => self.removal == UserRemoval::Disable,
            Role::Desired => {
                let ou = &self.world.ous[o];
                let (Some(d), Some(ou_ext)) = (self.desired_user(u), ou.ext.as_ref()) else {
                    return true;
                };
                if d.primary_ou == *ou_ext || d.secondary_ous.contains(ou_ext) {
                    return true;
                }
                let managed = matches!(ou.role, Role::Desired | Role::Orphan);
                let rejected = self
                    .desired
                    .rejected_user_ous
                    .contains(&(d.external_id.clone(), ou_ext.clone()));
                !managed || rejected
            }
        }
    }

    /// Seed user intentions for every desired user and every leaver.
    pub fn seed_users(&mut self) {
        for (ext, d) in &self.desired.users {
            match self.world.user_by_ext.get(ext).copied() {
                Some(ix) if self.world.users[ix].role == Role::Desired => {
                    self.pending.extend([
                        Intent::UserFields(ix),
                        Intent::UserPrimary(ix),
                        Intent::UserSecondary(ix),
                        Intent::UserStatus(ix),
                    ]);
                }
                _ => {
                    let ix = self.world.users.len();
                    self.world.users.push(UserNode {
                        reference: None,
                        ext: Some(ext.clone()),
                        role: Role::Desired,
                        exists: false,
                        username: d.username.clone(),
                        display_name: None,
                        email: None,
                        email_verified: None,
                        phone_region: None,
                        phone_number: None,
                        phone_number_verified: None,
                        status: UserStatus::Enabled,
                        primary: None,
                        ous: Default::default(),
                        last_op: None,
                    });
                    self.world.user_by_ext.insert(ext.clone(), ix);
                    self.pending.extend([
                        Intent::UserCreate(ix),
                        Intent::UserSecondary(ix),
                        Intent::UserStatus(ix),
                    ]);
                }
            }
        }
        for ix in 0..self.world.users.len() {
            let u = &self.world.users[ix];
            if u.role == Role::Orphan
                && u.exists
                && (self.removal == UserRemoval::Delete || u.status == UserStatus::Enabled)
            {
                self.pending.push(Intent::UserLeave(ix));
            }
        }
    }

    /// The unique values the snapshot wants for a user (only those it sets).
    fn wanted_keys(d: &DesiredUser) -> Vec<(Key, String)> {
        let mut out = vec![(Key::Username, d.username.clone())];
        if let Some(e) = &d.email {
            out.push((Key::Email, e.address.clone()));
        }
        if let Some(p) = &d.phone {
            out.push((Key::Phone, p.number.clone()));
        }
        out
    }

    /// Whether `holder` will give up `value` of `key` later in the plan.
    fn user_will_release(&self, holder: usize, key: Key, value: &str) -> bool {
        let u = &self.world.users[holder];
        match u.role {
            Role::Orphan => self.removal == UserRemoval::Delete && u.exists,
            Role::Desired => match self.desired_user(holder) {
                Some(d) => Self::wanted_keys(d)
                    .iter()
                    .any(|(k, v)| *k == key && v != value),
                None => false,
            },
            _ => false,
        }
    }

    /// Check that every wanted value is free (or already this user's); say what is in the way.
    fn keys_free(&self, ix: usize, wanted: &[(Key, String)]) -> Result<(), Step> {
        for (key, value) in wanted {
            let Some(&holder) = self.world.user_keys.get(&(*key, value.clone())) else {
                continue;
            };
            if holder == ix {
                continue;
            }
            if self.user_will_release(holder, *key, value) {
                return Err(Step::Wait(
                    Blocker::UserKey(holder, *key),
                    format!(
                        "waiting for user {} to give up this {}",
                        self.world.user_label(holder),
                        key.field()
                    ),
                ));
            }
            let who = match self.world.users[holder].role {
                Role::Unmanaged => "a user eiam-sync does not manage",
                Role::Frozen => "a user whose snapshot record was rejected",
                Role::Orphan => "a disabled leaver (user_removal = \"disable\" keeps it)",
                _ if *key != Key::Username => {
                    "a user whose snapshot record leaves it empty (the API cannot clear it)"
                }
                _ => "another user of the snapshot",
            };
            return Err(Step::Blocked(format!(
                "its {} is already used by {who} ({})",
                key.field(),
                self.world.user_label(holder)
            )));
        }
        Ok(())
    }

    fn key_deps(&self, wanted: &[(Key, String)]) -> Vec<Option<OpId>> {
        wanted
            .iter()
            .map(|k| self.world.key_freed_by.get(k).copied())
            .collect()
    }

    /// Apply new field values to the model, moving unique values from old to new.
    fn set_user_fields(&mut self, ix: usize, f: &UserFields, op: OpId) {
        let old = self.world.user_key_values(ix);
        {
            let u = &mut self.world.users[ix];
            if let Some(n) = &f.username {
                u.username = n.clone();
            }
            if let Some(n) = &f.display_name {
                u.display_name = Some(n.clone());
            }
            if let Some((a, v)) = &f.email {
                u.email = Some(a.clone());
                u.email_verified = Some(*v);
            }
            if let Some((r, n, v)) = &f.phone {
                u.phone_region = Some(r.clone());
                u.phone_number = Some(n.clone());
                u.phone_number_verified = Some(*v);
            }
        }
        let new = self.world.user_key_values(ix);
        for k in old.into_iter().filter(|k| !new.contains(k)) {
            if self.world.user_keys.get(&k) == Some(&ix) {
                self.world.user_keys.remove(&k);
                self.world.key_freed_by.insert(k, op);
            }
        }
        for k in new {
            self.world.user_keys.insert(k, ix);
        }
    }

    fn fields_changes(u: &UserNode, f: &UserFields, create: bool) -> Changes {
        let mut c = Changes::new();
        let before = |v: Value| if create { Value::Null } else { v };
        if let Some(n) = &f.username {
            c.insert("username".into(), [before(json!(u.username)), json!(n)]);
        }
        if let Some(n) = &f.display_name {
            c.insert(
                "display_name".into(),
                [before(val(u.display_name.clone())), json!(n)],
            );
        }
        if let Some((a, v)) = &f.email {
            c.insert("email".into(), [before(val(u.email.clone())), json!(a)]);
            if create || u.email_verified != Some(*v) {
                c.insert(
                    "email_verified".into(),
                    [before(val(u.email_verified)), json!(v)],
                );
            }
        }
        if let Some((r, n, v)) = &f.phone {
            c.insert(
                "phone_number".into(),
                [before(val(u.phone_number.clone())), json!(n)],
            );
            if create || u.phone_region.as_deref() != Some(r) {
                c.insert(
                    "phone_region".into(),
                    [before(val(u.phone_region.clone())), json!(r)],
                );
            }
            if create || u.phone_number_verified != Some(*v) {
                c.insert(
                    "phone_number_verified".into(),
                    [before(val(u.phone_number_verified)), json!(v)],
                );
            }
        }
        if let Some(d) = &f.description {
            c.insert("description".into(), [Value::Null, json!(d)]);
        }
        c
    }

    pub fn step_user_create(&mut self, ix: usize) -> Step {
        let Some(d) = self.desired_user(ix).cloned() else {
            return Step::Done;
        };
        let Some(&p) = self.world.ou_by_ext.get(&d.primary_ou) else {
            return Step::Blocked("its primary OU is not in EIAM".to_owned());
        };
        if !self.world.ous[p].exists {
            return Step::Wait(
                Blocker::Other,
                format!(
                    "waiting for its primary OU {} to be created",
                    self.world.ou_label(p)
                ),
            );
        }
        let wanted = Self::wanted_keys(&d);
        if let Err(step) = self.keys_free(ix, &wanted) {
            return step;
        }
        let fields = UserFields {
            username: Some(d.username.clone()),
            display_name: d.display_name.clone(),
            email: d.email.as_ref().map(|e| (e.address.clone(), e.verified)),
            phone: d
                .phone
                .as_ref()
                .map(|p| (p.region.clone(), p.number.clone(), p.verified)),
            description: d.description.clone(),
        };
        let mut changes = Self::fields_changes(&self.world.users[ix], &fields, true);
        changes.insert(
            "primary_ou".into(),
            [Value::Null, json!(self.world.ou_label(p))],
        );
        let mut deps = self.key_deps(&wanted);
        deps.push(self.ou_dep(p));
        let payload = Payload::CreateUser {
            primary_ou: self.ou_ref(p),
            fields: fields.clone(),
        };
        let op = self.emit(
            Kind::User,
            d.external_id.to_string(),
            payload,
            changes,
            deps,
        );
        self.set_user_fields(ix, &fields, op);
        let u = &mut self.world.users[ix];
        u.exists = true;
        u.reference = Some(ObjRef::Created(op));
        u.primary = Some(p);
        u.ous.insert(p);
        u.last_op = Some(op);
        self.world.ous[p].members += 1;
        Step::Done
    }

    /// The fields of an existing user that differ from the snapshot (absent ones are kept).
    fn user_patch(&self, ix: usize, d: &DesiredUser) -> UserFields {
        let u = &self.world.users[ix];
        let mut f = UserFields::default();
        if u.username != d.username {
            f.username = Some(d.username.clone());
        }
        if let Some(n) = &d.display_name
            && u.display_name.as_ref() != Some(n)
        {
            f.display_name = Some(n.clone());
        }
        if let Some(e) = &d.email
            && (u.email.as_ref() != Some(&e.address) || u.email_verified != Some(e.verified))
        {
            f.email = Some((e.address.clone(), e.verified));
        }
        if let Some(p) = &d.phone
            && (u.phone_number.as_ref() != Some(&p.number)
                || u.phone_region.as_ref() != Some(&p.region)
                || u.phone_number_verified != Some(p.verified))
        {
            f.phone = Some((p.region.clone(), p.number.clone(), p.verified));
        }
        f
    }

    pub fn step_user_fields(&mut self, ix: usize) -> Step {
        let Some(d) = self.desired_user(ix).cloned() else {
            return Step::Done;
        };
        let fields = self.user_patch(ix, &d);
        if fields.is_empty() {
            return Step::Done;
        }
        let wanted: Vec<(Key, String)> = Self::wanted_keys(&d);
        if let Err(step) = self.keys_free(ix, &wanted) {
            return step;
        }
        self.patch_user(ix, fields, &wanted);
        Step::Done
    }

    fn patch_user(&mut self, ix: usize, fields: UserFields, wanted: &[(Key, String)]) -> OpId {
        let changes = Self::fields_changes(&self.world.users[ix], &fields, false);
        let mut deps = self.key_deps(wanted);
        deps.push(self.world.users[ix].last_op);
        let ext = self.world.user_label(ix);
        let payload = Payload::PatchUser {
            user: self.user_ref(ix),
            fields: fields.clone(),
        };
        let op = self.emit(Kind::User, ext, payload, changes, deps);
        self.set_user_fields(ix, &fields, op);
        self.world.users[ix].last_op = Some(op);
        op
    }

    /// Deadlock breaker: give a user that holds a wanted value a temporary one.
    pub fn user_temp_key(&mut self, ix: usize, key: Key) -> bool {
        let u = &self.world.users[ix];
        if !u.exists || u.role != Role::Desired {
            return false;
        }
        let email_verified = u.email_verified.unwrap_or(false);
        let region = u.phone_region.clone().unwrap_or_else(|| "86".to_owned());
        let phone_verified = u.phone_number_verified.unwrap_or(false);
        let keys = std::mem::take(&mut self.world.user_keys);
        let taken = |k: Key, v: String| keys.contains_key(&(k, v));
        let mut fields = UserFields::default();
        match key {
            Key::Username => {
                let name = self.temp_name("eiam-sync-tmp.", |n| taken(Key::Username, n.to_owned()));
                fields.username = Some(name);
            }
            Key::Email => {
                let local = self.temp_name("eiam-sync-tmp.", |l| {
                    taken(Key::Email, format!("{l}@example.invalid"))
                });
                fields.email = Some((format!("{local}@example.invalid"), email_verified));
            }
            Key::Phone => {
                let n = self.temp_name("99", |n| taken(Key::Phone, format!("{n:0<15}")));
                fields.phone = Some((region, format!("{n:0<15}"), phone_verified));
            }
        }
        self.world.user_keys = keys;
        self.patch_user(ix, fields, &[]);
        true
    }

    pub fn step_user_primary(&mut self, ix: usize) -> Step {
        let Some(d) = self.desired_user(ix) else {
            return Step::Done;
        };
        let Some(&p) = self.world.ou_by_ext.get(&d.primary_ou) else {
            return Step::Blocked("its primary OU is not in EIAM".to_owned());
        };
        if self.world.users[ix].primary == Some(p) {
            return Step::Done;
        }
        if !self.world.ous[p].exists {
            return Step::Wait(
                Blocker::Other,
                format!("waiting for OU {} to be created", self.world.ou_label(p)),
            );
        }
        let u = &self.world.users[ix];
        let old = u.primary;
        let changes: Changes = [(
            "primary_ou".to_owned(),
            [
                json!(old.map(|o| self.world.ou_label(o))),
                json!(self.world.ou_label(p)),
            ],
        )]
        .into();
        let deps = [u.last_op, self.ou_dep(p)];
        let payload = Payload::SetPrimaryOu {
            user: self.user_ref(ix),
            ou: self.ou_ref(p),
        };
        let op = self.emit(
            Kind::User,
            self.world.user_label(ix),
            payload,
            changes,
            deps,
        );
        // The user leaves the old primary OU and joins the new one as primary.
        if let Some(o) = old
            && o != p
            && self.world.users[ix].ous.remove(&o)
        {
            self.world.ous[o].members = self.world.ous[o].members.saturating_sub(1);
            self.world.ous[o].leave_ops.push(op);
        }
        if self.world.users[ix].ous.insert(p) {
            self.world.ous[p].members += 1;
        }
        let u = &mut self.world.users[ix];
        u.primary = Some(p);
        u.last_op = Some(op);
        Step::Done
    }

    pub fn step_user_secondary(&mut self, ix: usize) -> Step {
        let Some(d) = self.desired_user(ix).cloned() else {
            return Step::Done;
        };
        let u = &self.world.users[ix];
        if !u.exists {
            return Step::Wait(
                Blocker::Other,
                "waiting for the user to be created".to_owned(),
            );
        }
        let primary = self.world.ou_by_ext.get(&d.primary_ou).copied();
        if u.primary != primary {
            return Step::Wait(
                Blocker::Other,
                "waiting for its primary OU change".to_owned(),
            );
        }
        let mut wanted = Vec::new();
        for ext in &d.secondary_ous {
            match self.world.ou_by_ext.get(ext).copied() {
                Some(o) if self.world.ous[o].exists => wanted.push(o),
                Some(o) => {
                    return Step::Wait(
                        Blocker::Other,
                        format!("waiting for OU {} to be created", self.world.ou_label(o)),
                    );
                }
                None => return Step::Blocked(format!("its secondary OU {ext} is not in EIAM")),
            }
        }
        let adds: Vec<usize> = wanted
            .iter()
            .copied()
            .filter(|o| !u.ous.contains(o))
            .collect();
        let removes: Vec<usize> = u
            .ous
            .iter()
            .copied()
            .filter(|&o| Some(o) != primary && !wanted.contains(&o) && !self.user_stays_in(ix, o))
            .collect();
        let ext = d.external_id.to_string();
        for chunk in adds.chunks(OU_BATCH) {
            let labels: Vec<String> = chunk.iter().map(|&o| self.world.ou_label(o)).collect();
            let changes: Changes = [(
                "organizational_units".to_owned(),
                [Value::Null, json!(labels)],
            )]
            .into();
            let mut deps: Vec<Option<OpId>> = chunk.iter().map(|&o| self.ou_dep(o)).collect();
            deps.push(self.world.users[ix].last_op);
            let payload = Payload::AddUserToOus {
                user: self.user_ref(ix),
                ous: chunk.iter().map(|&o| self.ou_ref(o)).collect(),
            };
            let op = self.emit(Kind::User, ext.clone(), payload, changes, deps);
            for &o in chunk {
                self.world.users[ix].ous.insert(o);
                self.world.ous[o].members += 1;
            }
            self.world.users[ix].last_op = Some(op);
        }
        for chunk in removes.chunks(OU_BATCH) {
            let labels: Vec<String> = chunk.iter().map(|&o| self.world.ou_label(o)).collect();
            let changes: Changes = [(
                "organizational_units".to_owned(),
                [json!(labels), Value::Null],
            )]
            .into();
            let ids = chunk
                .iter()
                .filter_map(|&o| {
                    self.world.ous[o]
                        .reference
                        .as_ref()
                        .and_then(|r| r.id().cloned())
                })
                .collect();
            let payload = Payload::RemoveUserFromOus {
                user: self.user_ref(ix),
                ous: ids,
            };
            let op = self.emit(
                Kind::User,
                ext.clone(),
                payload,
                changes,
                [self.world.users[ix].last_op],
            );
            for &o in chunk {
                self.world.users[ix].ous.remove(&o);
                self.world.ous[o].members = self.world.ous[o].members.saturating_sub(1);
                self.world.ous[o].leave_ops.push(op);
            }
            self.world.users[ix].last_op = Some(op);
        }
        Step::Done
    }

    pub fn step_user_status(&mut self, ix: usize) -> Step {
        let Some(d) = self.desired_user(ix) else {
            return Step::Done;
        };
        let status = d.status;
        let u = &self.world.users[ix];
        if !u.exists {
            return Step::Wait(
                Blocker::Other,
                "waiting for the user to be created".to_owned(),
            );
        }
        if u.status == status {
            return Step::Done;
        }
        self.set_status(ix, status);
        Step::Done
    }

    fn set_status(&mut self, ix: usize, status: UserStatus) -> OpId {
        let u = &self.world.users[ix];
        let changes: Changes = [(
            "status".to_owned(),
            [json!(u.status.as_str()), json!(status.as_str())],
        )]
        .into();
        let payload = Payload::SetUserStatus {
            user: self.user_ref(ix),
            status,
        };
        let op = self.emit(
            Kind::User,
            self.world.user_label(ix),
            payload,
            changes,
            [u.last_op],
        );
        let u = &mut self.world.users[ix];
        u.status = status;
        u.last_op = Some(op);
        op
    }

    pub fn step_user_leave(&mut self, ix: usize) -> Step {
        if self.removal == UserRemoval::Disable {
            if self.world.users[ix].status == UserStatus::Enabled {
                self.set_status(ix, UserStatus::Disabled);
            }
            return Step::Done;
        }
        let u = &self.world.users[ix];
        let Some(ObjRef::Id(id)) = u.reference.clone() else {
            return Step::Done;
        };
        let changes: Changes = [("username".to_owned(), [json!(u.username), Value::Null])].into();
        let label = self.world.user_label(ix);
        let op = self.emit(
            Kind::User,
            label,
            Payload::DeleteUser { user: id },
            changes,
            [u.last_op],
        );
        for k in self.world.user_key_values(ix) {
            if self.world.user_keys.get(&k) == Some(&ix) {
                self.world.user_keys.remove(&k);
                self.world.key_freed_by.insert(k, op);
            }
        }
        let ous: Vec<usize> = std::mem::take(&mut self.world.users[ix].ous)
            .into_iter()
            .collect();
        for o in ous {
            self.world.ous[o].members = self.world.ous[o].members.saturating_sub(1);
            self.world.ous[o].leave_ops.push(op);
        }
        for g in &mut self.world.groups {
            g.members.remove(&ix);
        }
        let u = &mut self.world.users[ix];
        u.exists = false;
        u.last_op = Some(op);
        Step::Done
    }

    pub fn block_user(&mut self, intent: Intent, ix: usize, why: String) {
        let u = &self.world.users[ix];
        if !u.exists && !matches!(intent, Intent::UserCreate(_)) {
            // The blocked create already reports this user.
            return;
        }
        let label = self.world.user_label(ix);
        let d = self.desired_user(ix).cloned();
        let (payload, changes) = match (intent, d) {
            (Intent::UserCreate(_), Some(d)) => {
                let fields = UserFields {
                    username: Some(d.username.clone()),
                    ..Default::default()
                };
                let changes = Self::fields_changes(u, &fields, true);
                let primary = self
                    .world
                    .ou_by_ext
                    .get(&d.primary_ou)
                    .map(|&p| self.ou_ref(p))
                    .unwrap_or_else(|| {
                        ObjRef::Id(crate::model::EiamId::new(d.primary_ou.as_str()))
                    });
                (
                    Payload::CreateUser {
                        primary_ou: primary,
                        fields,
                    },
                    changes,
                )
            }
            (Intent::UserFields(_), Some(d)) => {
                let fields = self.user_patch(ix, &d);
                let changes = Self::fields_changes(u, &fields, false);
                (
                    Payload::PatchUser {
                        user: self.user_ref(ix),
                        fields,
                    },
                    changes,
                )
            }
            (Intent::UserPrimary(_), Some(d)) => {
                let ou = self
                    .world
                    .ou_by_ext
                    .get(&d.primary_ou)
                    .map(|&p| self.ou_ref(p))
                    .unwrap_or_else(|| {
                        ObjRef::Id(crate::model::EiamId::new(d.primary_ou.as_str()))
                    });
                let changes: Changes = [(
                    "primary_ou".to_owned(),
                    [
                        json!(u.primary.map(|o| self.world.ou_label(o))),
                        json!(d.primary_ou.as_str()),
                    ],
                )]
                .into();
                (
                    Payload::SetPrimaryOu {
                        user: self.user_ref(ix),
                        ou,
                    },
                    changes,
                )
            }
            (Intent::UserSecondary(_), Some(d)) => {
                let wanted: Vec<String> = d.secondary_ous.iter().map(|e| e.to_string()).collect();
                let changes: Changes = [(
                    "organizational_units".to_owned(),
                    [Value::Null, json!(wanted)],
                )]
                .into();
                (
                    Payload::AddUserToOus {
                        user: self.user_ref(ix),
                        ous: Vec::new(),
                    },
                    changes,
                )
            }
            (Intent::UserLeave(_), _) if self.removal == UserRemoval::Delete => (
                Payload::DeleteUser {
                    user: u
                        .reference
                        .as_ref()
                        .and_then(|r| r.id().cloned())
                        .unwrap_or_default(),
                },
                [("username".to_owned(), [json!(u.username), Value::Null])].into(),
            ),
            (_, d) => {
                let status = d.map(|d| d.status).unwrap_or(UserStatus::Disabled);
                (
                    Payload::SetUserStatus {
                        user: self.user_ref(ix),
                        status,
                    },
                    [(
                        "status".to_owned(),
                        [json!(u.status.as_str()), json!(status.as_str())],
                    )]
                    .into(),
                )
            }
        };
        self.emit_blocked(Kind::User, label, payload, changes, why);
    }
}
