//! The stored records: compact (boxed strings, sequence numbers instead of ids for references)
//! because a million users must fit in well under the memory budget.

use std::collections::HashMap;

use super::seqlist::SeqList;
use eiam_api::users::PasswordInitializationConfig;

/// An account. References to OUs and groups are their sequence numbers.
pub struct UserRec {
    pub id: Box<str>,
    pub username: Box<str>,
    pub display_name: Option<Box<str>>,
    pub email: Option<Box<str>>,
    pub email_verified: Option<bool>,
    pub phone_region: Option<Box<str>>,
    pub phone_number: Option<Box<str>>,
    pub phone_number_verified: Option<bool>,
    pub description: Option<Box<str>>,
    pub external_id: Box<str>,
    pub source: u32,
    pub enabled: bool,
    pub password_set: bool,
    /// Kept only for the password grant; never exported or logged.
    pub password: Option<Box<str>>,
    /// How the account's first password was initialized (CreateUser's
    /// `passwordInitializationConfig`); kept for the admin state, never a password.
    pub password_init: Option<Box<PasswordInitializationConfig>>,
    pub custom_fields: Vec<(Box<str>, Box<str>)>,
    pub primary_ou: u32,
    /// Secondary OUs, sorted.
    pub secondary_ous: Vec<u32>,
    /// Groups, sorted.
    pub groups: Vec<u32>,
    pub create_time: i64,
    pub update_time: i64,
    pub register_time: i64,
}

impl UserRec {
    /// Every OU of the user, primary first.
    pub fn all_ous(&self) -> impl Iterator<Item = u32> + '_ {
        std::iter::once(self.primary_ou).chain(self.secondary_ous.iter().copied())
    }
}

/// An organizational unit.
pub struct OuRec {
    pub id: Box<str>,
    pub name: Box<str>,
    pub external_id: Box<str>,
    pub source: u32,
    /// `None` only for the root.
    pub parent: Option<u32>,
    pub description: Option<Box<str>>,
    pub children: SeqList,
    /// Direct members, primary or secondary.
    pub members: SeqList,
    pub create_time: i64,
    pub update_time: i64,
}

/// A group.
pub struct GroupRec {
    pub id: Box<str>,
    pub name: Box<str>,
    pub external_id: Box<str>,
    pub source: u32,
    pub description: Option<Box<str>>,
    pub members: SeqList,
    pub create_time: i64,
    pub update_time: i64,
}

/// Interned `(sourceType, sourceId)` pairs; index 0 is `build_in` of this instance.
#[derive(Debug, Clone)]
pub struct Sources {
    pairs: Vec<(Box<str>, Box<str>)>,
    index: HashMap<(Box<str>, Box<str>), u32>,
}

/// The source of everything created through the API.
pub const BUILD_IN: u32 = 0;

impl Sources {
    pub fn new(instance_id: &str) -> Self {
        let mut s = Sources {
            pairs: Vec::new(),
            index: HashMap::new(),
        };
        s.intern("build_in", instance_id);
        s
    }

    pub fn intern(&mut self, kind: &str, id: &str) -> u32 {
        let key: (Box<str>, Box<str>) = (kind.into(), id.into());
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = u32::try_from(self.pairs.len()).unwrap_or(u32::MAX);
        self.pairs.push(key.clone());
        self.index.insert(key, i);
        i
    }

    /// The index of a pair, if any object uses it.
    pub fn find(&self, kind: &str, id: &str) -> Option<u32> {
        self.index.get(&(kind.into(), id.into())).copied()
    }

    /// `(sourceType, sourceId)` of an index.
    pub fn get(&self, i: u32) -> (&str, &str) {
        self.pairs
            .get(i as usize)
            .map_or(("build_in", ""), |(k, id)| (&**k, &**id))
    }
}

/// A slot vector: records live at their sequence number; deleted ones leave `None`.
pub fn at<T>(slots: &[Option<Box<T>>], seq: u32) -> Option<&T> {
    slots.get(seq as usize).and_then(|s| s.as_deref())
}

/// Mutable [`at`].
pub fn at_mut<T>(slots: &mut [Option<Box<T>>], seq: u32) -> Option<&mut T> {
    slots.get_mut(seq as usize).and_then(|s| s.as_deref_mut())
}

/// Converts an optional string for storage; empty means absent.
pub fn boxed(s: Option<String>) -> Option<Box<str>> {
    s.filter(|s| !s.is_empty()).map(String::into_boxed_str)
}
