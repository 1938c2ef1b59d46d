//! Adoption in the state store, on SQLite and PostgreSQL: the key an object was matched by is
//! recorded with the `Adopt` operation's outcome, survives a re-match of the same object, and
//! goes with the object when the record is matched with another.

use eiam_sync::model::{AdoptKey, EiamId, ExtId, Kind, Origin};
use eiam_sync::state::{JournalEntry, JournalStatus, OwnershipChange, RunMode};

use super::backends::both_backends;
use super::state::store;

both_backends! {
    async fn an_adoption_records_its_key_with_its_outcome(db) {
        let s = store(db).await;
        let run = s.start_run("users", RunMode::Apply).await.unwrap();
        let entry = JournalEntry {
            seq: 0,
            action: "Adopt".into(),
            kind: Kind::User,
            external_id: "e1".into(),
            eiam_id: Some("user_c1".into()),
            detail: r#"{"matched_by":[null,"email"]}"#.into(),
        };
        s.journal_plan(run, &[entry]).await.unwrap();
        let w = s.journal_writer(run);
        w.started(0).await.unwrap();
        let id = EiamId::new("user_c1");
        let own = OwnershipChange::Adopt(Kind::User, ExtId::new("e1"), id.clone(), AdoptKey::Email);
        w.finished(0, JournalStatus::Applied, Some(&id), None, Some(own)).await.unwrap();
        let o = s.load_ownership().await.unwrap();
        let e1 = o.get(Kind::User, &"e1".into()).cloned().unwrap();
        assert_eq!((e1.eiam_id.as_str(), e1.origin, e1.matched_by), ("user_c1", Origin::Adopted, Some(AdoptKey::Email)));
        assert!(e1.is_own() && o.linked(Kind::User, &"e1".into(), &id));
        assert_eq!(o.links().get(&id), Some(&ExtId::new("e1")));

        // Found again under the record's id (the record stage): still linked, fingerprint kept.
        s.set_fingerprint(Kind::User, &"e1".into(), "fp1").await.unwrap();
        s.record_owned(Kind::User, &"e1".into(), &id, Origin::Adopted).await.unwrap();
        let e1 = s.load_ownership().await.unwrap().get(Kind::User, &"e1".into()).cloned().unwrap();
        assert_eq!((e1.matched_by, e1.fingerprint.as_deref()), (Some(AdoptKey::Email), Some("fp1")));
        // Matched with another object: the link and the fingerprint go with the old one.
        s.record_owned(Kind::User, &"e1".into(), &"user_9".into(), Origin::Created).await.unwrap();
        let e1 = s.load_ownership().await.unwrap().get(Kind::User, &"e1".into()).cloned().unwrap();
        assert_eq!((e1.origin, e1.matched_by, e1.fingerprint), (Origin::Created, None, None));
        // An object eiam-sync created stays created when a rule adopts it for its record.
        s.record_adopted(Kind::User, &"e1".into(), &"user_9".into(), AdoptKey::Username).await.unwrap();
        let e1 = s.load_ownership().await.unwrap().get(Kind::User, &"e1".into()).cloned().unwrap();
        assert_eq!((e1.origin, e1.matched_by), (Origin::Created, Some(AdoptKey::Username)));
        s.forget(Kind::User, &"e1".into()).await.unwrap();
        assert!(s.load_ownership().await.unwrap().links().is_empty());
    }
}
