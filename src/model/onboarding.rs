//! How new accounts get their first password (`[sync.new_users]`, CreateUser's
//! `passwordInitializationConfig`): a policy of the run, not a synced field.

use serde::{Deserialize, Serialize};

/// Whether CreateUser asks EIAM for a first password.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PasswordInitialization {
    /// No password: the account signs in some other way (SSO, an administrator's reset).
    #[default]
    None,
    /// EIAM generates a random password and sends it through the notification channels.
    Random,
}

/// A channel EIAM can send the first password through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotifyChannel {
    Email,
    Sms,
}

impl NotifyChannel {
    /// The API's spelling (`userNotificationChannels` items).
    pub fn as_str(self) -> &'static str {
        match self {
            NotifyChannel::Email => "email",
            NotifyChannel::Sms => "sms",
        }
    }
}

/// The onboarding policy for accounts eiam-sync creates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUserPolicy {
    #[serde(default)]
    pub password_initialization: PasswordInitialization,
    #[serde(default)]
    pub notify: Vec<NotifyChannel>,
    #[serde(default)]
    pub force_password_change: bool,
}

impl NewUserPolicy {
    /// The channels that can reach an account with (or without) an email and a phone: EIAM
    /// cannot send a password to an address the account does not have, so asking would at
    /// best be ignored and at worst refuse the whole CreateUser.
    pub fn channels_for(&self, has_email: bool, has_phone: bool) -> Vec<NotifyChannel> {
        let mut out: Vec<NotifyChannel> = self
            .notify
            .iter()
            .copied()
            .filter(|c| match c {
                NotifyChannel::Email => has_email,
                NotifyChannel::Sms => has_phone,
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_follow_what_the_account_can_receive() {
        let p = NewUserPolicy {
            password_initialization: PasswordInitialization::Random,
            notify: vec![NotifyChannel::Sms, NotifyChannel::Email],
            force_password_change: true,
        };
        assert_eq!(
            p.channels_for(true, true),
            [NotifyChannel::Email, NotifyChannel::Sms]
        );
        assert_eq!(p.channels_for(true, false), [NotifyChannel::Email]);
        assert!(p.channels_for(false, false).is_empty());
    }
}
