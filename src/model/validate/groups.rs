//! Groups: field rules, duplicate ids and duplicate names.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Rejects, distinct_ids, first_defect, id_counts, others};
use crate::model::desired::DesiredGroup;
use crate::model::ids::ExtId;
use crate::model::kind::Kind;
use crate::model::rules;
use crate::model::snapshot::GroupRow;

const KIND: Kind = Kind::Group;

/// The valid groups and every group id the snapshot mentions.
pub(super) struct Groups {
    pub valid: BTreeMap<ExtId, DesiredGroup>,
    pub known: HashSet<String>,
}

impl Groups {
    /// Why a reference to `id` cannot be followed, if it cannot.
    pub fn refuse(&self, id: &str) -> Option<String> {
        if self.valid.contains_key(id) {
            None
        } else if self.known.contains(id) {
            Some(format!("group `{id}` is rejected"))
        } else {
            Some(format!("group `{id}` does not exist"))
        }
    }
}

pub(super) fn validate(rows: Vec<GroupRow>, rejects: &mut Rejects) -> Groups {
    let counts = id_counts(rows.iter().map(|r| r.id.as_str()));
    for row in &rows {
        if let Some((field, reason)) = own_problem(row, &counts) {
            rejects.record(KIND, &row.id, field, reason);
        }
    }
    // Whether EIAM allows two groups of one name is not documented (FACTS open question 7);
    // rejecting both never lets the order of rows decide which one a name belongs to.
    let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for row in rows.iter().filter(|r| r.defects.is_empty()) {
        by_name.entry(row.name.as_str()).or_default().push(&row.id);
    }
    for ids in by_name.values().filter(|ids| distinct_ids(ids)) {
        for id in ids {
            let reason = format!("is also the name of group {}", others(ids, id));
            rejects.record(KIND, id, "name", reason);
        }
    }

    let known = counts.keys().map(|id| (*id).to_owned()).collect();
    let mut valid = BTreeMap::new();
    for row in rows {
        if rejects.is_rejected(KIND, &row.id) {
            continue;
        }
        let id = ExtId(row.id);
        valid.insert(
            id.clone(),
            DesiredGroup {
                external_id: id,
                name: row.name,
            },
        );
    }
    Groups { valid, known }
}

fn own_problem(row: &GroupRow, counts: &HashMap<&str, u32>) -> Option<(&'static str, String)> {
    if let Some(defect) = first_defect(&row.defects) {
        return Some(defect);
    }
    if let Err(e) = rules::external_id(&row.id) {
        return Some(("id", e));
    }
    if let Some(n) = counts.get(row.id.as_str()).filter(|n| **n > 1) {
        return Some(("id", format!("appears {n} times in groups")));
    }
    if let Err(e) = rules::group_name(&row.name) {
        return Some(("name", e));
    }
    None
}
