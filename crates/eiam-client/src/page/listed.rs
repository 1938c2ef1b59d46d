//! The duplicate rule's view of a listed item: its id.

use eiam_api::groups::{Group, GroupMember};
use eiam_api::organizational_units::OrganizationalUnit;
use eiam_api::pam::AuthenticationToken;
use eiam_api::users::{GroupMembership, UserSummary};

/// An item of a list, known by its id: one listing must not show the same id twice.
pub trait Listed {
    /// The item's id, when it has one.
    fn key(&self) -> Option<&str>;
}

impl Listed for UserSummary {
    fn key(&self) -> Option<&str> {
        self.user_id.as_deref()
    }
}

impl Listed for OrganizationalUnit {
    fn key(&self) -> Option<&str> {
        self.organizational_unit_id.as_deref()
    }
}

impl Listed for Group {
    fn key(&self) -> Option<&str> {
        self.group_id.as_deref()
    }
}

impl Listed for GroupMember {
    fn key(&self) -> Option<&str> {
        self.user_id.as_deref()
    }
}

impl Listed for GroupMembership {
    fn key(&self) -> Option<&str> {
        self.group_id.as_deref()
    }
}

impl Listed for AuthenticationToken {
    fn key(&self) -> Option<&str> {
        self.authentication_token_id.as_deref()
    }
}
