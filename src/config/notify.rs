//! `[[notify.webhooks]]` (docs/notifications.md): where notifications go, in which format, for
//! which events; the URL and the signing secret resolved as `SecretString`.

use std::fmt;
use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize, Serializer};

use super::ConfigError;
use super::redact::REDACTED;
use super::secrets::read_secret_file;

/// The keys a webhook entry accepts (checked against the struct by a test).
pub const WEBHOOK_KEYS: &[&str] = &["events", "format", "secret_file", "url", "url_file"];

/// `[notify]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NotifySettings {
    #[serde(default)]
    pub webhooks: Vec<WebhookSettings>,
}

/// What a webhook is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotifyEvent {
    /// A safety guard refused a run.
    Refused,
    /// A run ended fatally (exit 1), or some of its operations failed (exit 3).
    Failed,
    /// Operations left in doubt by a crash were found at the start of a run.
    InDoubt,
    /// This replica took or lost the leader lease.
    Leader,
}

impl NotifyEvent {
    pub const ALL: [NotifyEvent; 4] = [
        NotifyEvent::Refused,
        NotifyEvent::Failed,
        NotifyEvent::InDoubt,
        NotifyEvent::Leader,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotifyEvent::Refused => "refused",
            NotifyEvent::Failed => "failed",
            NotifyEvent::InDoubt => "in_doubt",
            NotifyEvent::Leader => "leader",
        }
    }
}

impl fmt::Display for NotifyEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The message shape a receiver expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WebhookFormat {
    /// One JSON object, signed with `secret_file` when set.
    #[default]
    Json,
    /// A DingTalk custom robot (`markdown` message; signed URL with `secret_file`).
    Dingtalk,
    /// A WeCom group robot (`markdown` message).
    Wecom,
    /// A Slack incoming webhook (`text` and `blocks`).
    Slack,
}

impl WebhookFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookFormat::Json => "json",
            WebhookFormat::Dingtalk => "dingtalk",
            WebhookFormat::Wecom => "wecom",
            WebhookFormat::Slack => "slack",
        }
    }

    /// Whether the receiver can check a signature made with `secret_file`.
    pub fn signs(self) -> bool {
        matches!(self, WebhookFormat::Json | WebhookFormat::Dingtalk)
    }
}

/// One `[[notify.webhooks]]` entry. The URL usually carries the receiver's token (a query
/// parameter or a path segment), so it is shown only as its scheme and host.
#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSettings {
    #[serde(default, serialize_with = "serialize_webhook_url")]
    pub url: Option<SecretString>,
    #[serde(default)]
    pub url_file: Option<PathBuf>,
    #[serde(default)]
    pub format: WebhookFormat,
    #[serde(default)]
    pub secret_file: Option<PathBuf>,
    /// `None`: every event.
    #[serde(default)]
    pub events: Option<Vec<NotifyEvent>>,
}

impl fmt::Debug for WebhookSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSettings")
            .field(
                "url",
                &self.url.as_ref().map(|u| webhook_url(u.expose_secret())),
            )
            .field("url_file", &self.url_file)
            .field("format", &self.format)
            .field("secret_file", &self.secret_file)
            .field("events", &self.events)
            .finish()
    }
}

impl WebhookSettings {
    /// The URL, from `url` or the file named by `url_file` (exactly one is set).
    pub fn url(&self, index: usize) -> Result<SecretString, ConfigError> {
        match (&self.url, &self.url_file) {
            (Some(url), None) => Ok(url.clone()),
            (None, Some(path)) => read_secret_file("notify.webhooks.url_file", path),
            (Some(_), Some(_)) => Err(ConfigError::Secret(format!(
                "`notify.webhooks[{index}]`: `url` and `url_file` are both set; set exactly one"
            ))),
            (None, None) => Err(ConfigError::Secret(format!(
                "`notify.webhooks[{index}]`: no URL: set `url` or `url_file`"
            ))),
        }
    }

    /// The signing secret, from the file named by `secret_file`.
    pub fn secret(&self) -> Result<Option<SecretString>, ConfigError> {
        self.secret_file
            .as_deref()
            .map(|path| read_secret_file("notify.webhooks.secret_file", path))
            .transpose()
    }

    /// The events this webhook is told about.
    pub fn subscribed(&self, event: NotifyEvent) -> bool {
        self.events.as_ref().is_none_or(|e| e.contains(&event))
    }
}

impl NotifySettings {
    /// Every problem of the webhook entries, each naming its key (files are read).
    pub(super) fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, hook) in self.webhooks.iter().enumerate() {
            let key = format!("notify.webhooks[{i}]");
            let mut add = |what: &str, problem: String| {
                problems.push(format!("`{key}.{what}` {problem}"));
            };
            match hook.url(i) {
                Ok(url) => {
                    let what = if hook.url.is_some() {
                        "url"
                    } else {
                        "url_file"
                    };
                    if let Some(problem) = url_problem(url.expose_secret()) {
                        add(what, problem);
                    }
                }
                Err(e) => problems.extend(e.problems()),
            }
            if hook.secret_file.is_some() && !hook.format.signs() {
                problems.push(format!(
                    "`{key}.secret_file` is set, but `format = \"{}\"` messages are not \
                     signed (the URL's own key is the receiver's credential); remove it",
                    hook.format.as_str()
                ));
            } else if let Err(e) = hook.secret() {
                problems.extend(e.problems());
            }
            if let Some(events) = &hook.events {
                let mut unique = events.clone();
                unique.sort_unstable();
                unique.dedup();
                if events.is_empty() {
                    problems.push(format!(
                        "`{key}.events` is empty; leave it out for every event"
                    ));
                } else if unique.len() != events.len() {
                    problems.push(format!("`{key}.events` names an event twice"));
                }
            }
        }
        problems
    }
}

/// What is wrong with a webhook URL, never quoting it: https, or http to a loopback address
/// only (as for the EIAM endpoint).
fn url_problem(text: &str) -> Option<String> {
    let url = match url::Url::parse(text) {
        Ok(url) => url,
        Err(e) => return Some(format!("is not a valid URL: {e}")),
    };
    match url.scheme() {
        "https" => None,
        "http" if super::validate::is_loopback(&url) => None,
        "http" => Some(
            "uses http:// for a host that is not a loopback address (127.0.0.0/8, ::1, \
             localhost); use https://"
                .to_owned(),
        ),
        other => Some(format!("has scheme `{other}`; use https://")),
    }
}

/// A webhook URL as it may be shown: scheme and host (and port), the rest redacted.
pub fn webhook_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("");
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            let rest = if u.path() == "/" && u.query().is_none() {
                ""
            } else {
                "/[redacted]"
            };
            format!("{}://{host}{port}{rest}", u.scheme())
        }
        Err(_) => REDACTED.to_owned(),
    }
}

fn serialize_webhook_url<S: Serializer>(
    value: &Option<SecretString>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(url) => serializer.serialize_some(&webhook_url(url.expose_secret())),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_show_only_scheme_and_host() {
        assert_eq!(
            webhook_url("https://oapi.dingtalk.com/robot/send?access_token=abc"),
            "https://oapi.dingtalk.com/[redacted]"
        );
        assert_eq!(
            webhook_url("https://hooks.slack.com/services/T0/B0/XYZ"),
            "https://hooks.slack.com/[redacted]"
        );
        assert_eq!(
            webhook_url("http://127.0.0.1:8099/"),
            "http://127.0.0.1:8099"
        );
        assert_eq!(webhook_url("not a url token"), REDACTED);
    }

    #[test]
    fn the_key_list_matches_the_struct() {
        let skeleton = WebhookSettings {
            url: None,
            url_file: None,
            format: WebhookFormat::Json,
            secret_file: None,
            events: None,
        };
        let serde_json::Value::Object(fields) = serde_json::to_value(&skeleton).unwrap() else {
            panic!("an object");
        };
        let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        assert_eq!(keys, WEBHOOK_KEYS);
    }
}
