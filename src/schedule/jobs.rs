//! The reconcilers of the daemon, their cron schedules, and the error policy (when to try
//! again after a run failed fatally).

use std::str::FromStr;
use std::time::Duration;

use chrono::Utc;
use cron::Schedule;

use crate::config::ScheduleSettings;
use crate::model::{Kind, KindSet};

/// One reconciler: a name, the kinds it keeps in step, and its schedule.
#[derive(Debug, Clone)]
pub struct Job {
    pub name: &'static str,
    pub kinds: KindSet,
    pub schedule: Schedule,
}

/// Why a run starts (recorded on its span and in the logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Startup,
    Schedule,
    Retry,
    /// This replica just took the leader lease over.
    Leadership,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Startup => "startup",
            Reason::Schedule => "schedule",
            Reason::Retry => "retry",
            Reason::Leadership => "leadership",
        }
    }
}

/// The three reconcilers of `[schedule]`.
pub fn jobs(settings: &ScheduleSettings) -> Result<Vec<Job>, String> {
    let parse = |key: &str, expr: &str| {
        Schedule::from_str(expr)
            .map_err(|e| format!("schedule.{key} `{expr}` is not a valid cron expression: {e}"))
    };
    Ok(vec![
        Job {
            name: "organizational_units",
            kinds: KindSet::empty().with(Kind::OrganizationalUnit),
            schedule: parse("organizational_units", &settings.organizational_units)?,
        },
        Job {
            name: "users",
            kinds: KindSet::empty().with(Kind::User),
            schedule: parse("users", &settings.users)?,
        },
        Job {
            name: "groups",
            kinds: KindSet::empty().with(Kind::Group).with(Kind::Membership),
            schedule: parse("groups", &settings.groups)?,
        },
    ])
}

/// Time until the schedule's next tick, if it has one.
pub fn until_next(schedule: &Schedule) -> Option<Duration> {
    let next = schedule.upcoming(Utc).next()?;
    (next - Utc::now()).to_std().ok().or(Some(Duration::ZERO))
}

/// Backoff after fatal failures: 30 s doubling up to 10 min, reset by a success.
#[derive(Debug, Clone, Default)]
pub struct ErrorPolicy {
    failures: u32,
}

impl ErrorPolicy {
    pub const BASE: Duration = Duration::from_secs(30);
    pub const CAP: Duration = Duration::from_secs(600);

    /// Record a fatal failure; returns how long to wait before retrying.
    pub fn failed(&mut self) -> Duration {
        let delay = Self::BASE.saturating_mul(1 << self.failures.min(10));
        self.failures = self.failures.saturating_add(1);
        delay.min(Self::CAP)
    }

    pub fn succeeded(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schedules_parse_and_tick_within_ten_minutes() {
        let jobs = jobs(&ScheduleSettings::default()).expect("defaults parse");
        assert_eq!(jobs.len(), 3);
        for j in &jobs {
            let wait = until_next(&j.schedule).expect("has a next tick");
            assert!(wait <= Duration::from_secs(600), "{wait:?}");
        }
        assert!(jobs[2].kinds.contains(Kind::Membership));
    }

    #[test]
    fn bad_cron_is_named() {
        let s = ScheduleSettings {
            users: "every minute".into(),
            ..ScheduleSettings::default()
        };
        let e = jobs(&s).expect_err("refused");
        assert!(e.contains("schedule.users"), "{e}");
    }

    #[test]
    fn backoff_doubles_to_a_cap_and_resets() {
        let mut p = ErrorPolicy::default();
        assert_eq!(p.failed(), Duration::from_secs(30));
        assert_eq!(p.failed(), Duration::from_secs(60));
        for _ in 0..10 {
            p.failed();
        }
        assert_eq!(p.failed(), ErrorPolicy::CAP);
        p.succeeded();
        assert_eq!(p.failed(), Duration::from_secs(30));
    }
}
