//! Users: field rules, required pairs, status, duplicate ids and duplicate usernames, emails and
//! phone numbers, and the primary OU reference.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::ous::Ous;
use super::shared::{
    MapBuilder, Rejects, Shrinking, duplicate_ids, first_defect, has_defect, named_by, non_empty,
    others, shared_values,
};
use crate::model::attrs::{CustomFields, Email, Phone, UserAttrs};
use crate::model::desired::DesiredUser;
use crate::model::ids::ExtId;
use crate::model::kind::{Kind, UserStatus};
use crate::model::rules;
use crate::model::snapshot::UserRow;

const KIND: Kind = Kind::User;

/// The valid users.
pub(super) struct Users {
    pub valid: BTreeMap<ExtId, DesiredUser>,
}

impl Users {
    /// Why a reference to `id` cannot be followed, if it cannot.
    pub fn refuse(&self, id: &str, rejects: &Rejects) -> Option<String> {
        super::shared::refuse(&self.valid, rejects, KIND, id)
    }
}

pub(super) fn validate(rows: Vec<UserRow>, ous: &Ous, rejects: &mut Rejects) -> Users {
    let rows: Vec<UserRow> = rows
        .into_iter()
        .map(|r| UserRow {
            display_name: non_empty(r.display_name),
            email: non_empty(r.email),
            phone_region: non_empty(r.phone_region),
            phone_number: non_empty(r.phone_number),
            description: non_empty(r.description),
            ..r
        })
        .collect();
    let counts = duplicate_ids(rows.iter().map(|r| r.id.as_str()));
    for row in &rows {
        if let Some((field, reason)) = own_problem(row, &counts) {
            rejects.record(KIND, &row.id, field, reason);
        }
    }
    unique(&rows, rejects);
    for row in &rows {
        if let Some(reason) = ous.refuse(&row.primary_ou_id, rejects) {
            rejects.record(KIND, &row.id, "primary_ou_id", reason);
        }
    }

    drop(counts);
    let mut valid = MapBuilder::new();
    for row in Shrinking(rows) {
        if rejects.is_rejected(KIND, &row.id) {
            continue;
        }
        if let Some(mut user) = desired(row) {
            // The primary OU's id shares the OU's allocation.
            if let Some((ou, _)) = ous.valid.get_key_value(&user.primary_ou) {
                user.primary_ou = ou.clone();
            }
            valid.insert(user.external_id.clone(), user);
        }
    }
    Users {
        valid: valid.finish(),
    }
}

/// The first rule the row breaks, in column order.
fn own_problem(row: &UserRow, counts: &HashMap<&str, usize>) -> Option<(&'static str, String)> {
    if let Some(defect) = first_defect(&row.defects) {
        return Some(named_by(defect, &row.defects, "username", &row.username));
    }
    if let Err(e) = rules::external_id(&row.id) {
        return Some(("id", e));
    }
    if let Some(n) = counts.get(row.id.as_str()) {
        return Some(("id", format!("appears {n} times in users")));
    }
    if let Err(e) = rules::username(&row.username) {
        return Some(("username", e));
    }
    if let Some(Err(e)) = row.display_name.as_deref().map(rules::display_name) {
        return Some(("display_name", e));
    }
    if let Some(email) = &row.email {
        if let Err(e) = rules::email(email) {
            return Some(("email", e));
        }
        if row.email_verified.is_none() {
            return Some(("email_verified", "is required when email is set".to_owned()));
        }
    }
    // A region or verified flag without a number is harmless and ignored.
    if let Some(number) = &row.phone_number {
        match &row.phone_region {
            None => {
                return Some((
                    "phone_region",
                    "is required when phone_number is set".to_owned(),
                ));
            }
            Some(region) => {
                if let Err(e) = rules::phone_region(region) {
                    return Some(("phone_region", e));
                }
            }
        }
        if let Err(e) = rules::phone_number(number) {
            return Some(("phone_number", e));
        }
        if row.phone_number_verified.is_none() {
            return Some((
                "phone_number_verified",
                "is required when phone_number is set".to_owned(),
            ));
        }
    }
    if row.primary_ou_id.trim().is_empty() {
        return Some(("primary_ou_id", "is empty".to_owned()));
    }
    if let Some(Err(e)) = row.description.as_deref().map(rules::user_description) {
        return Some(("description", e));
    }
    if let Err(e) = row.status.parse::<UserStatus>() {
        return Some(("status", e));
    }
    None
}

/// Usernames, emails and phone numbers must be unique; every holder of a shared value is
/// rejected. Usernames and emails compare case-insensitively: whether EIAM does is not documented
/// (docs/eiam-api.md, open question 7), and the stricter reading never sends a create that the
/// service may refuse as a duplicate.
fn unique(rows: &[UserRow], rejects: &mut Rejects) {
    let readable = |row: &UserRow, field| !has_defect(&row.defects, field);
    let usernames = shared_values(
        rows.iter()
            .filter(|r| readable(r, "username"))
            .map(|r| (fold(&r.username), r.id.as_str()))
            .collect(),
    );
    let emails = shared_values(
        rows.iter()
            .filter(|r| readable(r, "email"))
            .filter_map(|r| r.email.as_deref().map(|e| (fold(e), r.id.as_str())))
            .collect(),
    );
    let phones = shared_values(
        rows.iter()
            .filter(|r| readable(r, "phone_number") && readable(r, "phone_region"))
            .filter_map(|r| {
                let number = r.phone_number.as_deref()?;
                let region = r.phone_region.as_deref().unwrap_or("");
                Some(((region, number), r.id.as_str()))
            })
            .collect(),
    );
    for (field, groups) in [
        ("username", usernames),
        ("email", emails),
        ("phone_number", phones),
    ] {
        for ids in groups {
            for id in &ids {
                let reason = format!("is also used by user {}", others(&ids, id));
                rejects.record(KIND, id, field, reason);
            }
        }
    }
}

fn fold(value: &str) -> Cow<'_, str> {
    if value.chars().any(char::is_uppercase) {
        Cow::Owned(value.to_lowercase())
    } else {
        Cow::Borrowed(value)
    }
}

/// The desired user of a valid row (`None` only if a checked invariant did not hold).
fn desired(row: UserRow) -> Option<DesiredUser> {
    let email = match row.email {
        Some(address) => Some(Email {
            address,
            verified: row.email_verified?,
        }),
        None => None,
    };
    let phone = match row.phone_number {
        Some(number) => Some(Phone {
            region: row.phone_region?,
            number,
            verified: row.phone_number_verified?,
        }),
        None => None,
    };
    Some(DesiredUser {
        external_id: ExtId::from(row.id),
        attrs: std::sync::Arc::new(UserAttrs {
            username: row.username,
            display_name: row.display_name,
            email,
            phone,
            custom_fields: CustomFields::new(),
            description: row.description,
        }),
        primary_ou: ExtId::from(row.primary_ou_id),
        secondary_ous: BTreeSet::new(),
        status: row.status.parse().ok()?,
    })
}
