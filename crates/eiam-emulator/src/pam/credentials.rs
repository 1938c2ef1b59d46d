//! PAM static credentials (user-exclusive API keys and OAuth clients) and the temporary
//! credentials of cloud-account roles.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::error::ApiError;
use crate::store::{new_id, now_ms};
use crate::tokens::random_token;
use eiam_api::pam::{
    AlibabaCloudStsToken, ApiKeyContent, CloudAccountRoleAccessCredential, CredentialContent,
    ObtainCloudAccountRoleAccessCredentialResponse, ObtainCredentialResponse,
};

/// A stored credential.
#[derive(Debug, Clone)]
pub struct Credential {
    pub id: String,
    pub identifier: String,
    pub name: String,
    pub kind: String,
    pub scenario: Option<String>,
    pub external_id: Option<String>,
    pub description: Option<String>,
    pub api_key: Option<String>,
    pub exclusive_user: Option<String>,
    pub create_ms: i64,
}

/// Credentials by identifier (unique per instance).
#[derive(Debug, Default)]
pub struct Credentials {
    by_identifier: HashMap<String, Credential>,
    instance_id: String,
}

impl Credentials {
    pub fn new(instance_id: &str) -> Self {
        Credentials {
            by_identifier: HashMap::new(),
            instance_id: instance_id.to_owned(),
        }
    }

    /// `CreateUserExclusiveCredential`; returns (credential id, ciphertext if asked for).
    pub fn create(
        &mut self,
        mut cred: Credential,
        ciphertext: bool,
    ) -> Result<(String, Option<String>), ApiError> {
        if self.by_identifier.contains_key(&cred.identifier) {
            return Err(ApiError::duplicated(
                axum::http::StatusCode::BAD_REQUEST,
                "CredentialIdentifier",
                &cred.identifier,
            ));
        }
        cred.id = new_id("cred_");
        cred.create_ms = now_ms();
        // Not real encryption: an opaque blob the emulator never reads back.
        let cipher = ciphertext
            .then(|| STANDARD.encode(format!("emulated:{}:{}", cred.id, random_token(""))));
        let id = cred.id.clone();
        self.by_identifier.insert(cred.identifier.clone(), cred);
        Ok((id, cipher))
    }

    /// `ObtainCredential`: the credential with its plaintext content.
    pub fn obtain(&self, identifier: &str) -> Result<ObtainCredentialResponse, ApiError> {
        let c = self
            .by_identifier
            .get(identifier)
            .ok_or_else(|| ApiError::resource_not_found("Credential", identifier))?;
        Ok(ObtainCredentialResponse {
            create_time: Some(c.create_ms),
            credential_content: Some(CredentialContent {
                api_key_content: c
                    .api_key
                    .clone()
                    .map(|k| ApiKeyContent { api_key: Some(k) }),
                oauth_client_content: None,
            }),
            credential_creation_type: Some("user_custom".to_owned()),
            credential_external_id: c.external_id.clone(),
            credential_id: Some(c.id.clone()),
            credential_identifier: Some(c.identifier.clone()),
            credential_name: Some(c.name.clone()),
            credential_scenario_label: c.scenario.clone(),
            credential_sharing_scope: Some("exclusive".to_owned()),
            credential_subject_id: None,
            credential_subject_type: None,
            credential_type: Some(c.kind.clone()),
            description: c.description.clone(),
            exclusive_user_id: c.exclusive_user.clone(),
            instance_id: Some(self.instance_id.clone()),
            status: Some("enabled".to_owned()),
            update_time: Some(c.create_ms),
        })
    }
}

/// `ObtainCloudAccountRoleAccessCredential`: fresh STS-style credentials for a role given by
/// its external id (for Alibaba Cloud a RAM role ARN, `acs:ram::<account>:role/<name>`).
pub fn cloud_role_credential(
    role_external_id: &str,
    duration_secs: i64,
) -> ObtainCloudAccountRoleAccessCredentialResponse {
    let mut parts = role_external_id.splitn(5, ':');
    let account = parts
        .nth(3)
        .filter(|a| !a.is_empty())
        .unwrap_or("1000000000000000");
    let name = role_external_id
        .rsplit_once("role/")
        .map_or(role_external_id, |(_, n)| n);
    let expires_at = now_ms() / 1000 + duration_secs;
    let expiration = format_utc(expires_at);
    ObtainCloudAccountRoleAccessCredentialResponse {
        cloud_account_id: Some(account.to_owned()),
        cloud_account_role_access_credential: Some(CloudAccountRoleAccessCredential {
            access_credential_expires_at: Some(expires_at),
            alibaba_cloud_sts_token: Some(AlibabaCloudStsToken {
                access_key_id: Some(random_token("STS.")),
                access_key_secret: Some(random_token("")),
                expiration: Some(expiration),
                security_token: Some(random_token("CAIS")),
            }),
            aws_sts_token: None,
            tencent_cloud_sts_token: None,
        }),
        cloud_account_role_external_id: Some(role_external_id.to_owned()),
        cloud_account_role_id: Some(
            crate::pam::tokens::provider_id(role_external_id).replacen("atp_", "car_", 1),
        ),
        cloud_account_role_name: Some(name.to_owned()),
        cloud_account_vendor_type: Some("alibaba_cloud".to_owned()),
    }
}

/// `2024-05-01T12:00:00Z` from epoch seconds (civil-from-days, no calendar crate needed).
fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formatting_matches_known_dates() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn role_arns_give_account_and_name() {
        let r = cloud_role_credential("acs:ram::1234567890:role/deployer", 900);
        assert_eq!(r.cloud_account_id.as_deref(), Some("1234567890"));
        assert_eq!(r.cloud_account_role_name.as_deref(), Some("deployer"));
        let cred = r.cloud_account_role_access_credential.unwrap();
        let expires = cred.access_credential_expires_at.unwrap();
        assert!((expires - now_ms() / 1000 - 900).abs() <= 1);
    }
}
