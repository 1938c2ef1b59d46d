//! What can go wrong with a notification.

use crate::config::ConfigError;

/// Errors of notifications. None of them reaches a run: they are logged and counted.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot build the http client of the notifications")]
    Client(#[source] reqwest::Error),
    #[error("encoding the notification failed")]
    Encode(#[source] serde_json::Error),
    #[error("signing the notification failed: {0}")]
    Sign(&'static str),
    #[error("the webhook URL is not a valid URL")]
    Url,
    #[error("sending the notification failed")]
    Transport(#[source] reqwest::Error),
    #[error("the receiver answered HTTP {status}")]
    Status { status: u16 },
    #[error("the robot refused the message: errcode {code}: {message}")]
    Robot { code: i64, message: String },
    #[error("not delivered within {secs} s")]
    TimedOut { secs: u64 },
}
