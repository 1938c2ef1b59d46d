//! Organizational units: field rules, duplicate ids, duplicate names under one parent, missing
//! parents, cycles, and the cascade from a rejected parent to its subtree.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::shared::{
    Rejects, Shrinking, distinct_ids, duplicate_ids, first_defect, named_by, non_empty, others,
};
use crate::model::attrs::OuAttrs;
use crate::model::desired::DesiredOu;
use crate::model::ids::ExtId;
use crate::model::kind::Kind;
use crate::model::rules;
use crate::model::snapshot::OuRow;

const KIND: Kind = Kind::OrganizationalUnit;

/// The valid OUs.
pub(super) struct Ous {
    pub valid: BTreeMap<ExtId, DesiredOu>,
}

impl Ous {
    /// Why a reference to `id` cannot be followed, if it cannot.
    pub fn refuse(&self, id: &str, rejects: &Rejects) -> Option<String> {
        super::shared::refuse(&self.valid, rejects, KIND, id)
    }
}

pub(super) fn validate(rows: Vec<OuRow>, rejects: &mut Rejects) -> Ous {
    let rows: Vec<OuRow> = rows
        .into_iter()
        .map(|r| OuRow {
            parent_id: non_empty(r.parent_id),
            description: non_empty(r.description),
            ..r
        })
        .collect();
    let counts = duplicate_ids(rows.iter().map(|r| r.id.as_str()));
    let ids: HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();

    for row in &rows {
        if let Some((field, reason)) = own_problem(row, &counts) {
            rejects.record(KIND, &row.id, field, reason);
        }
    }
    sibling_names(&rows, rejects);
    for row in &rows {
        if let Some(parent) = row.parent_id.as_deref().filter(|p| !ids.contains(p)) {
            let reason = format!("organizational unit `{parent}` does not exist");
            rejects.record(KIND, &row.id, "parent_id", reason);
        }
    }
    tree(&rows, rejects);

    drop(ids);
    let mut valid = BTreeMap::new();
    for row in Shrinking(rows) {
        if rejects.is_rejected(KIND, &row.id) {
            continue;
        }
        let id = ExtId::from(row.id);
        valid.insert(
            id.clone(),
            DesiredOu {
                external_id: id,
                parent: row.parent_id.map(ExtId::from),
                attrs: OuAttrs {
                    name: row.name,
                    description: row.description,
                },
            },
        );
    }
    Ous { valid }
}

fn own_problem(row: &OuRow, counts: &HashMap<&str, usize>) -> Option<(&'static str, String)> {
    if let Some(defect) = first_defect(&row.defects) {
        return Some(named_by(defect, &row.defects, "name", &row.name));
    }
    if let Err(e) = rules::external_id(&row.id) {
        return Some(("id", e));
    }
    if let Some(n) = counts.get(row.id.as_str()) {
        return Some(("id", format!("appears {n} times in organizational_units")));
    }
    if let Err(e) = rules::ou_name(&row.name) {
        return Some(("name", e));
    }
    if let Some(Err(e)) = row.description.as_deref().map(rules::ou_description) {
        return Some(("description", e));
    }
    None
}

/// EIAM refuses two OUs of the same name under one parent; every holder is rejected rather than
/// letting one of them win by the order of the rows.
fn sibling_names(rows: &[OuRow], rejects: &mut Rejects) {
    let mut by_name: HashMap<(Option<&str>, &str), Vec<&str>> = HashMap::new();
    for row in rows.iter().filter(|r| r.defects.is_empty()) {
        by_name
            .entry((row.parent_id.as_deref(), row.name.as_str()))
            .or_default()
            .push(&row.id);
    }
    for ids in by_name.values().filter(|ids| distinct_ids(ids)) {
        for id in ids {
            let reason = format!(
                "is also the name of organizational unit {} under the same parent",
                others(ids, id)
            );
            rejects.record(KIND, id, "name", reason);
        }
    }
}

/// Resolve every OU to valid or rejected by walking up its parents: cycles are rejected, and a
/// rejected OU takes its whole subtree with it.
fn tree(rows: &[OuRow], rejects: &mut Rejects) {
    let parent: HashMap<&str, Option<&str>> = rows
        .iter()
        .map(|r| (r.id.as_str(), r.parent_id.as_deref()))
        .collect();
    // true: valid; false: rejected.
    let mut resolved: HashMap<&str, bool> = HashMap::new();
    for id in parent.keys() {
        if rejects.is_rejected(KIND, id) {
            resolved.insert(id, false);
        }
    }
    // Sorted starts make the reported cycle independent of the order rows arrive in.
    let mut starts: Vec<&str> = parent.keys().copied().collect();
    starts.sort_unstable();
    for start in starts {
        let mut path: Vec<&str> = Vec::new();
        let mut on_path: HashSet<&str> = HashSet::new();
        let mut current = start;
        let outcome = loop {
            if let Some(valid) = resolved.get(current) {
                break *valid;
            }
            if on_path.contains(current) {
                let at = path.iter().position(|id| *id == current).unwrap_or(0);
                let cycle: Vec<&str> = path.split_off(at);
                let reason = cycle_reason(&cycle);
                for id in &cycle {
                    rejects.record(KIND, id, "parent_id", reason.clone());
                    resolved.insert(id, false);
                }
                break false;
            }
            on_path.insert(current);
            path.push(current);
            match parent.get(current).copied().flatten() {
                Some(p) if parent.contains_key(p) => current = p,
                // Top level (or a missing parent, already rejected above).
                _ => break !rejects.is_rejected(KIND, current),
            }
        };
        // `path` runs from `start` upwards; settle it from the top down.
        for (i, id) in path.iter().enumerate().rev() {
            if resolved.contains_key(id) {
                continue;
            }
            if !outcome {
                let up = path
                    .get(i + 1)
                    .copied()
                    .or_else(|| parent.get(id).copied().flatten())
                    .unwrap_or_default();
                let reason = format!("parent organizational unit `{up}` is rejected");
                rejects.record(KIND, id, "parent_id", reason);
            }
            resolved.insert(id, outcome);
        }
    }
}

fn cycle_reason(cycle: &[&str]) -> String {
    const SHOWN: usize = 6;
    let mut chain: Vec<String> = cycle
        .iter()
        .take(SHOWN)
        .map(|id| format!("`{id}`"))
        .collect();
    if cycle.len() > SHOWN {
        chain.push(format!("… ({} more)", cycle.len() - SHOWN));
    }
    if let Some(first) = cycle.first() {
        chain.push(format!("`{first}`"));
    }
    format!("is part of a cycle of parents: {}", chain.join(" → "))
}
