//! The sync root of a run: the configured one, else the OU the application's provisioning
//! scope names. A full run asks the scope (one call) and remembers the answer in the state
//! store; an incremental run uses what was remembered, so a run with nothing to do makes no
//! call. A scope changed in the console reaches incremental runs through the next full run.

use crate::eiam::Client;
use crate::model::SyncMode;
use crate::observe::resolve_root;
use crate::state::StateStore;

use super::super::ReconcileError;

/// Where the sync root is remembered: per instance and application, so a store pointed at
/// another instance never uses a root of the first.
pub fn root_key(instance_id: &str, application_id: &str) -> String {
    format!("sync_root {instance_id} {application_id}")
}

/// The root this run works under.
pub async fn sync_root(
    client: &Client,
    store: &StateStore,
    configured: Option<&str>,
    key: &str,
    mode: SyncMode,
) -> Result<String, ReconcileError> {
    if let Some(root) = configured {
        return Ok(root.to_owned());
    }
    if mode == SyncMode::Incremental
        && let Some(root) = store.recall(key).await?
    {
        return Ok(root);
    }
    let root = resolve_root(client, None).await?;
    if store.recall(key).await?.as_deref() != Some(root.as_str()) {
        store.remember(key, &root).await?;
    }
    Ok(root)
}
