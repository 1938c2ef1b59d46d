//! User intentions about OUs: move the primary OU, add and remove secondary OUs.

use serde_json::{Value, json};

use crate::model::Kind;

use super::engine::{Blocker, Planner, Step};
use super::types::{Changes, OpId, Payload};

/// At most this many OU ids per Add/RemoveUser(To|From)OrganizationalUnits call (the sibling
/// API's documented cap; the developer API states none).
const OU_BATCH: usize = 100;

impl Planner<'_> {
    pub fn step_user_primary(&mut self, ix: usize) -> Step {
        let Some(d) = self.desired_user(ix) else {
            return Step::Done;
        };
        let ext = d.external_id.clone();
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
        let deps = [self.user_dep(ix), u.chains.ous, self.ou_dep(p)];
        let payload = Payload::SetPrimaryOu {
            user: self.user_ref(ix),
            ou: self.ou_ref(p),
        };
        let op = self.emit(Kind::User, ext, payload, changes, deps);
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
        u.chains.ous = Some(op);
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
        let ext = d.external_id.clone();
        for chunk in adds.chunks(OU_BATCH) {
            let labels: Vec<String> = chunk.iter().map(|&o| self.world.ou_label(o)).collect();
            let changes: Changes = [(
                "organizational_units".to_owned(),
                [Value::Null, json!(labels)],
            )]
            .into();
            let mut deps: Vec<Option<OpId>> = chunk.iter().map(|&o| self.ou_dep(o)).collect();
            deps.push(self.user_dep(ix));
            deps.push(self.world.users[ix].chains.ous);
            let payload = Payload::AddUserToOus {
                user: self.user_ref(ix),
                ous: chunk.iter().map(|&o| self.ou_ref(o)).collect(),
            };
            let op = self.emit(Kind::User, ext.clone(), payload, changes, deps);
            for &o in chunk {
                self.world.users[ix].ous.insert(o);
                self.world.ous[o].members += 1;
            }
            self.world.users[ix].chains.ous = Some(op);
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
                [self.user_dep(ix), self.world.users[ix].chains.ous],
            );
            for &o in chunk {
                self.world.users[ix].ous.remove(&o);
                self.world.ous[o].members = self.world.ous[o].members.saturating_sub(1);
                self.world.ous[o].leave_ops.push(op);
            }
            self.world.users[ix].chains.ous = Some(op);
        }
        Step::Done
    }
}
