//! All integration tests, in one binary: the emulator, the client, the source/state/config layer,
//! and end-to-end reconciliation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod adopt;
mod client;
mod doctor;
mod emulator;
mod notify;
mod ops;
mod reconcile;
mod store;
mod suites;
mod support;
