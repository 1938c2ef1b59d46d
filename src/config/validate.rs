//! Semantic validation of [`Settings`]: URLs, ranges, cron expressions, queries, secrets. Every
//! problem is reported, each naming its key.

use std::net::IpAddr;
use std::str::FromStr;

use super::Settings;
use super::overrides::var_name;
use crate::model::PasswordInitialization;
use crate::model::rules;
use crate::model::snapshot::TABLE_NAMES;

impl Settings {
    /// Check everything that can be checked without touching the network or a database.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut p = Problems::default();
        self.check_eiam(&mut p);
        check_database_url(&mut p, "source.url", &self.source.url);
        check_database_url(&mut p, "state.url", &self.state.url);
        for (key, url, file) in [
            (
                "source.password_file",
                &self.source.url,
                &self.source.password_file,
            ),
            (
                "state.password_file",
                &self.state.url,
                &self.state.password_file,
            ),
        ] {
            let postgres = url.starts_with("postgres:") || url.starts_with("postgresql:");
            if file.is_some() && !postgres {
                p.add(key, "is for PostgreSQL URLs only");
            }
        }
        for (table, query) in &self.source.queries {
            let key = format!("source.queries.{table}");
            if !TABLE_NAMES.contains(&table.as_str()) {
                p.add(
                    &key,
                    format!("queries can replace the tables {}", TABLE_NAMES.join(", ")),
                );
            }
            if query.trim().is_empty() {
                p.add(&key, "is empty");
            }
        }
        self.check_sync(&mut p);
        if !(5..=600).contains(&self.state.lease_ttl_secs) {
            p.add("state.lease_ttl_secs", "must be between 5 and 600 seconds");
        }
        // The rolling 24-hour removal window reads the journal of the last day.
        if self.state.history_days < 2 {
            p.add("state.history_days", "must be at least 2 days");
        }
        self.check_schedule(&mut p);
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&self.log.level) {
            p.add("log.level", format!("is not a valid log filter: {e}"));
        }
        p.0.extend(self.notify.problems());
        if p.0.is_empty() { Ok(()) } else { Err(p.0) }
    }

    fn check_eiam(&self, p: &mut Problems) {
        let eiam = &self.eiam;
        check_endpoint(p, &eiam.endpoint);
        for (key, value) in [
            ("eiam.instance_id", &eiam.instance_id),
            ("eiam.application_id", &eiam.application_id),
            ("eiam.client_id", &eiam.client_id),
        ] {
            if value.trim().is_empty() {
                p.add(key, "is empty");
            }
        }
        if eiam.client_secret.is_none() && eiam.client_secret_file.is_none() {
            p.add(
                "eiam.client_secret",
                format!(
                    "no client secret: set `eiam.client_secret`, {} or `eiam.client_secret_file`",
                    var_name("eiam.client_secret")
                ),
            );
        } else if let Err(e) = self.client_secret() {
            p.0.push(e.problems().join("; "));
        }
        let own_key =
            self.state.fingerprint_key.is_some() || self.state.fingerprint_key_file.is_some();
        if let (true, Err(e)) = (own_key, self.fingerprint_key()) {
            p.0.push(e.problems().join("; "));
        }
        if eiam.rate_limit_qps < 1 {
            p.add("eiam.rate_limit_qps", "must be at least 1");
        }
        if !(1..=256).contains(&eiam.max_concurrency) {
            p.add("eiam.max_concurrency", "must be between 1 and 256");
        }
        if eiam.connect_timeout_secs == 0 {
            p.add("eiam.connect_timeout_secs", "must be greater than 0");
        }
        if eiam.request_timeout_secs == 0 {
            p.add("eiam.request_timeout_secs", "must be greater than 0");
        }
        if let Some(Err(e)) = eiam.ca_file.as_deref().map(super::ca_certificates) {
            p.add("eiam.ca_file", e);
        }
    }

    fn check_schedule(&self, p: &mut Problems) {
        let schedule = &self.schedule;
        let mut crons = vec![
            (
                "schedule.organizational_units",
                &schedule.organizational_units,
            ),
            ("schedule.users", &schedule.users),
            ("schedule.groups", &schedule.groups),
        ];
        if let Some(incremental) = &schedule.incremental {
            crons.push(("schedule.incremental", incremental));
        }
        let mut shortest: Option<(&str, u64)> = None;
        for (key, expression) in crons {
            let Some(parsed) = check_cron(p, key, expression) else {
                continue;
            };
            if let Some(gap) = shortest_gap(&parsed)
                && shortest.is_none_or(|(_, g)| gap < g)
            {
                shortest = Some((key, gap));
            }
        }
        let jitter = schedule.jitter_secs;
        if jitter > MAX_JITTER_SECS {
            p.add(
                "schedule.jitter_secs",
                format!("is {jitter}; at most {MAX_JITTER_SECS} seconds"),
            );
        } else if let Some((key, gap)) = shortest.filter(|&(_, gap)| jitter > 0 && jitter >= gap) {
            p.add(
                "schedule.jitter_secs",
                format!(
                    "is {jitter} seconds, not shorter than the {gap} seconds between firings of \
                     `{key}`: a delayed firing would swallow the next one"
                ),
            );
        }
    }

    fn check_sync(&self, p: &mut Problems) {
        let sync = &self.sync;
        if sync
            .root_organizational_unit_id
            .as_deref()
            .is_some_and(|id| id.trim().is_empty())
        {
            p.add(
                "sync.root_organizational_unit_id",
                "is empty (leave it out to use the instance root)",
            );
        }
        for (key, value) in [
            ("sync.max_delete_percent", sync.max_delete_percent),
            (
                "sync.max_snapshot_drop_percent",
                sync.max_snapshot_drop_percent,
            ),
            ("sync.max_move_percent", sync.max_move_percent),
            (
                "sync.max_membership_removal_percent",
                sync.max_membership_removal_percent,
            ),
            (
                "sync.max_identifier_rewrite_percent",
                sync.max_identifier_rewrite_percent,
            ),
            ("sync.max_removal_percent_24h", sync.max_removal_percent_24h),
            (
                "sync.max_custom_field_removal_percent",
                sync.max_custom_field_removal_percent,
            ),
        ] {
            if !(0.0..=100.0).contains(&value) {
                p.add(key, "must be between 0 and 100");
            }
        }
        for (i, name) in sync.custom_fields.iter().enumerate() {
            if let Err(e) = rules::custom_field_name(name) {
                p.add(&format!("sync.custom_fields[{i}]"), e);
            } else if sync.custom_fields[..i].contains(name) {
                p.add(
                    &format!("sync.custom_fields[{i}]"),
                    format!("repeats `{name}`"),
                );
            }
        }
        let new_users = &sync.new_users;
        let mut channels = new_users.notify.clone();
        channels.sort_unstable();
        channels.dedup();
        if channels.len() != new_users.notify.len() {
            p.add("sync.new_users.notify", "names a channel twice");
        }
        // Without a generated password there is nothing to send or to change: these settings
        // would be silently ignored, which hides a half-finished onboarding setup.
        if new_users.password_initialization == PasswordInitialization::None {
            if !new_users.notify.is_empty() {
                p.add(
                    "sync.new_users.notify",
                    "needs `sync.new_users.password_initialization = \"random\"`",
                );
            }
            if new_users.force_password_change {
                p.add(
                    "sync.new_users.force_password_change",
                    "needs `sync.new_users.password_initialization = \"random\"`",
                );
            }
        }
        if sync.approval_ttl_hours == 0 {
            p.add("sync.approval_ttl_hours", "must be at least 1");
        }
        for (key, problem) in sync.adopt.problems() {
            p.add(&key, problem);
        }
    }
}

#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, key: &str, problem: impl AsRef<str>) {
        self.0.push(format!("`{key}` {}", problem.as_ref()));
    }
}

fn check_endpoint(p: &mut Problems, endpoint: &str) {
    const KEY: &str = "eiam.endpoint";
    let url = match url::Url::parse(endpoint) {
        Ok(url) => url,
        Err(e) => {
            p.add(KEY, format!("is not a valid URL: {e}"));
            return;
        }
    };
    if !url.username().is_empty() || url.password().is_some() {
        p.add(KEY, "must not contain credentials");
    }
    if url.query().is_some() || url.fragment().is_some() {
        p.add(KEY, "must not have a query or fragment");
    }
    match url.scheme() {
        "https" => {}
        "http" => {
            if !is_loopback(&url) {
                p.add(
                    KEY,
                    "uses http:// for a host that is not a loopback address \
                     (127.0.0.0/8, ::1, localhost); use https://",
                );
            }
        }
        other => p.add(KEY, format!("has scheme `{other}`; use https://")),
    }
}

pub(super) fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn check_database_url(p: &mut Problems, key: &str, url: &str) {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("sqlite") => {
            if let Err(e) = sqlx::sqlite::SqliteConnectOptions::from_str(url) {
                p.add(key, format!("is not a valid SQLite URL: {e}"));
            }
        }
        Some("postgres" | "postgresql") => {
            if let Err(e) = sqlx::postgres::PgConnectOptions::from_str(url) {
                p.add(key, format!("is not a valid PostgreSQL URL: {e}"));
            }
        }
        _ => p.add(key, "must start with sqlite:, postgres: or postgresql:"),
    }
}

/// Six fields, seconds first. The `cron` crate also takes a seven-field form (with years);
/// insisting on six keeps a classic five-field crontab line from being read one position off.
fn check_cron(p: &mut Problems, key: &str, expression: &str) -> Option<cron::Schedule> {
    let fields = expression.split_whitespace().count();
    if fields != 6 {
        p.add(
            key,
            format!("has {fields} fields; six are needed, seconds first (e.g. \"0 */10 * * * *\")"),
        );
        return None;
    }
    match cron::Schedule::from_str(expression) {
        Ok(s) => Some(s),
        Err(e) => {
            p.add(key, format!("is not a valid cron expression: {e}"));
            None
        }
    }
}

/// The longest random delay of a firing: an hour.
const MAX_JITTER_SECS: u64 = 3600;

/// The shortest time between two firings of a schedule, in seconds, over its next year (or
/// its next thousand firings); `None` when it fires at most once.
fn shortest_gap(schedule: &cron::Schedule) -> Option<u64> {
    let now = chrono::Utc::now();
    let horizon = now + chrono::Duration::days(366);
    let mut ticks = schedule
        .after(&now)
        .take_while(|t| *t <= horizon)
        .take(1000);
    let mut previous = ticks.next()?;
    let mut shortest: Option<u64> = None;
    for tick in ticks {
        let gap = u64::try_from((tick - previous).num_seconds()).unwrap_or(0);
        shortest = Some(shortest.map_or(gap, |s| s.min(gap)));
        previous = tick;
    }
    shortest
}
