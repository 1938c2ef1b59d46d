//! Adoptions in the plan: one `Adopt` operation per adopted object, first in the plan, after
//! which the planner takes the object as its record's for the rest of the plan (patches,
//! moves, memberships), every operation on or referring to it depending on its `Adopt`; and
//! the records rejected as ambiguous, which the plan leaves alone (nothing is created for
//! them).

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::model::{EiamId, Kind};
use crate::plan::engine::Planner;
use crate::plan::types::{Changes, ObjRef, Payload};
use crate::plan::world::{Chains, Role};

use super::Matches;

/// The report's `changes` of an adoption.
pub fn adopt_changes(key: crate::model::AdoptKey) -> Changes {
    [("matched_by".to_owned(), [Value::Null, json!(key.as_str())])].into()
}

impl Planner<'_> {
    /// Emit the adoptions of `matches` and hand their objects to their records; remember the
    /// records rejected as ambiguous. Runs before any intention is seeded.
    pub fn seed_adoptions(&mut self, matches: &Matches) {
        for (kind, a) in matches.ambiguities() {
            self.adopted.rejected.insert((kind, a.record.clone()));
        }
        let groups: HashMap<EiamId, usize> = if matches.groups.adoptable.is_empty() {
            HashMap::new()
        } else {
            (self.world.groups.iter().enumerate())
                .filter_map(|(ix, g)| Some((g.reference.as_ref()?.id()?.clone(), ix)))
                .collect()
        };
        for (kind, a) in matches.adoptions() {
            let ix = match kind {
                Kind::OrganizationalUnit => self.world.ou_by_id.get(&a.eiam_id).copied(),
                Kind::User => self.world.user_by_id.get(&a.eiam_id).copied(),
                Kind::Group => groups.get(&a.eiam_id).copied(),
                Kind::Membership => None,
            };
            let Some(ix) = ix else { continue };
            let payload = Payload::Adopt {
                object: ObjRef::Id(a.eiam_id.clone()),
                key: a.key,
            };
            let op = self.emit(kind, a.record.clone(), payload, adopt_changes(a.key), []);
            self.adopted.ops.insert((kind, ix), op);
            let ext = Some(a.record.clone());
            let w = &mut self.world;
            match kind {
                Kind::OrganizationalUnit => {
                    let n = &mut w.ous[ix];
                    (n.ext, n.role, n.last_op) = (ext, Role::Desired, Some(op));
                    w.ou_by_ext.insert(a.record.clone(), ix);
                }
                Kind::User => {
                    let n = &mut w.users[ix];
                    (n.ext, n.role) = (ext, Role::Desired);
                    n.chains = Chains {
                        fields: Some(op),
                        ous: Some(op),
                        status: Some(op),
                    };
                    w.user_by_ext.insert(a.record.clone(), ix);
                }
                Kind::Group => {
                    let n = &mut w.groups[ix];
                    (n.ext, n.role, n.last_op) = (ext, Role::Desired, Some(op));
                    w.group_by_ext.insert(a.record.clone(), ix);
                }
                Kind::Membership => {}
            }
        }
    }
}
