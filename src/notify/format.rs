//! The request each format makes of an event: the signed `json` object, and the DingTalk,
//! WeCom and Slack robots' own message shapes (DingTalk's signed URL with a secret).

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::SecretString;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::config::WebhookFormat;

use super::error::NotifyError;
use super::event::Event;
use super::hooks::Webhook;
use super::robots;

/// The header of the `json` format's signature.
pub const SIGNATURE_HEADER: &str = "X-Eiam-Sync-Signature";

/// One HTTP POST, ready to send (and to send again).
pub struct Outgoing {
    /// The URL with its token (and DingTalk's signature): never logged.
    pub url: SecretString,
    pub body: Vec<u8>,
    /// `X-Eiam-Sync-Signature` of the `json` format with a secret.
    pub signature: Option<String>,
}

/// The request for `event` to `hook`; `now_ms` dates DingTalk's signature.
pub fn render(hook: &Webhook, event: &Event, now_ms: i64) -> Result<Outgoing, NotifyError> {
    let mut url = hook.url().to_owned();
    let mut signature = None;
    let body: Value = match hook.format {
        WebhookFormat::Json => {
            let body = serde_json::to_vec(event).map_err(NotifyError::Encode)?;
            signature = hook.secret().map(|s| sign_body(&body, s)).transpose()?;
            return Ok(Outgoing {
                url: SecretString::from(url),
                body,
                signature,
            });
        }
        WebhookFormat::Dingtalk => {
            if let Some(secret) = hook.secret() {
                url = dingtalk_signed_url(&url, secret, now_ms)?;
            }
            json!({
                "msgtype": "markdown",
                "markdown": {
                    "title": robots::title(event),
                    "text": robots::markdown(event, robots::DINGTALK_LIMIT),
                },
            })
        }
        WebhookFormat::Wecom => json!({
            "msgtype": "markdown",
            "markdown": { "content": robots::markdown(event, robots::WECOM_LIMIT) },
        }),
        WebhookFormat::Slack => robots::slack(event),
    };
    Ok(Outgoing {
        url: SecretString::from(url),
        body: serde_json::to_vec(&body).map_err(NotifyError::Encode)?,
        signature,
    })
}

/// `sha256=<hex HMAC-SHA256 of body keyed with secret>`.
pub fn sign_body(body: &[u8], secret: &str) -> Result<String, NotifyError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|_| NotifyError::Sign("the secret cannot key HMAC-SHA256"))?;
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(format!("sha256={hex}"))
}

/// DingTalk's signature of a custom robot with a secret:
/// `base64(HMAC-SHA256("{timestamp}\n{secret}", key = secret))`, the timestamp in ms.
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> Result<String, NotifyError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|_| NotifyError::Sign("the secret cannot key HMAC-SHA256"))?;
    mac.update(format!("{timestamp_ms}\n{secret}").as_bytes());
    Ok(base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

/// The robot's URL with `timestamp` and `sign` (URL-encoded) appended.
fn dingtalk_signed_url(url: &str, secret: &str, now_ms: i64) -> Result<String, NotifyError> {
    let mut parsed = url::Url::parse(url).map_err(|_| NotifyError::Url)?;
    parsed
        .query_pairs_mut()
        .append_pair("timestamp", &now_ms.to_string())
        .append_pair("sign", &dingtalk_sign(secret, now_ms)?);
    Ok(parsed.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_signature_matches_rfc_4231_case_2() {
        assert_eq!(
            sign_body(b"what do ya want for nothing?", "Jefe").unwrap(),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn dingtalk_signature_appends_timestamp_and_encoded_sign() {
        let url = dingtalk_signed_url(
            "https://oapi.dingtalk.com/robot/send?access_token=t",
            "SECabc",
            1_700_000_000_000,
        )
        .unwrap();
        let sign = dingtalk_sign("SECabc", 1_700_000_000_000).unwrap();
        let parsed = url::Url::parse(&url).unwrap();
        let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            [
                ("access_token".to_owned(), "t".to_owned()),
                ("timestamp".to_owned(), "1700000000000".to_owned()),
                ("sign".to_owned(), sign.clone()),
            ]
        );
        assert!(!url.contains(&sign) || !sign.contains(['+', '/', '=']));
    }
}
