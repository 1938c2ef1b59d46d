//! The emulator's settings: the instance and its applications, and the injected faults.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::EmulatorError;

/// How the emulator starts. `Default` gives the defaults of docs/contract.md §5.
#[derive(Clone)]
pub struct EmulatorConfig {
    pub instance_id: String,
    pub application_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub faults: Faults,
    /// Name of the root OU created at start and by every reset.
    pub root_organizational_unit_name: String,
    /// More applications of the same instance (to test tokens of another application).
    pub extra_applications: Vec<ApplicationConfig>,
    /// Largest accepted request body of the API (the admin API allows far more).
    pub max_body_bytes: usize,
    /// How many of the last API requests `GET /_emulator/requests` keeps (0: none).
    pub request_log: usize,
    /// Extended fields defined at start (`PUT /_emulator/custom_fields` changes them).
    pub custom_fields: Vec<String>,
    /// How behaviours the API leaves open are read (`PUT /_emulator/readings` changes them).
    pub readings: Readings,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            instance_id: "idaas_emulator".to_owned(),
            application_id: "app_emulator".to_owned(),
            client_id: "app_emulator".to_owned(),
            client_secret: "emulator-secret".to_owned(),
            faults: Faults::default(),
            root_organizational_unit_name: "root".to_owned(),
            extra_applications: Vec::new(),
            max_body_bytes: 1 << 20,
            request_log: 1000,
            custom_fields: Vec::new(),
            readings: Readings::default(),
        }
    }
}

impl fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("instance_id", &self.instance_id)
            .field("application_id", &self.application_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("faults", &self.faults)
            .field("extra_applications", &self.extra_applications)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("request_log", &self.request_log)
            .field("custom_fields", &self.custom_fields)
            .field("readings", &self.readings)
            .finish()
    }
}

/// The emulator's answers to open questions of the API (docs/eiam-api.md, "Open questions"),
/// where the reading changes what a client believes exists. The defaults are the narrower
/// readings; tests run the engine under the others too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Readings {
    /// What `ListUsers` with `organizationalUnitId` lists (docs/eiam-api.md, open question 9).
    pub list_users: ListUsersReading,
}

/// What `ListUsers` filtered by an OU lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListUsersReading {
    /// The OU's direct members, primary or secondary.
    #[default]
    Direct,
    /// The members of the OU and of every OU below it, each once.
    Subtree,
}

impl ListUsersReading {
    /// `direct` or `subtree` (ASCII case ignored).
    pub fn parse(s: &str) -> Option<ListUsersReading> {
        match s.trim().to_ascii_lowercase().as_str() {
            "direct" => Some(ListUsersReading::Direct),
            "subtree" => Some(ListUsersReading::Subtree),
            _ => None,
        }
    }
}

/// One application of the instance and its client credentials.
#[derive(Clone)]
pub struct ApplicationConfig {
    pub application_id: String,
    pub client_id: String,
    pub client_secret: String,
}

impl fmt::Debug for ApplicationConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplicationConfig")
            .field("application_id", &self.application_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .finish()
    }
}

/// Injected faults and the access-token lifetime (`PUT /_emulator/faults`). Missing fields take
/// their defaults, so a PUT replaces the whole set; unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Delay added before every API request is answered.
    pub latency_ms: u64,
    /// Share of API requests answered with a random 500, 502 or 503 before processing.
    pub error_rate: f64,
    /// Server-side budget in requests per second (a token bucket); beyond it, HTTP 429.
    pub rate_limit_qps: Option<f64>,
    /// Lifetime of issued access tokens.
    pub token_ttl_secs: u64,
    /// Bucket size of the budget (default: one second's worth, at least 1).
    pub rate_limit_burst: Option<f64>,
    /// Share of API requests whose connection is closed without an answer, before processing.
    pub drop_rate: f64,
    /// Share of API requests that are processed and then get no answer (outcome unknown).
    pub drop_after_rate: f64,
    /// Limits `error_rate`, `drop_rate` and `drop_after_rate` to these actions (empty: all).
    pub actions: Vec<String>,
    /// One-shot faults, each consumed by the first API request it matches, in order.
    pub script: Vec<ScriptedFault>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            error_rate: 0.0,
            rate_limit_qps: None,
            token_ttl_secs: 7200,
            rate_limit_burst: None,
            drop_rate: 0.0,
            drop_after_rate: 0.0,
            actions: Vec::new(),
            script: Vec::new(),
        }
    }
}

/// A fault for exactly one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedFault {
    /// The action it applies to (any API request when absent).
    #[serde(default)]
    pub action: Option<String>,
    pub fault: ScriptedKind,
    /// The HTTP status of an `error` fault (default 503).
    #[serde(default)]
    pub status: Option<u16>,
}

/// What a scripted fault does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptedKind {
    /// Answer with an error status before processing.
    Error,
    /// Answer 429 with `x-acs-retry-after: 1` before processing.
    Throttle,
    /// Close the connection without an answer, before processing.
    Drop,
    /// Process the request, then close the connection without an answer.
    DropAfter,
    /// Process the request, then damage its success answer (`{"damage": "short_page"}`).
    Damage(super::damage::Damage),
}

fn rate(name: &str, v: f64) -> Result<(), EmulatorError> {
    if (0.0..=1.0).contains(&v) {
        Ok(())
    } else {
        Err(EmulatorError::InvalidConfig(format!(
            "{name} must be between 0 and 1, not {v}"
        )))
    }
}

impl Faults {
    /// Checks ranges: shares in 0..=1, a positive budget and burst, a token lifetime of at
    /// least one second, error statuses 400..=599.
    pub fn validate(&self) -> Result<(), EmulatorError> {
        rate("error_rate", self.error_rate)?;
        rate("drop_rate", self.drop_rate)?;
        rate("drop_after_rate", self.drop_after_rate)?;
        for (name, v) in [
            ("rate_limit_qps", self.rate_limit_qps),
            ("rate_limit_burst", self.rate_limit_burst),
        ] {
            if let Some(v) = v.filter(|v| !(v.is_finite() && *v > 0.0)) {
                return Err(EmulatorError::InvalidConfig(format!(
                    "{name} must be a positive number, not {v}"
                )));
            }
        }
        if self.token_ttl_secs == 0 {
            return Err(EmulatorError::InvalidConfig(
                "token_ttl_secs must be at least 1".to_owned(),
            ));
        }
        if let Some(s) = self
            .script
            .iter()
            .filter_map(|f| f.status)
            .find(|s| !(400..=599).contains(s))
        {
            return Err(EmulatorError::InvalidConfig(format!(
                "a scripted error status must be between 400 and 599, not {s}"
            )));
        }
        Ok(())
    }

    /// Whether the random faults apply to `action`.
    pub fn targets(&self, action: &str) -> bool {
        self.actions.is_empty() || self.actions.iter().any(|a| a == action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_body_is_a_complete_faults_value() {
        let f: Faults = serde_json::from_str(
            r#"{"latency_ms": 5, "error_rate": 0.5, "rate_limit_qps": null, "token_ttl_secs": 60}"#,
        )
        .unwrap();
        assert_eq!(f.latency_ms, 5);
        assert_eq!(f.drop_rate, 0.0);
        assert!(f.validate().is_ok());
        assert!(serde_json::from_str::<Faults>(r#"{"latency": 5}"#).is_err());
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let bad = [
            Faults {
                error_rate: 1.5,
                ..Faults::default()
            },
            Faults {
                rate_limit_qps: Some(0.0),
                ..Faults::default()
            },
            Faults {
                token_ttl_secs: 0,
                ..Faults::default()
            },
            Faults {
                script: vec![ScriptedFault {
                    action: None,
                    fault: ScriptedKind::Error,
                    status: Some(200),
                }],
                ..Faults::default()
            },
        ];
        for f in bad {
            assert!(f.validate().is_err(), "{f:?}");
        }
    }

    #[test]
    fn readings_default_to_direct_members_and_refuse_unknown_values() {
        let r: Readings = serde_json::from_str("{}").unwrap();
        assert_eq!(r.list_users, ListUsersReading::Direct);
        let r: Readings = serde_json::from_str(r#"{"listUsers": "subtree"}"#).unwrap();
        assert_eq!(r.list_users, ListUsersReading::Subtree);
        assert!(serde_json::from_str::<Readings>(r#"{"listUsers": "recursive"}"#).is_err());
        assert!(serde_json::from_str::<Readings>(r#"{"list_users": "subtree"}"#).is_err());
        assert_eq!(
            ListUsersReading::parse(" Subtree"),
            Some(ListUsersReading::Subtree)
        );
        assert_eq!(ListUsersReading::parse("both"), None);
    }

    #[test]
    fn debug_output_hides_the_client_secret() {
        let c = EmulatorConfig::default();
        assert!(!format!("{c:?}").contains("emulator-secret"));
    }
}
