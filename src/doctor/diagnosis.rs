//! What `doctor` finds: the checks in the order they ran, the reading of `ListUsers`, and the
//! counts per kind.

use serde::Serialize;

use super::reading::ListUsersReading;
use crate::exit;

/// One thing looked at: whether it is as a sync needs it, and what to change when not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
}

impl Check {
    pub(super) fn ok(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            ok: true,
            detail: detail.into(),
        }
    }

    pub(super) fn failed(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            ok: false,
            detail: detail.into(),
        }
    }
}

/// What `doctor` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// In the order they ran; a check that needs an earlier one that failed is not listed.
    pub checks: Vec<Check>,
    pub list_users_reading: ListUsersReading,
    /// Counted under the sync root; `None` when the checks before did not get that far.
    pub objects: Option<Objects>,
}

impl Diagnosis {
    /// Whether a sync can run: every check passed.
    pub fn can_sync(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// 0 when a sync can run, 1 when it cannot.
    pub fn exit_code(&self) -> i32 {
        if self.can_sync() {
            exit::OK
        } else {
            exit::FATAL
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            format!("{{\"error\": \"the diagnosis could not be written as JSON: {e}\"}}")
        })
    }

    pub(super) fn push(&mut self, check: Check) -> bool {
        let ok = check.ok;
        self.checks.push(check);
        ok
    }
}

/// The counts of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    /// Objects eiam-sync created or adopted.
    pub managed: u64,
    /// Snapshot records the configured rules would adopt an object for.
    pub adoptable: u64,
    /// Snapshot records that match several objects, or whose object other records match too.
    pub ambiguous: u64,
    /// Snapshot records whose create would be skipped: an object eiam-sync may not adopt holds
    /// the name (or username, email, phone number) already.
    pub conflicting: u64,
    /// Objects kept by another source (IDaaS's inbound sync) that eiam-sync does not manage.
    pub other_sources: u64,
}

/// The counts per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Objects {
    pub organizational_units: KindCounts,
    pub users: KindCounts,
    pub groups: KindCounts,
}
