//! Shared helpers for the batch tests: run the built binary with the batch test pack.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/batch")
        .join(name)
}

pub struct Out {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Out {
    pub fn text(&self) -> String {
        String::from_utf8(self.stdout.clone()).unwrap()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.stdout)
            )
        })
    }
    /// Paths of every file in a `--format json` document, in order.
    pub fn json_paths(&self) -> Vec<String> {
        self.json()["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Runs `claimlint check` with the batch pack, in `cwd`, with `stdin` piped in.
pub fn check(cwd: &Path, args: &[&str], stdin: &[u8]) -> Out {
    let mut all = vec![
        "check".to_string(),
        "--no-default-rules".into(),
        "--rules".into(),
    ];
    all.push(fixture("pack.yaml").to_string_lossy().into_owned());
    all.extend(args.iter().map(|s| s.to_string()));
    run(cwd, &all, stdin)
}

/// Runs the binary with exactly `args`.
pub fn run(cwd: &Path, args: &[String], stdin: &[u8]) -> Out {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // The program may exit before reading its input (usage errors).
    let _ = input.write_all(stdin);
    drop(input);
    let out = child.wait_with_output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes `content` at `rel` under `root`, creating directories.
pub fn put(root: &Path, rel: &str, content: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}
