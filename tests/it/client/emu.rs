//! Starting an in-process emulator and a client configured for it.

use std::time::Duration;

use eiam_sync::eiam::types::users::CreateUserRequest;
use eiam_sync::eiam::{Client, ClientConfig};
use eiam_sync::emulator::{Emulator, EmulatorConfig, Faults, RunningEmulator};
use secrecy::SecretString;

pub async fn start() -> RunningEmulator {
    Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

/// The emulator's default credentials, no client-side rate limit to speak of, fast retries.
pub fn config(emu: &RunningEmulator) -> ClientConfig {
    let mut c = ClientConfig::new(
        emu.url(),
        "idaas_emulator",
        "app_emulator",
        "app_emulator",
        SecretString::from("emulator-secret".to_owned()),
    );
    c.rate_limit_qps = 100_000;
    c.max_concurrency = 8;
    c.min_backoff = Duration::from_millis(5);
    c.max_backoff = Duration::from_millis(50);
    c
}

pub fn client(emu: &RunningEmulator) -> Client {
    Client::new(config(emu)).unwrap()
}

pub fn faults(f: impl FnOnce(&mut Faults)) -> Faults {
    let mut faults = Faults::default();
    f(&mut faults);
    faults
}

pub fn new_user(name: &str, ou: &str) -> CreateUserRequest {
    CreateUserRequest {
        username: name.to_owned(),
        primary_organizational_unit_id: ou.to_owned(),
        user_external_id: Some(format!("ext-{name}")),
        display_name: Some(format!("User {name}")),
        ..Default::default()
    }
}
