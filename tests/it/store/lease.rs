//! The leader lease with two contenders, on SQLite and PostgreSQL.

use std::time::Duration;

use super::backends::{TestDatabase, both_backends};
use super::state::store;

const TTL: Duration = Duration::from_secs(3);

both_backends! {
    async fn only_one_contender_holds_the_lease(db) {
        let a = store(db).await;
        let b = store(db).await;
        let lease = a.acquire_lease("host-a", TTL).await.unwrap().expect("free lease");
        assert_eq!(lease.holder(), "host-a");
        assert!(lease.is_held());
        assert!(b.acquire_lease("host-b", TTL).await.unwrap().is_none());
        assert!(a.acquire_lease("host-a", TTL).await.unwrap().is_none(), "not re-entrant");
        assert!(lease.renew(TTL).await.unwrap());

        lease.release().await.unwrap();
        let taken = b.acquire_lease("host-b", TTL).await.unwrap().expect("released lease");
        assert!(a.acquire_lease("host-a", TTL).await.unwrap().is_none());
        taken.release().await.unwrap();
    }
}

both_backends! {
    async fn the_lease_is_kept_beyond_its_ttl_while_held(db) {
        let a = store(db).await;
        let b = store(db).await;
        // Renewed every third of it: a renewal would have to be late by two thirds of the
        // TTL, more than a busy machine delays one, for the lease to lapse.
        let ttl = Duration::from_secs(2);
        let lease = a.acquire_lease("host-a", ttl).await.unwrap().unwrap();
        tokio::time::sleep(ttl * 3).await;
        assert!(lease.is_held(), "the background renewal kept it");
        assert!(b.acquire_lease("host-b", ttl).await.unwrap().is_none());
        lease.release().await.unwrap();
    }
}

both_backends! {
    async fn a_dropped_lease_is_released(db) {
        let a = store(db).await;
        let b = store(db).await;
        let lease = a.acquire_lease("host-a", TTL).await.unwrap().unwrap();
        drop(lease);
        let mut taken = None;
        for _ in 0..50 {
            taken = b.acquire_lease("host-b", TTL).await.unwrap();
            if taken.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        taken.expect("the dropped lease was released").release().await.unwrap();
    }
}

#[tokio::test]
async fn sqlite_an_expired_lease_is_taken_over_and_its_holder_learns_it() {
    let db = TestDatabase::sqlite().await;
    let a = store(&db).await;
    let b = store(&db).await;
    // A holder that crashed leaves its row behind until it expires.
    let past = eiam_sync_now_ms() - 1;
    db.exec(&format!(
        "INSERT INTO leases VALUES ('leader', 'crashed', 'token', {past})"
    ))
    .await;
    let lease = a
        .acquire_lease("host-a", TTL)
        .await
        .unwrap()
        .expect("expired lease");
    assert!(b.acquire_lease("host-b", TTL).await.unwrap().is_none());

    // Someone else overwrites the row (as after an expiry): the holder notices on renewal.
    db.exec("UPDATE leases SET token = 'other', holder = 'host-b'")
        .await;
    assert!(!lease.renew(TTL).await.unwrap());
    assert!(!lease.is_held());
    drop(lease);
}

#[tokio::test]
async fn sqlite_a_live_foreign_lease_is_respected() {
    let db = TestDatabase::sqlite().await;
    let a = store(&db).await;
    let future = eiam_sync_now_ms() + 60_000;
    db.exec(&format!(
        "INSERT INTO leases VALUES ('leader', 'other-host', 'token', {future})"
    ))
    .await;
    assert!(a.acquire_lease("host-a", TTL).await.unwrap().is_none());
}

#[tokio::test]
async fn postgres_a_lost_lock_connection_frees_the_lease_and_is_noticed() {
    let db = TestDatabase::postgres().await;
    let a = store(&db).await;
    let b = store(&db).await;
    let ttl = Duration::from_millis(300);
    let lease = a.acquire_lease("host-a", ttl).await.unwrap().unwrap();
    // Kill the session holding the advisory lock, as a crashed process or network cut would.
    let TestDatabase::Postgres(pg) = &db else {
        unreachable!()
    };
    let pool = pg.pool().await;
    sqlx::query(
        // Only this test's database: other tests share the server, and sqlx's migrator
        // holds an advisory lock of its own while it runs.
        "SELECT pg_terminate_backend(pid) FROM pg_locks \
         WHERE locktype = 'advisory' AND pid <> pg_backend_pid() \
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .execute(&pool)
    .await
    .unwrap();
    let mut taken = None;
    for _ in 0..50 {
        taken = b.acquire_lease("host-b", ttl).await.unwrap();
        if taken.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let taken = taken.expect("the lock ended with its session");
    for _ in 0..50 {
        if !lease.is_held() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!lease.is_held(), "the old holder noticed");
    taken.release().await.unwrap();
}

fn eiam_sync_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}
