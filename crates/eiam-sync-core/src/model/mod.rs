//! The directory as data: one attribute set per kind ([`attrs`]), what the snapshot asks for
//! (`Desired*`), what EIAM holds (`Observed*`), and what eiam-sync owns. Pure types and the
//! validation that turns raw snapshot rows into the desired model.

pub mod adopt_key;
pub mod attrs;
pub mod desired;
pub mod ids;
pub mod kind;
pub mod mode;
pub mod observed;
pub mod onboarding;
pub mod ownership;
pub mod small_set;
pub mod snapshot;
pub mod validate;

/// EIAM's field rules, shared with the emulator through the API crate.
pub use eiam_api::rules;

pub use adopt_key::AdoptKey;
pub use attrs::{
    Changes, CustomFieldOp, CustomFields, Email, GroupAttrs, GroupPatch, OuAttrs, OuPatch, Phone,
    UniqueKey, UserAttrs, UserPatch,
};
pub use desired::{
    CustomFieldScope, DesiredGroup, DesiredOu, DesiredState, DesiredUser, KeyTable, Rejection,
};
pub use ids::{EiamId, ExtId};
pub use kind::{Kind, KindSet, UserStatus};
pub use mode::SyncMode;
pub use observed::{ObservedGroup, ObservedOu, ObservedState, ObservedUser};
pub use onboarding::{NewUserPolicy, NotifyChannel, PasswordInitialization};
pub use ownership::{Origin, Owned, Ownership};
pub use small_set::SmallSet;
pub use snapshot::{
    Defect, GroupMemberRow, GroupRow, OuRow, Snapshot, UserCustomFieldRow, UserOuRow, UserRow,
};
pub use validate::{CustomFieldValues, Validated, validate, validate_with};
