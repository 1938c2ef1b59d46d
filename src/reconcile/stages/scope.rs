//! What an incremental run must look at: each snapshot record's fingerprint against the one the
//! state store keeps of what was last applied. A record whose fingerprint is unchanged (and,
//! for a group, whose member set is unchanged) is settled: EIAM holds it as the snapshot says,
//! since a fingerprint is only stored once every operation on the object succeeded and is
//! cleared before any operation on it is sent. Everything else — new, changed and vanished
//! records, rejected ones, leavers due for deletion — is unsettled and observed in EIAM.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::model::{DesiredState, ExtId, Kind, KindSet, Ownership};
use crate::state::{Fingerprinter, LEAVER_DISABLED};

use super::plan::Fingerprints;

/// Keyed fingerprints of the snapshot groups' member sets.
pub type MemberFingerprints = HashMap<ExtId, String>;

/// The member-set fingerprint of every snapshot group.
pub fn member_fingerprints(desired: &DesiredState, f: &Fingerprinter) -> MemberFingerprints {
    let empty = BTreeSet::new();
    desired
        .groups
        .keys()
        .map(|g| {
            (
                g.clone(),
                f.members(g, desired.members.get(g).unwrap_or(&empty)),
            )
        })
        .collect()
}

/// The settled and unsettled parts of the directory.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub settled_ous: BTreeSet<ExtId>,
    pub settled_users: BTreeSet<ExtId>,
    pub settled_groups: BTreeSet<ExtId>,
    /// Groups whose member set is settled.
    pub settled_members: BTreeSet<ExtId>,
    /// Owned objects the snapshot no longer holds as valid records that are still owed
    /// something (or may be): observed by their EIAM id.
    pub vanished: BTreeSet<(Kind, ExtId)>,
}

impl Scope {
    /// Whether nothing needs to be observed.
    pub fn all_settled(&self, desired: &DesiredState) -> bool {
        self.vanished.is_empty()
            && self.settled_ous.len() == desired.ous.len()
            && self.settled_users.len() == desired.users.len()
            && self.settled_groups.len() == desired.groups.len()
            && self.settled_members.len() == desired.groups.len()
    }
}

/// What the scope is computed from.
#[derive(Clone, Copy)]
pub struct ScopeInput<'a> {
    pub desired: &'a DesiredState,
    pub fingerprints: &'a Fingerprints,
    pub members: &'a MemberFingerprints,
    pub ownership: &'a Ownership,
    pub stored_members: &'a MemberFingerprints,
    /// Operations a crash left in doubt, or creates whose ownership was not recorded.
    pub in_doubt: bool,
    /// Leavers due for deletion.
    pub due: &'a HashSet<ExtId>,
    pub kinds: KindSet,
    pub root_configured: bool,
}

/// The scope of an incremental run, or why it must observe everything instead.
pub fn scope(input: ScopeInput<'_>) -> Result<Scope, String> {
    let ScopeInput {
        desired,
        fingerprints: fps,
        ownership,
        ..
    } = input;
    if input.kinds != KindSet::all() {
        return Err(
            "--only limits the run to some kinds; incremental runs cover every kind".into(),
        );
    }
    if !input.root_configured {
        return Err("[sync] root_organizational_unit_id is not set".into());
    }
    if !desired.unreadable.is_empty() {
        return Err("some snapshot rows have ids that could not be read".into());
    }
    if input.in_doubt {
        return Err("operations of an earlier run are in doubt".into());
    }
    let stored: Vec<&String> = ownership
        .objects
        .values()
        .filter_map(|o| o.fingerprint.as_ref())
        .collect();
    if stored.is_empty() {
        return Err(
            "the state store holds no fingerprints yet (a first run, or a restored state store)"
                .into(),
        );
    }
    let matches = fps
        .iter()
        .filter(|((k, e), fp)| {
            ownership.get(*k, e).and_then(|o| o.fingerprint.as_ref()) == Some(fp)
        })
        .count();
    if matches == 0 && !fps.is_empty() {
        return Err(
            "no stored fingerprint matches the snapshot (a new fingerprint key, or a state store \
             from elsewhere)"
                .into(),
        );
    }
    let owned = |k: Kind, e: &ExtId| ownership.get(k, e).is_some();
    let same = |k: Kind, e: &ExtId| {
        let stored = ownership.get(k, e).and_then(|o| o.fingerprint.as_ref());
        stored.is_some() && stored == fps.get(&(k, e.clone()))
    };
    let mut s = Scope::default();
    for (e, ou) in &desired.ous {
        let parent_known = ou
            .parent
            .as_ref()
            .is_none_or(|p| owned(Kind::OrganizationalUnit, p));
        if same(Kind::OrganizationalUnit, e) && parent_known {
            s.settled_ous.insert(e.clone());
        }
    }
    for (e, u) in &desired.users {
        let ous_known = std::iter::once(&u.primary_ou)
            .chain(&u.secondary_ous)
            .all(|o| owned(Kind::OrganizationalUnit, o));
        if same(Kind::User, e) && ous_known {
            s.settled_users.insert(e.clone());
        }
    }
    for e in desired.groups.keys() {
        if same(Kind::Group, e) {
            s.settled_groups.insert(e.clone());
        }
        let members_known = desired
            .members
            .get(e)
            .is_none_or(|m| m.iter().all(|u| owned(Kind::User, u)));
        if owned(Kind::Group, e)
            && members_known
            && input.stored_members.get(e).is_some()
            && input.stored_members.get(e) == input.members.get(e)
        {
            s.settled_members.insert(e.clone());
        }
    }
    for ((kind, ext), o) in &ownership.objects {
        let valid = match kind {
            Kind::OrganizationalUnit => desired.ous.contains_key(ext),
            Kind::User => desired.users.contains_key(ext),
            Kind::Group => desired.groups.contains_key(ext),
            Kind::Membership => true,
        };
        if valid {
            continue;
        }
        let due = *kind == Kind::User && input.due.contains(ext);
        let rejected = desired.is_rejected(*kind, ext);
        let away = o.fingerprint.as_deref() == Some(LEAVER_DISABLED);
        // An OU or group left in EIAM because it held something is looked at again once a
        // leaver is due for deletion.
        let kept = *kind != Kind::User && o.is_own() && !input.due.is_empty();
        if due || rejected || kept || !away {
            s.vanished.insert((*kind, ext.clone()));
        }
    }
    Ok(s)
}
