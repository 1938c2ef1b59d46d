//! The model's table of unique user values (usernames, emails, phone numbers): who holds each.

use std::borrow::Cow;

use super::{Key, NodeAttrs, World};
use crate::plan::types::OpId;

impl<'a> World<'a> {
    /// The current values of a user's unique keys.
    pub fn user_key_values(&self, ix: usize) -> Vec<(Key, String)> {
        self.users[ix].attrs.unique_values()
    }

    /// The user holding `value` of `key`, if any.
    pub fn key_holder(&self, key: Key, value: &str) -> Option<usize> {
        self.user_keys.get(&(key, Cow::Borrowed(value))).copied()
    }

    /// Free `value` of `key` if user `ix` holds it, `op` being the operation that frees it
    /// (an operation that takes the value up later depends on it).
    pub fn release_key(&mut self, ix: usize, key: Key, value: String, op: OpId) {
        if self.key_holder(key, &value) == Some(ix) {
            let held = (key, Cow::Owned(value));
            self.user_keys.remove(&held);
            self.key_freed_by.insert((key, held.1.into_owned()), op);
        }
    }

    /// Record the user's values as held by it. An observed account's are borrowed from the
    /// observation (a copy of every username, email and phone number of the directory
    /// otherwise); only values the plan sets are owned.
    pub fn claim_user_keys(&mut self, ix: usize) {
        let keys = match self.users[ix].attrs {
            NodeAttrs::Observed(a) => a.unique_values_borrowed(),
            NodeAttrs::Planned(_) => (self.user_key_values(ix).into_iter())
                .map(|(k, v)| (k, Cow::Owned(v)))
                .collect(),
        };
        for k in keys {
            self.user_keys.entry(k).or_insert(ix);
        }
    }
}
