//! Reading the TOML file, layering `EIAM_SYNC__*` environment overrides, refusing unknown keys
//! and secrets given twice, and turning deserialisation errors into messages without values.

use std::path::Path;

use config::{Config, Environment, File, FileFormat, Value, ValueKind};

use super::overrides::{ENV_PREFIX, Overrides, is_override, var_name};
use super::unknown::unknown_keys;
use super::{ConfigError, Settings};

/// Load the file at `path` layered with the process's `EIAM_SYNC__*` environment overrides, and
/// validate it. Every problem found is reported at once, each naming its key.
pub fn load(path: &Path) -> Result<Settings, ConfigError> {
    load_with_env(path, process_env()?)
}

/// Read the file and the process's overrides without the semantic validation, for showing the
/// effective configuration next to its problems ([`Settings::validate`] lists them).
pub fn load_unvalidated(path: &Path) -> Result<Settings, ConfigError> {
    parse(path, process_env()?)
}

/// [`load`] with an explicit environment (name, value pairs; other names are ignored).
pub fn load_with_env<I>(path: &Path, env: I) -> Result<Settings, ConfigError>
where
    I: IntoIterator<Item = (String, String)>,
{
    let settings = parse(path, env)?;
    settings.validate().map_err(ConfigError::Invalid)?;
    Ok(settings)
}

/// The `EIAM_SYNC__*` variables of this process. Other variables, even non-Unicode ones, are
/// none of our business; one of ours that is not Unicode is an error.
pub(super) fn process_env() -> Result<Vec<(String, String)>, ConfigError> {
    let mut vars = Vec::new();
    for (name, value) in std::env::vars_os() {
        let Some(name) = name.to_str().map(str::to_owned) else {
            continue;
        };
        if !is_override(&name) {
            continue;
        }
        match value.into_string() {
            Ok(value) => vars.push((name, value)),
            Err(_) => {
                return Err(ConfigError::Invalid(vec![format!(
                    "environment variable {name} is not valid UTF-8"
                )]));
            }
        }
    }
    Ok(vars)
}

/// Read, layer and deserialise without the semantic validation (`config check` prints the
/// effective configuration even when it has problems).
pub(super) fn parse<I>(path: &Path, env: I) -> Result<Settings, ConfigError>
where
    I: IntoIterator<Item = (String, String)>,
{
    let text = read_file(path)?;
    let file_table = parse_toml(path, &text)?;
    let overrides = Overrides::new(env);

    let merged = Config::builder()
        .add_source(File::from_str(&text, FileFormat::Toml))
        .add_source(
            Environment::with_prefix(ENV_PREFIX.trim_end_matches('_'))
                .prefix_separator("__")
                .separator("__")
                .source(Some(overrides.vars().iter().cloned().collect())),
        )
        .build()
        .map_err(|e| ConfigError::Invalid(vec![describe(&e, &overrides)]))?;

    let tree = config::Source::collect(&merged)
        .map_err(|e| ConfigError::Invalid(vec![describe(&e, &overrides)]))?;
    let mut problems = unknown_keys(&tree, path, &overrides);
    problems.extend(secret_conflicts(&file_table, &tree, &overrides));
    if !problems.is_empty() {
        return Err(ConfigError::Invalid(problems));
    }
    let mut settings = merged
        .try_deserialize::<Settings>()
        .map_err(|e| ConfigError::Invalid(vec![describe(&e, &overrides)]))?;
    let credentials = std::env::var_os(super::secrets::CREDENTIALS_DIRECTORY);
    settings.fill_from_credentials(credentials.as_deref().map(Path::new));
    Ok(settings)
}

fn read_file(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ConfigError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ConfigError::Read {
            path: path.to_path_buf(),
            source,
        },
    })
}

/// Syntax check with our own message: the TOML library quotes the offending line, which may be
/// the one holding a secret, so only its position and the bare message are kept.
fn parse_toml(path: &Path, text: &str) -> Result<toml::Table, ConfigError> {
    text.parse::<toml::Table>().map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start).min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ConfigError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_owned(),
        }
    })
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A secret must come from exactly one place; two places would leave it to layering rules to
/// decide silently which credential is used.
fn secret_conflicts(
    file: &toml::Table,
    tree: &config::Map<String, Value>,
    env: &Overrides,
) -> Vec<String> {
    let pairs = [
        (
            "eiam",
            "client_secret",
            "client_secret_file",
            "client secret",
        ),
        (
            "state",
            "fingerprint_key",
            "fingerprint_key_file",
            "fingerprint key",
        ),
    ];
    let mut problems = Vec::new();
    for (section, inline, file_key, what) in pairs {
        let inline_key = format!("{section}.{inline}");
        let file_path_key = format!("{section}.{file_key}");
        let mut places = Vec::new();
        let in_file = file
            .get(section)
            .and_then(|s| s.as_table())
            .is_some_and(|t| t.contains_key(inline));
        if in_file {
            places.push(format!("`{inline_key}` in the file"));
        }
        if env.sets(&inline_key) {
            places.push(format!("environment variable {}", var_name(&inline_key)));
        }
        let by_file = tree
            .get(section)
            .and_then(|v| match &v.kind {
                ValueKind::Table(t) => t.get(file_key),
                _ => None,
            })
            .is_some();
        if by_file {
            places.push(format!("`{file_path_key}`"));
        }
        if places.len() > 1 {
            problems.push(format!(
                "`{inline_key}`: the {what} is given {} times ({}); give exactly one",
                places.len(),
                places.join(", ")
            ));
        }
    }
    problems
}

/// A `config` error as one line naming the key, never quoting the offending value (it may be
/// a secret placed under the wrong key).
fn describe(err: &config::ConfigError, env: &Overrides) -> String {
    describe_at(err, None, env)
}

fn describe_at(err: &config::ConfigError, at: Option<&str>, env: &Overrides) -> String {
    use config::ConfigError as E;
    let whence = |key: &str| {
        env.source_of(key)
            .map(|var| format!(" (from environment variable {var})"))
            .unwrap_or_default()
    };
    match err {
        E::Type {
            unexpected,
            expected,
            key,
            ..
        } => {
            let key = key.as_deref().or(at).unwrap_or("?");
            format!(
                "`{key}` must be {expected}, not {}{}",
                kind_of(unexpected),
                whence(key)
            )
        }
        E::At { error, key, .. } => describe_at(error, key.as_deref().or(at), env),
        E::NotFound(key) => format!("missing key `{key}`"),
        E::Message(message) => match at {
            Some(key) => format!("`{key}`: {message}{}", whence(key)),
            None => message.clone(),
        },
        other => other.to_string(),
    }
}

/// The kind of a value that had the wrong type, from the `config` crate's description of it
/// (whose text also quotes the value, which must not be shown).
fn kind_of(unexpected: &impl std::fmt::Display) -> &'static str {
    let text = unexpected.to_string();
    let kinds = [
        ("boolean", "a boolean"),
        ("string", "a string"),
        ("floating", "a decimal number"),
        ("unit", "empty"),
        ("sequence", "an array"),
        ("map", "a table"),
    ];
    if text.contains("integer") {
        return "an integer";
    }
    kinds
        .iter()
        .find(|(prefix, _)| text.starts_with(prefix))
        .map_or("another type", |(_, kind)| kind)
}
