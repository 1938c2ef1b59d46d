//! One attribute set per kind: the fields a create or patch of that kind carries.
//!
//! Each kind declares its attributes once, in a table given to [`attr_set!`]; the desired
//! record (from the snapshot), the observed record (from EIAM) and the planner's working model
//! all hold that one type. From the table come the patch type, the diff (what to send so EIAM
//! matches the snapshot), applying a patch, the report's `changes`, and the canonical encoding
//! the fingerprints hash. How a field behaves follows from its type ([`Attr`]):
//!
//! * `String` — required: sent whenever it differs;
//! * `Option<T>` — optional: a value the snapshot leaves empty is left as it is in EIAM (the
//!   API cannot clear most fields), a set value is sent when it differs;
//! * [`CustomFields`] — a map whose entries are added, replaced and removed one by one.
//!
//! Structure (parents, OU membership, group members) and account status are not attributes:
//! they change through operations of their own.

mod changes;
mod custom;
mod groups;
mod ous;
mod users;

use std::fmt;

use serde_json::{Value, json};

pub use changes::{Changes, Field, field};
pub use custom::{CustomFieldOp, CustomFields};
pub use groups::{GroupAttrs, GroupPatch};
pub use ous::{OuAttrs, OuPatch};
pub use users::{Email, Phone, UniqueKey, UserAttrs, UserPatch};

/// The primitives of the canonical encoding (the fingerprints implement it). Each must be
/// self-delimiting, so that no two different records encode alike.
pub trait Encode {
    fn text(&mut self, s: &str);
    fn absent(&mut self);
    fn flag(&mut self, b: bool);
    /// Announces a map of `len` entries; each follows as two `text`s.
    fn map(&mut self, len: usize);
}

/// How one attribute diffs, patches, reports and encodes.
pub trait Attr: Clone + PartialEq + Default + fmt::Debug {
    /// What a patch carries to change it.
    type Change: Clone + PartialEq + Eq + fmt::Debug;
    /// The change that makes `self` (what EIAM holds) what `wanted` (the snapshot) asks for.
    fn diff(&self, wanted: &Self) -> Option<Self::Change>;
    fn apply(&mut self, change: &Self::Change);
    /// Whether a create sends it.
    fn is_set(&self) -> bool;
    /// Adds `before → after` to `out` under `name`; `before` is `None` for a create.
    fn report(name: &str, before: Option<&Self>, after: &Self, out: &mut Changes);
    fn encode(&self, e: &mut dyn Encode);
}

/// A value an optional attribute holds (`Option<T>`).
pub trait Scalar: Clone + PartialEq + Eq + fmt::Debug {
    fn report(name: &str, before: Option<&Self>, after: &Self, out: &mut Changes);
    fn encode(&self, e: &mut dyn Encode);
}

fn entry(out: &mut Changes, name: &str, before: Value, after: Value) {
    out.insert(field(name), [before, after]);
}

impl Scalar for String {
    fn report(name: &str, before: Option<&Self>, after: &Self, out: &mut Changes) {
        entry(
            out,
            name,
            before.map_or(Value::Null, |b| json!(b)),
            json!(after),
        );
    }
    fn encode(&self, e: &mut dyn Encode) {
        e.text(self);
    }
}

/// Required text: always sent on a create, sent on a patch whenever it differs.
impl Attr for String {
    type Change = String;
    fn diff(&self, wanted: &Self) -> Option<String> {
        (self != wanted).then(|| wanted.clone())
    }
    fn apply(&mut self, change: &String) {
        self.clone_from(change);
    }
    fn is_set(&self) -> bool {
        true
    }
    fn report(name: &str, before: Option<&Self>, after: &Self, out: &mut Changes) {
        Scalar::report(name, before, after, out);
    }
    fn encode(&self, e: &mut dyn Encode) {
        e.text(self);
    }
}

/// Optional: `None` in the snapshot leaves EIAM's value as it is.
impl<T: Scalar> Attr for Option<T> {
    type Change = T;
    fn diff(&self, wanted: &Self) -> Option<T> {
        match wanted {
            Some(w) if self.as_ref() != Some(w) => Some(w.clone()),
            _ => None,
        }
    }
    fn apply(&mut self, change: &T) {
        *self = Some(change.clone());
    }
    fn is_set(&self) -> bool {
        self.is_some()
    }
    fn report(name: &str, before: Option<&Self>, after: &Self, out: &mut Changes) {
        if let Some(after) = after {
            T::report(name, before.and_then(Option::as_ref), after, out);
        }
    }
    fn encode(&self, e: &mut dyn Encode) {
        match self {
            Some(v) => v.encode(e),
            None => e.absent(),
        }
    }
}

/// Declares a kind's attribute set and its patch from one field table.
///
/// `patch { .. }` lists the attributes a patch may change; `create_only { .. }` those only a
/// create sends (the developer API cannot change them afterwards). Each entry is
/// `field: Type => "report name"`; the order is the canonical encoding's order.
macro_rules! attr_set {
    (
        $(#[$meta:meta])*
        pub struct $attrs:ident / $(#[$pmeta:meta])* $patch:ident {
            patch { $( $(#[$fmeta:meta])* $field:ident : $ty:ty => $name:literal ),* $(,)? }
            create_only { $( $(#[$cmeta:meta])* $cfield:ident : $cty:ty => $cname:literal ),* $(,)? }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $attrs {
            $( $(#[$fmeta])* pub $field: $ty, )*
            $( $(#[$cmeta])* pub $cfield: $cty, )*
        }

        $(#[$pmeta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $patch {
            $( pub $field: Option<<$ty as $crate::model::attrs::Attr>::Change>, )*
        }

        impl $patch {
            /// Whether the patch changes nothing.
            pub fn is_empty(&self) -> bool {
                true $( && self.$field.is_none() )*
            }
        }

        #[allow(dead_code)]
        impl $attrs {
            /// Every attribute's report name, in table order.
            pub const FIELDS: &'static [&'static str] = &[$($name,)* $($cname,)*];

            /// What to send so that `self` (EIAM) matches `wanted` (the snapshot): only the
            /// attributes that differ.
            pub fn diff(&self, wanted: &Self) -> $patch {
                $patch { $( $field: <$ty as $crate::model::attrs::Attr>::diff(&self.$field, &wanted.$field), )* }
            }

            /// `self` with `patch` applied, as EIAM holds it once the patch succeeded.
            pub fn apply(&mut self, patch: &$patch) {
                $(
                    if let Some(c) = &patch.$field {
                        <$ty as $crate::model::attrs::Attr>::apply(&mut self.$field, c);
                    }
                )*
            }

            /// The report's `changes` of patching `self` with `patch`.
            pub fn patch_changes(&self, patch: &$patch) -> $crate::model::attrs::Changes {
                let mut out = $crate::model::attrs::Changes::new();
                let mut after = self.clone();
                after.apply(patch);
                $(
                    if patch.$field.is_some() {
                        <$ty as $crate::model::attrs::Attr>::report(
                            $name, Some(&self.$field), &after.$field, &mut out,
                        );
                    }
                )*
                out
            }

            /// The report's `changes` of creating an object with these attributes.
            pub fn create_changes(&self) -> $crate::model::attrs::Changes {
                let mut out = $crate::model::attrs::Changes::new();
                $(
                    if <$ty as $crate::model::attrs::Attr>::is_set(&self.$field) {
                        <$ty as $crate::model::attrs::Attr>::report($name, None, &self.$field, &mut out);
                    }
                )*
                $(
                    if <$cty as $crate::model::attrs::Attr>::is_set(&self.$cfield) {
                        <$cty as $crate::model::attrs::Attr>::report($cname, None, &self.$cfield, &mut out);
                    }
                )*
                out
            }

            /// The canonical encoding of every attribute, in table order.
            pub fn encode(&self, e: &mut dyn $crate::model::attrs::Encode) {
                $( <$ty as $crate::model::attrs::Attr>::encode(&self.$field, e); )*
                $( <$cty as $crate::model::attrs::Attr>::encode(&self.$cfield, e); )*
            }
        }
    };
}
pub(crate) use attr_set;

#[cfg(test)]
mod tests;
