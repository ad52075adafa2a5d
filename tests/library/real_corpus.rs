//! The measure: the default pack and the committed judge on the `test` half of corpus/real
//! (documents modelled on real pages, split by site; nothing was tuned on them). The gates sit
//! 0.02 under the figures reached (README, docs/model.md), so a change that loses accuracy on
//! pages nobody wrote for us fails here. Also: the committed weights are fresh, and the judge
//! tells a news story about an enforcement case from the clinic's own page.

use claimlint::engine::{CheckOptions, Engine, JudgeOptions};
use claimlint::eval::{evaluate_with, load_labelled, EvalOptions, Evaluation, Split};
use claimlint::learned::train::{data_hash, Settings};
use claimlint::learned::Judge;
use claimlint::{Category, Lang};
use std::sync::OnceLock;

use crate::common::root;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let set = claimlint::load_rule_set(true, &[]).unwrap_or_else(|e| panic!("pack: {e}"));
        Engine::new(set).unwrap_or_else(|e| panic!("pack: {e}"))
    })
}

fn test_half(judge: JudgeOptions) -> Evaluation {
    test_half_of("corpus/real", judge)
}

fn test_half_of(corpus: &str, judge: JudgeOptions) -> Evaluation {
    let opts = EvalOptions {
        split: Some(Split::Test),
        judge,
        ..EvalOptions::default()
    };
    evaluate_with(engine(), &root().join(corpus), opts).unwrap_or_else(|e| panic!("eval: {e}"))
}

/// Asserts an evaluation's size and its overall floors; returns its table for further messages.
fn assert_floors(ev: &Evaluation, documents: usize, f1: f64, precision: f64, clean: f64) -> String {
    let table = ev.table(false);
    assert!(ev.documents >= documents, "too few documents:\n{table}");
    let o = ev.overall;
    assert!(o.f1() >= f1, "overall F1 {:.3} < {f1}\n{table}", o.f1());
    assert!(
        o.precision() >= precision,
        "precision {:.3} < {precision}\n{table}",
        o.precision()
    );
    assert!(
        ev.clean_fp_rate() <= clean,
        "clean documents flagged {:.3} > {clean}\n{table}",
        ev.clean_fp_rate()
    );
    table
}

fn full() -> &'static Evaluation {
    static EV: OnceLock<Evaluation> = OnceLock::new();
    EV.get_or_init(|| test_half(JudgeOptions::default()))
}

#[test]
fn the_test_half_keeps_its_figures() {
    let ev = full();
    let table = assert_floors(ev, 1000, 0.684, 0.787, 0.088);
    for (lang, floor) in [(Lang::Ja, 0.718), (Lang::Zh, 0.609), (Lang::En, 0.697)] {
        let f1 = ev.languages.get(&lang).map(|c| c.f1()).unwrap_or(0.0);
        assert!(f1 >= floor, "{lang} F1 {f1:.3} < {floor}\n{table}");
    }
    let disclosure = ev.categories.get(&Category::MissingDisclosure);
    assert!(
        disclosure.is_some_and(|c| c.f1() >= 0.775),
        "missing-disclosure\n{table}"
    );
}

/// The rules behind a gate that never errs (`eval --judge off --gate-by-label`): what the pack
/// does on advertisers' pages of sites it was not written from, apart from the voice model. Floors
/// 0.02 under 2026-12-08's figures (F1 0.786, precision 0.817, clean pages 6.5 %).
#[test]
fn the_rules_behind_a_perfect_gate_keep_their_figures() {
    let opts = EvalOptions {
        split: Some(Split::Test),
        judge: JudgeOptions::OFF,
        gate_by_label: true,
    };
    let ev = evaluate_with(engine(), &root().join("corpus/real"), opts)
        .unwrap_or_else(|e| panic!("eval: {e}"));
    assert_floors(&ev, 1000, 0.766, 0.797, 0.085);
}

/// The test half of corpus/voice: short pages chosen as hard voice cases (reporting pages that
/// read like ads, ads that read neutral), labelled for categories too since the late evening of
/// 2026-12-07. No rule was written from this half, and the judge trains its voice on the dev
/// half only.
#[test]
fn the_voice_corpus_test_half_keeps_its_figures() {
    let full = test_half_of("corpus/voice", JudgeOptions::default());
    let table = assert_floors(&full, 400, 0.630, 0.783, 0.084);
    assert_eq!(full.unlabelled, 0, "every corpus/voice entry is labelled");
    let rules_alone = test_half_of("corpus/voice", JudgeOptions::OFF);
    assert!(
        full.overall.f1() > rules_alone.overall.f1(),
        "the gate helps here too\n{table}"
    );
}

/// An entry without `expect` is labelled for its voice only: it is counted apart and not
/// scored, neither as a clean page nor against the categories its text commits.
#[test]
fn an_entry_without_expect_is_not_scored() {
    let t = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = t.path().join("ja");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for (file, text) in [
        ("claim.txt", "当院の幹細胞治療で糖尿病が完治します。\n"),
        ("voice-only.txt", "当院の幹細胞治療でがんが完治します。\n"),
        ("clean.txt", "再生医療の制度について解説します。\n"),
    ] {
        std::fs::write(dir.join(file), text).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(
        dir.join("manifest.yaml"),
        "language: ja\ndocuments:\n  - file: claim.txt\n    expect: [curative-claim]\n  - file: voice-only.txt\n    voice: advertiser\n  - file: clean.txt\n    expect: []\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let ev = evaluate_with(engine(), t.path(), EvalOptions::default())
        .unwrap_or_else(|e| panic!("eval: {e}"));
    assert_eq!((ev.documents, ev.unlabelled, ev.clean_documents), (2, 1, 1));
    let curative = ev
        .categories
        .get(&Category::CurativeClaim)
        .copied()
        .unwrap_or_default();
    assert_eq!((curative.tp, curative.fp), (1, 0), "{}", ev.table(true));
    assert!(ev
        .table(false)
        .contains("1 more labelled for their voice only"));
}

/// `--gate-by-label`: a document labelled `reporting` reports nothing, whatever its text; an
/// advertiser's document reports what the rules find.
#[test]
fn the_gate_by_label_silences_reporting_documents_only() {
    let t = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = t.path().join("ja");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    for file in ["ad.txt", "news.txt"] {
        std::fs::write(dir.join(file), "当院の幹細胞治療で糖尿病が完治します。\n")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(
        dir.join("manifest.yaml"),
        "language: ja\ndocuments:\n  - file: ad.txt\n    voice: advertiser\n    expect: [curative-claim]\n  - file: news.txt\n    voice: reporting\n    expect: []\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let eval = |gate_by_label| {
        let opts = EvalOptions {
            judge: JudgeOptions::OFF,
            gate_by_label,
            ..EvalOptions::default()
        };
        evaluate_with(engine(), t.path(), opts).unwrap_or_else(|e| panic!("eval: {e}"))
    };
    let curative = |ev: &Evaluation| {
        let c = ev
            .categories
            .get(&Category::CurativeClaim)
            .copied()
            .unwrap_or_default();
        (c.tp, c.fp)
    };
    let rules_alone = eval(false);
    assert_eq!(
        curative(&rules_alone),
        (1, 1),
        "{}",
        rules_alone.table(true)
    );
    let by_label = eval(true);
    assert_eq!(curative(&by_label), (1, 0), "{}", by_label.table(true));
    assert_eq!(by_label.clean_fp_rate(), 0.0);
}

#[test]
fn the_voice_gate_cuts_false_alarms_on_clean_pages() {
    let rules_alone = test_half(JudgeOptions::OFF);
    let gated = test_half(JudgeOptions {
        claims: false,
        ..JudgeOptions::default()
    });
    assert!(
        gated.clean_fp_rate() + 0.35 <= rules_alone.clean_fp_rate(),
        "gate {:.3} vs rules alone {:.3}",
        gated.clean_fp_rate(),
        rules_alone.clean_fp_rate()
    );
    assert!(gated.overall.f1() > rules_alone.overall.f1());
}

#[test]
fn the_committed_judge_weights_are_fresh() {
    let judge = Judge::embedded().unwrap_or_else(|| panic!("no embedded judge weights"));
    let dev = |dir: &str| load_labelled(&root().join(dir), Some(Split::Dev));
    let mut docs = dev("corpus/real").unwrap_or_else(|e| panic!("{e}"));
    docs.extend(dev("corpus/voice").unwrap_or_else(|e| panic!("{e}")));
    let hash =
        data_hash(root(), &docs, &Settings::default()).unwrap_or_else(|e| panic!("hash: {e}"));
    assert_eq!(
        judge.model().data_hash,
        hash,
        "models/judge.bin was trained on other documents or another default pack: run `cargo run --release --example train`"
    );
}

#[test]
fn the_judge_never_trains_on_the_test_half() {
    // The hash above covers dev documents only: a test document's change leaves it unchanged,
    // so test documents cannot be in the training data without this failing. Both corpora's dev
    // halves train the judge, so no site of the test half may be in either. (Two hosts of one
    // publisher are checked by corpus/real/check.py, which CI runs.)
    let test = load_labelled(&root().join("corpus/real"), Some(Split::Test))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut dev = load_labelled(&root().join("corpus/real"), Some(Split::Dev))
        .unwrap_or_else(|e| panic!("{e}"));
    dev.extend(
        load_labelled(&root().join("corpus/voice"), Some(Split::Dev))
            .unwrap_or_else(|e| panic!("{e}")),
    );
    for t in &test {
        let site = t.site.as_deref().unwrap_or("");
        assert!(
            dev.iter().all(|d| d.site.as_deref() != Some(site)),
            "site {site} is in both halves"
        );
    }
}

fn categories(file: &str) -> Vec<Category> {
    let path = root().join("tests/fixtures/judge").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let got = engine().check(&text, &CheckOptions::default());
    let mut cats: Vec<Category> = got.diagnostics.iter().map(|d| d.category).collect();
    cats.dedup();
    cats
}

#[test]
fn a_news_story_about_an_enforcement_case_reports_nothing() {
    assert_eq!(categories("news-enforcement.txt"), []);
}

#[test]
fn the_clinic_page_the_story_is_about_reports_what_it_claims() {
    let got = categories("clinic-page.txt");
    for c in [
        Category::UnapprovedIndication,
        Category::MissingDisclosure,
        Category::EfficacyRate,
        Category::SafetyGuarantee,
        Category::Superlative,
        Category::Testimonial,
    ] {
        assert!(got.contains(&c), "{c} missing from {got:?}");
    }
}

#[test]
fn the_judge_hears_the_reporter_in_the_story_and_the_advertiser_on_the_page() {
    let voice = |file: &str| {
        let path = root().join("tests/fixtures/judge").join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        engine()
            .check(&text, &CheckOptions::default())
            .voice
            .score
            .unwrap_or_else(|| panic!("{file} was not judged"))
    };
    let threshold = Judge::embedded()
        .map(|j| j.model().doc_voice)
        .unwrap_or(0.5);
    let (news, page) = (voice("news-enforcement.txt"), voice("clinic-page.txt"));
    assert!(news < threshold, "news voice {news:.3} >= {threshold}");
    assert!(page >= threshold, "clinic voice {page:.3} < {threshold}");
}
