//! Observing the managed part of EIAM through the client, with as few calls as the API allows.
//!
//! The developer API has no "list everything" for OUs, and list items carry no OU membership,
//! so a full observation costs, for a subtree of `O` OUs, `U` users and `G` visible groups of
//! which `M` are managed (pages of 100 everywhere):
//!
//! * 1 `GetOrganizationalUnit` for the root (+1 `GetApplicationProvisioningScope` when no root
//!   is configured) and the token request;
//! * `Σ ceil(max(children, 1) / 100)` `ListOrganizationalUnits` — one per OU at least;
//! * `Σ ceil(max(listed, 1) / 100)` `ListUsers` filtered by OU — one per OU at least (`listed`:
//!   the OU's direct members, or its whole subtree's under the subtree reading below);
//! * one `GetUser` per user listed in more than one OU (only `GetUser` tells the primary OU; a
//!   user listed in exactly one OU has it as primary — unless the sync root is not the top of
//!   the directory, where the primary OU may lie outside the subtree: then every snapshot user
//!   is read with `GetUser`);
//! * with extended fields managed (`custom_fields` not empty), one `GetUser` for every snapshot
//!   user too, since list items carry no extended fields — the same single call for a user
//!   that needed it already;
//! * `ceil(max(G, 1) / 100)` `ListGroups`, and `Σ ceil(max(members, 1) / 100)`
//!   `ListUsersForGroup` over the `M` managed groups.
//!
//! That is about `2·O + G/100 + Σ members/100 + (users with secondary OUs)` calls, which is the
//! floor the API allows: each OU must be listed for children and for members.
//!
//! Whether `ListUsers` with `organizationalUnitId` lists an OU's direct members or the members of
//! its whole subtree is undocumented (docs/eiam-api.md, open question 9), so a listing is believed
//! only where both readings agree: a user listed in exactly one OU belongs to that OU alone (under
//! the subtree reading the OUs above would list it too, so that OU is the sync root and the user is
//! in no OU below it); a user listed in several OUs is read with `GetUser`, whose OUs replace what
//! the listings suggest. Under the direct reading this costs nothing more (those users need
//! `GetUser` for their primary OU anyway). Under the subtree reading each OU lists its whole
//! subtree, so `ListUsers` pages grow to `Σ ceil(max(subtree members, 1) / 100)`, and every user
//! below the sync root takes one `GetUser` (a 12-level tree of 135 users: 28 `ListUsers` and 135
//! `GetUser` instead of 16 and 4).
//!
//! [`targeted`] reads given objects instead, at a cost that depends on them only.

mod convert;
mod link;
pub mod targeted;

pub use link::Links;

use convert::{group_from, ou_from, pack_users, user_from};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use futures_util::{StreamExt, TryStreamExt, stream};
use tracing::{debug, instrument};

use crate::eiam::{Client, EiamError, GroupId, OrganizationalUnitId, UserId};
use crate::model::{
    CustomFields, EiamId, ExtId, ObservedGroup, ObservedOu, ObservedState, ObservedUser,
};

/// Errors of observing EIAM.
#[derive(Debug, thiserror::Error)]
pub enum ObserveError {
    #[error(
        "the sync root is not configured and the application's provisioning scope has {0} OUs; set [sync] root_organizational_unit_id"
    )]
    RootUnknown(usize),
    #[error("{what} failed")]
    Api {
        what: String,
        #[source]
        source: EiamError,
    },
}

impl ObserveError {
    fn api(what: impl Into<String>) -> impl FnOnce(EiamError) -> ObserveError {
        let what = what.into();
        move |source| ObserveError::Api { what, source }
    }

    /// The client error underneath, if any.
    pub fn eiam(&self) -> Option<&EiamError> {
        match self {
            ObserveError::Api { source, .. } => Some(source),
            ObserveError::RootUnknown(_) => None,
        }
    }
}

/// What to observe.
#[derive(Debug, Clone, Default)]
pub struct ObserveOptions {
    /// The sync root; `None` asks the provisioning scope.
    pub root: Option<String>,
    /// Listings in flight at once (the client paces them anyway).
    pub concurrency: usize,
    /// Whether to list groups at all.
    pub groups: bool,
    /// External ids of the groups whose members to list (the managed ones).
    pub member_groups: BTreeSet<ExtId>,
    /// Names of groups whose members to list too: the groups an adoption rule may match.
    pub member_group_names: BTreeSet<String>,
    /// The objects adopted by a rule, observed under their records' external ids.
    pub links: Links,
    /// External ids of the snapshot's users. When the sync root is not the top of the
    /// directory, a user seen in one OU of the subtree may have its primary OU outside it, so
    /// these users are read with `GetUser` to learn their primary OU for sure.
    pub users: BTreeSet<ExtId>,
    /// The extended fields managed in this run. When not empty, every snapshot user is read
    /// with `GetUser` (list items carry no extended fields) and these names of it are kept;
    /// others are dropped, so nothing ever touches them.
    pub custom_fields: BTreeSet<String>,
}

/// Find the sync root: the configured one, else the single OU of the provisioning scope.
pub async fn resolve_root(
    client: &Client,
    configured: Option<&str>,
) -> Result<String, ObserveError> {
    if let Some(root) = configured {
        return Ok(root.to_owned());
    }
    let scope = client
        .provisioning_scope()
        .await
        .map_err(ObserveError::api("reading the provisioning scope"))?;
    let ous = scope.organizational_unit_ids.unwrap_or_default();
    match ous.as_slice() {
        [one] => Ok(one.clone()),
        other => Err(ObserveError::RootUnknown(other.len())),
    }
}

/// What one `GetUser` told.
struct Detail {
    id: EiamId,
    primary: Option<String>,
    ous: Vec<String>,
    /// The managed extended fields only.
    fields: CustomFields,
}

/// Observe the subtree under the sync root, its users, and the groups.
#[instrument(skip(client, opts), fields(root = opts.root.as_deref()))]
pub async fn observe(
    client: &Client,
    opts: &ObserveOptions,
) -> Result<ObservedState, ObserveError> {
    let root_id = OrganizationalUnitId::from(resolve_root(client, opts.root.as_deref()).await?);
    let root = client
        .organizational_units()
        .get(&root_id)
        .await
        .map_err(ObserveError::api(format!(
            "reading the sync root OU {root_id}"
        )))?;
    let mut root = ou_from(root, None).ok_or_else(|| ObserveError::RootUnknown(0))?;
    let root_is_top = root.parent_id.is_none();
    root.parent_id = None;
    let mut state = ObservedState {
        root: root.id.clone(),
        ..Default::default()
    };
    state.ous.insert(root.id.clone(), root);
    let n = opts.concurrency.max(1);

    // The OU tree, level by level.
    let mut level = vec![state.root.clone()];
    while !level.is_empty() {
        let found: Vec<Vec<ObservedOu>> = stream::iter(level.drain(..))
            .map(|parent| async move {
                client
                    .organizational_units()
                    .list_children(&OrganizationalUnitId::from(&parent))
                    .try_filter_map(|o| {
                        let parent = parent.clone();
                        async move { Ok(ou_from(o, Some(parent))) }
                    })
                    .try_collect::<Vec<_>>()
                    .await
                    .map_err(ObserveError::api(format!(
                        "listing the child OUs of {parent}"
                    )))
            })
            .buffer_unordered(n)
            .try_collect()
            .await?;
        for ou in found.into_iter().flatten() {
            if !state.ous.contains_key(&ou.id) {
                level.push(ou.id.clone());
                state.ous.insert(ou.id.clone(), ou);
            }
        }
    }
    debug!(ous = state.ous.len(), "observed the OU tree");

    // Users, by OU: each OU's members (direct ones, or the whole subtree's; see above).
    let ou_ids: Vec<EiamId> = state.ous.keys().cloned().collect();
    let listed: Vec<(EiamId, Vec<ObservedUser>)> = stream::iter(ou_ids)
        .map(|ou| async move {
            let users = client
                .users()
                .list(Some(&OrganizationalUnitId::from(&ou)))
                .try_filter_map(|u| async move { Ok(user_from(u)) })
                .try_collect::<Vec<_>>()
                .await
                .map_err(ObserveError::api(format!("listing the users of OU {ou}")))?;
            Ok::<_, ObserveError>((ou, users))
        })
        .buffer_unordered(n)
        .try_collect()
        .await?;
    pack_users(listed, &mut state.users);
    opts.links.observed(&mut state);
    // Conservative under both readings of the OU filter (docs/eiam-api.md, open question 9): one
    // listing means exactly that OU; several mean "ask `GetUser`", as a listing may include the
    // members of sub-OUs and would make users look like members of every OU above their own.
    let mut ambiguous = Vec::new();
    let mut read = Vec::new();
    for u in state.users.values_mut() {
        let in_snapshot = u
            .external_id
            .as_ref()
            .is_some_and(|e| opts.users.contains(e));
        let primary_may_be_outside = !root_is_top && in_snapshot;
        if u.ous.len() == 1 && !primary_may_be_outside {
            u.primary_ou = u.ous.iter().next().cloned();
            if in_snapshot && !opts.custom_fields.is_empty() {
                // Only for its extended fields: one GetUser either way.
                read.push(u.id.clone());
            }
        } else {
            ambiguous.push(u.id.clone());
        }
    }
    // Only GetUser tells which of several OUs is the primary one, and the extended fields.
    let managed = &opts.custom_fields;
    let details: Vec<Detail> = stream::iter(ambiguous.into_iter().chain(read))
        .map(|id| async move {
            let u = client
                .users()
                .get(&UserId::from(&id))
                .await
                .map_err(ObserveError::api(format!("reading user {id}")))?;
            let ous = u
                .organizational_units
                .unwrap_or_default()
                .into_iter()
                .filter_map(|o| o.organizational_unit_id)
                .collect();
            let fields = (u.custom_fields.into_iter().flatten())
                .filter_map(|f| Some((f.field_name?, f.field_value.unwrap_or_default())))
                .filter(|(name, _)| managed.contains(name))
                .collect();
            Ok::<_, ObserveError>(Detail {
                id,
                primary: u.primary_organizational_unit_id,
                ous,
                fields,
            })
        })
        .buffer_unordered(n)
        .try_collect()
        .await?;
    for d in details {
        if let Some(u) = state.users.get_mut(&d.id) {
            let ou = |id: String| match state.ous.get_key_value(id.as_str()) {
                Some((known, _)) => known.clone(),
                None => EiamId::new(id),
            };
            u.primary_ou = d.primary.map(ou);
            u.ous = (d.ous.into_iter())
                .filter_map(|o| state.ous.get_key_value(o.as_str()).map(|(k, _)| k.clone()))
                .collect();
            std::sync::Arc::make_mut(&mut u.attrs).custom_fields = d.fields;
        }
    }
    debug!(users = state.users.len(), "observed the users");

    if opts.groups {
        observe_groups(client, opts, n, &mut state).await?;
    }
    Ok(state)
}

async fn observe_groups(
    client: &Client,
    opts: &ObserveOptions,
    n: usize,
    state: &mut ObservedState,
) -> Result<(), ObserveError> {
    let mut groups: Vec<ObservedGroup> = client
        .groups()
        .list(None)
        .try_filter_map(|g| async move { Ok(group_from(g)) })
        .try_collect()
        .await
        .map_err(ObserveError::api("listing the groups"))?;
    opts.links.groups(&mut groups);
    let wanted: Vec<EiamId> = groups
        .iter()
        .filter(|g| {
            g.external_id
                .as_ref()
                .is_some_and(|e| opts.member_groups.contains(e))
                || opts.member_group_names.contains(&g.attrs.name)
        })
        .map(|g| g.id.clone())
        .collect();
    // A member listed among the observed users shares that user's id allocation (half a
    // million members are half a million copies of a few ids otherwise); each set is packed
    // from a sorted list instead of grown one insert at a time.
    let users = &state.users;
    let share = move |id: UserId| match users.get_key_value(id.as_str()) {
        Some((known, _)) => known.clone(),
        None => EiamId::from(id),
    };
    let members: HashMap<EiamId, BTreeSet<EiamId>> = stream::iter(wanted)
        .map(|id| async move {
            let m = client
                .groups()
                .members(&GroupId::from(&id))
                .map_ok(share)
                .try_collect::<Vec<_>>()
                .await
                .map(|list| list.into_iter().collect::<BTreeSet<_>>())
                .map_err(ObserveError::api(format!(
                    "listing the members of group {id}"
                )))?;
            Ok::<_, ObserveError>((id, m))
        })
        .buffer_unordered(n)
        .try_collect()
        .await?;
    state.groups = groups
        .into_iter()
        .map(|g| (g.id.clone(), g))
        .collect::<BTreeMap<_, _>>();
    state.members = members.into_iter().collect();
    debug!(groups = state.groups.len(), "observed the groups");
    Ok(())
}
