//! End-to-end reconciliation: snapshot → emulator → reconcile → compare → reconcile again.

mod cli;
mod data;
mod harness;
mod safety;
mod scenarios;
