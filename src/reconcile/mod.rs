//! One reconciliation: read the snapshot, validate, gate, observe EIAM, plan, guard, apply,
//! record, report. `command` is `eiam-sync reconcile`; the daemon and the demo call
//! [`Reconciler::run`] directly.

mod record;

use std::time::Duration;

use tokio::sync::watch;
use tracing::{Instrument, info, info_span};

use crate::apply::{self, ApplyOptions};
use crate::cli::{OutputFormat, ReconcileArgs, exit};
use crate::config::{ConfigError, Settings};
use crate::eiam::{Client, ClientConfig, EiamError};
use crate::metrics::Metrics;
use crate::model::validate::validate;
use crate::model::{Kind, KindSet};
use crate::observe::{ObserveError, ObserveOptions, observe};
use crate::plan::verify::{Violation, replay};
use crate::plan::{GuardLimits, Plan, PlanOptions, guards, plan};
use crate::report::{Report, Status};
use crate::source::{SourceError, read_snapshot};
use crate::state::{Fingerprinter, RunMode, RunResult, StateError, StateStore};

use record::{Before, StoreLog, causes, fingerprints, journal_entries, record_after_apply};

/// How long the leader lease lasts between renewals.
const LEASE_TTL: Duration = Duration::from_secs(120);

/// Errors that end a run before it could finish (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("reading the snapshot failed")]
    Source(#[from] SourceError),
    #[error("the state store failed")]
    State(#[from] StateError),
    #[error("observing EIAM failed")]
    Observe(#[from] ObserveError),
    #[error("setting up the EIAM client failed")]
    Client(#[from] EiamError),
    #[error(
        "another eiam-sync instance is applying changes (it holds the state store's leader lease); try again later"
    )]
    Busy,
    #[error("the leader lease was lost before applying; another instance may be applying")]
    LeaseLost,
    #[error("refusing a plan that would break EIAM's rules (this is a bug; please report it)")]
    Plan(#[from] Violation),
}

/// What one run should do.
#[derive(Debug, Clone)]
pub struct RunRequest {
    pub dry_run: bool,
    pub kinds: KindSet,
    /// Name recorded in the run history and metrics (`reconcile`, `users`, `demo`, ...).
    pub reconciler: String,
    /// Show a progress bar on a terminal while applying.
    pub progress: bool,
    /// When it turns `true`, no further operation starts.
    pub stop: Option<watch::Receiver<bool>>,
}

impl RunRequest {
    pub fn new(reconciler: &str, dry_run: bool, kinds: KindSet) -> Self {
        RunRequest {
            dry_run,
            kinds,
            reconciler: reconciler.to_owned(),
            progress: false,
            stop: None,
        }
    }
}

/// Everything a run needs, built once and reused by every run of the process.
pub struct Reconciler {
    settings: Settings,
    client: Client,
    store: StateStore,
    fingerprinter: Fingerprinter,
    metrics: Metrics,
    holder: String,
}

impl Reconciler {
    /// Connect the state store (running migrations) and build the client.
    pub async fn new(settings: Settings, metrics: Metrics) -> Result<Self, ReconcileError> {
        let secret = settings.client_secret()?;
        let fingerprinter = Fingerprinter::new(&settings.fingerprint_key()?);
        let config = ClientConfig::from_settings(&settings.eiam, secret);
        let client = Client::with_metrics(config, metrics.client.clone())?;
        let store = StateStore::connect(&settings.state).await?;
        let holder = format!(
            "{}:{}",
            std::env::var("HOSTNAME").unwrap_or_else(|_| "eiam-sync".to_owned()),
            std::process::id()
        );
        Ok(Reconciler {
            settings,
            client,
            store,
            fingerprinter,
            metrics,
            holder,
        })
    }

    pub fn store(&self) -> &StateStore {
        &self.store
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// One run, recorded in the run history and the metrics.
    pub async fn run(&self, req: RunRequest) -> Result<Report, ReconcileError> {
        let mode = if req.dry_run {
            RunMode::DryRun
        } else {
            RunMode::Apply
        };
        let span = info_span!("reconcile", reconciler = %req.reconciler, dry_run = req.dry_run);
        async {
            let run = self.store.start_run(&req.reconciler, mode).await?;
            let outcome = self.run_inner(run, &req).await;
            let (result, counts, users) = match &outcome {
                Ok((report, users)) => {
                    let result = match report.exit_code() {
                        exit::REFUSED => RunResult::Refused,
                        exit::PARTIAL => RunResult::Partial,
                        _ => RunResult::Success,
                    };
                    let counts = report
                        .summary
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), *v))
                        .collect();
                    (result, counts, *users)
                }
                Err(_) => (RunResult::Failed, Default::default(), None),
            };
            if let Err(e) = self.store.finish_run(run, result, &counts, users).await {
                tracing::warn!(error = %e, "recording the end of the run failed");
            }
            self.metrics.record_run(
                &req.reconciler,
                result.as_str(),
                outcome.as_ref().ok().map(|o| &o.0),
            );
            outcome.map(|(report, _)| report)
        }
        .instrument(span)
        .await
    }

    async fn run_inner(
        &self,
        run: crate::state::RunId,
        req: &RunRequest,
    ) -> Result<(Report, Option<u64>), ReconcileError> {
        let calls_before = self.client.api_calls();
        let snapshot = read_snapshot(&self.settings.source).await?;
        let validated = validate(snapshot);
        let (desired, rejected) = (validated.desired, validated.rejections);
        let users = Some(desired.users.len() as u64);
        info!(
            ous = desired.ous.len(),
            users = desired.users.len(),
            groups = desired.groups.len(),
            rejected = rejected.len(),
            "read the snapshot"
        );
        let last = self
            .store
            // Runs that finished with rejected records count too: HR data rarely has none.
            .last_completed_run()
            .await?
            .and_then(|r| r.snapshot_users);
        let sync = &self.settings.sync;
        let gates = guards::sanity(&desired, last, sync.max_snapshot_drop_percent);
        if gates.iter().any(|g| g.tripped) {
            let refused = Plan {
                guards: gates,
                ..Default::default()
            };
            let report = Report::new(&refused, None, req.dry_run, rejected, 0);
            return Ok((report, users));
        }
        let lease = if req.dry_run {
            None
        } else {
            match self.store.acquire_lease(&self.holder, LEASE_TTL).await? {
                Some(lease) => Some(lease),
                None => return Err(ReconcileError::Busy),
            }
        };
        let ownership = self.store.load_ownership().await?;
        // Members of the snapshot's groups, and of the groups eiam-sync created (a group must
        // be emptied before it can be deleted).
        let mut member_groups: std::collections::BTreeSet<_> =
            desired.groups.keys().cloned().collect();
        member_groups.extend(
            ownership
                .objects
                .iter()
                .filter(|((k, _), o)| {
                    *k == Kind::Group && o.origin == crate::model::Origin::Created
                })
                .map(|((_, e), _)| e.clone()),
        );
        let options = ObserveOptions {
            root: sync.root_organizational_unit_id.clone(),
            concurrency: self.settings.eiam.max_concurrency,
            groups: req.kinds.contains(Kind::Group) || req.kinds.contains(Kind::Membership),
            member_groups,
            users: desired.users.keys().cloned().collect(),
        };
        let observed = observe(&self.client, &options).await?;
        let mut plan = plan(
            &desired,
            &observed,
            &ownership,
            PlanOptions {
                user_removal: sync.user_removal,
                kinds: req.kinds,
                limits: GuardLimits {
                    max_deletes: sync.max_deletes,
                    max_delete_percent: sync.max_delete_percent,
                },
            },
        );
        let mut all_guards = gates;
        all_guards.append(&mut plan.guards);
        plan.guards = all_guards;
        replay(&observed, &plan)?;
        let fps = fingerprints(&desired, &self.fingerprinter);
        causes(&mut plan, &fps, &ownership);
        let outcomes = if req.dry_run || plan.is_refused() {
            None
        } else {
            if lease.as_ref().is_some_and(|l| !l.is_held()) {
                return Err(ReconcileError::LeaseLost);
            }
            self.store
                .journal_plan(run, &journal_entries(&plan))
                .await?;
            let log = StoreLog {
                store: &self.store,
                run,
            };
            // Stop starting operations when shutdown begins or the leader lease is lost (another
            // instance may take it over and apply too).
            let (stop_tx, stop_rx) = watch::channel(false);
            let opts = ApplyOptions {
                concurrency: self.settings.eiam.max_concurrency,
                progress: req.progress,
                stop: Some(stop_rx),
            };
            let applying = apply::apply(&self.client, &plan, &log, opts);
            tokio::pin!(applying);
            let mut external = req.stop.clone();
            let mut stopping = false;
            let outcomes = loop {
                tokio::select! {
                    outcomes = &mut applying => break outcomes,
                    _ = tokio::time::sleep(Duration::from_millis(200)), if !stopping => {
                        let shutting_down = external.as_mut().is_some_and(|s| *s.borrow());
                        let lost = lease.as_ref().is_some_and(|l| !l.is_held());
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
            let before = Before {
                desired: &desired,
                observed: &observed,
                ownership: &ownership,
            };
            record_after_apply(&self.store, &fps, &before, &plan, &outcomes, req.kinds).await;
            Some(outcomes)
        };
        if let Some(lease) = lease
            && let Err(e) = lease.release().await
        {
            tracing::warn!(error = %e, "releasing the leader lease failed");
        }
        let calls = self.client.api_calls().saturating_sub(calls_before);
        let report = Report::new(&plan, outcomes.as_deref(), req.dry_run, rejected, calls);
        info!(
            applied = report.count(Status::Applied),
            failed = report.count(Status::Failed),
            skipped = report.count(Status::Skipped),
            api_calls = calls,
            "run finished"
        );
        Ok((report, users))
    }
}

/// Print a report in the chosen format on stdout.
pub fn print_report(report: &Report, output: OutputFormat) {
    use std::io::IsTerminal;
    match output {
        OutputFormat::Json => println!("{}", report.to_json()),
        OutputFormat::Text => print!(
            "{}",
            crate::report::render_text(report, std::io::stdout().is_terminal())
        ),
    }
}

/// The full chain of an error, for people.
pub fn describe(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = s.source();
    }
    out
}

fn fatal(e: &dyn std::error::Error, output: OutputFormat) -> i32 {
    let text = describe(e);
    eprintln!("error: {text}");
    if output == OutputFormat::Json {
        println!("{}", serde_json::json!({ "error": text }));
    }
    exit::FATAL
}

/// `eiam-sync reconcile`.
pub async fn command(settings: &Settings, args: &ReconcileArgs) -> i32 {
    let reconciler = match Reconciler::new(settings.clone(), Metrics::new()).await {
        Ok(r) => r,
        Err(e) => return fatal(&e, args.output),
    };
    let mut req = RunRequest::new("reconcile", args.dry_run, args.only.unwrap_or_default());
    req.progress = true;
    match reconciler.run(req).await {
        Ok(report) => {
            print_report(&report, args.output);
            report.exit_code()
        }
        Err(e) => fatal(&e, args.output),
    }
}
