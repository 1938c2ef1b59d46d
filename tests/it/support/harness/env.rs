//! The harness with a reconciler in this process: runs, convergence, saved plans.

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};

use eiam_sync::metrics::Metrics;
use eiam_sync::model::{KindSet, Snapshot, SyncMode};
use eiam_sync::reconcile::{Reconciler, RunRequest};
use eiam_sync::report::Report;

use super::{Harness, Setup, Source, assert_matches};

pub struct Env {
    harness: Harness,
    pub reconciler: Reconciler,
}

// The harness's fields and helpers read as the environment's own: `env.emulator`, `env.root`.
impl Deref for Env {
    type Target = Harness;
    fn deref(&self) -> &Harness {
        &self.harness
    }
}

impl DerefMut for Env {
    fn deref_mut(&mut self) -> &mut Harness {
        &mut self.harness
    }
}

impl Env {
    pub async fn new(source: Source) -> Env {
        Setup::default().source(source).env().await
    }

    /// `sync` holds extra lines for the `[sync]` section (e.g. `user_removal = "delete"`).
    pub async fn with(source: Source, sync: &str) -> Env {
        Setup::default().source(source).sync(sync).env().await
    }

    pub(super) async fn from_harness(harness: Harness) -> Env {
        let reconciler = harness.new_reconciler().await;
        Env {
            harness,
            reconciler,
        }
    }

    /// Builds the reconciler again from the configuration file, after a test edited it.
    pub async fn reload(&mut self) {
        self.reconciler = self.harness.new_reconciler().await;
    }

    /// Sync below `root` (an OU under the top of the directory) from now on.
    pub async fn move_root(&mut self, root: &str) {
        let old = self.root.clone();
        self.edit_config(|text| text.replace(&old, root));
        self.reload().await;
        self.root = root.to_owned();
    }

    pub async fn run(&self, dry_run: bool, kinds: KindSet) -> Report {
        self.reconciler
            .run(RunRequest::new("test", dry_run, kinds))
            .await
            .expect("the run finishes")
    }

    pub async fn apply(&self) -> Report {
        self.run(false, KindSet::all()).await
    }

    pub async fn dry_run(&self) -> Report {
        self.run(true, KindSet::all()).await
    }

    /// Write `s`, apply, check EIAM matches it, apply again: nothing to do, exit 0.
    pub async fn converge(&self, s: &Snapshot) -> Report {
        self.write(s).await;
        let report = self.apply().await;
        let failed: Vec<_> = report
            .operations
            .iter()
            .filter(|o| o.error.is_some())
            .collect();
        assert!(failed.is_empty(), "operations failed: {failed:#?}");
        assert_eq!(report.exit_code(), 0, "{}", report.to_json());
        assert_matches(&self.state(), &self.root, s);
        let again = self.apply().await;
        assert!(
            again.operations.is_empty(),
            "second run not empty: {}",
            again.to_json()
        );
        assert_eq!(again.exit_code(), 0);
        report
    }

    /// EIAM ids by external id, for every kind (to prove nothing was recreated).
    pub fn ids(&self) -> BTreeMap<String, String> {
        let s = self.state();
        let mut out = BTreeMap::new();
        for o in s.organizational_units {
            out.insert(
                format!("ou:{}", o.organizational_unit_external_id),
                o.organizational_unit_id,
            );
        }
        for u in s.users {
            out.insert(format!("user:{}", u.user_external_id), u.user_id);
        }
        for g in s.groups {
            out.insert(format!("group:{}", g.group_external_id), g.group_id);
        }
        out
    }
}

impl Harness {
    /// A reconciler configured by the configuration file as it is now.
    pub async fn new_reconciler(&self) -> Reconciler {
        Reconciler::new(self.settings(), Metrics::new())
            .await
            .expect("reconciler")
    }
}

/// A run of every kind in `mode` (full or incremental).
pub async fn run(env: &Env, dry_run: bool, mode: SyncMode) -> Report {
    let mut req = RunRequest::new("test", dry_run, KindSet::all());
    req.mode = mode;
    env.reconciler.run(req).await.expect("the run finishes")
}

/// A dry run that saves its plan: the report and the plan file.
pub async fn save(env: &Env) -> (Report, String) {
    let mut req = RunRequest::new("test", true, KindSet::all());
    req.plan_out = true;
    let report = env.reconciler.run(req).await.expect("dry run");
    let file = report.plan_file.clone().expect("a plan file");
    (report, file)
}

/// Opens a saved plan and applies it.
pub async fn apply_file(env: &Env, file: &str) -> Report {
    let saved = env
        .reconciler
        .open_plan(file)
        .await
        .expect("the plan opens");
    env.reconciler
        .apply_plan(saved)
        .await
        .expect("the run ends")
}

/// A report's operations as (action, external id, changes), to compare two runs.
pub fn ops(r: &Report) -> Vec<(String, String, String)> {
    (r.operations.iter())
        .map(|o| {
            let changes = serde_json::to_string(&o.changes).unwrap();
            (o.action.to_string(), o.external_id.to_string(), changes)
        })
        .collect()
}
