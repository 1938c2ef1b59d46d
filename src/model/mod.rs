//! The directory as data: what the snapshot asks for (`Desired*`), what EIAM holds (`Observed*`),
//! and what eiam-sync owns. Pure types and the validation that turns raw snapshot rows into the
//! desired model.

pub mod desired;
pub mod ids;
pub mod kind;
pub mod observed;
pub mod ownership;
pub mod rules;
pub mod snapshot;
pub mod validate;

pub use desired::{DesiredGroup, DesiredOu, DesiredState, DesiredUser, Email, Phone, Rejection};
pub use ids::{EiamId, ExtId};
pub use kind::{Kind, KindSet, UserStatus};
pub use observed::{ObservedGroup, ObservedOu, ObservedState, ObservedUser};
pub use ownership::{Origin, Owned, Ownership};
pub use snapshot::{Defect, GroupMemberRow, GroupRow, OuRow, Snapshot, UserOuRow, UserRow};
pub use validate::{Validated, validate};
