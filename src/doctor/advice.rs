//! What to change when EIAM refuses a call: the setting or the console grant behind each
//! refusal (docs/eiam-api.md §3 lists the codes and the order EIAM checks them in).

use crate::eiam::EiamError;
use crate::errors::chain;

/// The error, followed by what to change for it. `permission` is the API permission the
/// refused operation needs.
pub fn advise(e: &EiamError, permission: &str) -> String {
    let what = chain(e);
    let fix = match e.code() {
        Some("invalid_client" | "unauthorized_client" | "invalid_grant") => {
            "the client credentials were refused: check [eiam] client_id and the client secret \
             (eiam.client_secret, EIAM_SYNC__EIAM__CLIENT_SECRET or eiam.client_secret_file)"
                .to_owned()
        }
        Some("instance_not_found") => "check [eiam] instance_id and [eiam] endpoint".to_owned(),
        Some("application_not_found") => "check [eiam] application_id".to_owned(),
        Some("application_disabled") => {
            "enable the application in the EIAM console (Applications)".to_owned()
        }
        Some("application_api_disabled") => {
            "switch on the application's developer API in the EIAM console (the application's \
             API settings)"
                .to_owned()
        }
        Some("permission_denied") if permission.is_empty() => {
            "grant the application the API permission the message names, in the EIAM console \
             (the application's API permissions)"
                .to_owned()
        }
        Some("permission_denied") => format!(
            "grant the application the API permission `{permission}` in the EIAM console (the \
             application's API permissions)"
        ),
        Some("OrganizationUnitIdNotInScopes") => {
            "add the OU to the application's provisioning scope in the EIAM console, or check \
             [sync] root_organizational_unit_id"
                .to_owned()
        }
        _ if matches!(e, EiamError::Transport(_)) => {
            "check [eiam] endpoint and that this host can reach it (proxy, firewall, \
             [eiam] ca_file)"
                .to_owned()
        }
        _ if e.is_auth() => "check the [eiam] settings and the application in the EIAM \
                             console"
            .to_owned(),
        _ => return what,
    };
    format!("{what}; {fix}")
}
