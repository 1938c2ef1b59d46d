//! How much of EIAM a run observes: all of the managed subtree, or only what changed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// `full` observes the whole managed subtree; `incremental` touches EIAM only for what changed
/// in the snapshot since it was last applied, plus what a previous run left unfinished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncMode {
    #[default]
    Full,
    Incremental,
}

impl SyncMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncMode::Full => "full",
            SyncMode::Incremental => "incremental",
        }
    }
}

impl fmt::Display for SyncMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SyncMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "full" => Ok(SyncMode::Full),
            "incremental" => Ok(SyncMode::Incremental),
            other => Err(format!(
                "unknown mode {other:?} (expected full or incremental)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_spell_as_the_contract_does() {
        for mode in [SyncMode::Full, SyncMode::Incremental] {
            assert_eq!(mode.as_str().parse::<SyncMode>(), Ok(mode));
            assert_eq!(
                serde_json::to_value(mode).unwrap(),
                serde_json::Value::from(mode.as_str())
            );
        }
        assert_eq!(SyncMode::default(), SyncMode::Full);
        assert!("delta".parse::<SyncMode>().is_err());
    }
}
