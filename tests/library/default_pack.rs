//! The shipped default pack: its examples pass, its quality on the synthetic corpus holds, the
//! regulatory explainers that quote the prohibitions stay free of errors, and docs/rules.md is
//! current.

use claimlint::engine::{CheckOptions, Engine};
use claimlint::{Category, Severity};
use std::path::Path;

fn engine() -> Engine {
    let set = claimlint::load_rule_set(true, &[]).unwrap_or_else(|e| panic!("default pack: {e}"));
    Engine::new(set).unwrap_or_else(|e| panic!("default pack: {e}"))
}

#[test]
fn every_shipped_rule_example_passes() {
    let failures = engine().test_examples();
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_shipped_rule_has_message_suggestion_references_codes_and_examples() {
    let e = engine();
    for r in &e.rules().rules {
        assert!(!r.message.trim().is_empty(), "{}: message", r.id);
        assert!(r.suggestion.is_some(), "{}: suggestion", r.id);
        assert!(!r.references.is_empty(), "{}: references", r.id);
        assert!(
            r.codes.iter().any(|c| c.starts_with("mhlw:")),
            "{}: an mhlw code",
            r.id
        );
        assert!(
            !r.examples.flag.is_empty() && !r.examples.pass.is_empty(),
            "{}: examples",
            r.id
        );
    }
}

/// Explainers that quote every prohibited phrase in order to explain the law: no errors.
#[test]
fn regulatory_explainers_quoting_the_prohibitions_get_no_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/synthetic");
    let e = engine();
    for file in [
        "ja/clean-explainer-ad-guideline.md",
        "ja/clean-explainer-limited-release.txt",
        "zh/explainer-adlaw-medical.txt",
        "zh/tw-explainer-medical-law86.txt",
    ] {
        let path = root.join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let got = e.check(&text, &CheckOptions::default());
        let errors: Vec<String> = got
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{} `{}`", d.rule, text.get(d.span.clone()).unwrap_or("")))
            .collect();
        assert!(
            errors.is_empty(),
            "errors in {file}:\n{}",
            errors.join("\n")
        );
    }
}

/// What a compliant clinic writes about its own treatment — the status (a filed plan, not an
/// approval), the cost, the main risks, who cannot have it, that results vary — is what the pack
/// asks for, so the rules alone (no voice gate to hide behind) must report none of it. A pack
/// change that reads "未经厚生劳动省认可" as an approval claim fails here.
#[test]
fn a_compliant_status_cost_and_risk_statement_reports_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compliant");
    let e = engine();
    let opts = CheckOptions {
        judge: claimlint::engine::JudgeOptions::OFF,
        ..CheckOptions::default()
    };
    for lang in ["ja", "zh", "en"] {
        let path = root.join(format!("status-cost-risks-{lang}.txt"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let got: Vec<String> = e
            .check(&text, &opts)
            .diagnostics
            .iter()
            .map(|d| format!("{} `{}`", d.rule, text.get(d.span.clone()).unwrap_or("")))
            .collect();
        assert!(got.is_empty(), "{lang}:\n{}", got.join("\n"));
    }
}

/// A list under a lead-in says what the lead-in says: the diseases under "not suitable for" are
/// reasons not to have the treatment, the same diseases under "we treat" are indications. Before
/// list items saw their lead-in, the first of each pair was reported as unapproved-indication
/// in every language.
#[test]
fn a_contraindication_list_is_not_an_indication_list() {
    let e = engine();
    let opts = CheckOptions {
        judge: claimlint::engine::JudgeOptions::OFF,
        ..CheckOptions::default()
    };
    let pairs = [
        (
            "以下の方は幹細胞点滴を受けられません：\n・がんの治療中の方\n・重い心臓病のある方\n・妊娠中の方\n",
            "当院の幹細胞点滴の対象となる方：\n・がんの治療中の方\n・重い心臓病のある方\n・糖尿病の方\n",
        ),
        (
            "以下人群不宜接受干细胞治疗：\n- 恶性肿瘤患者\n- 严重心脏病患者\n- 活动性感染者\n",
            "以下人群适合接受干细胞治疗：\n- 恶性肿瘤患者\n- 严重心脏病患者\n- 糖尿病患者\n",
        ),
        (
            "Stem cell injections are not suitable for patients with:\n- active cancer\n- severe heart disease\n- blood clotting disorders\n",
            "Our stem cell injections help patients with:\n- active cancer\n- severe heart disease\n- diabetes\n",
        ),
    ];
    let indications = |text: &str| -> Vec<String> {
        e.check(text, &opts)
            .diagnostics
            .iter()
            .filter(|d| d.category == Category::UnapprovedIndication)
            .map(|d| format!("{} `{}`", d.rule, text.get(d.span.clone()).unwrap_or("")))
            .collect()
    };
    for (contraindications, offer) in pairs {
        let got = indications(contraindications);
        assert!(got.is_empty(), "{contraindications}\n{}", got.join("\n"));
        assert!(
            !indications(offer).is_empty(),
            "{offer}: no indication reported"
        );
    }
}

/// The synthetic corpus pins the rules' mechanisms, so it is scored on the rules alone. Its labels
/// predate LABELING.md: it has no `incomplete-disclosure` label (that category is not scored here),
/// and it calls knee and joint pages clean where the guide makes them indications, so the
/// precision floor is 0.70, not 0.90: section-scope indications find more of the knee pages it
/// calls clean (0.75 until en.indication.musculoskeletal read whole sections and stopped taking a
/// US "not covered by insurance" as an excuse, late on 2026-12-07: 6 more such knee pages).
/// corpus/real is the measure (tests/library/real_corpus.rs).
#[test]
fn synthetic_corpus_quality_holds() {
    let e = engine();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/synthetic");
    let opts = claimlint::eval::EvalOptions {
        split: None,
        judge: claimlint::engine::JudgeOptions::OFF,
        ..Default::default()
    };
    let ev = claimlint::eval::evaluate_with(&e, &corpus, opts)
        .unwrap_or_else(|err| panic!("eval: {err}"));
    let table = ev.table(true);
    assert!(ev.documents >= 60, "corpus too small:\n{table}");
    let mut labelled = claimlint::eval::Counts::default();
    for (cat, c) in &ev.categories {
        if *cat == Category::IncompleteDisclosure {
            continue;
        }
        labelled.tp += c.tp;
        labelled.fp += c.fp;
        labelled.fn_ += c.fn_;
        assert!(
            c.precision() >= 0.70,
            "{cat} precision {:.3} < 0.70\n{table}",
            c.precision()
        );
    }
    assert!(
        labelled.f1() >= 0.90,
        "F1 {:.3} < 0.90 over the labelled categories\n{table}",
        labelled.f1()
    );
}

#[test]
fn docs_rules_md_is_generated_from_the_current_pack() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    let fresh = claimlint::explain::rules_markdown(engine().rules());
    assert!(
        current == fresh,
        "docs/rules.md is stale: run `cargo run -- rules docs > docs/rules.md`"
    );
}
