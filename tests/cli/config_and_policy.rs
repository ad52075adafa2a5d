//! Config files: discovery (nearest wins, walking up), precedence (CLI over file), located
//! errors with did-you-mean, severity, packs, ignore, per-path, languages, the judge setting,
//! `config show`, and the pre-commit hooks.

use crate::common::*;

// Config files: discovery (nearest wins, walking up), precedence (CLI over file), located
// errors, severity, packs, ignore, per-path, languages, and `config show`.

const BODY: &str = "A miracle cure.\nThe best clinic.\nno side effects\n";

#[test]
fn the_nearest_config_wins_walking_up() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "claimlint.yaml", "rules:\n  disable: [t.best]\n");
    write(
        root,
        "sub/.claimlint.yaml",
        "rules:\n  disable: [t.miracle]\n",
    );
    write(root, "sub/deeper/a.txt", BODY);
    write(root, "a.txt", BODY);
    // From sub/deeper, sub/.claimlint.yaml is the nearest: t.miracle off, t.best on.
    let out = check_ci(&root.join("sub/deeper"), &["--format", "github", "a.txt"]);
    assert_eq!(
        annotated_rules(&out.stdout),
        ["t.best", "t.safe"],
        "{out:?}"
    );
    // From the root, the root config applies.
    let out = check_ci(root, &["--format", "github", "a.txt"]);
    assert_eq!(
        annotated_rules(&out.stdout),
        ["t.miracle", "t.safe"],
        "{out:?}"
    );
    // From a directory with no config of its own, the search walks up to the root one.
    std::fs::create_dir_all(root.join("other/x")).unwrap();
    write(root, "other/x/a.txt", BODY);
    let out = check_ci(&root.join("other/x"), &["--format", "github", "a.txt"]);
    assert_eq!(
        annotated_rules(&out.stdout),
        ["t.miracle", "t.safe"],
        "{out:?}"
    );
}

#[test]
fn config_flag_names_a_file_and_no_config_ignores_them() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "claimlint.yaml", "rules:\n  disable: [t.best]\n");
    write(
        root,
        "ci/strict.yaml",
        "rules:\n  disable: [all]\n  enable: [t.safe]\n",
    );
    write(root, "a.txt", BODY);
    let out = check_ci(
        root,
        &["--format", "github", "--config", "ci/strict.yaml", "a.txt"],
    );
    assert_eq!(annotated_rules(&out.stdout), ["t.safe"], "{out:?}");
    let out = check_ci(root, &["--format", "github", "--no-config", "a.txt"]);
    assert_eq!(
        annotated_rules(&out.stdout),
        ["t.miracle", "t.best", "t.safe"]
    );
    let out = check_ci(root, &["--config", "missing.yaml", "a.txt"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("missing.yaml"), "{}", out.stderr);
}

#[test]
fn command_line_overrides_the_file() {
    let dir = tempdir();
    let root = dir.path();
    write(
        root,
        "claimlint.yaml",
        "rules:\n  disable: [t.best, superlative]\nfail-on: never\n",
    );
    write(root, "a.txt", BODY);
    let out = check_ci(root, &["--format", "github", "a.txt"]);
    assert_eq!(annotated_rules(&out.stdout), ["t.miracle", "t.safe"]);
    assert_eq!(out.code, Some(0), "fail-on: never from the file");
    let out = check_ci(
        root,
        &[
            "--format",
            "github",
            "--enable",
            "t.best",
            "--fail-on",
            "error",
            "a.txt",
        ],
    );
    assert_eq!(
        annotated_rules(&out.stdout),
        ["t.miracle", "t.best", "t.safe"]
    );
    assert_eq!(out.code, Some(1), "--fail-on error beats the file's never");
    // A CLI category disable beats a file rule enable.
    write(root, "claimlint.yaml", "rules:\n  enable: [t.miracle]\n");
    let out = check_ci(
        root,
        &["--format", "github", "--disable", "curative-claim", "a.txt"],
    );
    assert_eq!(annotated_rules(&out.stdout), ["t.best", "t.safe"]);
}

#[test]
fn the_most_specific_selector_wins_in_the_file() {
    let dir = tempdir();
    let root = dir.path();
    write(
        root,
        "claimlint.yaml",
        "rules:\n  disable: [all]\n  enable: [superlative]\n",
    );
    write(root, "a.txt", BODY);
    let out = check_ci(root, &["--format", "github", "a.txt"]);
    assert_eq!(annotated_rules(&out.stdout), ["t.best"]);
}

#[test]
fn unknown_keys_are_errors_at_their_line() {
    let dir = tempdir();
    let root = dir.path();
    write(
        root,
        "claimlint.yaml",
        "rules:\n  disable: [t.best]\nfail_on: error\n",
    );
    write(root, "a.txt", BODY);
    let out = check_ci(root, &["a.txt"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("claimlint.yaml:3:"), "{}", out.stderr);
    assert!(out.stderr.contains("fail_on"), "{}", out.stderr);
    assert!(
        out.stdout.is_empty(),
        "nothing is checked with a broken config"
    );
    // Nested sections reject unknown keys too.
    write(
        root,
        "claimlint.yaml",
        "severity: {}\nrules:\n  disabled: [t.best]\n",
    );
    let out = check_ci(root, &["a.txt"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("claimlint.yaml:3:"), "{}", out.stderr);
}

#[test]
fn unknown_rules_and_categories_are_errors_at_their_line() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", BODY);
    write(
        root,
        "claimlint.yaml",
        "# team config\nseverity:\n  superlative: error\n  t.nope: warning\n",
    );
    let out = check_ci(root, &["a.txt"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("claimlint.yaml:4:"), "{}", out.stderr);
    assert!(
        out.stderr.contains("unknown rule or category `t.nope`"),
        "{}",
        out.stderr
    );
    write(
        root,
        "claimlint.yaml",
        "per-path:\n  - paths: [\"*.txt\"]\n    disable: [superlatives]\n",
    );
    let out = check_ci(root, &["a.txt"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("claimlint.yaml:3:"), "{}", out.stderr);
    let out = check_ci(root, &["--no-config", "--disable", "t.nope", "a.txt"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("t.nope"), "{}", out.stderr);
}

#[test]
fn severity_overrides_change_levels_and_off_disables() {
    let dir = tempdir();
    let root = dir.path();
    write(
        root,
        "claimlint.yaml",
        "severity:\n  superlative: error\n  curative-claim: info\n  t.miracle: warning\n  t.safe: off\n",
    );
    write(root, "a.txt", BODY);
    let out = check_ci(root, &["--format", "github", "a.txt"]);
    let lines: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    // The rule id beats its category.
    assert!(lines[0].starts_with("::warning ") && lines[0].contains("title=t.miracle"));
    assert!(lines[1].starts_with("::error ") && lines[1].contains("title=t.best"));
}

#[test]
fn packs_are_relative_to_the_config_file() {
    let dir = tempdir();
    let root = dir.path();
    std::fs::create_dir_all(root.join("rules")).unwrap();
    std::fs::copy(fixture_arg("ci/pack.yaml"), root.join("rules/pack.yaml")).unwrap();
    write(
        root,
        "claimlint.yaml",
        "no-default-rules: true\npacks: [rules/pack.yaml]\n",
    );
    write(root, "docs/a.txt", BODY);
    let out = run_in(
        &root.join("docs"),
        &["check", "--format", "github", "a.txt"],
    );
    assert_eq!(
        annotated_rules(&out.stdout),
        ["t.miracle", "t.best", "t.safe"],
        "{out:?}"
    );
}

#[test]
fn a_missing_config_pack_points_at_the_config_line() {
    let dir = tempdir();
    let root = dir.path();
    write(
        root,
        "claimlint.yaml",
        "# site config\nno-default-rules: true\npacks:\n  - rules/gone.yaml\n",
    );
    write(root, "a.txt", BODY);
    let out = run_in(root, &["check", "a.txt"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("claimlint.yaml:4:5: pack `rules/gone.yaml`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("No such file"), "{}", out.stderr);
}

#[test]
fn ignore_and_per_path_globs() {
    let dir = tempdir();
    let root = dir.path();
    write(
        root,
        "claimlint.yaml",
        "ignore: [\"drafts/**\", \"*.bak\"]\nper-path:\n  - paths: [\"legal/*.txt\"]\n    disable: [superlative, t.safe]\n",
    );
    write(root, "drafts/x.txt", BODY);
    write(root, "site/old.bak", BODY);
    write(root, "legal/terms.txt", BODY);
    write(root, "legal/deep/terms.txt", BODY);
    write(root, "site/a.txt", BODY);
    let out = check_ci(root, &["--format", "json", "."]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let files: Vec<(&str, Vec<&str>)> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] != "./claimlint.yaml")
        .map(|f| {
            let rules = f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap())
                .collect();
            (f["path"].as_str().unwrap(), rules)
        })
        .collect();
    assert_eq!(
        files,
        [
            (
                "./legal/deep/terms.txt",
                vec!["t.miracle", "t.best", "t.safe"]
            ),
            ("./legal/terms.txt", vec!["t.miracle"]),
            ("./site/a.txt", vec!["t.miracle", "t.best", "t.safe"]),
        ]
    );
    // Files named on the command line are ignored too (pre-commit passes file names).
    let out = check_ci(root, &["--format", "github", "drafts/x.txt"]);
    assert!(annotated(&out.stdout).is_empty(), "{out:?}");
}

#[test]
fn languages_restrict_the_rules() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", "がんが完治します。\n\nA miracle cure.\n");
    write(root, "claimlint.yaml", "languages: [ja]\n");
    let out = check_ci(root, &["--format", "github", "a.txt"]);
    assert_eq!(annotated_rules(&out.stdout), ["t.kanzen"]);
    write(root, "claimlint.yaml", "languages: [en]\n");
    let out = check_ci(root, &["--format", "github", "a.txt"]);
    assert_eq!(annotated_rules(&out.stdout), ["t.miracle"]);
}

#[test]
fn config_show_prints_effective_settings_and_their_file() {
    let dir = tempdir();
    let root = dir.path();
    write(
        root,
        "claimlint.yaml",
        "rules:\n  disable: [t.best]\nfail-on: warning\n",
    );
    std::fs::create_dir_all(root.join("sub")).unwrap();
    let p = fixture_arg("ci/pack.yaml");
    let out = run_in(
        &root.join("sub"),
        &[
            "config",
            "show",
            "--no-default-rules",
            "--rules",
            &p,
            "--fail-on",
            "info",
        ],
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    let first = out.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("# config file: ") && first.ends_with("claimlint.yaml"),
        "{first}"
    );
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&out.stdout).unwrap();
    assert_eq!(yaml["fail-on"], "info", "the command line wins");
    assert_eq!(yaml["rules"]["disable"][0], "t.best");
    assert_eq!(yaml["no-default-rules"], true);
    assert!(yaml["packs"][0].as_str().unwrap().ends_with("pack.yaml"));
    let out = run_in(
        &root.join("sub"),
        &["config", "show", "--no-config", "--no-default-rules"],
    );
    assert!(
        out.stdout.starts_with("# no config file found"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("fail-on: error"));
}

#[test]
fn pre_commit_hooks_run_check_on_copy_files() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    let hooks: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let hook = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "claimlint")
        .expect("a hook with id claimlint");
    assert_eq!(hook["entry"], "claimlint check");
    assert!(hook["language"] == "rust" || hook["language"] == "system");
    assert_eq!(hook["types"][0], "text");
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for name in ["a.md", "site/b.html", "c.htm", "notes.txt"] {
        assert!(files.is_match(name), "{name}");
    }
    // The hook passes the same file types a directory walk checks by default.
    for (_, exts) in claimlint::walk::DEFAULT_TYPES {
        for ext in exts {
            assert!(files.is_match(&format!("x.{ext}")), "{ext}");
        }
    }
    for name in ["main.rs", "page.html.bak", "data.json"] {
        assert!(!files.is_match(name), "{name}");
    }
}

/// A page long enough for the voice gate (pages under 400 bytes are never gated), with three
/// claims the CI pack flags.
fn gated_page() -> String {
    let mut text = String::from(BODY);
    while text.len() < 600 {
        text.push_str("Our team welcomes you to the clinic every weekday morning.\n");
    }
    text
}

#[test]
fn the_judge_is_set_by_config_and_command_line_with_the_command_line_winning() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", gated_page());
    let all = ["t.miracle", "t.best", "t.safe"];
    // Threshold 0 keeps every page, 1 gates every page: what the model says does not matter.
    let out = check_ci(
        root,
        &["--format", "github", "--voice-threshold", "0", "a.txt"],
    );
    assert_eq!(annotated_rules(&out.stdout), all, "{out:?}");
    let out = check_ci(
        root,
        &["--format", "github", "--voice-threshold", "1", "a.txt"],
    );
    assert!(annotated_rules(&out.stdout).is_empty(), "{out:?}");
    assert_eq!(out.code, Some(0), "{out:?}");
    // `--judge off` is rules alone: no gate, whatever the threshold.
    let out = check_ci(
        root,
        &[
            "--format",
            "github",
            "--judge",
            "off",
            "--voice-threshold",
            "1",
            "a.txt",
        ],
    );
    assert_eq!(annotated_rules(&out.stdout), all, "{out:?}");

    // The same from the config file, and the command line over it.
    write(root, "claimlint.yaml", "judge:\n  voice-threshold: 1\n");
    let out = check_ci(root, &["--format", "github", "a.txt"]);
    assert!(annotated_rules(&out.stdout).is_empty(), "{out:?}");
    let out = check_ci(
        root,
        &["--format", "github", "--voice-threshold", "0", "a.txt"],
    );
    assert_eq!(annotated_rules(&out.stdout), all, "{out:?}");
    write(
        root,
        "claimlint.yaml",
        "judge:\n  mode: off\n  voice-threshold: 1\n",
    );
    let out = check_ci(root, &["--format", "github", "a.txt"]);
    assert_eq!(annotated_rules(&out.stdout), all, "{out:?}");
    let out = check_ci(root, &["--format", "github", "--judge", "gate", "a.txt"]);
    assert!(annotated_rules(&out.stdout).is_empty(), "{out:?}");
    let out = run_in(root, &["config", "show", "--judge", "gate"]);
    assert!(
        out.stdout
            .contains("judge:\n  mode: gate\n  voice-threshold: 1"),
        "{out:?}"
    );
}

#[test]
fn a_bad_judge_setting_is_an_error_that_names_it() {
    let dir = tempdir();
    let root = dir.path();
    write(root, "a.txt", BODY);
    let out = check_ci(root, &["--voice-threshold", "1.5", "a.txt"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("from 0 to 1"), "{out:?}");
    let out = check_ci(root, &["--judge", "strict", "a.txt"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    write(root, "claimlint.yaml", "judge:\n  voice-threshold: -0.5\n");
    let out = check_ci(root, &["a.txt"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("claimlint.yaml:"), "{out:?}");
    assert!(out.stderr.contains("from 0 to 1"), "{out:?}");
    write(root, "claimlint.yaml", "judge:\n  mood: off\n");
    let out = check_ci(root, &["a.txt"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("mood"), "{out:?}");
}

#[test]
fn unknown_rule_ids_and_config_keys_say_did_you_mean() {
    let o = run(&["explain", "ja.curative.cure-verbs"]);
    assert_eq!(o.code, Some(2));
    assert!(
        o.stderr.contains("did you mean `ja.curative.cure-verb`?"),
        "{}",
        o.stderr
    );
    let dir = tempdir();
    let file = dir.path().join("copy.txt");
    std::fs::write(&file, "Hello.\n").unwrap();
    let cfg = dir.path().join("claimlint.yaml");
    for (yaml, want) in [
        ("fial-on: warning\n", "did you mean `fail-on`?"),
        (
            "rules:\n  disable: [curative-claims]\n",
            "did you mean `curative-claim`?",
        ),
        (
            "severity:\n  superlatve: warning\n",
            "did you mean `superlative`?",
        ),
    ] {
        std::fs::write(&cfg, yaml).unwrap();
        let o = run(&[
            "check",
            "--config",
            cfg.to_str().unwrap(),
            file.to_str().unwrap(),
        ]);
        assert_eq!(o.code, Some(2), "{yaml}");
        assert!(o.stderr.contains(want), "{yaml}: {}", o.stderr);
    }
    let o = run(&["check", "--disable", "superlatve", file.to_str().unwrap()]);
    assert!(
        o.stderr.contains("did you mean `superlative`?"),
        "{}",
        o.stderr
    );
}
