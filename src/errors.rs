//! One rendering of an error with all its causes, for logs, reports and people: the client's,
//! so that an EIAM error and any other read alike.

pub use eiam_client::chain;
