//! The pure core of eiam-sync: the directory as data ([`model`]) and the planner that diffs what
//! the snapshot asks for against what EIAM holds ([`plan`]), with its ordering, guards and the
//! replay check. No I/O: no async runtime, database or HTTP crate is in its dependency tree, so
//! every rule of reconciliation is tested here as plain functions.

pub mod model;
pub mod plan;
