//! EIAM extended fields ("customFields") as one user attribute, whose entries are added,
//! replaced and removed one by one.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Attr, Changes, Encode};

/// The extended fields eiam-sync manages on a user: field name → value, in name order.
///
/// Only *managed* names (`[sync] custom_fields`) may appear. On the desired side the entries
/// are the snapshot's values; on the observed side, what EIAM holds under those names — names
/// EIAM has that are not managed are dropped while observing, so nothing ever touches them. An
/// empty value is never stored: "no value" is the absence of the entry, so a managed field EIAM
/// has and the snapshot lacks (or leaves empty) diffs to a removal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomFields(BTreeMap<String, String>);

impl CustomFields {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name` to `value`; an empty value removes the entry instead.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        if value.is_empty() {
            self.0.remove(&name);
        } else {
            self.0.insert(name, value);
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn remove(&mut self, name: &str) {
        self.0.remove(name);
    }

    /// Entries in name order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps only the entries whose name `managed` accepts.
    pub fn retain_managed(&mut self, managed: impl Fn(&str) -> bool) {
        self.0.retain(|k, _| managed(k));
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for CustomFields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut out = CustomFields::new();
        for (k, v) in iter {
            out.set(k, v);
        }
        out
    }
}

/// What a patch does to one extended field (PatchUser's per-item `operation`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomFieldOp {
    /// EIAM has no value for it yet.
    Add(String),
    /// EIAM has another value.
    Replace(String),
    /// EIAM has a value the snapshot no longer gives.
    Remove,
}

impl CustomFieldOp {
    /// The wire spelling of the operation.
    pub fn operation(&self) -> &'static str {
        match self {
            CustomFieldOp::Add(_) => "add",
            CustomFieldOp::Replace(_) => "replace",
            CustomFieldOp::Remove => "remove",
        }
    }

    /// The value sent, if any.
    pub fn value(&self) -> Option<&str> {
        match self {
            CustomFieldOp::Add(v) | CustomFieldOp::Replace(v) => Some(v),
            CustomFieldOp::Remove => None,
        }
    }
}

impl Attr for CustomFields {
    /// Field name → operation, only for the fields that differ.
    type Change = BTreeMap<String, CustomFieldOp>;

    fn diff(&self, wanted: &Self) -> Option<Self::Change> {
        let mut ops = BTreeMap::new();
        for (name, value) in &wanted.0 {
            match self.0.get(name) {
                None => {
                    ops.insert(name.clone(), CustomFieldOp::Add(value.clone()));
                }
                Some(current) if current != value => {
                    ops.insert(name.clone(), CustomFieldOp::Replace(value.clone()));
                }
                Some(_) => {}
            }
        }
        for name in self.0.keys().filter(|k| !wanted.0.contains_key(*k)) {
            ops.insert(name.clone(), CustomFieldOp::Remove);
        }
        (!ops.is_empty()).then_some(ops)
    }

    fn apply(&mut self, change: &Self::Change) {
        for (name, op) in change {
            match op.value() {
                Some(v) => self.set(name.clone(), v),
                None => self.remove(name),
            }
        }
    }

    fn is_set(&self) -> bool {
        !self.is_empty()
    }

    /// One entry per changed field, named `<name>.<field>`.
    fn report(name: &str, before: Option<&Self>, after: &Self, out: &mut Changes) {
        let text = |v: Option<&str>| v.map_or(Value::Null, |v| json!(v));
        let old = |k: &str| before.and_then(|b| b.get(k));
        let names = after
            .0
            .keys()
            .chain(before.into_iter().flat_map(|b| b.0.keys()));
        for field in names {
            let (b, a) = (old(field), after.get(field));
            if b != a {
                out.insert(format!("{name}.{field}").into(), [text(b), text(a)]);
            }
        }
    }

    fn encode(&self, e: &mut dyn Encode) {
        e.map(self.len());
        for (k, v) in self.iter() {
            e.text(k);
            e.text(v);
        }
    }
}
