//! Bad rule packs through the CLI: each is refused with an error naming the pack's file and
//! line and a clear message, exit 2, never a panic; regexes stay linear; huge packs load fast.

mod common;

use common::{run_limited, Out};
use std::fs;
use std::path::Path;
use std::time::Duration;

const RULE_HEAD: &str = "pack: hostile
version: \"1\"
rules:
  - id: h.rule
    category: curative-claim
    severity: error
    message: m
";

/// Writes `pack` as `name` in `dir` and checks `cure` on stdin with it.
fn with_pack(dir: &Path, name: &str, pack: &[u8]) -> Out {
    let path = dir.join(name);
    fs::write(&path, pack).unwrap();
    run_limited(
        &[
            "check",
            "--no-default-rules",
            "--rules",
            path.to_str().unwrap(),
            "-",
        ],
        Some(b"cure\n"),
        Duration::from_secs(60),
    )
}

/// Asserts the run was refused (exit 2) with `located` (`file:line:column: message`) on stderr.
fn assert_refused(run: &Out, located: &str) {
    assert_eq!(run.code, Some(2), "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty(), "checked anyway: {}", run.stdout);
    // miette wraps long messages; compare with the wrapping undone.
    let unwrapped = run.unwrapped_stderr();
    assert!(
        unwrapped.contains(located),
        "expected `{located}` in:\n{}",
        run.stderr
    );
}

fn refused(name: &str, pack: &str, located: &str) {
    let dir = tempfile::tempdir().unwrap();
    let run = with_pack(dir.path(), name, pack.as_bytes());
    assert_refused(&run, located);
}

#[test]
fn invalid_regex() {
    refused(
        "bad-regex.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [cure]}}\n      - {{kind: regex, regex: '完治(?:する'}}\n"),
        "bad-regex.yaml:10:30: invalid regex: regex parse error:",
    );
    // In a context entry too.
    refused(
        "bad-context-regex.yaml",
        "pack: hostile\nversion: \"1\"\ncontexts:\n  neg:\n    - {regex: '[z-a]'}\n",
        "bad-context-regex.yaml:5:15: invalid regex",
    );
}

#[test]
fn unicode_word_boundary_is_refused() {
    refused(
        "word.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: regex, regex: 'x|\\bcure\\b'}}\n"),
        "word.yaml:9:30: regex uses a Unicode word boundary (\\b or \\B)",
    );
    refused(
        "word-neg.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: regex, regex: '(?:cure)+\\B'}}\n"),
        "word-neg.yaml:9:30: regex uses a Unicode word boundary",
    );
}

#[test]
fn catastrophic_backtracking_pattern_stays_linear() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("redos.yaml");
    fs::write(
        &pack,
        format!("{RULE_HEAD}    patterns:\n      - {{kind: regex, regex: '(a+)+$'}}\n      - {{kind: regex, regex: '(x+x+)+y'}}\n"),
    )
    .unwrap();
    // 100 KB of 'a' then '!': a backtracking engine takes exponential time on `(a+)+$`.
    let mut text = "a".repeat(100_000);
    text.push('!');
    text.push('\n');
    text.push_str(&"x".repeat(100_000));
    let run = run_limited(
        &[
            "check",
            "--no-default-rules",
            "--rules",
            pack.to_str().unwrap(),
            // Forced, so the regexes run whatever the detector makes of a line of a's.
            "--lang",
            "en",
            "--format",
            "json",
            "-",
        ],
        Some(text.as_bytes()),
        Duration::from_secs(60),
    );
    eprintln!("(a+)+$ over 100 KB: {:.2?}", run.elapsed);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.json()["summary"]["diagnostics"], 0);
    // Generous for a debug build on a busy machine; a backtracking engine would not finish.
    assert!(run.elapsed < Duration::from_secs(20), "{:?}", run.elapsed);

    // And it still matches where it should: at the end of a sentence of a's.
    let run = run_limited(
        &[
            "check",
            "--no-default-rules",
            "--rules",
            pack.to_str().unwrap(),
            // Forced, so the regexes run whatever the detector makes of a line of a's.
            "--lang",
            "en",
            "--format",
            "json",
            "-",
        ],
        Some(b"aaaa\n"),
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.json()["files"][0]["diagnostics"][0]["matched"], "aaaa");
}

#[test]
fn fifty_thousand_phrases_load_fast_and_match() {
    let dir = tempfile::tempdir().unwrap();
    let mut pack = format!("{RULE_HEAD}    patterns:\n      - kind: literal\n        phrases:\n");
    let phrase = |i: usize| format!("療法{i:05}号");
    for i in 0..50_000 {
        pack.push_str(&format!("          - \"{}\"\n", phrase(i)));
    }
    let path = dir.path().join("big.yaml");
    fs::write(&path, &pack).unwrap();
    let text = format!(
        "当院の{}は効く。\n{}と{}。\n療法50000号は無い。\n",
        phrase(0),
        phrase(31_337),
        phrase(49_999)
    );
    let run = run_limited(
        &[
            "check",
            "--no-default-rules",
            "--rules",
            path.to_str().unwrap(),
            "--format",
            "json",
            "-",
        ],
        Some(text.as_bytes()),
        Duration::from_secs(300),
    );
    eprintln!(
        "50,000-phrase pack: load and check in {:.2?} ({} build)",
        run.elapsed,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let json = run.json();
    let matched: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["matched"].as_str().unwrap())
        .collect();
    assert_eq!(matched, ["療法00000号", "療法31337号", "療法49999号"]);
    // Not a speed target (bench/ measures those): a guard against loading going quadratic again,
    // which takes minutes here. Generous, so a loaded machine cannot fail it (it took 0.3 s idle,
    // 1.4 s with other builds running).
    if !cfg!(debug_assertions) {
        assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
    }
}

#[test]
fn duplicate_rule_ids_point_at_the_second_definition() {
    refused(
        "dup.yaml",
        &format!(
            "{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [cure]}}\n  - id: h.rule\n    category: superlative\n    severity: error\n    message: m\n    patterns:\n      - {{kind: literal, phrases: [best]}}\n"
        ),
        "dup.yaml:10:9: duplicate rule id `h.rule`",
    );
}

#[test]
fn duplicate_rule_ids_across_packs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    let pack = format!("{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [cure]}}\n");
    fs::write(&a, &pack).unwrap();
    fs::write(&b, pack.replace("pack: hostile", "pack: other")).unwrap();
    let run = run_limited(
        &[
            "check",
            "--no-default-rules",
            "--rules",
            a.to_str().unwrap(),
            "--rules",
            b.to_str().unwrap(),
            "-",
        ],
        Some(b"cure\n"),
        Duration::from_secs(60),
    );
    assert_refused(&run, "b.yaml:4:9: duplicate rule id `h.rule`");
}

#[test]
fn a_category_described_by_two_packs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    let pack = "pack: a\nversion: \"1\"\ncategories:\n  superlative:\n    description: Why.\n";
    fs::write(&a, pack).unwrap();
    fs::write(&b, pack.replace("pack: a", "pack: b")).unwrap();
    let run = run_limited(
        &[
            "check",
            "--no-default-rules",
            "--rules",
            a.to_str().unwrap(),
            "--rules",
            b.to_str().unwrap(),
            "-",
        ],
        Some(b"cure\n"),
        Duration::from_secs(60),
    );
    assert_refused(
        &run,
        "b.yaml:4:3: category `superlative` is described twice",
    );
}

#[test]
fn unknown_category() {
    refused(
        "cat.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [cure]}}\n").replace(
            "category: curative-claim",
            "category: miracle-claim",
        ),
        "cat.yaml:5:15: rules[0].category: unknown variant `miracle-claim`, expected one of `curative-claim`",
    );
}

#[test]
fn unknown_severity() {
    refused(
        "sev.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [cure]}}\n")
            .replace("severity: error", "severity: fatal"),
        "sev.yaml:6:15: rules[0].severity: unknown variant `fatal`, expected one of `info`, `warning`, `error`",
    );
}

#[test]
fn unknown_language() {
    refused(
        "lang.yaml",
        &format!("{RULE_HEAD}    languages: [ja, ko]\n    patterns:\n      - {{kind: literal, phrases: [cure]}}\n"),
        "lang.yaml:8:21: rules[0].languages[1]: unknown variant `ko`",
    );
    refused(
        "other.yaml",
        &format!("{RULE_HEAD}    languages: [other]\n    patterns:\n      - {{kind: literal, phrases: [cure]}}\n"),
        "other.yaml:8:17: `other` is not a rule language (ja, zh, en)",
    );
}

#[test]
fn unknown_key() {
    refused(
        "key.yaml",
        &format!("{RULE_HEAD}    pattern:\n      - {{kind: literal, phrases: [cure]}}\n"),
        "key.yaml:8:5: rules[0]: unknown field `pattern`, expected one of `id`",
    );
    refused(
        "top-key.yaml",
        &format!(
            "{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [cure]}}\nrule: []\n"
        ),
        "top-key.yaml:10:1: unknown field `rule`",
    );
}

#[test]
fn unknown_pattern_kind() {
    refused(
        "kind.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: phrase, phrases: [cure]}}\n"),
        "kind.yaml:9:16: rules[0].patterns[0].kind: unknown variant `phrase`, expected one of `literal`, `regex`, `cooccurrence`, `document`",
    );
    refused(
        "no-kind.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - phrases: [cure]\n"),
        "no-kind.yaml:9:9: rules[0].patterns[0]: missing field `kind`",
    );
    refused(
        "two-documents.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: document, trigger: [a], disclose: {{x: [b]}}}}\n      - {{kind: document, trigger: [c], disclose: {{y: [d]}}}}\n"),
        "two-documents.yaml:10:16: a rule has at most one `document` pattern",
    );
}

#[test]
fn wrong_types() {
    refused(
        "types.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: cure}}\n"),
        "types.yaml:9:7: rules[0].patterns: invalid type: string \"cure\", expected a sequence",
    );
    refused(
        "rules-map.yaml",
        "pack: hostile\nversion: \"1\"\nrules:\n  id: x\n",
        "rules-map.yaml:4:3: rules: invalid type: map, expected a sequence",
    );
    refused(
        "within.yaml",
        "pack: hostile\nversion: \"1\"\ncontexts:\n  neg:\n    - {terms: [not], where: after, within: -3}\n",
        "within.yaml:5:",
    );
}

#[test]
fn empty_pattern() {
    refused(
        "empty-phrase.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [\"\"]}}\n"),
        "empty-phrase.yaml:9:35: empty phrase: a literal must have text",
    );
    refused(
        "blank-phrase.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [cure, \"   \"]}}\n"),
        "blank-phrase.yaml:9:",
    );
    refused(
        "empty-regex.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [cure]}}\n      - {{kind: regex, regex: ''}}\n"),
        "empty-regex.yaml:10:30: empty regex: a pattern must match something",
    );
    refused(
        "empty-match-regex.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: regex, regex: 'a*'}}\n"),
        "empty-match-regex.yaml:9:30: regex can match the empty string",
    );
    refused(
        "no-patterns.yaml",
        &format!("{RULE_HEAD}    patterns: []\n"),
        "no-patterns.yaml:4:9: rule `h.rule` has no `patterns`",
    );
}

#[test]
fn not_yaml_at_all() {
    refused(
        "prose.yaml",
        "This is a rule pack.\nIt says: cure everything.\nNo YAML here, only prose\n",
        "prose.yaml:1:1:",
    );
    refused("empty.yaml", "", "empty.yaml:1:1:");
    refused(
        "tabs.yaml",
        "pack: hostile\nversion: \"1\"\nrules:\n\t- id: x\n",
        "tabs.yaml:4:1:",
    );
    refused(
        "unclosed.yaml",
        "pack: hostile\nversion: \"1\"\nrules: [\n  {id: x\n",
        "unclosed.yaml:",
    );
    // Binary bytes: not UTF-8; the error names the file and where the first bad byte is.
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[0xff, 0xfe, 0, 1, 2]);
    assert_refused(
        &with_pack(dir.path(), "image.yaml", &png),
        "image.yaml:1:1: a rule pack must be UTF-8 text (invalid byte 0x89)",
    );
    let late = [&b"pack: hostile\nversion: \"1\"\n# caf"[..], b"\xe9\n"].concat();
    assert_refused(
        &with_pack(dir.path(), "latin1.yaml", &late),
        "latin1.yaml:3:6: a rule pack must be UTF-8 text (invalid byte 0xE9)",
    );
    // Valid UTF-8 with NUL and other control bytes.
    assert_refused(
        &with_pack(dir.path(), "nul.yaml", b"pack: hostile\0\nversion: 1\n"),
        "nul.yaml:1:",
    );
}

#[test]
fn lexicon_cycles_and_unknown_names() {
    refused(
        "cycle.yaml",
        &format!(
            "pack: hostile\nversion: \"1\"\nlexicons:\n  a: [\"@b\"]\n  b: [\"@a\"]\nrules:\n{}",
            "  - id: h.rule\n    category: curative-claim\n    severity: error\n    message: m\n    patterns:\n      - {kind: literal, phrases: [\"@a\"]}\n"
        ),
        "cycle.yaml:",
    );
    refused(
        "unknown-lexicon.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [\"@nope\"]}}\n"),
        "unknown-lexicon.yaml:9:35: unknown lexicon `nope`",
    );
}

/// Regression: the regex-set prefilter ran over the whole text, where `^` and `$` match only at
/// its ends, so a regex anchored to a sentence's start or end was skipped and its findings lost.
#[test]
fn anchored_regex_is_not_lost_by_the_prefilter() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("anchored.yaml");
    fs::write(
        &pack,
        format!(
            "{RULE_HEAD}    patterns:\n      - {{kind: regex, regex: '^完治'}}\n      - {{kind: regex, regex: '(a+)+$'}}\n      - {{kind: regex, regex: '(?m)^治る$'}}\n"
        ),
    )
    .unwrap();
    for (text, lang, matched) in [
        ("前の文です。\n完治する。\n", "ja", "完治"),
        ("前の文です。完治する。", "ja", "完治"),
        ("aaaa\n", "en", "aaaa"),
        ("b. aaaa\n\nmore\n", "en", "aaaa"),
        ("前。治る\n", "ja", "治る"),
    ] {
        let run = run_limited(
            &[
                "check",
                "--no-default-rules",
                "--rules",
                pack.to_str().unwrap(),
                "--lang",
                lang,
                "--format",
                "json",
                "-",
            ],
            Some(text.as_bytes()),
            Duration::from_secs(60),
        );
        assert_eq!(run.code, Some(1), "{text:?}: {}", run.stdout);
        assert_eq!(
            run.json()["files"][0]["diagnostics"][0]["matched"],
            matched,
            "{text:?}"
        );
    }
}

/// Regression (found by fuzzing `rule_pack`): YAML counts a lone `\r` as a line break and so
/// did serde_yaml's error lines, but our own line search did not, so errors in a pack with old
/// Mac line endings pointed past its end, without a snippet, and rule errors at the wrong line.
#[test]
fn lone_cr_line_endings_locate_errors_on_the_right_line() {
    let dir = tempfile::tempdir().unwrap();
    // A serde_yaml error (at the end of the file) ...
    let run = with_pack(
        dir.path(),
        "cr-syntax.yaml",
        b"\r\r\rpack: bad\rversion: \"1\"\rrules: [\r",
    );
    assert_refused(
        &run,
        "cr-syntax.yaml:7:1: did not find expected node content",
    );
    // miette numbers snippet lines by `\n` only, but the snippet is there.
    assert!(
        run.stderr.contains("│ rules: ["),
        "no snippet: {}",
        run.stderr
    );
    // ... and one of ours (the duplicate id on line 14).
    let pack = format!(
        "{RULE_HEAD}    patterns:\n      - {{kind: literal, phrases: [cure]}}\n  - id: h.rule\n    category: superlative\n    severity: error\n    message: m\n    patterns:\n      - {{kind: literal, phrases: [best]}}\n"
    )
    .replace('\n', "\r");
    let run = with_pack(dir.path(), "cr-dup.yaml", pack.as_bytes());
    assert_refused(&run, "cr-dup.yaml:10:9: duplicate rule id `h.rule`");
    assert!(
        run.stderr.contains("- id: h.rule"),
        "no snippet: {}",
        run.stderr
    );
}

/// Regression (found by fuzzing `rule_pack`): an error at the end of a pack with no final line
/// break was reported on the line after the last one, which does not exist and has no snippet.
#[test]
fn an_error_at_the_end_of_a_file_without_a_final_newline_is_on_its_last_line() {
    refused(
        "comment-only.yaml",
        "# A small pack",
        "comment-only.yaml:1:15: missing field `pack`",
    );
    refused(
        "unfinished.yaml",
        "pack: x\nversion: \"1\"\nrules: [",
        "unfinished.yaml:3:9:",
    );
}

/// Regression: each rule's line was found by rescanning the pack from line 1, so loading was
/// quadratic (40,000 rules took 107 s). Loading now places nothing; an error is placed by one
/// pass of the YAML parser over the pack, at the right line however far down it is.
#[test]
#[cfg_attr(debug_assertions, ignore = "a timing: run with `cargo test --release`")]
fn a_hundred_thousand_rules_load_in_seconds() {
    let mut pack = String::from("pack: big\nversion: \"1\"\nrules:\n");
    for i in 0..100_000 {
        pack.push_str(&format!(
            "  - id: big.r{i}\n    category: curative-claim\n    severity: error\n    message: m\n    patterns:\n      - {{kind: literal, phrases: [\"療法{i:06}号\"]}}\n"
        ));
    }
    let start = std::time::Instant::now();
    let set = claimlint::load_rule_set(false, &[("big.yaml".to_string(), pack.clone())]).unwrap();
    let elapsed = start.elapsed();
    eprintln!("100,000 rules: parsed and resolved in {elapsed:.2?}");
    assert_eq!(set.rules.len(), 100_000);
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");

    // The same pack with the first id again at its end: the error is at the last rule's id.
    pack.push_str("  - id: big.r0\n    category: curative-claim\n    severity: error\n    message: m\n    patterns: [{kind: literal, phrases: [x]}]\n");
    let start = std::time::Instant::now();
    let err = claimlint::load_rule_set(false, &[("big.yaml".to_string(), pack)]).unwrap_err();
    let elapsed = start.elapsed();
    let line = 4 + 100_000 * 6;
    assert!(
        err.to_string()
            .starts_with(&format!("big.yaml:{line}:9: duplicate rule id `big.r0`")),
        "{err}"
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

/// Regression: our checks' errors were placed by searching the pack text from the rule's line,
/// so a name in a comment, a regex written with escapes, or a rule's id repeated in another
/// rule's text put the error on the wrong line. They are now placed by the YAML parser.
#[test]
fn errors_are_placed_at_the_node_not_at_a_text_match() {
    // `@nope` in a comment and inside a longer phrase first; the reference itself on line 11.
    refused(
        "comment.yaml",
        &format!("{RULE_HEAD}    # phrases: [\"@nope\"] was the old spelling\n    patterns:\n      - {{kind: literal, phrases: [\"x @nope\"]}}\n      - {{kind: literal, phrases: [\"@nope\"]}}\n"),
        "comment.yaml:11:35: unknown lexicon `nope`",
    );
    // A double-quoted regex with escapes: serde's value (`\d(`) is not the text (`\\d(`).
    refused(
        "escaped.yaml",
        &format!("{RULE_HEAD}    patterns:\n      - {{kind: regex, regex: \"\\\\d(\"}}\n"),
        "escaped.yaml:9:30: invalid regex",
    );
    // A second rule whose message mentions the first's id; the duplicate is the third rule.
    let rule = |id: &str, message: &str| {
        format!("  - id: {id}\n    category: curative-claim\n    severity: error\n    message: {message}\n    patterns: [{{kind: literal, phrases: [x]}}]\n")
    };
    refused(
        "dup-id.yaml",
        &format!(
            "pack: hostile\nversion: \"1\"\nrules:\n{}{}{}",
            rule("a.one", "m"),
            rule("b.two", "see a.one"),
            rule("a.one", "m")
        ),
        "dup-id.yaml:14:9: duplicate rule id `a.one`",
    );
}
