//! Exit codes for every --fail-on level, with and without findings, after baselines and
//! suppressions: 0 = nothing at or above the level, 1 = something, 2 = usage or I/O error.

use crate::common::*;

// Exit codes for every --fail-on level, with and without findings, after baselines and
// suppressions: 0 = nothing at or above the level, 1 = something, 2 = usage or I/O error.

fn dir_with_files() -> tempfile::TempDir {
    let dir = tempdir();
    write(dir.path(), "clean.txt", "We treat knees.\n");
    write(dir.path(), "error.txt", "A miracle cure.\n");
    write(dir.path(), "warning.txt", "The best clinic.\n");
    write(dir.path(), "info.txt", "no side effects\n");
    write(
        dir.path(),
        "suppressed.txt",
        "claimlint-disable-next-line t.miracle -- quoted from the ruling\nA miracle cure.\n",
    );
    dir
}

#[test]
fn every_fail_on_level_with_and_without_findings() {
    let dir = dir_with_files();
    // (file, [error, warning, info, never])
    let table = [
        ("clean.txt", [0, 0, 0, 0]),
        ("error.txt", [1, 1, 1, 0]),
        ("warning.txt", [0, 1, 1, 0]),
        ("info.txt", [0, 0, 1, 0]),
        ("suppressed.txt", [0, 0, 0, 0]),
    ];
    for (file, codes) in table {
        for (level, want) in ["error", "warning", "info", "never"].into_iter().zip(codes) {
            let out = check_ci(dir.path(), &["--quiet", "--fail-on", level, file]);
            assert_eq!(out.code, Some(want), "{file} --fail-on {level}: {out:?}");
        }
        // No flag: error.
        assert_eq!(
            check_ci(dir.path(), &["--quiet", file]).code,
            Some(codes[0]),
            "{file}"
        );
    }
}

#[test]
fn fail_on_from_the_config_file() {
    let dir = dir_with_files();
    for (level, want) in [("error", 0), ("warning", 0), ("info", 1), ("never", 0)] {
        write(dir.path(), "claimlint.yaml", format!("fail-on: {level}\n"));
        assert_eq!(
            check_ci(dir.path(), &["--quiet", "info.txt"]).code,
            Some(want),
            "{level}"
        );
    }
}

#[test]
fn baselined_findings_do_not_fail() {
    let dir = dir_with_files();
    let root = dir.path();
    assert_eq!(
        check_ci(
            root,
            &["--write-baseline", "b.json", "error.txt", "warning.txt"]
        )
        .code,
        Some(0)
    );
    for level in ["error", "warning", "info"] {
        let out = check_ci(
            root,
            &[
                "--quiet",
                "--baseline",
                "b.json",
                "--fail-on",
                level,
                "error.txt",
                "warning.txt",
            ],
        );
        assert_eq!(out.code, Some(0), "--fail-on {level}: {out:?}");
    }
    // info.txt is not in the baseline.
    let out = check_ci(
        root,
        &[
            "--quiet",
            "--baseline",
            "b.json",
            "--fail-on",
            "info",
            "error.txt",
            "info.txt",
        ],
    );
    assert_eq!(out.code, Some(1));
}

#[test]
fn errors_exit_2_and_other_files_are_still_checked() {
    let dir = dir_with_files();
    let out = check_ci(
        dir.path(),
        &["--format", "github", "missing.txt", "error.txt"],
    );
    assert_eq!(out.code, Some(2));
    assert!(out.stdout.contains("title=t.miracle"), "{out:?}");
    assert_eq!(
        check_ci(dir.path(), &["--fail-on", "sometimes", "error.txt"]).code,
        Some(2)
    );
}

#[test]
fn clean_file_exits_zero_and_still_appears_in_json() {
    let acme = fixture_arg("cli/acme.yaml");
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &acme,
        "--format",
        "json",
        &fixture_arg("cli/clean.txt"),
    ]);
    assert_eq!(o.code, Some(0));
    let v = o.json();
    assert_eq!(v["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        v["files"][0]["diagnostics"].as_array().map(Vec::len),
        Some(0)
    );
    assert_eq!(v["summary"]["diagnostics"], 0);
}

#[test]
fn fail_on_levels_set_the_exit_code() {
    let pack = fixture_arg("cli/broken-example.yaml"); // a warning-level rule
    let text_with_best = "The best clinic.";
    let code = |level: &str| {
        run_stdin(
            &[
                "check",
                "--no-default-rules",
                "--rules",
                &pack,
                "--fail-on",
                level,
            ],
            text_with_best,
        )
        .code
    };
    assert_eq!(code("error"), Some(0));
    assert_eq!(code("warning"), Some(1));
    assert_eq!(code("info"), Some(1));
    assert_eq!(code("never"), Some(0));
}

#[test]
fn missing_file_is_named_exit_two_and_others_are_still_reported() {
    let acme = fixture_arg("cli/acme.yaml");
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &acme,
        "--format",
        "json",
        "/nonexistent/claimlint-missing.txt",
        &fixture_arg("cli/claim.txt"),
    ]);
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("claimlint-missing.txt"), "{}", o.stderr);
    let v = o.json();
    assert_eq!(v["files"][0]["diagnostics"][0]["rule"], "acme.miracle");
}
