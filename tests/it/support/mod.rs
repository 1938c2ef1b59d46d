//! Shared test support: an in-process emulator, fresh PostgreSQL databases, the SDK virtualenv.
#![allow(dead_code)]

pub mod emulator;
pub mod pg;
pub mod python;
pub mod secrets;
