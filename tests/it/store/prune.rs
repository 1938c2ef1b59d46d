//! Pruning the history on both backends: bounded batches, the last day and the latest
//! completed run kept, approvals still usable kept, the size of the history tracked.

use std::time::{Duration, SystemTime};

use eiam_sync::model::{EiamId, ExtId, Kind, Origin};
use eiam_sync::state::{
    JournalEntry, JournalStatus, OwnershipChange, PruneBudget, RunMode, RunResult, StateStore,
};

use super::backends::both_backends;
use super::state::store;

const DAY: Duration = Duration::from_secs(86_400);

/// A run of `n` applied deletes (or `result` without entries when `n` is 0).
async fn run_with(s: &StateStore, n: u32, result: RunResult) {
    let run = s.start_run("users", RunMode::Apply).await.unwrap();
    let entries: Vec<JournalEntry> = (0..n)
        .map(|i| JournalEntry {
            seq: i,
            action: "DeleteUser".into(),
            kind: Kind::User,
            external_id: format!("r{}-{i}", run.0),
            eiam_id: Some(format!("user_{i}")),
            detail: "{}".into(),
        })
        .collect();
    s.journal_plan(run, &entries).await.unwrap();
    let w = s.journal_writer(run);
    for i in 0..n {
        w.started(i).await.unwrap();
        let own = OwnershipChange::Forget(Kind::User, ExtId::new(format!("r{}-{i}", run.0)));
        w.finished(
            i,
            JournalStatus::Applied,
            Some(&EiamId::new("user_x")),
            None,
            Some(own),
        )
        .await
        .unwrap();
    }
    drop(w);
    s.finish_run(run, result, &Default::default(), Some(10))
        .await
        .unwrap();
}

both_backends! {
    async fn pruning_removes_old_history_in_bounded_batches_and_keeps_what_is_needed(db) {
        let s = store(db).await;
        let now = SystemTime::now();
        s.record_owned(Kind::User, &"keep".into(), &"user_keep".into(), Origin::Created).await.unwrap();
        for _ in 0..5 {
            run_with(&s, 30, RunResult::Success).await;
        }
        run_with(&s, 0, RunResult::Failed).await;
        // An approval used long ago, and a refused plan with an approval still open.
        let items = ["removal user e1".to_owned()].into();
        s.record_guarded_plan("old", &items, "refused", now).await.unwrap();
        let id = s.approve("old", "ops", "why", now, now + DAY).await.unwrap();
        s.use_approval(id, eiam_sync::state::RunId(1), now).await.unwrap();
        s.record_guarded_plan("open", &items, "refused", now).await.unwrap();
        s.approve("open", "ops", "why", now, now + DAY * 200).await.unwrap();
        let before = s.history().await.unwrap();
        assert_eq!((before.runs, before.journal_entries), (6, 150));
        let removals = s.removals_since(now - DAY).await.unwrap();

        // Within the horizon nothing goes: the last day (the removal window) is history too.
        let none = s.prune_history(now, 2 * DAY, PruneBudget::default()).await.unwrap();
        assert_eq!((none.runs, none.journal_entries, none.approvals), (0, 0, 0));
        assert_eq!(s.removals_since(now - DAY).await.unwrap(), removals);

        // 100 days on, 20 rows per statement and 3 statements per call: several calls.
        let later = now + DAY * 100;
        let budget = PruneBudget { batch: 20, batches: 3 };
        let first = s.prune_history(later, 90 * DAY, budget).await.unwrap();
        assert!(first.more && first.journal_entries <= 60, "{first:?}");
        let mut calls = 1;
        while s.prune_history(later, 90 * DAY, budget).await.unwrap().more {
            calls += 1;
            assert!(calls < 20);
        }
        let after = s.history().await.unwrap();
        // The latest completed run and the failed one after it stay.
        assert_eq!((after.runs, after.journal_entries), (2, 30), "{after:?}");
        let last = s.last_successful_run().await.unwrap().unwrap();
        assert_eq!(last.snapshot_users, Some(10));
        assert!(s.guarded_plan("open").await.unwrap().is_some());
        assert!(s.guarded_plan("old").await.unwrap().is_none());
        assert_eq!(s.approvals(10).await.unwrap().len(), 1);
        assert_eq!(s.load_ownership().await.unwrap().objects.len(), 1, "ownership is not history");
    }
}
