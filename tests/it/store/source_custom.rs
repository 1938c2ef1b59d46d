//! The optional `user_custom_fields` table on SQLite and PostgreSQL: absent, present, replaced
//! by a query, mistyped values, and what `config check` says of it.

use eiam_sync::model::{Kind, validate_with};
use eiam_sync::source::{SourceError, read_snapshot};

use super::backends::{CONTRACT_SCHEMA, both_backends};
use super::source::{SMALL, source};

const CUSTOM_TABLE: &str = "CREATE TABLE user_custom_fields (
  user_id     TEXT NOT NULL,
  field_name  TEXT NOT NULL,
  field_value TEXT,
  PRIMARY KEY (user_id, field_name)
);";

fn managed() -> Vec<String> {
    vec!["employee_number".into(), "cost_center".into()]
}

both_backends! {
    async fn an_absent_table_manages_no_field(db) {
        db.exec(CONTRACT_SCHEMA).await;
        db.exec(SMALL).await;
        let snapshot = read_snapshot(&source(db.url())).await.unwrap();
        assert_eq!(snapshot.user_custom_fields, None);
        let v = validate_with(snapshot, &managed());
        assert!(v.custom_fields.managed.is_empty(), "absent is not empty: nothing is removed");
        let report = eiam_sync::source::probe(&source(db.url())).await.unwrap();
        let text = report.to_string();
        assert!(
            text.contains("optional table `user_custom_fields` absent (no custom fields managed)"),
            "{text}"
        );
    }
}

both_backends! {
    async fn rows_are_read_and_validated(db) {
        db.exec(CONTRACT_SCHEMA).await;
        db.exec(SMALL).await;
        db.exec(CUSTOM_TABLE).await;
        let snapshot = read_snapshot(&source(db.url())).await.unwrap();
        assert_eq!(snapshot.user_custom_fields, Some(vec![]), "present and empty");
        assert_eq!(
            validate_with(snapshot, &managed()).custom_fields.managed.len(),
            2,
            "an empty table manages (and removes) every configured field"
        );
        db.exec(
            "INSERT INTO user_custom_fields VALUES ('u1', 'employee_number', 'E1');
             INSERT INTO user_custom_fields VALUES ('u1', 'cost_center', NULL);
             INSERT INTO user_custom_fields VALUES ('u2', 'shoe_size', '9');
             INSERT INTO user_custom_fields VALUES ('u9', 'employee_number', 'E9');",
        )
        .await;
        let report = eiam_sync::source::probe(&source(db.url())).await.unwrap();
        assert!(report.to_string().contains("table `user_custom_fields`"), "{report}");
        let v = validate_with(read_snapshot(&source(db.url())).await.unwrap(), &managed());
        assert_eq!(
            v.custom_fields.values["u1"].iter().collect::<Vec<_>>(),
            [(&"employee_number".to_owned(), &"E1".to_owned())]
        );
        let got: Vec<(Kind, &str, &str)> = v
            .rejections
            .iter()
            .map(|r| (r.kind, r.external_id.as_str(), r.field.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Kind::User, "u2", "custom_fields.shoe_size"),
                (Kind::User, "u9", "custom_fields.employee_number"),
            ]
        );
    }
}

both_backends! {
    async fn a_query_replaces_the_table_and_must_work(db) {
        db.exec(CONTRACT_SCHEMA).await;
        db.exec(SMALL).await;
        db.exec(
            "CREATE TABLE hr_attrs (emp TEXT, attr TEXT, val TEXT);
             INSERT INTO hr_attrs VALUES ('u2', 'cost_center', 'CC7');",
        )
        .await;
        let mut settings = source(db.url());
        settings.queries.insert(
            "user_custom_fields".into(),
            "SELECT emp AS user_id, attr AS field_name, val AS field_value FROM hr_attrs".into(),
        );
        let v = validate_with(read_snapshot(&settings).await.unwrap(), &managed());
        assert_eq!(v.custom_fields.values["u2"]["cost_center"], "CC7");
        // A configured query is never "absent": a broken one is an error, not "no fields".
        settings.queries.insert(
            "user_custom_fields".into(),
            "SELECT user_id, field_name, field_value FROM no_such_table".into(),
        );
        let err = read_snapshot(&settings).await.unwrap_err();
        assert!(matches!(err, SourceError::Prepare { .. }), "{err:?}");
        assert!(eiam_sync::source::probe(&settings).await.is_err());
    }
}

#[tokio::test]
async fn sqlite_mistyped_values_reject_only_their_row() {
    let db = super::backends::TestDatabase::sqlite().await;
    db.exec(CONTRACT_SCHEMA).await;
    db.exec(SMALL).await;
    db.exec(
        "CREATE TABLE user_custom_fields (user_id TEXT, field_name TEXT, field_value);
         INSERT INTO user_custom_fields VALUES ('u1', 'employee_number', 1001);
         INSERT INTO user_custom_fields VALUES ('u1', 'cost_center', 'CC1');
         INSERT INTO user_custom_fields VALUES ('u2', NULL, 'x');",
    )
    .await;
    let v = validate_with(read_snapshot(&source(db.url())).await.unwrap(), &managed());
    let got: Vec<(&str, &str, &str)> = v
        .rejections
        .iter()
        .map(|r| (r.external_id.as_str(), r.field.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "u1",
                "custom_fields.employee_number",
                "field_value must be text, found an integer (could not be read)"
            ),
            (
                "u2",
                "custom_fields",
                "field_name is NULL (could not be read)"
            ),
        ]
    );
    assert_eq!(v.custom_fields.values["u1"]["cost_center"], "CC1");
}

#[tokio::test]
async fn postgres_mistyped_value_column_rejects_each_row() {
    let db = super::backends::TestDatabase::postgres().await;
    db.exec(CONTRACT_SCHEMA).await;
    db.exec(SMALL).await;
    db.exec(
        "CREATE TABLE user_custom_fields (user_id TEXT, field_name TEXT, field_value INTEGER);
         INSERT INTO user_custom_fields VALUES ('u1', 'employee_number', 1001);",
    )
    .await;
    let v = validate_with(read_snapshot(&source(db.url())).await.unwrap(), &managed());
    assert_eq!(v.rejections.len(), 1, "{:?}", v.rejections);
    assert_eq!(v.rejections[0].field, "custom_fields.employee_number");
    assert!(
        v.rejections[0]
            .reason
            .starts_with("field_value must be text"),
        "{:?}",
        v.rejections
    );
}
