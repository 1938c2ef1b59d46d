//! The PAM family's in-memory state: authentication tokens and static credentials.

/// A token of wire type `$ty` (JWT or OAuth): the fields every authentication token has, from
/// an `AuthenticationToken` (see `AuthTokens::meta`), and then the kind's own fields.
macro_rules! token_view {
    ($ty:ident, $meta:expr, { $($field:ident: $value:expr),* $(,)? }) => {{
        let m: AuthenticationToken = $meta;
        $ty {
            authentication_token_id: m.authentication_token_id,
            authentication_token_type: m.authentication_token_type,
            consumer_id: m.consumer_id,
            consumer_type: m.consumer_type,
            create_time: m.create_time,
            creator_id: m.creator_id,
            creator_type: m.creator_type,
            credential_provider_id: m.credential_provider_id,
            expiration_time: m.expiration_time,
            instance_id: m.instance_id,
            revoked: m.revoked,
            update_time: m.update_time,
            $($field: $value,)*
        }
    }};
}

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
