//! The read and validate stages: the snapshot from the source database, then the desired state
//! and the records rejected on the way.

use tracing::info;

use crate::config::SourceSettings;
use crate::model::{DesiredState, Rejection, Snapshot};
use crate::source::read_snapshot;

use super::super::ReconcileError;

/// What the rest of the run works from.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub desired: DesiredState,
    /// Bad records, each naming its record and field; the rest of the snapshot proceeds.
    pub rejected: Vec<Rejection>,
}

impl Input {
    /// Users in the snapshot, recorded in the run history for the next run's shrink gate.
    pub fn users(&self) -> u64 {
        self.desired.users.len() as u64
    }
}

/// Read the snapshot's tables.
pub async fn read(source: &SourceSettings) -> Result<Snapshot, ReconcileError> {
    Ok(read_snapshot(source).await?)
}

/// Validate the snapshot record by record, managing no extended field.
pub fn validate(snapshot: Snapshot) -> Input {
    validate_with(snapshot, &[])
}

/// Validate the snapshot record by record; `custom_fields` are `[sync] custom_fields`.
pub fn validate_with(snapshot: Snapshot, custom_fields: &[String]) -> Input {
    let validated = crate::model::validate_with(snapshot, custom_fields);
    let input = Input {
        desired: validated.desired,
        rejected: validated.rejections,
    };
    info!(
        ous = input.desired.ous.len(),
        users = input.desired.users.len(),
        groups = input.desired.groups.len(),
        rejected = input.rejected.len(),
        "read the snapshot"
    );
    input
}
