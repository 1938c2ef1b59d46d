//! Provisioning (synchronization) scope per application, as docs/eiam-api.md §7 reads it: listed
//! OUs cover their whole subtree; users are in scope through an in-scope OU (primary or secondary)
//! or an in-scope group; groups are in scope when listed, or all of them when the root is.

use super::Directory;
use crate::error::ApiError;

/// The scope of one application: OU subtree roots and groups, by sequence number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub ous: Vec<u32>,
    pub groups: Vec<u32>,
}

impl Directory {
    /// Whether `app` sees everything (the default scope, or one that lists the root).
    pub(crate) fn sees_all(&self, app: &str) -> bool {
        self.scopes
            .get(app)
            .is_none_or(|s| s.ous.contains(&self.root))
    }

    pub(crate) fn ou_in_scope(&self, app: &str, seq: u32) -> bool {
        if self.ou(seq).is_none() {
            return false;
        }
        let Some(scope) = self.scopes.get(app) else {
            return true;
        };
        let mut cur = Some(seq);
        while let Some(c) = cur {
            if scope.ous.contains(&c) {
                return true;
            }
            cur = self.ou(c).and_then(|o| o.parent);
        }
        false
    }

    pub(crate) fn group_in_scope(&self, app: &str, seq: u32) -> bool {
        self.group(seq).is_some()
            && (self.sees_all(app)
                || self
                    .scopes
                    .get(app)
                    .is_some_and(|s| s.groups.contains(&seq)))
    }

    pub(crate) fn user_in_scope(&self, app: &str, seq: u32) -> bool {
        let Some(u) = self.user(seq) else {
            return false;
        };
        self.sees_all(app)
            || u.all_ous().any(|o| self.ou_in_scope(app, o))
            || u.groups.iter().any(|&g| self.group_in_scope(app, g))
    }

    /// An OU id that exists and is in scope; anything else is `OrganizationUnitIdNotInScopes`
    /// (the tables use that code for unknown OUs as well).
    pub(crate) fn scoped_ou(&self, app: &str, id: &str) -> Result<u32, ApiError> {
        self.find_ou(id)
            .filter(|&s| self.ou_in_scope(app, s))
            .ok_or_else(|| ApiError::not_in_scope(id))
    }

    /// A user id that exists and is in scope. Out-of-scope users are reported as not found
    /// (docs/eiam-api.md, open question 11: the conservative reading, they are invisible).
    pub(crate) fn scoped_user(&self, app: &str, id: &str) -> Result<u32, ApiError> {
        self.find_user(id)
            .filter(|&s| self.user_in_scope(app, s))
            .ok_or_else(|| ApiError::resource_not_found("User", id))
    }

    /// A group id that exists and is in scope.
    pub(crate) fn scoped_group(&self, app: &str, id: &str) -> Result<u32, ApiError> {
        self.find_group(id)
            .filter(|&s| self.group_in_scope(app, s))
            .ok_or_else(|| ApiError::resource_not_found("Group", id))
    }

    /// `GetApplicationProvisioningScope`: (OU ids, group ids).
    pub fn provisioning_scope(&self, app: &str) -> (Vec<String>, Vec<String>) {
        let ids = |seqs: &[u32], f: &dyn Fn(u32) -> Option<String>| {
            seqs.iter().filter_map(|&s| f(s)).collect::<Vec<_>>()
        };
        match self.scopes.get(app) {
            None => (vec![self.root_id().to_owned()], Vec::new()),
            Some(s) => (
                ids(&s.ous, &|o| self.ou(o).map(|o| o.id.to_string())),
                ids(&s.groups, &|g| self.group(g).map(|g| g.id.to_string())),
            ),
        }
    }

    /// Replaces the scope of `app`; every id must exist.
    pub fn set_scope(
        &mut self,
        app: &str,
        ou_ids: &[String],
        group_ids: &[String],
    ) -> Result<(), String> {
        let ous = ou_ids
            .iter()
            .map(|id| self.find_ou(id).ok_or_else(|| format!("unknown OU `{id}`")))
            .collect::<Result<Vec<_>, _>>()?;
        let groups = group_ids
            .iter()
            .map(|id| {
                self.find_group(id)
                    .ok_or_else(|| format!("unknown group `{id}`"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.scopes.insert(app.to_owned(), Scope { ous, groups });
        Ok(())
    }

    /// A group created by `app` joins its narrowed scope, so the application can manage what
    /// it creates (OUs need no such step: they fall inside a scoped subtree).
    pub(crate) fn scope_add_group(&mut self, app: &str, seq: u32) {
        let root = self.root;
        if let Some(s) = self.scopes.get_mut(app)
            && !s.ous.contains(&root)
        {
            s.groups.push(seq);
        }
    }

    /// Deleted objects leave every scope.
    pub(crate) fn scope_forget(&mut self, ou: Option<u32>, group: Option<u32>) {
        for s in self.scopes.values_mut() {
            if let Some(o) = ou {
                s.ous.retain(|&x| x != o);
            }
            if let Some(g) = group {
                s.groups.retain(|&x| x != g);
            }
        }
    }
}
