//! Groups: field rules, duplicate ids and duplicate names.

use std::collections::{BTreeMap, HashMap};

use super::shared::{
    Rejects, Shrinking, duplicate_ids, first_defect, named_by, others, shared_values,
};
use crate::model::attrs::GroupAttrs;
use crate::model::desired::DesiredGroup;
use crate::model::ids::ExtId;
use crate::model::kind::Kind;
use crate::model::rules;
use crate::model::snapshot::GroupRow;

const KIND: Kind = Kind::Group;

/// The valid groups.
pub(super) struct Groups {
    pub valid: BTreeMap<ExtId, DesiredGroup>,
}

impl Groups {
    /// Why a reference to `id` cannot be followed, if it cannot.
    pub fn refuse(&self, id: &str, rejects: &Rejects) -> Option<String> {
        super::shared::refuse(&self.valid, rejects, KIND, id)
    }
}

pub(super) fn validate(rows: Vec<GroupRow>, rejects: &mut Rejects) -> Groups {
    let counts = duplicate_ids(rows.iter().map(|r| r.id.as_str()));
    for row in &rows {
        if let Some((field, reason)) = own_problem(row, &counts) {
            rejects.record(KIND, &row.id, field, reason);
        }
    }
    // Whether EIAM allows two groups of one name is not documented (docs/eiam-api.md, open
    // question 7); rejecting both never lets the order of rows decide which one a name belongs to.
    let names = rows
        .iter()
        .filter(|r| r.defects.is_empty())
        .map(|r| (r.name.as_str(), r.id.as_str()))
        .collect();
    for ids in shared_values(names) {
        for id in &ids {
            let reason = format!("is also the name of group {}", others(&ids, id));
            rejects.record(KIND, id, "name", reason);
        }
    }

    let mut valid = BTreeMap::new();
    for row in Shrinking(rows) {
        if rejects.is_rejected(KIND, &row.id) {
            continue;
        }
        let id = ExtId::from(row.id);
        valid.insert(
            id.clone(),
            DesiredGroup {
                external_id: id,
                attrs: GroupAttrs { name: row.name },
            },
        );
    }
    Groups { valid }
}

fn own_problem(row: &GroupRow, counts: &HashMap<&str, usize>) -> Option<(&'static str, String)> {
    if let Some(defect) = first_defect(&row.defects) {
        return Some(named_by(defect, &row.defects, "name", &row.name));
    }
    if let Err(e) = rules::external_id(&row.id) {
        return Some(("id", e));
    }
    if let Some(n) = counts.get(row.id.as_str()) {
        return Some(("id", format!("appears {n} times in groups")));
    }
    if let Err(e) = rules::group_name(&row.name) {
        return Some(("name", e));
    }
    None
}
