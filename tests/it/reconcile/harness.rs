//! An end-to-end environment: an in-process emulator, a snapshot database (SQLite or a fresh
//! PostgreSQL database), a SQLite state store, and the reconciler configured for them; plus
//! the comparison of the emulator's state with a snapshot.

use std::collections::{BTreeMap, BTreeSet};

use eiam_sync::demo::snapshot::write;
use eiam_sync::emulator::{AdminState, Emulator, EmulatorConfig, RunningEmulator};
use eiam_sync::metrics::Metrics;
use eiam_sync::model::{KindSet, Snapshot};
use eiam_sync::reconcile::{Reconciler, RunRequest};
use eiam_sync::report::Report;
use tempfile::TempDir;

use crate::support::emulator::readings_from_env;
use crate::support::pg::TestDb;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Sqlite,
    Postgres,
}

pub struct Env {
    pub emulator: RunningEmulator,
    pub source_url: String,
    pub state_url: String,
    pub config_path: std::path::PathBuf,
    pub reconciler: Reconciler,
    /// The sync root (the emulator's root unless a test moves it).
    pub root: String,
    _dir: TempDir,
    _pg: Option<TestDb>,
}

impl Env {
    pub async fn new(source: Source) -> Env {
        Env::with(source, "").await
    }

    /// `sync` holds extra lines for the `[sync]` section (e.g. `user_removal = "delete"`).
    pub async fn with(source: Source, sync: &str) -> Env {
        let cfg = EmulatorConfig {
            readings: readings_from_env(),
            ..EmulatorConfig::default()
        };
        let emulator = Emulator::start(cfg.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .expect("emulator starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let pg = match source {
            Source::Postgres => Some(TestDb::create().await),
            Source::Sqlite => None,
        };
        let source_url = match &pg {
            Some(db) => db.url.clone(),
            None => format!("sqlite://{}/snapshot.db", dir.path().display()),
        };
        // Small test directories would trip the percentage guards on every change; tests
        // that exercise a guard set it explicitly.
        let mut sync = sync.to_owned();
        for (key, value) in [
            ("max_delete_percent", "100"),
            ("max_snapshot_drop_percent", "100"),
            ("max_move_percent", "100"),
            ("max_membership_removal_percent", "100"),
            ("max_identifier_rewrite_percent", "100"),
            ("max_removal_percent_24h", "100"),
        ] {
            if !sync.contains(key) {
                sync = format!("{key} = {value}\n{sync}");
            }
        }
        let text = format!(
            "[eiam]\nendpoint = \"{url}\"\ninstance_id = \"{i}\"\napplication_id = \"{a}\"\nclient_id = \"{c}\"\nclient_secret = \"{s}\"\nrate_limit_qps = 1000\nmax_concurrency = 8\n\n[source]\nurl = \"{source_url}\"\n\n[state]\nurl = \"sqlite://{dir}/state.db\"\n\n[sync]\nroot_organizational_unit_id = \"{root}\"\n{sync}\n",
            url = emulator.url(),
            i = cfg.instance_id,
            a = cfg.application_id,
            c = cfg.client_id,
            s = cfg.client_secret,
            dir = dir.path().display(),
            root = emulator.root_ou_id(),
        );
        let config_path = dir.path().join("eiam-sync.toml");
        std::fs::write(&config_path, text).unwrap();
        let settings = eiam_sync::config::load(&config_path).expect("config loads");
        // The source must exist before the reconciler probes nothing; write an empty snapshot.
        write(&source_url, &Snapshot::default())
            .await
            .expect("empty snapshot written");
        let reconciler = Reconciler::new(settings, Metrics::new())
            .await
            .expect("reconciler");
        let state_url = format!("sqlite://{}/state.db", dir.path().display());
        let root = emulator.root_ou_id();
        Env {
            root,
            emulator,
            source_url,
            state_url,
            config_path,
            reconciler,
            _dir: dir,
            _pg: pg,
        }
    }

    /// Sync below `root` (an OU under the top of the directory) from now on.
    pub async fn move_root(&mut self, root: &str) {
        let text = std::fs::read_to_string(&self.config_path).unwrap();
        let text = text.replace(&self.root, root);
        std::fs::write(&self.config_path, text).unwrap();
        let settings = eiam_sync::config::load(&self.config_path).expect("config loads");
        self.reconciler = Reconciler::new(settings, Metrics::new())
            .await
            .expect("reconciler");
        self.root = root.to_owned();
    }

    pub async fn write(&self, s: &Snapshot) {
        write(&self.source_url, s).await.expect("snapshot written");
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

    pub fn state(&self) -> AdminState {
        self.emulator.state()
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

/// Assert that the emulator holds exactly what the snapshot says (for the snapshot's objects).
pub fn assert_matches(state: &AdminState, root: &str, s: &Snapshot) {
    let ou_ext: BTreeMap<&str, &str> = state
        .organizational_units
        .iter()
        .map(|o| {
            (
                o.organizational_unit_id.as_str(),
                o.organizational_unit_external_id.as_str(),
            )
        })
        .collect();
    let parent_ext = |id: &Option<String>| -> Option<String> {
        match id.as_deref() {
            None => None,
            Some(p) if p == root => None,
            Some(p) => ou_ext.get(p).map(|e| e.to_string()),
        }
    };
    let mut problems = Vec::new();
    for want in &s.organizational_units {
        match state
            .organizational_units
            .iter()
            .find(|o| o.organizational_unit_external_id == want.id)
        {
            None => problems.push(format!("ou {} missing", want.id)),
            Some(o) => {
                if o.organizational_unit_name != want.name
                    || parent_ext(&o.parent_id) != want.parent_id
                {
                    problems.push(format!(
                        "ou {}: {} under {:?}",
                        want.id,
                        o.organizational_unit_name,
                        parent_ext(&o.parent_id)
                    ));
                }
                if want.description.is_some() && o.description != want.description {
                    problems.push(format!("ou {}: description {:?}", want.id, o.description));
                }
            }
        }
    }
    let snapshot_ous: BTreeSet<&str> = s
        .organizational_units
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    for want in &s.users {
        let Some(u) = state.users.iter().find(|u| u.user_external_id == want.id) else {
            problems.push(format!("user {} missing", want.id));
            continue;
        };
        let primary = u
            .primary_organizational_unit_id
            .as_ref()
            .and_then(|p| ou_ext.get(p.as_str()).map(|e| e.to_string()));
        let secondary: BTreeSet<String> = u
            .organizational_unit_ids
            .iter()
            .filter_map(|o| ou_ext.get(o.as_str()))
            .filter(|e| snapshot_ous.contains(*e) && Some(e.to_string()) != primary)
            .map(|e| e.to_string())
            .collect();
        let wanted: BTreeSet<String> = s
            .user_organizational_units
            .iter()
            .filter(|r| r.user_id == want.id)
            .map(|r| r.ou_id.clone())
            .collect();
        let checks = [
            (
                "username",
                Some(u.username.clone()),
                Some(want.username.clone()),
            ),
            (
                "display_name",
                u.display_name.clone(),
                want.display_name.clone(),
            ),
            ("email", u.email.clone(), want.email.clone()),
            (
                "phone_number",
                u.phone_number.clone(),
                want.phone_number.clone(),
            ),
            (
                "status",
                Some(u.status.clone()),
                Some(want.status.to_string()),
            ),
            (
                "primary_ou",
                primary.clone(),
                Some(want.primary_ou_id.clone()),
            ),
        ];
        for (field, have, wanted_value) in checks {
            if wanted_value.is_some() && have != wanted_value {
                problems.push(format!(
                    "user {} {field}: {have:?} != {wanted_value:?}",
                    want.id
                ));
            }
        }
        if secondary != wanted {
            problems.push(format!(
                "user {} secondary OUs: {secondary:?} != {wanted:?}",
                want.id
            ));
        }
    }
    let user_ext: BTreeMap<&str, &str> = state
        .users
        .iter()
        .map(|u| (u.user_id.as_str(), u.user_external_id.as_str()))
        .collect();
    let snapshot_users: BTreeSet<&str> = s.users.iter().map(|u| u.id.as_str()).collect();
    for want in &s.groups {
        let Some(g) = state.groups.iter().find(|g| g.group_external_id == want.id) else {
            problems.push(format!("group {} missing", want.id));
            continue;
        };
        if g.group_name != want.name {
            problems.push(format!("group {}: name {}", want.id, g.group_name));
        }
        let members: BTreeSet<&str> = state
            .group_members
            .iter()
            .filter(|m| m.group_id == g.group_id)
            .filter_map(|m| user_ext.get(m.user_id.as_str()).copied())
            .filter(|e| snapshot_users.contains(e))
            .collect();
        let wanted: BTreeSet<&str> = s
            .group_members
            .iter()
            .filter(|m| m.group_id == want.id)
            .map(|m| m.user_id.as_str())
            .collect();
        if members != wanted {
            problems.push(format!(
                "group {} members: {members:?} != {wanted:?}",
                want.id
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "EIAM does not match the snapshot:\n{}",
        problems.join("\n")
    );
}
