//! `[schedule] incremental` and `jitter_secs`: defaults, overrides, and every bad value named
//! by its key, in the loader and in `eiam-sync config check`.

use std::process::Command;

use eiam_sync::config::load_with_env;

use super::config_load::{Dir, VALID};

fn with_schedule(lines: &str) -> String {
    format!("{VALID}\n[schedule]\n{lines}\n")
}

fn problems(text: &str, vars: &[(&str, &str)]) -> Vec<String> {
    let d = Dir::new();
    let vars = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned()));
    match load_with_env(&d.write("c.toml", text), vars) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems(),
    }
}

#[test]
fn incremental_is_off_and_jitter_zero_unless_set_and_both_take_overrides() {
    let d = Dir::new();
    let s = load_with_env(&d.write("c.toml", VALID), Vec::new()).unwrap();
    assert_eq!(s.schedule.incremental, None);
    assert_eq!(s.schedule.jitter_secs, 0);
    let text = with_schedule("incremental = \"0 */5 * * * *\"\njitter_secs = 30");
    let s = load_with_env(&d.write("d.toml", &text), Vec::new()).unwrap();
    assert_eq!(s.schedule.incremental.as_deref(), Some("0 */5 * * * *"));
    assert_eq!(s.schedule.jitter_secs, 30);
    let vars = vec![
        (
            "EIAM_SYNC__SCHEDULE__INCREMENTAL".to_owned(),
            "30 */2 * * * *".to_owned(),
        ),
        (
            "EIAM_SYNC__SCHEDULE__JITTER_SECS".to_owned(),
            "7".to_owned(),
        ),
    ];
    let s = load_with_env(&d.write("e.toml", VALID), vars).unwrap();
    assert_eq!(s.schedule.incremental.as_deref(), Some("30 */2 * * * *"));
    assert_eq!(s.schedule.jitter_secs, 7);
}

#[test]
fn a_bad_incremental_cron_or_jitter_is_named_by_its_key() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "incremental = \"*/5 * * * *\"",
            "schedule.incremental",
            "has 5 fields",
        ),
        (
            "incremental = \"0 */61 * * * *\"",
            "schedule.incremental",
            "not a valid cron",
        ),
        ("incremental = \"\"", "schedule.incremental", "has 0 fields"),
        ("incremental = 5", "schedule.incremental", "has 1 fields"),
        ("jitter_secs = -1", "schedule.jitter_secs", "unsigned"),
        (
            "jitter_secs = \"10s\"",
            "schedule.jitter_secs",
            "must be an integer",
        ),
        (
            "jitter_secs = 3601",
            "schedule.jitter_secs",
            "at most 3600 seconds",
        ),
        (
            "incremental = \"0 */5 * * * *\"\njitter_secs = 300",
            "schedule.jitter_secs",
            "the 300 seconds between firings of `schedule.incremental`",
        ),
        (
            "users = \"0 */2 * * * *\"\njitter_secs = 150",
            "schedule.jitter_secs",
            "firings of `schedule.users`",
        ),
    ];
    for (lines, key, why) in cases {
        let got = problems(&with_schedule(lines), &[]);
        assert_eq!(got.len(), 1, "{lines}: {got:?}");
        assert!(
            got[0].starts_with(&format!("`{key}`")) && got[0].contains(why),
            "{lines}: {got:?}"
        );
    }
    // A jitter shorter than every interval passes; so does one beside a once-a-year schedule.
    let fine = "incremental = \"0 */5 * * * *\"\njitter_secs = 299";
    assert_eq!(problems(&with_schedule(fine), &[]), Vec::<String>::new());
    let yearly = "organizational_units = \"0 0 3 1 1 *\"\nusers = \"0 0 3 1 1 *\"\ngroups = \"0 0 3 1 1 *\"\njitter_secs = 3600";
    assert_eq!(problems(&with_schedule(yearly), &[]), Vec::<String>::new());
    let got = problems(
        VALID,
        &[("EIAM_SYNC__SCHEDULE__INCREMENTAL", "every 5 minutes")],
    );
    assert!(
        got.len() == 1 && got[0].starts_with("`schedule.incremental`"),
        "{got:?}"
    );
}

#[test]
fn config_check_refuses_a_bad_schedule_naming_the_key_and_shows_a_good_one() {
    let d = Dir::new();
    let run = |text: &str| {
        let path = d.write("eiam-sync.toml", text);
        let out = Command::new(env!("CARGO_BIN_EXE_eiam-sync"))
            .args(["config", "check", "--config"])
            .arg(&path)
            .env_remove("EIAM_SYNC__SCHEDULE__INCREMENTAL")
            .env_remove("EIAM_SYNC__SCHEDULE__JITTER_SECS")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let (code, text) = run(&with_schedule("incremental = \"*/5 * * * *\""));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("`schedule.incremental`"), "{text}");
    let (code, text) = run(&with_schedule(
        "incremental = \"0 */5 * * * *\"\njitter_secs = 900",
    ));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("`schedule.jitter_secs`"), "{text}");
    assert!(!text.contains("inline-secret"), "{text}");
}

/// The seconds between the first firings of a cron expression.
fn gaps(expression: &str) -> Vec<i64> {
    let schedule: cron::Schedule = expression.parse().unwrap();
    let ticks: Vec<_> = schedule.upcoming(chrono::Utc).take(5).collect();
    ticks
        .windows(2)
        .map(|w| (w[1] - w[0]).num_seconds())
        .collect()
}

#[test]
fn the_example_and_deploy_configs_run_incremental_every_five_minutes_and_full_nightly() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "config/eiam-sync.example.toml",
        "deploy/kubernetes/base/eiam-sync.toml",
        "deploy/kubernetes/overlays/example/eiam-sync.toml",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let schedule: eiam_sync::config::ScheduleSettings =
            table["schedule"].clone().try_into().unwrap();
        let incremental = schedule.incremental.as_deref().expect(file);
        assert!(gaps(incremental).iter().all(|g| *g == 300), "{file}");
        for full in [
            &schedule.organizational_units,
            &schedule.users,
            &schedule.groups,
        ] {
            assert!(gaps(full).iter().all(|g| *g == 86_400), "{file}: {full}");
        }
        assert!(schedule.jitter_secs < 300, "{file}");
        // And they pass validation as a whole, secrets aside.
        let d = Dir::new();
        let lines: String = text
            .lines()
            .filter(|l| !l.contains("_file =") && !l.starts_with("client_secret"))
            .map(|l| format!("{l}\n"))
            .collect();
        let vars = vec![(
            "EIAM_SYNC__EIAM__CLIENT_SECRET".to_owned(),
            "emulator-secret".to_owned(),
        )];
        let path = d.write("c.toml", &lines);
        if let Err(e) = load_with_env(&path, vars) {
            panic!("{file}: {:?}", e.problems());
        }
    }
}
