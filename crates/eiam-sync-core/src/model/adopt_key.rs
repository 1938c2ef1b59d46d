//! The keys an adoption rule matches a snapshot record with an EIAM object by (`[sync.adopt]`,
//! docs/adoption.md): a user's username, email or phone number, an OU's path of names under
//! the sync root, a group's name.

use std::fmt;
use std::str::FromStr;

use super::attrs::UniqueKey;
use super::kind::Kind;

/// What an adopted object was matched by; `None` in the ownership map for objects eiam-sync
/// created or found under their own external id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AdoptKey {
    Username,
    Email,
    PhoneNumber,
    /// The chain of OU names from the sync root down.
    Path,
    /// A group's name.
    Name,
}

impl AdoptKey {
    pub const ALL: [AdoptKey; 5] = [
        AdoptKey::Username,
        AdoptKey::Email,
        AdoptKey::PhoneNumber,
        AdoptKey::Path,
        AdoptKey::Name,
    ];

    /// The spelling of the configuration, the report's `matched_by` and the state store.
    pub fn as_str(self) -> &'static str {
        match self {
            AdoptKey::Username => "username",
            AdoptKey::Email => "email",
            AdoptKey::PhoneNumber => "phone_number",
            AdoptKey::Path => "path",
            AdoptKey::Name => "name",
        }
    }

    /// The kind of object the key matches.
    pub fn kind(self) -> Kind {
        match self {
            AdoptKey::Username | AdoptKey::Email | AdoptKey::PhoneNumber => Kind::User,
            AdoptKey::Path => Kind::OrganizationalUnit,
            AdoptKey::Name => Kind::Group,
        }
    }

    /// The unique user value the key reads, for the user keys.
    pub fn unique_key(self) -> Option<UniqueKey> {
        match self {
            AdoptKey::Username => Some(UniqueKey::Username),
            AdoptKey::Email => Some(UniqueKey::Email),
            AdoptKey::PhoneNumber => Some(UniqueKey::Phone),
            AdoptKey::Path | AdoptKey::Name => None,
        }
    }
}

impl fmt::Display for AdoptKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AdoptKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AdoptKey::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("unknown adoption key `{s}` (expected username, email, phone_number, path or name)")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_their_spelling() {
        for k in AdoptKey::ALL {
            assert_eq!(k.as_str().parse::<AdoptKey>(), Ok(k));
        }
        assert!("mail".parse::<AdoptKey>().is_err());
        assert_eq!(AdoptKey::PhoneNumber.unique_key(), Some(UniqueKey::Phone));
        assert_eq!(AdoptKey::Path.kind(), Kind::OrganizationalUnit);
    }
}
