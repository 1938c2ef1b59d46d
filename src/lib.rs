//! eiam-sync: keeps Alibaba Cloud IDaaS EIAM in step with a directory snapshot.
//!
//! Data flows one way: `source` → `model` (validated desired state) → `plan` ← `observe` (EIAM,
//! through the `eiam` client) → `apply` → EIAM, with the `state` store beside it.

pub mod apply;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod demo;
pub mod doctor;
pub mod eiam;
pub mod emulator;
pub mod errors;
pub mod exit;
pub mod metrics;
pub mod model;
pub mod notify;
pub mod observe;
pub mod plan;
pub mod reconcile;
pub mod report;
pub mod schedule;
pub mod source;
pub mod state;
pub mod status;
pub mod telemetry;
