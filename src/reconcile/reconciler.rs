//! The reconciler and what a run is asked to do.

use std::sync::Arc;

use tokio::sync::watch;

use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::eiam::Client;
use crate::metrics::Metrics;
use crate::model::{KindSet, SyncMode};
use crate::state::{Fingerprinter, Lease, StateStore};

use super::ReconcileError;

#[derive(Debug, Clone)]
pub struct RunRequest {
    pub dry_run: bool,
    pub kinds: KindSet,
    /// Observe the whole managed subtree, or only what changed since the last applied run.
    pub mode: SyncMode,
    /// Name recorded in the run history and metrics (`reconcile`, `users`, `demo`, ...).
    pub reconciler: String,
    /// Show a progress bar on a terminal while applying.
    pub progress: bool,
    /// When it turns `true`, no further operation starts.
    pub stop: Option<watch::Receiver<bool>>,
    /// Dry run only: put the sealed plan file in the report's `plan_file`.
    pub plan_out: bool,
    /// `apply FILE`: apply exactly this saved plan, or refuse with what drifted.
    pub saved: Option<crate::plan::saved::SavedPlan>,
    /// A leader lease the caller holds (the daemon's leadership); without one, the run takes
    /// the lease for its apply and gives it back after.
    pub lease: Option<Arc<Lease>>,
}

impl RunRequest {
    pub fn new(reconciler: &str, dry_run: bool, kinds: KindSet) -> Self {
        RunRequest {
            dry_run,
            kinds,
            mode: SyncMode::Full,
            reconciler: reconciler.to_owned(),
            progress: false,
            stop: None,
            plan_out: false,
            saved: None,
            lease: None,
        }
    }
}

/// Everything a run needs, built once and reused by every run of the process.
pub struct Reconciler {
    pub(super) settings: Settings,
    pub(super) client: Client,
    pub(super) store: StateStore,
    pub(super) fingerprinter: Fingerprinter,
    pub(super) metrics: Metrics,
    pub(super) holder: String,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) notifier: Option<crate::notify::Notifier>,
}

impl Reconciler {
    /// Connect the state store (running migrations) and build the client.
    pub async fn new(settings: Settings, metrics: Metrics) -> Result<Self, ReconcileError> {
        let secret = settings.client_secret()?;
        let fingerprinter = Fingerprinter::new(&settings.fingerprint_key()?);
        let config = settings.eiam.client_config(secret);
        let client = Client::with_metrics(config, metrics.client.clone())?;
        let store = StateStore::connect(&settings.state).await?;
        let holder = crate::state::holder_name();
        Ok(Reconciler {
            settings,
            client,
            store,
            fingerprinter,
            metrics,
            holder,
            clock: Arc::new(SystemClock),
            notifier: None,
        })
    }

    /// Decide grace periods, approval expiry and the removal window by this clock.
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
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
}
