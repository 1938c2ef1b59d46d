//! Identifier newtypes: the source's external IDs and EIAM's own IDs never mix. Each is a
//! shared string: the copies a run keeps of an id (maps, member sets, the planner's indexes)
//! share one allocation.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

macro_rules! id_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl $name {
            pub fn new(s: impl Into<String>) -> Self {
                Self(Arc::from(s.into()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_string(self) -> String {
                String::from(&*self.0)
            }
        }

        /// Honours width and alignment, so ids line up in the text report.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(Arc::from(s))
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(Arc::from(s))
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                *self.0 == **other
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_newtype!(
    /// A source record's stable key; becomes the EIAM `*ExternalId`.
    ExtId
);
id_newtype!(
    /// An EIAM object id (`ou_…`, `user_…`, `group_…`).
    EiamId
);

/// Conversions between [`EiamId`] and the client's typed ids (`eiam_api::ids`): both share the
/// same `Arc<str>`, so none copies the text.
macro_rules! typed_eiam_id {
    ($($kind:ty),*) => {$(
        impl From<&EiamId> for $kind {
            fn from(id: &EiamId) -> Self {
                <$kind>::from(Arc::clone(&id.0))
            }
        }

        impl From<EiamId> for $kind {
            fn from(id: EiamId) -> Self {
                <$kind>::from(id.0)
            }
        }

        impl From<&$kind> for EiamId {
            fn from(id: &$kind) -> Self {
                EiamId(Arc::clone(id.as_arc()))
            }
        }

        impl From<$kind> for EiamId {
            fn from(id: $kind) -> Self {
                EiamId(id.into_arc())
            }
        }
    )*};
}

typed_eiam_id!(
    eiam_api::ids::UserId,
    eiam_api::ids::OrganizationalUnitId,
    eiam_api::ids::GroupId
);

#[cfg(test)]
mod tests {
    use eiam_api::ids::{GroupId, OrganizationalUnitId, UserId};

    use super::*;

    #[test]
    fn typed_ids_share_the_eiam_id_string() {
        let id = EiamId::from("user_1");
        let user = UserId::from(&id);
        assert_eq!(user, "user_1");
        assert!(Arc::ptr_eq(user.as_arc(), &id.0));
        let back = EiamId::from(user);
        assert!(Arc::ptr_eq(&back.0, &id.0));

        let ou = OrganizationalUnitId::from(id.clone());
        assert!(Arc::ptr_eq(ou.as_arc(), &id.0));
        assert!(Arc::ptr_eq(&EiamId::from(&ou).0, &id.0));

        let group = GroupId::from(&EiamId::from("group_1"));
        assert_eq!(EiamId::from(group), "group_1");
    }
}
