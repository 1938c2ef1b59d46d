//! The `EIAM_SYNC__*` environment overrides: their names, the dotted keys they set, and where
//! a key's value came from.

use std::collections::BTreeMap;
use std::path::Path;

/// Prefix of environment overrides: `EIAM_SYNC__SECTION__KEY` sets `[section] key`.
pub const ENV_PREFIX: &str = "EIAM_SYNC__";

/// Whether `name` is an override variable (the prefix in any case, and something after it).
pub(super) fn is_override(name: &str) -> bool {
    name.len() > ENV_PREFIX.len()
        && name.is_char_boundary(ENV_PREFIX.len())
        && name[..ENV_PREFIX.len()].eq_ignore_ascii_case(ENV_PREFIX)
}

/// The environment overrides, with the dotted key each one sets.
pub(super) struct Overrides {
    /// (variable name, value), only `EIAM_SYNC__*`.
    vars: Vec<(String, String)>,
    /// dotted key → variable name.
    keys: BTreeMap<String, String>,
}

impl Overrides {
    pub(super) fn new<I: IntoIterator<Item = (String, String)>>(env: I) -> Self {
        let vars: Vec<(String, String)> = env.into_iter().filter(|(k, _)| is_override(k)).collect();
        let keys = vars
            .iter()
            .map(|(name, _)| (env_key(name), name.clone()))
            .collect();
        Overrides { vars, keys }
    }

    /// The variables, name and value.
    pub(super) fn vars(&self) -> &[(String, String)] {
        &self.vars
    }

    /// The variable that set `key` or something below it.
    pub(super) fn source_of(&self, key: &str) -> Option<&str> {
        if let Some(name) = self.keys.get(key) {
            return Some(name);
        }
        let prefix = format!("{key}.");
        self.keys
            .iter()
            .find(|(k, _)| k.starts_with(&prefix))
            .map(|(_, name)| name.as_str())
    }

    pub(super) fn sets(&self, key: &str) -> bool {
        self.keys.contains_key(key)
    }
}

/// `EIAM_SYNC__SYNC__MAX_DELETES` → `sync.max_deletes`, as the `config` crate maps it.
fn env_key(name: &str) -> String {
    name[ENV_PREFIX.len()..].to_lowercase().replace("__", ".")
}

/// Where the value of `key` came from: the variable that set it, else the file.
pub(super) fn origin(key: &str, path: &Path, overrides: &Overrides) -> String {
    match overrides.source_of(key) {
        Some(var) => format!("from environment variable {var}"),
        None => format!("in {}", path.display()),
    }
}

/// The canonical override variable of a dotted key.
pub(super) fn var_name(key: &str) -> String {
    format!("{ENV_PREFIX}{}", key.replace('.', "__").to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_map_to_dotted_keys() {
        assert_eq!(env_key("EIAM_SYNC__SYNC__MAX_DELETES"), "sync.max_deletes");
        assert_eq!(
            var_name("eiam.client_secret"),
            "EIAM_SYNC__EIAM__CLIENT_SECRET"
        );
        assert!(is_override("eiam_sync__eiam__endpoint"));
        assert!(!is_override("EIAM_SYNC_CONFIG"));
        assert!(!is_override("EIAM_SYNC__"));
    }
}
