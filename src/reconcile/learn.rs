//! What the state store learns after applying: owned objects and fingerprints (the record
//! stage), leavers with a grace period, and what the next incremental run may take as settled.

use std::time::SystemTime;

use crate::model::{DesiredState, KindSet};
use crate::report::Outcome;

use super::Reconciler;
use super::review;
use super::stages::{
    self, Before, MemberFingerprints, Observation, Planned, RecordInput, SettleInput,
};

/// A run's plan, what it started from and how its operations ended.
pub(super) struct After<'a> {
    pub now: SystemTime,
    pub desired: &'a DesiredState,
    pub observation: &'a Observation,
    pub planned: &'a Planned,
    pub outcomes: &'a [Outcome],
    pub members: &'a MemberFingerprints,
    pub kinds: KindSet,
    /// Whether the run planned the whole snapshot (not a saved plan's part of it).
    pub whole: bool,
}

impl Reconciler {
    /// Record what an applying run left behind; failures are logged, never fatal.
    pub(super) async fn learn(&self, a: After<'_>) {
        let observation = a.observation;
        let record_input = RecordInput {
            fingerprints: &a.planned.fingerprints,
            before: Before {
                desired: a.desired,
                observed: &observation.observed,
                ownership: &observation.ownership,
                recovered: &observation.recovered,
            },
            plan: &a.planned.plan,
            outcomes: a.outcomes,
            kinds: a.kinds,
        };
        stages::record(&self.store, record_input).await;
        review::record_leavers(
            &self.store,
            &self.settings,
            a.now,
            a.desired,
            &observation.ownership,
            &a.planned.plan,
            a.outcomes,
            a.kinds,
        )
        .await;
        // A run limited to some kinds, or to a saved plan's operations, did not bring member
        // sets and leavers in step.
        if a.kinds != KindSet::all() || !a.whole {
            return;
        }
        let settle = SettleInput {
            desired: a.desired,
            observed: &observation.observed,
            ownership: &observation.ownership,
            members: a.members,
            plan: &a.planned.plan,
            outcomes: a.outcomes,
            synthesized: &observation.synthesized_members,
        };
        stages::settle(&self.store, settle).await;
    }
}
