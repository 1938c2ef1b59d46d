//! The `[eiam]` settings mapped onto the client's own configuration: the client knows nothing
//! of eiam-sync's settings.

use std::time::Duration;

use secrecy::SecretString;

use super::EiamSettings;
use crate::eiam::ClientConfig;

impl EiamSettings {
    /// The client's configuration; the secret is resolved by the caller (inline or from a file).
    pub fn client_config(&self, secret: SecretString) -> ClientConfig {
        ClientConfig {
            rate_limit_qps: self.rate_limit_qps,
            max_concurrency: self.max_concurrency,
            connect_timeout: Duration::from_secs(self.connect_timeout_secs),
            request_timeout: Duration::from_secs(self.request_timeout_secs),
            max_retries: self.max_retries,
            ca_file: self.ca_file.clone(),
            ..ClientConfig::new(
                self.endpoint.clone(),
                self.instance_id.clone(),
                self.application_id.clone(),
                self.client_id.clone(),
                secret,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use secrecy::SecretString;

    use crate::config::EiamSettings;

    #[test]
    fn from_settings_maps_every_key() {
        let s: EiamSettings = serde_json::from_value(serde_json::json!({
            "endpoint": "http://127.0.0.1:1", "instance_id": "i", "application_id": "a",
            "client_id": "c", "rate_limit_qps": 33, "max_concurrency": 4,
            "connect_timeout_secs": 2, "request_timeout_secs": 9, "max_retries": 1
        }))
        .unwrap();
        let c = s.client_config(SecretString::from("x".to_owned()));
        assert_eq!(
            (c.rate_limit_qps, c.max_concurrency, c.max_retries),
            (33, 4, 1)
        );
        assert_eq!(c.connect_timeout, Duration::from_secs(2));
        assert_eq!(c.request_timeout, Duration::from_secs(9));
        assert_eq!((c.instance_id.as_str(), c.client_id.as_str()), ("i", "c"));
    }
}
