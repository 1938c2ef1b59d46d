//! The scope of a saved plan: what to read next, given what was read, and the part of EIAM
//! and of the snapshot the planner gets from it.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::{DesiredState, EiamId, ExtId, Kind, ObservedState, Ownership};
use crate::observe::targeted::{Lookup, Targeted, Targets};
use crate::plan::saved::{Drift, DriftSource};

pub(super) struct Scope<'a> {
    pub(super) desired: &'a DesiredState,
    pub(super) ownership: &'a Ownership,
    pub(super) root: EiamId,
    pub(super) asked: Targets,
    pub(super) next: Targets,
    pub(super) acc: Targeted,
    pub(super) touched: BTreeSet<(Kind, ExtId)>,
    /// Snapshot records whose EIAM objects were asked for.
    pub(super) referenced: BTreeSet<(Kind, ExtId)>,
}

fn add<T: Ord + Clone>(asked: &BTreeSet<T>, next: &mut BTreeSet<T>, v: &T) {
    if !asked.contains(v) {
        next.insert(v.clone());
    }
}

impl Scope<'_> {
    pub(super) fn user(&mut self, id: &EiamId) {
        add(&self.asked.users, &mut self.next.users, id);
    }
    pub(super) fn ou(&mut self, id: &EiamId) {
        add(&self.asked.ous, &mut self.next.ous, id);
    }
    pub(super) fn group(&mut self, id: &EiamId) {
        add(&self.asked.groups, &mut self.next.groups, id);
        add(&self.asked.members, &mut self.next.members, id);
    }
    pub(super) fn children(&mut self, id: &EiamId) {
        add(&self.asked.ou_children, &mut self.next.ou_children, id);
    }
    pub(super) fn contents(&mut self, id: &EiamId) {
        self.children(id);
        add(&self.asked.ou_users, &mut self.next.ou_users, id);
    }
    pub(super) fn lookup(&mut self, l: Lookup) {
        add(&self.asked.lookups, &mut self.next.lookups, &l);
    }
    pub(super) fn owned(&self, kind: Kind, ext: &ExtId) -> Option<EiamId> {
        self.ownership.get(kind, ext).map(|o| o.eiam_id.clone())
    }

    /// The EIAM object of a snapshot record: the one the state store knows, else looked up.
    pub(super) fn record(&mut self, kind: Kind, ext: &ExtId) {
        let k = if kind == Kind::Membership {
            Kind::Group
        } else {
            kind
        };
        self.referenced.insert((k, ext.clone()));
        match (kind, self.owned(k, ext)) {
            (Kind::User, Some(id)) => self.user(&id),
            (Kind::User, None) => self.lookup(Lookup::UserExternalId(ext.clone())),
            (Kind::OrganizationalUnit, Some(id)) => self.ou(&id),
            (Kind::OrganizationalUnit, None) => self.lookup(Lookup::OuExternalId(ext.clone())),
            (Kind::Group | Kind::Membership, Some(id)) => self.group(&id),
            (Kind::Group | Kind::Membership, None) => {
                if let Some(g) = self.desired.groups.get(ext) {
                    let name = g.attrs.name.clone();
                    add(&self.asked.group_names, &mut self.next.group_names, &name);
                }
            }
        }
    }

    /// The objects a snapshot record refers to (parent, OUs, members).
    pub(super) fn references(&mut self, kind: Kind, ext: &ExtId) {
        let d = self.desired;
        match kind {
            Kind::User => {
                if let Some(u) = d.users.get(ext) {
                    self.record(Kind::OrganizationalUnit, &u.primary_ou);
                    for o in &u.secondary_ous {
                        self.record(Kind::OrganizationalUnit, o);
                    }
                }
            }
            Kind::OrganizationalUnit => match d.ous.get(ext).and_then(|o| o.parent.as_ref()) {
                Some(p) => self.record(Kind::OrganizationalUnit, p),
                None => {
                    let root = self.root.clone();
                    self.ou(&root);
                }
            },
            Kind::Group | Kind::Membership => {
                for u in d.members.get(ext).into_iter().flatten() {
                    self.record(Kind::User, u);
                }
            }
        }
    }

    /// The EIAM id of the OU a new, renamed or moved OU will sit under (to list its children).
    pub(super) fn new_parent(&self, ext: &ExtId) -> Option<EiamId> {
        match self.desired.ous.get(ext)?.parent.as_ref() {
            Some(p) => self.owned(Kind::OrganizationalUnit, p),
            None => Some(self.root.clone()),
        }
    }

    pub(super) fn is_orphan(&self, kind: Kind, ext: &Option<ExtId>, id: &EiamId) -> bool {
        ext.as_ref().is_some_and(|e| {
            !self.desired.mentions(kind, e)
                && self
                    .ownership
                    .get(kind, e)
                    .is_some_and(|o| o.is_own() && &o.eiam_id == id)
        })
    }

    /// Follow what one round found.
    pub(super) fn follow(&mut self, t: &Targeted) {
        let d = self.desired;
        let valid = |kind: Kind, ext: &Option<ExtId>| {
            ext.clone().filter(|e| match kind {
                Kind::User => d.users.contains_key(e),
                Kind::OrganizationalUnit => d.ous.contains_key(e),
                _ => d.groups.contains_key(e),
            })
        };
        for u in t.users.values() {
            for o in &u.ous {
                self.ou(o);
            }
            if let Some(e) = valid(Kind::User, &u.external_id) {
                self.references(Kind::User, &e);
            }
        }
        let listed = t.children.values().flatten();
        for id in t.ous.keys().chain(listed) {
            let Some(o) = t.ous.get(id) else { continue };
            if let Some(chain) = t.ancestors.get(id) {
                let below = chain.iter().skip_while(|a| **a != self.root);
                for a in below.collect::<Vec<_>>() {
                    self.ou(a);
                }
                if *id != self.root && !chain.contains(&self.root) {
                    continue; // outside the subtree
                }
            }
            if let Some(e) = valid(Kind::OrganizationalUnit, &o.external_id) {
                self.references(Kind::OrganizationalUnit, &e);
            }
            if self.is_orphan(Kind::OrganizationalUnit, &o.external_id, id) {
                self.contents(id);
            }
        }
        for ids in t.ou_users.values().chain(t.members.values()) {
            for id in ids {
                self.user(id);
            }
        }
        for g in t.groups.values() {
            if let Some(e) = valid(Kind::Group, &g.external_id) {
                self.group(&g.id);
                self.references(Kind::Group, &e);
            } else if self.is_orphan(Kind::Group, &g.external_id, &g.id) {
                self.group(&g.id);
            }
        }
        for (l, id) in &t.lookups {
            match (l, id) {
                (Lookup::OuExternalId(_), Some(id)) => self.ou(id),
                (_, Some(id)) => self.user(id),
                (_, None) => {}
            }
        }
    }

    /// The observed state of the subtree, from what was read.
    pub(super) fn observed(&self) -> ObservedState {
        let acc = &self.acc;
        let under = |id: &EiamId| {
            let mut cur = Some(id.clone());
            for _ in 0..=acc.ous.len() {
                let Some(c) = cur else { return false };
                if c == self.root
                    || acc
                        .ancestors
                        .get(&c)
                        .is_some_and(|a| a.contains(&self.root))
                {
                    return true;
                }
                if acc.ancestors.contains_key(&c) {
                    return false;
                }
                cur = acc.ous.get(&c).and_then(|o| o.parent_id.clone());
            }
            false
        };
        let mut state = ObservedState {
            root: self.root.clone(),
            ..Default::default()
        };
        state.ous = (acc.ous.iter())
            .filter(|(id, _)| under(id))
            .map(|(id, o)| (id.clone(), o.clone()))
            .collect();
        if let Some(r) = state.ous.get_mut(&self.root) {
            r.parent_id = None;
        }
        for (id, u) in &acc.users {
            let mut u = u.clone();
            u.ous.retain(|o| state.ous.contains_key(o));
            if !u.ous.is_empty() {
                state.users.insert(id.clone(), u);
            }
        }
        state.scope_custom_fields(self.desired);
        state.groups = acc.groups.clone();
        state.members = (acc.members.iter())
            .filter(|(g, _)| acc.groups.contains_key(*g))
            .map(|(g, m)| (g.clone(), m.clone()))
            .collect();
        state
    }

    /// Objects the plan relies on that the state store knows and EIAM no longer holds.
    pub(super) fn gone(&self, observed: &ObservedState) -> Vec<Drift> {
        let mut out = Vec::new();
        for (kind, ext) in &self.referenced {
            let Some(id) = self.owned(*kind, ext) else {
                continue;
            };
            let there = match kind {
                Kind::OrganizationalUnit => observed.ous.contains_key(&id),
                Kind::User => observed.users.contains_key(&id),
                Kind::Group | Kind::Membership => observed.groups.contains_key(&id),
            };
            if !there {
                out.push(Drift {
                    kind: kind.as_str().to_owned(),
                    external_id: ext.to_string(),
                    field: "exists".to_owned(),
                    planned: Value::Bool(true),
                    now: Value::Bool(false),
                    source: DriftSource::Eiam,
                });
            }
        }
        out
    }

    /// The snapshot records of the plan and of every object observed.
    pub(super) fn desired(&self, observed: &ObservedState) -> DesiredState {
        // Records referenced but not found stay: the planner then says what they need.
        let mut keep = self.touched.clone();
        keep.extend(self.referenced.iter().cloned());
        let exts = |kind: Kind, e: &Option<ExtId>| e.clone().map(|e| (kind, e));
        keep.extend(
            observed
                .ous
                .values()
                .filter_map(|o| exts(Kind::OrganizationalUnit, &o.external_id)),
        );
        keep.extend(
            observed
                .users
                .values()
                .filter_map(|u| exts(Kind::User, &u.external_id)),
        );
        keep.extend(
            observed
                .groups
                .values()
                .filter_map(|g| exts(Kind::Group, &g.external_id)),
        );
        let mut d = self.desired.clone();
        d.ous
            .retain(|e, _| keep.contains(&(Kind::OrganizationalUnit, e.clone())));
        d.users
            .retain(|e, _| keep.contains(&(Kind::User, e.clone())));
        d.groups
            .retain(|e, _| keep.contains(&(Kind::Group, e.clone())));
        let groups = d.groups.keys().cloned().collect::<BTreeSet<_>>();
        d.members.retain(|g, _| groups.contains(g));
        d
    }
}
