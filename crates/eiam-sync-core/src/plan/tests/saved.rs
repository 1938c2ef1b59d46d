//! Saved plans (sealing, opening, drift) and the guards beyond deletions, on hand-made plans.

use serde_json::{Value, json};

use crate::model::{EiamId, Kind, UserStatus};
use crate::plan::guards::{Guarded, WideLimits, evaluate_wide};
use crate::plan::saved::{DriftSource, SavedOp, SavedPlan, SavedPlanError, drift};
use crate::plan::{ManagedCounts, ObjRef, Op, Payload, Plan, plan_id};

fn patch(ext: &str, field: &str, before: &str, after: &str) -> Op {
    Op {
        kind: Kind::User,
        external_id: ext.into(),
        eiam_id: Some(EiamId::new(format!("user_{ext}"))),
        payload: Payload::PatchUser {
            user: ObjRef::Id(EiamId::new(format!("user_{ext}"))),
            patch: Default::default(),
        },
        changes: std::sync::Arc::new(crate::model::Changes::from([(
            field.to_owned(),
            [json!(before), json!(after)],
        )])),
        deps: Vec::new(),
        blocked: None,
        cause: None,
    }
}

fn with(ops: Vec<Op>) -> Plan {
    Plan {
        ops,
        ..Default::default()
    }
}

fn saved(plan: &Plan) -> SavedPlan {
    SavedPlan {
        format: 1,
        file_id: "f1".into(),
        plan_id: plan_id(plan),
        created_at: "2026-12-01T09:00:00Z".into(),
        tool_version: "0.1.0".into(),
        snapshot_digest: "s".into(),
        config_digest: "c".into(),
        kinds: "users".into(),
        managed: Default::default(),
        operations: plan
            .ops
            .iter()
            .map(|op| SavedOp::of(op, Some(format!("fp-{}", op.external_id))))
            .collect(),
    }
}

/// A keyed signature for the tests (the state store signs with HMAC-SHA1 under the
/// fingerprint key; what matters here is that it depends on the key, the domain and the bytes).
fn sign(key: &'static str) -> impl Fn(&str, &[u8]) -> String {
    use sha1::{Digest, Sha1};
    move |domain, bytes| {
        let mut h = Sha1::new();
        for part in [key.as_bytes(), domain.as_bytes(), bytes] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[test]
fn a_sealed_plan_opens_only_unchanged_and_with_its_key() {
    let plan = with(vec![patch(
        "e1002",
        "display_name",
        "Alan Turing",
        "Alan M. Turing",
    )]);
    let s = saved(&plan);
    assert_eq!(s.operations_id(), s.plan_id);
    assert_eq!(
        s.operations[0].expects.fields["display_name"],
        json!("Alan Turing")
    );
    let text = s.seal(sign("k1"));
    assert_eq!(SavedPlan::open(&text, sign("k1")).unwrap(), s);
    // Reformatting is harmless; any edit of a value is not.
    let compact: Value = serde_json::from_str(&text).unwrap();
    assert!(SavedPlan::open(&compact.to_string(), sign("k1")).is_ok());
    let edited = text.replace("Alan M. Turing", "Mallory");
    assert!(matches!(
        SavedPlan::open(&edited, sign("k1")),
        Err(SavedPlanError::Tampered)
    ));
    assert!(matches!(
        SavedPlan::open(&text, sign("k2")),
        Err(SavedPlanError::Tampered)
    ));
    assert!(matches!(
        SavedPlan::open(&text[..text.len() / 2], sign("k1")),
        Err(SavedPlanError::Unreadable(_))
    ));
    // A file whose tag is recomputed after an edit of the operations still fails the id check.
    let mut forged = s.clone();
    std::sync::Arc::make_mut(&mut forged.operations[0].changes)
        .insert("email".into(), [json!(null), json!("x@y")]);
    let text = forged.seal(sign("k1"));
    assert!(matches!(
        SavedPlan::open(&text, sign("k1")),
        Err(SavedPlanError::Inconsistent)
    ));
}

#[test]
fn drift_names_the_record_the_field_and_where_it_changed() {
    let plan = with(vec![
        patch("e1002", "display_name", "Alan Turing", "Alan M. Turing"),
        patch("e1003", "display_name", "Ada", "Ada L."),
        patch("e1004", "display_name", "Grace", "Grace H."),
    ]);
    let s = saved(&plan);
    let same = |_: &str, e: &str| Some(format!("fp-{e}"));
    let all_there = |_: &str, _: &str| true;
    assert!(drift(&s, &plan, same, all_there).is_empty());

    // EIAM edited by hand (e1002), the snapshot changed (e1003), a user deleted (e1004).
    let now = with(vec![
        patch("e1002", "display_name", "A. Turing", "Alan M. Turing"),
        patch("e1003", "display_name", "Ada", "Ada Lovelace"),
    ]);
    let record = |_: &str, e: &str| match e {
        "e1003" => Some("fp-changed".to_owned()),
        e => Some(format!("fp-{e}")),
    };
    let d = drift(&s, &now, record, |_, id| id != "user_e1004");
    let lines: Vec<String> = d.iter().map(|d| d.describe()).collect();
    assert_eq!(
        lines,
        [
            "user e1002: display_name was planned from \"Alan Turing\", EIAM now has \"A. Turing\"",
            "user e1003: display_name was planned as \"Ada L.\", the snapshot now asks for \"Ada Lovelace\"",
            "user e1004: the plan expects it in EIAM, and it is gone",
        ]
    );
    assert_eq!(d[0].source, DriftSource::Eiam);
    assert_eq!(
        (d[0].planned.clone(), d[0].now.clone()),
        (json!("Alan Turing"), json!("A. Turing"))
    );

    // An operation the plan did not have, and one it no longer needs.
    let now = with(vec![
        patch("e1002", "display_name", "Alan Turing", "Alan M. Turing"),
        patch("e1003", "display_name", "Ada", "Ada L."),
        patch("e1005", "email", "a@x", "b@x"),
    ]);
    let d = drift(&s, &now, same, all_there);
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(
        (d[0].external_id.as_str(), d[0].now.clone()),
        ("e1004", Value::Null)
    );
    assert_eq!(
        (d[1].external_id.as_str(), d[1].now.clone()),
        ("e1005", json!("PatchUser"))
    );
}

fn disable(ext: &str) -> Op {
    Op {
        payload: Payload::SetUserStatus {
            user: ObjRef::Id(EiamId::new(format!("user_{ext}"))),
            status: UserStatus::Disabled,
        },
        changes: std::sync::Arc::new(crate::model::Changes::from([(
            "status".to_owned(),
            [json!("enabled"), json!("disabled")],
        )])),
        ..patch(ext, "x", "", "")
    }
}

#[test]
fn wide_guards_count_rewrites_and_the_window_and_spare_small_churn() {
    let managed: ManagedCounts = [(Kind::User, 40), (Kind::OrganizationalUnit, 5)].into();
    let limits = WideLimits {
        max_identifier_rewrites: 3,
        max_removals_24h: 5,
        ..WideLimits::default()
    };
    let mut ops: Vec<Op> = (0..4)
        .map(|i| {
            patch(
                &format!("e{i}"),
                "email",
                &format!("{i}@old"),
                &format!("{i}@new"),
            )
        })
        .collect();
    // Setting an email where there was none rewrites nothing.
    ops.push(patch("e9", "email", "", "e9@new"));
    std::sync::Arc::make_mut(&mut ops[4].changes)
        .insert("email".into(), [Value::Null, json!("e9@new")]);
    ops.push(disable("e20"));
    ops.push(disable("e21"));
    let plan = with(ops);
    let g = Guarded::of(&plan);
    assert_eq!(g.identifier_rewrites.len(), 4);
    assert!(g.removals.contains("removal user e20"));
    let checks = evaluate_wide(&plan, &managed, &limits, 3);
    let get = |n: &str| checks.iter().find(|c| c.name == n).unwrap();
    assert!(get("max_identifier_rewrites").tripped);
    assert_eq!(get("max_identifier_rewrites").planned, 4.0);
    // 4 of 40 is 10%, but four changes are below the percent floor.
    assert!(!get("max_identifier_rewrite_percent").tripped);
    // 3 earlier + 2 now > 5? No: exactly 5 passes, a sixth trips.
    assert!(!get("max_removals_24h").tripped);
    assert!(
        evaluate_wide(&plan, &managed, &limits, 4)
            .iter()
            .any(|c| c.name == "max_removals_24h" && c.tripped)
    );
    let quiet = with(vec![patch("e1", "display_name", "a", "b")]);
    assert!(
        !evaluate_wide(&quiet, &managed, &limits, 50)
            .iter()
            .any(|c| c.tripped)
    );
    assert!(!get("max_moves").tripped && !get("max_membership_removals").tripped);
}

#[test]
fn custom_field_removals_are_counted_by_their_own_guard() {
    use crate::model::{CustomFieldOp, UserPatch};
    let remove = |ext: &str, fields: &[&str], also: Option<&str>| {
        let mut ops: std::collections::BTreeMap<String, CustomFieldOp> = (fields.iter())
            .map(|f| ((*f).to_owned(), CustomFieldOp::Remove))
            .collect();
        if let Some(f) = also {
            ops.insert(f.to_owned(), CustomFieldOp::Replace("v".into()));
        }
        Op {
            payload: Payload::PatchUser {
                user: ObjRef::Id(EiamId::new(format!("user_{ext}"))),
                patch: Box::new(UserPatch {
                    custom_fields: Some(ops),
                    ..Default::default()
                }),
            },
            ..patch(ext, "custom_fields.x", "a", "b")
        }
    };
    let mut plan = with(
        (0..12)
            .map(|i| remove(&format!("e{i}"), &["cost_center"], Some("employee_number")))
            .collect(),
    );
    plan.ops
        .push(remove("e99", &["cost_center", "badge_no"], None));
    plan.managed_custom_fields = 40;
    let g = Guarded::of(&plan);
    assert_eq!(g.custom_field_removals.len(), 14, "only removals count");
    assert!(
        g.all().contains("custom_field_removal user e99 badge_no"),
        "approvable item by item"
    );
    let managed = ManagedCounts::new();
    let check = |limits: &WideLimits, name: &str| {
        let checks = evaluate_wide(&plan, &managed, limits, 0);
        checks.iter().find(|c| c.name == name).unwrap().clone()
    };
    let defaults = WideLimits::default();
    // 14 of 40 values is 35%: over the default 25%, and above the percent floor.
    let pct = check(&defaults, "max_custom_field_removal_percent");
    assert!(pct.tripped && pct.planned == 35.0, "{pct:?}");
    assert!(!check(&defaults, "max_custom_field_removals").tripped);
    let tight = WideLimits {
        max_custom_field_removals: 13,
        max_custom_field_removal_percent: 100.0,
        ..defaults
    };
    assert!(check(&tight, "max_custom_field_removals").tripped);
    assert!(!check(&tight, "max_custom_field_removal_percent").tripped);
    // A created user removes nothing.
    for op in &mut plan.ops {
        op.eiam_id = None;
    }
    assert!(Guarded::of(&plan).custom_field_removals.is_empty());
}

#[test]
fn a_taken_value_and_a_changed_snapshot_read_plainly() {
    let taken = crate::plan::saved::Drift {
        kind: "user".into(),
        external_id: "e1100".into(),
        field: "username".into(),
        planned: json!("grace.hopper"),
        now: json!({ "held_by": "user_x1" }),
        source: DriftSource::Eiam,
    };
    assert_eq!(
        taken.describe(),
        "user e1100: the username \"grace.hopper\" the plan gives it is now held by another account in EIAM (\"user_x1\")"
    );
    let snapshot = crate::plan::saved::Drift {
        kind: "snapshot".into(),
        external_id: String::new(),
        field: "digest".into(),
        planned: json!("a"),
        now: json!("b"),
        source: DriftSource::Snapshot,
    };
    assert_eq!(
        snapshot.describe(),
        "the snapshot changed since the plan was made (its digest differs)"
    );
}

#[test]
fn a_saved_plan_keeps_the_managed_counts_through_the_seal() {
    let plan = with(vec![patch("u1", "display_name", "A", "B")]);
    let mut s = saved(&plan);
    s.managed = [("user".to_owned(), 1000u64)].into();
    let text = s.seal(sign("k"));
    let opened = SavedPlan::open(&text, sign("k")).unwrap();
    assert_eq!(opened.managed.get("user"), Some(&1000));
    // A file without counts (older layout) still opens, with none.
    let bare = saved(&plan).seal(sign("k"));
    assert!(!bare.contains("\"managed\""));
    assert!(
        SavedPlan::open(&bare, sign("k"))
            .unwrap()
            .managed
            .is_empty()
    );
}
