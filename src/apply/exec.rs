//! One operation of a plan carried out through the client. Creates whose outcome is unknown
//! are never blindly re-sent: the object is looked up by external ID first.

use tracing::{info, instrument, warn};

use std::fmt::Display;

use crate::eiam::{Client, EiamError, GroupId, OrganizationalUnitId, UserId};
use crate::model::{EiamId, ExtId, NewUserPolicy, UserStatus};
use crate::plan::Payload;

/// How many times a create is tried when its outcome stays unknown.
const CREATE_ATTEMPTS: usize = 3;

/// Why an operation failed.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error(transparent)]
    Api(#[from] EiamError),
    #[error("{0}")]
    Refused(String),
}

impl OpError {
    /// A one-line message for the report and the journal (with the request id when known).
    pub fn describe(&self) -> String {
        match self {
            OpError::Api(e) => {
                let mut s = e.chain();
                if let Some(id) = e.request_id()
                    && !s.contains(id)
                {
                    s.push_str(&format!(" (request id {id})"));
                }
                s
            }
            OpError::Refused(m) => m.clone(),
        }
    }
}

/// Resolves plan references to EIAM ids (creates of earlier operations).
pub trait Resolve {
    fn resolve(&self, r: &crate::plan::ObjRef) -> Result<EiamId, OpError>;

    /// Resolve every reference, as the client's typed ids.
    fn resolve_all<I: From<EiamId>>(
        &self,
        refs: &[crate::plan::ObjRef],
    ) -> Result<Vec<I>, OpError> {
        refs.iter().map(|r| self.resolve(r).map(I::from)).collect()
    }
}

/// Create, and when the outcome is unknown (timeout or dropped connection after sending),
/// ask whether it exists now before trying again. A conflict whose external id already exists
/// elsewhere is reported, not adopted: it lies outside the synced subtree.
async fn create_or_find<I, C, CF, L, LF>(
    what: &str,
    ext: &str,
    create: C,
    lookup: L,
) -> Result<I, OpError>
where
    I: Display,
    C: Fn() -> CF,
    CF: Future<Output = Result<I, EiamError>>,
    L: Fn() -> LF,
    LF: Future<Output = Result<Option<I>, EiamError>>,
{
    let mut last = None;
    // Whether an earlier attempt may have created the object after all.
    let mut ambiguous = false;
    for attempt in 1..=CREATE_ATTEMPTS {
        match create().await {
            Ok(id) => return Ok(id),
            Err(e) if e.is_unknown_outcome() => {
                warn!(%ext, attempt, error = %e.chain(), "create outcome unknown; looking it up");
                if let Some(id) = lookup().await? {
                    info!(%ext, %id, "the create had succeeded");
                    return Ok(id);
                }
                ambiguous = true;
                last = Some(e);
            }
            Err(e) if e.is_conflict() => {
                match lookup().await? {
                    // The earlier attempt did create it (the lookup raced it): it is ours.
                    Some(id) if ambiguous => return Ok(id),
                    Some(id) => {
                        return Err(OpError::Refused(format!(
                            "{what} with external id {ext} already exists in EIAM as {id}, outside the synced subtree; move it under the sync root or remove it ({})",
                            e.chain()
                        )));
                    }
                    None => return Err(e.into()),
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(last.map(OpError::Api).unwrap_or_else(|| {
        OpError::Refused(format!(
            "{what} {ext}: the create never gave a definite answer"
        ))
    }))
}

/// A delete of something already gone is a success.
fn gone_ok(r: Result<(), EiamError>) -> Result<(), OpError> {
    match r {
        Err(e) if e.is_not_found() => Ok(()),
        other => other.map_err(OpError::from),
    }
}

/// Carry out an operation (its payload, on the object with external id `external_id`);
/// returns the id of what it created, if anything. A new account gets its first password as
/// `new_users` says.
#[instrument(skip_all, fields(action = %payload.action(), external_id = %external_id))]
pub async fn execute(
    client: &Client,
    payload: &Payload,
    external_id: &ExtId,
    refs: &impl Resolve,
    new_users: &NewUserPolicy,
) -> Result<Option<EiamId>, OpError> {
    let ext = external_id.as_str();
    let created = match payload {
        Payload::CreateOu { parent, attrs } => {
            let req = attrs.create_request(&refs.resolve(parent)?, external_id);
            let ous = client.organizational_units();
            let id = create_or_find(
                "an OU",
                ext,
                || ous.create(&req),
                || ous.id_by_external_id(ext),
            )
            .await?;
            Some(EiamId::from(id))
        }
        Payload::PatchOu { ou, patch } => {
            client
                .organizational_units()
                .patch(
                    &OrganizationalUnitId::from(refs.resolve(ou)?),
                    &patch.request(),
                )
                .await?;
            None
        }
        Payload::MoveOu { ou, parent } => {
            let ou = OrganizationalUnitId::from(refs.resolve(ou)?);
            let parent = OrganizationalUnitId::from(refs.resolve(parent)?);
            client
                .organizational_units()
                .set_parent(&ou, &parent)
                .await?;
            None
        }
        Payload::DeleteOu { ou } => {
            let ou = OrganizationalUnitId::from(ou);
            gone_ok(client.organizational_units().delete(&ou).await)?;
            None
        }
        Payload::CreateUser { primary_ou, attrs } => {
            let mut req = attrs.create_request(&refs.resolve(primary_ou)?, external_id);
            req.password_initialization_config =
                new_users.wire_config(attrs.email.is_some(), attrs.phone.is_some());
            let users = client.users();
            let id = create_or_find(
                "a user",
                ext,
                || users.create(&req),
                || users.id_by_external_id(ext),
            )
            .await?;
            Some(EiamId::from(id))
        }
        Payload::PatchUser { user, patch } => {
            client
                .users()
                .patch(&UserId::from(refs.resolve(user)?), &patch.request())
                .await?;
            None
        }
        Payload::SetPrimaryOu { user, ou } => {
            let user = UserId::from(refs.resolve(user)?);
            let ou = OrganizationalUnitId::from(refs.resolve(ou)?);
            client
                .users()
                .set_primary_organizational_unit(&user, &ou)
                .await?;
            None
        }
        Payload::AddUserToOus { user, ous } => {
            let ids: Vec<OrganizationalUnitId> = refs.resolve_all(ous)?;
            client
                .users()
                .add_to_organizational_units(&UserId::from(refs.resolve(user)?), &ids)
                .await?;
            None
        }
        Payload::RemoveUserFromOus { user, ous } => {
            let ids: Vec<_> = ous.iter().map(OrganizationalUnitId::from).collect();
            client
                .users()
                .remove_from_organizational_units(&UserId::from(refs.resolve(user)?), &ids)
                .await?;
            None
        }
        Payload::SetUserStatus { user, status } => {
            let id = UserId::from(refs.resolve(user)?);
            match status {
                UserStatus::Enabled => client.users().enable(&id).await?,
                UserStatus::Disabled => client.users().disable(&id).await?,
            }
            None
        }
        Payload::DeleteUser { user } => {
            gone_ok(client.users().delete(&UserId::from(user)).await)?;
            None
        }
        Payload::CreateGroup { attrs } => {
            let req = attrs.create_request(external_id);
            let groups = client.groups();
            let lookup = || async {
                Ok(groups
                    .find_by_external_id(ext, Some(&attrs.name))
                    .await?
                    .and_then(|g| g.group_id)
                    .map(GroupId::from))
            };
            let id = create_or_find("a group", ext, || groups.create(&req), lookup).await?;
            Some(EiamId::from(id))
        }
        Payload::PatchGroup { group, patch } => {
            // A group's only patchable attribute is its name.
            if let Some(name) = &patch.name {
                let id = GroupId::from(refs.resolve(group)?);
                client.groups().patch(&id, name).await?;
            }
            None
        }
        Payload::DeleteGroup { group } => {
            gone_ok(client.groups().delete(&GroupId::from(group)).await)?;
            None
        }
        Payload::AddUsersToGroup { group, users } => {
            let ids: Vec<UserId> = refs.resolve_all(users)?;
            client
                .groups()
                .add_users(&GroupId::from(refs.resolve(group)?), &ids)
                .await?;
            None
        }
        Payload::RemoveUsersFromGroup { group, users } => {
            let ids: Vec<_> = users.iter().map(UserId::from).collect();
            client
                .groups()
                .remove_users(&GroupId::from(refs.resolve(group)?), &ids)
                .await?;
            None
        }
        // Nothing to send: taking the object over is recorded with the operation's outcome
        // (the ownership map), and the plan's later operations bring it in line.
        Payload::Adopt { .. } => None,
    };
    Ok(created)
}
