//! Fingerprints of what an incremental run needs beyond one record: a group's member set, and
//! the mark of a leaver already disabled.

use std::collections::BTreeSet;

use crate::model::ExtId;
use crate::model::attrs::Encode;

use super::{Encoder, Fingerprinter};

/// Stored as the fingerprint of a user missing from the snapshot once it is disabled: nothing
/// further is owed to it while it stays away.
pub const LEAVER_DISABLED: &str = "leaver:disabled";

impl Fingerprinter {
    /// Of a group's members: the group's external id and its members' external ids.
    pub fn members(&self, group: &ExtId, members: &BTreeSet<ExtId>) -> String {
        let mut e = Encoder::new(&self.mac, "members/v1");
        e.text(group.as_str());
        e.set(members.iter().map(|m| m.as_str()));
        e.finish()
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;

    #[test]
    fn member_sets_differ_by_member_group_and_key() {
        let f = Fingerprinter::new(&SecretString::from("k1"));
        let set = |m: &[&str]| m.iter().map(|s| ExtId::new(*s)).collect::<BTreeSet<_>>();
        let g = ExtId::new("g1");
        let a = f.members(&g, &set(&["e1", "e2"]));
        assert_eq!(a, f.members(&g, &set(&["e2", "e1"])));
        assert_ne!(a, f.members(&g, &set(&["e1"])));
        assert_ne!(a, f.members(&g, &set(&["e1e2"])));
        assert_ne!(a, f.members(&ExtId::new("g2"), &set(&["e1", "e2"])));
        let other = Fingerprinter::new(&SecretString::from("k2"));
        assert_ne!(a, other.members(&g, &set(&["e1", "e2"])));
        assert_eq!(a.len(), 40, "hex of HMAC-SHA1: {a}");
    }
}
