//! The run's stages called one by one, as the run calls them.

use eiam_sync::model::{Kind, KindSet, Origin};
use eiam_sync::plan::Plan;
use eiam_sync::reconcile::stages::{
    self, ApplyInput, Before, Gate, GateInput, GuardInput, Input, Observation, ObserveInput,
    PlanInput, Planned, RecordInput, Verdict,
};
use eiam_sync::state::Fingerprinter;
use sqlx::Connection;

use super::data::{Build, company};
use crate::support::harness::{Env, Source};

fn fingerprinter(env: &Env) -> Fingerprinter {
    Fingerprinter::new(&env.settings().fingerprint_key().expect("fingerprint key"))
}

async fn read(env: &Env) -> Input {
    let snapshot = stages::read(&env.settings().source).await.expect("read");
    stages::validate(snapshot)
}

async fn observe(env: &Env, input: &Input) -> Observation {
    let observe_input = ObserveInput {
        desired: &input.desired,
        kinds: KindSet::all(),
        root: Some(&env.root),
        concurrency: 4,
        adopt: &Default::default(),
    };
    let client = env.reconciler.client();
    stages::observe(client, env.reconciler.store(), observe_input)
        .await
        .expect("observe")
}

fn plan(env: &Env, input: &Input, observation: &Observation) -> Planned {
    let sync = env.settings().sync;
    let f = fingerprinter(env);
    let plan_input = PlanInput {
        desired: &input.desired,
        observation,
        options: stages::plan_options(&sync, KindSet::all()),
        fingerprinter: &f,
        due: &Default::default(),
        adopt: &Default::default(),
    };
    stages::plan(plan_input).expect("a valid plan")
}

#[tokio::test]
async fn the_gate_refuses_an_empty_snapshot_before_eiam_is_read() {
    let env = Env::new(Source::Sqlite).await;
    let input = read(&env).await;
    assert!(input.desired.users.is_empty());
    let gate_input = GateInput {
        desired: &input.desired,
        max_snapshot_drop_percent: 100.0,
    };
    let gate = stages::gate(env.reconciler.store(), gate_input)
        .await
        .unwrap();
    assert!(gate.refused(), "{:?}", gate.guards);
    let report = gate.report(false, input.rejected);
    assert_eq!(report.exit_code(), 4);
    assert!(report.operations.is_empty());
    // The whole run stops at the gate too: not one request reaches EIAM.
    env.emulator.reset_stats();
    let run = env.apply().await;
    assert_eq!(run.exit_code(), 4, "{}", run.to_json());
    assert_eq!(run.api_calls, 0);
    assert_eq!(env.emulator.stats().total, 0);
}

#[tokio::test]
async fn the_gate_passes_a_snapshot_that_did_not_shrink() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    env.write(&company().without_user("u6")).await;
    let input = read(&env).await;
    let strict = GateInput {
        desired: &input.desired,
        max_snapshot_drop_percent: 10.0,
    };
    let gate = stages::gate(env.reconciler.store(), strict).await.unwrap();
    assert!(gate.refused(), "one of six users gone is over 10%");
    let lenient = GateInput {
        max_snapshot_drop_percent: 20.0,
        ..strict
    };
    let gate = stages::gate(env.reconciler.store(), lenient).await.unwrap();
    assert!(!gate.refused(), "{:?}", gate.guards);
}

#[tokio::test]
async fn the_stages_by_hand_converge_like_a_run() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let input = read(&env).await;
    assert!(input.rejected.is_empty());
    let gate_input = GateInput {
        desired: &input.desired,
        max_snapshot_drop_percent: 100.0,
    };
    let gate = stages::gate(env.reconciler.store(), gate_input)
        .await
        .unwrap();
    let observation = observe(&env, &input).await;
    let mut planned = plan(&env, &input, &observation);
    let preview = env.dry_run().await;
    assert!(!planned.plan.ops.is_empty());
    assert_eq!(
        planned.plan.ops.len(),
        preview.operations.len(),
        "the run's own plan"
    );
    assert!(planned.plan.ops.iter().all(|op| op.cause.is_some()));
    let verdict = stages::guard(
        &mut planned.plan,
        GuardInput {
            gate,
            dry_run: false,
        },
    );
    assert_eq!(verdict, Verdict::Apply);
    let store = env.reconciler.store();
    let run = store
        .start_run("by-hand", eiam_sync::state::RunMode::Apply)
        .await
        .unwrap();
    let apply_input = ApplyInput {
        plan: &planned.plan,
        run,
        lease: None,
        concurrency: 4,
        progress: false,
        stop: None,
        new_users: &Default::default(),
    };
    let outcomes = stages::apply(env.reconciler.client(), store, apply_input)
        .await
        .unwrap();
    assert_eq!(outcomes.len(), planned.plan.ops.len());
    assert!(outcomes.iter().all(|o| o.error.is_none()), "{outcomes:?}");
    let journal = store.journal(run).await.unwrap();
    assert_eq!(journal.len(), planned.plan.ops.len());
    let record_input = RecordInput {
        fingerprints: &planned.fingerprints,
        before: Before {
            desired: &input.desired,
            observed: &observation.observed,
            ownership: &observation.ownership,
            recovered: &observation.recovered,
        },
        plan: &planned.plan,
        outcomes: &outcomes,
        kinds: KindSet::all(),
    };
    stages::record(store, record_input).await;
    // Fingerprints recorded by hand mean the next run sees nothing to do, as after a run.
    let again = env.dry_run().await;
    assert!(again.operations.is_empty(), "{}", again.to_json());
    let ownership = store.load_ownership().await.unwrap();
    let u1 = ownership.get(Kind::User, &"u1".into()).expect("owned");
    assert_eq!(u1.origin, Origin::Created);
    assert!(u1.fingerprint.is_some());
}

#[tokio::test]
async fn the_record_stage_records_adoptions_and_fingerprints() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    // The same directory, but the state store knows nothing of it: EIAM was filled by hand.
    let mut db = sqlx::SqliteConnection::connect(&env.state_url)
        .await
        .unwrap();
    for sql in ["DELETE FROM owned_objects", "DELETE FROM journal"] {
        sqlx::query(sql).execute(&mut db).await.unwrap();
    }
    db.close().await.unwrap();
    env.write(&company().user("u7", "gina", "hq")).await;
    let input = read(&env).await;
    let observation = observe(&env, &input).await;
    assert!(observation.ownership.objects.is_empty());
    let planned = plan(&env, &input, &observation);
    // Nothing is applied: u7 is only planned, so it is neither adopted nor fingerprinted.
    let outcomes = vec![
        eiam_sync::apply::Outcome {
            status: eiam_sync::apply::Status::Skipped,
            eiam_id: None,
            error: Some("not sent".into()),
        };
        planned.plan.ops.len()
    ];
    assert!(
        planned
            .plan
            .ops
            .iter()
            .any(|op| op.kind == Kind::User && op.external_id == "u7"),
        "{:?}",
        planned.plan.ops
    );
    let store = env.reconciler.store();
    let record_input = RecordInput {
        fingerprints: &planned.fingerprints,
        before: Before {
            desired: &input.desired,
            observed: &observation.observed,
            ownership: &observation.ownership,
            recovered: &observation.recovered,
        },
        plan: &planned.plan,
        outcomes: &outcomes,
        kinds: KindSet::all(),
    };
    stages::record(store, record_input).await;
    let ownership = store.load_ownership().await.unwrap();
    for (kind, ext) in [
        (Kind::OrganizationalUnit, "eng"),
        (Kind::User, "u1"),
        (Kind::User, "u6"),
        (Kind::Group, "g2"),
    ] {
        let owned = ownership
            .get(kind, &ext.into())
            .unwrap_or_else(|| panic!("{kind:?} {ext} adopted"));
        assert_eq!(owned.origin, Origin::Adopted, "{kind:?} {ext}");
        assert!(owned.fingerprint.is_some(), "{kind:?} {ext} fingerprinted");
    }
    assert!(ownership.get(Kind::User, &"u7".into()).is_none());
}

#[test]
fn the_guard_stage_lists_gates_first_and_refuses_a_tripped_plan() {
    let check = |name: &str, tripped: bool| eiam_sync::plan::GuardCheck {
        name: name.to_owned(),
        limit: 1.0,
        planned: if tripped { 2.0 } else { 0.0 },
        tripped,
        message: format!("{name} tripped"),
    };
    let gate = Gate {
        guards: vec![check("empty_snapshot", false)],
    };
    let mut plan = Plan {
        guards: vec![check("max_deletes", true)],
        ..Default::default()
    };
    let input = GuardInput {
        gate: gate.clone(),
        dry_run: false,
    };
    assert_eq!(stages::guard(&mut plan, input), Verdict::Refused);
    let names: Vec<_> = plan.guards.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["empty_snapshot", "max_deletes"]);

    let mut calm = Plan {
        guards: vec![check("max_deletes", false)],
        ..Default::default()
    };
    let dry = GuardInput {
        gate: gate.clone(),
        dry_run: true,
    };
    assert_eq!(stages::guard(&mut calm.clone(), dry), Verdict::DryRun);
    let apply = GuardInput {
        gate,
        dry_run: false,
    };
    assert_eq!(stages::guard(&mut calm, apply), Verdict::Apply);
    assert!(Verdict::Apply.applies() && !Verdict::DryRun.applies());
}
