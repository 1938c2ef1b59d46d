//! A directory made in the console before eiam-sync arrived, for the randomized incremental
//! suite: every OU, every other user and every group of a snapshot, each with its own EIAM id
//! as external id, and the differences people make by hand (usernames in capitals, another
//! primary OU, missing members, no extended fields); taken over by one run under `RULES`.

use eiam_sync::model::Snapshot;

use crate::adopt::console::{Console, as_known};
use crate::support::harness::{Env, assert_matches};

/// `[sync.adopt]` of the suite.
pub const RULES: &str = "[sync.adopt]\nusers = [\"username\", \"email\"]\norganizational_units = \"path\"\ngroups = \"name\"\n";

fn console_id(prefix: &str, id: &str) -> String {
    format!("{prefix}_c_{id}")
}

/// Seed the console-made version of `s` into the emulator.
pub fn console_made(env: &Env, s: &Snapshot) {
    let mut c = Console::of(env);
    for o in &s.organizational_units {
        let parent = o.parent_id.as_deref().map(|p| console_id("ou", p));
        c = c.ou(&console_id("ou", &o.id), parent.as_deref(), &o.name);
    }
    let first_ou = s.organizational_units.first().map(|o| o.id.clone());
    let mut made = Vec::new();
    for (i, u) in s.users.iter().enumerate().filter(|(i, _)| i % 2 == 1) {
        let username = if i % 3 == 0 {
            u.username.to_uppercase()
        } else {
            u.username.clone()
        };
        let primary = match &first_ou {
            Some(o) if i % 4 == 1 => o.clone(),
            _ => u.primary_ou_id.clone(),
        };
        let id = console_id("user", &u.id);
        c = c.user(
            &id,
            &username,
            u.email.as_deref(),
            &[&console_id("ou", &primary)],
        );
        made.push((u.id.clone(), id));
    }
    for g in &s.groups {
        let members: Vec<String> = (s.group_members.iter())
            .filter(|m| m.group_id == g.id)
            .filter_map(|m| made.iter().find(|(e, _)| *e == m.user_id))
            .step_by(2)
            .map(|(_, id)| id.clone())
            .collect();
        let members: Vec<&str> = members.iter().map(String::as_str).collect();
        c = c.group(&console_id("group", &g.id), &g.name, &members);
    }
    c.put(env);
}

/// The takeover run: every console-made object adopted, none created twice, EIAM as the
/// snapshot says, nothing left to do.
pub async fn take_over(env: &Env, s: &Snapshot) {
    let r = env.apply().await;
    let failed: Vec<_> = r.operations.iter().filter(|o| o.error.is_some()).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert_eq!(r.exit_code(), 0, "{}", r.to_json());
    let made = s.organizational_units.len() + s.users.len() / 2 + s.groups.len();
    assert_eq!(r.summary.get("Adopt").copied(), Some(made as u64));
    assert_matches(&as_known(env).await, &env.root, s);
    let again = env.dry_run().await;
    assert!(again.operations.is_empty(), "{}", again.to_json());
}
