//! The demo's sample directory: a few OUs deep, dozens of users, a few groups; and the same
//! directory a week later (a move, a rename, a leaver, a new hire).

use crate::model::{
    GroupMemberRow, GroupRow, OuRow, Snapshot, UserCustomFieldRow, UserOuRow, UserRow,
};

const PEOPLE: [(&str, &str); 36] = [
    ("Ada", "Lovelace"),
    ("Alan", "Turing"),
    ("Barbara", "Liskov"),
    ("Brian", "Kernighan"),
    ("Claude", "Shannon"),
    ("Dennis", "Ritchie"),
    ("Donald", "Knuth"),
    ("Edsger", "Dijkstra"),
    ("Frances", "Allen"),
    ("Guido", "Rossum"),
    ("Hedy", "Lamarr"),
    ("Ivan", "Sutherland"),
    ("John", "McCarthy"),
    ("Ken", "Thompson"),
    ("Leslie", "Lamport"),
    ("Linus", "Torvalds"),
    ("Margaret", "Hamilton"),
    ("Niklaus", "Wirth"),
    ("Radia", "Perlman"),
    ("Rob", "Pike"),
    ("Shafi", "Goldwasser"),
    ("Tim", "Berners-Lee"),
    ("Tony", "Hoare"),
    ("Vint", "Cerf"),
    ("Whitfield", "Diffie"),
    ("Yukihiro", "Matsumoto"),
    ("Anita", "Borg"),
    ("Bjarne", "Stroustrup"),
    ("Carol", "Shaw"),
    ("Dorothy", "Vaughan"),
    ("Evelyn", "Berezin"),
    ("Fran", "Bilas"),
    ("Gladys", "West"),
    ("Hal", "Abelson"),
    ("Ida", "Rhodes"),
    ("Jean", "Sammet"),
];

const LEAVES: [&str; 5] = ["platform", "web", "emea", "apac", "it"];

fn ou(id: &str, parent: Option<&str>, name: &str) -> OuRow {
    OuRow {
        id: id.to_owned(),
        parent_id: parent.map(str::to_owned),
        name: name.to_owned(),
        description: (parent.is_none()).then(|| format!("{name}, as exported by HR")),
        ..Default::default()
    }
}

fn user(n: usize, first: &str, last: &str, primary: &str) -> UserRow {
    let username = format!(
        "{}.{}",
        first.to_lowercase(),
        last.to_lowercase().replace('-', "")
    );
    UserRow {
        id: format!("e{}", 1001 + n),
        username: username.clone(),
        display_name: Some(format!("{first} {last}")),
        email: Some(format!("{username}@acme.example")),
        email_verified: Some(true),
        phone_region: n.is_multiple_of(3).then(|| "86".to_owned()),
        phone_number: n
            .is_multiple_of(3)
            .then(|| format!("1380013{:04}", 1000 + n)),
        phone_number_verified: n.is_multiple_of(3).then_some(true),
        primary_ou_id: primary.to_owned(),
        description: None,
        status: if n == 7 { "disabled" } else { "enabled" }.into(),
        ..Default::default()
    }
}

/// The directory on day one.
pub fn initial() -> Snapshot {
    let organizational_units = vec![
        ou("hq", None, "Acme Corp"),
        ou("eng", Some("hq"), "Engineering"),
        ou("platform", Some("eng"), "Platform"),
        ou("web", Some("eng"), "Web"),
        ou("sales", Some("hq"), "Sales"),
        ou("emea", Some("sales"), "EMEA"),
        ou("apac", Some("sales"), "APAC"),
        ou("ops", Some("hq"), "Operations"),
        ou("it", Some("ops"), "IT"),
    ];
    let users: Vec<UserRow> = PEOPLE
        .iter()
        .enumerate()
        .map(|(n, (first, last))| user(n, first, last, LEAVES[n % LEAVES.len()]))
        .collect();
    // IT staff also belong to Platform.
    let user_organizational_units = users
        .iter()
        .filter(|u| u.primary_ou_id == "it")
        .map(|u| UserOuRow {
            user_id: u.id.clone(),
            ou_id: "platform".to_owned(),
            ..Default::default()
        })
        .collect();
    let groups = vec![
        GroupRow {
            id: "g-eng".into(),
            name: "Engineers".into(),
            ..Default::default()
        },
        GroupRow {
            id: "g-sales".into(),
            name: "Sales team".into(),
            ..Default::default()
        },
        GroupRow {
            id: "g-vpn".into(),
            name: "VPN users".into(),
            ..Default::default()
        },
    ];
    let mut group_members = Vec::new();
    for (n, u) in users.iter().enumerate() {
        let team = match u.primary_ou_id.as_str() {
            "platform" | "web" | "it" => "g-eng",
            _ => "g-sales",
        };
        group_members.push(GroupMemberRow {
            group_id: team.into(),
            user_id: u.id.clone(),
            ..Default::default()
        });
        if n.is_multiple_of(4) {
            group_members.push(GroupMemberRow {
                group_id: "g-vpn".into(),
                user_id: u.id.clone(),
                ..Default::default()
            });
        }
    }
    Snapshot {
        organizational_units,
        users,
        user_organizational_units,
        groups,
        group_members,
        user_custom_fields: None,
    }
}

/// A week later: IT moves under Engineering, APAC is renamed, one person leaves, one joins,
/// and someone moves from Web to Platform.
pub fn week_later() -> Snapshot {
    let mut s = initial();
    if let Some(it) = s.organizational_units.iter_mut().find(|o| o.id == "it") {
        it.parent_id = Some("eng".to_owned());
    }
    if let Some(apac) = s.organizational_units.iter_mut().find(|o| o.id == "apac") {
        apac.name = "Asia Pacific".to_owned();
    }
    if let Some(mover) = s.users.iter_mut().find(|u| u.id == "e1002") {
        mover.primary_ou_id = "platform".to_owned();
        mover.display_name = Some("Alan M. Turing".to_owned());
    }
    let leaver = "e1011";
    s.users.retain(|u| u.id != leaver);
    s.group_members.retain(|m| m.user_id != leaver);
    s.user_organizational_units.retain(|m| m.user_id != leaver);
    s.users.push(user(99, "Grace", "Hopper", "platform"));
    s.group_members.push(GroupMemberRow {
        group_id: "g-eng".into(),
        user_id: "e1100".into(),
        ..Default::default()
    });
    s
}

/// The extended fields the demo manages (defined in the emulator as in the console).
pub const CUSTOM_FIELDS: [&str; 2] = ["employee_number", "cost_center"];

/// `s` with a `user_custom_fields` table: every user's employee number and the cost center
/// of their primary OU.
pub fn with_custom_fields(mut s: Snapshot) -> Snapshot {
    let rows = s
        .users
        .iter()
        .flat_map(|u| {
            let row = |name: &str, value: String| UserCustomFieldRow {
                user_id: u.id.clone(),
                field_name: name.to_owned(),
                field_value: Some(value),
                ..Default::default()
            };
            [
                row("employee_number", format!("A-{}", &u.id[1..])),
                row(
                    "cost_center",
                    format!("CC-{}", u.primary_ou_id.to_uppercase()),
                ),
            ]
        })
        .collect();
    s.user_custom_fields = Some(rows);
    s
}
