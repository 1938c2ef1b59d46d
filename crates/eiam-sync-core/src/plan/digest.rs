//! The plan id: a digest of the operations alone (action, kind, external id, the EIAM id of an
//! object that already exists, the changes, and whether the operation is blocked), so the same
//! snapshot against the same EIAM state always gives the same id.
//!
//! Nothing that differs between two runs over the same data enters it: objects a plan creates
//! are referred to by position, temporary names come from a per-plan counter, and `changes`
//! maps are ordered.

use sha1::{Digest, Sha1};

use super::types::{Op, Plan};

/// Hex characters of the SHA-1 kept in the id (80 bits: ample to tell plans apart, short enough
/// to read out and paste).
const ID_HEX: usize = 20;

/// The id of a plan's operations.
pub fn plan_id(plan: &Plan) -> String {
    ops_id(plan.ops.iter().map(OpKey::of))
}

/// What of an operation the plan id covers, in a form a saved plan can rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpKey<'a> {
    pub action: &'a str,
    pub kind: &'a str,
    pub external_id: &'a str,
    pub eiam_id: Option<&'a str>,
    /// `changes` as canonical JSON.
    pub changes: String,
    pub blocked: bool,
}

impl<'a> OpKey<'a> {
    pub fn of(op: &'a Op) -> Self {
        OpKey {
            action: op.action().as_str(),
            kind: op.kind.as_str(),
            external_id: op.external_id.as_str(),
            eiam_id: op.eiam_id.as_ref().map(|i| i.as_str()),
            changes: serde_json::to_string(&op.changes).unwrap_or_default(),
            blocked: op.blocked.is_some(),
        }
    }
}

/// The id of a sequence of operation keys.
pub fn ops_id<'a>(ops: impl Iterator<Item = OpKey<'a>>) -> String {
    let mut h = Sha1::new();
    h.update(b"eiam-sync plan/v1\0");
    for op in ops {
        for part in [op.action, op.kind, op.external_id] {
            field(&mut h, part.as_bytes());
        }
        match op.eiam_id {
            Some(id) => field(&mut h, id.as_bytes()),
            None => h.update([0xff]),
        }
        field(&mut h, op.changes.as_bytes());
        h.update([u8::from(op.blocked)]);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    hex[..ID_HEX].to_owned()
}

/// Length-prefixed, so no two different operation lists encode alike.
fn field(h: &mut Sha1, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::{EiamId, Kind};
    use crate::plan::types::Payload;

    fn op(ext: &str, after: &str) -> Op {
        Op {
            kind: Kind::Group,
            external_id: ext.into(),
            eiam_id: Some(EiamId::new("group_1")),
            payload: Payload::PatchGroup {
                group: crate::plan::ObjRef::Id(EiamId::new("group_1")),
                patch: crate::model::GroupPatch {
                    name: Some(after.to_owned()),
                },
            },
            changes: std::sync::Arc::new(crate::model::Changes::from([(
                "name".to_owned(),
                [json!("old"), json!(after)],
            )])),
            deps: Vec::new(),
            blocked: None,
            cause: None,
        }
    }

    fn of(ops: Vec<Op>) -> String {
        plan_id(&Plan {
            ops,
            ..Default::default()
        })
    }

    #[test]
    fn the_id_depends_on_the_operations_only() {
        let a = of(vec![op("g1", "new")]);
        assert_eq!(a.len(), ID_HEX);
        assert_eq!(a, of(vec![op("g1", "new")]));
        // Dependencies, causes and notes do not matter; ids, targets and values do.
        let mut with_cause = op("g1", "new");
        with_cause.cause = Some(crate::plan::Cause::Drift);
        with_cause.deps = vec![3];
        assert_eq!(a, of(vec![with_cause]));
        assert_ne!(a, of(vec![op("g1", "newer")]));
        assert_ne!(a, of(vec![op("g2", "new")]));
        let mut other_target = op("g1", "new");
        other_target.eiam_id = Some(EiamId::new("group_2"));
        assert_ne!(a, of(vec![other_target]));
        let mut blocked = op("g1", "new");
        blocked.blocked = Some("why".to_owned());
        assert_ne!(a, of(vec![blocked]));
        assert_ne!(
            of(vec![op("g1", "a"), op("g2", "b")]),
            of(vec![op("g2", "b"), op("g1", "a")])
        );
        assert_ne!(a, of(Vec::new()));
    }
}
