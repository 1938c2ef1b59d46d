//! The replay's access to its state: resolving references, walking parents, and changing
//! users and OUs with the uniqueness index kept in step.

use crate::model::{EiamId, ObservedOu, ObservedUser};
use crate::plan::types::{ObjRef, OpId};

use super::Replay;

impl Replay<'_> {
    pub(super) fn resolve(&self, r: &ObjRef) -> Result<EiamId, String> {
        match r {
            ObjRef::Id(id) => Ok(id.clone()),
            ObjRef::Created(op) => (self.created.get(*op).cloned().flatten())
                .ok_or_else(|| format!("refers to operation {op}, which has not run")),
            ObjRef::Absent => Err("refers to an object that will never exist".to_owned()),
        }
    }

    /// Remember the id the creating operation `op` gave its object.
    pub(super) fn note_created(&mut self, op: OpId, id: EiamId) {
        if self.created.len() <= op {
            self.created.resize(op + 1, None);
        }
        if let Some(slot) = self.created.get_mut(op) {
            *slot = Some(id);
        }
    }

    pub(super) fn ou_exists(&self, id: &EiamId) -> Result<(), String> {
        if self.ous.contains(id) {
            Ok(())
        } else {
            Err(format!("OU {id} does not exist"))
        }
    }

    pub(super) fn sibling_taken(
        &self,
        parent: &EiamId,
        name: &str,
        except: Option<&EiamId>,
    ) -> bool {
        self.index.sibling_taken(parent, name, except)
    }

    pub(super) fn within(&self, candidate: &EiamId, ou: &EiamId) -> bool {
        let mut cur = Some(candidate.clone());
        let mut steps = 0;
        while let Some(c) = cur {
            if &c == ou || steps > self.ous.bound() {
                return true;
            }
            steps += 1;
            cur = self.ous.get(&c).and_then(|o| o.parent_id.clone());
        }
        false
    }

    pub(super) fn user_value_taken(
        &self,
        me: Option<&EiamId>,
        username: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Option<String> {
        self.index.user_value_taken(me, username, email, phone)
    }

    /// Change a user, keeping the index in step.
    pub(super) fn with_user<T>(
        &mut self,
        r: &ObjRef,
        f: impl FnOnce(&mut ObservedUser) -> Result<T, String>,
    ) -> Result<T, String> {
        let id = self.resolve(r)?;
        let u = self
            .users
            .get_mut(&id)
            .ok_or_else(|| format!("user {id} does not exist"))?;
        self.index.unindex_user(u);
        let out = f(u);
        self.index.index_user(u);
        out
    }

    /// Change an OU, keeping the index in step.
    pub(super) fn with_ou(
        &mut self,
        id: &EiamId,
        f: impl FnOnce(&mut ObservedOu),
    ) -> Result<(), String> {
        let o = self
            .ous
            .get_mut(id)
            .ok_or(format!("OU {id} does not exist"))?;
        self.index.unindex_ou(o);
        f(o);
        self.index.index_ou(o);
        Ok(())
    }
}
