//! `eiam-sync demo`: the self-contained tour. It starts an in-process emulator, writes a sample
//! snapshot to a temporary SQLite file, reconciles, changes the snapshot (a move, a rename, a
//! leaver, a new hire), reconciles again, and prints both plans and results. The sample manages
//! two custom fields and gives new hires a random first password sent by email and SMS. No
//! config, no network.

pub mod sample;
pub mod snapshot;

use std::io::IsTerminal;
use std::path::Path;

use crate::emulator::{AdminState, Emulator, EmulatorConfig, RunningEmulator};
use crate::errors::chain;
use crate::exit;
use crate::metrics::Metrics;
use crate::model::KindSet;
use crate::reconcile::{Reconciler, RunRequest};
use crate::report::{Report, Status, render_text};
use crate::{out, outln};

/// Run the demo.
pub async fn run() -> i32 {
    match tour().await {
        Ok(code) => code,
        Err(e) => {
            crate::errln!("error: the demo failed: {}", chain(e.as_ref()));
            exit::FATAL
        }
    }
}

type DynError = Box<dyn std::error::Error + Send + Sync>;

fn config_text(emulator: &RunningEmulator, cfg: &EmulatorConfig, dir: &Path) -> String {
    format!(
        r#"[eiam]
endpoint = "{url}"
instance_id = "{instance}"
application_id = "{app}"
client_id = "{client}"
client_secret = "{secret}"
rate_limit_qps = 200
max_concurrency = 8

[source]
url = "sqlite://{dir}/snapshot.db"

[state]
url = "sqlite://{dir}/state.db"

[sync]
root_organizational_unit_id = "{root}"
user_removal = "disable"
custom_fields = ["employee_number", "cost_center"]

[sync.new_users]
password_initialization = "random"
notify = ["email", "sms"]
force_password_change = true
"#,
        url = emulator.url(),
        instance = cfg.instance_id,
        app = cfg.application_id,
        client = cfg.client_id,
        secret = cfg.client_secret,
        dir = dir.display(),
        root = emulator.root_ou_id(),
    )
}

fn show(title: &str, report: &Report) {
    let colour = std::io::stdout().is_terminal();
    outln!("\n=== {title} ===");
    out!("{}", render_text(report, colour));
}

fn show_result(title: &str, report: &Report) {
    outln!("\n=== {title} ===");
    if let Some(why) = &report.refused {
        outln!("  refused by a safety guard: {why}");
    }
    for op in report
        .operations
        .iter()
        .filter(|o| o.status != Status::Applied)
    {
        outln!(
            "  ! {} {} {:?}: {}",
            op.action,
            op.external_id,
            op.status,
            op.error.as_deref().unwrap_or("")
        );
    }
    outln!("{}", crate::report::summary_line(report));
}

/// How EIAM was asked to hand each account created since `before` its first password, from
/// the emulator's record of the CreateUser (never a password: EIAM generates and sends it).
fn show_new_hires(before: &AdminState, after: &AdminState) {
    for u in (after.users.iter()).filter(|u| !before.users.iter().any(|b| b.user_id == u.user_id)) {
        let Some(c) = &u.password_initialization_config else {
            outln!(
                "  {} {}: created without a first password",
                u.user_external_id,
                u.username
            );
            continue;
        };
        let channels = c.user_notification_channels.clone().unwrap_or_default();
        let forced = c.password_forced_update_status.as_deref() == Some("enabled");
        outln!(
            "  {} {}: a random first password, notified by {}{}",
            u.user_external_id,
            u.username,
            if channels.is_empty() {
                "nobody".to_owned()
            } else {
                channels.join(" and ")
            },
            if forced {
                "; to be changed at the first sign-in"
            } else {
                ""
            },
        );
    }
}

async fn tour() -> Result<i32, DynError> {
    let cfg = EmulatorConfig::default();
    let emulator = Emulator::start(cfg.clone(), "127.0.0.1:0".parse()?).await?;
    // As an administrator would in the console: define the extended fields first.
    emulator.set_custom_fields(&sample::CUSTOM_FIELDS)?;
    let dir = tempfile::tempdir()?;
    let config_path = dir.path().join("eiam-sync.toml");
    std::fs::write(&config_path, config_text(&emulator, &cfg, dir.path()))?;
    // The tour is self-contained: EIAM_SYNC__* variables meant for a real deployment must not
    // reach it (a real state store, say).
    let settings =
        crate::config::load_with_env(&config_path, std::iter::empty::<(String, String)>())?;
    let source = format!("sqlite://{}/snapshot.db", dir.path().display());

    outln!(
        "eiam-sync demo: an in-process EIAM emulator at {}",
        emulator.url()
    );
    outln!("and a sample snapshot in {}", dir.path().display());
    snapshot::write(&source, &sample::with_custom_fields(sample::initial())).await?;
    let reconciler = Reconciler::new(settings, Metrics::new()).await?;

    let dry = |name: &str| RunRequest::new(name, true, KindSet::all());
    let wet = |name: &str| RunRequest::new(name, false, KindSet::all());

    let plan = reconciler.run(dry("demo")).await?;
    show("1. Day one: the plan (dry run, nothing written yet)", &plan);
    let result = reconciler.run(wet("demo")).await?;
    show_result("1. Day one: applied", &result);

    snapshot::write(&source, &sample::with_custom_fields(sample::week_later())).await?;
    outln!(
        "\nA week later HR exports again: IT moves under Engineering, APAC is renamed, e1011 leaves,\ne1100 joins, e1002 moves from Web to Platform (and to its cost center)."
    );
    let plan = reconciler.run(dry("demo")).await?;
    show("2. A week later: the plan", &plan);
    let before = emulator.state();
    let result = reconciler.run(wet("demo")).await?;
    show_result("2. A week later: applied", &result);
    outln!("New hires:");
    show_new_hires(&before, &emulator.state());

    let check = reconciler.run(dry("demo")).await?;
    let state = emulator.state();
    outln!(
        "\n=== 3. Check ===\nEIAM now holds {} OUs, {} users ({} disabled) and {} groups; a new plan has {} operation(s).",
        state.organizational_units.len(),
        state.users.len(),
        state
            .users
            .iter()
            .filter(|u| u.status == "disabled")
            .count(),
        state.groups.len(),
        check.operations.len(),
    );
    emulator.shutdown().await;
    Ok(
        if check.operations.is_empty() && check.rejected.is_empty() {
            exit::OK
        } else {
            exit::PARTIAL
        },
    )
}
