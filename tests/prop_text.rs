//! Property tests over generated Unicode text: spans, line/column, offset maps, paragraphs and
//! sentences stay consistent for any input, and findings are never lost.
//!
//! Text is generated from an alphabet that mixes the terms of `tests/fixtures/hostile/prop_pack.yaml`
//! (so literal, regex, co-occurrence, context and `requires` rules fire often) with the hard cases:
//! CJK, combining marks and dakuten, emoji with ZWJ, full- and half-width forms, NFKC expansions,
//! CRLF and lone CR, U+FFFD, NUL, markup fragments, and arbitrary characters.

mod common;

use claimlint::engine::{CheckOptions, Engine, JudgeOptions};
use common::PROP_PACK as PACK;

/// These properties are about matching: the learned judge (which may drop findings on generated
/// text that reads as reporting) is off.
fn rules_only() -> CheckOptions {
    CheckOptions {
        judge: JudgeOptions::OFF,
        ..Default::default()
    }
}
use claimlint::run::{check_all, FileReport, Input, Pipeline, Settings};
use claimlint::source::{extract, Kind, SourceOptions};
use claimlint::text::{LangDetector, Normalized, OffsetMap};
use claimlint::{Diagnostic, Lang, LineIndex};
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let text = std::fs::read_to_string(PACK).unwrap();
        let set = claimlint::load_rule_set(false, &[(PACK.to_string(), text)]).unwrap();
        Engine::new(set).unwrap()
    })
}

fn detector() -> &'static LangDetector {
    static DETECTOR: OnceLock<LangDetector> = OnceLock::new();
    DETECTOR.get_or_init(LangDetector::new)
}

/// Pieces text is assembled from.
const PIECES: &[&str] = &[
    // Pack terms and their variants.
    "幹細胞",
    "干细胞",
    "stem cells",
    "Stem Cells",
    "ＳＴＥＭ ｃｅｌｌｓ",
    "糖尿病",
    "がん",
    "diabetes",
    "癌症",
    "完治",
    "根治",
    "治愈",
    "cure",
    "CURE",
    "ＦＤＡ",
    "FDA",
    "ガン",
    "ｶﾞﾝ",
    "ｶ\u{FF9E}",
    "100%",
    "１００％",
    "7 %",
    "必ず治",
    "必ず改善",
    "guaranteed",
    "点滴",
    "注射",
    "infusion",
    "費用",
    "费用",
    "副作用",
    "risk",
    "price",
    "ません",
    "不能",
    "not",
    "禁止",
    "never cure",
    "で",
    "を",
    "は",
    "します",
    "。",
    "！",
    "？",
    "．",
    ".",
    "!",
    "?",
    ",",
    "、",
    "「",
    "」",
    "（",
    "）",
    "Dr.",
    "e.g.",
    "The",
    "the clinic",
    "we",
    "I",
    // Whitespace and line endings.
    " ",
    " ",
    "\t",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\r\n\r\n",
    "\r\r",
    "\u{3000}",
    "\u{A0}",
    // Combining marks, dakuten, emoji, widths, NFKC expansions, case oddities.
    "か\u{3099}",
    "\u{3099}",
    "\u{309A}",
    "e\u{301}",
    "\u{301}\u{302}",
    "👨\u{200D}👩\u{200D}👧",
    "🏳\u{FE0F}\u{200D}🌈",
    "\u{200D}",
    "👍🏽",
    "ｱｲｳｴｵ",
    "ﾊﾟ",
    "ＡＢＣ",
    "ａｂｃ",
    "Ⅻ",
    "ﬁ",
    "㍿",
    "㌔",
    "ẞ",
    "İ",
    "Σ",
    "ǅ",
    "\u{FFFD}",
    "\0",
    "\u{FEFF}",
    "\u{2028}",
    "\u{85}",
    "𠮷",
    "\u{10FFFF}",
    // Markup fragments (for HTML and Markdown extraction).
    "<p>",
    "</p>",
    "<br>",
    "<div title=\"完治\">",
    "</div>",
    "&amp;",
    "&#x5e79;",
    "&#0;",
    "&copy",
    "<!-- c -->",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<title>",
    "<img alt='cure'>",
    "# ",
    "- ",
    "> ",
    "```",
    "*",
    "_",
    "[a](b)",
    "<",
    ">",
    "&",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

/// Cases per property: `PROPTEST_CASES` (for long runs) or the default given.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The generator is worth something only if generated text gets findings of every kind.
#[test]
fn generated_text_exercises_every_rule() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(Config::default().rng_algorithm),
    );
    let strategy = text();
    let mut with_findings = 0;
    let mut rules = std::collections::BTreeSet::new();
    for _ in 0..200 {
        let t = strategy.new_tree(&mut runner).unwrap().current();
        let r = report(t.as_bytes(), None);
        if !r.diagnostics.is_empty() {
            with_findings += 1;
        }
        rules.extend(r.diagnostics.iter().map(|d| d.rule.to_string()));
    }
    eprintln!("{with_findings} of 200 generated texts had findings");
    assert!(
        with_findings >= 60,
        "only {with_findings} of 200 texts had findings"
    );
    let all: std::collections::BTreeSet<String> = [
        "prop.literal",
        "prop.regex",
        "prop.cooccur",
        "prop.requires",
    ]
    .map(String::from)
    .into();
    assert_eq!(rules, all);
}

/// Line and column (1-based, column in characters) of `pos`, computed without `LineIndex`:
/// lines end at `\n`, `\r\n` or a lone `\r`.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let (mut line, mut col) = (1, 1);
    let mut chars = text[..pos].chars().peekable();
    let rest_starts_with_lf = text[pos..].starts_with('\n');
    while let Some(c) = chars.next() {
        let cr_alone = c == '\r'
            && match chars.peek() {
                Some(n) => *n != '\n',
                None => !rest_starts_with_lf,
            };
        if c == '\n' || cr_alone {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Every invariant of a file report: spans slice the text on character boundaries, in order,
/// and line/column agree with an independent count.
fn check_report(r: &FileReport) -> Result<(), TestCaseError> {
    check_diagnostics(&r.text, &r.diagnostics)
}

fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    let index = LineIndex::new(text);
    let mut prev = (0usize, 0usize);
    for d in diagnostics {
        prop_assert!(d.span.start <= d.span.end, "reversed span {:?}", d.span);
        prop_assert!(d.span.end <= text.len(), "span {:?} past the end", d.span);
        prop_assert!(text.is_char_boundary(d.span.start), "start {:?}", d.span);
        prop_assert!(text.is_char_boundary(d.span.end), "end {:?}", d.span);
        prop_assert!(
            (d.span.start, d.span.end) >= prev,
            "diagnostics out of order"
        );
        prev = (d.span.start, d.span.end);
        for pos in [d.span.start, d.span.end] {
            prop_assert_eq!(
                index.line_col(text, pos),
                line_col(text, pos),
                "line/col of {} in {:?}",
                pos,
                text
            );
        }
    }
    Ok(())
}

/// Every invariant of an offset map from `derived` to `source`.
fn check_map(map: &OffsetMap, derived: &str, source: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(map.derived_len(), derived.len());
    prop_assert_eq!(map.source_len(), source.len());
    let bounds: Vec<usize> = derived
        .char_indices()
        .map(|(i, _)| i)
        .chain([derived.len()])
        .collect();
    let (mut last_start, mut last_end) = (0, 0);
    for &p in &bounds {
        let s = map.map_start(p);
        let e = map.map_end(p);
        prop_assert!(s >= last_start, "map_start not monotonic at {}", p);
        prop_assert!(e >= last_end, "map_end not monotonic at {}", p);
        prop_assert!(s <= source.len() && e <= source.len());
        prop_assert!(
            source.is_char_boundary(s),
            "map_start({}) = {} inside a char",
            p,
            s
        );
        prop_assert!(
            source.is_char_boundary(e),
            "map_end({}) = {} inside a char",
            p,
            e
        );
        (last_start, last_end) = (s, e);
    }
    // Every span of whole characters maps to a non-reversed source span on char boundaries.
    for w in bounds.windows(2) {
        let span = map.map_span(w[0]..w[1]);
        prop_assert!(span.start <= span.end && span.end <= source.len());
        prop_assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end));
    }
    Ok(())
}

fn check_normalized(n: &Normalized, source: &str) -> Result<(), TestCaseError> {
    check_map(&n.map, &n.text, source)?;
    let mut last = 0;
    for p in &n.paragraphs {
        prop_assert!(p.range.start >= last, "paragraphs overlap or go back");
        prop_assert!(p.range.start <= p.range.end && p.range.end <= n.text.len());
        prop_assert!(n.text.is_char_boundary(p.range.start));
        prop_assert!(n.text.is_char_boundary(p.range.end));
        last = p.range.end;
    }
    let mut last = 0;
    for s in &n.sentences {
        prop_assert!(s.range.start >= last, "sentences overlap or go back");
        prop_assert!(s.range.start < s.range.end, "empty sentence {:?}", s.range);
        prop_assert!(n.text.is_char_boundary(s.range.start));
        prop_assert!(n.text.is_char_boundary(s.range.end));
        let para = n.paragraphs.get(s.paragraph);
        prop_assert!(
            para.is_some_and(|p| p.range.start <= s.range.start && s.range.end <= p.range.end),
            "sentence {:?} outside its paragraph",
            s.range
        );
        last = s.range.end;
    }
    Ok(())
}

fn report(bytes: &[u8], kind: Option<Kind>) -> FileReport {
    let source = SourceOptions {
        kind,
        ..SourceOptions::default()
    };
    let settings = Settings {
        check: rules_only(),
        source,
        ..Settings::default()
    };
    Pipeline::new(engine(), settings).check_bytes("<gen>", None, bytes, None, None)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(384)))]

    #[test]
    fn diagnostics_slice_the_text_and_agree_with_line_col(t in text()) {
        for kind in [None, Some(Kind::Text), Some(Kind::Markdown), Some(Kind::Html)] {
            let r = report(t.as_bytes(), kind);
            check_report(&r)?;
            if !r.skipped {
                // The decoded text is the input less a byte order mark.
                prop_assert_eq!(r.text.as_str(), t.strip_prefix('\u{FEFF}').unwrap_or(&t));
            } else {
                prop_assert!(!r.notices.is_empty(), "skipped without saying why");
            }
        }
    }

    #[test]
    fn forced_languages_keep_the_invariants(t in text(), lang in prop_oneof![
        Just(Lang::Ja), Just(Lang::Zh), Just(Lang::En)
    ]) {
        let opts = CheckOptions { lang: Some(lang), ..rules_only() };
        let checked = engine().check(&t, &opts);
        check_diagnostics(&t, &checked.diagnostics)?;
        let n = Normalized::build(&t, Some(lang), detector());
        check_normalized(&n, &t)?;
    }

    #[test]
    fn normalized_text_is_ordered_and_maps_back(t in text()) {
        let n = Normalized::build(&t, None, detector());
        check_normalized(&n, &t)?;
    }

    #[test]
    fn extraction_maps_stay_inside_the_source(t in text()) {
        for kind in [Kind::Text, Kind::Markdown, Kind::Html] {
            let ex = extract(&t, kind);
            check_map(&ex.map, &ex.text, &t)?;
            for c in &ex.comments {
                prop_assert!(c.span.start <= c.span.end && c.span.end <= t.len());
                prop_assert!(t.is_char_boundary(c.span.start) && t.is_char_boundary(c.span.end));
            }
            // The composed map (normalized -> extracted -> source) keeps every span valid too.
            let n = Normalized::build(&ex.text, None, detector());
            check_normalized(&n, &ex.text)?;
        }
    }

    /// A claim put in a paragraph of its own is found, at exactly its place, whatever surrounds it.
    #[test]
    fn a_claim_in_its_own_paragraph_is_never_lost(
        before in text(),
        after in text(),
        claim in proptest::sample::select(&[
            ("必ず治る。", "必ず治", "prop.regex"),
            ("完治する。", "完治", "prop.literal"),
            ("幹細胞で糖尿病を治す。", "幹細胞で糖尿病", "prop.cooccur"),
            ("The cure works.", "cure", "prop.literal"),
        ][..]),
    ) {
        let (sentence, matched, rule) = claim;
        let t = format!("{before}\n\n{sentence}\n\n{after}");
        let at = before.len() + 2 + sentence.find(matched).unwrap();
        let checked = engine().check(&t, &rules_only());
        prop_assert!(
            checked.diagnostics.iter().any(|d| d.rule == rule && d.span == (at..at + matched.len())),
            "no {} at {}..{} in {:?}: {:?}", rule, at, at + matched.len(), t, checked.diagnostics
        );
    }

    /// Files checked on several threads (`check_each`, what `-j N` runs), in any order, give the
    /// same reports as one after another.
    #[test]
    fn results_do_not_depend_on_threads_or_order(files in proptest::collection::vec(text(), 1..6)) {
        let dir = tempfile::tempdir().unwrap();
        let inputs: Vec<Input> = files.iter().enumerate().map(|(i, t)| {
            let p = dir.path().join(format!("f{i}"));
            std::fs::write(&p, t).unwrap();
            Input::Path(p)
        }).collect();
        let settings = Settings::default();
        let key = |r: &FileReport| (r.path.clone(), r.diagnostics.clone(), r.notices.clone(), r.skipped);
        let serial = check_all(engine(), &inputs, &settings);
        let a: Vec<_> = serial.files.iter().map(key).collect();
        let mut reversed: Vec<Input> = inputs.clone();
        reversed.reverse();
        let rev = check_all(engine(), &reversed, &settings);
        prop_assert_eq!(&a, &rev.files.iter().map(key).collect::<Vec<_>>());
        for jobs in [1, 2, 4] {
            let mut got = Vec::new();
            claimlint::run::check_each(engine(), &inputs, &settings, jobs, |_, r| {
                got.push(key(&r.unwrap()));
                Ok::<(), ()>(())
            })
            .unwrap();
            prop_assert_eq!(&a, &got, "jobs = {}", jobs);
        }
    }
}

/// The CLI gives the same JSON for a file read from disk and the same bytes on stdin.
mod cli {
    use super::*;
    use common::cmd;

    fn json(args: &[&str], stdin: Option<&[u8]>) -> serde_json::Value {
        let mut run = cmd([
            "check",
            "--no-default-rules",
            "--rules",
            PACK,
            "--format",
            "json",
        ])
        .args(args);
        if let Some(bytes) = stdin {
            run = run.stdin(bytes);
        }
        let out = run.run();
        assert!(
            matches!(out.code, Some(0) | Some(1)),
            "status {:?}: {}",
            out.code,
            out.stderr
        );
        serde_json::from_slice(&out.stdout_bytes).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(24) / 16 + 8))]

        #[test]
        fn output_is_the_same_for_any_jobs(files in proptest::collection::vec(text(), 1..8)) {
            let dir = tempfile::tempdir().unwrap();
            for (i, t) in files.iter().enumerate() {
                std::fs::write(dir.path().join(format!("f{i}.txt")), t).unwrap();
            }
            let root = dir.path().to_str().unwrap();
            let one = json(&["-j", "1", root], None);
            for jobs in ["2", "8"] {
                prop_assert_eq!(&one, &json(&["-j", jobs, root], None), "-j {}", jobs);
            }
        }

        #[test]
        fn disk_and_stdin_agree(t in text()) {
            let dir = tempfile::tempdir().unwrap();
            // No extension: both sides sniff the kind from the bytes.
            let path = dir.path().join("page");
            std::fs::write(&path, &t).unwrap();
            // Bytes that are not text (a NUL in a few bytes) are refused the same way from both.
            let refused = |args: &[&str], input: Option<&[u8]>| {
                let mut run = cmd(["check", "--no-default-rules", "--rules", PACK]).args(args);
                if let Some(bytes) = input {
                    run = run.stdin(bytes);
                }
                let out = run.run();
                (out.code == Some(2)).then(|| out.stderr.contains("binary file"))
            };
            let on_disk = refused(&[path.to_str().unwrap()], None);
            let from_stdin = refused(&["-"], Some(t.as_bytes()));
            prop_assert_eq!(on_disk, from_stdin);
            if on_disk.is_some() {
                prop_assert_eq!(on_disk, Some(true));
                return Ok(());
            }
            let disk = json(&[path.to_str().unwrap()], None);
            let stdin = json(&["-"], Some(t.as_bytes()));
            let strip = |v: &serde_json::Value| {
                let mut f = v["files"][0].clone();
                f.as_object_mut().unwrap().remove("path");
                f
            };
            prop_assert_eq!(strip(&disk), strip(&stdin));
            prop_assert_eq!(&disk["summary"], &stdin["summary"]);
        }
    }
}
