//! A user's attributes in the planner's model, borrowed from the observation until changed.

use std::ops::Deref;

use crate::model::UserAttrs;

/// A user's attributes in the model: an observed user's are read from the observation until
/// the plan changes them; a changed or new user's are the model's own, boxed to keep the node
/// small.
#[derive(Debug, Clone)]
pub enum NodeAttrs<'a> {
    Observed(&'a UserAttrs),
    Planned(Box<UserAttrs>),
}

impl NodeAttrs<'_> {
    /// Change the attributes, taking a copy of the observed ones first.
    pub fn change(&mut self, f: impl FnOnce(&mut UserAttrs)) {
        let mut attrs = match std::mem::replace(self, NodeAttrs::Planned(Box::default())) {
            NodeAttrs::Observed(a) => Box::new(a.clone()),
            NodeAttrs::Planned(a) => a,
        };
        f(&mut attrs);
        *self = NodeAttrs::Planned(attrs);
    }
}

impl Deref for NodeAttrs<'_> {
    type Target = UserAttrs;

    fn deref(&self) -> &UserAttrs {
        match self {
            NodeAttrs::Observed(a) => a,
            NodeAttrs::Planned(a) => a,
        }
    }
}
