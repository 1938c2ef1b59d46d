//! What incremental runs keep, on both backends: member-set fingerprints, fingerprints cleared
//! before operations, a run's sync mode; a new EIAM id forgets both fingerprints.

use eiam_sync::model::{EiamId, ExtId, Kind, Origin, SyncMode};
use eiam_sync::state::RunMode;

use super::backends::both_backends;
use super::state::store;

both_backends! {
    async fn member_fingerprints_and_clearing(db) {
        let s = store(db).await;
        let g = ExtId::new("g1");
        let u = ExtId::new("u1");
        s.record_owned(Kind::Group, &g, &EiamId::new("group_1"), Origin::Created).await.unwrap();
        s.record_owned(Kind::User, &u, &EiamId::new("user_1"), Origin::Created).await.unwrap();
        s.set_fingerprint(Kind::Group, &g, "fp-group").await.unwrap();
        s.set_fingerprint(Kind::User, &u, "fp-user").await.unwrap();
        assert!(s.member_fingerprints().await.unwrap().is_empty());
        s.set_member_fingerprints(&[(g.clone(), "fp-members".into())]).await.unwrap();
        assert_eq!(s.member_fingerprints().await.unwrap().get(&g).map(String::as_str), Some("fp-members"));

        // Clearing a membership key clears the member set only.
        s.clear_fingerprints(&[(Kind::Membership, g.clone())]).await.unwrap();
        assert!(s.member_fingerprints().await.unwrap().is_empty());
        let own = s.load_ownership().await.unwrap();
        assert_eq!(own.get(Kind::Group, &g).unwrap().fingerprint.as_deref(), Some("fp-group"));
        s.clear_fingerprints(&[(Kind::User, u.clone())]).await.unwrap();
        let own = s.load_ownership().await.unwrap();
        assert_eq!(own.get(Kind::User, &u).unwrap().fingerprint, None);

        // Another EIAM object under the same external id: what was applied is forgotten.
        s.set_member_fingerprints(&[(g.clone(), "fp-members".into())]).await.unwrap();
        s.record_owned(Kind::Group, &g, &EiamId::new("group_2"), Origin::Adopted).await.unwrap();
        assert!(s.member_fingerprints().await.unwrap().is_empty());

        let run = s.start_run_in("test", RunMode::Apply, SyncMode::Incremental).await.unwrap();
        assert_eq!(s.runs(1).await.unwrap()[0].sync_mode, SyncMode::Incremental);
        s.record_sync_mode(run, SyncMode::Full).await.unwrap();
        assert_eq!(s.runs(1).await.unwrap()[0].sync_mode, SyncMode::Full);
    }
}
