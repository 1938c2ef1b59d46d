//! Wire types of the scope operations (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

#[allow(unused_imports)]
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Response of `GetApplicationProvisioningScope`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetApplicationProvisioningScopeResponse {
    #[serde(rename = "groupIds", default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<String>>,
    #[serde(
        rename = "organizationalUnitIds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizational_unit_ids: Option<Vec<String>>,
}
