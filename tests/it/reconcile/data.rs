//! Small snapshots for end-to-end scenarios, built fluently.

use eiam_sync::model::{GroupMemberRow, GroupRow, OuRow, Snapshot, UserOuRow, UserRow};

pub trait Build {
    fn ou(self, id: &str, parent: Option<&str>, name: &str) -> Self;
    fn user(self, id: &str, username: &str, primary: &str) -> Self;
    fn secondary(self, user: &str, ou: &str) -> Self;
    fn group(self, id: &str, name: &str) -> Self;
    fn member(self, group: &str, user: &str) -> Self;
    fn without_user(self, id: &str) -> Self;
    fn without_ou(self, id: &str) -> Self;
    fn set_user(self, id: &str, f: impl FnOnce(&mut UserRow)) -> Self;
    fn set_ou(self, id: &str, f: impl FnOnce(&mut OuRow)) -> Self;
}

impl Build for Snapshot {
    fn ou(mut self, id: &str, parent: Option<&str>, name: &str) -> Self {
        self.organizational_units.push(OuRow {
            id: id.into(),
            parent_id: parent.map(Into::into),
            name: name.into(),
            ..Default::default()
        });
        self
    }

    fn user(mut self, id: &str, username: &str, primary: &str) -> Self {
        self.users.push(UserRow {
            id: id.into(),
            username: username.into(),
            display_name: Some(format!("User {username}")),
            email: Some(format!("{username}@example.com")),
            email_verified: Some(true),
            primary_ou_id: primary.into(),
            status: "enabled".into(),
            ..Default::default()
        });
        self
    }

    fn secondary(mut self, user: &str, ou: &str) -> Self {
        self.user_organizational_units.push(UserOuRow {
            user_id: user.into(),
            ou_id: ou.into(),
            ..Default::default()
        });
        self
    }

    fn group(mut self, id: &str, name: &str) -> Self {
        self.groups.push(GroupRow {
            id: id.into(),
            name: name.into(),
            ..Default::default()
        });
        self
    }

    fn member(mut self, group: &str, user: &str) -> Self {
        self.group_members.push(GroupMemberRow {
            group_id: group.into(),
            user_id: user.into(),
            ..Default::default()
        });
        self
    }

    fn without_user(mut self, id: &str) -> Self {
        self.users.retain(|u| u.id != id);
        self.user_organizational_units.retain(|r| r.user_id != id);
        self.group_members.retain(|r| r.user_id != id);
        self
    }

    fn without_ou(mut self, id: &str) -> Self {
        self.organizational_units.retain(|o| o.id != id);
        self.user_organizational_units.retain(|r| r.ou_id != id);
        self
    }

    fn set_user(mut self, id: &str, f: impl FnOnce(&mut UserRow)) -> Self {
        if let Some(u) = self.users.iter_mut().find(|u| u.id == id) {
            f(u);
        }
        self
    }

    fn set_ou(mut self, id: &str, f: impl FnOnce(&mut OuRow)) -> Self {
        if let Some(o) = self.organizational_units.iter_mut().find(|o| o.id == id) {
            f(o);
        }
        self
    }
}

/// A company of three levels: hq → eng (→ web, platform), sales; six users; two groups.
pub fn company() -> Snapshot {
    Snapshot::default()
        .ou("hq", None, "Headquarters")
        .ou("eng", Some("hq"), "Engineering")
        .ou("web", Some("eng"), "Web")
        .ou("platform", Some("eng"), "Platform")
        .ou("sales", Some("hq"), "Sales")
        .user("u1", "alice", "web")
        .user("u2", "bob", "web")
        .user("u3", "carol", "platform")
        .user("u4", "dave", "sales")
        .user("u5", "erin", "sales")
        .user("u6", "frank", "hq")
        .secondary("u3", "web")
        .group("g1", "Engineers")
        .group("g2", "Everyone")
        .member("g1", "u1")
        .member("g1", "u2")
        .member("g1", "u3")
        .member("g2", "u1")
        .member("g2", "u4")
        .member("g2", "u6")
}
