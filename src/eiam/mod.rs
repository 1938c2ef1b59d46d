//! The typed client of the EIAM developer API (Eiam-developerapi 2022-02-25): the only place
//! that knows about HTTP.

pub mod types;
