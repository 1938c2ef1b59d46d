//! `--only`: keep the operations of some kinds; an operation that needs one left out is
//! skipped, with the reason.

use crate::model::KindSet;

use super::types::{OpId, Plan};

/// Restrict a plan to `kinds`, renumbering operations and their dependencies.
pub fn restrict(plan: &mut Plan, kinds: KindSet) {
    if kinds.is_all() {
        return;
    }
    let ops = std::mem::take(&mut plan.ops);
    let mut new_index: Vec<Option<OpId>> = vec![None; ops.len()];
    let mut kept = Vec::new();
    for (old, mut op) in ops.into_iter().enumerate() {
        if !kinds.contains(op.kind) {
            continue;
        }
        let mut missing = false;
        let mut deps = Vec::with_capacity(op.deps.len());
        for d in &op.deps {
            match new_index.get(*d).copied().flatten() {
                Some(n) => deps.push(n),
                None => missing = true,
            }
        }
        op.deps = deps;
        if missing && op.blocked.is_none() {
            op.blocked = Some("it depends on changes of other kinds that --only leaves out (run without --only, or include them)".to_owned());
        }
        new_index[old] = Some(kept.len());
        kept.push(op);
    }
    plan.ops = kept;
}
