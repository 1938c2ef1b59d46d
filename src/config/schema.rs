//! The set of keys the configuration accepts, derived from the `Settings` structs themselves so
//! a field added there is known here without a second list to keep in step.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::notify::WEBHOOK_KEYS;
use super::{
    EiamSettings, LogSettings, NotifySettings, ScheduleSettings, ServerSettings, Settings,
    SourceSettings, StateSettings, SyncSettings,
};
use crate::model::snapshot::TABLE_NAMES;

/// What may sit under a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyShape {
    /// A single value.
    Value,
    /// A table of free-form entries.
    Table,
    /// A table whose keys must be snapshot table names (`[source.queries]`).
    Tables(&'static [&'static str]),
    /// An array of tables, each with these keys (`[[notify.webhooks]]`).
    Entries(&'static [&'static str]),
}

/// Section → key → shape.
pub type Schema = BTreeMap<String, BTreeMap<String, KeyShape>>;

/// Every section and key of [`Settings`].
pub fn keys() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut schema = Schema::new();
        // Serialising a skeleton lists every field (absent options serialise as null), which is
        // exactly the set `deny_unknown_fields` accepts.
        let Ok(serde_json::Value::Object(sections)) = serde_json::to_value(skeleton()) else {
            return schema;
        };
        for (section, fields) in sections {
            let serde_json::Value::Object(fields) = fields else {
                continue;
            };
            let entry = schema.entry(section.clone()).or_default();
            for (field, value) in fields {
                let shape = match (section.as_str(), field.as_str(), &value) {
                    ("source", "queries", _) => KeyShape::Tables(TABLE_NAMES),
                    ("notify", "webhooks", _) => KeyShape::Entries(WEBHOOK_KEYS),
                    (_, _, serde_json::Value::Object(_)) => KeyShape::Table,
                    _ => KeyShape::Value,
                };
                entry.insert(field, shape);
            }
        }
        schema
    })
}

/// A value of every struct; its contents do not matter, only its shape.
fn skeleton() -> Settings {
    Settings {
        eiam: EiamSettings {
            endpoint: String::new(),
            instance_id: String::new(),
            application_id: String::new(),
            client_id: String::new(),
            client_secret: None,
            client_secret_file: None,
            rate_limit_qps: 0,
            max_concurrency: 0,
            connect_timeout_secs: 0,
            request_timeout_secs: 0,
            max_retries: 0,
            ca_file: None,
        },
        source: SourceSettings {
            url: String::new(),
            queries: BTreeMap::new(),
            password_file: None,
        },
        state: StateSettings {
            url: String::new(),
            fingerprint_key: None,
            fingerprint_key_file: None,
            lease_ttl_secs: 0,
            history_days: 0,
            password_file: None,
        },
        sync: SyncSettings::default(),
        schedule: ScheduleSettings::default(),
        server: ServerSettings::default(),
        log: LogSettings::default(),
        notify: NotifySettings::default(),
    }
}

/// Every accepted key as `section.key`, and the keys of array entries as
/// `section.key.entry_key` (for documentation checks).
pub fn dotted_keys() -> Vec<String> {
    let mut out = Vec::new();
    for (section, fields) in keys() {
        for (field, shape) in fields {
            out.push(format!("{section}.{field}"));
            if let KeyShape::Entries(entry_keys) = shape {
                out.extend(entry_keys.iter().map(|k| format!("{section}.{field}.{k}")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_every_section_and_the_secret_keys() {
        let schema = keys();
        let sections: Vec<&str> = schema.keys().map(String::as_str).collect();
        assert_eq!(
            sections,
            [
                "eiam", "log", "notify", "schedule", "server", "source", "state", "sync"
            ]
        );
        assert_eq!(schema["eiam"]["client_secret"], KeyShape::Value);
        assert_eq!(schema["state"]["fingerprint_key_file"], KeyShape::Value);
        assert_eq!(schema["source"]["queries"], KeyShape::Tables(TABLE_NAMES));
        assert_eq!(
            dotted_keys().len(),
            12 + 2 + 5 + 7 + 11 + 5 + 1 + 2 + 2 + 1 + 5 + 2 + 1
        );
        assert_eq!(
            schema["notify"]["webhooks"],
            KeyShape::Entries(WEBHOOK_KEYS)
        );
        assert_eq!(schema["sync"]["new_users"], KeyShape::Table);
        assert_eq!(schema["sync"]["adopt"], KeyShape::Table);
    }
}
