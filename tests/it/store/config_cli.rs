//! `eiam-sync config check` and `eiam-sync migrate` as a user runs them: the built binary, its
//! exit code and everything it prints.

use std::path::Path;
use std::process::{Command, Output};

use super::backends::{CONTRACT_SCHEMA, TestDatabase};
use super::config_load::Dir;
use super::source::SMALL;

const BIN: &str = env!("CARGO_BIN_EXE_eiam-sync");

/// Run the binary in `cwd` with exactly the given `EIAM_SYNC*` variables.
fn run(cwd: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(cwd).args(args);
    for (name, _) in std::env::vars_os() {
        if name
            .to_string_lossy()
            .to_ascii_uppercase()
            .starts_with("EIAM_SYNC")
        {
            cmd.env_remove(name);
        }
    }
    cmd.envs(vars.iter().copied());
    cmd.output().unwrap()
}

fn all_output(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A configuration whose source is a small valid SQLite snapshot and whose state is SQLite.
async fn setup(d: &Dir, secret_lines: &str) -> std::path::PathBuf {
    let snapshot = d.dir.path().join("snapshot.db");
    let db = TestDatabase::Sqlite {
        _dir: tempfile::tempdir().unwrap(),
        path: snapshot.clone(),
        url: String::new(),
    };
    db.exec(CONTRACT_SCHEMA).await;
    db.exec(SMALL).await;
    d.write(
        "eiam-sync.toml",
        &format!(
            r#"
[eiam]
endpoint = "http://127.0.0.1:8080"
instance_id = "idaas_x"
application_id = "app_x"
client_id = "app_x"
{secret_lines}

[source]
url = "sqlite://snapshot.db"

[state]
url = "sqlite://state.db"
"#
        ),
    )
}

const SECRET: &str = "Sup3r-S3cret-Value";

#[tokio::test]
async fn the_secret_never_appears_whichever_way_it_is_given() {
    type Vars = Vec<(&'static str, &'static str)>;
    let ways: [(&str, &str, Vars); 3] = [
        ("file", "client_secret = \"Sup3r-S3cret-Value\"", vec![]),
        (
            "environment",
            "",
            vec![("EIAM_SYNC__EIAM__CLIENT_SECRET", SECRET)],
        ),
        ("secret file", "client_secret_file = \"secret.txt\"", vec![]),
    ];
    for (way, lines, vars) in ways {
        let d = Dir::new();
        d.write("secret.txt", &format!("{SECRET}\n"));
        let config = setup(&d, lines).await;
        let out = run(
            d.dir.path(),
            &["config", "check", "--config", &config.display().to_string()],
            &vars,
        );
        let text = all_output(&out);
        assert!(out.status.success(), "{way}: {text}");
        assert!(!text.contains(SECRET), "{way}: the secret leaked:\n{text}");
        assert!(
            !text.contains("Sup3r"),
            "{way}: part of the secret leaked:\n{text}"
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        if way == "secret file" {
            assert!(
                stdout.contains("client_secret_file = \"secret.txt\""),
                "{stdout}"
            );
        } else {
            assert!(
                stdout.contains("client_secret = \"[redacted]\""),
                "{way}: {stdout}"
            );
        }
        assert!(stdout.contains("[source]") && stdout.contains("url = \"sqlite://snapshot.db\""));
        // The state file may be created by the check.
        assert!(d.dir.path().join("state.db").exists());
    }
}

#[tokio::test]
async fn a_misplaced_or_malformed_secret_is_not_echoed() {
    let d = Dir::new();
    let config = setup(&d, "client_secert = \"Sup3r-S3cret-Value\"").await;
    let out = run(
        d.dir.path(),
        &["config", "check", "--config", &config.display().to_string()],
        &[],
    );
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("unknown key `eiam.client_secert`"), "{text}");
    assert!(!text.contains("Sup3r"), "{text}");

    let d = Dir::new();
    let config = setup(&d, "client_secret = Sup3r-S3cret-Value").await;
    let out = run(
        d.dir.path(),
        &["config", "check", "--config", &config.display().to_string()],
        &[],
    );
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("is not valid TOML (line 7"), "{text}");
    assert!(!text.contains("Sup3r"), "{text}");
}

#[tokio::test]
async fn database_passwords_are_redacted_in_the_effective_config() {
    let d = Dir::new();
    let config = setup(&d, "client_secret = \"x\"").await;
    let pg = TestDatabase::postgres().await;
    // Trust authentication accepts any password, so the check succeeds with one in the URL.
    let url = url::Url::parse(pg.url()).unwrap();
    let with_password = format!(
        "postgres://{}:PgPa55word@{}:{}{}",
        url.username(),
        url.host_str().unwrap(),
        url.port().unwrap_or(5432),
        url.path()
    );
    let out = run(
        d.dir.path(),
        &["config", "check", "--config", &config.display().to_string()],
        &[("EIAM_SYNC__STATE__URL", &with_password)],
    );
    let text = all_output(&out);
    assert!(out.status.success(), "{text}");
    assert!(!text.contains("PgPa55word"), "{text}");
    assert!(text.contains(":[redacted]@"), "{text}");
}

#[tokio::test]
async fn unreachable_or_incomplete_databases_fail_the_check() {
    let d = Dir::new();
    let config = setup(&d, "client_secret = \"x\"").await;
    let path = config.display().to_string();
    let out = run(
        d.dir.path(),
        &["config", "check", "--config", &path],
        &[
            ("EIAM_SYNC__SOURCE__URL", "sqlite://missing.db"),
            (
                "EIAM_SYNC__STATE__URL",
                "postgres://postgres@127.0.0.1:1/none",
            ),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: source database: snapshot database file missing.db does not exist"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: state database: cannot connect to the state database"),
        "{stderr}"
    );
    assert!(!d.dir.path().join("missing.db").exists());

    let out = run(
        d.dir.path(),
        &["config", "check", "--config", &path],
        &[(
            "EIAM_SYNC__SOURCE__QUERIES__USERS",
            "SELECT id, username FROM users",
        )],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("query `source.queries.users` lacks the column(s) display_name"),
        "{stderr}"
    );

    let out = run(
        d.dir.path(),
        &["config", "check", "--config", &path],
        &[("EIAM_SYNC__EIAM__ENDPOINT", "http://eiam.example.com")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("`eiam.endpoint` uses http:// for a host that is not a loopback address"),
        "{stderr}"
    );
}

/// The README's command, run exactly as documented from a checkout's layout.
#[test]
fn the_example_config_passes_the_readme_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checkout = tempfile::tempdir().unwrap();
    std::fs::create_dir(checkout.path().join("config")).unwrap();
    for file in ["eiam-sync.example.toml", "example-snapshot.db"] {
        std::fs::copy(
            root.join("config").join(file),
            checkout.path().join("config").join(file),
        )
        .unwrap();
    }
    let out = run(
        checkout.path(),
        &[
            "config",
            "check",
            "--config",
            "config/eiam-sync.example.toml",
        ],
        &[("EIAM_SYNC__EIAM__CLIENT_SECRET", "emulator-secret")],
    );
    let text = all_output(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("configuration ok"));
    assert!(!text.contains("emulator-secret"), "{text}");

    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(
            "EIAM_SYNC__EIAM__CLIENT_SECRET=emulator-secret eiam-sync config check --config config/eiam-sync.example.toml"
        ),
        "the README documents a different command"
    );
}

/// Every key the configuration accepts appears in the example, set or commented out.
#[test]
fn the_example_config_lists_every_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("config/eiam-sync.example.toml")).unwrap();
    let mut documented = std::collections::BTreeSet::new();
    let mut section = String::new();
    for line in text.lines() {
        let line = line.trim_start_matches('#').trim();
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            // `[[section.key]]` (an array of tables) documents `section.key` and its keys.
            let header = header.trim_start_matches('[').trim_end_matches(']');
            section = header.to_owned();
            documented.insert(header.to_owned());
        } else if let Some((key, _)) = line
            .split_once(" = ")
            .filter(|(key, _)| !key.contains(' ') && !section.is_empty())
        {
            documented.insert(format!("{section}.{key}"));
        }
    }
    for key in eiam_sync::config::known_keys() {
        assert!(
            documented.contains(&key),
            "`{key}` is missing from the example configuration"
        );
    }
}

/// The committed sample snapshot is exactly what its SQL source builds.
#[tokio::test]
async fn the_example_snapshot_matches_its_sql() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sql = std::fs::read_to_string(root.join("config/example-snapshot.sql")).unwrap();
    let built = TestDatabase::sqlite().await;
    built.exec(&sql).await;
    let read = |url: String| async move {
        eiam_sync::source::read_snapshot(&super::source::source(&url))
            .await
            .unwrap()
    };
    let committed = read(format!(
        "sqlite://{}",
        root.join("config/example-snapshot.db").display()
    ))
    .await;
    let fresh = read(built.url().to_owned()).await;
    assert_eq!(committed, fresh);
    let v = eiam_sync::model::validate(committed);
    assert!(v.rejections.is_empty(), "{:?}", v.rejections);
    assert_eq!(v.desired.users.len(), 4);
}

#[tokio::test]
async fn migrate_applies_once_on_both_backends() {
    let d = Dir::new();
    let config = setup(&d, "client_secret = \"x\"").await;
    let path = config.display().to_string();
    let pg = TestDatabase::postgres().await;
    for vars in [vec![], vec![("EIAM_SYNC__STATE__URL", pg.url())]] {
        let out = run(d.dir.path(), &["migrate", "--config", &path], &vars);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", all_output(&out));
        assert!(
            stdout.contains("applied migration 1: initial schema"),
            "{stdout}"
        );
        let out = run(d.dir.path(), &["migrate", "--config", &path], &vars);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("state store is up to date; no migration applied"),
            "{stdout}"
        );
    }
}
