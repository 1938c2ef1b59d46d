//! `[sync.adopt]` (docs/adoption.md): which keys may match a snapshot
//! record with an EIAM object eiam-sync does not manage, which sources may be taken over, and
//! the guard on how many one run adopts. Off by default.

use serde::{Deserialize, Serialize};

/// A key a snapshot user may be matched by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UserKeyName {
    Username,
    Email,
    PhoneNumber,
}

/// How OUs are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OuMatch {
    #[default]
    None,
    /// The OU with the same chain of names under the sync root.
    Path,
}

/// How groups are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupMatch {
    #[default]
    None,
    /// The group with the same name.
    Name,
}

/// `[sync.adopt]`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdoptSettings {
    /// Keys tried in order to match a snapshot user with an account eiam-sync does not
    /// manage; none adopts no user.
    #[serde(default)]
    pub users: Vec<UserKeyName>,
    #[serde(default)]
    pub organizational_units: OuMatch,
    #[serde(default)]
    pub groups: GroupMatch,
    /// Object sources (`*SourceType`) that may be adopted.
    #[serde(default = "default_source_types")]
    pub source_types: Vec<String>,
    /// Guard: a run that would adopt more objects is refused (exit 4), approvable.
    #[serde(default = "default_max_adoptions")]
    pub max_adoptions: u64,
}

fn default_source_types() -> Vec<String> {
    vec!["build_in".to_owned()]
}

fn default_max_adoptions() -> u64 {
    crate::plan::WideLimits::default().max_adoptions
}

impl Default for AdoptSettings {
    fn default() -> Self {
        AdoptSettings {
            users: Vec::new(),
            organizational_units: OuMatch::default(),
            groups: GroupMatch::default(),
            source_types: default_source_types(),
            max_adoptions: default_max_adoptions(),
        }
    }
}

impl AdoptSettings {
    /// What is wrong with the settings: `(key, problem)`.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, key) in self.users.iter().enumerate() {
            if self.users[..i].contains(key) {
                out.push((format!("sync.adopt.users[{i}]"), "repeats a key".to_owned()));
            }
        }
        for (i, t) in self.source_types.iter().enumerate() {
            let key = format!("sync.adopt.source_types[{i}]");
            if t.trim().is_empty() || t.trim() != t {
                out.push((key, "must be a source type such as `build_in`".to_owned()));
            } else if self.source_types[..i].contains(t) {
                out.push((key, format!("repeats `{t}`")));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_adopt_nothing_and_repeats_are_problems() {
        let d = AdoptSettings::default();
        assert!(d.users.is_empty());
        assert_eq!(
            (d.organizational_units, d.groups),
            (OuMatch::None, GroupMatch::None)
        );
        assert_eq!(
            (d.source_types.as_slice(), d.max_adoptions),
            (&["build_in".to_owned()][..], 500)
        );
        let bad = AdoptSettings {
            users: vec![UserKeyName::Email, UserKeyName::Email],
            source_types: vec!["build_in".into(), " ".into()],
            ..AdoptSettings::default()
        };
        let keys: Vec<String> = bad.problems().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["sync.adopt.users[1]", "sync.adopt.source_types[1]"]);
    }
}
