//! Exit codes for every --fail-on level, with and without findings, after baselines and
//! suppressions: 0 = nothing at or above the level, 1 = something, 2 = usage or I/O error.

mod ci_common;
use ci_common::{check, write};

fn dir_with_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
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
            let out = check(dir.path(), &["--quiet", "--fail-on", level, file]);
            assert_eq!(out.code, want, "{file} --fail-on {level}: {out:?}");
        }
        // No flag: error.
        assert_eq!(
            check(dir.path(), &["--quiet", file]).code,
            codes[0],
            "{file}"
        );
    }
}

#[test]
fn fail_on_from_the_config_file() {
    let dir = dir_with_files();
    for (level, want) in [("error", 0), ("warning", 0), ("info", 1), ("never", 0)] {
        write(dir.path(), "claimlint.yaml", &format!("fail-on: {level}\n"));
        assert_eq!(
            check(dir.path(), &["--quiet", "info.txt"]).code,
            want,
            "{level}"
        );
    }
}

#[test]
fn baselined_findings_do_not_fail() {
    let dir = dir_with_files();
    let root = dir.path();
    assert_eq!(
        check(
            root,
            &["--write-baseline", "b.json", "error.txt", "warning.txt"]
        )
        .code,
        0
    );
    for level in ["error", "warning", "info"] {
        let out = check(
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
        assert_eq!(out.code, 0, "--fail-on {level}: {out:?}");
    }
    // info.txt is not in the baseline.
    let out = check(
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
    assert_eq!(out.code, 1);
}

#[test]
fn errors_exit_2_and_other_files_are_still_checked() {
    let dir = dir_with_files();
    let out = check(
        dir.path(),
        &["--format", "github", "missing.txt", "error.txt"],
    );
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("title=t.miracle"), "{out:?}");
    assert_eq!(
        check(dir.path(), &["--fail-on", "sometimes", "error.txt"]).code,
        2
    );
}
