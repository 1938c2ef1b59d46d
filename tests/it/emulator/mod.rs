//! Integration tests: the emulator over HTTP (raw JSON) and through the official SDK.

mod admin;
mod auth;
mod cli;
mod extended;
mod faults;
mod memberships;
mod oauth_flows;
mod paging;
mod pam;
mod robustness;
mod routes;
mod sdk;
mod tree;
mod validation;
