//! One consistent, read-only read: a concurrent writer is never seen half-way, and the
//! snapshot file is never written or created.

use eiam_sync::source::{SnapshotReader, SourceError, Table, read_snapshot};

use super::backends::{CONTRACT_SCHEMA, both_backends};
use super::source::{SMALL, source};

both_backends! {
    async fn a_writer_between_two_tables_is_not_seen(db) {
        db.exec(CONTRACT_SCHEMA).await;
        db.exec(SMALL).await;
        if db.is_sqlite() {
            // WAL lets the writer commit while the read is open, the hard case.
            db.exec("PRAGMA journal_mode = WAL").await;
        }
        let settings = source(db.url());
        let mut reader = SnapshotReader::open(&settings).await.unwrap();
        let mut snapshot = eiam_sync::model::Snapshot::default();
        reader.read_table(Table::OrganizationalUnits, &mut snapshot).await.unwrap();

        db.exec(
            "UPDATE users SET username = 'rewritten';
             INSERT INTO organizational_units VALUES ('new', 'hq', 'New', NULL);
             INSERT INTO users VALUES ('u3', 'carol', NULL, NULL, NULL, NULL, NULL, NULL, 'new', NULL, 'enabled');
             DELETE FROM group_members; DELETE FROM groups;",
        )
        .await;

        for table in [Table::Users, Table::UserOrganizationalUnits, Table::Groups, Table::GroupMembers] {
            reader.read_table(table, &mut snapshot).await.unwrap();
        }
        reader.close().await.unwrap();
        assert_eq!(snapshot.organizational_units.len(), 2);
        let mut names: Vec<&str> = snapshot.users.iter().map(|u| u.username.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["alice", "bob"], "the read saw the writer");
        assert_eq!(snapshot.groups.len(), 1);
        assert_eq!(snapshot.group_members.len(), 1);

        let after = read_snapshot(&settings).await.unwrap();
        assert_eq!(after.users.len(), 3, "the writer did commit");
        assert!(after.groups.is_empty());
    }
}

#[tokio::test]
async fn sqlite_rollback_journal_writer_waits_for_the_read() {
    let db = super::backends::TestDatabase::sqlite().await;
    db.exec(CONTRACT_SCHEMA).await;
    db.exec(SMALL).await;
    let settings = source(db.url());
    let mut reader = SnapshotReader::open(&settings).await.unwrap();
    let mut snapshot = eiam_sync::model::Snapshot::default();
    reader
        .read_table(Table::OrganizationalUnits, &mut snapshot)
        .await
        .unwrap();

    let url = db.url().to_owned();
    let writer = tokio::spawn(async move {
        use sqlx::{ConnectOptions, Connection};
        let mut conn = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(&url)
            .unwrap()
            .busy_timeout(std::time::Duration::from_secs(20))
            .connect()
            .await
            .unwrap();
        sqlx::query("UPDATE users SET username = 'rewritten'")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !writer.is_finished(),
        "the writer committed under an open read"
    );
    reader
        .read_table(Table::Users, &mut snapshot)
        .await
        .unwrap();
    reader.close().await.unwrap();
    writer.await.unwrap();
    assert!(snapshot.users.iter().all(|u| u.username != "rewritten"));
    let after = read_snapshot(&settings).await.unwrap();
    assert!(after.users.iter().all(|u| u.username == "rewritten"));
}

#[tokio::test]
async fn a_missing_sqlite_file_is_an_error_and_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.db");
    let err = read_snapshot(&source(&format!("sqlite://{}?mode=rwc", path.display())))
        .await
        .unwrap_err();
    assert!(matches!(err, SourceError::MissingFile { .. }), "{err:?}");
    assert!(err.to_string().contains("absent.db"));
    assert!(!path.exists());
}

#[tokio::test]
async fn reading_never_writes_the_snapshot_file() {
    let db = super::backends::TestDatabase::sqlite().await;
    db.exec(CONTRACT_SCHEMA).await;
    db.exec(SMALL).await;
    let super::backends::TestDatabase::Sqlite { path, .. } = &db else {
        unreachable!()
    };
    let before = std::fs::read(path).unwrap();
    read_snapshot(&source(db.url())).await.unwrap();
    assert_eq!(std::fs::read(path).unwrap(), before);
    let dir = path.parent().unwrap();
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "no journal or WAL files were left: {files:?}"
    );
}
