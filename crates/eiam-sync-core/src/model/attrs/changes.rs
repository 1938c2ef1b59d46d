//! `before → after` of each changed field of an operation, for the report and saved plans.

use std::borrow::Cow;
use std::ops::{Deref, DerefMut, Index};

use litemap::LiteMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A changed field's name. The names eiam-sync reports are fixed words, shared as static text
/// by every operation instead of each operation allocating its own copies (a million created
/// users carried five or more each); only a name built at run time (an extended field's) or
/// read back from a saved plan is owned.
pub type Field = Cow<'static, str>;

/// Every fixed field name a change may carry.
const NAMES: &[&str] = &[
    "custom_fields",
    "description",
    "display_name",
    "email",
    "email_verified",
    "matched_by",
    "members",
    "name",
    "organizational_units",
    "parent",
    "phone_number",
    "phone_number_verified",
    "phone_region",
    "primary_ou",
    "status",
    "username",
];

/// The field name `name`: the shared static text when it is a fixed one, else an owned copy.
pub fn field(name: &str) -> Field {
    match NAMES.iter().find(|n| **n == name) {
        Some(n) => Cow::Borrowed(n),
        None => Cow::Owned(name.to_owned()),
    }
}

/// The changed fields by name, each `[before, after]` (`null` when there is none), in name
/// order. A sorted vector, not a tree: an operation changes a handful of fields, and a million
/// planned operations with a B-tree node of eleven slots each took over a gigabyte.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Changes(LiteMap<Field, [Value; 2]>);

impl Changes {
    pub fn new() -> Self {
        Changes::default()
    }

    /// The same changes in a vector of exactly their length (growing one insert at a time
    /// leaves room for up to twice as many; a planned operation keeps its changes to the end).
    pub fn compacted(self) -> Self {
        let mut pairs = self.0.into_tuple_vec();
        pairs.shrink_to_fit();
        // Still sorted and without duplicates: they come from a map.
        Changes(LiteMap::from_sorted_store_unchecked(pairs))
    }
}

impl Deref for Changes {
    type Target = LiteMap<Field, [Value; 2]>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for Changes {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<const N: usize> From<[(String, [Value; 2]); N]> for Changes {
    fn from(pairs: [(String, [Value; 2]); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl FromIterator<(String, [Value; 2])> for Changes {
    fn from_iter<I: IntoIterator<Item = (String, [Value; 2])>>(iter: I) -> Self {
        Changes(iter.into_iter().map(|(k, v)| (field(&k), v)).collect())
    }
}

impl<'a> IntoIterator for &'a Changes {
    type Item = (&'a Field, &'a [Value; 2]);
    type IntoIter = <&'a LiteMap<Field, [Value; 2]> as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Index<&str> for Changes {
    type Output = [Value; 2];

    /// The change of `field`; panics when there is none, as a map's index does.
    fn index(&self, field: &str) -> &[Value; 2] {
        match self.0.get(field) {
            Some(change) => change,
            None => panic!("no change of `{field}`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keeps_name_order_and_serializes_as_a_map() {
        let mut c = Changes::from([("name".to_owned(), [json!("a"), json!("b")])]);
        c.insert("email".into(), [Value::Null, json!("x@y")]);
        c.insert("name".into(), [json!("a"), json!("c")]);
        assert_eq!(c.len(), 2);
        assert_eq!(c["name"], [json!("a"), json!("c")]);
        let text = serde_json::to_string(&c).unwrap_or_default();
        assert_eq!(text, r#"{"email":[null,"x@y"],"name":["a","c"]}"#);
        let back: Changes = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, c);
        let names: Vec<&Field> = (&c).into_iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["email", "name"]);
        let compact = c.clone().compacted();
        assert_eq!(compact, c);
        assert_eq!(compact["email"], [Value::Null, json!("x@y")]);
        assert!(matches!(field("email"), Cow::Borrowed(_)));
        assert_eq!(
            field("custom_fields.cost_center"),
            "custom_fields.cost_center"
        );
    }
}
