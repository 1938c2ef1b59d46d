//! The state one emulator shares between its connections: settings, applications, the
//! directory, OAuth and PAM state, faults and counters. Locks are `std` locks held only for
//! synchronous work (never across an await); a poisoned lock is recovered, not propagated.

use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use serde::{Deserialize, Serialize};

use super::config::{EmulatorConfig, Readings};
use super::faults::FaultState;
use super::pam::PamStore;
use super::requests::RequestLog;
use super::stats::StatsCounter;
use super::store::Directory;
use super::tokens::TokenStore;

/// One application of the instance, with its console switches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    pub id: String,
    pub client_id: String,
    pub client_secret: String,
    pub settings: AppSettings,
}

/// The console switches of an application (`PUT /_emulator/application`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct AppSettings {
    /// The application to change (default: the main one); ignored in answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// Off: every call answers 403 `application_disabled`.
    pub enabled: bool,
    /// Off: every call answers 403 `application_api_disabled`.
    pub api_enabled: bool,
    /// Granted API permissions (`urn:alibaba:idaas:scope:...`); `null` grants all of them.
    pub permissions: Option<Vec<String>>,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            application_id: None,
            enabled: true,
            api_enabled: true,
            permissions: None,
        }
    }
}

/// Everything behind one emulator.
pub struct Shared {
    pub instance_id: String,
    pub main_app: String,
    pub root_name: String,
    pub max_body_bytes: usize,
    pub apps: RwLock<Vec<App>>,
    pub dir: RwLock<Directory>,
    pub tokens: Mutex<TokenStore>,
    pub pam: Mutex<PamStore>,
    pub faults: FaultState,
    pub stats: StatsCounter,
    pub requests: RequestLog,
    /// The instance's extended-field definitions (names), as the console keeps them: schema,
    /// not directory data, so a reset or a state import keeps them.
    pub custom_fields: RwLock<Vec<String>>,
    /// The readings of the API's open questions; settings, so a reset keeps them.
    pub readings: RwLock<Readings>,
}

impl Shared {
    pub fn new(config: &EmulatorConfig) -> Self {
        let mut apps = vec![App {
            id: config.application_id.clone(),
            client_id: config.client_id.clone(),
            client_secret: config.client_secret.clone(),
            settings: AppSettings::default(),
        }];
        apps.extend(config.extra_applications.iter().map(|a| App {
            id: a.application_id.clone(),
            client_id: a.client_id.clone(),
            client_secret: a.client_secret.clone(),
            settings: AppSettings::default(),
        }));
        Shared {
            instance_id: config.instance_id.clone(),
            main_app: config.application_id.clone(),
            root_name: config.root_organizational_unit_name.clone(),
            max_body_bytes: config.max_body_bytes,
            apps: RwLock::new(apps),
            dir: RwLock::new(Directory::new(
                &config.instance_id,
                &config.root_organizational_unit_name,
            )),
            tokens: Mutex::new(TokenStore::default()),
            pam: Mutex::new(PamStore::new(&config.instance_id)),
            faults: FaultState::new(config.faults.clone()),
            stats: StatsCounter::default(),
            requests: RequestLog::new(config.request_log),
            custom_fields: RwLock::new(config.custom_fields.clone()),
            readings: RwLock::new(config.readings),
        }
    }

    pub fn dir(&self) -> RwLockReadGuard<'_, Directory> {
        self.dir.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn dir_mut(&self) -> RwLockWriteGuard<'_, Directory> {
        self.dir.write().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn tokens(&self) -> MutexGuard<'_, TokenStore> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn pam(&self) -> MutexGuard<'_, PamStore> {
        self.pam.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The application with this id.
    pub fn app(&self, id: &str) -> Option<App> {
        self.apps
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .find(|a| a.id == id)
            .cloned()
    }

    /// The application with this client id.
    pub fn app_by_client(&self, client_id: &str) -> Option<App> {
        self.apps
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .find(|a| a.client_id == client_id)
            .cloned()
    }

    /// Replaces the switches of an application; false if there is no such application.
    pub fn set_app_settings(&self, settings: AppSettings) -> bool {
        let id = settings
            .application_id
            .clone()
            .unwrap_or_else(|| self.main_app.clone());
        let mut apps = self.apps.write().unwrap_or_else(PoisonError::into_inner);
        match apps.iter_mut().find(|a| a.id == id) {
            Some(app) => {
                app.settings = AppSettings {
                    application_id: None,
                    ..settings
                };
                true
            }
            None => false,
        }
    }

    /// The defined extended fields.
    pub fn custom_fields(&self) -> Vec<String> {
        self.custom_fields
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether an extended field of this name is defined.
    pub fn custom_field_defined(&self, name: &str) -> bool {
        self.custom_fields
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .any(|f| f == name)
    }

    /// Replaces the extended-field definitions; values stored under other names stay (as in
    /// the console, deleting a definition is a separate, deliberate act).
    pub fn set_custom_fields(&self, names: Vec<String>) {
        *self
            .custom_fields
            .write()
            .unwrap_or_else(PoisonError::into_inner) = names;
    }

    pub fn readings(&self) -> Readings {
        *self.readings.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_readings(&self, readings: Readings) {
        *self
            .readings
            .write()
            .unwrap_or_else(PoisonError::into_inner) = readings;
    }

    /// An empty directory with a fresh root; PAM state goes too. Tokens stay valid.
    pub fn reset(&self) {
        *self.dir_mut() = Directory::new(&self.instance_id, &self.root_name);
        *self.pam() = PamStore::new(&self.instance_id);
    }
}
