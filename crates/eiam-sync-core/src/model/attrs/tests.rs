use serde_json::{Value, json};

use super::*;
use eiam_api::users::UserSummary;

/// An encoder that records what it is given, to compare encodings.
#[derive(Default)]
struct Record(Vec<String>);

impl Encode for Record {
    fn text(&mut self, s: &str) {
        self.0.push(format!("t:{s}"));
    }
    fn absent(&mut self) {
        self.0.push("-".into());
    }
    fn flag(&mut self, b: bool) {
        self.0.push(format!("f:{b}"));
    }
    fn map(&mut self, len: usize) {
        self.0.push(format!("m:{len}"));
    }
}

fn encoded(a: &UserAttrs) -> Vec<String> {
    let mut r = Record::default();
    a.encode(&mut r);
    r.0
}

/// Every attribute set, built field by field so that a new attribute needs no change here.
fn alice() -> UserAttrs {
    let mut a = UserAttrs {
        username: "alice".into(),
        ..Default::default()
    };
    a.display_name = Some("Alice".into());
    a.email = Some(Email {
        address: "alice@example.com".into(),
        verified: true,
    });
    a.phone = Some(Phone {
        region: "86".into(),
        number: "13800138000".into(),
        verified: false,
    });
    a.custom_fields = [("employee_number", "42"), ("cost_center", "R&D")]
        .into_iter()
        .collect();
    a.description = Some("Curious".into());
    a
}

#[test]
fn a_patch_sends_only_what_differs_and_keeps_what_the_snapshot_leaves_empty() {
    let eiam = alice();
    assert!(
        eiam.diff(&alice()).is_empty(),
        "equal attributes: nothing to send"
    );

    let mut wanted = alice();
    wanted.display_name = None;
    wanted.email = None;
    wanted.phone = None;
    wanted.description = Some("Changed".into());
    let p = eiam.diff(&wanted);
    assert_eq!(
        p.display_name, None,
        "empty in the snapshot: left as EIAM has it"
    );
    assert_eq!(p.email, None);
    assert_eq!(p.phone, None);
    // The description is create-only: PatchUser has none, so a patch never carries it.
    assert!(p.is_empty(), "{p:?}");

    wanted = alice();
    wanted.username = "alice2".into();
    wanted.display_name = Some("Al".into());
    let p = eiam.diff(&wanted);
    assert_eq!(p.username.as_deref(), Some("alice2"));
    assert_eq!(p.display_name.as_deref(), Some("Al"));
    assert_eq!((p.email.clone(), p.phone.clone()), (None, None));
    let mut after = eiam.clone();
    after.apply(&p);
    assert_eq!(after, wanted, "applying the diff gives what was wanted");
    assert!(after.diff(&wanted).is_empty());
}

#[test]
fn grouped_values_are_sent_whole_and_reported_by_part() {
    let eiam = alice();
    let mut wanted = alice();
    wanted.email = Some(Email {
        address: "alice@example.com".into(),
        verified: false,
    });
    let p = eiam.diff(&wanted);
    assert_eq!(p.email, wanted.email, "address and flag go together");
    let c = eiam.patch_changes(&p);
    assert_eq!(
        c["email"],
        [json!("alice@example.com"), json!("alice@example.com")]
    );
    assert_eq!(c["email_verified"], [json!(true), json!(false)]);
    assert_eq!(c.len(), 2);

    wanted = alice();
    wanted.phone = Some(Phone {
        region: "86".into(),
        number: "13900139000".into(),
        verified: false,
    });
    let c = eiam.patch_changes(&eiam.diff(&wanted));
    assert_eq!(
        c["phone_number"],
        [json!("13800138000"), json!("13900139000")]
    );
    assert!(!c.contains_key("phone_region") && !c.contains_key("phone_number_verified"));

    let created = alice().create_changes();
    for key in [
        "username",
        "display_name",
        "email",
        "email_verified",
        "phone_number",
        "phone_region",
        "phone_number_verified",
        "description",
        "custom_fields.employee_number",
        "custom_fields.cost_center",
    ] {
        assert_eq!(
            created[key][0],
            Value::Null,
            "{key}: a create has no before"
        );
    }
    assert_eq!(created.len(), 10);
    let bare = UserAttrs {
        username: "bob".into(),
        ..Default::default()
    };
    assert_eq!(
        bare.create_changes().keys().collect::<Vec<_>>(),
        ["username"]
    );
}

#[test]
fn custom_fields_are_added_replaced_and_removed() {
    let eiam: CustomFields = [("a", "1"), ("b", "2"), ("c", "3")].into_iter().collect();
    let wanted: CustomFields = [("a", "1"), ("b", "20"), ("d", "4")].into_iter().collect();
    let ops = eiam.diff(&wanted).expect("they differ");
    assert_eq!(
        ops.into_iter().collect::<Vec<_>>(),
        [
            ("b".to_owned(), CustomFieldOp::Replace("20".into())),
            ("c".to_owned(), CustomFieldOp::Remove),
            ("d".to_owned(), CustomFieldOp::Add("4".into())),
        ]
    );
    assert_eq!(eiam.diff(&eiam), None);

    let mut before = alice();
    before.custom_fields = eiam;
    let mut after_wanted = alice();
    after_wanted.custom_fields = wanted.clone();
    let patch = before.diff(&after_wanted);
    let changes = before.patch_changes(&patch);
    assert_eq!(changes["custom_fields.b"], [json!("2"), json!("20")]);
    assert_eq!(changes["custom_fields.c"], [json!("3"), Value::Null]);
    assert_eq!(changes["custom_fields.d"], [Value::Null, json!("4")]);
    assert!(
        !changes.contains_key("custom_fields.a"),
        "unchanged: not reported"
    );
    before.apply(&patch);
    assert_eq!(before.custom_fields, wanted);

    let body = patch.request();
    let sent: Vec<(String, Option<String>, Option<String>)> = body
        .custom_fields
        .unwrap_or_default()
        .into_iter()
        .map(|f| (f.field_name.unwrap_or_default(), f.field_value, f.operation))
        .collect();
    assert_eq!(
        sent,
        [
            ("b".into(), Some("20".into()), Some("replace".into())),
            ("c".into(), None, Some("remove".into())),
            ("d".into(), Some("4".into()), Some("add".into())),
        ]
    );
    assert_eq!(body.username, None, "only what differs is sent");

    let mut set = CustomFields::new();
    set.set("x", "1");
    set.set("x", "");
    assert!(set.is_empty(), "an empty value is no value");
}

#[test]
fn every_attribute_is_in_the_encoding_and_boundaries_are_kept() {
    let base = encoded(&alice());
    let mut variants = Vec::new();
    let mut vary = |f: &dyn Fn(&mut UserAttrs)| {
        let mut a = alice();
        f(&mut a);
        variants.push(encoded(&a));
    };
    vary(&|a| a.username = "alicf".into());
    vary(&|a| a.display_name = None);
    vary(&|a| {
        a.email
            .as_mut()
            .into_iter()
            .for_each(|e| e.verified = false)
    });
    vary(&|a| a.phone = None);
    vary(&|a| a.custom_fields.set("employee_number", "43"));
    vary(&|a| a.custom_fields.remove("cost_center"));
    vary(&|a| a.description = None);
    for v in &variants {
        assert_ne!(*v, base);
    }
    let pair = |k: &str, v: &str| -> CustomFields { [(k, v)].into_iter().collect() };
    let a = UserAttrs {
        custom_fields: pair("ab", "c"),
        ..Default::default()
    };
    let b = UserAttrs {
        custom_fields: pair("a", "bc"),
        ..Default::default()
    };
    assert_ne!(encoded(&a), encoded(&b));
}

#[test]
fn the_wire_carries_exactly_the_attributes() {
    let a = alice();
    let req = a.create_request(&"ou_1".into(), &"e1".into());
    assert_eq!(req.username, "alice");
    assert_eq!(req.primary_organizational_unit_id, "ou_1");
    assert_eq!(req.user_external_id.as_deref(), Some("e1"));
    assert_eq!(req.email_verified, Some(true));
    assert_eq!(req.phone_region.as_deref(), Some("86"));
    assert_eq!(req.description.as_deref(), Some("Curious"));
    assert_eq!(req.custom_fields.map(|c| c.len()), Some(2));
    let empty = UserAttrs::default().create_request(&"ou".into(), &"e".into());
    assert_eq!(empty.custom_fields, None, "no extended fields: none sent");

    let summary = UserSummary {
        username: Some("alice".into()),
        display_name: Some("Alice".into()),
        email: Some("alice@example.com".into()),
        email_verified: Some(true),
        phone_region: Some("86".into()),
        phone_number: Some("13800138000".into()),
        phone_number_verified: Some(false),
        description: Some("Curious".into()),
        ..Default::default()
    };
    let seen = UserAttrs::from_summary(&summary);
    assert_eq!(
        seen,
        UserAttrs {
            custom_fields: CustomFields::new(),
            ..alice()
        }
    );
    let blank = UserSummary {
        email: Some(String::new()),
        ..Default::default()
    };
    assert_eq!(UserAttrs::from_summary(&blank).email, None);
}

#[test]
fn ou_and_group_attributes_diff_and_report_like_users() {
    let eiam = OuAttrs {
        name: "Eng".into(),
        description: Some("Engineering".into()),
    };
    let wanted = OuAttrs {
        name: "Engineering".into(),
        description: None,
    };
    let p = eiam.diff(&wanted);
    assert_eq!(p, OuPatch::rename("Engineering".into()));
    assert_eq!(
        eiam.patch_changes(&p)["name"],
        [json!("Eng"), json!("Engineering")]
    );
    assert_eq!(p.request().description, None);
    let g = GroupAttrs { name: "A".into() };
    let p = g.diff(&GroupAttrs { name: "B".into() });
    assert_eq!(p.name.as_deref(), Some("B"));
    assert_eq!(g.create_changes()["name"], [Value::Null, json!("A")]);
    assert_eq!(g.create_request(&"g1".into()).group_name, "A");
}

mod walkthrough {
    //! Adding a plain attribute is one line of the table: this set is the user table plus a
    //! `nick_name`, and diff, patch, report and encoding all carry it with no other code.

    use super::super::{Changes, CustomFields, Email, Phone};
    use super::Record;

    attr_set! {
        /// The user attributes with one more plain field.
        pub struct WalkAttrs /
        /// Its patch.
        WalkPatch {
            patch {
                username: String => "username",
                display_name: Option<String> => "display_name",
                email: Option<Email> => "email",
                phone: Option<Phone> => "phone_number",
                custom_fields: CustomFields => "custom_fields",
                nick_name: Option<String> => "nick_name",
            }
            create_only {
                description: Option<String> => "description",
            }
        }
    }

    #[test]
    fn a_new_plain_field_diffs_patches_reports_and_encodes() {
        let eiam = WalkAttrs {
            username: "alice".into(),
            nick_name: Some("Al".into()),
            ..Default::default()
        };
        let wanted = WalkAttrs {
            nick_name: Some("Ali".into()),
            ..eiam.clone()
        };
        let p = eiam.diff(&wanted);
        assert_eq!(p.nick_name.as_deref(), Some("Ali"));
        let c: Changes = eiam.patch_changes(&p);
        assert_eq!(
            c["nick_name"],
            [serde_json::json!("Al"), serde_json::json!("Ali")]
        );
        let mut after = eiam.clone();
        after.apply(&p);
        assert_eq!(after, wanted);
        let kept = WalkAttrs {
            nick_name: None,
            ..eiam.clone()
        };
        assert!(eiam.diff(&kept).is_empty(), "left empty: kept as it is");
        let (mut a, mut b) = (Record::default(), Record::default());
        eiam.encode(&mut a);
        wanted.encode(&mut b);
        assert_ne!(a.0, b.0);
        assert!(WalkAttrs::FIELDS.contains(&"nick_name"));
        assert!(wanted.create_changes().contains_key("nick_name"));
    }
}
