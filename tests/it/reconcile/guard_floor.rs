//! The deletion-percentage guard on the shipped defaults: a small company's ordinary
//! reorganisation (one group of two, one OU of four) goes through without an approval, while a
//! large share of a large kind is still refused with nothing written.

use eiam_sync::model::Snapshot;

use super::data::Build;
use crate::support::harness::{Env, Source};

/// Every percentage guard at its shipped default (the harness opens them up otherwise).
const DEFAULTS: &str = "max_delete_percent = 20\nmax_snapshot_drop_percent = 30\n\
                        max_move_percent = 25\nmax_membership_removal_percent = 25\n\
                        max_identifier_rewrite_percent = 10\nmax_removal_percent_24h = 30";

fn small() -> Snapshot {
    Snapshot::default()
        .ou("hq", None, "Headquarters")
        .ou("eng", Some("hq"), "Engineering")
        .ou("web", Some("eng"), "Web")
        .ou("platform", Some("eng"), "Platform")
        .user("u1", "alice", "web")
        .user("u2", "bob", "web")
        .user("u3", "carol", "platform")
        .user("u4", "dave", "hq")
        .group("g1", "Engineers")
        .group("g2", "Everyone")
        .member("g1", "u1")
        .member("g2", "u4")
}

#[tokio::test]
async fn a_small_directory_reorganises_without_an_approval() {
    let env = Env::with(Source::Sqlite, DEFAULTS).await;
    env.converge(&small()).await;
    // One group of two (50%) and one OU of four (25%), its user moved first.
    let next = Snapshot {
        groups: small()
            .groups
            .into_iter()
            .filter(|g| g.id != "g2")
            .collect(),
        group_members: small()
            .group_members
            .into_iter()
            .filter(|m| m.group_id != "g2")
            .collect(),
        ..small()
            .without_ou("platform")
            .set_user("u3", |u| u.primary_ou_id = "web".into())
    };
    env.write(&next).await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 0, "{:?}", report.guards);
    for name in [
        "max_delete_percent.groups",
        "max_delete_percent.organizational_units",
    ] {
        let g = report.guards.iter().find(|g| g.name == name).unwrap();
        assert!(g.planned.as_f64().unwrap() >= 25.0 && !g.tripped, "{g:?}");
    }
    assert_eq!(env.dry_run().await.exit_code(), 0, "nothing left to do");
}

#[tokio::test]
async fn a_large_share_of_a_large_kind_is_still_refused() {
    let env = Env::with(Source::Sqlite, DEFAULTS).await;
    let mut s = small();
    for i in 0..30 {
        s = s.group(&format!("t{i}"), &format!("team-{i}"));
    }
    env.converge(&s).await;
    let before = env.state();
    let keep: Vec<_> = s
        .groups
        .iter()
        .filter(|g| !g.id.starts_with("t1"))
        .cloned()
        .collect();
    // Groups t1 and t10..t19 go: 11 of 32 (34%), more than the floor of 10.
    env.write(&Snapshot {
        groups: keep,
        ..s.clone()
    })
    .await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 4);
    let g = report
        .guards
        .iter()
        .find(|g| g.name == "max_delete_percent.groups")
        .unwrap();
    assert!(g.tripped && g.planned.as_f64().unwrap() > 30.0, "{g:?}");
    assert_eq!(env.state(), before, "nothing was written");
}
