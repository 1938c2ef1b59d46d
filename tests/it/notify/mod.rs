//! Webhook notifications end to end: a local receiver gets each event in each format from the
//! one-shot commands and the daemon; signatures check out; a receiver that is down or slow
//! changes neither the exit code nor (beyond the bounded flush) the time of a run; secrets
//! stay out of logs and messages; the `[[notify.webhooks]]` configuration is checked.

mod config;
mod delivery;
mod events;
mod receiver;

use std::path::Path;
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::support::harness::Env;

/// What a one-shot command did.
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

impl Ran {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}\nstderr: {}", self.stdout, self.stderr))
    }
}

/// `eiam-sync ARGS --config <the env's config>`, timed.
pub async fn eiam_sync(env: &Env, args: &[&str]) -> Ran {
    eiam_sync_with(env, args, &[]).await
}

/// [`eiam_sync`] with environment variables.
pub async fn eiam_sync_with(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> Ran {
    let started = Instant::now();
    let out = env.eiam_sync(args, vars).await;
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took: started.elapsed(),
    }
}

/// Append `[[notify.webhooks]]` entries to a configuration file.
pub fn add_webhooks(config: &Path, entries: &str) {
    let mut text = std::fs::read_to_string(config).unwrap();
    text.push('\n');
    text.push_str(entries);
    std::fs::write(config, text).unwrap();
}

/// A secret in a file of its own, as the configuration wants it.
pub fn secret_file(dir: &Path, name: &str, secret: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("{secret}\n")).unwrap();
    path.display().to_string()
}

/// HMAC-SHA256, computed here independently of eiam-sync.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
