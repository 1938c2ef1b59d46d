//! OAuth state: access and refresh tokens bound to an application (and, for user flows, to a
//! user), and device codes waiting for a user's approval.

use std::collections::HashMap;

use rand::RngExt;

use super::store::now_ms;

/// An issued access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    pub app: String,
    /// The user of a user flow (password, device code, refresh of those).
    pub subject: Option<String>,
    /// The scopes asked for, if any (`None`: everything granted to the application).
    pub scopes: Option<Vec<String>>,
    pub expires_at_ms: i64,
}

#[derive(Debug, Clone)]
struct RefreshToken {
    app: String,
    subject: Option<String>,
    scopes: Option<Vec<String>>,
}

/// What the token endpoints answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub access_token: String,
    pub expires_in: i64,
    /// Epoch seconds.
    pub expires_at: i64,
    pub refresh_token: Option<String>,
    pub subject: Option<String>,
    pub scopes: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
struct DeviceCode {
    app: String,
    user_code: String,
    scopes: Option<Vec<String>>,
    expires_at_ms: i64,
    approved: Option<String>,
}

/// A new device authorization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceStart {
    pub device_code: String,
    pub user_code: String,
    pub expires_in: i64,
    pub interval: i64,
}

/// How long a device code can wait for approval.
pub const DEVICE_CODE_TTL_SECS: i64 = 600;

/// Every token the emulator has issued and not revoked.
#[derive(Debug, Default)]
pub struct TokenStore {
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
    devices: HashMap<String, DeviceCode>,
    issued_since_purge: u32,
}

/// `prefix` + 40 random letters and digits.
pub fn random_token(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let mut t = String::with_capacity(prefix.len() + 40);
    t.push_str(prefix);
    for _ in 0..40 {
        t.push(char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]));
    }
    t
}

impl TokenStore {
    /// Issues an access token (and a refresh token for user flows).
    pub fn issue(
        &mut self,
        app: &str,
        subject: Option<String>,
        scopes: Option<Vec<String>>,
        ttl_secs: u64,
        with_refresh: bool,
    ) -> Issued {
        self.purge_now_and_then();
        let ttl = i64::try_from(ttl_secs).unwrap_or(i64::MAX / 1000);
        let expires_at_ms = now_ms().saturating_add(ttl.saturating_mul(1000));
        let access_token = random_token("AT");
        self.access.insert(
            access_token.clone(),
            AccessToken {
                app: app.to_owned(),
                subject: subject.clone(),
                scopes: scopes.clone(),
                expires_at_ms,
            },
        );
        let refresh_token = with_refresh.then(|| {
            let t = random_token("RT");
            self.refresh.insert(
                t.clone(),
                RefreshToken {
                    app: app.to_owned(),
                    subject: subject.clone(),
                    scopes: scopes.clone(),
                },
            );
            t
        });
        Issued {
            access_token,
            expires_in: ttl,
            expires_at: expires_at_ms / 1000,
            refresh_token,
            subject,
            scopes,
        }
    }

    /// A valid (known, unrevoked, unexpired) access token.
    pub fn check(&self, token: &str) -> Option<&AccessToken> {
        let now = now_ms();
        self.access.get(token).filter(|t| now < t.expires_at_ms)
    }

    /// RFC 7009 revocation: a token of `app` is forgotten; unknown tokens and tokens of other
    /// applications are left alone (and the answer is the same, so nothing leaks).
    pub fn revoke(&mut self, token: &str, app: &str) {
        if self.access.get(token).is_some_and(|t| t.app == app) {
            self.access.remove(token);
        }
        if self.refresh.get(token).is_some_and(|t| t.app == app) {
            self.refresh.remove(token);
        }
    }

    /// The refresh grant: a new access token for the same user and scopes.
    pub fn refresh(&mut self, refresh_token: &str, app: &str, ttl_secs: u64) -> Option<Issued> {
        let r = self
            .refresh
            .get(refresh_token)
            .filter(|r| r.app == app)?
            .clone();
        let mut issued = self.issue(app, r.subject, r.scopes, ttl_secs, false);
        issued.refresh_token = Some(refresh_token.to_owned());
        Some(issued)
    }

    /// Starts a device authorization for `app`.
    pub fn start_device(&mut self, app: &str, scopes: Option<Vec<String>>) -> DeviceStart {
        let device_code = random_token("DC");
        let mut rng = rand::rng();
        let letters: String = (0..8)
            .map(|_| char::from(b'A' + rng.random_range(0..26u8)))
            .collect();
        let user_code = format!("{}-{}", &letters[..4], &letters[4..]);
        self.devices.insert(
            device_code.clone(),
            DeviceCode {
                app: app.to_owned(),
                user_code: user_code.clone(),
                scopes,
                expires_at_ms: now_ms() + DEVICE_CODE_TTL_SECS * 1000,
                approved: None,
            },
        );
        DeviceStart {
            device_code,
            user_code,
            expires_in: DEVICE_CODE_TTL_SECS,
            interval: 5,
        }
    }

    /// Marks the device authorization with `user_code` as approved by `user_id`.
    pub fn approve_device(&mut self, user_code: &str, user_id: &str) -> bool {
        let now = now_ms();
        match self
            .devices
            .values_mut()
            .find(|d| d.user_code.eq_ignore_ascii_case(user_code) && now < d.expires_at_ms)
        {
            Some(d) => {
                d.approved = Some(user_id.to_owned());
                true
            }
            None => false,
        }
    }

    /// The device grant: a user token once approved (the code is then used up), else the
    /// RFC 8628 error code.
    pub fn redeem_device(
        &mut self,
        device_code: &str,
        app: &str,
        ttl_secs: u64,
    ) -> Result<Issued, &'static str> {
        let Some(d) = self.devices.get(device_code).filter(|d| d.app == app) else {
            return Err("invalid_grant");
        };
        if now_ms() >= d.expires_at_ms {
            self.devices.remove(device_code);
            return Err("expired_token");
        }
        let Some(user) = d.approved.clone() else {
            return Err("authorization_pending");
        };
        let scopes = d.scopes.clone();
        self.devices.remove(device_code);
        Ok(self.issue(app, Some(user), scopes, ttl_secs, true))
    }

    /// Drops expired tokens once in a while, so a long run does not grow without bound.
    fn purge_now_and_then(&mut self) {
        self.issued_since_purge += 1;
        if self.issued_since_purge < 1024 {
            return;
        }
        self.issued_since_purge = 0;
        let now = now_ms();
        self.access.retain(|_, t| now < t.expires_at_ms);
        self.devices.retain(|_, d| now < d.expires_at_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bound_expire_and_revoke() {
        let mut store = TokenStore::default();
        let t = store.issue("app_a", None, None, 60, false);
        assert!(t.access_token.starts_with("AT") && t.refresh_token.is_none());
        assert_eq!(
            store.check(&t.access_token).map(|a| a.app.as_str()),
            Some("app_a")
        );
        store.revoke(&t.access_token, "app_b");
        assert!(
            store.check(&t.access_token).is_some(),
            "another app cannot revoke it"
        );
        store.revoke(&t.access_token, "app_a");
        assert!(store.check(&t.access_token).is_none());
        let mut short = store.issue("app_a", None, None, 0, false);
        short.access_token.push('x');
        assert!(store.check(&short.access_token).is_none());
    }

    #[test]
    fn the_device_flow_waits_for_approval_then_issues_once() {
        let mut store = TokenStore::default();
        let d = store.start_device("app_a", None);
        assert_eq!(
            store.redeem_device(&d.device_code, "app_a", 60),
            Err("authorization_pending")
        );
        assert!(store.approve_device(&d.user_code.to_lowercase(), "user_1"));
        let issued = store.redeem_device(&d.device_code, "app_a", 60).unwrap();
        assert_eq!(issued.subject.as_deref(), Some("user_1"));
        assert!(issued.refresh_token.is_some());
        assert_eq!(
            store.redeem_device(&d.device_code, "app_a", 60),
            Err("invalid_grant")
        );
    }
}
