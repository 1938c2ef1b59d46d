//! A local, in-memory EIAM developer-API emulator with an admin API and fault injection.
//!
//! It serves the 52 operations of Eiam-developerapi 2022-02-25 with the paths, methods, JSON field
//! names, statuses and error bodies of docs/eiam-api.md, so the official SDK and eiam-sync's own
//! client work against it unchanged. Tests start it in-process on port 0 ([`Emulator::start`]);
//! `eiam-sync emulator` serves it from the command line.

mod admin;
mod auth;
mod config;
mod damage;
mod decode;
mod error;
mod faults;
mod handlers;
mod pam;
mod pipeline;
mod requests;
mod router;
mod server;
mod shared;
mod state;
mod stats;
mod store;
mod tokens;
mod validate;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use eiam_api::ids::OrganizationalUnitId;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use self::admin::{CustomFieldDefinition, ScopeBody};
pub use self::config::{
    ApplicationConfig, EmulatorConfig, Faults, ListUsersReading, Readings, ScriptedFault,
    ScriptedKind,
};
pub use self::damage::Damage;
pub use self::error::{ApiError, EmulatorError};
pub use self::requests::RequestRecord;
pub use self::shared::AppSettings;
pub use self::state::{AdminState, StateGroup, StateGroupMember, StateOu, StateUser};
pub use self::stats::Stats;
pub use self::validate::{MAX_RESULTS_CAP, PAGE_SIZE_MAX};

use self::server::{ConnInfo, KillableListener};
use self::shared::Shared;
use self::store::Directory;

/// How long `shutdown` waits for in-flight requests before closing the rest.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Starts emulators.
pub struct Emulator;

impl Emulator {
    /// Binds `listen` (port 0 picks a free port) and serves until [`RunningEmulator::shutdown`]
    /// or until the handle is dropped.
    #[tracing::instrument(skip(config), fields(instance = %config.instance_id))]
    pub async fn start(
        config: EmulatorConfig,
        listen: SocketAddr,
    ) -> Result<RunningEmulator, EmulatorError> {
        config.faults.validate()?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|source| EmulatorError::Bind {
                addr: listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(EmulatorError::LocalAddr)?;
        let shared = Arc::new(Shared::new(&config));
        let app = router::router(shared.clone()).into_make_service_with_connect_info::<ConnInfo>();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve =
                axum::serve(KillableListener::new(listener), app).with_graceful_shutdown(async {
                    let _ = rx.await;
                });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "the emulator stopped serving");
            }
        });
        tracing::info!(%addr, instance = %config.instance_id, "emulator listening");
        Ok(RunningEmulator {
            addr,
            shared,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// A running emulator: its address, and in-process access to what the admin API offers.
pub struct RunningEmulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningEmulator {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The instance id it serves.
    pub fn instance_id(&self) -> &str {
        &self.shared.instance_id
    }

    /// The whole directory (`GET /_emulator/state`).
    pub fn state(&self) -> AdminState {
        self.shared.dir().export()
    }

    /// Replaces the whole directory (`PUT /_emulator/state`); scopes return to the default.
    pub fn put_state(&self, state: AdminState) -> Result<(), EmulatorError> {
        let dir = Directory::import(&self.shared.instance_id, state)
            .map_err(EmulatorError::InvalidState)?;
        *self.shared.dir_mut() = dir;
        Ok(())
    }

    /// An empty directory with a fresh root OU (`POST /_emulator/reset`). Issued access tokens
    /// stay valid; faults and stats are kept.
    pub fn reset(&self) {
        self.shared.reset();
    }

    pub fn stats(&self) -> Stats {
        self.shared.stats.snapshot()
    }

    /// Zeroes the counters and empties the request log.
    pub fn reset_stats(&self) {
        self.shared.stats.reset();
        self.shared.requests.clear();
    }

    /// The last API requests, oldest first (`GET /_emulator/requests`).
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.requests.snapshot()
    }

    /// The current faults (a consumed script entry is gone).
    pub fn faults(&self) -> Faults {
        self.shared.faults.get()
    }

    /// Replaces the faults (`PUT /_emulator/faults`). Values out of range are refused.
    pub fn try_set_faults(&self, faults: Faults) -> Result<(), EmulatorError> {
        faults.validate()?;
        self.shared.faults.set(faults);
        Ok(())
    }

    /// Replaces the faults; values out of range are logged and the faults left unchanged.
    pub fn set_faults(&self, faults: Faults) {
        if let Err(e) = self.try_set_faults(faults) {
            tracing::warn!(error = %e, "faults not changed");
        }
    }

    /// The readings of the API's open questions in force (`GET /_emulator/readings`).
    pub fn readings(&self) -> Readings {
        self.shared.readings()
    }

    /// Changes them (`PUT /_emulator/readings`); they apply from the next request on.
    pub fn set_readings(&self, readings: Readings) {
        self.shared.set_readings(readings);
    }

    /// The id of the root OU.
    pub fn root_ou_id(&self) -> OrganizationalUnitId {
        OrganizationalUnitId::from(self.shared.dir().root_id())
    }

    /// Narrows (or widens) the main application's provisioning scope (`PUT /_emulator/scope`).
    pub fn set_scope(&self, ou_ids: &[String], group_ids: &[String]) -> Result<(), EmulatorError> {
        self.shared
            .dir_mut()
            .set_scope(&self.shared.main_app, ou_ids, group_ids)
            .map_err(EmulatorError::InvalidState)
    }

    /// Changes an application's console switches (`PUT /_emulator/application`).
    pub fn set_application(&self, settings: AppSettings) -> Result<(), EmulatorError> {
        let id = settings.application_id.clone().unwrap_or_default();
        if self.shared.set_app_settings(settings) {
            Ok(())
        } else {
            Err(EmulatorError::InvalidConfig(format!(
                "unknown application `{id}`"
            )))
        }
    }

    /// The extended-field definitions (`GET /_emulator/custom_fields`).
    pub fn custom_fields(&self) -> Vec<String> {
        self.shared.custom_fields()
    }

    /// Defines the instance's extended fields (`PUT /_emulator/custom_fields`).
    pub fn set_custom_fields(&self, names: &[&str]) -> Result<(), EmulatorError> {
        let defs = names
            .iter()
            .map(|n| CustomFieldDefinition {
                field_name: (*n).to_owned(),
            })
            .collect();
        let names = admin::check_definitions(defs).map_err(EmulatorError::InvalidConfig)?;
        self.shared.set_custom_fields(names);
        Ok(())
    }

    /// Approves a pending device authorization as `user_id` (`POST /_emulator/device/approve`).
    pub fn approve_device(&self, user_code: &str, user_id: &str) -> bool {
        self.shared.tokens().approve_device(user_code, user_id)
    }

    /// Stops accepting, lets in-flight requests finish (up to a few seconds), and returns.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The README's examples, compiled by `cargo test --doc`.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;
