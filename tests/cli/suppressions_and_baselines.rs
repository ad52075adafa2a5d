//! Inline suppressions (next-line and block forms in HTML, Markdown and plain text; reasons;
//! unused suppressions; `--no-inline-suppressions`) and baselines (write, match across edits
//! elsewhere, report only new findings, prune, never write unless asked).

use crate::common::*;
use serde_json::Value;

// Inline suppressions: next-line and block forms in HTML, Markdown and plain text; reasons;
// unused suppressions; and `--no-inline-suppressions`.

fn findings(name: &str, text: &str, extra: &[&str]) -> Vec<(String, usize)> {
    let dir = tempdir();
    write(dir.path(), name, text);
    let mut args = vec!["--format", "github"];
    args.extend_from_slice(extra);
    args.push(name);
    let out = check_ci(dir.path(), &args);
    assert!(out.code == Some(0) || out.code == Some(1), "{out:?}");
    annotated(&out.stdout)
}

fn pairs(v: &[(&str, usize)]) -> Vec<(String, usize)> {
    v.iter().map(|(r, l)| (r.to_string(), *l)).collect()
}

#[test]
fn html_next_line_with_a_reason_suppresses_quietly() {
    let html = "<p>The best clinic.</p>\n<!-- claimlint-disable-next-line t.best -- award title, quoted -->\n<p>The best clinic.</p>\n<p>The best clinic.</p>\n";
    assert_eq!(
        findings("a.html", html, &[]),
        pairs(&[("t.best", 1), ("t.best", 4)])
    );
}

#[test]
fn a_suppression_without_a_reason_still_suppresses_and_is_reported() {
    let html = "<!-- claimlint-disable-next-line t.best -->\n<p>The best clinic.</p>\n";
    assert_eq!(
        findings("a.html", html, &[]),
        pairs(&[("claimlint.suppression.no-reason", 1)])
    );
    let dir = tempdir();
    write(dir.path(), "a.html", html);
    let out = check_ci(dir.path(), &["--format", "json", "a.html"]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let d = &doc["files"][0]["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["category"], "suppression");
    assert_eq!(d["codes"][0], "claimlint:meta");
    assert_eq!(d["matched"], "<!-- claimlint-disable-next-line t.best -->");
    // A warning: the default --fail-on error passes.
    assert_eq!(out.code, Some(0));
}

#[test]
fn markdown_blocks_selectors_categories_and_all() {
    let md = "\
A miracle cure.

<!-- claimlint-disable curative-claim -- testimonial page reviewed by legal -->
A miracle cure. The best clinic.
<!-- claimlint-enable curative-claim -->

A miracle cure.

<!-- claimlint-disable-next-line t.best, t.safe -- quoted -->
The best clinic, no side effects, a miracle cure.

<!-- claimlint-disable -- archived page -->
A miracle cure. The best clinic.
";
    assert_eq!(
        findings("a.md", md, &[]),
        pairs(&[
            ("t.miracle", 1),
            ("t.best", 4),
            ("t.miracle", 7),
            ("t.miracle", 10)
        ])
    );
}

#[test]
fn plain_text_line_form_with_comment_prefixes() {
    let txt = "\
claimlint-disable-next-line t.miracle -- citing the ruling
A miracle cure.
# claimlint-disable-next-line t.best -- award
The best clinic.
// claimlint-disable-next-line -- all rules
no side effects, a miracle cure
<!-- claimlint-disable-next-line t.safe -->
no side effects
A miracle cure.
";
    assert_eq!(
        findings("a.txt", txt, &[]),
        pairs(&[("claimlint.suppression.no-reason", 7), ("t.miracle", 9)])
    );
    // In Markdown and HTML a bare line is prose, not a directive.
    let md = "claimlint-disable-next-line t.miracle -- x\nA miracle cure.\n";
    assert_eq!(findings("a.md", md, &[]), pairs(&[("t.miracle", 2)]));
}

#[test]
fn unused_suppressions_are_reported_only_when_asked() {
    let md = "\
<!-- claimlint-disable-next-line t.safe -- nothing to silence -->
A miracle cure.
<!-- claimlint-disable-next-line t.miracle -- used -->
A miracle cure.
<!-- claimlint-disable superlative -- never closed, never used -->
";
    assert_eq!(findings("a.md", md, &[]), pairs(&[("t.miracle", 2)]));
    assert_eq!(
        findings("a.md", md, &["--report-unused-suppressions"]),
        pairs(&[
            ("claimlint.suppression.unused", 1),
            ("t.miracle", 2),
            ("claimlint.suppression.unused", 5)
        ])
    );
}

#[test]
fn meta_rules_follow_the_config() {
    let dir = tempdir();
    write(
        dir.path(),
        "a.html",
        "<!-- claimlint-disable-next-line t.best -->\n<p>The best clinic.</p>\n",
    );
    write(
        dir.path(),
        "claimlint.yaml",
        "severity:\n  claimlint.suppression.no-reason: error\n",
    );
    let out = check_ci(dir.path(), &["--format", "github", "a.html"]);
    assert!(out.stdout.starts_with("::error "), "{}", out.stdout);
    assert_eq!(out.code, Some(1));
    write(
        dir.path(),
        "claimlint.yaml",
        "rules:\n  disable: [claimlint.suppression.no-reason]\n",
    );
    let out = check_ci(dir.path(), &["--format", "github", "a.html"]);
    assert!(annotated(&out.stdout).is_empty(), "{}", out.stdout);
}

#[test]
fn no_inline_suppressions_checks_everything() {
    let html = "<!-- claimlint-disable -- hide from the regulator -->\n<p>A miracle cure.</p>\n";
    assert!(findings("a.html", html, &[]).is_empty());
    assert_eq!(
        findings("a.html", html, &["--no-inline-suppressions"]),
        pairs(&[("t.miracle", 2)])
    );
}

#[test]
fn a_plain_text_directive_line_is_never_a_finding_itself() {
    // The reason quotes the claim it silences; the directive line must not be flagged.
    let txt = "\
# claimlint-disable-next-line t.miracle -- \"A miracle cure\" is quoted from the ruling
A miracle cure.
";
    assert!(findings("a.txt", txt, &[]).is_empty());
}

#[test]
fn disable_line_silences_its_own_line() {
    let txt = "\
A miracle cure.  # claimlint-disable-line t.miracle -- quoted from the ruling
A miracle cure. The best clinic. // claimlint-disable-line curative-claim -- quoted
claimlint-disable-line t.best -- a line of its own silences only itself
The best clinic.
";
    assert_eq!(
        findings("a.txt", txt, &[]),
        pairs(&[("t.best", 2), ("t.best", 4)])
    );
    let html = "<p>The best clinic.</p> <!-- claimlint-disable-line t.best -- award title -->\n<p>The best clinic.</p>\n";
    assert_eq!(findings("a.html", html, &[]), pairs(&[("t.best", 2)]));
    let md = "A miracle cure. <!-- claimlint-disable-line -- quoted -->\nA miracle cure.\n";
    assert_eq!(findings("a.md", md, &[]), pairs(&[("t.miracle", 2)]));
}

// Baselines: write, match across edits elsewhere, report only new findings, prune, and never
// write unless asked.

const PAGE: &str = "A miracle cure.\n\nThe best clinic.\n";

fn baseline(dir: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("baseline.json")).unwrap()).unwrap()
}

#[test]
fn write_then_check_reports_nothing_and_exits_0() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "site/a.txt", PAGE);
    write(root, "site/b.txt", "A miracle cure. A miracle cure.\n");
    let out = check_ci(root, &["--write-baseline", "baseline.json", "site"]);
    assert_eq!(out.code, Some(0), "{out:?}");
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
    let out = check_ci(
        root,
        &["--format", "github", "--baseline", "baseline.json", "site"],
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(annotated(&out.stdout).is_empty());
}

#[test]
fn the_baseline_survives_an_inserted_paragraph_and_flags_new_findings() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.md", PAGE);
    assert_eq!(
        check_ci(root, &["--write-baseline", "baseline.json", "a.md"]).code,
        Some(0)
    );
    let before = std::fs::read(root.join("baseline.json")).unwrap();
    // A new paragraph above moves every finding down; none is new.
    write(
        root,
        "a.md",
        format!("# Our clinic\n\nWelcome, we are open on Sundays.\n\n{PAGE}"),
    );
    let out = check_ci(
        root,
        &["--format", "github", "--baseline", "baseline.json", "a.md"],
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(annotated(&out.stdout).is_empty(), "{}", out.stdout);
    // A second occurrence of a known claim, and a new claim, are new.
    write(
        root,
        "a.md",
        format!("# Our clinic\n\nno side effects\n\n{PAGE}\nAnother miracle cure.\n"),
    );
    let out = check_ci(
        root,
        &["--format", "github", "--baseline", "baseline.json", "a.md"],
    );
    assert_eq!(out.code, Some(1));
    assert_eq!(
        annotated(&out.stdout),
        [("t.safe".to_string(), 3), ("t.miracle".to_string(), 9)]
    );
    // Checking against a baseline never rewrites it.
    assert_eq!(std::fs::read(root.join("baseline.json")).unwrap(), before);
}

#[test]
fn prune_drops_entries_that_no_longer_occur() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    write(root, "b.txt", "no side effects\n");
    write(root, "gone.txt", "A miracle cure.\n");
    assert_eq!(
        check_ci(root, &["--write-baseline", "baseline.json", "."]).code,
        Some(0)
    );
    assert_eq!(baseline(root)["findings"].as_array().unwrap().len(), 4);
    // The claim in a.txt is fixed, gone.txt is deleted, b.txt is not checked this time.
    write(root, "a.txt", "A proven treatment.\n\nThe best clinic.\n");
    std::fs::remove_file(root.join("gone.txt")).unwrap();
    let out = check_ci(
        root,
        &["--baseline", "baseline.json", "--prune-baseline", "a.txt"],
    );
    assert_eq!(out.code, Some(0), "{out:?}");
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
    assert_eq!(check_ci(root, &["--prune-baseline", "a.txt"]).code, Some(2));
    assert_eq!(
        check_ci(
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
        Some(2)
    );
}

#[test]
fn the_baseline_file_is_not_checked_as_copy() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    assert_eq!(
        check_ci(root, &["--write-baseline", "baseline.json", "."]).code,
        Some(0)
    );
    let out = check_ci(
        root,
        &["--format", "json", "--baseline", "baseline.json", "."],
    );
    assert_eq!(out.code, Some(0), "{out:?}");
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
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    let out = check_ci(root, &["--baseline", "missing.json", "a.txt"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("missing.json"), "{}", out.stderr);
    write(root, "bad.json", "{\"version\": 1, \"entries\": []}");
    let out = check_ci(root, &["--baseline", "bad.json", "a.txt"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("not a claimlint baseline"),
        "{}",
        out.stderr
    );
}
