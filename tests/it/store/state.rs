//! The state store on SQLite and PostgreSQL: migrations, ownership, runs, journal, and that
//! nothing personal is stored in clear.

use std::collections::BTreeMap;

use eiam_sync::config::StateSettings;
use eiam_sync::model::{EiamId, ExtId, Kind, Origin};
use eiam_sync::state::{
    JournalEntry, JournalStatus, OwnershipChange, RunMode, RunResult, StateError, StateStore,
};

use super::backends::{TestDatabase, both_backends};

pub fn state(url: &str) -> StateSettings {
    StateSettings {
        url: url.to_owned(),
        fingerprint_key: None,
        fingerprint_key_file: None,
        lease_ttl_secs: 30,
        history_days: 90,
        password_file: None,
    }
}

pub async fn store(db: &TestDatabase) -> StateStore {
    StateStore::connect(&state(db.url())).await.unwrap()
}

/// Every text value in every table of the state database, for leak checks.
async fn all_text(db: &TestDatabase) -> String {
    let mut text = String::new();
    for table in ["owned_objects", "runs", "journal"] {
        let sql = sqlx::AssertSqlSafe(format!("SELECT * FROM {table}"));
        match db {
            TestDatabase::Sqlite { .. } => {
                let pool = sqlx::SqlitePool::connect(db.url()).await.unwrap();
                for row in sqlx::query(sql).fetch_all(&pool).await.unwrap() {
                    use sqlx::Row;
                    for i in 0..row.len() {
                        if let Ok(Some(v)) = row.try_get::<Option<String>, _>(i) {
                            text.push_str(&v);
                            text.push('\n');
                        }
                    }
                }
            }
            TestDatabase::Postgres(pg) => {
                let pool = pg.pool().await;
                for row in sqlx::query(sql).fetch_all(&pool).await.unwrap() {
                    use sqlx::Row;
                    for i in 0..row.len() {
                        if let Ok(Some(v)) = row.try_get::<Option<String>, _>(i) {
                            text.push_str(&v);
                            text.push('\n');
                        }
                    }
                }
            }
        }
    }
    text
}

both_backends! {
    async fn connect_migrates_once_and_reconnects(db) {
        let s = store(db).await;
        s.ping().await.unwrap();
        assert_eq!(s.backend(), if db.is_sqlite() { "sqlite" } else { "postgres" });
        let probe = eiam_sync::state::probe(&state(db.url())).await.unwrap();
        assert!(probe.pending.is_empty(), "{probe}");
        // A second connect finds nothing to do and sees the same data.
        s.record_owned(Kind::User, &"e1".into(), &"user_1".into(), Origin::Created).await.unwrap();
        let again = store(db).await;
        assert_eq!(again.load_ownership().await.unwrap().objects.len(), 1);
    }
}

both_backends! {
    async fn ownership_round_trips_and_upserts(db) {
        let s = store(db).await;
        let (e1, e2) = (ExtId::from("e1"), ExtId::from("e2"));
        s.record_owned(Kind::User, &e1, &"user_1".into(), Origin::Created).await.unwrap();
        s.record_owned(Kind::OrganizationalUnit, &e1, &"ou_1".into(), Origin::Adopted).await.unwrap();
        s.record_owned(Kind::Group, &e2, &"group_2".into(), Origin::Adopted).await.unwrap();
        s.set_fingerprint(Kind::User, &e1, "fp1").await.unwrap();

        let o = s.load_ownership().await.unwrap();
        assert_eq!(o.objects.len(), 3);
        let user = o.get(Kind::User, &e1).unwrap();
        assert_eq!(user.eiam_id, EiamId::from("user_1"));
        assert_eq!(user.origin, Origin::Created);
        assert_eq!(user.fingerprint.as_deref(), Some("fp1"));
        assert_eq!(o.get(Kind::OrganizationalUnit, &e1).unwrap().origin, Origin::Adopted);
        assert!(o.owns(Kind::User, &e1, &"user_1".into()));

        // Re-matching the same object as adopted keeps `created` and the fingerprint.
        s.record_owned(Kind::User, &e1, &"user_1".into(), Origin::Adopted).await.unwrap();
        let user = s.load_ownership().await.unwrap().get(Kind::User, &e1).cloned().unwrap();
        assert_eq!((user.origin, user.fingerprint.as_deref()), (Origin::Created, Some("fp1")));
        // Another EIAM object: the origin is as given and the old fingerprint is dropped.
        s.record_owned(Kind::User, &e1, &"user_9".into(), Origin::Adopted).await.unwrap();
        let user = s.load_ownership().await.unwrap().get(Kind::User, &e1).cloned().unwrap();
        assert_eq!(user.eiam_id, EiamId::from("user_9"));
        assert_eq!((user.origin, user.fingerprint), (Origin::Adopted, None));

        s.forget(Kind::User, &e1).await.unwrap();
        s.forget(Kind::User, &e1).await.unwrap();
        let o = s.load_ownership().await.unwrap();
        assert!(o.get(Kind::User, &e1).is_none());
        assert_eq!(o.objects.len(), 2);

        let err = s.set_fingerprint(Kind::User, &"nobody".into(), "fp").await.unwrap_err();
        assert!(matches!(err, StateError::NotOwned { .. }), "{err}");
        assert_eq!(err.to_string(), "user `nobody` is not in the ownership map");
        let err = s
            .record_owned(Kind::Membership, &e1, &"x".into(), Origin::Created)
            .await
            .unwrap_err();
        assert!(matches!(err, StateError::UnsupportedKind { .. }));
    }
}

both_backends! {
    async fn batched_adoption_and_fingerprints_follow_the_same_rules(db) {
        let s = store(db).await;
        s.record_owned(Kind::User, &"e1".into(), &"user_1".into(), Origin::Created).await.unwrap();
        let adopted: Vec<(Kind, ExtId, EiamId, Origin)> = (1..=300)
            .map(|i| (Kind::User, ExtId::new(format!("e{i}")), EiamId::new(format!("user_{i}")), Origin::Adopted))
            .chain([(Kind::Group, "g1".into(), "group_1".into(), Origin::Created)])
            .collect();
        s.record_owned_many(&adopted).await.unwrap();
        s.record_owned_many(&[]).await.unwrap();
        let fps: Vec<(Kind, ExtId, String)> = (1..=300)
            .map(|i| (Kind::User, ExtId::new(format!("e{i}")), format!("fp{i}")))
            .chain([(Kind::User, "stranger".into(), "fp".to_owned())])
            .collect();
        s.set_fingerprints(&fps).await.unwrap();
        let o = s.load_ownership().await.unwrap();
        assert_eq!(o.objects.len(), 301);
        let e1 = o.get(Kind::User, &"e1".into()).unwrap();
        assert_eq!(e1.origin, Origin::Created, "created stays created when re-matched");
        assert_eq!(e1.fingerprint.as_deref(), Some("fp1"));
        let e300 = o.get(Kind::User, &"e300".into()).unwrap();
        assert_eq!((e300.origin, e300.fingerprint.as_deref()), (Origin::Adopted, Some("fp300")));
        assert!(o.get(Kind::User, &"stranger".into()).is_none(), "unknown objects are skipped");
        assert_eq!(o.get(Kind::Group, &"g1".into()).unwrap().origin, Origin::Created);
        let err = s
            .record_owned_many(&[(Kind::Membership, "m".into(), "x".into(), Origin::Adopted)])
            .await
            .unwrap_err();
        assert!(matches!(err, StateError::UnsupportedKind { .. }));
    }
}

both_backends! {
    async fn runs_are_recorded_and_the_last_success_is_found(db) {
        let s = store(db).await;
        assert!(s.last_successful_run().await.unwrap().is_none());
        let counts = BTreeMap::from([("CreateUser".to_owned(), 40u64), ("PatchUser".to_owned(), 2)]);

        let r1 = s.start_run("users", RunMode::Apply).await.unwrap();
        s.finish_run(r1, RunResult::Success, &counts, Some(1000)).await.unwrap();
        let r2 = s.start_run("users", RunMode::DryRun).await.unwrap();
        s.finish_run(r2, RunResult::Success, &BTreeMap::new(), Some(5)).await.unwrap();
        let r3 = s.start_run("users", RunMode::Apply).await.unwrap();
        s.finish_run(r3, RunResult::Partial, &BTreeMap::new(), Some(990)).await.unwrap();
        let r4 = s.start_run("all", RunMode::Apply).await.unwrap();
        s.finish_run(r4, RunResult::Refused, &BTreeMap::new(), Some(3)).await.unwrap();
        let r5 = s.start_run("all", RunMode::Apply).await.unwrap();

        let last = s.last_successful_run().await.unwrap().unwrap();
        assert_eq!(last.id, r1, "dry runs, partial and refused runs are not successes");
        assert_eq!(last.counts, counts);
        assert_eq!(last.snapshot_users, Some(1000));
        assert_eq!(last.result, Some(RunResult::Success));
        assert!(last.finished_at.unwrap() >= last.started_at);
        assert_eq!(s.last_completed_run().await.unwrap().unwrap().id, r3);

        let runs = s.runs(10).await.unwrap();
        assert_eq!(runs.iter().map(|r| r.id).collect::<Vec<_>>(), [r5, r4, r3, r2, r1]);
        assert_eq!(runs[0].result, None, "an unfinished run has no result");
        assert_eq!(runs[0].finished_at, None);
        assert_eq!(runs[3].mode, RunMode::DryRun);
        assert_eq!(s.runs(2).await.unwrap().len(), 2);

        let err = s.finish_run(r1, RunResult::Failed, &counts, None).await.unwrap_err();
        assert!(matches!(err, StateError::RunNotOpen { .. }), "{err}");
    }
}

fn entry(seq: u32, action: &str, ext: &str, detail: &str) -> JournalEntry {
    JournalEntry {
        seq,
        action: action.into(),
        kind: Kind::User,
        external_id: ext.into(),
        eiam_id: None,
        detail: detail.into(),
    }
}

both_backends! {
    async fn the_journal_follows_each_operation(db) {
        let s = store(db).await;
        let run = s.start_run("users", RunMode::Apply).await.unwrap();
        // More entries than one INSERT batch holds.
        let entries: Vec<JournalEntry> = (0..1203)
            .map(|i| entry(i, "CreateUser", &format!("e{i}"), r#"{"username":[null,"x"]}"#))
            .collect();
        s.journal_plan(run, &entries).await.unwrap();
        let journal = s.journal(run).await.unwrap();
        assert_eq!(journal.len(), 1203);
        assert!(journal.iter().all(|r| r.status == JournalStatus::Planned));
        assert_eq!(journal[1202].external_id, "e1202");

        s.journal_started(run, 0).await.unwrap();
        s.journal_finished(run, 0, JournalStatus::Applied, Some(&"user_0".into()), None).await.unwrap();
        s.journal_started(run, 1).await.unwrap();
        s.journal_finished(run, 1, JournalStatus::Failed, None, Some(&"e".repeat(5000))).await.unwrap();
        s.journal_finished(run, 2, JournalStatus::Skipped, None, None).await.unwrap();
        s.journal_started(run, 3).await.unwrap();

        let journal = s.journal(run).await.unwrap();
        assert_eq!(journal[0].status, JournalStatus::Applied);
        assert_eq!(journal[0].eiam_id.as_deref(), Some("user_0"));
        assert_eq!(journal[1].status, JournalStatus::Failed);
        assert_eq!(journal[1].error.as_ref().map(|e| e.chars().count()), Some(2000));
        assert_eq!(journal[2].status, JournalStatus::Skipped);
        assert_eq!(journal[3].status, JournalStatus::Started, "in doubt until its outcome");
        assert_eq!(journal[0].detail, r#"{"username":[null,"[redacted]"]}"#);

        // Outcomes only follow a start; nothing is finished twice.
        let err = s.journal_finished(run, 4, JournalStatus::Applied, None, None).await.unwrap_err();
        assert_eq!(err.to_string(), format!("journal entry 4 of run {run} cannot become `applied` (it is planned)"));
        assert!(s.journal_started(run, 0).await.is_err());
        assert!(s.journal_finished(run, 0, JournalStatus::Failed, None, None).await.is_err());
        assert!(s.journal_finished(run, 3, JournalStatus::Planned, None, None).await.is_err());
        let err = s.journal_started(run, 99_999).await.unwrap_err();
        assert!(err.to_string().contains("not in the journal"), "{err}");
        // The plan is all or nothing: a duplicate seq fails the whole second plan.
        let other = s.start_run("users", RunMode::Apply).await.unwrap();
        let bad = vec![entry(1, "CreateUser", "a", "{}"), entry(1, "CreateUser", "b", "{}")];
        assert!(s.journal_plan(other, &bad).await.is_err());
        assert!(s.journal(other).await.unwrap().is_empty());
    }
}

both_backends! {
    async fn a_crash_leaves_a_truthful_journal(db) {
        let s = store(db).await;
        let run = s.start_run("users", RunMode::Apply).await.unwrap();
        s.journal_plan(run, &[entry(0, "CreateUser", "e0", "{}"), entry(1, "DeleteUser", "e1", "{}")])
            .await
            .unwrap();
        s.journal_started(run, 0).await.unwrap();
        drop(s);
        // A new process finds the run unfinished and the first request in doubt.
        let s = store(db).await;
        let runs = s.runs(1).await.unwrap();
        assert_eq!((runs[0].id, runs[0].result), (run, None));
        let journal = s.journal(run).await.unwrap();
        let statuses: Vec<JournalStatus> = journal.iter().map(|r| r.status).collect();
        assert_eq!(statuses, [JournalStatus::Started, JournalStatus::Planned]);
    }
}

both_backends! {
    async fn no_personal_data_is_stored_in_clear(db) {
        let s = store(db).await;
        let fp = eiam_sync::state::Fingerprinter::new(&secrecy::SecretString::from("key"));
        let user = eiam_sync::model::DesiredUser {
            external_id: "e1".into(),
            attrs: {
                let mut a = eiam_sync::model::UserAttrs { username: "alice.liddell".into(), ..Default::default() };
                a.display_name = Some("Alice Liddell".into());
                a.email = Some(eiam_sync::model::Email { address: "alice@wonder.land".into(), verified: true });
                a.phone = Some(eiam_sync::model::Phone { region: "86".into(), number: "13912345678".into(), verified: true });
                a.custom_fields = [("national_id", "E-4242")].into_iter().collect();
                a.description = Some("Curious".into());
                a.into()
            },
            primary_ou: "ou1".into(),
            secondary_ous: Default::default(),
            status: eiam_sync::model::UserStatus::Enabled,
        };
        s.record_owned(Kind::User, &user.external_id, &"user_1".into(), Origin::Created).await.unwrap();
        s.set_fingerprint(Kind::User, &user.external_id, &fp.user(&user)).await.unwrap();
        let run = s.start_run("users", RunMode::Apply).await.unwrap();
        let detail = serde_json::json!({
            "username": [null, "alice.liddell"],
            "display_name": [null, "Alice Liddell"],
            "email": [null, "alice@wonder.land"],
            "phone_number": [null, "13912345678"],
            "description": [null, "Curious"],
            "custom_fields.national_id": [null, "E-4242"],
            "primary_ou": [null, "ou1"],
        });
        let entries = [
            entry(0, "CreateUser", "e1", &detail.to_string()),
            entry(1, "PatchUser", "e1", &detail.to_string()),
        ];
        s.journal_plan(run, &entries).await.unwrap();
        s.journal_started(run, 0).await.unwrap();
        s.journal_finished(run, 0, JournalStatus::Applied, Some(&"user_1".into()), None).await.unwrap();
        s.journal_started(run, 1).await.unwrap();
        let error = "400 InvalidParameter.Email: alice@wonder.land conflicts; phone 13912345678";
        s.journal_finished(run, 1, JournalStatus::Failed, None, Some(error)).await.unwrap();
        let stored = s.journal(run).await.unwrap()[1].error.clone().unwrap();
        assert_eq!(stored, "400 InvalidParameter.Email: [redacted] conflicts; phone [redacted]");
        s.finish_run(run, RunResult::Success, &BTreeMap::from([("CreateUser".into(), 1)]), Some(1)).await.unwrap();

        let text = all_text(db).await;
        assert!(text.contains("user_1") && text.contains("ou1"), "ids are kept: {text}");
        for personal in ["alice", "Liddell", "wonder", "13912345678", "Curious", "E-4242"] {
            assert!(!text.contains(personal), "`{personal}` is stored in clear:\n{text}");
        }
    }
}

#[tokio::test]
async fn sqlite_state_uses_wal_and_creates_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let url = format!("sqlite://{}", path.display());
    let s = StateStore::connect(&state(&url)).await.unwrap();
    assert!(path.exists());
    drop(s);
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn a_bad_state_url_is_named_without_its_password() {
    let err = StateStore::connect(&state("mysql://u:secret@h/db"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "state url `mysql://u:[redacted]@h/db` must start with sqlite:, postgres: or postgresql:"
    );
    let err = StateStore::connect(&state("postgres://u:secret@127.0.0.1:1/db"))
        .await
        .unwrap_err();
    assert!(matches!(err, StateError::Connect { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("secret"));
}

both_backends! {
    async fn journalled_creates_are_those_in_doubt_and_lookups_see_applied_ones_too(db) {
        let s = store(db).await;
        let run = s.start_run("test", eiam_sync::state::RunMode::Apply).await.unwrap();
        let entries = [
            entry(0, "CreateUser", "e1", "{}"),
            entry(1, "CreateUser", "e2", "{}"),
            entry(2, "CreateUser", "e3", "{}"),
            entry(3, "PatchUser", "e4", "{}"),
        ];
        s.journal_plan(run, &entries).await.unwrap();
        for seq in [0, 1, 3] {
            s.journal_started(run, seq).await.unwrap();
        }
        s.journal_finished(run, 0, JournalStatus::Applied, Some(&"user_1".into()), None).await.unwrap();
        s.journal_finished(run, 3, JournalStatus::Applied, None, None).await.unwrap();
        // e1 applied, e2 started (in doubt); e3 never started; e4 was no create.
        let in_doubt = s.journalled_creates().await.unwrap();
        let want: std::collections::HashSet<(Kind, ExtId)> = [(Kind::User, ExtId::from("e2"))].into();
        assert_eq!(in_doubt, want);
        let asked: Vec<(Kind, ExtId)> = ["e1", "e2", "e3", "e4", "e5"]
            .into_iter()
            .map(|e| (Kind::User, ExtId::from(e)))
            .chain([(Kind::Group, ExtId::from("e1"))])
            .collect();
        let created = s.journalled_creates_of(&asked).await.unwrap();
        let want: std::collections::HashSet<(Kind, ExtId)> =
            [(Kind::User, ExtId::from("e1")), (Kind::User, ExtId::from("e2"))].into();
        assert_eq!(created, want);
        // A later applied delete ends what a create named.
        let later = s.start_run("test", eiam_sync::state::RunMode::Apply).await.unwrap();
        s.journal_plan(later, &[entry(0, "DeleteUser", "e1", "{}")]).await.unwrap();
        s.journal_started(later, 0).await.unwrap();
        s.journal_finished(later, 0, JournalStatus::Applied, Some(&"user_1".into()), None).await.unwrap();
        let created = s.journalled_creates_of(&asked).await.unwrap();
        assert_eq!(created, [(Kind::User, ExtId::from("e2"))].into());
    }
}

both_backends! {
    async fn concurrent_journal_writes_share_commits(db) {
        let s = store(db).await;
        let run = s.start_run("users", RunMode::Apply).await.unwrap();
        let entries: Vec<JournalEntry> =
            (0..200).map(|i| entry(i, "CreateUser", &format!("e{i}"), "{}")).collect();
        s.journal_plan(run, &entries).await.unwrap();
        let w = s.journal_writer(run);
        // 200 operations start at once: each start returns only once it is committed, and
        // the starts waiting together share transactions.
        let starts = (0..200u32).map(|i| w.started(i));
        for r in futures_util::future::join_all(starts).await {
            r.unwrap();
        }
        let journal = s.journal(run).await.unwrap();
        assert!(journal.iter().all(|r| r.status == JournalStatus::Started));
        let after_starts = w.commits();
        assert!(after_starts < 200, "{after_starts} commits for 200 starts");
        // Outcomes batch too, with the ownership change of a create in the same transaction;
        // an outcome that does not follow its start fails alone.
        let finishes = (0..200u32).map(|i| {
            let id = EiamId::new(format!("user_{i}"));
            let own = OwnershipChange::Record(Kind::User, ExtId::new(format!("e{i}")), id.clone(), Origin::Created);
            let w = &w;
            async move {
                w.finished(i, JournalStatus::Applied, Some(&id), None, Some(own)).await
            }
        });
        let results = futures_util::future::join_all(finishes).await;
        assert!(results.iter().all(|r| r.is_ok()));
        let again = w.finished(7, JournalStatus::Failed, None, Some("late"), None).await.unwrap_err();
        assert!(again.to_string().contains("cannot become `failed` (it is applied)"), "{again}");
        assert!(w.commits() - after_starts < 201);
        let journal = s.journal(run).await.unwrap();
        assert!(journal.iter().all(|r| r.status == JournalStatus::Applied));
        assert_eq!(journal[7].eiam_id.as_deref(), Some("user_7"));
        let own = s.load_ownership().await.unwrap();
        assert_eq!(own.get(Kind::User, &ExtId::new("e199")).map(|o| o.eiam_id.as_str()), Some("user_199"));
        let forget = w
            .finished(0, JournalStatus::Skipped, None, None, Some(OwnershipChange::Forget(Kind::User, ExtId::new("e0"))))
            .await;
        assert!(forget.is_err(), "an applied entry cannot become skipped");
    }
}
