//! One kind's objects as the replay sees them: the observed ones, read in place, with only what
//! the plan changed kept beside them. A replay costs memory in proportion to the plan, not to
//! the directory.

use std::collections::{BTreeMap, HashMap};

use crate::model::EiamId;

/// The observed objects of one kind, and the plan's changes laid over them (`None`: deleted).
/// The changed objects are boxed: a hash table keeps up to twice the slots it holds, and an
/// initial load of a million users left a million empty user-sized slots.
pub(super) struct Layer<'a, T> {
    base: &'a BTreeMap<EiamId, T>,
    changed: HashMap<EiamId, Option<Box<T>>>,
}

impl<'a, T: Clone> Layer<'a, T> {
    pub(super) fn new(base: &'a BTreeMap<EiamId, T>) -> Self {
        Layer {
            base,
            changed: HashMap::new(),
        }
    }

    pub(super) fn get(&self, id: &EiamId) -> Option<&T> {
        match self.changed.get(id) {
            Some(v) => v.as_deref(),
            None => self.base.get(id),
        }
    }

    pub(super) fn contains(&self, id: &EiamId) -> bool {
        self.get(id).is_some()
    }

    /// The object to change, copied out of the observed state the first time.
    pub(super) fn get_mut(&mut self, id: &EiamId) -> Option<&mut T> {
        if !self.changed.contains_key(id) {
            let v = self.base.get(id)?.clone();
            self.changed.insert(id.clone(), Some(Box::new(v)));
        }
        self.changed.get_mut(id).and_then(Option::as_deref_mut)
    }

    pub(super) fn insert(&mut self, id: EiamId, v: T) {
        self.changed.insert(id, Some(Box::new(v)));
    }

    pub(super) fn remove(&mut self, id: &EiamId) -> Option<T> {
        let old = match self.changed.remove(id) {
            Some(v) => v.map(|b| *b),
            None => self.base.get(id).cloned(),
        };
        self.changed.insert(id.clone(), None);
        old
    }

    /// No more objects than this can be present.
    pub(super) fn bound(&self) -> usize {
        self.base.len() + self.changed.len()
    }

    /// The objects after the replay, as one map.
    pub(super) fn into_map(self) -> BTreeMap<EiamId, T> {
        let mut out = self.base.clone();
        for (id, v) in self.changed {
            match v {
                Some(v) => out.insert(id, *v),
                None => out.remove(&id),
            };
        }
        out
    }
}
