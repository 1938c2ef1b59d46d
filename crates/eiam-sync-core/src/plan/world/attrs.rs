//! A user's attributes in the planner's model, borrowed from the observation until changed.

use std::ops::Deref;
use std::sync::Arc;

use crate::model::UserAttrs;

/// A user's attributes in the model: an observed user's are read from the observation until
/// the plan changes them; a changed or new user's are the model's own. A created user's are
/// the snapshot record's, shared rather than copied (a million creates would otherwise hold a
/// second copy of every record), and only copied if a later operation changes them.
#[derive(Debug, Clone)]
pub enum NodeAttrs<'a> {
    Observed(&'a UserAttrs),
    Planned(Arc<UserAttrs>),
}

impl NodeAttrs<'_> {
    /// Change the attributes, taking a copy of the observed or shared ones first.
    pub fn change(&mut self, f: impl FnOnce(&mut UserAttrs)) {
        match self {
            NodeAttrs::Observed(a) => {
                let mut attrs = (*a).clone();
                f(&mut attrs);
                *self = NodeAttrs::Planned(Arc::new(attrs));
            }
            NodeAttrs::Planned(a) => f(Arc::make_mut(a)),
        }
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
