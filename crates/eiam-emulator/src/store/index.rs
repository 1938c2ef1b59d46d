//! Hash indexes that hold only sequence numbers: the key itself stays in the record, so a
//! million users cost a few bytes per index entry instead of a second copy of every string.

use std::hash::{BuildHasher, Hasher, RandomState};

use hashbrown::HashTable;

/// How two keys compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Byte for byte.
    Exact,
    /// ASCII letters compare case-insensitively (usernames, emails).
    AsciiCase,
}

impl Fold {
    fn eq(self, a: &str, b: &str) -> bool {
        match self {
            Fold::Exact => a == b,
            Fold::AsciiCase => a.eq_ignore_ascii_case(b),
        }
    }
}

/// A unique index from `(scope, key)` to a sequence number. `scope` partitions the key space
/// (a source for external IDs, a parent OU for sibling names, 0 when unused).
#[derive(Debug, Clone)]
pub struct KeyIndex {
    table: HashTable<u32>,
    state: RandomState,
    fold: Fold,
}

impl KeyIndex {
    pub fn new(fold: Fold) -> Self {
        KeyIndex {
            table: HashTable::new(),
            state: RandomState::new(),
            fold,
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.table.len()
    }

    fn hash(state: &RandomState, fold: Fold, scope: u32, key: &str) -> u64 {
        let mut h = state.build_hasher();
        h.write_u32(scope);
        match fold {
            Fold::Exact => h.write(key.as_bytes()),
            Fold::AsciiCase => {
                for b in key.bytes() {
                    h.write_u8(b.to_ascii_lowercase());
                }
            }
        }
        h.write_u8(0xff);
        h.finish()
    }

    /// The sequence number indexed under `(scope, key)`. `key_of` reads a record's key.
    pub fn get<'r>(
        &self,
        scope: u32,
        key: &str,
        key_of: impl Fn(u32) -> Option<(u32, &'r str)>,
    ) -> Option<u32> {
        let hash = Self::hash(&self.state, self.fold, scope, key);
        let fold = self.fold;
        self.table
            .find(hash, |&seq| {
                key_of(seq).is_some_and(|(s, k)| s == scope && fold.eq(k, key))
            })
            .copied()
    }

    /// Indexes `seq` under `(scope, key)`; the caller has checked that the key is free.
    /// `key_of` must already answer for `seq` and for every indexed record (used to rehash).
    pub fn insert<'r>(
        &mut self,
        scope: u32,
        key: &str,
        seq: u32,
        key_of: impl Fn(u32) -> Option<(u32, &'r str)>,
    ) {
        let KeyIndex { table, state, fold } = self;
        let hash = Self::hash(state, *fold, scope, key);
        let fold = *fold;
        table.insert_unique(hash, seq, |&s| {
            key_of(s).map_or(0, |(sc, k)| Self::hash(state, fold, sc, k))
        });
    }

    /// Removes the entry of `seq`, which is indexed under `(scope, key)`.
    pub fn remove(&mut self, scope: u32, key: &str, seq: u32) {
        let hash = Self::hash(&self.state, self.fold, scope, key);
        if let Ok(entry) = self.table.find_entry(hash, |&s| s == seq) {
            entry.remove();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_folded_key_and_survives_growth_and_removal() {
        let names: Vec<String> = (0..5_000).map(|i| format!("User{i}")).collect();
        let key_of = |s: u32| names.get(s as usize).map(|n| (0, n.as_str()));
        let mut idx = KeyIndex::new(Fold::AsciiCase);
        for (i, n) in names.iter().enumerate() {
            idx.insert(0, n, i as u32, key_of);
        }
        assert_eq!(idx.len(), 5_000);
        assert_eq!(idx.get(0, "user4321", key_of), Some(4321));
        assert_eq!(idx.get(0, "USER0", key_of), Some(0));
        assert_eq!(idx.get(1, "user0", key_of), None, "another scope");
        idx.remove(0, "User4321", 4321);
        assert_eq!(idx.get(0, "user4321", key_of), None);
        assert_eq!(idx.get(0, "user4320", key_of), Some(4320));
    }

    #[test]
    fn exact_keys_keep_case_and_scopes_apart() {
        let keys = [(1, "Sales"), (2, "Sales"), (1, "sales")];
        let key_of = |s: u32| keys.get(s as usize).map(|&(sc, k)| (sc, k));
        let mut idx = KeyIndex::new(Fold::Exact);
        for (i, &(sc, k)) in keys.iter().enumerate() {
            idx.insert(sc, k, i as u32, key_of);
        }
        assert_eq!(idx.get(1, "Sales", key_of), Some(0));
        assert_eq!(idx.get(2, "Sales", key_of), Some(1));
        assert_eq!(idx.get(1, "sales", key_of), Some(2));
        assert_eq!(idx.get(2, "sales", key_of), None);
    }
}
