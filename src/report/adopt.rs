//! How adoptions read in the report for people: the object taken over and the key that
//! matched it, where other operations show their changes; their count in the summary line.

use serde_json::Value;

use crate::plan::Action;

use super::OperationReport;

/// `user_2x7 (matched by username)` for an `Adopt` operation; `None` for the others.
pub fn adopted(op: &OperationReport) -> Option<String> {
    if op.action != Action::Adopt {
        return None;
    }
    let id = op.eiam_id.as_ref().map_or("?", |i| i.as_str());
    let key = match op.changes.get("matched_by") {
        Some([_, Value::String(k)]) => k.as_str(),
        _ => "?",
    };
    Some(format!("{id} (matched by {key})"))
}

/// The summary line's count of adoptions (`, 9 to adopt`), when there are some.
pub fn counted(dry_run: bool, n: usize) -> String {
    match (n, dry_run) {
        (0, _) => String::new(),
        (n, true) => format!(", {n} to adopt"),
        (n, false) => format!(", {n} adopted"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::Kind;
    use crate::report::Status;

    #[test]
    fn an_adoption_names_its_object_and_key() {
        let mut op = OperationReport {
            action: Action::Adopt,
            kind: Kind::User,
            external_id: "e1".into(),
            eiam_id: Some("user_7".into()),
            status: Status::Planned,
            changes: std::sync::Arc::new(crate::model::Changes::from([(
                "matched_by".to_owned(),
                [Value::Null, json!("email")],
            )])),
            error: None,
            cause: None,
        };
        assert_eq!(adopted(&op).as_deref(), Some("user_7 (matched by email)"));
        op.action = Action::PatchUser;
        assert_eq!(adopted(&op), None);
        assert_eq!(
            (counted(true, 2), counted(false, 1)),
            (", 2 to adopt".into(), ", 1 adopted".into())
        );
        assert_eq!(counted(true, 0), "");
    }
}
