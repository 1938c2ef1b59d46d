//! The Python that runs the SDK conformance script: `EIAM_SDK_PYTHON` if set, else a virtualenv
//! in `target/sdk-venv` with the pinned official SDK, created once (a file lock keeps parallel
//! tests and test binaries from racing; a marker file records a finished install).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The SDK the emulator must satisfy, pinned.
pub const SDK_REQUIREMENT: &str = "alibabacloud-eiam-developerapi20220225==1.9.0";

fn target_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target>/tmp`, whatever CARGO_TARGET_DIR says.
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn create_venv(dir: &Path) -> Result<PathBuf, String> {
    let python = dir.join("bin").join("python");
    let marker = dir.join(".eiam-sdk-ready");
    if fs::read_to_string(&marker).is_ok_and(|m| m.trim() == SDK_REQUIREMENT) && python.exists() {
        return Ok(python);
    }
    if dir.exists() {
        fs::remove_dir_all(dir)
            .map_err(|e| format!("cannot remove a partial {}: {e}", dir.display()))?;
    }
    run(Command::new("python3").args(["-m", "venv"]).arg(dir))?;
    run(Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        SDK_REQUIREMENT,
    ]))?;
    fs::write(&marker, SDK_REQUIREMENT)
        .map_err(|e| format!("cannot write {}: {e}", marker.display()))?;
    Ok(python)
}

fn prepare() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("EIAM_SDK_PYTHON").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let target = target_dir();
    fs::create_dir_all(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    let lock_path = target.join("sdk-venv.lock");
    let lock = File::create(&lock_path)
        .map_err(|e| format!("cannot create {}: {e}", lock_path.display()))?;
    // Held until the end of this function: other processes wait here, then find the marker.
    lock.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;
    create_venv(&target.join("sdk-venv"))
}

/// The Python interpreter with the official SDK installed. Panics with the reason if it
/// cannot be prepared (a missing `python3` or no access to PyPI): the SDK test must not skip.
pub fn sdk_python() -> PathBuf {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match PYTHON.get_or_init(prepare) {
        Ok(p) => p.clone(),
        Err(e) => panic!("cannot prepare the SDK virtualenv: {e}"),
    }
}

/// The conformance script.
pub fn conformance_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/conformance.py")
}
