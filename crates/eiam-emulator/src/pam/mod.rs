//! The PAM family's in-memory state: authentication tokens and static credentials.

pub mod credentials;
pub mod oauth;
pub mod tokens;

use self::credentials::Credentials;
use self::tokens::AuthTokens;

/// Everything the PAM operations create.
#[derive(Debug)]
pub struct PamStore {
    pub tokens: AuthTokens,
    pub credentials: Credentials,
}

impl PamStore {
    pub fn new(instance_id: &str) -> Self {
        PamStore {
            tokens: AuthTokens::new(instance_id),
            credentials: Credentials::new(instance_id),
        }
    }
}
