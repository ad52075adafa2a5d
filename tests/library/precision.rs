//! The precision and recall mechanisms of issue 10, each on the fixture pack
//! tests/fixtures/engine/precision.yaml: co-occurrence beyond the sentence (section and document
//! scope), layout line breaks inside a claim, negation scoped to its clause, one finding per
//! claim.

use claimlint::engine::{CheckOptions, Engine, JudgeOptions};
use claimlint::{Category, Diagnostic, Lang};

fn engine() -> Engine {
    let text = include_str!("../fixtures/engine/precision.yaml");
    let set = claimlint::load_rule_set(false, &[("precision.yaml".into(), text.into())])
        .unwrap_or_else(|e| panic!("pack should load: {e}"));
    Engine::new(set).unwrap_or_else(|e| panic!("engine should compile: {e}"))
}

/// Diagnostics of `rule` only (that rule alone enabled, so one finding per claim does not
/// interfere).
fn only(rule: &str, text: &str) -> Vec<Diagnostic> {
    let e = engine();
    let mask = e.rules().rules.iter().map(|r| r.id == rule).collect();
    let opts = CheckOptions {
        lang: None,
        enabled: Some(mask),
        judge: JudgeOptions::OFF,
        lang_hint: None,
    };
    e.check(text, &opts).diagnostics
}

fn matched<'a>(text: &'a str, d: &Diagnostic) -> &'a str {
    text.get(d.span.clone()).unwrap_or("<bad span>")
}

#[test]
fn every_fixture_example_passes() {
    let failures = engine().test_examples();
    assert!(failures.is_empty(), "{failures:#?}");
}

// --- scope beyond the sentence -------------------------------------------------------------

#[test]
fn section_scope_pairs_a_heading_therapy_with_a_later_disease_at_the_disease() {
    let text = "Stem cell therapy\n\nOur clinic offers modern care.\n\nWe see many patients with diabetes every week.";
    let ds = only("p.indication.section", text);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(matched(text, &ds[0]), "diabetes");
    assert!(ds[0].message.contains("diabetes"), "{}", ds[0].message);
    assert!(only("p.indication.sentence", text).is_empty());
}

#[test]
fn section_scope_reaches_a_what_we_treat_list_under_its_heading() {
    let text =
        "# 幹細胞治療\n\n当院の再生医療について説明します。\n\n対応疾患：\n\n糖尿病\n\n脳梗塞\n";
    let ds = only("p.indication.section", text);
    let got: Vec<&str> = ds.iter().map(|d| matched(text, d)).collect();
    assert_eq!(got, vec!["糖尿病", "脳梗塞"], "{ds:?}");
}

#[test]
fn section_scope_stops_at_the_next_heading_but_document_scope_does_not() {
    let text =
        "Welcome\n\nWe offer stem cell therapy.\n\nAbout diabetes\n\nDiabetes is a common disease.";
    assert!(
        only("p.indication.section", text).is_empty(),
        "a new heading starts a new section"
    );
    let ds = only("p.indication.document", text);
    assert_eq!(ds.len(), 2, "one per sentence with a disease: {ds:?}");
    assert_eq!(matched(text, &ds[0]), "diabetes");
}

#[test]
fn wider_scopes_need_the_therapy_before_the_disease_or_in_its_sentence() {
    let before = "Diabetes is common.\n\nWe offer stem cell therapy.";
    assert!(only("p.indication.document", before).is_empty());
    assert!(only("p.indication.section", before).is_empty());
    let same = "Diabetes is treated here with stem cell therapy.";
    let ds = only("p.indication.section", same);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(matched(same, &ds[0]), "Diabetes");
}

#[test]
fn a_run_of_short_lines_is_a_heading_and_its_items_not_a_run_of_headings() {
    // "Conditions we treat" is a heading, the disease names are items of its section.
    let text = "Our clinic offers stem cell therapy for you and your family.\n\nConditions we treat with stem cells\n\nParkinson's\n\nKnee arthritis\n\nDiabetes";
    let ds = only("p.indication.section", text);
    let got: Vec<&str> = ds.iter().map(|d| matched(text, d)).collect();
    assert_eq!(
        got,
        vec!["Parkinson's", "Knee arthritis", "Diabetes"],
        "{ds:?}"
    );
}

#[test]
fn a_therapy_in_the_page_title_heads_every_section() {
    let text = "Stem cell therapy\n\nOur clinic offers modern care.\n\nConditions we treat\n\nParkinson's\n\nDiabetes";
    let ds = only("p.indication.section", text);
    assert_eq!(ds.len(), 2, "{ds:?}");
    // Named under a later heading, it heads only that heading's section.
    let later = "Welcome\n\nOur clinic offers modern care.\n\nStem cell therapy\n\nWe offer it in Tokyo.\n\nAbout diabetes\n\nDiabetes is a common disease.";
    assert!(only("p.indication.section", later).is_empty());
}

#[test]
fn html_headings_start_sections() {
    let html = "<h1>Welcome</h1><h2>Stem cell therapy</h2><p>Our clinic offers care.</p><h2>Other topics</h2><p>Diabetes is common.</p>";
    let e = engine();
    let mask = e
        .rules()
        .rules
        .iter()
        .map(|r| r.id == "p.indication.section")
        .collect();
    let opts = CheckOptions {
        lang: None,
        enabled: Some(mask),
        judge: JudgeOptions::OFF,
        lang_hint: None,
    };
    let ex = claimlint::source::extract(html, claimlint::source::Kind::Html);
    let got = e.check(&ex.text, &opts).diagnostics;
    assert!(got.is_empty(), "{got:?}");
    let same = "<h1>Stem cell therapy</h1><p>Our clinic offers care.</p><p>Diabetes is common.</p>";
    let ex = claimlint::source::extract(same, claimlint::source::Kind::Html);
    assert_eq!(e.check(&ex.text, &opts).diagnostics.len(), 1);
}

// --- layout line breaks inside a claim ------------------------------------------------------

#[test]
fn an_english_claim_wrapped_after_a_figure_is_one_sentence() {
    let text = "In our clinic about 75%\nof patients improved after one session.";
    let ds = only("p.rate", text);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(matched(text, &ds[0]), "75%\nof patients improved");
}

#[test]
fn a_line_ending_a_sentence_or_a_capitalised_line_is_not_a_wrap() {
    for text in [
        "In our clinic about 75%.\nof patients improved.",
        "Results: 75%\nOf patients improved.",
        "Results: 75%\n- of patients improved",
        "Results: 75%\n\nof patients improved",
    ] {
        assert!(only("p.rate", text).is_empty(), "{text:?}");
    }
}

#[test]
fn a_cjk_claim_wrapped_after_a_figure_is_one_sentence() {
    let n = claimlint::text::Normalized::build(
        "約75%\nの方が改善しました。",
        Some(Lang::Ja),
        &claimlint::text::LangDetector::new(),
    );
    assert_eq!(n.text, "約75%の方が改善しました。");
    assert_eq!(n.sentences.len(), 1);
}

// --- negation scoped to its clause ----------------------------------------------------------

#[test]
fn a_negation_in_another_clause_does_not_hide_the_claim() {
    // Within 25 characters of `not`, but past a comma and "but".
    let text = "Not a miracle, but 82% improved.";
    assert_eq!(only("p.rate", text).len(), 1);
    let zh = "不能保证, 82% improved.";
    assert_eq!(only("p.rate", zh).len(), 1);
    // The negation in the claim's own clause still applies.
    assert!(only("p.rate", "We do not claim 82% improved.").is_empty());
}

#[test]
fn a_clause_entry_reaches_the_whole_clause_but_not_past_it() {
    assert!(
        only(
            "p.rate.clause",
            "It is not true, as some ads say in big letters on every page, that 82% recovered."
        )
        .len()
            == 1
    );
    assert!(only(
        "p.rate.clause",
        "There is not one study in which 82% recovered within a year."
    )
    .is_empty());
    assert_eq!(
        only(
            "p.rate.clause",
            "It is not a miracle cure, but 82% recovered."
        )
        .len(),
        1
    );
}

#[test]
fn a_japanese_negation_after_the_claim_stops_at_a_comma() {
    let text = "幹細胞治療で糖尿病、しかし効果は保証できません。";
    assert_eq!(only("p.indication.sentence", text).len(), 1);
    let negated = "幹細胞治療で糖尿病が治るわけではありません。";
    assert!(only("p.indication.sentence", negated).is_empty());
}

#[test]
fn a_negation_in_another_clause_does_not_hide_the_missing_disclosure() {
    let text = "It is not a cure, but stem cell therapy helps many patients.";
    let ds = only("p.disclosure", text);
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(matched(text, &ds[0]), "stem cell therapy");
    assert!(only(
        "p.disclosure",
        "We do not offer stem cell therapy in our clinic."
    )
    .is_empty());
}

// --- one finding per claim ------------------------------------------------------------------

fn rules_of(ds: &[Diagnostic]) -> Vec<&str> {
    ds.iter().map(|d| d.rule.as_str()).collect()
}

fn cure_findings(text: &str) -> Vec<Diagnostic> {
    engine()
        .check(text, &CheckOptions::default())
        .diagnostics
        .into_iter()
        .filter(|d| d.category == Category::CurativeClaim)
        .collect()
}

#[test]
fn overlapping_findings_of_one_category_collapse_into_the_most_severe() {
    let text = "A complete cure for your knees.";
    let ds = cure_findings(text);
    assert_eq!(rules_of(&ds), vec!["p.cure.severe"], "{ds:?}");
    assert_eq!(matched(text, &ds[0]), "complete cure");
}

#[test]
fn on_equal_severity_the_longer_span_wins_then_the_lower_rule_id() {
    let text = "We cure your knees.";
    let ds = cure_findings(text);
    assert_eq!(rules_of(&ds), vec!["p.cure.long"], "{ds:?}");
    // "cure" alone: p.cure.alias and p.cure.short match the same span at the same severity.
    let ds = cure_findings("This is a cure.");
    assert_eq!(rules_of(&ds), vec!["p.cure.alias"], "{ds:?}");
}

#[test]
fn findings_of_one_category_apart_or_of_other_categories_are_kept() {
    let ds = cure_findings("A cure. Another cure.");
    assert_eq!(ds.len(), 2, "{ds:?}");
    let all = engine()
        .check("We cure 82% improved.", &CheckOptions::default())
        .diagnostics;
    let categories: Vec<Category> = all.iter().map(|d| d.category).collect();
    assert!(
        categories.contains(&Category::CurativeClaim)
            && categories.contains(&Category::EfficacyRate),
        "{all:?}"
    );
}
