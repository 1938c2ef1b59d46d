//! Shared test support: an in-process emulator, the end-to-end harness, fresh PostgreSQL
//! databases, the SDK virtualenv.
#![allow(dead_code)]

pub mod emulator;
pub mod harness;
pub mod pg;
pub mod python;
pub mod secrets;
