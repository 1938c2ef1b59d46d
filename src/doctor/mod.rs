//! `eiam-sync doctor` (docs/contract.md §11, docs/adoption.md): a first contact with an
//! instance, reading only. It checks what a run needs in the order a run needs it — the
//! configuration and both databases, a token, the provisioning scope and the sync root in it,
//! read access to OUs, users and groups — then tells which reading of `ListUsers` by OU the
//! instance follows and counts, under the sync root, what a run would find per kind: managed,
//! adoptable under `[sync.adopt]`, ambiguous, conflicting and of other sources. Nothing is
//! written to EIAM or to the state store.

mod access;
mod advice;
mod objects;
mod reading;
mod render;

use std::path::Path;

use serde::Serialize;

use crate::config::{self, Settings};
use crate::eiam::{Client, ClientConfig};
use crate::errors::chain;
use crate::{exit, source, state};

pub use objects::{KindCounts, Objects};
pub use reading::ListUsersReading;

/// One thing looked at: whether it is as a sync needs it, and what to change when not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
}

impl Check {
    fn ok(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            ok: true,
            detail: detail.into(),
        }
    }

    fn failed(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            ok: false,
            detail: detail.into(),
        }
    }
}

/// What `doctor` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// In the order they ran; a check that needs an earlier one that failed is not listed.
    pub checks: Vec<Check>,
    pub list_users_reading: ListUsersReading,
    /// Counted under the sync root; `None` when the checks before did not get that far.
    pub objects: Option<Objects>,
}

impl Diagnosis {
    /// Whether a sync can run: every check passed.
    pub fn can_sync(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// 0 when a sync can run, 1 when it cannot.
    pub fn exit_code(&self) -> i32 {
        if self.can_sync() {
            exit::OK
        } else {
            exit::FATAL
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            format!("{{\"error\": \"the diagnosis could not be written as JSON: {e}\"}}")
        })
    }

    pub fn to_text(&self) -> String {
        render::text(self)
    }

    fn push(&mut self, check: Check) -> bool {
        let ok = check.ok;
        self.checks.push(check);
        ok
    }
}

/// Look at the configuration at `path` and the instance it names.
pub async fn examine(path: &Path) -> Diagnosis {
    let mut d = Diagnosis {
        checks: Vec::new(),
        list_users_reading: ListUsersReading::Unknown,
        objects: None,
    };
    let Some(settings) = configuration(&mut d, path) else {
        return d;
    };
    let databases_ok = databases(&mut d, &settings).await;
    let secret = match settings.client_secret() {
        Ok(secret) => secret,
        Err(e) => {
            d.push(Check::failed("token", e.to_string()));
            return d;
        }
    };
    let client = match Client::new(ClientConfig::from_settings(&settings.eiam, secret)) {
        Ok(client) => client,
        Err(e) => {
            d.push(Check::failed(
                "token",
                format!("{}: check [eiam]", chain(&e)),
            ));
            return d;
        }
    };
    let Some(root) = access::check(&mut d, &client, &settings).await else {
        return d;
    };
    if !databases_ok {
        return d;
    }
    let Some(observation) = objects::count(&mut d, &client, &settings, &root).await else {
        return d;
    };
    d.list_users_reading = reading::tell(&client, &observation).await;
    d
}

/// `config check`'s validation: the settings when they can be used at all.
fn configuration(d: &mut Diagnosis, path: &Path) -> Option<Settings> {
    let settings = match config::load_unvalidated(path) {
        Ok(settings) => settings,
        Err(e) => {
            d.push(Check::failed("configuration", e.problems().join("; ")));
            return None;
        }
    };
    match settings.validate() {
        Ok(()) => {
            d.push(Check::ok(
                "configuration",
                format!("{} is valid", path.display()),
            ));
            Some(settings)
        }
        Err(problems) => {
            d.push(Check::failed("configuration", problems.join("; ")));
            None
        }
    }
}

/// Both databases reachable, as `config check` probes them.
async fn databases(d: &mut Diagnosis, settings: &Settings) -> bool {
    let source = match source::probe(&settings.source).await {
        Ok(report) => Check::ok("source_database", report.to_string()),
        Err(e) => Check::failed(
            "source_database",
            format!("{}: check [source] url", chain(&e)),
        ),
    };
    let state = match state::probe(&settings.state).await {
        Ok(probe) => Check::ok("state_database", probe.to_string()),
        Err(e) => Check::failed(
            "state_database",
            format!("{}: check [state] url", chain(&e)),
        ),
    };
    let a = d.push(source);
    let b = d.push(state);
    a && b
}
