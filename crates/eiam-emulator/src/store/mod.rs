//! The in-memory directory: users, OUs, groups, memberships and provisioning scopes, with an
//! index for every lookup and uniqueness rule and creation-ordered lists for paging.
//!
//! Records live in slot vectors at their sequence number (creation order, never reused), so
//! references between records are `u32`s and every list is a [`SeqList`]. All methods are
//! synchronous; the server holds one `RwLock<Directory>`.

mod groups;
mod index;
mod memberships;
mod ous;
mod records;
mod scope;
mod seqlist;
mod snapshot;
#[cfg(test)]
mod tests;
mod users;
mod views;

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use rand::RngExt;

pub use self::index::{Fold, KeyIndex};
pub use self::records::{BUILD_IN, GroupRec, OuRec, Sources, UserRec};
pub use self::scope::Scope;
pub use self::seqlist::SeqList;
pub use self::users::{Lookup, NewUser, UserPatch};

use self::records::{at, at_mut};

/// The whole directory of one instance.
pub struct Directory {
    pub(crate) instance_id: Box<str>,
    pub(crate) sources: Sources,
    pub(crate) users: Vec<Option<Box<UserRec>>>,
    pub(crate) user_list: SeqList,
    pub(crate) user_ids: KeyIndex,
    pub(crate) usernames: KeyIndex,
    pub(crate) emails: KeyIndex,
    pub(crate) phones: KeyIndex,
    pub(crate) user_ext: KeyIndex,
    pub(crate) ous: Vec<Option<Box<OuRec>>>,
    pub(crate) ou_ids: KeyIndex,
    pub(crate) ou_ext: KeyIndex,
    /// Sibling names: the scope of a key is the parent's sequence number.
    pub(crate) ou_names: KeyIndex,
    pub(crate) root: u32,
    pub(crate) groups: Vec<Option<Box<GroupRec>>>,
    pub(crate) group_list: SeqList,
    pub(crate) group_ids: KeyIndex,
    pub(crate) group_ext: KeyIndex,
    pub(crate) group_names: KeyIndex,
    /// Provisioning scope per application; absent means the default (the root: everything).
    pub(crate) scopes: HashMap<String, Scope>,
}

/// Key readers for the indexes (`(scope, key)` of a record).
pub(crate) mod keys {
    use super::{GroupRec, OuRec, UserRec};

    pub fn user_id(u: &UserRec) -> Option<(u32, &str)> {
        Some((0, &u.id))
    }
    pub fn username(u: &UserRec) -> Option<(u32, &str)> {
        Some((0, &u.username))
    }
    pub fn email(u: &UserRec) -> Option<(u32, &str)> {
        u.email.as_deref().map(|e| (0, e))
    }
    pub fn phone(u: &UserRec) -> Option<(u32, &str)> {
        u.phone_number.as_deref().map(|p| (0, p))
    }
    pub fn user_ext(u: &UserRec) -> Option<(u32, &str)> {
        Some((u.source, &u.external_id))
    }
    pub fn ou_id(o: &OuRec) -> Option<(u32, &str)> {
        Some((0, &o.id))
    }
    pub fn ou_ext(o: &OuRec) -> Option<(u32, &str)> {
        Some((o.source, &o.external_id))
    }
    pub fn ou_name(o: &OuRec) -> Option<(u32, &str)> {
        o.parent.map(|p| (p, &*o.name))
    }
    pub fn group_id(g: &GroupRec) -> Option<(u32, &str)> {
        Some((0, &g.id))
    }
    pub fn group_ext(g: &GroupRec) -> Option<(u32, &str)> {
        Some((g.source, &g.external_id))
    }
    pub fn group_name(g: &GroupRec) -> Option<(u32, &str)> {
        Some((0, &g.name))
    }
}

/// Reads a record's index key through its slot vector.
pub(crate) fn key_reader<'a, T>(
    slots: &'a [Option<Box<T>>],
    key: for<'x> fn(&'x T) -> Option<(u32, &'x str)>,
) -> impl Fn(u32) -> Option<(u32, &'a str)> + 'a {
    move |seq| at(slots, seq).and_then(key)
}

/// Milliseconds since the epoch, the API's timestamp unit.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A fresh id in the API's shape: `prefix` + 26 lowercase letters and digits.
pub fn new_id(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let mut id = String::with_capacity(prefix.len() + 26);
    id.push_str(prefix);
    for _ in 0..26 {
        id.push(char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]));
    }
    id
}

fn next_seq<T>(slots: &[Option<Box<T>>]) -> u32 {
    u32::try_from(slots.len()).unwrap_or(u32::MAX)
}

impl Directory {
    /// A directory without any OU (the import fills it).
    fn empty(instance_id: &str) -> Self {
        Directory {
            instance_id: instance_id.into(),
            sources: Sources::new(instance_id),
            users: Vec::new(),
            user_list: SeqList::new(),
            user_ids: KeyIndex::new(Fold::Exact),
            // Usernames and emails are identifiers people type: unique regardless of ASCII case,
            // the stricter reading of the undocumented rule (docs/eiam-api.md, open question 7).
            usernames: KeyIndex::new(Fold::AsciiCase),
            emails: KeyIndex::new(Fold::AsciiCase),
            phones: KeyIndex::new(Fold::Exact),
            user_ext: KeyIndex::new(Fold::Exact),
            ous: Vec::new(),
            ou_ids: KeyIndex::new(Fold::Exact),
            ou_ext: KeyIndex::new(Fold::Exact),
            ou_names: KeyIndex::new(Fold::Exact),
            root: 0,
            groups: Vec::new(),
            group_list: SeqList::new(),
            group_ids: KeyIndex::new(Fold::Exact),
            group_ext: KeyIndex::new(Fold::Exact),
            group_names: KeyIndex::new(Fold::Exact),
            scopes: HashMap::new(),
        }
    }

    /// An empty directory with a fresh root OU.
    pub fn new(instance_id: &str, root_name: &str) -> Self {
        let mut dir = Directory::empty(instance_id);
        let id = new_id("ou_");
        let now = now_ms();
        dir.root = dir.insert_ou(OuRec {
            external_id: id.clone().into(),
            id: id.into(),
            name: root_name.into(),
            source: BUILD_IN,
            parent: None,
            description: None,
            children: SeqList::new(),
            members: SeqList::new(),
            create_time: now,
            update_time: now,
        });
        dir
    }

    pub fn root_id(&self) -> &str {
        at(&self.ous, self.root).map_or("", |o| &o.id)
    }

    pub(crate) fn user(&self, seq: u32) -> Option<&UserRec> {
        at(&self.users, seq)
    }

    pub(crate) fn user_mut(&mut self, seq: u32) -> Option<&mut UserRec> {
        at_mut(&mut self.users, seq)
    }

    pub(crate) fn ou(&self, seq: u32) -> Option<&OuRec> {
        at(&self.ous, seq)
    }

    pub(crate) fn ou_mut(&mut self, seq: u32) -> Option<&mut OuRec> {
        at_mut(&mut self.ous, seq)
    }

    pub(crate) fn group(&self, seq: u32) -> Option<&GroupRec> {
        at(&self.groups, seq)
    }

    pub(crate) fn group_mut(&mut self, seq: u32) -> Option<&mut GroupRec> {
        at_mut(&mut self.groups, seq)
    }

    pub(crate) fn find_user(&self, id: &str) -> Option<u32> {
        self.user_ids
            .get(0, id, key_reader(&self.users, keys::user_id))
    }

    pub(crate) fn find_ou(&self, id: &str) -> Option<u32> {
        self.ou_ids.get(0, id, key_reader(&self.ous, keys::ou_id))
    }

    pub(crate) fn find_group(&self, id: &str) -> Option<u32> {
        self.group_ids
            .get(0, id, key_reader(&self.groups, keys::group_id))
    }

    /// Stores an OU and indexes it; the parent's child list is updated too.
    pub(crate) fn insert_ou(&mut self, rec: OuRec) -> u32 {
        let seq = next_seq(&self.ous);
        let parent = rec.parent;
        let (id, ext, name, source) = (
            rec.id.clone(),
            rec.external_id.clone(),
            rec.name.clone(),
            rec.source,
        );
        self.ous.push(Some(Box::new(rec)));
        self.ou_ids
            .insert(0, &id, seq, key_reader(&self.ous, keys::ou_id));
        self.ou_ext
            .insert(source, &ext, seq, key_reader(&self.ous, keys::ou_ext));
        if let Some(p) = parent {
            self.ou_names
                .insert(p, &name, seq, key_reader(&self.ous, keys::ou_name));
            if let Some(parent) = self.ou_mut(p) {
                parent.children.insert(seq);
            }
        }
        seq
    }

    /// Stores a user and indexes it; OU member lists are updated too.
    pub(crate) fn insert_user(&mut self, rec: UserRec) -> u32 {
        let seq = next_seq(&self.users);
        let ous: Vec<u32> = rec.all_ous().collect();
        let groups = rec.groups.clone();
        self.users.push(Some(Box::new(rec)));
        self.index_user(seq);
        self.user_list.insert(seq);
        for ou in ous {
            if let Some(o) = self.ou_mut(ou) {
                o.members.insert(seq);
            }
        }
        for g in groups {
            if let Some(g) = self.group_mut(g) {
                g.members.insert(seq);
            }
        }
        seq
    }

    /// Adds a stored user's keys to the indexes.
    pub(crate) fn index_user(&mut self, seq: u32) {
        let Some(u) = at(&self.users, seq) else {
            return;
        };
        let users = &self.users;
        self.user_ids
            .insert(0, &u.id, seq, key_reader(users, keys::user_id));
        self.usernames
            .insert(0, &u.username, seq, key_reader(users, keys::username));
        if let Some(e) = u.email.as_deref() {
            self.emails
                .insert(0, e, seq, key_reader(users, keys::email));
        }
        if let Some(p) = u.phone_number.as_deref() {
            self.phones
                .insert(0, p, seq, key_reader(users, keys::phone));
        }
        self.user_ext.insert(
            u.source,
            &u.external_id,
            seq,
            key_reader(users, keys::user_ext),
        );
    }

    /// Stores a group and indexes it.
    pub(crate) fn insert_group(&mut self, rec: GroupRec) -> u32 {
        let seq = next_seq(&self.groups);
        self.groups.push(Some(Box::new(rec)));
        let groups = &self.groups;
        if let Some(g) = at(groups, seq) {
            self.group_ids
                .insert(0, &g.id, seq, key_reader(groups, keys::group_id));
            self.group_ext.insert(
                g.source,
                &g.external_id,
                seq,
                key_reader(groups, keys::group_ext),
            );
            self.group_names
                .insert(0, &g.name, seq, key_reader(groups, keys::group_name));
        }
        self.group_list.insert(seq);
        seq
    }
}
