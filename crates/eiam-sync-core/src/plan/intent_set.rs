//! What the plan must achieve for each object (an intention), and a set of intentions as one
//! bit per (kind of intention, object index): the planning loop marks every intention of a
//! directory finished, and a hash set of 500,000 of them took 16 MB where bits take 80 KB.

/// Something the plan must achieve for one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intent {
    OuCreate(usize),
    OuUpdate(usize),
    OuDelete(usize),
    UserCreate(usize),
    UserFields(usize),
    UserPrimary(usize),
    UserSecondary(usize),
    UserStatus(usize),
    UserLeave(usize),
    GroupCreate(usize),
    GroupRename(usize),
    GroupDelete(usize),
    Members(usize),
}

/// Kinds of intention, each with its own bit vector.
const KINDS: usize = 13;

#[derive(Debug, Default)]
pub struct IntentSet {
    bits: [Vec<u64>; KINDS],
}

impl IntentSet {
    pub fn insert(&mut self, intent: Intent) {
        let (kind, ix) = split(intent);
        let words = &mut self.bits[kind];
        let word = ix / 64;
        if words.len() <= word {
            words.resize(word + 1, 0);
        }
        words[word] |= 1 << (ix % 64);
    }

    pub fn contains(&self, intent: &Intent) -> bool {
        let (kind, ix) = split(*intent);
        (self.bits[kind].get(ix / 64)).is_some_and(|w| w & (1 << (ix % 64)) != 0)
    }
}

fn split(intent: Intent) -> (usize, usize) {
    match intent {
        Intent::OuCreate(ix) => (0, ix),
        Intent::OuUpdate(ix) => (1, ix),
        Intent::OuDelete(ix) => (2, ix),
        Intent::UserCreate(ix) => (3, ix),
        Intent::UserFields(ix) => (4, ix),
        Intent::UserPrimary(ix) => (5, ix),
        Intent::UserSecondary(ix) => (6, ix),
        Intent::UserStatus(ix) => (7, ix),
        Intent::UserLeave(ix) => (8, ix),
        Intent::GroupCreate(ix) => (9, ix),
        Intent::GroupRename(ix) => (10, ix),
        Intent::GroupDelete(ix) => (11, ix),
        Intent::Members(ix) => (12, ix),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_exactly_what_was_inserted() {
        let mut set = IntentSet::default();
        let all = |ix| {
            [
                Intent::OuCreate(ix),
                Intent::OuUpdate(ix),
                Intent::OuDelete(ix),
                Intent::UserCreate(ix),
                Intent::UserFields(ix),
                Intent::UserPrimary(ix),
                Intent::UserSecondary(ix),
                Intent::UserStatus(ix),
                Intent::UserLeave(ix),
                Intent::GroupCreate(ix),
                Intent::GroupRename(ix),
                Intent::GroupDelete(ix),
                Intent::Members(ix),
            ]
        };
        for (n, intent) in all(130).into_iter().enumerate().filter(|(n, _)| n % 2 == 0) {
            set.insert(intent);
            assert!(set.contains(&intent), "{n}");
        }
        for (n, intent) in all(130).into_iter().enumerate() {
            assert_eq!(set.contains(&intent), n % 2 == 0, "{intent:?}");
        }
        for intent in all(129).into_iter().chain(all(131)).chain(all(0)) {
            assert!(!set.contains(&intent), "{intent:?}");
        }
        set.insert(Intent::Members(0));
        assert!(set.contains(&Intent::Members(0)));
        assert!(!set.contains(&Intent::Members(64)));
    }
}
