//! Rule packs through the CLI: an extra pack loads and flags; a malformed pack or regex is
//! located at its line; `rules test`, `rules list`, `rules profile` and `explain`.

use crate::common::*;

#[test]
fn acme_pack_from_the_issue_loads_and_flags() {
    let acme = fixture_arg("cli/acme.yaml");
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &acme,
        "--format",
        "json",
        &fixture_arg("cli/claim.txt"),
    ]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    let v = o.json();
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "acme.miracle");
    assert_eq!(d["matched"], "miracle cure");
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], 21);
    assert_eq!(d["end_column"], 33);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["tool"]["packs"][0]["name"], "acme-extra");
}

#[test]
fn malformed_pack_points_at_the_yaml_line_and_exits_two() {
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &fixture_arg("cli/bad-category.yaml"),
        &fixture_arg("cli/clean.txt"),
    ]);
    assert_eq!(o.code, Some(2));
    let err = o.stderr;
    assert!(err.contains("bad-category.yaml:5:"), "{err}");
    assert!(err.contains("unknown variant `miracles`"), "{err}");
}

#[test]
fn invalid_regex_names_the_line_of_the_regex() {
    // Run from the fixtures folder with a relative path, so that the message's length (and so any
    // wrapping) does not depend on where the repository was cloned.
    let o = run_in(
        &fixture("cli"),
        &[
            "rules",
            "list",
            "--no-default-rules",
            "--rules",
            "bad-regex.yaml",
        ],
    );
    assert_eq!(o.code, Some(2));
    let err = o.stderr;
    assert!(err.contains("bad-regex.yaml:18:"), "{err}");
    assert!(err.contains("invalid regex"), "{err}");
}

#[test]
fn rules_test_names_the_failing_rule_and_example() {
    let o = run(&[
        "rules",
        "test",
        "--no-default-rules",
        &fixture_arg("cli/broken-example.yaml"),
    ]);
    assert_eq!(o.code, Some(1));
    let out = o.stdout;
    assert!(
        out.contains("FAIL broken.rule: expected a finding in flag example: The finest clinic."),
        "{out}"
    );
    assert!(
        out.contains(
            "FAIL broken.rule: unexpected finding `best` in pass example: The best clinic."
        ),
        "{out}"
    );
    assert!(out.contains("0 passed, 2 failed"), "{out}");
}

#[test]
fn rules_list_and_explain_describe_rules() {
    let acme = fixture_arg("cli/acme.yaml");
    let o = run(&["rules", "list", "--no-default-rules", "--rules", &acme]);
    assert_eq!(o.code, Some(0));
    let out = o.stdout;
    assert!(
        out.contains("acme.miracle") && out.contains("curative-claim") && out.contains("error"),
        "{out}"
    );
    let e = run(&[
        "explain",
        "acme.miracle",
        "--no-default-rules",
        "--rules",
        &acme,
    ]);
    assert_eq!(e.code, Some(0));
    assert!(e.stdout.contains("A miracle cure for knees."));
    let missing = run(&[
        "explain",
        "no.such.rule",
        "--no-default-rules",
        "--rules",
        &acme,
    ]);
    assert_eq!(missing.code, Some(2));
}

/// `rules profile` lists the rules by how many bytes their regexes read, and a file it cannot
/// read is reported (exit 2) while the others are still profiled.
#[test]
fn rules_profile_lists_what_each_rule_reads() {
    let acme = fixture_arg("cli/acme.yaml");
    let dir = tempdir();
    // `miracle\s+treatment` needs the literal "miracle", and every match starts with it: it is
    // searched from each "miracle" to the end of its sentence, and nowhere else.
    write(
        dir.path(),
        "sample.txt",
        "A miracle treatment.\n\nNothing to see here at all.\n\nAnother miracle.\n",
    );
    let sample = dir.path().join("sample.txt");
    let args = |extra: &[&str]| {
        let mut a = vec!["rules", "profile", "--no-default-rules", "--rules", &acme];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let o = cmd(args(&["--rounds", "1", &sample.to_string_lossy()])).run();
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(
        o.stdout.contains("bytes of text in 1 files"),
        "{}",
        o.stdout
    );
    let row = o
        .stdout
        .lines()
        .find(|l| l.ends_with("acme.miracle"))
        .unwrap_or_else(|| panic!("{}", o.stdout));
    let bytes = "miracle treatment.".len() + "miracle.".len();
    assert!(
        row.split_whitespace().any(|f| f == bytes.to_string()),
        "{row}"
    );
    let missing = dir.path().join("missing.txt");
    let o = cmd(args(&[
        &sample.to_string_lossy(),
        &missing.to_string_lossy(),
    ]))
    .run();
    assert_eq!(o.code, Some(2));
    assert!(o.stdout.contains("acme.miracle"), "{}", o.stdout);
    assert!(o.stderr.contains("missing.txt"), "{}", o.stderr);
    let o = cmd(args(&[&missing.to_string_lossy()])).run();
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("no readable file"), "{}", o.stderr);
}
