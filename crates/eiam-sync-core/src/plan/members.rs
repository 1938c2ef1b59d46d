//! Group memberships: bring a group's members in line with the snapshot, batched per group.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::model::{KeyTable, Kind};

use super::engine::{Blocker, Planner, Step};
use super::groups::MEMBER_BATCH;
use super::types::{Changes, OpId, Payload};
use super::world::Role;

impl Planner<'_> {
    pub fn step_members(&mut self, ix: usize) -> Step {
        let g = &self.world.groups[ix];
        if !g.exists {
            return Step::Wait(
                Blocker::Other,
                "waiting for the group to be created".to_owned(),
            );
        }
        let Some(gext) = g.ext.clone() else {
            return Step::Done;
        };
        let wanted = self.desired.members.get(&gext);
        let mut ready = Vec::new();
        let mut waiting = 0usize;
        let mut wanted_ix = BTreeSet::new();
        for uext in wanted.into_iter().flatten() {
            let Some(&u) = self.world.user_by_ext.get(uext) else {
                continue;
            };
            wanted_ix.insert(u);
            if g.members.contains(&u) {
                continue;
            }
            if self.world.users[u].exists {
                ready.push(u);
            } else {
                waiting += 1;
            }
        }
        let removes: Vec<usize> = g
            .members
            .iter()
            .copied()
            .filter(|u| !wanted_ix.contains(u))
            .filter(|&u| {
                let user = &self.world.users[u];
                // Only members eiam-sync manages as valid snapshot users are removed; leavers,
                // rejected and unmanaged users keep their memberships.
                user.role == Role::Desired
                    && !self.desired.is_unreadable(KeyTable::GroupMembers)
                    && user.ext.as_ref().is_some_and(|ue| {
                        !self
                            .desired
                            .rejected_members
                            .contains(&(gext.clone(), ue.clone()))
                    })
            })
            .collect();
        let emitted = !ready.is_empty() || !removes.is_empty();
        for chunk in ready.chunks(MEMBER_BATCH) {
            let labels: Vec<String> = chunk.iter().map(|&u| self.world.user_label(u)).collect();
            let changes: Changes = [("members".to_owned(), [Value::Null, json!(labels)])].into();
            let mut deps: Vec<Option<OpId>> = chunk.iter().map(|&u| self.user_dep(u)).collect();
            deps.push(self.world.groups[ix].last_op);
            let payload = Payload::AddUsersToGroup {
                group: self.group_ref(ix),
                users: chunk.iter().map(|&u| self.user_ref(u)).collect(),
            };
            let op = self.emit(Kind::Membership, gext.clone(), payload, changes, deps);
            self.world.groups[ix].members.extend(chunk.iter().copied());
            self.world.groups[ix].last_op = Some(op);
        }
        for chunk in removes.chunks(MEMBER_BATCH) {
            let labels: Vec<String> = chunk.iter().map(|&u| self.world.user_label(u)).collect();
            let changes: Changes = [("members".to_owned(), [json!(labels), Value::Null])].into();
            let ids = chunk
                .iter()
                .filter_map(|&u| {
                    self.world.users[u]
                        .reference
                        .as_ref()
                        .and_then(|r| r.id().cloned())
                })
                .collect();
            let payload = Payload::RemoveUsersFromGroup {
                group: self.group_ref(ix),
                users: ids,
            };
            let op = self.emit(
                Kind::Membership,
                gext.clone(),
                payload,
                changes,
                [self.world.groups[ix].last_op],
            );
            for u in chunk {
                self.world.groups[ix].members.remove(u);
            }
            self.world.groups[ix].last_op = Some(op);
        }
        match (waiting, emitted) {
            (0, _) => Step::Done,
            (_, true) => Step::Progress,
            (n, false) => Step::Wait(
                Blocker::Other,
                format!("waiting for {n} member(s) to be created"),
            ),
        }
    }
}
