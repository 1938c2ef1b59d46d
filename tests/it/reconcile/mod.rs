//! End-to-end reconciliation: snapshot → emulator → reconcile → compare → reconcile again.

mod cli;
mod custom;
mod daemon;
mod damaged;
pub(crate) mod data;
mod guard_floor;
mod history;
pub(crate) mod in_doubt;
mod incremental;
mod incremental_cost;
mod modes;
mod plans;
mod readings;
mod replan;
mod replan_doubt;
mod review_cli;
mod safety;
mod scenarios;
mod shipped;
mod stages;
mod subtree;
mod targeted;
mod unreadable;
