//! Each mechanism of the engine, through the library: literals, regexes, co-occurrence, context
//! exceptions, document rules, normalization and language tagging, offsets.

use claimlint::engine::{CheckOptions, Engine};
use claimlint::{Diagnostic, Lang};

fn engine() -> Engine {
    let text = include_str!("../fixtures/engine/mechanisms.yaml");
    let set = claimlint::load_rule_set(false, &[("mechanisms.yaml".into(), text.into())])
        .unwrap_or_else(|e| panic!("pack should load: {e}"));
    Engine::new(set).unwrap_or_else(|e| panic!("engine should compile: {e}"))
}

fn check(text: &str) -> Vec<Diagnostic> {
    engine().check(text, &CheckOptions::default()).diagnostics
}

fn rules_of(ds: &[Diagnostic]) -> Vec<&str> {
    ds.iter().map(|d| d.rule.as_str()).collect()
}

fn matched<'a>(text: &'a str, d: &Diagnostic) -> &'a str {
    text.get(d.span.clone()).unwrap_or("<bad span>")
}

#[test]
fn literal_phrases_match_and_slice_the_original() {
    let text = "当院の幹細胞治療で糖尿病が完治します。";
    let ds = check(text);
    let cure: Vec<_> = ds.iter().filter(|d| d.rule == "t.cure.ja").collect();
    assert_eq!(cure.len(), 1, "{ds:?}");
    assert_eq!(matched(text, cure[0]), "完治");
}

#[test]
fn regex_patterns_match_inflections() {
    let text = "幹細胞でひざが治ります。";
    let ds = check(text);
    assert!(
        ds.iter()
            .any(|d| d.rule == "t.cure.ja" && matched(text, d) == "治ります"),
        "{ds:?}"
    );
}

#[test]
fn cooccurrence_spans_both_terms_in_one_sentence_only() {
    let text = "幹細胞で糖尿病の治療を行います。";
    let ds = check(text);
    let d = ds
        .iter()
        .find(|d| d.rule == "t.indication")
        .unwrap_or_else(|| panic!("{ds:?}"));
    assert_eq!(matched(text, d), "幹細胞で糖尿病");
    let apart = check("幹細胞治療を行います。糖尿病の方はご相談ください。");
    assert!(!rules_of(&apart).contains(&"t.indication"), "{apart:?}");
}

#[test]
fn negation_after_the_claim_suppresses_it_in_japanese() {
    for text in ["糖尿病が完治するわけではありません。", "これで治りません。"]
    {
        let ds = check(text);
        assert!(!rules_of(&ds).contains(&"t.cure.ja"), "{text}: {ds:?}");
    }
}

#[test]
fn negation_before_the_claim_suppresses_it_in_chinese_and_english() {
    assert!(check("干细胞不能根治糖尿病。")
        .iter()
        .all(|d| d.rule != "t.cure.zh"));
    assert!(check("Stem cells do not cure diabetes.")
        .iter()
        .all(|d| d.rule != "t.cure.en"));
    assert!(check("There is no cure for diabetes.")
        .iter()
        .all(|d| d.rule != "t.cure.en"));
    // A negation far away (beyond `within`) does not protect the claim.
    let far = check("It is not true that our wonderful new regenerative stem cells cure diabetes.");
    assert!(far.iter().any(|d| d.rule == "t.cure.en"), "{far:?}");
}

#[test]
fn quoted_prohibition_is_not_a_claim() {
    let ds = check("「完治」と広告することは禁止されています。");
    assert!(!rules_of(&ds).contains(&"t.cure.ja"), "{ds:?}");
    let en = check("Regulators prohibit claims that stem cells cure diabetes.");
    assert!(!rules_of(&en).contains(&"t.cure.en"), "{en:?}");
}

#[test]
fn document_rule_reports_once_at_the_first_trigger_and_names_missing_groups() {
    let text = "当院では幹細胞点滴を行っています。\n\n幹細胞点滴のご予約はこちら。";
    let ds: Vec<_> = check(text)
        .into_iter()
        .filter(|d| d.rule == "t.disclosure")
        .collect();
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(matched(text, &ds[0]), "幹細胞点滴");
    assert_eq!(
        ds[0].span.start,
        text.find("幹細胞点滴").unwrap_or(usize::MAX)
    );
    assert!(
        ds[0].message.contains("free-practice") && ds[0].message.contains("cost"),
        "{}",
        ds[0].message
    );
    // One group disclosed: only the other is named.
    let partial = check("幹細胞点滴は自由診療です。");
    let d = partial
        .iter()
        .find(|d| d.rule == "t.disclosure")
        .unwrap_or_else(|| panic!("{partial:?}"));
    assert!(
        d.message.contains("cost") && !d.message.contains("free-practice"),
        "{}",
        d.message
    );
    // Disclosures anywhere in the document, in any language, satisfy it.
    let full =
        check("幹細胞点滴を行っています。\n\nThis is not covered by insurance; cost: 500,000 yen.");
    assert!(!rules_of(&full).contains(&"t.disclosure"), "{full:?}");
}

#[test]
fn traditional_chinese_matches_simplified_patterns() {
    let text = "幹細胞可以根治糖尿病，這是真的。";
    let ds = check(text);
    let d = ds
        .iter()
        .find(|d| d.rule == "t.cure.zh")
        .unwrap_or_else(|| panic!("{ds:?}"));
    assert_eq!(matched(text, d), "根治");
    assert!(ds.iter().any(|d| d.rule == "t.indication"), "{ds:?}");
}

#[test]
fn full_width_latin_and_case_fold_before_matching() {
    let text = "Our ＳＴＥＭ ＣＥＬＬＳ CURE Parkinson's disease.";
    let ds = check(text);
    let d = ds
        .iter()
        .find(|d| d.rule == "t.indication")
        .unwrap_or_else(|| panic!("{ds:?}"));
    assert_eq!(matched(text, d), "ＳＴＥＭ ＣＥＬＬＳ CURE Parkinson's");
    assert!(ds
        .iter()
        .any(|d| d.rule == "t.cure.en" && matched(text, d) == "CURE"));
}

#[test]
fn half_width_katakana_folds_and_maps_back() {
    let text = "ｴｸｿｿｰﾑで糖尿病を治療";
    let ds = check(text);
    let d = ds
        .iter()
        .find(|d| d.rule == "t.indication")
        .unwrap_or_else(|| panic!("{ds:?}"));
    assert_eq!(matched(text, d), "ｴｸｿｿｰﾑで糖尿病");
}

#[test]
fn a_phrase_broken_across_lines_in_cjk_still_matches() {
    let text = "幹細胞で糖尿病が完\n治します。";
    let ds = check(text);
    let d = ds
        .iter()
        .find(|d| d.rule == "t.cure.ja")
        .unwrap_or_else(|| panic!("{ds:?}"));
    assert_eq!(matched(text, d), "完\n治");
}

#[test]
fn latin_literals_match_whole_words_only() {
    assert!(check("The website is secure.").is_empty());
    assert!(check("We cure knees.")
        .iter()
        .any(|d| d.rule == "t.cure.en"));
}

#[test]
fn rules_run_only_on_their_languages() {
    // Chinese rule literal 根治 inside Japanese text: only the Japanese rule fires.
    let ds = check("幹細胞で根治します。");
    assert!(rules_of(&ds).contains(&"t.cure.ja"));
    assert!(!rules_of(&ds).contains(&"t.cure.zh"));
    // French text with "cure" is not English: no English rule.
    assert!(check("La cure thermale est une tradition en France.").is_empty());
}

#[test]
fn forced_language_overrides_detection() {
    let e = engine();
    let opts = CheckOptions {
        lang: Some(Lang::Zh),
        ..Default::default()
    };
    let got = e.check("根治", &opts);
    assert_eq!(rules_of(&got.diagnostics), vec!["t.cure.zh"]);
    assert_eq!(got.language, Lang::Zh);
}

#[test]
fn mixed_document_tags_paragraphs_separately() {
    let text = "当院の幹細胞で完治します。\n\n干细胞可以根治。\n\nStem cells cure it.";
    let ds = check(text);
    let mut rules: Vec<&str> = rules_of(&ds);
    rules.sort_unstable();
    assert_eq!(rules, vec!["t.cure.en", "t.cure.ja", "t.cure.zh"], "{ds:?}");
}

#[test]
fn every_rule_example_passes() {
    assert_eq!(engine().test_examples(), Vec::<String>::new());
}

#[test]
fn diagnostics_are_sorted_and_carry_rule_metadata() {
    let text = "幹細胞で糖尿病が完治します。";
    let ds = check(text);
    assert!(ds.windows(2).all(|w| w[0].span.start <= w[1].span.start));
    let d = ds
        .iter()
        .find(|d| d.rule == "t.cure.ja")
        .unwrap_or_else(|| panic!("{ds:?}"));
    assert_eq!(d.suggestion.as_deref(), Some("改善を目指します"));
    assert_eq!(d.references, vec!["医療法 第6条の5".to_string()]);
    assert_eq!(d.codes, vec!["mhlw:3".to_string()]);
}

#[test]
fn pack_hits_are_recorded_per_sentence_for_the_judge() {
    use claimlint::learned::features::{cue_bit, CueRole};
    use claimlint::Category;
    let e = engine();
    let text = "幹細胞治療を行います。糖尿病が完治するわけではありません。\n\n当院で完治します。";
    let norm = e.normalize(text, None);
    let cues = e.sentence_cues(&norm, &CheckOptions::default());
    assert_eq!(cues.len(), norm.sentences.len());
    let has = |i: usize, c: Category, r: CueRole| cues[i] & cue_bit(c, r) != 0;
    // A therapy alone: one side of the indication rule's co-occurrence, no candidate.
    assert!(has(0, Category::UnapprovedIndication, CueRole::SideA));
    assert!(!has(0, Category::UnapprovedIndication, CueRole::Candidate));
    // A negated cure: a candidate the context filter excused, not a finding.
    assert!(has(1, Category::UnapprovedIndication, CueRole::SideB));
    assert!(has(1, Category::CurativeClaim, CueRole::Phrase));
    assert!(has(1, Category::CurativeClaim, CueRole::Excused));
    assert!(!has(1, Category::CurativeClaim, CueRole::Finding));
    // The same phrase, not negated: a finding.
    assert!(has(2, Category::CurativeClaim, CueRole::Finding));
    assert!(!has(2, Category::CurativeClaim, CueRole::Excused));
}
