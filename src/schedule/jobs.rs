//! The reconcilers of the daemon, their cron schedules, and the error policy (when to try
//! again after a run failed fatally).

use std::str::FromStr;
use std::time::Duration;

use chrono::Utc;
use cron::Schedule;

use crate::config::ScheduleSettings;
use crate::model::{Kind, KindSet, SyncMode};

/// One reconciler: a name, the kinds it keeps in step, how it observes EIAM, and its
/// schedule.
#[derive(Debug, Clone)]
pub struct Job {
    pub name: &'static str,
    pub kinds: KindSet,
    /// `Incremental` (`[schedule] incremental`) observes only what changed in the snapshot
    /// instead of the whole managed subtree.
    pub mode: SyncMode,
    pub schedule: Schedule,
}

/// The name of the reconciler of `[schedule] incremental`, in the run history and metrics.
pub const INCREMENTAL: &str = "incremental";

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

/// The reconcilers of `[schedule]`: a full one per kind, then the incremental one of every
/// kind when it is configured.
pub fn jobs(settings: &ScheduleSettings) -> Result<Vec<Job>, String> {
    let parse = |key: &str, expr: &str| {
        Schedule::from_str(expr)
            .map_err(|e| format!("schedule.{key} `{expr}` is not a valid cron expression: {e}"))
    };
    let mut jobs = vec![
        Job {
            name: "organizational_units",
            kinds: KindSet::empty().with(Kind::OrganizationalUnit),
            mode: SyncMode::Full,
            schedule: parse("organizational_units", &settings.organizational_units)?,
        },
        Job {
            name: "users",
            kinds: KindSet::empty().with(Kind::User),
            mode: SyncMode::Full,
            schedule: parse("users", &settings.users)?,
        },
        Job {
            name: "groups",
            kinds: KindSet::empty().with(Kind::Group).with(Kind::Membership),
            mode: SyncMode::Full,
            schedule: parse("groups", &settings.groups)?,
        },
    ];
    if let Some(expr) = &settings.incremental {
        jobs.push(Job {
            name: INCREMENTAL,
            kinds: KindSet::all(),
            mode: SyncMode::Incremental,
            schedule: parse(INCREMENTAL, expr)?,
        });
    }
    Ok(jobs)
}

/// The jobs a replica runs when it starts leading (the previous leader may have died
/// mid-run): the incremental one alone when there is one (it finishes what was left failed,
/// skipped or in doubt, and widens to a full observation when it has no fingerprints), else
/// every full one.
pub fn on_taking_lead(jobs: &[Job]) -> Vec<usize> {
    match jobs.iter().position(|j| j.mode == SyncMode::Incremental) {
        Some(i) => vec![i],
        None => (0..jobs.len()).collect(),
    }
}

/// Time until the schedule's next tick, if it has one.
pub fn until_next(schedule: &Schedule) -> Option<Duration> {
    let next = schedule.upcoming(Utc).next()?;
    (next - Utc::now()).to_std().ok().or(Some(Duration::ZERO))
}

/// The random delay of one firing: 0 to `jitter_secs` seconds, in milliseconds.
pub fn jitter(jitter_secs: u64) -> Duration {
    if jitter_secs == 0 {
        return Duration::ZERO;
    }
    Duration::from_millis(rand::random_range(0..=jitter_secs.saturating_mul(1000)))
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
    fn an_incremental_schedule_adds_a_reconciler_of_every_kind_that_alone_runs_on_taking_lead() {
        let plain = jobs(&ScheduleSettings::default()).expect("defaults parse");
        assert!(plain.iter().all(|j| j.mode == SyncMode::Full));
        assert_eq!(on_taking_lead(&plain), [0, 1, 2]);
        let s = ScheduleSettings {
            incremental: Some("0 */5 * * * *".into()),
            ..ScheduleSettings::default()
        };
        let with = jobs(&s).expect("parses");
        assert_eq!(with.len(), 4);
        let inc = &with[3];
        assert_eq!((inc.name, inc.mode), (INCREMENTAL, SyncMode::Incremental));
        assert_eq!(inc.kinds, KindSet::all());
        assert_eq!(on_taking_lead(&with), [3]);
        let bad = ScheduleSettings {
            incremental: Some("every five minutes".into()),
            ..ScheduleSettings::default()
        };
        let e = jobs(&bad).expect_err("refused");
        assert!(e.contains("schedule.incremental"), "{e}");
    }

    #[test]
    fn jitter_stays_within_its_bound_and_varies() {
        assert_eq!(jitter(0), Duration::ZERO);
        let draws: Vec<Duration> = (0..200).map(|_| jitter(3)).collect();
        assert!(
            draws.iter().all(|d| *d <= Duration::from_secs(3)),
            "{draws:?}"
        );
        let first = draws[0];
        assert!(draws.iter().any(|d| *d != first), "random, not fixed");
        assert!(draws.iter().any(|d| *d >= Duration::from_millis(1500)));
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
