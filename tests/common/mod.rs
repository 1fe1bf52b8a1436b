//! Shared helpers for integration tests that use the Python references (PyROOT, uproot,
//! TensorFlow). `bash tests/run.sh` installs them; without them these tests fail with a
//! message that says so, they are never skipped silently.
#![allow(dead_code)]

pub mod events;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python interpreter: `$SCWIN_PYTHON` or `python3`.
pub fn python() -> Command {
    Command::new(std::env::var("SCWIN_PYTHON").unwrap_or_else(|_| "python3".to_string()))
}

/// Path of a script under `tests/py/`.
pub fn py_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/py")
        .join(name)
}

/// Runs `python3 tests/py/<script> args...`, panics with its stderr if it fails, and
/// returns its stdout.
pub fn run_py(script: &str, args: &[&str]) -> String {
    let out = python()
        .arg(py_script(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot start python3 for {script}: {e}"));
    if !out.status.success() {
        panic!(
            "python3 tests/py/{script} {args:?} failed ({}).\n\
             Install the references with `bash tests/run.sh` (it pip-installs them).\n\
             stderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8(out.stdout).expect("python output is UTF-8")
}

/// Path to the built `scwin` binary (integration tests only).
pub fn scwin_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_scwin"))
}

/// Shared data from the team folder (`../shared/data/...`), e.g. working-point files.
pub fn shared_data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}
