//! Wire types of the PAM cloud-account-role operations (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

use serde::{Deserialize, Serialize};

/// Query string of `ObtainCloudAccountRoleAccessCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObtainCloudAccountRoleAccessCredentialQuery {
    #[serde(rename = "cloudAccountRoleExternalId")]
    pub cloud_account_role_external_id: String,
    /// min: 900; max: 43200; note: upper bound further capped by the cloud role's max session
    #[serde(
        rename = "durationSeconds",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::eiam::types::de::opt_flex_i64"
    )]
    pub duration_seconds: Option<i64>,
}

/// Response of `ObtainCloudAccountRoleAccessCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObtainCloudAccountRoleAccessCredentialResponse {
    #[serde(
        rename = "cloudAccountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_id: Option<String>,
    #[serde(
        rename = "cloudAccountRoleAccessCredential",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_role_access_credential: Option<CloudAccountRoleAccessCredential>,
    #[serde(
        rename = "cloudAccountRoleExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_role_external_id: Option<String>,
    #[serde(
        rename = "cloudAccountRoleId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_role_id: Option<String>,
    #[serde(
        rename = "cloudAccountRoleName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_role_name: Option<String>,
    /// one of: alibaba_cloud
    #[serde(
        rename = "cloudAccountVendorType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_vendor_type: Option<String>,
}

/// `AlibabaCloudStsToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlibabaCloudStsToken {
    #[serde(
        rename = "accessKeyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_key_id: Option<String>,
    #[serde(
        rename = "accessKeySecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_key_secret: Option<String>,
    #[serde(
        rename = "expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<String>,
    #[serde(
        rename = "securityToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub security_token: Option<String>,
}

/// `AwsStsToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AwsStsToken {
    #[serde(
        rename = "accessKeyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_key_id: Option<String>,
    #[serde(
        rename = "expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<String>,
    #[serde(
        rename = "secretAccessKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secret_access_key: Option<String>,
    #[serde(
        rename = "sessionToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_token: Option<String>,
}

/// `TencentCloudStsToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TencentCloudStsToken {
    #[serde(
        rename = "expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<String>,
    #[serde(
        rename = "tmpSecretId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tmp_secret_id: Option<String>,
    #[serde(
        rename = "tmpSecretKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tmp_secret_key: Option<String>,
    #[serde(rename = "token", default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `CloudAccountRoleAccessCredential` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CloudAccountRoleAccessCredential {
    /// unit: epoch seconds
    #[serde(
        rename = "accessCredentialExpiresAt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_credential_expires_at: Option<i64>,
    #[serde(
        rename = "alibabaCloudStsToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub alibaba_cloud_sts_token: Option<AlibabaCloudStsToken>,
    #[serde(
        rename = "awsStsToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub aws_sts_token: Option<AwsStsToken>,
    #[serde(
        rename = "tencentCloudStsToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tencent_cloud_sts_token: Option<TencentCloudStsToken>,
}
