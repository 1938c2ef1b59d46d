//! The snapshot readers on SQLite and PostgreSQL: tables and custom queries, per-record
//! handling of mistyped values, clear errors.

use std::collections::BTreeMap;

use eiam_sync::config::SourceSettings;
use eiam_sync::model::snapshot::{GroupRow, OuRow, UserRow};
use eiam_sync::model::{Kind, validate};
use eiam_sync::source::{SourceError, read_snapshot};

use super::backends::{CONTRACT_SCHEMA, both_backends, loose_schema};
use super::fixture;

pub fn source(url: &str) -> SourceSettings {
    SourceSettings {
        url: url.to_owned(),
        queries: BTreeMap::new(),
        password_file: None,
    }
}

fn with_queries(url: &str, queries: &[(&str, &str)]) -> SourceSettings {
    SourceSettings {
        url: url.to_owned(),
        queries: queries
            .iter()
            .map(|(t, q)| ((*t).to_owned(), (*q).to_owned()))
            .collect(),
        password_file: None,
    }
}

/// A few valid rows in the contract tables.
pub const SMALL: &str = r#"
INSERT INTO organizational_units VALUES ('hq', NULL, 'Headquarters', 'Main office');
INSERT INTO organizational_units VALUES ('eng', 'hq', 'Engineering', NULL);
INSERT INTO users VALUES ('u1', 'alice', 'Alice', 'alice@example.com', TRUE, '86', '13800138000', FALSE, 'eng', NULL, 'enabled');
INSERT INTO users VALUES ('u2', 'bob', NULL, NULL, NULL, NULL, NULL, NULL, 'hq', 'Ops', 'disabled');
INSERT INTO user_organizational_units VALUES ('u1', 'hq');
INSERT INTO groups VALUES ('g1', 'Admins');
INSERT INTO group_members VALUES ('g1', 'u1');
"#;

fn error_text(e: &SourceError) -> String {
    eiam_sync::errors::chain(e)
}

both_backends! {
    async fn malformed_records_are_rejected_one_by_one(db) {
        db.exec(&loose_schema()).await;
        db.exec(&fixture::inserts()).await;
        let snapshot = read_snapshot(&source(db.url())).await.unwrap();
        let validated = validate(snapshot);
        let got: Vec<(Kind, String, String, String)> = validated
            .rejections
            .iter()
            .map(|r| (r.kind, r.external_id.clone(), r.field.clone(), r.reason.clone()))
            .collect();
        let expected = fixture::expected_rejections();
        assert!(expected.len() >= 30);
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(g, e);
        }
        assert_eq!(got.len(), expected.len(), "{got:#?}");
        assert_eq!(validated.desired, fixture::expected_desired());
    }
}

both_backends! {
    async fn reads_the_contract_tables_exactly(db) {
        db.exec(CONTRACT_SCHEMA).await;
        db.exec(SMALL).await;
        let mut s = read_snapshot(&source(db.url())).await.unwrap();
        s.organizational_units.sort_by(|a, b| a.id.cmp(&b.id));
        s.users.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(
            s.organizational_units,
            vec![
                OuRow { id: "eng".into(), parent_id: Some("hq".into()), name: "Engineering".into(), description: None, defects: vec![] },
                OuRow { id: "hq".into(), parent_id: None, name: "Headquarters".into(), description: Some("Main office".into()), defects: vec![] },
            ]
        );
        assert_eq!(
            s.users[0],
            UserRow {
                id: "u1".into(),
                username: "alice".into(),
                display_name: Some("Alice".into()),
                email: Some("alice@example.com".into()),
                email_verified: Some(true),
                phone_region: Some("86".into()),
                phone_number: Some("13800138000".into()),
                phone_number_verified: Some(false),
                primary_ou_id: "eng".into(),
                description: None,
                status: "enabled".into(),
                defects: vec![],
            }
        );
        assert_eq!(s.users[1].status, "disabled");
        assert_eq!(s.users[1].email_verified, None);
        assert_eq!(s.user_organizational_units.len(), 1);
        assert_eq!(s.groups, vec![GroupRow { id: "g1".into(), name: "Admins".into(), defects: vec![] }]);
        assert_eq!(s.group_members[0].group_id, "g1");
        assert!(validate(s).rejections.is_empty());
    }
}

both_backends! {
    async fn a_missing_table_is_named(db) {
        db.exec(CONTRACT_SCHEMA).await;
        db.exec("DROP TABLE group_members").await;
        let err = read_snapshot(&source(db.url())).await.unwrap_err();
        assert!(matches!(err, SourceError::Prepare { .. }), "{err:?}");
        assert!(
            err.to_string().starts_with("table `group_members` is missing"),
            "{err}"
        );
        assert!(error_text(&err).contains("group_members"), "{}", error_text(&err));
    }
}

both_backends! {
    async fn missing_columns_are_named(db) {
        let schema = CONTRACT_SCHEMA
            .replace("  phone_region          TEXT,\n", "")
            .replace("  phone_number_verified BOOLEAN,\n", "");
        db.exec(&schema).await;
        let err = read_snapshot(&source(db.url())).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "table `users` lacks the column(s) phone_region, phone_number_verified"
        );
    }
}

both_backends! {
    async fn custom_queries_replace_tables(db) {
        db.exec(CONTRACT_SCHEMA).await;
        db.exec(SMALL).await;
        db.exec(
            "CREATE TABLE hr_teams (team_code TEXT, title TEXT);
             INSERT INTO hr_teams VALUES ('t1', 'Red'), ('t2', 'Blue');",
        )
        .await;
        let settings = with_queries(
            db.url(),
            &[
                ("groups", "SELECT team_code AS id, title AS name, 'extra' AS ignored FROM hr_teams;"),
                ("group_members", "SELECT 't1' AS group_id, id AS user_id FROM users"),
            ],
        );
        let mut s = read_snapshot(&settings).await.unwrap();
        s.groups.sort_by(|a, b| a.id.cmp(&b.id));
        let groups: Vec<(&str, &str)> = s.groups.iter().map(|g| (g.id.as_str(), g.name.as_str())).collect();
        assert_eq!(groups, [("t1", "Red"), ("t2", "Blue")]);
        assert_eq!(s.group_members.len(), 2);
        assert!(s.group_members.iter().all(|m| m.group_id == "t1"));
        assert_eq!(s.users.len(), 2, "tables without a query are read as they are");

        let broken = with_queries(db.url(), &[("groups", "SELECT team_code AS id FROM hr_teams")]);
        let err = read_snapshot(&broken).await.unwrap_err();
        assert_eq!(err.to_string(), "query `source.queries.groups` lacks the column(s) name");
    }
}

both_backends! {
    async fn mistyped_values_of_custom_queries_reject_only_their_records(db) {
        db.exec(CONTRACT_SCHEMA).await;
        db.exec(SMALL).await;
        // NULL in a required column for one row; a number where text belongs for another.
        let users = "SELECT id, CASE WHEN id = 'u2' THEN NULL ELSE username END AS username, \
                     display_name, email, email_verified, phone_region, phone_number, \
                     phone_number_verified, primary_ou_id, description, status FROM users";
        let groups = "SELECT id, name FROM groups UNION ALL SELECT 'g2', NULL \
                      UNION ALL SELECT 'g3', 'Fine'";
        let settings = with_queries(db.url(), &[("users", users), ("groups", groups)]);
        let v = validate(read_snapshot(&settings).await.unwrap());
        let got: Vec<(Kind, &str, &str, &str)> = v
            .rejections
            .iter()
            .map(|r| (r.kind, r.external_id.as_str(), r.field.as_str(), r.reason.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Kind::User, "u2", "username", "is NULL (could not be read)"),
                (Kind::Group, "g2", "name", "is NULL (could not be read)"),
            ]
        );
        assert!(v.desired.users.contains_key("u1"));
        assert!(v.desired.groups.contains_key("g3"));
    }
}

#[tokio::test]
async fn sqlite_values_of_the_wrong_type_reject_only_their_record() {
    let db = super::backends::TestDatabase::sqlite().await;
    db.exec(CONTRACT_SCHEMA).await;
    db.exec(SMALL).await;
    // SQLite keeps these as given: BOOLEAN columns have numeric affinity, which leaves 'yes'
    // as text and 1.5 as a real; TEXT columns leave blobs alone.
    db.exec(
        "INSERT INTO users VALUES ('u3', 'carol', NULL, 'c@example.com', 'yes', NULL, NULL, NULL, 'hq', NULL, 'enabled');
         INSERT INTO users VALUES ('u4', 'dave', NULL, NULL, NULL, '86', '13800138004', 2, 'hq', NULL, 'enabled');
         INSERT INTO users VALUES ('u5', X'00ff', NULL, NULL, NULL, NULL, NULL, NULL, 'hq', NULL, 'enabled');
         INSERT INTO users VALUES ('u6', 'erin', NULL, 'e@example.com', 1.5, NULL, NULL, NULL, 'hq', NULL, 'enabled');
         INSERT INTO users VALUES ('u7', 'frank', NULL, 'f@example.com', '1', NULL, NULL, NULL, 'hq', NULL, 'enabled');",
    )
    .await;
    let groups =
        "SELECT id, name FROM groups UNION ALL SELECT 'g2', 42 UNION ALL SELECT 7, 'Seven'";
    let settings = with_queries(db.url(), &[("groups", groups)]);
    let snapshot = read_snapshot(&settings).await.unwrap();
    let v = validate(snapshot);
    let got: Vec<(Kind, &str, &str, &str)> = v
        .rejections
        .iter()
        .map(|r| {
            (
                r.kind,
                r.external_id.as_str(),
                r.field.as_str(),
                r.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Kind::User,
                "u3",
                "email_verified",
                "must be a boolean (0 or 1), found text (could not be read)"
            ),
            (
                Kind::User,
                "u4",
                "phone_number_verified",
                "must be a boolean (0 or 1), found another integer (could not be read)"
            ),
            (
                Kind::User,
                "u5",
                "username",
                "must be text, found a blob (could not be read)"
            ),
            (
                Kind::User,
                "u6",
                "email_verified",
                "must be a boolean (0 or 1), found a real number (could not be read)"
            ),
            (
                Kind::Group,
                "7",
                "id",
                "must be text, found an integer (could not be read); the row's name is `Seven`"
            ),
            (
                Kind::Group,
                "g2",
                "name",
                "must be text, found an integer (could not be read)"
            ),
        ]
    );
    let users: Vec<&str> = v.desired.users.keys().map(|k| k.as_str()).collect();
    assert_eq!(
        users,
        ["u1", "u2", "u7"],
        "numeric affinity stores '1' as the integer 1"
    );
    assert!(v.desired.is_rejected(Kind::Group, &"7".into()));
}

#[tokio::test]
async fn postgres_mistyped_columns_reject_each_affected_record() {
    let db = super::backends::TestDatabase::postgres().await;
    db.exec(CONTRACT_SCHEMA).await;
    db.exec(SMALL).await;
    let users = "SELECT id, username, display_name, email, \
                 CASE WHEN email_verified THEN 1 END AS email_verified, phone_region, \
                 phone_number, phone_number_verified, primary_ou_id, description, status FROM users";
    let settings = with_queries(db.url(), &[("users", users)]);
    let v = validate(read_snapshot(&settings).await.unwrap());
    let got: Vec<(&str, &str, &str)> = v
        .rejections
        .iter()
        .filter(|r| r.kind == Kind::User)
        .map(|r| (r.external_id.as_str(), r.field.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        got,
        [(
            "u1",
            "email_verified",
            "must be a boolean, found INT4 (could not be read)"
        )]
    );
    assert!(
        v.desired.users.contains_key("u2"),
        "a NULL of the wrong type is still NULL"
    );
}

#[tokio::test]
async fn unreachable_postgres_is_a_connect_error() {
    let start = std::time::Instant::now();
    let err = read_snapshot(&source("postgres://postgres:pw@127.0.0.1:1/none"))
        .await
        .unwrap_err();
    assert!(matches!(err, SourceError::Connect { .. }), "{err:?}");
    assert!(
        !error_text(&err).contains("pw@"),
        "the password leaked: {err}"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
}

both_backends! {
    async fn probe_checks_every_table_and_runs_each_query(db) {
        db.exec(CONTRACT_SCHEMA).await;
        db.exec(SMALL).await;
        let settings = with_queries(db.url(), &[("groups", "SELECT id, name FROM groups")]);
        let report = eiam_sync::source::probe(&settings).await.unwrap();
        assert_eq!(report.backend, if db.is_sqlite() { "sqlite" } else { "postgres" });
        let text = report.to_string();
        assert!(text.contains("table `users`") && text.contains("query `source.queries.groups`"), "{text}");

        // Prepares fine, fails only when run: the probe runs it.
        let failing = if db.is_sqlite() {
            "SELECT id, name FROM groups WHERE abs(-9223372036854775808) > 0"
        } else {
            "SELECT id, (1 / (length(name) - length(name)))::text AS name FROM groups"
        };
        let settings = with_queries(db.url(), &[("groups", failing)]);
        let err = eiam_sync::source::probe(&settings).await.unwrap_err();
        assert!(matches!(err, SourceError::Read { .. }), "{err:?}");
        assert_eq!(err.to_string(), "reading query `source.queries.groups` failed");
    }
}
