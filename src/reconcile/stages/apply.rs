//! The apply stage: journal the plan, then send it, stopping new operations when shutdown
//! begins or the leader lease is lost; every operation's start and end goes to the journal and
//! ownership the moment it happens.

use std::time::Duration;

use tokio::sync::watch;
use tracing::warn;

use crate::apply::{self as engine, ApplyLog, ApplyOptions, Outcome, Status};
use crate::eiam::Client;
use crate::model::{NewUserPolicy, Origin};
use crate::plan::{Action, Op, OpId, Payload, Plan};
use crate::state::{
    JournalEntry, JournalStatus, JournalWriter, Lease, OwnershipChange, RunId, StateStore,
};

use super::super::ReconcileError;

/// How often shutdown and the lease are checked while applying.
const WATCH_EVERY: Duration = Duration::from_millis(200);

/// What to apply, and under what.
pub struct ApplyInput<'a> {
    pub plan: &'a Plan,
    pub run: RunId,
    /// The leader lease, when this run holds one; applying stops when it is lost.
    pub lease: Option<&'a Lease>,
    pub concurrency: usize,
    /// A progress bar on a terminal.
    pub progress: bool,
    /// When it turns `true`, no further operation starts.
    pub stop: Option<watch::Receiver<bool>>,
    /// `[sync.new_users]`: the first password of the accounts created.
    pub new_users: &'a NewUserPolicy,
}

/// Journal and apply the plan; one outcome per operation, indexed like the plan's.
pub async fn apply(
    client: &Client,
    store: &StateStore,
    input: ApplyInput<'_>,
) -> Result<Vec<Outcome>, ReconcileError> {
    let ApplyInput {
        plan,
        run,
        lease,
        concurrency,
        progress,
        stop: mut external,
        new_users,
    } = input;
    let lost = || lease.is_some_and(|l| !l.is_held());
    if lost() {
        return Err(ReconcileError::LeaseLost);
    }
    store.journal_plan(run, &journal_entries(plan)).await?;
    let log = StoreLog::new(store, run);
    // Stop starting operations when shutdown begins or the leader lease is lost (another
    // instance may take it over and apply too).
    let (stop_tx, stop_rx) = watch::channel(false);
    let opts = ApplyOptions {
        concurrency,
        progress,
        stop: Some(stop_rx),
        new_users: new_users.clone(),
    };
    let applying = engine::apply(client, plan, &log, opts);
    tokio::pin!(applying);
    let mut stopping = false;
    let outcomes = loop {
        tokio::select! {
            outcomes = &mut applying => break outcomes,
            _ = tokio::time::sleep(WATCH_EVERY), if !stopping => {
                let shutting_down = external.as_mut().is_some_and(|s| *s.borrow());
                let lost = lost();
                if lost {
                    tracing::error!("the leader lease was lost; no further operation starts");
                }
                if shutting_down || lost {
                    stopping = true;
                    let _ = stop_tx.send(true);
                }
            }
        }
    };
    Ok(outcomes)
}

/// The journal rows of a plan, all `planned`, written before anything is sent.
pub fn journal_entries(plan: &Plan) -> Vec<JournalEntry> {
    plan.ops
        .iter()
        .enumerate()
        .map(|(i, op)| JournalEntry {
            seq: u32::try_from(i).unwrap_or(u32::MAX),
            action: op.action().as_str().to_owned(),
            kind: op.kind,
            external_id: op.external_id.to_string(),
            eiam_id: op.eiam_id.as_ref().map(|e| e.to_string()),
            detail: serde_json::to_string(&op.changes).unwrap_or_default(),
        })
        .collect()
}

/// Journals each operation and records ownership as soon as an object is created or deleted,
/// through the run's group-committing journal writer.
pub struct StoreLog {
    writer: JournalWriter,
}

impl StoreLog {
    pub fn new(store: &StateStore, run: RunId) -> Self {
        StoreLog {
            writer: store.journal_writer(run),
        }
    }
}

fn seq(i: OpId) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl ApplyLog for StoreLog {
    async fn started(&self, i: OpId, op: &Op) -> Result<(), String> {
        self.writer.started(seq(i)).await.map_err(|e| {
            warn!(error = %e, external_id = %op.external_id, "journaling the start of an operation failed; it is not sent");
            e.to_string()
        })
    }

    async fn finished(&self, i: OpId, op: &Op, outcome: &Outcome) {
        let status = match outcome.status {
            Status::Applied => JournalStatus::Applied,
            Status::Failed => JournalStatus::Failed,
            _ => JournalStatus::Skipped,
        };
        let id = outcome.eiam_id.clone();
        let ext = op.external_id.clone();
        // Ownership changes ride in the outcome's transaction: recorded the moment the create
        // or delete is known to have happened.
        let ownership = match (outcome.status, op.action(), &id) {
            (
                Status::Applied,
                Action::CreateOrganizationalUnit | Action::CreateUser | Action::CreateGroup,
                Some(id),
            ) => Some(OwnershipChange::Record(
                op.kind,
                ext,
                id.clone(),
                Origin::Created,
            )),
            (
                Status::Applied,
                Action::DeleteOrganizationalUnit | Action::DeleteUser | Action::DeleteGroup,
                _,
            ) => Some(OwnershipChange::Forget(op.kind, ext)),
            (Status::Applied, Action::Adopt, Some(id)) => match &op.payload {
                Payload::Adopt { key, .. } => {
                    Some(OwnershipChange::Adopt(op.kind, ext, id.clone(), *key))
                }
                _ => None,
            },
            _ => None,
        };
        if let Err(e) = self
            .writer
            .finished(
                seq(i),
                status,
                id.as_ref(),
                outcome.error.as_deref(),
                ownership,
            )
            .await
        {
            warn!(error = %e, external_id = %op.external_id, "journaling the outcome of an operation failed");
        }
    }
}
