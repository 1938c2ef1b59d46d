//! `eiam-sync approve PLAN_ID --reason TEXT`: let the guarded changes of a refused plan
//! through once, recording who, when and why.

use crate::config::Settings;
use crate::errors::chain;
use crate::metrics::Metrics;
use crate::reconcile::Reconciler;
use crate::{errln, outln};

use super::{ApproveArgs, exit};

/// Exit 0 once recorded; 1 for an unknown plan id, an empty reason or an unreachable store.
pub async fn run(settings: &Settings, args: &ApproveArgs) -> i32 {
    let by = args.by.clone().unwrap_or_else(os_user);
    let result = async {
        let reconciler = Reconciler::new(settings.clone(), Metrics::new()).await?;
        reconciler.approve(&args.plan_id, &by, &args.reason).await
    }
    .await;
    match result {
        Ok(a) => {
            let until = chrono::DateTime::<chrono::Utc>::from(a.expires_at)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            outln!(
                "approved plan {} (approval {}) by {}: {}\nthe next run whose guarded changes are those of this plan, or some of them, passes the guards once; valid until {until}",
                a.plan_id,
                a.id,
                a.approved_by,
                a.reason
            );
            exit::OK
        }
        Err(e) => {
            errln!("error: {}", chain(&e));
            exit::FATAL
        }
    }
}

/// The OS user running the command.
fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}
