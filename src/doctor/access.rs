//! The checks of access: a token, the provisioning scope, the sync root inside it, and one
//! page of each listing a run makes.

use crate::config::Settings;
use crate::eiam::{Client, OrganizationalUnitId};

use super::advice::advise;
use super::diagnosis::{Check, Diagnosis};

const OU_READ: &str = "urn:alibaba:idaas:scope:organizational_unit:read_all";
const USER_READ: &str = "urn:alibaba:idaas:scope:user:read_all";
const SETTING: &str = "[sync] root_organizational_unit_id";

/// Run the access checks in order; the sync root when every one passed.
pub async fn check(d: &mut Diagnosis, client: &Client, settings: &Settings) -> Option<String> {
    let token = match client.authenticate().await {
        Ok(()) => Check::ok(
            "token",
            format!(
                "issued to application {} of instance {}",
                client.application_id(),
                client.instance_id()
            ),
        ),
        Err(e) => Check::failed("token", advise(&e, "")),
    };
    if !d.push(token) {
        return None;
    }
    let scope = match client.provisioning_scope().await {
        Ok(scope) => scope.organizational_unit_ids.unwrap_or_default(),
        Err(e) => {
            d.push(Check::failed("provisioning_scope", advise(&e, "")));
            return None;
        }
    };
    let configured = settings.sync.root_organizational_unit_id.as_deref();
    let root = match (configured, scope.as_slice()) {
        (Some(root), _) => root.to_owned(),
        (None, [one]) => one.clone(),
        (None, _) => {
            d.push(Check::failed(
                "provisioning_scope",
                format!(
                    "the scope holds {} OUs ({}) and {SETTING} is not set: set it to the OU to \
                     sync under, or narrow the scope to one OU in the EIAM console",
                    scope.len(),
                    list(&scope)
                ),
            ));
            return None;
        }
    };
    d.push(Check::ok(
        "provisioning_scope",
        format!("OUs {}", list(&scope)),
    ));
    let root_id = OrganizationalUnitId::from(&root);
    if !d.push(root_in_scope(client, &root_id, configured.is_some(), &scope).await) {
        return None;
    }
    let reads = [
        (
            "read_organizational_units",
            OU_READ,
            ous(client, &root_id).await,
        ),
        ("read_users", USER_READ, users(client, &root_id).await),
        ("read_groups", "", groups(client).await),
    ];
    let mut all = true;
    for (name, permission, outcome) in reads {
        all &= d.push(match outcome {
            Ok(detail) => Check::ok(name, detail),
            Err(e) => Check::failed(name, advise(&e, permission)),
        });
    }
    all.then_some(root)
}

/// The sync root exists and lies in the scope: it is a scope OU, or one of its ancestors is.
async fn root_in_scope(
    client: &Client,
    root: &OrganizationalUnitId,
    configured: bool,
    scope: &[String],
) -> Check {
    let from = if configured {
        SETTING.to_owned()
    } else {
        "the provisioning scope's only OU".to_owned()
    };
    let ou = match client.organizational_units().get(root).await {
        Ok(ou) => ou,
        Err(e) if e.is_not_in_scope() || e.is_not_found() => {
            let whole = sees_whole_directory(client, scope).await;
            let detail = if whole {
                format!(
                    "the sync root `{root}` ({from}) does not exist: set {SETTING} to an OU id \
                     of this instance"
                )
            } else {
                format!(
                    "the sync root `{root}` ({from}) does not exist or lies outside the \
                     provisioning scope (OUs {}; EIAM does not say which): check {SETTING}, or \
                     add the OU to the application's provisioning scope in the EIAM console",
                    list(scope)
                )
            };
            return Check::failed("sync_root", detail);
        }
        Err(e) => return Check::failed("sync_root", advise(&e, OU_READ)),
    };
    let name = ou.organizational_unit_name.unwrap_or_default();
    if scope.iter().any(|s| s == root) {
        return Check::ok(
            "sync_root",
            format!("`{root}` ({name}) is in the provisioning scope"),
        );
    }
    match client.organizational_units().parent_ids(root).await {
        Ok(parents) if parents.iter().any(|p| scope.iter().any(|s| s == p)) => Check::ok(
            "sync_root",
            format!("`{root}` ({name}) lies under the provisioning scope"),
        ),
        Ok(_) => Check::failed(
            "sync_root",
            format!(
                "the sync root `{root}` ({name}) lies outside the provisioning scope (OUs {}): \
                 add it, or an OU above it, to the application's provisioning scope in the EIAM \
                 console, or check {SETTING}",
                list(scope)
            ),
        ),
        Err(e) => Check::failed("sync_root", advise(&e, OU_READ)),
    }
}

/// Whether the scope holds the top of the directory (an OU without a parent): then every OU
/// is in it, and an OU that cannot be read does not exist.
async fn sees_whole_directory(client: &Client, scope: &[String]) -> bool {
    for id in scope {
        let id = OrganizationalUnitId::from(id);
        if let Ok(ou) = client.organizational_units().get(&id).await
            && ou.parent_id.as_deref().is_none_or(str::is_empty)
        {
            return true;
        }
    }
    false
}

async fn ous(
    client: &Client,
    root: &OrganizationalUnitId,
) -> Result<String, crate::eiam::EiamError> {
    let page = (client.organizational_units())
        .list_children_page(root, 1, 1)
        .await?;
    Ok(counted(page.total_count, "child OU(s) of the sync root"))
}

async fn users(
    client: &Client,
    root: &OrganizationalUnitId,
) -> Result<String, crate::eiam::EiamError> {
    let page = client.users().list_page(Some(root), 1, 1).await?;
    Ok(counted(
        page.total_count,
        "account(s) listed in the sync root",
    ))
}

async fn groups(client: &Client) -> Result<String, crate::eiam::EiamError> {
    let page = client.groups().list_page(None, None, 1).await?;
    Ok(match page.total_count {
        Some(n) => format!("{n} group(s) visible"),
        None if page.items.is_empty() => "no group visible".to_owned(),
        None => "groups visible".to_owned(),
    })
}

fn counted(total: Option<i64>, what: &str) -> String {
    match total {
        Some(n) => format!("{n} {what}"),
        None => format!("listed the {what}"),
    }
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        return "none".to_owned();
    }
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
