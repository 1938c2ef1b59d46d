//! Who may call: the checks of docs/eiam-api.md §3.2 in order — instance, application, bearer token
//! and its application, application switches, API permission — before any parameter is looked at.

use std::collections::HashMap;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

use super::error::ApiError;
use super::shared::{App, Shared};

/// The authenticated caller of a bearer operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub app: String,
    /// The user of a user token (password or device flow).
    pub subject: Option<String>,
    pub scopes: Option<Vec<String>>,
}

const PAM_ALL: &str = "urn:cloud:idaas:pam|.all";

/// The API permission an operation needs (docs/eiam-api.md §4); `None` where none is published.
pub fn required_permission(action: &str) -> Option<&'static str> {
    Some(match action {
        "CreateUser"
        | "PatchUser"
        | "DeleteUser"
        | "EnableUser"
        | "DisableUser"
        | "GetUserIdByEmail"
        | "GetUserIdByPhoneNumber"
        | "GetUserIdByUserExternalId" => "urn:alibaba:idaas:scope:user:manage_all",
        "GetUser" | "ListUsers" => "urn:alibaba:idaas:scope:user:read_all",
        "CreateOrganizationalUnit" | "PatchOrganizationalUnit" | "DeleteOrganizationalUnit" => {
            "urn:alibaba:idaas:scope:organizational_unit:manage_all"
        }
        "GetOrganizationalUnit" | "ListOrganizationalUnits" | "ListOrganizationalUnitParentIds" => {
            "urn:alibaba:idaas:scope:organizational_unit:read_all"
        }
        "ListAuthenticationTokens" => "urn:cloud:idaas:pam|authentication_token:read",
        "GenerateJwtAuthenticationToken"
        | "ObtainJwtAuthenticationToken"
        | "FetchOAuthAuthenticationToken" => "urn:cloud:idaas:pam|authentication_token:obtain",
        "RevokeAuthenticationToken"
        | "ReinstateAuthenticationToken"
        | "RevokeAuthenticationTokenByConsumer"
        | "ReinstateAuthenticationTokenByConsumer" => {
            "urn:cloud:idaas:pam|authentication_token:manage"
        }
        "ObtainCredential" => "urn:cloud:idaas:pam|credential:obtain",
        "CreateUserExclusiveCredential" => "urn:cloud:idaas:pam|credential:manage",
        "ObtainCloudAccountRoleAccessCredential" => {
            "urn:cloud:idaas:pam|cloud_account_role:obtain_access_credential"
        }
        _ => return None,
    })
}

/// Whether a granted permission covers a required one. Both spellings of the published documents
/// (`manage_all`, `manager_all`) are the same permission (docs/eiam-api.md, open question 4), and
/// managing a resource includes reading it.
fn covers(granted: &str, required: &str) -> bool {
    let norm = |s: &str| s.replace("manager_all", "manage_all");
    let (g, r) = (norm(granted), norm(required));
    let read_of_managed = matches!(
        (g.strip_suffix(":manage_all"), r.strip_suffix(":read_all")),
        (Some(a), Some(b)) if a == b
    );
    g == r || read_of_managed
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn check_app_switches(app: &App) -> Result<(), ApiError> {
    if !app.settings.enabled {
        return Err(ApiError::application_disabled());
    }
    if !app.settings.api_enabled {
        return Err(ApiError::application_api_disabled());
    }
    Ok(())
}

/// Runs the checks for one request; `Some(caller)` for bearer operations.
pub fn authorize(
    shared: &Shared,
    action: &str,
    needs_bearer: bool,
    params: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<Option<Caller>, ApiError> {
    let instance = params.get("instanceId").map_or("", String::as_str);
    if instance != shared.instance_id {
        return Err(ApiError::instance_not_found(instance));
    }
    let path_app = match params.get("applicationId") {
        Some(id) => Some(
            shared
                .app(id)
                .ok_or_else(|| ApiError::application_not_found(id))?,
        ),
        None => None,
    };
    if !needs_bearer {
        if let Some(app) = &path_app {
            check_app_switches(app)?;
        }
        return Ok(None);
    }
    let token = {
        let tokens = shared.tokens();
        bearer(headers)
            .and_then(|t| tokens.check(t))
            .cloned()
            .ok_or_else(ApiError::invalid_token)?
    };
    if path_app.as_ref().is_some_and(|a| a.id != token.app) {
        return Err(ApiError::token_application_mismatch());
    }
    let app = match path_app {
        Some(app) => app,
        None => shared.app(&token.app).ok_or_else(ApiError::invalid_token)?,
    };
    check_app_switches(&app)?;
    if let Some(required) = required_permission(action) {
        let granted_to_app = app
            .settings
            .permissions
            .as_ref()
            .is_none_or(|p| p.iter().any(|g| covers(g, required)));
        // PAM permissions are also asked for in the token request (`scope`); a token that asked
        // for specific ones carries only those.
        let granted_to_token = !required.starts_with("urn:cloud:idaas:pam|")
            || token
                .scopes
                .as_ref()
                .is_none_or(|s| s.iter().any(|g| g == required || g == PAM_ALL));
        if !(granted_to_app && granted_to_token) {
            return Err(ApiError::permission_denied(required));
        }
    }
    Ok(Some(Caller {
        app: token.app,
        subject: token.subject,
        scopes: token.scopes,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_cover_their_aliases_and_reads() {
        let user_manage = "urn:alibaba:idaas:scope:user:manager_all";
        assert!(covers(
            user_manage,
            "urn:alibaba:idaas:scope:user:manage_all"
        ));
        assert!(covers(user_manage, "urn:alibaba:idaas:scope:user:read_all"));
        assert!(!covers(
            "urn:alibaba:idaas:scope:user:read_all",
            "urn:alibaba:idaas:scope:user:manage_all"
        ));
        assert!(!covers(
            user_manage,
            "urn:alibaba:idaas:scope:organizational_unit:read_all"
        ));
    }

    #[test]
    fn bearer_header_parsing() {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, "bearer  ATabc ".parse().unwrap());
        assert_eq!(bearer(&h), Some("ATabc"));
        h.insert(AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&h), None);
        h.insert(AUTHORIZATION, "Bearer".parse().unwrap());
        assert_eq!(bearer(&h), None);
    }
}
