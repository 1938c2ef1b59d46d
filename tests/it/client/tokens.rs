//! The application token against the emulator: single flight, expiry during a long listing.

use eiam_sync::eiam::{Client, UserId};
use futures_util::{StreamExt, TryStreamExt, stream};

use super::emu;

#[tokio::test]
async fn concurrent_first_calls_fetch_one_token() {
    let emu = emu::start().await;
    emu.set_faults(emu::faults(|f| f.latency_ms = 50));
    let mut config = emu::config(&emu);
    config.max_concurrency = 64;
    let c = Client::new(config).unwrap();
    let root = emu.root_ou_id();
    let results: Vec<_> = stream::iter(0..64)
        .map(|_| {
            let (c, root) = (c.clone(), root.clone());
            async move { c.organizational_units().get(&root).await }
        })
        .buffer_unordered(64)
        .collect()
        .await;
    assert!(results.iter().all(Result::is_ok));
    let stats = emu.stats();
    assert_eq!(stats.action("GenerateToken"), 1);
    assert_eq!(stats.action("GetOrganizationalUnit"), 64);
    assert_eq!(c.token_fetches(), 1);
    assert_eq!(c.api_calls(), 65);
}

#[tokio::test]
async fn a_token_expiring_during_a_long_listing_is_renewed() {
    let emu = emu::start().await;
    let c = emu::client(&emu);
    let root = emu.root_ou_id();
    let _: Vec<UserId> = stream::iter(0..1050)
        .map(|i| {
            let c = c.clone();
            let req = emu::new_user(&format!("u{i:04}"), &root);
            async move { c.users().create(&req).await }
        })
        .buffered(16)
        .try_collect()
        .await
        .unwrap();

    // Tokens live one second; every page takes 300 ms, so the listing outlives several tokens,
    // and some requests carry a token that expires while they are on their way.
    emu.set_faults(emu::faults(|f| {
        f.token_ttl_secs = 1;
        f.latency_ms = 300;
    }));
    let c = emu::client(&emu);
    emu.reset_stats();
    let users: Vec<_> = c.users().list(None).try_collect().await.unwrap();
    assert_eq!(users.len(), 1050);
    let stats = emu.stats();
    assert!(stats.action("GenerateToken") >= 3, "{stats:?}");
    assert_eq!(c.metrics().requests("ListUsers", "200"), 11);
    // Any request refused for an expired token was renewed and re-sent exactly once.
    assert_eq!(
        c.metrics().requests("ListUsers", "400"),
        stats.action("ListUsers") - 11,
        "{stats:?}"
    );
}
