//! eiam-sync: keeps Alibaba Cloud IDaaS EIAM in step with a directory snapshot.
//!
//! Data flows one way: `source` → `model` (validated desired state) → `plan` ← `observe` (EIAM,
//! through the `eiam` client) → `apply` → EIAM, with the `state` store beside it. The layers
//! below this package are crates of their own (docs/architecture.md): the wire types
//! (`eiam-api`), the client (`eiam-client`, here [`eiam`]), the emulator (`eiam-emulator`, here
//! [`emulator`]) and the pure core (`eiam-sync-core`: [`model`] and [`plan`]); they are
//! re-exported under the paths they have always had.

pub use eiam_client as eiam;
pub use eiam_emulator as emulator;
pub use eiam_sync_core::{model, plan};

pub mod apply;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod demo;
pub mod doctor;
pub mod errors;
pub mod exit;
pub mod metrics;
pub mod notify;
pub mod observe;
pub mod reconcile;
pub mod report;
pub mod schedule;
pub mod source;
pub mod state;
pub mod status;
pub mod telemetry;
