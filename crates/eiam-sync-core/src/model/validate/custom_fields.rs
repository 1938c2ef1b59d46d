//! `user_custom_fields` rows: each names a managed field of a valid user and carries a value
//! within EIAM's rules, or it is rejected on its own — the user still syncs, and that one field
//! of that user is left as it is in EIAM (neither set nor removed).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::shared::{Rejects, Shrinking, first_defect};
use super::users::Users;
use crate::model::ids::ExtId;
use crate::model::kind::Kind;
use crate::model::rules;
use crate::model::snapshot::UserCustomFieldRow;

/// The validated extended fields of the snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomFieldValues {
    /// The names managed in this run: `[sync] custom_fields`, or none when the snapshot has no
    /// `user_custom_fields` table (then nothing is set or removed).
    pub managed: BTreeSet<String>,
    /// User → field → value, for valid rows with a non-empty value. A managed field a user
    /// has no row for (or an empty one) is to be removed.
    pub values: BTreeMap<ExtId, BTreeMap<String, String>>,
    /// `(user, field)` of rejected rows: that field of that user is left alone.
    pub rejected: BTreeSet<(ExtId, String)>,
}

/// Validates the rows (`None`: the table is absent) against the configured names.
pub(super) fn validate(
    rows: Option<Vec<UserCustomFieldRow>>,
    configured: &[String],
    users: &Users,
    rejects: &mut Rejects,
) -> CustomFieldValues {
    let Some(rows) = rows else {
        return CustomFieldValues::default();
    };
    let managed: BTreeSet<String> = configured.iter().cloned().collect();
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    for r in &rows {
        *counts
            .entry((r.user_id.as_str(), r.field_name.as_str()))
            .or_default() += 1;
    }
    let repeated: BTreeSet<(String, String)> = counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|((u, f), _)| (u.to_owned(), f.to_owned()))
        .collect();
    let mut out = CustomFieldValues {
        managed,
        ..CustomFieldValues::default()
    };
    for row in Shrinking(rows) {
        if let Some(reason) = problem(&row, &out.managed, &repeated, users, rejects) {
            let field = if row.field_name.is_empty() {
                "custom_fields".to_owned()
            } else {
                format!("custom_fields.{}", row.field_name)
            };
            rejects.custom_field(&row.user_id, field, reason);
            out.rejected
                .insert((ExtId::from(row.user_id), row.field_name));
            continue;
        }
        if let Some(value) = row.field_value.filter(|v| !v.is_empty()) {
            out.values
                .entry(ExtId::from(row.user_id))
                .or_default()
                .insert(row.field_name, value);
        }
    }
    out
}

/// Why a row is rejected, if it is; checked in column order after read defects.
fn problem(
    row: &UserCustomFieldRow,
    managed: &BTreeSet<String>,
    repeated: &BTreeSet<(String, String)>,
    users: &Users,
    rejects: &Rejects,
) -> Option<String> {
    if let Some((field, reason)) = first_defect(&row.defects) {
        return Some(format!("{field} {reason}"));
    }
    if let Some(reason) = users.refuse(&row.user_id, rejects) {
        return Some(reason);
    }
    if let Err(e) = rules::custom_field_name(&row.field_name) {
        return Some(format!("field_name {e}"));
    }
    if !managed.contains(&row.field_name) {
        return Some(format!(
            "field `{}` is not managed (not in [sync] custom_fields)",
            row.field_name
        ));
    }
    if repeated.contains(&(row.user_id.clone(), row.field_name.clone())) {
        return Some("appears more than once for this user".to_owned());
    }
    match row.field_value.as_deref() {
        Some(v) if !v.is_empty() => rules::custom_field_value(v)
            .err()
            .map(|e| format!("field_value {e}")),
        _ => None,
    }
}

impl Rejects {
    /// Reject a `user_custom_fields` row: reported under its user, which stays valid.
    fn custom_field(&mut self, user: &str, field: String, reason: String) {
        self.push_custom(Kind::User, user, field, reason);
    }
}
