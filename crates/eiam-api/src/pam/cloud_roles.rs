//! Wire types of the PAM cloud-account-role operations (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: the wire names are the field names in
//! camelCase (`rename_all`).

use serde::{Deserialize, Serialize};

/// Query string of `ObtainCloudAccountRoleAccessCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObtainCloudAccountRoleAccessCredentialQuery {
    pub cloud_account_role_external_id: String,
    /// min: 900; max: 43200; note: upper bound further capped by the cloud role's max session
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::de::opt_flex_i64"
    )]
    pub duration_seconds: Option<i64>,
}

/// Response of `ObtainCloudAccountRoleAccessCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObtainCloudAccountRoleAccessCredentialResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_account_role_access_credential: Option<CloudAccountRoleAccessCredential>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_account_role_external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_account_role_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_account_role_name: Option<String>,
    /// one of: alibaba_cloud
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_account_vendor_type: Option<String>,
}

/// `AlibabaCloudStsToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlibabaCloudStsToken {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_token: Option<String>,
}

/// `AwsStsToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsStsToken {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_access_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token: Option<String>,
}

/// `TencentCloudStsToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TencentCloudStsToken {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tmp_secret_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tmp_secret_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `CloudAccountRoleAccessCredential` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudAccountRoleAccessCredential {
    /// unit: epoch seconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_credential_expires_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alibaba_cloud_sts_token: Option<AlibabaCloudStsToken>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_sts_token: Option<AwsStsToken>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tencent_cloud_sts_token: Option<TencentCloudStsToken>,
}
