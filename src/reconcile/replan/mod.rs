//! What `apply FILE` reads of EIAM: only the objects a saved plan reads or changes, through
//! the targeted observation. Starting from the plan's operations (their EIAM ids, the EIAM ids
//! the state store knows for their records, lookups by external id for the rest, and the
//! usernames, emails and phone numbers they give), it follows what the planner needs to reach
//! the same conclusions for those records: each user's OUs, each OU's ancestors up to the
//! sync root, the parents receiving a new or renamed child (for sibling names), the contents
//! of OUs to delete, the members of the groups involved, and the snapshot records of
//! everything found. The planner then runs unchanged on that part of the snapshot and of EIAM.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::eiam::Client;
use crate::model::{DesiredState, EiamId, ExtId, Kind, UniqueKey};
use crate::observe::targeted::{Lookup, Targeted, Targets, observe_targeted};
use crate::observe::{Links, resolve_root};
use crate::plan::saved::{Drift, DriftSource, SavedPlan};
use crate::state::StateStore;

mod scope;

use scope::Scope;

use super::ReconcileError;
use super::stages::Observation;

/// The part of EIAM and of the snapshot a saved plan depends on.
pub struct Scoped {
    pub observation: Observation,
    /// The snapshot records the plan touches, and those of every object observed.
    pub desired: DesiredState,
    /// Unique values the plan gives that another account holds now.
    pub conflicts: Vec<Drift>,
}

/// One wanted unique value: the user that gets it, and how it is looked up.
struct Wanted {
    user: ExtId,
    field: &'static str,
    value: String,
    lookup: Lookup,
}

/// Read what `saved` depends on. `None` when the journal shows creates left in doubt by a
/// crash: those are found only by a full observation.
pub async fn observe_saved(
    client: &Client,
    store: &StateStore,
    saved: &SavedPlan,
    desired: &DesiredState,
    root: Option<&str>,
    concurrency: usize,
) -> Result<Option<Scoped>, ReconcileError> {
    let ownership = store.load_ownership().await?;
    let mut in_doubt = store.journalled_creates().await?;
    in_doubt.retain(|(kind, ext)| ownership.get(*kind, ext).is_none());
    if !in_doubt.is_empty() {
        return Ok(None);
    }
    let root = EiamId::new(resolve_root(client, root).await?);
    // Objects adopted by a rule are read under their records' ids, as a full run sees them.
    let links = Links::of(&ownership);
    let mut s = Scope {
        desired,
        ownership: &ownership,
        root: root.clone(),
        asked: Targets {
            ancestors: true,
            ..Default::default()
        },
        next: Targets {
            ancestors: true,
            ..Default::default()
        },
        acc: Targeted::default(),
        touched: BTreeSet::new(),
        referenced: BTreeSet::new(),
    };
    s.ou(&root);
    let mut wanted = Vec::new();
    let mut planned_ids = BTreeSet::new();
    for op in &saved.operations {
        let Ok(kind) = op.kind.parse::<Kind>() else {
            continue;
        };
        let ext = ExtId::new(op.external_id.as_str());
        let record_kind = if kind == Kind::Membership {
            Kind::Group
        } else {
            kind
        };
        s.touched.insert((record_kind, ext.clone()));
        s.record(kind, &ext);
        s.references(kind, &ext);
        if let Some(id) = op.eiam_id.as_ref().map(|i| EiamId::new(i.as_str())) {
            planned_ids.insert(id.clone());
            match kind {
                Kind::User => s.user(&id),
                Kind::OrganizationalUnit => s.ou(&id),
                Kind::Group | Kind::Membership => s.group(&id),
            }
        }
        match op.action.as_str() {
            "CreateOrganizationalUnit"
            | "PatchOrganizationalUnit"
            | "PatchOrganizationalUnitParentId" => {
                if let Some(p) = s.new_parent(&ext) {
                    s.children(&p);
                }
            }
            "DeleteOrganizationalUnit" => {
                if let Some(id) = &op.eiam_id {
                    s.contents(&EiamId::new(id.as_str()));
                }
            }
            "CreateUser" | "PatchUser" if op.blocked.is_none() => {
                if let Some(u) = desired.users.get(&ext) {
                    let create = op.action == "CreateUser";
                    let given = u.attrs.unique_values().into_iter();
                    for (key, value) in
                        given.filter(|(k, _)| create || op.changes.contains_key(k.field()))
                    {
                        let lookup = match key {
                            UniqueKey::Username => Lookup::Username(value.clone()),
                            UniqueKey::Email => Lookup::Email(value.clone()),
                            UniqueKey::Phone => Lookup::Phone(value.clone()),
                        };
                        s.lookup(lookup.clone());
                        wanted.push(Wanted {
                            user: ext.clone(),
                            field: key.field(),
                            value,
                            lookup,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    while !s.next.is_empty() {
        let round = std::mem::replace(
            &mut s.next,
            Targets {
                ancestors: true,
                ..Default::default()
            },
        );
        let mut found = observe_targeted(client, &round, concurrency).await?;
        links.targeted(&mut found);
        merge_targets(&mut s.asked, round);
        s.follow(&found);
        s.acc.merge(found);
    }
    let observed = s.observed();
    let scoped_desired = s.desired(&observed);
    let mut conflicts = s.gone(&observed);
    conflicts.extend(wanted.iter().filter_map(|w| {
        let holder = s.acc.lookups.get(&w.lookup)?.as_ref()?;
        let own = s.owned(Kind::User, &w.user);
        if own.as_ref() == Some(holder) || planned_ids.contains(holder) {
            return None;
        }
        Some(Drift {
            kind: Kind::User.as_str().to_owned(),
            external_id: w.user.to_string(),
            field: w.field.to_owned(),
            planned: Value::String(w.value.clone()),
            now: json!({ "held_by": holder.as_str() }),
            source: DriftSource::Eiam,
        })
    }));
    Ok(Some(Scoped {
        observation: Observation {
            observed,
            ownership,
            recovered: Default::default(),
            unobserved: Default::default(),
            synthesized_members: Default::default(),
            matches: None,
        },
        desired: scoped_desired,
        conflicts,
    }))
}

fn merge_targets(into: &mut Targets, t: Targets) {
    into.users.extend(t.users);
    into.ous.extend(t.ous);
    into.ou_children.extend(t.ou_children);
    into.ou_users.extend(t.ou_users);
    into.groups.extend(t.groups);
    into.members.extend(t.members);
    into.group_names.extend(t.group_names);
    into.lookups.extend(t.lookups);
}
