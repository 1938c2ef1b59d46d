//! Unknown configuration keys: each named with where it came from and the nearest known key.

use std::collections::BTreeSet;
use std::path::Path;

use config::{Value, ValueKind};

use super::overrides::{Overrides, origin};
use super::schema::{self, KeyShape};

pub(super) fn unknown_keys(
    tree: &config::Map<String, Value>,
    path: &Path,
    env: &Overrides,
) -> Vec<String> {
    let schema = schema::keys();
    let mut problems = Vec::new();
    let sections: BTreeSet<&str> = schema.keys().map(String::as_str).collect();
    for (section, value) in sorted(tree) {
        let Some(fields_schema) = schema.get(section) else {
            problems.push(unknown(section, &sections, path, env));
            continue;
        };
        let ValueKind::Table(fields) = &value.kind else {
            problems.push(format!(
                "`{section}` must be a table ([{section}]), not a single value ({})",
                origin(section, path, env)
            ));
            continue;
        };
        let known: BTreeSet<&str> = fields_schema.keys().map(String::as_str).collect();
        for (field, value) in sorted(fields) {
            let key = format!("{section}.{field}");
            match fields_schema.get(field) {
                None => problems.push(unknown(&key, &known, path, env)),
                Some(KeyShape::Tables(allowed)) => {
                    if let ValueKind::Table(entries) = &value.kind {
                        for (name, _) in sorted(entries) {
                            if !allowed.contains(&name.as_str()) {
                                let key = format!("{key}.{name}");
                                problems.push(format!(
                                    "unknown key `{key}` ({}): queries can replace the tables {}",
                                    origin(&key, path, env),
                                    allowed.join(", ")
                                ));
                            }
                        }
                    }
                }
                Some(KeyShape::Entries(allowed)) => {
                    problems.extend(unknown_in_entries(&key, value, allowed, path, env));
                }
                Some(KeyShape::Value | KeyShape::Table) => {}
            }
        }
    }
    problems
}

/// The keys of each table of an array of tables (`[[notify.webhooks]]`), named with the
/// entry's index.
fn unknown_in_entries(
    key: &str,
    value: &Value,
    allowed: &[&str],
    path: &Path,
    env: &Overrides,
) -> Vec<String> {
    let ValueKind::Array(entries) = &value.kind else {
        return vec![format!(
            "`{key}` must be an array of tables ([[{key}]]) ({})",
            origin(key, path, env)
        )];
    };
    let known: BTreeSet<&str> = allowed.iter().copied().collect();
    let mut problems = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("{key}[{i}]");
        let ValueKind::Table(fields) = &entry.kind else {
            problems.push(format!(
                "`{at}` must be a table ([[{key}]]) ({})",
                origin(key, path, env)
            ));
            continue;
        };
        for (name, _) in sorted(fields) {
            if !known.contains(name.as_str()) {
                problems.push(unknown(&format!("{at}.{name}"), &known, path, env));
            }
        }
    }
    problems
}

fn sorted(map: &config::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

fn unknown(key: &str, known: &BTreeSet<&str>, path: &Path, env: &Overrides) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    let hint = known
        .iter()
        .map(|k| (edit_distance(last, k), *k))
        .filter(|(d, k)| *d <= 1.max(k.len() / 3))
        .min()
        .map(|(_, k)| {
            let full = match key.rsplit_once('.') {
                Some((scope, _)) => format!("{scope}.{k}"),
                None => k.to_owned(),
            };
            format!("; did you mean `{full}`?")
        })
        .unwrap_or_default();
    format!("unknown key `{key}` ({}){hint}", origin(key, path, env))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("max_delete", "max_deletes"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
