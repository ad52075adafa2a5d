//! Closed pipes (issue 17): `claimlint … | head` ends quietly, and a closed standard error never
//! panics the run. Each test is named after what broke.

use crate::common::*;
use std::io::Read;
use std::process::{Command, Stdio};

/// Runs `cmd`, reads the first bytes of its standard output, closes the pipe and waits.
fn head(mut cmd: Command) -> (Option<i32>, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    out.read_exact(&mut first).unwrap();
    drop(out);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn check_piped_into_head_exits_quietly_without_a_broken_pipe_error() {
    let dir = tempdir();
    // Megabytes of findings: far more than a pipe buffers.
    let page = dir.path().join("page.txt");
    std::fs::write(&page, "当院なら完治する。\n".repeat(20_000)).unwrap();
    for format in ["human", "jsonl", "json", "csv"] {
        let mut cmd = command();
        cmd.args(["check", "--no-default-rules", "--rules", PROP_PACK])
            .args(["--format", format])
            .arg(&page);
        let (code, err) = head(cmd);
        assert_eq!(code, Some(0), "{format}: {err}");
        assert_eq!(err, "", "{format}");
    }
}

#[test]
fn rules_literals_piped_into_head_exits_quietly() {
    let mut cmd = command();
    cmd.args(["rules", "literals"]);
    let (code, err) = head(cmd);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err, "");
}

#[test]
fn a_closed_standard_error_does_not_panic_the_run() {
    let dir = tempdir();
    std::fs::write(dir.path().join("a.txt"), "当院なら完治する。\n").unwrap();
    // Thousands of unreadable paths: their errors fill more than a pipe buffers.
    let missing: Vec<String> = (0..3000)
        .map(|i| format!("missing-file-number-{i:05}.txt"))
        .collect();
    let mut child = command()
        .current_dir(dir.path())
        .args(["check", "--format", "jsonl", "a.txt"])
        .args(&missing)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    // Exit 2 for the unreadable paths, not 101 for a panic.
    assert_eq!(status.code(), Some(2));
}

#[test]
fn errors_are_one_clean_line_without_a_diagnostic_code() {
    let out = command()
        .args(["check", "--encoding", "klingon", "/nonexistent-dir/a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "claimlint: unknown encoding `klingon` (try utf-8, shift_jis, euc-jp, iso-2022-jp, gb18030, big5, utf-16le)\n"
    );
    let out = command()
        .args(["check", "/nonexistent-dir/a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "claimlint: /nonexistent-dir/a.txt: No such file or directory (os error 2)\n"
    );
}
