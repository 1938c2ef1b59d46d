//! Damaged API answers over an already-synced directory: each kind of damage, on the read it
//! hurts, ends the run with a clear error naming the operation (or, for the harmless ones, a
//! run with nothing to do) — never a panic, a hang, or a change to what is still wanted.

use std::time::Duration;

use eiam_sync::emulator::{Damage, Faults, ScriptedFault, ScriptedKind};
use eiam_sync::model::KindSet;
use eiam_sync::reconcile::RunRequest;

use super::data::company;
use crate::support::harness::{Env, Source};

/// (damage, the read it is applied to, whether the run must fail).
const CASES: &[(Damage, &str, bool)] = &[
    (Damage::Truncated, "ListOrganizationalUnits", true),
    (Damage::Truncated, "GetUser", true),
    (Damage::EmptyBody, "ListOrganizationalUnits", true),
    (Damage::EmptyBody, "GetUser", true),
    (Damage::NullBody, "ListOrganizationalUnits", true),
    (Damage::ArrayBody, "ListGroups", true),
    (Damage::Html200, "ListOrganizationalUnits", true),
    (Damage::Html200, "GetOrganizationalUnit", true),
    (Damage::Html502, "ListUsersForGroup", false),
    (Damage::TextPlain, "ListOrganizationalUnits", false),
    (Damage::EmptyObject, "GetUser", true),
    (Damage::EmptyObject, "GetOrganizationalUnit", true),
    (Damage::NoData, "ListOrganizationalUnits", true),
    (Damage::NoData, "ListUsersForGroup", true),
    (Damage::NullData, "ListGroups", true),
    (Damage::DataNotList, "ListOrganizationalUnits", true),
    (Damage::TotalNotNumber, "ListOrganizationalUnits", true),
    (Damage::NoItemIds, "ListOrganizationalUnits", true),
    (Damage::NoItemIds, "ListUsersForGroup", true),
    (Damage::NumericId, "ListOrganizationalUnits", true),
    (Damage::ShortPage, "ListOrganizationalUnits", true),
    (Damage::ShortPage, "ListUsersForGroup", true),
    (Damage::EmptyPage, "ListOrganizationalUnits", true),
    (Damage::EmptyPage, "ListGroups", true),
    (Damage::HugePage, "ListOrganizationalUnits", true),
    (Damage::DuplicateItem, "ListUsersForGroup", true),
    (Damage::InflatedTotal, "ListOrganizationalUnits", true),
    (Damage::DeflatedTotal, "ListUsersForGroup", true),
    (Damage::TokenLoop, "ListGroups", true),
    (Damage::NoOrganizationalUnits, "GetUser", true),
    (Damage::NoPrimary, "GetUser", true),
];

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

#[tokio::test]
async fn damaged_answers_end_in_a_clear_error_and_change_nothing() {
    let env = Env::with(Source::Sqlite, "user_removal = \"delete\"").await;
    env.converge(&company()).await;
    let before = env.state();
    let mut failed = 0;
    for &(damage, action, must_fail) in CASES {
        env.emulator.set_faults(Faults {
            script: vec![ScriptedFault {
                action: Some(action.into()),
                fault: ScriptedKind::Damage(damage),
                status: None,
            }],
            ..Faults::default()
        });
        let run = env
            .reconciler
            .run(RunRequest::new("test", false, KindSet::all()));
        let outcome = tokio::time::timeout(Duration::from_secs(30), run)
            .await
            .unwrap_or_else(|_| panic!("{damage:?} on {action}: the run hangs"));
        let case = format!("{damage:?} on {action}");
        assert!(
            env.emulator.faults().script.is_empty(),
            "{case}: the damage was never used: {:?}",
            outcome.as_ref().map(|r| r.to_json()).map_err(|e| chain(e))
        );
        match outcome {
            Err(e) => {
                let text = chain(&e);
                assert!(text.contains(action), "{case}: unclear error: {text}");
                failed += 1;
            }
            Ok(report) => {
                assert!(
                    !must_fail,
                    "{case}: the run read it as fine: {}",
                    report.to_json()
                );
                assert!(report.operations.is_empty(), "{case}: {}", report.to_json());
                assert_eq!(report.exit_code(), 0, "{case}");
            }
        }
        assert_eq!(env.state(), before, "{case}: EIAM changed");
    }
    env.emulator.set_faults(Faults::default());
    assert_eq!(failed, CASES.iter().filter(|c| c.2).count());
    // Undamaged, the directory is still in step.
    let report = env.apply().await;
    assert!(report.operations.is_empty(), "{}", report.to_json());
}
