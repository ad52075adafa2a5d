//! File names are shown exactly and printably (issue 17): names that are not UTF-8 stay
//! distinct in reports and baselines, and control bytes never reach the terminal raw.
#![cfg(unix)]

mod ci_common;
use ci_common::check;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

const PAGE: &str = "A miracle cure.\n";

fn put_raw(dir: &std::path::Path, name: &[u8], text: &str) {
    std::fs::write(dir.join(OsStr::from_bytes(name)), text).unwrap();
}

#[test]
fn non_utf8_names_stay_distinct_in_reports() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir(&site).unwrap();
    for b in [0x80u8, 0xfe, 0xff] {
        put_raw(&site, &[b'x', b, b'.', b't', b'x', b't'], PAGE);
    }
    let out = check(dir.path(), &["--format", "json", "site"]);
    assert_eq!(out.code, 1, "{out:?}");
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["site/x\\x80.txt", "site/x\\xFE.txt", "site/x\\xFF.txt"]
    );
}

#[test]
fn a_baseline_entry_for_one_non_utf8_name_does_not_hide_findings_in_another() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    put_raw(root, b"x\xfe.txt", PAGE);
    let out = check(
        root,
        &["--write-baseline", "baseline.json", "x\u{fffd}.txt"],
    );
    // The lossy spelling is not the file's name.
    assert_eq!(out.code, 2, "{out:?}");
    let name = OsStr::from_bytes(b"x\xfe.txt").to_owned();
    let run = |args: &[&OsStr]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimlint"))
            .current_dir(root)
            .args(["check", "--no-default-rules", "--rules", &ci_common::pack()])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, _) = run(&[
        OsStr::new("--write-baseline"),
        OsStr::new("baseline.json"),
        &name,
    ]);
    assert_eq!(code, Some(0));
    let baseline = std::fs::read_to_string(root.join("baseline.json")).unwrap();
    assert!(baseline.contains("\"x\\\\xFE.txt\""), "{baseline}");
    // A new file whose lossy name is the same: its finding is new, and reported.
    put_raw(root, b"x\xff.txt", PAGE);
    let other = OsStr::from_bytes(b"x\xff.txt").to_owned();
    let (code, stdout) = run(&[
        OsStr::new("--format"),
        OsStr::new("jsonl"),
        OsStr::new("--baseline"),
        OsStr::new("baseline.json"),
        &name,
        &other,
    ]);
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("x\\\\xFF.txt"), "{stdout}");
    // Pruning keeps the entry of a file that exists but was not checked this time.
    let (code, _) = run(&[
        OsStr::new("--baseline"),
        OsStr::new("baseline.json"),
        OsStr::new("--prune-baseline"),
        &other,
    ]);
    assert_eq!(code, Some(1));
    let pruned = std::fs::read_to_string(root.join("baseline.json")).unwrap();
    assert!(pruned.contains("\"x\\\\xFE.txt\""), "{pruned}");
}

#[test]
fn control_bytes_in_names_are_escaped_not_printed_raw() {
    let dir = tempfile::tempdir().unwrap();
    put_raw(dir.path(), b"evil\x1b[2J\x07.txt", PAGE);
    put_raw(dir.path(), b"new\nline.txt", PAGE);
    let out = check(dir.path(), &["."]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(!out.stdout.contains('\x1b') && !out.stdout.contains('\x07'));
    assert!(
        out.stdout.contains("evil\\x1B[2J\\x07.txt:1:3"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("new\\x0Aline.txt:1:3"),
        "{}",
        out.stdout
    );
}
