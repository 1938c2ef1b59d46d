//! Typed ids of EIAM objects: one newtype per kind, so an account id cannot be passed where an
//! OU id is meant. Each is a shared string (`Arc<str>`): cloning one copies no text, and neither
//! does converting from (or to) another `Arc<str>`-backed id.
//!
//! The kinds are distinct types, so mixing them up is a compile error:
//!
//! ```compile_fail
//! use eiam_api::ids::{OrganizationalUnitId, UserId};
//!
//! fn takes_ou(_: &OrganizationalUnitId) {}
//! takes_ou(&UserId::from("user_1"));
//! ```
//!
//! The wire structs keep plain `String` fields (they are the JSON); the client converts at its
//! methods' edges.

use std::borrow::Borrow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Defines an id newtype over `Arc<str>`, serialized as the bare string.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl $name {
            /// The id `id` (a `String`, `&str`, `Box<str>` or `Arc<str>`).
            pub fn new(id: impl Into<Arc<str>>) -> Self {
                Self(id.into())
            }

            /// The id as the API spells it.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The shared string, for converting to another `Arc<str>`-backed id without a copy.
            pub fn as_arc(&self) -> &Arc<str> {
                &self.0
            }

            /// The shared string.
            pub fn into_arc(self) -> Arc<str> {
                self.0
            }

            /// The id as an owned `String` (copies the text).
            pub fn into_string(self) -> String {
                String::from(&*self.0)
            }
        }

        /// The bare id; honours width and alignment.
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

        /// Reads as the `str` it holds (`id.len()`, `Option::as_deref`, `&id` where a `&str`
        /// is taken); the other way, `&str` to an id, takes an explicit conversion.
        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(Arc::from(id))
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                Self(Arc::from(id.as_str()))
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(Arc::from(id))
            }
        }

        impl From<Arc<str>> for $name {
            fn from(id: Arc<str>) -> Self {
                Self(id)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.into_string()
            }
        }

        impl From<$name> for Arc<str> {
            fn from(id: $name) -> Self {
                id.0
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

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == &*other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == &*other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                **self == *other.0
            }
        }
    };
}

id_type!(
    /// An account's id (`userId`, `user_…`).
    UserId
);
id_type!(
    /// An organizational unit's id (`organizationalUnitId`, `ou_…`).
    OrganizationalUnitId
);
id_type!(
    /// A group's id (`groupId`, `group_…`).
    GroupId
);

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn converts_from_and_to_strings() {
        let a = UserId::from("user_1");
        let b = UserId::from("user_1".to_owned());
        let c = UserId::new(Arc::<str>::from("user_1"));
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a.as_str(), "user_1");
        assert_eq!(AsRef::<str>::as_ref(&a), "user_1");
        assert_eq!(Some(a.clone()).as_deref(), Some("user_1"));
        assert!(a.starts_with("user_"));
        assert_eq!(String::from(a.clone()), "user_1");
        assert_eq!(a.into_string(), "user_1");
        assert_eq!(Arc::<str>::from(b), Arc::from("user_1"));
    }

    #[test]
    fn shares_the_string_it_was_made_from() {
        let shared: Arc<str> = Arc::from("ou_1");
        let id = OrganizationalUnitId::from(Arc::clone(&shared));
        assert!(Arc::ptr_eq(id.as_arc(), &shared));
        let copy = id.clone();
        assert!(Arc::ptr_eq(copy.as_arc(), &shared));
        assert!(Arc::ptr_eq(&copy.into_arc(), &shared));
    }

    #[test]
    fn displays_the_bare_id_and_debugs_the_kind() {
        let id = GroupId::from("group_1");
        assert_eq!(id.to_string(), "group_1");
        assert_eq!(format!("[{id:>9}]"), "[  group_1]");
        assert_eq!(format!("{id:?}"), r#"GroupId("group_1")"#);
        assert_eq!(
            format!("{:?}", OrganizationalUnitId::from("ou_1")),
            r#"OrganizationalUnitId("ou_1")"#
        );
    }

    #[test]
    fn compares_with_strings_and_orders_by_text() {
        let id = UserId::from("user_b");
        assert!(id == "user_b");
        assert!(id == *"user_b");
        assert!("user_b" == id);
        let owned = String::from("user_b");
        assert!(id == owned);
        assert!(owned == id);
        let before = UserId::from("user_a");
        assert!(before < id);
        let mut by_id = HashMap::new();
        by_id.insert(id, 1);
        assert_eq!(by_id.get("user_b"), Some(&1));
    }

    #[test]
    fn serializes_as_the_bare_string() {
        let id = OrganizationalUnitId::from("ou_1");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, r#""ou_1""#);
        let back: OrganizationalUnitId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
    }
}
