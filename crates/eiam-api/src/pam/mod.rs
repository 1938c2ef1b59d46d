//! Wire types of the PAM operations: authentication tokens, credentials, cloud-account roles.

mod cloud_roles;
mod credentials;
mod token_kinds;
mod token_views;
mod tokens;

pub use cloud_roles::*;
pub use credentials::*;
pub use token_kinds::*;
pub use token_views::*;
pub use tokens::*;
