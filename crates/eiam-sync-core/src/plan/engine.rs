//! The planning loop: intentions are tried against the working model in rounds; each one that
//! can run now is emitted as operations (with the dependencies that made it possible), the rest
//! wait. When every remaining intention waits on another, a temporary name or position breaks
//! the cycle; what can never run is reported as blocked.

use std::collections::{HashMap, HashSet};

use super::intent_set::{Intent, IntentSet};

use crate::model::{DesiredState, ExtId, Kind, ObservedState, Ownership};
use crate::plan::types::UserRemoval;

use super::types::{Changes, Op, OpId, Payload};
use super::world::{Key, World};

/// What an intention waits on, so a deadlock can be broken at the right place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// An OU that occupies the wanted `(parent, name)` and will vacate it later.
    OuSlot(usize),
    /// A user holding a wanted unique value who will release it later.
    UserKey(usize, Key),
    /// A group holding a wanted name that will release it later.
    GroupName(usize),
    /// The move target (second) is currently inside the OU being moved (first).
    Ancestry(usize, usize),
    Other,
}

/// The object an intention changes or a blocker waits on: kind and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Object {
    Ou(usize),
    User(usize),
    Group(usize),
}

fn object(intent: Intent) -> Object {
    match intent {
        Intent::OuCreate(ix) | Intent::OuUpdate(ix) | Intent::OuDelete(ix) => Object::Ou(ix),
        Intent::UserCreate(ix)
        | Intent::UserFields(ix)
        | Intent::UserPrimary(ix)
        | Intent::UserSecondary(ix)
        | Intent::UserStatus(ix)
        | Intent::UserLeave(ix) => Object::User(ix),
        Intent::GroupCreate(ix)
        | Intent::GroupRename(ix)
        | Intent::GroupDelete(ix)
        | Intent::Members(ix) => Object::Group(ix),
    }
}

impl Blocker {
    /// The object whose progress may lift this blocker; `None` when no single one does.
    fn object(&self) -> Option<Object> {
        match self {
            Blocker::OuSlot(ou) => Some(Object::Ou(*ou)),
            Blocker::UserKey(user, _) => Some(Object::User(*user)),
            Blocker::GroupName(group) => Some(Object::Group(*group)),
            Blocker::Ancestry(..) | Blocker::Other => None,
        }
    }
}

/// The outcome of trying an intention once.
#[derive(Debug)]
pub enum Step {
    /// Completed (operations emitted, or nothing was needed).
    Done,
    /// Some operations emitted; try again for the rest.
    Progress,
    /// Cannot run yet.
    Wait(Blocker, String),
    /// Can never run in this plan; emit it as blocked with the reason.
    Blocked(String),
}

/// What the adoptions left in the planner.
#[derive(Debug, Default)]
pub struct Seeded {
    /// The `Adopt` operation of each adopted node, by kind and index in the working model.
    pub(super) ops: HashMap<(Kind, usize), OpId>,
    /// Records rejected as ambiguous: nothing is created for them.
    pub(super) rejected: HashSet<(Kind, ExtId)>,
}

impl Seeded {
    /// The `Adopt` operation of a node, when the plan adopts it.
    pub fn op(&self, kind: Kind, ix: usize) -> Option<OpId> {
        self.ops.get(&(kind, ix)).copied()
    }

    /// Whether a record was rejected as ambiguous.
    pub fn rejects(&self, kind: Kind, ext: &ExtId) -> bool {
        !self.rejected.is_empty() && self.rejected.contains(&(kind, ext.clone()))
    }
}

pub struct Planner<'a> {
    pub desired: &'a DesiredState,
    pub removal: UserRemoval,
    pub world: World<'a>,
    pub ops: Vec<Op>,
    pub notes: Vec<super::types::Note>,
    /// Intentions still to carry out, in the order they are tried.
    pub pending: Vec<Intent>,
    /// Intentions found impossible: what they would have released stays where it is.
    pub blocked: HashSet<Intent>,
    /// Leavers (by user index) whose grace period is over: deleted whatever `removal` says.
    pub due: HashSet<usize>,
    /// The objects this plan adopts, and the records it leaves alone as ambiguous.
    pub adopted: Seeded,
    temp_counter: usize,
}

impl<'a> Planner<'a> {
    pub fn new(
        desired: &'a DesiredState,
        observed: &'a ObservedState,
        ownership: &'a Ownership,
        removal: UserRemoval,
    ) -> Self {
        Planner {
            desired,
            removal,
            world: World::observe(desired, observed, ownership),
            ops: Vec::new(),
            notes: Vec::new(),
            pending: Vec::new(),
            blocked: HashSet::new(),
            due: HashSet::new(),
            adopted: Default::default(),
            temp_counter: 0,
        }
    }

    /// What user `ix` gets if it left the snapshot.
    pub fn removal_of(&self, ix: usize) -> UserRemoval {
        if self.due.contains(&ix) {
            UserRemoval::Delete
        } else {
            self.removal
        }
    }

    /// Record an operation and return its id. `deps` may contain duplicates and `None`s.
    pub fn emit(
        &mut self,
        kind: Kind,
        external_id: ExtId,
        payload: Payload,
        changes: Changes,
        deps: impl IntoIterator<Item = Option<OpId>>,
    ) -> OpId {
        let id = self.ops.len();
        let mut deps: Vec<OpId> = deps.into_iter().flatten().filter(|d| *d < id).collect();
        deps.sort_unstable();
        deps.dedup();
        let eiam_id = payload
            .target()
            .and_then(|r| r.id().cloned())
            .or_else(|| match &payload {
                Payload::DeleteOu { ou } => Some(ou.clone()),
                Payload::DeleteUser { user } => Some(user.clone()),
                Payload::DeleteGroup { group } => Some(group.clone()),
                _ => None,
            });
        self.ops.push(Op {
            kind,
            external_id,
            eiam_id,
            payload,
            changes: std::sync::Arc::new(changes.compacted()),
            deps,
            blocked: None,
            cause: None,
        });
        id
    }

    /// Record an operation that cannot be carried out.
    pub fn emit_blocked(
        &mut self,
        kind: Kind,
        external_id: ExtId,
        payload: Payload,
        changes: Changes,
        reason: String,
    ) {
        let id = self.emit(kind, external_id, payload, changes, []);
        if let Some(op) = self.ops.get_mut(id) {
            op.blocked = Some(reason);
        }
    }

    /// A temporary name `prefix-N` that `taken` says is free.
    pub fn temp_name(&mut self, prefix: &str, taken: impl Fn(&str) -> bool) -> String {
        loop {
            self.temp_counter += 1;
            let candidate = format!("{prefix}{}", self.temp_counter);
            if !taken(&candidate) {
                return candidate;
            }
        }
    }

    /// Run every pending intention to completion, breaking deadlocks, blocking the impossible.
    ///
    /// An intention that waits on an object is tried again as soon as an intention of that
    /// object makes progress, within the same round: a chain of n values each freed by the
    /// next (every user taking another's username) unwinds in one round, not in n rounds of n
    /// tries each.
    pub fn run(&mut self) {
        let mut waits: HashMap<Intent, (Blocker, String)> = HashMap::new();
        let mut waiters: HashMap<Object, Vec<Intent>> = HashMap::new();
        let mut finished = IntentSet::default();
        loop {
            let mut progressed = false;
            // The intentions still pending are written back over the round's own vector (each
            // keeps at most one place, never ahead of the one being read): a second vector
            // the size of a directory's intentions is not needed.
            let mut round = std::mem::take(&mut self.pending);
            let mut kept = 0;
            for i in 0..round.len() {
                let intent = round[i];
                if finished.contains(&intent) {
                    continue;
                }
                let mut woken = vec![intent];
                while let Some(next) = woken.pop() {
                    if finished.contains(&next) {
                        continue;
                    }
                    let first = next == intent;
                    match self.step(next) {
                        Step::Done => {
                            waits.remove(&next);
                            finished.insert(next);
                            progressed = true;
                            woken.extend(waiters.remove(&object(next)).unwrap_or_default());
                        }
                        Step::Progress => {
                            progressed = true;
                            if first {
                                round[kept] = next;
                                kept += 1;
                            }
                            woken.extend(waiters.remove(&object(next)).unwrap_or_default());
                        }
                        Step::Wait(blocker, why) => {
                            if let Some(on) = blocker.object() {
                                waiters.entry(on).or_default().push(next);
                            }
                            waits.insert(next, (blocker, why));
                            if first {
                                round[kept] = next;
                                kept += 1;
                            }
                        }
                        Step::Blocked(why) => {
                            waits.remove(&next);
                            finished.insert(next);
                            self.block(next, why);
                            progressed = true;
                        }
                    }
                }
            }
            round.truncate(kept);
            // Intentions added while stepping (none today) would be lost otherwise.
            round.append(&mut self.pending);
            round.retain(|i| !finished.contains(i));
            self.pending = round;
            if self.pending.is_empty() {
                return;
            }
            if progressed {
                continue;
            }
            let waiting: Vec<Blocker> = self
                .pending
                .iter()
                .filter_map(|i| waits.get(i).map(|(b, _)| b.clone()))
                .collect();
            if waiting.iter().any(|b| self.break_deadlock(b)) {
                continue;
            }
            for intent in std::mem::take(&mut self.pending) {
                let why = waits
                    .remove(&intent)
                    .map(|(_, w)| w)
                    .unwrap_or_else(|| "could not be ordered".to_owned());
                self.block(intent, why);
            }
            return;
        }
    }

    fn step(&mut self, intent: Intent) -> Step {
        match intent {
            Intent::OuCreate(ix) => self.step_ou_create(ix),
            Intent::OuUpdate(ix) => self.step_ou_update(ix),
            Intent::OuDelete(ix) => self.step_ou_delete(ix),
            Intent::UserCreate(ix) => self.step_user_create(ix),
            Intent::UserFields(ix) => self.step_user_fields(ix),
            Intent::UserPrimary(ix) => self.step_user_primary(ix),
            Intent::UserSecondary(ix) => self.step_user_secondary(ix),
            Intent::UserStatus(ix) => self.step_user_status(ix),
            Intent::UserLeave(ix) => self.step_user_leave(ix),
            Intent::GroupCreate(ix) => self.step_group_create(ix),
            Intent::GroupRename(ix) => self.step_group_rename(ix),
            Intent::GroupDelete(ix) => self.step_group_delete(ix),
            Intent::Members(ix) => self.step_members(ix),
        }
    }

    fn block(&mut self, intent: Intent, why: String) {
        self.blocked.insert(intent);
        match intent {
            Intent::OuCreate(ix) | Intent::OuUpdate(ix) | Intent::OuDelete(ix) => {
                self.block_ou(intent, ix, why)
            }
            Intent::UserCreate(ix)
            | Intent::UserFields(ix)
            | Intent::UserPrimary(ix)
            | Intent::UserSecondary(ix)
            | Intent::UserStatus(ix)
            | Intent::UserLeave(ix) => self.block_user(intent, ix, why),
            Intent::GroupCreate(ix)
            | Intent::GroupRename(ix)
            | Intent::GroupDelete(ix)
            | Intent::Members(ix) => self.block_group(intent, ix, why),
        }
    }

    /// Try to unblock a waiting intention by moving what is in its way somewhere temporary.
    fn break_deadlock(&mut self, blocker: &Blocker) -> bool {
        match blocker {
            Blocker::OuSlot(occupant) => self.ou_temp_rename(*occupant),
            Blocker::UserKey(holder, key) => self.user_temp_key(*holder, *key),
            Blocker::GroupName(holder) => self.group_temp_rename(*holder),
            Blocker::Ancestry(ou, target) => self.ou_temp_move(*ou, *target),
            Blocker::Other => false,
        }
    }
}
