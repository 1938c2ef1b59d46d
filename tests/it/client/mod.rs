//! Integration tests: client.

mod emu;
mod errors;
mod extended;
mod faults;
mod operations;
mod pagination;
mod retries;
mod scripted;
mod secrets;
mod tls;
mod tokens;
mod waits;
mod wire;
mod wire_keys;
