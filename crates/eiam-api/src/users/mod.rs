//! Wire types of the user operations.

mod accounts;
mod lookups;
mod memberships;
mod views;

pub use accounts::*;
pub use lookups::*;
pub use memberships::*;
pub use views::*;
