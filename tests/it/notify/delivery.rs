//! Delivery never holds a run up: sending returns at once, a one-shot command waits for its
//! notifications only up to the flush bound, a receiver that is down or slow leaves the exit
//! code alone, and the daemon counts what became of each notification.

use std::time::{Duration, Instant};

use eiam_sync::config::{NotifyEvent, WebhookFormat};
use eiam_sync::notify::{Delivered, Notifier, NotifyMetrics, Policy, Webhook};

use super::receiver::{Receiver, down_url};
use super::{add_webhooks, eiam_sync};
use crate::ops::{Daemon, daemon_config, eventually, free_port};
use crate::reconcile::data::{Build, company};
use crate::support::harness::{Env, Source};

/// Longer than every bound eiam-sync keeps (attempt, retry period, flush).
const FOREVER: Duration = Duration::from_secs(600);
/// The flush bound of one-shot commands (docs/contract-additions.md, "Notifications").
const FLUSH: Duration = Duration::from_secs(5);
/// Room for a loaded machine; far below what waiting for a slow receiver would take.
const SLACK: Duration = Duration::from_secs(25);

fn notifier(hooks: Vec<Webhook>, policy: Policy) -> (Notifier, NotifyMetrics) {
    let metrics = NotifyMetrics::new();
    let n = Notifier::with_policy(hooks, metrics.clone(), "eiam-sync".into(), policy).unwrap();
    (n, metrics)
}

#[tokio::test]
async fn sending_returns_at_once_and_the_flush_drops_what_is_still_in_flight() {
    let slow = Receiver::answering_after(FOREVER).await;
    let hooks = vec![
        Webhook::new(&format!("{}/slow", slow.base), WebhookFormat::Json, None),
        Webhook::new(&down_url(), WebhookFormat::Json, None),
    ];
    let policy = Policy {
        flush: Duration::from_secs(1),
        ..Policy::default()
    };
    let (attempt, total) = (policy.attempt_timeout, policy.total);
    let (n, metrics) = notifier(hooks, policy);
    let started = Instant::now();
    n.fatal("test", "the state store failed");
    // Queued, not sent: sending would have waited out an attempt's timeout on the slow
    // receiver (the bound is that contrast, not a guess at how fast the machine is).
    assert!(started.elapsed() < attempt, "{:?}", started.elapsed());
    n.flush().await;
    // One second of flush, however long the receivers would take: both deliveries were cut
    // short (dropped, not failed), long before their retry period would have ended.
    assert!(started.elapsed() < total, "{:?}", started.elapsed());
    assert_eq!(metrics.count(NotifyEvent::Failed, Delivered::Dropped), 2);
    assert_eq!(metrics.count(NotifyEvent::Failed, Delivered::Sent), 0);
    assert_eq!(
        slow.received().len(),
        1,
        "the slow receiver got it, never answered"
    );
}

#[tokio::test]
async fn a_receiver_that_stays_down_is_given_up_after_the_retry_period_and_counted_once() {
    let hooks = vec![Webhook::new(&down_url(), WebhookFormat::Json, None)];
    let policy = Policy {
        total: Duration::from_secs(2),
        flush: Duration::from_secs(120),
        ..Policy::default()
    };
    let flush = policy.flush;
    let (n, metrics) = notifier(hooks, policy);
    n.leader(true);
    let started = Instant::now();
    n.flush().await;
    // Given up by the retry period (failed, not dropped), long before the flush bound.
    assert!(started.elapsed() < flush, "{:?}", started.elapsed());
    assert_eq!(metrics.count(NotifyEvent::Leader, Delivered::Failed), 1);
    assert_eq!(metrics.count(NotifyEvent::Leader, Delivered::Dropped), 0);
}

#[tokio::test]
async fn a_down_or_slow_receiver_changes_neither_the_exit_code_nor_more_than_the_flush() {
    let env = Env::with(Source::Sqlite, "max_deletes = 0").await;
    env.converge(&company()).await;
    env.write(&company().without_user("u1")).await;
    let plain = std::fs::read_to_string(&env.config_path).unwrap();

    let alone = eiam_sync(&env, &["reconcile"]).await;
    assert_eq!(alone.code, 4, "{}", alone.stderr);

    add_webhooks(
        &env.config_path,
        &format!("[[notify.webhooks]]\nurl = \"{}\"\n", down_url()),
    );
    let down = eiam_sync(&env, &["reconcile"]).await;
    assert_eq!(down.code, 4, "{}", down.stderr);
    assert!(
        down.took < alone.took + FLUSH + SLACK,
        "{:?} vs {:?}",
        down.took,
        alone.took
    );
    assert!(down.stderr.contains("dropped"), "{}", down.stderr);
    assert!(!down.stderr.contains("down-token"), "{}", down.stderr);

    let slow = Receiver::answering_after(FOREVER).await;
    std::fs::write(&env.config_path, &plain).unwrap();
    add_webhooks(
        &env.config_path,
        &format!(
            "[[notify.webhooks]]\nurl = \"{}/slow?token=slow-token\"\n",
            slow.base
        ),
    );
    let held = eiam_sync(&env, &["reconcile"]).await;
    assert_eq!(held.code, 4, "{}", held.stderr);
    assert!(
        held.took < alone.took + FLUSH + SLACK,
        "{:?} vs {:?}",
        held.took,
        alone.took
    );
    assert_eq!(slow.received().len(), 1);
    assert!(
        held.stderr
            .contains("notifications still in flight when eiam-sync stopped are dropped"),
        "{}",
        held.stderr
    );
    assert!(!held.stderr.contains("slow-token"), "{}", held.stderr);
}

#[tokio::test]
async fn the_daemon_announces_taking_the_lease_and_counts_each_notification() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let rx = Receiver::start().await;
    let port = free_port();
    daemon_config(&env.config_path, 2, port, None);
    add_webhooks(
        &env.config_path,
        &format!(
            "[[notify.webhooks]]\nurl = \"{}/leader?token=ok-token\"\nevents = [\"leader\"]\n\n\
             [[notify.webhooks]]\nurl = \"{}\"\nevents = [\"leader\"]\n",
            rx.base,
            down_url()
        ),
    );
    let daemon = Daemon::start(&env.config_path, port, &[]);
    let wait = Duration::from_secs(90);
    let body = eventually(wait, "the leader notification", || async {
        rx.at("/leader").first().map(|r| r.json())
    })
    .await;
    assert_eq!(body["event"], "leader");
    assert_eq!(body["leader"], true);
    assert_eq!(body["reconciler"], serde_json::Value::Null);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("took the leader lease")
    );
    let sent = "eiam_sync_notifications_total{event=\"leader\",result=\"sent\"}";
    let failed = "eiam_sync_notifications_total{event=\"leader\",result=\"failed\"}";
    eventually(wait, "the sent notification counted", || async {
        (daemon.metric(sent).await == Some(1.0)).then_some(())
    })
    .await;
    // The unreachable receiver: retried for the bounded period, then counted once; the
    // daemon reconciles on meanwhile.
    eventually(wait, "the unreachable receiver given up", || async {
        (daemon.metric(failed).await == Some(1.0)).then_some(())
    })
    .await;
    let runs = daemon.metric("eiam_sync_runs_total").await.unwrap_or(0.0);
    assert!(runs >= 1.0, "{}", daemon.logs());
    // Another holder takes the lease over (as after a pause longer than its period): the
    // replica's next renewal fails, and it says it lost the lease.
    let state = sqlx::SqlitePool::connect(&env.state_url).await.unwrap();
    sqlx::query(
        "UPDATE leases SET token = 'taken-over', holder = 'elsewhere:1', \
         expires_at = expires_at + 3600000",
    )
    .execute(&state)
    .await
    .unwrap();
    let lost = eventually(wait, "the lost-lease notification", || async {
        rx.at("/leader").get(1).map(|r| r.json())
    })
    .await;
    assert_eq!(lost["leader"], false, "{lost}");
    assert!(
        lost["message"]
            .as_str()
            .unwrap()
            .contains("lost the leader lease")
    );
    eventually(wait, "the replica following", || async {
        (daemon.metric("eiam_sync_leader").await == Some(0.0)).then_some(())
    })
    .await;
    assert_eq!(
        daemon
            .metric("eiam_sync_notifications_total{event=\"refused\",result=\"sent\"}")
            .await,
        Some(0.0),
        "every series exists from the start"
    );
    daemon.signal("TERM");
    let (code, logs) = daemon.exit_code(wait).await;
    assert_eq!(code, Some(0), "{logs}");
    // Each of the two notifications to the unreachable receiver is logged once: the first as
    // given up, the second as given up or, when the shutdown came first, as dropped.
    assert_eq!(logs.matches("webhook 2 (").count(), 2, "{logs}");
    assert!(
        logs.contains("notification not delivered; gave up"),
        "{logs}"
    );
    for secret in ["ok-token", "down-token"] {
        assert!(!logs.contains(secret), "{secret} in the log:\n{logs}");
    }
}

#[tokio::test]
async fn a_daemon_failing_the_same_way_again_and_again_says_so_once() {
    let rx = Receiver::start().await;
    let hooks = vec![Webhook::new(
        &format!("{}/hook", rx.base),
        WebhookFormat::Json,
        None,
    )];
    let (n, metrics) = notifier(hooks, Policy::default());
    n.fatal("users", "observing EIAM failed: connection refused");
    n.fatal("users", "observing EIAM failed: connection refused");
    n.fatal("groups", "observing EIAM failed: connection refused");
    n.fatal("users", "the state store failed");
    // A run of `users` that finishes ends its failing streak.
    let fine = eiam_sync::report::Report::new(
        &eiam_sync::plan::Plan::default(),
        Some(&[]),
        false,
        Vec::new(),
        0,
    );
    n.report("users", &fine);
    n.fatal("users", "the state store failed");
    n.flush().await;
    let got: Vec<(String, String)> = rx
        .received()
        .iter()
        .map(|r| {
            let body = r.json();
            (
                body["reconciler"].as_str().unwrap().to_owned(),
                body["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(got.len(), 4, "{got:#?}");
    assert_eq!(metrics.count(NotifyEvent::Failed, Delivered::Sent), 4);
    assert!(
        got.iter().filter(|(r, _)| r == "users").count() == 3,
        "{got:#?}"
    );
}
