//! User status: enable/disable, leavers per `user_removal`, and reporting what cannot run.

use serde_json::{Value, json};

use crate::model::{ExtId, Kind, UserAttrs, UserStatus};
use crate::plan::types::UserRemoval;

use super::engine::{Blocker, Planner, Step};
use super::intent_set::Intent;
use super::types::{Changes, ObjRef, OpId, Payload};

impl Planner<'_> {
    pub fn step_user_status(&mut self, ix: usize) -> Step {
        let Some(d) = self.desired_user(ix) else {
            return Step::Done;
        };
        let (status, ext) = (d.status, d.external_id.clone());
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
        self.set_status(ix, ext, status);
        Step::Done
    }

    pub(super) fn set_status(&mut self, ix: usize, ext: ExtId, status: UserStatus) -> OpId {
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
            ext,
            payload,
            changes,
            [self.user_dep(ix), u.chains.status],
        );
        let u = &mut self.world.users[ix];
        u.status = status;
        u.chains.status = Some(op);
        op
    }

    pub fn step_user_leave(&mut self, ix: usize) -> Step {
        let Some(ext) = self.user_ext(ix) else {
            return Step::Done;
        };
        if self.removal_of(ix) == UserRemoval::Disable {
            if self.world.users[ix].status == UserStatus::Enabled {
                self.set_status(ix, ext, UserStatus::Disabled);
            }
            return Step::Done;
        }
        let u = &self.world.users[ix];
        let Some(ObjRef::Id(id)) = u.reference.clone() else {
            return Step::Done;
        };
        let changes: Changes = [(
            "username".to_owned(),
            [json!(u.attrs.username), Value::Null],
        )]
        .into();
        let op = self.emit(
            Kind::User,
            ext,
            Payload::DeleteUser { user: id },
            changes,
            u.chains.all(),
        );
        for (key, value) in self.world.user_key_values(ix) {
            self.world.release_key(ix, key, value, op);
        }
        let ous: Vec<usize> = std::mem::take(&mut self.world.users[ix].ous)
            .into_iter()
            .collect();
        for o in ous {
            self.world.ous[o].members = self.world.ous[o].members.saturating_sub(1);
            self.world.ous[o].leave_ops.push(op);
        }
        for g in &mut self.world.groups {
            // A group being deleted must wait for its members to be gone.
            if g.members.remove(&ix) {
                g.leave_ops.push(op);
            }
        }
        let u = &mut self.world.users[ix];
        u.exists = false;
        Step::Done
    }

    pub fn block_user(&mut self, intent: Intent, ix: usize, why: String) {
        let u = &self.world.users[ix];
        if !u.exists && !matches!(intent, Intent::UserCreate(_)) {
            // The blocked create already reports this user.
            return;
        }
        let Some(ext) = self.user_ext(ix) else {
            return;
        };
        let d = self.desired_user(ix).cloned();
        let (payload, changes) = match (intent, d) {
            (Intent::UserCreate(_), Some(d)) => {
                let attrs = UserAttrs {
                    username: d.attrs.username.clone(),
                    ..Default::default()
                };
                let changes = attrs.create_changes();
                let primary = self.primary_ref(&d.primary_ou);
                (
                    Payload::CreateUser {
                        primary_ou: primary,
                        attrs: attrs.into(),
                    },
                    changes,
                )
            }
            (Intent::UserFields(_), Some(d)) => {
                let patch = self.user_patch(ix, &d);
                let changes = u.attrs.patch_changes(&patch);
                (
                    Payload::PatchUser {
                        user: self.user_ref(ix),
                        patch: Box::new(patch),
                    },
                    changes,
                )
            }
            (Intent::UserPrimary(_), Some(d)) => {
                let ou = self.primary_ref(&d.primary_ou);
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
            (Intent::UserLeave(_), _) if self.removal_of(ix) == UserRemoval::Delete => {
                // Only leavers observed in EIAM are ever deleted.
                let Some(user) = u.reference.as_ref().and_then(|r| r.id().cloned()) else {
                    return;
                };
                let changes: Changes = [(
                    "username".to_owned(),
                    [json!(u.attrs.username), Value::Null],
                )]
                .into();
                (Payload::DeleteUser { user }, changes)
            }
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
        self.emit_blocked(Kind::User, ext, payload, changes, why);
    }

    /// The primary OU a blocked operation names: `Absent` when it is not in EIAM at all.
    fn primary_ref(&self, ou: &ExtId) -> ObjRef {
        self.world
            .ou_by_ext
            .get(ou)
            .map_or(ObjRef::Absent, |&p| self.ou_ref(p))
    }
}
