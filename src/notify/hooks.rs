//! The configured webhooks, resolved: URL and signing secret read (from their files when so
//! configured) and held as secrets, the events each one is told about.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::config::{NotifyEvent, NotifySettings, WebhookFormat, webhook_url};

use super::error::NotifyError;

/// One receiver.
pub struct Webhook {
    /// How logs name it: its position and host, never its path or query (they hold tokens).
    pub label: String,
    pub format: WebhookFormat,
    url: SecretString,
    secret: Option<SecretString>,
    events: Vec<NotifyEvent>,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("label", &self.label)
            .field("format", &self.format)
            .field("secret", &self.secret.as_ref().map(|_| "[redacted]"))
            .field("events", &self.events)
            .finish()
    }
}

impl Webhook {
    /// A webhook for tests and embedding: `url` with `format`, every event.
    pub fn new(url: &str, format: WebhookFormat, secret: Option<&str>) -> Webhook {
        Webhook {
            label: label(0, url),
            format,
            url: SecretString::from(url.to_owned()),
            secret: secret.map(|s| SecretString::from(s.to_owned())),
            events: NotifyEvent::ALL.to_vec(),
        }
    }

    pub fn wants(&self, event: NotifyEvent) -> bool {
        self.events.contains(&event)
    }

    pub(super) fn url(&self) -> &str {
        self.url.expose_secret()
    }

    pub(super) fn secret(&self) -> Option<&str> {
        self.secret.as_ref().map(|s| s.expose_secret())
    }
}

/// Resolve every `[[notify.webhooks]]` entry (the configuration was validated; a file that
/// vanished since is an error here).
pub fn webhooks(settings: &NotifySettings) -> Result<Vec<Webhook>, NotifyError> {
    let mut out = Vec::with_capacity(settings.webhooks.len());
    for (i, hook) in settings.webhooks.iter().enumerate() {
        let url = hook.url(i)?;
        let secret = hook.secret()?;
        out.push(Webhook {
            label: label(i, url.expose_secret()),
            format: hook.format,
            url,
            secret,
            events: NotifyEvent::ALL
                .into_iter()
                .filter(|e| hook.subscribed(*e))
                .collect(),
        });
    }
    Ok(out)
}

fn label(index: usize, url: &str) -> String {
    format!("webhook {} ({})", index + 1, webhook_url(url))
}
