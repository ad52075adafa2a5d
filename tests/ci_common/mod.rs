//! Helpers shared by the CI tests: run the built binary in a directory, with the CI test pack.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The CI test pack (absolute, so tests can run in any directory).
pub fn pack() -> String {
    format!("{}/tests/fixtures/ci/pack.yaml", env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file of tests/fixtures/ci.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ci")
        .join(name)
}

/// The result of one run.
#[derive(Debug)]
pub struct Out {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Runs claimlint in `dir` with exactly `args`.
pub fn run_raw(dir: &Path, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run claimlint");
    Out {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs `claimlint check ARGS` in `dir` with only the CI test pack loaded.
pub fn check(dir: &Path, args: &[&str]) -> Out {
    let pack = pack();
    let mut all = vec!["check", "--no-default-rules", "--rules", pack.as_str()];
    all.extend_from_slice(args);
    run_raw(dir, &all)
}

/// Writes `text` to `dir/name`, creating parent directories.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// Rule ids of `--format github` annotation lines, in output order.
pub fn annotated_rules(stdout: &str) -> Vec<String> {
    annotated(stdout).into_iter().map(|(r, _)| r).collect()
}

/// `(rule, line)` of `--format github` annotations.
pub fn annotated(stdout: &str) -> Vec<(String, usize)> {
    stdout
        .lines()
        .filter(|l| l.contains("title="))
        .filter_map(|l| {
            let rule = l.split("title=").nth(1)?.split("::").next()?.to_string();
            let line = l.split(",line=").nth(1)?.split(',').next()?.parse().ok()?;
            Some((rule, line))
        })
        .collect()
}
