//! Resolving the client secret, the fingerprint key and the database passwords from the file,
//! the environment, a secret file or systemd's credentials directory, as `SecretString`.

use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha1::Sha1;

use super::overrides::var_name;
use super::{ConfigError, Settings, SourceSettings, StateSettings};

/// The variable systemd sets to the directory of a unit's `LoadCredential=` files.
pub const CREDENTIALS_DIRECTORY: &str = "CREDENTIALS_DIRECTORY";

/// Domain separation for the derived fingerprint key, so the stored fingerprints reveal nothing
/// about the client secret itself.
const FINGERPRINT_KEY_LABEL: &[u8] = b"eiam-sync fingerprint key v1";

impl Settings {
    /// The OAuth client secret, from `[eiam] client_secret` (file or
    /// `EIAM_SYNC__EIAM__CLIENT_SECRET`) or from the file named by `client_secret_file`
    /// (a trailing newline is dropped). Exactly one of the two must be set.
    pub fn client_secret(&self) -> Result<SecretString, ConfigError> {
        resolve(
            "eiam.client_secret",
            "eiam.client_secret_file",
            self.eiam.client_secret.as_ref(),
            self.eiam.client_secret_file.as_deref(),
        )?
        .ok_or_else(|| {
            ConfigError::Secret(format!(
                "no client secret: set `eiam.client_secret`, {} or `eiam.client_secret_file`",
                var_name("eiam.client_secret")
            ))
        })
    }

    /// The key of the state store's HMAC fingerprints: `[state] fingerprint_key` or the file
    /// named by `fingerprint_key_file`. When neither is set it is derived from the client
    /// secret (HMAC-SHA1 of a fixed label keyed with the secret), so rotating the client secret
    /// then also changes every fingerprint — set a key of its own to avoid that.
    pub fn fingerprint_key(&self) -> Result<SecretString, ConfigError> {
        let own = resolve(
            "state.fingerprint_key",
            "state.fingerprint_key_file",
            self.state.fingerprint_key.as_ref(),
            self.state.fingerprint_key_file.as_deref(),
        )?;
        match own {
            Some(key) => Ok(key),
            None => derive_key(&self.client_secret()?),
        }
    }
}

impl Settings {
    /// Take each secret the configuration leaves unset from systemd's credentials directory
    /// (`$CREDENTIALS_DIRECTORY`), when a credential of its name is there: `client_secret`,
    /// `fingerprint_key`, `source_password`, `state_password`. A secret the file or the
    /// environment sets always wins.
    pub(super) fn fill_from_credentials(&mut self, dir: Option<&Path>) {
        let Some(dir) = dir else { return };
        let found = |name: &str| -> Option<PathBuf> {
            let path = dir.join(name);
            path.is_file().then_some(path)
        };
        if self.eiam.client_secret.is_none() && self.eiam.client_secret_file.is_none() {
            self.eiam.client_secret_file = found("client_secret");
        }
        if self.state.fingerprint_key.is_none() && self.state.fingerprint_key_file.is_none() {
            self.state.fingerprint_key_file = found("fingerprint_key");
        }
        // Passwords only for PostgreSQL: a SQLite store has none to give.
        let postgres = |url: &str| url.starts_with("postgres:") || url.starts_with("postgresql:");
        if self.source.password_file.is_none() && postgres(&self.source.url) {
            self.source.password_file = found("source_password");
        }
        if self.state.password_file.is_none() && postgres(&self.state.url) {
            self.state.password_file = found("state_password");
        }
    }
}

impl SourceSettings {
    /// The snapshot database's password from `password_file`, when one is named.
    pub fn password(&self) -> Result<Option<SecretString>, ConfigError> {
        self.password_file
            .as_deref()
            .map(|path| read_secret_file("source.password_file", path))
            .transpose()
    }
}

impl StateSettings {
    /// The state database's password from `password_file`, when one is named.
    pub fn password(&self) -> Result<Option<SecretString>, ConfigError> {
        self.password_file
            .as_deref()
            .map(|path| read_secret_file("state.password_file", path))
            .transpose()
    }
}

fn resolve(
    key: &'static str,
    file_key: &'static str,
    inline: Option<&SecretString>,
    file: Option<&Path>,
) -> Result<Option<SecretString>, ConfigError> {
    match (inline, file) {
        (Some(_), Some(_)) => Err(ConfigError::Secret(format!(
            "`{key}` and `{file_key}` are both set; set exactly one"
        ))),
        (Some(secret), None) => {
            if secret.expose_secret().is_empty() {
                return Err(ConfigError::Secret(format!("`{key}` is empty")));
            }
            Ok(Some(secret.clone()))
        }
        (None, Some(path)) => read_secret_file(file_key, path).map(Some),
        (None, None) => Ok(None),
    }
}

/// Read a secret file: trailing line breaks are dropped (files written by `echo` end with one);
/// an empty file is an error rather than an empty credential.
pub(super) fn read_secret_file(
    key: &'static str,
    path: &Path,
) -> Result<SecretString, ConfigError> {
    let mut text = std::fs::read_to_string(path).map_err(|source| ConfigError::SecretFile {
        key,
        path: path.to_path_buf(),
        source,
    })?;
    let kept = text.trim_end_matches(['\n', '\r']).len();
    text.truncate(kept);
    if text.is_empty() {
        return Err(ConfigError::Secret(format!(
            "`{key}` names an empty file ({})",
            path.display()
        )));
    }
    Ok(SecretString::from(text))
}

fn derive_key(client_secret: &SecretString) -> Result<SecretString, ConfigError> {
    let mut mac = Hmac::<Sha1>::new_from_slice(client_secret.expose_secret().as_bytes())
        .map_err(|_| ConfigError::Secret("cannot derive the fingerprint key".to_owned()))?;
    mac.update(FINGERPRINT_KEY_LABEL);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(SecretString::from(hex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_files_lose_trailing_newlines_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        std::fs::write(&path, " s3cr3t \r\n\n").unwrap();
        let secret = read_secret_file("eiam.client_secret_file", &path).unwrap();
        assert_eq!(secret.expose_secret(), " s3cr3t ");
        std::fs::write(&path, "\n").unwrap();
        let err = read_secret_file("eiam.client_secret_file", &path).unwrap_err();
        assert!(err.to_string().contains("empty file"), "{err}");
        let missing = dir.path().join("missing");
        let err = read_secret_file("eiam.client_secret_file", &missing).unwrap_err();
        assert!(err.to_string().contains("eiam.client_secret_file"), "{err}");
    }

    #[test]
    fn unset_secrets_come_from_the_credentials_directory_set_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["client_secret", "fingerprint_key", "state_password"] {
            std::fs::write(dir.path().join(name), format!("{name}-value\n")).unwrap();
        }
        let text = "[eiam]\nendpoint = \"http://127.0.0.1:1\"\ninstance_id = \"i\"\n\
                    application_id = \"a\"\nclient_id = \"c\"\nclient_secret = \"inline\"\n\
                    [source]\nurl = \"sqlite://s.db\"\n[state]\nurl = \"postgres://u@h/d\"\n";
        let mut settings: Settings = toml::from_str(text).unwrap();
        settings.fill_from_credentials(Some(dir.path()));
        assert_eq!(settings.client_secret().unwrap().expose_secret(), "inline");
        assert_eq!(
            settings.fingerprint_key().unwrap().expose_secret(),
            "fingerprint_key-value"
        );
        let password = settings.state.password().unwrap().unwrap();
        assert_eq!(password.expose_secret(), "state_password-value");
        // The source is SQLite: a source_password credential is not for it.
        std::fs::write(dir.path().join("source_password"), "x").unwrap();
        settings.fill_from_credentials(Some(dir.path()));
        assert!(settings.source.password().unwrap().is_none());
        let mut untouched: Settings = toml::from_str(text).unwrap();
        untouched.fill_from_credentials(None);
        assert!(untouched.state.password_file.is_none());
    }

    #[test]
    fn derived_key_is_stable_and_not_the_secret() {
        let a = derive_key(&SecretString::from("one")).unwrap();
        let b = derive_key(&SecretString::from("one")).unwrap();
        let c = derive_key(&SecretString::from("two")).unwrap();
        assert_eq!(a.expose_secret(), b.expose_secret());
        assert_ne!(a.expose_secret(), c.expose_secret());
        assert_eq!(a.expose_secret().len(), 40);
        assert_ne!(a.expose_secret(), "one");
    }
}
