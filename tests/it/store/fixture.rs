//! A snapshot of valid records and over thirty malformed ones, with the exact rejections and
//! the exact desired state validation must produce from it.

use std::collections::{BTreeMap, BTreeSet};

use eiam_sync::model::{
    DesiredGroup, DesiredOu, DesiredState, DesiredUser, Email, ExtId, Kind, Phone, UserStatus,
};

fn q(value: Option<&str>) -> String {
    match value {
        Some(v) => format!("'{}'", v.replace('\'', "''")),
        None => "NULL".to_owned(),
    }
}

fn b(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "TRUE",
        Some(false) => "FALSE",
        None => "NULL",
    }
}

fn ou(id: &str, parent: Option<&str>, name: Option<&str>, description: Option<&str>) -> String {
    format!(
        "INSERT INTO organizational_units VALUES ({}, {}, {}, {});\n",
        q(Some(id)),
        q(parent),
        q(name),
        q(description)
    )
}

/// A user row; `fields` overrides the defaults of an otherwise valid user in OU `hq`.
#[derive(Clone)]
struct U<'a> {
    id: &'a str,
    username: Option<&'a str>,
    display_name: Option<&'a str>,
    email: Option<&'a str>,
    email_verified: Option<bool>,
    phone_region: Option<&'a str>,
    phone_number: Option<&'a str>,
    phone_verified: Option<bool>,
    primary: &'a str,
    description: Option<&'a str>,
    status: &'a str,
}

fn u<'a>(id: &'a str, username: &'a str) -> U<'a> {
    U {
        id,
        username: Some(username),
        display_name: None,
        email: None,
        email_verified: None,
        phone_region: None,
        phone_number: None,
        phone_verified: None,
        primary: "hq",
        description: None,
        status: "enabled",
    }
}

fn user(u: U<'_>) -> String {
    format!(
        "INSERT INTO users VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {});\n",
        q(Some(u.id)),
        q(u.username),
        q(u.display_name),
        q(u.email),
        b(u.email_verified),
        q(u.phone_region),
        q(u.phone_number),
        b(u.phone_verified),
        q(Some(u.primary)),
        q(u.description),
        q(Some(u.status)),
    )
}

fn pair(table: &str, a: &str, b: &str) -> String {
    format!(
        "INSERT INTO {table} VALUES ({}, {});\n",
        q(Some(a)),
        q(Some(b))
    )
}

/// The rows, for a schema without constraints ([`super::backends::loose_schema`]).
pub fn inserts() -> String {
    let long = |n: usize| "x".repeat(n);
    let mut sql = String::new();
    // Valid OUs.
    sql += &ou("hq", None, Some("Headquarters"), Some("Main office"));
    sql += &ou("eng", Some("hq"), Some("Engineering"), None);
    sql += &ou("web", Some("eng"), Some("Web"), None);
    sql += &ou("ops", Some("hq"), Some("Operations"), Some(""));
    // Malformed OUs.
    sql += &ou("ou_badname", Some("hq"), Some("   "), None);
    sql += &ou("ou_longname", Some("hq"), Some(&long(65)), None);
    sql += &ou("ou_longdesc", Some("hq"), Some("Long"), Some(&long(129)));
    sql += &ou("ou_orphan", Some("nope"), Some("Orphan"), None);
    sql += &ou("ou_cyc_b", Some("ou_cyc_a"), Some("B"), None);
    sql += &ou("ou_cyc_a", Some("ou_cyc_b"), Some("A"), None);
    sql += &ou("ou_child", Some("ou_badname"), Some("Child"), None);
    sql += &ou("ou_dup", Some("hq"), Some("Dup one"), None);
    sql += &ou("ou_dup", Some("hq"), Some("Dup two"), None);
    sql += &ou("ou_sib1", Some("hq"), Some("Sales"), None);
    sql += &ou("ou_sib2", Some("hq"), Some("Sales"), None);
    sql += &ou("ou_nullname", Some("hq"), None, None);

    // Valid users.
    sql += &user(U {
        display_name: Some("Alice Liddell"),
        email: Some("alice@example.com"),
        email_verified: Some(true),
        phone_region: Some("86"),
        phone_number: Some("13800138000"),
        phone_verified: Some(false),
        primary: "eng",
        ..u("u01", "alice")
    });
    sql += &user(U {
        primary: "web",
        status: "disabled",
        description: Some("On leave"),
        ..u("u02", "bob")
    });
    sql += &user(U {
        email: Some("carol@example.com"),
        email_verified: Some(false),
        primary: "ops",
        ..u("u03", "carol")
    });
    sql += &user(U {
        phone_region: Some("1"),
        phone_verified: Some(true),
        display_name: Some(""),
        ..u("u04", "dave")
    });
    // Malformed users.
    sql += &user(u("u_badchar", "john doe"));
    sql += &user(u("u_longname", &long(65)));
    sql += &user(u("u_emptyname", ""));
    sql += &user(U {
        username: None,
        ..u("u_nullname", "")
    });
    sql += &user(U {
        display_name: Some(&long(65)),
        ..u("u_longdisplay", "longdisplay")
    });
    sql += &user(U {
        email: Some("not-an-email"),
        email_verified: Some(true),
        ..u("u_bademail", "bademail")
    });
    sql += &user(U {
        email: Some("noflag@example.com"),
        ..u("u_emailnoflag", "emailnoflag")
    });
    sql += &user(U {
        phone_number: Some("13900139000"),
        phone_verified: Some(true),
        ..u("u_phonenoregion", "phonenoregion")
    });
    sql += &user(U {
        phone_number: Some("13900139001"),
        phone_region: Some("86"),
        ..u("u_phonenoflag", "phonenoflag")
    });
    sql += &user(U {
        phone_number: Some("1390013900x"),
        phone_region: Some("86"),
        phone_verified: Some(true),
        ..u("u_phoneletters", "phoneletters")
    });
    sql += &user(U {
        phone_number: Some("12345"),
        phone_region: Some("86"),
        phone_verified: Some(true),
        ..u("u_phoneshort", "phoneshort")
    });
    sql += &user(U {
        phone_number: Some("13900139002"),
        phone_region: Some("+86"),
        phone_verified: Some(true),
        ..u("u_regionplus", "regionplus")
    });
    sql += &user(U {
        description: Some(&long(257)),
        ..u("u_longdesc", "longdesc")
    });
    sql += &user(U {
        status: "active",
        ..u("u_status", "status")
    });
    sql += &user(U {
        primary: "nope",
        ..u("u_noou", "noou")
    });
    sql += &user(U {
        primary: "ou_badname",
        ..u("u_badou", "badou")
    });
    sql += &user(u("u_twin_a", "twin"));
    sql += &user(u("u_twin_b", "TWIN"));
    sql += &user(U {
        email: Some("same@example.com"),
        email_verified: Some(true),
        ..u("u_mail_a", "mail_a")
    });
    sql += &user(U {
        email: Some("Same@Example.com"),
        email_verified: Some(false),
        ..u("u_mail_b", "mail_b")
    });
    for (id, name) in [("u_phone_a", "phone_a"), ("u_phone_b", "phone_b")] {
        sql += &user(U {
            phone_number: Some("13700137000"),
            phone_region: Some("86"),
            phone_verified: Some(true),
            ..u(id, name)
        });
    }
    sql += &user(u("u_dupid", "dupid_one"));
    sql += &user(u("u_dupid", "dupid_two"));
    let long_id = format!("u_{}", long(63));
    sql += &user(u(&long_id, "longid"));

    // Groups.
    sql += &pair("groups", "g01", "Admins");
    sql += &pair("groups", "g02", "Everyone");
    sql += &pair("groups", "g_badname", "");
    sql += &pair("groups", "g_longname", &long(65));
    sql += &pair("groups", "g_twin_a", "Twins");
    sql += &pair("groups", "g_twin_b", "Twins");
    sql += &pair("groups", "g_dupid", "Dup A");
    sql += &pair("groups", "g_dupid", "Dup B");

    // Secondary OUs.
    sql += &pair("user_organizational_units", "u01", "web");
    sql += &pair("user_organizational_units", "u03", "eng");
    sql += &pair("user_organizational_units", "u02", "nope");
    sql += &pair("user_organizational_units", "u02", "web");
    sql += &pair("user_organizational_units", "u01", "ou_badname");
    sql += &pair("user_organizational_units", "u_status", "eng");

    // Members.
    for (g, u) in [
        ("g01", "u01"),
        ("g02", "u01"),
        ("g02", "u02"),
        ("g02", "u03"),
    ] {
        sql += &pair("group_members", g, u);
    }
    sql += &pair("group_members", "g01", "ghost");
    sql += &pair("group_members", "g_none", "u01");
    sql += &pair("group_members", "g_badname", "u02");
    sql += &pair("group_members", "g02", "u_badchar");
    sql
}

/// (kind, id, field, reason), sorted as validation reports them.
pub fn expected_rejections() -> Vec<(Kind, String, String, String)> {
    use Kind::{Group as G, Membership as M, OrganizationalUnit as O, User as U};
    let long_id = format!("u_{}", "x".repeat(63));
    let list: Vec<(Kind, &str, &str, &str)> = vec![
        (O, "ou_badname", "name", "is empty"),
        (
            O,
            "ou_child",
            "parent_id",
            "parent organizational unit `ou_badname` is rejected",
        ),
        (
            O,
            "ou_cyc_a",
            "parent_id",
            "is part of a cycle of parents: `ou_cyc_a` → `ou_cyc_b` → `ou_cyc_a`",
        ),
        (
            O,
            "ou_cyc_b",
            "parent_id",
            "is part of a cycle of parents: `ou_cyc_a` → `ou_cyc_b` → `ou_cyc_a`",
        ),
        (O, "ou_dup", "id", "appears 2 times in organizational_units"),
        (
            O,
            "ou_longdesc",
            "description",
            "is 129 characters long; at most 128 are allowed",
        ),
        (
            O,
            "ou_longname",
            "name",
            "is 65 characters long; at most 64 are allowed",
        ),
        (O, "ou_nullname", "name", "is NULL (could not be read)"),
        (
            O,
            "ou_orphan",
            "parent_id",
            "organizational unit `nope` does not exist",
        ),
        (
            O,
            "ou_sib1",
            "name",
            "is also the name of organizational unit `ou_sib2` under the same parent",
        ),
        (
            O,
            "ou_sib2",
            "name",
            "is also the name of organizational unit `ou_sib1` under the same parent",
        ),
        (
            U,
            "u_badchar",
            "username",
            "contains ` `; only letters, digits and _ . @ - are allowed",
        ),
        (U, "u_bademail", "email", "is not an email address (no `@`)"),
        (
            U,
            "u_badou",
            "primary_ou_id",
            "organizational unit `ou_badname` is rejected",
        ),
        (U, "u_dupid", "id", "appears 2 times in users"),
        (
            U,
            "u_emailnoflag",
            "email_verified",
            "is required when email is set",
        ),
        (U, "u_emptyname", "username", "is empty"),
        (
            U,
            "u_longdesc",
            "description",
            "is 257 characters long; at most 256 are allowed",
        ),
        (
            U,
            "u_longdisplay",
            "display_name",
            "is 65 characters long; at most 64 are allowed",
        ),
        (
            U,
            "u_longname",
            "username",
            "is 65 characters long; at most 64 are allowed",
        ),
        (U, "u_mail_a", "email", "is also used by user `u_mail_b`"),
        (U, "u_mail_b", "email", "is also used by user `u_mail_a`"),
        (
            U,
            "u_noou",
            "primary_ou_id",
            "organizational unit `nope` does not exist",
        ),
        (U, "u_nullname", "username", "is NULL (could not be read)"),
        (
            U,
            "u_phone_a",
            "phone_number",
            "is also used by user `u_phone_b`",
        ),
        (
            U,
            "u_phone_b",
            "phone_number",
            "is also used by user `u_phone_a`",
        ),
        (
            U,
            "u_phoneletters",
            "phone_number",
            "must contain digits only",
        ),
        (
            U,
            "u_phonenoflag",
            "phone_number_verified",
            "is required when phone_number is set",
        ),
        (
            U,
            "u_phonenoregion",
            "phone_region",
            "is required when phone_number is set",
        ),
        (
            U,
            "u_phoneshort",
            "phone_number",
            "has 5 digits; 6 to 15 are allowed",
        ),
        (
            U,
            "u_regionplus",
            "phone_region",
            "must be digits only, without `+` or `00` (e.g. 86)",
        ),
        (
            U,
            "u_status",
            "status",
            "must be `enabled` or `disabled`, not `active`",
        ),
        (U, "u_twin_a", "username", "is also used by user `u_twin_b`"),
        (U, "u_twin_b", "username", "is also used by user `u_twin_a`"),
        (
            U,
            &long_id,
            "id",
            "is 65 characters long; at most 64 are allowed",
        ),
        (G, "g_badname", "name", "is empty"),
        (G, "g_dupid", "id", "appears 2 times in groups"),
        (
            G,
            "g_longname",
            "name",
            "is 65 characters long; at most 64 are allowed",
        ),
        (
            G,
            "g_twin_a",
            "name",
            "is also the name of group `g_twin_b`",
        ),
        (
            G,
            "g_twin_b",
            "name",
            "is also the name of group `g_twin_a`",
        ),
        (M, "g01/ghost", "user_id", "user `ghost` does not exist"),
        (
            M,
            "g02/u_badchar",
            "user_id",
            "user `u_badchar` is rejected",
        ),
        (
            M,
            "g_badname/u02",
            "group_id",
            "group `g_badname` is rejected",
        ),
        (M, "g_none/u01", "group_id", "group `g_none` does not exist"),
        (
            M,
            "u01/ou_badname",
            "ou_id",
            "organizational unit `ou_badname` is rejected",
        ),
        (
            M,
            "u02/nope",
            "ou_id",
            "organizational unit `nope` does not exist",
        ),
        (
            M,
            "u02/web",
            "ou_id",
            "is already the user's primary organizational unit",
        ),
        (M, "u_status/eng", "user_id", "user `u_status` is rejected"),
    ];
    let mut list: Vec<(Kind, String, String, String)> = list
        .into_iter()
        .map(|(k, id, field, reason)| (k, id.to_owned(), field.to_owned(), reason.to_owned()))
        .collect();
    list.sort();
    list
}

fn id(s: &str) -> ExtId {
    ExtId::from(s)
}

/// Exactly what survives.
pub fn expected_desired() -> DesiredState {
    let ou = |i: &str, parent: Option<&str>, name: &str, description: Option<&str>| {
        (
            id(i),
            DesiredOu {
                external_id: id(i),
                parent: parent.map(id),
                name: name.into(),
                description: description.map(Into::into),
            },
        )
    };
    let plain = |i: &str, username: &str, primary: &str| DesiredUser {
        external_id: id(i),
        username: username.into(),
        display_name: None,
        email: None,
        phone: None,
        primary_ou: id(primary),
        secondary_ous: BTreeSet::new(),
        description: None,
        status: UserStatus::Enabled,
    };
    let users = vec![
        DesiredUser {
            display_name: Some("Alice Liddell".into()),
            email: Some(Email {
                address: "alice@example.com".into(),
                verified: true,
            }),
            phone: Some(Phone {
                region: "86".into(),
                number: "13800138000".into(),
                verified: false,
            }),
            secondary_ous: BTreeSet::from([id("web")]),
            ..plain("u01", "alice", "eng")
        },
        DesiredUser {
            status: UserStatus::Disabled,
            description: Some("On leave".into()),
            ..plain("u02", "bob", "web")
        },
        DesiredUser {
            email: Some(Email {
                address: "carol@example.com".into(),
                verified: false,
            }),
            secondary_ous: BTreeSet::from([id("eng")]),
            ..plain("u03", "carol", "ops")
        },
        plain("u04", "dave", "hq"),
    ];
    let group = |i: &str, name: &str| {
        (
            id(i),
            DesiredGroup {
                external_id: id(i),
                name: name.into(),
            },
        )
    };
    let rejections = expected_rejections();
    let mut rejected = BTreeSet::new();
    let mut rejected_members = BTreeSet::new();
    let mut rejected_user_ous = BTreeSet::new();
    for (kind, ext, _, _) in &rejections {
        if *kind != Kind::Membership {
            rejected.insert((*kind, id(ext)));
            continue;
        }
        // In this fixture group ids start with `g`, user ids with `u`.
        let (a, b) = ext.split_once('/').unwrap();
        if ext.starts_with('g') {
            rejected_members.insert((id(a), id(b)));
        } else {
            rejected_user_ous.insert((id(a), id(b)));
        }
    }
    DesiredState {
        ous: BTreeMap::from([
            ou("hq", None, "Headquarters", Some("Main office")),
            ou("eng", Some("hq"), "Engineering", None),
            ou("web", Some("eng"), "Web", None),
            ou("ops", Some("hq"), "Operations", None),
        ]),
        users: users
            .into_iter()
            .map(|u| (u.external_id.clone(), u))
            .collect(),
        groups: BTreeMap::from([group("g01", "Admins"), group("g02", "Everyone")]),
        members: BTreeMap::from([
            (id("g01"), BTreeSet::from([id("u01")])),
            (id("g02"), BTreeSet::from([id("u01"), id("u02"), id("u03")])),
        ]),
        rejected,
        rejected_members,
        rejected_user_ous,
    }
}
