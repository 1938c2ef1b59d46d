//! `eiam-sync doctor` (docs/contract.md §11, docs/adoption.md): a first contact with an
//! instance, reading only. It checks what a run needs in the order a run needs it — the
//! configuration and both databases, a token, the provisioning scope and the sync root in it,
//! read access to OUs, users and groups — then tells which reading of `ListUsers` by OU the
//! instance follows and counts, under the sync root, what a run would find per kind: managed,
//! adoptable under `[sync.adopt]`, ambiguous, conflicting and of other sources. Nothing is
//! written to EIAM or to the state store.

mod access;
mod advice;
mod diagnosis;
mod objects;
mod reading;
mod render;

use std::path::Path;

use crate::config::{self, Settings};
use crate::eiam::Client;
use crate::errors::chain;
use crate::{source, state};

pub use diagnosis::{Check, Diagnosis, KindCounts, Objects};
pub use reading::ListUsersReading;

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
    let client = match Client::new(settings.eiam.client_config(secret)) {
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
