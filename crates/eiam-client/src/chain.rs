//! One rendering of an error with all its causes, for logs, reports and people.

use std::error::Error;

/// The error and every cause below it on one line, `: `-separated. A cause whose text the line
/// already carries (a wrapper that prints its source, a transparent variant) is not repeated.
pub fn chain(e: &dyn Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cause = c.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::chain;

    #[derive(Debug, thiserror::Error)]
    enum Outer {
        #[error("reading the snapshot failed")]
        Read(#[source] Inner),
        #[error("opening failed: {0}")]
        Echo(#[source] Inner),
    }

    #[derive(Debug, thiserror::Error)]
    #[error("table `users` is missing")]
    struct Inner(#[source] std::io::Error);

    fn io() -> std::io::Error {
        std::io::Error::other("disk on fire")
    }

    #[test]
    fn every_cause_is_named_in_order() {
        let e = Outer::Read(Inner(io()));
        assert_eq!(
            chain(&e),
            "reading the snapshot failed: table `users` is missing: disk on fire"
        );
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let e = Outer::Echo(Inner(io()));
        assert_eq!(
            chain(&e),
            "opening failed: table `users` is missing: disk on fire"
        );
    }

    #[test]
    fn an_error_without_causes_is_its_message() {
        assert_eq!(chain(&io()), "disk on fire");
    }
}
