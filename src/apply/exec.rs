//! One operation of a plan carried out through the client. Creates whose outcome is unknown
//! are never blindly re-sent: the object is looked up by external ID first.

use tracing::{info, instrument, warn};

use crate::eiam::types::groups::CreateGroupRequest;
use crate::eiam::types::organizational_units::{
    CreateOrganizationalUnitRequest, PatchOrganizationalUnitRequest,
};
use crate::eiam::types::users::{CreateUserRequest, PatchUserRequest};
use crate::eiam::{Client, EiamError};
use crate::model::{EiamId, UserStatus};
use crate::plan::{Op, Payload, UserFields};

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
    fn resolve(&self, r: &crate::plan::ObjRef) -> Result<String, OpError>;
}

fn patch_request(f: &UserFields) -> PatchUserRequest {
    PatchUserRequest {
        username: f.username.clone(),
        display_name: f.display_name.clone(),
        email: f.email.as_ref().map(|e| e.0.clone()),
        email_verified: f.email.as_ref().map(|e| e.1),
        phone_region: f.phone.as_ref().map(|p| p.0.clone()),
        phone_number: f.phone.as_ref().map(|p| p.1.clone()),
        phone_number_verified: f.phone.as_ref().map(|p| p.2),
        ..Default::default()
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

/// Carry out `op`; returns the id of what it created, if anything.
#[instrument(skip_all, fields(action = %op.action(), external_id = %op.external_id))]
pub async fn execute(
    client: &Client,
    op: &Op,
    refs: &impl Resolve,
) -> Result<Option<EiamId>, OpError> {
    let ext = op.external_id.as_str();
    let created = match &op.payload {
        Payload::CreateOu {
            parent,
            name,
            description,
        } => {
            let req = CreateOrganizationalUnitRequest {
                parent_id: refs.resolve(parent)?,
                organizational_unit_name: name.clone(),
                description: description.clone(),
                organizational_unit_external_id: Some(ext.to_owned()),
            };
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
        Payload::PatchOu {
            ou,
            name,
            description,
        } => {
            let req = PatchOrganizationalUnitRequest {
                organizational_unit_name: name.clone(),
                description: description.clone(),
            };
            client
                .organizational_units()
                .patch(&refs.resolve(ou)?, &req)
                .await?;
            None
        }
        Payload::MoveOu { ou, parent } => {
            let (ou, parent) = (refs.resolve(ou)?, refs.resolve(parent)?);
            client
                .organizational_units()
                .set_parent(&ou, &parent)
                .await?;
            None
        }
        Payload::DeleteOu { ou } => {
            gone_ok(client.organizational_units().delete(ou.as_str()).await)?;
            None
        }
        Payload::CreateUser { primary_ou, fields } => {
            let req = CreateUserRequest {
                username: fields.username.clone().unwrap_or_default(),
                primary_organizational_unit_id: refs.resolve(primary_ou)?,
                user_external_id: Some(ext.to_owned()),
                display_name: fields.display_name.clone(),
                email: fields.email.as_ref().map(|e| e.0.clone()),
                email_verified: fields.email.as_ref().map(|e| e.1),
                phone_region: fields.phone.as_ref().map(|p| p.0.clone()),
                phone_number: fields.phone.as_ref().map(|p| p.1.clone()),
                phone_number_verified: fields.phone.as_ref().map(|p| p.2),
                description: fields.description.clone(),
                ..Default::default()
            };
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
        Payload::PatchUser { user, fields } => {
            client
                .users()
                .patch(&refs.resolve(user)?, &patch_request(fields))
                .await?;
            None
        }
        Payload::SetPrimaryOu { user, ou } => {
            let (user, ou) = (refs.resolve(user)?, refs.resolve(ou)?);
            client
                .users()
                .set_primary_organizational_unit(&user, &ou)
                .await?;
            None
        }
        Payload::AddUserToOus { user, ous } => {
            let ids = ous
                .iter()
                .map(|o| refs.resolve(o))
                .collect::<Result<Vec<_>, _>>()?;
            client
                .users()
                .add_to_organizational_units(&refs.resolve(user)?, &ids)
                .await?;
            None
        }
        Payload::RemoveUserFromOus { user, ous } => {
            let ids: Vec<String> = ous.iter().map(|o| o.to_string()).collect();
            client
                .users()
                .remove_from_organizational_units(&refs.resolve(user)?, &ids)
                .await?;
            None
        }
        Payload::SetUserStatus { user, status } => {
            let id = refs.resolve(user)?;
            match status {
                UserStatus::Enabled => client.users().enable(&id).await?,
                UserStatus::Disabled => client.users().disable(&id).await?,
            }
            None
        }
        Payload::DeleteUser { user } => {
            gone_ok(client.users().delete(user.as_str()).await)?;
            None
        }
        Payload::CreateGroup { name } => {
            let req = CreateGroupRequest {
                group_name: name.clone(),
                group_external_id: Some(ext.to_owned()),
            };
            let groups = client.groups();
            let lookup = || async {
                Ok(groups
                    .find_by_external_id(ext, Some(name))
                    .await?
                    .and_then(|g| g.group_id))
            };
            let id = create_or_find("a group", ext, || groups.create(&req), lookup).await?;
            Some(EiamId::new(id))
        }
        Payload::PatchGroup { group, name } => {
            client.groups().patch(&refs.resolve(group)?, name).await?;
            None
        }
        Payload::DeleteGroup { group } => {
            gone_ok(client.groups().delete(group.as_str()).await)?;
            None
        }
        Payload::AddUsersToGroup { group, users } => {
            let ids = users
                .iter()
                .map(|u| refs.resolve(u))
                .collect::<Result<Vec<_>, _>>()?;
            client
                .groups()
                .add_users(&refs.resolve(group)?, &ids)
                .await?;
            None
        }
        Payload::RemoveUsersFromGroup { group, users } => {
            let ids: Vec<String> = users.iter().map(|u| u.to_string()).collect();
            client
                .groups()
                .remove_users(&refs.resolve(group)?, &ids)
                .await?;
            None
        }
    };
    Ok(created)
}
