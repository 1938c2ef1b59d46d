//! The kinds of directory objects and the user status values.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A kind of object eiam-sync manages. The JSON report spells them `organizational_unit`,
/// `user`, `group`, `membership`; `--only` and `[schedule]` use the plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OrganizationalUnit,
    User,
    Group,
    Membership,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::OrganizationalUnit,
        Kind::User,
        Kind::Group,
        Kind::Membership,
    ];

    /// Singular name, as in the report's `kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OrganizationalUnit => "organizational_unit",
            Kind::User => "user",
            Kind::Group => "group",
            Kind::Membership => "membership",
        }
    }

    /// Plural name, as in `--only` and `[schedule]`.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::OrganizationalUnit => "organizational_units",
            Kind::User => "users",
            Kind::Group => "groups",
            Kind::Membership => "memberships",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.plural() == s)
            .ok_or_else(|| {
                format!(
                    "unknown kind `{s}` (expected organizational_units, users, groups or memberships)"
                )
            })
    }
}

/// A set of kinds (`--only`); the default is every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindSet(u8);

impl KindSet {
    pub fn all() -> Self {
        KindSet(0b1111)
    }
    pub fn empty() -> Self {
        KindSet(0)
    }
    fn bit(k: Kind) -> u8 {
        1 << (k as u8)
    }
    pub fn with(mut self, k: Kind) -> Self {
        self.0 |= Self::bit(k);
        self
    }
    pub fn contains(self, k: Kind) -> bool {
        self.0 & Self::bit(k) != 0
    }
    pub fn is_all(self) -> bool {
        self.0 == 0b1111
    }
    pub fn iter(self) -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(move |k| self.contains(*k))
    }
    /// Parse a comma-separated list such as `users,groups`.
    pub fn parse_list(s: &str) -> Result<Self, String> {
        s.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .try_fold(KindSet::empty(), |set, part| Ok(set.with(part.parse()?)))
    }
}

impl Default for KindSet {
    fn default() -> Self {
        KindSet::all()
    }
}

/// An account's status in EIAM and in the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    #[default]
    Enabled,
    Disabled,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Enabled => "enabled",
            UserStatus::Disabled => "disabled",
        }
    }
}

impl FromStr for UserStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "enabled" => Ok(UserStatus::Enabled),
            "disabled" => Ok(UserStatus::Disabled),
            other => Err(format!("must be `enabled` or `disabled`, not `{other}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_lists_parse_both_spellings() {
        let set = KindSet::parse_list("users, organizational_unit").expect("valid");
        assert!(set.contains(Kind::User) && set.contains(Kind::OrganizationalUnit));
        assert!(!set.contains(Kind::Group));
        assert!(KindSet::parse_list("people").is_err());
        assert!(KindSet::all().is_all());
    }
}
