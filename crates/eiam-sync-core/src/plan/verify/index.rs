//! Lookup tables kept beside the replayed state, so every uniqueness and emptiness check of the
//! replay is a hash lookup instead of a scan of the directory (the replay stays linear in the
//! plan whatever its shape: an initial load, a mass rename, a mass move). Keys of observed
//! objects borrow the observed state's strings; only what the plan changes is copied.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::model::{EiamId, ObservedOu, ObservedState, ObservedUser};

type Key<'a> = Cow<'a, str>;

/// Which objects hold a value. Usually one; EIAM may already hold duplicates the planner must
/// not be blamed for, so a value maps to every holder.
#[derive(Debug, Default)]
struct Holders<'a>(HashMap<Key<'a>, Ids<'a>>);

/// The holders of one value: one kept inline (a million one-element lists were a million
/// allocations), several in a list.
#[derive(Debug)]
enum Ids<'a> {
    One(Key<'a>),
    Many(Vec<Key<'a>>),
}

impl<'a> Ids<'a> {
    fn as_slice(&self) -> &[Key<'a>] {
        match self {
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(ids) => ids,
        }
    }
}

impl<'a> Holders<'a> {
    fn add(&mut self, key: Key<'a>, id: Key<'a>) {
        match self.0.entry(key) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Ids::One(id));
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let ids = e.get_mut();
                match ids {
                    Ids::Many(list) => list.push(id),
                    Ids::One(first) => {
                        let first = std::mem::take(first);
                        *ids = Ids::Many(vec![first, id]);
                    }
                }
            }
        }
    }

    fn remove(&mut self, key: &str, id: &str) {
        let Some(ids) = self.0.get_mut(key) else {
            return;
        };
        let empty = match ids {
            Ids::One(only) => only == id,
            Ids::Many(list) => {
                if let Some(pos) = list.iter().position(|i| i == id) {
                    list.swap_remove(pos);
                }
                list.is_empty()
            }
        };
        if empty {
            self.0.remove(key);
        }
    }

    /// A holder of `key` other than `me`.
    fn other(&self, key: &str, me: Option<&EiamId>) -> Option<&str> {
        self.0
            .get(key)
            .and_then(|ids| {
                (ids.as_slice().iter()).find(|i| me.is_none_or(|m| m.as_str() != i.as_ref()))
            })
            .map(|i| i.as_ref())
    }
}

/// Counts per OU (child OUs, member users).
#[derive(Debug, Default)]
struct Counts<'a>(HashMap<Key<'a>, usize>);

impl<'a> Counts<'a> {
    fn inc(&mut self, id: Key<'a>) {
        *self.0.entry(id).or_default() += 1;
    }

    fn dec(&mut self, id: &str) {
        if let Some(n) = self.0.get_mut(id) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.0.remove(id);
            }
        }
    }

    fn any(&self, id: &str) -> bool {
        self.0.get(id).is_some_and(|n| *n > 0)
    }
}

/// The replay's lookup tables. Every change to an OU, user or group of the replayed state goes
/// through `unindex_*` before and `index_*` after it.
#[derive(Debug, Default)]
pub(super) struct Index<'a> {
    usernames: Holders<'a>,
    emails: Holders<'a>,
    phones: Holders<'a>,
    /// `parent \0 name` → the OUs of that name under that parent.
    siblings: Holders<'a>,
    children: Counts<'a>,
    ou_users: Counts<'a>,
    group_names: Holders<'a>,
}

/// EIAM compares usernames and emails without regard to ASCII case.
fn folded<'a>(s: Key<'a>) -> Key<'a> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        s
    }
}

fn sibling(parent: &str, name: &str) -> String {
    format!("{parent}\0{name}")
}

fn owned<'a>(s: &str) -> Key<'a> {
    Cow::Owned(s.to_owned())
}

impl<'a> Index<'a> {
    pub(super) fn new(state: &'a ObservedState) -> Self {
        let mut ix = Index::default();
        for o in state.ous.values() {
            ix.add_ou(o, Cow::Borrowed);
        }
        for u in state.users.values() {
            ix.add_user(u, Cow::Borrowed);
        }
        for g in state.groups.values() {
            (ix.group_names).add(Cow::Borrowed(&g.attrs.name), Cow::Borrowed(g.id.as_str()));
        }
        ix
    }

    fn add_ou<'b>(&mut self, o: &'b ObservedOu, key: impl Fn(&'b str) -> Key<'a>) {
        if let Some(p) = &o.parent_id {
            let name = Cow::Owned(sibling(p.as_str(), &o.attrs.name));
            self.siblings.add(name, key(o.id.as_str()));
            self.children.inc(key(p.as_str()));
        }
    }

    fn add_user<'b>(&mut self, u: &'b ObservedUser, key: impl Fn(&'b str) -> Key<'a>) {
        let a = &u.attrs;
        self.usernames
            .add(folded(key(&a.username)), key(u.id.as_str()));
        if let Some(e) = &a.email {
            self.emails.add(folded(key(&e.address)), key(u.id.as_str()));
        }
        if let Some(p) = &a.phone {
            self.phones.add(key(&p.number), key(u.id.as_str()));
        }
        for o in &u.ous {
            self.ou_users.inc(key(o.as_str()));
        }
    }

    pub(super) fn index_ou(&mut self, o: &ObservedOu) {
        self.add_ou(o, owned);
    }

    pub(super) fn unindex_ou(&mut self, o: &ObservedOu) {
        if let Some(p) = &o.parent_id {
            let name = sibling(p.as_str(), &o.attrs.name);
            self.siblings.remove(&name, o.id.as_str());
            self.children.dec(p.as_str());
        }
    }

    /// An OU other than `except` named `name` under `parent`.
    pub(super) fn sibling_taken(
        &self,
        parent: &EiamId,
        name: &str,
        except: Option<&EiamId>,
    ) -> bool {
        let key = sibling(parent.as_str(), name);
        self.siblings.other(&key, except).is_some()
    }

    pub(super) fn has_children(&self, ou: &EiamId) -> bool {
        self.children.any(ou.as_str())
    }

    pub(super) fn has_users(&self, ou: &EiamId) -> bool {
        self.ou_users.any(ou.as_str())
    }

    pub(super) fn index_user(&mut self, u: &ObservedUser) {
        self.add_user(u, owned);
    }

    pub(super) fn unindex_user(&mut self, u: &ObservedUser) {
        let a = &u.attrs;
        let id = u.id.as_str();
        (self.usernames).remove(&folded(Cow::Borrowed(&a.username)), id);
        if let Some(e) = &a.email {
            self.emails.remove(&folded(Cow::Borrowed(&e.address)), id);
        }
        if let Some(p) = &a.phone {
            self.phones.remove(&p.number, id);
        }
        for o in &u.ous {
            self.ou_users.dec(o.as_str());
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
        let fold = |s: &str| folded(Cow::Borrowed(s)).into_owned();
        if let Some(id) = username.and_then(|n| self.usernames.other(&fold(n), me)) {
            return Some(format!("username is used by {id}"));
        }
        if let Some(id) = email.and_then(|e| self.emails.other(&fold(e), me)) {
            return Some(format!("email is used by {id}"));
        }
        if let Some(id) = phone.and_then(|p| self.phones.other(p, me)) {
            return Some(format!("phone number is used by {id}"));
        }
        None
    }

    pub(super) fn group_name_taken(&self, name: &str, except: Option<&EiamId>) -> bool {
        self.group_names.other(name, except).is_some()
    }

    pub(super) fn group_renamed(&mut self, id: &EiamId, old: &str, new: &str) {
        self.group_names.remove(old, id.as_str());
        self.group_names.add(owned(new), owned(id.as_str()));
    }

    pub(super) fn group_added(&mut self, id: &EiamId, name: &str) {
        self.group_names.add(owned(name), owned(id.as_str()));
    }

    pub(super) fn group_removed(&mut self, id: &EiamId, name: &str) {
        self.group_names.remove(name, id.as_str());
    }
}
