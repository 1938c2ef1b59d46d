//! How new accounts get their first password (`[sync.new_users]`, CreateUser's
//! `passwordInitializationConfig`): a policy of the run, not a synced field.

use serde::{Deserialize, Serialize};

use eiam_api::users::PasswordInitializationConfig;

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

    /// CreateUser's `passwordInitializationConfig` for an account with (or without) an email
    /// and a phone; `None` when no password is to be initialized. It never carries a password:
    /// EIAM generates it and sends it to the account itself.
    pub fn wire_config(
        &self,
        has_email: bool,
        has_phone: bool,
    ) -> Option<PasswordInitializationConfig> {
        match self.password_initialization {
            PasswordInitialization::None => None,
            PasswordInitialization::Random => {
                let channels = self.channels_for(has_email, has_phone);
                let names: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
                Some(PasswordInitializationConfig::random(
                    &names,
                    self.force_password_change,
                ))
            }
        }
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

    #[test]
    fn the_wire_config_follows_the_policy() {
        assert_eq!(NewUserPolicy::default().wire_config(true, true), None);
        let p = NewUserPolicy {
            password_initialization: PasswordInitialization::Random,
            notify: vec![NotifyChannel::Sms, NotifyChannel::Email],
            force_password_change: true,
        };
        let c = p.wire_config(true, false).expect("a random password");
        assert_eq!(c.password_initialization_type.as_deref(), Some("random"));
        assert_eq!(c.password_forced_update_status.as_deref(), Some("enabled"));
        assert_eq!(
            c.password_initialization_policy_priority.as_deref(),
            Some("custom")
        );
        assert_eq!(c.user_notification_channels, Some(vec!["email".to_owned()]));
        let quiet = NewUserPolicy {
            force_password_change: false,
            ..p
        };
        let c = quiet.wire_config(false, true).expect("a random password");
        assert_eq!(c.password_forced_update_status.as_deref(), Some("disabled"));
        assert_eq!(c.user_notification_channels, Some(vec!["sms".to_owned()]));
    }
}
