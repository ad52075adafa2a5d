//! The built binary: packs, exit codes, output formats, errors. Each test names the behaviour.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_claimlint");

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run claimlint: {e}"))
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    run_stdin_env(args, input, &[])
}

fn run_stdin_env(args: &[&str], input: &str, env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run claimlint: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn acme_pack_from_the_issue_loads_and_flags() {
    let acme = fixture("acme.yaml");
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &acme,
        "--format",
        "json",
        &fixture("claim.txt"),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
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
fn clean_file_exits_zero_and_still_appears_in_json() {
    let acme = fixture("acme.yaml");
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &acme,
        "--format",
        "json",
        &fixture("clean.txt"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        v["files"][0]["diagnostics"].as_array().map(Vec::len),
        Some(0)
    );
    assert_eq!(v["summary"]["diagnostics"], 0);
}

#[test]
fn json_start_end_are_byte_offsets_and_matched_is_that_slice() {
    let pack = fixture("cjk.yaml");
    let path = fixture("cjk.txt");
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &pack,
        "--format",
        "json",
        &path,
    ]);
    let v = json(&o);
    let d = &v["files"][0]["diagnostics"][0];
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (s, e) = (
        d["start"].as_u64().unwrap_or(0) as usize,
        d["end"].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(text.get(s..e), Some("ｶﾞﾝに効く奇跡"));
    assert_eq!(d["matched"], "ｶﾞﾝに効く奇跡");
    // Columns count characters: 当院の治療は is six characters, so the match starts at 7.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(7))
    );
    assert_eq!(d["end_column"].as_u64(), Some(15));
}

#[test]
fn fail_on_levels_set_the_exit_code() {
    let pack = fixture("broken-example.yaml"); // a warning-level rule
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
        .status
        .code()
    };
    assert_eq!(code("error"), Some(0));
    assert_eq!(code("warning"), Some(1));
    assert_eq!(code("info"), Some(1));
    assert_eq!(code("never"), Some(0));
}

#[test]
fn missing_file_is_named_exit_two_and_others_are_still_reported() {
    let acme = fixture("acme.yaml");
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &acme,
        "--format",
        "json",
        "/nonexistent/claimlint-missing.txt",
        &fixture("claim.txt"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("claimlint-missing.txt"),
        "{}",
        stderr(&o)
    );
    let v = json(&o);
    assert_eq!(v["files"][0]["diagnostics"][0]["rule"], "acme.miracle");
}

#[test]
fn stdin_is_read_with_dash_or_no_path() {
    let acme = fixture("acme.yaml");
    for args in [
        vec![
            "check",
            "--no-default-rules",
            "--rules",
            &acme,
            "--format",
            "json",
        ],
        vec![
            "check",
            "--no-default-rules",
            "--rules",
            &acme,
            "--format",
            "json",
            "-",
        ],
    ] {
        let o = run_stdin(&args, "A miracle treatment for all.");
        assert_eq!(o.status.code(), Some(1));
        let v = json(&o);
        assert_eq!(v["files"][0]["path"], "<stdin>");
        assert_eq!(
            v["files"][0]["diagnostics"][0]["matched"],
            "miracle treatment"
        );
    }
}

#[test]
fn malformed_pack_points_at_the_yaml_line_and_exits_two() {
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &fixture("bad-category.yaml"),
        &fixture("clean.txt"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad-category.yaml:5:"), "{err}");
    assert!(err.contains("unknown variant `miracles`"), "{err}");
}

#[test]
fn invalid_regex_names_the_line_of_the_regex() {
    // Run from the fixtures folder with a relative path, so that the message's length (and so any
    // wrapping) does not depend on where the repository was cloned.
    let o = Command::new(BIN)
        .args([
            "rules",
            "list",
            "--no-default-rules",
            "--rules",
            "bad-regex.yaml",
        ])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run claimlint: {e}"));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad-regex.yaml:18:"), "{err}");
    assert!(err.contains("invalid regex"), "{err}");
}

#[test]
fn rules_test_names_the_failing_rule_and_example() {
    let o = run(&[
        "rules",
        "test",
        "--no-default-rules",
        &fixture("broken-example.yaml"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
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
    let acme = fixture("acme.yaml");
    let o = run(&["rules", "list", "--no-default-rules", "--rules", &acme]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
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
    assert_eq!(e.status.code(), Some(0));
    assert!(stdout(&e).contains("A miracle cure for knees."));
    let missing = run(&[
        "explain",
        "no.such.rule",
        "--no-default-rules",
        "--rules",
        &acme,
    ]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn human_output_underlines_exactly_under_full_and_half_width_text() {
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &fixture("cjk.yaml"),
        &fixture("cjk.txt"),
    ]);
    let out = stdout(&o);
    assert!(
        !out.contains('\x1b'),
        "no colour when not a terminal: {out}"
    );
    assert!(out.contains("cjk.txt:2:7]"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let src_i = lines
        .iter()
        .position(|l| l.contains("当院の治療は"))
        .unwrap_or_else(|| panic!("{out}"));
    let src = lines[src_i];
    let under = lines[src_i + 1];
    let width = |s: &str| {
        s.chars()
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum::<usize>()
    };
    let prefix = src.find("ｶﾞﾝ").unwrap_or(0);
    let col = width(&src[..prefix]);
    let start = under.find('─').unwrap_or(0);
    assert_eq!(
        width(&under[..start]),
        col,
        "underline starts under ｶ:\n{src}\n{under}"
    );
    assert_eq!(
        under.matches(['─', '┬']).count(),
        width("ｶﾞﾝに効く奇跡"),
        "\n{src}\n{under}"
    );
    assert!(
        out.contains("1 file checked: 1 error, 0 warnings, 0 infos"),
        "{out}"
    );
}

#[test]
fn json_over_the_corpus_is_byte_identical_for_any_thread_count() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/synthetic");
    let corpus = corpus.to_string_lossy();
    let one = run(&[
        "check",
        "--format",
        "json",
        "-j",
        "1",
        "--no-progress",
        &corpus,
    ]);
    let two = run(&[
        "check",
        "--format",
        "json",
        "-j",
        "2",
        "--no-progress",
        &corpus,
    ]);
    assert_eq!(one.status.code(), Some(1), "{}", stderr(&one));
    assert!(one.stdout.len() > 10_000, "the corpus has findings");
    assert!(one.stdout == two.stdout, "-j1 and -j2 differ");
}

#[test]
fn a_path_without_the_check_subcommand_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("copy.txt");
    std::fs::write(&file, "This treatment cures diabetes.\n").unwrap();
    let f = file.to_str().unwrap();
    let implicit = run(&[f, "--format", "json"]);
    let explicit = run(&["check", f, "--format", "json"]);
    assert_eq!(implicit.status.code(), Some(1), "{}", stderr(&implicit));
    assert_eq!(stdout(&implicit), stdout(&explicit));
    // Not a path and not a subcommand: clap's own error, exit 2.
    let o = run(&["no-such-file.txt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unknown_rule_ids_and_config_keys_say_did_you_mean() {
    let o = run(&["explain", "ja.curative.cure-verbs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `ja.curative.cure-verb`?"),
        "{}",
        stderr(&o)
    );
    let dir = tempfile::tempdir().unwrap();
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
        assert_eq!(o.status.code(), Some(2), "{yaml}");
        assert!(stderr(&o).contains(want), "{yaml}: {}", stderr(&o));
    }
    let o = run(&["check", "--disable", "superlatve", file.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("did you mean `superlative`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn concise_format_is_one_line_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("copy.txt"),
        "Welcome.\nThis treatment cures diabetes.\n",
    )
    .unwrap();
    let o = Command::new(BIN)
        .args(["check", "--format", "concise", "copy.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("copy.txt:2:16: error en.curative."),
        "{out}"
    );
    assert!(lines[1].starts_with("claimlint: 1 files checked"), "{out}");
}

#[test]
fn color_always_colours_a_pipe_and_never_does_not() {
    let claim = fixture("claim.txt");
    let always = run(&["check", "--color", "always", &claim]);
    assert!(stdout(&always).contains("\x1b["), "{}", stdout(&always));
    let never = run(&["check", "--color", "never", &claim]);
    assert!(!stdout(&never).contains("\x1b["));
    // auto into a pipe: no colour.
    let auto = run(&["check", &claim]);
    assert!(!stdout(&auto).contains("\x1b["));
    assert_eq!(stdout(&never), stdout(&auto));
}

#[test]
fn stdin_filename_names_stdin_for_reports_kind_and_per_path_rules() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("claimlint.yaml");
    std::fs::write(
        &cfg,
        "per-path:\n  - paths: [\"legal/**\"]\n    disable: [curative-claim]\n",
    )
    .unwrap();
    let run_in = |args: &[&str], input: &str| {
        use std::io::Write;
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let claim = "This treatment cures diabetes.\n";
    let o = run_in(
        &[
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "site/a.txt",
        ],
        claim,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("site/a.txt:1:"), "{}", stdout(&o));
    let o = run_in(&["check", "--stdin-filename", "legal/a.txt", "-"], claim);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // The name decides the kind: in HTML a comment is not copy.
    let html = "<p>Welcome.</p><!-- This treatment cures diabetes. -->\n";
    let o = run_in(&["check", "--stdin-filename", "page.html"], html);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run_in(
        &["check", "--stdin-filename", "a.txt", "claimlint.yaml"],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--stdin-filename"), "{}", stderr(&o));
}

fn judge_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/judge")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn json_carries_the_document_voice_and_each_findings_voice_and_score() {
    let page = judge_fixture("clinic-page.txt");
    let out = run(&["check", "--format", "json", "--voice-threshold", "0", &page]);
    let doc = json(&out);
    let file = &doc["files"][0];
    let voice = file["voice"]["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&voice), "{file}");
    assert_eq!(file["voice"]["reporting"], false, "{file}");
    let diags = file["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        let v = d["voice"]
            .as_f64()
            .unwrap_or_else(|| panic!("no voice: {d}"));
        assert!((0.0..=1.0).contains(&v), "{d}");
        if let Some(s) = d["score"].as_f64() {
            assert!((0.0..=1.0).contains(&s), "{d}");
        }
    }
    assert!(diags.iter().any(|d| d["score"].is_f64()), "{diags:?}");
    // A gated page says so; rules alone carry no judge fields at all.
    let out = run(&["check", "--format", "json", "--voice-threshold", "1", &page]);
    let file = &json(&out)["files"][0];
    assert_eq!(file["voice"]["reporting"], true, "{file}");
    assert_eq!(file["diagnostics"].as_array().unwrap().len(), 0);
    let out = run(&["check", "--format", "json", "--judge", "off", &page]);
    let file = &json(&out)["files"][0];
    assert!(file.get("voice").is_none(), "{file}");
    for d in file["diagnostics"].as_array().unwrap() {
        assert!(d.get("voice").is_none() && d.get("score").is_none(), "{d}");
    }
}

#[test]
fn voice_explains_the_verdict_per_paragraph_with_the_weighing_ngrams() {
    let page = judge_fixture("clinic-page.txt");
    let out = run(&["voice", "--voice-threshold", "0", &page]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let head = text.lines().next().unwrap();
    assert!(head.contains("clinic-page.txt: voice 0."), "{text}");
    assert!(head.contains("advertiser: findings count"), "{text}");
    // One line per paragraph, then the n-grams either way.
    let paragraphs = std::fs::read_to_string(&page)
        .unwrap()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .count();
    let scored = text
        .lines()
        .filter(|l| l.starts_with("  0.") || l.starts_with("  1."))
        .count();
    assert_eq!(scored, paragraphs, "{text}");
    assert!(text.contains("towards advertiser: "), "{text}");
    assert!(text.contains("towards reporting: "), "{text}");
    let out = run(&["voice", "--voice-threshold", "1", &page]);
    assert!(stdout(&out).contains("reporting: findings are dropped"));
    // A short snippet is not judged; a missing file is named and exits 2, the rest is judged.
    let out = run_stdin(&["voice", "-"], "Cures everything.");
    assert!(stdout(&out).contains("not judged"), "{}", stdout(&out));
    let out = run(&["voice", "/no/such/file.txt", &page]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/no/such/file.txt"));
    assert!(stdout(&out).contains("clinic-page.txt: voice"));
}

/// `(rule, codes, references)` of the first file's findings in a JSON report.
fn findings_with_law(out: &Output) -> Vec<(String, Vec<String>, Vec<String>)> {
    let doc = json(out);
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                strings(&d["codes"]),
                strings(&d["references"]),
            )
        })
        .collect()
}

#[test]
fn jurisdictions_decide_the_law_shown_and_named_ones_drop_other_countries_rules() {
    let page = judge_fixture("clinic-page.txt");
    // English copy defaults to the US and the UK: no Japanese code or law is shown.
    let out = run(&["check", "--format", "json", "--judge", "off", &page]);
    assert_eq!(
        json(&out)["files"][0]["jurisdictions"],
        serde_json::json!(["us", "uk"])
    );
    let found = findings_with_law(&out);
    assert!(!found.is_empty());
    for (rule, codes, refs) in &found {
        assert!(!codes.is_empty(), "{rule}");
        assert!(
            codes
                .iter()
                .all(|c| c.starts_with("us-") || c.starts_with("uk-")),
            "{rule}: {codes:?}"
        );
        assert!(refs.iter().all(|r| !r.contains('法')), "{rule}: {refs:?}");
    }
    // A Japanese clinic's English page answers to Japanese law when the run says so.
    let out = run(&[
        "check",
        "--format",
        "json",
        "--judge",
        "off",
        "--jurisdiction",
        "jp",
        &page,
    ]);
    let jp = findings_with_law(&out);
    assert_eq!(jp.len(), found.len());
    for (rule, codes, refs) in &jp {
        assert!(
            codes.iter().all(|c| c.starts_with("mhlw:")),
            "{rule}: {codes:?}"
        );
        assert!(
            refs.iter()
                .all(|r| !r.contains("FTC") && !r.contains("CAP")),
            "{rule}: {refs:?}"
        );
    }
    // A rule that enforces no UK law goes when only the UK is named, stays by default.
    let text = "Ideal for people in a state of sub-health who feel tired all the time.\n";
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json", "--judge", "off"];
        all.extend_from_slice(args);
        let out = run_stdin(&all, text);
        findings_with_law(&out)
            .into_iter()
            .map(|(r, _, _)| r)
            .collect()
    };
    assert!(rules(&[]).contains(&"en.immunity.sub-health".to_string()));
    assert!(rules(&["--jurisdiction", "us,jp"]).contains(&"en.immunity.sub-health".to_string()));
    assert!(!rules(&["--jurisdiction", "uk"]).contains(&"en.immunity.sub-health".to_string()));
    let out = run(&["check", "--jurisdiction", "mars", &page]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`mars`"), "{}", stderr(&out));
}

#[test]
fn chinese_pages_default_to_taiwan_by_html_lang_or_traditional_script_else_china() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let hant = write(
        "tw.txt",
        "本院幹細胞療法可根治糖尿病，療效顯著，無任何副作用。\n",
    );
    let hans = write(
        "cn.txt",
        "本院干细胞疗法可根治糖尿病，疗效显著，无任何副作用。\n",
    );
    // Traditional text whose script alone would not tell: <html lang> decides.
    let html = write(
        "page.html",
        "<!doctype html><html lang=\"zh-Hant-TW\"><body><p>本院幹細胞療法可根治糖尿病。</p></body></html>\n",
    );
    let out = run(&[
        "check", "--format", "json", "--judge", "off", &hant, &hans, &html,
    ]);
    let doc = json(&out);
    let by_path = |name: &str| {
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    for (name, want, prefix) in [
        ("tw.txt", "tw", "tw-"),
        ("cn.txt", "cn", "cn-"),
        ("page.html", "tw", "tw-"),
    ] {
        let f = by_path(name);
        assert_eq!(f["language"], "zh", "{name}: {f}");
        assert_eq!(f["jurisdictions"], serde_json::json!([want]), "{name}");
        let diags = f["diagnostics"].as_array().unwrap();
        assert!(!diags.is_empty(), "{name}");
        for d in diags {
            for c in d["codes"].as_array().unwrap() {
                assert!(c.as_str().unwrap().starts_with(prefix), "{name}: {d}");
            }
        }
    }
}

#[test]
fn the_config_names_jurisdictions_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("claimlint.yaml"), "jurisdictions: [jp]\n").unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Our stem cell therapy cures arthritis.\n",
    )
    .unwrap();
    let run_in = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run_in(&["check", "--format", "json", "--judge", "off", "a.txt"]);
    assert_eq!(
        json(&out)["files"][0]["jurisdictions"],
        serde_json::json!(["jp"])
    );
    let out = run_in(&[
        "check",
        "--format",
        "json",
        "--judge",
        "off",
        "--jurisdiction",
        "us",
        "a.txt",
    ]);
    assert_eq!(
        json(&out)["files"][0]["jurisdictions"],
        serde_json::json!(["us"])
    );
    let out = run_in(&["config", "show"]);
    assert!(
        stdout(&out).contains("jurisdictions:\n- jp"),
        "{}",
        stdout(&out)
    );
    std::fs::write(
        dir.path().join("claimlint.yaml"),
        "jurisdictions: [jp, xx]\n",
    )
    .unwrap();
    let out = run_in(&["check", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("claimlint.yaml") && err.contains("`xx`"),
        "{err}"
    );
}

#[test]
fn human_output_wraps_messages_and_notes_to_the_width() {
    let run_cols = |cols: &str| {
        stdout(&run_stdin_env(
            &["check", "--judge", "off", "-"],
            "当院の幹細胞点滴でがんが完治します。\n",
            &[("COLUMNS", cols), ("NO_COLOR", "1")],
        ))
    };
    let cells = |l: &str| {
        l.chars()
            .map(|c| {
                // East Asian wide and full-width ranges, as terminals draw them.
                let u = c as u32;
                let wide = [
                    (0x1100, 0x115F),
                    (0x2E80, 0xA4CF),
                    (0xAC00, 0xD7A3),
                    (0xF900, 0xFAFF),
                    (0xFE30, 0xFE4F),
                    (0xFF00, 0xFF60),
                    (0xFFE0, 0xFFE6),
                ]
                .iter()
                .any(|&(a, b)| (a..=b).contains(&u));
                if wide {
                    2
                } else {
                    1
                }
            })
            .sum::<usize>()
    };
    let narrow = run_cols("50");
    let prose: Vec<&str> = narrow
        .lines()
        .filter(|l| !l.contains('│') && !l.contains('·') && !l.contains('╭'))
        .collect();
    assert!(prose.iter().all(|l| cells(l) <= 50), "{narrow}");
    let wide = run_cols("400");
    assert!(
        narrow.lines().count() > wide.lines().count() + 8,
        "{narrow}\n{wide}"
    );
    // Nothing is lost: the same words, only broken differently.
    let words = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(words(&narrow), words(&wide));
}
