//! The observe stage: what eiam-sync owns (the state store) and what EIAM holds now.

use std::collections::{BTreeSet, HashSet};

use crate::eiam::Client;
use crate::model::{
    DesiredState, EiamId, ExtId, Kind, KindSet, ObservedState, Origin, Owned, Ownership,
};
use crate::observe::{Links, ObserveOptions, observe as observe_eiam};
use crate::plan::adopt::{AdoptRules, Matches};
use crate::plan::{ManagedCounts, Unmanaged};
use crate::state::StateStore;

use super::super::ReconcileError;
use super::adopt;

/// What to observe.
#[derive(Debug, Clone, Copy)]
pub struct ObserveInput<'a> {
    pub desired: &'a DesiredState,
    /// The kinds this run manages (`--only`); groups are not listed when none are managed.
    pub kinds: KindSet,
    /// `[sync] root_organizational_unit_id`; `None` asks the provisioning scope.
    pub root: Option<&'a str>,
    /// `[eiam] max_concurrency`.
    pub concurrency: usize,
    /// `[sync.adopt]`: what the observation reads of the objects a rule may adopt.
    pub adopt: &'a AdoptRules,
}

/// What the planner starts from besides the snapshot.
#[derive(Debug, Clone, Default)]
pub struct Observation {
    pub observed: ObservedState,
    pub ownership: Ownership,
    /// Objects owned from the journal's in-doubt creates, not (yet) in the state store.
    pub recovered: HashSet<(Kind, ExtId)>,
    /// What EIAM holds that an incremental run knows of without observing it.
    pub unobserved: Unobserved,
    /// The groups whose members an incremental run took from the snapshot instead of listing
    /// them.
    pub synthesized_members: BTreeSet<EiamId>,
    /// The adoption rules' verdicts, when the observation needed them already (the plan stage
    /// works them out otherwise).
    pub matches: Option<Matches>,
}

/// Owned objects gone from the snapshot and owed nothing (leavers disabled, or left as they
/// are), which an incremental run does not read: the guards count them in their bases, and
/// the report among the unmanaged objects, as a full observation would.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unobserved {
    /// Those eiam-sync created, by kind.
    pub managed: ManagedCounts,
    /// Those it adopted.
    pub unmanaged: Unmanaged,
}

/// Load ownership, then list EIAM under the sync root.
pub async fn observe(
    client: &Client,
    store: &StateStore,
    input: ObserveInput<'_>,
) -> Result<Observation, ReconcileError> {
    let (ownership, in_doubt) = owned(store).await?;
    observe_owned(client, ownership, &in_doubt, input).await
}

/// What eiam-sync owns, and the creates the journal shows started or done whose ownership
/// record is missing: the process may have died after EIAM made the object, before its answer
/// arrived.
pub async fn owned(
    store: &StateStore,
) -> Result<(Ownership, HashSet<(Kind, ExtId)>), crate::state::StateError> {
    let ownership = store.load_ownership().await?;
    let mut in_doubt = store.journalled_creates().await?;
    in_doubt.retain(|(kind, ext)| ownership.get(*kind, ext).is_none());
    Ok((ownership, in_doubt))
}

/// List EIAM under the sync root, given what eiam-sync owns and the creates in doubt.
pub async fn observe_owned(
    client: &Client,
    mut ownership: Ownership,
    in_doubt: &HashSet<(Kind, ExtId)>,
    input: ObserveInput<'_>,
) -> Result<Observation, ReconcileError> {
    let desired = input.desired;
    // Members of the snapshot's groups, and of the groups eiam-sync created (a group must be
    // emptied before it can be deleted).
    let mut member_groups: BTreeSet<_> = desired.groups.keys().cloned().collect();
    member_groups.extend(
        ownership
            .objects
            .iter()
            .filter(|((k, _), o)| *k == Kind::Group && o.is_own())
            .map(|((_, e), _)| e.clone()),
    );
    member_groups.extend(
        in_doubt
            .iter()
            .filter(|(k, _)| *k == Kind::Group)
            .map(|(_, e)| e.clone()),
    );
    let options = ObserveOptions {
        root: input.root.map(str::to_owned),
        concurrency: input.concurrency,
        groups: input.kinds.contains(Kind::Group) || input.kinds.contains(Kind::Membership),
        member_groups,
        member_group_names: adopt::candidate_group_names(desired, input.adopt),
        users: desired.users.keys().cloned().collect(),
        custom_fields: desired.custom_fields.managed.clone(),
        links: Links::of(&ownership),
    };
    let mut observed = observe_eiam(client, &options).await?;
    // One allocation per id for the rest of the run: the snapshot's external ids and the
    // observation's EIAM ids, shared by the ownership map and the observed accounts.
    ownership.share_ids(desired, &observed);
    for u in observed.users.values_mut() {
        if let Some(e) = u.external_id.as_ref()
            && let Some((known, _)) = desired.users.get_key_value(e.as_str())
        {
            u.external_id = Some(known.clone());
        }
    }
    let recovered = own_in_doubt(&mut ownership, &observed, in_doubt);
    // Reading the accounts a rule adopts changes none of the keys they were matched by.
    let matches = if input.adopt.adopts(Kind::User) {
        let matches = adopt::matches(desired, &observed, &ownership, input.adopt);
        adopt::read_adoptable_users(client, &mut observed, &matches, input.concurrency).await?;
        Some(matches)
    } else {
        None
    };
    observed.scope_custom_fields(desired);
    share_equal_attrs(&mut observed, desired);
    Ok(Observation {
        observed,
        ownership,
        recovered,
        unobserved: Unobserved::default(),
        synthesized_members: BTreeSet::new(),
        matches,
    })
}

/// Own, as created, each object of an in-doubt create that EIAM holds: found by its external
/// id among the observed `build_in` objects (the subtree eiam-sync creates in). The planner
/// then treats it like any object eiam-sync created — brought in line when its record is in
/// the snapshot, removed as a leaver when it is not — instead of counting it as unmanaged and
/// leaving it (an account) enabled for good. The ownership is not written here (a dry run or
/// a standby may be observing); the journal keeps saying it, and a run that finds the record
/// in the snapshot records it as created.
fn own_in_doubt(
    ownership: &mut Ownership,
    observed: &ObservedState,
    in_doubt: &HashSet<(Kind, ExtId)>,
) -> HashSet<(Kind, ExtId)> {
    let mut recovered = HashSet::new();
    if in_doubt.is_empty() {
        return recovered;
    }
    let ours = |t: &Option<String>| t.as_deref().is_none_or(|t| t == "build_in");
    let found = observed
        .ous
        .values()
        .filter(|o| o.id != observed.root && ours(&o.source_type))
        .map(|o| (Kind::OrganizationalUnit, &o.external_id, &o.id))
        .chain(
            observed
                .users
                .values()
                .filter(|u| ours(&u.source_type))
                .map(|u| (Kind::User, &u.external_id, &u.id)),
        )
        .chain(
            observed
                .groups
                .values()
                .filter(|g| ours(&g.source_type))
                .map(|g| (Kind::Group, &g.external_id, &g.id)),
        );
    for (kind, ext, id) in found {
        let Some(ext) = ext.as_ref() else { continue };
        if in_doubt.contains(&(kind, ext.clone())) && ownership.get(kind, ext).is_none() {
            ownership.insert(
                kind,
                ext.clone(),
                Owned {
                    eiam_id: id.clone(),
                    origin: Origin::Created,
                    matched_by: None,
                    fingerprint: None,
                },
            );
            recovered.insert((kind, ext.clone()));
        }
    }
    recovered
}

/// An account whose attributes in EIAM equal its record's keeps one copy of them, the record's:
/// in a directory in step with its snapshot that is every account, and the observation's copy
/// was a tenth of a run's memory.
fn share_equal_attrs(observed: &mut ObservedState, desired: &DesiredState) {
    for u in observed.users.values_mut() {
        let Some(d) = u.external_id.as_ref().and_then(|e| desired.users.get(e)) else {
            continue;
        };
        if u.attrs == d.attrs && !std::sync::Arc::ptr_eq(&u.attrs, &d.attrs) {
            u.attrs = d.attrs.clone();
        }
    }
}
