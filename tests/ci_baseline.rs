//! Baselines: write, match across edits elsewhere, report only new findings, prune, and never
//! write unless asked.

mod ci_common;
use ci_common::{annotated, check, write};
use serde_json::Value;

const PAGE: &str = "A miracle cure.\n\nThe best clinic.\n";

fn baseline(dir: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("baseline.json")).unwrap()).unwrap()
}

#[test]
fn write_then_check_reports_nothing_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site/a.txt", PAGE);
    write(root, "site/b.txt", "A miracle cure. A miracle cure.\n");
    let out = check(root, &["--write-baseline", "baseline.json", "site"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stderr.contains("wrote 4 findings to baseline.json"),
        "{}",
        out.stderr
    );
    let b = baseline(root);
    assert_eq!(b["version"], 1);
    let entries = b["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[0]["path"], "site/a.txt");
    assert_eq!(entries[0]["rule"], "t.best");
    assert_eq!(entries[0]["matched"], "best clinic");
    assert_eq!(entries[0]["line"], 3);
    let b_entries: Vec<(u64, u64)> = entries
        .iter()
        .filter(|e| e["path"] == "site/b.txt")
        .map(|e| {
            (
                e["occurrence"].as_u64().unwrap(),
                e["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(b_entries, [(0, 1), (1, 1)]);
    let out = check(
        root,
        &["--format", "github", "--baseline", "baseline.json", "site"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(annotated(&out.stdout).is_empty());
}

#[test]
fn the_baseline_survives_an_inserted_paragraph_and_flags_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.md", PAGE);
    assert_eq!(
        check(root, &["--write-baseline", "baseline.json", "a.md"]).code,
        0
    );
    let before = std::fs::read(root.join("baseline.json")).unwrap();
    // A new paragraph above moves every finding down; none is new.
    write(
        root,
        "a.md",
        &format!("# Our clinic\n\nWelcome, we are open on Sundays.\n\n{PAGE}"),
    );
    let out = check(
        root,
        &["--format", "github", "--baseline", "baseline.json", "a.md"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(annotated(&out.stdout).is_empty(), "{}", out.stdout);
    // A second occurrence of a known claim, and a new claim, are new.
    write(
        root,
        "a.md",
        &format!("# Our clinic\n\nno side effects\n\n{PAGE}\nAnother miracle cure.\n"),
    );
    let out = check(
        root,
        &["--format", "github", "--baseline", "baseline.json", "a.md"],
    );
    assert_eq!(out.code, 1);
    assert_eq!(
        annotated(&out.stdout),
        [("t.safe".to_string(), 3), ("t.miracle".to_string(), 9)]
    );
    // Checking against a baseline never rewrites it.
    assert_eq!(std::fs::read(root.join("baseline.json")).unwrap(), before);
}

#[test]
fn prune_drops_entries_that_no_longer_occur() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    write(root, "b.txt", "no side effects\n");
    write(root, "gone.txt", "A miracle cure.\n");
    assert_eq!(
        check(root, &["--write-baseline", "baseline.json", "."]).code,
        0
    );
    assert_eq!(baseline(root)["findings"].as_array().unwrap().len(), 4);
    // The claim in a.txt is fixed, gone.txt is deleted, b.txt is not checked this time.
    write(root, "a.txt", "A proven treatment.\n\nThe best clinic.\n");
    std::fs::remove_file(root.join("gone.txt")).unwrap();
    let out = check(
        root,
        &["--baseline", "baseline.json", "--prune-baseline", "a.txt"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("pruned 2 of 4"), "{}", out.stderr);
    let kept: Vec<(String, String)> = baseline(root)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().into(),
                e["rule"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("a.txt".to_string(), "t.best".to_string()),
            ("b.txt".to_string(), "t.safe".to_string())
        ]
    );
    // --prune-baseline needs --baseline; --write-baseline and --baseline exclude each other.
    assert_eq!(check(root, &["--prune-baseline", "a.txt"]).code, 2);
    assert_eq!(
        check(
            root,
            &[
                "--baseline",
                "baseline.json",
                "--write-baseline",
                "x.json",
                "a.txt"
            ]
        )
        .code,
        2
    );
}

#[test]
fn the_baseline_file_is_not_checked_as_copy() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    assert_eq!(
        check(root, &["--write-baseline", "baseline.json", "."]).code,
        0
    );
    let out = check(
        root,
        &["--format", "json", "--baseline", "baseline.json", "."],
    );
    assert_eq!(out.code, 0, "{out:?}");
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let paths: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./a.txt"]);
}

#[test]
fn a_bad_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    let out = check(root, &["--baseline", "missing.json", "a.txt"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("missing.json"), "{}", out.stderr);
    write(root, "bad.json", "{\"version\": 1, \"entries\": []}");
    let out = check(root, &["--baseline", "bad.json", "a.txt"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not a claimlint baseline"),
        "{}",
        out.stderr
    );
}
