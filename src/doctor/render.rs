//! The diagnosis as text for a terminal.

use std::fmt::Write;

use super::diagnosis::{Diagnosis, KindCounts};
use super::reading::ListUsersReading;

impl Diagnosis {
    pub fn to_text(&self) -> String {
        text(self)
    }
}

pub fn text(d: &Diagnosis) -> String {
    let mut out = String::new();
    for c in &d.checks {
        let mark = if c.ok { "ok  " } else { "FAIL" };
        let _ = writeln!(out, "{mark} {:<26} {}", c.name, c.detail);
    }
    let reading = match d.list_users_reading {
        ListUsersReading::Direct => "direct (an OU lists its own members)",
        ListUsersReading::Subtree => "subtree (an OU lists the members of every OU below it too)",
        ListUsersReading::Unknown => {
            "unknown (no account in an OU below the sync root to tell by; runs are right under either)"
        }
    };
    if d.checks.iter().any(|c| c.name == "objects") {
        let _ = writeln!(out, "\nListUsers by OU reads as: {reading}");
    }
    if let Some(o) = &d.objects {
        let _ = writeln!(
            out,
            "\nunder the sync root    managed  adoptable  ambiguous  conflicting  other sources"
        );
        for (name, k) in [
            ("organizational units", &o.organizational_units),
            ("users", &o.users),
            ("groups", &o.groups),
        ] {
            row(&mut out, name, k);
        }
    }
    let verdict = if d.can_sync() {
        "\na sync can run"
    } else {
        "\na sync cannot run: change what the FAIL lines name, then run doctor again"
    };
    let _ = writeln!(out, "{verdict}");
    out
}

fn row(out: &mut String, name: &str, k: &KindCounts) {
    let _ = writeln!(
        out,
        "{name:<22} {:>7}  {:>9}  {:>9}  {:>11}  {:>13}",
        k.managed, k.adoptable, k.ambiguous, k.conflicting, k.other_sources
    );
}
