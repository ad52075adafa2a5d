//! The one harness of the integration tests: the built binary, run with arguments, standard
//! input, environment, working directory and an optional time limit; fixture paths; files in
//! temporary folders; the JSON and annotations the binary prints. See tests/README.md.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary under test, built by cargo for the integration tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_claimlint");

/// The small pack of the property tests, the bad-input tests and fuzzing (relative to the
/// repository root, where cargo runs the tests).
pub const PROP_PACK: &str = "tests/fixtures/hostile/prop_pack.yaml";

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file (or folder) under tests/fixtures, e.g. `fixture("cli/acme.yaml")`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// [`fixture`] as a command-line argument.
pub fn fixture_arg(rel: &str) -> String {
    fixture(rel).to_string_lossy().into_owned()
}

/// A fresh temporary folder, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Writes `content` at `rel` under `dir`, creating the folders between.
pub fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, content).unwrap();
}

/// The binary as a [`Command`] with `NO_COLOR=1`, for tests that wire its pipes themselves
/// (closed pipes, servers, killed runs).
pub fn command() -> Command {
    let mut c = Command::new(BIN);
    c.env("NO_COLOR", "1");
    c
}

/// One run of the binary, to be configured, then [`Cmd::run`].
pub struct Cmd {
    args: Vec<OsString>,
    cwd: Option<PathBuf>,
    stdin: Option<Vec<u8>>,
    env: Vec<(OsString, OsString)>,
    limit: Option<Duration>,
    no_panic: bool,
}

/// `claimlint ARGS`: `NO_COLOR=1`, standard input closed, in the repository root, no time limit.
pub fn cmd<I, S>(args: I) -> Cmd
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Cmd {
        args: args.into_iter().map(|a| a.as_ref().to_owned()).collect(),
        cwd: None,
        stdin: None,
        env: Vec::new(),
        limit: None,
        no_panic: false,
    }
}

/// `claimlint check --no-default-rules --rules tests/fixtures/PACK ARGS`.
pub fn check_with(pack: &str, args: &[&str]) -> Cmd {
    let pack = fixture_arg(pack);
    let mut all = vec!["check", "--no-default-rules", "--rules", pack.as_str()];
    all.extend_from_slice(args);
    cmd(all)
}

impl Cmd {
    /// One more argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }
    /// More arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }
    /// Runs in `dir`.
    pub fn cwd(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(dir.as_ref().to_owned());
        self
    }
    /// Pipes `bytes` to standard input (written from another thread, so a large input and a
    /// large output cannot block each other; a write error, when the program exits first, is
    /// ignored).
    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.stdin = Some(bytes.as_ref().to_vec());
        self
    }
    /// Sets an environment variable.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }
    /// Kills the run and fails the test when it has not finished within `limit`: a hang fails.
    pub fn limit(mut self, limit: Duration) -> Self {
        self.limit = Some(limit);
        self
    }
    /// Fails the test when standard error says the program panicked.
    pub fn no_panic(mut self) -> Self {
        self.no_panic = true;
        self
    }

    /// Runs the binary to the end and collects what it printed.
    pub fn run(self) -> Out {
        let mut command = command();
        command.args(&self.args);
        if let Some(dir) = &self.cwd {
            command.current_dir(dir);
        }
        for (k, v) in &self.env {
            command.env(k, v);
        }
        let mut child = command
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run claimlint: {e}"));
        let started = Instant::now();
        let mut pipe_in = child.stdin.take();
        let input = self.stdin;
        let writer = std::thread::spawn(move || {
            if let (Some(pipe), Some(bytes)) = (pipe_in.as_mut(), input) {
                let _ = pipe.write_all(&bytes);
            }
            drop(pipe_in);
        });
        let reader = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut s = Vec::new();
                let _ = pipe.read_to_end(&mut s);
                s
            })
        };
        let out = reader(Box::new(child.stdout.take().unwrap()));
        let err = reader(Box::new(child.stderr.take().unwrap()));
        let status = match self.limit {
            None => child.wait().unwrap(),
            Some(limit) => loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break status;
                }
                if started.elapsed() > limit {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("claimlint {:?} did not finish within {limit:?}", self.args);
                }
                std::thread::sleep(Duration::from_millis(20));
            },
        };
        let elapsed = started.elapsed();
        let _ = writer.join();
        let stdout_bytes = out.join().unwrap();
        let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
        if self.no_panic {
            assert!(
                !stderr.contains("panicked"),
                "claimlint {:?} panicked: {stderr}",
                self.args
            );
        }
        Out {
            code: status.code(),
            stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
            stdout_bytes,
            stderr,
            elapsed,
        }
    }
}

/// `claimlint ARGS` (see [`cmd`]).
pub fn run(args: &[&str]) -> Out {
    cmd(args).run()
}

/// `claimlint ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Out {
    cmd(args).cwd(dir).run()
}

/// `claimlint ARGS` with `input` on standard input.
pub fn run_stdin(args: &[&str], input: impl AsRef<[u8]>) -> Out {
    cmd(args).stdin(input).run()
}

/// For bad input: `claimlint ARGS` (with `stdin` piped, else closed), failing the test when it
/// runs longer than `limit` or panics.
pub fn run_limited(args: &[&str], stdin: Option<&[u8]>, limit: Duration) -> Out {
    let mut c = cmd(args).limit(limit).no_panic();
    if let Some(bytes) = stdin {
        c = c.stdin(bytes);
    }
    c.run()
}

/// `check` with the CI pack (tests/fixtures/ci/pack.yaml: English rules of every level and one
/// Japanese one), in `dir`, standard input closed.
pub fn check_ci(dir: &Path, args: &[&str]) -> Out {
    check_with("ci/pack.yaml", args).cwd(dir).run()
}

/// `check` with the batch pack (tests/fixtures/batch/pack.yaml: three categories, three levels,
/// a message that needs CSV quoting), in `dir`, with `stdin` piped in.
pub fn check_batch(dir: &Path, args: &[&str], stdin: &[u8]) -> Out {
    check_with("batch/pack.yaml", args)
        .cwd(dir)
        .stdin(stdin)
        .run()
}

/// What a run printed.
#[derive(Debug)]
pub struct Out {
    /// The exit code (`None`: killed by a signal, e.g. a stack overflow).
    pub code: Option<i32>,
    /// Standard output, decoded lossily.
    pub stdout: String,
    /// Standard output as it was.
    pub stdout_bytes: Vec<u8>,
    /// Standard error, decoded lossily.
    pub stderr: String,
    /// From start to exit.
    pub elapsed: Duration,
}

impl Out {
    /// Standard output, which must be UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8(self.stdout_bytes.clone()).unwrap()
    }
    /// Standard output as one JSON document.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout_bytes).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
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
    /// Standard error with miette's wrapping undone: one line, frame characters dropped.
    pub fn unwrapped_stderr(&self) -> String {
        self.stderr
            .lines()
            .map(|l| l.trim_start().trim_start_matches(['×', '│']).trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
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
