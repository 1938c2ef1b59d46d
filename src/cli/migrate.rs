//! `eiam-sync migrate`: apply pending state-store migrations and say which.

use crate::config::Settings;
use crate::errors::chain;
use crate::{errln, outln, state};

use super::exit;

/// Exit 0 when the store is up to date afterwards, 1 when it cannot be migrated.
pub async fn run(settings: &Settings) -> i32 {
    match state::migrate(&settings.state).await {
        Ok(m) if m.applied.is_empty() => {
            outln!(
                "{} state store is up to date; no migration applied",
                m.backend
            );
            exit::OK
        }
        Ok(m) => {
            for (version, description) in &m.applied {
                outln!("applied migration {version}: {description}");
            }
            outln!("{} state store is up to date", m.backend);
            exit::OK
        }
        Err(e) => {
            errln!("error: {}", chain(&e));
            exit::FATAL
        }
    }
}
