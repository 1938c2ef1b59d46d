//! Integration tests: client.

mod retries;
mod scripted;
mod secrets;
mod wire;
