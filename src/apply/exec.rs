//! One operation of a plan carried out through the client. Creates whose outcome is unknown
//! are never blindly re-sent: the object is looked up by external ID first.

use tracing::{info, instrument, warn};

use crate::eiam::{Client, EiamError};
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

    /// Resolve every reference, as the wire wants them.
    fn resolve_all(&self, refs: &[crate::plan::ObjRef]) -> Result<Vec<String>, OpError> {
        refs.iter()
            .map(|r| self.resolve(r).map(EiamId::into_string))
            .collect()
    }
}

/// Create, and when the outcome is unknown (timeout or dropped connection after sending),
/// ask whether it exists now before trying again. A conflict whose external id already exists
/// elsewhere is reported, not adopted: it lies outside the synced subtree.
async fn create_or_find<C, CF, L, LF>(
    what: &str,
    ext: &str,
    create: C,
    lookup: L,
) -> Result<String, OpError>
where
    C: Fn() -> CF,
    CF: Future<Output = Result<String, EiamError>>,
    L: Fn() -> LF,
    LF: Future<Output = Result<Option<String>, EiamError>>,
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
            Some(EiamId::new(id))
        }
        Payload::PatchOu { ou, patch } => {
            client
                .organizational_units()
                .patch(refs.resolve(ou)?.as_str(), &patch.request())
                .await?;
            None
        }
        Payload::MoveOu { ou, parent } => {
            let (ou, parent) = (refs.resolve(ou)?, refs.resolve(parent)?);
            client
                .organizational_units()
                .set_parent(ou.as_str(), parent.as_str())
                .await?;
            None
        }
        Payload::DeleteOu { ou } => {
            gone_ok(client.organizational_units().delete(ou.as_str()).await)?;
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
            Some(EiamId::new(id))
        }
        Payload::PatchUser { user, patch } => {
            client
                .users()
                .patch(refs.resolve(user)?.as_str(), &patch.request())
                .await?;
            None
        }
        Payload::SetPrimaryOu { user, ou } => {
            let (user, ou) = (refs.resolve(user)?, refs.resolve(ou)?);
            client
                .users()
                .set_primary_organizational_unit(user.as_str(), ou.as_str())
                .await?;
            None
        }
        Payload::AddUserToOus { user, ous } => {
            let ids = refs.resolve_all(ous)?;
            client
                .users()
                .add_to_organizational_units(refs.resolve(user)?.as_str(), &ids)
                .await?;
            None
        }
        Payload::RemoveUserFromOus { user, ous } => {
            let ids: Vec<String> = ous.iter().map(|o| o.to_string()).collect();
            client
                .users()
                .remove_from_organizational_units(refs.resolve(user)?.as_str(), &ids)
                .await?;
            None
        }
        Payload::SetUserStatus { user, status } => {
            let id = refs.resolve(user)?;
            match status {
                UserStatus::Enabled => client.users().enable(id.as_str()).await?,
                UserStatus::Disabled => client.users().disable(id.as_str()).await?,
            }
            None
        }
        Payload::DeleteUser { user } => {
            gone_ok(client.users().delete(user.as_str()).await)?;
            None
        }
        Payload::CreateGroup { attrs } => {
            let req = attrs.create_request(external_id);
            let groups = client.groups();
            let lookup = || async {
                Ok(groups
                    .find_by_external_id(ext, Some(&attrs.name))
                    .await?
                    .and_then(|g| g.group_id))
            };
            let id = create_or_find("a group", ext, || groups.create(&req), lookup).await?;
            Some(EiamId::new(id))
        }
        Payload::PatchGroup { group, patch } => {
            // A group's only patchable attribute is its name.
            if let Some(name) = &patch.name {
                let id = refs.resolve(group)?;
                client.groups().patch(id.as_str(), name).await?;
            }
            None
        }
        Payload::DeleteGroup { group } => {
            gone_ok(client.groups().delete(group.as_str()).await)?;
            None
        }
        Payload::AddUsersToGroup { group, users } => {
            let ids = refs.resolve_all(users)?;
            client
                .groups()
                .add_users(refs.resolve(group)?.as_str(), &ids)
                .await?;
            None
        }
        Payload::RemoveUsersFromGroup { group, users } => {
            let ids: Vec<String> = users.iter().map(|u| u.to_string()).collect();
            client
                .groups()
                .remove_users(refs.resolve(group)?.as_str(), &ids)
                .await?;
            None
        }
        // Nothing to send: taking the object over is recorded with the operation's outcome
        // (the ownership map), and the plan's later operations bring it in line.
        Payload::Adopt { .. } => None,
    };
    Ok(created)
}
