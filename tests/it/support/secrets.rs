//! The secret grep: everything a run shows (logs, reports, plan files, metrics, panics) must be
//! free of the client secret, the fingerprint key and any access token.

/// The secrets of one test environment.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    values: Vec<String>,
}

impl Secrets {
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Self {
        Secrets {
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// What in `text` is a secret or looks like an access token, described without repeating it.
    pub fn leaks(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .values
            .iter()
            .filter(|v| !v.is_empty() && text.contains(v.as_str()))
            .map(|v| format!("a configured secret of {} characters", v.chars().count()))
            .collect();
        if let Some(at) = access_token(text) {
            out.push(format!("an access token at byte {at}"));
        }
        out
    }

    /// Panics, naming `what`, if `text` leaks anything.
    #[track_caller]
    pub fn assert_clean(&self, what: &str, text: &str) {
        let leaks = self.leaks(text);
        assert!(leaks.is_empty(), "{what} leaks {}", leaks.join(", "));
    }
}

/// Where the first emulator-issued access token (`AT` and 40 letters or digits, not part of a
/// longer word) is in `text`.
pub fn access_token(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(off) = text[i..].find("AT") {
        let at = i + off;
        let start_ok = at == 0 || !b[at - 1].is_ascii_alphanumeric();
        let tail = &b[at + 2..];
        let run = tail
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if start_ok && run == 40 {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

#[test]
fn the_grep_finds_secrets_and_tokens_but_not_ordinary_text() {
    let s = Secrets::new(["s3cr3t-value"]);
    assert!(s.leaks("all fine: ATTENTION, CreateUser").is_empty());
    assert_eq!(s.leaks("x s3cr3t-value y").len(), 1);
    let token = format!("AT{}", "a1".repeat(20));
    assert_eq!(s.leaks(&format!("Bearer {token}")).len(), 1);
    assert!(s.leaks(&format!("XAT{}", "a1".repeat(20))).is_empty());
}
