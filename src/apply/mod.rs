//! Applying a plan: dependencies, bounded concurrency, journal, ownership, failure isolation.
//!
//! Operations run as soon as every operation they depend on has succeeded, each in a task of
//! its own, at most [`in_flight_limit`] at a time (the client sends at most `concurrency`
//! requests at once). A failed operation fails only what depends on it: those are
//! skipped, with the reason. Every start and outcome goes to the [`ApplyLog`] (the state
//! store's journal) so a crash at any point leaves a truthful record; an operation whose start
//! could not be recorded is never sent.

mod exec;

use std::collections::{HashMap, VecDeque};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::Instrument;

use crate::eiam::Client;
use crate::model::{EiamId, NewUserPolicy};
use crate::plan::{ObjRef, Op, OpId, Plan};

pub use exec::{OpError, Resolve, execute};

/// Where an operation stands (`planned` until apply reaches it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    Applied,
    Failed,
    Skipped,
}

/// The outcome of one operation after `apply`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    /// The EIAM id involved (for a create, the new id).
    pub eiam_id: Option<EiamId>,
    pub error: Option<String>,
}

/// Where apply records what it does (the state store's journal and ownership map).
pub trait ApplyLog: Sync {
    /// Before the request of `op` is sent, which happens only once this returns `Ok`; an
    /// `Err` (why the start could not be recorded) skips the operation.
    fn started(&self, seq: OpId, op: &Op) -> impl Future<Output = Result<(), String>> + Send;
    /// After `op` ended (applied, failed or skipped).
    fn finished(&self, seq: OpId, op: &Op, outcome: &Outcome) -> impl Future<Output = ()> + Send;
}

/// A log that records nothing (dry runs of apply in tests, benchmarks).
pub struct NoLog;

impl ApplyLog for NoLog {
    async fn started(&self, _: OpId, _: &Op) -> Result<(), String> {
        Ok(())
    }
    async fn finished(&self, _: OpId, _: &Op, _: &Outcome) {}
}

/// How to apply.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    pub concurrency: usize,
    /// Show a progress bar on a terminal.
    pub progress: bool,
    /// When it turns `true`, no further operation starts; in-flight ones finish.
    pub stop: Option<watch::Receiver<bool>>,
    /// How accounts created get their first password (`[sync.new_users]`).
    pub new_users: NewUserPolicy,
}

/// Operations in flight per request slot (`concurrency`): an operation waits for its journal
/// writes before and after its request, so more operations than slots keep the slots busy
/// while others wait for a commit. The client still sends at most `concurrency` requests at a
/// time.
const IN_FLIGHT_PER_SLOT: usize = 8;

/// How many operations are in flight at once (journalled as started, and not yet finished) for
/// `concurrency` request slots: the most a crash can leave in doubt.
pub fn in_flight_limit(concurrency: usize) -> usize {
    concurrency.max(1) * IN_FLIGHT_PER_SLOT
}

#[derive(Default)]
struct Created(Mutex<HashMap<OpId, EiamId>>);

impl Resolve for Created {
    fn resolve(&self, r: &ObjRef) -> Result<EiamId, OpError> {
        match r {
            ObjRef::Id(id) => Ok(id.clone()),
            ObjRef::Created(op) => self
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(op)
                .cloned()
                .ok_or_else(|| OpError::Refused(format!("operation {op} created nothing"))),
            ObjRef::Absent => Err(OpError::Refused(
                "refers to an object that neither exists nor is created by this plan".to_owned(),
            )),
        }
    }
}

/// A spawned operation, aborted if the apply that waits for it is dropped.
struct OpTask(JoinHandle<Result<Option<EiamId>, OpError>>);

impl Drop for OpTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Carry out `op` in a task of its own, so that the requests' own work (building, sending and
/// reading them) runs on every worker thread instead of all in the task applying the plan.
async fn execute_spawned(
    client: &Client,
    op: &Op,
    refs: &Arc<Created>,
    new_users: &NewUserPolicy,
) -> Result<Option<EiamId>, OpError> {
    let (client, refs, new_users) = (client.clone(), refs.clone(), new_users.clone());
    let (payload, ext) = (op.payload.clone(), op.external_id.clone());
    let work = async move { execute(&client, &payload, &ext, &*refs, &new_users).await };
    let mut task = OpTask(tokio::spawn(work.in_current_span()));
    match (&mut task.0).await {
        Ok(result) => result,
        Err(e) => Err(OpError::Refused(format!(
            "the operation's task ended without an outcome ({e})"
        ))),
    }
}

fn progress_bar(total: usize, wanted: bool) -> Option<ProgressBar> {
    if !wanted || total < 20 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} applying {bar:40} {pos}/{len} ({per_sec}, eta {eta}) {msg}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// Run `plan` against EIAM; the outcomes are indexed like `plan.ops`.
pub async fn apply<L: ApplyLog>(
    client: &Client,
    plan: &Plan,
    log: &L,
    opts: ApplyOptions,
) -> Vec<Outcome> {
    let n = plan.ops.len();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; n];
    let mut remaining: Vec<usize> = plan.ops.iter().map(|o| o.deps.len()).collect();
    let mut dependents: Vec<Vec<OpId>> = vec![Vec::new(); n];
    for (i, op) in plan.ops.iter().enumerate() {
        for &d in &op.deps {
            if let Some(list) = dependents.get_mut(d) {
                list.push(i);
            }
        }
    }
    let mut failed_dep: Vec<Option<OpId>> = vec![None; n];
    let mut ready: VecDeque<OpId> = (0..n).filter(|i| remaining[*i] == 0).collect();
    let created = Arc::new(Created::default());
    let bar = progress_bar(plan.runnable().count(), opts.progress);
    let mut in_flight = FuturesUnordered::new();
    let limit = in_flight_limit(opts.concurrency);
    let stopped = || opts.stop.as_ref().is_some_and(|s| *s.borrow());

    loop {
        while in_flight.len() < limit
            && let Some(i) = ready.pop_front()
        {
            let op = &plan.ops[i];
            let skip = if let Some(why) = &op.blocked {
                Some(why.clone())
            } else if let Some(d) = failed_dep[i] {
                Some(format!(
                    "depends on operation {d} ({} {}), which did not succeed",
                    plan.ops[d].action(),
                    plan.ops[d].external_id
                ))
            } else if stopped() {
                Some("the run was stopped before this operation started".to_owned())
            } else {
                None
            };
            if let Some(why) = skip {
                let outcome = Outcome {
                    status: Status::Skipped,
                    eiam_id: op.eiam_id.clone(),
                    error: Some(why),
                };
                log.finished(i, op, &outcome).await;
                settle(
                    i,
                    false,
                    &mut remaining,
                    &dependents,
                    &mut failed_dep,
                    &mut ready,
                );
                outcomes[i] = Some(outcome);
                continue;
            }
            let refs = &created;
            let new_users = &opts.new_users;
            // Journaling happens inside each operation's future, so the journal writes of
            // concurrent operations overlap with their requests instead of queueing here.
            in_flight.push(async move {
                if let Err(why) = log.started(i, op).await {
                    // Sent unrecorded, a create would leave an object nobody knows was made.
                    let outcome = Outcome {
                        status: Status::Skipped,
                        eiam_id: op.eiam_id.clone(),
                        error: Some(format!("not sent: its start could not be journaled ({why})")),
                    };
                    log.finished(i, op, &outcome).await;
                    return (i, outcome);
                }
                let outcome = match execute_spawned(client, op, refs, new_users).await {
                    Ok(new_id) => {
                        if let Some(id) = &new_id {
                            refs.0
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .insert(i, id.clone());
                        }
                        Outcome {
                            status: Status::Applied,
                            eiam_id: new_id.or_else(|| op.eiam_id.clone()),
                            error: None,
                        }
                    }
                    Err(e) => {
                        tracing::warn!(action = %op.action(), external_id = %op.external_id, error = %e.describe(), "operation failed");
                        Outcome {
                            status: Status::Failed,
                            eiam_id: op.eiam_id.clone(),
                            error: Some(e.describe()),
                        }
                    }
                };
                log.finished(i, op, &outcome).await;
                (i, outcome)
            });
        }
        let Some((i, outcome)) = in_flight.next().await else {
            break;
        };
        if let Some(b) = &bar {
            b.inc(1);
        }
        let ok = outcome.status == Status::Applied;
        settle(
            i,
            ok,
            &mut remaining,
            &dependents,
            &mut failed_dep,
            &mut ready,
        );
        outcomes[i] = Some(outcome);
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    outcomes
        .into_iter()
        .map(|o| {
            o.unwrap_or(Outcome {
                status: Status::Skipped,
                eiam_id: None,
                error: Some("never became ready (a dependency cycle)".to_owned()),
            })
        })
        .collect()
}

/// Mark `i` finished and release the operations waiting on it.
fn settle(
    i: OpId,
    ok: bool,
    remaining: &mut [usize],
    dependents: &[Vec<OpId>],
    failed_dep: &mut [Option<OpId>],
    ready: &mut VecDeque<OpId>,
) {
    for &next in &dependents[i] {
        if !ok && failed_dep[next].is_none() {
            failed_dep[next] = Some(i);
        }
        remaining[next] = remaining[next].saturating_sub(1);
        if remaining[next] == 0 {
            ready.push_back(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_to_eiam_ids_and_an_absent_object_is_refused() {
        let created = Arc::new(Created::default());
        created
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(3, EiamId::new("user_new"));
        let id = |r: ObjRef| created.resolve(&r).map_err(|e| e.describe());
        assert_eq!(id(ObjRef::Id(EiamId::new("ou_1"))), Ok(EiamId::new("ou_1")));
        assert_eq!(id(ObjRef::Created(3)), Ok(EiamId::new("user_new")));
        assert!(
            id(ObjRef::Created(4)).is_err(),
            "an operation that created nothing"
        );
        assert!(id(ObjRef::Absent).is_err(), "never sent as a made-up id");
    }
}
