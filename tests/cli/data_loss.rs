//! Outputs never overwrite what a run reads (issue 17): each test is named after what broke.

use crate::common::*;

const PAGE: &str = "A miracle cure.\n\nThe best clinic.\n";

fn read(p: &std::path::Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn write_baseline_named_as_an_input_is_refused_not_dropped_and_overwritten() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    write(root, "b.txt", PAGE);
    let out = check_ci(root, &["--write-baseline", "a.txt", "a.txt", "b.txt"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("--write-baseline a.txt is one of the files being checked"),
        "{}",
        out.stderr
    );
    assert_eq!(read(&root.join("a.txt")), PAGE);
}

#[test]
fn write_baseline_over_the_rule_pack_is_refused() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    std::fs::copy(fixture_arg("ci/pack.yaml"), root.join("pack.yaml")).unwrap();
    let before = read(&root.join("pack.yaml"));
    let out = run_in(
        root,
        &[
            "check",
            "--no-default-rules",
            "--rules",
            "pack.yaml",
            "--write-baseline",
            "pack.yaml",
            "a.txt",
        ],
    );
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("is a rule pack"), "{}", out.stderr);
    assert_eq!(read(&root.join("pack.yaml")), before);
}

#[cfg(unix)]
#[test]
fn output_through_a_hard_link_to_an_input_is_refused() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    std::fs::hard_link(root.join("a.txt"), root.join("h.txt")).unwrap();
    let out = check_ci(root, &["-o", "h.txt", "a.txt"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("one of the files being checked (a.txt)"),
        "{}",
        out.stderr
    );
    assert_eq!(read(&root.join("a.txt")), PAGE);
}

#[test]
fn output_over_a_pack_the_config_or_the_files_from_list_is_refused() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "site/a.txt", PAGE);
    std::fs::copy(fixture_arg("ci/pack.yaml"), root.join("pack.yaml")).unwrap();
    std::fs::copy(fixture_arg("ci/pack.yaml"), root.join("cfgpack.yaml")).unwrap();
    let config = "no-default-rules: true\npacks: [cfgpack.yaml]\n";
    write(root, "claimlint.yaml", config);
    write(root, "list.txt", "site/a.txt\n");
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &[
                "--no-config",
                "--no-default-rules",
                "--rules",
                "pack.yaml",
                "-o",
                "pack.yaml",
                "site",
            ],
            "pack.yaml",
            "is a rule pack",
        ),
        (
            &["-o", "claimlint.yaml", "site"],
            "claimlint.yaml",
            "is the config file",
        ),
        (
            &["-o", "cfgpack.yaml", "site"],
            "cfgpack.yaml",
            "is a rule pack",
        ),
        (
            &["--files-from", "list.txt", "-o", "list.txt"],
            "list.txt",
            "is the --files-from list",
        ),
    ];
    for (args, file, message) in cases {
        let before = read(&root.join(file));
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        let out = run_in(root, &all);
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
        assert_eq!(read(&root.join(file)), before, "{args:?}");
    }
}

#[test]
fn output_and_write_baseline_naming_one_file_is_refused() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", PAGE);
    let out = check_ci(
        root,
        &["-o", "x.json", "--write-baseline", "./x.json", "a.txt"],
    );
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("also the file of"), "{}", out.stderr);
    assert!(!root.join("x.json").exists());
}

#[test]
fn write_baseline_over_a_walked_page_is_refused_but_an_old_baseline_is_replaced() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "site/a.txt", PAGE);
    write(root, "site/b.txt", PAGE);
    let out = check_ci(root, &["--write-baseline", "site/b.txt", "site"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert_eq!(read(&root.join("site/b.txt")), PAGE);
    // A baseline from an earlier run lying in the tree is neither checked nor refused.
    assert_eq!(
        check_ci(root, &["--write-baseline", "site/bl.json", "site"]).code,
        Some(0)
    );
    let first = read(&root.join("site/bl.json"));
    let out = check_ci(root, &["--write-baseline", "site/bl.json", "site"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(read(&root.join("site/bl.json")), first);
}

#[test]
fn reports_are_replaced_atomically_and_leave_no_temporary_file() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "site/a.txt", PAGE);
    write(root, "out/report.json", "old report");
    let out = check_ci(root, &["--format", "json", "-o", "out/report.json", "site"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let report = read(&root.join("out/report.json"));
    assert!(
        report.starts_with('{') && report.ends_with("}\n"),
        "{report}"
    );
    let names: Vec<_> = std::fs::read_dir(root.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["report.json"]);
}

#[cfg(unix)]
#[test]
fn a_killed_run_leaves_the_old_report_whole() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "out/report.json", "old report");
    // A FIFO nobody writes to: the run blocks reading its input, then is killed.
    let made = std::process::Command::new("mkfifo")
        .arg(root.join("page.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let mut child = command()
        .current_dir(root)
        .args([
            "check",
            "--no-default-rules",
            "--rules",
            &fixture_arg("ci/pack.yaml"),
        ])
        .args(["--format", "json", "-o", "out/report.json", "page.txt"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(read(&root.join("out/report.json")), "old report");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(read(&root.join("out/report.json")), "old report");
}
