//! Lookup tables kept beside the replayed state, so every uniqueness and emptiness check of the
//! replay is a hash lookup instead of a scan of the directory (the replay stays linear in the
//! plan whatever its shape: an initial load, a mass rename, a mass move).

use std::collections::{BTreeSet, HashMap};

use crate::model::{EiamId, ObservedOu, ObservedState, ObservedUser};

/// Which objects hold a value. Usually one; EIAM may already hold duplicates the planner must
/// not be blamed for, so a value maps to every holder.
#[derive(Debug, Default)]
struct Holders<K: std::hash::Hash + Eq>(HashMap<K, Vec<EiamId>>);

impl<K: std::hash::Hash + Eq> Holders<K> {
    fn add(&mut self, key: K, id: &EiamId) {
        self.0.entry(key).or_default().push(id.clone());
    }

    fn remove(&mut self, key: &K, id: &EiamId) {
        if let Some(ids) = self.0.get_mut(key) {
            if let Some(pos) = ids.iter().position(|i| i == id) {
                ids.swap_remove(pos);
            }
            if ids.is_empty() {
                self.0.remove(key);
            }
        }
    }

    /// A holder of `key` other than `me`.
    fn other(&self, key: &K, me: Option<&EiamId>) -> Option<&EiamId> {
        self.0
            .get(key)
            .and_then(|ids| ids.iter().find(|i| Some(*i) != me))
    }
}

/// Counts per OU (child OUs, member users).
#[derive(Debug, Default)]
struct Counts(HashMap<EiamId, usize>);

impl Counts {
    fn inc(&mut self, id: &EiamId) {
        *self.0.entry(id.clone()).or_default() += 1;
    }

    fn dec(&mut self, id: &EiamId) {
        if let Some(n) = self.0.get_mut(id) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.0.remove(id);
            }
        }
    }

    fn any(&self, id: &EiamId) -> bool {
        self.0.get(id).is_some_and(|n| *n > 0)
    }
}

/// The replay's lookup tables. Every change to an OU, user or group of the replayed state goes
/// through `unindex_*` before and `index_*` after it.
#[derive(Debug, Default)]
pub(super) struct Index {
    usernames: Holders<String>,
    emails: Holders<String>,
    phones: Holders<String>,
    siblings: Holders<(EiamId, String)>,
    children: Counts,
    ou_users: Counts,
    group_names: Holders<String>,
    /// user → the groups it is a member of, to drop a deleted user from them.
    user_groups: HashMap<EiamId, BTreeSet<EiamId>>,
}

/// EIAM compares usernames and emails without regard to ASCII case.
fn folded(s: &str) -> String {
    s.to_ascii_lowercase()
}

impl Index {
    pub(super) fn new(state: &ObservedState) -> Self {
        let mut ix = Index::default();
        for o in state.ous.values() {
            ix.index_ou(o);
        }
        for u in state.users.values() {
            ix.index_user(u);
        }
        for g in state.groups.values() {
            ix.group_names.add(g.attrs.name.clone(), &g.id);
        }
        for (g, members) in &state.members {
            for u in members {
                ix.member_added(g, u);
            }
        }
        ix
    }

    pub(super) fn index_ou(&mut self, o: &ObservedOu) {
        if let Some(p) = &o.parent_id {
            self.siblings.add((p.clone(), o.attrs.name.clone()), &o.id);
            self.children.inc(p);
        }
    }

    pub(super) fn unindex_ou(&mut self, o: &ObservedOu) {
        if let Some(p) = &o.parent_id {
            self.siblings
                .remove(&(p.clone(), o.attrs.name.clone()), &o.id);
            self.children.dec(p);
        }
    }

    /// An OU other than `except` named `name` under `parent`.
    pub(super) fn sibling_taken(
        &self,
        parent: &EiamId,
        name: &str,
        except: Option<&EiamId>,
    ) -> bool {
        self.siblings
            .other(&(parent.clone(), name.to_owned()), except)
            .is_some()
    }

    pub(super) fn has_children(&self, ou: &EiamId) -> bool {
        self.children.any(ou)
    }

    pub(super) fn has_users(&self, ou: &EiamId) -> bool {
        self.ou_users.any(ou)
    }

    pub(super) fn index_user(&mut self, u: &ObservedUser) {
        let a = &u.attrs;
        self.usernames.add(folded(&a.username), &u.id);
        if let Some(e) = &a.email {
            self.emails.add(folded(&e.address), &u.id);
        }
        if let Some(p) = &a.phone {
            self.phones.add(p.number.clone(), &u.id);
        }
        for o in &u.ous {
            self.ou_users.inc(o);
        }
    }

    pub(super) fn unindex_user(&mut self, u: &ObservedUser) {
        let a = &u.attrs;
        self.usernames.remove(&folded(&a.username), &u.id);
        if let Some(e) = &a.email {
            self.emails.remove(&folded(&e.address), &u.id);
        }
        if let Some(p) = &a.phone {
            self.phones.remove(&p.number, &u.id);
        }
        for o in &u.ous {
            self.ou_users.dec(o);
        }
    }

    /// Why a user other than `me` already holds one of these values.
    pub(super) fn user_value_taken(
        &self,
        me: Option<&EiamId>,
        username: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Option<String> {
        if let Some(id) = username.and_then(|n| self.usernames.other(&folded(n), me)) {
            return Some(format!("username is used by {id}"));
        }
        if let Some(id) = email.and_then(|e| self.emails.other(&folded(e), me)) {
            return Some(format!("email is used by {id}"));
        }
        if let Some(id) = phone.and_then(|p| self.phones.other(&p.to_owned(), me)) {
            return Some(format!("phone number is used by {id}"));
        }
        None
    }

    pub(super) fn group_name_taken(&self, name: &str, except: Option<&EiamId>) -> bool {
        self.group_names.other(&name.to_owned(), except).is_some()
    }

    pub(super) fn group_renamed(&mut self, id: &EiamId, old: &str, new: &str) {
        self.group_names.remove(&old.to_owned(), id);
        self.group_names.add(new.to_owned(), id);
    }

    pub(super) fn group_added(&mut self, id: &EiamId, name: &str) {
        self.group_names.add(name.to_owned(), id);
    }

    pub(super) fn group_removed(&mut self, id: &EiamId, name: &str) {
        self.group_names.remove(&name.to_owned(), id);
    }

    pub(super) fn member_added(&mut self, group: &EiamId, user: &EiamId) {
        self.user_groups
            .entry(user.clone())
            .or_default()
            .insert(group.clone());
    }

    pub(super) fn member_removed(&mut self, group: &EiamId, user: &EiamId) {
        if let Some(gs) = self.user_groups.get_mut(user) {
            gs.remove(group);
            if gs.is_empty() {
                self.user_groups.remove(user);
            }
        }
    }

    /// Forget a deleted user's memberships; returns the groups it was in.
    pub(super) fn take_user_groups(&mut self, user: &EiamId) -> BTreeSet<EiamId> {
        self.user_groups.remove(user).unwrap_or_default()
    }
}
