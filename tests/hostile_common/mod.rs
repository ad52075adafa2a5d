//! Running the built binary with a time limit, for the hostile-input and hostile-pack tests.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The small pack the hostile and property tests use.
pub const PACK: &str = "tests/fixtures/hostile/prop_pack.yaml";

/// What a run of the binary produced.
pub struct Run {
    /// Exit code (`None`: killed by a signal, e.g. a stack overflow, or by the time limit).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Runs claimlint with `args` (and `stdin`), killing it and failing the test after `limit`.
pub fn claimlint(args: &[&str], stdin: Option<&[u8]>, limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let input = stdin.map(<[u8]>::to_vec);
    let mut pipe_in = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let (Some(pipe), Some(bytes)) = (pipe_in.as_mut(), input) {
            let _ = pipe.write_all(&bytes);
        }
        drop(pipe_in);
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("claimlint {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let _ = writer.join();
    let stdout = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "claimlint {args:?} panicked: {stderr}"
    );
    Run {
        code: status.code(),
        stdout,
        stderr,
        elapsed,
    }
}

/// The JSON document a `--format json` run printed.
pub fn json_of(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", run.stdout, run.stderr))
}

/// Standard error with miette's wrapping undone: one line, frame characters dropped.
pub fn unwrapped_stderr(run: &Run) -> String {
    run.stderr
        .lines()
        .map(|l| l.trim_start().trim_start_matches(['×', '│']).trim())
        .collect::<Vec<_>>()
        .join(" ")
}
