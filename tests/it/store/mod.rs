//! Integration tests: configuration, snapshot readers, validation and the state store, each
//! against both SQLite and PostgreSQL where a database is involved.

mod adopted;
mod approvals;
mod backends;
mod config_cli;
mod config_fields;
pub(crate) mod config_load;
mod config_schedule;
mod fixture;
mod lease;
mod prune;
mod query_plans;
mod schema_compat;
mod settled;
mod source;
mod source_consistency;
mod source_custom;
mod sql_catalog;
mod state;
