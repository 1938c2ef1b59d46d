//! Loading and validating the configuration: layering, unknown keys, secrets, every rule.

use std::path::{Path, PathBuf};

use eiam_sync::config::{ConfigError, Settings, load_with_env};
use secrecy::ExposeSecret;

/// A valid configuration with an inline secret; tests edit it.
pub const VALID: &str = r#"
[eiam]
endpoint = "https://eiam-developerapi.cn-hangzhou.aliyuncs.com"
instance_id = "idaas_x"
application_id = "app_x"
client_id = "app_x"
client_secret = "inline-secret"

[source]
url = "sqlite:///var/lib/eiam-sync/snapshot.db"

[state]
url = "postgres://sync@db.example.com/eiam"
"#;

pub struct Dir {
    pub dir: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

fn env(vars: &[(&str, &str)]) -> Vec<(String, String)> {
    vars.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn load(path: &Path, vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    load_with_env(path, env(vars))
}

fn problems(path: &Path, vars: &[(&str, &str)]) -> Vec<String> {
    load(path, vars).unwrap_err().problems()
}

#[test]
fn a_valid_file_loads_with_defaults() {
    let d = Dir::new();
    let s = load(&d.write("c.toml", VALID), &[]).unwrap();
    assert_eq!(s.eiam.rate_limit_qps, 10);
    assert_eq!(s.sync.max_deletes, 500);
    assert_eq!(s.schedule.users, "0 */10 * * * *");
    assert_eq!(s.client_secret().unwrap().expose_secret(), "inline-secret");
}

#[test]
fn environment_overrides_win_and_are_parsed() {
    let d = Dir::new();
    let path = d.write(
        "c.toml",
        &VALID.replace("client_secret = \"inline-secret\"\n", ""),
    );
    let s = load(
        &path,
        &[
            ("EIAM_SYNC__SYNC__MAX_DELETES", "10"),
            ("EIAM_SYNC__SYNC__MAX_DELETE_PERCENT", "12.5"),
            ("EIAM_SYNC__SYNC__USER_REMOVAL", "delete"),
            ("EIAM_SYNC__EIAM__CLIENT_SECRET", "0123"),
            (
                "EIAM_SYNC__SOURCE__QUERIES__GROUPS",
                "SELECT id, name FROM teams",
            ),
            ("EIAM_SYNC__SERVER__LISTEN", "0.0.0.0:9000"),
            ("EIAM_SYNC_CONFIG", "/not/an/override"),
            ("EIAM_SYNC_LOG", "debug"),
            ("OTHER", "x"),
        ],
    )
    .unwrap();
    assert_eq!(s.sync.max_deletes, 10);
    assert_eq!(s.sync.max_delete_percent, 12.5);
    assert_eq!(s.sync.user_removal, eiam_sync::config::UserRemoval::Delete);
    assert_eq!(
        s.client_secret().unwrap().expose_secret(),
        "0123",
        "a secret that looks like a number is kept as written"
    );
    assert_eq!(s.source.queries["groups"], "SELECT id, name FROM teams");
    assert_eq!(s.server.listen.port(), 9000);
}

#[test]
fn unknown_keys_are_named_with_their_section_and_origin() {
    let d = Dir::new();
    let path = d.write(
        "c.toml",
        &format!("{VALID}\n[sync]\nmax_delete = 5\n\n[metrics]\nport = 1\n"),
    );
    let got = problems(&path, &[("EIAM_SYNC__EIAM__CLIENT_SECERT", "x")]);
    let file = path.display();
    assert_eq!(
        got,
        [
            "unknown key `eiam.client_secert` (from environment variable \
             EIAM_SYNC__EIAM__CLIENT_SECERT); did you mean `eiam.client_secret`?"
                .to_owned(),
            format!("unknown key `metrics` (in {file})"),
            format!("unknown key `sync.max_delete` (in {file}); did you mean `sync.max_deletes`?"),
        ]
    );
}

#[test]
fn query_keys_must_be_table_names() {
    let d = Dir::new();
    let path = d.write(
        "c.toml",
        &format!("{VALID}\n[source.queries]\npeople = \"SELECT 1\"\n"),
    );
    let got = problems(&path, &[]);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].starts_with("unknown key `source.queries.people`"),
        "{got:?}"
    );
    assert!(got[0].contains("user_organizational_units"));
}

#[test]
fn a_missing_file_is_named() {
    let err = load(Path::new("/nonexistent/eiam-sync.toml"), &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "configuration file /nonexistent/eiam-sync.toml does not exist"
    );
}

#[test]
fn type_and_syntax_errors_never_quote_values() {
    let d = Dir::new();
    let path = d.write(
        "c.toml",
        &VALID.replace("[source]", "rate_limit_qps = \"p4ss\"\n[source]"),
    );
    assert_eq!(
        problems(&path, &[]),
        ["`eiam.rate_limit_qps` must be an integer, not a string"]
    );
    let path = d.write("d.toml", "[eiam]\nclient_secret = s3cr3t-value\n");
    let err = load(&path, &[]).unwrap_err().to_string();
    assert!(err.contains("line 2, column 17"), "{err}");
    assert!(!err.contains("s3cr3t"), "{err}");
    let path = d.write("e.toml", VALID);
    let got = problems(&path, &[("EIAM_SYNC__SYNC__MAX_DELETES", "lots")]);
    assert_eq!(
        got,
        [
            "`sync.max_deletes` must be an integer, not a string (from environment variable EIAM_SYNC__SYNC__MAX_DELETES)"
        ]
    );
}

#[test]
fn the_client_secret_comes_from_exactly_one_place() {
    let d = Dir::new();
    let secret_file = d.write("secret", "from-file\n");
    let no_inline = VALID.replace("client_secret = \"inline-secret\"\n", "");
    let with_file = no_inline.replace(
        "client_id = \"app_x\"",
        &format!(
            "client_id = \"app_x\"\nclient_secret_file = \"{}\"",
            secret_file.display()
        ),
    );

    let s = load(&d.write("a.toml", &with_file), &[]).unwrap();
    assert_eq!(s.client_secret().unwrap().expose_secret(), "from-file");
    let s = load(
        &d.write("b.toml", &no_inline),
        &[("EIAM_SYNC__EIAM__CLIENT_SECRET", "from-env")],
    )
    .unwrap();
    assert_eq!(s.client_secret().unwrap().expose_secret(), "from-env");

    let got = problems(
        &d.write("c.toml", VALID),
        &[("EIAM_SYNC__EIAM__CLIENT_SECRET", "x")],
    );
    assert_eq!(
        got,
        [
            "`eiam.client_secret`: the client secret is given 2 times (`eiam.client_secret` in the \
          file, environment variable EIAM_SYNC__EIAM__CLIENT_SECRET); give exactly one"
        ]
    );
    let got = problems(
        &d.write("d.toml", &with_file),
        &[("EIAM_SYNC__EIAM__CLIENT_SECRET", "x")],
    );
    assert!(got[0].contains("given 2 times"), "{got:?}");
    let got = problems(&d.write("e.toml", &no_inline), &[]);
    assert_eq!(
        got,
        [
            "`eiam.client_secret` no client secret: set `eiam.client_secret`, \
          EIAM_SYNC__EIAM__CLIENT_SECRET or `eiam.client_secret_file`"
        ]
    );
    let missing = with_file.replace(&secret_file.display().to_string(), "/nonexistent/secret");
    let got = problems(&d.write("f.toml", &missing), &[]);
    assert!(
        got[0].starts_with("cannot read `eiam.client_secret_file` file /nonexistent/secret"),
        "{got:?}"
    );
    d.write("secret", "\n");
    let got = problems(&d.write("g.toml", &with_file), &[]);
    assert!(got[0].contains("names an empty file"), "{got:?}");
}

#[test]
fn the_fingerprint_key_is_configured_or_derived() {
    let d = Dir::new();
    let derived = load(&d.write("a.toml", VALID), &[])
        .unwrap()
        .fingerprint_key()
        .unwrap();
    assert_eq!(derived.expose_secret().len(), 40);
    assert_ne!(derived.expose_secret(), "inline-secret");
    let own = VALID.replace("[state]", "[state]\nfingerprint_key = \"fp-key\"");
    let s = load(&d.write("b.toml", &own), &[]).unwrap();
    assert_eq!(s.fingerprint_key().unwrap().expose_secret(), "fp-key");
    let got = problems(
        &d.write("c.toml", &own),
        &[("EIAM_SYNC__STATE__FINGERPRINT_KEY", "x")],
    );
    assert!(
        got[0].starts_with("`state.fingerprint_key`: the fingerprint key is given 2 times"),
        "{got:?}"
    );
}

#[test]
fn endpoints_need_https_unless_loopback() {
    let d = Dir::new();
    let with = |endpoint: &str| {
        VALID.replace(
            "https://eiam-developerapi.cn-hangzhou.aliyuncs.com",
            endpoint,
        )
    };
    for ok in [
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://localhost:9",
        "http://[::1]:8080",
        "https://eiam.example.com",
    ] {
        load(&d.write("ok.toml", &with(ok)), &[]).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    for (bad, why) in [
        ("http://eiam.example.com", "not a loopback address"),
        ("http://10.0.0.1:8080", "not a loopback address"),
        ("http://[::2]", "not a loopback address"),
        ("ftp://eiam.example.com", "has scheme `ftp`"),
        ("eiam.example.com", "is not a valid URL"),
        (
            "https://user:pw@eiam.example.com",
            "must not contain credentials",
        ),
    ] {
        let got = problems(&d.write("bad.toml", &with(bad)), &[]);
        assert_eq!(got.len(), 1, "{bad}: {got:?}");
        assert!(
            got[0].starts_with("`eiam.endpoint`") && got[0].contains(why),
            "{bad}: {got:?}"
        );
    }
}

#[test]
fn every_problem_is_reported_each_naming_its_key() {
    let d = Dir::new();
    let text = r#"
[eiam]
endpoint = "https://eiam.example.com"
instance_id = " "
application_id = "app_x"
client_id = "app_x"
client_secret = "s"
rate_limit_qps = 0
max_concurrency = 257
connect_timeout_secs = 0
request_timeout_secs = 0

[source]
url = "mysql://db/hr"
queries = { users = " " }

[state]
url = "sqlite:///var/lib/eiam-sync/state.db?mode=bogus"

[sync]
root_organizational_unit_id = " "
max_delete_percent = 101
max_snapshot_drop_percent = -1

[schedule]
organizational_units = "0 */10 * * *"
users = "0 61 * * * *"
groups = "0 0 0 1 1 * 2030"

[log]
level = "eiam_sync=loud"
"#;
    let got = problems(&d.write("c.toml", text), &[]);
    let keys: Vec<&str> = got
        .iter()
        .map(|p| p.split('`').nth(1).unwrap_or(p))
        .collect();
    assert_eq!(
        keys,
        [
            "eiam.instance_id",
            "eiam.rate_limit_qps",
            "eiam.max_concurrency",
            "eiam.connect_timeout_secs",
            "eiam.request_timeout_secs",
            "source.url",
            "state.url",
            "source.queries.users",
            "sync.root_organizational_unit_id",
            "sync.max_delete_percent",
            "sync.max_snapshot_drop_percent",
            "schedule.organizational_units",
            "schedule.users",
            "schedule.groups",
            "log.level",
        ],
        "{got:#?}"
    );
}

#[test]
fn debug_output_hides_secrets_and_passwords() {
    let d = Dir::new();
    let text = VALID
        .replace(
            "postgres://sync@db.example.com/eiam",
            "postgres://sync:pgpass@db.example.com/eiam",
        )
        .replace("[state]", "[state]\nfingerprint_key = \"fpsecret\"");
    let s = load(&d.write("c.toml", &text), &[]).unwrap();
    let shown = format!("{s:?}\n{}", s.to_redacted_toml());
    for secret in ["inline-secret", "pgpass", "fpsecret"] {
        assert!(!shown.contains(secret), "`{secret}` shown:\n{shown}");
    }
    assert!(shown.contains("postgres://sync:[redacted]@db.example.com/eiam"));
}
