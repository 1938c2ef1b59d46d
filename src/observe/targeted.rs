//! Observing given EIAM objects instead of the whole subtree: users, OUs and groups read by
//! EIAM id, group members and OU contents listed for the given ids only, and accounts or OUs
//! looked up by username, email, phone number or external id. Nothing is walked: each target
//! costs its own calls, whatever the size of the directory.
//!
//! * `GetUser` per user (attributes as a full observation sees them, status, primary OU and
//!   every OU the account is in, inside the subtree or not);
//! * `GetOrganizationalUnit` per OU, plus `ListOrganizationalUnitParentIds` per OU when
//!   `ancestors` is set (to tell whether it lies under the sync root);
//! * `ceil(max(children, 1) / 100)` `ListOrganizationalUnits` per OU of `ou_children`, and
//!   `ceil(max(members, 1) / 100)` `ListUsers` per OU of `ou_users`;
//! * `GetGroup` per group, `ceil(max(members, 1) / 100)` `ListUsersForGroup` per group of
//!   `members` (complete listings only, as every listing: see `eiam::page`), and one
//!   `ListGroups` filtered by name per group name;
//! * one lookup call per username, email, phone number and external id.
//!
//! An object that is not there (deleted, or outside the provisioning scope) is reported in
//! [`Missing`], never as an error; a lookup that finds nothing maps to `None`.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use futures_util::{StreamExt, TryStreamExt, stream};
use tracing::{debug, instrument};

use crate::eiam::types::users::{GetUserResponse, UserSummary};
use crate::eiam::{Client, EiamError, GroupId, OrganizationalUnitId, UserId};
use crate::model::{EiamId, ExtId, ObservedGroup, ObservedOu, ObservedUser};

use super::ObserveError;
use super::convert::{group_from, ou_from, user_from};

/// A value looked up.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lookup {
    Username(String),
    Email(String),
    Phone(String),
    /// A user created through the API with this external id.
    UserExternalId(ExtId),
    /// An OU created through the API with this external id.
    OuExternalId(ExtId),
}

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub users: BTreeSet<EiamId>,
    pub ous: BTreeSet<EiamId>,
    /// Also read each OU's ancestors (`Targeted::ancestors`).
    pub ancestors: bool,
    /// OUs whose direct children to list (observed like `ous`).
    pub ou_children: BTreeSet<EiamId>,
    /// OUs whose direct members to list (ids only).
    pub ou_users: BTreeSet<EiamId>,
    pub groups: BTreeSet<EiamId>,
    /// Groups whose members to list.
    pub members: BTreeSet<EiamId>,
    /// Group names: the groups holding exactly one of them are observed.
    pub group_names: BTreeSet<String>,
    pub lookups: BTreeSet<Lookup>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
            && self.ous.is_empty()
            && self.ou_children.is_empty()
            && self.ou_users.is_empty()
            && self.groups.is_empty()
            && self.members.is_empty()
            && self.group_names.is_empty()
            && self.lookups.is_empty()
    }
}

/// The targets that are not in EIAM (deleted, or out of the provisioning scope).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Missing {
    pub users: BTreeSet<EiamId>,
    pub ous: BTreeSet<EiamId>,
    pub groups: BTreeSet<EiamId>,
}

/// What a targeted observation found: parts of the observed model, and what was not there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targeted {
    /// The OUs read or listed; `parent_id` as EIAM gives it.
    pub ous: BTreeMap<EiamId, ObservedOu>,
    /// OU → its ancestors, from the top of the provisioning scope down to the direct parent.
    pub ancestors: BTreeMap<EiamId, Vec<EiamId>>,
    /// OU → its direct children (each of them in `ous`).
    pub children: BTreeMap<EiamId, BTreeSet<EiamId>>,
    /// The users read; `ous` holds every OU the account is in.
    pub users: BTreeMap<EiamId, ObservedUser>,
    /// OU → the ids of its direct members.
    pub ou_users: BTreeMap<EiamId, BTreeSet<EiamId>>,
    pub groups: BTreeMap<EiamId, ObservedGroup>,
    /// Group → the ids of its members.
    pub members: BTreeMap<EiamId, BTreeSet<EiamId>>,
    /// Each lookup's answer.
    pub lookups: BTreeMap<Lookup, Option<EiamId>>,
    pub missing: Missing,
}

impl Targeted {
    /// Add what another observation found (its answers win).
    pub fn merge(&mut self, other: Targeted) {
        self.ous.extend(other.ous);
        self.ancestors.extend(other.ancestors);
        self.children.extend(other.children);
        self.users.extend(other.users);
        self.ou_users.extend(other.ou_users);
        self.groups.extend(other.groups);
        self.members.extend(other.members);
        self.lookups.extend(other.lookups);
        self.missing.users.extend(other.missing.users);
        self.missing.ous.extend(other.missing.ous);
        self.missing.groups.extend(other.missing.groups);
    }

    /// Whether `ou` is `root` or lies below it (needs `ancestors`).
    pub fn is_under(&self, ou: &EiamId, root: &EiamId) -> bool {
        ou == root || self.ancestors.get(ou).is_some_and(|a| a.contains(root))
    }
}

/// What one target's calls gave.
enum Found {
    User(Box<ObservedUser>),
    Ou(Box<ObservedOu>, Option<Vec<EiamId>>),
    Children(EiamId, Vec<ObservedOu>),
    OuUsers(EiamId, BTreeSet<EiamId>),
    Group(Box<ObservedGroup>),
    Members(EiamId, BTreeSet<EiamId>),
    Named(Vec<ObservedGroup>),
    Lookup(Lookup, Option<EiamId>),
    MissingUser(EiamId),
    MissingOu(EiamId),
    MissingGroup(EiamId),
}

type Call<'a> = std::pin::Pin<Box<dyn Future<Output = Result<Found, ObserveError>> + Send + 'a>>;

fn gone(e: &EiamError) -> bool {
    e.is_not_found() || e.is_not_in_scope()
}

/// The account as a full observation sees it: list-item attributes, status, OUs from `GetUser`.
pub fn user_from_get(u: GetUserResponse) -> Option<ObservedUser> {
    let summary = UserSummary {
        description: u.description,
        display_name: u.display_name,
        email: u.email,
        email_verified: u.email_verified,
        phone_number: u.phone_number,
        phone_number_verified: u.phone_number_verified,
        phone_region: u.phone_region,
        status: u.status,
        user_external_id: u.user_external_id,
        user_id: u.user_id,
        user_source_id: u.user_source_id,
        user_source_type: u.user_source_type,
        username: u.username,
        ..Default::default()
    };
    let mut user = user_from(summary)?;
    // Every extended field; the run keeps only the managed names.
    std::sync::Arc::make_mut(&mut user.attrs).custom_fields =
        (u.custom_fields.into_iter().flatten())
            .filter_map(|f| Some((f.field_name?, f.field_value.unwrap_or_default())))
            .collect();
    user.primary_ou = u.primary_organizational_unit_id.map(EiamId::new);
    user.ous = (u.organizational_units.unwrap_or_default().into_iter())
        .filter_map(|o| o.organizational_unit_id.map(EiamId::new))
        .chain(user.primary_ou.clone())
        .collect();
    Some(user)
}

/// A lookup's typed id as the model's.
fn found<I: Into<EiamId>>(r: Result<Option<I>, EiamError>) -> Result<Option<EiamId>, EiamError> {
    r.map(|id| id.map(Into::into))
}

fn calls<'a>(client: &'a Client, t: &'a Targets) -> Vec<Call<'a>> {
    let mut out: Vec<Call<'a>> = Vec::new();
    for id in &t.users {
        out.push(Box::pin(async move {
            match client.users().get(&UserId::from(id)).await {
                Ok(u) => Ok(user_from_get(u)
                    .map_or(Found::MissingUser(id.clone()), |u| Found::User(Box::new(u)))),
                Err(e) if gone(&e) => Ok(Found::MissingUser(id.clone())),
                Err(e) => Err(ObserveError::api(format!("reading user {id}"))(e)),
            }
        }));
    }
    for id in &t.ous {
        let ancestors = t.ancestors;
        out.push(Box::pin(async move {
            let ous = client.organizational_units();
            let ou_id = OrganizationalUnitId::from(id);
            let ou = match ous.get(&ou_id).await {
                Ok(o) => o,
                Err(e) if gone(&e) => return Ok(Found::MissingOu(id.clone())),
                Err(e) => return Err(ObserveError::api(format!("reading OU {id}"))(e)),
            };
            let Some(ou) = ou_from(ou, None) else {
                return Ok(Found::MissingOu(id.clone()));
            };
            let chain = if ancestors {
                match ous.parent_ids(&ou_id).await {
                    Ok(p) => Some(p.into_iter().map(EiamId::from).collect()),
                    Err(e) if gone(&e) => return Ok(Found::MissingOu(id.clone())),
                    Err(e) => {
                        return Err(
                            ObserveError::api(format!("reading the parents of OU {id}"))(e),
                        );
                    }
                }
            } else {
                None
            };
            Ok(Found::Ou(Box::new(ou), chain))
        }));
    }
    for id in &t.ou_children {
        out.push(Box::pin(async move {
            let listed = client
                .organizational_units()
                .list_children(&OrganizationalUnitId::from(id))
                .try_filter_map(|o| async move { Ok(ou_from(o, Some(id.clone()))) })
                .try_collect::<Vec<_>>()
                .await;
            match listed {
                Ok(kids) => Ok(Found::Children(id.clone(), kids)),
                Err(e) if gone(&e) => Ok(Found::MissingOu(id.clone())),
                Err(e) => Err(ObserveError::api(format!("listing the child OUs of {id}"))(
                    e,
                )),
            }
        }));
    }
    for id in &t.ou_users {
        out.push(Box::pin(async move {
            let listed = client
                .users()
                .list(Some(&OrganizationalUnitId::from(id)))
                .try_filter_map(|u| async move { Ok(u.user_id.map(EiamId::new)) })
                .try_collect::<BTreeSet<_>>()
                .await;
            match listed {
                Ok(users) => Ok(Found::OuUsers(id.clone(), users)),
                Err(e) if gone(&e) => Ok(Found::MissingOu(id.clone())),
                Err(e) => Err(ObserveError::api(format!("listing the users of OU {id}"))(
                    e,
                )),
            }
        }));
    }
    for id in &t.groups {
        out.push(Box::pin(async move {
            match client.groups().get(&GroupId::from(id)).await {
                Ok(g) => Ok(group_from(g).map_or(Found::MissingGroup(id.clone()), |g| {
                    Found::Group(Box::new(g))
                })),
                Err(e) if gone(&e) => Ok(Found::MissingGroup(id.clone())),
                Err(e) => Err(ObserveError::api(format!("reading group {id}"))(e)),
            }
        }));
    }
    for id in &t.members {
        out.push(Box::pin(async move {
            let listed = client
                .groups()
                .members(&GroupId::from(id))
                .map_ok(EiamId::from)
                .try_collect::<BTreeSet<_>>()
                .await;
            match listed {
                Ok(m) => Ok(Found::Members(id.clone(), m)),
                Err(e) if gone(&e) => Ok(Found::MissingGroup(id.clone())),
                Err(e) => Err(ObserveError::api(format!(
                    "listing the members of group {id}"
                ))(e)),
            }
        }));
    }
    for name in &t.group_names {
        out.push(Box::pin(async move {
            let named = client
                .groups()
                .list(Some(name.as_str()))
                .try_filter_map(
                    |g| async move { Ok(group_from(g).filter(|g| g.attrs.name == *name)) },
                )
                .try_collect::<Vec<_>>()
                .await
                .map_err(ObserveError::api(format!(
                    "listing the groups named {name:?}"
                )))?;
            Ok(Found::Named(named))
        }));
    }
    for l in &t.lookups {
        out.push(Box::pin(async move {
            let (users, ous) = (client.users(), client.organizational_units());
            let (what, r) = match l {
                Lookup::Username(v) => ("username", found(users.id_by_username(v).await)),
                Lookup::Email(v) => ("email", found(users.id_by_email(v).await)),
                Lookup::Phone(v) => ("phone number", found(users.id_by_phone_number(v).await)),
                Lookup::UserExternalId(e) => (
                    "user external id",
                    found(users.id_by_external_id(e.as_str()).await),
                ),
                Lookup::OuExternalId(e) => (
                    "OU external id",
                    found(ous.id_by_external_id(e.as_str()).await),
                ),
            };
            // The looked-up values are personal data: the error names the kind of lookup only.
            let id = r.map_err(ObserveError::api(format!("looking up a {what}")))?;
            Ok(Found::Lookup(l.clone(), id))
        }));
    }
    out
}

/// Read the targets, `concurrency` calls in flight at once (the client paces them anyway).
#[instrument(skip_all, fields(users = targets.users.len(), ous = targets.ous.len(), groups = targets.groups.len(), lookups = targets.lookups.len()))]
pub async fn observe_targeted(
    client: &Client,
    targets: &Targets,
    concurrency: usize,
) -> Result<Targeted, ObserveError> {
    let found: Vec<Found> = stream::iter(calls(client, targets))
        .buffer_unordered(concurrency.max(1))
        .try_collect()
        .await?;
    let mut out = Targeted::default();
    for f in found {
        match f {
            Found::User(u) => {
                out.users.insert(u.id.clone(), *u);
            }
            Found::Ou(o, chain) => {
                if let Some(chain) = chain {
                    out.ancestors.insert(o.id.clone(), chain);
                }
                out.ous.insert(o.id.clone(), *o);
            }
            Found::Children(parent, kids) => {
                let ids = kids.iter().map(|k| k.id.clone()).collect();
                for k in kids {
                    out.ous.entry(k.id.clone()).or_insert(k);
                }
                out.children.insert(parent, ids);
            }
            Found::OuUsers(ou, users) => {
                out.ou_users.insert(ou, users);
            }
            Found::Group(g) => {
                out.groups.insert(g.id.clone(), *g);
            }
            Found::Members(g, m) => {
                out.members.insert(g, m);
            }
            Found::Named(groups) => {
                for g in groups {
                    out.groups.entry(g.id.clone()).or_insert(g);
                }
            }
            Found::Lookup(l, id) => {
                out.lookups.insert(l, id);
            }
            Found::MissingUser(id) => {
                out.missing.users.insert(id);
            }
            Found::MissingOu(id) => {
                out.missing.ous.insert(id);
            }
            Found::MissingGroup(id) => {
                out.missing.groups.insert(id);
            }
        }
    }
    debug!(
        users = out.users.len(),
        ous = out.ous.len(),
        groups = out.groups.len(),
        missing = out.missing.users.len() + out.missing.ous.len() + out.missing.groups.len(),
        "observed the targets"
    );
    Ok(out)
}
