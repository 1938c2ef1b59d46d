//! Each fault the emulator injects, and what the client makes of it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use eiam_sync::eiam::types::users::PatchUserRequest;
use eiam_sync::eiam::{Client, EiamError};
use eiam_sync::emulator::{ScriptedFault, ScriptedKind};
use futures_util::{StreamExt, stream};

use super::emu;
use super::waits::Waits;

fn patch(i: usize) -> PatchUserRequest {
    PatchUserRequest {
        display_name: Some(format!("name {i}")),
        ..Default::default()
    }
}

#[tokio::test]
async fn server_error_bursts_are_ridden_out() {
    let emu = emu::start().await;
    // Eleven attempts: a request failing every one of them is a one-in-a-million event.
    let mut config = emu::config(&emu);
    config.max_retries = 10;
    let c = Client::new(config).unwrap();
    let id = c
        .users()
        .create(&emu::new_user("alice", &emu.root_ou_id()))
        .await
        .unwrap();
    emu.set_faults(emu::faults(|f| f.error_rate = 0.2));
    emu.reset_stats();
    let results: Vec<_> = stream::iter(0..200)
        .map(|i| {
            let (c, id) = (c.clone(), id.clone());
            async move { c.users().patch(&id, &patch(i)).await }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let failed: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(failed.is_empty(), "{failed:?}");
    let stats = emu.stats();
    let faults = stats.status("500") + stats.status("502") + stats.status("503");
    assert!(faults > 20, "{stats:?}");
    assert_eq!(stats.action("PatchUser"), 200 + faults);
}

#[tokio::test]
async fn creates_failing_with_unknown_outcome_are_resolved_without_duplicates() {
    let emu = emu::start().await;
    let c = emu::client(&emu);
    let root = emu.root_ou_id();
    c.provisioning_scope().await.unwrap();
    emu.set_faults(emu::faults(|f| {
        f.error_rate = 0.3;
        f.drop_after_rate = 0.2;
        f.actions = vec!["CreateUser".into()];
    }));
    let mut unknown = 0;
    for i in 0..60 {
        let req = emu::new_user(&format!("u{i}"), &root);
        loop {
            match c.users().create(&req).await {
                Ok(_) => break,
                Err(e) if e.is_unknown_outcome() => {
                    unknown += 1;
                    // Ask before re-sending: the create may have happened.
                    if c.users()
                        .id_by_external_id(&format!("ext-u{i}"))
                        .await
                        .unwrap()
                        .is_some()
                    {
                        break;
                    }
                }
                Err(e) => panic!("{e}"),
            }
        }
    }
    assert!(unknown > 5, "the faults did fire ({unknown})");
    let state = emu.state();
    assert_eq!(state.users.len(), 60, "exactly one account per create");
}

#[tokio::test]
async fn a_dropped_create_is_not_resent_and_is_found_afterwards() {
    let emu = emu::start().await;
    let c = emu::client(&emu);
    let root = emu.root_ou_id();
    c.provisioning_scope().await.unwrap();
    emu.set_faults(emu::faults(|f| {
        f.script = vec![ScriptedFault {
            action: Some("CreateUser".into()),
            fault: ScriptedKind::DropAfter,
            status: None,
        }];
    }));
    emu.reset_stats();
    let e = c
        .users()
        .create(&emu::new_user("bob", &root))
        .await
        .unwrap_err();
    assert!(e.is_unknown_outcome(), "{e}");
    assert!(matches!(e, EiamError::Transport(_)), "{e:?}");
    assert_eq!(emu.stats().action("CreateUser"), 1, "not re-sent");
    let id = c.users().id_by_external_id("ext-bob").await.unwrap();
    assert!(id.is_some(), "it was created before the connection dropped");

    // Dropped before processing: also unknown to the client, and the lookup says absent.
    emu.set_faults(emu::faults(|f| {
        f.script = vec![ScriptedFault {
            action: Some("CreateUser".into()),
            fault: ScriptedKind::Drop,
            status: None,
        }];
    }));
    let e = c
        .users()
        .create(&emu::new_user("carol", &root))
        .await
        .unwrap_err();
    assert!(e.is_unknown_outcome());
    assert_eq!(
        c.users().id_by_external_id("ext-carol").await.unwrap(),
        None
    );
    c.users()
        .create(&emu::new_user("carol", &root))
        .await
        .unwrap();
    assert_eq!(emu.state().users.len(), 2);
}

#[tokio::test]
async fn dropped_connections_are_retried_for_reads() {
    let emu = emu::start().await;
    let mut config = emu::config(&emu);
    config.max_retries = 10;
    let c = Client::new(config).unwrap();
    let root = emu.root_ou_id();
    emu.set_faults(emu::faults(|f| {
        f.drop_rate = 0.3;
        f.actions = vec!["GetOrganizationalUnit".into()];
    }));
    for _ in 0..40 {
        c.organizational_units().get(&root).await.unwrap();
    }
    assert!(c.metrics().requests("GetOrganizationalUnit", "network") > 0);
}

#[tokio::test]
async fn throttling_is_honoured_and_slows_the_client_down() {
    let emu = emu::start().await;
    let mut config = emu::config(&emu);
    config.rate_limit_qps = 200;
    config.max_concurrency = 16;
    let waits = Waits::default();
    config.retry_sleeper = Arc::new(waits.clone());
    let c = Client::new(config).unwrap();
    let id = c
        .users()
        .create(&emu::new_user("dave", &emu.root_ou_id()))
        .await
        .unwrap();
    emu.set_faults(emu::faults(|f| f.rate_limit_qps = Some(20.0)));
    emu.reset_stats();
    let started = Instant::now();
    let results: Vec<_> = stream::iter(0..120)
        .map(|i| {
            let (c, id) = (c.clone(), id.clone());
            async move { c.users().patch(&id, &patch(i)).await }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    assert!(
        results.iter().all(Result::is_ok),
        "no request fails for throttling"
    );
    let stats = emu.stats();
    assert!(stats.status("429") > 0, "{stats:?}");
    // Honoured: every 429 was waited out for as long as it asked (one second at 20/s), and
    // nothing else was retried.
    let waited = waits.taken();
    assert_eq!(waited.len() as u64, stats.status("429"), "{stats:?}");
    assert!(
        waited.iter().all(|w| *w == Duration::from_secs(1)),
        "{waited:?}"
    );
    assert_eq!(stats.total, 120 + stats.status("429"), "{stats:?}");
    assert!(
        c.effective_rate_limit() < 100.0,
        "{}",
        c.effective_rate_limit()
    );
    // 120 requests at a budget of 20/s (with a one-second burst) take about five seconds: a
    // lower bound, which a busy machine only makes easier to meet.
    assert!(
        started.elapsed() >= Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn latency_within_the_timeout_is_fine_beyond_it_is_an_error() {
    let emu = emu::start().await;
    let root = emu.root_ou_id();
    let mut config = emu::config(&emu);
    config.request_timeout = Duration::from_millis(400);
    config.max_retries = 2;
    let c = Client::new(config).unwrap();
    // Its token first, without latency.
    c.organizational_units().get(&root).await.unwrap();

    // Within a timeout far longer than anything a busy machine adds, 1 s of latency is fine.
    emu.set_faults(emu::faults(|f| f.latency_ms = 1000));
    let mut patient = emu::config(&emu);
    patient.request_timeout = Duration::from_secs(30);
    let patient = Client::new(patient).unwrap();
    patient.organizational_units().get(&root).await.unwrap();
    let timeouts = patient
        .metrics()
        .requests("GetOrganizationalUnit", "timeout");
    assert_eq!(timeouts, 0);

    // Beyond the timeout, it is an error.
    emu.reset_stats();
    let e = c.organizational_units().get(&root).await.unwrap_err();
    let EiamError::Transport(t) = &e else {
        panic!("{e:?}")
    };
    assert!(t.timed_out);
    assert_eq!(e.attempts(), 3);
    let before = c.api_calls();
    let e = c
        .users()
        .create(&emu::new_user("erin", &root))
        .await
        .unwrap_err();
    assert!(e.is_unknown_outcome());
    assert_eq!(e.attempts(), 1);
    assert_eq!(c.api_calls() - before, 1, "the create was sent once");
    assert_eq!(c.metrics().requests("CreateUser", "timeout"), 1);
}
