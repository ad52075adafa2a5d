//! Inline suppressions: next-line and block forms in HTML, Markdown and plain text; reasons;
//! unused suppressions; and `--no-inline-suppressions`.

mod ci_common;
use ci_common::{annotated, check, write};

fn findings(name: &str, text: &str, extra: &[&str]) -> Vec<(String, usize)> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), name, text);
    let mut args = vec!["--format", "github"];
    args.extend_from_slice(extra);
    args.push(name);
    let out = check(dir.path(), &args);
    assert!(out.code == 0 || out.code == 1, "{out:?}");
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
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.html", html);
    let out = check(dir.path(), &["--format", "json", "a.html"]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let d = &doc["files"][0]["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["category"], "suppression");
    assert_eq!(d["codes"][0], "claimlint:meta");
    assert_eq!(d["matched"], "<!-- claimlint-disable-next-line t.best -->");
    // A warning: the default --fail-on error passes.
    assert_eq!(out.code, 0);
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
    let dir = tempfile::tempdir().unwrap();
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
    let out = check(dir.path(), &["--format", "github", "a.html"]);
    assert!(out.stdout.starts_with("::error "), "{}", out.stdout);
    assert_eq!(out.code, 1);
    write(
        dir.path(),
        "claimlint.yaml",
        "rules:\n  disable: [claimlint.suppression.no-reason]\n",
    );
    let out = check(dir.path(), &["--format", "github", "a.html"]);
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
