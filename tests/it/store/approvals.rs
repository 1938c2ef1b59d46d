//! The state store's refused plans, approvals, applied plan files, leavers and the rolling
//! removal count, on SQLite and PostgreSQL alike.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use eiam_sync::model::Kind;
use eiam_sync::state::{JournalEntry, JournalStatus, RunMode};

use super::backends::both_backends;
use super::state::store;

both_backends! {
    async fn approvals_are_used_once_and_expire(db) {
        let s = store(db).await;
        let now = SystemTime::now();
        let items: BTreeSet<String> = ["removal user e1".to_owned()].into();
        assert!(s.guarded_plan("p1").await.unwrap().is_none());
        s.record_guarded_plan("p1", &items, "max_deletes", now).await.unwrap();
        s.record_guarded_plan("p1", &BTreeSet::new(), "again", now).await.unwrap();
        let g = s.guarded_plan("p1").await.unwrap().unwrap();
        assert_eq!((g.items, g.refusal.as_str()), (items.clone(), "max_deletes"));

        let id = s.approve("p1", "kim", "leavers", now, now + Duration::from_secs(3600)).await.unwrap();
        let usable = s.usable_approvals(now).await.unwrap();
        assert_eq!(usable.len(), 1);
        assert_eq!((usable[0].0.id, &usable[0].1), (id, &items));
        assert!(s.usable_approvals(now + Duration::from_secs(7200)).await.unwrap().is_empty(), "expired");

        let run = s.start_run("users", RunMode::Apply).await.unwrap();
        assert!(s.use_approval(id, run, now).await.unwrap());
        assert!(!s.use_approval(id, run, now).await.unwrap(), "once");
        assert!(s.usable_approvals(now).await.unwrap().is_empty());
        let listed = s.approvals(5).await.unwrap();
        assert_eq!(listed[0].used_by_run, Some(run));
        assert_eq!(listed[0].approved_by, "kim");

        s.set_run_plan(run, "p1", Some(id)).await.unwrap();
        let r = s.runs(1).await.unwrap().remove(0);
        assert_eq!((r.plan_id.as_deref(), r.approval_id), (Some("p1"), Some(id)));
    }
}

both_backends! {
    async fn plan_files_leavers_and_the_removal_window(db) {
        let s = store(db).await;
        let now = SystemTime::now();
        let run = s.start_run("apply", RunMode::Apply).await.unwrap();
        assert!(s.plan_file_applied("f1").await.unwrap().is_none());
        assert!(s.claim_plan_file("f1", "p1", run, now).await.unwrap());
        assert!(!s.claim_plan_file("f1", "p1", run, now).await.unwrap(), "at most once");
        assert_eq!(s.plan_file_applied("f1").await.unwrap().map(|(r, _)| r), Some(run));

        s.add_leavers(&[("e1".into(), "user_1".into()), ("e2".into(), "user_2".into())], now).await.unwrap();
        let later = now + Duration::from_secs(86_400);
        s.add_leavers(&[("e1".into(), "user_1".into())], later).await.unwrap();
        let l = s.leavers().await.unwrap();
        assert_eq!(l.len(), 2);
        let ms = |t: SystemTime| t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_millis();
        assert_eq!(ms(l["e1"].disabled_at), ms(now), "a leaver keeps its first date");
        s.remove_leavers(&["e1".into()]).await.unwrap();
        assert_eq!(s.leavers().await.unwrap().keys().collect::<Vec<_>>(), ["e2"]);

        let entry = |seq: u32, action: &str, eiam: Option<&str>| JournalEntry {
            seq,
            action: action.into(),
            kind: Kind::User,
            external_id: format!("e{seq}"),
            eiam_id: eiam.map(Into::into),
            detail: "{}".into(),
        };
        s.journal_plan(run, &[
            entry(0, "DisableUser", Some("user_0")),
            entry(1, "DeleteUser", Some("user_1")),
            entry(2, "PatchUser", Some("user_2")),
            entry(3, "DisableUser", Some("user_3")),
        ]).await.unwrap();
        for seq in [0, 1, 2] {
            s.journal_started(run, seq).await.unwrap();
            s.journal_finished(run, seq, JournalStatus::Applied, None, None).await.unwrap();
        }
        let hour_ago = now - Duration::from_secs(3600);
        assert_eq!(s.removals_since(hour_ago).await.unwrap(), 2, "applied deletes and disables only");
        assert_eq!(s.removals_since(now + Duration::from_secs(3600)).await.unwrap(), 0);
    }
}
